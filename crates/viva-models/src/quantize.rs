//! Quantising a whisper.cpp model file (f16 weights to 8-bit or 5-bit blocks), the way
//! whisper.cpp's own `quantize` tool does, with ggml's quantiser doing the arithmetic.
//!
//! A quantised model is about half (q8_0) or a third (q5_0) the size, and ggml's CPU kernels
//! multiply quantised weights with integer dot products. Whether that is faster than f16 on a
//! given CPU is measured, not assumed (BENCHMARKS.md).

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::ggml::{self, GgmlError, TensorType};
use crate::models::{InstalledModel, ModelStore, StoreError};

/// The formats a model can be quantised to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantization {
    Q8_0,
    Q5_0,
    Q5_1,
    Q4_0,
}

impl Quantization {
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "q8_0" => Self::Q8_0,
            "q5_0" => Self::Q5_0,
            "q5_1" => Self::Q5_1,
            "q4_0" => Self::Q4_0,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Q8_0 => "q8_0",
            Self::Q5_0 => "q5_0",
            Self::Q5_1 => "q5_1",
            Self::Q4_0 => "q4_0",
        }
    }

    fn tensor_type(self) -> TensorType {
        match self {
            Self::Q8_0 => TensorType::Q8_0,
            Self::Q5_0 => TensorType::Q5_0,
            Self::Q5_1 => TensorType::Q5_1,
            Self::Q4_0 => TensorType::Q4_0,
        }
    }

    /// ggml's "mostly" file type, which whisper.cpp reads from the header to know which
    /// type its weight matrices have.
    fn ftype(self) -> i32 {
        match self {
            Self::Q4_0 => 2,
            Self::Q8_0 => 7,
            Self::Q5_0 => 8,
            Self::Q5_1 => 9,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum QuantizeError {
    #[error(transparent)]
    Model(#[from] GgmlError),
    #[error("{path} is already quantised ({ftype}); quantise the f16 or f32 model instead")]
    AlreadyQuantized { path: PathBuf, ftype: String },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("a model named {name} is installed already; pass --replace to overwrite it")]
    AlreadyInstalled { name: String },
    #[error("cannot write {path}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Tensors whisper.cpp creates as f32 or keeps in f16 whatever the file type: its
/// quantiser leaves them alone, and so must this one, or the loader rejects the file.
const KEEP: [&str; 4] = [
    "encoder.conv1.bias",
    "encoder.conv2.bias",
    "encoder.positional_embedding",
    "decoder.positional_embedding",
];

/// Byte offset of the header's file type: after the magic and ten other hyperparameters.
const FTYPE_OFFSET: u64 = 4 + 10 * 4;
const QNT_VERSION: i32 = 2;
const QNT_VERSION_FACTOR: i32 = 1000;

/// Writes a quantised copy of the model `src` to `dst`. Every weight matrix (the 2-D
/// tensors whisper.cpp multiplies with) is quantised; convolutions, biases, norms and
/// positional embeddings stay as they are. On any failure (a full disk, say) `dst` is
/// removed rather than left half written.
pub fn quantize(src: &Path, dst: &Path, to: Quantization) -> Result<(), QuantizeError> {
    write_quantized(src, dst, to).inspect_err(|_| {
        let _ = std::fs::remove_file(dst);
    })
}

fn write_quantized(src: &Path, dst: &Path, to: Quantization) -> Result<(), QuantizeError> {
    let (info, tensors) = ggml::inspect_with_tensors(src)?;
    if !matches!(info.ftype.as_str(), "f16" | "f32") {
        return Err(QuantizeError::AlreadyQuantized {
            path: src.to_owned(),
            ftype: info.ftype,
        });
    }
    let read_err = |source| GgmlError::Io {
        path: src.to_owned(),
        source,
    };
    let write_err = |source| QuantizeError::Write {
        path: dst.to_owned(),
        source,
    };
    let mut input = BufReader::new(File::open(src).map_err(read_err)?);
    let mut out = BufWriter::new(File::create(dst).map_err(write_err)?);

    // Header, mel filters and vocabulary as they are, but for the file type.
    let first = tensors.first().map_or(0, header_offset);
    let mut head = vec![0u8; first as usize];
    input.read_exact(&mut head).map_err(read_err)?;
    let ftype = to.ftype() + QNT_VERSION * QNT_VERSION_FACTOR;
    let at = FTYPE_OFFSET as usize;
    head[at..at + 4].copy_from_slice(&ftype.to_le_bytes());
    out.write_all(&head).map_err(write_err)?;

    let qtype = to.tensor_type();
    for t in &tensors {
        input
            .seek(SeekFrom::Start(t.data_offset))
            .map_err(read_err)?;
        let mut data = vec![0u8; t.data_size as usize];
        input.read_exact(&mut data).map_err(read_err)?;
        let quantize = t.dims.len() == 2
            && !KEEP.contains(&t.name.as_str())
            && matches!(t.ttype, TensorType::F16 | TensorType::F32)
            && t.dims[0] % 32 == 0;
        if quantize {
            let values = to_f32(&data, t.ttype);
            let data = quantize_rows(&values, t.dims[1], t.dims[0], to);
            ggml::write_tensor_header(&mut out, &t.name, qtype, &t.dims).map_err(write_err)?;
            out.write_all(&data).map_err(write_err)?;
        } else {
            ggml::write_tensor_header(&mut out, &t.name, t.ttype, &t.dims).map_err(write_err)?;
            out.write_all(&data).map_err(write_err)?;
        }
    }
    out.flush().map_err(write_err)?;
    drop(out);
    // The result must be a model the engine accepts, or it is not written at all.
    ggml::inspect(dst)?;
    Ok(())
}

/// Quantises the installed model `name` into the store, as `NAME-q8_0` (for q8_0) unless
/// `new_name` is given. The new model is written under a hidden name and renamed into place
/// once whole, so an interrupted run leaves no half model behind.
pub fn quantize_installed(
    store: &ModelStore,
    name: &str,
    to: Quantization,
    new_name: Option<&str>,
    replace: bool,
) -> Result<InstalledModel, QuantizeError> {
    let src = store.resolve(name)?;
    // Installed models are "<name>.bin"; a path may be "ggml-<name>.bin".
    let stem = src.file_stem().unwrap_or_default().to_string_lossy();
    let base = stem.strip_prefix("ggml-").unwrap_or(&stem);
    let new_name = new_name.map_or_else(|| format!("{base}-{}", to.as_str()), str::to_owned);
    crate::models::validate_name(&new_name)?;
    if store.is_installed(&new_name) && !replace {
        return Err(QuantizeError::AlreadyInstalled { name: new_name });
    }
    let dest = store.path_for(&new_name)?;
    let tmp = store
        .dir()
        .join(format!(".quantize-{}-{new_name}.bin", std::process::id()));
    quantize(&src, &tmp, to)?;
    std::fs::rename(&tmp, &dest).map_err(|source| QuantizeError::Write {
        path: dest.clone(),
        source,
    })?;
    Ok(store.get(&new_name)?)
}

/// Where a tensor's header starts: its data offset minus the header's own length.
fn header_offset(t: &ggml::TensorEntry) -> u64 {
    t.data_offset - (3 * 4 + 4 * t.dims.len() as u64 + t.name.len() as u64)
}

fn to_f32(data: &[u8], ttype: TensorType) -> Vec<f32> {
    match ttype {
        TensorType::F32 => data
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect(),
        _ => data
            .chunks_exact(2)
            .map(|b| half::f16::from_le_bytes([b[0], b[1]]).to_f32())
            .collect(),
    }
}

fn quantize_rows(values: &[f32], rows: usize, per_row: usize, to: Quantization) -> Vec<u8> {
    let qtype = to.tensor_type();
    let size = qtype
        .data_size((rows * per_row) as u64)
        .expect("rows are whole blocks") as usize;
    let mut out = vec![0u8; size];
    let ggml_type = qtype.code() as whisper_rs_sys::ggml_type;
    // SAFETY: `values` holds rows × per_row floats and `out` exactly the bytes ggml's block
    // layout needs for them (the same block sizes the file reader checks); no importance
    // matrix is needed for these types (ggml_quantize_requires_imatrix is false for them).
    let written = unsafe {
        whisper_rs_sys::ggml_quantize_init(ggml_type);
        whisper_rs_sys::ggml_quantize_chunk(
            ggml_type,
            values.as_ptr(),
            out.as_mut_ptr().cast(),
            0,
            rows as i64,
            per_row as i64,
            std::ptr::null(),
        )
    };
    assert_eq!(written, size, "ggml wrote the size its block layout gives");
    out
}
