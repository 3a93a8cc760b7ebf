//! `viva export`: each format is written and its content checked, and a hostile transcript can
//! neither inject markup into the HTML nor a formula into the CSV.

use predicates::prelude::*;

mod common;
use common::{json, viva};

const HOSTILE: &str = "=HYPERLINK(\"x\") <script>alert('gil')</script> only one thread runs bytecode at a time, \"quoted\", so use multiprocessing";

fn saved_session(d: &tempfile::TempDir) -> String {
    let out = viva(d)
        .args(["score", "-q", "gil", "--text", "-", "--json", "--save"])
        .write_stdin(HOSTILE)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    json(&out)["saved"]["session_id"]
        .as_i64()
        .unwrap()
        .to_string()
}

#[test]
fn every_format_is_written_with_its_content() {
    let d = tempfile::tempdir().unwrap();
    let s = saved_session(&d);
    for (format, ext) in [
        ("md", "md"),
        ("html", "html"),
        ("json", "json"),
        ("csv", "csv"),
    ] {
        let path = d.path().join(format!("report.{ext}"));
        viva(&d)
            .args(["export", &s, "--format", format, "--out"])
            .arg(&path)
            .assert()
            .success();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("gil"), "{format}: {text}");
        match format {
            "md" => {
                assert!(text.starts_with("# Viva practice session"), "{text}");
                assert!(
                    text.contains("- [x] one thread runs bytecode at a time"),
                    "{text}"
                );
                assert!(
                    text.contains("- [ ] "),
                    "missed concepts are listed: {text}"
                );
            }
            "html" => {
                assert!(text.starts_with("<!doctype html>"));
                assert!(
                    !text.contains("<script>"),
                    "the transcript's markup is escaped: {text}"
                );
                assert!(
                    text.contains("&lt;script&gt;alert(&#39;gil&#39;)&lt;/script&gt;"),
                    "{text}"
                );
                assert!(
                    !text.contains("http://") && !text.contains("https://"),
                    "no remote content"
                );
                assert!(text.contains("Content-Security-Policy"));
            }
            "json" => {
                let v = json(text.as_bytes());
                assert_eq!(v["attempts"][0]["question"]["id"], "gil");
                assert!(
                    v["attempts"][0]["transcript"]["words"]
                        .as_array()
                        .unwrap()
                        .len()
                        > 10
                );
            }
            "csv" => {
                let lines: Vec<&str> = text.lines().collect();
                assert_eq!(lines.len(), 2, "{text}");
                assert!(lines[0].starts_with("session_id,attempt_id,"));
                assert!(lines[1].contains(",gil,"));
                assert!(
                    lines[1].contains("\"'=HYPERLINK(\"\"x\"\")"),
                    "quoted and formula-guarded: {}",
                    lines[1]
                );
            }
            _ => unreachable!(),
        }
    }
}

#[test]
fn export_goes_to_stdout_by_default() {
    let d = tempfile::tempdir().unwrap();
    let s = saved_session(&d);
    viva(&d)
        .args(["export", &s])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("# Viva practice session"));
}

#[test]
fn export_refuses_bad_destinations_and_unknown_sessions() {
    let d = tempfile::tempdir().unwrap();
    let s = saved_session(&d);
    viva(&d)
        .args(["export", &s, "--out"])
        .arg(d.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is a folder"));
    viva(&d)
        .args(["export", &s, "--out", "/no/such/folder/r.md"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("does not exist"));
    let existing = d.path().join("keep.md");
    std::fs::write(&existing, "mine").unwrap();
    viva(&d)
        .args(["export", &s, "--out"])
        .arg(&existing)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "mine");
    viva(&d)
        .args(["export", &s, "--force", "--out"])
        .arg(&existing)
        .assert()
        .success();
    viva(&d)
        .args(["export", "999"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no session with id 999"));
    viva(&d)
        .args(["export", &s, "--format", "pdf"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("use md, html, json or csv"));
}

#[cfg(unix)]
#[test]
fn export_never_writes_through_a_link() {
    let d = tempfile::tempdir().unwrap();
    let s = saved_session(&d);
    // A link to a file of the user's, with --force, and a dangling link (issue 16: both were
    // written through, the first over the file the link pointed at).
    let precious = d.path().join("precious.txt");
    std::fs::write(&precious, "mine").unwrap();
    let link = d.path().join("report.md");
    std::os::unix::fs::symlink(&precious, &link).unwrap();
    let dangling = d.path().join("dangling.md");
    std::os::unix::fs::symlink(d.path().join("nowhere.md"), &dangling).unwrap();
    for (path, force) in [(&link, true), (&dangling, false)] {
        let mut cmd = viva(&d);
        cmd.args(["export", &s, "--out"]).arg(path);
        if force {
            cmd.arg("--force");
        }
        cmd.assert()
            .code(1)
            .stderr(predicate::str::contains("is a link"));
    }
    assert_eq!(std::fs::read_to_string(&precious).unwrap(), "mine");
    assert!(!d.path().join("nowhere.md").exists());
    // No temporary file is left behind either.
    let names: Vec<String> = std::fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.ends_with(".part")), "{names:?}");
}

#[test]
fn a_misconception_is_in_every_format_with_its_words_escaped() {
    let d = tempfile::tempdir().unwrap();
    let out = viva(&d)
        .args(["score", "-q", "gil", "--text", "-", "--json", "--save"])
        .write_stdin("The GIL lets every thread <b>run</b> bytecode at the same time.")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let scored = json(&out);
    let wrong = scored["concepts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["verdict"] == "misconception")
        .expect("a misconception in --json");
    assert_eq!(wrong["matched"], false);
    assert_eq!(wrong["misconception"]["kind"], "known");
    let s = scored["saved"]["session_id"].as_i64().unwrap().to_string();
    let export = |format: &str| {
        let out = viva(&d)
            .args(["export", &s, "--format", format])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    };
    let md = export("md");
    assert!(
        md.contains("[!] (misconception) one thread runs bytecode at a time"),
        "{md}"
    );
    assert!(md.contains("True: The GIL lets only one thread"), "{md}");
    let html = export("html");
    assert!(html.contains("class=\"misconception\""), "{html}");
    assert!(
        html.contains("&lt;b&gt;run&lt;/b&gt;") && !html.contains("<b>run"),
        "{html}"
    );
    let csv = export("csv");
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .ends_with(",concepts_mentioned,misconceptions,follow_up,follow_up_recovered,score_with_follow_up,follow_up_transcript")
    );
    assert!(csv.contains("a common misconception"), "{csv}");
    let v = json(export("json").as_bytes());
    let concepts = v["attempts"][0]["assessment"]["concepts"]
        .as_array()
        .unwrap();
    assert!(
        concepts
            .iter()
            .any(|c| c["misconception"]["truth"].is_string())
    );
}
