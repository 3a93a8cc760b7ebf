use super::*;
use crate::builtin;
use crate::score::assess;
use crate::transcript::Word;

fn timed(text: &str, first_word_s: f64, gap_s: f64) -> Transcript {
    let mut t = Transcript::from_text(text);
    for (i, w) in t.words.iter_mut().enumerate() {
        let start = first_word_s + i as f64 * gap_s;
        *w = Word::timed(w.word.clone(), start, start + gap_s * 0.8);
    }
    t
}

const WRONG: &str = "The GIL lets every thread execute bytecode at the same time, so threads \
    are great for CPU bound work.";
const RIGHT: &str = "The GIL, the global interpreter lock, lets only one thread execute \
    bytecode at a time, so threads do not speed up CPU bound work; use multiprocessing.";

#[test]
fn the_later_answer_shows_what_it_fixed_gained_and_how_it_was_said() {
    let deck = &builtin::decks().unwrap()[0];
    let q = deck.question("gil").unwrap();
    let targets = DeliveryTargets::default();
    // Before: a wrong claim, said slowly after a freeze. After: right, at an easy pace.
    let (tb, ta) = (timed(WRONG, 7.0, 0.7), timed(RIGHT, 1.0, 0.42));
    let (ab, aa) = (assess(q, &tb, &targets), assess(q, &ta, &targets));
    let side = |id, a, t| Side {
        attempt_id: id,
        created_at: "2026-11-30T10:00:00.000Z",
        assessment: a,
        transcript: t,
    };
    let c = compare(side(1, &ab, &tb), side(2, &aa, &ta), &targets);

    assert_eq!(c.question_id, "gil");
    assert_eq!((c.before.attempt_id, c.after.attempt_id), (1, 2));
    assert!(c.score_change > 0, "{c:?}");
    let fixed: Vec<&ConceptDiff> = c
        .concepts
        .iter()
        .filter(|d| d.change == ConceptChange::Fixed)
        .collect();
    assert!(
        !fixed.is_empty(),
        "no misconception fixed: {:?}",
        c.concepts
    );
    assert!(fixed[0].heard_before.is_some(), "{:?}", fixed[0]);
    assert!(
        c.concepts
            .iter()
            .any(|d| d.change == ConceptChange::Gained && d.name.contains("multiprocessing")),
        "{:?}",
        c.concepts
    );

    let row = |name: &str| c.delivery.iter().find(|d| d.name == name).unwrap();
    let first = row("Time to first word");
    assert_eq!(
        (first.arrow.as_str(), first.trend),
        ("↓", Trend::Better),
        "{first:?}"
    );
    assert_eq!(first.before, "7.0 s");
    let pace = row("Pace");
    assert_eq!(
        (pace.arrow.as_str(), pace.trend),
        ("↑", Trend::Better),
        "{pace:?}"
    );

    let added: Vec<&str> = c
        .transcript
        .iter()
        .filter(|s| s.kind == DiffKind::Added)
        .map(|s| s.text.as_str())
        .collect();
    let removed: Vec<&str> = c
        .transcript
        .iter()
        .filter(|s| s.kind == DiffKind::Removed)
        .map(|s| s.text.as_str())
        .collect();
    assert!(
        added.iter().any(|s| s.contains("multiprocessing")),
        "{added:?}"
    );
    assert!(removed.iter().any(|s| s.contains("every")), "{removed:?}");
    // Words both said are shown once; punctuation does not make a word differ.
    let same: String = c
        .transcript
        .iter()
        .filter(|s| s.kind == DiffKind::Same)
        .map(|s| s.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(same.contains("The GIL"), "{same:?}");
    assert!(same.contains("bytecode"), "{same:?}");
}

#[test]
fn a_typed_answer_has_no_timings_to_compare() {
    let deck = &builtin::decks().unwrap()[0];
    let q = deck.question("gil").unwrap();
    let targets = DeliveryTargets::default();
    let (tb, ta) = (Transcript::from_text(RIGHT), timed(RIGHT, 1.0, 0.42));
    let (ab, aa) = (assess(q, &tb, &targets), assess(q, &ta, &targets));
    let c = compare(
        Side {
            attempt_id: 1,
            created_at: "",
            assessment: &ab,
            transcript: &tb,
        },
        Side {
            attempt_id: 2,
            created_at: "",
            assessment: &aa,
            transcript: &ta,
        },
        &targets,
    );
    let first = c
        .delivery
        .iter()
        .find(|d| d.name == "Time to first word")
        .unwrap();
    assert_eq!(
        (first.trend, first.before.as_str()),
        (Trend::Unmeasured, "—")
    );
    assert!(c.concepts.iter().all(|d| d.change == ConceptChange::Same));
    assert_eq!(c.score_change, 0);
    assert!(c.transcript.iter().all(|s| s.kind == DiffKind::Same));
}
