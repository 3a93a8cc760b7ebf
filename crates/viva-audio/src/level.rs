//! Input level for the UI meter: RMS and peak in dBFS over short windows.

/// Quieter than any real microphone's self-noise; stands in for -inf so the value stays finite
/// and serialisable.
pub const FLOOR_DB: f32 = -100.0;

/// One meter reading.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Level {
    pub rms_db: f32,
    pub peak_db: f32,
}

/// Amplitude (linear, full scale 1.0) to dBFS, clamped at [`FLOOR_DB`].
pub fn to_db(amplitude: f32) -> f32 {
    if amplitude <= 0.0 {
        FLOOR_DB
    } else {
        (20.0 * amplitude.log10()).max(FLOOR_DB)
    }
}

/// RMS and peak of a block, in dBFS.
pub fn measure(samples: &[f32]) -> Level {
    if samples.is_empty() {
        return Level {
            rms_db: FLOOR_DB,
            peak_db: FLOOR_DB,
        };
    }
    let mut sum = 0.0f64;
    let mut peak = 0.0f32;
    for &s in samples {
        sum += f64::from(s) * f64::from(s);
        peak = peak.max(s.abs());
    }
    let rms = (sum / samples.len() as f64).sqrt() as f32;
    Level {
        rms_db: to_db(rms),
        peak_db: to_db(peak),
    }
}

/// Accumulates samples and yields a reading every `window` samples. 40 ms windows give the
/// 25 updates a second a meter needs to look live without flooding the UI.
#[derive(Debug)]
pub struct LevelMeter {
    window: usize,
    filled: usize,
    sum: f64,
    peak: f32,
}

impl LevelMeter {
    pub fn new(sample_rate: u32, updates_per_second: u32) -> LevelMeter {
        LevelMeter {
            window: (sample_rate / updates_per_second.max(1)).max(1) as usize,
            filled: 0,
            sum: 0.0,
            peak: 0.0,
        }
    }

    /// Samples per reading.
    pub fn window(&self) -> usize {
        self.window
    }

    /// Feeds samples; calls `on_level` once per completed window.
    pub fn push(&mut self, samples: &[f32], mut on_level: impl FnMut(Level)) {
        for &s in samples {
            self.sum += f64::from(s) * f64::from(s);
            self.peak = self.peak.max(s.abs());
            self.filled += 1;
            if self.filled == self.window {
                let rms = (self.sum / self.window as f64).sqrt() as f32;
                on_level(Level {
                    rms_db: to_db(rms),
                    peak_db: to_db(self.peak),
                });
                self.filled = 0;
                self.sum = 0.0;
                self.peak = 0.0;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_scale_sine_is_minus_three_db_rms_and_zero_db_peak() {
        let sine: Vec<f32> = (0..16_000)
            .map(|i| (i as f32 * 2.0 * std::f32::consts::PI * 440.0 / 16_000.0).sin())
            .collect();
        let l = measure(&sine);
        assert!((l.rms_db - -3.01).abs() < 0.05, "{l:?}");
        assert!(l.peak_db.abs() < 0.01, "{l:?}");
    }

    #[test]
    fn half_scale_square_wave_is_minus_six_db() {
        let sq: Vec<f32> = (0..1000)
            .map(|i| if i % 2 == 0 { 0.5 } else { -0.5 })
            .collect();
        let l = measure(&sq);
        assert!((l.rms_db - -6.02).abs() < 0.01 && (l.peak_db - -6.02).abs() < 0.01);
    }

    #[test]
    fn digital_silence_is_the_floor_not_minus_infinity() {
        assert_eq!(measure(&[0.0; 100]).rms_db, FLOOR_DB);
        assert_eq!(measure(&[]).peak_db, FLOOR_DB);
    }

    #[test]
    fn meter_reports_25_times_a_second_and_follows_the_signal() {
        let mut m = LevelMeter::new(16_000, 25);
        let mut readings = Vec::new();
        let mut signal = vec![0.0f32; 8_000];
        signal.extend(std::iter::repeat_n(0.1f32, 8_000));
        // Odd-sized pushes: the window must not depend on how the caller slices its audio.
        for block in signal.chunks(333) {
            m.push(block, |l| readings.push(l));
        }
        assert_eq!(readings.len(), 25);
        assert_eq!(readings[0].rms_db, FLOOR_DB);
        assert!((readings[24].rms_db - -20.0).abs() < 0.01);
    }
}
