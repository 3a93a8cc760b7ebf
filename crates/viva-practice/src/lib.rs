//! One practice loop shared by the desktop app and `viva practice`: plan which questions to ask,
//! record an answer to an attempt that exists before the first sample, transcribe it in a worker
//! process, score it and keep it. Both front ends stay thin by calling only this.

pub mod answer;
pub mod api;
pub mod compare;
mod data_dir;
pub mod decks;
pub mod due;
mod error;
pub mod export;
pub mod keep;
pub mod live;
pub mod models;
pub mod pieces;
pub mod plan;
pub mod recognizer;
pub mod settings;
pub mod status;

pub use answer::{Answering, Heard, Source, recover, transcribe_recording};
pub use api::*;
pub use data_dir::{DataDir, WindowClaim};
pub use error::PracticeError;
pub use export::{Replace, export_session};
pub use live::{LiveConfig, LiveStats};
pub use plan::{plan_questions, weakest};
pub use recognizer::{Recognizer, WorkerCommand, read_audio, to_transcript};
pub use settings::{FollowUps, Settings};
pub use viva_core::report::Format;

/// What the front ends show or drive from the crates below, named here so that the CLI and the
/// app depend on viva-practice alone (and viva-core for the judgments).
pub use viva_asr::engine::Transcription;
pub use viva_audio::{DeviceInfo, Player, input_devices, output_devices};
pub use viva_models::models::InstalledModel;
pub use viva_store::{
    Attempt, AttemptStatus, ScorePoint, Session, SessionMode, SessionSummary, Store,
};

/// Recording a WAV from the microphone (`viva record`) and reading WAV files.
pub mod audio {
    pub use viva_audio::level::measure as measure_level;
    pub use viva_audio::wav::{decode_file, downmix};
    pub use viva_audio::{
        Event, RecordConfig, RecordOptions, Recorded, Recording, StopReason, repair,
        start_recording,
    };
}

/// Sends the libraries' `tracing` events to stderr: warnings (a failed live pass, an unreadable
/// stored result) by default, more with `RUST_LOG` (`RUST_LOG=viva_practice::live=debug` traces
/// every live pass and the stop; `VIVA_LIVE_DEBUG=1` is short for that). Call once, first.
pub fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let mut filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn"));
    if std::env::var_os("VIVA_LIVE_DEBUG").is_some() {
        for directive in ["viva_practice::live=debug", "viva_practice::answer=debug"] {
            filter = filter.add_directive(directive.parse().expect("a valid directive"));
        }
    }
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .without_time()
        .with_target(false)
        .try_init();
}

/// Runs the speech worker loop on stdin and stdout: the hidden subcommand both front ends'
/// executables answer, so a whisper.cpp abort ends that process and not theirs.
pub fn serve_worker() -> std::io::Result<()> {
    viva_asr::worker::serve(std::io::stdin().lock(), std::io::stdout().lock())
}

/// The sample rate of everything the recognizer hears (Whisper's).
pub(crate) const RATE: usize = viva_asr::engine::SAMPLE_RATE as usize;

// The recorder writes and reads speech at the rate the engine hears: one number, two crates
// that do not know each other.
const _: () = assert!(viva_audio::wav::SPEECH_RATE == viva_asr::engine::SAMPLE_RATE);

/// An error and its causes on one line, for people: "cannot load x: file is truncated".
pub fn describe(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let more = s.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = s.source();
    }
    text
}
