//! `viva transcribe` and `viva score --audio` with a real whisper.cpp model, run through the
//! worker process. The model comes from the setup (`make test` installs it).

use std::path::PathBuf;

use predicates::prelude::*;

mod common;
use common::{json, model, viva, workspace};

fn fixture() -> PathBuf {
    workspace().join("tests/fixtures/gil-answer.wav")
}

#[test]
fn transcribe_gives_timed_words() {
    let d = tempfile::tempdir().unwrap();
    let out = viva(&d)
        .arg("transcribe")
        .arg(fixture())
        .arg("--model")
        .arg(model())
        .arg("--json")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    let text = v["text"].as_str().unwrap().to_lowercase();
    assert!(
        text.contains("thread") && text.contains("processing"),
        "{text}"
    );
    assert_eq!(v["model"], "tiny.en");
    assert_eq!(v["language"], "en");
    assert!(
        (v["duration_s"].as_f64().unwrap() - 7.0).abs() < 1.5,
        "{}",
        v["duration_s"]
    );
    let words = v["words"].as_array().unwrap();
    assert!(words.len() >= 12);
    let first = words[0]["start"].as_f64().unwrap();
    assert!(
        (0.9..1.6).contains(&first),
        "the fixture starts speaking after 1.2 s of silence; first word at {first}"
    );
    for w in words {
        assert!(w["end"].as_f64().unwrap() >= w["start"].as_f64().unwrap());
        assert!((0.0..=1.0).contains(&w["p"].as_f64().unwrap()));
    }
}

/// `viva score -q gil --audio FIXTURE` with `extra` options, in data folder `d`: its stdout.
fn score_fixture(d: &std::path::Path, extra: &[&str]) -> Vec<u8> {
    viva(d)
        .args(["score", "-q", "gil", "--audio"])
        .arg(fixture())
        .arg("--model")
        .arg(model())
        .args(extra)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone()
}

#[test]
fn scoring_a_recording_fills_timing_metrics_and_keeps_the_audio() {
    let d = tempfile::tempdir().unwrap();
    let v = json(&score_fixture(d.path(), &["--json", "--save"]));
    let m = &v["metrics"];
    assert!(m["words_per_minute"].as_f64().unwrap() > 100.0, "{m}");
    // Judged against the default pace here; the next test sets its own.
    assert_eq!(m["measures"][0]["target"], "130–160 wpm", "{m}");
    assert!(
        (0.9..1.6).contains(&m["time_to_first_word_s"].as_f64().unwrap()),
        "{m}"
    );
    let thread = v["concepts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["matched"] == true)
        .expect("a concept was heard");
    assert!(
        thread["start_s"].as_f64().unwrap() > 1.0,
        "matched concepts carry the time they were said: {thread}"
    );

    let session = v["saved"]["session_id"].as_i64().unwrap();
    let shown = json(
        &viva(&d)
            .args(["sessions", "show", &session.to_string(), "--json"])
            .assert()
            .success()
            .get_output()
            .stdout,
    );
    let attempt = &shown["attempts"][0];
    assert_eq!(attempt["model"], "tiny.en");
    let audio = PathBuf::from(attempt["audio_path"].as_str().unwrap());
    assert!(
        audio.starts_with(d.path()) && audio.is_file(),
        "{}",
        audio.display()
    );
    viva(&d)
        .args(["sessions", "delete", &session.to_string()])
        .assert()
        .success();
    assert!(
        !audio.exists(),
        "deleting the session deletes its recording"
    );
}

#[test]
fn the_pace_is_judged_against_the_users_setting() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path().join("settings.json"),
        r#"{"pace_wpm": [150, 220]}"#,
    )
    .unwrap();
    let text = String::from_utf8(score_fixture(d.path(), &[])).unwrap();
    let pace = text.lines().find(|l| l.contains("Pace")).expect(&text);
    assert!(pace.contains("target 150–220 wpm"), "{text}");
    assert!(pace.trim_start().starts_with('✓'), "{text}");
    // A broken settings file is named, and the defaults are used.
    std::fs::write(d.path().join("settings.json"), "{").unwrap();
    viva(&d)
        .args(["score", "-q", "gil", "--text", "-"])
        .write_stdin("one thread at a time")
        .assert()
        .success()
        .stderr(
            predicate::str::contains("settings.json")
                .and(predicate::str::contains("using the default settings")),
        );
}

#[test]
fn a_truncated_model_is_a_clear_error_not_a_crash() {
    let d = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(model()).unwrap();
    let cut = d.path().join("cut.bin");
    std::fs::write(&cut, &bytes[..bytes.len() / 3]).unwrap();
    viva(&d)
        .arg("transcribe")
        .arg(fixture())
        .arg("--model")
        .arg(&cut)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not a valid whisper.cpp model"));
}

#[test]
fn without_a_model_the_error_says_how_to_get_one() {
    let d = tempfile::tempdir().unwrap();
    viva(&d)
        .arg("transcribe")
        .arg(fixture())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("viva models install"));
}

#[test]
fn a_file_that_is_not_audio_is_named() {
    let d = tempfile::tempdir().unwrap();
    let bad = d.path().join("notes.wav");
    std::fs::write(&bad, b"not a wav").unwrap();
    viva(&d)
        .arg("transcribe")
        .arg(&bad)
        .arg("--model")
        .arg(model())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("notes.wav"));
}
