//! Stop → result in the real app, as a user waits for it (issue 13): the release build under
//! Xvfb, an answer spoken into its virtual microphone, Stop clicked by hand, and the time from
//! that click until the result is painted, measured in the page's own clock. Two moments are
//! reported: the score and the points covered (drawn first), and the result with its
//! transcript. It also says how soon live words showed while the answer was being spoken.
//!
//! `make bench-app` runs it. What it measures is chosen by the environment:
//! - `VIVA_BENCH_MODELS`: `tiny.en` and/or `base` (default both; from `.setup/models`);
//! - `VIVA_BENCH_ANSWERS`: seconds of answer, from 30, 90 and 180 (default all three; the
//!   three-minute answer is the 90 s recording said twice);
//! - `VIVA_BENCH_BUSY`: how many CPU-bound processes run beside each measurement (default
//!   `0 2`: an idle machine, then one with two cores' worth of other work);
//! - `VIVA_BENCH_RUNS`: measurements of each (default 1).
//!
//! Each line is printed and appended to `target/e2e-figures.tsv`. A figure, not a test: it
//! fails only when the app does not show a result at all.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;
use viva_e2e::{App, Guard, Options, fixture, install_model_as, target_dir};

const SECS: fn(u64) -> Duration = Duration::from_secs;

fn setup_model(name: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let path = root.join(format!(".setup/models/{name}.bin"));
    assert!(
        path.is_file(),
        "no {name} model at {}: run `make setup` first",
        path.display()
    );
    path
}

fn install_tiny(data: &Path) {
    install_model_as(data, &setup_model("tiny.en"), "tiny.en");
}

fn install_base(data: &Path) {
    install_model_as(data, &setup_model("base"), "base");
}

fn list(var: &str, default: &str) -> Vec<String> {
    std::env::var(var)
        .unwrap_or_else(|_| default.to_owned())
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

/// `n` processes that keep a core busy each until dropped.
fn busy(n: usize) -> Vec<Guard> {
    (0..n)
        .map(|_| {
            Guard::spawn(
                Command::new("sha256sum")
                    .arg("/dev/zero")
                    .stdout(Stdio::null()),
            )
        })
        .collect()
}

/// The machine's one-minute load average, so a figure says what else was running.
fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".to_owned())
}

struct Measured {
    /// The load average as Stop was clicked.
    load: String,
    /// Seconds from starting to speak until live words first showed; None if none did.
    live_after_s: Option<f64>,
    first: Duration,
    whole: Duration,
    /// Seconds from the click until the page sent the stop command, and until its answer came.
    sent: Option<f64>,
    answered: Option<f64>,
}

async fn measure(model: &str, answer_s: u64) -> Measured {
    let release = target_dir().join("release/viva-app");
    assert!(
        release.is_file(),
        "no release app at {}: `make bench-app` builds it",
        release.display()
    );
    let app = App::start(Options {
        model: false,
        binary: Some(release),
        before_start: Some(if model == "base" {
            install_base
        } else {
            install_tiny
        }),
        ..Options::default()
    })
    .await;
    app.wait_for("nav-practice", SECS(60)).await;
    app.wait_enabled("start-practice", SECS(20)).await;
    let mut settings = app.invoke("settings", json!({})).await.unwrap();
    // Stopped by hand, as most people do; neither a pause nor the length limit ends it first.
    settings["auto_stop_s"] = json!(0.0);
    settings["max_answer_s"] = json!(600.0);
    app.invoke("save_settings", json!({ "settings": settings }))
        .await
        .unwrap();
    app.practise_one("gil").await;
    app.click("start-answer").await;
    app.wait_for("stop-answer", SECS(20)).await;
    let (file, times) = match answer_s {
        30 => ("gil-answer-30s.wav", 1),
        90 => ("gil-answer-90s.wav", 1),
        180 => ("gil-answer-90s.wav", 2),
        other => panic!("no {other} s answer: choose from 30, 90 and 180"),
    };
    let started = Instant::now();
    let mut live_after_s = None;
    for _ in 0..times {
        let mut voice = app.pulse().speak(&fixture(file));
        while voice.is_running() {
            if live_after_s.is_none() && app.visible("live-transcript").await {
                let text = app.text("live-transcript").await;
                if !text.contains("Listening") && !text.trim().is_empty() {
                    live_after_s = Some(started.elapsed().as_secs_f64());
                }
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }
    tokio::time::sleep(Duration::from_millis(800)).await;
    let load = load();
    let took = app
        .time_click_until_each("stop-answer", &["result", "result-transcript"], SECS(600))
        .await;
    let sent = app.mark_after_click("viva:stop-sent").await;
    let answered = app.mark_after_click("viva:stop-answered").await;
    app.close().await;
    Measured {
        load,
        live_after_s,
        sent,
        answered,
        first: took[0],
        whole: took[1],
    }
}

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let models = list("VIVA_BENCH_MODELS", "tiny.en base");
    let answers = list("VIVA_BENCH_ANSWERS", "30 90 180");
    let loads = list("VIVA_BENCH_BUSY", "0 2");
    let runs: usize = std::env::var("VIVA_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1);
    println!(
        "model    answer  busy  load  score+points  with transcript  live words after  \
         (command sent, answered)"
    );
    for load in &loads {
        let n: usize = load.parse().expect("VIVA_BENCH_BUSY: numbers");
        for model in &models {
            for answer in &answers {
                let s: u64 = answer.parse().expect("VIVA_BENCH_ANSWERS: seconds");
                for _ in 0..runs {
                    let _hogs = busy(n);
                    let m = rt.block_on(measure(model, s));
                    let live = m
                        .live_after_s
                        .map_or("none".to_owned(), |t| format!("{t:.1} s"));
                    let at = |t: Option<f64>| t.map_or("?".to_owned(), |t| format!("{t:.2} s"));
                    println!(
                        "{model:<8} {s:>4} s  {n:>4}  {:>4}  {:>10.2} s  {:>13.2} s  {live:>16}  \
                         ({}, {})",
                        m.load,
                        m.first.as_secs_f64(),
                        m.whole.as_secs_f64(),
                        at(m.sent),
                        at(m.answered)
                    );
                    let what = format!("{s} s answer, {model}, {n} busy, load {}", m.load);
                    viva_e2e::report_figure(
                        &format!("bench app stop to result, {what}"),
                        m.first.as_secs_f64(),
                    );
                    viva_e2e::report_figure(
                        &format!("bench app stop to result with transcript, {what}"),
                        m.whole.as_secs_f64(),
                    );
                    if let Some(t) = m.live_after_s {
                        viva_e2e::report_figure(&format!("bench app first live words, {what}"), t);
                    }
                }
            }
        }
    }
}
