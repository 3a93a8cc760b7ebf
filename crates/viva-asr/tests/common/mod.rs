//! Helpers shared by the engine and worker tests.

use std::path::{Path, PathBuf};

/// The real tiny.en model, installed by the project's setup.
pub fn test_model() -> PathBuf {
    let path = std::env::var_os("VIVA_TEST_MODEL")
        .map(PathBuf::from)
        .expect(
            "VIVA_TEST_MODEL is not set: run the setup (it converts tiny.en and exports the path)",
        );
    assert!(
        path.is_file(),
        "VIVA_TEST_MODEL={} does not exist: run the setup",
        path.display()
    );
    path
}

/// A 16 kHz mono 16-bit fixture from viva-asr's tests/fixtures, as samples (viva-models' tests share this file).
pub fn fixture(name: &str) -> Vec<f32> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../viva-asr/tests/fixtures")
        .join(name);
    let mut reader = hound::WavReader::open(&path).expect("fixture");
    assert_eq!(reader.spec().sample_rate, 16_000);
    reader
        .samples::<i16>()
        .map(|s| f32::from(s.unwrap()) / 32768.0)
        .collect()
}
