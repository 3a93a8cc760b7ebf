//! All decks a user can practise: the built-in ones and their own, from a folder.

use std::path::{Path, PathBuf};

use crate::builtin;
use crate::deck::{Deck, DeckError, Question};

/// Decks available to practise, built-in first.
#[derive(Debug, Clone, Default)]
pub struct Library {
    pub decks: Vec<Deck>,
    /// User deck files that could not be loaded; shown to the user, never fatal.
    pub broken: Vec<DeckError>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LookupError {
    #[error("no deck {id:?}{}", suggest(.suggestions))]
    NoDeck {
        id: String,
        suggestions: Vec<String>,
    },
    #[error("no question {id:?}{}", suggest(.suggestions))]
    NoQuestion {
        id: String,
        suggestions: Vec<String>,
    },
    #[error("question id {id:?} is in several decks ({}); name one as DECK/QUESTION", .decks.join(", "))]
    Ambiguous { id: String, decks: Vec<String> },
}

fn suggest(s: &[String]) -> String {
    if s.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", s.join(", "))
    }
}

impl Library {
    /// The built-in decks plus every `*.toml` in `user_dir` (if it exists). A user deck with the
    /// same id as a built-in one is reported as broken rather than silently shadowing it.
    pub fn load(user_dir: Option<&Path>) -> Library {
        let mut lib = Library {
            decks: builtin::decks().expect("built-in decks are validated by tests"),
            broken: Vec::new(),
        };
        let Some(dir) = user_dir else { return lib };
        for path in deck_files(dir) {
            match Deck::load(&path) {
                Ok(deck) if lib.deck(&deck.id).is_some() => lib.broken.push(DeckError {
                    file: path,
                    problems: vec![crate::deck::Problem {
                        line: 1,
                        column: 1,
                        message: format!("a deck with id {:?} already exists", deck.id),
                        hint: "give this deck its own id".into(),
                    }],
                }),
                Ok(deck) => lib.decks.push(deck),
                Err(e) => lib.broken.push(e),
            }
        }
        lib
    }

    pub fn deck(&self, id: &str) -> Option<&Deck> {
        self.decks.iter().find(|d| d.id == id)
    }

    pub fn find_deck(&self, id: &str) -> Result<&Deck, LookupError> {
        self.deck(id).ok_or_else(|| LookupError::NoDeck {
            id: id.into(),
            suggestions: closest(id, self.decks.iter().map(|d| d.id.as_str())),
        })
    }

    /// Finds a question by id, or by "deck/question" when ids repeat across decks.
    pub fn find_question(&self, id: &str) -> Result<(&Deck, &Question), LookupError> {
        if let Some((deck_id, qid)) = id.split_once('/') {
            let deck = self.find_deck(deck_id)?;
            return deck
                .question(qid)
                .map(|q| (deck, q))
                .ok_or_else(|| LookupError::NoQuestion {
                    id: id.into(),
                    suggestions: closest(qid, deck.questions.iter().map(|q| q.id.as_str()))
                        .into_iter()
                        .map(|s| format!("{deck_id}/{s}"))
                        .collect(),
                });
        }
        let hits: Vec<(&Deck, &Question)> = self
            .decks
            .iter()
            .filter_map(|d| d.question(id).map(|q| (d, q)))
            .collect();
        match hits.len() {
            1 => Ok(hits[0]),
            0 => Err(LookupError::NoQuestion {
                id: id.into(),
                suggestions: closest(
                    id,
                    self.decks
                        .iter()
                        .flat_map(|d| d.questions.iter().map(|q| q.id.as_str())),
                ),
            }),
            _ => Err(LookupError::Ambiguous {
                id: id.into(),
                decks: hits.iter().map(|(d, _)| d.id.clone()).collect(),
            }),
        }
    }
}

/// `*.toml` files directly in `dir`, sorted so load order (and error order) is stable.
pub fn deck_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Up to three candidates that look like `wanted`, best first.
pub fn closest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut scored: Vec<(f64, &str)> = candidates
        .map(|c| {
            // Jaro-Winkler favours shared prefixes ("mutable-" for "mutable-defaults"); edit
            // distance catches typos in short ids ("gli" for "gil").
            let s = strsim::jaro_winkler(wanted, c)
                .max(strsim::normalized_damerau_levenshtein(wanted, c))
                .max(if c.contains(wanted) || wanted.contains(c) {
                    0.9
                } else {
                    0.0
                });
            (s, c)
        })
        .filter(|(s, _)| *s >= 0.65)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored
        .into_iter()
        .take(3)
        .map(|(_, c)| c.to_string())
        .collect()
}
