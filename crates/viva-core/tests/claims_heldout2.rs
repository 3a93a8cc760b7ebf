//! Wrong claims in the right words, on a second held-out set (tests/data/claims-heldout2.toml),
//! written blind on 2026-12-01 after the first had been measured three times: the deck's model
//! answers, the scorer and the other sets unread (see its header). Never tuned on. The figures
//! are printed (`-- --nocapture`) and reported in BENCHMARKS.md; the bounds below are the
//! measured figures with a margin, so a change that loses ground fails.

mod common;

use common::{Set, measure_held_out};

#[test]
fn wrong_claims_are_caught_on_a_second_held_out_set() {
    let f = measure_held_out(&Set::parse(include_str!("data/claims-heldout2.toml")));
    f.print("heldout2 ");
    assert_eq!(f.right.len(), 20);
    assert_eq!(f.wrong, 40);
    // Measured 2026-12-01 on first reading, before any tuning round since it was written:
    // accused 2/20, flagged 28/40, 25+ below 32/40, lists above their right answer 2/20. Once
    // more after the dev4 round (versions, spoken numbers, verb agreement): accused 2/20,
    // flagged 29/40, 25+ below 32/40, lists above 2/20. Two right answers accused and two lists
    // above their right answer are failures of the scorer on unseen answers, kept as they are
    // (reading them would end this set's use as a held-out measure); the bounds stop them
    // growing.
    assert!(
        f.right_accused <= 2,
        "right answers accused: {}/20",
        f.right_accused
    );
    assert!(
        f.wrong_flagged >= 27,
        "wrong claims flagged: {}/40",
        f.wrong_flagged
    );
    assert!(
        f.wrong_far_below >= 31,
        "wrong 25+ below right: {}/40",
        f.wrong_far_below
    );
    assert!(
        f.list_above_right.len() <= 2,
        "lists above the right answer: {}",
        f.list_above_right.len()
    );
}
