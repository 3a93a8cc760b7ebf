//! The history on a real SQLite file in a temporary data folder.

use std::path::Path;

use viva_core::{DeliveryTargets, Transcript, Word, assess, builtin};
use viva_store::{AttemptStatus, NewAttempt, SessionMode, Store, StoreError};

fn save(store: &Store, session: i64, qid: &str, text: &str, audio: Option<&Path>) -> i64 {
    let deck = &builtin::decks().unwrap()[0];
    let q = deck.question(qid).unwrap();
    let mut t = Transcript::from_text(text);
    for (i, w) in t.words.iter_mut().enumerate() {
        *w = Word::timed(w.word.clone(), 1.0 + i as f64 * 0.4, 1.3 + i as f64 * 0.4);
    }
    let a = assess(q, &t, &DeliveryTargets::default());
    store
        .add_attempt(
            session,
            &NewAttempt {
                deck_id: &deck.id,
                question: q,
                transcript: &t,
                assessment: &a,
                audio_path: audio,
                model: Some("tiny.en"),
                recall: Some(viva_core::schedule::grade(&a, &DeliveryTargets::default()).recall),
            },
        )
        .unwrap()
}

#[test]
fn attempts_round_trip_with_question_snapshot_and_timings() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let s = store
        .create_session("python-interview", SessionMode::Single)
        .unwrap();
    let id = save(
        &store,
        s,
        "gil",
        "only one thread runs python bytecode at a time",
        None,
    );
    let a = store.attempt(id).unwrap();
    assert_eq!(a.question.id, "gil");
    assert!(!a.question.concepts.is_empty());
    assert_eq!(a.transcript.words[0].start, Some(1.0));
    assert_eq!(a.model.as_deref(), Some("tiny.en"));
    assert!(a.assessment.score > 0);
    // The file is real, in WAL mode, and reopening keeps everything.
    drop(store);
    assert!(dir.path().join("viva.sqlite3").exists());
    let store = Store::open(dir.path()).unwrap();
    let mode: String = rusqlite_journal_mode(dir.path());
    assert_eq!(mode, "wal");
    assert_eq!(store.session(s).unwrap().attempts.len(), 1);
}

fn rusqlite_journal_mode(dir: &Path) -> String {
    // Read the header of the database file: WAL mode sets the read/write versions to 2.
    let bytes = std::fs::read(dir.join("viva.sqlite3")).unwrap();
    if bytes[18] == 2 && bytes[19] == 2 {
        "wal".into()
    } else {
        "rollback".into()
    }
}

#[test]
fn sessions_summarise_and_progress_tracks_a_question() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let s1 = store
        .create_session("python-interview", SessionMode::Mock)
        .unwrap();
    save(&store, s1, "gil", "a lock", None);
    save(
        &store,
        s1,
        "gil",
        "only one thread runs python bytecode at a time so use multiprocessing for cpu bound work",
        None,
    );
    save(&store, s1, "closures", "a function", None);
    let s2 = store
        .create_session("python-interview", SessionMode::Single)
        .unwrap();
    let list = store.sessions().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].id, s2, "newest first");
    assert_eq!(list[0].attempts, 0);
    assert_eq!(list[0].average_score, None);
    assert_eq!(list[1].attempts, 3);
    assert_eq!(list[1].questions, 2);
    let progress = store.progress("gil").unwrap();
    assert_eq!(progress.len(), 2);
    assert!(progress[1].score > progress[0].score);
}

