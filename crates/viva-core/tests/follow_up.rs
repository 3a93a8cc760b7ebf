//! Follow-up questions: which point is probed, and what the answer to the probe recovers.

use viva_core::follow_up::{judge, probe};
use viva_core::{Deck, DeliveryTargets, Question, Transcript, Verdict, assess, builtin};

fn deck() -> Deck {
    builtin::decks()
        .unwrap()
        .into_iter()
        .find(|d| d.id == "python-interview")
        .unwrap()
}

fn question(id: &str) -> Question {
    deck().question(id).unwrap().clone()
}

fn said(q: &Question, text: &str) -> viva_core::Assessment {
    assess(q, &Transcript::from_text(text), &DeliveryTargets::default())
}

#[test]
fn every_central_concept_of_the_built_in_deck_has_a_follow_up() {
    for q in &deck().questions {
        let heaviest = q.concepts.iter().map(|c| c.weight).fold(0.0, f64::max);
        for c in q.concepts.iter().filter(|c| c.weight == heaviest) {
            let f = c.follow_up.as_deref().unwrap_or_default();
            assert!(
                f.ends_with('?') && !f.contains('`'),
                "{}: {:?} needs a spoken follow-up question, has {f:?}",
                q.id,
                c.name
            );
        }
    }
}

#[test]
fn the_heaviest_point_left_out_is_probed() {
    let q = question("gil");
    let a = said(
        &q,
        "The global interpreter lock is a mutex in CPython, so only one thread runs Python \
         bytecode at a time. Threads still help with I/O bound work.",
    );
    let p = probe(&q, &a).expect("CPU-bound work was left out");
    assert_eq!(p.concept, "no speed-up for CPU-bound code");
    assert_eq!(p.prompt, "So what does that mean for CPU-bound code?");
}

#[test]
fn nothing_is_probed_after_silence_or_a_complete_answer() {
    let q = question("gil");
    assert_eq!(probe(&q, &said(&q, "")), None);
    let a = said(&q, &q.model_answer);
    assert_eq!(probe(&q, &a), None, "{:?}", a.concepts);
}

#[test]
fn a_point_only_named_or_stated_wrongly_is_probed_too() {
    let q = question("is-vs-equals");
    let wrong = said(
        &q,
        "Is compares the values, and double equals checks whether they are the same object.",
    );
    let p = probe(&q, &wrong).expect("both points were wrong");
    assert_eq!(p.concept, "double equals compares values");
}

#[test]
fn the_follow_up_answer_recovers_the_point_and_says_how_much_came_after_the_nudge() {
    let q = question("gil");
    let main = said(
        &q,
        "The global interpreter lock is a mutex in CPython, so only one thread runs Python \
         bytecode at a time. Threads still help with I/O bound work.",
    );
    let p = probe(&q, &main).unwrap();
    let answer = Transcript::from_text(
        "CPU bound code gets no speed up from threads, because only one of them computes at a \
         time. You would use multiprocessing instead.",
    );
    let f = judge(&q, &p, &main, &answer);
    assert!(f.recovered, "{:?}", f.result);
    assert_eq!(f.result.verdict(), Verdict::Covered);
    let heard = f.result.heard.as_deref().unwrap();
    assert!(
        heard.contains("speed") || heard.contains("CPU"),
        "{heard:?}"
    );
    assert_eq!(f.unprompted, main.score);
    // 3 of the question's 7 weights unprompted; the probed concept adds its 2, and no more (the
    // multiprocessing said in passing is not what was asked about).
    assert_eq!((f.unprompted, f.with_follow_up), (43, 71), "{f:?}");
}

#[test]
fn a_vague_or_wrong_follow_up_answer_recovers_nothing() {
    let q = question("gil");
    let main = said(&q, "Only one thread runs bytecode at a time.");
    let p = probe(&q, &main).unwrap();
    let vague = judge(
        &q,
        &p,
        &main,
        &Transcript::from_text("Well, it depends on the code."),
    );
    assert!(!vague.recovered);
    assert_eq!(vague.with_follow_up, vague.unprompted);
    let wrong = judge(
        &q,
        &p,
        &main,
        &Transcript::from_text("Threads make CPU bound code much faster on many cores."),
    );
    assert!(!wrong.recovered, "{:?}", wrong.result);
    assert!(wrong.with_follow_up <= wrong.unprompted);
}

#[test]
fn an_empty_follow_up_is_a_deck_error_with_its_line() {
    let src = r#"
id = "d"
title = "D"
[[questions]]
id = "q"
category = "c"
prompt = "p"
model_answer = "m"
[[questions.concepts]]
name = "x"
follow_up = "  "
"#;
    let e = Deck::from_toml(src, "d.toml").unwrap_err();
    assert_eq!(e.problems.len(), 1, "{e}");
    assert_eq!(e.problems[0].line, 11, "{e}");
    assert!(e.to_string().contains("empty follow_up"), "{e}");
}
