//! Live transcription benchmark: real recordings replayed in real time through the practice
//! loop (the recording pipeline, the live recognizer, scoring, the store), as an answer is.
//!
//! ```text
//! live-bench answers --dir SRC --out DIR [--lengths 30,60,180]
//!     writes answer-N.wav (clips of SRC joined, padded with silence to N s) and manifest.tsv
//! live-bench wer --dir DIR MODEL.bin [--speed 1]
//!     each clip of DIR as an answer: live WER vs the batch transcript of the same clip
//! live-bench latency --dir DIR MODEL.bin [--repeat 1] [--no-batch]
//!     each answer of DIR: time from the stop to the full result (transcript, score, metrics)
//! ```
//!
//! Common options: `--threads N` is not offered: the worker uses every core, as the app does.
//! `--pause S --min-piece S --max-piece S --margin S|full --tentative S --review S|off` change
//! how live pieces are cut and reviewed. The worker process is this program, run with `asr-worker`.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use viva_audio::RecordConfig;
use viva_audio::vad::{Vad, VadConfig};
use viva_core::{DeliveryTargets, Library, Transcript};
use viva_measure::{self as wer, Errors};
use viva_models::models::ModelStore;
use viva_practice::{
    AnswerEvent, Answering, LiveConfig, LiveStats, Recognizer, Settings, Source, WorkerCommand,
};
use viva_store::Store;

const RATE: usize = 16_000;

struct Clip {
    name: String,
    samples: Vec<f32>,
    reference: String,
}

struct Opts {
    dir: PathBuf,
    out: PathBuf,
    lengths: Vec<f64>,
    model: Option<PathBuf>,
    speed: f64,
    repeat: usize,
    batch: bool,
    live: LiveConfig,
}

fn main() {
    viva_practice::init_logging();
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_default();
    if mode == "asr-worker" {
        viva_asr::worker::serve(std::io::stdin().lock(), std::io::stdout().lock()).unwrap();
        return;
    }
    let mut o = Opts {
        dir: PathBuf::from("/work/shared/speech"),
        out: PathBuf::from("target/live-bench/answers"),
        lengths: vec![30.0, 60.0, 180.0],
        model: None,
        speed: 1.0,
        repeat: 1,
        batch: true,
        live: LiveConfig::default(),
    };
    let secs = |v: Option<String>| Duration::from_secs_f64(v.unwrap().parse().unwrap());
    while let Some(a) = args.next() {
        match a.as_str() {
            "--dir" => o.dir = args.next().unwrap().into(),
            "--out" => o.out = args.next().unwrap().into(),
            "--lengths" => {
                o.lengths = args
                    .next()
                    .unwrap()
                    .split(',')
                    .map(|l| l.parse().unwrap())
                    .collect()
            }
            "--speed" => o.speed = args.next().unwrap().parse().unwrap(),
            "--repeat" => o.repeat = args.next().unwrap().parse().unwrap(),
            "--no-batch" => o.batch = false,
            "--pause" => o.live.pause = secs(args.next()),
            "--min-piece" => o.live.min_piece = secs(args.next()),
            "--max-piece" => o.live.max_piece = secs(args.next()),
            "--long-pause" => o.live.long_pause = secs(args.next()),
            "--tentative" => o.live.tentative_every = secs(args.next()),
            "--review" => {
                o.live.review_budget = match args.next().unwrap().as_str() {
                    "off" => None,
                    b => Some(Duration::from_secs_f64(b.parse().unwrap())),
                }
            }
            "--margin" => {
                o.live.context_margin_s = match args.next().unwrap().as_str() {
                    "full" => None,
                    m => Some(m.parse().unwrap()),
                }
            }
            _ => o.model = Some(a.into()),
        }
    }
    match mode.as_str() {
        "answers" => make_answers(&o),
        "wer" => live_wer(&o),
        "latency" => latency(&o),
        _ => panic!("live-bench answers|wer|latency (see the file's header)"),
    }
}

fn recognizer(o: &Opts) -> Recognizer {
    let model = o.model.as_ref().expect("name a ggml model file");
    let worker = WorkerCommand::current_exe("asr-worker").unwrap();
    let models = ModelStore::new(std::env::temp_dir().join("viva-live-bench-models"));
    Recognizer::start(&worker, &models, Some(&model.to_string_lossy())).unwrap()
}

