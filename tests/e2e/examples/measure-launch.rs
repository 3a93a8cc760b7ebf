//! Time from launching Viva to an interactive window: the app is started N times under Xvfb
//! through WebDriver (a fresh display, sound server and data folder each time, the speech model
//! installed), and each time is measured from the session request (which launches the app) to
//! `nav-practice` being displayed and enabled.
//!
//! cargo run -p viva-e2e --example measure-launch --release -- [RUNS] [APP BINARY]
//! (default: 7 runs of target/release/viva-app; build it with `make app`)

use std::path::PathBuf;
use std::time::{Duration, Instant};

use viva_e2e::{App, Locator, Options};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut args = std::env::args().skip(1);
    let runs: usize = args
        .next()
        .map(|n| n.parse().expect("RUNS is a number"))
        .unwrap_or(7);
    let binary = args.next().map(PathBuf::from).unwrap_or_else(|| {
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| viva_e2e::workspace().join("target"));
        target.join("release/viva-app")
    });
    assert!(
        binary.is_file(),
        "no app at {}: build it with `make app`",
        binary.display()
    );
    println!("launching {} {runs} times", binary.display());
    let mut times = Vec::new();
    for run in 1..=runs {
        let app = App::start(Options {
            binary: Some(binary.clone()),
            ..Options::default()
        })
        .await;
        let deadline = Instant::now() + Duration::from_secs(60);
        let took = loop {
            if let Ok(e) = app
                .client
                .find(Locator::Css("[data-testid=\"nav-practice\"]"))
                .await
                && e.is_displayed().await.unwrap_or(false)
                && e.is_enabled().await.unwrap_or(false)
            {
                break app.launched.elapsed();
            }
            assert!(Instant::now() < deadline, "no nav-practice within 60 s");
            tokio::time::sleep(Duration::from_millis(10)).await;
        };
        println!("run {run}: {:.0} ms", took.as_secs_f64() * 1000.0);
        times.push(took);
        app.close().await;
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "launch to interactive window: median {:.0} ms, min {:.0} ms, max {:.0} ms ({runs} runs)",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1])
    );
}
