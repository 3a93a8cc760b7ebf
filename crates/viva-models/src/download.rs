//! Downloading model files: resumable, verified, and never leaving a half file in place of a
//! model.
//!
//! Bytes go to `<dest>.partial`; an interrupted download is resumed from there with an HTTP
//! `Range` request (a server that ignores it and answers 200 just gets the whole file again).
//! Only when the size and SHA-256 match is the file renamed to `dest`, so a file under its final
//! name is always complete.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use crate::catalog::{self, CatalogEntry};
use crate::convert::partial_path;
use crate::ggml::{self, GgmlError, ModelInfo};
use crate::models::{InstalledModel, ModelStore, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum DownloadError {
    #[error(
        "cannot resolve {host}: this computer seems to be offline. Connect and try again, or \
         import a model file you already have with `viva models import PATH`"
    )]
    Offline { host: String },
    #[error("{url} refused the connection: the server is down or nothing listens on that port")]
    ConnectionRefused { url: String },
    #[error("cannot connect to {url}: {detail}")]
    Connection { url: String, detail: String },
    #[error("{url} answered HTTP {status}{}", status_hint(*status))]
    Http { url: String, status: u16 },
    #[error(
        "the download of {url} stopped at {done} of {} bytes ({detail}); run the same command \
         again to resume",
        total.map_or("?".to_string(), |t| t.to_string())
    )]
    Interrupted {
        url: String,
        done: u64,
        total: Option<u64>,
        detail: String,
    },
    #[error(
        "the file from {url} is corrupt: its SHA-256 is {actual}, expected {expected}; it was \
         deleted, try again"
    )]
    ChecksumMismatch {
        url: String,
        expected: String,
        actual: String,
    },
    #[error(
        "{url} has {actual} bytes, expected {expected}: not the published file; the partial \
         download was deleted"
    )]
    SizeMismatch {
        url: String,
        expected: u64,
        actual: u64,
    },
    #[error("the disk is full: free {needed_mb} MB and try again (writing {path})")]
    DiskFull { path: PathBuf, needed_mb: u64 },
    #[error("cannot write {path}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

fn status_hint(status: u16) -> &'static str {
    match status {
        404 => " (not found: is the model name right?)",
        401 | 403 => " (access denied)",
        429 => " (too many requests: wait a little and try again)",
        500..=599 => " (a server error: try again later)",
        _ => "",
    }
}

/// What the finished file must be; unknown values are not checked.
#[derive(Debug, Clone, Default)]
pub struct Expected {
    pub size: Option<u64>,
    /// SHA-256, lowercase hex.
    pub sha256: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    pub done: u64,
    pub total: Option<u64>,
    /// Average over this session (resumed bytes excluded).
    pub bytes_per_sec: f64,
}

/// Whether an I/O error means the disk (or the user's quota) has no room left.
pub fn is_disk_full(e: &io::Error) -> bool {
    // ENOSPC is 28 on Linux and macOS; the kind covers Windows too.
    e.kind() == io::ErrorKind::StorageFull || (cfg!(unix) && e.raw_os_error() == Some(28))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#'])
        .next()
        .unwrap_or(rest)
        .to_string()
}

/// How long a download may receive nothing before it counts as interrupted (and can resume).
pub const STALL: Duration = Duration::from_secs(30);

