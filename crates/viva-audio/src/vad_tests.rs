use super::*;

const RATE: u32 = 16_000;

/// Deterministic white-ish noise (xorshift) at a given RMS level in dBFS.
fn noise(seconds: f32, rms_db: f32, seed: &mut u32) -> Vec<f32> {
    let amp = 10f32.powf(rms_db / 20.0) * 3f32.sqrt(); // uniform in [-a, a] has RMS a/sqrt(3)
    (0..(seconds * RATE as f32) as usize)
        .map(|_| {
            *seed ^= *seed << 13;
            *seed ^= *seed >> 17;
            *seed ^= *seed << 5;
            (*seed as f32 / u32::MAX as f32 * 2.0 - 1.0) * amp
        })
        .collect()
}

/// A voiced-speech stand-in: a 150 Hz harmonic tone at the given RMS level.
fn voice(seconds: f32, rms_db: f32) -> Vec<f32> {
    let amp = 10f32.powf(rms_db / 20.0) * 2f32.sqrt() / 1.2;
    (0..(seconds * RATE as f32) as usize)
        .map(|i| {
            let t = i as f32 / RATE as f32;
            let w = 2.0 * std::f32::consts::PI * 150.0 * t;
            amp * (w.sin() + 0.6 * (2.0 * w).sin() + 0.4 * (3.0 * w).sin())
        })
        .collect()
}

fn mix(a: &mut [f32], offset_s: f32, b: &[f32]) {
    let off = (offset_s * RATE as f32) as usize;
    for (x, y) in a[off..].iter_mut().zip(b) {
        *x += y;
    }
}

fn secs(samples: Option<u64>) -> f32 {
    samples.expect("detected") as f32 / RATE as f32
}

#[test]
fn finds_onset_and_offset_of_speech_in_a_quiet_room() {
    let mut seed = 1;
    let mut signal = noise(6.0, -60.0, &mut seed);
    mix(&mut signal, 2.0, &voice(1.5, -25.0));
    let mut vad = Vad::new(RATE, VadConfig::default());
    vad.push(&signal);
    let start = secs(vad.speech_start());
    let end = secs(vad.last_speech_end());
    assert!((start - 2.0).abs() <= 0.02, "onset at {start}");
    assert!((end - 3.5).abs() <= 0.02, "offset at {end}");
    assert!(
        (vad.noise_floor_db() - -60.0).abs() < 4.0,
        "{}",
        vad.noise_floor_db()
    );
}

#[test]
fn gaps_between_words_do_not_end_the_answer_early() {
    let mut seed = 2;
    let mut signal = noise(8.0, -55.0, &mut seed);
    for k in 0..5 {
        mix(&mut signal, 1.0 + k as f32 * 0.8, &voice(0.5, -28.0));
    }
    let mut vad = Vad::new(RATE, VadConfig::default());
    vad.push(&signal);
    assert!((secs(vad.speech_start()) - 1.0).abs() <= 0.02);
    assert!((secs(vad.last_speech_end()) - 4.7).abs() <= 0.02);
}

#[test]
fn adapts_to_a_noisy_room_and_still_hears_speech_above_it() {
    let mut seed = 3;
    // A fan switches on at 1 s (-60 -> -38 dBFS): within the floor window it must stop
    // looking like speech, and speech 15 dB above it must still be found.
    let mut signal = noise(1.0, -60.0, &mut seed);
    signal.extend(noise(11.0, -38.0, &mut seed));
    mix(&mut signal, 8.0, &voice(1.0, -23.0));
    let mut vad = Vad::new(RATE, VadConfig::default());
    vad.push(&signal[..(7.5 * RATE as f32) as usize]);
    assert!(
        (vad.noise_floor_db() - -38.0).abs() < 3.0,
        "{}",
        vad.noise_floor_db()
    );
    let end_of_fan_onset = vad.last_speech_end().map(|s| s as f32 / RATE as f32);
    assert!(
        end_of_fan_onset.is_none_or(|e| e < 6.5),
        "the fan kept counting as speech until {end_of_fan_onset:?}"
    );
    vad.push(&signal[(7.5 * RATE as f32) as usize..]);
    assert!((secs(vad.last_speech_end()) - 9.0).abs() <= 0.02);
}

#[test]
fn a_click_neither_starts_the_answer_nor_extends_it() {
    let mut seed = 4;
    let mut signal = noise(6.0, -60.0, &mut seed);
    mix(&mut signal, 0.5, &voice(0.03, -10.0));
    mix(&mut signal, 2.0, &voice(1.0, -25.0));
    mix(&mut signal, 4.0, &voice(0.02, -10.0));
    let mut vad = Vad::new(RATE, VadConfig::default());
    vad.push(&signal);
    assert!((secs(vad.speech_start()) - 2.0).abs() <= 0.02);
    assert!((secs(vad.last_speech_end()) - 3.0).abs() <= 0.02);
}

#[test]
fn digital_silence_and_faint_hiss_are_never_speech() {
    let mut vad = Vad::new(RATE, VadConfig::default());
    vad.push(&vec![0.0; RATE as usize * 3]);
    let mut seed = 5;
    vad.push(&noise(3.0, -70.0, &mut seed));
    assert_eq!(vad.speech_start(), None);
}

#[test]
fn speech_from_the_first_instant_is_still_detected() {
    let mut vad = Vad::new(RATE, VadConfig::default());
    vad.push(&voice(2.0, -20.0));
    assert_eq!(vad.speech_start(), Some(0));
}

#[test]
fn block_size_does_not_change_the_result() {
    let mut seed = 6;
    let mut signal = noise(4.0, -58.0, &mut seed);
    mix(&mut signal, 1.3, &voice(1.1, -30.0));
    let mut whole = Vad::new(RATE, VadConfig::default());
    whole.push(&signal);
    let mut pieces = Vad::new(RATE, VadConfig::default());
    for b in signal.chunks(77) {
        pieces.push(b);
    }
    assert_eq!(whole.speech_start(), pieces.speech_start());
    assert_eq!(whole.last_speech_end(), pieces.last_speech_end());
}

#[test]
fn quiet_syllables_over_a_noisy_room_keep_the_answer_going() {
    let mut seed = 7;
    let mut signal = noise(8.0, -45.0, &mut seed);
    mix(&mut signal, 1.0, &voice(0.3, -30.0));
    // 7 dB over the room: under the onset margin, over the hold margin.
    mix(&mut signal, 1.3, &voice(4.0, -38.0));
    let mut vad = Vad::new(RATE, VadConfig::default());
    vad.push(&signal);
    assert!((secs(vad.speech_start()) - 1.0).abs() <= 0.02);
    assert!((secs(vad.last_speech_end()) - 5.3).abs() <= 0.04);
}

#[test]
fn a_soft_start_of_the_first_word_is_kept() {
    let mut seed = 8;
    let mut signal = noise(4.0, -60.0, &mut seed);
    mix(&mut signal, 1.0, &voice(0.3, -52.0));
    mix(&mut signal, 1.3, &voice(1.0, -30.0));
    let mut vad = Vad::new(RATE, VadConfig::default());
    vad.push(&signal);
    assert!(
        (secs(vad.speech_start()) - 1.0).abs() <= 0.02,
        "{:?}",
        vad.speech_start()
    );
}
