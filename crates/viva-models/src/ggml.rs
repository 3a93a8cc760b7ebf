//! The whisper.cpp ggml model file: reading and checking it, and the writing half the
//! converter uses.
//!
//! whisper.cpp aborts or reads out of bounds on some malformed files, and a download or a copy
//! cut short is the most common way a user ends up with one. So before any file is handed to the
//! engine, [`inspect`] walks the whole file — header, mel filters, vocabulary and every tensor's
//! header — and checks that each tensor whisper.cpp will ask for is there with all of its data.

use std::collections::HashSet;
use std::fmt;
use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// "ggml" read as a little-endian u32: the first four bytes of every whisper.cpp model.
pub const GGML_MAGIC: u32 = 0x6767_6d6c;

/// Vocabulary size of the English-only models (GPT-2 BPE plus whisper's special tokens).
pub const N_VOCAB_ENGLISH: i32 = 51864;
/// Vocabulary size of the multilingual models up to large-v2.
pub const N_VOCAB_MULTILINGUAL: i32 = 51865;
/// large-v3 added one language token.
pub const N_VOCAB_MULTILINGUAL_V3: i32 = 51866;

/// Number of frequency bins of whisper's 400-point FFT.
pub const N_FFT_BINS: i32 = 201;

/// Quantised files store `ftype + QNT_VERSION_FACTOR * qnt_version`.
const QNT_VERSION_FACTOR: i32 = 1000;

/// Real tensors are a few hundred MB at most; anything near this bound is garbage, and it keeps
/// the size arithmetic far from overflow.
const MAX_TENSOR_BYTES: u64 = 1 << 36;

#[derive(Debug, thiserror::Error)]
pub enum GgmlError {
    #[error("cannot read model file {path}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error(
        "{path} is not a whisper.cpp model: it starts with 0x{found:08x}, not the ggml magic \
         0x{GGML_MAGIC:08x} (whisper.cpp models are the ggml-*.bin files)"
    )]
    NotGgml { path: PathBuf, found: u32 },
    #[error("{path} has an implausible header: {reason}")]
    BadHeader { path: PathBuf, reason: String },
    #[error(
        "{path} is truncated: {what} needs bytes up to offset {needed} but the file has only \
         {file_len} bytes (an interrupted download or copy?); download or import it again"
    )]
    Truncated {
        path: PathBuf,
        what: String,
        needed: u64,
        file_len: u64,
    },
    #[error("{path} has a malformed tensor at offset {offset}: {reason}")]
    BadTensor {
        path: PathBuf,
        offset: u64,
        reason: String,
    },
    #[error("{path} lacks tensor(s) whisper.cpp needs: {missing}")]
    MissingTensors { path: PathBuf, missing: String },
}

/// The 11 hyperparameters at the start of a whisper.cpp file, in file order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Hparams {
    pub n_vocab: i32,
    pub n_audio_ctx: i32,
    pub n_audio_state: i32,
    pub n_audio_head: i32,
    pub n_audio_layer: i32,
    pub n_text_ctx: i32,
    pub n_text_state: i32,
    pub n_text_head: i32,
    pub n_text_layer: i32,
    pub n_mels: i32,
    pub ftype: i32,
}

impl Hparams {
    fn to_array(self) -> [i32; 11] {
        [
            self.n_vocab,
            self.n_audio_ctx,
            self.n_audio_state,
            self.n_audio_head,
            self.n_audio_layer,
            self.n_text_ctx,
            self.n_text_state,
            self.n_text_head,
            self.n_text_layer,
            self.n_mels,
            self.ftype,
        ]
    }

    fn from_array(a: [i32; 11]) -> Self {
        Hparams {
            n_vocab: a[0],
            n_audio_ctx: a[1],
            n_audio_state: a[2],
            n_audio_head: a[3],
            n_audio_layer: a[4],
            n_text_ctx: a[5],
            n_text_state: a[6],
            n_text_head: a[7],
            n_text_layer: a[8],
            n_mels: a[9],
            ftype: a[10],
        }
    }

