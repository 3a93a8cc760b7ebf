//! The real speech model for the practice loop's tests.

use viva_models::models::ModelStore;
use viva_practice::{Recognizer, WorkerCommand};

/// A test binary doubles as the speech worker: run with `serve_as_asr_worker` (a test that calls
/// this) as the filter, it serves the worker protocol on stdin/stdout; a normal run passes by.
pub fn serve_if_worker() {
    if std::env::args().any(|a| a == "--viva-asr-worker-child") {
        viva_asr::worker::serve(std::io::stdin().lock(), std::io::stdout().lock()).unwrap();
    }
}

/// The test model (`VIVA_TEST_MODEL`, installed by the setup) in a worker run from this binary.
pub fn recognizer() -> Recognizer {
    let model = std::env::var("VIVA_TEST_MODEL").expect(
        "VIVA_TEST_MODEL is not set: run the setup (it converts tiny.en and exports the path)",
    );
    let worker = WorkerCommand {
        program: std::env::current_exe().unwrap(),
        args: ["serve_as_asr_worker", "--exact", "--nocapture", "--"]
            .into_iter()
            .chain(["--viva-asr-worker-child"])
            .map(String::from)
            .collect(),
    };
    let models = ModelStore::new(std::env::temp_dir().join("viva-no-models"));
    Recognizer::start(&worker, &models, Some(&model)).unwrap()
}
