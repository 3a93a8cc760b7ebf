//! Writes the TypeScript definitions of every type the desktop app exchanges with its UI into
//! ui/src/bindings, and fails if the committed ones were stale, so Rust and TypeScript cannot
//! drift apart. `make bindings` regenerates them.

#![cfg(feature = "ts")]

use std::path::{Path, PathBuf};

use ts_rs::TS;
use viva_practice::*;

fn bindings_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/bindings")
}

fn snapshot(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        std::fs::read_to_string(e.path()).unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn export_bindings() {
    let dir = bindings_dir();
    let before = snapshot(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    macro_rules! export {
        ($($t:ty),* $(,)?) => { $( <$t>::export_all_to(&dir).unwrap(); )* };
    }
    export!(
        AppStatus,
        MicrophoneStatus,
        Microphone,
        DeckSummary,
        Mode,
        PlanRequest,
        SessionPlan,
        AnswerEvent,
        StopKind,
        AnswerResult,
        PlaybackEvent,
        QuestionProgress,
        CatalogModel,
        DownloadProgress,
        viva_core::report::Format,
        Settings,
        viva_core::Deck,
        viva_store::SessionSummary,
        viva_store::Session,
        viva_store::Attempt,
        viva_core::schedule::Agenda,
        viva_core::compare::Comparison,
        viva_core::baseline::Baseline,
        viva_practice::decks::EditableDeck,
        viva_practice::decks::SavedDeck,
        viva_practice::decks::FieldProblem,
        viva_practice::decks::Suggestion,
        viva_practice::decks::TriedAnswer,
    );
    let after = snapshot(&dir);
    // The new files are written either way; a difference means a Rust type changed without
    // its TypeScript being regenerated and committed with it.
    if std::env::var_os("VIVA_UPDATE_BINDINGS").is_none() {
        let changed: Vec<&str> = after
            .iter()
            .filter(|f| !before.contains(f))
            .map(|(name, _)| name.as_str())
            .collect();
        assert!(
            before == after,
            "ui/src/bindings was stale ({changed:?} changed) and has been regenerated; review \
             and commit it (`make bindings` regenerates without failing)"
        );
    }
}
