//! `viva models` as a user or the setup script drives it. Uses the CTranslate2 tiny.en that
//! `scripts/install-models.sh` lays out in `.setup/ct2/tiny.en` (or `VIVA_TEST_CT2_TINY_EN`).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};

use predicates::prelude::*;

mod common;
use common::viva;
use serde_json::Value;

fn ct2_tiny_en() -> PathBuf {
    let dir = std::env::var_os("VIVA_TEST_CT2_TINY_EN")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.setup/ct2/tiny.en"));
    assert!(
        dir.join("model.bin").is_file(),
        "no CTranslate2 model at {} : run `make setup` (scripts/install-models.sh)",
        dir.display()
    );
    dir
}

fn list_json(data: &Path) -> Value {
    let out = viva(data)
        .args(["models", "list", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn import_list_default_remove() {
    let d = tempfile::tempdir().unwrap();
    assert_eq!(list_json(d.path()), serde_json::json!([]));
    viva(d.path())
        .args(["models", "list"])
        .assert()
        .success()
        .stderr(predicate::str::contains("viva models install tiny.en"));

    viva(d.path())
        .args(["models", "import"])
        .arg(ct2_tiny_en())
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "imported tiny.en (tiny, English-only, f16",
        ));
    let list = list_json(d.path());
    let m = &list[0];
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(m["name"], "tiny.en");
    assert_eq!(m["default"], true);
    assert_eq!(m["size"], 77_704_698);
    let path = PathBuf::from(m["path"].as_str().unwrap());
    assert_eq!(path, d.path().join("models/tiny.en.bin"));

    // A second copy under another name, made the default.
    viva(d.path())
        .args(["models", "import"])
        .arg(&path)
        .args(["--name", "copy"])
        .assert()
        .success();
    viva(d.path())
        .args(["models", "default", "copy"])
        .assert()
        .success();
    viva(d.path())
        .args(["models", "default"])
        .assert()
        .success()
        .stdout("copy\n");
    viva(d.path())
        .args(["models", "default", "base"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no model called \"base\" is installed",
        ));

    viva(d.path())
        .args(["models", "remove", "copy"])
        .assert()
        .success();
    let list = list_json(d.path());
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["default"], true, "tiny.en is the default again");
    viva(d.path())
        .args(["models", "remove", "copy"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("installed: tiny.en"));
}

#[test]
fn import_refuses_files_that_do_not_validate() {
    let d = tempfile::tempdir().unwrap();
    let junk = d.path().join("junk.bin");
    std::fs::write(&junk, vec![7u8; 4096]).unwrap();
    viva(d.path())
        .args(["models", "import"])
        .arg(&junk)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is not a whisper.cpp model"));
    viva(d.path())
        .args(["models", "import", "/no/such/model.bin"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("does not exist"));
    assert_eq!(list_json(d.path()), serde_json::json!([]));
}

#[test]
fn install_reports_unknown_names_and_http_errors() {
    let d = tempfile::tempdir().unwrap();
    viva(d.path())
        .args(["models", "install", "huge"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("the catalog has: tiny.en"));

    // A loopback "mirror" that has nothing.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        if let Some(Ok(mut s)) = listener.incoming().next() {
            let mut r = BufReader::new(s.try_clone().unwrap());
            let mut line = String::new();
            while r.read_line(&mut line).unwrap_or(0) > 2 {
                line.clear();
            }
            let _ = s.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        }
    });
    viva(d.path())
        .args(["models", "install", "tiny.en"])
        .env("VIVA_MODEL_BASE_URL", &base)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("HTTP 404"));
    assert_eq!(list_json(d.path()), serde_json::json!([]));
}

#[test]
fn a_model_that_crashes_whisper_cpp_is_refused_and_the_command_survives() {
    // Issue 15: import loaded the model inside the CLI process. tiny.en with n_text_head 3 in
    // its header passes every check of the file, then makes whisper.cpp crash (SIGSEGV) while
    // loading it: now in the worker, and the command reports it.
    let d = tempfile::tempdir().unwrap();
    let mut bytes = std::fs::read(common::model()).unwrap();
    // The header: magic, then n_vocab, n_audio_ctx, n_audio_state, n_audio_head,
    // n_audio_layer, n_text_ctx, n_text_state, n_text_head...
    bytes[4 + 4 * 7..4 + 4 * 8].copy_from_slice(&3i32.to_le_bytes());
    let bad = d.path().join("crashes.bin");
    std::fs::write(&bad, bytes).unwrap();
    viva(d.path())
        .args(["models", "import"])
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "the speech engine stopped while loading",
        ));
    assert_eq!(list_json(d.path()), serde_json::json!([]));
    let left: Vec<_> = std::fs::read_dir(d.path().join("models"))
        .map(|r| r.map(|e| e.unwrap().file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_hostile_ctranslate2_folder_is_refused_by_its_converter_not_by_a_crash() {
    // Issue 16: a tokenizer whose end-of-text id is 2^32-1 made the conversion allocate 103 GB
    // inside the importing process. It is refused now, and conversion runs in a child process
    // (`viva convert-model`), as loading runs in the worker.
    let d = tempfile::tempdir().unwrap();
    let src = ct2_tiny_en();
    let bad = d.path().join("hostile-ct2");
    std::fs::create_dir(&bad).unwrap();
    for f in ["model.bin", "config.json"] {
        std::os::unix::fs::symlink(src.join(f), bad.join(f)).unwrap();
    }
    let tokenizer = std::fs::read_to_string(src.join("tokenizer.json")).unwrap();
    let v: Value = serde_json::from_str(&tokenizer).unwrap();
    let mut v = v;
    for t in v["added_tokens"].as_array_mut().unwrap() {
        if t["content"] == "<|endoftext|>" {
            t["id"] = serde_json::json!(4_294_967_295u64);
        }
    }
    std::fs::write(bad.join("tokenizer.json"), v.to_string()).unwrap();
    viva(d.path())
        .args(["models", "import"])
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("cannot convert").and(predicate::str::contains("4294967295")),
        );
    assert_eq!(list_json(d.path()), serde_json::json!([]));
}
