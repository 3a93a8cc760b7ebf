//! Markdown notes become a draft deck: headings are questions, paragraphs their model answers;
//! bad notes get an error that says where and what to do.

use std::path::Path;

use viva_authoring::notes::{NotesError, deck_from_file, deck_from_notes};

const NOTES: &str = "# Backend interview

Things to rehearse before Friday.

## APIs

### What makes an API RESTful?

Resources are named by URLs and changed with the standard HTTP verbs. Every request is \
stateless: it carries everything the server needs, so no session state lives on the server.

### What is an idempotent request?

One that has the same effect however many times it is sent. PUT and DELETE are idempotent, \
POST is not.

```http
PUT /users/7
```

## Databases

### What is an index?

A data structure, usually a B-tree, that lets the database find rows without a full table scan.
";

#[test]
fn headings_become_questions_with_categories_code_and_suggested_concepts() {
    let deck = deck_from_notes(NOTES, Path::new("backend.md"), "backend", "Backend").unwrap();
    let ids: Vec<&str> = deck.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "what-makes-an-api-restful",
            "what-is-an-idempotent-request",
            "what-is-an-index"
        ]
    );
    assert_eq!(deck.questions[0].category, "APIs");
    assert_eq!(deck.questions[2].category, "Databases");
    assert_eq!(deck.questions[1].code.as_ref().unwrap().language, "http");
    assert!(
        deck.questions[1]
            .model_answer
            .starts_with("One that has the same effect")
    );
    for q in &deck.questions {
        assert!(!q.concepts.is_empty(), "{} has no suggested concepts", q.id);
    }
    let names: Vec<&str> = deck.questions[0]
        .concepts
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert!(
        names.iter().any(|n| n.to_lowercase().contains("stateless")
            || n.to_lowercase().contains("session state")),
        "{names:?}"
    );
}

#[test]
fn notes_without_headings_say_how_to_write_them() {
    let e = deck_from_notes("Just a paragraph.\n", Path::new("n.md"), "n", "N").unwrap_err();
    assert!(matches!(e, NotesError::NoHeadings { .. }));
    assert!(e.to_string().contains("`## What is the GIL?`"), "{e}");
}

#[test]
fn a_question_without_an_answer_is_named_with_its_line() {
    let notes =
        "## What is a closure?\n\n## What is a decorator?\n\nA function that wraps another.\n";
    let e = deck_from_notes(notes, Path::new("n.md"), "n", "N").unwrap_err();
    assert!(
        matches!(&e, NotesError::EmptyAnswer { line: 1, question, .. } if question == "What is a closure?"),
        "{e}"
    );
    assert!(e.to_string().starts_with("n.md:1: "), "{e}");
}

#[test]
fn a_huge_or_missing_file_is_refused_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("huge.md");
    std::fs::write(&huge, "## Q?\n\n".to_string() + &"word ".repeat(300_000)).unwrap();
    let e = deck_from_file(&huge, None, None).unwrap_err();
    assert!(matches!(e, NotesError::TooLarge { .. }), "{e}");
    assert!(e.to_string().contains("split them"), "{e}");
    let e = deck_from_file(&dir.path().join("missing.md"), None, None).unwrap_err();
    assert!(matches!(e, NotesError::Read { .. }), "{e}");
}

#[test]
fn repeated_headings_get_their_own_ids_and_the_file_names_the_deck() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("my_python-notes.md");
    std::fs::write(&path, "## Why?\n\nBecause.\n\n## Why?\n\nAgain, because.\n").unwrap();
    let deck = deck_from_file(&path, None, None).unwrap();
    assert_eq!(deck.id, "my-python-notes");
    assert_eq!(deck.title, "My python notes");
    assert_eq!(deck.questions[0].id, "why");
    assert_eq!(deck.questions[1].id, "why-2");
}
