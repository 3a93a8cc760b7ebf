//! The scorer must order answers the way an interviewer would, on answers written independently
//! of the deck (see the header of tests/data/heldout-answers.toml).

use std::collections::BTreeMap;

mod common;

use common::{Set, deck, scored};

fn rank(level: &str) -> u8 {
    match level {
        "strong" => 2,
        "partial" => 1,
        "weak" => 0,
        other => panic!("unknown level {other:?}"),
    }
}

#[test]
fn strong_beats_partial_beats_weak_on_held_out_answers() {
    let set = Set::parse(include_str!("data/heldout-answers.toml"));
    let deck = deck();
    let mut by_question: BTreeMap<&str, Vec<(u8, u32, &str)>> = BTreeMap::new();
    // No strong answer may be told it said something wrong (issue 14).
    let mut strong_accused = Vec::new();
    for a in &set.answers {
        let scored = scored(&deck, a);
        let s = scored.score;
        if a.level == "strong" {
            let accused: Vec<_> = scored
                .concepts
                .iter()
                .filter_map(|c| c.misconception.as_ref().map(|m| (&c.name, &m.heard)))
                .collect();
            if !accused.is_empty() {
                strong_accused.push(format!("{}: {accused:?}", a.question));
            }
        }
        by_question
            .entry(&a.question)
            .or_default()
            .push((rank(&a.level), s, &a.text));
    }
    assert_eq!(
        by_question.len(),
        deck.questions.len(),
        "every question has held-out answers"
    );
    assert!(
        strong_accused.is_empty(),
        "strong answers accused of a misconception:\n{}",
        strong_accused.join("\n")
    );

    let (mut pairs, mut right) = (0, 0);
    let mut report = String::new();
    for (q, answers) in &by_question {
        let mut wrong_here = Vec::new();
        for a in answers {
            for b in answers {
                if a.0 > b.0 {
                    pairs += 1;
                    if a.1 > b.1 {
                        right += 1;
                    } else {
                        wrong_here.push(format!(
                            "{}={} vs {}={}",
                            level_name(a.0),
                            a.1,
                            level_name(b.0),
                            b.1
                        ));
                    }
                }
            }
        }
        let scores: Vec<String> = answers
            .iter()
            .map(|a| format!("{}:{}", &level_name(a.0)[..1], a.1))
            .collect();
        report.push_str(&format!(
            "{q:<36} {}  {}\n",
            scores.join(" "),
            wrong_here.join("; ")
        ));
    }
    let share = right as f64 / pairs as f64;
    println!(
        "{report}ordered correctly: {right}/{pairs} = {:.1}%",
        share * 100.0
    );
    assert!(
        share >= 0.95,
        "only {:.1}% of pairs ordered correctly (need 95%):\n{report}",
        share * 100.0
    );
}

fn level_name(r: u8) -> &'static str {
    ["weak", "partial", "strong"][r as usize]
}
