//! Playing a recording back, from any moment of it.
//!
//! The whole clip is decoded and resampled to the device's rate up front (a three-minute
//! answer is a few MB), so the output callback only copies samples and moves an atomic
//! position: seeking is a store to that position, pausing a flag, and neither ever waits on
//! the audio thread.
//!
//! A watcher thread owns the output stream and judges the device by whether it keeps asking
//! for sound, not by what its error callback says: ALSA's pulse plugin reports
//! `snd_pcm_avail_delay: I/O error` in bursts while a new stream waits for its first timing
//! report from the server (the plugin mistakes PulseAudio's "no timing data yet" for an I/O
//! error; alsa-plugins issue #65), and cpal plays on through them. A stream that really stops
//! is rebuilt from the same position a few times before playback gives up with an error.

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use cpal::traits::{DeviceTrait, StreamTrait};
use cpal::{FromSample, Sample, SampleFormat, SizedSample};

use crate::devices::{self, Direction};
use crate::error::AudioError;
use crate::wav;

/// With no request for sound for this long the stream is taken for dead and rebuilt. Longer
/// than a PulseAudio null sink's 2 s blocks: one accepts the first few buffers of a new stream
/// and then asks for nothing until its current block ends.
const STALL: Duration = Duration::from_secs(3);
/// Rebuilds of the output stream per playback before giving up: enough to ride out a sound
/// server restarting or a device being switched, few enough to fail clearly when it is gone.
const MAX_REBUILDS: u32 = 3;
/// How long to wait before trying again when the device refused to reopen.
const REOPEN_PAUSE: Duration = Duration::from_millis(500);
/// How often the watcher looks at the stream.
const WATCH_EVERY: Duration = Duration::from_millis(100);

struct Shared {
    audio: Vec<f32>,
    position: AtomicU64,
    paused: AtomicBool,
    /// Why playback stopped for good, once the watcher gave up.
    failure: Mutex<Option<String>>,
    /// Tells the watcher to close the stream and end.
    closing: AtomicBool,
}

/// What one output stream's callbacks tell the watcher. Times are milliseconds since `epoch`.
struct Health {
    epoch: Instant,
    /// When the device last asked for sound (the stream's creation until it first does).
    last_request_ms: AtomicU64,
    /// The last error the backend reported, if any.
    last_error: Mutex<Option<String>>,
    /// cpal said the device is gone; its worker thread has ended, so no request will come.
    gone: AtomicBool,
}

