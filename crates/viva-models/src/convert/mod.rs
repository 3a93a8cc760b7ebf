//! CTranslate2 (faster-whisper) Whisper folder → whisper.cpp ggml file.
//!
//! Registries reachable from offline machines ship Whisper only in CTranslate2 form, so Viva
//! converts it itself. The output follows whisper.cpp's `convert-pt-to-ggml.py` layout exactly
//! (same tensors, names, types and dimension order; filters bit-identical to OpenAI's), so the
//! result loads and transcribes like an official download.

pub mod ct2;
pub mod mel;
pub mod vocab;

use std::fs::{self, File};
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use half::{bf16, f16};

use crate::ggml::{self, GgmlError, Hparams, ModelInfo, TensorType};
use ct2::{Ct2Model, Dtype, Variable};

#[derive(Debug, thiserror::Error)]
pub enum ConvertError {
    #[error(
        "{dir} is not a CTranslate2 Whisper folder: it has no {file} (expected model.bin, \
         tokenizer.json and config.json; a split model.bin must be concatenated first)"
    )]
    MissingFile { dir: PathBuf, file: &'static str },
    #[error("cannot read or write {path}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("the disk is full: free {needed_mb} MB and try again (writing {path})")]
    DiskFull { path: PathBuf, needed_mb: u64 },
    #[error("{path} is not a valid CTranslate2 model: {reason}")]
    BadModelBin { path: PathBuf, reason: String },
    #[error(
        "{path} is CTranslate2 binary version {found}; only version {} is supported",
        ct2::BINARY_VERSION
    )]
    UnsupportedVersion { path: PathBuf, found: u32 },
    #[error("{path} holds a {spec}, not a Whisper model")]
    NotWhisper { path: PathBuf, spec: String },
    #[error(
        "{name} is stored as {dtype}; only float16, bfloat16 and float32 CTranslate2 models \
         can be converted (this one was probably exported with int8 quantisation)"
    )]
    UnsupportedDtype { name: String, dtype: &'static str },
    #[error("{path} lacks the variable {name}: is it a complete Whisper model?")]
    MissingVariable { path: PathBuf, name: String },
    #[error("variable {name} has shape {found:?}, expected {expected}")]
    BadShape {
        name: String,
        found: Vec<usize>,
        expected: String,
    },
    #[error("the tokenizer.json cannot be used: {reason}")]
    BadTokenizer { reason: String },
    #[error("the converted file failed its own check (a converter bug)")]
    Invalid(#[from] GgmlError),
}

/// Which part of a CTranslate2 variable becomes one ggml tensor.
#[derive(Debug, Clone)]
struct TensorPlan {
    ggml_name: String,
    source: String,
    /// Rows [part*n/parts, (part+1)*n/parts) of the outermost dimension; fused projections
    /// (q,k,v and k,v) are split this way.
    part: usize,
    parts: usize,
    /// Extra trailing dimensions of size 1 (conv biases become [n, 1]).
    trailing_one: bool,
    out: TensorType,
}

impl TensorPlan {
    fn new(ggml_name: String, source: String) -> Self {
        TensorPlan {
            ggml_name,
            source,
            part: 0,
            parts: 1,
            trailing_one: false,
            out: TensorType::F16,
        }
    }

    fn split(mut self, part: usize, parts: usize) -> Self {
        self.part = part;
        self.parts = parts;
        self
    }
}

/// (ggml suffix, CTranslate2 suffix) for a linear layer or a layer norm.
const LINEAR: [(&str, &str); 2] = [("weight", "weight"), ("bias", "bias")];
const NORM: [(&str, &str); 2] = [("weight", "gamma"), ("bias", "beta")];

fn push_pair(plans: &mut Vec<TensorPlan>, ggml: &str, ct2: &str, pairs: [(&str, &str); 2]) {
    for (g, c) in pairs {
        plans.push(TensorPlan::new(format!("{ggml}.{g}"), format!("{ct2}/{c}")));
    }
}

/// Splits a fused projection: `names[i]` takes the i-th block of rows. Keys have no bias in
/// Whisper (CTranslate2 stores zeros for it), so that slice of the bias is dropped.
fn push_fused(plans: &mut Vec<TensorPlan>, ggml_prefix: &str, ct2: &str, names: &[&str]) {
    let parts = names.len();
    for (i, n) in names.iter().enumerate() {
        let g = format!("{ggml_prefix}.{n}");
        plans.push(TensorPlan::new(format!("{g}.weight"), format!("{ct2}/weight")).split(i, parts));
        if *n != "key" {
            plans.push(TensorPlan::new(format!("{g}.bias"), format!("{ct2}/bias")).split(i, parts));
        }
    }
}

fn push_block(plans: &mut Vec<TensorPlan>, side: &str, i: usize, cross: bool) {
    let g = format!("{side}.blocks.{i}");
    let c = format!("{side}/layer_{i}");
    push_fused(
        plans,
        &format!("{g}.attn"),
        &format!("{c}/self_attention/linear_0"),
        &["query", "key", "value"],
    );
    push_pair(
        plans,
        &format!("{g}.attn.out"),
        &format!("{c}/self_attention/linear_1"),
        LINEAR,
    );
    push_pair(
        plans,
        &format!("{g}.attn_ln"),
        &format!("{c}/self_attention/layer_norm"),
        NORM,
    );
    if cross {
        push_pair(
            plans,
            &format!("{g}.cross_attn.query"),
            &format!("{c}/attention/linear_0"),
            LINEAR,
        );
        push_fused(
            plans,
            &format!("{g}.cross_attn"),
            &format!("{c}/attention/linear_1"),
            &["key", "value"],
        );
        push_pair(
            plans,
            &format!("{g}.cross_attn.out"),
            &format!("{c}/attention/linear_2"),
            LINEAR,
        );
        push_pair(
            plans,
            &format!("{g}.cross_attn_ln"),
            &format!("{c}/attention/layer_norm"),
            NORM,
        );
    }
    push_pair(
        plans,
        &format!("{g}.mlp.0"),
        &format!("{c}/ffn/linear_0"),
        LINEAR,
    );
    push_pair(
        plans,
        &format!("{g}.mlp.2"),
        &format!("{c}/ffn/linear_1"),
        LINEAR,
    );
    push_pair(
        plans,
        &format!("{g}.mlp_ln"),
        &format!("{c}/ffn/layer_norm"),
        NORM,
    );
}

/// All tensors in the order OpenAI's checkpoint lists them (the order of official files).
fn plan_tensors(n_audio_layer: usize, n_text_layer: usize) -> Vec<TensorPlan> {
    let mut p = Vec::new();
    p.push(TensorPlan::new(
        "encoder.positional_embedding".into(),
        "encoder/position_encodings/encodings".into(),
    ));
    push_pair(&mut p, "encoder.conv1", "encoder/conv1", LINEAR);
    push_pair(&mut p, "encoder.conv2", "encoder/conv2", LINEAR);
    for i in 0..n_audio_layer {
        push_block(&mut p, "encoder", i, false);
    }
    push_pair(&mut p, "encoder.ln_post", "encoder/layer_norm", NORM);
    p.push(TensorPlan::new(
        "decoder.positional_embedding".into(),
        "decoder/position_encodings/encodings".into(),
    ));
    p.push(TensorPlan::new(
        "decoder.token_embedding.weight".into(),
        "decoder/embeddings/weight".into(),
    ));
    for i in 0..n_text_layer {
        push_block(&mut p, "decoder", i, true);
    }
    push_pair(&mut p, "decoder.ln", "decoder/layer_norm", NORM);
    for t in &mut p {
        let conv_bias = t.ggml_name.starts_with("encoder.conv") && t.ggml_name.ends_with(".bias");
        t.trailing_one = conv_bias;
        // whisper.cpp's loader insists on these types: f32 for vectors, conv biases and the
        // positional embeddings, f16 for the weight matrices.
        let f32_tensor = t.ggml_name.ends_with(".bias")
            || t.ggml_name.contains("_ln.")
            || t.ggml_name.starts_with("encoder.ln_post")
            || t.ggml_name.starts_with("decoder.ln.")
            || t.ggml_name.ends_with("positional_embedding");
        t.out = if f32_tensor {
            TensorType::F32
        } else {
            TensorType::F16
        };
    }
    p
}

/// A planned tensor, resolved against the model: where its data is and what shape it gets.
struct Resolved<'m> {
    plan: TensorPlan,
    var: &'m Variable,
    /// Element range within the variable.
    start: usize,
    len: usize,
    /// Row-major shape of the output tensor.
    shape: Vec<usize>,
}

