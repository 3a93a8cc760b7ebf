//! Speech recognition in a worker process, so a whisper.cpp abort on a corrupt model ends the
//! worker, not the app or the command. The worker is the calling executable itself, started with
//! a hidden argument, so a shipped app needs no second binary.

use std::path::{Path, PathBuf};

use viva_asr::engine::{Options, Transcription};
use viva_asr::worker::Client;
use viva_audio::vad::VadConfig;
use viva_core::{Transcript, Word};
use viva_models::models::ModelStore;

use crate::PracticeError;

/// How to start the worker: a program and the arguments that make it serve.
#[derive(Debug, Clone)]
pub struct WorkerCommand {
    pub program: PathBuf,
    pub args: Vec<String>,
}

impl WorkerCommand {
    /// This executable, run with `arg` (the hidden subcommand that serves the worker loop).
    pub fn current_exe(arg: &str) -> Result<WorkerCommand, PracticeError> {
        let program = std::env::current_exe().map_err(|source| PracticeError::Io {
            path: PathBuf::from("(this program)"),
            source,
        })?;
        Ok(WorkerCommand {
            program,
            args: vec![arg.to_string()],
        })
    }
}

pub struct Recognizer {
    client: Client,
    model: PathBuf,
}

impl Recognizer {
    /// Starts a worker with `model` (a name or a path in `models`), or the default model.
    pub fn start(
        worker: &WorkerCommand,
        models: &ModelStore,
        model: Option<&str>,
    ) -> Result<Recognizer, PracticeError> {
        let model = match model {
            Some(m) => models.resolve(m)?,
            None => models.resolve_default()?,
        };
        let args: Vec<&str> = worker.args.iter().map(String::as_str).collect();
        let mut client = Client::spawn(&worker.program, &args)?;
        client.load(&model)?;
        Ok(Recognizer { client, model })
    }

    /// A handle that stops the worker's tentative pass in flight, from another thread.
    pub fn interrupter(&self) -> viva_asr::worker::Interrupter {
        self.client.interrupter()
    }

    /// The model file this recogniser runs.
    pub fn model_path(&self) -> &Path {
        &self.model
    }

    /// The longest audio one pass hears, as the engine reports it (Whisper: 30 s).
    pub fn window(&self) -> std::time::Duration {
        std::time::Duration::from_secs_f64(self.client.window_s())
    }

    /// Transcribes 16 kHz mono samples: audio longer than one window in pieces cut at
    /// pauses (see [`crate::pieces`]), their times put back on the whole audio's clock.
    pub fn transcribe(&mut self, samples: &[f32]) -> Result<Transcription, PracticeError> {
        let options = Options::default();
        let max_piece = (self.window().as_secs_f64() * crate::RATE as f64) as usize;
        let max_piece = max_piece.saturating_sub(crate::pieces::MARGIN);
        let mut pieces =
            crate::pieces::pieces(samples, &VadConfig::default(), max_piece).into_iter();
        let first = pieces.next().unwrap_or(0..0);
        let mut whole = self.transcribe_to_the_end(&samples[first], &options)?;
        for piece in pieces {
            let offset = piece.start;
            let part = self.transcribe_to_the_end(&samples[piece], &options)?;
            append(&mut whole, part, offset);
        }
        whole.duration = samples.len() as f64 / crate::RATE as f64;
        Ok(whole)
    }

    /// Transcribes up to one window of speech to its last word. Whisper now and then ends a
    /// window early: with the filler prompt, 19 s of speech from two speakers came back as the
    /// first sentence alone (11 s), and whisper.cpp takes an end of text as the window done,
    /// so 12% of the words of a 180 s answer were lost. Speech after the last word heard is
    /// transcribed again on its own, until the words reach the last speech or a pass adds
    /// nothing.
    pub fn transcribe_to_the_end(
        &mut self,
        samples: &[f32],
        options: &Options,
    ) -> Result<Transcription, PracticeError> {
        let mut whole = self.transcribe_with(samples, options)?;
        let Some(last_speech) = crate::pieces::last_speech_end(samples, &VadConfig::default())
        else {
            return Ok(whole);
        };
        let mut from = 0;
        for _ in 0..MAX_RESUMES {
            let heard_to = whole.words().last().map_or(0.0, |w| w.end);
            let Some(cut) = resume_at(heard_to, last_speech, from, samples.len()) else {
                break;
            };
            let part = self.transcribe_with(&samples[cut..], options)?;
            if part.words().next().is_none() {
                break;
            }
            tracing::info!(
                "the transcript stopped at {heard_to:.1} s of {:.1} s of speech; went on from there",
                last_speech as f64 / crate::RATE as f64
            );
            append(&mut whole, part, cut);
            from = cut;
        }
        Ok(whole)
    }

