//! The delivery table every front end shows, judged once here.

use viva_core::metrics::{Band, Count, Fillers, Pause};
use viva_core::{DeliveryMetrics, DeliveryTargets, MeasureVerdict, Transcript, measures, metrics};

fn spoken() -> DeliveryMetrics {
    DeliveryMetrics {
        word_count: 13,
        duration_s: Some(15.0),
        speaking_s: Some(13.2),
        words_per_minute: Some(59.1),
        pace: Some(Band::Below),
        fillers: Fillers {
            count: 1,
            per_minute: Some(4.5),
            share: 0.08,
            by_kind: vec![Count {
                text: "um".into(),
                count: 1,
            }],
        },
        hedges: vec![],
        time_to_first_word_s: Some(0.8),
        longest_pause_s: Some(8.9),
        long_pauses: vec![Pause {
            start_s: 3.1,
            duration_s: 8.9,
            before_word: 6,
        }],
        repeated_words: vec![],
        target_seconds: Some([30.0, 90.0]),
        length: Some(Band::Below),
        measures: vec![],
    }
}

#[test]
fn each_measure_comes_with_its_target_and_verdict() {
    let rows = measures(&spoken(), &DeliveryTargets::default());
    let table: Vec<(&str, &str, &str, MeasureVerdict, Option<&str>)> = rows
        .iter()
        .map(|r| {
            (
                r.name.as_str(),
                r.value.as_str(),
                r.target.as_str(),
                r.verdict,
                r.note.as_deref(),
            )
        })
        .collect();
    use MeasureVerdict::{Good, Warn};
    assert_eq!(
        table,
        [
            ("Pace", "59 wpm", "130–160 wpm", Warn, Some("slow")),
            (
                "Filler words",
                "1 (4.5 per minute)",
                "≤ 4 per minute",
                Warn,
                Some("um ×1")
            ),
            (
                "Pauses",
                "longest 8.9 s, 1 long",
                "none over 2 s",
                Warn,
                None
            ),
            ("Time to first word", "0.8 s", "≤ 3 s", Good, None),
            ("Length", "13 s", "30–90 s", Warn, Some("short")),
        ]
    );
    // The user's own targets are the ones shown.
    let mine = DeliveryTargets {
        words_per_minute: [50.0, 70.0],
        ..DeliveryTargets::default()
    };
    let mut m = spoken();
    m.pace = Some(Band::Within);
    let pace = &measures(&m, &mine)[0];
    assert_eq!((pace.target.as_str(), pace.verdict), ("50–70 wpm", Good));
}

#[test]
fn a_typed_answer_has_a_filler_count_and_no_timing_verdicts() {
    let m = metrics(
        &Transcript::from_text("The GIL, um, lets one thread run."),
        Some([30.0, 90.0]),
        &DeliveryTargets::default(),
    );
    assert_eq!(m.measures.len(), 4, "no length without timings");
    assert!(m.measures.iter().all(|r| r.verdict == MeasureVerdict::None));
    let measured: Vec<&str> = m
        .measures
        .iter()
        .filter(|r| r.is_measured())
        .map(|r| r.value.as_str())
        .collect();
    assert_eq!(measured, ["1"]);
    assert_eq!(
        viva_core::delivery::summary(&m),
        "7 words · Filler words: 1, um ×1 · no timings (typed answer)"
    );
}
