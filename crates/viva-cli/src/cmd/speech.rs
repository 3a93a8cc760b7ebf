//! Speech recognition for the commands that take audio: the model is resolved from the data
//! folder and run in a worker process (this same executable), so a whisper.cpp abort on a
//! corrupt model ends the worker, not the command. The recognizer is viva-practice's, the
//! same one the desktop app runs.

use std::path::Path;

use anyhow::Result;
use viva_core::Transcript;
use viva_practice::Transcription;
use viva_practice::WorkerCommand;

use super::Context;

/// The hidden subcommand that runs the worker loop.
pub const WORKER_COMMAND: &str = "asr-worker";

pub struct Recognizer(viva_practice::Recognizer);

impl Recognizer {
    /// Starts a worker with `model` (a name or a path), or the default model.
    pub fn start(ctx: &Context, model: Option<&str>) -> Result<Recognizer> {
        let store = ctx.data()?.models();
        let worker = WorkerCommand::current_exe(WORKER_COMMAND)?;
        Ok(Recognizer(viva_practice::Recognizer::start(
            &worker, &store, model,
        )?))
    }

    /// Transcribes 16 kHz mono samples.
    pub fn transcribe(&mut self, samples: &[f32]) -> Result<Transcription> {
        Ok(self.0.transcribe(samples)?)
    }

    /// The practice loop's recognizer, for `viva practice`.
    pub fn into_inner(self) -> viva_practice::Recognizer {
        self.0
    }
}

/// The recogniser's result in the form scoring and history use.
pub fn to_transcript(t: &Transcription) -> Transcript {
    viva_practice::to_transcript(t)
}

/// Reads an audio file as 16 kHz mono samples.
pub fn read_audio(path: &Path) -> Result<Vec<f32>> {
    Ok(viva_practice::read_audio(path)?)
}

/// Runs the worker loop on stdin/stdout (the hidden `asr-worker` subcommand).
pub fn serve() -> Result<()> {
    Ok(viva_practice::serve_worker()?)
}
