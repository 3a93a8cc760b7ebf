//! A history written by an earlier release, opened by this build: every attempt, score and
//! recording must still be there (tests/fixtures/README.md says how each was made).

use std::path::{Path, PathBuf};

use viva_core::report::Format;
use viva_store::Store;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Opens a copy of `release`'s history in a new folder (as a user who moved their data folder
/// would) and checks it against what that release stored.
fn check(release: &str) {
    let frozen = fixtures().join(release);
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&frozen.join("data"), dir.path());
    let store = Store::open(dir.path()).unwrap_or_else(|e| panic!("{release}: {e}"));
    let expected = std::fs::read_to_string(frozen.join("expected.tsv")).unwrap();
    let mut sessions = std::collections::BTreeSet::new();
    let mut checked = 0;
    for line in expected.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let id: i64 = f[0].parse().unwrap();
        let a = store
            .attempt(id)
            .unwrap_or_else(|e| panic!("{release}: attempt {id}: {e}"));
        assert_eq!(a.session_id.to_string(), f[1], "{release}: attempt {id}");
        assert_eq!(a.question.id, f[2], "{release}: attempt {id}");
        assert_eq!(
            a.assessment.score.to_string(),
            f[3],
            "{release}: attempt {id}"
        );
        assert_eq!(a.status.to_string(), f[4], "{release}: attempt {id}");
        assert_eq!(
            a.transcript.words.len().to_string(),
            f[5],
            "{release}: attempt {id}"
        );
        assert!(
            !a.assessment.metrics.measures.is_empty(),
            "{release}: attempt {id} has no delivery table"
        );
        match (f[6], &a.audio_path) {
            ("", None) => {}
            (name, Some(path)) => {
                assert_eq!(path.file_name().unwrap(), name, "{release}: attempt {id}");
                assert!(
                    path.starts_with(dir.path()),
                    "{release}: attempt {id}'s recording is looked for at {}, outside the data \
                     folder it was moved to",
                    path.display()
                );
                let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
                assert_eq!(
                    bytes.to_string(),
                    f[7],
                    "{release}: attempt {id}'s recording"
                );
            }
            (name, None) => panic!("{release}: attempt {id} lost its recording {name}"),
        }
        // Graded for the schedule when read: answers from before grades were kept still
        // count as reviews (issue 17).
        if a.status == viva_store::AttemptStatus::Complete {
            assert!(a.recall.is_some(), "{release}: attempt {id} has no grade");
            let reviews = store.reviews(&a.deck_id).unwrap();
            assert!(
                reviews.get(&a.question.id).is_some_and(|r| !r.is_empty()),
                "{release}: attempt {id} is not a review of {}",
                a.question.id
            );
        }
        sessions.insert(a.session_id);
        checked += 1;
    }
    assert!(checked > 0, "{release}: expected.tsv lists no attempts");
    assert_eq!(store.sessions().unwrap().len(), sessions.len(), "{release}");
    for id in sessions {
        let report = store.report(id).unwrap();
        for format in [Format::Markdown, Format::Html, Format::Json, Format::Csv] {
            assert!(!report.render(format).is_empty(), "{release}: session {id}");
        }
    }
}

#[test]
fn a_history_written_by_viva_0_1_0_still_opens_whole() {
    check("history-0.1.0");
}
