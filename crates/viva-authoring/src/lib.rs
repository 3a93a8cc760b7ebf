//! Writing decks: concept suggestions from a model answer, a draft deck from Markdown notes,
//! and deck files written and edited without losing what their author wrote in them. The app's
//! deck editor and `viva decks new` both call this.

pub mod document;
pub mod notes;
pub mod suggest;
