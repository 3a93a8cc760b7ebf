//! Voice activity from frame energy against an adaptive noise floor.
//!
//! An energy detector is enough here: we only need "has the answer started" and "has it
//! ended", on a close microphone where speech sits well above the room. The floor is the
//! minimum of the short-term energy over the last few seconds (minimum statistics): speech
//! always has gaps (between words, for breath) where the energy falls back to the room's, so
//! the minimum tracks the room even while someone talks, and follows a fan switched on
//! within the window length instead of mistaking it for a never-ending answer.

use std::collections::VecDeque;
use std::time::Duration;

use crate::level::{FLOOR_DB, to_db};

#[derive(Debug, Clone)]
pub struct VadConfig {
    /// How far above the noise floor a frame must be to start the answer.
    pub margin_db: f32,
    /// How far above the floor a frame must be to keep the answer going once it has started.
    /// Lower than `margin_db` (hysteresis): a quiet speaker in a noisy room has many syllables
    /// only a few dB over the room, and calling them silence would end the answer early.
    pub hold_margin_db: f32,
    /// Frames quieter than this never count as speech, however quiet the room: it keeps a
    /// perfectly silent input (floor at -100 dB) from calling its dither "speech".
    pub min_speech_db: f32,
    /// Consecutive speech frames needed to declare the answer started; shorter bursts are
    /// clicks, a chair, a cough.
    pub onset: Duration,
    /// How far back the floor's minimum looks.
    pub floor_window: Duration,
    /// A floor above this is taken as someone already talking when recording started, not
    /// as the room: no usable room is that loud at a microphone.
    pub max_floor_db: f32,
}

impl Default for VadConfig {
    fn default() -> VadConfig {
        VadConfig {
            margin_db: 10.0,
            hold_margin_db: 5.0,
            min_speech_db: -55.0,
            onset: Duration::from_millis(80),
            floor_window: Duration::from_secs(5),
            max_floor_db: -35.0,
        }
    }
}

/// 20 ms frames: short enough to place onsets within a syllable, long enough to hold a
/// couple of pitch periods of a low voice.
const FRAME: Duration = Duration::from_millis(20);
/// The floor is taken over 100 ms averages: the minimum of raw 20 ms frames would sit well
/// below the real noise level.
const SMOOTH_FRAMES: usize = 5;
/// How far back a confirmed onset may be moved to take in a quiet start of the first word.
const LOOK_BACK_FRAMES: usize = 50;
/// Quiet frames tolerated inside that look-back (the gap in "s-top" or between two words).
const LOOK_BACK_GAP: usize = 5;

#[derive(Debug)]
pub struct Vad {
    cfg: VadConfig,
    frame_len: usize,
    partial: Vec<f32>,
    frames: u64,
    recent_power: VecDeque<f64>,
    smoothed_db: VecDeque<f32>,
    floor_db: f32,
    run: usize,
    onset_frames: usize,
    prev_speech: bool,
    history: VecDeque<f32>,
    speech_start: Option<u64>,
    last_speech_end: Option<u64>,
}

impl Vad {
    pub fn new(sample_rate: u32, cfg: VadConfig) -> Vad {
        let frame_len = (u128::from(sample_rate) * FRAME.as_millis() / 1000) as usize;
        let onset_frames = (cfg.onset.as_millis() / FRAME.as_millis()).max(1) as usize;
        Vad {
            frame_len,
            partial: Vec::with_capacity(frame_len),
            frames: 0,
            recent_power: VecDeque::with_capacity(SMOOTH_FRAMES),
            smoothed_db: VecDeque::new(),
            floor_db: FLOOR_DB,
            run: 0,
            onset_frames,
            prev_speech: false,
            history: VecDeque::with_capacity(LOOK_BACK_FRAMES),
            speech_start: None,
            last_speech_end: None,
            cfg,
        }
    }

