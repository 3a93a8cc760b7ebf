//! The user's choices, kept as JSON in the data folder. Unknown or missing fields fall back to
//! defaults so a settings file from an older or newer version still opens.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use viva_audio::RecordConfig;
use viva_core::DeliveryTargets;

use crate::PracticeError;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct Settings {
    /// Microphone id from the device list; `None` follows the system default.
    pub microphone: Option<String>,
    /// Speech synthesis voice name for asking questions; `None` is the system's.
    pub voice: Option<String>,
    /// Speech rate for asking questions, 1.0 is normal.
    pub rate: f64,
    /// Stop recording after this many seconds of silence once the answer has started; 0 = off.
    pub auto_stop_s: f64,
    /// The longest answer, in seconds.
    pub max_answer_s: f64,
    /// Comfortable pace, words per minute.
    pub pace_wpm: [f64; 2],
    /// Thinking time before recording starts by itself; 0 = start with the button.
    pub thinking_s: f64,
    /// New questions the Due mode introduces per day.
    pub new_per_day: f64,
    /// When Viva asks a follow-up about a central point the answer left out.
    pub follow_ups: FollowUps,
}

/// When follow-up questions are asked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum FollowUps {
    /// In mock interviews, as an interviewer would.
    #[default]
    Mock,
    /// After every answer, in every mode.
    Always,
    Never,
}

impl FollowUps {
    /// Whether a session kept as `mode` (`SessionMode::as_str`) asks follow-ups.
    pub fn asked_in(self, mode: &str) -> bool {
        match self {
            FollowUps::Mock => mode == viva_store::SessionMode::Mock.as_str(),
            FollowUps::Always => true,
            FollowUps::Never => false,
        }
    }
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            microphone: None,
            voice: None,
            rate: 1.0,
            auto_stop_s: 3.0,
            max_answer_s: 180.0,
            pace_wpm: DeliveryTargets::default().words_per_minute,
            thinking_s: 0.0,
            new_per_day: 5.0,
            follow_ups: FollowUps::Mock,
        }
    }
}

const FILE: &str = "settings.json";

/// What a setting may be: the Settings screen's fields take their bounds and steps from here,
/// and `Settings::validate` holds every saved file to the same.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Limit {
    pub min: f64,
    pub max: f64,
    /// The step of the screen's field.
    pub step: f64,
}

impl Limit {
    pub fn contains(&self, v: f64) -> bool {
        v.is_finite() && self.min <= v && v <= self.max
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SettingLimits {
    pub rate: Limit,
    pub auto_stop_s: Limit,
    pub max_answer_s: Limit,
    /// Both ends of the pace band.
    pub pace_wpm: Limit,
    pub thinking_s: Limit,
    pub new_per_day: Limit,
}

pub const LIMITS: SettingLimits = SettingLimits {
    rate: Limit {
        min: 0.5,
        max: 2.0,
        step: 0.05,
    },
    auto_stop_s: Limit {
        min: 0.0,
        max: 30.0,
        step: 0.5,
    },
    max_answer_s: Limit {
        min: 10.0,
        max: 600.0,
        step: 10.0,
    },
    pace_wpm: Limit {
        min: 40.0,
        max: 300.0,
        step: 5.0,
    },
    thinking_s: Limit {
        min: 0.0,
        max: 120.0,
        step: 1.0,
    },
    new_per_day: Limit {
        min: 0.0,
        max: 50.0,
        step: 1.0,
    },
};

impl Settings {
    pub fn path(data_dir: &Path) -> PathBuf {
        data_dir.join(FILE)
    }

    /// The saved settings, or the defaults when none were saved yet.
    pub fn load(data_dir: &Path) -> Result<Settings, PracticeError> {
        let path = Settings::path(data_dir);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Settings::default()),
            Err(e) => {
                return Err(PracticeError::BadSettings {
                    path,
                    detail: e.to_string(),
                });
            }
        };
        let settings: Settings =
            serde_json::from_str(&text).map_err(|e| PracticeError::BadSettings {
                path: path.clone(),
                detail: e.to_string(),
            })?;
        settings.validate()?;
        Ok(settings)
    }

    /// Checks and saves; written to a temporary file first so a full disk never leaves half a
    /// settings file behind.
    pub fn save(&self, data_dir: &Path) -> Result<(), PracticeError> {
        self.validate()?;
        let path = Settings::path(data_dir);
        let tmp = path.with_extension("json.tmp");
        let io = |source| PracticeError::Io {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(data_dir).map_err(io)?;
        let text = serde_json::to_string_pretty(self).expect("settings serialise");
        std::fs::write(&tmp, text).map_err(io)?;
        std::fs::rename(&tmp, &path).map_err(io)
    }

    pub fn validate(&self) -> Result<(), PracticeError> {
        let bad = |m: String| Err(PracticeError::InvalidSetting(m));
        let l = &LIMITS;
        if !l.rate.contains(self.rate) {
            return bad(format!(
                "the speaking rate must be between {} and {}",
                l.rate.min, l.rate.max
            ));
        }
        if !l.auto_stop_s.contains(self.auto_stop_s) {
            return bad(format!(
                "silence auto-stop must be between 0 (off) and {} seconds",
                l.auto_stop_s.max
            ));
        }
        if !l.max_answer_s.contains(self.max_answer_s) {
            return bad(format!(
                "the longest answer must be between {} and {} seconds",
                l.max_answer_s.min, l.max_answer_s.max
            ));
        }
        let [lo, hi] = self.pace_wpm;
        if !(l.pace_wpm.contains(lo) && l.pace_wpm.contains(hi) && lo < hi) {
            return bad(format!(
                "the pace band must go from a lower to a higher number of words per minute, \
                 between {} and {}",
                l.pace_wpm.min, l.pace_wpm.max
            ));
        }
        if !l.thinking_s.contains(self.thinking_s) {
            return bad(format!(
                "thinking time must be between 0 (off) and {} seconds",
                l.thinking_s.max
            ));
        }
        if !l.new_per_day.contains(self.new_per_day) || self.new_per_day.fract() != 0.0 {
            return bad(format!(
                "new questions per day must be a whole number from 0 to {}",
                l.new_per_day.max
            ));
        }
        Ok(())
    }

    pub fn targets(&self) -> DeliveryTargets {
        DeliveryTargets {
            words_per_minute: self.pace_wpm,
            ..DeliveryTargets::default()
        }
    }

    /// Recording for practice keeps the silence before the answer: the wait before the first
    /// word is part of what is practised, and replay shows it.
    pub fn record_config(&self) -> RecordConfig {
        let silence = Duration::from_secs_f64(self.auto_stop_s);
        RecordConfig {
            max_duration: Duration::from_secs_f64(self.max_answer_s),
            stop_after_silence: (!silence.is_zero()).then_some(silence),
            trim_leading: false,
            ..RecordConfig::default()
        }
    }
}
