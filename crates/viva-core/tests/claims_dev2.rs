//! Wrong claims in the right words, on the second development set (tests/data/claims-dev2.toml),
//! written fresh, before reading the deck's aliases and misconceptions, once the first
//! development set had been tuned on. It is tuned on too; tests/data/claims-heldout.toml stays
//! the honest measure. `cargo test -p viva-core --test claims_dev2 -- --nocapture` prints, for
//! every wrong answer, whether it is caught (a misconception shown AND scored 25+ below the right
//! answer to its question), and the score of each bare keyword list beside its right answer; the
//! bounds below are the measured figures with a small margin, so a change that loses ground fails.

mod common;

use common::{Set, measure_dev_set};

#[test]
fn dev2_wrong_claims_are_caught_and_right_answers_are_not_accused() {
    let set = Set::parse(include_str!("data/claims-dev2.toml"));
    let f = measure_dev_set("dev2", &set);
    // Measured: before tuning on this set, caught 35/60 (a misconception shown 37, 25+ below
    // 50), 2 right answers accused, lists 46 on average against 93, two lists above their right
    // answer. After (general rules for lists, negations, contrasts and clause-bound subjects,
    // and misconceptions bound to the subject they are wrong of): caught 60/60 (60 and 60), none
    // accused, lists 46 against 97, none above. Tuned on, so optimistic: the held-out set is
    // the honest measure.
    const CAUGHT_AT_LEAST: usize = 57;
    f.assert_holds("dev2", CAUGHT_AT_LEAST);
}
