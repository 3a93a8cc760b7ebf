//! The user's own decks: drafted from notes, opened from anywhere, edited, duplicated from a
//! built-in one, exported. Every deck written here is validated first and lands in the data
//! folder's `decks/` as `ID.toml`; an edited file keeps its author's comments.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use viva_authoring::document;
use viva_core::library::deck_files;
use viva_core::{Deck, DeliveryTargets, Question, builtin};

use crate::{DataDir, PracticeError};

pub use viva_authoring::suggest::Suggestion;

/// Key phrases of a model answer, offered as concepts (the author accepts, edits or drops each).
pub fn suggest_concepts(model_answer: &str) -> Vec<Suggestion> {
    viva_authoring::suggest::suggest(model_answer, 10)
}

/// A deck file of the user's, where it is.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SavedDeck {
    pub deck: Deck,
    pub path: PathBuf,
}

/// A deck opened for editing: built-in ones cannot be saved (duplicate them first).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EditableDeck {
    pub deck: Deck,
    pub built_in: bool,
    /// The file of a user's deck.
    pub path: Option<PathBuf>,
}

/// A problem in a deck being edited, at the field that causes it (`questions.2.concepts.0.name`,
/// as the editor names its fields), or at the deck when no field is to blame.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FieldProblem {
    pub field: Option<String>,
    pub message: String,
    pub hint: String,
    /// A warning (the model answer misses one of its concepts) does not stop saving.
    pub warning: bool,
}

/// The user's deck files, by deck id.
fn user_decks(data: &DataDir) -> Vec<(PathBuf, Deck)> {
    deck_files(&data.decks_dir())
        .into_iter()
        .filter_map(|p| Deck::load(&p).ok().map(|d| (p, d)))
        .collect()
}

/// Refuses an id that a built-in deck or another of the user's files has (`own` is the file
/// being saved, which may keep its id).
fn check_id_free(data: &DataDir, id: &str, own: Option<&Path>) -> Result<(), PracticeError> {
    if builtin::decks()?.iter().any(|d| d.id == id) {
        return Err(PracticeError::DeckExists {
            id: id.into(),
            where_: "a built-in deck".into(),
        });
    }
    if let Some((path, _)) = user_decks(data)
        .into_iter()
        .find(|(p, d)| d.id == id && Some(p.as_path()) != own)
    {
        return Err(PracticeError::DeckExists {
            id: id.into(),
            where_: path.display().to_string(),
        });
    }
    Ok(())
}

/// Writes `source` as the deck file `id.toml` in the data folder, after reading it back as a
/// deck; the file is written whole or not at all.
fn write_deck(data: &DataDir, id: &str, source: &str) -> Result<SavedDeck, PracticeError> {
    let dir = data.decks_dir();
    let path = dir.join(format!("{id}.toml"));
    let deck = Deck::from_toml(source, &path)?;
    let io = |source| PracticeError::Io {
        path: path.clone(),
        source,
    };
    std::fs::create_dir_all(&dir).map_err(io)?;
    let partial = dir.join(format!(".{id}.toml.partial"));
    std::fs::write(&partial, source).map_err(io)?;
    std::fs::rename(&partial, &path).map_err(io)?;
    Ok(SavedDeck { deck, path })
}

/// Drafts a deck from Markdown notes (see `viva_authoring::notes`) and saves it.
pub fn new_from_notes(
    data: &DataDir,
    notes: &Path,
    id: Option<&str>,
    title: Option<&str>,
) -> Result<SavedDeck, PracticeError> {
    let deck = viva_authoring::notes::deck_from_file(notes, id, title)?;
    check_id_free(data, &deck.id, None)?;
    write_deck(data, &deck.id, &document::to_toml(&deck))
}

/// Copies a deck file from anywhere into the data folder, once it validates and its id is free.
/// The file is copied as it is, comments and all.
pub fn open_deck_file(data: &DataDir, file: &Path) -> Result<SavedDeck, PracticeError> {
    if file.extension().is_none_or(|e| e != "toml") {
        return Err(PracticeError::NotADeckFile { path: file.into() });
    }
    let deck = Deck::load(file)?;
    check_id_free(data, &deck.id, None)?;
    let source = std::fs::read_to_string(file).map_err(|source| PracticeError::Io {
        path: file.into(),
        source,
    })?;
    write_deck(data, &deck.id, &source)
}

