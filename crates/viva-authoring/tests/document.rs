//! Deck files written by Viva read back as the same deck, and an edited hand-written deck keeps
//! its author's comments.

use viva_authoring::document::{to_toml, update};
use viva_core::{Concept, Deck, builtin};

const HAND_WRITTEN: &str = r#"# My backend questions: rehearse before Friday.
id = "backend"
title = "Backend"

# The one they always ask.
[[questions]]
id = "rest"
category = "APIs"
prompt = "What makes an API RESTful?"
model_answer = "Resources named by URLs, standard HTTP verbs, and stateless requests."

[[questions.concepts]]
name = "stateless"   # each request stands alone
aliases = ["no session state"]
weight = 2

[[questions]]
id = "idempotent"
category = "APIs"
prompt = "What is an idempotent request?"
model_answer = "One that has the same effect however many times it is sent, like PUT or DELETE."

[[questions.concepts]]
name = "same effect"
"#;

fn concept(name: &str) -> Concept {
    Concept {
        name: name.into(),
        aliases: vec![],
        weight: 1.0,
        about: None,
        claim: None,
        misconceptions: vec![],
        follow_up: None,
    }
}

#[test]
fn an_edited_hand_written_deck_keeps_its_comments() {
    let mut deck = Deck::from_toml(HAND_WRITTEN, "backend.toml").unwrap();
    // Edit a prompt, add an alias and a follow-up, add a concept, and move the questions.
    deck.questions[0].prompt = "What makes an HTTP API RESTful?".into();
    deck.questions[0].concepts[0]
        .aliases
        .push("no server-side session".into());
    deck.questions[0].concepts[0].follow_up = Some("And where does the state live then?".into());
    deck.questions[1].concepts.push(concept("PUT and DELETE"));
    deck.questions.swap(0, 1);

    let written = update(HAND_WRITTEN, &deck).unwrap();
    let read = Deck::from_toml(&written, "backend.toml").unwrap();
    assert_eq!(read, deck, "{written}");
    for comment in [
        "# My backend questions: rehearse before Friday.",
        "# The one they always ask.",
        "# each request stands alone",
    ] {
        assert!(written.contains(comment), "lost {comment:?}:\n{written}");
    }
    // The comment stays with its question, which now comes second.
    let comment = written.find("# The one they always ask.").unwrap();
    assert!(
        written.find("id = \"idempotent\"").unwrap() < comment,
        "{written}"
    );
    assert!(
        comment < written.find("id = \"rest\"").unwrap(),
        "{written}"
    );
}

#[test]
fn an_unchanged_deck_is_written_back_byte_for_byte() {
    let deck = Deck::from_toml(HAND_WRITTEN, "backend.toml").unwrap();
    assert_eq!(update(HAND_WRITTEN, &deck).unwrap(), HAND_WRITTEN);
    let (name, source) = builtin::SOURCES[0];
    let deck = Deck::from_toml(source, name).unwrap();
    assert_eq!(update(source, &deck).unwrap(), source);
}

#[test]
fn every_built_in_question_reads_back_from_a_new_file() {
    for deck in builtin::decks().unwrap() {
        let written = to_toml(&deck);
        let read = Deck::from_toml(&written, "new.toml").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(read, deck);
    }
}

#[test]
fn a_duplicated_built_in_deck_keeps_its_comments_and_the_original_is_untouched() {
    let (name, source) = builtin::SOURCES[0];
    let before = source.to_string();
    let mut copy = Deck::from_toml(source, name).unwrap();
    copy.id = "my-python".into();
    copy.title = "My Python".into();
    copy.questions[0].prompt = "Mutable or immutable: what is the difference?".into();
    let written = update(source, &copy).unwrap();
    let read = Deck::from_toml(&written, "my-python.toml").unwrap();
    assert_eq!(read, copy);
    assert!(written.contains("# Not \"bytecode\" or \"mutex\" alone"));
    let original = &builtin::decks().unwrap()[0];
    assert_eq!(original.id, "python-interview");
    assert_ne!(original.questions[0].prompt, copy.questions[0].prompt);
    assert_eq!(builtin::SOURCES[0].1, before);
}

#[test]
fn a_line_of_a_written_deck_names_its_field() {
    let mut deck = Deck::from_toml(HAND_WRITTEN, "backend.toml").unwrap();
    deck.questions[1].concepts.push(concept("PUT and DELETE"));
    let text = to_toml(&deck);
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let field = |needle: &str| viva_authoring::document::field_at(&text, line_of(needle));
    assert_eq!(field("title = ").as_deref(), Some("title"));
    assert_eq!(
        field("What is an idempotent").as_deref(),
        Some("questions.1.prompt")
    );
    assert_eq!(
        field("\"PUT and DELETE\"").as_deref(),
        Some("questions.1.concepts.1.name")
    );
    assert_eq!(
        field("no session state").as_deref(),
        Some("questions.0.concepts.0.aliases")
    );
}

#[test]
fn a_misconception_edited_in_the_app_keeps_the_subject_it_is_wrong_of() {
    let (name, source) = builtin::SOURCES[0];
    let mut deck = Deck::from_toml(source, name).unwrap();
    let m = deck
        .questions
        .iter_mut()
        .flat_map(|q| q.concepts.iter_mut())
        .flat_map(|c| c.misconceptions.iter_mut())
        .find(|m| m.about.is_some())
        .expect("the built-in deck binds misconceptions to subjects");
    // The table is found again by its words; new words make a new table, which must still
    // say what they are wrong of.
    m.said.push("a new way to say it".into());
    let written = update(source, &deck).unwrap();
    assert_eq!(Deck::from_toml(&written, name).unwrap(), deck);
}
