use super::*;
use std::f32::consts::TAU;

fn sine(freq: f32, rate: u32, seconds: f32, amp: f32) -> Vec<f32> {
    let n = (rate as f32 * seconds) as usize;
    (0..n)
        .map(|i| amp * (TAU * freq * i as f32 / rate as f32).sin())
        .collect()
}

fn rms(x: &[f32]) -> f32 {
    (x.iter().map(|v| v * v).sum::<f32>() / x.len() as f32).sqrt()
}

/// Power at `freq` relative to total power (Goertzel), so a shifted tone scores near zero.
fn tone_fraction(x: &[f32], freq: f32, rate: u32) -> f32 {
    let w = TAU * freq / rate as f32;
    let (mut s1, mut s2) = (0.0f64, 0.0f64);
    for &v in x {
        let s = f64::from(v) + 2.0 * f64::from(w.cos()) * s1 - s2;
        s2 = s1;
        s1 = s;
    }
    let power = s1 * s1 + s2 * s2 - 2.0 * f64::from(w.cos()) * s1 * s2;
    let total: f64 = x.iter().map(|v| f64::from(*v).powi(2)).sum();
    (power / (total * x.len() as f64 / 2.0)) as f32
}

fn temp(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    (dir, path)
}

fn write_wav<S: hound::Sample + Copy>(path: &Path, spec: hound::WavSpec, samples: &[S]) {
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    for &s in samples {
        w.write_sample(s).unwrap();
    }
    w.finalize().unwrap();
}

#[test]
fn resampling_keeps_frequency_and_level() {
    for from in [8_000, 22_050, 44_100, 48_000] {
        let input = sine(440.0, from, 1.0, 0.5);
        let out = resample(&input, from, SPEECH_RATE).unwrap();
        // Skip the edges, where the filter sees the clip start and end.
        let mid = &out[1600..out.len() - 1600];
        assert!(
            tone_fraction(mid, 440.0, SPEECH_RATE) > 0.98,
            "{from} Hz: tone moved"
        );
        let level = rms(mid);
        assert!(
            (level - 0.5 / 2f32.sqrt()).abs() < 0.005,
            "{from} Hz: level {level}"
        );
    }
}

#[test]
fn resampling_removes_content_above_the_new_nyquist() {
    // A 12 kHz tone cannot exist at 16 kHz; without an anti-alias filter it folds to 4 kHz.
    let input = sine(12_000.0, 48_000, 1.0, 0.5);
    let out = resample(&input, 48_000, SPEECH_RATE).unwrap();
    assert!(rms(&out[1600..out.len() - 1600]) < 0.005);
}

#[test]
fn output_length_matches_duration() {
    for (from, n) in [
        (8_000, 8_000),
        (44_100, 44_100 * 3 + 17),
        (48_000, 48_000 * 2),
    ] {
        let out = resample(&vec![0.1; n], from, SPEECH_RATE).unwrap();
        let expected = (n as f64 * 16_000.0 / from as f64).ceil() as usize;
        assert_eq!(out.len(), expected, "from {from} Hz");
    }
}

#[test]
fn resampling_keeps_timing() {
    // A click at 1.0 s must still be at 1.0 s: word timestamps depend on it.
    let mut input = vec![0.0; 48_000 * 2];
    input[48_000] = 1.0;
    let out = resample(&input, 48_000, SPEECH_RATE).unwrap();
    let peak = out
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
        .unwrap()
        .0;
    assert!(
        (peak as i64 - 16_000).abs() <= 1,
        "click moved to sample {peak}"
    );
}

#[test]
fn same_rate_is_untouched() {
    let input = sine(300.0, SPEECH_RATE, 0.1, 0.3);
    assert_eq!(resample(&input, SPEECH_RATE, SPEECH_RATE).unwrap(), input);
}

#[test]
fn stereo_downmix_averages_channels() {
    let interleaved = [0.5, -0.5, 1.0, 0.0, 0.2, 0.4];
    let mono = downmix(&interleaved, 2);
    assert_eq!(mono.len(), 3);
    for (got, want) in mono.iter().zip([0.0, 0.5, 0.3]) {
        assert!((got - want).abs() < 1e-6, "{mono:?}");
    }
    let quad = [0.4, 0.4, 0.0, 0.0];
    assert_eq!(downmix(&quad, 4), vec![0.2]);
}

#[test]
fn reads_every_common_format_as_16k_mono() {
    let tone = sine(440.0, 44_100, 0.5, 0.5);
    let (_dir, path) = temp("in.wav");
    let formats: [(u16, u16, hound::SampleFormat); 4] = [
        (2, 16, hound::SampleFormat::Int),
        (1, 24, hound::SampleFormat::Int),
        (2, 32, hound::SampleFormat::Float),
        (1, 8, hound::SampleFormat::Int),
    ];
    for (channels, bits, format) in formats {
        let spec = hound::WavSpec {
            channels,
            sample_rate: 44_100,
            bits_per_sample: bits,
            sample_format: format,
        };
        let frames = tone
            .iter()
            .flat_map(|&s| std::iter::repeat_n(s, channels.into()));
        match format {
            hound::SampleFormat::Float => write_wav(&path, spec, &frames.collect::<Vec<_>>()),
            hound::SampleFormat::Int => {
                let full = (1i64 << (bits - 1)) as f32;
                let ints: Vec<i32> = frames.map(|s| (s * full) as i32).collect();
                write_wav(&path, spec, &ints);
            }
        }
        let speech = read_speech(&path).unwrap();
        assert_eq!(speech.len(), 8_000, "{bits}-bit {format:?} x{channels}");
        let level = rms(&speech[800..7200]);
        assert!((level - 0.354).abs() < 0.01, "{bits}-bit: level {level}");
    }
}

