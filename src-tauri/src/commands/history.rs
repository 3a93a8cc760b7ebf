use std::path::PathBuf;

use tauri::State;
use viva_practice::export::export_to_chosen;
use viva_practice::status::question_progress as progress_of;
use viva_practice::{Attempt, Session, SessionSummary};
use viva_practice::{Format, QuestionProgress};

use super::{Res, blocking, err};
use crate::state::Shared;

/// Sessions with at least one answer, newest first: a session planned and left unanswered is
/// not history.
// Every command that reads or writes the history runs off the main thread (`blocking`): the
// store may be busy saving a result, and the window must not wait for it.

#[tauri::command]
pub async fn sessions(app: State<'_, Shared>) -> Res<Vec<SessionSummary>> {
    let app = app.inner().clone();
    blocking(move || {
        let all = app.store().sessions().map_err(err)?;
        Ok(all.into_iter().filter(|s| s.attempts > 0).collect())
    })
    .await
}

#[tauri::command]
pub async fn session(app: State<'_, Shared>, session_id: i64) -> Res<Session> {
    let app = app.inner().clone();
    blocking(move || app.store().session(session_id).map_err(err)).await
}

#[tauri::command]
pub async fn attempt(app: State<'_, Shared>, attempt_id: i64) -> Res<Attempt> {
    let app = app.inner().clone();
    blocking(move || app.store().attempt(attempt_id).map_err(err)).await
}

/// Attempt `attempt_id` beside `other`, or beside the answer to its question before it.
#[tauri::command]
pub async fn compare_attempts(
    app: State<'_, Shared>,
    attempt_id: i64,
    other: Option<i64>,
) -> Res<viva_core::compare::Comparison> {
    let app = app.inner().clone();
    blocking(move || {
        let targets = app.settings().targets();
        viva_practice::compare::compare_attempts(&app.store(), attempt_id, other, &targets)
            .map_err(err)
    })
    .await
}

#[tauri::command]
pub async fn question_progress(
    app: State<'_, Shared>,
    deck_id: String,
) -> Res<Vec<QuestionProgress>> {
    let app = app.inner().clone();
    blocking(move || progress_of(&app.store(), &app.library(), &deck_id).map_err(err)).await
}

#[tauri::command]
pub async fn delete_session(app: State<'_, Shared>, session_id: i64) -> Res<()> {
    let app = app.inner().clone();
    blocking(move || app.store().delete_session(session_id).map_err(err)).await
}

#[tauri::command]
pub async fn delete_attempt(app: State<'_, Shared>, attempt_id: i64) -> Res<()> {
    let app = app.inner().clone();
    blocking(move || app.store().delete_attempt(attempt_id).map_err(err)).await
}

/// `path` comes from the save dialog; it is still checked (absolute, in an existing folder,
/// with the format's extension) before anything is written.
#[tauri::command]
pub async fn export_session(
    app: State<'_, Shared>,
    session_id: i64,
    format: Format,
    path: PathBuf,
) -> Res<PathBuf> {
    let app = app.inner().clone();
    blocking(move || export_to_chosen(&app.store(), session_id, format, &path).map_err(err)).await
}
