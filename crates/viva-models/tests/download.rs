//! Downloads against a small HTTP/1.1 server on 127.0.0.1, started by each test: it can honour
//! or ignore `Range`, cut a body short, or answer 404. Only loopback is ever contacted.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread;

use sha2::{Digest, Sha256};
use viva_models::download::{DownloadError, Expected, Progress, download};

#[derive(Clone, Copy)]
struct Behaviour {
    honour_range: bool,
    /// Close the connection after this many body bytes, on the first request only.
    cut_first_after: Option<usize>,
}

struct Server {
    url: String,
    /// The Range header of each request ("" when absent).
    ranges: Arc<Mutex<Vec<String>>>,
}

/// Serves `body` at /model.bin (404 elsewhere) for at most `max_requests` connections.
fn serve(body: Vec<u8>, behaviour: Behaviour, max_requests: usize) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/model.bin", listener.local_addr().unwrap());
    let ranges = Arc::new(Mutex::new(Vec::new()));
    let seen = ranges.clone();
    thread::spawn(move || {
        for (i, stream) in listener.incoming().take(max_requests).enumerate() {
            let Ok(stream) = stream else { continue };
            let cut = if i == 0 {
                behaviour.cut_first_after
            } else {
                None
            };
            handle(stream, &body, behaviour.honour_range, cut, &seen);
        }
    });
    Server { url, ranges }
}

fn handle(
    mut stream: TcpStream,
    body: &[u8],
    honour_range: bool,
    cut: Option<usize>,
    seen: &Mutex<Vec<String>>,
) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    reader.read_line(&mut request_line).unwrap();
    let mut range = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap() == 0 || line == "\r\n" {
            break;
        }
        if let Some((k, v)) = line.split_once(':')
            && k.eq_ignore_ascii_case("range")
        {
            range = v.trim().to_string();
        }
    }
    seen.lock().unwrap().push(range.clone());
    if !request_line.starts_with("GET /model.bin ") {
        let _ = stream.write_all(
            b"HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found",
        );
        return;
    }
    let start: usize = range
        .strip_prefix("bytes=")
        .and_then(|r| r.strip_suffix('-'))
        .and_then(|s| s.parse().ok())
        .filter(|_| honour_range)
        .unwrap_or(0);
    let head = if start > 0 {
        format!(
            "HTTP/1.1 206 Partial Content\r\nContent-Length: {}\r\nContent-Range: bytes {}-{}/{}\r\n\
             Connection: close\r\n\r\n",
            body.len() - start,
            start,
            body.len() - 1,
            body.len()
        )
    } else {
        format!(
            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
    };
    let _ = stream.write_all(head.as_bytes());
    let rest = &body[start..];
    let _ = stream.write_all(&rest[..cut.unwrap_or(rest.len()).min(rest.len())]);
}

