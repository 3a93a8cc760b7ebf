//! Word error rate and speed of the engine over a folder of real recordings.
//!
//! `cargo run -p viva-asr --example measure-wer -- [--dir DIR] [--prompt none|fillers|both]
//!  [--threads N] [--audio-ctx full|fit:MARGIN_S] [--flash-attn] [--verbose] MODEL.bin...`
//!
//! `--audio-ctx fit:1` runs the encoder on each clip's length plus 1 s instead of the whole
//! 30 s window (clips longer than 30 s always get whole windows); the default is the
//! engine's (`Options::default().context_margin_s`), `full` the whole window.
//!
//! DIR holds 16 kHz mono 16-bit WAVs and a `manifest.tsv` whose header names the `file` and
//! `transcript` columns. WER is corpus-level: all edits over all reference words.

use std::path::{Path, PathBuf};
use std::time::Instant;

use viva_asr::engine::{Engine, Options};
use viva_measure::{self as wer, Errors};

struct Clip {
    name: String,
    samples: Vec<f32>,
    reference: String,
}

fn main() {
    let mut dir = PathBuf::from("/work/shared/speech");
    let mut prompts = vec![("none", None)];
    let mut threads = 0;
    let mut verbose = false;
    let mut fit_margin = Options::default().context_margin_s;
    let mut load = viva_asr::engine::LoadOptions::default();
    let mut models = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--dir" => dir = args.next().expect("--dir needs a folder").into(),
            "--threads" => {
                threads = args
                    .next()
                    .and_then(|t| t.parse().ok())
                    .expect("--threads N")
            }
            "--verbose" => verbose = true,
            "--flash-attn" => load.flash_attention = true,
            "--audio-ctx" => {
                let value = args.next().expect("--audio-ctx full|fit:MARGIN_S");
                fit_margin = match value.strip_prefix("fit:") {
                    Some(m) => Some(m.parse().expect("--audio-ctx fit:SECONDS")),
                    None if value == "full" => None,
                    None => panic!("--audio-ctx full|fit:MARGIN_S, not {value:?}"),
                };
            }
            "--prompt" => {
                let filler = ("fillers", Some(viva_asr::engine::FILLER_PROMPT.to_owned()));
                prompts = match args.next().as_deref() {
                    Some("none") => vec![("none", None)],
                    Some("fillers") => vec![filler],
                    Some("both") => vec![("none", None), filler],
                    other => panic!("--prompt none|fillers|both, not {other:?}"),
                };
            }
            _ => models.push(PathBuf::from(arg)),
        }
    }
    assert!(!models.is_empty(), "name at least one ggml model file");
    let clips = read_clips(&dir);
    let audio: f64 = clips
        .iter()
        .map(|c| c.samples.len() as f64 / 16_000.0)
        .sum();
    let ref_fillers: usize = clips.iter().map(|c| wer::count_fillers(&c.reference)).sum();
    println!(
        "{} clips, {audio:.1} s of audio, {ref_fillers} fillers in the references, {threads} threads (0 = all), audio_ctx {}, flash attention {}",
        clips.len(),
        fit_margin.map_or("full".to_owned(), |m| format!("fitted + {m} s")),
        if load.flash_attention { "on" } else { "off" }
    );
    println!(
        "model\tprompt\tWER\terrors/words\tRTF\tRTF+load\tload_s\tfillers_found\tfillers_extra"
    );
    for model in &models {
        for (prompt_name, prompt) in &prompts {
            let started = Instant::now();
            let mut engine = Engine::load_with(model, &load).unwrap_or_else(|e| panic!("{e}"));
            let load = started.elapsed().as_secs_f64();
            let options = Options {
                threads,
                initial_prompt: prompt.clone(),
                context_margin_s: fit_margin,
                ..Options::default()
            };
            let (mut total, mut found, mut extra) = (Errors::default(), 0, 0);
            let decode_started = Instant::now();
            for clip in &clips {
                let clip_started = Instant::now();
                let t = engine
                    .transcribe(&clip.samples, &options)
                    .unwrap_or_else(|e| panic!("{e}"));
                let text = t.text();
                let errors = wer::word_errors(&clip.reference, &text);
                let (want, got) = (
                    wer::count_fillers(&clip.reference),
                    wer::count_fillers(&text),
                );
                found += want.min(got);
                extra += got.saturating_sub(want);
                if verbose {
                    println!(
                        "  {}\t{:.1}%\t{}\t{:.3} s\n    ref: {}\n    hyp: {}",
                        clip.name,
                        errors.rate() * 100.0,
                        errors.total(),
                        clip_started.elapsed().as_secs_f64(),
                        clip.reference,
                        text
                    );
                }
                total += errors;
            }
            let decode = decode_started.elapsed().as_secs_f64();
            println!(
                "{}\t{prompt_name}\t{:.2}%\t{}/{}\t{:.3}\t{:.3}\t{load:.2}\t{found}/{ref_fillers}\t{extra}",
                engine.model_name(),
                total.rate() * 100.0,
                total.total(),
                total.reference_words,
                decode / audio,
                (decode + load) / audio,
            );
        }
    }
}

fn read_clips(dir: &Path) -> Vec<Clip> {
    let manifest = std::fs::read_to_string(dir.join("manifest.tsv"))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.join("manifest.tsv").display()));
    let mut lines = manifest.lines();
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let (file_col, text_col) = (col("file"), col("transcript"));
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            let path = dir.join(fields[file_col]);
            let mut reader =
                hound::WavReader::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let spec = reader.spec();
            assert!(
                spec.sample_rate == 16_000 && spec.channels == 1 && spec.bits_per_sample == 16,
                "{}: convert to 16 kHz mono 16-bit first (sox IN -r 16000 -c 1 -b 16 OUT)",
                path.display()
            );
            let samples = reader
                .samples::<i16>()
                .map(|s| f32::from(s.unwrap()) / 32768.0)
                .collect();
            Clip {
                name: fields[file_col].to_owned(),
                samples,
                reference: fields[text_col].to_owned(),
            }
        })
        .collect()
}
