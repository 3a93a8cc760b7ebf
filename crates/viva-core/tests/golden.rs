//! Golden files: the built-in deck's concepts and the assessment JSON, pinned so that any change
//! to either shows up as a reviewed diff. Regenerate with `VIVA_UPDATE_GOLDEN=1 cargo test`.

use std::fmt::Write;
use std::path::Path;

use viva_core::{DeliveryTargets, Transcript, Word, assess, builtin, score};

fn check(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("VIVA_UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run with VIVA_UPDATE_GOLDEN=1 to create it",
            path.display()
        )
    });
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "{} differs from the output, first at line {} (review the change, then run with VIVA_UPDATE_GOLDEN=1):\n  golden: {:?}\n  actual: {:?}",
            path.display(),
            first + 1,
            expected.lines().nth(first),
            actual.lines().nth(first)
        );
    }
}

#[test]
fn built_in_deck_summary() {
    let mut out = String::new();
    for deck in builtin::decks().unwrap() {
        writeln!(out, "# {} ({} questions)", deck.id, deck.questions.len()).unwrap();
        for q in &deck.questions {
            let model = score(q, &Transcript::from_text(&q.model_answer)).score;
            let prompt = score(q, &Transcript::from_text(&q.prompt)).score;
            writeln!(
                out,
                "\n{} [{}] model answer {model}, prompt read back {prompt}",
                q.id, q.category
            )
            .unwrap();
            for c in &q.concepts {
                writeln!(
                    out,
                    "  {} ×{} ({} aliases)",
                    c.name,
                    c.weight,
                    c.aliases.len()
                )
                .unwrap();
            }
        }
    }
    check("python-interview.txt", &out);
}

#[test]
fn assessment_json_of_a_timed_answer() {
    let deck = &builtin::decks().unwrap()[0];
    let q = deck.question("is-vs-equals").unwrap();
    let text = "Um, so double equals compares values, it calls dunder eq, and is checks identity, \
                whether both names point to the same object. I think you should, like, only use is for None.";
    let mut t = 2.6;
    let words = text
        .split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            if i == 20 {
                t += 2.4; // a long pause mid-answer
            }
            let word = Word::timed(w, t, t + 0.3);
            t += 0.42;
            word
        })
        .collect();
    let transcript = Transcript {
        words,
        duration_s: Some(t + 1.5),
        language: Some("en".into()),
        model: Some("tiny.en".into()),
    };
    let a = assess(q, &transcript, &DeliveryTargets::default());
    let json = serde_json::to_string_pretty(&a).unwrap() + "\n";
    check("assessment-is-vs-equals.json", &json);
}
