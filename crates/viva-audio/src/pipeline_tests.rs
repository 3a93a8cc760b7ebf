use std::sync::mpsc;

use super::*;

const DEVICE_RATE: u32 = 48_000;

fn noise(seconds: f32, amp: f32, seed: &mut u32) -> Vec<f32> {
    (0..(seconds * DEVICE_RATE as f32) as usize)
        .map(|_| {
            *seed ^= *seed << 13;
            *seed ^= *seed >> 17;
            *seed ^= *seed << 5;
            (*seed as f32 / u32::MAX as f32 * 2.0 - 1.0) * amp
        })
        .collect()
}

fn voice(seconds: f32, amp: f32) -> Vec<f32> {
    (0..(seconds * DEVICE_RATE as f32) as usize)
        .map(|i| {
            let w = 2.0 * std::f32::consts::PI * 180.0 * i as f32 / DEVICE_RATE as f32;
            amp * (w.sin() + 0.5 * (2.0 * w).sin())
        })
        .collect()
}

/// Feeds `signal` in 10 ms device blocks, as the capture worker would, until it says stop.
fn record(
    cfg: RecordConfig,
    signal: &[f32],
    chunks: Option<mpsc::Sender<Chunk>>,
) -> (Recorded, Vec<Event>, Vec<f32>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("answer.wav");
    let (tx, rx) = mpsc::channel();
    let mut p = Pipeline::new(cfg, DEVICE_RATE, &path, Some(tx), chunks).unwrap();
    let mut reason = StopReason::Stopped;
    for block in signal.chunks(480) {
        if let Some(r) = p.push(block).unwrap() {
            reason = r;
            break;
        }
    }
    let rec = p.finish(reason).unwrap();
    let saved = crate::wav::read_speech(&rec.path).unwrap();
    let _ = dir.keep();
    (rec, rx.try_iter().collect(), saved)
}

fn close(a: Duration, b: f64, tol: f64) -> bool {
    (a.as_secs_f64() - b).abs() <= tol
}

#[test]
fn stops_after_three_seconds_of_silence_and_keeps_pre_roll_and_tail() {
    let mut seed = 9;
    let mut signal = noise(1.0, 0.002, &mut seed);
    let mut speech = voice(2.0, 0.1);
    for (s, n) in speech.iter_mut().zip(noise(2.0, 0.002, &mut seed)) {
        *s += n;
    }
    signal.extend(speech);
    signal.extend(noise(10.0, 0.002, &mut seed));
    let (rec, events, saved) = record(RecordConfig::default(), &signal, None);
    assert_eq!(rec.reason, StopReason::Silence);
    assert!(close(rec.speech_start.unwrap(), 1.0, 0.03), "{rec:?}");
    assert!(close(rec.speech_end.unwrap(), 3.0, 0.03), "{rec:?}");
    assert!(close(rec.captured, 6.0, 0.05), "{rec:?}");
    // 0.3 s before + 2 s of speech + 0.5 s after.
    assert!(close(rec.duration, 2.8, 0.05), "{rec:?}");
    assert!(close(rec.file_start, 0.7, 0.03), "{rec:?}");
    assert!((saved.len() as f64 / 16_000.0 - rec.duration.as_secs_f64()).abs() < 0.002);
    // The loud part of the file starts after the pre-roll.
    let first_loud = saved.iter().position(|s| s.abs() > 0.05).unwrap();
    assert!(
        (first_loud as f64 / 16_000.0 - 0.3).abs() < 0.02,
        "{first_loud}"
    );
    let levels = events
        .iter()
        .filter(|e| matches!(e, Event::Level { .. }))
        .count();
    assert!(
        (145..=155).contains(&levels),
        "{levels} level events for 6 s"
    );
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::SpeechStarted { at } if close(*at, 1.0, 0.03)))
    );
}

#[test]
fn chunks_cover_the_whole_capture_in_order() {
    let mut seed = 1;
    let mut signal = noise(0.5, 0.001, &mut seed);
    signal.extend(voice(1.0, 0.2));
    signal.extend(noise(4.0, 0.001, &mut seed));
    let (tx, rx) = mpsc::channel();
    let (rec, _, _) = record(RecordConfig::default(), &signal, Some(tx));
    let chunks: Vec<Chunk> = rx.try_iter().collect();
    let mut next = 0;
    for c in &chunks {
        assert_eq!(c.start, next);
        next += c.samples.len() as u64;
    }
    assert_eq!(duration_of(next), rec.captured);
    assert!(chunks.iter().all(|c| c.samples.len() <= 1600));
}

#[test]
fn a_room_without_speech_ends_with_no_speech() {
    let mut seed = 3;
    let cfg = RecordConfig {
        no_speech_timeout: Duration::from_secs(4),
        ..RecordConfig::default()
    };
    let (rec, _, saved) = record(cfg, &noise(8.0, 0.003, &mut seed), None);
    assert_eq!(rec.reason, StopReason::NoSpeech);
    assert!(close(rec.captured, 4.0, 0.03));
    // The whole wait is kept, untrimmed (to within the 20 ms block that crossed the limit).
    assert!((64_000..=64_320).contains(&saved.len()), "{}", saved.len());
    assert!(
        rec.problem()
            .unwrap()
            .to_string()
            .contains("No speech was heard")
    );
}

#[test]
fn digital_silence_is_reported_as_a_silent_microphone() {
    let cfg = RecordConfig {
        no_speech_timeout: Duration::from_secs(2),
        ..RecordConfig::default()
    };
    let (rec, _, _) = record(cfg, &vec![0.0; 48_000 * 5], None);
    assert_eq!(rec.reason, StopReason::SilentMicrophone);
    assert!(rec.problem().unwrap().to_string().contains("only silence"));
}

#[test]
fn a_long_answer_is_cut_at_the_maximum_length() {
    let cfg = RecordConfig {
        max_duration: Duration::from_secs(2),
        ..RecordConfig::default()
    };
    let (rec, _, _) = record(cfg, &voice(5.0, 0.1), None);
    assert_eq!(rec.reason, StopReason::MaxLength);
    assert!(close(rec.captured, 2.0, 0.03));
    assert!(
        close(rec.duration, 2.0, 0.03),
        "speech from 0 s: nothing to trim"
    );
}

#[test]
fn without_auto_stop_only_the_caller_or_the_limit_ends_it() {
    let mut seed = 5;
    let mut signal = voice(0.5, 0.1);
    signal.extend(noise(6.0, 0.001, &mut seed));
    let cfg = RecordConfig {
        stop_after_silence: None,
        ..RecordConfig::default()
    };
    let (rec, _, _) = record(cfg, &signal, None);
    assert_eq!(rec.reason, StopReason::Stopped);
    assert!(close(rec.captured, 6.5, 0.03));
}
