//! `viva due`: what spaced repetition has on the schedule, per deck.

use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::Args;

use super::Context;
use crate::output::print_json;

#[derive(Args)]
pub struct DueArgs {
    /// Deck [default: the first built-in deck]
    #[arg(long)]
    deck: Option<String>,
    /// Print today's agenda and every question's schedule as JSON
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &Context, args: DueArgs) -> Result<ExitCode> {
    let lib = ctx.library();
    let deck = match &args.deck {
        Some(id) => lib.find_deck(id)?,
        None => lib.decks.first().context("no decks are installed")?,
    };
    let store = ctx.store()?;
    let agenda = viva_practice::due::agenda(&store, deck, &ctx.settings())?;
    let schedule = viva_practice::due::schedule_of(&store, deck)?;
    if args.json {
        print_json(&serde_json::json!({
            "deck_id": deck.id,
            "agenda": agenda,
            "questions": schedule,
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{}: {} due today, {} new to start{}.",
        deck.title,
        agenda.due.len(),
        agenda.new.len(),
        agenda
            .next_due_in
            .as_ref()
            .map(|n| format!("; the next after today is due {n}"))
            .unwrap_or_default()
    );
    for id in agenda.due.iter().chain(&agenda.new) {
        if let Some(q) = deck.question(id) {
            let new = if agenda.new.contains(id) {
                "new"
            } else {
                "due"
            };
            println!("  {new:<4} {id:<24} {}", q.prompt);
        }
    }
    println!("\nPractise them with `viva practice --due`.");
    Ok(ExitCode::SUCCESS)
}
