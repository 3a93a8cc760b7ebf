//! Deck loading: the built-in deck, and every kind of broken deck named with line and column.

use std::path::Path;

use viva_core::{Deck, builtin};

#[test]
fn built_in_deck_has_twenty_questions_in_six_categories() {
    let decks = builtin::decks().expect("built-in deck is valid");
    let deck = decks.iter().find(|d| d.id == "python-interview").unwrap();
    assert_eq!(deck.questions.len(), 20);
    assert_eq!(deck.categories().len(), 6);
    for q in &deck.questions {
        assert!(
            (4..=8).contains(&q.concepts.len()),
            "{} has {} concepts",
            q.id,
            q.concepts.len()
        );
        assert!(
            !q.prompt.contains('`'),
            "{}: prompts are spoken aloud, no markup",
            q.id
        );
        assert!(
            q.model_answer.split_whitespace().count() >= 40,
            "{}: model answer too thin",
            q.id
        );
    }
    for id in [
        "dedupe-preserve-order",
        "closures",
        "mutable-default-argument",
        "merge-dicts",
        "enumerate-vs-range-len",
    ] {
        assert!(
            deck.question(id).unwrap().code.is_some(),
            "{id} carries a code snippet"
        );
    }
}

#[test]
fn every_model_answer_scores_full_marks_on_its_own_question() {
    // A model answer that misses its own concepts means the aliases don't cover how the deck itself
    // says things.
    for deck in builtin::decks().unwrap() {
        for q in &deck.questions {
            let s = viva_core::score(q, &viva_core::Transcript::from_text(&q.model_answer));
            let missed: Vec<_> = s
                .concepts
                .iter()
                .filter(|c| !c.matched)
                .map(|c| &c.name)
                .collect();
            assert!(
                missed.is_empty(),
                "{}: model answer misses {missed:?}",
                q.id
            );
        }
    }
}

const GOOD: &str = r#"
id = "mini"
title = "Mini"
description = "A small deck"
language = "en"

[[questions]]
id = "q1"
category = "Basics"
prompt = "What is a list?"
model_answer = "A mutable sequence."
target_seconds = [10, 30]

[[questions.concepts]]
name = "mutable"
aliases = ["can change"]
"#;

fn errors(src: &str) -> String {
    Deck::from_toml(src, "decks/mini.toml")
        .unwrap_err()
        .to_string()
}

#[test]
fn a_good_deck_loads() {
    let d = Deck::from_toml(GOOD, "mini.toml").unwrap();
    assert_eq!(d.questions[0].concepts[0].weight, 1.0);
    assert_eq!(d.questions[0].target_seconds, Some([10.0, 30.0]));
}

#[test]
fn syntax_error_names_file_line_and_column() {
    let src = GOOD.replace("prompt = \"What is a list?\"", "prompt = \"What is a list?");
    let e = errors(&src);
    assert!(e.starts_with("decks/mini.toml:10:"), "{e}");
    assert!(e.contains("hint:"), "{e}");
}

#[test]
fn unknown_field_is_named_with_its_position() {
    let e = errors(&GOOD.replace(
        "category = \"Basics\"",
        "category = \"Basics\"\ncolour = \"red\"",
    ));
    assert!(e.contains("decks/mini.toml:10:"), "{e}");
    assert!(e.contains("unknown field `colour`"), "{e}");
}

#[test]
fn duplicate_ids_point_at_the_second_and_name_the_first() {
    let src = format!("{GOOD}\n{}", &GOOD[GOOD.find("[[questions]]").unwrap()..]);
    let e = errors(&src);
    assert!(
        e.contains("duplicate question id \"q1\" (first used on line 8)"),
        "{e}"
    );
    assert!(e.contains("decks/mini.toml:19:6"), "{e}");
}

