//! Viva's practice history: sessions and their attempts, in one SQLite file in the data folder.
//!
//! An attempt keeps a copy of the question as it was asked, so editing or deleting a deck never
//! changes what history says was asked and answered.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use viva_core::follow_up::FollowUp;
use viva_core::schedule::{Recall, Review};
use viva_core::{Assessment, Question, Transcript};

mod migrations;

/// The SQLite file's name inside the data folder.
pub const DB_FILE: &str = "viva.sqlite3";
/// Recordings live here, inside the data folder.
pub const RECORDINGS_DIR: &str = "recordings";
/// Held while a process opens (and upgrades) the history.
const LOCK_FILE: &str = "viva.sqlite3.lock";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the data folder {path}: {source}")]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open the history database {path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "cannot upgrade the history database {path}: {source}. Back up the file and report this problem"
    )]
    Migrate {
        path: PathBuf,
        source: rusqlite_migration::Error,
    },
    #[error(
        "the history database {path} was written by a newer Viva (schema {found}, this one knows {known}); update Viva"
    )]
    TooNew {
        path: PathBuf,
        found: usize,
        known: usize,
    },
    #[error("no session with id {0}; `viva history` lists them")]
    NoSession(i64),
    #[error("no attempt with id {0}")]
    NoAttempt(i64),
    #[error("history database error: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error(
        "attempt {id} was saved by a newer Viva (record format {found}, this one reads up to {known}); update Viva"
    )]
    RecordTooNew { id: i64, found: i64, known: i64 },
    #[error("a stored record could not be read ({0}); the database may have been edited by hand")]
    Corrupt(#[from] serde_json::Error),
    #[error("cannot delete the recording {path}: {source}")]
    DeleteAudio {
        path: PathBuf,
        source: std::io::Error,
    },
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The platform's data folder for Viva, unless `VIVA_DATA_DIR` says otherwise.
pub fn default_data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("VIVA_DATA_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("app", "Viva", "viva").map(|d| d.data_dir().to_path_buf())
}

/// A practice session: one sitting, one or more questions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SessionSummary {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// RFC 3339, UTC.
    pub started_at: String,
    pub deck_id: String,
    /// How the session was practised: a [`SessionMode`]'s name as written, or a later Viva's
    /// name for a mode this one does not know (shown as it is, never refused).
    pub mode: String,
    pub attempts: usize,
    pub questions: usize,
    pub average_score: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Session {
    /// Not flattened: the summary's attempt count and the attempts themselves share a name.
    pub summary: SessionSummary,
    pub attempts: Vec<Attempt>,
}

/// One answer to one question, with everything needed to replay and re-score it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Attempt {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub session_id: i64,
    pub created_at: String,
    pub deck_id: String,
    /// The question as it was asked.
    pub question: Question,
    pub transcript: Transcript,
    pub assessment: Assessment,
    /// The recording, if the answer was spoken.
    pub audio_path: Option<PathBuf>,
    /// The speech model that transcribed it.
    pub model: Option<String>,
    pub status: AttemptStatus,
    /// The stored assessment was written by a Viva whose results this one cannot read, so the
    /// answer was scored again from its stored transcript (the words are the user's; the
    /// verdicts are this version's).
    #[serde(default)]
    pub rescored: bool,
    /// The spaced-repetition grade the answer earned (`None` while it is being recorded).
    #[serde(default)]
    pub recall: Option<Recall>,
    /// The follow-up asked after the answer, if one was answered (or is being).
    #[serde(default)]
    pub follow_up: Option<FollowUp>,
    /// The follow-up answer's recording.
    #[serde(default)]
    pub follow_up_audio: Option<PathBuf>,
}

/// How a session was practised. Written by name; read back as text (see
/// [`SessionSummary::mode`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionMode {
    /// One question, chosen or the weakest.
    Single,
    /// Several questions in a row, like an interview.
    Mock,
    /// The lowest recent scores first.
    WeakSpots,
    /// An answer scored with `viva score --save`.
    Cli,
    /// What spaced repetition said was due.
    Due,
}