fn resolve<'m>(model: &'m Ct2Model, plan: TensorPlan) -> Result<Resolved<'m>, ConvertError> {
    let var = model.require(&plan.source)?;
    if !matches!(var.dtype, Dtype::F16 | Dtype::F32 | Dtype::Bf16) {
        return Err(ConvertError::UnsupportedDtype {
            name: var.name.clone(),
            dtype: var.dtype.name(),
        });
    }
    let Some(&rows) = var.shape.first() else {
        return Err(ConvertError::BadShape {
            name: var.name.clone(),
            found: var.shape.clone(),
            expected: "a tensor, not a scalar".into(),
        });
    };
    if rows % plan.parts != 0 {
        return Err(ConvertError::BadShape {
            name: var.name.clone(),
            found: var.shape.clone(),
            expected: format!("a first dimension divisible by {}", plan.parts),
        });
    }
    let mut shape = var.shape.clone();
    shape[0] = rows / plan.parts;
    let len: usize = shape.iter().product();
    if plan.trailing_one {
        shape.push(1);
    }
    Ok(Resolved {
        start: plan.part * len,
        len,
        shape,
        var,
        plan,
    })
}

fn hparams_of(model: &Ct2Model) -> Result<Hparams, ConvertError> {
    let shape = |name: &str, rank: usize| -> Result<Vec<usize>, ConvertError> {
        let v = model.require(name)?;
        if v.shape.len() != rank {
            return Err(ConvertError::BadShape {
                name: name.into(),
                found: v.shape.clone(),
                expected: format!("{rank} dimensions"),
            });
        }
        Ok(v.shape.clone())
    };
    let emb = shape("decoder/embeddings/weight", 2)?;
    let enc_pos = shape("encoder/position_encodings/encodings", 2)?;
    let dec_pos = shape("decoder/position_encodings/encodings", 2)?;
    let conv1 = shape("encoder/conv1/weight", 3)?;
    // Whisper's heads are always 64 wide; the scalars are there in every export seen so far.
    let heads = |name: &str, state: usize| {
        model
            .scalar_int(name)
            .map(|h| h as i32)
            .unwrap_or((state / 64) as i32)
    };
    let h = Hparams {
        n_vocab: emb[0] as i32,
        n_audio_ctx: enc_pos[0] as i32,
        n_audio_state: enc_pos[1] as i32,
        n_audio_head: heads("encoder/num_heads", enc_pos[1]),
        n_audio_layer: model.count_layers("encoder") as i32,
        n_text_ctx: dec_pos[0] as i32,
        n_text_state: emb[1] as i32,
        n_text_head: heads("decoder/num_heads", emb[1]),
        n_text_layer: model.count_layers("decoder") as i32,
        n_mels: conv1[1] as i32,
        ftype: 1,
    };
    h.check().map_err(|reason| ConvertError::BadModelBin {
        path: model.path.clone(),
        reason: format!("its dimensions do not describe a Whisper model: {reason}"),
    })?;
    Ok(h)
}

