use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, Subcommand};

use super::Context;
use crate::output::print_json;

#[derive(Args)]
pub struct HistoryArgs {
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
pub enum SessionsCommand {
    /// Show a session's attempts
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Delete a session, its attempts and their recordings
    Delete { id: i64 },
}

pub fn history(ctx: &Context, args: HistoryArgs) -> Result<ExitCode> {
    let sessions = ctx.store()?.sessions()?;
    if args.json {
        print_json(&sessions)?;
    } else if sessions.is_empty() {
        println!(
            "No practice sessions yet. Try `viva score --question gil --text answer.txt --save`."
        );
    } else {
        println!(
            "{:>5}  {:<20} {:<20} {:>9} {:>8} {:>6}",
            "id", "started", "deck", "questions", "attempts", "score"
        );
        for s in sessions {
            let avg = s
                .average_score
                .map(|a| format!("{a:.0}"))
                .unwrap_or_else(|| "–".into());
            println!(
                "{:>5}  {:<20} {:<20} {:>9} {:>8} {:>6}",
                s.id,
                local_time(&s.started_at),
                s.deck_id,
                s.questions,
                s.attempts,
                avg
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn sessions(ctx: &Context, command: SessionsCommand) -> Result<ExitCode> {
    match command {
        SessionsCommand::Show { id, json } => {
            let session = ctx.store()?.session(id)?;
            if json {
                print_json(&session)?;
            } else {
                let s = &session.summary;
                println!(
                    "Session {} · {} · {} · {} attempt(s)",
                    s.id,
                    local_time(&s.started_at),
                    s.deck_id,
                    s.attempts
                );
                for a in &session.attempts {
                    println!(
                        "\n#{} {} — {}/100 ({})",
                        a.id,
                        a.question.id,
                        a.assessment.score,
                        local_time(&a.created_at)
                    );
                    println!("  {}", a.question.prompt);
                    let text = a.transcript.text();
                    println!(
                        "  \"{}\"",
                        if text.is_empty() {
                            "(no speech)".into()
                        } else {
                            text
                        }
                    );
                    if let Some(p) = &a.audio_path {
                        println!("  recording: {}", p.display());
                    }
                    if let Some(f) = &a.follow_up {
                        println!(
                            "  follow-up: {} \"{}\" ({}; {}/100 with it)",
                            f.probe.prompt,
                            f.transcript.text(),
                            if f.recovered {
                                "recovered"
                            } else {
                                "not recovered"
                            },
                            f.with_follow_up
                        );
                    }
                }
            }
        }
        SessionsCommand::Delete { id } => {
            ctx.store()?.delete_session(id)?;
            println!("Deleted session {id}.");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// "2026-11-25 14:03" in the user's time zone, or the stored text if it does not parse.
fn local_time(rfc3339: &str) -> String {
    rfc3339
        .parse::<jiff::Timestamp>()
        .map(|t| {
            t.to_zoned(jiff::tz::TimeZone::system())
                .strftime("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_else(|_| rfc3339.to_string())
}