#[test]
fn deleting_a_session_deletes_its_recordings_and_only_those() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    std::fs::create_dir_all(store.recordings_dir()).unwrap();
    let inside = store.recordings_dir().join("a.wav");
    std::fs::write(&inside, b"RIFF").unwrap();
    let outside_dir = tempfile::tempdir().unwrap();
    let outside = outside_dir.path().join("keep.wav");
    std::fs::write(&outside, b"RIFF").unwrap();
    let s = store
        .create_session("python-interview", SessionMode::Single)
        .unwrap();
    save(&store, s, "gil", "a lock", Some(&inside));
    save(&store, s, "gil", "a lock", Some(&outside));
    store.delete_session(s).unwrap();
    assert!(!inside.exists(), "the session's recording is gone");
    assert!(
        outside.exists(),
        "a path outside the data folder is never deleted"
    );
    assert!(matches!(store.session(s), Err(StoreError::NoSession(_))));
    assert!(matches!(
        store.delete_session(s),
        Err(StoreError::NoSession(_))
    ));
}

#[test]
fn deleting_an_attempt_deletes_its_recording() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    std::fs::create_dir_all(store.recordings_dir()).unwrap();
    let wav = store.recordings_dir().join("b.wav");
    std::fs::write(&wav, b"RIFF").unwrap();
    let s = store
        .create_session("python-interview", SessionMode::Single)
        .unwrap();
    let id = save(&store, s, "gil", "a lock", Some(&wav));
    store.delete_attempt(id).unwrap();
    assert!(!wav.exists());
    assert!(matches!(store.attempt(id), Err(StoreError::NoAttempt(_))));
    assert_eq!(store.session_summary(s).unwrap().attempts, 0);
}

#[test]
fn a_database_from_a_newer_viva_is_refused_not_clobbered() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    let conn = rusqlite::Connection::open(dir.path().join("viva.sqlite3")).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let err = Store::open(dir.path()).err().expect("refused").to_string();
    assert!(err.contains("written by a newer Viva (schema 99"), "{err}");
}

#[test]
fn an_unwritable_data_folder_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, b"x").unwrap();
    let err = Store::open(&file.join("data"))
        .err()
        .expect("refused")
        .to_string();
    assert!(err.starts_with("cannot create the data folder"), "{err}");
}

#[test]
fn an_answer_cut_off_mid_recording_stays_attached_to_its_attempt() {
    let dir = tempfile::tempdir().unwrap();
    let deck = &builtin::decks().unwrap()[0];
    let q = deck.question("gil").unwrap();
    let audio;
    let id;
    {
        let store = Store::open(dir.path()).unwrap();
        let s = store.create_session(&deck.id, SessionMode::Single).unwrap();
        audio = store.new_recording_path("gil").unwrap();
        std::fs::write(&audio, b"RIFF").unwrap();
        id = store.begin_attempt(s, &deck.id, q, &audio).unwrap();
        // The process dies here: no finish_attempt.
    }
    let store = Store::open(dir.path()).unwrap();
    let unfinished = store.unfinished().unwrap();
    assert_eq!(unfinished.len(), 1);
    assert_eq!(unfinished[0].id, id);
    assert_eq!(unfinished[0].status, AttemptStatus::Recording);
    assert_eq!(unfinished[0].audio_path.as_deref(), Some(audio.as_path()));

    let t = Transcript::from_text("only one thread runs bytecode at a time");
    let a = assess(q, &t, &DeliveryTargets::default());
    store
        .finish_attempt(
            id,
            &t,
            &a,
            Some("tiny.en"),
            viva_core::schedule::Recall::Hard,
        )
        .unwrap();
    store.mark_interrupted(id).unwrap();
    assert!(store.unfinished().unwrap().is_empty());
    let got = store.attempt(id).unwrap();
    assert_eq!(got.status, AttemptStatus::Interrupted);
    assert_eq!(got.assessment.score, a.score);
    assert!(matches!(
        store.finish_attempt(9999, &t, &a, None, viva_core::schedule::Recall::Good),
        Err(StoreError::NoAttempt(9999))
    ));
}

fn sql(dir: &Path, statement: &str) {
    let conn = rusqlite::Connection::open(dir.join("viva.sqlite3")).unwrap();
    conn.execute_batch(statement).unwrap();
}

