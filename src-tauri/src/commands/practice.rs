use tauri::State;
use tauri::ipc::Channel;
use viva_core::Deck;
use viva_practice::status::{app_status, deck_summaries};
use viva_practice::{
    AnswerEvent, AnswerResult, Answering, AppStatus, DeckSummary, PlanRequest, PracticeError,
    SessionPlan, plan_questions,
};

use super::{Res, blocking, err};
use crate::state::{Shared, lock};

/// Off the main thread: it lists the microphones, which can take a while.
#[tauri::command]
pub async fn status(app: State<'_, Shared>) -> Res<AppStatus> {
    let app = app.inner().clone();
    blocking(move || {
        app_status(
            app.data.path(),
            &app.models(),
            &app.settings(),
            &app.library(),
        )
        .map_err(err)
    })
    .await
}

#[tauri::command]
pub fn decks(app: State<Shared>) -> Vec<DeckSummary> {
    deck_summaries(&app.library())
}

#[tauri::command]
pub fn deck(app: State<Shared>, deck_id: String) -> Res<Deck> {
    app.library().find_deck(&deck_id).cloned().map_err(err)
}

/// Today's spaced-repetition agenda for a deck, for Home's Due mode.
#[tauri::command]
pub async fn agenda(app: State<'_, Shared>, deck_id: String) -> Res<viva_core::schedule::Agenda> {
    let app = app.inner().clone();
    blocking(move || {
        let library = app.library();
        let deck = library.find_deck(&deck_id).map_err(err)?;
        viva_practice::due::agenda(&app.store(), deck, &app.settings()).map_err(err)
    })
    .await
}

#[tauri::command]
pub async fn plan_session(app: State<'_, Shared>, plan: PlanRequest) -> Res<SessionPlan> {
    let app = app.inner().clone();
    blocking(move || {
        let library = app.library();
        let deck = library.find_deck(&plan.deck_id).map_err(err)?;
        let store = app.store();
        let questions = plan_questions(&store, deck, &plan, &app.settings()).map_err(err)?;
        let session_id = store
            .create_session(&deck.id, plan.mode.session_mode())
            .map_err(err)?;
        Ok(SessionPlan {
            session_id,
            deck_id: deck.id.clone(),
            mode: plan.mode,
            questions: questions.into_iter().cloned().collect(),
        })
    })
    .await
}

#[tauri::command]
pub async fn start_answer(
    app: State<'_, Shared>,
    session_id: i64,
    question_id: String,
    on_event: Channel<AnswerEvent>,
) -> Res<()> {
    let app = app.inner().clone();
    blocking(move || {
        let mut answering = lock(&app.answering);
        // One microphone: not while the deck editor's "try it" is recording either.
        if answering.is_some() || lock(&app.trying).is_some() {
            return Err(err(PracticeError::AlreadyRecording));
        }
        let deck_id = app
            .store()
            .session(session_id)
            .map_err(err)?
            .summary
            .deck_id;
        let library = app.library();
        let (deck, question) = library
            .find_question(&format!("{deck_id}/{question_id}"))
            .map_err(err)?;
        let sink = Box::new(move |event| {
            let _ = on_event.send(event);
        });
        // The speech worker transcribes while the user speaks; without a model, recording
        // still works and stopAnswer says what is missing.
        let mut recognizer = app.recognizer().ok();
        let started = Answering::start(
            &app.store(),
            session_id,
            &deck.id,
            question,
            &app.settings(),
            recognizer.as_deref_mut().unwrap_or(&mut None),
            sink,
        );
        *answering = Some(started.map_err(err)?);
        Ok(())
    })
    .await
}

/// Records the answer to the follow-up of `attempt_id` (the one its result named); stopped and
/// kept with `stop_answer`, cancelled with `cancel_answer`, like an answer.
#[tauri::command]
pub async fn start_follow_up(
    app: State<'_, Shared>,
    attempt_id: i64,
    on_event: Channel<AnswerEvent>,
) -> Res<()> {
    let app = app.inner().clone();
    blocking(move || {
        let mut answering = lock(&app.answering);
        // One microphone: not while the deck editor's "try it" is recording either.
        if answering.is_some() || lock(&app.trying).is_some() {
            return Err(err(PracticeError::AlreadyRecording));
        }
        let sink = Box::new(move |event| {
            let _ = on_event.send(event);
        });
        let mut recognizer = app.recognizer().ok();
        let started = Answering::start_follow_up(
            &app.store(),
            attempt_id,
            &app.settings(),
            viva_practice::Source::Microphone,
            recognizer.as_deref_mut().unwrap_or(&mut None),
            sink,
        );
        *answering = Some(started.map_err(err)?);
        Ok(())
    })
    .await
}

#[tauri::command]
pub async fn stop_answer(app: State<'_, Shared>) -> Res<AnswerResult> {
    let app = app.inner().clone();
    blocking(move || {
        let answering = lock(&app.answering)
            .take()
            .ok_or_else(|| err(PracticeError::NotRecording))?;
        // A live answer brings its recognizer back; otherwise it is started for the batch.
        // Even when the model cannot start, finish() still runs: it stops the recording and
        // keeps the attempt. The model's own error is the one worth showing then.
        let (mut recognizer, model_problem) = match answering.is_live() {
            true => (lock(&app.recognizer), None),
            false => match app.recognizer() {
                Ok(r) => (r, None),
                Err(e) => (lock(&app.recognizer), Some(err(e))),
            },
        };
        // The store is locked only to keep the result, not while the answer is transcribed.
        let heard = answering.stop(&mut recognizer).map_err(|e| {
            format!(
                "{}. Your answer is saved and will be transcribed the next time Viva starts.",
                model_problem.unwrap_or_else(|| err(e))
            )
        })?;
        drop(recognizer);
        // Not kept (a full disk, say): the attempt and its recording stay, unfinished, and
        // are scored at the next start like an answer cut off by a crash.
        heard
            .keep(&app.store(), &app.settings().targets())
            .map_err(|e| {
                format!(
                    "{}. Your recording is kept and will be scored the next time Viva starts.",
                    err(e)
                )
            })
    })
    .await
}

#[tauri::command]
pub async fn cancel_answer(app: State<'_, Shared>) -> Res<()> {
    let app = app.inner().clone();
    blocking(move || match lock(&app.answering).take() {
        Some(answering) => answering
            .cancel(&app.store(), &mut lock(&app.recognizer))
            .map_err(err),
        None => Ok(()),
    })
    .await
}

#[tauri::command]
pub async fn answer_by_text(
    app: State<'_, Shared>,
    session_id: i64,
    question_id: String,
    text: String,
) -> Res<AnswerResult> {
    let app = app.inner().clone();
    blocking(move || {
        let store = app.store();
        let deck_id = store.session(session_id).map_err(err)?.summary.deck_id;
        let library = app.library();
        let (deck, question) = library
            .find_question(&format!("{deck_id}/{question_id}"))
            .map_err(err)?;
        let targets = app.settings().targets();
        viva_practice::status::answer_by_text(
            &store, session_id, &deck.id, question, &text, &targets,
        )
        .map_err(err)
    })
    .await
}