/// A deck to edit: a built-in one (read-only) or one of the user's, with its file.
pub fn open_for_editing(data: &DataDir, id: &str) -> Result<EditableDeck, PracticeError> {
    if let Some(deck) = builtin::decks()?.into_iter().find(|d| d.id == id) {
        return Ok(EditableDeck {
            deck,
            built_in: true,
            path: None,
        });
    }
    let (path, deck) = user_decks(data)
        .into_iter()
        .find(|(_, d)| d.id == id)
        .ok_or_else(|| PracticeError::NoUserDeck { id: id.into() })?;
    Ok(EditableDeck {
        deck,
        built_in: false,
        path: Some(path),
    })
}

/// Saves an edited deck. `was` is its id when it was opened (`None` for a new deck): its file
/// is rewritten in place, keeping the author's comments, and renamed if the id changed.
pub fn save_deck(
    data: &DataDir,
    deck: &Deck,
    was: Option<&str>,
) -> Result<SavedDeck, PracticeError> {
    if let Some(id) = was
        && builtin::decks()?.iter().any(|d| d.id == id)
    {
        return Err(PracticeError::BuiltInDeck { id: id.into() });
    }
    let old = was.and_then(|id| user_decks(data).into_iter().find(|(_, d)| d.id == id));
    check_id_free(data, &deck.id, old.as_ref().map(|(p, _)| p.as_path()))?;
    let source = match &old {
        Some((path, _)) => {
            let text = std::fs::read_to_string(path).map_err(|source| PracticeError::Io {
                path: path.clone(),
                source,
            })?;
            // A file that no longer parses is written anew rather than lost in an error.
            document::update(&text, deck).unwrap_or_else(|_| document::to_toml(deck))
        }
        None => document::to_toml(deck),
    };
    let saved = write_deck(data, &deck.id, &source)?;
    if let Some((path, _)) = old
        && path != saved.path
    {
        let _ = std::fs::remove_file(path);
    }
    Ok(saved)
}

/// The text of deck `id`, comments and all, and the file it is read from: a built-in deck's
/// source, or the user's file.
fn deck_source(data: &DataDir, id: &str) -> Result<(PathBuf, String), PracticeError> {
    if let Some((name, src)) = builtin::SOURCES
        .iter()
        .find(|(name, src)| Deck::from_toml(src, *name).is_ok_and(|d| d.id == id))
    {
        return Ok((PathBuf::from(name), src.to_string()));
    }
    let path = open_for_editing(data, id)?
        .path
        .ok_or_else(|| PracticeError::NoUserDeck { id: id.into() })?;
    let source = std::fs::read_to_string(&path).map_err(|source| PracticeError::Io {
        path: path.clone(),
        source,
    })?;
    Ok((path, source))
}

/// A copy of a deck (a built-in one, usually) as a deck of the user's to edit, with its
/// comments; the original is not touched.
pub fn duplicate_deck(
    data: &DataDir,
    id: &str,
    new_id: &str,
    new_title: &str,
) -> Result<SavedDeck, PracticeError> {
    let (file, source) = deck_source(data, id)?;
    let mut deck = Deck::from_toml(&source, file)?;
    deck.id = new_id.into();
    deck.title = new_title.into();
    check_id_free(data, new_id, None)?;
    let text = document::update(&source, &deck).unwrap_or_else(|_| document::to_toml(&deck));
    write_deck(data, new_id, &text)
}

/// Writes deck `id` (built-in or the user's, with its comments) to `to`, to share it.
pub fn export_deck(data: &DataDir, id: &str, to: &Path) -> Result<PathBuf, PracticeError> {
    let (_, source) = deck_source(data, id)?;
    if !to.is_absolute() {
        return Err(PracticeError::Destination(format!(
            "{} is not a full path",
            to.display()
        )));
    }
    let to = to.with_extension("toml");
    // Written beside and renamed over: a link at the destination is replaced, never written
    // through.
    let partial = to.with_extension("toml.partial");
    let io = |source| PracticeError::Io {
        path: to.clone(),
        source,
    };
    std::fs::write(&partial, source).map_err(io)?;
    std::fs::rename(&partial, &to).map_err(io)?;
    Ok(to)
}

