use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::Args;
use viva_core::{Assessment, Transcript, Verdict, assess};
use viva_practice::keep::keep_answer;
use viva_practice::{SessionMode, read_audio, to_transcript};

use super::Context;
use super::speech::recognizer;
use crate::output::{clock, print_json};

#[derive(Args)]
#[command(group = clap::ArgGroup::new("answer").required(true).args(["text", "audio"]))]
pub struct ScoreArgs {
    /// Question id (or DECK/QUESTION); `viva decks show` lists them
    #[arg(long, short)]
    question: String,
    /// The answer as text: a file, or - for standard input
    #[arg(long, value_name = "FILE|-")]
    text: Option<PathBuf>,
    /// The answer as a recording (WAV): transcribed locally, so pace and pauses are measured too
    #[arg(long, value_name = "FILE")]
    audio: Option<PathBuf>,
    /// Speech model for --audio: a name or a path [default: the default model]
    #[arg(long, value_name = "NAME|PATH", requires = "audio")]
    model: Option<String>,
    /// Print the assessment as JSON (see docs/cli.md)
    #[arg(long)]
    json: bool,
    /// Keep the attempt in your history
    #[arg(long)]
    save: bool,
}

pub fn run(ctx: &Context, args: ScoreArgs) -> Result<ExitCode> {
    let lib = ctx.library();
    let (deck, question) = lib.find_question(&args.question)?;
    let (transcript, samples) = match (&args.text, &args.audio) {
        (Some(text), _) => (Transcript::from_text(&read_text(text)?), None),
        (None, Some(audio)) => {
            let samples = read_audio(audio)?;
            let mut recognizer = recognizer(ctx, args.model.as_deref())?;
            (
                to_transcript(&recognizer.transcribe(&samples)?),
                Some(samples),
            )
        }
        (None, None) => unreachable!("clap requires --text or --audio"),
    };
    let targets = ctx.settings().targets();
    let assessment = assess(question, &transcript, &targets);

    let saved = if args.save {
        let store = ctx.store()?;
        let kept = keep_answer(
            &store,
            &deck.id,
            question,
            &transcript,
            &assessment,
            &targets,
            samples.as_deref(),
            SessionMode::Cli,
        )?;
        Some((kept.session_id, kept.attempt_id))
    } else {
        None
    };

    if args.json {
        let mut value = serde_json::to_value(&assessment)?;
        if let Some((session_id, attempt_id)) = saved {
            value["saved"] =
                serde_json::json!({"session_id": session_id, "attempt_id": attempt_id});
        }
        print_json(&value)?;
    } else {
        println!("{}\n", question.prompt);
        print_assessment(&assessment, &transcript);
        if let Some((session_id, attempt_id)) = saved {
            println!("\nSaved as attempt {attempt_id} in session {session_id}.");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn read_text(path: &PathBuf) -> Result<String> {
    if path.as_os_str() == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .context("reading the answer from standard input")?;
        return Ok(s);
    }
    std::fs::read_to_string(path)
        .with_context(|| format!("reading the answer from {}", path.display()))
}

pub fn print_assessment(a: &Assessment, transcript: &Transcript) {
    println!("Score {}/100", a.score);
    let with = |v: Verdict| a.concepts.iter().filter(move |c| c.verdict() == v);
    let misconceptions: Vec<_> = with(Verdict::Misconception).collect();
    if !misconceptions.is_empty() {
        println!("\nMisconceptions (each costs what it would have earned)");
        for c in misconceptions {
            let Some(m) = &c.misconception else { continue };
            let when = m
                .start_s
                .map(|s| format!(" at {}", clock(s)))
                .unwrap_or_default();
            println!("  ! {:<28} \"{}\"{when} ({})", c.name, m.heard, m.how);
            println!("    true: {}", m.truth);
        }
    }
    for (title, mark, v) in [
        ("Covered", "✓", Verdict::Covered),
        ("Mentioned only (half credit)", "~", Verdict::Mentioned),
    ] {
        let hit: Vec<_> = with(v).collect();
        if hit.is_empty() {
            continue;
        }
        println!("\n{title}");
        for c in hit {
            let when = c
                .start_s
                .map(|s| format!(" at {}", clock(s)))
                .unwrap_or_default();
            let kind = c
                .kind
                .map(|k| format!("{k:?}").to_lowercase())
                .unwrap_or_default();
            println!(
                "  {mark} {:<28} \"{}\"{when} ({kind})",
                c.name,
                c.heard.as_deref().unwrap_or("")
            );
            if let Some(note) = &c.note {
                println!("    {note}");
            }
        }
    }
    let missed: Vec<_> = with(Verdict::Missed).collect();
    if !missed.is_empty() {
        println!("\nMissed");
        for c in missed {
            println!("  ✗ {}", c.name);
            if let Some(note) = &c.note {
                println!("    {note}");
            }
        }
    }
    let m = &a.metrics;
    println!("\nDelivery\n  {} words", m.word_count);
    for r in m.measures.iter().filter(|r| r.is_measured()) {
        let note = r
            .note
            .as_deref()
            .map(|n| format!(" · {n}"))
            .unwrap_or_default();
        println!(
            "  {} {:<19} {:<22} target {}{note}",
            r.verdict.mark(),
            r.name,
            r.value,
            r.target
        );
    }
    if !transcript.is_timed() && m.word_count > 0 {
        println!("  no timings (typed answer): pace, pauses and the first word need a recording");
    }
    println!("\nTips");
    for t in &a.tips {
        println!("  • {t}");
    }
}