fn agent(stall: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        // Statuses are handled here: 206 vs 200 decides resuming, 416 means "already complete".
        .http_status_as_error(false)
        .timeout_connect(Some(Duration::from_secs(30)))
        .timeout_recv_response(Some(Duration::from_secs(60)))
        // A server that stops sending mid-body would otherwise hang the download forever.
        .timeout_per_read(Some(stall))
        .user_agent(concat!("viva/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

fn map_request_error(url: &str, e: ureq::Error) -> DownloadError {
    match e {
        ureq::Error::HostNotFound => DownloadError::Offline { host: host_of(url) },
        ureq::Error::Io(io) if io.kind() == io::ErrorKind::ConnectionRefused => {
            DownloadError::ConnectionRefused { url: url.into() }
        }
        ureq::Error::Io(io)
            if matches!(
                io.kind(),
                io::ErrorKind::NetworkUnreachable | io::ErrorKind::HostUnreachable
            ) || is_dns_failure(&io) =>
        {
            DownloadError::Offline { host: host_of(url) }
        }
        ureq::Error::StatusCode(status) => DownloadError::Http {
            url: url.into(),
            status,
        },
        other => DownloadError::Connection {
            url: url.into(),
            detail: other.to_string(),
        },
    }
}

/// std reports a failed name lookup as an uncategorised I/O error; its message is the only
/// mark ("failed to lookup address information" on Unix, "No such host is known" on Windows).
fn is_dns_failure(e: &io::Error) -> bool {
    let msg = e.to_string();
    msg.contains("failed to lookup address") || msg.contains("No such host is known")
}

fn header<'a>(resp: &'a ureq::http::Response<ureq::Body>, name: &str) -> Option<&'a str> {
    resp.headers().get(name)?.to_str().ok()
}

/// "bytes START-END/TOTAL" → (START, TOTAL if known).
fn parse_content_range(v: &str) -> Option<(u64, Option<u64>)> {
    let rest = v.trim().strip_prefix("bytes")?.trim_start();
    let (range, total) = rest.split_once('/')?;
    let (start, _) = range.split_once('-')?;
    Some((start.trim().parse().ok()?, total.trim().parse().ok()))
}

/// Downloads `url` to `dest`, resuming from `<dest>.partial` if an earlier attempt left one.
/// Returns the size of the finished file.
pub fn download(
    url: &str,
    dest: &Path,
    expected: &Expected,
    on_progress: &mut dyn FnMut(&Progress),
) -> Result<u64, DownloadError> {
    download_with(url, dest, expected, STALL, on_progress)
}

/// [`download`], counting a silence of `stall` as an interruption.
pub fn download_with(
    url: &str,
    dest: &Path,
    expected: &Expected,
    stall: Duration,
    on_progress: &mut dyn FnMut(&Progress),
) -> Result<u64, DownloadError> {
    let partial = partial_path(dest);
    let agent = agent(stall);
    // One retry without Range, for when the server says our partial file is no use to it.
    for attempt in 0..2 {
        let mut have = fs::metadata(&partial).map(|m| m.len()).unwrap_or(0);
        if expected.size.is_some_and(|s| have > s) {
            remove(&partial)?;
            have = 0;
        }
        let mut req = agent.get(url);
        if have > 0 {
            req = req.header("Range", format!("bytes={have}-"));
        }
        let resp = req.call().map_err(|e| map_request_error(url, e))?;
        let status = resp.status().as_u16();
        let length: Option<u64> = header(&resp, "content-length").and_then(|v| v.parse().ok());
        let (append, total) = match status {
            206 => match header(&resp, "content-range").and_then(parse_content_range) {
                Some((start, total)) if start == have => (true, total.or(length.map(|l| have + l))),
                // A range we did not ask for: start over rather than splice wrong bytes.
                _ if attempt == 0 => {
                    remove(&partial)?;
                    continue;
                }
                _ => {
                    return Err(DownloadError::Connection {
                        url: url.into(),
                        detail: "the server sent a byte range that was not asked for".into(),
                    });
                }
            },
            200 => (false, length),
            416 if have > 0 => {
                // The partial file may already hold everything; the checks below decide.
                if expected.size == Some(have) {
                    return finish(url, &partial, dest, have, expected);
                }
                remove(&partial)?;
                if attempt == 0 {
                    continue;
                }
                return Err(DownloadError::Http {
                    url: url.into(),
                    status,
                });
            }
            _ => {
                return Err(DownloadError::Http {
                    url: url.into(),
                    status,
                });
            }
        };
        if let (Some(exp), Some(t)) = (expected.size, total)
            && exp != t
        {
            if !append {
                remove(&partial)?;
            }
            return Err(DownloadError::SizeMismatch {
                url: url.into(),
                expected: exp,
                actual: t,
            });
        }
        let start = if append { have } else { 0 };
        let reader = resp.into_body().into_with_config().limit(u64::MAX).reader();
        let done = stream(
            url,
            reader,
            &partial,
            start,
            total,
            expected.size,
            on_progress,
        )?;
        return finish(url, &partial, dest, done, expected);
    }
    unreachable!("the loop returns or continues at most once")
}

fn remove(path: &Path) -> Result<(), DownloadError> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(DownloadError::Io {
            path: path.into(),
            source: e,
        }),
        _ => Ok(()),
    }
}

