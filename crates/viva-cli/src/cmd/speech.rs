//! Speech recognition for the commands that take audio: the model is resolved from the data
//! folder and run in a worker process (this same executable), so a whisper.cpp abort on a
//! corrupt model ends the worker, not the command.

use std::path::Path;

use anyhow::{Context as _, Result};
use viva_asr::engine::{Options, Transcription};
use viva_asr::models::ModelStore;
use viva_asr::worker::Client;
use viva_core::{Transcript, Word};

use super::Context;

/// The hidden subcommand that runs the worker loop.
pub const WORKER_COMMAND: &str = "asr-worker";

pub struct Recognizer {
    client: Client,
}

impl Recognizer {
    /// Starts a worker with `model` (a name or a path), or the default model.
    pub fn start(ctx: &Context, model: Option<&str>) -> Result<Recognizer> {
        let store = ModelStore::new(ctx.data_dir()?.join("models"));
        let model = match model {
            Some(m) => store.resolve(m)?,
            None => store.resolve_default()?,
        };
        let exe = std::env::current_exe()
            .context("finding the viva executable to run the speech worker")?;
        let mut client = Client::spawn(&exe, &[WORKER_COMMAND])?;
        client.load(&model)?;
        Ok(Recognizer { client })
    }

    /// Transcribes 16 kHz mono samples.
    pub fn transcribe(&mut self, samples: &[f32]) -> Result<Transcription> {
        Ok(self.client.transcribe(samples, &Options::default())?)
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
pub fn read_audio(path: &Path) -> Result<Vec<f32>> {
    Ok(viva_audio::wav::read_speech(path)?)
}

/// Runs the worker loop on stdin/stdout (the hidden `asr-worker` subcommand).
pub fn serve() -> Result<()> {
    viva_asr::worker::serve(std::io::stdin().lock(), std::io::stdout().lock())?;
    Ok(())
}
