//! Concept matching: kinds, positions and the guards against false hits.

use proptest::prelude::*;
use viva_core::text::{normalize, normalized_string};
use viva_core::{Concept, MatchKind, Question, Transcript, Word, score};

fn question(concepts: &[(&str, &[&str])]) -> Question {
    Question {
        id: "q".into(),
        category: "c".into(),
        prompt: "p".into(),
        model_answer: "m".into(),
        code: None,
        concepts: concepts
            .iter()
            .map(|(name, aliases)| Concept {
                name: name.to_string(),
                aliases: aliases.iter().map(|a| a.to_string()).collect(),
                weight: 1.0,
                about: None,
                claim: None,
                misconceptions: Vec::new(),
                follow_up: None,
            })
            .collect(),
        subjects: Vec::new(),
        target_seconds: None,
    }
}

fn kind_of(q: &Question, text: &str) -> Option<MatchKind> {
    score(q, &Transcript::from_text(text)).concepts[0].kind
}

#[test]
fn match_kinds() {
    let q = question(&[("identity", &["same object", "=="])]);
    assert_eq!(kind_of(&q, "it compares identity"), Some(MatchKind::Exact));
    assert_eq!(
        kind_of(&q, "whether it's the same object in memory"),
        Some(MatchKind::Alias)
    );
    assert_eq!(
        kind_of(&q, "double equals compares values"),
        Some(MatchKind::Alias)
    );
    assert_eq!(
        kind_of(&q, "they're the same objects"),
        Some(MatchKind::Stem)
    );
    assert_eq!(kind_of(&q, "it compares idemtity"), Some(MatchKind::Fuzzy));
    assert_eq!(kind_of(&q, "it compares values"), None);
}

#[test]
fn short_words_never_match_fuzzily_and_negations_stay_apart() {
    let q = question(&[("set", &["mutable"])]);
    assert_eq!(kind_of(&q, "you get a value"), None);
    assert_eq!(kind_of(&q, "strings are immutable"), None);
}

#[test]
fn words_run_together_or_split_apart_still_match() {
    let q = question(&[("deep copy", &["keyword arguments"])]);
    assert_eq!(
        kind_of(&q, "use copy.deepcopy on it"),
        Some(MatchKind::Exact)
    );
    let q = question(&[("deepcopy", &[])]);
    assert_eq!(kind_of(&q, "use a deep copy"), Some(MatchKind::Exact));
    let q = question(&[("kwargs", &["keyword arguments"])]);
    assert_eq!(
        kind_of(&q, "extra key word arguments"),
        Some(MatchKind::Alias)
    );
}

#[test]
fn a_word_said_in_two_is_not_one_of_its_halves() {
    // Issue 13: "byte" of "byte code" credited "bytes" (an immutable type).
    let q = question(&[("immutable types", &["bytes", "tuple"])]);
    assert_eq!(kind_of(&q, "it runs python byte code"), None);
    assert_eq!(kind_of(&q, "it runs python byte-code"), None);
    assert_eq!(
        kind_of(&q, "strings and bytes are immutable"),
        Some(MatchKind::Alias)
    );
    assert_eq!(kind_of(&q, "a single byte"), Some(MatchKind::Stem));
    // The compound itself still matches when a concept names it, said in two or one.
    let q = question(&[("bytecode", &[])]);
    assert_eq!(
        kind_of(&q, "one thread runs byte code"),
        Some(MatchKind::Exact)
    );
    // A question's own one-word forms are compounds too.
    let q = question(&[("copy", &["shallow copy"]), ("copyable", &[])]);
    assert_eq!(kind_of(&q, "it is copy able"), None);
}

#[test]
fn hesitations_inside_a_phrase_are_skipped() {
    let q = question(&[("global interpreter lock", &[])]);
    assert_eq!(
        kind_of(&q, "the global, um, interpreter lock"),
        Some(MatchKind::Exact)
    );
}

