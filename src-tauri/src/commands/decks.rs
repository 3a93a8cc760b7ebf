//! The deck editor: a few lines each over viva_practice::decks. Every command that writes a
//! deck reloads the library, so Home and practice see it at once.

use std::path::PathBuf;

use tauri::State;
use tauri::ipc::Channel;
use viva_core::{Assessment, Deck, Question};
use viva_practice::decks::{
    self, EditableDeck, FieldProblem, SavedDeck, Suggestion, TriedAnswer, Trying,
};
use viva_practice::{AnswerEvent, PracticeError};

use super::{Res, blocking, err};
use crate::state::{Shared, lock};

/// Runs `write` against the data folder, then reads the decks again.
async fn writing(
    app: State<'_, Shared>,
    write: impl FnOnce(&viva_practice::DataDir) -> Result<SavedDeck, viva_practice::PracticeError>
    + Send
    + 'static,
) -> Res<SavedDeck> {
    let app = app.inner().clone();
    blocking(move || {
        let saved = write(&app.data).map_err(err)?;
        app.reload_library();
        Ok(saved)
    })
    .await
}

#[tauri::command]
pub async fn open_deck(app: State<'_, Shared>, deck_id: String) -> Res<EditableDeck> {
    let app = app.inner().clone();
    blocking(move || decks::open_for_editing(&app.data, &deck_id).map_err(err)).await
}

#[tauri::command]
pub fn check_deck(deck: Deck) -> Vec<FieldProblem> {
    decks::check_deck(&deck)
}

#[tauri::command]
pub async fn save_deck(app: State<'_, Shared>, deck: Deck, was: Option<String>) -> Res<SavedDeck> {
    writing(app, move |data| {
        decks::save_deck(data, &deck, was.as_deref())
    })
    .await
}

#[tauri::command]
pub async fn duplicate_deck(
    app: State<'_, Shared>,
    deck_id: String,
    new_id: String,
    new_title: String,
) -> Res<SavedDeck> {
    writing(app, move |data| {
        decks::duplicate_deck(data, &deck_id, &new_id, &new_title)
    })
    .await
}

#[tauri::command]
pub async fn import_notes(app: State<'_, Shared>, path: PathBuf) -> Res<SavedDeck> {
    writing(app, move |data| {
        decks::new_from_notes(data, &path, None, None)
    })
    .await
}

#[tauri::command]
pub async fn open_deck_file(app: State<'_, Shared>, path: PathBuf) -> Res<SavedDeck> {
    writing(app, move |data| decks::open_deck_file(data, &path)).await
}

#[tauri::command]
pub async fn export_deck(app: State<'_, Shared>, deck_id: String, path: PathBuf) -> Res<PathBuf> {
    let app = app.inner().clone();
    blocking(move || decks::export_deck(&app.data, &deck_id, &path).map_err(err)).await
}

#[tauri::command]
pub fn suggest_concepts(model_answer: String) -> Vec<Suggestion> {
    decks::suggest_concepts(&model_answer)
}

#[tauri::command]
pub fn try_answer(app: State<Shared>, question: Question, text: String) -> Assessment {
    decks::try_answer(&question, &text, &app.settings().targets())
}

/// "Try it" by voice: records an answer to the question being written (saved nowhere).
#[tauri::command]
pub async fn start_try_answer(
    app: State<'_, Shared>,
    question: Question,
    on_event: Channel<AnswerEvent>,
) -> Res<()> {
    let app = app.inner().clone();
    blocking(move || {
        // Both slots held (in the order start_answer takes them) until the try is in its own.
        let answering = lock(&app.answering);
        let mut slot = lock(&app.trying);
        if answering.is_some() || slot.is_some() {
            return Err(err(PracticeError::AlreadyRecording));
        }
        let sink = Box::new(move |event| {
            let _ = on_event.send(event);
        });
        let mut recognizer = app.recognizer().ok();
        let started = Trying::start(
            &question,
            &app.settings(),
            viva_practice::Source::Microphone,
            recognizer.as_deref_mut().unwrap_or(&mut None),
            sink,
        );
        *slot = Some(started.map_err(err)?);
        Ok(())
    })
    .await
}

#[tauri::command]
pub async fn stop_try_answer(app: State<'_, Shared>) -> Res<TriedAnswer> {
    let app = app.inner().clone();
    blocking(move || {
        let trying = lock(&app.trying)
            .take()
            .ok_or_else(|| err(PracticeError::NotRecording))?;
        // A live try has the recognizer and brings it back; otherwise it is started here, and
        // when it cannot be, the try is stopped rather than left recording.
        let mut recognizer = match trying.is_live() {
            true => lock(&app.recognizer),
            false => match app.recognizer() {
                Ok(r) => r,
                Err(e) => {
                    trying.cancel(&mut lock(&app.recognizer));
                    return Err(err(e));
                }
            },
        };
        trying
            .finish(&mut recognizer, &app.settings().targets())
            .map_err(err)
    })
    .await
}

#[tauri::command]
pub async fn cancel_try_answer(app: State<'_, Shared>) -> Res<()> {
    let app = app.inner().clone();
    blocking(move || {
        if let Some(trying) = lock(&app.trying).take() {
            trying.cancel(&mut lock(&app.recognizer));
        }
        Ok(())
    })
    .await
}