#[test]
fn thousands_of_duplicates_are_each_placed_on_their_line() {
    // Issue 16: a generated deck with 4,000 copies of one question took 7 s, every problem
    // rescanning the file for its line.
    let question = &GOOD[GOOD.find("[[questions]]").unwrap()..];
    let lines_per_copy = question.lines().count();
    let mut src = GOOD.to_string();
    for _ in 0..4000 {
        src.push_str(question);
    }
    let deck_lines = GOOD.lines().count();
    let e = Deck::from_toml(&src, Path::new("big.toml")).unwrap_err();
    let duplicates: Vec<_> = e
        .problems
        .iter()
        .filter(|p| p.message.starts_with("duplicate question id"))
        .collect();
    assert_eq!(duplicates.len(), 4000);
    let first_id_line = duplicates[0].line;
    assert_eq!(duplicates[3999].line, first_id_line + 3999 * lines_per_copy);
    assert!(first_id_line > deck_lines - lines_per_copy);
}

#[test]
fn weights_beyond_100_are_refused() {
    // Two concepts of 1e308 both covered scored 0: their sum is infinite.
    let src = GOOD.replace(
        "aliases = [\"can change\"]",
        "aliases = [\"can change\"]\nweight = 1e308",
    );
    let e = errors(&src);
    assert!(e.contains("which is not between 0 and 100"), "{e}");
}

#[cfg(unix)]
#[test]
fn a_device_is_not_read_as_a_deck() {
    let e = Deck::load(Path::new("/dev/zero")).unwrap_err().to_string();
    assert!(e.contains("/dev/zero: is not a regular file"), "{e}");
}

#[test]
fn question_without_concepts_is_an_error() {
    let src = &GOOD[..GOOD.find("[[questions.concepts]]").unwrap()];
    let e = errors(src);
    assert!(e.contains("question \"q1\" has no concepts"), "{e}");
    assert!(e.contains("decks/mini.toml:8:6"), "{e}");
}

#[test]
fn non_positive_weight_and_bad_range_are_both_reported() {
    let src = GOOD
        .replace(
            "aliases = [\"can change\"]",
            "aliases = [\"can change\"]\nweight = 0",
        )
        .replace("[10, 30]", "[30, 10]");
    let e = errors(&src);
    assert!(
        e.contains("weight 0, which is not between 0 and 100"),
        "{e}"
    );
    assert!(e.contains("bad target_seconds range [30.0, 10.0]"), "{e}");
    assert!(e.contains("mini.toml:12:18"), "{e}");
    assert!(e.contains("mini.toml:17:10"), "{e}");
}

#[test]
fn bad_slugs_and_empty_text_are_errors() {
    let e = errors(
        &GOOD
            .replace("id = \"q1\"", "id = \"Q 1\"")
            .replace("A mutable sequence.", "  "),
    );
    assert!(e.contains("question id \"Q 1\" is not a slug"), "{e}");
    assert!(e.contains("has an empty model_answer"), "{e}");
}

#[test]
fn unreadable_file_is_a_clear_error() {
    let e = Deck::load(std::path::Path::new("/nonexistent/deck.toml"))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("/nonexistent/deck.toml: cannot read the file"),
        "{e}"
    );
}

mod damaged {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        /// Whatever is typed into a deck, loading it is a deck or problems with lines, never a
        /// panic (issue 16).
        #[test]
        fn a_damaged_deck_is_a_deck_or_problems(
            edits in prop::collection::vec((any::<prop::sample::Index>(), r#"[ -~\n]{0,4}"#), 1..6),
        ) {
            let mut src = GOOD.to_string();
            for (at, text) in edits {
                let mut i = at.index(src.len() + 1);
                while !src.is_char_boundary(i) {
                    i -= 1;
                }
                src.insert_str(i, &text);
            }
            if let Err(e) = Deck::from_toml(&src, Path::new("d.toml")) {
                prop_assert!(!e.problems.is_empty());
                prop_assert!(e.problems.iter().all(|p| p.line <= src.lines().count() + 1));
            }
        }
    }
}

#[test]
fn a_misconception_about_an_unknown_subject_is_placed_on_its_line() {
    let src = format!(
        "{GOOD}\n[[questions.concepts.misconceptions]]\nsaid = [\"can't change\"]\n\
         truth = \"Lists can change.\"\nabout = \"tuple\"\n"
    );
    let e = errors(&src);
    assert!(e.contains("decks/mini.toml:21:9:"), "{e}");
    assert!(
        e.contains("is about \"tuple\", which is not a subject"),
        "{e}"
    );
    assert!(e.contains("[[questions.subjects]]"), "{e}");
}