/// What is wrong with a deck being edited, at its fields: the deck file's own validation
/// (errors) and the author's checks (warnings: a model answer that misses its own concepts).
pub fn check_deck(deck: &Deck) -> Vec<FieldProblem> {
    let source = document::to_toml(deck);
    let at = |line: usize| document::field_at(&source, line);
    match Deck::from_toml(&source, "deck") {
        Err(e) => e
            .problems
            .into_iter()
            .map(|p| FieldProblem {
                field: at(p.line),
                message: p.message,
                hint: p.hint,
                warning: false,
            })
            .collect(),
        Ok(read) => viva_core::authoring::warnings(&read, &source)
            .into_iter()
            .map(|p| FieldProblem {
                field: at(p.line),
                message: p.message,
                hint: p.hint,
                warning: true,
            })
            .collect(),
    }
}

/// Scores a typed answer against a question being written, saving nothing: "try it".
pub fn try_answer(
    question: &Question,
    text: &str,
    targets: &DeliveryTargets,
) -> viva_core::Assessment {
    viva_core::assess(question, &viva_core::Transcript::from_text(text), targets)
}

/// "Try it" by voice: an answer to a question being written, recorded and transcribed like any
/// answer (live transcript included) but kept in a scratch history of its own that is deleted
/// when it ends: nothing reaches the user's history.
pub struct Trying {
    answering: crate::Answering,
    store: viva_store::Store,
    scratch: PathBuf,
}

/// What a spoken "try it" answer said and what it would score.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TriedAnswer {
    pub transcript: viva_core::Transcript,
    pub assessment: viva_core::Assessment,
}

impl Trying {
    /// Starts recording from `source` an answer to `question` (which need not be saved yet).
    pub fn start(
        question: &Question,
        settings: &crate::Settings,
        source: crate::Source,
        recognizer: &mut Option<crate::Recognizer>,
        on_event: crate::answer::EventSink,
    ) -> Result<Trying, PracticeError> {
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let scratch = std::env::temp_dir().join(format!(
            "viva-try-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        ));
        let store = viva_store::Store::open(&scratch)?;
        let started = store
            .create_session("try", viva_store::SessionMode::Single)
            .map_err(PracticeError::from)
            .and_then(|session| {
                crate::Answering::start_from(
                    &store,
                    session,
                    "try",
                    question,
                    settings,
                    source,
                    crate::LiveConfig::default(),
                    recognizer,
                    on_event,
                )
            });
        match started {
            Ok(answering) => Ok(Trying {
                answering,
                store,
                scratch,
            }),
            Err(e) => {
                drop(store);
                let _ = std::fs::remove_dir_all(&scratch);
                Err(e)
            }
        }
    }

    /// Whether recording ended by itself (silence, the longest answer).
    pub fn is_finished(&self) -> bool {
        self.answering.is_finished()
    }

    /// Whether it is transcribed as it is said (the recognizer comes back when it finishes).
    pub fn is_live(&self) -> bool {
        self.answering.is_live()
    }

    /// Stops, transcribes and scores the answer, then deletes the scratch history.
    pub fn finish(
        self,
        recognizer: &mut Option<crate::Recognizer>,
        targets: &DeliveryTargets,
    ) -> Result<TriedAnswer, PracticeError> {
        let result = self.answering.finish(&self.store, recognizer, targets);
        drop(self.store);
        let _ = std::fs::remove_dir_all(&self.scratch);
        let r = result?;
        Ok(TriedAnswer {
            transcript: r.transcript,
            assessment: r.assessment,
        })
    }

    /// Stops and throws the answer away.
    pub fn cancel(self, recognizer: &mut Option<crate::Recognizer>) {
        let _ = self.answering.cancel(&self.store, recognizer);
        drop(self.store);
        let _ = std::fs::remove_dir_all(&self.scratch);
    }
}