impl Health {
    fn new() -> Health {
        Health {
            epoch: Instant::now(),
            last_request_ms: AtomicU64::new(0),
            last_error: Mutex::new(None),
            gone: AtomicBool::new(false),
        }
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn requested(&self) {
        self.last_request_ms.store(self.now_ms(), Ordering::Relaxed);
    }

    fn reported(&self, e: &cpal::Error) {
        // cpal recovers from underruns itself and plays on.
        if e.kind() == cpal::ErrorKind::Xrun {
            return;
        }
        if e.kind() == cpal::ErrorKind::DeviceNotAvailable {
            self.gone.store(true, Ordering::Relaxed);
        }
        if let Ok(mut last) = self.last_error.lock() {
            *last = Some(e.to_string());
        }
    }

    /// Why this stream is dead, or `None` while it is alive.
    fn verdict(&self) -> Option<String> {
        let silent_for = self
            .now_ms()
            .saturating_sub(self.last_request_ms.load(Ordering::Relaxed));
        let gone = self.gone.load(Ordering::Relaxed);
        if !gone && silent_for < STALL.as_millis() as u64 {
            return None;
        }
        let last = self.last_error.lock().ok().and_then(|e| e.clone());
        Some(last.unwrap_or_else(|| {
            format!(
                "it asked for no sound for {:.0} s",
                Duration::from_millis(silent_for).as_secs_f64()
            )
        }))
    }
}

/// Everything needed to open the same output again, at the same rate and sample format, so
/// the audio already resampled for it stays valid.
struct Output {
    device: cpal::Device,
    format: SampleFormat,
    config: cpal::StreamConfig,
    name: String,
}

impl Output {
    fn start(&self, shared: &Arc<Shared>) -> Result<(cpal::Stream, Arc<Health>), String> {
        let health = Arc::new(Health::new());
        let stream = build_stream(
            &self.device,
            self.format,
            self.config,
            shared,
            Arc::clone(&health),
        )
        .and_then(|s| s.play().map(|_| s))
        .map_err(|e| e.to_string())?;
        Ok((stream, health))
    }
}

pub struct Player {
    shared: Arc<Shared>,
    watcher: Option<JoinHandle<()>>,
    rate: u32,
    device: String,
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
            failure: Mutex::new(None),
            closing: AtomicBool::new(false),
        });
        let output = Output {
            device: dev,
            format: supported.sample_format(),
            config,
            name: name.clone(),
        };
        // The first stream is built here so that a device that cannot be opened at all is
        // reported by `open`, not later.
        let (stream, health) =
            output
                .start(&shared)
                .map_err(|detail| AudioError::DeviceUnusable {
                    name: name.clone(),
                    detail,
                })?;
        let latency = stream
            .buffer_size()
            .map_or(Duration::from_millis(500), |frames| {
                Duration::from_secs_f64(f64::from(frames) / f64::from(config.sample_rate))
            });
        let watched = Arc::clone(&shared);
        let watcher = std::thread::Builder::new()
            .name("viva-playback-watch".into())
            .spawn(move || watch(output, watched, stream, health))
            .map_err(|e| AudioError::DeviceUnusable {
                name: name.clone(),
                detail: e.to_string(),
            })?;
        Ok(Player {
            shared,
            watcher: Some(watcher),
            rate: config.sample_rate,
            device: name,
            latency,
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

    /// Set once the output device failed for good (it could not be reopened either);
    /// playback has stopped then. Passing errors the device recovers from are not reported.
    pub fn error(&self) -> Option<AudioError> {
        let detail = self.shared.failure.lock().ok()?.clone()?;
        Some(AudioError::OutputLost { detail })
    }

    fn time_of(&self, frame: u64) -> Duration {
        Duration::from_secs_f64(frame as f64 / f64::from(self.rate))
    }
}

impl Drop for Player {
    fn drop(&mut self) {
        self.shared.closing.store(true, Ordering::Relaxed);
        if let Some(watcher) = self.watcher.take() {
            watcher.thread().unpark();
            let _ = watcher.join();
        }
    }
}

/// Keeps `stream` playing until the player closes: a stream that stopped asking for sound
/// (or whose device vanished) is dropped and rebuilt, carrying on from the shared position,
/// at most [`MAX_REBUILDS`] times.
fn watch(output: Output, shared: Arc<Shared>, stream: cpal::Stream, health: Arc<Health>) {
    let mut current = Some((stream, health));
    // Why the last rebuild failed, when it did.
    let mut refused: Option<String> = None;
    let mut rebuilds = 0;
    while !shared.closing.load(Ordering::Relaxed) {
        std::thread::park_timeout(WATCH_EVERY);
        let problem = match (&current, refused.take()) {
            (Some((_, health)), _) => match health.verdict() {
                Some(problem) => problem,
                None => continue,
            },
            (None, Some(why)) => format!("it could not be reopened: {why}"),
            (None, None) => "it could not be reopened".to_owned(),
        };
        // Close the dead stream before opening another: a device may take one at a time.
        current = None;
        if rebuilds == MAX_REBUILDS {
            let detail = format!(
                "{problem}; reopening \"{}\" {MAX_REBUILDS} times did not help",
                output.name
            );
            if let Ok(mut failure) = shared.failure.lock() {
                *failure = Some(detail);
            }
            return;
        }
        rebuilds += 1;
        match output.start(&shared) {
            Ok(started) => current = Some(started),
            Err(why) => {
                refused = Some(why);
                // A server that is restarting needs a moment before it takes streams again.
                std::thread::park_timeout(REOPEN_PAUSE);
            }
        }
    }
}

fn build_stream(
    device: &cpal::Device,
    format: SampleFormat,
    config: cpal::StreamConfig,
    shared: &Arc<Shared>,
    health: Arc<Health>,
) -> Result<cpal::Stream, cpal::Error> {
    use cpal::{I24, U24};
    let s = Arc::clone(shared);
    match format {
        SampleFormat::I8 => build::<i8>(device, config, s, health),
        SampleFormat::I16 => build::<i16>(device, config, s, health),
        SampleFormat::I24 => build::<I24>(device, config, s, health),
        SampleFormat::I32 => build::<i32>(device, config, s, health),
        SampleFormat::I64 => build::<i64>(device, config, s, health),
        SampleFormat::U8 => build::<u8>(device, config, s, health),
        SampleFormat::U16 => build::<u16>(device, config, s, health),
        SampleFormat::U24 => build::<U24>(device, config, s, health),
        SampleFormat::U32 => build::<u32>(device, config, s, health),
        SampleFormat::U64 => build::<u64>(device, config, s, health),
        SampleFormat::F32 => build::<f32>(device, config, s, health),
        SampleFormat::F64 => build::<f64>(device, config, s, health),
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
    health: Arc<Health>,
) -> Result<cpal::Stream, cpal::Error>
where
    T: SizedSample + FromSample<f32> + Send + 'static,
{
    let channels = usize::from(config.channels.max(1));
    let asked = Arc::clone(&health);
    device.build_output_stream::<T, _, _>(
        config,
        move |out: &mut [T], _| {
            asked.requested();
            let at = shared.position.load(Ordering::Relaxed);
            let next = fill(out, channels, &shared, at);
            // A seek that landed while this buffer was being filled wins over our advance.
            let _ =
                shared
                    .position
                    .compare_exchange(at, next, Ordering::Relaxed, Ordering::Relaxed);
        },
        move |e: cpal::Error| health.reported(&e),
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
            failure: Mutex::new(None),
            closing: AtomicBool::new(false),
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

    #[test]
    fn passing_backend_errors_do_not_condemn_a_stream_that_still_asks_for_sound() {
        let h = Health::new();
        h.reported(&cpal::Error::with_message(
            cpal::ErrorKind::BackendError,
            "snd_pcm_avail_delay: I/O error",
        ));
        h.reported(&cpal::ErrorKind::Xrun.into());
        h.requested();
        assert_eq!(h.verdict(), None);
    }

    #[test]
    fn a_vanished_device_condemns_the_stream_at_once_with_its_error() {
        let h = Health::new();
        h.reported(&cpal::Error::with_message(
            cpal::ErrorKind::DeviceNotAvailable,
            "Device disconnected",
        ));
        let why = h.verdict().expect("the device is gone");
        assert!(why.contains("Device disconnected"), "{why}");
    }

    #[test]
    fn a_stream_silent_past_the_stall_limit_is_dead_even_without_errors() {
        let h = Health::new();
        h.last_request_ms.store(0, Ordering::Relaxed);
        let h = Health {
            epoch: h.epoch - STALL - Duration::from_millis(10),
            ..h
        };
        let why = h.verdict().expect("stalled");
        assert!(why.contains("asked for no sound"), "{why}");
    }
}
