//! The shapes the desktop app exchanges with its UI. TypeScript definitions are generated from
//! these (and from the core types they contain) into ui/src/bindings, so both sides agree.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use viva_core::{Assessment, Question, Transcript, Word};
use viva_models::models::InstalledModel;
use viva_store::ScorePoint;

use crate::Settings;

#[cfg(feature = "ts")]
use ts_rs::TS;

/// What the app needs to know to open: is there a model, a microphone, and where data lives.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct AppStatus {
    pub data_dir: PathBuf,
    pub models: Vec<InstalledModel>,
    pub default_model: Option<String>,
    pub microphone: MicrophoneStatus,
    pub settings: Settings,
    /// What each setting may be, for the Settings screen.
    pub limits: crate::settings::SettingLimits,
    /// No speech model is installed yet: the app guides the user through installing one.
    pub first_run: bool,
    /// User deck files that could not be loaded, with file, line and what to do.
    pub deck_problems: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct MicrophoneStatus {
    pub available: bool,
    /// The microphone that will be used.
    pub name: Option<String>,
    /// Why there is none, for people.
    pub problem: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Microphone {
    pub name: String,
    /// What settings store to choose it again.
    pub id: String,
    pub is_default: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct DeckSummary {
    pub id: String,
    pub title: String,
    pub description: String,
    pub categories: Vec<String>,
    pub question_count: usize,
    /// Shipped with Viva: read-only (duplicate it to edit a copy).
    pub built_in: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// One question, chosen or the weakest.
    Single,
    /// N random questions, like an interview.
    Mock,
    /// The lowest recent scores first, never-answered ones before them.
    WeakSpots,
    /// What spaced repetition says is due today, then new questions at the user's pace.
    Due,
}

impl Mode {
    /// How a session practised in this mode is kept.
    pub fn session_mode(self) -> viva_store::SessionMode {
        match self {
            Mode::Single => viva_store::SessionMode::Single,
            Mode::Mock => viva_store::SessionMode::Mock,
            Mode::WeakSpots => viva_store::SessionMode::WeakSpots,
            Mode::Due => viva_store::SessionMode::Due,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct PlanRequest {
    pub deck_id: String,
    /// `None` for every category.
    pub category: Option<String>,
    pub count: u32,
    pub mode: Mode,
    /// For single mode; `None` picks the weakest question.
    pub question_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct SessionPlan {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub session_id: i64,
    pub deck_id: String,
    pub mode: Mode,
    pub questions: Vec<Question>,
}

/// Progress while an answer is recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum AnswerEvent {
    /// The input level, about 25 times a second.
    Level {
        elapsed_s: f64,
        rms_db: f32,
        peak_db: f32,
    },
    /// The first word started (time to first word).
    Speech { at_s: f64 },
    /// The transcript so far: `committed` will not change; `tentative` may.
    Live {
        committed: Vec<Word>,
        tentative: Vec<Word>,
    },
    /// Recording ended by itself; ask for the result with `stop_answer`.
    Stopped {
        reason: StopKind,
        problem: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "kebab-case")]
pub enum StopKind {
    User,
    Silence,
    MaxLength,
    NoSpeech,
    SilentMicrophone,
    DeviceLost,
    /// The recording could not be written (a full disk); what was written is kept.
    WriteFailed,
}

impl From<&viva_audio::StopReason> for StopKind {
    fn from(r: &viva_audio::StopReason) -> StopKind {
        use viva_audio::StopReason as R;
        match r {
            R::Silence => StopKind::Silence,
            R::MaxLength => StopKind::MaxLength,
            R::Stopped => StopKind::User,
            R::NoSpeech => StopKind::NoSpeech,
            R::SilentMicrophone => StopKind::SilentMicrophone,
            R::DeviceLost(_) => StopKind::DeviceLost,
        }
    }
}

/// A scored, saved answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct AnswerResult {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub session_id: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub attempt_id: i64,
    pub question: Question,
    pub transcript: Transcript,
    pub assessment: Assessment,
    pub audio_path: Option<PathBuf>,
    /// Something the user should know about the recording (it was cut short, the microphone
    /// went away...); the answer is saved either way.
    pub problem: Option<String>,
    /// When the question comes back (spaced repetition), and the grade behind it.
    pub next_review: Option<crate::due::NextReview>,
    /// The user's usual delivery over their recent spoken answers, for the delivery table;
    /// `None` until there are a few.
    pub baseline: Option<viva_core::baseline::Baseline>,
    /// The follow-up to ask now (the session's mode and the setting allow one, and the answer
    /// left out a central point that has one): answer it with a follow-up recording.
    pub follow_up_question: Option<viva_core::follow_up::Probe>,
    /// The follow-up answered, when this result comes from answering it.
    pub follow_up: Option<viva_core::follow_up::FollowUp>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum PlaybackEvent {
    Position { at_s: f64 },
    Ended,
    Failed { message: String },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct QuestionProgress {
    pub question_id: String,
    pub prompt: String,
    pub category: String,
    pub points: Vec<ScorePoint>,
    /// When it is due again ("in 3 days"); `None` if never answered.
    pub due_in: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct CatalogModel {
    pub name: String,
    /// Bytes to download.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size: u64,
    pub english_only: bool,
    pub installed: bool,
    pub default: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct DownloadProgress {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub received: u64,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub total: Option<u64>,
    pub bytes_per_sec: f64,
}
