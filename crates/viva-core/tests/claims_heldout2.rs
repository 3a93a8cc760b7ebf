//! Wrong claims in the right words, on a second held-out set (tests/data/claims-heldout2.toml),
//! written blind on 2026-12-01 after the first had been measured three times: the deck's model
//! answers, the scorer and the other sets unread (see its header). Never tuned on. The figures
//! are printed (`-- --nocapture`) and reported in BENCHMARKS.md; the bounds below are the
//! measured figures with a margin, so a change that loses ground fails.

mod common;

use common::{Set, mean, measure_held_out};

#[test]
fn wrong_claims_are_caught_on_a_second_held_out_set() {
    let f = measure_held_out(&Set::parse(include_str!("data/claims-heldout2.toml")));
    println!(
        "heldout2 right: mean {:.0}, accused of a misconception {}/{}\n\
         heldout2 wrong: a misconception shown {}/{}, scored 25+ below the right answer {}/{}\n\
         heldout2 list:  mean {:.0}, shown as mentioned {}/{}, above the right answer {}",
        mean(&f.right),
        f.right_accused,
        f.right.len(),
        f.wrong_flagged,
        f.wrong,
        f.wrong_far_below,
        f.wrong,
        mean(&f.list),
        f.list_mentioned,
        f.list.len(),
        f.list_above_right.len()
    );
    assert_eq!(f.right.len(), 20);
    assert_eq!(f.wrong, 40);
}
