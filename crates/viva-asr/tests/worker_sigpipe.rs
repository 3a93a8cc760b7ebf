//! A worker that dies while we write to it must be an error, even with SIGPIPE's default
//! action restored (as the `viva` CLI does). Its own test binary: it changes process-wide
//! signal handling.

use std::path::Path;

use viva_asr::engine::Options;
use viva_asr::worker::{Client, WorkerError};

#[test]
fn writing_to_a_dead_worker_is_an_error_not_a_sigpipe_death() {
    // SAFETY: SIG_DFL is always a valid disposition; nothing else in this binary uses signals.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    // A "worker" that never reads: it exits at once, closing its stdin.
    let mut client = Client::spawn(Path::new("/bin/sh"), &["-c", "exit 3"]).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let err = client.load(Path::new("/models/tiny.en.bin")).unwrap_err();
    assert!(matches!(err, WorkerError::Crashed { .. }), "{err:?}");
    assert!(err.to_string().contains("(exit code 3)"), "{err}");

    // A payload far larger than a pipe buffer, to a worker that dies without reading it.
    let mut client = Client::spawn(Path::new("/bin/sh"), &["-c", "read -r line; exit 4"]).unwrap();
    let _ = client.load(Path::new("/models/tiny.en.bin"));
    let err = client
        .transcribe(&vec![0.0; 1 << 20], &Options::default())
        .unwrap_err();
    assert!(matches!(err, WorkerError::Crashed { .. }), "{err:?}");
}
