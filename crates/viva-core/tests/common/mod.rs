//! The answer sets in tests/data, as the scoring tests read and score them.
// Each test binary uses part of this module.
#![allow(dead_code)]

use serde::Deserialize;
use viva_core::score::Coverage;
use viva_core::{Deck, Transcript, builtin, score};

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
