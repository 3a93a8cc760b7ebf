//! The in-process engine against the real tiny.en model.

use std::path::Path;

use viva_asr::engine::{Engine, EngineError, Options};

mod common;
use common::{fixture, test_model};

#[test]
fn words_have_ordered_times_inside_the_audio_and_sane_confidence() {
    let mut engine = Engine::load(&test_model()).unwrap();
    let samples = fixture("measure-first.wav");
    let t = engine.transcribe(&samples, &Options::default()).unwrap();
    assert_eq!(t.language, "en");
    assert!((t.duration - samples.len() as f64 / 16_000.0).abs() < 1e-9);

    let words: Vec<_> = t.words().collect();
    let texts: Vec<_> = words.iter().map(|w| w.text.as_str()).collect();
    assert!(
        texts
            .iter()
            .any(|w| w.to_lowercase().starts_with("slowest")),
        "{texts:?}"
    );
    // Punctuation rides on the word before it; there are no punctuation-only words.
    assert!(
        texts.iter().all(|w| w.chars().any(char::is_alphanumeric)),
        "{texts:?}"
    );
    for pair in words.windows(2) {
        assert!(pair[0].start <= pair[1].start, "{pair:?}");
    }
    for w in &words {
        assert!(
            0.0 <= w.start && w.start <= w.end && w.end <= t.duration + 0.05,
            "{w:?}"
        );
        assert!((0.0..=1.0).contains(&w.probability), "{w:?}");
    }
    // The fixture has 0.3 s of silence before the first word.
    assert!(words[0].start >= 0.25, "{:?}", words[0]);
    // Words are spread over the speech as spoken (measured from the waveform: "where" at
    // 1.05 s, "slowest" 3.05-3.55 s, "first" ends 4.42 s), within a few hundred ms. With
    // whisper.cpp's heuristic timestamps and the filler prompt they collapsed onto 5.05 s.
    let find = |w: &str| {
        *words
            .iter()
            .find(|x| x.text.to_lowercase().starts_with(w))
            .unwrap()
    };
    let (where_, slowest, first) = (find("where"), find("slowest"), find("first"));
    assert!((0.8..=1.4).contains(&where_.start), "{where_:?}");
    assert!((2.8..=3.6).contains(&slowest.start), "{slowest:?}");
    assert!((4.0..=4.8).contains(&first.end), "{first:?}");
}

#[test]
fn one_engine_serves_many_calls_and_silence_has_no_words() {
    let mut engine = Engine::load(&test_model()).unwrap();
    let silence = vec![0.0f32; 16_000 * 3];
    let t = engine.transcribe(&silence, &Options::default()).unwrap();
    assert_eq!(t.words().count(), 0, "{t:?}");
    let empty = engine.transcribe(&[], &Options::default()).unwrap();
    assert!(empty.segments.is_empty());
    let speech = engine
        .transcribe(&fixture("measure-first.wav"), &Options::default())
        .unwrap();
    assert!(
        speech.text().to_lowercase().contains("time goes"),
        "{}",
        speech.text()
    );
}

#[test]
fn missing_model_names_the_install_command() {
    let err = Engine::load(Path::new("/nowhere/ggml-base.en.bin"))
        .err()
        .unwrap();
    assert!(matches!(err, EngineError::ModelMissing { .. }));
    assert!(
        err.to_string().contains("viva models install base.en"),
        "{err}"
    );
}

#[test]
fn default_options_keep_fillers_and_without_fillers_drops_them() {
    // espeak-ng: "Um, I think, uh, the answer is to add a cache."
    let samples = fixture("um-uh-cache.wav");
    let mut engine = Engine::load(&test_model()).unwrap();
    let kept = engine
        .transcribe(&samples, &Options::default())
        .unwrap()
        .text();
    assert_eq!(viva_measure::count_fillers(&kept), 2, "{kept}");
    let tidy = engine
        .transcribe(&samples, &Options::without_fillers())
        .unwrap()
        .text();
    assert_eq!(viva_measure::count_fillers(&tidy), 0, "{tidy}");
    assert!(tidy.to_lowercase().contains("the answer is"), "{tidy}");
}

#[test]
fn a_context_fitted_to_the_audio_hears_what_the_whole_window_hears() {
    let mut engine = Engine::load(&test_model()).unwrap();
    let samples = fixture("measure-first.wav");
    let text = |options: &Options, engine: &mut Engine| {
        engine
            .transcribe(&samples, options)
            .unwrap()
            .text()
            .to_lowercase()
            .replace(|c: char| !c.is_alphanumeric() && c != ' ', "")
    };
    let fitted = Options::without_fillers();
    assert!(fitted.context_margin_s.is_some(), "fitted is the default");
    let whole = Options {
        context_margin_s: None,
        ..Options::without_fillers()
    };
    // Whisper may word a sentence slightly differently on another context ("then" for "and"
    // here), but no more than that.
    let (fitted, whole) = (text(&fitted, &mut engine), text(&whole, &mut engine));
    let differ = viva_measure::word_errors(&whole, &fitted).total();
    assert!(differ <= 1, "{fitted:?} vs {whole:?}");
    assert!(fitted.contains("slowest part first"), "{fitted:?}");
}
