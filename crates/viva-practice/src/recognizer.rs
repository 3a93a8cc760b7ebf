//! Speech recognition in a worker process, so a whisper.cpp abort on a corrupt model ends the
//! worker, not the app or the command. The worker is the calling executable itself, started with
//! a hidden argument, so a shipped app needs no second binary.

use std::path::{Path, PathBuf};

use viva_asr::engine::{Options, Transcription};
use viva_asr::models::ModelStore;
use viva_asr::worker::Client;
use viva_audio::vad::VadConfig;
use viva_core::{Transcript, Word};

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

    /// The model file this recogniser runs.
    pub fn model_path(&self) -> &Path {
        &self.model
    }

    /// Transcribes 16 kHz mono samples: audio longer than one window in pieces cut at
    /// pauses (see [`crate::pieces`]), their times put back on the whole audio's clock.
    pub fn transcribe(&mut self, samples: &[f32]) -> Result<Transcription, PracticeError> {
        let options = Options::default();
        let mut pieces = crate::pieces::pieces(samples, &VadConfig::default()).into_iter();
        let first = pieces.next().unwrap_or(0..0);
        let mut whole = self.transcribe_with(&samples[first], &options)?;
        for piece in pieces {
            let offset = piece.start as f64 / crate::RATE as f64;
            let part = self.transcribe_with(&samples[piece], &options)?;
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
        whole.duration = samples.len() as f64 / crate::RATE as f64;
        Ok(whole)
    }

    /// Transcribes with other decoding options (live pieces fit the encoder's context).
    pub fn transcribe_with(
        &mut self,
        samples: &[f32],
        options: &Options,
    ) -> Result<Transcription, PracticeError> {
        Ok(self.client.transcribe(samples, options)?)
    }
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
