//! Resampling a live stream to 16 kHz, a block at a time.
//!
//! The same band-limited FFT resampler as `wav::resample`, but fed incrementally: the capture
//! worker cannot wait for the whole answer. The resampler's start-up delay is dropped so that
//! output sample n is input time n/16000, which keeps VAD times and word timings aligned with
//! the device clock.

use rubato::audioadapter_buffers::direct::InterleavedSlice;
use rubato::{Fft, FixedSync, Indexing, Resampler};

use crate::wav::{SPEECH_RATE, WavError};

pub struct StreamResampler {
    inner: Option<Fft<f32>>,
    from: u32,
    pending: Vec<f32>,
    out: Vec<f32>,
    to_skip: usize,
    consumed: u64,
    produced: u64,
}

impl StreamResampler {
    pub fn new(from: u32) -> Result<StreamResampler, WavError> {
        let inner = if from == SPEECH_RATE {
            None
        } else {
            // ~20 ms input chunks keep the pipeline's latency low for the meter and VAD.
            let chunk = (from as usize / 50).max(64);
            let rs = Fft::<f32>::new(
                from as usize,
                SPEECH_RATE as usize,
                chunk,
                1,
                FixedSync::Input,
            )
            .map_err(|e| err(from, e.to_string()))?;
            Some(rs)
        };
        let (to_skip, out_len) = inner
            .as_ref()
            .map_or((0, 0), |r| (r.output_delay(), r.output_frames_max()));
        Ok(StreamResampler {
            inner,
            from,
            pending: Vec::new(),
            out: vec![0.0; out_len],
            to_skip,
            consumed: 0,
            produced: 0,
        })
    }

    /// Feeds device-rate mono samples; appends whatever 16 kHz output is ready to `output`.
    pub fn push(&mut self, input: &[f32], output: &mut Vec<f32>) -> Result<(), WavError> {
        self.consumed += input.len() as u64;
        let Some(rs) = self.inner.as_mut() else {
            self.produced += input.len() as u64;
            output.extend_from_slice(input);
            return Ok(());
        };
        self.pending.extend_from_slice(input);
        let mut start = 0;
        while self.pending.len() - start >= rs.input_frames_next() {
            let need = rs.input_frames_next();
            let block = &self.pending[start..start + need];
            let (used, made) = run(rs, block, None, &mut self.out, self.from)?;
            emit(
                &self.out[..made],
                &mut self.to_skip,
                &mut self.produced,
                output,
            );
            start += used;
        }
        self.pending.drain(..start);
        Ok(())
    }

    /// Flushes the samples still inside the resampler so the output covers all the input.
    pub fn finish(&mut self, output: &mut Vec<f32>) -> Result<(), WavError> {
        let Some(rs) = self.inner.as_mut() else {
            return Ok(());
        };
        let expected = self.consumed * u64::from(SPEECH_RATE) / u64::from(self.from);
        let mut guard = 0;
        while self.produced < expected && guard < 64 {
            guard += 1;
            let need = rs.input_frames_next();
            let have = self.pending.len().min(need);
            let mut block = std::mem::take(&mut self.pending);
            block.resize(need, 0.0);
            let idx = Indexing {
                input_offset: 0,
                output_offset: 0,
                partial_len: Some(have),
                active_channels_mask: None,
            };
            let (_, made) = run(rs, &block, Some(&idx), &mut self.out, self.from)?;
            let want = (expected - self.produced) as usize;
            let take = made.min(want + self.to_skip);
            emit(
                &self.out[..take],
                &mut self.to_skip,
                &mut self.produced,
                output,
            );
        }
        Ok(())
    }
}

fn run(
    rs: &mut Fft<f32>,
    input: &[f32],
    idx: Option<&Indexing>,
    out: &mut [f32],
    from: u32,
) -> Result<(usize, usize), WavError> {
    let frames_out = out.len();
    let a = InterleavedSlice::new(input, 1, input.len()).map_err(|e| err(from, e.to_string()))?;
    let mut b =
        InterleavedSlice::new_mut(out, 1, frames_out).map_err(|e| err(from, e.to_string()))?;
    rs.process_into_buffer(&a, &mut b, idx)
        .map_err(|e| err(from, e.to_string()))
}

fn emit(block: &[f32], to_skip: &mut usize, produced: &mut u64, output: &mut Vec<f32>) {
    let skip = (*to_skip).min(block.len());
    *to_skip -= skip;
    output.extend_from_slice(&block[skip..]);
    *produced += (block.len() - skip) as u64;
}

fn err(from: u32, detail: String) -> WavError {
    WavError::Resample {
        from,
        to: SPEECH_RATE,
        detail,
    }
}
