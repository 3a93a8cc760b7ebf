use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;
use viva_core::Deck;
use viva_core::library::deck_files;

use super::Context;
use crate::output::print_json;

#[derive(Subcommand)]
pub enum DecksCommand {
    /// List the decks you can practise
    List {
        #[arg(long)]
        json: bool,
    },
    /// Show a deck's questions
    Show {
        /// Deck id [default: the first built-in deck]
        deck: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Check deck files (or folders of them) and report every problem with its line and column
    Validate {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Draft a deck of your own from Markdown notes: each heading is a question, the paragraphs
    /// under it its model answer; concepts are suggested from the answer for you to edit
    New {
        /// The notes (Markdown)
        #[arg(long, value_name = "NOTES.md")]
        from: PathBuf,
        /// The deck's id [default: from the file name]
        #[arg(long)]
        id: Option<String>,
        /// The deck's title [default: from the file name]
        #[arg(long)]
        title: Option<String>,
    },
    /// Add a deck file from anywhere to your decks (validated, then copied with its comments)
    Import { file: PathBuf },
    /// Write a deck (built-in or yours) to a file, to share it
    Export {
        id: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

pub fn run(ctx: &Context, command: DecksCommand) -> Result<ExitCode> {
    match command {
        DecksCommand::List { json } => {
            let lib = ctx.library();
            if json {
                let list: Vec<_> = lib
                    .decks
                    .iter()
                    .map(|d| serde_json::json!({"id": d.id, "title": d.title, "questions": d.questions.len(), "categories": d.categories()}))
                    .collect();
                print_json(&list)?;
            } else {
                for d in &lib.decks {
                    println!("{:<24} {} ({} questions)", d.id, d.title, d.questions.len());
                }
            }
        }
        DecksCommand::Show { deck, json } => {
            let lib = ctx.library();
            let deck = match &deck {
                Some(id) => lib.find_deck(id)?,
                None => lib
                    .decks
                    .first()
                    .ok_or_else(|| anyhow::anyhow!("no decks are installed"))?,
            };
            if json {
                print_json(deck)?;
            } else {
                show(deck);
            }
        }
        DecksCommand::Validate { paths } => return Ok(validate(&paths)),
        DecksCommand::New { from, id, title } => {
            let saved = viva_practice::decks::new_from_notes(
                &ctx.data()?,
                &from,
                id.as_deref(),
                title.as_deref(),
            )?;
            saved_deck(&saved, "Drafted");
            println!(
                "The concepts are suggestions from each model answer: check them in the app's \
                 deck editor (or edit the file), then `viva decks validate {}`.",
                saved.path.display()
            );
        }
        DecksCommand::Import { file } => {
            let saved = viva_practice::decks::open_deck_file(&ctx.data()?, &file)?;
            saved_deck(&saved, "Added");
        }
        DecksCommand::Export { id, out } => {
            let to = viva_practice::decks::export_deck(&ctx.data()?, &id, &out)?;
            println!("Wrote the deck {id:?} to {}", to.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn saved_deck(saved: &viva_practice::decks::SavedDeck, verb: &str) {
    let d = &saved.deck;
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    println!(
        "{verb} the deck {:?} ({}: {} in {}) as {}",
        d.title,
        d.id,
        plural(d.questions.len(), "question", "questions"),
        plural(d.categories().len(), "category", "categories"),
        saved.path.display()
    );
}

fn show(deck: &Deck) {
    println!("{} — {}", deck.id, deck.title);
    if !deck.description.is_empty() {
        println!("{}", deck.description);
    }
    for cat in deck.categories() {
        println!("\n{cat}");
        for q in deck.questions.iter().filter(|q| q.category == cat) {
            println!("  {:<36} {}", q.id, q.prompt);
        }
    }
}

fn validate(paths: &[PathBuf]) -> ExitCode {
    let mut failed = false;
    for path in paths {
        let files = if path.is_dir() {
            deck_files(path)
        } else {
            vec![path.clone()]
        };
        if files.is_empty() {
            eprintln!("viva: {}: no .toml deck files here", path.display());
            failed = true;
        }
        for file in files {
            match Deck::load(&file) {
                Ok(d) => {
                    println!(
                        "ok: {} ({}: {} questions in {} categories)",
                        file.display(),
                        d.id,
                        d.questions.len(),
                        d.categories().len()
                    );
                    // Read again for line numbers; a deck that just loaded is readable.
                    let source = std::fs::read_to_string(&file).unwrap_or_default();
                    for w in viva_core::authoring::warnings(&d, &source) {
                        eprintln!(
                            "warning: {}:{}:{}: {}\n  hint: {}",
                            file.display(),
                            w.line,
                            w.column,
                            w.message,
                            w.hint
                        );
                    }
                }
                Err(e) => {
                    eprintln!("{e}");
                    failed = true;
                }
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