/// Appends the body to the partial file from `start`; returns the bytes now in it. More than
/// `limit` bytes (the published size) is not the published file: it stops there, deleted.
fn stream(
    url: &str,
    mut body: impl Read,
    partial: &Path,
    start: u64,
    total: Option<u64>,
    limit: Option<u64>,
    on_progress: &mut dyn FnMut(&Progress),
) -> Result<u64, DownloadError> {
    let write_err = |source: io::Error, done: u64| {
        if is_disk_full(&source) {
            let left = total.map_or(1 << 20, |t| t.saturating_sub(done));
            DownloadError::DiskFull {
                path: partial.into(),
                needed_mb: left.div_ceil(1 << 20).max(1),
            }
        } else {
            DownloadError::Io {
                path: partial.into(),
                source,
            }
        }
    };
    let mut file = if start > 0 {
        OpenOptions::new().append(true).open(partial)
    } else {
        File::create(partial)
    }
    .map_err(|e| write_err(e, start))?;

    let began = Instant::now();
    let mut last_report = began;
    let mut done = start;
    let mut buf = vec![0u8; 256 * 1024];
    let report = |done: u64, on_progress: &mut dyn FnMut(&Progress)| {
        let secs = began.elapsed().as_secs_f64().max(1e-3);
        on_progress(&Progress {
            done,
            total,
            bytes_per_sec: (done - start) as f64 / secs,
        });
    };
    report(done, on_progress);
    loop {
        let n = match body.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => {
                // Keep what arrived: the next attempt resumes from it.
                let _ = file.sync_all();
                return Err(DownloadError::Interrupted {
                    url: url.into(),
                    done,
                    total,
                    detail: e.to_string(),
                });
            }
        };
        if let Some(limit) = limit
            && done + n as u64 > limit
        {
            drop(file);
            remove(partial)?;
            return Err(DownloadError::SizeMismatch {
                url: url.into(),
                expected: limit,
                actual: done + n as u64,
            });
        }
        file.write_all(&buf[..n]).map_err(|e| write_err(e, done))?;
        done += n as u64;
        if last_report.elapsed() >= Duration::from_millis(100) {
            last_report = Instant::now();
            report(done, on_progress);
        }
    }
    file.sync_all().map_err(|e| write_err(e, done))?;
    report(done, on_progress);
    if let Some(t) = total
        && done < t
    {
        return Err(DownloadError::Interrupted {
            url: url.into(),
            done,
            total,
            detail: "the connection closed early".into(),
        });
    }
    Ok(done)
}

/// Checks the complete partial file and moves it into place.
fn finish(
    url: &str,
    partial: &Path,
    dest: &Path,
    size: u64,
    expected: &Expected,
) -> Result<u64, DownloadError> {
    if let Some(exp) = expected.size
        && exp != size
    {
        remove(partial)?;
        return Err(DownloadError::SizeMismatch {
            url: url.into(),
            expected: exp,
            actual: size,
        });
    }
    if let Some(exp) = &expected.sha256 {
        let actual = sha256_file(partial).map_err(|source| DownloadError::Io {
            path: partial.into(),
            source,
        })?;
        if !actual.eq_ignore_ascii_case(exp) {
            remove(partial)?;
            return Err(DownloadError::ChecksumMismatch {
                url: url.into(),
                expected: exp.to_ascii_lowercase(),
                actual,
            });
        }
    }
    fs::rename(partial, dest).map_err(|source| DownloadError::Io {
        path: dest.into(),
        source,
    })?;
    Ok(size)
}

