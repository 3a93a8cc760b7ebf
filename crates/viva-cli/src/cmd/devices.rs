use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use serde::Serialize;
use viva_practice::{DeviceInfo, input_devices, output_devices};

use crate::output::print_json;

#[derive(Args)]
pub struct DevicesArgs {
    /// Print the devices as JSON
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Device {
    id: String,
    name: String,
    default: bool,
}

#[derive(Serialize)]
struct Devices {
    inputs: Vec<Device>,
    outputs: Vec<Device>,
}

fn convert(list: Vec<DeviceInfo>) -> Vec<Device> {
    list.into_iter()
        .map(|d| Device {
            id: d.id,
            name: d.name,
            default: d.is_default,
        })
        .collect()
}

pub fn run(args: DevicesArgs) -> Result<ExitCode> {
    let inputs = convert(input_devices()?);
    // A machine with a microphone and no speaker can still practise: list what there is.
    let outputs = convert(output_devices().unwrap_or_default());
    let devices = Devices { inputs, outputs };
    if args.json {
        print_json(&devices)?;
        return Ok(ExitCode::SUCCESS);
    }
    for (title, list) in [
        ("Microphones", &devices.inputs),
        ("Speakers", &devices.outputs),
    ] {
        println!("{title}:");
        if list.is_empty() {
            println!("  (none)");
        }
        for d in list {
            let mark = if d.default { "*" } else { " " };
            println!("  {mark} {:<24} {}", d.id, d.name);
        }
    }
    println!("(* = system default; pass the id, the name or part of it to --device)");
    Ok(ExitCode::SUCCESS)
}
