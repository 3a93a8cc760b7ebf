//! Recording, transcribing and keeping one answer. The attempt is written before the first
//! sample, so a crash mid-answer leaves the recording attached to it and [`recover`] finishes
//! it at the next start.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use viva_audio::pipeline::Pipeline;
use viva_audio::{
    AudioError, Chunk, Event, RecordConfig, RecordOptions, Recorded, Recording, StopReason,
};
use viva_core::follow_up::{self, Probe};
use viva_core::{DeliveryTargets, Question, Transcript, assess};
use viva_store::Store;

use crate::api::{AnswerEvent, AnswerResult, StopKind};
use crate::live::{Live, LiveConfig, LiveStats};
use crate::{PracticeError, Recognizer, Settings, read_audio, to_transcript};

/// A live transcript (or why there is none) and what live transcription did.
type LiveResult = (Result<Transcript, PracticeError>, LiveStats);

/// Where progress goes while recording: the app's channel, the terminal's meter.
pub type EventSink = Box<dyn Fn(AnswerEvent) + Send + 'static>;

/// Where an answer's audio comes from.
pub enum Source {
    /// The microphone in the settings (or the system default).
    Microphone,
    /// 16 kHz mono samples played through the same recording pipeline, `speed` times real
    /// time (0: as fast as possible), for tests and benchmarks. When they run out the
    /// "speaker" waits for the stop, as a user pressing Space would.
    Replay { samples: Vec<f32>, speed: f64 },
}

/// An answer being recorded.
pub struct Answering {
    pub session_id: i64,
    pub attempt_id: i64,
    pub question: Question,
    pub path: PathBuf,
    /// The microphone recording it.
    pub device: String,
    stop: Arc<AtomicBool>,
    pump: JoinHandle<Result<Recorded, AudioError>>,
    live: Option<Live>,
    /// Set when this is the answer to a follow-up of attempt `attempt_id`.
    pub follow_up: Option<Probe>,
    /// Whether a follow-up is offered after this answer (the session's mode and the setting).
    asks_follow_up: bool,
    /// Tells other processes the answer is being recorded, until it is finished or cancelled.
    _recording: viva_store::RecordingLock,
}

/// What an answer being recorded answers.
enum Target<'a> {
    Question {
        session_id: i64,
        deck_id: &'a str,
        question: &'a Question,
    },
    FollowUp {
        attempt: Box<viva_store::Attempt>,
        probe: Probe,
    },
}

impl Answering {
    /// Creates the attempt and starts recording into it. Nothing is kept if the microphone
    /// cannot be opened. With a recognizer in `recognizer`, the answer is transcribed live:
    /// the recognizer is taken out for the length of the answer and put back by
    /// [`Answering::finish`] or [`Answering::cancel`] (it stays put if recording cannot start).
    pub fn start(
        store: &Store,
        session_id: i64,
        deck_id: &str,
        question: &Question,
        settings: &Settings,
        recognizer: &mut Option<Recognizer>,
        on_event: EventSink,
    ) -> Result<Answering, PracticeError> {
        Self::start_from(
            store,
            session_id,
            deck_id,
            question,
            settings,
            Source::Microphone,
            LiveConfig::default(),
            recognizer,
            on_event,
        )
    }

    /// [`Answering::start`] from any source, with a chosen way of cutting live pieces.
    #[allow(clippy::too_many_arguments)]
    pub fn start_from(
        store: &Store,
        session_id: i64,
        deck_id: &str,
        question: &Question,
        settings: &Settings,
        source: Source,
        live_config: LiveConfig,
        recognizer: &mut Option<Recognizer>,
        on_event: EventSink,
    ) -> Result<Answering, PracticeError> {
        let target = Target::Question {
            session_id,
            deck_id,
            question,
        };
        Self::begin(
            store,
            target,
            settings,
            source,
            live_config,
            recognizer,
            on_event,
        )
    }