#[test]
fn a_moved_data_folder_still_finds_its_recordings() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let s = store
        .create_session("python-interview", SessionMode::Single)
        .unwrap();
    let wav = store.new_recording_path("gil").unwrap();
    std::fs::write(&wav, b"RIFF").unwrap();
    let id = save(&store, s, "gil", "one thread at a time", Some(&wav));
    drop(store);
    let moved = tempfile::tempdir().unwrap();
    std::fs::rename(
        dir.path().join("viva.sqlite3"),
        moved.path().join("viva.sqlite3"),
    )
    .unwrap();
    std::fs::rename(
        dir.path().join("recordings"),
        moved.path().join("recordings"),
    )
    .unwrap();
    let store = Store::open(moved.path()).unwrap();
    let audio = store.attempt(id).unwrap().audio_path.unwrap();
    assert_eq!(
        audio,
        moved
            .path()
            .join("recordings")
            .join(wav.file_name().unwrap())
    );
    assert!(audio.exists());
}

#[test]
fn a_result_this_version_cannot_read_is_scored_again_from_the_transcript() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let s = store
        .create_session("python-interview", SessionMode::Single)
        .unwrap();
    let text = "The GIL lets only one thread execute Python bytecode at a time.";
    let id = save(&store, s, "gil", text, None);
    let before = store.attempt(id).unwrap();
    assert!(!before.rescored);
    // A later Viva's result shape (here: a field of the wrong type).
    sql(
        dir.path(),
        "UPDATE attempts SET assessment = json_set(assessment, '$.concepts', 'x')",
    );
    let after = store.attempt(id).unwrap();
    assert!(after.rescored);
    assert_eq!(
        after.transcript, before.transcript,
        "the user's words are kept"
    );
    assert_eq!(
        after.assessment, before.assessment,
        "and scored as this version scores"
    );
    // Results from before a field existed read with its default.
    let id = save(&store, s, "gil", text, None);
    sql(
        dir.path(),
        &format!(
            "UPDATE attempts SET assessment = json_remove(assessment, '$.concepts[0].verdict') \
             WHERE id = {id}"
        ),
    );
    assert!(!store.attempt(id).unwrap().rescored);
}

#[test]
fn a_record_from_a_newer_viva_is_refused_by_name_and_an_unknown_status_is_shown() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let s = store
        .create_session("python-interview", SessionMode::Single)
        .unwrap();
    let id = save(&store, s, "gil", "one thread at a time", None);
    sql(dir.path(), "UPDATE attempts SET status = 'paused'");
    assert_eq!(
        store.attempt(id).unwrap().status,
        AttemptStatus::Interrupted
    );
    sql(dir.path(), "UPDATE attempts SET format = 2");
    let e = store.attempt(id).unwrap_err().to_string();
    assert!(
        e.contains(&format!("attempt {id} was saved by a newer Viva")),
        "{e}"
    );
    assert!(e.contains("update Viva"), "{e}");
}

#[cfg(unix)]
#[test]
fn a_new_data_folder_and_its_history_are_the_users_alone() {
    use std::os::unix::fs::PermissionsExt;
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("viva");
    let store = Store::open(&dir).unwrap();
    let s = store
        .create_session("python-interview", SessionMode::Single)
        .unwrap();
    save(&store, s, "gil", "one thread at a time", None);
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    for file in ["viva.sqlite3", "viva.sqlite3-wal"] {
        assert_eq!(mode(&dir.join(file)), 0o600, "{file}");
    }
}

