//! Whisper's mel filter bank, computed rather than shipped.
//!
//! whisper.cpp reads the filters from the model file, and OpenAI made them with
//! `librosa.filters.mel(sr=16000, n_fft=400, n_mels=N)`. This reproduces librosa's arithmetic
//! step for step (f64 throughout, rounded to f32 where librosa stores into its f32 array, then
//! scaled in f64 and rounded again), so the result is bit-identical to OpenAI's
//! `mel_filters.npz`, and the filter section of a converted file equals an official file's.

/// Sample rate whisper works at.
pub const SAMPLE_RATE: f64 = 16_000.0;
/// whisper's FFT size; it gives `N_FFT / 2 + 1` = 201 frequency bins.
pub const N_FFT: usize = 400;

// Slaney's mel scale: linear (200/3 Hz per mel) below 1 kHz, logarithmic above.
const F_SP: f64 = 200.0 / 3.0;
const MIN_LOG_HZ: f64 = 1000.0;
const MIN_LOG_MEL: f64 = MIN_LOG_HZ / F_SP;

fn log_step() -> f64 {
    6.4f64.ln() / 27.0
}

pub fn hz_to_mel(hz: f64) -> f64 {
    if hz >= MIN_LOG_HZ {
        MIN_LOG_MEL + (hz / MIN_LOG_HZ).ln() / log_step()
    } else {
        hz / F_SP
    }
}

pub fn mel_to_hz(mel: f64) -> f64 {
    if mel >= MIN_LOG_MEL {
        MIN_LOG_HZ * (log_step() * (mel - MIN_LOG_MEL)).exp()
    } else {
        F_SP * mel
    }
}

/// numpy's linspace: start + i * step, with the last point set to `stop` exactly.
fn linspace(start: f64, stop: f64, n: usize) -> Vec<f64> {
    let step = (stop - start) / (n - 1) as f64;
    let mut v: Vec<f64> = (0..n).map(|i| i as f64 * step + start).collect();
    v[n - 1] = stop;
    v
}

/// The filter bank as `n_mels` rows of 201 values (row-major), as the ggml file stores it.
pub fn mel_filters(n_mels: usize) -> Vec<f32> {
    let n_bins = N_FFT / 2 + 1;
    // numpy's rfftfreq(n, d=1/sr).
    let bin_hz = 1.0 / (N_FFT as f64 * (1.0 / SAMPLE_RATE));
    let fft_freqs: Vec<f64> = (0..n_bins).map(|k| k as f64 * bin_hz).collect();
    let mel_f: Vec<f64> = linspace(hz_to_mel(0.0), hz_to_mel(SAMPLE_RATE / 2.0), n_mels + 2)
        .into_iter()
        .map(mel_to_hz)
        .collect();
    let mut out = Vec::with_capacity(n_mels * n_bins);
    for i in 0..n_mels {
        let lower_width = mel_f[i + 1] - mel_f[i];
        let upper_width = mel_f[i + 2] - mel_f[i + 1];
        // Slaney normalisation: each triangle has unit area in Hz.
        let enorm = 2.0 / (mel_f[i + 2] - mel_f[i]);
        for &f in &fft_freqs {
            let lower = -(mel_f[i] - f) / lower_width;
            let upper = (mel_f[i + 2] - f) / upper_width;
            // np.maximum(0, x) keeps x on a tie, so filter 0's first weight stays -0.0 as in
            // OpenAI's file; f64::max would turn it into +0.0 and change the file's bytes.
            let m = lower.min(upper);
            let w = if m >= 0.0 { m } else { 0.0 } as f32;
            out.push((w as f64 * enorm) as f32);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha1::{Digest, Sha1};

    fn sha1_of(values: &[f32]) -> String {
        let mut h = Sha1::new();
        for v in values {
            h.update(v.to_le_bytes());
        }
        crate::download::hex(&h.finalize())
    }

    // Reference values read from OpenAI whisper's assets/mel_filters.npz (made by librosa).
    #[test]
    fn matches_librosa_80_bit_for_bit() {
        let m = mel_filters(80);
        assert_eq!(m.len(), 80 * 201);
        assert_eq!(m[1], 0.024_862_595_f32);
        assert_eq!(m[201 + 2], 0.022_871_772_f32);
        assert_eq!(m[40 * 201 + 43], 0.014_735_566_f32);
        assert_eq!(m[79 * 201 + 192], 0.003_164_711_9_f32);
        // Filter 0 is a single bin wide: only bin 1 is non-zero.
        assert_eq!(m[..201].iter().filter(|&&v| v != 0.0).count(), 1);
        let total: f64 = m.iter().map(|&v| v as f64).sum();
        assert!((total - 1.999_024_092_387_117).abs() < 1e-9, "{total}");
        assert_eq!(sha1_of(&m), "d9b884b7fa17d61cc6c2154b8ee7718157c4d478");
    }

    #[test]
    fn matches_librosa_128_bit_for_bit() {
        let m = mel_filters(128);
        assert_eq!(m[1], 0.012_373_987_f32);
        assert_eq!(sha1_of(&m), "056407b65c46b6da6ecda5fb302eb4f09c5d1f09");
    }

    #[test]
    fn scale_is_linear_then_logarithmic() {
        assert!((hz_to_mel(500.0) - 7.5).abs() < 1e-12);
        assert!((hz_to_mel(1000.0) - 15.0).abs() < 1e-12);
        assert!((hz_to_mel(6400.0) - 42.0).abs() < 1e-9);
        for hz in [0.0, 440.0, 999.0, 1000.0, 3000.0, 8000.0] {
            assert!((mel_to_hz(hz_to_mel(hz)) - hz).abs() < 1e-9);
        }
    }
}
