//! The data folder, and the only place that knows its layout: the history database and the
//! recordings (viva-store), the speech models, the user's decks and the settings file.

use std::path::{Path, PathBuf};

use viva_core::Library;
use viva_models::models::ModelStore;
use viva_store::{Store, StoreError};

use crate::{PracticeError, Settings};

/// A data folder: `--data-dir`, `VIVA_DATA_DIR`, or the platform's (XDG on Linux).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir(PathBuf);

impl DataDir {
    /// `given` if any, else `VIVA_DATA_DIR`, else the platform's data folder for Viva.
    pub fn locate(given: Option<PathBuf>) -> Result<DataDir, PracticeError> {
        given
            .or_else(viva_store::default_data_dir)
            .map(DataDir)
            .ok_or(PracticeError::NoDataDir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// The installed speech models. The data folder is made first, private, if it is missing
    /// (installing a model is often the first thing written there).
    pub fn models(&self) -> ModelStore {
        if let Err(e) = viva_store::create_data_dir(&self.0) {
            tracing::warn!("{e}");
        }
        ModelStore::new(self.0.join("models"))
    }

    /// Where the user's own decks live (`*.toml`).
    pub fn decks_dir(&self) -> PathBuf {
        self.0.join("decks")
    }

    /// Built-in decks plus the user's own; broken ones are in `Library::broken`.
    pub fn library(&self) -> Library {
        Library::load(Some(&self.decks_dir()))
    }

    /// The practice history, created or upgraded as needed.
    pub fn store(&self) -> Result<Store, StoreError> {
        Store::open(&self.0)
    }

    /// The saved settings, or an error saying what is wrong with the file.
    pub fn settings(&self) -> Result<Settings, PracticeError> {
        Settings::load(&self.0)
    }
}
