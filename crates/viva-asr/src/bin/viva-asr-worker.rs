//! Stand-alone speech worker, for tests and tools. The `viva` binary runs the same loop from a
//! hidden subcommand, so the shipped app needs no second executable.

fn main() {
    let stdin = std::io::stdin().lock();
    let stdout = std::io::stdout().lock();
    if let Err(e) = viva_asr::worker::serve(stdin, stdout) {
        eprintln!("viva-asr-worker: {e}");
        std::process::exit(1);
    }
}