impl SessionMode {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionMode::Single => "single",
            SessionMode::Mock => "mock",
            SessionMode::WeakSpots => "weak-spots",
            SessionMode::Cli => "cli",
            SessionMode::Due => "due",
        }
    }
}

/// Where an attempt stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum AttemptStatus {
    /// Answered and scored.
    Complete,
    /// Its answer is being recorded (or was, when Viva stopped: see [`Store::unfinished`]).
    Recording,
    /// Cut off by a crash and recovered afterwards, with whatever its audio held.
    Interrupted,
}

impl AttemptStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AttemptStatus::Complete => "complete",
            AttemptStatus::Recording => "recording",
            AttemptStatus::Interrupted => "interrupted",
        }
    }

    /// A stored status; one this version does not know (a hand edit, a later Viva) reads as
    /// interrupted: the attempt is shown, and nothing assumes it is whole.
    fn parse(stored: &str) -> AttemptStatus {
        match stored {
            "complete" => AttemptStatus::Complete,
            "recording" => AttemptStatus::Recording,
            _ => AttemptStatus::Interrupted,
        }
    }
}

impl std::fmt::Display for AttemptStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The shape of the JSON an attempt row holds (question, transcript, assessment). Fields are
/// only ever added, with defaults; a change old readers cannot follow bumps this, and
/// [`RawAttempt::parse`] learns to read the older shape.
const RECORD_FORMAT: i64 = 1;

/// What a caller supplies to record an attempt.
#[derive(Debug, Clone)]
pub struct NewAttempt<'a> {
    pub deck_id: &'a str,
    pub question: &'a Question,
    pub transcript: &'a Transcript,
    pub assessment: &'a Assessment,
    pub audio_path: Option<&'a Path>,
    pub model: Option<&'a str>,
    /// Its spaced-repetition grade ([`viva_core::schedule::grade`]).
    pub recall: Option<Recall>,
}

/// A question's score over time, for progress charts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ScorePoint {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub attempt_id: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub session_id: i64,
    pub created_at: String,
    pub score: u32,
}

pub struct Store {
    conn: Connection,
    data_dir: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the history in `data_dir`, upgrading its schema.
    pub fn open(data_dir: &Path) -> Result<Store> {
        create_data_dir(data_dir)?;
        let path = data_dir.join(DB_FILE);
        // Two processes opening a new history at once (the app and `viva score --save`, or two
        // scripts) would both find schema 0 and both create the tables. Opening is serialised by
        // a lock file, held until the schema is current.
        let lock = std::fs::File::create(data_dir.join(LOCK_FILE)).map_err(|source| {
            StoreError::DataDir {
                path: data_dir.into(),
                source,
            }
        })?;
        lock.lock().map_err(|source| StoreError::DataDir {
            path: data_dir.into(),
            source,
        })?;
        let new_db = !path.exists();
        let mut conn = Connection::open(&path).map_err(|source| StoreError::Open {
            path: path.clone(),
            source,
        })?;
        // SQLite gives its -wal and -shm files the database's permissions.
        if new_db {
            owner_only(&path, 0o600).map_err(|source| StoreError::DataDir {
                path: path.clone(),
                source,
            })?;
        }
        // Before anything that takes a lock: another process saving an attempt makes this one
        // wait, not fail with "database is locked".
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // WAL keeps readers (the app's history view) from blocking a writer saving an attempt, and
        // a crash mid-write loses at most the transaction in flight.
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|source| StoreError::Open {
                path: path.clone(),
                source,
            })?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrations::apply(&mut conn, &path)?;
        drop(lock);
        Ok(Store {
            conn,
            data_dir: data_dir.to_path_buf(),
        })
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Where new recordings should be written.
    pub fn recordings_dir(&self) -> PathBuf {
        self.data_dir.join(RECORDINGS_DIR)
    }

