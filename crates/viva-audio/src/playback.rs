//! Playing a recording back, from any moment of it.
//!
//! The whole clip is decoded and resampled to the device's rate up front (a three-minute
//! answer is a few MB), so the output callback only copies samples and moves an atomic
//! position: seeking is a store to that position, pausing a flag, and neither ever waits on
//! the audio thread.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use cpal::traits::{DeviceTrait, StreamTrait};
use cpal::{FromSample, Sample, SampleFormat, SizedSample};

use crate::devices::{self, Direction};
use crate::error::AudioError;
use crate::wav;

struct Shared {
    audio: Vec<f32>,
    position: AtomicU64,
    paused: AtomicBool,
}

pub struct Player {
    // Kept for its lifetime: dropping the stream stops the sound.
    _stream: cpal::Stream,
    shared: Arc<Shared>,
    rate: u32,
    device: String,
    errors: Receiver<String>,
    latency: Duration,
}

impl Player {
    /// Opens `path` on the named output (or the default one), paused at the start.
    pub fn open(path: &Path, device: Option<&str>) -> Result<Player, AudioError> {
        let decoded = wav::decode_file(path)?;
        let (dev, supported) = devices::open(device, Direction::Output)?;
        let name = devices::name_of(&dev);
        // The pulse plugin failed with I/O errors on small output buffers: keep the default.
        let config = supported.config();
        let mono = wav::downmix(&decoded.samples, decoded.channels);
        let audio = wav::resample(&mono, decoded.sample_rate, config.sample_rate)?;
        let shared = Arc::new(Shared {
            audio,
            position: AtomicU64::new(0),
            paused: AtomicBool::new(true),
        });
        let (err_tx, errors) = mpsc::channel();
        let stream = build_stream(&dev, supported.sample_format(), config, &shared, err_tx)
            .and_then(|s| s.play().map(|_| s))
            .map_err(|e| AudioError::DeviceUnusable {
                name: name.clone(),
                detail: e.to_string(),
            })?;
        let latency = stream
            .buffer_size()
            .map_or(Duration::from_millis(500), |frames| {
                Duration::from_secs_f64(f64::from(frames) / f64::from(config.sample_rate))
            });
        Ok(Player {
            latency,
            _stream: stream,
            shared,
            rate: config.sample_rate,
            device: name,
            errors,
        })
    }

    pub fn device_name(&self) -> &str {
        &self.device
    }

    pub fn duration(&self) -> Duration {
        self.time_of(self.shared.audio.len() as u64)
    }

    pub fn position(&self) -> Duration {
        self.time_of(self.shared.position.load(Ordering::Relaxed))
    }

    /// Moves to `at` (clamped to the end) without changing paused/playing.
    pub fn seek(&self, at: Duration) {
        let frame = (at.as_secs_f64() * f64::from(self.rate)).round() as u64;
        let frame = frame.min(self.shared.audio.len() as u64);
        self.shared.position.store(frame, Ordering::Relaxed);
    }

    pub fn play_from(&self, at: Duration) {
        self.seek(at);
        self.resume();
    }

    pub fn pause(&self) {
        self.shared.paused.store(true, Ordering::Relaxed);
    }

    pub fn resume(&self) {
        self.shared.paused.store(false, Ordering::Relaxed);
    }

    pub fn is_paused(&self) -> bool {
        self.shared.paused.load(Ordering::Relaxed)
    }

    /// How long sound handed to the device takes to come out: wait this long after
    /// [`Player::is_finished`] before closing, or the end is cut off.
    pub fn latency(&self) -> Duration {
        self.latency
    }

    pub fn is_finished(&self) -> bool {
        self.shared.position.load(Ordering::Relaxed) >= self.shared.audio.len() as u64
    }

    /// Set once the output device failed; playback has stopped then.
    pub fn error(&self) -> Option<AudioError> {
        self.errors
            .try_recv()
            .ok()
            .map(|detail| AudioError::OutputLost { detail })
    }

