//! Many `viva score --save` at once, and killed at any moment: every answer that was saved is
//! whole, and the history stays sound (issue 16).

use std::process::{Child, Command, Stdio};

mod common;

fn score_save(data: &std::path::Path, i: usize) -> Child {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("viva"));
    c.env("VIVA_DATA_DIR", data)
        .env_remove("RUST_LOG")
        .args(["score", "-q", "gil", "--save", "--text", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = c.spawn().unwrap();
    use std::io::Write;
    let text = format!("answer {i}: the GIL lets one thread run bytecode at a time");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    child
}

fn count(data: &std::path::Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(data.join("viva.sqlite3")).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn twenty_saves_at_once_on_a_new_history_all_land_ten_times_in_a_row() {
    for round in 0..10 {
        let d = tempfile::tempdir().unwrap();
        let data = d.path().join("new");
        let children: Vec<Child> = (0..20).map(|i| score_save(&data, i)).collect();
        for (i, c) in children.into_iter().enumerate() {
            let out = c.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "round {round}, save {i}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert_eq!(
            count(&data, "SELECT COUNT(*) FROM attempts"),
            20,
            "round {round}"
        );
    }
}

#[cfg(unix)]
#[test]
fn saves_killed_at_any_moment_leave_a_sound_history() {
    let d = tempfile::tempdir().unwrap();
    let data = d.path().join("new");
    // Kill each save after a different delay: before, during and after the write. The delays
    // span how long a save takes on this machine now (a busy machine takes longer, and fixed
    // delays then killed every save before it had opened the history).
    let began = std::time::Instant::now();
    let whole = score_save(&data, 0).wait_with_output().unwrap();
    assert!(whole.status.success(), "{whole:?}");
    let save = began.elapsed();
    for i in 1..=40u32 {
        let mut c = score_save(&data, i as usize);
        std::thread::sleep(save * (i % 20) / 16);
        let _ = c.kill();
        let _ = c.wait();
    }
    let conn = rusqlite::Connection::open(data.join("viva.sqlite3")).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let empty = count(
        &data,
        "SELECT COUNT(*) FROM sessions s WHERE NOT EXISTS \
         (SELECT 1 FROM attempts a WHERE a.session_id = s.id)",
    );
    assert_eq!(empty, 0, "a session without its attempt");
    let orphans = count(
        &data,
        "SELECT COUNT(*) FROM attempts a WHERE NOT EXISTS \
         (SELECT 1 FROM sessions s WHERE s.id = a.session_id)",
    );
    assert_eq!(orphans, 0, "an attempt without its session");
}
