//! WAV files in and out. Speech recognition wants 16 kHz mono f32 in [-1, 1]; any WAV a user
//! hands us (phone recordings at 44.1/48 kHz, stereo, 24-bit, float) is brought to that here.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

use rubato::audioadapter_buffers::direct::InterleavedSlice;
use rubato::{Fft, FixedSync, Resampler};

/// The sample rate Whisper was trained on; everything we hand the engine is at this rate.
pub const SPEECH_RATE: u32 = 16_000;

#[derive(Debug, thiserror::Error)]
pub enum WavError {
    #[error("audio file {} does not exist", path.display())]
    Missing { path: PathBuf },
    #[error("could not read audio file {}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("{} is not a WAV file ({reason}); record or export the answer as .wav", path.display())]
    NotWav { path: PathBuf, reason: String },
    #[error(
        "{} uses a WAV format Viva cannot read ({detail}); convert it to 16-bit PCM WAV, \
         e.g. `sox in.wav -b 16 out.wav`",
        path.display()
    )]
    Unsupported { path: PathBuf, detail: String },
    #[error("audio file {} is damaged: {detail}", path.display())]
    Corrupt { path: PathBuf, detail: String },
    #[error("could not resample audio from {from} Hz to {to} Hz: {detail}")]
    Resample { from: u32, to: u32, detail: String },
    #[error("could not write audio file {}: {detail}", path.display())]
    Write { path: PathBuf, detail: String },
}

/// Decoded audio before any conversion: interleaved frames as f32 in [-1, 1].
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub samples: Vec<f32>,
    pub channels: u16,
    pub sample_rate: u32,
}

/// Reads a WAV file of any rate, channel count and PCM/float format as 16 kHz mono f32.
pub fn read_speech(path: &Path) -> Result<Vec<f32>, WavError> {
    let decoded = decode_file(path)?;
    let mono = downmix(&decoded.samples, decoded.channels);
    resample(&mono, decoded.sample_rate, SPEECH_RATE)
}

/// Decodes a WAV file without changing its rate or channel layout.
pub fn decode_file(path: &Path) -> Result<Decoded, WavError> {
    let file = File::open(path).map_err(|source| {
        if source.kind() == io::ErrorKind::NotFound {
            WavError::Missing {
                path: path.to_owned(),
            }
        } else {
            WavError::Io {
                path: path.to_owned(),
                source,
            }
        }
    })?;
    decode(BufReader::new(file), path)
}

/// Decodes WAV bytes from any reader; `name` only labels errors.
pub fn decode<R: Read>(mut reader: R, name: &Path) -> Result<Decoded, WavError> {
    // hound reports "not a WAV at all" and "a WAV we can't decode" alike, as a FormatError;
    // checking the RIFF/WAVE magic ourselves lets the user hear which one it is.
    let mut head = [0u8; 12];
    let not_wav = |reason: &str| WavError::NotWav {
        path: name.to_owned(),
        reason: reason.into(),
    };
    match reader.read_exact(&mut head) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Err(not_wav("too short")),
        Err(source) => {
            return Err(WavError::Io {
                path: name.to_owned(),
                source,
            });
        }
    }
    match (&head[0..4], &head[8..12]) {
        (b"RIFF", b"WAVE") => {}
        (b"RF64" | b"RIFX", b"WAVE") => {
            return Err(WavError::Unsupported {
                path: name.to_owned(),
                detail: "RF64/big-endian WAV".into(),
            });
        }
        _ => return Err(not_wav("no RIFF/WAVE header")),
    }
    let reader = hound::WavReader::new(head.chain(reader)).map_err(|e| classify(e, name))?;
    let spec = reader.spec();
    // A rate no recorder uses is a broken or hostile header, and the resampler's work grows
    // with it (2^31-1 Hz took gigabytes).
    if spec.channels == 0 || !RATES.contains(&spec.sample_rate) {
        return Err(WavError::Corrupt {
            path: name.to_owned(),
            detail: format!(
                "header says {} channels at {} Hz",
                spec.channels, spec.sample_rate
            ),
        });
    }
    let samples: Result<Vec<f32>, hound::Error> = match (spec.sample_format, spec.bits_per_sample) {
        (hound::SampleFormat::Float, 32) => reader.into_samples::<f32>().collect(),
        (hound::SampleFormat::Int, bits @ 1..=32) => {
            // Full scale of a signed n-bit sample is 2^(n-1); dividing maps it onto [-1, 1).
            let scale = 1.0 / (1u64 << (bits - 1)) as f32;
            reader
                .into_samples::<i32>()
                .map(|s| s.map(|v| v as f32 * scale))
                .collect()
        }
        (format, bits) => {
            return Err(WavError::Unsupported {
                path: name.to_owned(),
                detail: format!("{bits}-bit {format:?} samples"),
            });
        }
    };
    Ok(Decoded {
        samples: samples.map_err(|e| classify(e, name))?,
        channels: spec.channels,
        sample_rate: spec.sample_rate,
    })
}

