//! Word timing by dynamic time warping over the decoder's alignment heads.
//!
//! whisper.cpp's default token timestamps are a heuristic over timestamp tokens; with an
//! initial prompt (which we use to keep fillers) the segment often ends without a closing
//! timestamp and every word after the first few collapses onto the end of the audio. DTW
//! timestamps come from cross-attention and are unaffected by the prompt. They need the
//! model's alignment heads, which whisper.cpp knows per official model size.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use whisper_rs::DtwModelPreset;

/// The alignment-head preset for a ggml model file, read from its header; `None` for a model
/// whisper.cpp has no preset for (fine-tunes with other shapes), which then falls back to the
/// heuristic timestamps.
pub fn preset_for(path: &Path) -> Option<DtwModelPreset> {
    let mut header = [0u8; 4 * 12];
    File::open(path).ok()?.read_exact(&mut header).ok()?;
    let field =
        |i: usize| i32::from_le_bytes(header[4 * i..4 * i + 4].try_into().expect("4 bytes"));
    if field(0) as u32 != 0x6767_6d6c {
        return None;
    }
    // hparams after the magic: n_vocab, n_audio_ctx, n_audio_state, n_audio_head,
    // n_audio_layer, n_text_ctx, n_text_state, n_text_head, n_text_layer, n_mels, ftype.
    let (n_vocab, audio_layers, text_layers, n_mels) = (field(1), field(5), field(9), field(10));
    // English-only models have one token fewer (no <|translate|>-era language tokens).
    let english = n_vocab == 51_864;
    use DtwModelPreset::*;
    Some(match (audio_layers, text_layers, english, n_mels) {
        (4, 4, true, 80) => TinyEn,
        (4, 4, false, 80) => Tiny,
        (6, 6, true, 80) => BaseEn,
        (6, 6, false, 80) => Base,
        (12, 12, true, 80) => SmallEn,
        (12, 12, false, 80) => Small,
        (24, 24, true, 80) => MediumEn,
        (24, 24, false, 80) => Medium,
        (32, 32, false, 80) => LargeV2,
        (32, 32, false, 128) => LargeV3,
        (32, 4, false, 128) => LargeV3Turbo,
        _ => return None,
    })
}