    pub fn push(&mut self, mut samples: &[f32]) {
        while !samples.is_empty() {
            let take = (self.frame_len - self.partial.len()).min(samples.len());
            self.partial.extend_from_slice(&samples[..take]);
            samples = &samples[take..];
            if self.partial.len() == self.frame_len {
                let power = self.partial.iter().map(|&s| f64::from(s * s)).sum::<f64>()
                    / self.frame_len as f64;
                self.partial.clear();
                self.frame(power);
            }
        }
    }

    fn frame(&mut self, power: f64) {
        let db = to_db(power.sqrt() as f32);
        if self.frames == 0 {
            self.floor_db = db.min(self.cfg.max_floor_db);
        }
        let margin = if self.speech_start.is_some() {
            self.cfg.hold_margin_db
        } else {
            self.cfg.margin_db
        };
        let threshold = (self.floor_db + margin).max(self.cfg.min_speech_db);
        let speech = db > threshold;
        let start = self.frames * self.frame_len as u64;
        if speech {
            self.run += 1;
            if self.speech_start.is_none() && self.run >= self.onset_frames {
                let first = self.frames - (self.run as u64 - 1);
                let back = self.look_back(self.run - 1);
                self.speech_start = Some((first - back) * self.frame_len as u64);
            } else if self.prev_speech && self.speech_start.is_some() {
                // A lone loud frame after the answer (a click) must not restart the silence
                // clock, hence two in a row.
                self.last_speech_end = Some(start + self.frame_len as u64);
            }
            if self.speech_start.is_some() && self.last_speech_end.is_none() {
                self.last_speech_end = Some(start + self.frame_len as u64);
            }
        } else {
            self.run = 0;
        }
        self.prev_speech = speech;
        if self.history.len() == LOOK_BACK_FRAMES {
            self.history.pop_front();
        }
        self.history.push_back(db);
        self.frames += 1;
        self.update_floor(power);
    }

    /// Frames before the onset run (which covers the last `in_run` history entries) that
    /// still rise over the lower, hold threshold: the soft start of the first word, which the
    /// onset threshold missed. Digit strings and names often begin this quietly.
    fn look_back(&self, in_run: usize) -> u64 {
        let hold = (self.floor_db + self.cfg.hold_margin_db).max(self.cfg.min_speech_db);
        let before = self.history.len().saturating_sub(in_run);
        let (mut back, mut quiet) = (0u64, 0usize);
        for (i, &db) in self.history.iter().take(before).rev().enumerate() {
            if db > hold {
                back = i as u64 + 1;
                quiet = 0;
            } else {
                quiet += 1;
                if quiet > LOOK_BACK_GAP {
                    break;
                }
            }
        }
        back
    }

    fn update_floor(&mut self, power: f64) {
        if self.recent_power.len() == SMOOTH_FRAMES {
            self.recent_power.pop_front();
        }
        self.recent_power.push_back(power);
        let mean = self.recent_power.iter().sum::<f64>() / self.recent_power.len() as f64;
        let window = (self.cfg.floor_window.as_millis() / FRAME.as_millis()).max(1) as usize;
        if self.smoothed_db.len() == window {
            self.smoothed_db.pop_front();
        }
        self.smoothed_db.push_back(to_db(mean.sqrt() as f32));
        let min = self
            .smoothed_db
            .iter()
            .copied()
            .fold(f32::INFINITY, f32::min);
        self.floor_db = min.min(self.cfg.max_floor_db);
    }

    /// Sample index where the answer's first speech frame begins.
    pub fn speech_start(&self) -> Option<u64> {
        self.speech_start
    }

    /// Sample index just after the last sustained speech frame.
    pub fn last_speech_end(&self) -> Option<u64> {
        self.last_speech_end
    }

    pub fn noise_floor_db(&self) -> f32 {
        self.floor_db
    }
}

#[cfg(test)]
#[path = "vad_tests.rs"]
mod tests;