    /// A fresh path in the recordings folder for an answer to `question_id` (the folder is
    /// created). Recorders write straight there, so a crash leaves the audio where history
    /// expects it.
    pub fn new_recording_path(&self, question_id: &str) -> Result<PathBuf> {
        let dir = self.recordings_dir();
        std::fs::create_dir_all(&dir).map_err(|source| StoreError::DataDir {
            path: dir.clone(),
            source,
        })?;
        let stamp = jiff::Timestamp::now()
            .strftime("%Y%m%dT%H%M%S%.3fZ")
            .to_string()
            .replace('.', "");
        let slug: String = question_id
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        for n in 1.. {
            let name = if n == 1 {
                format!("{stamp}-{slug}.wav")
            } else {
                format!("{stamp}-{slug}-{n}.wav")
            };
            let path = dir.join(name);
            if !path.exists() {
                return Ok(path);
            }
        }
        unreachable!("some suffix is free")
    }

    pub fn create_session(&self, deck_id: &str, mode: SessionMode) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO sessions (started_at, deck_id, mode) VALUES (?1, ?2, ?3)",
            params![now(), deck_id, mode.as_str()],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// A new session holding one attempt, both or neither: a process killed in between leaves
    /// no session without its answer. Returns (session, attempt).
    pub fn add_session_with_attempt(
        &self,
        mode: SessionMode,
        a: &NewAttempt<'_>,
    ) -> Result<(i64, i64)> {
        let tx = rusqlite::Transaction::new_unchecked(
            &self.conn,
            rusqlite::TransactionBehavior::Immediate,
        )?;
        let session = self.create_session(a.deck_id, mode)?;
        let attempt = self.add_attempt(session, a)?;
        tx.commit()?;
        Ok((session, attempt))
    }

