use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::{Result, bail};
use clap::Args;
use serde::Serialize;
use viva_practice::audio::{
    Event, RecordConfig, RecordOptions, Recorded, Recording, StopReason, start_recording,
};

use crate::output::{clock, print_json};

#[derive(Args)]
pub struct RecordArgs {
    /// Microphone: a name from `viva devices`, or part of one [default: the system default]
    #[arg(long, value_name = "NAME")]
    device: Option<String>,
    /// Where to save the recording [default: answer-<date>-<time>.wav here]
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Longest answer
    #[arg(long, value_name = "N", default_value_t = 180.0)]
    max_seconds: f64,
    /// Stop after this much silence once you have started speaking (0: only Enter, Ctrl-C or
    /// the maximum stop it)
    #[arg(long, value_name = "S", default_value_t = 3.0)]
    stop_on_silence: f64,
    /// Give up if no speech is heard within this many seconds
    #[arg(long, value_name = "S", default_value_t = 10.0)]
    no_speech_after: f64,
    /// Print the result as JSON
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Summary {
    path: PathBuf,
    duration_seconds: f64,
    captured_seconds: f64,
    file_start_seconds: f64,
    speech_start_seconds: Option<f64>,
    speech_end_seconds: Option<f64>,
    stop_reason: &'static str,
    peak_dbfs: f32,
    noise_floor_dbfs: f32,
    problem: Option<String>,
}

pub fn seconds(s: f64, what: &str) -> Result<Duration> {
    if !s.is_finite() || s < 0.0 {
        bail!("{what} must be a number of seconds, 0 or more");
    }
    Ok(Duration::from_secs_f64(s))
}

pub fn run(args: RecordArgs) -> Result<ExitCode> {
    let out = args.out.clone().unwrap_or_else(|| {
        let now = jiff::Zoned::now();
        PathBuf::from(format!("answer-{}.wav", now.strftime("%Y%m%d-%H%M%S")))
    });
    let silence = seconds(args.stop_on_silence, "--stop-on-silence")?;
    let config = RecordConfig {
        max_duration: seconds(args.max_seconds, "--max-seconds")?,
        stop_after_silence: (!silence.is_zero()).then_some(silence),
        no_speech_timeout: seconds(args.no_speech_after, "--no-speech-after")?,
        ..RecordConfig::default()
    };
    let mut options = RecordOptions::new(&out);
    options.device = args.device.clone();
    options.config = config;

    let recording = start_recording(options)?;
    let rec = watch(recording)?;
    report(&rec, args.json)
}

/// Shows the level meter and elapsed time while the answer is recorded, until it stops by itself
/// (silence, maximum length, a problem) or by Enter or Ctrl-C.
pub fn watch(recording: Recording) -> Result<Recorded> {
    stop_on_ctrl_c();
    let terminal = std::io::stderr().is_terminal();
    // Tests and scripts wait for this line to know the microphone is live.
    eprintln!(
        "Recording from {}: speak now ({} to stop).",
        recording.device_name(),
        if std::io::stdin().is_terminal() {
            "Enter or Ctrl-C"
        } else {
            "Ctrl-C"
        }
    );
    if std::io::stdin().is_terminal() {
        std::thread::spawn(|| {
            let _ = std::io::stdin().read_line(&mut String::new());
            STOP.store(true, Ordering::Relaxed);
        });
    }
    let mut speaking = false;
    while !recording.is_finished() {
        if STOP.load(Ordering::Relaxed) {
            recording.stop();
        }
        let mut latest = None;
        for event in recording.events().try_iter() {
            match event {
                Event::Level { level, elapsed } => latest = Some((level, elapsed)),
                Event::SpeechStarted { .. } => speaking = true,
            }
        }
        if let (true, Some((level, elapsed))) = (terminal, latest) {
            meter(level.rms_db, level.peak_db, elapsed, speaking);
        }
        std::thread::sleep(Duration::from_millis(40));
    }
    if terminal {
        eprintln!();
    }
    Ok(recording.wait()?)
}

pub fn meter(rms_db: f32, peak_db: f32, elapsed: Duration, speaking: bool) {
    // -60 dBFS (a quiet room) to 0 dBFS over 30 cells.
    let cells = (((rms_db + 60.0) / 2.0).clamp(0.0, 30.0)) as usize;
    let bar = format!("{}{}", "#".repeat(cells), "-".repeat(30 - cells));
    let state = if speaking {
        "answer started"
    } else {
        "waiting for speech"
    };
    let mut err = std::io::stderr().lock();
    let _ = write!(
        err,
        "\r  {}  [{bar}] {rms_db:>6.1} dBFS (peak {peak_db:>6.1})  {state}   ",
        clock(elapsed.as_secs_f64())
    );
    let _ = err.flush();
}

fn report(rec: &Recorded, json: bool) -> Result<ExitCode> {
    let problem = rec.problem();
    if json {
        print_json(&Summary {
            path: rec.path.clone(),
            duration_seconds: rec.duration.as_secs_f64(),
            captured_seconds: rec.captured.as_secs_f64(),
            file_start_seconds: rec.file_start.as_secs_f64(),
            speech_start_seconds: rec.speech_start.map(|d| d.as_secs_f64()),
            speech_end_seconds: rec.speech_end.map(|d| d.as_secs_f64()),
            stop_reason: match rec.reason {
                StopReason::Silence => "silence",
                StopReason::MaxLength => "max-length",
                StopReason::Stopped => "stopped",
                StopReason::NoSpeech => "no-speech",
                StopReason::SilentMicrophone => "silent-microphone",
                StopReason::DeviceLost(_) => "device-lost",
            },
            peak_dbfs: rec.peak_db,
            noise_floor_dbfs: rec.noise_floor_db,
            problem: problem.as_ref().map(|p| p.to_string()),
        })?;
    } else {
        let why = match rec.reason {
            StopReason::Silence => "stopped after you finished speaking",
            StopReason::MaxLength => "stopped at the maximum length",
            _ => "stopped",
        };
        if let Some(at) = rec.speech_start {
            println!(
                "You started speaking after {:.1} s; {why}.",
                at.as_secs_f64()
            );
        }
        println!(
            "Saved {:.1} s to {}",
            rec.duration.as_secs_f64(),
            rec.path.display()
        );
    }
    match problem {
        Some(p) => {
            eprintln!("viva: {p}");
            Ok(ExitCode::FAILURE)
        }
        None => Ok(ExitCode::SUCCESS),
    }
}

static STOP: AtomicBool = AtomicBool::new(false);

/// Whether Enter or Ctrl-C asked the recording to stop.
pub fn stop_requested() -> bool {
    STOP.load(Ordering::Relaxed)
}

/// Makes ready for the next answer (a follow-up) after one was stopped.
pub fn reset_stop() {
    STOP.store(false, Ordering::Relaxed);
}

/// Stops on Enter, when stdin is a terminal.
pub fn stop_on_enter() {
    if std::io::stdin().is_terminal() {
        std::thread::spawn(|| {
            let _ = std::io::stdin().read_line(&mut String::new());
            STOP.store(true, Ordering::Relaxed);
        });
    }
}

/// Ctrl-C ends the answer like Enter does, so the file is finished and trimmed instead of
/// left for repair at the next start.
pub fn stop_on_ctrl_c() {
    #[cfg(unix)]
    {
        extern "C" fn on_sigint(_: libc::c_int) {
            // Only an atomic store: the one kind of work that is safe in a signal handler.
            STOP.store(true, Ordering::Relaxed);
        }
        // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
        unsafe {
            libc::signal(
                libc::SIGINT,
                on_sigint as extern "C" fn(libc::c_int) as libc::sighandler_t,
            );
        }
    }
}
