//! Recordings that survive a crash: 16 kHz mono 16-bit WAV written as the audio comes, with
//! the header brought up to date and the data pushed to disk every half second. A file cut
//! off between two checkpoints (killed process, power loss) is made valid again by [`repair`].

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::AudioError;
use crate::wav::SPEECH_RATE;

/// Half the promised second: the worst case is then a checkpoint's worth of audio plus what
/// is still in flight through the ring buffer and resampler.
const CHECKPOINT_SAMPLES: u64 = SPEECH_RATE as u64 / 2;

fn spec() -> hound::WavSpec {
    hound::WavSpec {
        channels: 1,
        sample_rate: SPEECH_RATE,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    }
}

/// A buffered file whose flush also reaches the disk, so hound's checkpoint (header rewrite +
/// flush) survives power loss and not just a crash of this process.
struct DurableFile(BufWriter<File>);

impl Write for DurableFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()?;
        self.0.get_ref().sync_data()
    }
}

impl Seek for DurableFile {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.0.seek(pos)
    }
}

pub struct WavRecorder {
    path: PathBuf,
    writer: hound::WavWriter<DurableFile>,
    written: u64,
    since_checkpoint: u64,
}

impl WavRecorder {
    pub fn create(path: &Path) -> Result<WavRecorder, AudioError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(|e| write_err(path, e))?;
        }
        let file = File::create(path).map_err(|e| write_err(path, e))?;
        let writer = hound::WavWriter::new(DurableFile(BufWriter::new(file)), spec())
            .map_err(|e| write_err(path, e))?;
        let mut rec = WavRecorder {
            path: path.to_owned(),
            writer,
            written: 0,
            since_checkpoint: 0,
        };
        // Put a valid header on disk at once: a crash in the first half second then leaves
        // an empty but readable recording rather than a zero-byte file.
        rec.checkpoint()?;
        Ok(rec)
    }

    pub fn write(&mut self, samples: &[f32]) -> Result<(), AudioError> {
        for &s in samples {
            let v = (s.clamp(-1.0, 1.0) * f32::from(i16::MAX)).round() as i16;
            self.writer
                .write_sample(v)
                .map_err(|e| write_err(&self.path, e))?;
        }
        self.written += samples.len() as u64;
        self.since_checkpoint += samples.len() as u64;
        if self.since_checkpoint >= CHECKPOINT_SAMPLES {
            self.checkpoint()?;
        }
        Ok(())
    }

    fn checkpoint(&mut self) -> Result<(), AudioError> {
        self.since_checkpoint = 0;
        self.writer.flush().map_err(|e| write_err(&self.path, e))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn samples_written(&self) -> u64 {
        self.written
    }

    pub fn finish(self) -> Result<(), AudioError> {
        let path = self.path;
        self.writer.finalize().map_err(|e| write_err(&path, e))
    }
}

fn write_err(path: &Path, e: impl WriteFailure) -> AudioError {
    if e.disk_full() {
        return AudioError::DiskFull {
            path: path.to_owned(),
        };
    }
    AudioError::Write {
        path: path.to_owned(),
        detail: e.to_string(),
    }
}

/// An error from writing a recording, which may say that the disk is full.
trait WriteFailure: ToString {
    fn disk_full(&self) -> bool;
}

impl WriteFailure for io::Error {
    fn disk_full(&self) -> bool {
        self.kind() == io::ErrorKind::StorageFull
    }
}

impl WriteFailure for hound::Error {
    fn disk_full(&self) -> bool {
        matches!(self, hound::Error::IoError(e) if e.disk_full())
    }
}

/// What [`repair`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repair {
    /// The header already matched the data.
    Intact,
    /// The header was rewritten to cover all the whole samples on disk.
    Fixed,
}