#[test]
fn write_then_read_round_trips() {
    let (_dir, path) = temp("out.wav");
    let tone = sine(1_000.0, SPEECH_RATE, 0.25, 0.8);
    write_speech(&path, &tone).unwrap();
    let spec = hound::WavReader::open(&path).unwrap().spec();
    assert_eq!(
        (spec.channels, spec.sample_rate, spec.bits_per_sample),
        (1, 16_000, 16)
    );
    let back = read_speech(&path).unwrap();
    assert_eq!(back.len(), tone.len());
    assert!(back.iter().zip(&tone).all(|(a, b)| (a - b).abs() < 1e-3));
}

#[test]
fn missing_file_says_so() {
    let err = read_speech(Path::new("/nonexistent/answer.wav")).unwrap_err();
    assert!(matches!(err, WavError::Missing { .. }));
    assert!(err.to_string().contains("does not exist"), "{err}");
}

#[test]
fn text_file_is_not_a_wav() {
    let (_dir, path) = temp("notes.wav");
    std::fs::write(&path, "these are my notes, not audio").unwrap();
    let err = read_speech(&path).unwrap_err();
    assert!(matches!(err, WavError::NotWav { .. }), "{err:?}");
    assert!(err.to_string().contains("is not a WAV file"), "{err}");
}

#[test]
fn truncated_audio_is_reported_not_silently_shortened() {
    let (_dir, path) = temp("cut.wav");
    write_speech(&path, &sine(440.0, SPEECH_RATE, 1.0, 0.5)).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2 + 1]).unwrap();
    let err = read_speech(&path).unwrap_err();
    assert!(matches!(err, WavError::Corrupt { .. }), "{err:?}");
}

#[test]
fn unsupported_encoding_is_named() {
    // A 64-bit float WAV (format tag 3, 64 bits): valid, but not something we decode.
    let mut bytes = Vec::new();
    let fmt: [u8; 16] = {
        let mut f = [0u8; 16];
        f[0..2].copy_from_slice(&3u16.to_le_bytes());
        f[2..4].copy_from_slice(&1u16.to_le_bytes());
        f[4..8].copy_from_slice(&16_000u32.to_le_bytes());
        f[8..12].copy_from_slice(&128_000u32.to_le_bytes());
        f[12..14].copy_from_slice(&8u16.to_le_bytes());
        f[14..16].copy_from_slice(&64u16.to_le_bytes());
        f
    };
    bytes.extend_from_slice(b"RIFF");
    bytes.extend_from_slice(&(4 + 8 + 16 + 8 + 16u32).to_le_bytes());
    bytes.extend_from_slice(b"WAVEfmt ");
    bytes.extend_from_slice(&16u32.to_le_bytes());
    bytes.extend_from_slice(&fmt);
    bytes.extend_from_slice(b"data");
    bytes.extend_from_slice(&16u32.to_le_bytes());
    bytes.extend_from_slice(&[0u8; 16]);
    let err = decode(bytes.as_slice(), Path::new("f64.wav")).unwrap_err();
    assert!(matches!(err, WavError::Unsupported { .. }), "{err:?}");
}

/// A 16-bit mono PCM WAV header saying `rate` Hz and `data_len` bytes of audio, followed by
/// `actual` bytes of it.
fn hostile_wav(rate: u32, data_len: u32, actual: usize) -> Vec<u8> {
    let mut bytes = Vec::new();
    bytes.extend_from_slice(b"RIFF");
    bytes.extend_from_slice(&(36u32.wrapping_add(data_len)).to_le_bytes());
    bytes.extend_from_slice(b"WAVEfmt ");
    bytes.extend_from_slice(&16u32.to_le_bytes());
    bytes.extend_from_slice(&1u16.to_le_bytes());
    bytes.extend_from_slice(&1u16.to_le_bytes());
    bytes.extend_from_slice(&rate.to_le_bytes());
    bytes.extend_from_slice(&rate.wrapping_mul(2).to_le_bytes());
    bytes.extend_from_slice(&2u16.to_le_bytes());
    bytes.extend_from_slice(&16u16.to_le_bytes());
    bytes.extend_from_slice(b"data");
    bytes.extend_from_slice(&data_len.to_le_bytes());
    bytes.extend(std::iter::repeat_n(0u8, actual));
    bytes
}

#[test]
fn a_small_file_with_a_huge_header_is_refused_without_allocating_it() {
    // A 3 KB file claiming 2^31-1 Hz (issue 16: it took 23 GB before the kernel killed it).
    let (_dir, path) = temp("rate.wav");
    std::fs::write(&path, hostile_wav(i32::MAX as u32, 3000, 3000)).unwrap();
    let err = read_speech(&path).unwrap_err();
    assert!(matches!(err, WavError::Corrupt { .. }), "{err:?}");
    assert!(err.to_string().contains("2147483647 Hz"), "{err}");
    // Claiming 4 GB of audio and holding 3 KB: read as far as it goes, then named truncated.
    std::fs::write(&path, hostile_wav(16_000, u32::MAX - 1, 3000)).unwrap();
    let err = read_speech(&path).unwrap_err();
    assert!(matches!(err, WavError::Corrupt { .. }), "{err:?}");
    // An odd but real rate still reads.
    std::fs::write(&path, hostile_wav(11_025, 2 * 11_025, 2 * 11_025)).unwrap();
    assert_eq!(read_speech(&path).unwrap().len(), 16_000);
}
