//! Delivery metrics from timed and untimed transcripts.

use viva_core::metrics::{Band, metrics};
use viva_core::{DeliveryTargets, Transcript, Word};

/// Words spoken one after another at `rate` words a second, starting at `t0`, with the gaps given
/// as (word index, extra seconds of silence before it).
fn timed(text: &str, t0: f64, rate: f64, gaps: &[(usize, f64)]) -> Transcript {
    let mut t = t0;
    let words = text
        .split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            t += gaps
                .iter()
                .filter(|(j, _)| *j == i)
                .map(|(_, g)| g)
                .sum::<f64>();
            let start = t;
            t += 1.0 / rate;
            Word::timed(w, start, t - 0.05)
        })
        .collect();
    Transcript {
        words,
        duration_s: Some(t + 1.0),
        ..Default::default()
    }
}

#[test]
fn pace_first_word_and_pauses() {
    let text = "so the GIL is a lock that lets one thread run python bytecode at a time";
    let tr = timed(text, 4.2, 2.4, &[(8, 2.5)]);
    let m = metrics(&tr, Some([20.0, 60.0]), &DeliveryTargets::default());
    assert_eq!(m.word_count, 16);
    assert!((m.time_to_first_word_s.unwrap() - 4.2).abs() < 1e-9);
    assert_eq!(m.long_pauses.len(), 1);
    assert_eq!(m.long_pauses[0].before_word, 8);
    assert!(
        (m.longest_pause_s.unwrap() - 2.55).abs() < 1e-6,
        "{:?}",
        m.longest_pause_s
    );
    let wpm = m.words_per_minute.unwrap();
    // 16 words over 16/2.4 s of speech plus the 2.5 s pause.
    let expected = 16.0 * 60.0 / (16.0 / 2.4 + 2.5 - 0.05);
    assert!((wpm - expected).abs() < 0.5, "{wpm} vs {expected}");
    assert_eq!(m.pace, Some(Band::Below));
    assert_eq!(m.length, Some(Band::Below));
}

#[test]
fn typed_answers_have_null_timing_metrics_not_zero() {
    let m = metrics(
        &Transcript::from_text("a list is mutable"),
        Some([20.0, 60.0]),
        &DeliveryTargets::default(),
    );
    assert_eq!(m.word_count, 4);
    assert_eq!(m.words_per_minute, None);
    assert_eq!(m.time_to_first_word_s, None);
    assert_eq!(m.longest_pause_s, None);
    assert_eq!(m.length, None);
    let json = serde_json::to_value(&m).unwrap();
    assert!(json["words_per_minute"].is_null());
    assert!(json["fillers"]["per_minute"].is_null());
}

#[test]
fn fillers_are_counted_by_kind_and_like_only_when_it_interrupts() {
    let text = "Um, so basically it's, like, a lock. I mean you know it works like a mutex, uh, and it's kind of global. A kind of lock.";
    let m = metrics(
        &Transcript::from_text(text),
        None,
        &DeliveryTargets::default(),
    );
    let count = |k: &str| {
        m.fillers
            .by_kind
            .iter()
            .find(|c| c.text == k)
            .map_or(0, |c| c.count)
    };
    assert_eq!(count("um"), 1);
    assert_eq!(count("uh"), 1);
    assert_eq!(count("basically"), 1);
    assert_eq!(
        count("like"),
        1,
        "'works like a mutex' is a comparison: {:?}",
        m.fillers.by_kind
    );
    assert_eq!(count("i mean"), 1);
    assert_eq!(count("you know"), 1);
    assert_eq!(count("kind of"), 1, "'A kind of lock' is a noun phrase");
    assert_eq!(m.fillers.count, 7);
    assert!(
        (m.fillers.share - 7.0 / 26.0).abs() < 1e-3,
        "{}",
        m.fillers.share
    );
}

#[test]
fn hedges_and_repeated_words() {
    let text = "I think the dict is fast. Maybe the dict uses hashing, I think. Probably the dict is O(1), I guess.";
    let m = metrics(
        &Transcript::from_text(text),
        None,
        &DeliveryTargets::default(),
    );
    let hedges: usize = m.hedges.iter().map(|h| h.count).sum();
    assert_eq!(hedges, 5, "{:?}", m.hedges);
    assert_eq!(m.repeated_words[0].text, "dict");
    assert_eq!(m.repeated_words[0].count, 3);
}

#[test]
fn empty_answer_scores_zero_with_a_no_speech_tip() {
    let deck = &viva_core::builtin::decks().unwrap()[0];
    let a = viva_core::assess(
        &deck.questions[0],
        &Transcript::from_text("  "),
        &DeliveryTargets::default(),
    );
    assert_eq!(a.score, 0);
    assert!(a.concepts.iter().all(|c| !c.matched));
    assert!(a.tips[0].starts_with("No speech was heard"), "{:?}", a.tips);
}

#[test]
fn tips_are_two_to_four_and_concrete() {
    let deck = &viva_core::builtin::decks().unwrap()[0];
    let q = deck.question("gil").unwrap();
    let slow_start = timed(
        "um so uh the the GIL uh is like um a thing",
        7.0,
        1.0,
        &[(5, 3.0)],
    );
    let a = viva_core::assess(q, &slow_start, &DeliveryTargets::default());
    assert!((2..=4).contains(&a.tips.len()), "{:?}", a.tips);
    assert!(
        a.tips[0].contains("7.0 s to say the first word"),
        "{:?}",
        a.tips
    );
    assert!(
        a.tips.iter().any(|t| t.starts_with("Not covered:")),
        "{:?}",
        a.tips
    );
}