/// Makes a WAV cut off mid-recording valid again: the RIFF and data sizes are set from the
/// file's real length, and a half-written last sample frame is dropped. Call it at start-up
/// on recordings that were in progress when the app last stopped.
pub fn repair(path: &Path) -> Result<Repair, AudioError> {
    let fail = |detail: String| AudioError::Repair {
        path: path.to_owned(),
        detail,
    };
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .map_err(|e| fail(e.to_string()))?;
    let len = file.metadata().map_err(|e| fail(e.to_string()))?.len();
    let mut head = [0u8; 12];
    file.read_exact(&mut head)
        .map_err(|_| fail("the file is too short to hold a WAV header".into()))?;
    if &head[0..4] != b"RIFF" || &head[8..12] != b"WAVE" {
        return Err(fail("it is not a WAV file".into()));
    }
    // Walk the chunks to the data chunk; hound may put a fmt (and for some formats a fact)
    // chunk first, so its offset is not always 44.
    let mut pos = 12u64;
    let mut block_align = 0u64;
    let (data_size_at, data_start, declared) = loop {
        let mut hdr = [0u8; 8];
        file.seek(SeekFrom::Start(pos))
            .and_then(|_| file.read_exact(&mut hdr))
            .map_err(|_| fail("no audio data chunk before the end of the file".into()))?;
        let size = u64::from(u32::from_le_bytes(hdr[4..8].try_into().expect("4 bytes")));
        if &hdr[0..4] == b"fmt " {
            let mut fmt = [0u8; 14];
            file.read_exact(&mut fmt)
                .map_err(|_| fail("the format chunk is cut off".into()))?;
            block_align = u64::from(u16::from_le_bytes([fmt[12], fmt[13]]));
        }
        if &hdr[0..4] == b"data" {
            break (pos + 4, pos + 8, size);
        }
        pos += 8 + size + (size & 1);
    };
    if block_align == 0 {
        return Err(fail("the format chunk is missing or damaged".into()));
    }
    let available = len.saturating_sub(data_start);
    let data = available - available % block_align;
    let riff = data_start - 8 + data;
    let riff_declared = u64::from(u32::from_le_bytes(head[4..8].try_into().expect("4 bytes")));
    if declared == data && riff_declared == riff && available == data {
        return Ok(Repair::Intact);
    }
    let too_big = |_| fail("the recording is larger than a WAV file can describe".into());
    let data32 = u32::try_from(data).map_err(too_big)?;
    let riff32 = u32::try_from(riff).map_err(too_big)?;
    let io = |e: io::Error| fail(e.to_string());
    file.set_len(data_start + data).map_err(io)?;
    file.seek(SeekFrom::Start(4)).map_err(io)?;
    file.write_all(&riff32.to_le_bytes()).map_err(io)?;
    file.seek(SeekFrom::Start(data_size_at)).map_err(io)?;
    file.write_all(&data32.to_le_bytes()).map_err(io)?;
    file.sync_all().map_err(io)?;
    Ok(Repair::Fixed)
}

/// Keeps samples `[start, end)` of a finished recording, replacing the file atomically so a
/// crash while trimming leaves the untrimmed recording, never a broken one.
pub fn trim(path: &Path, start: u64, end: u64) -> Result<(), AudioError> {
    let mut reader = hound::WavReader::open(path).map_err(|e| write_err(path, e))?;
    let total = u64::from(reader.duration());
    let (start, end) = (start.min(total), end.min(total));
    if start == 0 && end == total {
        return Ok(());
    }
    let tmp = path.with_extension("trim.tmp");
    let mut writer = hound::WavWriter::create(&tmp, spec()).map_err(|e| write_err(&tmp, e))?;
    reader.seek(start as u32).map_err(|e| write_err(path, e))?;
    for s in reader.samples::<i16>().take((end - start) as usize) {
        let s = s.map_err(|e| write_err(path, e))?;
        writer.write_sample(s).map_err(|e| write_err(&tmp, e))?;
    }
    writer.finalize().map_err(|e| write_err(&tmp, e))?;
    fs::rename(&tmp, path).map_err(|e| write_err(path, e))
}

/// Length of a 16 kHz recording from its sample count.
pub fn duration_of(samples: u64) -> Duration {
    Duration::from_secs_f64(samples as f64 / f64::from(SPEECH_RATE))
}

#[cfg(test)]
#[path = "recording_tests.rs"]
mod tests;
