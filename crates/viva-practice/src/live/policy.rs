//! When to cut a piece and when to look at the piece in progress, decided from the voice
//! activity of 20 ms frames and the time the recognizer has been taking. Pure: frames and
//! durations in, a decision out, so it is tested without a model or a clock.

use std::time::Duration;

use super::{FRAME, LiveConfig};
use crate::RATE;

/// What the live thread does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Next {
    /// Nothing to do until more audio arrives.
    Wait,
    /// Transcribe the piece `[start, end)` (samples) and keep its words for good.
    Commit { start: usize, end: usize },
    /// Transcribe what was said since `start` to show it as tentative words: `careful` when
    /// the speaker paused (that pass may become the piece's transcript), else a glimpse.
    Look { start: usize, careful: bool },
}

/// The recent tentative passes, as the decision needs them.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Looks {
    /// Time since the last one began; `None` before the first.
    pub since: Option<Duration>,
    /// How long the last one took.
    pub took: Duration,
    /// How much audio (samples) it heard; 0 after a commit.
    pub heard: usize,
}

pub(crate) fn samples(d: Duration) -> usize {
    (d.as_secs_f64() * RATE as f64).round() as usize
}

/// Silences (frame ranges, the last possibly still going on) from frame `from` on.
pub(crate) fn silences(active: &[bool], from: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut begin = None;
    for (f, &speech) in active.iter().enumerate().skip(from) {
        match (speech, begin) {
            (false, None) => begin = Some(f),
            (true, Some(b)) => {
                out.push((b, f));
                begin = None;
            }
            _ => {}
        }
    }
    if let Some(b) = begin {
        out.push((b, active.len()));
    }
    out
}

/// Where the next piece starts (a sample): `pre_roll` before its first speech frame after
/// `done`, never before `done`. `speech_start` is the detector's own onset of the first word
/// (it looks back past its first sure frame), used for the first piece. `None`: no speech yet.
pub(crate) fn piece_start(
    active: &[bool],
    done: usize,
    speech_start: Option<usize>,
    pre_roll: Duration,
) -> Option<usize> {
    let first = done / FRAME;
    let onset = (first..active.len()).find(|&f| active[f])? * FRAME;
    let onset = match speech_start {
        Some(s) if done == 0 => onset.min(s),
        _ => onset,
    };
    Some(onset.saturating_sub(samples(pre_roll)).max(done))
}

/// The end of the last speech frame (a sample), 0 if there is none.
pub(crate) fn last_speech(active: &[bool]) -> usize {
    active
        .iter()
        .rposition(|&a| a)
        .map_or(0, |f| (f + 1) * FRAME)
}

/// What to do with the piece that starts at sample `start`, given every frame's voice activity
/// so far and the recent looks. No piece is longer than `max_window` samples (what one pass of
/// the engine hears, less its margins).
pub(crate) fn next(
    cfg: &LiveConfig,
    active: &[bool],
    start: usize,
    looks: &Looks,
    max_window: usize,
) -> Next {
    let heard = active.len() * FRAME;
    let pause = samples(cfg.pause) / FRAME;
    let long_pause = samples(cfg.long_pause) / FRAME;
    let tail = samples(cfg.tail);
    // The latest pause that ends a long enough piece (catching up when behind), keeping the
    // piece inside one Whisper window.
    let mut cut = None;
    for (b, e) in silences(active, start / FRAME + 1) {
        let len = e - b;
        let at = b * FRAME;
        let ongoing = e == active.len();
        if len < pause || at <= start {
            continue;
        }
        let long_enough = at - start >= samples(cfg.min_piece);
        let speaker_stopped = ongoing && len >= long_pause;
        if !(long_enough || speaker_stopped) {
            continue;
        }
        let end = at + (len * FRAME / 2).min(tail);
        if cut.is_some() && end - start > max_window {
            break;
        }
        cut = Some(end);
    }
    if let Some(end) = cut {
        return Next::Commit { start, end };
    }
    if heard - start >= samples(cfg.max_piece) {
        // No pause: cut at the longest gap between words in the later part.
        let from = (start + samples(cfg.max_piece) / 3) / FRAME;
        let until = heard.saturating_sub(RATE / 2) / FRAME;
        let gap = silences(active, from)
            .into_iter()
            .filter(|&(_, e)| e <= until)
            .max_by_key(|&(b, e)| e - b);
        let end = gap.map_or(until * FRAME, |(b, e)| (b + e) / 2 * FRAME);
        return Next::Commit {
            start,
            end: end.max(start + FRAME),
        };
    }
    // The piece in progress, for the tentative words: not too often, and never more than half
    // the recognizer's time. But as soon as the speaker pauses, everything said so far: if
    // that was the end of the answer, the stop finds it already transcribed.
    let wait = cfg.tentative_every.max(looks.took * 2);
    let last_speech = last_speech(active);
    let paused = heard - last_speech >= samples(cfg.end_of_speech)
        && looks.heard < last_speech
        && looks.since.is_none_or(|t| t >= looks.took);
    let due = looks.since.is_none_or(|t| t >= wait)
        && heard - start >= 3 * RATE / 2
        && heard - looks.heard >= RATE / 2;
    if due || paused {
        Next::Look {
            start,
            careful: paused,
        }
    } else {
        Next::Wait
    }
}

#[cfg(test)]
#[path = "policy_tests.rs"]
mod tests;
