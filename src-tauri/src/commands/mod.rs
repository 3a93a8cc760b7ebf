//! The commands the UI calls. Each is a few lines over library code; anything slow runs off
//! the UI's thread, and long work reports progress through a channel.

mod decks;
mod history;
mod models;
mod practice;
mod replay;
mod settings;

use tauri::ipc::Invoke;

/// Errors reach the UI as one sentence for people: the error and its causes.
pub type Res<T> = Result<T, String>;

pub fn err(e: impl std::error::Error) -> String {
    viva_practice::describe(&e)
}

/// Runs blocking work (recording, transcription, downloads, disk) on a thread of its own so
/// the window stays responsive.
pub async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Res<T> + Send + 'static) -> Res<T> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| format!("internal error: {e}"))?
}

pub fn handler() -> impl Fn(Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        practice::status,
        practice::decks,
        practice::deck,
        practice::plan_session,
        practice::agenda,
        practice::start_answer,
        practice::start_follow_up,
        practice::stop_answer,
        practice::cancel_answer,
        practice::answer_by_text,
        decks::open_deck,
        decks::check_deck,
        decks::save_deck,
        decks::duplicate_deck,
        decks::import_notes,
        decks::open_deck_file,
        decks::export_deck,
        decks::suggest_concepts,
        decks::try_answer,
        decks::start_try_answer,
        decks::stop_try_answer,
        decks::cancel_try_answer,
        history::sessions,
        history::session,
        history::attempt,
        history::question_progress,
        history::compare_attempts,
        history::delete_session,
        history::delete_attempt,
        history::export_session,
        replay::play,
        replay::pause_playback,
        settings::settings,
        settings::save_settings,
        settings::devices,
        models::model_catalog,
        models::install_model,
        models::import_model,
        models::set_default_model,
        models::remove_model,
    ]
}
