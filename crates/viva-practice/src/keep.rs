//! Keeping an answer scored outside the practice loop (`viva score --save`): a session of its
//! own, the attempt, and the recording as 16 kHz mono, the form replay and re-scoring read.

use viva_core::schedule::grade;
use viva_core::{Assessment, DeliveryTargets, Question, Transcript};
use viva_store::{NewAttempt, SessionMode, Store};

use crate::PracticeError;

/// Where a kept answer went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kept {
    pub session_id: i64,
    pub attempt_id: i64,
}

/// Keeps `assessment` of `transcript` in a new session of mode `mode`, with `samples` (16 kHz
/// mono) written to the recordings folder when the answer was spoken. If the history cannot
/// take it, the recording is removed again: nothing would refer to it.
// Each is a different thing the CLI already holds; a struct around them would only rename them.
#[allow(clippy::too_many_arguments)]
pub fn keep_answer(
    store: &Store,
    deck_id: &str,
    question: &Question,
    transcript: &Transcript,
    assessment: &Assessment,
    targets: &DeliveryTargets,
    samples: Option<&[f32]>,
    mode: SessionMode,
) -> Result<Kept, PracticeError> {
    let audio_path = match samples {
        Some(samples) => {
            let path = store.new_recording_path(&question.id)?;
            viva_audio::wav::write_speech(&path, samples)?;
            Some(path)
        }
        None => None,
    };
    let attempt = NewAttempt {
        deck_id,
        question,
        transcript,
        assessment,
        audio_path: audio_path.as_deref(),
        model: transcript.model.as_deref(),
        recall: Some(grade(assessment, targets).recall),
    };
    let kept = store
        .add_session_with_attempt(mode, &attempt)
        .map(|(session_id, attempt_id)| Kept {
            session_id,
            attempt_id,
        });
    if kept.is_err()
        && let Some(p) = &audio_path
    {
        let _ = std::fs::remove_file(p);
    }
    Ok(kept?)
}