    /// Why these values cannot be a whisper model, if they cannot.
    pub fn check(&self) -> Result<(), String> {
        let h = self;
        if ![
            N_VOCAB_ENGLISH,
            N_VOCAB_MULTILINGUAL,
            N_VOCAB_MULTILINGUAL_V3,
        ]
        .contains(&h.n_vocab)
        {
            return Err(format!(
                "n_vocab is {}, whisper models have {N_VOCAB_ENGLISH} (English-only) or \
                 {N_VOCAB_MULTILINGUAL}/{N_VOCAB_MULTILINGUAL_V3} (multilingual)",
                h.n_vocab
            ));
        }
        if h.n_mels != 80 && h.n_mels != 128 {
            return Err(format!("n_mels is {}, expected 80 or 128", h.n_mels));
        }
        for (name, layers) in [
            ("n_audio_layer", h.n_audio_layer),
            ("n_text_layer", h.n_text_layer),
        ] {
            if !(1..=64).contains(&layers) {
                return Err(format!("{name} is {layers}, expected 1..=64"));
            }
        }
        for (name, state, head) in [
            ("audio", h.n_audio_state, h.n_audio_head),
            ("text", h.n_text_state, h.n_text_head),
        ] {
            if !(1..=8192).contains(&state) || !(1..=128).contains(&head) || state % head != 0 {
                return Err(format!(
                    "n_{name}_state {state} with n_{name}_head {head} is not a valid attention \
                     layout"
                ));
            }
        }
        if !(1..=100_000).contains(&h.n_audio_ctx) || !(1..=100_000).contains(&h.n_text_ctx) {
            return Err(format!(
                "context sizes {} (audio) / {} (text) are out of range",
                h.n_audio_ctx, h.n_text_ctx
            ));
        }
        if h.ftype < 0 || h.ftype % QNT_VERSION_FACTOR > 100 {
            return Err(format!("ftype {} is not a known weight type", h.ftype));
        }
        Ok(())
    }
}

/// Model size class, named as whisper.cpp and OpenAI name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ModelType {
    Tiny,
    Base,
    Small,
    Medium,
    Large,
    Unknown,
}

impl ModelType {
    /// whisper.cpp itself tells the sizes apart by encoder depth.
    pub fn from_audio_layers(n: i32) -> Self {
        match n {
            4 => ModelType::Tiny,
            6 => ModelType::Base,
            12 => ModelType::Small,
            24 => ModelType::Medium,
            32 => ModelType::Large,
            _ => ModelType::Unknown,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ModelType::Tiny => "tiny",
            ModelType::Base => "base",
            ModelType::Small => "small",
            ModelType::Medium => "medium",
            ModelType::Large => "large",
            ModelType::Unknown => "unknown",
        }
    }
}

impl fmt::Display for ModelType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// ggml tensor element types that whisper model files use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TensorType {
    F32,
    F16,
    Q4_0,
    Q4_1,
    Q5_0,
    Q5_1,
    Q8_0,
    Q2K,
    Q3K,
    Q4K,
    Q5K,
    Q6K,
}

impl TensorType {
    pub fn from_code(code: i32) -> Option<Self> {
        Some(match code {
            0 => TensorType::F32,
            1 => TensorType::F16,
            2 => TensorType::Q4_0,
            3 => TensorType::Q4_1,
            6 => TensorType::Q5_0,
            7 => TensorType::Q5_1,
            8 => TensorType::Q8_0,
            10 => TensorType::Q2K,
            11 => TensorType::Q3K,
            12 => TensorType::Q4K,
            13 => TensorType::Q5K,
            14 => TensorType::Q6K,
            _ => return None,
        })
    }

    pub fn code(self) -> i32 {
        match self {
            TensorType::F32 => 0,
            TensorType::F16 => 1,
            TensorType::Q4_0 => 2,
            TensorType::Q4_1 => 3,
            TensorType::Q5_0 => 6,
            TensorType::Q5_1 => 7,
            TensorType::Q8_0 => 8,
            TensorType::Q2K => 10,
            TensorType::Q3K => 11,
            TensorType::Q4K => 12,
            TensorType::Q5K => 13,
            TensorType::Q6K => 14,
        }
    }

