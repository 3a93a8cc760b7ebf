//! The answer sets in tests/data, as the scoring tests read and score them.
// Each test binary uses part of this module.
#![allow(dead_code)]

use serde::Deserialize;
use viva_core::score::Coverage;
use viva_core::{Deck, Transcript, Verdict, builtin, score};

#[derive(Deserialize)]
pub struct Set {
    pub answers: Vec<Answer>,
}

#[derive(Deserialize)]
pub struct Answer {
    pub question: String,
    pub level: String,
    /// For a wrong answer: what it gets wrong.
    #[serde(default)]
    pub error: String,
    pub text: String,
}

/// The built-in deck.
pub fn deck() -> Deck {
    builtin::decks().unwrap().remove(0)
}

impl Set {
    pub fn parse(source: &str) -> Set {
        toml::from_str(source).expect("a valid answer set")
    }

    /// The score of the set's `right` answer to `question`.
    pub fn right_score(&self, deck: &Deck, question: &str) -> u32 {
        self.answers
            .iter()
            .find(|r| r.question == question && r.level == "right")
            .map(|r| scored(deck, r).score)
            .unwrap_or_else(|| panic!("no right answer for {question}"))
    }
}

/// `a` scored as typed against its question of `deck`.
pub fn scored(deck: &Deck, a: &Answer) -> Coverage {
    let q = deck
        .question(&a.question)
        .unwrap_or_else(|| panic!("an answer for unknown question {}", a.question));
    score(q, &Transcript::from_text(&a.text))
}

/// What a development set of right, wrong and keyword-list answers shows (claims_dev2.rs,
/// claims_dev3.rs): a wrong answer is caught when a misconception is shown AND it scores 25+
/// below the right answer to its question.
pub struct DevFigures {
    pub right: usize,
    /// Right answers shown a misconception, with what was shown.
    pub accused: Vec<String>,
    pub wrong: usize,
    pub caught: usize,
    pub lists: usize,
    /// Keyword lists that scored above the right answer to their question.
    pub lists_above: Vec<String>,
}

/// Scores every answer of `set` and prints, per answer, what was shown (`-- --nocapture`),
/// then the totals under `name`.
pub fn measure_dev_set(name: &str, set: &Set) -> DevFigures {
    let deck = deck();
    let mut f = DevFigures {
        right: 0,
        accused: Vec::new(),
        wrong: 0,
        caught: 0,
        lists: 0,
        lists_above: Vec::new(),
    };
    let (mut flagged, mut far_below, mut list_total, mut right_total) = (0, 0, 0, 0);
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
                f.right += 1;
                right_total += c.score;
                println!("right  {:<34} {:>3}", a.question, c.score);
                if !shown.is_empty() {
                    println!("       ACCUSED: {shown:?}");
                    f.accused.push(format!("{}: {shown:?}", a.question));
                }
            }
            "wrong" => {
                f.wrong += 1;
                let r = set.right_score(&deck, &a.question);
                let is_flagged = !shown.is_empty();
                let is_below = c.score + 25 <= r;
                flagged += usize::from(is_flagged);
                far_below += usize::from(is_below);
                let is_caught = is_flagged && is_below;
                f.caught += usize::from(is_caught);
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
                f.lists += 1;
                list_total += c.score;
                let r = set.right_score(&deck, &a.question);
                println!("list   {:<34} {:>3} vs {:>3}", a.question, c.score, r);
                if c.score > r {
                    f.lists_above
                        .push(format!("{}: {} > {r}", a.question, c.score));
                }
            }
            other => panic!("unknown level {other:?}"),
        }
    }
    println!(
        "{name}: right answers accused {}/{}; wrong answers caught {}/{} \
         (a misconception shown {flagged}, scored 25+ below the right answer {far_below}); \
         mean score: right {}, keyword list {}",
        f.accused.len(),
        f.right,
        f.caught,
        f.wrong,
        right_total / f.right.max(1) as u32,
        list_total / f.lists.max(1) as u32
    );
    f
}