/// The hyperparameters the converted file will have, read from the folder's model.bin index
/// (cheap: no weights are read).
pub fn ct2_hparams(src_dir: &Path) -> Result<Hparams, ConvertError> {
    let path = src_dir.join("model.bin");
    if !path.is_file() {
        return Err(ConvertError::MissingFile {
            dir: src_dir.to_path_buf(),
            file: "model.bin",
        });
    }
    hparams_of(&Ct2Model::open(&path)?)
}

/// Converts the CTranslate2 folder `src_dir` into the ggml file `dest`. The file appears only
/// once complete and checked: it is written to `<dest>.partial` and renamed.
///
/// `progress` is called with (bytes written, bytes in all).
pub fn convert_ct2_dir(
    src_dir: &Path,
    dest: &Path,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<ModelInfo, ConvertError> {
    for file in ["model.bin", "tokenizer.json"] {
        if !src_dir.join(file).is_file() {
            return Err(ConvertError::MissingFile {
                dir: src_dir.to_path_buf(),
                file,
            });
        }
    }
    let model = Ct2Model::open(&src_dir.join("model.bin"))?;
    if model.spec_name != "WhisperSpec" {
        return Err(ConvertError::NotWhisper {
            path: model.path.clone(),
            spec: model.spec_name.clone(),
        });
    }
    let h = hparams_of(&model)?;
    let tokenizer_path = src_dir.join("tokenizer.json");
    let json = fs::read_to_string(&tokenizer_path).map_err(|source| ConvertError::Io {
        path: tokenizer_path,
        source,
    })?;
    let tokens = vocab::load_vocab(&json)?;
    if tokens.len() > h.n_vocab as usize {
        return Err(ConvertError::BadTokenizer {
            reason: format!(
                "it has {} ordinary tokens but the model embeds only {}",
                tokens.len(),
                h.n_vocab
            ),
        });
    }
    let filters = mel::mel_filters(h.n_mels as usize);
    let tensors = plan_tensors(h.n_audio_layer as usize, h.n_text_layer as usize)
        .into_iter()
        .map(|p| resolve(&model, p))
        .collect::<Result<Vec<_>, _>>()?;

    let header_bytes = 4 * 12
        + 8
        + filters.len() as u64 * 4
        + 4
        + tokens.iter().map(|t| 4 + t.len() as u64).sum::<u64>();
    let total = header_bytes
        + tensors
            .iter()
            .map(|t| {
                12 + 4 * t.shape.len() as u64
                    + t.plan.ggml_name.len() as u64
                    + t.len as u64 * out_size(t.plan.out)
            })
            .sum::<u64>();

    let partial = partial_path(dest);
    let result = write_ggml(
        &model, &h, &filters, &tokens, &tensors, &partial, total, progress,
    )
    .and_then(|()| Ok(ggml::inspect(&partial)?));
    match result {
        Ok(info) => {
            fs::rename(&partial, dest).map_err(|source| ConvertError::Io {
                path: dest.to_path_buf(),
                source,
            })?;
            Ok(info)
        }
        Err(e) => {
            let _ = fs::remove_file(&partial);
            Err(e)
        }
    }
}

/// `<dest>.partial`, next to the destination so that the final rename stays on one filesystem.
pub fn partial_path(dest: &Path) -> PathBuf {
    let mut s = dest.as_os_str().to_owned();
    s.push(".partial");
    PathBuf::from(s)
}

fn out_size(t: TensorType) -> u64 {
    match t {
        TensorType::F32 => 4,
        _ => 2,
    }
}

/// Elements converted per step: bounds memory to a few MB whatever the tensor size.
const CHUNK_ELEMENTS: usize = 1 << 20;

#[allow(clippy::too_many_arguments)]
fn write_ggml(
    model: &Ct2Model,
    h: &Hparams,
    filters: &[f32],
    tokens: &[Vec<u8>],
    tensors: &[Resolved<'_>],
    out_path: &Path,
    total: u64,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<(), ConvertError> {
    let write_err = |source: io::Error, written: u64| {
        if crate::download::is_disk_full(&source) {
            ConvertError::DiskFull {
                path: out_path.to_path_buf(),
                needed_mb: total.saturating_sub(written).div_ceil(1 << 20).max(1),
            }
        } else {
            ConvertError::Io {
                path: out_path.to_path_buf(),
                source,
            }
        }
    };
    let read_err = |source| ConvertError::Io {
        path: model.path.clone(),
        source,
    };
    let file = File::create(out_path).map_err(|e| write_err(e, 0))?;
    let mut w = BufWriter::with_capacity(1 << 20, file);
    let mut src = File::open(&model.path).map_err(read_err)?;

    ggml::write_header(&mut w, h).map_err(|e| write_err(e, 0))?;
    ggml::write_mel_filters(
        &mut w,
        h.n_mels as usize,
        ggml::N_FFT_BINS as usize,
        filters,
    )
    .map_err(|e| write_err(e, 0))?;
    ggml::write_vocab(&mut w, tokens).map_err(|e| write_err(e, 0))?;
    let mut written = 0u64;
    progress(written, total);

    let mut raw = Vec::new();
    let mut out = Vec::new();
    for t in tensors {
        let dims: Vec<usize> = t.shape.iter().rev().copied().collect();
        ggml::write_tensor_header(&mut w, &t.plan.ggml_name, t.plan.out, &dims)
            .map_err(|e| write_err(e, written))?;
        let esize = t.var.dtype.size();
        src.seek(SeekFrom::Start(t.var.offset + (t.start * esize) as u64))
            .map_err(read_err)?;
        let mut left = t.len;
        while left > 0 {
            let n = left.min(CHUNK_ELEMENTS);
            raw.resize(n * esize, 0);
            src.read_exact(&mut raw).map_err(read_err)?;
            out.clear();
            convert_elements(&raw, t.var.dtype, t.plan.out, &mut out);
            w.write_all(&out).map_err(|e| write_err(e, written))?;
            written += out.len() as u64;
            left -= n;
        }
        progress(written, total);
    }
    let file = w
        .into_inner()
        .map_err(|e| write_err(e.into_error(), written))?;
    file.sync_all().map_err(|e| write_err(e, written))?;
    progress(total, total);
    Ok(())
}

/// Converts little-endian elements from `from` to `to`, appending to `out`. f32 → f16 rounds to
/// nearest even, as numpy's `astype(float16)` does in the official converter.
fn convert_elements(raw: &[u8], from: Dtype, to: TensorType, out: &mut Vec<u8>) {
    let as_f32 = |c: &[u8]| -> f32 {
        match from {
            Dtype::F32 => f32::from_le_bytes([c[0], c[1], c[2], c[3]]),
            Dtype::F16 => f16::from_bits(u16::from_le_bytes([c[0], c[1]])).to_f32(),
            Dtype::Bf16 => bf16::from_bits(u16::from_le_bytes([c[0], c[1]])).to_f32(),
            _ => unreachable!("rejected in resolve()"),
        }
    };
    match (from, to) {
        (Dtype::F16, TensorType::F16) | (Dtype::F32, TensorType::F32) => out.extend_from_slice(raw),
        (_, TensorType::F32) => {
            for c in raw.chunks_exact(from.size()) {
                out.extend_from_slice(&as_f32(c).to_le_bytes());
            }
        }
        (_, _) => {
            for c in raw.chunks_exact(from.size()) {
                out.extend_from_slice(&f16::from_f32(as_f32(c)).to_le_bytes());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_covers_exactly_what_whisper_cpp_loads() {
        let h = crate::ggml::tests::tiny_hparams();
        let mut planned: Vec<String> = plan_tensors(4, 4)
            .into_iter()
            .map(|t| t.ggml_name)
            .collect();
        let mut expected = crate::ggml::expected_tensor_names(&h);
        planned.sort();
        expected.sort();
        assert_eq!(planned, expected);
    }

    #[test]
    fn plan_types_and_splits() {
        let plans = plan_tensors(1, 1);
        let find = |n: &str| plans.iter().find(|t| t.ggml_name == n).unwrap().clone();
        assert_eq!(find("encoder.conv1.weight").out, TensorType::F16);
        let b = find("encoder.conv2.bias");
        assert_eq!((b.out, b.trailing_one), (TensorType::F32, true));
        assert_eq!(find("decoder.positional_embedding").out, TensorType::F32);
        assert_eq!(find("decoder.token_embedding.weight").out, TensorType::F16);
        assert_eq!(find("decoder.blocks.0.mlp_ln.weight").out, TensorType::F32);
        assert_eq!(find("decoder.ln.bias").out, TensorType::F32);
        let v = find("encoder.blocks.0.attn.value.bias");
        assert_eq!(
            (v.source.as_str(), v.part, v.parts),
            ("encoder/layer_0/self_attention/linear_0/bias", 2, 3)
        );
        let k = find("decoder.blocks.0.cross_attn.key.weight");
        assert_eq!(
            (k.source.as_str(), k.part, k.parts),
            ("decoder/layer_0/attention/linear_1/weight", 0, 2)
        );
        assert!(!plans.iter().any(|t| t.ggml_name.ends_with("key.bias")));
    }

    #[test]
    fn element_conversion() {
        let halves: Vec<u8> = [1.5f32, -2.0, 65504.0]
            .iter()
            .flat_map(|&v| f16::from_f32(v).to_le_bytes())
            .collect();
        let mut out = Vec::new();
        convert_elements(&halves, Dtype::F16, TensorType::F32, &mut out);
        let back: Vec<f32> = out
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes(c.try_into().unwrap()))
            .collect();
        assert_eq!(back, vec![1.5, -2.0, 65504.0]);
        let mut out = Vec::new();
        // 1 + 2^-11 lies halfway between two f16 values: round to even gives 1.0.
        convert_elements(
            &(1.0f32 + 2f32.powi(-11)).to_le_bytes(),
            Dtype::F32,
            TensorType::F16,
            &mut out,
        );
        assert_eq!(out, f16::from_f32(1.0).to_le_bytes());
    }
}
