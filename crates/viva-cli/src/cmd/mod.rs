//! One module per command group; each is a thin layer over the library crates.

use std::path::PathBuf;

use anyhow::{Context as _, Result, anyhow};
use viva_core::Library;
use viva_store::Store;

pub mod decks;
pub mod devices;
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
        Context {
            data_dir: data_dir.or_else(viva_store::default_data_dir),
        }
    }

    pub fn data_dir(&self) -> Result<PathBuf> {
        self.data_dir.clone().ok_or_else(|| {
            anyhow!(
                "cannot find a data folder for this user; pass --data-dir DIR or set VIVA_DATA_DIR"
            )
        })
    }

    /// Built-in decks plus the user's own (`<data dir>/decks/*.toml`). Broken user decks are
    /// reported on stderr and skipped, so one bad file never stops practice.
    pub fn library(&self) -> Library {
        let user = self.data_dir.as_ref().map(|d| d.join("decks"));
        let lib = Library::load(user.as_deref());
        for e in &lib.broken {
            eprintln!("viva: skipping a deck that does not load:\n{e}");
        }
        lib
    }

    pub fn store(&self) -> Result<Store> {
        let dir = self.data_dir()?;
        Store::open(&dir).with_context(|| format!("opening the history in {}", dir.display()))
    }
}
