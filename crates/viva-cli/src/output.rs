//! Shared output helpers: stable JSON on stdout, readable text for people.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

pub fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

pub use viva_core::report::clock;
