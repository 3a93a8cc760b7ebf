//! The worker process: crashes inside whisper.cpp become errors, never take the caller down.

use std::path::{Path, PathBuf};

use viva_asr::engine::Options;
use viva_asr::worker::{Client, Stage, WorkerError};

const WORKER: &str = env!("CARGO_BIN_EXE_viva-asr-worker");

mod common;
use common::{fixture, test_model};

#[test]
fn a_worker_killed_by_abort_is_a_clear_error() {
    // Stands in for whisper.cpp hitting an assert: the "worker" aborts as soon as it starts.
    let mut client = Client::spawn(Path::new("/bin/sh"), &["-c", "kill -ABRT $$"]).unwrap();
    let err = client
        .load(Path::new("/models/ggml-tiny.en.bin"))
        .unwrap_err();
    assert!(
        matches!(
            &err,
            WorkerError::Crashed {
                stage: Stage::Loading,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "the speech engine stopped while loading model tiny.en (killed by SIGABRT): the model \
         file may be corrupt — reinstall it with `viva models install tiny.en`"
    );
}

#[test]
fn a_missing_worker_program_is_a_clear_error() {
    let err = Client::spawn(Path::new("/nonexistent/viva"), &["asr-worker"]).unwrap_err();
    assert!(
        err.to_string()
            .contains("could not start the speech engine"),
        "{err}"
    );
}

#[test]
fn garbage_and_missing_models_are_refused_and_the_worker_carries_on() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = dir.path().join("base.bin");
    std::fs::write(&garbage, vec![0x5au8; 1 << 20]).unwrap();
    let mut client = Client::spawn(Path::new(WORKER), &[]).unwrap();

    let err = client.load(&garbage).unwrap_err();
    assert!(
        err.to_string().contains("viva models install base"),
        "{err}"
    );

    let err = client.load(&dir.path().join("small.en.bin")).unwrap_err();
    assert!(err.to_string().contains("is not installed"), "{err}");

    let err = client
        .transcribe(&[0.0; 16_000], &Options::default())
        .unwrap_err();
    assert!(err.to_string().contains("small.en"), "{err}");
}

#[test]
fn truncated_model_is_a_clear_error_then_a_good_model_still_works() {
    let model = test_model();
    let dir = tempfile::tempdir().unwrap();
    let truncated = dir.path().join("tiny.en.bin");
    let bytes = std::fs::read(&model).unwrap();
    std::fs::write(&truncated, &bytes[..10 << 20]).unwrap();

    let mut client = Client::spawn(Path::new(WORKER), &[]).unwrap();
    let err = client.load(&truncated).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("tiny.en"), "{message}");
    assert!(message.contains("viva models install tiny.en"), "{message}");
    eprintln!("truncated model -> {message}");

    // Same client: restarts the worker if it died, and serves the real model.
    assert_eq!(client.load(&model).unwrap(), model_name(&model));
    assert_eq!(client.window_s(), 30.0, "whisper.cpp hears 30 s windows");
    let text = client
        .transcribe(&fixture("measure-first.wav"), &Options::default())
        .unwrap()
        .text();
    assert!(text.to_lowercase().contains("slowest part first"), "{text}");
}

