//! Recording, transcribing and keeping one answer. The attempt is written before the first
//! sample, so a crash mid-answer leaves the recording attached to it and [`recover`] finishes
//! it at the next start.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::thread::JoinHandle;
use std::time::Duration;

use viva_audio::{Event, RecordConfig, RecordOptions, Recorded, Recording, StopReason};
use viva_core::{DeliveryTargets, Question, Transcript, assess};
use viva_store::Store;

use crate::api::{AnswerEvent, AnswerResult, StopKind};
use crate::{PracticeError, Recognizer, Settings, read_audio, to_transcript};

/// Where progress goes while recording: the app's channel, the terminal's meter.
pub type EventSink = Box<dyn Fn(AnswerEvent) + Send + 'static>;

/// An answer being recorded.
pub struct Answering {
    pub session_id: i64,
    pub attempt_id: i64,
    pub question: Question,
    pub path: PathBuf,
    stop: Arc<AtomicBool>,
    pump: JoinHandle<Result<Recorded, viva_audio::AudioError>>,
}

impl Answering {
    /// Creates the attempt and starts recording into it. Nothing is kept if the microphone
    /// cannot be opened.
    pub fn start(
        store: &Store,
        session_id: i64,
        deck_id: &str,
        question: &Question,
        settings: &Settings,
        on_event: EventSink,
    ) -> Result<Answering, PracticeError> {
        let path = store.new_recording_path(&question.id)?;
        let attempt_id = store.begin_attempt(session_id, deck_id, question, &path)?;
        let mut options = RecordOptions::new(&path);
        options.device = settings.microphone.clone();
        options.config = settings.record_config();
        let recording = match viva_audio::start_recording(options) {
            Ok(r) => r,
            Err(e) => {
                let _ = store.delete_attempt(attempt_id);
                return Err(e.into());
            }
        };
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let pump = std::thread::Builder::new()
            .name("viva-answer".into())
            .spawn(move || pump(recording, flag, on_event))
            .map_err(|source| PracticeError::Io {
                path: path.clone(),
                source,
            })?;
        Ok(Answering {
            session_id,
            attempt_id,
            question: question.clone(),
            path,
            stop,
            pump,
        })
    }

    /// Whether recording ended by itself (silence, maximum length, a lost device).
    pub fn is_finished(&self) -> bool {
        self.pump.is_finished()
    }

    /// Ends recording (if it has not ended by itself) and waits for the file to be complete.
    pub fn stop_recording(self) -> Result<(Finished, Recorded), PracticeError> {
        self.stop.store(true, Ordering::Relaxed);
        let recorded = self
            .pump
            .join()
            .map_err(|_| PracticeError::RecorderPanicked)??;
        let finished = Finished {
            session_id: self.session_id,
            attempt_id: self.attempt_id,
            question: self.question,
            path: self.path,
        };
        Ok((finished, recorded))
    }

    /// Stops, transcribes, scores and keeps the answer. If transcription fails the attempt
    /// stays unfinished, with its audio, and [`recover`] scores it at the next start.
    pub fn finish(
        self,
        store: &Store,
        recognizer: &mut Recognizer,
        targets: &DeliveryTargets,
    ) -> Result<AnswerResult, PracticeError> {
        let (finished, recorded) = self.stop_recording()?;
        let transcript = transcribe_recording(recognizer, &recorded)?;
        finished.keep(store, transcript, &recorded, targets)
    }

    /// Stops and throws the answer away, audio included.
    pub fn cancel(self, store: &Store) -> Result<(), PracticeError> {
        let id = self.attempt_id;
        // A recording that failed is deleted all the same.
        let _ = self.stop_recording();
        store.delete_attempt(id)?;
        Ok(())
    }
}

/// A recorded answer waiting for its transcript.
pub struct Finished {
    pub session_id: i64,
    pub attempt_id: i64,
    pub question: Question,
    pub path: PathBuf,
}

impl Finished {
    /// Scores the transcript and saves the attempt as complete.
    pub fn keep(
        self,
        store: &Store,
        transcript: Transcript,
        recorded: &Recorded,
        targets: &DeliveryTargets,
    ) -> Result<AnswerResult, PracticeError> {
        let assessment = assess(&self.question, &transcript, targets);
        store.finish_attempt(
            self.attempt_id,
            &transcript,
            &assessment,
            transcript.model.as_deref(),
        )?;
        Ok(AnswerResult {
            session_id: self.session_id,
            attempt_id: self.attempt_id,
            question: self.question,
            transcript,
            assessment,
            audio_path: Some(self.path),
            problem: recorded.problem().map(|p| p.to_string()),
        })
    }
}

