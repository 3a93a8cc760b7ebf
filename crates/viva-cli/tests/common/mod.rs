//! Helpers shared by the `viva` command's test files.

// Each test file is its own crate and uses a different subset of these.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// `viva` with its own data folder, so tests never touch the user's history or models.
pub fn viva(data: impl AsRef<Path>) -> Command {
    let mut c = Command::cargo_bin("viva").unwrap();
    c.env("VIVA_DATA_DIR", data.as_ref())
        .env_remove("RUST_LOG")
        .env_remove("VIVA_MODEL_BASE_URL");
    c
}

pub fn json(out: &[u8]) -> Value {
    serde_json::from_slice(out)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(out)))
}

pub fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The tiny.en model the setup installs; a missing one fails the test with what to do.
pub fn model() -> PathBuf {
    let path = std::env::var_os("VIVA_TEST_MODEL")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join(".setup/models/tiny.en.bin"));
    assert!(
        path.is_file(),
        "no speech model at {}: run `make test` (scripts/install-models.sh) first",
        path.display()
    );
    path
}
