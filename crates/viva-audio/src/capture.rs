//! Recording from a microphone.
//!
//! The audio callback runs on the driver's real-time thread, where waiting on a lock or the
//! allocator can make the device drop audio. So it only converts each frame to one f32,
//! averaging the channels, and pushes it into a wait-free single-producer ring buffer; a
//! worker thread drains the ring and does everything else (see [`Pipeline`]).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use cpal::traits::{DeviceTrait, StreamTrait};
use cpal::{FromSample, Sample, SampleFormat, SizedSample};

use crate::devices::{self, Direction};
use crate::error::AudioError;
use crate::pipeline::{Chunk, Event, Pipeline, RecordConfig, Recorded, StopReason};

pub struct RecordOptions {
    /// Microphone name (see [`crate::input_devices`]); `None` for the system default.
    pub device: Option<String>,
    pub out: PathBuf,
    pub config: RecordConfig,
    /// Receives 16 kHz mono audio while recording goes on, for live transcription.
    pub chunks: Option<Sender<Chunk>>,
}

impl RecordOptions {
    pub fn new(out: impl Into<PathBuf>) -> RecordOptions {
        RecordOptions {
            device: None,
            out: out.into(),
            config: RecordConfig::default(),
            chunks: None,
        }
    }
}

/// A recording in progress. Read [`Recording::events`] for the meter, call
/// [`Recording::wait`] for the result (it returns on auto-stop, or after [`Recording::stop`]).
pub struct Recording {
    stop: Arc<AtomicBool>,
    events: Receiver<Event>,
    worker: JoinHandle<Result<Recorded, AudioError>>,
    device: String,
}

/// Ring capacity in seconds of device audio: the worker sleeps 10 ms between drains, but a
/// slow disk or a busy machine can stall it far longer without losing anything.
const RING_SECONDS: usize = 4;
/// A device that sends nothing for this long is gone, even if the driver never said so
/// (ALSA's pulse plugin just stops calling back when the server dies).
const STALL: Duration = Duration::from_secs(2);
/// How long a new stream may take to send its first sound. A sound server starved by other
/// programs (two CPU-bound processes and a build, on 2 cores) took over 2 s to start a
/// capture stream, and the answer ended as "the microphone stopped working after 0.0 s".
const FIRST_SOUND: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(10);

/// Opens the microphone and starts recording to `options.out`. Fails at once, with a message
/// for the user, if there is no usable microphone.
pub fn start_recording(options: RecordOptions) -> Result<Recording, AudioError> {
    let stop = Arc::new(AtomicBool::new(false));
    let (ev_tx, ev_rx) = mpsc::channel();
    let (ready_tx, ready_rx) = mpsc::sync_channel(1);
    let stop_flag = Arc::clone(&stop);
    // The stream lives and dies on the worker: cpal streams need not be Send on every host.
    let worker = thread::Builder::new()
        .name("viva-capture".into())
        .spawn(move || run(options, stop_flag, ev_tx, ready_tx))
        .map_err(|e| AudioError::DeviceUnusable {
            name: "microphone".into(),
            detail: e.to_string(),
        })?;
    match ready_rx.recv() {
        Ok(device) => Ok(Recording {
            stop,
            events: ev_rx,
            worker,
            device,
        }),
        Err(_) => match worker.join() {
            Ok(Err(e)) => Err(e),
            Ok(Ok(_)) => unreachable!("the worker reports readiness before recording"),
            Err(panic) => std::panic::resume_unwind(panic),
        },
    }
}

impl Recording {
    pub fn device_name(&self) -> &str {
        &self.device
    }

    /// Level readings (25 a second) and the moment speech starts.
    pub fn events(&self) -> &Receiver<Event> {
        &self.events
    }

    /// Ends the recording; [`Recording::wait`] then returns promptly.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }

    pub fn is_finished(&self) -> bool {
        self.worker.is_finished()
    }

