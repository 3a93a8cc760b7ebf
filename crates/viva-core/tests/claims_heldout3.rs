//! Wrong claims in the right words, on a third held-out set (tests/data/claims-heldout3.toml),
//! written blind on 2026-12-01 (see its header) after the second set's failing questions had
//! been printed once. Never tuned on, and nothing about single answers is ever printed: only the
//! totals (`-- --nocapture`), reported in BENCHMARKS.md. The bounds are the first measured
//! figures with a margin, so a change that loses ground fails.

mod common;

use common::{Set, measure_held_out};

#[test]
fn wrong_claims_are_caught_on_a_third_held_out_set() {
    let f = measure_held_out(&Set::parse(include_str!("data/claims-heldout3.toml")));
    f.print("heldout3 ");
    assert_eq!(f.right.len(), 20);
    assert_eq!(f.wrong, 40);
    assert_eq!(f.list.len(), 20);
    // Measured 2026-12-01 on first reading (after the dev4 rounds): accused 0/20, flagged
    // 28/40, 25+ below 32/40, lists above their right answer 0/20.
    assert_eq!(
        f.right_accused, 0,
        "right answers accused of a misconception"
    );
    assert!(
        f.wrong_flagged >= 26,
        "wrong claims flagged: {}/40",
        f.wrong_flagged
    );
    assert!(
        f.wrong_far_below >= 30,
        "wrong 25+ below right: {}/40",
        f.wrong_far_below
    );
    assert_eq!(
        f.list_above_right.len(),
        0,
        "keyword lists above their right answer"
    );
}
