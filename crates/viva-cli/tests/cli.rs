//! The `viva` binary as a user or a script drives it: output, JSON shape, exit codes, errors.

use predicates::prelude::*;

mod common;
use common::{json, viva};

const STRONG_GIL: &str = "The GIL, the global interpreter lock, lets only one thread execute Python bytecode at a time. \
So threads still help I/O-bound programs, but CPU-bound work doesn't get faster; for that you'd use multiprocessing, \
or the free-threaded build from Python 3.13.";

#[test]
fn decks_list_and_show() {
    let d = tempfile::tempdir().unwrap();
    viva(&d)
        .args(["decks", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("python-interview"));
    let out = viva(&d)
        .args(["decks", "show", "python-interview", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let deck = json(&out);
    assert_eq!(deck["id"], "python-interview");
    assert!(deck["title"].is_string());
    let qs = deck["questions"].as_array().unwrap();
    assert_eq!(qs.len(), 20);
    for q in qs {
        assert!(q["id"].is_string() && q["category"].is_string() && q["prompt"].is_string());
        assert!(q["concepts"].as_array().unwrap().len() >= 4);
    }
    viva(&d)
        .args(["decks", "show", "pyton-interview"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did you mean python-interview?"));
}

#[test]
fn validate_accepts_the_built_in_folder() {
    let d = tempfile::tempdir().unwrap();
    let questions = concat!(env!("CARGO_MANIFEST_DIR"), "/../../questions");
    viva(&d)
        .args(["decks", "validate", questions])
        .assert()
        .success()
        .stdout(predicate::str::contains("20 questions in 6 categories"))
        .stderr(predicate::str::contains("warning:").not());
}

#[test]
fn validate_warns_when_a_model_answer_misses_a_concept_or_says_a_misconception() {
    let d = tempfile::tempdir().unwrap();
    let deck = d.path().join("gil.toml");
    std::fs::write(
        &deck,
        r#"id = "mine"
title = "Mine"

[[questions]]
id = "gil"
category = "A"
prompt = "What is the GIL?"
model_answer = "Only one thread runs bytecode at a time, so threads run in parallel only while waiting."

[[questions.concepts]]
name = "one thread at a time"

[[questions.concepts]]
name = "processes"

[[questions.concepts]]
name = "multiprocessing"

[[questions.concepts.misconceptions]]
said = ["threads run in parallel"]
truth = "Threads take turns."
"#,
    )
    .unwrap();
    viva(&d)
        .args(["decks", "validate"])
        .arg(&deck)
        .assert()
        .success()
        .stderr(
            predicate::str::contains(format!(
                "warning: {}:5:6: the model answer of \"gil\" does not cover \"processes\"",
                deck.display()
            ))
            .and(predicate::str::contains(
                "judged a misconception of \"multiprocessing\": \"threads run in parallel\"",
            ))
            .and(predicate::str::contains("hint: narrow the misconception")),
        );
}

#[test]
fn validate_reports_a_broken_deck_with_line_and_column() {
    let d = tempfile::tempdir().unwrap();
    let bad = d.path().join("bad.toml");
    std::fs::write(&bad, "id = \"mine\"\ntitle = \"Mine\"\n\n[[questions]]\nid = \"q1\"\ncategory = \"A\"\nprompt = \"Why?\"\nmodel_answer = \"Because.\"\n").unwrap();
    viva(&d)
        .args(["decks", "validate"])
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("bad.toml:5:6: question \"q1\" has no concepts")
                .and(predicate::str::contains("hint:")),
        );
    std::fs::write(&bad, "id = \"mine\"\ntitle = \"Mine\n").unwrap();
    viva(&d)
        .args(["decks", "validate"])
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bad.toml:2:"));
    viva(&d)
        .args(["decks", "validate", "/no/such/deck.toml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot read the file"));
}

#[test]
fn a_broken_user_deck_is_reported_but_does_not_stop_practice() {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(d.path().join("decks")).unwrap();
    std::fs::write(d.path().join("decks/broken.toml"), "id = ").unwrap();
    viva(&d)
        .args(["decks", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("python-interview"))
        .stderr(predicate::str::contains("broken.toml:1:"));
}

#[test]
fn user_decks_load_from_the_data_folder() {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(d.path().join("decks")).unwrap();
    std::fs::write(
        d.path().join("decks/rust.toml"),
        "id = \"rust\"\ntitle = \"Rust\"\n[[questions]]\nid = \"borrow\"\ncategory = \"Basics\"\nprompt = \"What is borrowing?\"\nmodel_answer = \"A reference that does not take ownership.\"\n[[questions.concepts]]\nname = \"ownership\"\n",
    )
    .unwrap();
    let out = viva(&d)
        .args(["score", "-q", "rust/borrow", "--text", "-", "--json"])
        .write_stdin("it keeps ownership")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(json(&out.stdout)["score"], 100);
}

#[test]
fn score_json_has_the_documented_shape() {
    let d = tempfile::tempdir().unwrap();
    let out = viva(&d)
        .args(["score", "--question", "gil", "--text", "-", "--json"])
        .write_stdin(STRONG_GIL)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    assert_eq!(v["question_id"], "gil");
    assert!(v["score"].as_u64().unwrap() >= 80, "{v}");
    let concepts = v["concepts"].as_array().unwrap();
    assert!(!concepts.is_empty());
    for c in concepts {
        assert!(c["name"].is_string() && c["matched"].is_boolean());
        assert!(c.get("kind").is_some() && c.get("similarity").is_some());
    }
    let hit = concepts.iter().find(|c| c["matched"] == true).unwrap();
    assert!(["exact", "alias", "stem", "fuzzy"].contains(&hit["kind"].as_str().unwrap()));
    assert!(v["metrics"]["word_count"].as_u64().unwrap() > 30);
    assert!(
        v["metrics"]["words_per_minute"].is_null(),
        "typed text has no timings"
    );
    let tips = v["tips"].as_array().unwrap();
    assert!((2..=4).contains(&tips.len()));
}

#[test]
fn score_reads_a_file_and_names_an_unreadable_one() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("answer.txt");
    std::fs::write(&f, STRONG_GIL).unwrap();
    viva(&d)
        .args(["score", "-q", "gil", "--text"])
        .arg(&f)
        .assert()
        .success()
        .stdout(predicate::str::contains("Score "));
    viva(&d)
        .args(["score", "-q", "gil", "--text", "/no/such/answer.txt"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "reading the answer from /no/such/answer.txt",
        ));
}

#[test]
fn an_unknown_question_suggests_the_closest_ids() {
    let d = tempfile::tempdir().unwrap();
    viva(&d)
        .args(["score", "-q", "closure", "--text", "-"])
        .write_stdin("x")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no question \"closure\"; did you mean closures",
        ));
}

#[test]
fn an_empty_answer_scores_zero_with_a_no_speech_tip() {
    let d = tempfile::tempdir().unwrap();
    let out = viva(&d)
        .args(["score", "-q", "gil", "--text", "-", "--json"])
        .write_stdin("   \n")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    assert_eq!(v["score"], 0);
    assert!(
        v["tips"][0]
            .as_str()
            .unwrap()
            .starts_with("No speech was heard")
    );
}

#[test]
fn usage_errors_exit_with_2() {
    let d = tempfile::tempdir().unwrap();
    viva(&d).args(["score", "--text", "-"]).assert().code(2);
    viva(&d).args(["frobnicate"]).assert().code(2);
    viva(&d)
        .args(["sessions", "show", "not-a-number"])
        .assert()
        .code(2);
}

#[test]
fn saved_attempts_appear_in_history_and_can_be_deleted() {
    let d = tempfile::tempdir().unwrap();
    let out = viva(&d)
        .args(["score", "-q", "gil", "--text", "-", "--json", "--save"])
        .write_stdin(STRONG_GIL)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let saved = json(&out)["saved"].clone();
    let session = saved["session_id"].as_i64().unwrap();
    assert!(d.path().join("viva.sqlite3").exists());

    let hist = json(
        &viva(&d)
            .args(["history", "--json"])
            .assert()
            .success()
            .get_output()
            .stdout,
    );
    assert_eq!(hist[0]["id"], session);
    assert_eq!(hist[0]["attempts"], 1);
    assert_eq!(hist[0]["deck_id"], "python-interview");

    let shown = json(
        &viva(&d)
            .args(["sessions", "show", &session.to_string(), "--json"])
            .assert()
            .success()
            .get_output()
            .stdout,
    );
    assert_eq!(shown["attempts"][0]["question"]["id"], "gil");
    assert!(
        shown["attempts"][0]["transcript"]["words"]
            .as_array()
            .unwrap()
            .len()
            > 30
    );
    viva(&d)
        .args(["history"])
        .assert()
        .success()
        .stdout(predicate::str::contains("python-interview"));

    viva(&d)
        .args(["sessions", "delete", &session.to_string()])
        .assert()
        .success();
    viva(&d)
        .args(["sessions", "show", &session.to_string()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "no session with id {session}"
        )));
    viva(&d)
        .args(["history"])
        .assert()
        .success()
        .stdout(predicate::str::contains("No practice sessions yet"));
}
