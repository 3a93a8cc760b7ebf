//! Converts a CTranslate2 Whisper folder to a whisper.cpp ggml file, outside any model store.
//! `cargo run -p viva-models --example ct2_to_ggml -- FOLDER OUT.bin`
//! (Users go through `viva models import FOLDER`, which also names and stores the result.)

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [src, dest] = args.as_slice() else {
        eprintln!("usage: ct2_to_ggml CT2_FOLDER OUT.bin");
        return ExitCode::from(2);
    };
    match viva_models::convert::convert_ct2_dir(src, dest, &mut |_, _| {}) {
        Ok(info) => {
            println!(
                "{}: {} ({} bytes, {} tensors, {:?})",
                dest.display(),
                info.suggested_name(),
                info.file_size,
                info.n_tensors,
                info.hparams
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
