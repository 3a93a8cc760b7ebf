//! Speech recognition for the commands that take audio: viva-practice's recognizer, the one
//! the desktop app runs, with the model resolved from the data folder and the worker run from
//! this same executable, so a whisper.cpp abort on a corrupt model ends the worker, not the
//! command.

use anyhow::Result;
use viva_practice::{Recognizer, WorkerCommand};

use super::Context;

/// The hidden subcommand that runs the worker loop.
pub const WORKER_COMMAND: &str = "asr-worker";

/// Starts a worker with `model` (a name or a path), or the default model.
pub fn recognizer(ctx: &Context, model: Option<&str>) -> Result<Recognizer> {
    let worker = WorkerCommand::current_exe(WORKER_COMMAND)?;
    Ok(Recognizer::start(&worker, &ctx.data()?.models(), model)?)
}

/// Runs the worker loop on stdin/stdout (the hidden `asr-worker` subcommand).
pub fn serve() -> Result<()> {
    Ok(viva_practice::serve_worker()?)
}
