//! Speech recognition for Viva. Takes 16 kHz mono f32 samples, returns its own result types;
//! the CLI converts them into `viva_core::Transcript`.

pub mod engine;
pub mod wer;
pub mod worker;

// Model manager: the catalog, checking, converting, downloading and storing model files.
pub mod catalog;
pub mod convert;
pub mod download;
pub mod ggml;
pub mod import;
pub mod models;
pub mod quantize;
