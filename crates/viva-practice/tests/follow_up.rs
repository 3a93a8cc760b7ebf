//! Follow-up questions through the practice loop, with the real model and real files: a mock
//! interview answer that leaves out CPU-bound work gets the follow-up, whose spoken answer is
//! judged against that point, kept with the attempt, exported, and recovered after a crash.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use viva_core::{DeliveryTargets, Library};
use viva_practice::{AnswerEvent, Answering, Format, Settings, Source, read_audio};
use viva_store::{SessionMode, Store};

mod common;
use common::recognizer;

/// This test binary doubles as the speech worker (see `common::recognizer`).
#[test]
fn serve_as_asr_worker() {
    common::serve_if_worker();
}

fn fixture(name: &str) -> Vec<f32> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name);
    read_audio(&path).unwrap()
}

/// A replay of `name` as fast as it goes, and a sink that tells when all of it was heard.
fn replay(name: &str) -> (Source, viva_practice::answer::EventSink, Heard) {
    let samples = fixture(name);
    let heard = Heard {
        length: samples.len() as f64 / 16_000.0,
        at: Arc::new(Mutex::new(0.0)),
    };
    let at = Arc::clone(&heard.at);
    let sink = Box::new(move |e| {
        if let AnswerEvent::Level { elapsed_s, .. } = e {
            *at.lock().unwrap() = elapsed_s;
        }
    });
    let source = Source::Replay {
        samples,
        speed: 0.0,
    };
    (source, sink, heard)
}

/// How far the recorder has got through a replay.
struct Heard {
    length: f64,
    at: Arc<Mutex<f64>>,
}

