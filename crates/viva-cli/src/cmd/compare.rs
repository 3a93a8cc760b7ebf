//! `viva compare`: two answers to one question side by side.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use viva_core::compare::{ConceptChange, DiffKind, Trend};

use super::Context;
use crate::output::print_json;

#[derive(Args)]
pub struct CompareArgs {
    /// An attempt id (from `viva sessions show`)
    attempt: i64,
    /// The attempt to compare it with [default: the answer to the same question just before it]
    other: Option<i64>,
    /// Print the comparison as JSON
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &Context, args: CompareArgs) -> Result<ExitCode> {
    let store = ctx.store()?;
    let targets = ctx.settings().targets();
    let c = viva_practice::compare::compare_attempts(&store, args.attempt, args.other, &targets)?;
    if args.json {
        print_json(&c)?;
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{}: attempt {} ({}) → attempt {} ({}), score {} → {} ({:+})",
        c.question_id,
        c.before.attempt_id,
        c.before.created_at,
        c.after.attempt_id,
        c.after.created_at,
        c.before.score,
        c.after.score,
        c.score_change
    );
    let changed: Vec<_> = c
        .concepts
        .iter()
        .filter(|d| d.change != ConceptChange::Same)
        .collect();
    if changed.is_empty() {
        println!("\nThe same concepts, judged the same way.");
    } else {
        println!("\nConcepts:");
        for d in changed {
            let what = match d.change {
                ConceptChange::Gained => "gained",
                ConceptChange::Lost => "lost",
                ConceptChange::Fixed => "misconception fixed",
                ConceptChange::NewMisconception => "new misconception",
                ConceptChange::Better => "now mentioned",
                ConceptChange::Worse => "now missed",
                ConceptChange::Same => "same",
            };
            let heard = d
                .heard_after
                .as_ref()
                .or(d.heard_before.as_ref())
                .map(|h| format!(" — “{h}”"))
                .unwrap_or_default();
            println!("  {what:<20} {}{heard}", d.name);
        }
    }
    println!("\nDelivery:");
    for d in &c.delivery {
        let trend = match d.trend {
            Trend::Better => "better",
            Trend::Worse => "worse",
            Trend::Same => "about the same",
            Trend::Unmeasured => "not measured in both",
        };
        println!(
            "  {:<20} {:>12} {} {:<12} {trend}",
            d.name, d.before, d.arrow, d.after
        );
    }
    println!("\nTranscript ([-only before-] {{+only now+}}):");
    let text: Vec<String> = c
        .transcript
        .iter()
        .map(|s| match s.kind {
            DiffKind::Same => s.text.clone(),
            DiffKind::Added => format!("{{+{}+}}", s.text),
            DiffKind::Removed => format!("[-{}-]", s.text),
        })
        .collect();
    println!("  {}", text.join(" "));
    Ok(ExitCode::SUCCESS)
}