    /// Starts recording the answer to the follow-up of attempt `attempt_id` (the question
    /// [`viva_core::follow_up::probe`] picks for it). Finishing it judges that answer against
    /// the probed point and keeps it with the attempt; the attempt's own score is unchanged.
    pub fn start_follow_up(
        store: &Store,
        attempt_id: i64,
        settings: &Settings,
        source: Source,
        recognizer: &mut Option<Recognizer>,
        on_event: EventSink,
    ) -> Result<Answering, PracticeError> {
        let attempt = store.attempt(attempt_id)?;
        // One follow-up per answer: asking again would replace the first one's recording.
        if attempt.follow_up.is_some() {
            return Err(PracticeError::FollowUpAnswered {
                attempt: attempt_id,
            });
        }
        let probe = follow_up::probe(&attempt.question, &attempt.assessment).ok_or(
            PracticeError::NoFollowUp {
                attempt: attempt_id,
            },
        )?;
        let target = Target::FollowUp {
            attempt: Box::new(attempt),
            probe,
        };
        Self::begin(
            store,
            target,
            settings,
            source,
            LiveConfig::default(),
            recognizer,
            on_event,
        )
    }

    fn begin(
        store: &Store,
        target: Target<'_>,
        settings: &Settings,
        source: Source,
        mut live_config: LiveConfig,
        recognizer: &mut Option<Recognizer>,
        on_event: EventSink,
    ) -> Result<Answering, PracticeError> {
        let (question, follow_up) = match &target {
            Target::Question { question, .. } => ((*question).clone(), None),
            Target::FollowUp { attempt, probe } => (attempt.question.clone(), Some(probe.clone())),
        };
        let name = match follow_up {
            Some(_) => format!("{}-follow-up", question.id),
            None => question.id.clone(),
        };
        let path = store.new_recording_path(&name)?;
        // Held before the attempt exists: another process never sees it unheld mid-answer.
        let recording = viva_store::hold_recording(&path)?;
        let (session_id, attempt_id, asks_follow_up) = match &target {
            Target::Question {
                session_id,
                deck_id,
                question,
            } => {
                let mode = store.session_summary(*session_id)?.mode;
                let id = store.begin_attempt(*session_id, deck_id, question, &path)?;
                (*session_id, id, settings.follow_ups.asked_in(&mode))
            }
            Target::FollowUp { attempt, probe } => {
                let pending = follow_up::judge(
                    &attempt.question,
                    probe,
                    &attempt.assessment,
                    &Transcript::default(),
                );
                store.begin_follow_up(attempt.id, &pending, &path)?;
                (attempt.session_id, attempt.id, false)
            }
        };
        let forget = |store: &Store| match follow_up {
            Some(_) => store.drop_follow_up(attempt_id),
            None => store.delete_attempt(attempt_id),
        };
        let config = settings.record_config();
        let (chunk_tx, chunk_rx) = match recognizer {
            Some(_) => {
                let (tx, rx) = mpsc::channel();
                (Some(tx), Some(rx))
            }
            None => (None, None),
        };
        let stop = Arc::new(AtomicBool::new(false));
        let started = match source {
            Source::Microphone => {
                let mut options = RecordOptions::new(&path);
                options.device = settings.microphone.clone();
                options.config = config.clone();
                options.chunks = chunk_tx;
                viva_audio::start_recording(options).map(Capture::Device)
            }
            Source::Replay { samples, speed } => Capture::replay(
                samples,
                speed,
                config.clone(),
                path.clone(),
                chunk_tx,
                Arc::clone(&stop),
            ),
        };
        let capture = match started {
            Ok(c) => c,
            Err(e) => {
                let _ = forget(store);
                return Err(e.into());
            }
        };
        let device = capture.device_name();
        let (live_tx, live_rx) = mpsc::channel();
        let live = match (chunk_rx, recognizer.take()) {
            (Some(chunks), Some(r)) => {
                live_config.vad = config.vad.clone();
                match Live::start(r, chunks, live_config, live_tx, Arc::clone(&stop)) {
                    Ok(live) => Some(live),
                    Err(e) => {
                        tracing::warn!("no live transcript: cannot start its thread: {e}");
                        None
                    }
                }
            }
            _ => None,
        };
        let flag = Arc::clone(&stop);
        let pump = std::thread::Builder::new()
            .name("viva-answer".into())
            .spawn(move || pump(capture, flag, live_rx, on_event))
            .map_err(|source| PracticeError::Io {
                path: path.clone(),
                source,
            })?;
        Ok(Answering {
            session_id,
            attempt_id,
            question,
            path,
            device,
            stop,
            pump,
            live,
            follow_up,
            asks_follow_up,
            _recording: recording,
        })
    }