/// One answer replayed in real time; returns the result, what live transcription did, the time
/// from the stop to the result, and how many live updates were shown.
fn answer(
    samples: Vec<f32>,
    o: &Opts,
    store: &Store,
    recognizer: &mut Option<Recognizer>,
) -> (Transcript, LiveStats, Duration, usize) {
    let library = Library::load(None);
    let (deck, question) = library.find_question("python-interview/gil").unwrap();
    let session = store
        .create_session(&deck.id, viva_practice::SessionMode::Single)
        .unwrap();
    let settings = Settings {
        auto_stop_s: 0.0,
        max_answer_s: 600.0,
        ..Settings::default()
    };
    let updates = Arc::new(Mutex::new(0usize));
    let counter = Arc::clone(&updates);
    let length = Duration::from_secs_f64(samples.len() as f64 / RATE as f64 / o.speed);
    let started = Instant::now();
    let answering = Answering::start_from(
        store,
        session,
        &deck.id,
        question,
        &settings,
        Source::Replay {
            samples,
            speed: o.speed,
        },
        o.live.clone(),
        recognizer,
        Box::new(move |e| {
            if matches!(e, AnswerEvent::Live { .. }) {
                *counter.lock().unwrap() += 1;
            }
        }),
    )
    .unwrap();
    std::thread::sleep(length.saturating_sub(started.elapsed()));
    let stopped = Instant::now();
    let (result, stats) = answering
        .finish_with_stats(store, recognizer, &DeliveryTargets::default())
        .unwrap();
    let took = stopped.elapsed();
    let shown = *updates.lock().unwrap();
    (result.transcript, stats.unwrap_or_default(), took, shown)
}

fn text(t: &Transcript) -> String {
    let words: Vec<&str> = t.words.iter().map(|w| w.word.as_str()).collect();
    words.join(" ")
}

/// Where the app's batch transcription of a recording starts: the recorder's pre-roll before
/// the first speech its voice activity detector finds.
fn from_speech(samples: &[f32]) -> usize {
    let mut vad = Vad::new(RATE as u32, VadConfig::default());
    vad.push(samples);
    let start = vad.speech_start().unwrap_or(0) as usize;
    let pre_roll = RecordConfig::default().pre_roll.as_secs_f64();
    start.saturating_sub((pre_roll * RATE as f64) as usize)
}

fn silence(seconds: f64) -> Vec<f32> {
    vec![0.0; (seconds * RATE as f64) as usize]
}

/// Each clip as an answer: a second of silence first (the wait before the first word), then
/// the clip, then half a second before the stop.
fn live_wer(o: &Opts) {
    let clips = read_clips(&o.dir);
    let data = tempfile::tempdir().unwrap();
    let store = Store::open(data.path()).unwrap();
    let mut slot = Some(recognizer(o));
    let (mut live_errors, mut batch_errors) = (Errors::default(), Errors::default());
    let mut app_errors = Errors::default();
    let (mut audio, mut batch_s, mut tails, mut after_stop, mut worst) = (0.0, 0.0, 0.0, 0.0, 0f64);
    println!(
        "clip\tseconds\tlive_errors\tbatch_errors\trecording_batch_errors\tpieces\treviews\ttail_s\tstop_to_result_s"
    );
    for clip in &clips {
        let began = Instant::now();
        let batch = viva_practice::to_transcript(
            &slot.as_mut().unwrap().transcribe(&clip.samples).unwrap(),
        );
        batch_s += began.elapsed().as_secs_f64();
        let mut samples = silence(1.0);
        samples.extend(&clip.samples);
        samples.extend(silence(0.5));
        // The recording transcribed whole, as the app does when live transcription fails:
        // from just before the detected speech to the stop.
        let recording = viva_practice::to_transcript(
            &slot
                .as_mut()
                .unwrap()
                .transcribe(&samples[from_speech(&samples)..])
                .unwrap(),
        );
        let (live, stats, took, _) = answer(samples, o, &store, &mut slot);
        let (l, b, r) = (
            wer::word_errors(&clip.reference, &text(&live)),
            wer::word_errors(&clip.reference, &text(&batch)),
            wer::word_errors(&clip.reference, &text(&recording)),
        );
        println!(
            "{}\t{:.1}\t{}\t{}\t{}\t{}\t{}\t{:.2}\t{:.3}",
            clip.name,
            clip.samples.len() as f64 / RATE as f64,
            l.total(),
            b.total(),
            r.total(),
            stats.pieces,
            stats.reviews,
            stats.tail_s,
            took.as_secs_f64()
        );
        if stats.failed {
            println!("    live transcription failed: {stats:?}");
        }
        if l.total() != b.total() || l.total() != r.total() {
            println!(
                "    batch: {}\n    recording: {}\n    live:  {}",
                text(&batch),
                text(&recording),
                text(&live)
            );
        }
        live_errors += l;
        batch_errors += b;
        app_errors += r;
        audio += clip.samples.len() as f64 / RATE as f64;
        tails += stats.tail_s;
        after_stop += took.as_secs_f64();
        worst = worst.max(took.as_secs_f64());
    }
    let n = clips.len() as f64;
    println!(
        "RESULT\t{}\tlive WER {:.2}% ({}/{})\tbatch WER {:.2}% ({}/{})\trecording batch WER {:.2}% ({})\tbatch RTF {:.3}\tmean tail {:.2} s\tstop-to-result mean {:.3} s, max {:.3} s",
        model_name(o),
        live_errors.rate() * 100.0,
        live_errors.total(),
        live_errors.reference_words,
        batch_errors.rate() * 100.0,
        batch_errors.total(),
        batch_errors.reference_words,
        app_errors.rate() * 100.0,
        app_errors.total(),
        batch_s / audio,
        tails / n,
        after_stop / n,
        worst
    );
    print_memory();
}

