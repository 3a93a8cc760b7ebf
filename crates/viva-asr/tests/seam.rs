//! The worker serves any `SpeechEngine`: the protocol carries what the engine reports (its
//! model, its window) and nothing of whisper.cpp's own.

use std::io::Cursor;
use std::path::Path;

use viva_asr::engine::{EngineError, Options, Segment, Transcription};
use viva_asr::worker::{SpeechEngine, serve_with};

/// Hears every 8,000 samples as the word "tick", and windows of 8 s.
struct Ticks;

impl SpeechEngine for Ticks {
    fn load(path: &Path) -> Result<Self, EngineError> {
        match path.to_str() {
            Some("ticks.bin") => Ok(Ticks),
            _ => Err(EngineError::ModelMissing {
                name: "ticks".into(),
                path: path.into(),
            }),
        }
    }

    fn model_name(&self) -> &str {
        "ticks"
    }

    fn is_multilingual(&self) -> bool {
        false
    }

    fn window_s(&self) -> f64 {
        8.0
    }

    fn transcribe(&mut self, samples: &[f32], _: &Options) -> Result<Transcription, EngineError> {
        let n = samples.len() / 8000;
        Ok(Transcription {
            segments: vec![Segment {
                start: 0.0,
                end: samples.len() as f64 / 16_000.0,
                text: vec!["tick"; n].join(" "),
                words: Vec::new(),
                no_speech_probability: 0.0,
            }],
            language: "en".into(),
            model: "ticks".into(),
            duration: samples.len() as f64 / 16_000.0,
        })
    }
}

fn replies(input: Vec<u8>) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    serve_with::<Ticks, _, _>(Cursor::new(input), &mut out).unwrap();
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn another_engine_is_served_by_the_same_worker_loop() {
    let mut input = br#"{"op":"load","path":"ticks.bin"}"#.to_vec();
    input.push(b'\n');
    input.extend(br#"{"op":"transcribe","samples":24000,"options":{}}"#);
    input.push(b'\n');
    input.extend((0..24_000).flat_map(|_| 0.0f32.to_le_bytes()));
    input.extend(br#"{"op":"load","path":"other.bin"}"#);
    input.push(b'\n');
    let r = replies(input);
    assert_eq!(r[0]["status"], "loaded");
    assert_eq!(r[0]["model"], "ticks");
    assert_eq!(
        r[0]["window_s"], 8.0,
        "the engine's window travels with the load"
    );
    assert_eq!(r[1]["status"], "transcribed");
    assert_eq!(
        r[1]["transcription"]["segments"][0]["text"],
        "tick tick tick"
    );
    assert_eq!(r[2]["status"], "failed");
    assert_eq!(r[2]["kind"], "model_missing");
}
