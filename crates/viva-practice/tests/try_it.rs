//! "Try it" by voice in the deck editor: a spoken answer to a question not saved anywhere yet,
//! transcribed by the real model and scored against its concepts, leaving no history behind.

use std::path::PathBuf;

use viva_core::{Concept, DeliveryTargets, Question};
use viva_practice::decks::Trying;
use viva_practice::{AnswerEvent, Settings, Source, read_audio};

mod common;
use common::recognizer;

/// This test binary doubles as the speech worker (see `common::recognizer`).
#[test]
fn serve_as_asr_worker() {
    common::serve_if_worker();
}

fn concept(name: &str, aliases: &[&str]) -> Concept {
    Concept {
        name: name.into(),
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
        weight: 1.0,
        about: None,
        claim: None,
        misconceptions: vec![],
        follow_up: None,
    }
}

#[test]
fn a_spoken_try_is_scored_against_the_draft_and_kept_nowhere() {
    let draft = Question {
        id: "draft".into(),
        category: "Mine".into(),
        prompt: "What is the GIL?".into(),
        model_answer: "One thread at a time; multiprocessing for CPU-bound work.".into(),
        code: None,
        concepts: vec![
            concept("multiprocessing", &["multi processing"]),
            concept("asyncio event loop", &[]),
        ],
        subjects: vec![],
        target_seconds: None,
    };
    let samples = read_audio(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/gil-answer.wav"),
    )
    .unwrap();
    let before: Vec<_> = std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("viva-try-"))
        .map(|e| e.path())
        .collect();
    let mut recognizer = Some(recognizer());
    let settings = Settings {
        auto_stop_s: 0.0,
        ..Settings::default()
    };
    let length = samples.len() as f64 / 16_000.0;
    let heard = std::sync::Arc::new(std::sync::Mutex::new(0.0));
    let at = heard.clone();
    let trying = Trying::start(
        &draft,
        &settings,
        Source::Replay {
            samples,
            speed: 0.0,
        },
        &mut recognizer,
        Box::new(move |e| {
            if let AnswerEvent::Level { elapsed_s, .. } = e {
                *at.lock().unwrap() = elapsed_s;
            }
        }),
    )
    .unwrap();
    // The stop comes once the recorder has heard the whole replay, as a person's would.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while *heard.lock().unwrap() < length - 0.1 {
        assert!(
            std::time::Instant::now() < deadline,
            "the replay was not heard"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let tried = trying
        .finish(&mut recognizer, &DeliveryTargets::default())
        .unwrap();
    assert!(
        tried.transcript.text().to_lowercase().contains("thread"),
        "{:?}",
        tried.transcript.text()
    );
    let verdicts: Vec<(String, bool)> = tried
        .assessment
        .concepts
        .iter()
        .map(|c| (c.name.clone(), c.matched))
        .collect();
    assert_eq!(
        verdicts,
        [
            ("multiprocessing".to_string(), true),
            ("asyncio event loop".to_string(), false)
        ]
    );
    assert!(recognizer.is_some(), "the recognizer is given back");
    let after: Vec<_> = std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("viva-try-"))
        .map(|e| e.path())
        .filter(|p| !before.contains(p))
        .collect();
    assert!(after.is_empty(), "the scratch history was left: {after:?}");
}
