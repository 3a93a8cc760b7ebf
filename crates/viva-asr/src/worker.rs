//! Crash isolation: recognition runs in a child process, so an abort inside whisper.cpp (a
//! corrupt model, a failed GGML_ASSERT) kills only that process, never the app or the CLI.
//!
//! Protocol, over the child's stdin/stdout:
//! - request: one JSON line (`Request`); a `transcribe` request is followed by
//!   `samples` little-endian f32 values (binary, so a 10-minute answer is 38 MB, not ~100 MB
//!   of JSON text, and no temp file is left behind if anything dies);
//! - response: one JSON line (`Response`). Lines that are not responses are ignored, in case
//!   native code ever prints to stdout.

mod client;
pub(crate) mod interrupt;
mod sigpipe;

use std::io::{self, BufRead, Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::engine::{Engine, EngineError, Options, Transcription};

pub use client::{Client, Deadlines, Stage, WorkerError};
pub use interrupt::Interrupter;

#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub(crate) enum Request {
    Load { path: PathBuf },
    Transcribe { samples: usize, options: Options },
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub(crate) enum Response {
    Loaded {
        model: String,
        multilingual: bool,
        /// The longest audio one pass hears, in seconds ([`SpeechEngine::window_s`]).
        #[serde(default = "whisper_window")]
        window_s: f64,
    },
    Transcribed {
        transcription: Transcription,
    },
    Failed {
        kind: FailureKind,
        message: String,
    },
}

/// Why a request failed inside a healthy worker; the message is already user-facing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureKind {
    ModelMissing,
    ModelInvalid,
    NoModel,
    Language,
    Transcribe,
}

impl From<&EngineError> for FailureKind {
    fn from(e: &EngineError) -> Self {
        match e {
            EngineError::ModelMissing { .. } => Self::ModelMissing,
            EngineError::ModelInvalid { .. } => Self::ModelInvalid,
            EngineError::Language { .. } => Self::Language,
            EngineError::Transcribe { .. } => Self::Transcribe,
        }
    }
}

/// What the worker serves: an engine that loads a model file and transcribes 16 kHz mono audio.
/// whisper.cpp's [`Engine`] is the one Viva has; the protocol above and everything beyond the
/// worker (the client, live transcription, scoring) know only this.
pub trait SpeechEngine: Sized {
    fn load(path: &Path) -> Result<Self, EngineError>;
    /// The user-facing name of the loaded model.
    fn model_name(&self) -> &str;
    fn is_multilingual(&self) -> bool;
    /// The longest audio one pass hears, in seconds: longer audio is heard in windows, and
    /// live transcription keeps each piece inside one.
    fn window_s(&self) -> f64;
    fn transcribe(
        &mut self,
        samples: &[f32],
        options: &Options,
    ) -> Result<Transcription, EngineError>;
}

/// Whisper's window: what a worker that does not say hears.
fn whisper_window() -> f64 {
    crate::engine::WINDOW_S
}

impl SpeechEngine for Engine {
    fn load(path: &Path) -> Result<Self, EngineError> {
        Engine::load(path)
    }

    fn model_name(&self) -> &str {
        Engine::model_name(self)
    }

    fn is_multilingual(&self) -> bool {
        Engine::is_multilingual(self)
    }

    fn window_s(&self) -> f64 {
        crate::engine::WINDOW_S
    }

    fn transcribe(
        &mut self,
        samples: &[f32],
        options: &Options,
    ) -> Result<Transcription, EngineError> {
        Engine::transcribe(self, samples, options)
    }
}

/// Answers requests until `input` ends. This is the body of the worker process; the `viva`
/// binary runs it from a hidden subcommand. Returns an error only when the stream itself is
/// broken (unparsable request, truncated samples, closed stdout).
pub fn serve<R: BufRead, W: Write>(input: R, output: W) -> io::Result<()> {
    serve_with::<Engine, R, W>(input, output)
}

/// [`serve`] with any [`SpeechEngine`].
pub fn serve_with<E: SpeechEngine, R: BufRead, W: Write>(
    mut input: R,
    mut output: W,
) -> io::Result<()> {
    interrupt::install();
    let mut engine: Option<E> = None;
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(());
        }
        if line.trim().is_empty() {
            continue;
        }
        let request: Request = serde_json::from_str(&line)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("bad request: {e}")))?;
        let response = match request {
            Request::Load { path } => {
                // Free the old model first: two models at once could double peak memory.
                engine = None;
                match E::load(&path) {
                    Ok(e) => {
                        let response = Response::Loaded {
                            model: e.model_name().to_owned(),
                            multilingual: e.is_multilingual(),
                            window_s: e.window_s(),
                        };
                        engine = Some(e);
                        response
                    }
                    Err(e) => failed(&e),
                }
            }
            Request::Transcribe { samples, options } => {
                // Read the payload even if there is no model, to stay in step with the client.
                let samples = read_samples(&mut input, samples)?;
                match engine.as_mut() {
                    None => Response::Failed {
                        kind: FailureKind::NoModel,
                        message: "no speech model is loaded".into(),
                    },
                    Some(engine) => match engine.transcribe(&samples, &options) {
                        Ok(transcription) => Response::Transcribed { transcription },
                        Err(e) => failed(&e),
                    },
                }
            }
        };
        serde_json::to_writer(&mut output, &response)?;
        output.write_all(b"\n")?;
        output.flush()?;
    }
}

fn failed(e: &EngineError) -> Response {
    Response::Failed {
        kind: e.into(),
        message: e.to_string(),
    }
}

fn read_samples<R: Read>(input: &mut R, count: usize) -> io::Result<Vec<f32>> {
    let mut bytes = vec![0u8; count * 4];
    input.read_exact(&mut bytes)?;
    Ok(bytes
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect())
}

pub(crate) fn write_samples<W: Write>(output: &mut W, samples: &[f32]) -> io::Result<()> {
    // Convert in blocks: one write per sample would be slow, one big buffer doubles memory.
    let mut block = Vec::with_capacity(4 * 4096);
    for chunk in samples.chunks(4096) {
        block.clear();
        block.extend(chunk.iter().flat_map(|s| s.to_le_bytes()));
        output.write_all(&block)?;
    }
    Ok(())
}
