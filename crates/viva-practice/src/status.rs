//! What the app shows around practice: its status, the decks, microphones and progress.

use std::path::Path;

use viva_core::{Assessment, DeliveryTargets, Library, Question, Transcript, assess};
use viva_models::models::ModelStore;
use viva_store::{NewAttempt, Store};

use crate::api::{
    AnswerResult, AppStatus, DeckSummary, Microphone, MicrophoneStatus, QuestionProgress,
};
use crate::{PracticeError, Settings};

/// Said when there is no microphone: what to check, and that typing still works.
pub const NO_MICROPHONE: &str = "No microphone was found. Plug one in or check that your \
     system's sound settings have an input device, then reopen Viva. Meanwhile you can practise \
     by typing your answers.";

pub fn app_status(
    data_dir: &Path,
    models: &ModelStore,
    settings: &Settings,
    library: &Library,
) -> Result<AppStatus, PracticeError> {
    let installed = models.list()?;
    Ok(AppStatus {
        data_dir: data_dir.to_path_buf(),
        first_run: installed.is_empty(),
        default_model: models.default_name()?,
        models: installed,
        microphone: microphone_status(settings),
        settings: settings.clone(),
        limits: crate::settings::LIMITS,
        deck_problems: library.broken.iter().map(|e| e.to_string()).collect(),
    })
}

/// Whether recording can work, and with which microphone.
pub fn microphone_status(settings: &Settings) -> MicrophoneStatus {
    let devices = viva_audio::input_devices().unwrap_or_default();
    let chosen = match &settings.microphone {
        Some(id) => devices.iter().find(|d| &d.id == id || &d.name == id),
        None => devices.iter().find(|d| d.is_default),
    };
    match chosen {
        Some(d) => MicrophoneStatus {
            available: true,
            name: Some(d.name.clone()),
            problem: None,
        },
        None if settings.microphone.is_some() && devices.iter().any(|d| d.is_default) => {
            MicrophoneStatus {
                available: false,
                name: None,
                problem: Some(format!(
                    "The microphone chosen in Settings ({}) is not connected. Connect it, or \
                     choose another one in Settings.",
                    settings.microphone.as_deref().unwrap_or_default()
                )),
            }
        }
        None => MicrophoneStatus {
            available: false,
            name: None,
            problem: Some(NO_MICROPHONE.into()),
        },
    }
}

pub fn microphones() -> Vec<Microphone> {
    viva_audio::input_devices()
        .unwrap_or_default()
        .into_iter()
        .map(|d| Microphone {
            name: d.name,
            id: d.id,
            is_default: d.is_default,
        })
        .collect()
}

pub fn deck_summaries(library: &Library) -> Vec<DeckSummary> {
    let builtin_ids: Vec<String> = viva_core::builtin::decks()
        .map(|d| d.into_iter().map(|d| d.id).collect())
        .unwrap_or_default();
    library
        .decks
        .iter()
        .map(|d| DeckSummary {
            id: d.id.clone(),
            title: d.title.clone(),
            description: d.description.clone(),
            categories: d.categories().into_iter().map(String::from).collect(),
            question_count: d.questions.len(),
            built_in: builtin_ids.contains(&d.id),
        })
        .collect()
}

/// Each question of a deck with its scores over time.
pub fn question_progress(
    store: &Store,
    library: &Library,
    deck_id: &str,
) -> Result<Vec<QuestionProgress>, PracticeError> {
    let deck = library.find_deck(deck_id)?;
    let schedule = crate::due::schedule_of(store, deck)?;
    deck.questions
        .iter()
        .zip(schedule)
        .map(|(q, s)| {
            Ok(QuestionProgress {
                question_id: q.id.clone(),
                prompt: q.prompt.clone(),
                category: q.category.clone(),
                points: store.progress(&q.id)?,
                due_in: s.due_in,
            })
        })
        .collect()
}

/// Scores and keeps a typed answer: for practice without a microphone.
pub fn answer_by_text(
    store: &Store,
    session_id: i64,
    deck_id: &str,
    question: &Question,
    text: &str,
    targets: &DeliveryTargets,
) -> Result<AnswerResult, PracticeError> {
    let transcript = Transcript::from_text(text);
    let assessment: Assessment = assess(question, &transcript, targets);
    let attempt_id = store.add_attempt(
        session_id,
        &NewAttempt {
            deck_id,
            question,
            transcript: &transcript,
            assessment: &assessment,
            audio_path: None,
            model: None,
            recall: Some(viva_core::schedule::grade(&assessment, targets).recall),
        },
    )?;
    let (next_review, baseline) = crate::due::after_answer(store, attempt_id, targets);
    Ok(AnswerResult {
        session_id,
        attempt_id,
        question: question.clone(),
        transcript,
        assessment,
        audio_path: None,
        problem: None,
        next_review,
        baseline,
        // Follow-ups are spoken: a typed answer is not followed up.
        follow_up_question: None,
        follow_up: None,
    })
}
