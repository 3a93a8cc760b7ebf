//! Wrong claims in the right words, on the third development set (tests/data/claims-dev3.toml),
//! written fresh by a third author, blind to the deck and the scorer, once the first two
//! development sets had been tuned on. It is tuned on too; tests/data/claims-heldout.toml stays
//! the honest measure. `cargo test -p viva-core --test claims_dev3 -- --nocapture` prints, for
//! every wrong answer, whether it is caught (a misconception shown AND scored 25+ below the right
//! answer to its question), and the score of each bare keyword list beside its right answer; the
//! bounds below are the measured figures with a small margin, so a change that loses ground fails.

mod common;

use common::{Set, measure_dev_set};

#[test]
fn dev3_wrong_claims_are_caught_and_right_answers_are_not_accused() {
    let set = Set::parse(include_str!("data/claims-dev3.toml"));
    let f = measure_dev_set("dev3", &set);
    // Measured: before tuning on this set, caught 37/60 (a misconception shown 38, 25+ below
    // 47), none accused, lists 46 on average against 98, none above. After general rules
    // (ordinal references, "the first one ... the second one", "the former ... the latter",
    // point at the subjects a sentence named; hedges such as "basically" and "actually" are
    // read past; a subject-bound misconception in a clause of its own binds to its sentence's
    // only subject) and subject-bound misconceptions in the deck: 58/60 (59, 58), none
    // accused, lists 46 against 98, none above. Left: a list default said to be copied per
    // instance (shown, but 22 below, not 25), and bytearray listed with the immutable types in
    // a sentence that says nothing else wrong (no form says it without accusing strong
    // answers that list the immutable types and then bytearray). Tuned on, so optimistic:
    // the held-out set is the honest measure.
    const CAUGHT_AT_LEAST: usize = 56;
    f.assert_holds("dev3", CAUGHT_AT_LEAST);
}
