//! Viva's speech models, apart from running them: the official catalog, downloading with resume
//! and checksums, checking whisper.cpp files, converting CTranslate2 (faster-whisper) folders,
//! quantising, and the store of installed models in the data folder. Recognition (viva-asr)
//! meets it only at a model file's path.

pub mod catalog;
pub mod convert;
pub mod download;
pub mod ggml;
pub mod import;
pub mod models;
pub mod quantize;
