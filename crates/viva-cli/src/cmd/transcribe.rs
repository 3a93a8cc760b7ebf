use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use viva_practice::{read_audio, to_transcript};

use super::Context;
use super::speech::recognizer;
use crate::output::print_json;

#[derive(Args)]
pub struct TranscribeArgs {
    /// A WAV file (any sample rate and channel count)
    file: PathBuf,
    /// Speech model: an installed model's name or a path to a ggml file [default: the default model]
    #[arg(long, value_name = "NAME|PATH")]
    model: Option<String>,
    /// Print words with their timings as JSON (see docs/cli.md)
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &Context, args: TranscribeArgs) -> Result<ExitCode> {
    let samples = read_audio(&args.file)?;
    let mut recognizer = recognizer(ctx, args.model.as_deref())?;
    let transcription = recognizer.transcribe(&samples)?;
    if args.json {
        let transcript = to_transcript(&transcription);
        let mut value = serde_json::to_value(&transcript)?;
        value["text"] = transcription.text().into();
        print_json(&value)?;
    } else {
        println!("{}", transcription.text());
    }
    Ok(ExitCode::SUCCESS)
}