    /// Whether recording ended by itself (silence, maximum length, a lost device).
    pub fn is_finished(&self) -> bool {
        self.pump.is_finished()
    }

    /// Whether the answer is being transcribed while it is spoken.
    pub fn is_live(&self) -> bool {
        self.live.is_some()
    }

    /// Ends recording and live transcription; the recognizer goes back into `recognizer`
    /// (unless one was put there meanwhile) whatever else happens.
    fn stop_all(
        self,
        recognizer: &mut Option<Recognizer>,
    ) -> (
        Finished,
        Result<Recorded, PracticeError>,
        Option<LiveResult>,
    ) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(live) = &self.live {
            live.hurry();
        }
        let recorded = match self.pump.join() {
            Ok(r) => r.map_err(PracticeError::from),
            Err(_) => Err(PracticeError::RecorderPanicked),
        };
        let live = self.live.and_then(Live::finish).map(|outcome| {
            if recognizer.is_none() {
                *recognizer = Some(outcome.recognizer);
            }
            (outcome.transcript, outcome.stats)
        });
        let finished = Finished {
            session_id: self.session_id,
            attempt_id: self.attempt_id,
            question: self.question,
            path: self.path,
            follow_up: self.follow_up,
            asks_follow_up: self.asks_follow_up,
            _recording: self._recording,
        };
        (finished, recorded, live)
    }

    /// Stops, transcribes, scores and keeps the answer. A live answer has only its tail left
    /// to transcribe; if live transcription failed, the saved recording is transcribed whole.
    /// If that fails too, the attempt stays unfinished, with its audio, and [`recover`] scores
    /// it at the next start. `recognizer` gets the live recognizer back, and is used for the
    /// batch transcript when there is no live one.
    pub fn finish(
        self,
        store: &Store,
        recognizer: &mut Option<Recognizer>,
        targets: &DeliveryTargets,
    ) -> Result<AnswerResult, PracticeError> {
        self.stop(recognizer)?.keep(store, targets)
    }

    /// [`Answering::finish`], and what live transcription did (`None` if it was not live).
    pub fn finish_with_stats(
        self,
        store: &Store,
        recognizer: &mut Option<Recognizer>,
        targets: &DeliveryTargets,
    ) -> Result<(AnswerResult, Option<LiveStats>), PracticeError> {
        let heard = self.stop(recognizer)?;
        let stats = heard.stats.clone();
        Ok((heard.keep(store, targets)?, stats))
    }

    /// The first half of [`Answering::finish`]: stops recording and transcribes the answer,
    /// without the store, so a caller that shares the store keeps it free meanwhile (the app's
    /// window reads history while an answer is transcribed).
    pub fn stop(self, recognizer: &mut Option<Recognizer>) -> Result<Heard, PracticeError> {
        let began = Instant::now();
        let (finished, recorded, live) = self.stop_all(recognizer);
        let stopped = began.elapsed();
        let recorded = recorded?;
        let (transcript, stats) = match live {
            Some((Ok(transcript), stats)) => (on_file(transcript, &recorded), Some(stats)),
            other => {
                let stats = other.map(|(_, s)| s);
                let recognizer = recognizer.as_mut().ok_or(PracticeError::NoRecognizer)?;
                (transcribe_recording(recognizer, &recorded)?, stats)
            }
        };
        tracing::debug!(
            "stop: recorder and live thread ended after {:.3} s, transcript at {:.3} s; live: \
             {stats:?}",
            stopped.as_secs_f64(),
            began.elapsed().as_secs_f64()
        );
        Ok(Heard {
            finished,
            transcript,
            recorded,
            stats,
        })
    }

    /// Stops and throws the answer away, audio included; the recognizer goes back.
    pub fn cancel(
        self,
        store: &Store,
        recognizer: &mut Option<Recognizer>,
    ) -> Result<(), PracticeError> {
        let id = self.attempt_id;
        let follow_up = self.follow_up.is_some();
        // A recording that failed is deleted all the same.
        let _ = self.stop_all(recognizer);
        match follow_up {
            // The answer it followed stays.
            true => store.drop_follow_up(id)?,
            false => store.delete_attempt(id)?,
        }
        Ok(())
    }
}

