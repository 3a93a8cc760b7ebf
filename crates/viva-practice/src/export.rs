//! Writing a session report to a file, for the app's save dialog and `viva export --out`
//! alike: one renderer (viva-core), one format, one set of rules for where it may go.

use std::io::Write;
use std::path::{Path, PathBuf};

use viva_core::report::Format;
use viva_store::Store;

use crate::PracticeError;

/// Whether an existing file at the destination may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replace {
    /// The user said so: the app's save dialog asked, or `--force`.
    Yes,
    /// Refuse, naming the option that allows it.
    No,
}

/// Renders session `id` as `format` and writes it to `path`. The path must name a file in an
/// existing folder; never a folder, and never a link (a report written through a link could
/// land anywhere, e.g. over a file the link points at). An existing file is replaced only if
/// `replace` says so. Written to a new temporary file beside it first, so a full disk never
/// leaves half a report over a good one.
pub fn export_session(
    store: &Store,
    id: i64,
    format: Format,
    path: &Path,
    replace: Replace,
) -> Result<PathBuf, PracticeError> {
    check_destination(path, replace)?;
    let mut report = store.report(id)?;
    report.schedule = crate::due::schedule_of_session(store, &report)?;
    let text = report.render(format);
    let io = |source| PracticeError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{}.part", std::process::id()));
    let tmp = path.with_file_name(name);
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .and_then(|mut f| f.write_all(text.as_bytes()).and_then(|()| f.sync_all()));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(e));
    }
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io(e)
    })?;
    Ok(path.to_path_buf())
}

/// The app's export: `path` comes from the save dialog, which has asked before replacing a
/// file. It must be absolute (the web view names no files of its own), and gets the format's
/// extension when the user typed another or none.
pub fn export_to_chosen(
    store: &Store,
    id: i64,
    format: Format,
    path: &Path,
) -> Result<PathBuf, PracticeError> {
    if !path.is_absolute() {
        return Err(PracticeError::Destination(format!(
            "{} is not a full path",
            path.display()
        )));
    }
    export_session(
        store,
        id,
        format,
        &with_extension(path, format),
        Replace::Yes,
    )
}

/// `path` with `format`'s extension added when it has another one or none (the app's save
/// dialog returns what the user typed).
pub fn with_extension(path: &Path, format: Format) -> PathBuf {
    if path.extension().and_then(|e| e.to_str()) == Some(format.extension()) {
        return path.to_path_buf();
    }
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".");
    name.push(format.extension());
    path.with_file_name(name)
}

fn check_destination(path: &Path, replace: Replace) -> Result<(), PracticeError> {
    let bad = |m: String| Err(PracticeError::Destination(m));
    if path.file_name().is_none() {
        return bad(format!("{} is not a file name", path.display()));
    }
    if path.is_dir() {
        return bad(format!(
            "{} is a folder; give a file name, e.g. {}",
            path.display(),
            path.join("session.html").display()
        ));
    }
    if path
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink())
    {
        return bad(format!(
            "{} is a link; give the name of a file, not of a link",
            path.display()
        ));
    }
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !parent.is_dir() {
        return bad(format!("the folder {} does not exist", parent.display()));
    }
    if path.exists() && replace == Replace::No {
        return bad(format!(
            "{} already exists; pass --force to replace it",
            path.display()
        ));
    }
    Ok(())
}
