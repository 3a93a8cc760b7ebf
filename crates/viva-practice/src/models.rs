//! Speech models for the app: the official catalog with what is installed, downloads and
//! imports. Imports are checked by loading them in a worker process, so a model that makes
//! whisper.cpp abort is refused without taking the app down.

use std::path::Path;

use viva_asr::worker::Client;
use viva_models::catalog::{self, CATALOG};
use viva_models::download;
use viva_models::import::{ImportOptions, Imported, import};
use viva_models::models::InstalledModel;

pub use viva_models::catalog::DEFAULT_MODEL;
pub use viva_models::download::Progress;
pub use viva_models::ggml::ModelInfo;
pub use viva_models::models::{ModelStore, StoreError};
pub use viva_models::quantize::{Quantization, quantize_installed};

use crate::api::{CatalogModel, DownloadProgress};
use crate::{PracticeError, WorkerCommand};

/// Where official models come from; `VIVA_MODEL_BASE_URL` names a mirror.
pub fn base_url() -> String {
    std::env::var("VIVA_MODEL_BASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| catalog::BASE_URL.to_string())
}

/// Every official model, marked installed and default where it is.
pub fn catalog(store: &ModelStore) -> Result<Vec<CatalogModel>, PracticeError> {
    let default = store.default_name()?;
    Ok(CATALOG
        .iter()
        .map(|e| CatalogModel {
            name: e.name.to_string(),
            size: e.size,
            english_only: e.english_only,
            installed: store.is_installed(e.name),
            default: default.as_deref() == Some(e.name),
        })
        .collect())
}

/// Downloads an official model, resuming a partial download, checking size and checksum.
pub fn install(
    store: &ModelStore,
    name: &str,
    on_progress: &mut dyn FnMut(DownloadProgress),
) -> Result<InstalledModel, String> {
    install_from(store, name, &base_url(), on_progress).map(|(model, _)| model)
}

/// [`install`] from `base`, a mirror of whisper.cpp's model folder; also says what the model is.
pub fn install_from(
    store: &ModelStore,
    name: &str,
    base: &str,
    on_progress: &mut dyn FnMut(DownloadProgress),
) -> Result<(InstalledModel, ModelInfo), String> {
    let (model, info) = download::install(store, name, base, &mut |p: &Progress| {
        on_progress(DownloadProgress {
            received: p.done,
            total: p.total,
            bytes_per_sec: p.bytes_per_sec,
        })
    })
    .map_err(|e| crate::describe(&e))?;
    make_default_if_first(store, &model)?;
    Ok((model, info))
}

/// Imports a whisper.cpp file or a CTranslate2 folder, converting the latter, under its own name.
pub fn import_model(
    store: &ModelStore,
    worker: &WorkerCommand,
    path: &Path,
    on_progress: &mut dyn FnMut(DownloadProgress),
) -> Result<InstalledModel, String> {
    import_model_as(store, worker, path, None, false, on_progress).map(|i| i.model)
}

/// Imports under `name` (default: the model's own), replacing a model of that name if
/// `replace`. The model is loaded in a worker process before it is accepted: a file that makes
/// whisper.cpp abort ends the worker, and the caller (the app, `viva models import`) gets an
/// error instead of dying with it.
pub fn import_model_as(
    store: &ModelStore,
    worker: &WorkerCommand,
    path: &Path,
    name: Option<String>,
    replace: bool,
    on_progress: &mut dyn FnMut(DownloadProgress),
) -> Result<Imported, String> {
    let check = |p: &Path| -> Result<(), String> {
        let args: Vec<&str> = worker.args.iter().map(String::as_str).collect();
        let mut client = Client::spawn(&worker.program, &args).map_err(|e| e.to_string())?;
        client.load(p).map(drop).map_err(|e| e.to_string())
    };
    let convert = |src: &Path, dst: &Path, progress: &mut dyn FnMut(u64, u64)| {
        convert_in_child(worker, src, dst, progress)
    };
    let opts = ImportOptions {
        name,
        replace,
        load_check: Some(&check),
        convert: Some(&convert),
    };
    let imported = import(store, path, &opts, &mut |done, total| {
        on_progress(DownloadProgress {
            received: done,
            total: Some(total),
            bytes_per_sec: 0.0,
        })
    })
    .map_err(|e| crate::describe(&e))?;
    make_default_if_first(store, &imported.model)?;
    Ok(imported)
}

/// The hidden subcommand (of the `viva` binary and the app alike) that converts a CTranslate2
/// folder: `CONVERT_COMMAND SRC_DIR DEST_FILE`.
pub const CONVERT_COMMAND: &str = "convert-model";

/// Converts in a child process (this executable with [`CONVERT_COMMAND`]), as loading runs in
/// the worker: a hostile folder can only take the child down. Its stdout carries
/// "progress DONE TOTAL" lines, its stderr the reason it failed.
fn convert_in_child(
    worker: &WorkerCommand,
    src: &Path,
    dst: &Path,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<(), String> {
    use std::io::{BufRead, Read};
    let mut child = std::process::Command::new(&worker.program)
        .arg(CONVERT_COMMAND)
        .arg(src)
        .arg(dst)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start the converter: {e}"))?;
    // Read stderr beside stdout: a child that fills one pipe while the other is read would
    // wait for ever.
    let mut stderr = child.stderr.take().expect("piped");
    let reason = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let stdout = child.stdout.take().expect("piped");
    for line in std::io::BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
    {
        let mut parts = line.split_whitespace();
        if let (Some("progress"), Some(Ok(done)), Some(Ok(total))) = (
            parts.next(),
            parts.next().map(str::parse),
            parts.next().map(str::parse),
        ) {
            progress(done, total);
        }
    }
    let reason = reason.join().unwrap_or_default();
    let status = child.wait().map_err(|e| e.to_string())?;
    if status.success() {
        return Ok(());
    }
    let reason = reason.trim();
    Err(match reason.lines().last() {
        Some(last) if !last.is_empty() => last.trim_start_matches("viva: ").to_string(),
        _ => format!("the converter stopped ({status}); the folder may be corrupt"),
    })
}

/// The body of [`CONVERT_COMMAND`]: converts `src` (a CTranslate2 folder) into `dst`, printing
/// progress lines for the parent.
pub fn serve_conversion(src: &Path, dst: &Path) -> Result<(), String> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    viva_models::convert::convert_ct2_dir(src, dst, &mut |done, total| {
        let _ = writeln!(out, "progress {done} {total}");
        let _ = out.flush();
    })
    .map(drop)
    .map_err(|e| crate::describe(&e))
}

/// The first model installed becomes the default, so a new user never has to choose.
fn make_default_if_first(store: &ModelStore, model: &InstalledModel) -> Result<(), String> {
    if store.default_name().map_err(|e| e.to_string())?.is_none() {
        store.set_default(&model.name).map_err(|e| e.to_string())?;
    }
    Ok(())
}