    /// Transcribes with other decoding options (live pieces fit the encoder's context).
    pub fn transcribe_with(
        &mut self,
        samples: &[f32],
        options: &Options,
    ) -> Result<Transcription, PracticeError> {
        let started = std::time::Instant::now();
        let t = self.client.transcribe(samples, options)?;
        tracing::debug!(
            "a pass over {:.1} s took {:.2} s",
            samples.len() as f64 / crate::RATE as f64,
            started.elapsed().as_secs_f64()
        );
        Ok(t)
    }
}

/// Speech this long after the last word means the pass stopped early (a word's end time can
/// be half a second off, and a breath is not a word).
const RESUME_AFTER: usize = crate::RATE;
/// Passes after the first over one piece: each must move on, so this only bounds the cost.
const MAX_RESUMES: usize = 4;

/// Where to go on transcribing a piece whose words end at `heard_to` seconds, when its last
/// speech ends at sample `last_speech` and the last pass began at `from`: `None` when the words
/// reach the speech, or a pass would begin where the last one did (no progress).
fn resume_at(heard_to: f64, last_speech: usize, from: usize, len: usize) -> Option<usize> {
    let cut = ((heard_to.max(0.0) * crate::RATE as f64) as usize).min(len);
    (last_speech >= cut + RESUME_AFTER && cut > from).then_some(cut)
}

/// Adds the segments of `part`, a transcription of audio starting at sample `offset`, to
/// `whole`, on `whole`'s clock.
fn append(whole: &mut Transcription, part: Transcription, offset: usize) {
    let offset = offset as f64 / crate::RATE as f64;
    whole
        .segments
        .extend(part.segments.into_iter().map(|mut s| {
            s.start += offset;
            s.end += offset;
            for w in &mut s.words {
                w.start += offset;
                w.end += offset;
            }
            s
        }));
}

/// The recogniser's result in the form scoring and history use.
pub fn to_transcript(t: &Transcription) -> Transcript {
    Transcript {
        words: t
            .words()
            .map(|w| Word {
                word: w.text.trim().to_string(),
                start: Some(w.start),
                end: Some(w.end),
                p: Some(w.probability),
            })
            .filter(|w| !w.word.is_empty())
            .collect(),
        duration_s: Some(t.duration),
        language: Some(t.language.clone()),
        model: Some(t.model.clone()),
    }
}

/// Reads an audio file as 16 kHz mono samples.
pub fn read_audio(path: &Path) -> Result<Vec<f32>, PracticeError> {
    Ok(viva_audio::wav::read_speech(path)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: usize = crate::RATE;

    #[test]
    fn a_pass_that_stopped_early_goes_on_from_its_last_word() {
        // 19 s of speech, words up to 11 s: the rest is transcribed from 11 s.
        assert_eq!(resume_at(11.0, 19 * S, 0, 20 * S), Some(11 * S));
    }

    #[test]
    fn words_that_reach_the_speech_or_make_no_progress_end_it() {
        // Within a second of the last speech: done (a word's end can be half a second off).
        assert_eq!(resume_at(18.5, 19 * S, 0, 20 * S), None);
        // Nothing heard at all, or nothing past where the last pass began: no loop.
        assert_eq!(resume_at(0.0, 19 * S, 0, 20 * S), None);
        assert_eq!(resume_at(11.0, 19 * S, 11 * S, 20 * S), None);
    }
}
