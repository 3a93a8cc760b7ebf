//! Speech recognition for Viva. Takes 16 kHz mono f32 samples, returns its own result types;
//! the CLI converts them into `viva_core::Transcript`.

pub mod engine;
pub mod worker;