    pub fn wait(self) -> Result<Recorded, AudioError> {
        match self.worker.join() {
            Ok(r) => r,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
}

type Ready = mpsc::SyncSender<String>;

fn run(
    options: RecordOptions,
    stop: Arc<AtomicBool>,
    events: Sender<Event>,
    ready: Ready,
) -> Result<Recorded, AudioError> {
    // Errors before `ready` is sent reach the caller through the worker's result.
    let (device, supported) = devices::open(options.device.as_deref(), Direction::Input)?;
    let name = devices::name_of(&device);
    let config = devices::low_latency(&supported);
    let capacity = config.sample_rate as usize * RING_SECONDS;
    let (producer, mut consumer) = rtrb::RingBuffer::<f32>::new(capacity);
    let (err_tx, err_rx) = mpsc::channel();
    let stream = build_stream(&device, supported.sample_format(), config, producer, err_tx)
        .and_then(|s| s.play().map(|_| s))
        .map_err(|e| AudioError::DeviceUnusable {
            name: name.clone(),
            detail: e.to_string(),
        })?;
    let mut pipeline = Pipeline::new(
        options.config,
        config.sample_rate,
        &options.out,
        Some(events),
        options.chunks,
    )?;
    let _ = ready.send(name);

    let mut block = vec![0.0f32; capacity];
    let mut last_data = Instant::now();
    let mut heard_any = false;
    let reason = loop {
        let n = drain(&mut consumer, &mut block);
        if n > 0 {
            last_data = Instant::now();
            heard_any = true;
            if let Some(r) = pipeline.push(&block[..n])? {
                break r;
            }
        }
        if stop.load(Ordering::Relaxed) {
            break StopReason::Stopped;
        }
        if let Ok(detail) = err_rx.try_recv() {
            break StopReason::DeviceLost(detail);
        }
        if heard_any && last_data.elapsed() > STALL {
            break StopReason::DeviceLost("it stopped sending sound".into());
        }
        if !heard_any && last_data.elapsed() > FIRST_SOUND {
            break StopReason::DeviceLost(format!(
                "it sent no sound in the {} s after it was opened",
                FIRST_SOUND.as_secs()
            ));
        }
        thread::sleep(POLL);
    };
    drop(stream);
    // Whatever reached the ring before the stream ended is part of the answer.
    let n = drain(&mut consumer, &mut block);
    pipeline.push(&block[..n])?;
    pipeline.finish(reason)
}

fn drain(consumer: &mut rtrb::Consumer<f32>, block: &mut [f32]) -> usize {
    let n = consumer.slots().min(block.len());
    let Ok(chunk) = consumer.read_chunk(n) else {
        return 0;
    };
    let (a, b) = chunk.as_slices();
    block[..a.len()].copy_from_slice(a);
    block[a.len()..a.len() + b.len()].copy_from_slice(b);
    chunk.commit_all();
    n
}

fn build_stream(
    device: &cpal::Device,
    format: SampleFormat,
    config: cpal::StreamConfig,
    producer: rtrb::Producer<f32>,
    errors: Sender<String>,
) -> Result<cpal::Stream, cpal::Error> {
    use cpal::{I24, U24};
    match format {
        SampleFormat::I8 => build::<i8>(device, config, producer, errors),
        SampleFormat::I16 => build::<i16>(device, config, producer, errors),
        SampleFormat::I24 => build::<I24>(device, config, producer, errors),
        SampleFormat::I32 => build::<i32>(device, config, producer, errors),
        SampleFormat::I64 => build::<i64>(device, config, producer, errors),
        SampleFormat::U8 => build::<u8>(device, config, producer, errors),
        SampleFormat::U16 => build::<u16>(device, config, producer, errors),
        SampleFormat::U24 => build::<U24>(device, config, producer, errors),
        SampleFormat::U32 => build::<u32>(device, config, producer, errors),
        SampleFormat::U64 => build::<u64>(device, config, producer, errors),
        SampleFormat::F32 => build::<f32>(device, config, producer, errors),
        SampleFormat::F64 => build::<f64>(device, config, producer, errors),
        other => Err(cpal::Error::with_message(
            cpal::ErrorKind::UnsupportedConfig,
            format!("{other} samples"),
        )),
    }
}

/// One frame of any sample type to a mono f32. Averaging keeps full scale at 1.0 and a
/// voice on one channel of a stereo pair at -6 dB.
pub(crate) fn frame_to_mono<T: Sample>(frame: &[T]) -> f32
where
    f32: FromSample<T>,
{
    frame.iter().map(|s| s.to_sample::<f32>()).sum::<f32>() / frame.len() as f32
}

fn build<T>(
    device: &cpal::Device,
    config: cpal::StreamConfig,
    mut producer: rtrb::Producer<f32>,
    errors: Sender<String>,
) -> Result<cpal::Stream, cpal::Error>
where
    T: SizedSample + Send + 'static,
    f32: FromSample<T>,
{
    let channels = usize::from(config.channels.max(1));
    device.build_input_stream::<T, _, _>(
        config,
        move |data: &[T], _| {
            let frames = data.chunks_exact(channels);
            let n = frames.len().min(producer.slots());
            // A full ring means the worker is stalled; dropping the newest audio then is the
            // only choice that never blocks the driver.
            if let Ok(chunk) = producer.write_chunk_uninit(n) {
                chunk.fill_from_iter(frames.map(frame_to_mono));
            }
        },
        move |e: cpal::Error| {
            // Over- and underruns are glitches, not a lost device.
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

    #[test]
    fn every_integer_format_maps_full_scale_to_one() {
        assert_eq!(frame_to_mono(&[i16::MAX]), i16::MAX as f32 / 32768.0);
        assert_eq!(frame_to_mono(&[i16::MIN]), -1.0);
        assert_eq!(frame_to_mono(&[u16::MIN]), -1.0);
        assert_eq!(frame_to_mono(&[32768u16]), 0.0);
        assert_eq!(frame_to_mono(&[i32::MIN]), -1.0);
        assert_eq!(frame_to_mono(&[128u8]), 0.0);
        assert_eq!(frame_to_mono(&[-0.25f64]), -0.25);
        assert_eq!(frame_to_mono(&[cpal::I24::new(-(1 << 23)).unwrap()]), -1.0);
    }

    #[test]
    fn channels_are_averaged() {
        assert_eq!(frame_to_mono(&[0.5f32, -0.5]), 0.0);
        assert_eq!(frame_to_mono(&[1.0f32, 0.0]), 0.5);
        assert!((frame_to_mono(&[0.3f32, 0.3, 0.3, 0.3, 0.3, 0.3]) - 0.3).abs() < 1e-6);
        assert_eq!(frame_to_mono(&[i16::MIN, 0, 0, 0]), -0.25);
    }
}
