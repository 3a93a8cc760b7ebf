//! Live transcription end to end, without a sound card: a real recording is replayed in real
//! time through the recording pipeline while the real model transcribes it, and the result is
//! compared with transcribing the whole recording at once.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use viva_core::{DeliveryTargets, Library};
use viva_practice::{AnswerEvent, Answering, LiveConfig, Recognizer, Settings, Source, read_audio};
use viva_store::{SessionMode, Store};

mod common;
use common::recognizer;

/// This test binary doubles as the speech worker (see `common::recognizer`).
#[test]
fn serve_as_asr_worker() {
    common::serve_if_worker();
}

fn fixture() -> Vec<f32> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/gil-answer.wav");
    read_audio(&path).unwrap()
}

struct Answered {
    result: viva_practice::AnswerResult,
    stats: Option<viva_practice::LiveStats>,
    events: Vec<AnswerEvent>,
    stop_to_result: Duration,
}

/// Replays `samples` as an answer to the GIL question and stops when they run out.
fn answer(samples: Vec<f32>, speed: f64, recognizer: &mut Option<Recognizer>) -> Answered {
    answer_with(samples, speed, LiveConfig::default(), recognizer)
}

/// One live answer at a time in this binary: two at once share the 2 cores, and whether a piece
/// is cut before the stop then depends on which test's pass ran first.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn answer_with(
    samples: Vec<f32>,
    speed: f64,
    config: LiveConfig,
    recognizer: &mut Option<Recognizer>,
) -> Answered {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let library = Library::load(None);
    let (deck, question) = library.find_question("python-interview/gil").unwrap();
    let session = store.create_session(&deck.id, SessionMode::Single).unwrap();
    let settings = Settings {
        auto_stop_s: 0.0,
        ..Settings::default()
    };
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&events);
    let length = Duration::from_secs_f64(samples.len() as f64 / 16_000.0 / speed.max(1e-9));
    let started = Instant::now();
    let answering = Answering::start_from(
        &store,
        session,
        &deck.id,
        question,
        &settings,
        Source::Replay { samples, speed },
        config,
        recognizer,
        Box::new(move |e| sink.lock().unwrap().push(e)),
    )
    .unwrap();
    if speed > 0.0 {
        std::thread::sleep(length.saturating_sub(started.elapsed()));
    }
    let stopped = Instant::now();
    let (result, stats) = answering
        .finish_with_stats(&store, recognizer, &DeliveryTargets::default())
        .unwrap();
    let stop_to_result = stopped.elapsed();
    let events = std::mem::take(&mut *events.lock().unwrap());
    Answered {
        result,
        stats,
        events,
        stop_to_result,
    }
}

#[test]
fn a_live_answer_matches_the_batch_transcript_and_leaves_only_a_short_tail() {
    let mut samples = fixture();
    // The speaker pauses a moment before pressing stop.
    samples.extend(std::iter::repeat_n(0.0, 8_000));
    let mut slot = Some(recognizer());
    // Quarter speed: the 2-core test machine runs other tests at the same time (whisper.cpp
    // then runs several times slower), and the point here is what live transcription does when
    // it keeps up; BENCHMARKS.md measures real time.
    let live = answer(samples.clone(), 0.25, &mut slot);

    // The recognizer came back for the next answer.
    let recognizer = slot.as_mut().expect("the recognizer is given back");
    let batch = viva_practice::to_transcript(&recognizer.transcribe(&fixture()).unwrap());

    assert_close(&live.result.transcript, &batch);
    // Times are on the recording's clock: the first word comes after the fixture's silence.
    let first = |t: &viva_core::Transcript| t.words[0].start.unwrap();
    assert!(
        (first(&live.result.transcript) - first(&batch)).abs() < 0.3,
        "first word at {:.2} s live, {:.2} s batch",
        first(&live.result.transcript),
        first(&batch)
    );
    assert!(
        live.result.assessment.score > 0,
        "{:?}",
        live.result.assessment
    );

    let stats = live.stats.expect("transcribed live");
    assert!(!stats.failed);
    // The transcript was shown while the answer went on.
    let shown = live
        .events
        .iter()
        .filter(|e| matches!(e, AnswerEvent::Live { committed, tentative } if !committed.is_empty() || !tentative.is_empty()))
        .count();
    assert!(shown >= 1, "no live transcript was shown: {stats:?}");
    // Only the tail is left at stop, when the recognizer keeps up. On a test machine busy with
    // other tests whisper.cpp can run many times slower than real time; then it catches up at
    // the stop instead, which the assertions above cover.
    let replayed = samples.len() as f64 / 16_000.0 / 0.25;
    if stats.busy_s < replayed / 2.0 {
        assert!(stats.pieces >= 1, "{stats:?}");
        // The fixture is 6.6 s of speech with pauses between its sentences.
        assert!(
            stats.tail_s < 4.0,
            "the tail left at stop is short: {stats:?}"
        );
        assert!(
            live.stop_to_result < Duration::from_secs(5),
            "{:?} {stats:?}",
            live.stop_to_result
        );
    }
}

fn words(t: &viva_core::Transcript) -> String {
    t.words
        .iter()
        .map(|w| w.word.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The live transcript says what the batch one does, give or take a word in seven.
fn assert_close(live: &viva_core::Transcript, batch: &viva_core::Transcript) {
    let (live_text, batch_text) = (words(live), words(batch));
    let errors = viva_measure::word_errors(&batch_text, &live_text);
    assert!(
        errors.rate() <= 0.15,
        "live and batch differ by {:.0}%:\n live: {live_text}\nbatch: {batch_text}",
        errors.rate() * 100.0
    );
}

#[test]
fn a_later_piece_is_heard_again_with_the_earlier_ones_and_replaces_their_words() {
    // Two answers' worth of speech with a 1.5 s pause between: the pause ends a piece.
    let mut samples = fixture();
    samples.extend(std::iter::repeat_n(0.0, 24_000));
    samples.extend(fixture());
    samples.extend(std::iter::repeat_n(0.0, 8_000));
    let mut slot = Some(recognizer());
    // A budget no pass can exceed, so every later piece is heard with the earlier ones however
    // slow the test machine is; the default budget is measured in BENCHMARKS.md.
    let config = LiveConfig {
        review_budget: Some(Duration::from_secs(600)),
        ..LiveConfig::default()
    };
    let live = answer_with(samples.clone(), 0.5, config, &mut slot);
    let stats = live.stats.expect("transcribed live");
    assert!(!stats.failed);
    let batch = viva_practice::to_transcript(&slot.as_mut().unwrap().transcribe(&samples).unwrap());
    // Replaced, not added to: no sentence is in the transcript twice over.
    assert_close(&live.result.transcript, &batch);
    // A recognizer that fell far behind catches up with one big piece, with nothing to hear
    // again; otherwise the second piece (or the tail) was a review.
    let passes = stats.pieces + usize::from(stats.tail_s > 0.0);
    if passes >= 2 {
        assert!(stats.reviews >= 1, "{stats:?}");
    }
    let times: Vec<f64> = live
        .result
        .transcript
        .words
        .iter()
        .filter_map(|w| w.start)
        .collect();
    assert!(
        times.windows(2).all(|p| p[0] <= p[1] + 0.05),
        "words in order: {times:?}"
    );
}

#[test]
fn silence_gives_an_empty_transcript_and_the_recognizer_back() {
    let mut slot = Some(recognizer());
    let quiet = answer(vec![0.0; 32_000], 0.0, &mut slot);
    assert!(slot.is_some());
    assert!(quiet.result.transcript.words.is_empty());
    assert_eq!(quiet.result.assessment.score, 0);
}
