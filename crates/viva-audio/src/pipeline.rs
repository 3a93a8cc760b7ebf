//! What the capture worker does with the microphone's samples, independent of any device so
//! it can be driven by synthetic signals in tests: resample to 16 kHz, meter, detect the
//! answer, write the crash-safe WAV, hand chunks to a live consumer, decide when to stop.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use crate::error::AudioError;
use crate::level::{Level, LevelMeter, to_db};
use crate::recording::{self, WavRecorder, duration_of};
use crate::stream_resample::StreamResampler;
use crate::vad::{Vad, VadConfig};
use crate::wav::SPEECH_RATE;

#[derive(Debug, Clone)]
pub struct RecordConfig {
    /// The answer ends at this length whatever happens.
    pub max_duration: Duration,
    /// Stop once the speaker has been quiet this long after starting; `None` waits for
    /// [`Recording::stop`](crate::capture::Recording::stop) or the maximum length.
    pub stop_after_silence: Option<Duration>,
    /// Give up with "no speech" if the answer has not started by then.
    pub no_speech_timeout: Duration,
    /// Audio kept before the detected start: onsets like "s" or "f" are quiet and would
    /// otherwise be cut.
    pub pre_roll: Duration,
    /// Audio kept after the last speech when stopping on silence, for trailing consonants.
    pub tail: Duration,
    pub vad: VadConfig,
    pub level_updates_per_second: u32,
    /// Size of the pieces handed to the live consumer.
    pub chunk: Duration,
    /// Cut the silence before the answer (keeping `pre_roll`). Practice keeps it: the wait
    /// before the first word is part of what is being practised, and replay should show it.
    pub trim_leading: bool,
}

impl Default for RecordConfig {
    fn default() -> RecordConfig {
        RecordConfig {
            max_duration: Duration::from_secs(180),
            stop_after_silence: Some(Duration::from_secs(3)),
            no_speech_timeout: Duration::from_secs(10),
            pre_roll: Duration::from_millis(300),
            tail: Duration::from_millis(500),
            vad: VadConfig::default(),
            level_updates_per_second: 25,
            chunk: Duration::from_millis(100),
            trim_leading: true,
        }
    }
}

/// Progress for the UI, sent while recording.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Level {
        level: Level,
        elapsed: Duration,
    },
    /// The answer started this long after recording did (time to first word).
    SpeechStarted {
        at: Duration,
    },
}

/// 16 kHz mono audio for a live consumer. `start` counts samples from the start of the
/// capture (not of the trimmed file: see [`Recorded::file_start`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Chunk {
    pub start: u64,
    pub samples: Vec<f32>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StopReason {
    /// Quiet for the configured time after the answer.
    Silence,
    MaxLength,
    /// The caller asked to stop.
    Stopped,
    NoSpeech,
    /// Nothing but digital silence came in: a muted or dead microphone.
    SilentMicrophone,
    DeviceLost(String),
}

#[derive(Debug, Clone)]
pub struct Recorded {
    pub path: PathBuf,
    /// Length of the saved file.
    pub duration: Duration,
    /// Everything captured, before trimming.
    pub captured: Duration,
    /// Where the saved file begins in capture time: add it to a time in the file to compare
    /// with [`Event`] or [`Chunk`] times.
    pub file_start: Duration,
    /// Time to first word, from the start of capture.
    pub speech_start: Option<Duration>,
    pub speech_end: Option<Duration>,
    pub reason: StopReason,
    pub peak_db: f32,
    pub noise_floor_db: f32,
}

impl Recorded {
    /// The message to show when the recording did not end as an answer normally does.
    pub fn problem(&self) -> Option<AudioError> {
        match &self.reason {
            StopReason::NoSpeech => Some(AudioError::NoSpeech {
                waited: self.captured,
            }),
            StopReason::SilentMicrophone => Some(AudioError::SilentMicrophone {
                heard: self.captured,
            }),
            StopReason::DeviceLost(detail) => Some(AudioError::DeviceLost {
                recorded: self.duration,
                path: self.path.clone(),
                detail: detail.clone(),
            }),
            _ => None,
        }
    }
}

/// Below this peak over the whole capture the input is digital silence, not a quiet room:
/// even a good microphone's self-noise peaks far above it.
const DEAD_INPUT_PEAK_DB: f32 = -80.0;

pub struct Pipeline {
    cfg: RecordConfig,
    resampler: StreamResampler,
    speech: Vec<f32>,
    meter: LevelMeter,
    vad: Vad,
    writer: WavRecorder,
    events: Option<Sender<Event>>,
    chunks: Option<Sender<Chunk>>,
    pending_chunk: Vec<f32>,
    chunk_start: u64,
    chunk_len: usize,
    metered: u64,
    total: u64,
    peak: f32,
    announced: bool,
}

fn samples(d: Duration) -> u64 {
    (d.as_secs_f64() * f64::from(SPEECH_RATE)).round() as u64
}

