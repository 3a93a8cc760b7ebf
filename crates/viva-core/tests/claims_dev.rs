//! Wrong claims in the right words, on the development set (tests/data/claims-dev.toml): the set
//! the deck's misconceptions are tuned on, unlike tests/data/claims-heldout.toml, which is never
//! read while tuning. `cargo test -p viva-core --test claims_dev -- --nocapture` prints, for
//! every wrong answer, whether it is caught (a misconception shown, or scored 25+ below the
//! right answer to its question) and with what; the bounds below are the measured figures with a
//! small margin, so a deck change that loses ground fails.

mod common;

use common::{Set, deck, scored};
use viva_core::Verdict;

#[test]
fn dev_wrong_claims_are_caught_and_right_answers_are_not_accused() {
    let set = Set::parse(include_str!("data/claims-dev.toml"));
    let deck = deck();

    let (mut right, mut accused) = (0, Vec::new());
    let (mut wrong, mut flagged, mut far_below, mut caught) = (0, 0, 0, 0);
    for a in &set.answers {
        let c = scored(&deck, a);
        let shown: Vec<String> = c
            .concepts
            .iter()
            .filter(|r| r.verdict() == Verdict::Misconception)
            .filter_map(|r| {
                r.misconception
                    .as_ref()
                    .map(|m| format!("{} [{}: {:?}]", r.name, m.how, m.heard))
            })
            .collect();
        match a.level.as_str() {
            "right" => {
                right += 1;
                println!("right  {:<34} {:>3}", a.question, c.score);
                if !shown.is_empty() {
                    println!("       ACCUSED: {shown:?}");
                    accused.push(format!("{}: {shown:?}", a.question));
                }
            }
            "wrong" => {
                wrong += 1;
                let r = set.right_score(&deck, &a.question);
                let is_flagged = !shown.is_empty();
                let is_below = c.score + 25 <= r;
                flagged += usize::from(is_flagged);
                far_below += usize::from(is_below);
                let is_caught = is_flagged || is_below;
                caught += usize::from(is_caught);
                println!(
                    "{} {:<34} {:>3} vs {:>3}  {}",
                    if is_caught { "caught" } else { "MISSED" },
                    a.question,
                    c.score,
                    r,
                    a.error
                );
                for s in &shown {
                    println!("       {s}");
                }
            }
            other => panic!("unknown level {other:?}"),
        }
    }
    println!(
        "dev: right answers accused {}/{right}; wrong answers caught {caught}/{wrong} \
         (a misconception shown {flagged}, scored 25+ below the right answer {far_below})",
        accused.len()
    );
    assert_eq!(right, 20, "one right answer per question");
    assert_eq!(wrong, 60, "three wrong answers per question");
    assert!(
        accused.is_empty(),
        "right answers accused of a misconception:\n{}",
        accused.join("\n")
    );
    // Measured when the deck was tuned on this set: caught 58/60 (a misconception shown 57, 25+
    // below 43; the deck before tuning caught 30/60: 19 and 27). The two left: a static method said to reach
    // the instance "through self" in a sentence that names it only as "it", and "d1 pipe d2 ...
    // It updates d1 in place", which the same answer's true "d1 dot update" outweighs.
    // Re-measured after tuning on the second development set (tests/claims_dev2.rs) with
    // general rules rather than phrases from this one: 59/60 (shown 58, 25+ below 59); the
    // pipe operator said to update d1 in place is now caught by a misconception bound to it.
    const CAUGHT_AT_LEAST: usize = 57;
    assert!(
        caught >= CAUGHT_AT_LEAST,
        "dev wrong answers caught: {caught}/{wrong}, expected at least {CAUGHT_AT_LEAST}"
    );
}