    /// (bytes per block, elements per block), as in ggml's type traits.
    fn block(self) -> (u64, u64) {
        match self {
            TensorType::F32 => (4, 1),
            TensorType::F16 => (2, 1),
            TensorType::Q4_0 => (18, 32),
            TensorType::Q4_1 => (20, 32),
            TensorType::Q5_0 => (22, 32),
            TensorType::Q5_1 => (24, 32),
            TensorType::Q8_0 => (34, 32),
            TensorType::Q2K => (84, 256),
            TensorType::Q3K => (110, 256),
            TensorType::Q4K => (144, 256),
            TensorType::Q5K => (176, 256),
            TensorType::Q6K => (210, 256),
        }
    }

    /// Bytes of data for a tensor of `n_elements`, or None when a quantised row does not fill
    /// whole blocks (ggml cannot store that).
    /// `None` too when the size does not fit 64 bits (dimensions a hostile header made huge).
    pub fn data_size(self, n_elements: u64) -> Option<u64> {
        let (bytes, per_block) = self.block();
        if !n_elements.is_multiple_of(per_block) {
            return None;
        }
        (n_elements / per_block).checked_mul(bytes)
    }
}

/// What [`inspect`] learned about a valid model file.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ModelInfo {
    pub hparams: Hparams,
    pub model_type: ModelType,
    pub english_only: bool,
    /// "f32", "f16" or the quantisation ("q5_0", ...).
    pub ftype: String,
    pub file_size: u64,
    pub n_tensors: usize,
}

impl ModelInfo {
    /// The catalog-style name for this model: "tiny.en", "base", "small-q5_0"...
    pub fn suggested_name(&self) -> String {
        suggested_name(&self.hparams)
    }
}

/// The catalog-style name for a model with these hyperparameters.
pub fn suggested_name(h: &Hparams) -> String {
    let model_type = ModelType::from_audio_layers(h.n_audio_layer);
    let mut name = model_type.as_str().to_string();
    if model_type == ModelType::Large && h.n_vocab == N_VOCAB_MULTILINGUAL_V3 {
        name.push_str("-v3");
    }
    if h.n_vocab == N_VOCAB_ENGLISH {
        name.push_str(".en");
    }
    let ftype = ftype_name(h.ftype);
    if ftype != "f16" {
        name.push('-');
        name.push_str(&ftype);
    }
    name
}

fn ftype_name(ftype: i32) -> String {
    match ftype % QNT_VERSION_FACTOR {
        0 => "f32".into(),
        1 => "f16".into(),
        2 => "q4_0".into(),
        3 => "q4_1".into(),
        7 => "q8_0".into(),
        8 => "q5_0".into(),
        9 => "q5_1".into(),
        10 => "q2_k".into(),
        11 => "q3_k".into(),
        12 => "q4_k".into(),
        13 => "q5_k".into(),
        14 => "q6_k".into(),
        other => format!("ftype{other}"),
    }
}

/// Every tensor name whisper.cpp looks up for these hyperparameters; its loader fails unless
/// each one is in the file.
pub fn expected_tensor_names(h: &Hparams) -> Vec<String> {
    let mut names: Vec<String> = [
        "encoder.positional_embedding",
        "encoder.conv1.weight",
        "encoder.conv1.bias",
        "encoder.conv2.weight",
        "encoder.conv2.bias",
        "encoder.ln_post.weight",
        "encoder.ln_post.bias",
        "decoder.positional_embedding",
        "decoder.token_embedding.weight",
        "decoder.ln.weight",
        "decoder.ln.bias",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let attention = |prefix: &str, names: &mut Vec<String>| {
        for part in ["query.weight", "query.bias", "key.weight", "value.weight"] {
            names.push(format!("{prefix}.{part}"));
        }
        names.push(format!("{prefix}.value.bias"));
        names.push(format!("{prefix}.out.weight"));
        names.push(format!("{prefix}.out.bias"));
    };
    let common = |b: &str, names: &mut Vec<String>| {
        for part in [
            "mlp_ln.weight",
            "mlp_ln.bias",
            "mlp.0.weight",
            "mlp.0.bias",
            "mlp.2.weight",
            "mlp.2.bias",
            "attn_ln.weight",
            "attn_ln.bias",
        ] {
            names.push(format!("{b}.{part}"));
        }
        attention(&format!("{b}.attn"), names);
    };
    for i in 0..h.n_audio_layer {
        common(&format!("encoder.blocks.{i}"), &mut names);
    }
    for i in 0..h.n_text_layer {
        let b = format!("decoder.blocks.{i}");
        common(&b, &mut names);
        names.push(format!("{b}.cross_attn_ln.weight"));
        names.push(format!("{b}.cross_attn_ln.bias"));
        attention(&format!("{b}.cross_attn"), &mut names);
    }
    names
}

/// Where one tensor is in a model file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TensorEntry {
    pub name: String,
    /// Innermost first, as ggml stores them.
    pub dims: Vec<usize>,
    pub ttype: TensorType,
    /// Offset of the tensor's data.
    pub data_offset: u64,
    pub data_size: u64,
}