    fn time_of(&self, frame: u64) -> Duration {
        Duration::from_secs_f64(frame as f64 / f64::from(self.rate))
    }
}

fn build_stream(
    device: &cpal::Device,
    format: SampleFormat,
    config: cpal::StreamConfig,
    shared: &Arc<Shared>,
    errors: mpsc::Sender<String>,
) -> Result<cpal::Stream, cpal::Error> {
    use cpal::{I24, U24};
    let s = Arc::clone(shared);
    match format {
        SampleFormat::I8 => build::<i8>(device, config, s, errors),
        SampleFormat::I16 => build::<i16>(device, config, s, errors),
        SampleFormat::I24 => build::<I24>(device, config, s, errors),
        SampleFormat::I32 => build::<i32>(device, config, s, errors),
        SampleFormat::I64 => build::<i64>(device, config, s, errors),
        SampleFormat::U8 => build::<u8>(device, config, s, errors),
        SampleFormat::U16 => build::<u16>(device, config, s, errors),
        SampleFormat::U24 => build::<U24>(device, config, s, errors),
        SampleFormat::U32 => build::<u32>(device, config, s, errors),
        SampleFormat::U64 => build::<u64>(device, config, s, errors),
        SampleFormat::F32 => build::<f32>(device, config, s, errors),
        SampleFormat::F64 => build::<f64>(device, config, s, errors),
        other => Err(cpal::Error::with_message(
            cpal::ErrorKind::UnsupportedConfig,
            format!("{other} samples"),
        )),
    }
}

/// Fills one output buffer from `shared`, returning the new position. Separate from the
/// stream so it can be tested without a device.
fn fill<T: Sample + FromSample<f32>>(
    out: &mut [T],
    channels: usize,
    shared: &Shared,
    at: u64,
) -> u64 {
    let mut pos = at as usize;
    let paused = shared.paused.load(Ordering::Relaxed);
    for frame in out.chunks_mut(channels) {
        let v = match shared.audio.get(pos) {
            Some(&v) if !paused => {
                pos += 1;
                T::from_sample(v)
            }
            _ => T::EQUILIBRIUM,
        };
        frame.fill(v);
    }
    pos as u64
}

fn build<T>(
    device: &cpal::Device,
    config: cpal::StreamConfig,
    shared: Arc<Shared>,
    errors: mpsc::Sender<String>,
) -> Result<cpal::Stream, cpal::Error>
where
    T: SizedSample + FromSample<f32> + Send + 'static,
{
    let channels = usize::from(config.channels.max(1));
    device.build_output_stream::<T, _, _>(
        config,
        move |out: &mut [T], _| {
            let at = shared.position.load(Ordering::Relaxed);
            let next = fill(out, channels, &shared, at);
            // A seek that landed while this buffer was being filled wins over our advance.
            let _ =
                shared
                    .position
                    .compare_exchange(at, next, Ordering::Relaxed, Ordering::Relaxed);
        },
        move |e: cpal::Error| {
            if e.kind() != cpal::ErrorKind::Xrun {
                let _ = errors.send(e.to_string());
            }
        },
        None,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared(audio: Vec<f32>, paused: bool) -> Shared {
        Shared {
            audio,
            position: AtomicU64::new(0),
            paused: AtomicBool::new(paused),
        }
    }

    #[test]
    fn copies_mono_to_every_channel_and_pads_the_end_with_silence() {
        let s = shared(vec![0.5, -0.5, 0.25], false);
        let mut out = [1i16; 8];
        let next = fill(&mut out, 2, &s, 1);
        assert_eq!(next, 3);
        assert_eq!(out, [-16384, -16384, 8192, 8192, 0, 0, 0, 0]);
    }

    #[test]
    fn paused_output_is_silent_and_holds_its_place() {
        let s = shared(vec![0.5; 10], true);
        let mut out = [7u16; 4];
        assert_eq!(fill(&mut out, 1, &s, 4), 4);
        assert_eq!(out, [32768; 4]);
    }
}