impl Heard {
    /// Waits for the recorder's level events to reach the replay's end: the stop then comes
    /// after the whole answer, as a person's would.
    fn wait(&self) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while *self.at.lock().unwrap() < self.length - 0.1 {
            assert!(
                Instant::now() < deadline,
                "the replay was not heard in 60 s"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// Answers the GIL question with `answer` in a session of `mode`, until the replay runs out.
fn answer(
    store: &Store,
    mode: SessionMode,
    settings: &Settings,
    recognizer: &mut Option<viva_practice::Recognizer>,
) -> viva_practice::AnswerResult {
    let library = Library::load(None);
    let (deck, question) = library.find_question("python-interview/gil").unwrap();
    let session = store.create_session(&deck.id, mode).unwrap();
    let (source, sink, heard) = replay("gil-answer-no-cpu.wav");
    let answering = Answering::start_from(
        store,
        session,
        &deck.id,
        question,
        settings,
        source,
        Default::default(),
        recognizer,
        sink,
    )
    .unwrap();
    heard.wait();
    answering
        .finish(store, recognizer, &DeliveryTargets::default())
        .unwrap()
}

fn settings() -> Settings {
    Settings {
        auto_stop_s: 0.0,
        ..Settings::default()
    }
}

#[test]
fn a_mock_answer_missing_a_central_point_is_followed_up_and_the_point_recovered() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut recognizer = Some(recognizer());
    let settings = settings();
    let first = answer(&store, SessionMode::Mock, &settings, &mut recognizer);
    let probe = first
        .follow_up_question
        .clone()
        .expect("a mock interview follows up");
    assert_eq!(probe.concept, "no speed-up for CPU-bound code");
    assert_eq!(probe.prompt, "So what does that mean for CPU-bound code?");

    let (source, sink, heard) = replay("gil-follow-up-cpu.wav");
    let following = Answering::start_follow_up(
        &store,
        first.attempt_id,
        &settings,
        source,
        &mut recognizer,
        sink,
    )
    .unwrap();
    assert_eq!(following.follow_up.as_ref(), Some(&probe));
    heard.wait();
    let after = following
        .finish(&store, &mut recognizer, &DeliveryTargets::default())
        .unwrap();
    let f = after.follow_up.expect("the follow-up was judged");
    assert!(f.recovered, "{f:?}");
    let heard = f.result.heard.clone().unwrap_or_default().to_lowercase();
    assert!(heard.contains("cpu"), "the evidence: {heard:?}");
    assert!(f.result.start_s.is_some(), "the evidence has its moment");
    // The attempt's own score is what came unprompted; the follow-up adds the rest.
    assert_eq!(after.attempt_id, first.attempt_id);
    assert_eq!(after.assessment.score, first.assessment.score);
    assert_eq!(f.unprompted, first.assessment.score);
    assert!(f.with_follow_up > f.unprompted, "{f:?}");
    assert_eq!(after.follow_up_question, None, "one follow-up per answer");
    let (source, sink, _) = replay("gil-follow-up-cpu.wav");
    let again = Answering::start_follow_up(
        &store,
        first.attempt_id,
        &settings,
        source,
        &mut recognizer,
        sink,
    );
    assert!(
        matches!(
            again,
            Err(viva_practice::PracticeError::FollowUpAnswered { .. })
        ),
        "a second follow-up would replace the first one's recording"
    );

    // Kept with the attempt, its audio in the data folder, and in every export.
    let attempt = store.attempt(first.attempt_id).unwrap();
    let kept = attempt.follow_up.as_ref().expect("kept with the attempt");
    assert_eq!((&kept.probe, kept.recovered), (&f.probe, true));
    assert_eq!(kept.with_follow_up, f.with_follow_up);
    let audio = attempt.follow_up_audio.expect("the follow-up recording");
    assert!(
        audio.starts_with(dir.path()) && audio.is_file(),
        "{audio:?}"
    );
    let report = store.report(first.session_id).unwrap();
    for format in Format::ALL {
        let text = report.render(format);
        assert!(
            text.contains("So what does that mean for CPU-bound code?"),
            "{format:?} export lacks the follow-up: {text}"
        );
    }
    assert!(report.render(Format::Markdown).contains("recovered"));

    // Deleting the session takes the follow-up's recording with it.
    let mut store = store;
    store.delete_session(first.session_id).unwrap();
    assert!(!audio.exists());
}

#[test]
fn only_mock_interviews_follow_up_unless_the_setting_says_always() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut recognizer = Some(recognizer());
    let single = answer(&store, SessionMode::Single, &settings(), &mut recognizer);
    assert_eq!(single.follow_up_question, None);
    let always = Settings {
        follow_ups: viva_practice::FollowUps::Always,
        ..settings()
    };
    let asked = answer(&store, SessionMode::Single, &always, &mut recognizer);
    assert!(asked.follow_up_question.is_some());
    let never = Settings {
        follow_ups: viva_practice::FollowUps::Never,
        ..settings()
    };
    let mock = answer(&store, SessionMode::Mock, &never, &mut recognizer);
    assert_eq!(mock.follow_up_question, None);

    // A follow-up cancelled leaves the answer it followed as it was.
    let (source, sink, _) = replay("gil-follow-up-cpu.wav");
    let following = Answering::start_follow_up(
        &store,
        asked.attempt_id,
        &always,
        source,
        &mut recognizer,
        sink,
    )
    .unwrap();
    let path = following.path.clone();
    following.cancel(&store, &mut recognizer).unwrap();
    let attempt = store.attempt(asked.attempt_id).unwrap();
    assert_eq!(attempt.follow_up, None);
    assert_eq!(attempt.assessment.score, asked.assessment.score);
    assert!(!path.exists(), "the cancelled recording is deleted");
}

#[test]
fn a_follow_up_answer_cut_off_by_a_crash_is_recovered_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut recognizer = Some(recognizer());
    let first = answer(&store, SessionMode::Mock, &settings(), &mut recognizer);
    let attempt = store.attempt(first.attempt_id).unwrap();
    let probe = first.follow_up_question.unwrap();
    // What a crash leaves: the follow-up begun, its recording written but never finished (the
    // header still says it is empty, as the recorder writes it before the first sample).
    let path = store.new_recording_path("gil-follow-up").unwrap();
    let pending = viva_core::follow_up::judge(
        &attempt.question,
        &probe,
        &attempt.assessment,
        &Default::default(),
    );
    store.begin_follow_up(attempt.id, &pending, &path).unwrap();
    let mut wav = std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/gil-follow-up-cpu.wav"),
    )
    .unwrap();
    wav[4..8].copy_from_slice(&0u32.to_le_bytes());
    wav[40..44].copy_from_slice(&0u32.to_le_bytes());
    std::fs::write(&path, wav).unwrap();

    let recovered = viva_practice::recover(
        || &store,
        recognizer.as_mut().unwrap(),
        &DeliveryTargets::default(),
    )
    .unwrap();
    assert_eq!(recovered.len(), 1, "{recovered:?}");
    assert!(recovered[0].follow_up);
    let f = store.attempt(attempt.id).unwrap().follow_up.unwrap();
    assert!(f.recovered, "{f:?}");
    assert!(store.unfinished_follow_ups().unwrap().is_empty());
}
