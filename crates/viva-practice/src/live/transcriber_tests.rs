//! The live thread driven by a fake recognizer over synthetic speech: every burst of voice is
//! one word, so words lost, split or heard twice by the cutting and the reviews show up as a
//! wrong count, and wrong clocks as wrong times. No model, no device.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::sync::mpsc::channel;

use viva_asr::engine::Options;
use viva_audio::Chunk;
use viva_core::{Transcript, Word};

use super::transcriber::{Hears, Transcriber};
use super::{LiveConfig, RATE};
use crate::PracticeError;
use crate::api::AnswerEvent;

/// Hears each burst of voice (10 ms frames above -40 dBFS, gaps under 60 ms bridged) as the
/// word "w", timed on the samples it was given; remembers every pass it made.
#[derive(Default)]
struct Fake {
    /// (glimpse?, seconds of audio) of every pass.
    passes: Vec<(bool, f64)>,
}

fn bursts(samples: &[f32]) -> Vec<Word> {
    let frame = RATE / 100;
    let loud: Vec<bool> = samples
        .chunks(frame)
        .map(|f| (f.iter().map(|s| s * s).sum::<f32>() / f.len() as f32).sqrt() > 0.01)
        .collect();
    let mut words = Vec::new();
    let mut i = 0;
    while i < loud.len() {
        if !loud[i] {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        while i < loud.len() && (loud[i] || loud[i..(i + 6).min(loud.len())].contains(&true)) {
            if loud[i] {
                end = i;
            }
            i += 1;
        }
        words.push(Word::timed(
            "w",
            start as f64 / 100.0,
            (end + 1) as f64 / 100.0,
        ));
    }
    words
}

impl Hears for Fake {
    fn careful(&mut self, samples: &[f32], _: &Options) -> Result<Transcript, PracticeError> {
        self.passes
            .push((false, samples.len() as f64 / RATE as f64));
        Ok(Transcript {
            words: bursts(samples),
            ..Transcript::default()
        })
    }

    fn glimpse(&mut self, samples: &[f32], _: &Options) -> Result<Transcript, PracticeError> {
        self.passes.push((true, samples.len() as f64 / RATE as f64));
        Ok(Transcript {
            words: bursts(samples),
            ..Transcript::default()
        })
    }

    fn window(&self) -> usize {
        30 * RATE
    }
}

/// A harmonic 150 Hz tone (speech for the detector) of `seconds`, over quiet room noise.
fn voice(seconds: f64) -> Vec<f32> {
    (0..(seconds * RATE as f64) as usize)
        .map(|i| {
            let w = 2.0 * std::f32::consts::PI * 150.0 * i as f32 / RATE as f32;
            0.1 * (w.sin() + 0.6 * (2.0 * w).sin() + 0.4 * (3.0 * w).sin())
        })
        .collect()
}

fn room(seconds: f64, seed: &mut u32) -> Vec<f32> {
    (0..(seconds * RATE as f64) as usize)
        .map(|_| {
            *seed ^= *seed << 13;
            *seed ^= *seed >> 17;
            *seed ^= *seed << 5;
            (*seed as f32 / u32::MAX as f32 * 2.0 - 1.0) * 0.001
        })
        .collect()
}

/// An answer: silence, then sentences of `words` 0.5 s words 0.15 s apart, 0.9 s between
/// sentences, then silence. Returns the audio and each word's start (seconds).
fn answer(sentences: usize, words: usize) -> (Vec<f32>, Vec<f64>) {
    let mut seed = 7;
    let mut audio = room(1.2, &mut seed);
    let mut starts = Vec::new();
    for s in 0..sentences {
        for w in 0..words {
            starts.push(audio.len() as f64 / RATE as f64);
            audio.extend(voice(0.5));
            audio.extend(room(if w + 1 < words { 0.15 } else { 0.0 }, &mut seed));
        }
        audio.extend(room(if s + 1 < sentences { 0.9 } else { 1.5 }, &mut seed));
    }
    (audio, starts)
}

/// Plays `audio` into the live thread in 100 ms chunks, a step after each, as the recorder
/// does; then the stop. Returns the transcript, what was shown on the way and the fake.
fn live(audio: &[f32]) -> (Transcript, Vec<AnswerEvent>, Transcriber<Fake>) {
    let (updates, shown) = channel();
    let mut t = Transcriber::new(
        Fake::default(),
        LiveConfig::default(),
        updates,
        Arc::new(AtomicBool::new(false)),
    );
    for (i, chunk) in audio.chunks(RATE / 10).enumerate() {
        t.ingest(Chunk {
            start: (i * RATE / 10) as u64,
            samples: chunk.to_vec(),
        });
        t.step().unwrap();
    }
    let transcript = t.finish_tail().unwrap();
    (transcript, shown.try_iter().collect(), t)
}

#[test]
fn every_word_is_heard_once_at_its_time_across_the_cuts() {
    let (audio, starts) = answer(4, 5);
    let (transcript, _, t) = live(&audio);
    let heard: Vec<f64> = transcript.words.iter().map(|w| w.start.unwrap()).collect();
    assert_eq!(heard.len(), starts.len(), "heard at {heard:?}");
    for (h, s) in heard.iter().zip(&starts) {
        assert!(
            (h - s).abs() < 0.05,
            "a word said at {s:.2} s was heard at {h:.2} s"
        );
    }
    // Cut at the pauses while it was spoken: by the stop, only the last sentence was left.
    assert!(t.stats.pieces >= 2, "{:?}", t.stats);
    assert!(t.stats.tail_s < 5.0, "{:?}", t.stats);
}

#[test]
fn the_words_so_far_are_shown_while_speaking_and_never_go_backwards() {
    let (audio, _) = answer(3, 5);
    let (_, shown, t) = live(&audio);
    let committed: Vec<usize> = shown
        .iter()
        .map(|e| match e {
            AnswerEvent::Live { committed, .. } => committed.len(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert!(committed.len() >= 3, "{committed:?}");
    // A review may take words back into the tentative ones, but never more than it shows.
    let tentative_shown = shown
        .iter()
        .any(|e| matches!(e, AnswerEvent::Live { tentative, .. } if !tentative.is_empty()));
    assert!(tentative_shown, "tentative words were shown while speaking");
    assert!(t.recognizer.passes.iter().any(|&(glimpse, _)| glimpse));
    assert!(t.recognizer.passes.iter().any(|&(glimpse, _)| !glimpse));
}

#[test]
fn a_long_answer_without_pauses_is_still_cut_inside_one_window() {
    // Thirty words with only 0.15 s gaps: no pause long enough to cut at.
    let (audio, starts) = answer(1, 30);
    let (transcript, _, t) = live(&audio);
    assert_eq!(transcript.words.len(), starts.len());
    assert!(
        t.recognizer.passes.iter().all(|&(_, s)| s <= 30.0),
        "{:?}",
        t.recognizer.passes
    );
    assert!(t.stats.pieces >= 1, "{:?}", t.stats);
}

#[test]
fn nothing_said_is_an_empty_transcript_with_no_passes() {
    let mut seed = 3;
    let (transcript, shown, t) = live(&room(5.0, &mut seed));
    assert!(transcript.words.is_empty());
    assert!(shown.is_empty());
    assert!(t.recognizer.passes.is_empty());
}