/// SHA-256 of a file, as lowercase hex. Hashing the finished file (rather than the stream) also
/// covers the bytes an earlier, resumed attempt wrote.
pub fn sha256_file(path: &Path) -> io::Result<String> {
    let mut r = BufReader::with_capacity(1 << 20, File::open(path)?);
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = r.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex(&h.finalize()))
}

#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    #[error("there is no official model called {name:?}; the catalog has: {}", known.join(", "))]
    UnknownModel {
        name: String,
        known: Vec<&'static str>,
    },
    #[error(transparent)]
    Download(#[from] DownloadError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the downloaded model is unusable")]
    Invalid(#[from] GgmlError),
}

/// Downloads the catalog model `name` into the store (from `base_url`, normally
/// [`catalog::BASE_URL`]; a mirror can stand in). An already installed, valid model is kept.
pub fn install(
    store: &ModelStore,
    name: &str,
    base_url: &str,
    on_progress: &mut dyn FnMut(&Progress),
) -> Result<(InstalledModel, ModelInfo), InstallError> {
    let entry: &CatalogEntry = catalog::lookup(name).ok_or_else(|| InstallError::UnknownModel {
        name: name.into(),
        known: catalog::names(),
    })?;
    store.ensure_dir()?;
    let dest = store.path_for(name)?;
    if dest.is_file()
        && let Ok(info) = ggml::inspect(&dest)
    {
        return Ok((store.get(name)?, info));
    }
    let url = format!("{}/ggml-{}.bin", base_url.trim_end_matches('/'), entry.name);
    let expected = Expected {
        size: Some(entry.size),
        sha256: Some(entry.sha256.into()),
    };
    download(&url, &dest, &expected, on_progress)?;
    let info = match ggml::inspect(&dest) {
        Ok(info) => info,
        Err(e) => {
            let _ = fs::remove_file(&dest);
            return Err(e.into());
        }
    };
    Ok((store.get(name)?, info))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_range_parsing() {
        assert_eq!(
            parse_content_range("bytes 100-199/200"),
            Some((100, Some(200)))
        );
        assert_eq!(parse_content_range("bytes 5-9/*"), Some((5, None)));
        assert_eq!(parse_content_range("items 1-2/3"), None);
    }

    #[test]
    fn host_extraction() {
        assert_eq!(
            host_of("https://huggingface.co/ggerganov/x.bin"),
            "huggingface.co"
        );
        assert_eq!(host_of("http://127.0.0.1:8080/a?b"), "127.0.0.1:8080");
    }

    #[test]
    fn dns_failure_reads_as_offline() {
        // Tests never resolve real names, so the mapping is checked directly.
        let e = map_request_error("https://huggingface.co/x", ureq::Error::HostNotFound);
        assert!(matches!(&e, DownloadError::Offline { host } if host == "huggingface.co"));
        assert!(e.to_string().contains("offline"), "{e}");
        let e = map_request_error(
            "http://127.0.0.1:1/x",
            ureq::Error::Io(io::Error::from(io::ErrorKind::ConnectionRefused)),
        );
        assert!(matches!(e, DownloadError::ConnectionRefused { .. }));
        let e = map_request_error(
            "https://huggingface.co/x",
            ureq::Error::Io(io::Error::other(
                "failed to lookup address information: Temporary failure in name resolution",
            )),
        );
        assert!(matches!(e, DownloadError::Offline { .. }), "{e:?}");
    }

    #[test]
    fn disk_full_message_names_the_space_needed() {
        let e = DownloadError::DiskFull {
            path: "/m/x.partial".into(),
            needed_mb: 42,
        };
        assert!(
            e.to_string()
                .starts_with("the disk is full: free 42 MB and try again")
        );
        assert!(is_disk_full(&io::Error::from_raw_os_error(28)));
        assert!(!is_disk_full(&io::Error::from_raw_os_error(2)));
    }

    #[test]
    fn sha256_of_known_input() {
        // FIPS 180-2's first example.
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("abc");
        fs::write(&p, b"abc").unwrap();
        assert_eq!(
            sha256_file(&p).unwrap(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
