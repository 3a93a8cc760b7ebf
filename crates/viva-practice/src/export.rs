//! Writing a session report where the user chose, through one renderer shared with the CLI.

use std::path::{Path, PathBuf};

use viva_core::report::Format;
use viva_store::Store;

use crate::PracticeError;
use crate::api::ExportFormat;

impl From<ExportFormat> for Format {
    fn from(f: ExportFormat) -> Format {
        match f {
            ExportFormat::Md => Format::Markdown,
            ExportFormat::Html => Format::Html,
            ExportFormat::Json => Format::Json,
            ExportFormat::Csv => Format::Csv,
        }
    }
}

/// Renders session `id` and writes it to `path`, which must be an absolute file path in an
/// existing folder (the save dialog has already asked before replacing a file). The format's
/// extension is added when missing. Written to a temporary file first, so a full disk never
/// leaves half a report over a good one.
pub fn export_session(
    store: &Store,
    id: i64,
    format: ExportFormat,
    path: &Path,
) -> Result<PathBuf, PracticeError> {
    let bad = |m: String| Err(PracticeError::InvalidSetting(m));
    if !path.is_absolute() {
        return bad(format!("{} is not a full path", path.display()));
    }
    if path.is_dir() {
        return bad(format!(
            "{} is a folder; choose a file name",
            path.display()
        ));
    }
    let format = Format::from(format);
    let mut path = path.to_path_buf();
    if path.extension().and_then(|e| e.to_str()) != Some(format.extension()) {
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(".");
        name.push(format.extension());
        path.set_file_name(name);
    }
    match path.parent() {
        Some(parent) if parent.is_dir() => {}
        Some(parent) => return bad(format!("the folder {} does not exist", parent.display())),
        None => return bad(format!("{} is not a file path", path.display())),
    }
    let text = store.report(id)?.render(format);
    let tmp = path.with_extension(format!("{}.part", format.extension()));
    let io = |source| PracticeError::Io {
        path: path.clone(),
        source,
    };
    std::fs::write(&tmp, text).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io(e)
    })?;
    std::fs::rename(&tmp, &path).map_err(io)?;
    Ok(path)
}
