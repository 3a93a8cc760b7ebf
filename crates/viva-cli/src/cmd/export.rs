use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use viva_practice::{Format, Replace, export_session};

use super::Context;

#[derive(Args)]
pub struct ExportArgs {
    /// Session id (`viva history` lists them)
    session: i64,
    /// md, html, json or csv
    #[arg(long, default_value = "md", value_parser = clap::value_parser!(Format))]
    format: Format,
    /// Write to this file instead of standard output (an existing file is not overwritten
    /// unless --force)
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
    #[arg(long, requires = "out")]
    force: bool,
}

pub fn run(ctx: &Context, args: ExportArgs) -> Result<ExitCode> {
    let store = ctx.store()?;
    match &args.out {
        None => {
            let text = store.report(args.session)?.render(args.format);
            std::io::stdout().write_all(text.as_bytes())?;
        }
        Some(path) => {
            let replace = if args.force {
                Replace::Yes
            } else {
                Replace::No
            };
            let path = export_session(&store, args.session, args.format, path, replace)?;
            eprintln!("Wrote {}", path.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}
