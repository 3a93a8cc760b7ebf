//! Damaged WAV files: whatever the header says, reading one is an answer (audio or an error),
//! never a panic or work the file cannot back (issue 16: a 3 KB file claiming 2^31-1 Hz took
//! 23 GB). More cases: PROPTEST_CASES=10000.

use std::io::Cursor;
use std::path::Path;

use proptest::prelude::*;
use viva_audio::wav::{decode, downmix, resample};

/// A valid 16-bit mono 16 kHz WAV of 0.1 s.
fn valid_wav() -> Vec<u8> {
    let data: Vec<u8> = (0..1600i16).flat_map(|i| (i * 7).to_le_bytes()).collect();
    let mut b = Vec::new();
    b.extend(b"RIFF");
    b.extend((36 + data.len() as u32).to_le_bytes());
    b.extend(b"WAVEfmt ");
    b.extend(16u32.to_le_bytes());
    b.extend(1u16.to_le_bytes());
    b.extend(1u16.to_le_bytes());
    b.extend(16_000u32.to_le_bytes());
    b.extend(32_000u32.to_le_bytes());
    b.extend(2u16.to_le_bytes());
    b.extend(16u16.to_le_bytes());
    b.extend(b"data");
    b.extend((data.len() as u32).to_le_bytes());
    b.extend(data);
    b
}

/// Decodes and, as `read_speech` does, brings it to 16 kHz mono.
fn read(bytes: &[u8]) {
    if let Ok(d) = decode(Cursor::new(bytes), Path::new("x.wav")) {
        let mono = downmix(&d.samples, d.channels);
        let _ = resample(&mono, d.sample_rate, 16_000);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn a_damaged_header_is_an_answer_not_a_crash(
        hits in prop::collection::vec((0usize..44, any::<u8>()), 1..6),
        cut in 0usize..3300,
    ) {
        let mut bytes = valid_wav();
        for (at, b) in hits {
            bytes[at] = b;
        }
        read(&bytes);
        read(&bytes[..cut.min(bytes.len())]);
    }

    #[test]
    fn any_rate_channels_and_sizes_are_an_answer_not_a_crash(
        rate in prop_oneof![any::<u32>(), 1_000u32..=768_000],
        channels in any::<u16>(),
        bits in prop::sample::select(vec![8u16, 16, 24, 32, 64, 0, 7]),
        data_len in any::<u32>(),
    ) {
        let mut bytes = valid_wav();
        bytes[22..24].copy_from_slice(&channels.to_le_bytes());
        bytes[24..28].copy_from_slice(&rate.to_le_bytes());
        bytes[34..36].copy_from_slice(&bits.to_le_bytes());
        bytes[40..44].copy_from_slice(&data_len.to_le_bytes());
        read(&bytes);
    }

    #[test]
    fn every_rate_recorders_use_is_read_at_its_length(rate in prop::sample::select(vec![
        8_000u32, 11_025, 12_000, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000, 88_200,
        96_000, 176_400, 192_000, 384_000,
    ])) {
        let mut bytes = valid_wav();
        bytes[24..28].copy_from_slice(&rate.to_le_bytes());
        bytes[28..32].copy_from_slice(&(rate * 2).to_le_bytes());
        let d = decode(Cursor::new(&bytes), Path::new("x.wav")).unwrap();
        let speech = resample(&d.samples, rate, 16_000).unwrap();
        // 1600 samples at `rate` Hz, heard at 16 kHz.
        let want = 1600.0 * 16_000.0 / f64::from(rate);
        prop_assert!((speech.len() as f64 - want).abs() <= want * 0.02 + 2.0, "{} vs {want}", speech.len());
    }
}