/// The live transcript as the batch one would be: nothing if no answer was detected, and the
/// saved file's length.
fn on_file(mut transcript: Transcript, recorded: &Recorded) -> Transcript {
    if recorded.speech_start.is_none() {
        transcript.words.clear();
    }
    transcript.duration_s = Some(recorded.duration.as_secs_f64());
    transcript
}

/// The microphone, or a replay through the same pipeline.
enum Capture {
    Device(Recording),
    Replay {
        events: Receiver<Event>,
        worker: JoinHandle<Result<Recorded, AudioError>>,
        stop: Arc<AtomicBool>,
    },
}

impl Capture {
    fn replay(
        samples: Vec<f32>,
        speed: f64,
        config: RecordConfig,
        path: PathBuf,
        chunks: Option<Sender<Chunk>>,
        stop: Arc<AtomicBool>,
    ) -> Result<Capture, AudioError> {
        let (tx, events) = mpsc::channel();
        let mut pipeline = Pipeline::new(config, 16_000, &path, Some(tx), chunks)?;
        let flag = Arc::clone(&stop);
        let worker = std::thread::Builder::new()
            .name("viva-replay".into())
            .spawn(move || {
                let began = Instant::now();
                // 10 ms blocks, as a sound card delivers them.
                for (i, block) in samples.chunks(160).enumerate() {
                    if flag.load(Ordering::Relaxed) {
                        return pipeline.finish(StopReason::Stopped);
                    }
                    if speed > 0.0 {
                        let due = Duration::from_secs_f64(i as f64 * 0.01 / speed);
                        if let Some(wait) = due.checked_sub(began.elapsed()) {
                            std::thread::sleep(wait);
                        }
                    }
                    if let Some(reason) = pipeline.push(block)? {
                        return pipeline.finish(reason);
                    }
                }
                while !flag.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(1));
                }
                pipeline.finish(StopReason::Stopped)
            })
            .map_err(|e| AudioError::DeviceUnusable {
                name: "replay".into(),
                detail: e.to_string(),
            })?;
        Ok(Capture::Replay {
            events,
            worker,
            stop,
        })
    }

    fn device_name(&self) -> String {
        match self {
            Capture::Device(r) => r.device_name().to_owned(),
            Capture::Replay { .. } => "a replay".into(),
        }
    }

    fn events(&self) -> &Receiver<Event> {
        match self {
            Capture::Device(r) => r.events(),
            Capture::Replay { events, .. } => events,
        }
    }

    fn stop(&self) {
        match self {
            Capture::Device(r) => r.stop(),
            Capture::Replay { stop, .. } => stop.store(true, Ordering::Relaxed),
        }
    }

    fn wait(self) -> Result<Recorded, AudioError> {
        match self {
            Capture::Device(r) => r.wait(),
            Capture::Replay { worker, .. } => match worker.join() {
                Ok(r) => r,
                Err(panic) => std::panic::resume_unwind(panic),
            },
        }
    }
}

