//! Index of a CTranslate2 `model.bin` (binary version 6).
//!
//! Only the variables' names, shapes and file offsets are read up front; the weights stay on
//! disk and are read one tensor at a time during conversion, so converting a model takes
//! memory for its largest tensor, not for the whole file.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use super::ConvertError;

/// The only layout this reader understands; older and newer versions differ in their header.
pub const BINARY_VERSION: u32 = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dtype {
    F32,
    I8,
    I16,
    I32,
    F16,
    Bf16,
}

impl Dtype {
    fn from_code(code: u8) -> Option<Self> {
        Some(match code {
            0 => Dtype::F32,
            1 => Dtype::I8,
            2 => Dtype::I16,
            3 => Dtype::I32,
            4 => Dtype::F16,
            5 => Dtype::Bf16,
            _ => return None,
        })
    }

    pub fn size(self) -> usize {
        match self {
            Dtype::I8 => 1,
            Dtype::I16 | Dtype::F16 | Dtype::Bf16 => 2,
            Dtype::F32 | Dtype::I32 => 4,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Dtype::F32 => "float32",
            Dtype::I8 => "int8",
            Dtype::I16 => "int16",
            Dtype::I32 => "int32",
            Dtype::F16 => "float16",
            Dtype::Bf16 => "bfloat16",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Variable {
    pub name: String,
    /// Row-major, outermost first.
    pub shape: Vec<usize>,
    pub dtype: Dtype,
    /// Where the raw data starts in model.bin.
    pub offset: u64,
    pub n_bytes: u64,
    /// The value of a scalar (rank 0) variable, kept because scalars hold settings.
    pub scalar: Option<Vec<u8>>,
}

impl Variable {
    pub fn n_elements(&self) -> usize {
        self.shape.iter().product()
    }
}

#[derive(Debug)]
pub struct Ct2Model {
    pub path: PathBuf,
    pub spec_name: String,
    pub spec_revision: u32,
    pub file_len: u64,
    variables: HashMap<String, Variable>,
    aliases: HashMap<String, String>,
}

impl Ct2Model {
    pub fn open(path: &Path) -> Result<Self, ConvertError> {
        let io_err = |source| ConvertError::Io {
            path: path.to_path_buf(),
            source,
        };
        let file = File::open(path).map_err(io_err)?;
        let file_len = file.metadata().map_err(io_err)?.len();
        let mut r = Reader {
            inner: BufReader::new(file),
            pos: 0,
            file_len,
            path,
        };
        let version = r.u32()?;
        if version != BINARY_VERSION {
            return Err(ConvertError::UnsupportedVersion {
                path: path.to_path_buf(),
                found: version,
            });
        }
        let spec_name = r.string()?;
        let spec_revision = r.u32()?;
        let n_variables = r.u32()?;
        let mut variables = HashMap::new();
        for _ in 0..n_variables {
            let name = r.string()?;
            let rank = r.u8()?;
            let mut shape = Vec::with_capacity(rank as usize);
            for _ in 0..rank {
                shape.push(r.u32()? as usize);
            }
            let code = r.u8()?;
            let dtype = Dtype::from_code(code)
                .ok_or_else(|| r.bad(format!("variable {name} has unknown dtype {code}")))?;
            let n_bytes = r.u32()? as u64;
            // Checked: a hostile shape whose product passes 64 bits is a wrong size, not a
            // panic (debug) or a wrapped product that matches (release).
            let expected = shape
                .iter()
                .try_fold(dtype.size() as u64, |acc, &d| acc.checked_mul(d as u64));
            if expected != Some(n_bytes) {
                return Err(r.bad(format!(
                    "variable {name} has {n_bytes} bytes, its shape {shape:?} of {} needs \
                     {}",
                    dtype.name(),
                    expected.map_or("more than 2^64".into(), |e| e.to_string())
                )));
            }
            let offset = r.pos;
            let scalar = if rank == 0 {
                Some(r.bytes(n_bytes as usize)?)
            } else {
                r.skip(n_bytes)?;
                None
            };
            variables.insert(
                name.clone(),
                Variable {
                    name,
                    shape,
                    dtype,
                    offset,
                    n_bytes,
                    scalar,
                },
            );
        }
        let mut aliases = HashMap::new();
        // Files written before aliases existed simply end here.
        if r.pos < file_len {
            let n_aliases = r.u32()?;
            for _ in 0..n_aliases {
                let alias = r.string()?;
                let target = r.string()?;
                aliases.insert(alias, target);
            }
        }
        Ok(Ct2Model {
            path: path.to_path_buf(),
            spec_name,
            spec_revision,
            file_len,
            variables,
            aliases,
        })
    }

    pub fn get(&self, name: &str) -> Option<&Variable> {
        self.variables
            .get(name)
            .or_else(|| self.variables.get(self.aliases.get(name)?))
    }

    pub fn require(&self, name: &str) -> Result<&Variable, ConvertError> {
        self.get(name).ok_or_else(|| ConvertError::MissingVariable {
            path: self.path.clone(),
            name: name.to_string(),
        })
    }

    /// An integer setting such as `encoder/num_heads`.
    pub fn scalar_int(&self, name: &str) -> Option<i64> {
        let v = self.get(name)?;
        let b = v.scalar.as_ref()?;
        Some(match v.dtype {
            Dtype::I8 => b[0] as i8 as i64,
            Dtype::I16 => i16::from_le_bytes([b[0], b[1]]) as i64,
            Dtype::I32 => i32::from_le_bytes([b[0], b[1], b[2], b[3]]) as i64,
            _ => return None,
        })
    }

    /// How many `prefix/layer_N` blocks exist.
    pub fn count_layers(&self, prefix: &str) -> usize {
        (0..)
            .take_while(|i| {
                let p = format!("{prefix}/layer_{i}/");
                self.variables.keys().any(|k| k.starts_with(&p))
            })
            .count()
    }
}

struct Reader<'p, R> {
    inner: R,
    pos: u64,
    file_len: u64,
    path: &'p Path,
}

impl<R: Read + Seek> Reader<'_, R> {
    fn bad(&self, reason: String) -> ConvertError {
        ConvertError::BadModelBin {
            path: self.path.to_path_buf(),
            reason,
        }
    }

    fn bytes(&mut self, n: usize) -> Result<Vec<u8>, ConvertError> {
        if self.pos + n as u64 > self.file_len {
            return Err(self.bad(format!(
                "it ends at byte {} but needs {} more bytes at offset {}: the file is truncated \
                 (for a split model, were all parts concatenated in order?)",
                self.file_len, n, self.pos
            )));
        }
        let mut buf = vec![0; n];
        self.inner.read_exact(&mut buf).map_err(|e| self.io(e))?;
        self.pos += n as u64;
        Ok(buf)
    }

    fn skip(&mut self, n: u64) -> Result<(), ConvertError> {
        if self.pos + n > self.file_len {
            return Err(self.bad(format!(
                "a variable at offset {} needs {n} bytes but the file has {}: it is truncated \
                 (for a split model, were all parts concatenated in order?)",
                self.pos, self.file_len
            )));
        }
        self.inner
            .seek(SeekFrom::Current(n as i64))
            .map_err(|e| self.io(e))?;
        self.pos += n;
        Ok(())
    }

    fn io(&self, source: io::Error) -> ConvertError {
        ConvertError::Io {
            path: self.path.to_path_buf(),
            source,
        }
    }

    fn u8(&mut self) -> Result<u8, ConvertError> {
        Ok(self.bytes(1)?[0])
    }

    fn u16(&mut self) -> Result<u16, ConvertError> {
        let b = self.bytes(2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    fn u32(&mut self) -> Result<u32, ConvertError> {
        let b = self.bytes(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// A u16 length that counts a trailing NUL, then the bytes.
    fn string(&mut self) -> Result<String, ConvertError> {
        let len = self.u16()? as usize;
        let mut b = self.bytes(len)?;
        if b.last() == Some(&0) {
            b.pop();
        }
        String::from_utf8(b).map_err(|_| self.bad("a name is not UTF-8".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string(out: &mut Vec<u8>, s: &str) {
        out.extend(((s.len() + 1) as u16).to_le_bytes());
        out.extend(s.as_bytes());
        out.push(0);
    }

    #[test]
    fn a_shape_whose_product_overflows_is_a_wrong_size_not_a_panic() {
        // Issue 16: the product of a hostile shape overflowed (a panic in debug; in release it
        // wrapped and could match the byte count).
        let mut bytes = BINARY_VERSION.to_le_bytes().to_vec();
        string(&mut bytes, "WhisperSpec");
        bytes.extend(1u32.to_le_bytes());
        bytes.extend(1u32.to_le_bytes());
        string(&mut bytes, "encoder/conv1/weight");
        bytes.push(4);
        for _ in 0..4 {
            bytes.extend(u32::MAX.to_le_bytes());
        }
        bytes.push(0); // f32
        bytes.extend(0u32.to_le_bytes());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("model.bin");
        std::fs::write(&path, bytes).unwrap();
        let err = Ct2Model::open(&path).unwrap_err().to_string();
        assert!(err.contains("needs more than 2^64"), "{err}");
    }
}