/// Reads and checks the whole structure of a whisper.cpp model file without loading weights.
pub fn inspect(path: &Path) -> Result<ModelInfo, GgmlError> {
    inspect_with_tensors(path).map(|(info, _)| info)
}

/// [`inspect`], also returning where each tensor is.
pub fn inspect_with_tensors(path: &Path) -> Result<(ModelInfo, Vec<TensorEntry>), GgmlError> {
    let io_err = |source| GgmlError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = File::open(path).map_err(io_err)?;
    let file_len = file.metadata().map_err(io_err)?.len();
    inspect_reader(BufReader::new(file), file_len, path)
}

/// [`inspect_with_tensors`] over any seekable source; `path` only labels errors.
pub fn inspect_reader<R: Read + Seek>(
    reader: R,
    file_len: u64,
    path: &Path,
) -> Result<(ModelInfo, Vec<TensorEntry>), GgmlError> {
    let mut r = Cursor {
        inner: reader,
        pos: 0,
        file_len,
        path,
    };
    let magic = r.u32("the ggml magic")?;
    if magic != GGML_MAGIC {
        return Err(GgmlError::NotGgml {
            path: path.to_path_buf(),
            found: magic,
        });
    }
    let mut a = [0i32; 11];
    for v in a.iter_mut() {
        *v = r.i32("the hyperparameters")?;
    }
    let hparams = Hparams::from_array(a);
    hparams.check().map_err(|reason| r.bad_header(reason))?;

    let n_mel = r.i32("the mel filter header")?;
    let n_fft = r.i32("the mel filter header")?;
    if n_mel != hparams.n_mels || n_fft != N_FFT_BINS {
        return Err(r.bad_header(format!(
            "mel filters are {n_mel}x{n_fft}, expected {}x{N_FFT_BINS}",
            hparams.n_mels
        )));
    }
    r.skip(n_mel as u64 * n_fft as u64 * 4, "the mel filters")?;

    let n_tokens = r.i32("the vocabulary size")?;
    // The file holds the ordinary tokens; whisper.cpp adds the specials up to n_vocab.
    if n_tokens <= 0 || n_tokens > hparams.n_vocab {
        return Err(r.bad_header(format!(
            "the vocabulary lists {n_tokens} tokens, expected 1..={}",
            hparams.n_vocab
        )));
    }
    for id in 0..n_tokens {
        let len = r.i32("the vocabulary")?;
        if !(0..=1024).contains(&len) {
            return Err(r.bad_header(format!("token {id} claims a length of {len} bytes")));
        }
        r.skip(len as u64, "the vocabulary")?;
    }

    let expected: HashSet<String> = expected_tensor_names(&hparams).into_iter().collect();
    let mut seen: HashSet<String> = HashSet::new();
    let mut entries = Vec::new();
    while r.pos < file_len {
        let offset = r.pos;
        let n_dims = r.i32("a tensor header")?;
        let name_len = r.i32("a tensor header")?;
        let ttype = r.i32("a tensor header")?;
        let bad = |reason: String| GgmlError::BadTensor {
            path: path.to_path_buf(),
            offset,
            reason,
        };
        if !(1..=4).contains(&n_dims) {
            return Err(bad(format!("{n_dims} dimensions")));
        }
        if !(1..=512).contains(&name_len) {
            return Err(bad(format!("a name of {name_len} bytes")));
        }
        let ttype = TensorType::from_code(ttype).ok_or_else(|| bad(format!("type {ttype}")))?;
        let mut n_elements: u64 = 1;
        let mut dims = Vec::with_capacity(n_dims as usize);
        for _ in 0..n_dims {
            let d = r.i32("a tensor header")?;
            if d <= 0 {
                return Err(bad(format!("dimension {d}")));
            }
            // Saturating: a product past 64 bits is refused below as too large.
            n_elements = n_elements.saturating_mul(d as u64);
            dims.push(d as usize);
        }
        let name = r.bytes(name_len as usize, "a tensor name")?;
        let name = String::from_utf8_lossy(&name).into_owned();
        let size = ttype
            .data_size(n_elements)
            .filter(|&s| s <= MAX_TENSOR_BYTES)
            .ok_or_else(|| bad(format!("{name}: {n_elements} elements of {ttype:?}")))?;
        let data_offset = r.pos;
        r.skip(size, &format!("the data of tensor {name}"))?;
        if !seen.insert(name.clone()) {
            return Err(bad(format!("tensor {name} appears twice")));
        }
        entries.push(TensorEntry {
            name,
            dims,
            ttype,
            data_offset,
            data_size: size,
        });
    }
    let mut missing: Vec<&String> = expected.iter().filter(|n| !seen.contains(*n)).collect();
    if !missing.is_empty() {
        missing.sort();
        let total = missing.len();
        let mut list: Vec<&str> = missing.iter().take(5).map(|s| s.as_str()).collect();
        if total > 5 {
            list.push("...");
        }
        return Err(GgmlError::MissingTensors {
            path: path.to_path_buf(),
            missing: format!("{} ({total} in all)", list.join(", ")),
        });
    }
    let info = ModelInfo {
        hparams,
        model_type: ModelType::from_audio_layers(hparams.n_audio_layer),
        english_only: hparams.n_vocab == N_VOCAB_ENGLISH,
        ftype: ftype_name(hparams.ftype),
        file_size: file_len,
        n_tensors: seen.len(),
    };
    Ok((info, entries))
}

