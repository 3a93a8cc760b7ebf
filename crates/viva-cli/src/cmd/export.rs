use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use clap::{Args, ValueEnum};
use viva_core::report::Format;

use super::Context;

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Md,
    Html,
    Json,
    Csv,
}

#[derive(Args)]
pub struct ExportArgs {
    /// Session id (`viva history` lists them)
    session: i64,
    #[arg(long, value_enum, default_value = "md")]
    format: FormatArg,
    /// Write to this file instead of standard output (an existing file is not overwritten
    /// unless --force)
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
    #[arg(long, requires = "out")]
    force: bool,
}

pub fn run(ctx: &Context, args: ExportArgs) -> Result<ExitCode> {
    let format = match args.format {
        FormatArg::Md => Format::Markdown,
        FormatArg::Html => Format::Html,
        FormatArg::Json => Format::Json,
        FormatArg::Csv => Format::Csv,
    };
    let text = ctx.store()?.report(args.session)?.render(format);
    match &args.out {
        None => std::io::stdout().write_all(text.as_bytes())?,
        Some(path) => {
            check_destination(path, args.force)?;
            std::fs::write(path, &text).with_context(|| format!("writing {}", path.display()))?;
            eprintln!("Wrote {}", path.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A report goes to a new file in an existing folder: never over a folder, and not over an
/// existing file unless asked, so a mistyped path cannot destroy anything.
fn check_destination(path: &Path, force: bool) -> Result<()> {
    if path.is_dir() {
        bail!(
            "{} is a folder; give a file name, e.g. {}",
            path.display(),
            path.join("session.html").display()
        );
    }
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !parent.is_dir() {
        bail!("the folder {} does not exist", parent.display());
    }
    if path.exists() && !force {
        bail!(
            "{} already exists; pass --force to replace it",
            path.display()
        );
    }
    Ok(())
}
