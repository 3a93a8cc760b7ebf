//! Wrong claims in the right words, on the fourth development set (tests/data/claims-dev4.toml),
//! written fresh by a fourth author, blind to the deck, the scorer and the other sets, once the
//! first three development sets had been tuned on. It is tuned on too; the held-out sets stay
//! the honest measure. `cargo test -p viva-core --test claims_dev4 -- --nocapture` prints, for
//! every wrong answer, whether it is caught (a misconception shown AND scored 25+ below the right
//! answer to its question), and the score of each bare keyword list beside its right answer; the
//! bounds below are the measured figures with a small margin, so a change that loses ground fails.

mod common;

use common::{Set, measure_dev_set};

#[test]
fn dev4_wrong_claims_are_caught_and_right_answers_are_not_accused() {
    let set = Set::parse(include_str!("data/claims-dev4.toml"));
    let f = measure_dev_set("dev4", &set);
    // Measured before tuning on this set: caught 40/60 (a misconception shown 40, 25+ below
    // 56), none accused, lists 44 on average against 98, none above. After general rules only
    // (versions bound to the versioned point they are said of; "three point ten" and "order n"
    // read as written; "are" agreeing with "is"; a pronoun after a leading "but" carrying the
    // subject over), no deck phrases: 45/60 (45, 56), none accused, lists 43, none above.
    // Then claims said of a pair given to each subject ("both star args and kwargs gather the
    // keyword arguments") and comparisons read both ways ("threads are faster than processes for
    // CPU-bound work"), general rules again: 47/60 (47, 56), none accused.
    // Then a focus word inside a claim read past ("return also only exits", "super just calls
    // the immediate parent"), an object pronoun after a claim's words referring it back to its
    // subject ("but you can still add elements to it"), and an object pronoun after a verb
    // read as the passive claim ("copies it for each instance"), general rules again: 51/60
    // (51, 58), none accused, lists 43, none above.
    // Tuned on, so optimistic: the held-out set is the honest measure.
    const CAUGHT_AT_LEAST: usize = 49;
    f.assert_holds("dev4", CAUGHT_AT_LEAST);
}