/// Tracks the offset itself so that every short read becomes a precise "truncated" error.
struct Cursor<'p, R> {
    inner: R,
    pos: u64,
    file_len: u64,
    path: &'p Path,
}

impl<R: Read + Seek> Cursor<'_, R> {
    fn need(&self, n: u64, what: &str) -> Result<(), GgmlError> {
        let end = self.pos.saturating_add(n);
        if end > self.file_len {
            return Err(GgmlError::Truncated {
                path: self.path.to_path_buf(),
                what: what.to_string(),
                needed: end,
                file_len: self.file_len,
            });
        }
        Ok(())
    }

    fn bytes(&mut self, n: usize, what: &str) -> Result<Vec<u8>, GgmlError> {
        self.need(n as u64, what)?;
        let mut buf = vec![0u8; n];
        self.inner.read_exact(&mut buf).map_err(|e| self.io(e))?;
        self.pos += n as u64;
        Ok(buf)
    }

    fn u32(&mut self, what: &str) -> Result<u32, GgmlError> {
        let b = self.bytes(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn i32(&mut self, what: &str) -> Result<i32, GgmlError> {
        Ok(self.u32(what)? as i32)
    }

    fn skip(&mut self, n: u64, what: &str) -> Result<(), GgmlError> {
        self.need(n, what)?;
        let offset = i64::try_from(n).map_err(|_| self.bad_header(format!("{what} is huge")))?;
        self.inner
            .seek(SeekFrom::Current(offset))
            .map_err(|e| self.io(e))?;
        self.pos += n;
        Ok(())
    }

    fn io(&self, source: io::Error) -> GgmlError {
        GgmlError::Io {
            path: self.path.to_path_buf(),
            source,
        }
    }

    fn bad_header(&self, reason: String) -> GgmlError {
        GgmlError::BadHeader {
            path: self.path.to_path_buf(),
            reason,
        }
    }
}

/// Writes the magic and the hyperparameters.
pub fn write_header<W: Write>(w: &mut W, h: &Hparams) -> io::Result<()> {
    w.write_all(&GGML_MAGIC.to_le_bytes())?;
    for v in h.to_array() {
        w.write_all(&v.to_le_bytes())?;
    }
    Ok(())
}

/// Writes the mel filter bank, `filters` being `n_mel` rows of `n_fft` values.
pub fn write_mel_filters<W: Write>(
    w: &mut W,
    n_mel: usize,
    n_fft: usize,
    filters: &[f32],
) -> io::Result<()> {
    assert_eq!(filters.len(), n_mel * n_fft, "filter bank shape");
    w.write_all(&(n_mel as i32).to_le_bytes())?;
    w.write_all(&(n_fft as i32).to_le_bytes())?;
    for v in filters {
        w.write_all(&v.to_le_bytes())?;
    }
    Ok(())
}

/// Writes the vocabulary: the count, then each token's length and bytes.
pub fn write_vocab<W: Write>(w: &mut W, tokens: &[Vec<u8>]) -> io::Result<()> {
    w.write_all(&(tokens.len() as i32).to_le_bytes())?;
    for t in tokens {
        w.write_all(&(t.len() as i32).to_le_bytes())?;
        w.write_all(t)?;
    }
    Ok(())
}

/// Writes a tensor header; `dims` are innermost first, as ggml orders them. The caller writes
/// the data right after.
pub fn write_tensor_header<W: Write>(
    w: &mut W,
    name: &str,
    ttype: TensorType,
    dims: &[usize],
) -> io::Result<()> {
    w.write_all(&(dims.len() as i32).to_le_bytes())?;
    w.write_all(&(name.len() as i32).to_le_bytes())?;
    w.write_all(&ttype.code().to_le_bytes())?;
    for &d in dims {
        w.write_all(&(d as i32).to_le_bytes())?;
    }
    w.write_all(name.as_bytes())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn tiny_hparams() -> Hparams {
        // The shape of a real tiny model, but a model that small in the layers would still be
        // large on disk; tests shrink it further with `small_fake`.
        Hparams {
            n_vocab: N_VOCAB_ENGLISH,
            n_audio_ctx: 1500,
            n_audio_state: 384,
            n_audio_head: 6,
            n_audio_layer: 4,
            n_text_ctx: 448,
            n_text_state: 384,
            n_text_head: 6,
            n_text_layer: 4,
            n_mels: 80,
            ftype: 1,
        }
    }

    /// A structurally complete model file with every expected tensor, but tiny data.
    pub(crate) fn fake_model(h: &Hparams) -> Vec<u8> {
        let mut out = Vec::new();
        write_header(&mut out, h).unwrap();
        let n_fft = N_FFT_BINS as usize;
        write_mel_filters(
            &mut out,
            h.n_mels as usize,
            n_fft,
            &vec![0.5; h.n_mels as usize * n_fft],
        )
        .unwrap();
        write_vocab(&mut out, &[b"a".to_vec(), b"bc".to_vec(), Vec::new()]).unwrap();
        for name in expected_tensor_names(h) {
            write_tensor_header(&mut out, &name, TensorType::F16, &[2, 3]).unwrap();
            out.extend(std::iter::repeat_n(0u8, 12));
        }
        out
    }

    fn check(bytes: &[u8]) -> Result<ModelInfo, GgmlError> {
        inspect_reader(
            io::Cursor::new(bytes),
            bytes.len() as u64,
            Path::new("m.bin"),
        )
        .map(|(info, _)| info)
    }

    #[test]
    fn reads_a_complete_file() {
        let h = tiny_hparams();
        let bytes = fake_model(&h);
        let info = check(&bytes).unwrap();
        assert_eq!(info.hparams, h);
        assert_eq!(info.model_type, ModelType::Tiny);
        assert!(info.english_only);
        assert_eq!(info.ftype, "f16");
        assert_eq!(info.n_tensors, 167, "whisper.cpp's tiny has 167 tensors");
        assert_eq!(info.suggested_name(), "tiny.en");
        assert_eq!(info.file_size, bytes.len() as u64);
    }

    #[test]
    fn every_cut_is_caught_as_truncation() {
        let bytes = fake_model(&tiny_hparams());
        // Cutting anywhere must fail; cutting exactly between tensors must too, because the
        // missing tensors are then reported.
        for cut in [
            3,
            20,
            47,
            48 + 8 + 80 * 201 * 4 - 1,
            bytes.len() - 1,
            bytes.len() - 12,
        ] {
            let err = check(&bytes[..cut]).unwrap_err();
            assert!(
                matches!(
                    err,
                    GgmlError::Truncated { .. } | GgmlError::MissingTensors { .. }
                ),
                "cut at {cut}: {err}"
            );
        }
        let err = check(&bytes[..bytes.len() - 1]).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("truncated"), "{msg}");
        assert!(
            msg.contains("decoder.blocks.3") || msg.contains("tensor"),
            "{msg}"
        );
    }

    #[test]
    fn dimensions_whose_product_overflows_are_a_bad_tensor_not_a_panic() {
        // Issue 16: 4 x (2^31-1) overflowed the size in a debug build (a panic) and wrapped in
        // release.
        let h = tiny_hparams();
        let mut out = Vec::new();
        write_header(&mut out, &h).unwrap();
        write_mel_filters(&mut out, 80, 201, &[0.0; 80 * 201]).unwrap();
        write_vocab(&mut out, &[b"x".to_vec()]).unwrap();
        for ttype in [TensorType::F32, TensorType::F16, TensorType::Q8_0] {
            let mut bytes = out.clone();
            write_tensor_header(
                &mut bytes,
                "encoder.conv1.weight",
                ttype,
                &[i32::MAX as usize; 4],
            )
            .unwrap();
            bytes.extend([0u8; 64]);
            let err = check(&bytes).unwrap_err();
            assert!(
                matches!(err, GgmlError::BadTensor { .. }),
                "{ttype:?}: {err}"
            );
        }
        assert_eq!(TensorType::F32.data_size(u64::MAX), None);
    }

    #[test]
    fn a_dropped_tensor_is_reported_by_name() {
        let h = tiny_hparams();
        let mut out = Vec::new();
        write_header(&mut out, &h).unwrap();
        write_mel_filters(&mut out, 80, 201, &[0.0; 80 * 201]).unwrap();
        write_vocab(&mut out, &[b"x".to_vec()]).unwrap();
        for name in expected_tensor_names(&h) {
            if name == "decoder.ln.bias" {
                continue;
            }
            write_tensor_header(&mut out, &name, TensorType::F32, &[1]).unwrap();
            out.extend([0u8; 4]);
        }
        let err = check(&out).unwrap_err().to_string();
        assert!(err.contains("decoder.ln.bias"), "{err}");
    }

    #[test]
    fn rejects_other_files_and_bad_headers() {
        let err = check(b"GGUF\x03\0\0\0 more bytes").unwrap_err();
        assert!(matches!(err, GgmlError::NotGgml { .. }), "{err}");

        let mut h = tiny_hparams();
        h.n_mels = 64;
        let err = check(&fake_model(&h)).unwrap_err().to_string();
        assert!(err.contains("n_mels"), "{err}");

        let mut h = tiny_hparams();
        h.n_vocab = 1000;
        let err = check(&fake_model(&h)).unwrap_err().to_string();
        assert!(err.contains("n_vocab"), "{err}");

        let mut h = tiny_hparams();
        h.n_audio_layer = 0;
        assert!(check(&fake_model(&h)).is_err());
    }

    #[test]
    fn tensor_sizes_follow_ggml_blocks() {
        assert_eq!(TensorType::F16.data_size(384 * 1536), Some(384 * 1536 * 2));
        assert_eq!(TensorType::Q8_0.data_size(64), Some(68));
        assert_eq!(TensorType::Q5_0.data_size(33), None);
    }

    #[test]
    fn names_and_types() {
        let mut h = tiny_hparams();
        h.n_vocab = N_VOCAB_MULTILINGUAL;
        h.n_audio_layer = 6;
        h.n_text_layer = 6;
        h.ftype = 8 + 2 * QNT_VERSION_FACTOR;
        let info = check(&fake_model(&h)).unwrap();
        assert_eq!(info.suggested_name(), "base-q5_0");
        assert!(!info.english_only);
    }
}