impl Pipeline {
    pub fn new(
        cfg: RecordConfig,
        device_rate: u32,
        out: &Path,
        events: Option<Sender<Event>>,
        chunks: Option<Sender<Chunk>>,
    ) -> Result<Pipeline, AudioError> {
        let chunk_len = samples(cfg.chunk).max(1) as usize;
        Ok(Pipeline {
            resampler: StreamResampler::new(device_rate)?,
            speech: Vec::with_capacity(SPEECH_RATE as usize),
            meter: LevelMeter::new(SPEECH_RATE, cfg.level_updates_per_second),
            vad: Vad::new(SPEECH_RATE, cfg.vad.clone()),
            writer: WavRecorder::create(out)?,
            events,
            chunks,
            pending_chunk: Vec::with_capacity(chunk_len),
            chunk_start: 0,
            chunk_len,
            metered: 0,
            total: 0,
            peak: 0.0,
            announced: false,
            cfg,
        })
    }

    /// Feeds mono samples at the device rate; says whether the recording should end.
    pub fn push(&mut self, mono: &[f32]) -> Result<Option<StopReason>, AudioError> {
        self.speech.clear();
        let mut speech = std::mem::take(&mut self.speech);
        self.resampler.push(mono, &mut speech)?;
        self.consume(&speech)?;
        self.speech = speech;
        Ok(self.should_stop())
    }

    fn consume(&mut self, speech: &[f32]) -> Result<(), AudioError> {
        if speech.is_empty() {
            return Ok(());
        }
        self.writer.write(speech)?;
        self.vad.push(speech);
        self.peak = speech.iter().fold(self.peak, |p, s| p.max(s.abs()));
        self.total += speech.len() as u64;
        if let Some(tx) = &self.events {
            let window = self.meter.window() as u64;
            let metered = &mut self.metered;
            self.meter.push(speech, |level| {
                *metered += window;
                let _ = tx.send(Event::Level {
                    level,
                    elapsed: duration_of(*metered),
                });
            });
            if let (false, Some(at)) = (self.announced, self.vad.speech_start()) {
                self.announced = true;
                let _ = tx.send(Event::SpeechStarted {
                    at: duration_of(at),
                });
            }
        }
        if let Some(tx) = &self.chunks {
            for &s in speech {
                self.pending_chunk.push(s);
                if self.pending_chunk.len() == self.chunk_len {
                    let full = std::mem::replace(
                        &mut self.pending_chunk,
                        Vec::with_capacity(self.chunk_len),
                    );
                    let start = self.chunk_start;
                    self.chunk_start += full.len() as u64;
                    // A consumer that went away must not stop the recording.
                    let _ = tx.send(Chunk {
                        start,
                        samples: full,
                    });
                }
            }
        }
        Ok(())
    }

    fn should_stop(&self) -> Option<StopReason> {
        if self.total >= samples(self.cfg.max_duration) {
            return Some(StopReason::MaxLength);
        }
        match (self.vad.speech_start(), self.cfg.stop_after_silence) {
            (Some(_), Some(after)) => {
                let last = self.vad.last_speech_end().unwrap_or(0);
                (self.total.saturating_sub(last) >= samples(after)).then_some(StopReason::Silence)
            }
            (Some(_), None) => None,
            (None, _) => {
                (self.total >= samples(self.cfg.no_speech_timeout)).then(|| self.no_speech_reason())
            }
        }
    }

    fn no_speech_reason(&self) -> StopReason {
        if to_db(self.peak) < DEAD_INPUT_PEAK_DB {
            StopReason::SilentMicrophone
        } else {
            StopReason::NoSpeech
        }
    }

    /// Flushes everything, trims to the answer and closes the file.
    pub fn finish(mut self, reason: StopReason) -> Result<Recorded, AudioError> {
        let mut tail = Vec::new();
        self.resampler.finish(&mut tail)?;
        self.consume(&tail)?;
        if let (Some(tx), false) = (&self.chunks, self.pending_chunk.is_empty()) {
            let _ = tx.send(Chunk {
                start: self.chunk_start,
                samples: std::mem::take(&mut self.pending_chunk),
            });
        }
        let path = self.writer.path().to_owned();
        self.writer.finish()?;
        let start = self.vad.speech_start();
        let end = self.vad.last_speech_end();
        let keep_from = match start {
            Some(s) if self.cfg.trim_leading => s.saturating_sub(samples(self.cfg.pre_roll)),
            _ => 0,
        };
        let keep_to = match (&reason, end) {
            (StopReason::Silence, Some(e)) => (e + samples(self.cfg.tail)).min(self.total),
            _ => self.total,
        };
        recording::trim(&path, keep_from, keep_to)?;
        Ok(Recorded {
            duration: duration_of(keep_to - keep_from),
            captured: duration_of(self.total),
            file_start: duration_of(keep_from),
            speech_start: start.map(duration_of),
            speech_end: end.map(duration_of),
            reason,
            peak_db: to_db(self.peak),
            noise_floor_db: self.vad.noise_floor_db(),
            path,
        })
    }
}

#[cfg(test)]
#[path = "pipeline_tests.rs"]
mod tests;