#[test]
fn twenty_writers_on_a_new_history_all_keep_their_answer() {
    // Issue 16: 20 `viva score --save` at once on a new data folder kept 10-18 of 20; the rest
    // failed with "table sessions already exists" or "database is locked".
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("new");
    let threads: Vec<_> = (0..20)
        .map(|i| {
            let dir = dir.clone();
            std::thread::spawn(move || {
                let store = Store::open(&dir).map_err(|e| e.to_string())?;
                let s = store
                    .create_session("python-interview", SessionMode::Cli)
                    .map_err(|e| e.to_string())?;
                save(
                    &store,
                    s,
                    "gil",
                    &format!("answer {i}, one thread at a time"),
                    None,
                );
                Ok::<_, String>(())
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap().unwrap();
    }
    let store = Store::open(&dir).unwrap();
    assert_eq!(store.sessions().unwrap().len(), 20);
}

#[test]
fn an_answer_another_process_is_recording_is_not_taken_for_a_crash() {
    // Issue 16: a second instance (or `viva practice` beside the app) "recovered" an answer
    // still being recorded, repairing a WAV that was still being written.
    let dir = tempfile::tempdir().unwrap();
    let deck = &builtin::decks().unwrap()[0];
    let q = deck.question("gil").unwrap();
    let recorder = Store::open(dir.path()).unwrap();
    let s = recorder
        .create_session(&deck.id, SessionMode::Single)
        .unwrap();
    let audio = recorder.new_recording_path("gil").unwrap();
    let held = viva_store::hold_recording(&audio).unwrap();
    std::fs::write(&audio, b"RIFF").unwrap();
    recorder.begin_attempt(s, &deck.id, q, &audio).unwrap();
    let other = Store::open(dir.path()).unwrap();
    assert!(
        other.unfinished().unwrap().is_empty(),
        "still being recorded"
    );
    drop(held);
    assert_eq!(
        other.unfinished().unwrap().len(),
        1,
        "ended without being saved"
    );
}

#[cfg(unix)]
#[test]
fn a_recorder_killed_mid_answer_leaves_it_to_be_recovered() {
    let dir = tempfile::tempdir().unwrap();
    let deck = &builtin::decks().unwrap()[0];
    let q = deck.question("gil").unwrap();
    let store = Store::open(dir.path()).unwrap();
    let s = store.create_session(&deck.id, SessionMode::Single).unwrap();
    let audio = store.new_recording_path("gil").unwrap();
    std::fs::write(&audio, b"RIFF").unwrap();
    store.begin_attempt(s, &deck.id, q, &audio).unwrap();
    // Another process holds the recording, as the recorder's lock does (flock(1) takes the
    // same kind of lock), and is killed.
    let lock = audio.with_file_name(format!(
        "{}.lock",
        audio.file_name().unwrap().to_string_lossy()
    ));
    // --close: the lock stays with flock itself, not with the sleep it runs.
    let mut recorder = std::process::Command::new("flock")
        .arg("--close")
        .arg(&lock)
        .args(["sleep", "60"])
        .spawn()
        .expect("flock(1), from util-linux");
    while !lock.exists() {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(
        store.unfinished().unwrap().is_empty(),
        "held by a live process"
    );
    recorder.kill().unwrap();
    recorder.wait().unwrap();
    assert_eq!(
        store.unfinished().unwrap().len(),
        1,
        "its lock died with it"
    );
    assert!(!lock.exists(), "the stale lock file is removed");
}

#[test]
fn recent_delivery_is_of_other_spoken_answers_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let s = store
        .create_session("python-interview", SessionMode::Single)
        .unwrap();
    let audio = dir.path().join("a.wav");
    std::fs::write(&audio, b"").unwrap();
    let spoken: Vec<i64> = (0..4)
        .map(|i| {
            let words = "only one thread runs bytecode at a time ".repeat(i + 1);
            save(&store, s, "gil", &words, Some(&audio))
        })
        .collect();
    save(&store, s, "gil", "typed, no timings", None);
    let recent = store.recent_delivery(spoken[3], 2).unwrap();
    // The two newest spoken answers other than the one asked about: 3 and 2 repeats.
    let counts: Vec<usize> = recent.iter().map(|m| m.word_count).collect();
    assert_eq!(counts, [24, 16]);
    assert!(recent.iter().all(|m| m.words_per_minute.is_some()));
}
