//! `viva due` and the schedule behind `viva practice --due`: answers saved today, seen from
//! days later through `VIVA_CLOCK`.

mod common;
use common::{json, viva};

const STRONG_GIL: &str = "The GIL, the global interpreter lock, is a mutex in CPython that lets \
    only one thread execute Python bytecode at a time. So threads do not speed up CPU bound \
    work, but they still help I/O bound work, because the lock is released while a thread \
    waits. For CPU bound work use multiprocessing. PEP 703 makes the GIL optional in a free \
    threaded build.";

fn save(d: &tempfile::TempDir, question: &str, answer: &str) {
    viva(d)
        .args(["score", "--question", question, "--text", "-", "--save"])
        .write_stdin(answer)
        .assert()
        .success();
}

fn due_at(d: &tempfile::TempDir, days_from_now: i64) -> serde_json::Value {
    let at = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
        + days_from_now * 86_400;
    let clock = jiff::Timestamp::from_second(at).unwrap().to_string();
    let out = viva(d)
        .env("VIVA_CLOCK", clock)
        .args(["due", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    json(&out)
}

fn ids(v: &serde_json::Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect()
}

#[test]
fn a_failed_answer_comes_back_tomorrow_and_a_strong_one_weeks_later() {
    let d = tempfile::tempdir().unwrap();
    save(&d, "is-vs-equals", "It is something about Python, I think.");
    save(&d, "gil", STRONG_GIL);

    let today = due_at(&d, 0);
    let agenda = &today["agenda"];
    assert!(ids(&agenda["due"]).is_empty(), "{today}");
    // Five new questions a day, two of them introduced today.
    assert_eq!(ids(&agenda["new"]).len(), 3, "{today}");
    assert!(!ids(&agenda["new"]).contains(&"gil"), "{today}");
    assert_eq!(agenda["next_due_in"], "tomorrow", "{today}");
    let gil = today["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["question_id"] == "gil")
        .unwrap();
    assert_eq!(gil["reviews"], 1);
    assert!(
        gil["stability_days"].as_f64().unwrap() >= 7.0,
        "a strong first answer is remembered for a week or more: {gil}"
    );

    let in_two_days = due_at(&d, 2);
    assert_eq!(
        ids(&in_two_days["agenda"]["due"]),
        ["is-vs-equals"],
        "{in_two_days}"
    );
    assert_eq!(ids(&in_two_days["agenda"]["new"]).len(), 5);

    // Weeks later both are due, the one failed longest ago first.
    let later = due_at(&d, 40);
    assert_eq!(
        ids(&later["agenda"]["due"]),
        ["is-vs-equals", "gil"],
        "{later}"
    );
}

#[test]
fn due_says_plainly_when_nothing_is_on_the_schedule() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("settings.json"), r#"{"new_per_day": 0}"#).unwrap();
    viva(&d)
        .args(["due"])
        .assert()
        .success()
        .stdout(predicates::str::contains("0 due today, 0 new to start."));
    save(&d, "gil", STRONG_GIL);
    let out = viva(&d)
        .args(["due"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains("0 due today, 0 new to start; the next after today is due in"),
        "{out}"
    );
}

const WRONG_GIL: &str = "The GIL lets every thread execute bytecode at the same time, so \
    threads are great for CPU bound work.";

#[test]
fn compare_shows_what_the_later_answer_fixed_and_gained() {
    let d = tempfile::tempdir().unwrap();
    save(&d, "gil", WRONG_GIL);
    save(&d, "is-vs-equals", "It compares things.");
    save(&d, "gil", STRONG_GIL);
    // With one attempt named, it is compared with the answer to its question before it.
    let out = viva(&d)
        .args(["compare", "3", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let c = json(&out);
    assert_eq!(c["question_id"], "gil");
    assert_eq!(
        (
            c["before"]["attempt_id"].as_i64(),
            c["after"]["attempt_id"].as_i64()
        ),
        (Some(1), Some(3))
    );
    assert!(c["score_change"].as_i64().unwrap() > 0, "{c}");
    let changes: Vec<&str> = c["concepts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["change"].as_str().unwrap())
        .collect();
    assert!(changes.contains(&"fixed"), "{changes:?}");
    assert!(changes.contains(&"gained"), "{changes:?}");
    assert!(
        c["transcript"].as_array().unwrap().iter().any(
            |s| s["kind"] == "added" && s["text"].as_str().unwrap().contains("multiprocessing")
        ),
        "{c}"
    );
    // Either order gives the same comparison.
    let reversed = viva(&d)
        .args(["compare", "1", "3", "--json"])
        .assert()
        .success();
    assert_eq!(json(&reversed.get_output().stdout), c);
    // Text: the changes and the words.
    let text = viva(&d).args(["compare", "3", "1"]).assert().success();
    let text = String::from_utf8(text.get_output().stdout.clone()).unwrap();
    assert!(text.contains("misconception fixed"), "{text}");
    assert!(text.contains("{+"), "{text}");

    // Different questions, and a first answer, are refused with what to do.
    viva(&d)
        .args(["compare", "1", "2"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("answer different questions"));
    viva(&d)
        .args(["compare", "1"])
        .assert()
        .failure()
        .stderr(predicates::str::contains(
            "nothing before it to compare with",
        ));
}
