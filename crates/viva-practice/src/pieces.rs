//! Long recordings in pieces: where a batch transcription cuts audio longer than one Whisper
//! window.
//!
//! Whisper hears 30 s at a time. Given more, whisper.cpp runs whole windows and moves on from
//! the last timestamp it wrote, so 60 s of speech takes three 30 s windows (the third for the
//! last second or two), each at the full encoder cost. Cut at pauses into pieces of equal
//! length, each fitted with the engine's margin, the same 60 s costs three 23 s contexts, and
//! no word is cut in two at a window's edge. This is what `viva transcribe`, `viva score
//! --audio`, the app's batch fallback at the stop and crash recovery all run.

use std::ops::Range;

use viva_audio::vad::{Vad, VadConfig};

use crate::RATE;

/// How much shorter than the engine's window a piece is kept: the encoder's 3 s margin.
pub const MARGIN: usize = 3 * RATE;
/// The VAD's frame: 20 ms.
pub const FRAME: usize = RATE / 50;
/// A cut moves at most this share of a piece away from an even split, to find a longer pause.
const SLACK: f64 = 0.3;

/// The pieces `samples` (16 kHz) are transcribed in: the whole of it up to `max_piece` samples
/// (the engine's window less [`MARGIN`]); longer audio in the fewest pieces that fit, of about
/// equal length, each cut in the middle of the longest pause near its even share. Pieces are
/// contiguous and cover every sample.
pub fn pieces(samples: &[f32], vad: &VadConfig, max_piece: usize) -> Vec<Range<usize>> {
    let max_piece = max_piece.max(RATE);
    let len = samples.len();
    if len <= max_piece {
        return std::iter::once(0..len).collect();
    }
    let active = activity(samples, vad);
    let mut out = Vec::new();
    let mut start = 0;
    while len - start > max_piece {
        let left = len - start;
        let count = left.div_ceil(max_piece);
        let share = left / count;
        let slack = (share as f64 * SLACK) as usize;
        let lo = start + share.saturating_sub(slack).max(RATE);
        let hi = (start + share + slack).min(start + max_piece);
        let cut = longest_pause(&active, lo, hi).unwrap_or(start + share.min(max_piece));
        out.push(start..cut);
        start = cut;
    }
    out.push(start..len);
    out
}

/// Per 20 ms frame: speech or not, as the recorder's detector decides.
pub fn activity(samples: &[f32], vad: &VadConfig) -> Vec<bool> {
    let mut detector = Vad::new(RATE as u32, vad.clone());
    samples
        .chunks_exact(FRAME)
        .enumerate()
        .map(|(i, frame)| {
            detector.push(frame);
            detector.last_speech_end() == Some(((i + 1) * FRAME) as u64)
        })
        .collect()
}

/// The middle of the longest run of silent frames whose middle lies in `lo..hi` (samples).
fn longest_pause(active: &[bool], lo: usize, hi: usize) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None; // (length in frames, middle in samples)
    let mut run_start = None;
    for (f, &speech) in active.iter().chain(std::iter::once(&true)).enumerate() {
        match (speech, run_start) {
            (false, None) => run_start = Some(f),
            (true, Some(b)) => {
                let middle = (b + f) / 2 * FRAME;
                let length = f - b;
                if (lo..hi).contains(&middle) && best.is_none_or(|(l, _)| length > l) {
                    best = Some((length, middle));
                }
                run_start = None;
            }
            _ => {}
        }
    }
    best.map(|(_, middle)| middle)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whisper's 30 s window less the margin.
    const MAX_PIECE: usize = 30 * RATE - MARGIN;

    /// Speech (a loud tone) and silence (quiet noise), as (seconds, speech) runs.
    fn audio(runs: &[(f64, bool)]) -> Vec<f32> {
        let mut out = Vec::new();
        let mut seed = 1u32;
        for &(seconds, speech) in runs {
            for i in 0..(seconds * RATE as f64) as usize {
                seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                let noise = (seed >> 16) as f32 / 65_536.0 - 0.5;
                out.push(if speech {
                    0.3 * (i as f32 * 0.07).sin() + 0.01 * noise
                } else {
                    0.002 * noise
                });
            }
        }
        out
    }

    fn secs(r: &Range<usize>) -> (f64, f64) {
        (r.start as f64 / RATE as f64, r.end as f64 / RATE as f64)
    }

    #[test]
    fn up_to_one_window_is_one_piece() {
        let a = audio(&[(1.0, false), (20.0, true), (1.0, false)]);
        assert_eq!(
            pieces(&a, &VadConfig::default(), MAX_PIECE),
            std::iter::once(0..a.len()).collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_minute_is_cut_in_the_pauses_into_even_pieces() {
        // Sentences of 4.5 s with 0.5 s pauses, and one 1.5 s pause at 31 s.
        let mut runs = vec![(1.0, false)];
        for i in 0..12 {
            runs.push((4.5, true));
            runs.push((if i == 5 { 1.5 } else { 0.5 }, false));
        }
        let a = audio(&runs);
        let p = pieces(&a, &VadConfig::default(), MAX_PIECE);
        assert_eq!(p.len(), 3, "{:?}", p.iter().map(secs).collect::<Vec<_>>());
        assert_eq!((p[0].start, p[2].end), (0, a.len()));
        for w in p.windows(2) {
            assert_eq!(w[0].end, w[1].start, "contiguous");
        }
        for r in &p {
            assert!(r.len() <= MAX_PIECE, "{:?}", secs(r));
            assert!(r.len() >= 14 * RATE, "even pieces: {:?}", secs(r));
        }
        // Every cut falls in a pause, never inside a sentence.
        let active = activity(&a, &VadConfig::default());
        for r in &p[..2] {
            assert!(!active[r.end / FRAME], "cut in speech at {:?}", secs(r));
        }
    }

    #[test]
    fn the_last_speech_is_found_past_a_long_pause() {
        let a = audio(&[
            (1.0, false),
            (5.0, true),
            (3.0, false),
            (2.0, true),
            (1.5, false),
        ]);
        let last = activity(&a, &VadConfig::default())
            .iter()
            .rposition(|&speech| speech)
            .expect("speech");
        let end = ((last + 1) * FRAME) as f64 / RATE as f64;
        assert!((11.0..11.5).contains(&end), "{end}");
        assert!(
            !activity(&audio(&[(3.0, false)]), &VadConfig::default())
                .iter()
                .any(|&speech| speech)
        );
    }

    #[test]
    fn speech_with_no_pause_is_cut_all_the_same() {
        let a = audio(&[(70.0, true)]);
        let p = pieces(&a, &VadConfig::default(), MAX_PIECE);
        assert_eq!(p.len(), 3);
        assert!(p.iter().all(|r| r.len() <= MAX_PIECE));
        assert_eq!(p.last().unwrap().end, a.len());
    }
}
