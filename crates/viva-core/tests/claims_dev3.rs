//! Wrong claims in the right words, on the third development set (tests/data/claims-dev3.toml),
//! written fresh by a third author, blind to the deck and the scorer, once the first two
//! development sets had been tuned on. It is tuned on too; tests/data/claims-heldout.toml stays
//! the honest measure. `cargo test -p viva-core --test claims_dev3 -- --nocapture` prints, for
//! every wrong answer, whether it is caught (a misconception shown AND scored 25+ below the right
//! answer to its question), and the score of each bare keyword list beside its right answer; the
//! bounds below are the measured figures with a small margin, so a change that loses ground fails.

mod common;

use common::{Set, deck, scored};
use viva_core::Verdict;

#[test]
fn dev3_wrong_claims_are_caught_and_right_answers_are_not_accused() {
    let set = Set::parse(include_str!("data/claims-dev3.toml"));
    let deck = deck();

    let (mut right, mut accused) = (0, Vec::new());
    let (mut wrong, mut flagged, mut far_below, mut caught) = (0, 0, 0, 0);
    let (mut lists, mut list_total, mut right_total, mut lists_above) = (0, 0, 0, Vec::new());
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
                right_total += c.score;
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
                let is_caught = is_flagged && is_below;
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
            "list" => {
                lists += 1;
                list_total += c.score;
                let r = set.right_score(&deck, &a.question);
                println!("list   {:<34} {:>3} vs {:>3}", a.question, c.score, r);
                if c.score > r {
                    lists_above.push(format!("{}: {} > {r}", a.question, c.score));
                }
            }
            other => panic!("unknown level {other:?}"),
        }
    }
    println!(
        "dev3: right answers accused {}/{right}; wrong answers caught {caught}/{wrong} \
         (a misconception shown {flagged}, scored 25+ below the right answer {far_below}); \
         mean score: right {}, keyword list {}",
        accused.len(),
        right_total / right.max(1),
        list_total / lists.max(1)
    );
    assert_eq!(right, 20, "one right answer per question");
    assert_eq!(wrong, 60, "three wrong answers per question");
    assert_eq!(lists, 20, "one keyword list per question");
    assert!(
        accused.is_empty(),
        "right answers accused of a misconception:\n{}",
        accused.join("\n")
    );
    assert!(
        lists_above.is_empty(),
        "keyword lists above their right answer:\n{}",
        lists_above.join("\n")
    );
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
    assert!(
        caught >= CAUGHT_AT_LEAST,
        "dev3 wrong answers caught: {caught}/{wrong}, expected at least {CAUGHT_AT_LEAST}"
    );
}
