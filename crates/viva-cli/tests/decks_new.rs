//! `viva decks new --from NOTES.md`, `viva decks import` and `viva decks export`: a deck of the
//! user's own from notes or a file, practisable at once; bad input says where and what to do.

use std::path::Path;

mod common;
use common::viva;

const NOTES: &str = "# Backend

## What makes an API RESTful?

Resources are named by URLs and changed with the standard HTTP verbs. Every request is
stateless: it carries everything the server needs, so no session state lives on the server.

## What is an idempotent request?

One that has the same effect however many times it is sent. PUT and DELETE are idempotent.
";

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn notes_become_a_deck_that_validates_and_can_be_practised() {
    let d = tempfile::tempdir().unwrap();
    let notes = write(d.path(), "backend_notes.md", NOTES);
    let out = viva(d.path().join("data"))
        .args(["decks", "new", "--from"])
        .arg(&notes)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains(
            "Drafted the deck \"Backend notes\" (backend-notes: 2 questions in 1 category)"
        ),
        "{out}"
    );
    let file = d.path().join("data/decks/backend-notes.toml");
    assert!(file.is_file(), "{out}");
    viva(d.path().join("data"))
        .args(["decks", "validate"])
        .arg(&file)
        .assert()
        .success();
    // Practise it by typing: a strong answer scores.
    let scored = viva(d.path().join("data"))
        .args([
            "score",
            "--question",
            "backend-notes/what-makes-an-api-restful",
            "--text",
            "-",
            "--json",
        ])
        .write_stdin("Every request is stateless, and resources are named by URLs with HTTP verbs.")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = common::json(&scored);
    assert!(v["score"].as_u64().unwrap() > 0, "{v}");

    // The same id twice is explained, and nothing is overwritten.
    let again = viva(d.path().join("data"))
        .args(["decks", "new", "--from"])
        .arg(&notes)
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    let again = String::from_utf8(again).unwrap();
    assert!(
        again.contains("a deck with the id \"backend-notes\" already exists"),
        "{again}"
    );
}

#[test]
fn bad_notes_get_clear_errors() {
    let d = tempfile::tempdir().unwrap();
    let data = d.path().join("data");
    let cases = [
        (
            "plain.md",
            "Just a paragraph, no headings.\n".to_string(),
            "no Markdown headings",
        ),
        (
            "empty.md",
            "## What is a closure?\n\n## What is a decorator?\n\nA wrapper.\n".to_string(),
            "empty.md:1: the question \"What is a closure?\" has no answer under it",
        ),
        (
            "huge.md",
            "## Q?\n\n".to_string() + &"word ".repeat(300_000),
            "larger than 1024 KB",
        ),
    ];
    for (name, text, expected) in cases {
        let notes = write(d.path(), name, &text);
        let err = viva(&data)
            .args(["decks", "new", "--from"])
            .arg(&notes)
            .assert()
            .failure()
            .get_output()
            .stderr
            .clone();
        let err = String::from_utf8(err).unwrap();
        assert!(err.contains(expected), "{name}: {err}");
    }
    assert!(
        !data.join("decks").exists()
            || std::fs::read_dir(data.join("decks"))
                .unwrap()
                .next()
                .is_none()
    );
}

#[test]
fn a_deck_file_is_imported_with_its_comments_and_exported_again() {
    let d = tempfile::tempdir().unwrap();
    let data = d.path().join("data");
    let deck = "# Rehearse before Friday.\nid = \"mine\"\ntitle = \"Mine\"\n\n[[questions]]\nid = \"q\"\ncategory = \"c\"\nprompt = \"What is REST?\"\nmodel_answer = \"Stateless requests on resources.\"\n\n[[questions.concepts]]\nname = \"stateless\"\n";
    let file = write(d.path(), "mine.toml", deck);
    viva(&data)
        .args(["decks", "import"])
        .arg(&file)
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(data.join("decks/mine.toml")).unwrap(),
        deck
    );
    // A second import of the same id, or of a built-in id, is refused with the reason.
    let err = viva(&data)
        .args(["decks", "import"])
        .arg(&file)
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    assert!(String::from_utf8(err).unwrap().contains("already exists"));
    let out = d.path().join("shared.toml");
    viva(&data)
        .args(["decks", "export", "mine", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), deck);
    let builtin = d.path().join("python.toml");
    viva(&data)
        .args(["decks", "export", "python-interview", "--out"])
        .arg(&builtin)
        .assert()
        .success();
    let err = viva(&data)
        .args(["decks", "import"])
        .arg(&builtin)
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    assert!(String::from_utf8(err).unwrap().contains("a built-in deck"));
}
