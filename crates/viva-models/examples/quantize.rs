//! Writes a quantised copy of a whisper.cpp model, for measuring quantised speed and accuracy.
//!
//! `cargo run --release -p viva-models --example quantize -- SRC.bin DST.bin q8_0|q5_0|q5_1|q4_0`

use std::path::PathBuf;

use viva_models::quantize::{Quantization, quantize};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [src, dst, to] = args.as_slice() else {
        eprintln!("usage: quantize SRC.bin DST.bin q8_0|q5_0|q5_1|q4_0");
        std::process::exit(2);
    };
    let to = Quantization::parse(to).expect("q8_0, q5_0, q5_1 or q4_0");
    let started = std::time::Instant::now();
    if let Err(e) = quantize(&PathBuf::from(src), &PathBuf::from(dst), to) {
        eprintln!("quantize: {e}");
        std::process::exit(1);
    }
    let size = std::fs::metadata(dst).map(|m| m.len()).unwrap_or(0);
    println!(
        "{dst}: {:.1} MB in {:.1} s",
        size as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
}