fn latency(o: &Opts) {
    let clips = read_clips(&o.dir);
    let data = tempfile::tempdir().unwrap();
    let store = Store::open(data.path()).unwrap();
    let mut slot = Some(recognizer(o));
    println!(
        "answer\tseconds\trun\tstop_to_result_s\ttail_s\ttail_decode_s\tafter_stop_s\tpieces\ttentative\treviews\tbusy_share\tupdates\tbatch_s\tlive_errors\tbatch_errors\twords"
    );
    for clip in &clips {
        let began = Instant::now();
        let batch = match o.batch {
            true => viva_practice::to_transcript(
                &slot.as_mut().unwrap().transcribe(&clip.samples).unwrap(),
            ),
            false => Transcript::default(),
        };
        let batch_s = began.elapsed().as_secs_f64();
        for run in 1..=o.repeat {
            let (live, stats, took, shown) = answer(clip.samples.clone(), o, &store, &mut slot);
            let seconds = clip.samples.len() as f64 / RATE as f64;
            let (l, b) = (
                wer::word_errors(&clip.reference, &text(&live)),
                wer::word_errors(&clip.reference, &text(&batch)),
            );
            println!(
                "{}\t{seconds:.1}\t{run}\t{:.3}\t{:.2}\t{:.3}\t{:.3}\t{}\t{}\t{}\t{:.2}\t{shown}\t{batch_s:.2}\t{}\t{}\t{}",
                clip.name,
                took.as_secs_f64(),
                stats.tail_s,
                stats.tail_decode_s,
                stats.after_stop_s,
                stats.pieces,
                stats.tentative,
                stats.reviews,
                stats.busy_s / seconds,
                l.total(),
                b.total(),
                l.reference_words,
            );
            if l.total() != b.total() {
                println!("    batch: {}\n    live:  {}", text(&batch), text(&live));
            }
        }
    }
    print_memory();
}

fn model_name(o: &Opts) -> String {
    viva_asr::engine::model_name(o.model.as_deref().unwrap())
}

/// Peak resident memory of this process and of the speech worker (its child).
fn print_memory() {
    let hwm = |pid: &str| -> f64 {
        std::fs::read_to_string(format!("/proc/{pid}/status"))
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("VmHWM:"))
                    .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
            })
            .unwrap_or(0.0)
            / 1024.0
    };
    let me = std::process::id().to_string();
    let children: Vec<String> = std::fs::read_dir(format!("/proc/{me}/task"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|t| std::fs::read_to_string(t.path().join("children")).ok())
        .flat_map(|c| {
            c.split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<String>>()
        })
        .collect();
    let worker: f64 = children.iter().map(|c| hwm(c)).sum();
    let own = hwm(&me);
    println!(
        "MEMORY\tpeak RSS MB: app side {own:.0}, worker {worker:.0}, together {:.0}",
        own + worker
    );
}

/// Joins clips of `o.dir` (in manifest order, a short pause between) into answers of each
/// length, padded with silence, plus a manifest with their references.
fn make_answers(o: &Opts) {
    let clips = read_clips(&o.dir);
    std::fs::create_dir_all(&o.out).unwrap();
    let mut manifest = String::from("file\tseconds\ttranscript\n");
    let mut next = 0;
    for &length in &o.lengths {
        // A second before the first word, as when answering; half a second before the stop.
        let mut samples = silence(1.0);
        let mut reference = Vec::new();
        let limit = ((length - 0.5) * RATE as f64) as usize;
        loop {
            let clip = &clips[next % clips.len()];
            if samples.len() + clip.samples.len() > limit {
                break;
            }
            next += 1;
            samples.extend(&clip.samples);
            samples.extend(silence(0.4));
            reference.push(clip.reference.clone());
        }
        samples.resize((length * RATE as f64) as usize, 0.0);
        let name = format!("answer-{length:.0}s.wav");
        write_wav(&o.out.join(&name), &samples);
        manifest.push_str(&format!("{name}\t{length:.2}\t{}\n", reference.join(" ")));
        println!("{name}: {} clips", reference.len());
    }
    std::fs::write(o.out.join("manifest.tsv"), manifest).unwrap();
}

fn write_wav(path: &Path, samples: &[f32]) {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: RATE as u32,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    for &s in samples {
        w.write_sample((s * 32768.0).round().clamp(-32768.0, 32767.0) as i16)
            .unwrap();
    }
    w.finalize().unwrap();
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
            assert_eq!(reader.spec().sample_rate, 16_000, "{}", path.display());
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
