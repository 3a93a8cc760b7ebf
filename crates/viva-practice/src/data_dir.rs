//! The data folder, and the only place that knows its layout: the history database and the
//! recordings (viva-store), the speech models, the user's decks and the settings file.

use std::path::{Path, PathBuf};

use viva_core::Library;
use viva_models::models::ModelStore;
use viva_store::{Store, StoreError};

use crate::{PracticeError, Settings};

/// The data folder held for one app window ([`DataDir::claim_window`]).
#[derive(Debug)]
pub struct WindowClaim {
    _file: std::fs::File,
}

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

    /// Claims the data folder for one app window. The desktop app focuses a running window
    /// when it is launched again (over D-Bus); where that cannot work (no session bus), this
    /// lock still keeps two windows from sharing one history. The claim lasts while the value
    /// lives; the operating system lets go of it when the process ends, even by a crash.
    pub fn claim_window(&self) -> Result<WindowClaim, PracticeError> {
        viva_store::create_data_dir(&self.0)?;
        let path = self.0.join("window.lock");
        let io = |source| PracticeError::Io {
            path: path.clone(),
            source,
        };
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => Ok(WindowClaim { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(PracticeError::AlreadyOpen {
                data_dir: self.0.clone(),
            }),
            Err(std::fs::TryLockError::Error(e)) => Err(io(e)),
        }
    }

    /// A name for this data folder that fits a D-Bus name element (letters, digits and `_`,
    /// not starting with a digit), the same for every launch on the folder, so "one window"
    /// means one per data folder: a test's private folder never reaches the user's window.
    pub fn instance_name(&self) -> String {
        // FNV-1a: stable across Rust releases, unlike std's hasher, and all a name needs.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in self.0.as_os_str().as_encoded_bytes() {
            hash = (hash ^ u64::from(*byte)).wrapping_mul(0x100_0000_01b3);
        }
        format!("data_{hash:016x}")
    }

    /// The saved settings, or an error saying what is wrong with the file.
    pub fn settings(&self) -> Result<Settings, PracticeError> {
        Settings::load(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_window_claims_a_data_folder_until_it_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::locate(Some(dir.path().join("viva"))).unwrap();
        let first = data.claim_window().unwrap();
        let second = data.claim_window().unwrap_err();
        assert!(
            second.to_string().contains("already open"),
            "unexpected error: {second}"
        );
        drop(first);
        data.claim_window().unwrap();
    }

    #[test]
    fn a_data_folder_has_one_instance_name_that_fits_d_bus() {
        let a = DataDir::locate(Some("/home/a/.local/share/viva".into())).unwrap();
        let b = DataDir::locate(Some("/tmp/viva-test-1".into())).unwrap();
        assert_eq!(a.instance_name(), a.clone().instance_name());
        assert_ne!(a.instance_name(), b.instance_name());
        let name = a.instance_name();
        assert!(name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        assert!(!name.starts_with(|c: char| c.is_ascii_digit()));
    }
}
