//! `viva`: practise interview answers from the terminal, and script everything the app does.
//!
//! Exit codes: 0 success, 1 failure (message on stderr), 2 usage error.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cmd;
mod output;

#[derive(Parser)]
#[command(
    name = "viva",
    version,
    about = "Practise interview answers out loud, scored on your own machine."
)]
struct Cli {
    /// Where history, recordings, models and your own decks live [default: the platform data folder]
    #[arg(long, global = true, env = "VIVA_DATA_DIR", value_name = "DIR")]
    data_dir: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List, show and check question decks
    #[command(subcommand)]
    Decks(cmd::decks::DecksCommand),
    /// Score an answer against a question's model answer
    Score(cmd::score::ScoreArgs),
    /// List practice sessions, newest first
    History(cmd::history::HistoryArgs),
    /// Show or delete a practice session
    #[command(subcommand)]
    Sessions(cmd::history::SessionsCommand),
    /// Export a session report as Markdown, HTML, JSON or CSV
    Export(cmd::export::ExportArgs),
    /// Install, import, list and choose speech models
    #[command(subcommand)]
    Models(cmd::models::ModelsCommand),
    /// List microphones and speakers
    Devices(cmd::devices::DevicesArgs),
    /// Record an answer from the microphone, stopping when you finish speaking
    Record(cmd::record::RecordArgs),
    /// Play a recording
    Play(cmd::play::PlayArgs),
    /// Practise a question: read it, answer out loud, get the result, keep the attempt
    Practice(cmd::practice::PracticeArgs),
    /// What is due today (spaced repetition), and when each question comes back
    Due(cmd::due::DueArgs),
    /// Two answers to one question side by side: concepts, misconceptions, delivery, words
    Compare(cmd::compare::CompareArgs),
    /// Transcribe a recording with the local speech model
    Transcribe(cmd::transcribe::TranscribeArgs),
    /// Runs speech recognition for another viva process (internal)
    #[command(name = "asr-worker", hide = true)]
    AsrWorker,
    /// Converts a CTranslate2 folder for another viva process (internal)
    #[command(name = "convert-model", hide = true)]
    ConvertModel {
        src: std::path::PathBuf,
        dst: std::path::PathBuf,
    },
}

fn main() -> ExitCode {
    restore_sigpipe();
    viva_practice::init_logging();
    let cli = Cli::parse();
    let ctx = cmd::Context::new(cli.data_dir);
    let result = match cli.command {
        Command::Decks(c) => cmd::decks::run(&ctx, c),
        Command::Score(a) => cmd::score::run(&ctx, a),
        Command::History(a) => cmd::history::history(&ctx, a),
        Command::Sessions(c) => cmd::history::sessions(&ctx, c),
        Command::Export(a) => cmd::export::run(&ctx, a),
        Command::Models(c) => cmd::models::run(&ctx, c),
        Command::Devices(a) => cmd::devices::run(a),
        Command::Record(a) => cmd::record::run(a),
        Command::Play(a) => cmd::play::run(a),
        Command::Practice(a) => cmd::practice::run(&ctx, a),
        Command::Due(a) => cmd::due::run(&ctx, a),
        Command::Compare(a) => cmd::compare::run(&ctx, a),
        Command::Transcribe(a) => cmd::transcribe::run(&ctx, a),
        Command::AsrWorker => cmd::speech::serve().map(|()| ExitCode::SUCCESS),
        Command::ConvertModel { src, dst } => viva_practice::models::serve_conversion(&src, &dst)
            .map(|()| ExitCode::SUCCESS)
            .map_err(anyhow::Error::msg),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("viva: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Rust ignores SIGPIPE, which turns `viva decks show | head` into an error message; a command-line
/// tool should just stop quietly when its reader goes away.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any threads exist; SIG_DFL is always valid.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
