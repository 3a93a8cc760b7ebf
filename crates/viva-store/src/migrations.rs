//! Schema versions. Append new migrations; never edit a released one.

use std::path::Path;

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations, SchemaVersion};

use crate::{Result, StoreError};

fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(
            "CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            deck_id TEXT NOT NULL,
            mode TEXT NOT NULL
        );
        CREATE TABLE attempts (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id),
            created_at TEXT NOT NULL,
            deck_id TEXT NOT NULL,
            question_id TEXT NOT NULL,
            question TEXT NOT NULL,      -- JSON: the question as asked
            transcript TEXT NOT NULL,    -- JSON: words with timings
            assessment TEXT NOT NULL,    -- JSON: score, concepts, metrics, tips
            score INTEGER NOT NULL,
            audio_path TEXT,
            model TEXT
        );
        CREATE INDEX attempts_by_session ON attempts(session_id);
        CREATE INDEX attempts_by_question ON attempts(question_id, created_at);",
        ),
        // An attempt row exists while its answer is being recorded, so a crash leaves the
        // recording attached to it: 'recording' until scored, 'interrupted' once recovered.
        M::up("ALTER TABLE attempts ADD COLUMN status TEXT NOT NULL DEFAULT 'complete';"),
        // The shape of the JSON columns (`RECORD_FORMAT`): rows from before it are format 1.
        M::up("ALTER TABLE attempts ADD COLUMN format INTEGER NOT NULL DEFAULT 1;"),
        // The spaced-repetition grade an answer earned when it was given (viva_core::schedule),
        // kept so a later change to grading never moves an old answer's place in the schedule.
        // Rows from before it have none and are graded when read.
        M::up(
            "ALTER TABLE attempts ADD COLUMN recall TEXT;
             CREATE INDEX attempts_by_deck ON attempts(deck_id, question_id);",
        ),
        // The follow-up asked after an answer (viva_core::follow_up::FollowUp as JSON), its
        // recording, and where that recording stands ('recording', 'complete', 'interrupted'),
        // so a crash during the follow-up is recovered like one during the answer.
        M::up(
            "ALTER TABLE attempts ADD COLUMN follow_up TEXT;
             ALTER TABLE attempts ADD COLUMN follow_up_audio TEXT;
             ALTER TABLE attempts ADD COLUMN follow_up_status TEXT;",
        ),
    ])
}

pub(crate) fn apply(conn: &mut Connection, path: &Path) -> Result<()> {
    let m = migrations();
    let known = KNOWN_VERSION;
    match m.current_version(conn) {
        Ok(SchemaVersion::Outside(found)) => {
            return Err(StoreError::TooNew {
                path: path.into(),
                found: found.get(),
                known,
            });
        }
        Err(source) => {
            return Err(StoreError::Migrate {
                path: path.into(),
                source,
            });
        }
        _ => {}
    }
    m.to_latest(conn).map_err(|source| StoreError::Migrate {
        path: path.into(),
        source,
    })
}

/// Number of migrations above.
const KNOWN_VERSION: usize = 5;

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        assert!(super::migrations().validate().is_ok());
    }
}
