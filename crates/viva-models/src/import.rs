//! Bringing a model the user already has into the store: a whisper.cpp `.bin` file, or a
//! CTranslate2 (faster-whisper) folder, which is converted on the way in.
//!
//! The store only ever gains files that passed [`ggml::inspect`] and, when the caller supplies
//! one, a real load by the engine ([`ImportOptions::load_check`]): the file is prepared under a
//! hidden temporary name and renamed into place only after both checks.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::convert::{self, ConvertError};
use crate::download::is_disk_full;
use crate::ggml::{self, GgmlError, ModelInfo};
use crate::models::{InstalledModel, ModelStore, StoreError, validate_name};

/// Tries to load a model file the way transcription will (the engine supplies it); an `Err`
/// carries the engine's reason.
pub type LoadCheck<'a> = &'a dyn Fn(&Path) -> Result<(), String>;

/// Converts a CTranslate2 folder into a ggml file at the given path, outside this process (the
/// caller runs [`crate::convert::convert_ct2_dir`] in a child), reporting (done, total); an
/// `Err` carries the reason.
pub type Converter<'a> = &'a dyn Fn(&Path, &Path, &mut dyn FnMut(u64, u64)) -> Result<(), String>;

#[derive(Default)]
pub struct ImportOptions<'a> {
    /// The store name; defaults to the model's own ("tiny.en", "base", ...).
    pub name: Option<String>,
    /// Replace a model already installed under that name.
    pub replace: bool,
    pub load_check: Option<LoadCheck<'a>>,
    /// Where CTranslate2 folders are converted; `None`: in this process.
    pub convert: Option<Converter<'a>>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{path} does not exist")]
    NotFound { path: PathBuf },
    #[error(
        "{path} is neither a whisper.cpp model file (ggml .bin) nor a CTranslate2 Whisper folder \
         (with model.bin and tokenizer.json)"
    )]
    Unrecognised { path: PathBuf },
    #[error("cannot convert {path}: {reason}")]
    ConvertFailed { path: PathBuf, reason: String },
    #[error(transparent)]
    Invalid(#[from] GgmlError),
    #[error(transparent)]
    Convert(#[from] ConvertError),
    #[error("whisper.cpp cannot load {path}: {reason}")]
    LoadFailed { path: PathBuf, reason: String },
    #[error(
        "a model called {name:?} is already installed; choose another name with --name, or \
         remove it first with `viva models remove {name}`"
    )]
    AlreadyInstalled { name: String },
    #[error("the disk is full: free {needed_mb} MB and try again (writing {path})")]
    DiskFull { path: PathBuf, needed_mb: u64 },
    #[error("cannot copy to {path}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

#[derive(Debug, Clone)]
pub struct Imported {
    pub model: InstalledModel,
    pub info: ModelInfo,
    /// True when the source was a CTranslate2 folder.
    pub converted: bool,
}

/// What kind of model `path` is, judged by its shape on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Ggml(PathBuf),
    Ct2Dir(PathBuf),
}

pub fn detect(path: &Path) -> Result<Source, ImportError> {
    if path.is_dir() {
        if path.join("model.bin").is_file() && path.join("tokenizer.json").is_file() {
            return Ok(Source::Ct2Dir(path.to_path_buf()));
        }
        return Err(ImportError::Unrecognised { path: path.into() });
    }
    if path.is_file() {
        return Ok(Source::Ggml(path.to_path_buf()));
    }
    Err(ImportError::NotFound { path: path.into() })
}

/// Imports the model at `path` into `store`. `progress` reports (bytes done, bytes in all) of
/// the copy or conversion.
pub fn import(
    store: &ModelStore,
    path: &Path,
    opts: &ImportOptions<'_>,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Imported, ImportError> {
    let source = detect(path)?;
    // Name and check first: refusing a taken name should not cost a copy or a conversion.
    let name = match &opts.name {
        Some(name) => name.clone(),
        None => match &source {
            Source::Ggml(file) => ggml::inspect(file)?.suggested_name(),
            Source::Ct2Dir(dir) => ggml::suggested_name(&convert::ct2_hparams(dir)?),
        },
    };
    validate_name(&name)?;
    check_free(store, &name, opts.replace)?;
    store.ensure_dir()?;
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    // Hidden, so never listed as a model, and inside the store so the final rename is atomic.
    let tmp = store
        .dir()
        .join(format!(".import-{}-{nanos}.bin", std::process::id()));
    let result = prepare(&source, &tmp, opts.convert, progress).and_then(|info| {
        if let Some(check) = opts.load_check {
            check(&tmp).map_err(|reason| ImportError::LoadFailed {
                path: path.into(),
                reason,
            })?;
        }
        // Another import may have taken the name meanwhile.
        check_free(store, &name, opts.replace)?;
        let dest = store.path_for(&name)?;
        fs::rename(&tmp, &dest).map_err(|source| ImportError::Io {
            path: dest.clone(),
            source,
        })?;
        Ok(Imported {
            model: store.get(&name)?,
            info,
            converted: matches!(source, Source::Ct2Dir(_)),
        })
    });
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
        let _ = fs::remove_file(convert::partial_path(&tmp));
    }
    result
}

fn check_free(store: &ModelStore, name: &str, replace: bool) -> Result<(), ImportError> {
    if !replace && store.is_installed(name) {
        return Err(ImportError::AlreadyInstalled { name: name.into() });
    }
    Ok(())
}

/// Puts a checked ggml file at `tmp`.
fn prepare(
    source: &Source,
    tmp: &Path,
    converter: Option<Converter<'_>>,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<ModelInfo, ImportError> {
    match (source, converter) {
        (Source::Ct2Dir(dir), Some(convert)) => {
            convert(dir, tmp, progress).map_err(|reason| ImportError::ConvertFailed {
                path: dir.clone(),
                reason,
            })?;
            Ok(ggml::inspect(tmp)?)
        }
        (Source::Ct2Dir(dir), None) => Ok(convert::convert_ct2_dir(dir, tmp, progress)?),
        (Source::Ggml(file), _) => {
            // Check before copying: refusing a bad file should not cost a copy.
            let info = ggml::inspect(file)?;
            progress(0, info.file_size);
            fs::copy(file, tmp).map_err(|source| {
                if is_disk_full(&source) {
                    ImportError::DiskFull {
                        path: tmp.into(),
                        needed_mb: info.file_size.div_ceil(1 << 20),
                    }
                } else {
                    ImportError::Io {
                        path: tmp.into(),
                        source,
                    }
                }
            })?;
            // The copy is what the store keeps, so it is the one that must be whole.
            let info = ggml::inspect(tmp)?;
            progress(info.file_size, info.file_size);
            Ok(info)
        }
    }
}