/// Forwards the recorder's events and the live transcript, and stops the recorder when asked;
/// says so when it stopped by itself.
fn pump(
    recording: Capture,
    stop: Arc<AtomicBool>,
    live: Receiver<AnswerEvent>,
    on_event: EventSink,
) -> Result<Recorded, AudioError> {
    let mut asked = false;
    loop {
        if !asked && stop.load(Ordering::Relaxed) {
            recording.stop();
            asked = true;
        }
        let event = recording.events().recv_timeout(Duration::from_millis(20));
        // Each live update holds the whole transcript so far: only the latest matters.
        if let Some(update) = live.try_iter().last() {
            on_event(update);
        }
        match event {
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
    let recorded = match recording.wait() {
        Ok(recorded) => recorded,
        Err(e) => {
            // The recorder failed mid-answer (a full disk): the window learns at once, not when
            // the user presses stop, and the attempt stays to be recovered.
            on_event(AnswerEvent::Stopped {
                reason: StopKind::WriteFailed,
                problem: Some(e.to_string()),
            });
            return Err(e);
        }
    };
    if !asked || !matches!(recorded.reason, StopReason::Stopped) {
        on_event(AnswerEvent::Stopped {
            reason: StopKind::from(&recorded.reason),
            problem: recorded.problem().map(|p| p.to_string()),
        });
    }
    Ok(recorded)
}

/// A recorded and transcribed answer, not yet scored and kept.
pub struct Heard {
    finished: Finished,
    transcript: Transcript,
    recorded: Recorded,
    /// What live transcription did (`None` if it was not live).
    pub stats: Option<LiveStats>,
}

impl Heard {
    /// Scores the answer and saves the attempt as complete.
    pub fn keep(
        self,
        store: &Store,
        targets: &DeliveryTargets,
    ) -> Result<AnswerResult, PracticeError> {
        self.finished
            .keep(store, self.transcript, &self.recorded, targets)
    }
}

/// A recorded answer waiting for its transcript.
pub struct Finished {
    pub session_id: i64,
    pub attempt_id: i64,
    pub question: Question,
    pub path: PathBuf,
    /// Set when this answers a follow-up of the attempt.
    pub follow_up: Option<Probe>,
    asks_follow_up: bool,
    /// Still held: the attempt is not complete until [`Finished::keep`] has saved it.
    _recording: viva_store::RecordingLock,
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
        if let Some(probe) = &self.follow_up {
            return self.keep_follow_up(store, probe, transcript, recorded, targets);
        }
        let began = Instant::now();
        let assessment = assess(&self.question, &transcript, targets);
        let scored = began.elapsed();
        store.finish_attempt(
            self.attempt_id,
            &transcript,
            &assessment,
            transcript.model.as_deref(),
            viva_core::schedule::grade(&assessment, targets).recall,
        )?;
        let saved = began.elapsed();
        let (next_review, baseline) = crate::due::after_answer(store, self.attempt_id, targets);
        tracing::debug!(
            "kept: scored at {:.3} s, saved at {:.3} s, schedule and baseline at {:.3} s",
            scored.as_secs_f64(),
            saved.as_secs_f64(),
            began.elapsed().as_secs_f64()
        );
        let follow_up_question = match self.asks_follow_up {
            true => follow_up::probe(&self.question, &assessment),
            false => None,
        };
        Ok(AnswerResult {
            session_id: self.session_id,
            attempt_id: self.attempt_id,
            question: self.question,
            transcript,
            assessment,
            audio_path: Some(self.path),
            problem: recorded.problem().map(|p| p.to_string()),
            next_review,
            baseline,
            follow_up_question,
            follow_up: None,
        })
    }

    /// Judges a follow-up answer against the point it probed and keeps it with its attempt:
    /// the result is the attempt's, with the follow-up added.
    fn keep_follow_up(
        &self,
        store: &Store,
        probe: &Probe,
        transcript: Transcript,
        recorded: &Recorded,
        targets: &DeliveryTargets,
    ) -> Result<AnswerResult, PracticeError> {
        let attempt = store.attempt(self.attempt_id)?;
        let judged = follow_up::judge(&attempt.question, probe, &attempt.assessment, &transcript);
        store.finish_follow_up(attempt.id, &judged, false)?;
        let (next_review, baseline) = crate::due::after_answer(store, attempt.id, targets);
        Ok(AnswerResult {
            session_id: attempt.session_id,
            attempt_id: attempt.id,
            question: attempt.question,
            transcript: attempt.transcript,
            assessment: attempt.assessment,
            audio_path: attempt.audio_path,
            problem: recorded.problem().map(|p| p.to_string()),
            next_review,
            baseline,
            follow_up_question: None,
            follow_up: Some(judged),
        })
    }
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

/// What a recording cut off by a crash holds, once its header is repaired, and why it could not
/// be transcribed if it could not. Whatever goes wrong here must not stop today's practice: the
/// attempt is kept either way, with what could be recovered.
fn transcribe_cut_off(
    path: &std::path::Path,
    recognizer: &mut Recognizer,
    what: &str,
) -> (Transcript, Option<String>) {
    match viva_audio::repair(path) {
        Ok(_) => match read_audio(path).and_then(|samples| recognizer.transcribe(&samples)) {
            Ok(t) => (to_transcript(&t), None),
            Err(e) => (
                Transcript::default(),
                Some(format!(
                    "could not transcribe the cut-off {what} in {}: {e}",
                    path.display()
                )),
            ),
        },
        // The crash came before the first sample was written: nothing to recover.
        Err(_) => (Transcript::default(), None),
    }
}

/// An answer cut off by a crash, now finished.
#[derive(Debug, Clone)]
pub struct Recovered {
    pub attempt_id: i64,
    pub session_id: i64,
    pub question_id: String,
    /// Why it could not be transcribed, if it could not; the attempt is kept either way.
    pub problem: Option<String>,
    /// It was the answer to the attempt's follow-up.
    pub follow_up: bool,
}

/// Finishes answers cut off by a crash or power loss: the recording's header is repaired and
/// what it holds is transcribed and scored, so at most the last second is lost.
///
/// `store` gives the history for each database call and no longer: transcribing a long
/// recording takes seconds, and the app's window reads history meanwhile.
pub fn recover<S: std::ops::Deref<Target = Store>>(
    store: impl Fn() -> S,
    recognizer: &mut Recognizer,
    targets: &DeliveryTargets,
) -> Result<Vec<Recovered>, PracticeError> {
    let mut recovered = Vec::new();
    let unfinished = store().unfinished()?;
    for attempt in unfinished {
        let Some(path) = attempt.audio_path.as_deref() else {
            continue;
        };
        let (transcript, problem) = transcribe_cut_off(path, recognizer, "answer");
        let assessment = assess(&attempt.question, &transcript, targets);
        let store = store();
        store.finish_attempt(
            attempt.id,
            &transcript,
            &assessment,
            transcript.model.as_deref(),
            viva_core::schedule::grade(&assessment, targets).recall,
        )?;
        store.mark_interrupted(attempt.id)?;
        recovered.push(Recovered {
            attempt_id: attempt.id,
            session_id: attempt.session_id,
            question_id: attempt.question.id.clone(),
            problem,
            follow_up: false,
        });
    }
    // Follow-up answers cut off the same way: judged with what their audio holds.
    for attempt in store().unfinished_follow_ups()? {
        let (Some(path), Some(pending)) = (attempt.follow_up_audio.as_deref(), &attempt.follow_up)
        else {
            continue;
        };
        let (transcript, problem) = transcribe_cut_off(path, recognizer, "follow-up answer");
        let judged = follow_up::judge(
            &attempt.question,
            &pending.probe,
            &attempt.assessment,
            &transcript,
        );
        store().finish_follow_up(attempt.id, &judged, true)?;
        recovered.push(Recovered {
            attempt_id: attempt.id,
            session_id: attempt.session_id,
            question_id: attempt.question.id.clone(),
            problem,
            follow_up: true,
        });
    }
    Ok(recovered)
}