/// Sample rates a WAV may declare: every recorder's, with room on both sides.
const RATES: std::ops::RangeInclusive<u32> = 1_000..=768_000;

fn classify(err: hound::Error, path: &Path) -> WavError {
    let path = path.to_owned();
    match err {
        // hound signals a short read as a plain io::Error of kind Other.
        hound::Error::IoError(e)
            if e.kind() == io::ErrorKind::UnexpectedEof
                || e.to_string().contains("Failed to read enough bytes") =>
        {
            WavError::Corrupt {
                path,
                detail: "the file ends in the middle of the audio".into(),
            }
        }
        hound::Error::IoError(source) => WavError::Io { path, source },
        // The magic was already checked, so a format error is a WAV variant hound can't read.
        hound::Error::FormatError(reason) => WavError::Unsupported {
            path,
            detail: reason.into(),
        },
        hound::Error::Unsupported => WavError::Unsupported {
            path,
            detail: "compressed or unusual encoding".into(),
        },
        other => WavError::Unsupported {
            path,
            detail: other.to_string(),
        },
    }
}

/// Averages interleaved channels into one. Averaging (not summing) keeps the level in [-1, 1]
/// and keeps speech recorded on one channel of a stereo pair at a usable level (-6 dB).
pub fn downmix(interleaved: &[f32], channels: u16) -> Vec<f32> {
    let channels = usize::from(channels.max(1));
    if channels == 1 {
        return interleaved.to_vec();
    }
    interleaved
        .chunks_exact(channels)
        .map(|frame| frame.iter().sum::<f32>() / channels as f32)
        .collect()
}

/// Resamples a whole mono clip from `from` Hz to `to` Hz.
///
/// Uses rubato's synchronous FFT resampler: the ratio is fixed and the whole clip is in memory,
/// so the variable-ratio sinc resamplers buy nothing, while the FFT one does exact rational
/// resampling with a steep Blackman-Harris anti-aliasing filter (nothing above 8 kHz folds back
/// into the speech band) and is several times faster. `process_all` trims the filter delay, so
/// sample n of the output is time n/`to` of the input: word timestamps stay aligned.
pub fn resample(mono: &[f32], from: u32, to: u32) -> Result<Vec<f32>, WavError> {
    if from == to || mono.is_empty() {
        return Ok(mono.to_vec());
    }
    let err = |detail: String| WavError::Resample { from, to, detail };
    let mut resampler = Fft::<f32>::new(from as usize, to as usize, 1024, 1, FixedSync::Input)
        .map_err(|e| err(e.to_string()))?;
    let input = InterleavedSlice::new(mono, 1, mono.len()).map_err(|e| err(e.to_string()))?;
    let output = resampler
        .process_all(&input, mono.len(), None)
        .map_err(|e| err(e.to_string()))?;
    Ok(output.take_data())
}

/// Writes 16 kHz mono 16-bit PCM: the smallest lossless-enough form for speech, and what
/// every player and whisper.cpp's own tools read.
pub fn write_speech(path: &Path, samples: &[f32]) -> Result<(), WavError> {
    let err = |detail: String| WavError::Write {
        path: path.to_owned(),
        detail,
    };
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: SPEECH_RATE,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut writer = hound::WavWriter::create(path, spec).map_err(|e| err(e.to_string()))?;
    for &s in samples {
        // Clamp first: a resampler overshoot past full scale must saturate, not wrap around.
        let v = (s.clamp(-1.0, 1.0) * f32::from(i16::MAX)).round() as i16;
        writer.write_sample(v).map_err(|e| err(e.to_string()))?;
    }
    writer.finalize().map_err(|e| err(e.to_string()))
}

#[cfg(test)]
#[path = "wav_tests.rs"]
mod tests;