/// What a held-out set of 20 right, 40 wrong and 20 keyword-list answers shows
/// (claims_heldout.rs, claims_heldout2.rs).
pub struct HeldOutFigures {
    pub right: Vec<u32>,
    pub right_accused: usize,
    pub wrong: usize,
    pub wrong_flagged: usize,
    pub wrong_far_below: usize,
    pub list: Vec<u32>,
    pub list_mentioned: usize,
    /// Keyword lists that scored above the right answer to their question.
    pub list_above_right: Vec<String>,
}

/// Scores every answer of a held-out `set`. Prints nothing: which answers failed, or the words
/// a right one was accused for, would tell whoever reads the output what to tune for.
pub fn measure_held_out(set: &Set) -> HeldOutFigures {
    let deck = deck();
    let mut f = HeldOutFigures {
        right: Vec::new(),
        right_accused: 0,
        wrong: 0,
        wrong_flagged: 0,
        wrong_far_below: 0,
        list: Vec::new(),
        list_mentioned: 0,
        list_above_right: Vec::new(),
    };
    for a in &set.answers {
        let c = scored(&deck, a);
        let has = |v: Verdict| c.concepts.iter().any(|r| r.verdict() == v);
        match a.level.as_str() {
            "right" => {
                f.right.push(c.score);
                if has(Verdict::Misconception) {
                    f.right_accused += 1;
                }
            }
            "wrong" => {
                f.wrong += 1;
                let right = set.right_score(&deck, &a.question);
                if has(Verdict::Misconception) {
                    f.wrong_flagged += 1;
                }
                if c.score + 25 <= right {
                    f.wrong_far_below += 1;
                }
            }
            "list" => {
                f.list.push(c.score);
                let right = set.right_score(&deck, &a.question);
                if c.score > right {
                    f.list_above_right
                        .push(format!("{} ({} > {right})", a.question, c.score));
                }
                if has(Verdict::Mentioned) {
                    f.list_mentioned += 1;
                }
            }
            other => panic!("unknown level {other:?}"),
        }
    }
    f
}

pub fn mean(v: &[u32]) -> f64 {
    v.iter().map(|&s| f64::from(s)).sum::<f64>() / v.len().max(1) as f64
}

impl DevFigures {
    /// What every development set must hold: its shape (one right answer, three wrong and one
    /// keyword list per question), no right answer accused, no list above its right answer,
    /// and at least `caught_at_least` wrong answers caught.
    pub fn assert_holds(&self, name: &str, caught_at_least: usize) {
        assert_eq!(self.right, 20, "one right answer per question");
        assert_eq!(self.wrong, 60, "three wrong answers per question");
        assert_eq!(self.lists, 20, "one keyword list per question");
        assert!(
            self.accused.is_empty(),
            "right answers accused of a misconception:\n{}",
            self.accused.join("\n")
        );
        assert!(
            self.lists_above.is_empty(),
            "keyword lists above their right answer:\n{}",
            self.lists_above.join("\n")
        );
        assert!(
            self.caught >= caught_at_least,
            "{name} wrong answers caught: {}/{}, expected at least {caught_at_least}",
            self.caught,
            self.wrong
        );
    }
}

impl HeldOutFigures {
    /// Prints the totals (`-- --nocapture`), each line led by `label`; never the answers.
    pub fn print(&self, label: &str) {
        println!(
            "{label}right: mean {:.0}, accused of a misconception {}/{}\n\
             {label}wrong: a misconception shown {}/{}, scored 25+ below the right answer {}/{}\n\
             {label}list:  mean {:.0}, shown as mentioned {}/{}, above the right answer {}",
            mean(&self.right),
            self.right_accused,
            self.right.len(),
            self.wrong_flagged,
            self.wrong,
            self.wrong_far_below,
            self.wrong,
            mean(&self.list),
            self.list_mentioned,
            self.list.len(),
            self.list_above_right.len()
        );
    }
}