/// Forwards the recorder's events and stops it when asked; says so when it stopped by itself.
fn pump(
    recording: Recording,
    stop: Arc<AtomicBool>,
    on_event: EventSink,
) -> Result<Recorded, viva_audio::AudioError> {
    let mut asked = false;
    loop {
        if !asked && stop.load(Ordering::Relaxed) {
            recording.stop();
            asked = true;
        }
        match recording.events().recv_timeout(Duration::from_millis(20)) {
            Ok(Event::Level { level, elapsed }) => on_event(AnswerEvent::Level {
                elapsed_s: elapsed.as_secs_f64(),
                rms_db: level.rms_db,
                peak_db: level.peak_db,
            }),
            Ok(Event::SpeechStarted { at }) => on_event(AnswerEvent::Speech {
                at_s: at.as_secs_f64(),
            }),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    let recorded = recording.wait()?;
    if !asked || !matches!(recorded.reason, StopReason::Stopped) {
        on_event(AnswerEvent::Stopped {
            reason: StopKind::from(&recorded.reason),
            problem: recorded.problem().map(|p| p.to_string()),
        });
    }
    Ok(recorded)
}

/// Transcribes what was recorded. Whisper hears the audio from just before the detected speech
/// (leading silence invites it to invent words), and the times are put back on the recording's
/// clock, so time to first word counts from the moment recording began.
pub fn transcribe_recording(
    recognizer: &mut Recognizer,
    recorded: &Recorded,
) -> Result<Transcript, PracticeError> {
    let samples = read_audio(&recorded.path)?;
    let Some(start) = recorded.speech_start else {
        return Ok(Transcript {
            duration_s: Some(recorded.duration.as_secs_f64()),
            ..Transcript::default()
        });
    };
    let from_s = (start.as_secs_f64() - RecordConfig::default().pre_roll.as_secs_f64()).max(0.0);
    let from = ((from_s * 16_000.0) as usize).min(samples.len());
    let mut transcript = to_transcript(&recognizer.transcribe(&samples[from..])?);
    for w in &mut transcript.words {
        w.start = w.start.map(|t| t + from_s);
        w.end = w.end.map(|t| t + from_s);
    }
    transcript.duration_s = Some(samples.len() as f64 / 16_000.0);
    Ok(transcript)
}

/// An answer cut off by a crash, now finished.
#[derive(Debug, Clone)]
pub struct Recovered {
    pub attempt_id: i64,
    pub session_id: i64,
    pub question_id: String,
    /// Why it could not be transcribed, if it could not; the attempt is kept either way.
    pub problem: Option<String>,
}

/// Finishes answers cut off by a crash or power loss: the recording's header is repaired and
/// what it holds is transcribed and scored, so at most the last second is lost.
pub fn recover(
    store: &Store,
    recognizer: &mut Recognizer,
    targets: &DeliveryTargets,
) -> Result<Vec<Recovered>, PracticeError> {
    let mut recovered = Vec::new();
    for attempt in store.unfinished()? {
        let Some(path) = attempt.audio_path.as_deref() else {
            continue;
        };
        let mut problem = None;
        // Whatever goes wrong here must not stop today's practice: the attempt is kept either
        // way, with what could be recovered.
        let transcript = match viva_audio::repair(path) {
            Ok(_) => match read_audio(path).and_then(|samples| recognizer.transcribe(&samples)) {
                Ok(t) => to_transcript(&t),
                Err(e) => {
                    problem = Some(format!(
                        "could not transcribe the cut-off answer in {}: {e}",
                        path.display()
                    ));
                    Transcript::default()
                }
            },
            // The crash came before the first sample was written: nothing to recover.
            Err(_) => Transcript::default(),
        };
        let assessment = assess(&attempt.question, &transcript, targets);
        store.finish_attempt(
            attempt.id,
            &transcript,
            &assessment,
            transcript.model.as_deref(),
        )?;
        store.mark_interrupted(attempt.id)?;
        recovered.push(Recovered {
            attempt_id: attempt.id,
            session_id: attempt.session_id,
            question_id: attempt.question.id.clone(),
            problem,
        });
    }
    Ok(recovered)
}
