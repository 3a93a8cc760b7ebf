//! The installed models: `<data dir>/models/<name>.bin`, plus a one-line file naming the default.
//!
//! The directory is the whole state, so a user can also copy a ggml file in by hand. Files in
//! progress (`*.partial`) and hidden temporaries are never listed as models.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::catalog;

/// Holds the name of the default model; it has no `.bin` suffix, so no model name can clash.
const DEFAULT_FILE: &str = "default-model";
const EXT: &str = ".bin";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot access {path}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{name:?} is not a valid model name: {reason}")]
    BadName { name: String, reason: &'static str },
    #[error(
        "no model called {name:?} is installed ({}){}",
        installed_list(installed),
        install_hint(name)
    )]
    NotInstalled {
        name: String,
        installed: Vec<String>,
    },
    #[error("no model file at {path}")]
    NoSuchFile { path: PathBuf },
    #[error(
        "no speech model is installed: run `viva models install {}` (or `viva models import \
         PATH` for a file you have)",
        catalog::DEFAULT_MODEL
    )]
    NoModels,
}

fn installed_list(installed: &[String]) -> String {
    if installed.is_empty() {
        "none is installed".into()
    } else {
        format!("installed: {}", installed.join(", "))
    }
}

fn install_hint(name: &str) -> String {
    if catalog::lookup(name).is_some() {
        format!("; run `viva models install {name}`")
    } else {
        String::new()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InstalledModel {
    pub name: String,
    pub path: PathBuf,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size: u64,
    pub default: bool,
}

#[derive(Debug, Clone)]
pub struct ModelStore {
    dir: PathBuf,
}

/// Names become file names, so they are kept to a portable, unambiguous alphabet.
pub fn validate_name(name: &str) -> Result<(), StoreError> {
    let bad = |reason| {
        Err(StoreError::BadName {
            name: name.into(),
            reason,
        })
    };
    if name.is_empty() || name.len() > 64 {
        return bad("it must have 1 to 64 characters");
    }
    if name.starts_with(['.', '-']) {
        return bad("it must not start with '.' or '-'");
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
    {
        return bad("use only letters, digits, '.', '_' and '-'");
    }
    if name.ends_with(EXT) || name.ends_with(".partial") {
        return bad("leave out the file extension");
    }
    Ok(())
}

impl ModelStore {
    /// A store over `dir` (normally `<data dir>/models`); nothing is created until needed.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        ModelStore { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn io(&self, path: &Path, source: io::Error) -> StoreError {
        StoreError::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    pub fn ensure_dir(&self) -> Result<(), StoreError> {
        fs::create_dir_all(&self.dir).map_err(|e| self.io(&self.dir, e))
    }

    /// Where the model `name` lives (whether or not it is installed).
    pub fn path_for(&self, name: &str) -> Result<PathBuf, StoreError> {
        validate_name(name)?;
        Ok(self.dir.join(format!("{name}{EXT}")))
    }

    pub fn is_installed(&self, name: &str) -> bool {
        self.path_for(name).is_ok_and(|p| p.is_file())
    }

    fn names(&self) -> Result<Vec<String>, StoreError> {
        let entries = match fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(self.io(&self.dir, e)),
        };
        let mut names = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| self.io(&self.dir, e))?;
            let file_name = entry.file_name();
            let Some(name) = file_name.to_str().and_then(|n| n.strip_suffix(EXT)) else {
                continue;
            };
            if validate_name(name).is_ok() && entry.path().is_file() {
                names.push(name.to_string());
            }
        }
        names.sort();
        Ok(names)
    }

    /// The installed models, sorted by name.
    pub fn list(&self) -> Result<Vec<InstalledModel>, StoreError> {
        let names = self.names()?;
        let default = self.default_among(&names)?;
        names
            .into_iter()
            .map(|name| {
                let path = self.dir.join(format!("{name}{EXT}"));
                let size = fs::metadata(&path).map_err(|e| self.io(&path, e))?.len();
                Ok(InstalledModel {
                    default: default.as_deref() == Some(name.as_str()),
                    name,
                    path,
                    size,
                })
            })
            .collect()
    }

    pub fn get(&self, name: &str) -> Result<InstalledModel, StoreError> {
        let path = self.path_for(name)?;
        match fs::metadata(&path) {
            Ok(m) if m.is_file() => Ok(InstalledModel {
                name: name.into(),
                default: self.default_name()?.as_deref() == Some(name),
                path,
                size: m.len(),
            }),
            _ => Err(self.not_installed(name)),
        }
    }

    fn not_installed(&self, name: &str) -> StoreError {
        StoreError::NotInstalled {
            name: name.into(),
            installed: self.names().unwrap_or_default(),
        }
    }

    /// The default model: the one chosen with [`set_default`](Self::set_default) while it is
    /// installed, else the catalog default if installed, else the first installed model.
    pub fn default_name(&self) -> Result<Option<String>, StoreError> {
        let names = self.names()?;
        self.default_among(&names)
    }

    fn default_among(&self, names: &[String]) -> Result<Option<String>, StoreError> {
        let chosen = self.chosen_default()?;
        Ok(chosen
            .filter(|c| names.contains(c))
            .or_else(|| {
                names
                    .iter()
                    .find(|n| n.as_str() == catalog::DEFAULT_MODEL)
                    .cloned()
            })
            .or_else(|| names.first().cloned()))
    }

    fn chosen_default(&self) -> Result<Option<String>, StoreError> {
        let path = self.dir.join(DEFAULT_FILE);
        match fs::read_to_string(&path) {
            Ok(s) => Ok(Some(s.trim().to_string()).filter(|s| !s.is_empty())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(self.io(&path, e)),
        }
    }

    pub fn set_default(&self, name: &str) -> Result<(), StoreError> {
        if !self.is_installed(name) {
            return Err(self.not_installed(name));
        }
        let path = self.dir.join(DEFAULT_FILE);
        let tmp = self.dir.join(format!(".{DEFAULT_FILE}.tmp"));
        fs::write(&tmp, format!("{name}\n")).map_err(|e| self.io(&tmp, e))?;
        fs::rename(&tmp, &path).map_err(|e| self.io(&path, e))
    }

    /// Deletes an installed model (and forgets it as the default); returns its former path.
    pub fn remove(&self, name: &str) -> Result<PathBuf, StoreError> {
        let path = self.path_for(name)?;
        if !path.is_file() {
            return Err(self.not_installed(name));
        }
        fs::remove_file(&path).map_err(|e| self.io(&path, e))?;
        if self.chosen_default()?.as_deref() == Some(name) {
            let default = self.dir.join(DEFAULT_FILE);
            fs::remove_file(&default).map_err(|e| self.io(&default, e))?;
        }
        Ok(path)
    }

    /// Turns what a user typed into a model file: a path to a file (anything with a path
    /// separator or a `.bin` suffix) or the name of an installed model.
    pub fn resolve(&self, name_or_path: &str) -> Result<PathBuf, StoreError> {
        let looks_like_path = name_or_path.contains('/')
            || name_or_path.contains(std::path::MAIN_SEPARATOR)
            || name_or_path.ends_with(EXT);
        if looks_like_path {
            let p = PathBuf::from(name_or_path);
            return if p.is_file() {
                Ok(p)
            } else {
                Err(StoreError::NoSuchFile { path: p })
            };
        }
        let path = self.path_for(name_or_path)?;
        if path.is_file() {
            Ok(path)
        } else {
            Err(self.not_installed(name_or_path))
        }
    }

    /// The default model's file, or a message telling how to get one.
    pub fn resolve_default(&self) -> Result<PathBuf, StoreError> {
        match self.default_name()? {
            Some(name) => self.path_for(&name),
            None => Err(StoreError::NoModels),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store_with(names: &[&str]) -> (tempfile::TempDir, ModelStore) {
        let dir = tempfile::tempdir().unwrap();
        let store = ModelStore::new(dir.path().join("models"));
        store.ensure_dir().unwrap();
        for n in names {
            fs::write(store.path_for(n).unwrap(), n.as_bytes()).unwrap();
        }
        (dir, store)
    }

    #[test]
    fn lists_models_but_not_partials_or_temporaries() {
        let (_d, store) = store_with(&["base", "tiny.en"]);
        fs::write(store.dir().join("small.bin.partial"), b"x").unwrap();
        fs::write(store.dir().join(".import-1.bin"), b"x").unwrap();
        fs::write(store.dir().join("notes.txt"), b"x").unwrap();
        let list = store.list().unwrap();
        let names: Vec<_> = list.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["base", "tiny.en"]);
        assert_eq!(list[1].size, 7);
        // Nothing chosen: the catalog default wins over alphabetical order.
        assert!(list[1].default && !list[0].default);
    }

    #[test]
    fn default_is_persisted_and_forgotten_on_remove() {
        let (_d, store) = store_with(&["base", "tiny.en"]);
        store.set_default("base").unwrap();
        let again = ModelStore::new(store.dir());
        assert_eq!(again.default_name().unwrap().as_deref(), Some("base"));
        assert_eq!(
            again.resolve_default().unwrap(),
            store.path_for("base").unwrap()
        );
        store.remove("base").unwrap();
        assert_eq!(store.default_name().unwrap().as_deref(), Some("tiny.en"));
        assert!(!store.dir().join(DEFAULT_FILE).exists());
    }

    #[test]
    fn cannot_default_to_a_missing_model() {
        let (_d, store) = store_with(&["base"]);
        let err = store.set_default("tiny.en").unwrap_err().to_string();
        assert!(err.contains("installed: base"), "{err}");
        assert!(err.contains("viva models install tiny.en"), "{err}");
    }

    #[test]
    fn empty_store() {
        let dir = tempfile::tempdir().unwrap();
        let store = ModelStore::new(dir.path().join("absent"));
        assert!(store.list().unwrap().is_empty());
        let err = store.resolve_default().unwrap_err().to_string();
        assert!(err.contains("viva models install tiny.en"), "{err}");
    }

    #[test]
    fn resolves_names_and_paths() {
        let (d, store) = store_with(&["base"]);
        assert_eq!(store.resolve("base").unwrap(), store.dir().join("base.bin"));
        let outside = d.path().join("mine.bin");
        fs::write(&outside, b"x").unwrap();
        assert_eq!(store.resolve(outside.to_str().unwrap()).unwrap(), outside);
        assert!(matches!(
            store.resolve("./nope.bin"),
            Err(StoreError::NoSuchFile { .. })
        ));
        assert!(matches!(
            store.resolve("small"),
            Err(StoreError::NotInstalled { .. })
        ));
    }

    #[test]
    fn names_are_checked() {
        for bad in ["", "../x", "a/b", ".hidden", "x.bin", "sp ace", "-flag"] {
            assert!(validate_name(bad).is_err(), "{bad:?}");
        }
        for good in ["tiny.en", "base", "small-q5_0", "my_model.v2"] {
            validate_name(good).unwrap();
        }
        let (_d, store) = store_with(&[]);
        assert!(store.remove("../../etc/passwd").is_err());
    }
}