/// Deterministic bytes that differ everywhere, so a splice at the wrong offset shows.
fn body(len: usize) -> Vec<u8> {
    let mut x: u32 = 0x1234_5678;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn expected(b: &[u8]) -> Expected {
    Expected {
        size: Some(b.len() as u64),
        sha256: Some(sha256_hex(b)),
    }
}

fn partial(dest: &Path) -> std::path::PathBuf {
    dest.with_file_name(format!(
        "{}.partial",
        dest.file_name().unwrap().to_str().unwrap()
    ))
}

const NORMAL: Behaviour = Behaviour {
    honour_range: true,
    cut_first_after: None,
};

#[test]
fn full_download_is_checked_and_renamed() {
    let data = body(700_000);
    let server = serve(data.clone(), NORMAL, 1);
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("m.bin");
    let mut reports: Vec<Progress> = Vec::new();
    let size = download(&server.url, &dest, &expected(&data), &mut |p| {
        reports.push(*p)
    })
    .unwrap();
    assert_eq!(size, 700_000);
    assert_eq!(fs::read(&dest).unwrap(), data);
    assert!(!partial(&dest).exists());
    let last = reports.last().unwrap();
    assert_eq!((last.done, last.total), (700_000, Some(700_000)));
    assert!(reports.windows(2).all(|w| w[0].done <= w[1].done));
    assert_eq!(*server.ranges.lock().unwrap(), [""]);
}

#[test]
fn resumes_from_a_partial_file_with_range() {
    let data = body(500_000);
    let server = serve(data.clone(), NORMAL, 1);
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("m.bin");
    fs::write(partial(&dest), &data[..123_456]).unwrap();
    let mut first = None;
    download(&server.url, &dest, &expected(&data), &mut |p| {
        first.get_or_insert(p.done);
    })
    .unwrap();
    assert_eq!(*server.ranges.lock().unwrap(), ["bytes=123456-"]);
    assert_eq!(
        first,
        Some(123_456),
        "progress starts at the resumed offset"
    );
    assert_eq!(fs::read(&dest).unwrap(), data);
    assert!(!partial(&dest).exists());
}

#[test]
fn a_server_ignoring_range_gets_the_whole_file_again() {
    let data = body(300_000);
    let server = serve(
        data.clone(),
        Behaviour {
            honour_range: false,
            cut_first_after: None,
        },
        1,
    );
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("m.bin");
    // Appending the 200 body to this would double the first 1000 bytes.
    fs::write(partial(&dest), &data[..1000]).unwrap();
    download(&server.url, &dest, &expected(&data), &mut |_| {}).unwrap();
    assert_eq!(*server.ranges.lock().unwrap(), ["bytes=1000-"]);
    assert_eq!(fs::read(&dest).unwrap(), data);
}

#[test]
fn an_interrupted_download_keeps_its_bytes_and_resumes() {
    let data = body(400_000);
    let server = serve(
        data.clone(),
        Behaviour {
            honour_range: true,
            cut_first_after: Some(150_000),
        },
        2,
    );
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("m.bin");
    let err = download(&server.url, &dest, &expected(&data), &mut |_| {}).unwrap_err();
    assert!(
        matches!(err, DownloadError::Interrupted { done: 150_000, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("again to resume"), "{err}");
    assert_eq!(fs::metadata(partial(&dest)).unwrap().len(), 150_000);
    assert!(!dest.exists());

    download(&server.url, &dest, &expected(&data), &mut |_| {}).unwrap();
    assert_eq!(*server.ranges.lock().unwrap(), ["", "bytes=150000-"]);
    assert_eq!(fs::read(&dest).unwrap(), data);
}

#[test]
fn a_checksum_mismatch_deletes_the_download() {
    let data = body(200_000);
    let server = serve(data.clone(), NORMAL, 1);
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("m.bin");
    let wrong = Expected {
        size: Some(data.len() as u64),
        sha256: Some(sha256_hex(b"something else")),
    };
    let err = download(&server.url, &dest, &wrong, &mut |_| {}).unwrap_err();
    match &err {
        DownloadError::ChecksumMismatch { actual, .. } => assert_eq!(*actual, sha256_hex(&data)),
        other => panic!("expected a checksum mismatch, got {other:?}"),
    }
    assert!(err.to_string().contains("corrupt"), "{err}");
    assert!(!dest.exists() && !partial(&dest).exists());
}

#[test]
fn a_wrong_size_is_refused_before_downloading() {
    let data = body(10_000);
    let server = serve(data.clone(), NORMAL, 1);
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("m.bin");
    let exp = Expected {
        size: Some(77_704_715),
        sha256: None,
    };
    let err = download(&server.url, &dest, &exp, &mut |_| {}).unwrap_err();
    assert!(
        matches!(err, DownloadError::SizeMismatch { actual: 10_000, .. }),
        "{err:?}"
    );
    assert!(!dest.exists() && !partial(&dest).exists());
}

#[test]
fn http_404_is_reported_with_its_status() {
    let server = serve(body(10), NORMAL, 1);
    let dir = tempfile::tempdir().unwrap();
    let url = server.url.replace("model.bin", "ggml-nope.bin");
    let err = download(
        &url,
        &dir.path().join("m.bin"),
        &Expected::default(),
        &mut |_| {},
    )
    .unwrap_err();
    assert!(
        matches!(err, DownloadError::Http { status: 404, .. }),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(
        msg.contains("HTTP 404") && msg.contains("not found"),
        "{msg}"
    );
    assert!(!dir.path().join("m.bin.partial").exists());
}

#[test]
fn connection_refused_is_its_own_error() {
    // Bind then drop: nothing listens on that loopback port any more.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("http://127.0.0.1:{port}/model.bin");
    let err = download(
        &url,
        &dir.path().join("m.bin"),
        &Expected::default(),
        &mut |_| {},
    )
    .unwrap_err();
    assert!(
        matches!(err, DownloadError::ConnectionRefused { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("refused"), "{err}");
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_says_how_much_to_free() {
    let data = body(3 << 20);
    let server = serve(data.clone(), NORMAL, 1);
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("m.bin");
    // Every write to /dev/full fails with ENOSPC, as on a full disk.
    std::os::unix::fs::symlink("/dev/full", partial(&dest)).unwrap();
    let err = download(&server.url, &dest, &expected(&data), &mut |_| {}).unwrap_err();
    assert!(
        matches!(err, DownloadError::DiskFull { needed_mb: 3, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .starts_with("the disk is full: free 3 MB and try again"),
        "{err}"
    );
    assert!(!dest.exists());
}

/// A one-connection server that sends `head` then `body`, then holds the connection open for
/// `hold` without a byte more.
fn raw_server(head: String, body: Vec<u8>, hold: std::time::Duration) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/model.bin", listener.local_addr().unwrap());
    thread::spawn(move || {
        if let Some(Ok(mut s)) = listener.incoming().next() {
            let mut r = BufReader::new(s.try_clone().unwrap());
            let mut line = String::new();
            while r.read_line(&mut line).unwrap_or(0) > 2 {
                line.clear();
            }
            let _ = s.write_all(head.as_bytes());
            let _ = s.write_all(&body);
            let _ = s.flush();
            thread::sleep(hold);
        }
    });
    url
}

/// How long the stalling server keeps the connection open without sending.
const HOLD: std::time::Duration = std::time::Duration::from_secs(60);

#[test]
fn a_server_that_stalls_is_an_interruption_that_keeps_its_bytes() {
    // Issue 16: a server that stopped after 1 MB hung `viva models install` forever.
    let b = body(64 * 1024);
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        b.len()
    );
    let url = raw_server(head, b[..8 * 1024].to_vec(), HOLD);
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("model.bin");
    let stall = std::time::Duration::from_millis(500);
    let began = std::time::Instant::now();
    let err = viva_models::download::download_with(&url, &dest, &expected(&b), stall, &mut |_| {})
        .unwrap_err();
    // Not a timing test: without a stall limit it would wait out the server's whole minute.
    assert!(
        began.elapsed() < HOLD / 2,
        "waited for the server to give up"
    );
    assert!(
        matches!(err, DownloadError::Interrupted { done: 8192, .. }),
        "{err:?}"
    );
    assert_eq!(
        fs::metadata(partial(&dest)).unwrap().len(),
        8192,
        "kept to resume"
    );
}

#[test]
fn a_server_sending_more_than_the_published_size_is_stopped_there() {
    // No Content-Length, and twice the published size: refused once past it, not written in
    // full first.
    let b = body(600 * 1024);
    let head = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".to_string();
    let url = raw_server(head, b.clone(), std::time::Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("model.bin");
    let published = expected(&b[..300 * 1024]);
    let mut most = 0;
    let err = download(&url, &dest, &published, &mut |p: &Progress| {
        most = most.max(p.done)
    })
    .unwrap_err();
    assert!(matches!(err, DownloadError::SizeMismatch { .. }), "{err:?}");
    assert!(most <= 300 * 1024, "{most} bytes were taken");
    assert!(!partial(&dest).exists() && !dest.exists());
}