    pub fn add_attempt(&self, session_id: i64, a: &NewAttempt<'_>) -> Result<i64> {
        self.session_summary(session_id)?;
        self.conn.execute(
            "INSERT INTO attempts (session_id, created_at, deck_id, question_id, question, transcript, assessment, score, audio_path, model, format, recall)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                session_id,
                now(),
                a.deck_id,
                a.question.id,
                serde_json::to_string(a.question)?,
                serde_json::to_string(a.transcript)?,
                serde_json::to_string(a.assessment)?,
                a.assessment.score,
                a.audio_path.map(|p| self.stored_path(p)),
                a.model,
                RECORD_FORMAT,
                a.recall.map(Recall::as_str),
            ],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Records an attempt whose answer is about to be recorded to `audio_path`, scored as
    /// empty for now; [`Store::finish_attempt`] fills it in. Until then a crash leaves the row
    /// in the 'recording' state with its audio attached, for [`Store::unfinished`].
    pub fn begin_attempt(
        &self,
        session_id: i64,
        deck_id: &str,
        question: &Question,
        audio_path: &Path,
    ) -> Result<i64> {
        let empty = Transcript::default();
        let assessment =
            viva_core::assess(question, &empty, &viva_core::DeliveryTargets::default());
        let id = self.add_attempt(
            session_id,
            &NewAttempt {
                deck_id,
                question,
                transcript: &empty,
                assessment: &assessment,
                audio_path: Some(audio_path),
                model: None,
                recall: None,
            },
        )?;
        self.conn.execute(
            "UPDATE attempts SET status = ?2 WHERE id = ?1",
            params![id, AttemptStatus::Recording.as_str()],
        )?;
        Ok(id)
    }

    /// Stores the transcript and assessment of an attempt begun with [`Store::begin_attempt`].
    pub fn finish_attempt(
        &self,
        id: i64,
        transcript: &Transcript,
        assessment: &Assessment,
        model: Option<&str>,
        recall: Recall,
    ) -> Result<()> {
        let changed = self.conn.execute(
            "UPDATE attempts SET transcript = ?2, assessment = ?3, score = ?4, model = ?5, status = 'complete', format = ?6, recall = ?7 WHERE id = ?1",
            params![id, serde_json::to_string(transcript)?, serde_json::to_string(assessment)?, assessment.score, model, RECORD_FORMAT, recall.as_str()],
        )?;
        if changed == 0 {
            return Err(StoreError::NoAttempt(id));
        }
        Ok(())
    }

    /// Attempts whose recording was cut off (a crash or power loss while answering). An answer
    /// another process is recording right now ([`hold_recording`]) is not one of them.
    pub fn unfinished(&self) -> Result<Vec<Attempt>> {
        self.cut_off("status", |a| a.audio_path.as_deref())
    }

    /// Attempts whose `column` says 'recording' and whose recording (`audio`) no process holds.
    fn cut_off(&self, column: &str, audio: fn(&Attempt) -> Option<&Path>) -> Result<Vec<Attempt>> {
        let mut stmt = self.conn.prepare(&format!(
            "{ATTEMPT_SQL} WHERE {column} = 'recording' ORDER BY id"
        ))?;
        let rows = stmt
            .query_map([], attempt_row)?
            .collect::<Result<Vec<_>, _>>()?;
        let attempts: Vec<Attempt> = rows
            .into_iter()
            .map(|r| r.parse(&self.data_dir))
            .collect::<Result<_>>()?;
        Ok(attempts
            .into_iter()
            .filter(|a| !audio(a).is_some_and(is_held))
            .collect())
    }

    /// Marks a cut-off attempt as recovered: kept, with whatever could be made of its audio.
    pub fn mark_interrupted(&self, id: i64) -> Result<()> {
        self.conn.execute(
            "UPDATE attempts SET status = ?2 WHERE id = ?1",
            params![id, AttemptStatus::Interrupted.as_str()],
        )?;
        Ok(())
    }

    /// All sessions, newest first.
    pub fn sessions(&self) -> Result<Vec<SessionSummary>> {
        let mut stmt = self.conn.prepare(&format!(
            "{SUMMARY_SQL} GROUP BY s.id ORDER BY s.started_at DESC, s.id DESC"
        ))?;
        let rows = stmt.query_map([], summary_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn session_summary(&self, id: i64) -> Result<SessionSummary> {
        self.conn
            .query_row(
                &format!("{SUMMARY_SQL} WHERE s.id = ?1 GROUP BY s.id"),
                [id],
                summary_row,
            )
            .optional()?
            .ok_or(StoreError::NoSession(id))
    }

    pub fn session(&self, id: i64) -> Result<Session> {
        let summary = self.session_summary(id)?;
        let mut stmt = self
            .conn
            .prepare(&format!("{ATTEMPT_SQL} WHERE session_id = ?1 ORDER BY id"))?;
        let attempts = stmt
            .query_map([id], attempt_row)?
            .collect::<Result<Vec<_>, _>>()?;
        let attempts = attempts
            .into_iter()
            .map(|r| r.parse(&self.data_dir))
            .collect::<Result<_>>()?;
        Ok(Session { summary, attempts })
    }

    /// A session in the form the report renderer takes.
    pub fn report(&self, id: i64) -> Result<viva_core::report::SessionReport> {
        let session = self.session(id)?;
        Ok(viva_core::report::SessionReport {
            session_id: session.summary.id,
            started_at: session.summary.started_at,
            deck_id: session.summary.deck_id,
            attempts: session
                .attempts
                .into_iter()
                .map(|a| viva_core::report::ReportAttempt {
                    attempt_id: a.id,
                    created_at: a.created_at,
                    question: a.question,
                    transcript: a.transcript,
                    assessment: a.assessment,
                    recall: a.recall,
                    follow_up: a.follow_up,
                })
                .collect(),
            schedule: Vec::new(),
        })
    }

    pub fn attempt(&self, id: i64) -> Result<Attempt> {
        self.conn
            .query_row(&format!("{ATTEMPT_SQL} WHERE id = ?1"), [id], attempt_row)
            .optional()?
            .ok_or(StoreError::NoAttempt(id))?
            .parse(&self.data_dir)
    }

    /// Scores of every attempt at a question, oldest first.
    pub fn progress(&self, question_id: &str) -> Result<Vec<ScorePoint>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, session_id, created_at, score FROM attempts WHERE question_id = ?1 ORDER BY created_at, id",
        )?;
        let rows = stmt.query_map([question_id], |r| {
            Ok(ScorePoint {
                attempt_id: r.get(0)?,
                session_id: r.get(1)?,
                created_at: r.get(2)?,
                score: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every scored answer to the questions of `deck_id`, as spaced-repetition reviews, by
    /// question id. Answers cut off by a crash are not reviews: what they show was not all the
    /// user meant to say. Answers from before grades were kept are graded now, against the
    /// default targets.
    pub fn reviews(&self, deck_id: &str) -> Result<HashMap<String, Vec<Review>>> {
        let mut stmt = self.conn.prepare(
            "SELECT question_id, created_at, recall, assessment FROM attempts
             WHERE deck_id = ?1 AND status = 'complete' ORDER BY created_at, id",
        )?;
        let rows = stmt.query_map([deck_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut reviews: HashMap<String, Vec<Review>> = HashMap::new();
        for row in rows {
            let (question_id, created_at, recall, assessment) = row?;
            let Ok(at) = created_at.parse::<jiff::Timestamp>() else {
                tracing::warn!("an answer to {question_id} has an unreadable time {created_at:?}");
                continue;
            };
            let recall = match recall.as_deref().and_then(Recall::parse) {
                Some(r) => r,
                None => match serde_json::from_str::<Assessment>(&assessment) {
                    Ok(a) => {
                        viva_core::schedule::grade(&a, &viva_core::DeliveryTargets::default())
                            .recall
                    }
                    Err(_) => continue,
                },
            };
            reviews.entry(question_id).or_default().push(Review {
                at: at.as_second(),
                recall,
            });
        }
        Ok(reviews)
    }

    /// The delivery of the `limit` most recent scored spoken answers other than attempt
    /// `except`, newest first (any question: delivery habits are the speaker's, not the
    /// question's). Results this version cannot read are left out.
    pub fn recent_delivery(
        &self,
        except: i64,
        limit: usize,
    ) -> Result<Vec<viva_core::DeliveryMetrics>> {
        let mut stmt = self.conn.prepare(
            "SELECT assessment FROM attempts
             WHERE status = 'complete' AND audio_path IS NOT NULL AND id != ?1
             ORDER BY created_at DESC, id DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![except, limit as i64], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for row in rows {
            if let Ok(a) = serde_json::from_str::<Assessment>(&row?) {
                out.push(a.metrics);
            }
        }
        Ok(out)
    }

    /// The answer to the same question given just before attempt `id` (complete or recovered),
    /// if there is one.
    pub fn previous_attempt(&self, id: i64) -> Result<Option<i64>> {
        let (deck_id, question_id, created_at): (String, String, String) = self
            .conn
            .query_row(
                "SELECT deck_id, question_id, created_at FROM attempts WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?
            .ok_or(StoreError::NoAttempt(id))?;
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM attempts
                 WHERE deck_id = ?1 AND question_id = ?2 AND status != 'recording'
                   AND (created_at < ?3 OR (created_at = ?3 AND id < ?4))
                 ORDER BY created_at DESC, id DESC LIMIT 1",
                params![deck_id, question_id, created_at, id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Deletes a session, its attempts and their recordings.
    pub fn delete_session(&mut self, id: i64) -> Result<()> {
        self.session_summary(id)?;
        let audio: Vec<String> = {
            let mut stmt = self.conn.prepare(
                "SELECT audio_path FROM attempts WHERE session_id = ?1 AND audio_path IS NOT NULL
                 UNION ALL SELECT follow_up_audio FROM attempts
                 WHERE session_id = ?1 AND follow_up_audio IS NOT NULL",
            )?;
            stmt.query_map([id], |r| r.get(0))?
                .collect::<Result<_, _>>()?
        };
        // Files first: if one cannot be removed, the rows still point at it and a retry can finish.
        for path in audio {
            self.remove_recording(&recording_path(&self.data_dir, &path))?;
        }
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM attempts WHERE session_id = ?1", [id])?;
        tx.execute("DELETE FROM sessions WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(())
    }

    /// Deletes one attempt and its recording.
    pub fn delete_attempt(&self, id: i64) -> Result<()> {
        let attempt = self.attempt(id)?;
        for path in attempt.audio_path.iter().chain(&attempt.follow_up_audio) {
            self.remove_recording(path)?;
        }
        self.conn
            .execute("DELETE FROM attempts WHERE id = ?1", [id])?;
        Ok(())
    }

    /// Records that the follow-up `pending` (judged on no words yet) is about to be answered
    /// into `audio_path`; [`Store::finish_follow_up`] fills it in. A crash before then leaves it
    /// for [`Store::unfinished_follow_ups`]. A follow-up asked before is replaced.
    pub fn begin_follow_up(&self, id: i64, pending: &FollowUp, audio_path: &Path) -> Result<()> {
        let old = self.attempt(id)?.follow_up_audio;
        let changed = self.conn.execute(
            "UPDATE attempts SET follow_up = ?2, follow_up_audio = ?3, follow_up_status = 'recording' WHERE id = ?1",
            params![id, serde_json::to_string(pending)?, self.stored_path(audio_path)],
        )?;
        if changed == 0 {
            return Err(StoreError::NoAttempt(id));
        }
        if let Some(old) = old.filter(|old| old != audio_path) {
            self.remove_recording(&old)?;
        }
        Ok(())
    }

    /// Stores the judged follow-up of attempt `id`; `interrupted` when it was recovered after a
    /// crash.
    pub fn finish_follow_up(&self, id: i64, follow_up: &FollowUp, interrupted: bool) -> Result<()> {
        let status = match interrupted {
            true => AttemptStatus::Interrupted,
            false => AttemptStatus::Complete,
        };
        let changed = self.conn.execute(
            "UPDATE attempts SET follow_up = ?2, follow_up_status = ?3 WHERE id = ?1",
            params![id, serde_json::to_string(follow_up)?, status.as_str()],
        )?;
        if changed == 0 {
            return Err(StoreError::NoAttempt(id));
        }
        Ok(())
    }

    /// Takes back a follow-up that was not answered after all (cancelled), with its recording.
    pub fn drop_follow_up(&self, id: i64) -> Result<()> {
        if let Some(path) = self.attempt(id)?.follow_up_audio {
            self.remove_recording(&path)?;
        }
        self.conn.execute(
            "UPDATE attempts SET follow_up = NULL, follow_up_audio = NULL, follow_up_status = NULL WHERE id = ?1",
            [id],
        )?;
        Ok(())
    }

    /// Attempts whose follow-up answer was cut off by a crash (not one being recorded now).
    pub fn unfinished_follow_ups(&self) -> Result<Vec<Attempt>> {
        self.cut_off("follow_up_status", |a| a.follow_up_audio.as_deref())
    }

    /// How a recording's path is stored: relative to the data folder when inside it, so the
    /// folder can be moved or restored elsewhere and still find its recordings.
    fn stored_path(&self, path: &Path) -> String {
        path.strip_prefix(&self.data_dir)
            .unwrap_or(path)
            .to_string_lossy()
            .into_owned()
    }

    /// Removes a recording, but only one inside the data folder: a database edited by hand must
    /// not be able to make Viva delete arbitrary files.
    fn remove_recording(&self, path: &Path) -> Result<()> {
        let inside = match (path.canonicalize(), self.data_dir.canonicalize()) {
            (Ok(p), Ok(d)) => p.starts_with(d),
            _ => false,
        };
        if !inside {
            return Ok(());
        }
        match std::fs::remove_file(path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(source) => Err(StoreError::DeleteAudio {
                path: path.into(),
                source,
            }),
        }
    }
}

/// Held while an answer is recorded into a file, and released when dropped (or when the process
/// dies, however it dies): until then no other process (a second app, `viva practice`) takes
/// the attempt for one a crash cut off and "repairs" a file still being written.
#[derive(Debug)]
pub struct RecordingLock {
    _file: std::fs::File,
    path: PathBuf,
}

impl Drop for RecordingLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

fn lock_path(recording: &Path) -> PathBuf {
    let mut name = recording.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    recording.with_file_name(name)
}

/// Marks `recording` as being written by this process until the lock is dropped.
pub fn hold_recording(recording: &Path) -> Result<RecordingLock> {
    let path = lock_path(recording);
    let err = |source| StoreError::DataDir {
        path: path.clone(),
        source,
    };
    let file = std::fs::File::create(&path).map_err(err)?;
    file.lock().map_err(err)?;
    Ok(RecordingLock { _file: file, path })
}

/// Whether another process holds `recording` ([`hold_recording`]). A lock file nobody holds
/// was left by a process that died mid-answer: it is removed.
fn is_held(recording: &Path) -> bool {
    let path = lock_path(recording);
    match std::fs::File::open(&path) {
        Ok(f) => match f.try_lock() {
            Err(std::fs::TryLockError::WouldBlock) => true,
            _ => {
                let _ = std::fs::remove_file(&path);
                false
            }
        },
        Err(_) => false,
    }
}

/// Creates the data folder if it is missing. Answers are private: a folder Viva makes is the
/// user's alone (one that exists keeps the permissions it has).
pub fn create_data_dir(data_dir: &Path) -> Result<()> {
    let err = |source| StoreError::DataDir {
        path: data_dir.into(),
        source,
    };
    if data_dir.exists() {
        return Ok(());
    }
    std::fs::create_dir_all(data_dir).map_err(err)?;
    owner_only(data_dir, 0o700).map_err(err)
}

/// Makes `path` readable by its owner only (`mode`: 0o700 for a folder, 0o600 for a file).
#[cfg(unix)]
fn owner_only(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

/// Elsewhere a user's data folder is private by default (Windows profile ACLs).
#[cfg(not(unix))]
fn owner_only(_path: &Path, _mode: u32) -> std::io::Result<()> {
    Ok(())
}

/// Set to an RFC 3339 time, Viva's clock reads that instead of the system's: for tests of the
/// schedule, which must see days pass (answers given then are kept at that time too).
pub const CLOCK_VAR: &str = "VIVA_CLOCK";

/// Viva's clock: the system's, unless [`CLOCK_VAR`] is set.
pub fn clock() -> jiff::Timestamp {
    std::env::var(CLOCK_VAR)
        .ok()
        .and_then(|t| t.parse::<jiff::Timestamp>().ok())
        .unwrap_or_else(jiff::Timestamp::now)
}

/// UTC, always with three fractional digits: the columns are ordered as text, and a variable
/// width (".12Z" after ".123Z") would sort attempts out of order.
fn now() -> String {
    clock().strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

const SUMMARY_SQL: &str = "SELECT s.id, s.started_at, s.deck_id, s.mode, COUNT(a.id), COUNT(DISTINCT a.question_id), AVG(a.score)
     FROM sessions s LEFT JOIN attempts a ON a.session_id = s.id";

fn summary_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SessionSummary> {
    Ok(SessionSummary {
        id: r.get(0)?,
        started_at: r.get(1)?,
        deck_id: r.get(2)?,
        mode: r.get(3)?,
        attempts: r.get::<_, i64>(4)? as usize,
        questions: r.get::<_, i64>(5)? as usize,
        average_score: r.get(6)?,
    })
}

const ATTEMPT_SQL: &str = "SELECT id, session_id, created_at, deck_id, question, transcript, assessment, audio_path, model, status, format, recall, follow_up, follow_up_audio FROM attempts";

struct RawAttempt {
    id: i64,
    session_id: i64,
    created_at: String,
    deck_id: String,
    question: String,
    transcript: String,
    assessment: String,
    audio_path: Option<String>,
    model: Option<String>,
    status: String,
    format: i64,
    recall: Option<String>,
    follow_up: Option<String>,
    follow_up_audio: Option<String>,
}

fn attempt_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawAttempt> {
    Ok(RawAttempt {
        id: r.get(0)?,
        session_id: r.get(1)?,
        created_at: r.get(2)?,
        deck_id: r.get(3)?,
        question: r.get(4)?,
        transcript: r.get(5)?,
        assessment: r.get(6)?,
        audio_path: r.get(7)?,
        model: r.get(8)?,
        status: r.get(9)?,
        format: r.get(10)?,
        recall: r.get(11)?,
        follow_up: r.get(12)?,
        follow_up_audio: r.get(13)?,
    })
}

impl RawAttempt {
    fn parse(self, data_dir: &Path) -> Result<Attempt> {
        if self.format > RECORD_FORMAT {
            return Err(StoreError::RecordTooNew {
                id: self.id,
                found: self.format,
                known: RECORD_FORMAT,
            });
        }
        let question: Question = serde_json::from_str(&self.question)?;
        let transcript: Transcript = serde_json::from_str(&self.transcript)?;
        // The assessment is derived data: if this version cannot read it, the answer is scored
        // again rather than lost.
        let (assessment, rescored) = match serde_json::from_str::<Assessment>(&self.assessment) {
            // Results from before the delivery table was stored get it against the default
            // targets (the targets of the day were not kept).
            Ok(mut a) if a.metrics.measures.is_empty() => {
                let targets = viva_core::DeliveryTargets::default();
                a.metrics.measures = viva_core::measures(&a.metrics, &targets);
                (a, false)
            }
            Ok(a) => (a, false),
            Err(e) => {
                tracing::warn!(
                    "attempt {}: stored result unreadable ({e}); scored again",
                    self.id
                );
                let targets = viva_core::DeliveryTargets::default();
                (viva_core::assess(&question, &transcript, &targets), true)
            }
        };
        let status = AttemptStatus::parse(&self.status);
        let recall = match self.recall.as_deref().and_then(Recall::parse) {
            Some(r) => Some(r),
            // Graded when read, as `Store::reviews` does.
            None if status == AttemptStatus::Complete => Some(
                viva_core::schedule::grade(&assessment, &viva_core::DeliveryTargets::default())
                    .recall,
            ),
            None => None,
        };
        Ok(Attempt {
            id: self.id,
            session_id: self.session_id,
            created_at: self.created_at,
            deck_id: self.deck_id,
            question,
            transcript,
            assessment,
            audio_path: self.audio_path.map(|p| recording_path(data_dir, &p)),
            model: self.model,
            status,
            rescored,
            recall,
            // Derived like the assessment: one this version cannot read is left out, not fatal.
            follow_up: self.follow_up.and_then(|f| match serde_json::from_str(&f) {
                Ok(f) => Some(f),
                Err(e) => {
                    tracing::warn!("attempt {}: stored follow-up unreadable ({e})", self.id);
                    None
                }
            }),
            follow_up_audio: self.follow_up_audio.map(|p| recording_path(data_dir, &p)),
        })
    }
}

/// Where a stored recording path points now: relative paths are inside the data folder.
/// Absolute ones (written before paths were stored relative) point into the recordings folder
/// the history was in then; when this data folder holds a recording of that name, that one is
/// the history's own (the folder was moved, copied or restored from a backup).
fn recording_path(data_dir: &Path, stored: &str) -> PathBuf {
    let path = Path::new(stored);
    if path.is_relative() {
        return data_dir.join(path);
    }
    let moved = path
        .parent()
        .filter(|dir| dir.file_name() == Some(std::ffi::OsStr::new(RECORDINGS_DIR)))
        .and(path.file_name())
        .map(|name| data_dir.join(RECORDINGS_DIR).join(name));
    match moved {
        Some(moved) if moved.exists() => moved,
        _ => path.to_path_buf(),
    }
}
