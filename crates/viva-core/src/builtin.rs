//! Decks compiled into the binary, so Viva works with nothing but itself installed.

use crate::deck::{Deck, DeckError};

/// (file name, contents) of every built-in deck.
pub const SOURCES: &[(&str, &str)] = &[(
    "questions/python-interview.toml",
    include_str!("../../../questions/python-interview.toml"),
)];

/// All built-in decks, parsed. They are checked by tests, so an error here is a build mistake.
pub fn decks() -> Result<Vec<Deck>, DeckError> {
    SOURCES
        .iter()
        .map(|(name, src)| Deck::from_toml(src, *name))
        .collect()
}