/// A copy of the real model with one header field overwritten (index into the 11 hparams).
fn model_with_bad_header(dir: &Path, field: usize, value: i32) -> PathBuf {
    let mut bytes = std::fs::read(test_model()).unwrap();
    let at = 4 + 4 * field;
    bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
    let path = dir.join("tiny.en.bin");
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn real_whisper_cpp_crashes_are_clear_errors_and_the_client_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::spawn(Path::new(WORKER), &[]).unwrap();
    // An unknown weight type trips a GGML_ASSERT (SIGABRT); zero attention heads divide by
    // zero (SIGFPE). Both kill the worker process, not this one.
    for (field, value, signal) in [(10, 99, "SIGABRT"), (3, 0, "SIGFPE")] {
        let bad = model_with_bad_header(dir.path(), field, value);
        let err = client.load(&bad).unwrap_err();
        let message = err.to_string();
        eprintln!("{message}");
        assert!(
            matches!(
                err,
                WorkerError::Crashed {
                    stage: Stage::Loading,
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(
            message.contains(&format!("loading model tiny.en (killed by {signal})")),
            "{message}"
        );
        assert!(
            message.contains("reinstall it with `viva models install tiny.en`"),
            "{message}"
        );
    }
    let model = test_model();
    client.load(&model).unwrap();
    let text = client
        .transcribe(&fixture("measure-first.wav"), &Options::default())
        .unwrap()
        .text();
    assert!(text.to_lowercase().contains("time goes"), "{text}");
}

#[test]
fn transcribes_through_the_worker_and_keeps_the_model_loaded() {
    let model = test_model();
    let samples = fixture("measure-first.wav");
    let mut client = Client::spawn(Path::new(WORKER), &[]).unwrap();
    client.load(&model).unwrap();
    let first = client.transcribe(&samples, &Options::default()).unwrap();
    client.load(&model).unwrap(); // already loaded: answered without asking the worker
    assert_eq!(client.model().as_deref(), Some("tiny.en"));
    let second = client.transcribe(&samples, &Options::default()).unwrap();
    // Greedy decoding is deterministic (no_speech_probability is not: it depends on state
    // left from the previous call, so compare the words).
    let words = |t: &viva_asr::engine::Transcription| t.words().cloned().collect::<Vec<_>>();
    assert_eq!(words(&first), words(&second));

    let words: Vec<_> = first.words().map(|w| w.text.to_lowercase()).collect();
    let expected = "i would measure where the time goes, then fix the slowest part first.";
    let errors = viva_measure::word_errors(expected, &first.text());
    assert!(errors.rate() <= 0.2, "{errors:?}: {}", first.text());
    assert!(words.len() >= 10, "{words:?}");
    assert_eq!(first.model, model_name(&model));
}

fn model_name(path: &Path) -> String {
    viva_asr::engine::model_name(path)
}

#[test]
fn a_hung_worker_is_stopped_at_the_deadline_with_a_clear_error() {
    use std::time::{Duration, Instant};
    use viva_asr::worker::Deadlines;
    // `sleep` never answers: a worker stuck inside whisper.cpp looks like this from outside.
    let mut client = Client::spawn(Path::new("sleep"), &["600"]).unwrap();
    client.set_deadlines(Deadlines {
        load: Duration::from_secs(1),
        ..Deadlines::default()
    });
    let began = Instant::now();
    let err = client.load(&test_model()).unwrap_err();
    assert!(
        began.elapsed() < Duration::from_secs(10),
        "waited {:?}",
        began.elapsed()
    );
    assert!(matches!(err, WorkerError::TimedOut { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("did not answer within 1 s while loading model tiny.en"),
        "{err}"
    );
}

#[test]
fn a_transcription_past_its_deadline_is_stopped_and_the_next_one_works() {
    use std::time::Duration;
    use viva_asr::worker::Deadlines;
    let model = test_model();
    let samples = fixture("measure-first.wav");
    let mut client = Client::spawn(Path::new(WORKER), &[]).unwrap();
    client.load(&model).unwrap();
    client.set_deadlines(Deadlines {
        transcribe: Duration::ZERO,
        per_audio_second: 0.0,
        ..Deadlines::default()
    });
    let err = client
        .transcribe(&samples, &Options::default())
        .unwrap_err();
    assert!(matches!(err, WorkerError::TimedOut { .. }), "{err:?}");
    client.set_deadlines(Deadlines::default());
    let text = client
        .transcribe(&samples, &Options::default())
        .unwrap()
        .text();
    assert!(
        text.to_lowercase().contains("time goes"),
        "the worker restarts with its model: {text}"
    );
}

#[test]
fn a_tentative_pass_in_flight_can_be_stopped_but_a_careful_one_cannot() {
    let model = test_model();
    let once = fixture("measure-first.wav");
    // 30 s of a spoken answer, on one thread: a pass long enough to stop in the middle.
    let samples = fixture("../../../../tests/fixtures/gil-answer-30s.wav");
    let mut client = Client::spawn(Path::new(WORKER), &[]).unwrap();
    client.load(&model).unwrap();
    let glimpse = Options {
        tentative: true,
        threads: 1,
        ..Options::default()
    };
    let careful = Options {
        threads: 1,
        ..Options::default()
    };
    let stop_soon = |client: &Client| {
        let interrupter = client.interrupter();
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(150));
            interrupter.interrupt();
        })
    };

    let stopper = stop_soon(&client);
    let stopped = client.transcribe(&samples, &glimpse).unwrap();
    stopper.join().unwrap();
    assert_eq!(stopped.words().count(), 0, "{}", stopped.text());

    let stopper = stop_soon(&client);
    let kept = client.transcribe(&samples, &careful).unwrap();
    stopper.join().unwrap();
    assert!(kept.words().count() > 20, "{}", kept.text());
    // The request was for the glimpse that came before it: the next glimpse runs.
    let next = client.transcribe(&once, &glimpse).unwrap();
    assert!(next.words().count() >= 8, "{}", next.text());
}
