//! Measures voice activity detection on real recordings, as the recorder would meet them:
//! each clip is put between 2 s of room noise before and 6 s after, at several noise levels,
//! and run through the same pipeline as a live capture (48 kHz in, auto-stop after 3 s).
//!
//! `cargo run --release -p viva-audio --example vad_measure -- DIR` (DIR: a folder of 16 kHz
//! mono WAVs, e.g. ../shared/speech). For each clip and noise level it reports the detected
//! onset against the clip's first loud frame, whether the answer was cut short inside the
//! clip, and how much of the clip's loud part the saved file lost at either end.

use std::path::Path;

use viva_audio::pipeline::Pipeline;
use viva_audio::{RecordConfig, StopReason, wav};

const PAD_BEFORE: f64 = 2.0;

fn noise(n: usize, rms: f32, seed: &mut u32) -> impl Iterator<Item = f32> + '_ {
    let amp = rms * 3f32.sqrt();
    (0..n).map(move |_| {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 17;
        *seed ^= *seed << 5;
        (*seed as f32 / u32::MAX as f32 * 2.0 - 1.0) * amp
    })
}

/// First and last 20 ms frame within 30 dB of the clip's loudest: a crude but
/// detector-independent stand-in for "where the words are".
fn loud_extent(x: &[f32]) -> (f64, f64) {
    let frames: Vec<f32> = x
        .chunks(320)
        .map(|f| (f.iter().map(|s| s * s).sum::<f32>() / f.len() as f32).sqrt())
        .collect();
    let max = frames.iter().copied().fold(0.0, f32::max);
    let loud = |r: &f32| *r > max * 10f32.powf(-30.0 / 20.0);
    let first = frames.iter().position(loud).unwrap_or(0);
    let last = frames.iter().rposition(loud).unwrap_or(0) + 1;
    (first as f64 * 0.02, last as f64 * 0.02)
}

fn main() {
    let dir = std::env::args().nth(1).expect("usage: vad_measure DIR");
    let mut clips: Vec<_> = std::fs::read_dir(&dir)
        .expect("folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "wav"))
        .collect();
    clips.sort();
    let tmp = std::env::temp_dir().join(format!("vad-measure-{}.wav", std::process::id()));
    println!(
        "noise_dbfs\tclip\tseconds\tonset_err_ms\tcut_short\tlost_start_ms\tlost_end_ms\tfloor_db"
    );
    let mut worst = (0.0f64, 0.0f64, 0usize, 0usize, 0usize);
    for noise_db in [-70.0f32, -55.0, -45.0] {
        let mut seed = 7u32;
        for clip in &clips {
            let speech = wav::read_speech(clip).expect("readable clip");
            let (first, last) = loud_extent(&speech);
            let len = speech.len() as f64 / 16_000.0;
            let rms = 10f32.powf(noise_db / 20.0);
            let mut signal: Vec<f32> = noise(32_000, rms, &mut seed).collect();
            let body: Vec<f32> = noise(speech.len(), rms, &mut seed).collect();
            signal.extend(speech.iter().zip(body).map(|(s, n)| s + n));
            signal.extend(noise(96_000, rms, &mut seed));
            let signal = wav::resample(&signal, 16_000, 48_000).expect("resample");
            let mut p =
                Pipeline::new(RecordConfig::default(), 48_000, &tmp, None, None).expect("pipeline");
            let mut reason = StopReason::Stopped;
            for b in signal.chunks(480) {
                if let Some(r) = p.push(b).expect("push") {
                    reason = r;
                    break;
                }
            }
            let rec = p.finish(reason).expect("finish");
            let name = Path::new(clip).file_name().unwrap().to_string_lossy();
            let Some(start) = rec.speech_start else {
                println!("{noise_db}\t{name}\t{len:.1}\tNO SPEECH");
                worst.4 += 1;
                continue;
            };
            let onset_err = (start.as_secs_f64() - PAD_BEFORE - first) * 1000.0;
            let file_from = rec.file_start.as_secs_f64() - PAD_BEFORE;
            let file_to = file_from + rec.duration.as_secs_f64();
            let lost_start = ((file_from - first) * 1000.0).max(0.0);
            let lost_end = ((last - file_to) * 1000.0).max(0.0);
            let cut = rec.speech_end.map(|e| e.as_secs_f64()) < Some(PAD_BEFORE + last - 0.5);
            println!(
                "{noise_db}\t{name}\t{len:.1}\t{onset_err:.0}\t{cut}\t{lost_start:.0}\t{lost_end:.0}\t{:.1}",
                rec.noise_floor_db
            );
            worst.0 = worst.0.max(onset_err.abs());
            worst.1 = worst.1.max(lost_start.max(lost_end));
            worst.2 += usize::from(cut);
            worst.3 += 1;
        }
    }
    let _ = std::fs::remove_file(&tmp);
    println!(
        "# {} runs: worst onset error {:.0} ms, worst loss of loud audio {:.0} ms, {} cut short, {} with no speech found",
        worst.3, worst.0, worst.1, worst.2, worst.4
    );
}
