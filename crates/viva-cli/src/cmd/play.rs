use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Result, bail};
use clap::Args;
use viva_practice::Player;

use crate::output::clock;

#[derive(Args)]
pub struct PlayArgs {
    /// The recording to play
    file: PathBuf,
    /// Start this many seconds in
    #[arg(long, value_name = "SECONDS", default_value_t = 0.0)]
    from: f64,
    /// Speaker: a name from `viva devices`, or part of one [default: the system default]
    #[arg(long, value_name = "NAME")]
    device: Option<String>,
}

pub fn run(args: PlayArgs) -> Result<ExitCode> {
    if !args.from.is_finite() || args.from < 0.0 {
        bail!("--from must be a number of seconds, 0 or more");
    }
    let player = Player::open(&args.file, args.device.as_deref())?;
    let total = player.duration();
    let from = Duration::from_secs_f64(args.from);
    if from > total {
        bail!(
            "--from {:.1} is past the end of the recording ({:.1} s)",
            args.from,
            total.as_secs_f64()
        );
    }
    eprintln!(
        "Playing {} on {} from {}.",
        args.file.display(),
        player.device_name(),
        clock(args.from)
    );
    player.play_from(from);
    let terminal = std::io::stderr().is_terminal();
    while !player.is_finished() {
        // Only failures the player could not recover from by reopening the speaker.
        if let Some(e) = player.error() {
            return Err(e.into());
        }
        if terminal {
            let mut err = std::io::stderr().lock();
            let _ = write!(
                err,
                "\r  {} / {}   ",
                clock(player.position().as_secs_f64()),
                clock(total.as_secs_f64())
            );
            let _ = err.flush();
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    // The last buffer is still in the device when the position reaches the end.
    std::thread::sleep(player.latency() + Duration::from_millis(800));
    if terminal {
        eprintln!();
    }
    println!(
        "Played {:.1} s of {}",
        (total - from).as_secs_f64(),
        args.file.display()
    );
    Ok(ExitCode::SUCCESS)
}