#[test]
fn proximity_aliases_need_their_parts_in_order_and_close() {
    let q = question(&[("lazy", &["generator ... one at a time"])]);
    assert_eq!(
        kind_of(&q, "a generator gives you items one at a time"),
        Some(MatchKind::Alias)
    );
    assert_eq!(kind_of(&q, "one at a time, unlike a generator"), None);
    assert_eq!(
        kind_of(
            &q,
            "a generator is a thing that I have used in many of my projects at work and it gives one at a time"
        ),
        None
    );
}

#[test]
fn matched_concepts_carry_word_positions_and_times() {
    let q = question(&[("GIL", &["global interpreter lock"])]);
    let words = ["so", "the", "global", "interpreter", "lock", "means"];
    let t = Transcript {
        words: words
            .iter()
            .enumerate()
            .map(|(i, w)| Word::timed(*w, 1.0 + i as f64 * 0.5, 1.4 + i as f64 * 0.5))
            .collect(),
        ..Default::default()
    };
    let c = &score(&q, &t).concepts[0];
    assert_eq!(c.words, Some([2, 4]));
    assert_eq!(c.heard.as_deref(), Some("global interpreter lock"));
    assert_eq!(c.start_s, Some(2.0));
    assert_eq!(c.end_s, Some(3.4));
}

#[test]
fn clean_hit_beats_an_earlier_near_miss() {
    let q = question(&[("closure", &[])]);
    let r = &score(&q, &Transcript::from_text("a closur, I mean a closure")).concepts[0];
    assert_eq!(r.kind, Some(MatchKind::Exact));
    assert_eq!(r.words, Some([5, 5]));
}

#[test]
fn weights_shape_the_score() {
    let mut q = question(&[("alpha", &[]), ("beta", &[])]);
    q.concepts[0].weight = 3.0;
    assert_eq!(
        score(&q, &Transcript::from_text("alpha decides it")).score,
        75
    );
    assert_eq!(
        score(&q, &Transcript::from_text("beta decides it")).score,
        25
    );
    // Only listed, each earns half its weight.
    assert_eq!(score(&q, &Transcript::from_text("alpha, beta.")).score, 50);
    assert_eq!(score(&q, &Transcript::from_text("")).score, 0);
}

proptest! {
    #[test]
    fn normalising_is_idempotent(s in "\\PC{0,60}") {
        let once = normalized_string(&s);
        prop_assert_eq!(normalized_string(&once), once.clone());
    }

    #[test]
    fn tokens_are_lowercase_alphanumeric(s in "\\PC{0,60}") {
        for t in normalize(&s) {
            prop_assert!(!t.text.is_empty());
            prop_assert!(t.text.chars().all(char::is_alphanumeric), "{:?}", t.text);
            prop_assert_eq!(t.text.to_lowercase(), t.text.clone());
        }
    }

    #[test]
    fn a_phrase_is_found_wherever_it_is_said(
        before in proptest::collection::vec("[a-z]{1,8}", 0..30),
        after in proptest::collection::vec("[a-z]{1,8}", 0..30),
        phrase in proptest::collection::vec("[a-z]{4,9}", 1..4),
    ) {
        let q = question(&[(&phrase.join(" "), &[])]);
        let text = [before.join(" "), phrase.join(" "), after.join(" ")].join(" ");
        let c = &score(&q, &Transcript::from_text(&text)).concepts[0];
        // Found either way: credited, or (after a random "not", "no", "nor"...) negated.
        let at = c.words.or(c.misconception.as_ref().map(|m| m.words));
        prop_assert!(at.is_some(), "{text:?}");
        prop_assert!(at.unwrap()[0] <= before.len());
    }

    #[test]
    fn scores_stay_in_range(text in "\\PC{0,200}") {
        let q = question(&[("alpha beta", &["gamma"]), ("delta", &["epsilon ... zeta"])]);
        prop_assert!(score(&q, &Transcript::from_text(&text)).score <= 100);
    }
}
