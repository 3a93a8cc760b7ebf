//! One module per command group; each is a thin layer over the library crates.

use std::path::PathBuf;

use anyhow::{Context as _, Result};
use viva_core::Library;
use viva_practice::{DataDir, Settings, Store};

pub mod compare;
pub mod decks;
pub mod devices;
pub mod due;
pub mod export;
pub mod history;
pub mod models;
pub mod play;
pub mod practice;
pub mod record;
pub mod score;
pub mod speech;
pub mod transcribe;

/// What every command may need: where the data folder is.
pub struct Context {
    data_dir: Option<PathBuf>,
}

impl Context {
    pub fn new(data_dir: Option<PathBuf>) -> Context {
        Context { data_dir }
    }

    /// The data folder: `--data-dir`, `VIVA_DATA_DIR` or the platform's.
    pub fn data(&self) -> Result<DataDir> {
        Ok(DataDir::locate(self.data_dir.clone())?)
    }

    /// Built-in decks plus the user's own (`<data dir>/decks/*.toml`). Broken user decks are
    /// reported on stderr and skipped, so one bad file never stops practice.
    pub fn library(&self) -> Library {
        let lib = match self.data() {
            Ok(data) => data.library(),
            Err(_) => Library::load(None),
        };
        for e in &lib.broken {
            eprintln!("viva: skipping a deck that does not load:\n{e}");
        }
        lib
    }

    /// The user's settings; a broken settings file is reported and the defaults used, as the
    /// app does, so it never stops practice.
    pub fn settings(&self) -> Settings {
        match self.data().and_then(|d| Ok(d.settings()?)) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("viva: {e:#}; using the default settings");
                Settings::default()
            }
        }
    }

    pub fn store(&self) -> Result<Store> {
        let data = self.data()?;
        data.store()
            .with_context(|| format!("opening the history in {}", data.path().display()))
    }
}
