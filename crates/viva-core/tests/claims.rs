//! Claims, not keywords: subjects, negation, known misconceptions and bare mentions.

use viva_core::{
    Concept, Deck, Misconception, MisconceptionKind, Question, Subject, Transcript, Verdict, score,
};

fn concept(name: &str, aliases: &[&str], about: Option<&str>) -> Concept {
    Concept {
        name: name.into(),
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
        weight: 1.0,
        about: about.map(str::to_string),
        claim: Some(format!("true: {name}")),
        misconceptions: Vec::new(),
        follow_up: None,
    }
}

/// `is` against `==`, as the built-in deck contrasts them.
fn is_vs_equals() -> Question {
    Question {
        id: "is-vs-equals".into(),
        category: "c".into(),
        prompt: "p".into(),
        model_answer: "m".into(),
        code: None,
        concepts: vec![
            concept("compares values", &["same value"], Some("==")),
            concept("compares identity", &["same object"], Some("is")),
        ],
        subjects: vec![
            Subject {
                name: "is".into(),
                forms: vec![
                    "is operator".into(),
                    "the is keyword".into(),
                    "using is".into(),
                ],
            },
            Subject {
                name: "==".into(),
                forms: vec!["double equals".into(), "==".into()],
            },
        ],
        target_seconds: None,
    }
}

fn verdicts(q: &Question, text: &str) -> Vec<Verdict> {
    score(q, &Transcript::from_text(text))
        .concepts
        .iter()
        .map(|c| c.verdict())
        .collect()
}

#[test]
fn the_right_claims_about_the_right_subjects_are_covered() {
    let q = is_vs_equals();
    let text = "Double equals compares values. The is operator compares identity, \
                whether both names are the same object.";
    assert_eq!(verdicts(&q, text), [Verdict::Covered, Verdict::Covered]);
    assert_eq!(score(&q, &Transcript::from_text(text)).score, 100);
}

#[test]
fn swapped_subjects_are_misconceptions_that_point_at_the_words() {
    let q = is_vs_equals();
    let text = "The is operator compares values, while double equals compares identity.";
    let c = score(&q, &Transcript::from_text(text));
    assert_eq!(c.score, 0);
    let equality = c.concepts[0].misconception.as_ref().expect("equality");
    assert_eq!(equality.kind, MisconceptionKind::WrongSubject);
    assert_eq!(equality.said_of.as_deref(), Some("is"));
    assert_eq!(equality.heard, "compares values,");
    assert_eq!(equality.truth, "true: compares values");
    assert_eq!(equality.words, [3, 4]);
    let identity = c.concepts[1].misconception.as_ref().expect("identity");
    assert_eq!(identity.said_of.as_deref(), Some("=="));
    assert_eq!(identity.heard, "compares identity.");
    assert!(!c.concepts[0].matched && !c.concepts[1].matched);
}

#[test]
fn a_negated_point_is_the_opposite_claim() {
    let q = is_vs_equals();
    let text = "Using is never compares identity.";
    let c = score(&q, &Transcript::from_text(text));
    let m = c.concepts[1].misconception.as_ref().expect("negated");
    assert_eq!(m.kind, MisconceptionKind::Opposite);
    assert_eq!(m.heard, "compares identity.");
}

#[test]
fn not_only_does_not_negate_and_a_true_denial_of_the_other_subject_is_no_error() {
    let q = is_vs_equals();
    assert_eq!(
        verdicts(
            &q,
            "The is operator not only compares identity, it is fast."
        ),
        [Verdict::Missed, Verdict::Covered]
    );
    // True of `==`, and not a claim about `is` at all.
    assert_eq!(
        verdicts(&q, "Double equals doesn't compare identity."),
        [Verdict::Missed, Verdict::Missed]
    );
}

#[test]
fn a_clean_statement_stands_beside_a_negated_one_elsewhere() {
    let q = is_vs_equals();
    let text = "The is operator compares identity. Two equal lists are not the same object.";
    assert_eq!(verdicts(&q, text)[1], Verdict::Covered);
}

#[test]
fn a_point_said_of_no_subject_is_credited_with_a_plain_note() {
    let q = is_vs_equals();
    let c = score(
        &q,
        &Transcript::from_text("It compares identity, basically."),
    );
    assert_eq!(c.concepts[1].verdict(), Verdict::Covered);
    let note = c.concepts[1].note.as_deref().expect("a note");
    assert!(note.contains("could not check"), "{note}");
}

#[test]
fn known_misconceptions_are_found_unless_denied() {
    let mut q = is_vs_equals();
    q.subjects.clear();
    q.concepts = vec![Concept {
        misconceptions: vec![Misconception {
            said: vec!["every thread ... same time".into()],
            truth: "One thread runs bytecode at a time.".into(),
            about: None,
        }],
        ..concept("one thread at a time", &["one thread at a time"], None)
    }];
    let wrong = "The GIL lets every thread run bytecode at the same time, so it is great.";
    let c = score(&q, &Transcript::from_text(wrong));
    let m = c.concepts[0].misconception.as_ref().expect("known");
    assert_eq!(m.kind, MisconceptionKind::Known);
    assert_eq!(m.heard, "every thread run bytecode at the same time,");
    assert_eq!(m.truth, "One thread runs bytecode at a time.");
    // Even beside the right words, a known misconception is what an interviewer hears.
    let both = "Only one thread at a time runs, so every thread runs at the same time.";
    assert_eq!(verdicts(&q, both), [Verdict::Misconception]);
    let denied = "Not every thread runs at the same time: one thread at a time holds the lock.";
    assert_eq!(verdicts(&q, denied), [Verdict::Covered]);
    // Denied between the parts of the form, too.
    let inside = "Every thread can't run at the same time; one thread at a time holds the lock.";
    assert_eq!(verdicts(&q, inside), [Verdict::Covered]);
}

#[test]
fn a_list_of_keywords_is_mentioned_and_earns_half() {
    let q = is_vs_equals();
    let text = "Um, same value, same object, double equals, the is operator.";
    let c = score(&q, &Transcript::from_text(text));
    assert_eq!(
        c.concepts.iter().map(|c| c.verdict()).collect::<Vec<_>>(),
        [Verdict::Mentioned, Verdict::Mentioned]
    );
    assert_eq!(c.score, 50);
    assert!(
        c.concepts[0].matched,
        "mentioned is still matched, for older readers"
    );
}

#[test]
fn results_saved_before_verdicts_read_as_covered_or_missed() {
    let old = r#"{"name":"x","weight":1.0,"matched":true,"kind":"alias","similarity":1.0,
        "form":"x","heard":"x","words":[0,0],"start_s":0.0,"end_s":0.5}"#;
    let r: viva_core::ConceptResult = serde_json::from_str(old).unwrap();
    assert_eq!(r.verdict, None);
    assert_eq!(r.verdict(), Verdict::Covered);
}

#[test]
fn a_deck_points_at_an_unknown_subject_and_a_misconception_without_truth() {
    let src = r#"
id = "d"
title = "D"
[[questions]]
id = "q"
category = "c"
prompt = "p"
model_answer = "m"
[[questions.concepts]]
name = "identity"
about = "iss"
[[questions.concepts.misconceptions]]
said = ["compares values"]
[[questions.subjects]]
name = "is"
forms = ["is operator"]
"#;
    let err = Deck::from_toml(src, "d.toml").unwrap_err().to_string();
    assert!(
        err.contains("d.toml:11:9: concept \"identity\" is about \"iss\""),
        "{err}"
    );
    assert!(
        err.contains(
            "d.toml:13:8: a misconception of concept \"identity\" does not say what is true instead"
        ),
        "{err}"
    );
}

#[test]
fn no_right_before_a_point_negates_it_and_than_marks_the_other_side() {
    let q = is_vs_equals();
    let c = score(
        &q,
        &Transcript::from_text("The is operator has no same object check."),
    );
    assert_eq!(c.concepts[1].verdict(), Verdict::Misconception);
    // "No," answering the question is not a negation of what follows.
    let text = "No, the is operator checks the same object.";
    assert_eq!(verdicts(&q, text)[1], Verdict::Covered);
    // What follows "than double equals" is still said of `is`.
    let text = "The is operator is stricter than double equals, it wants the same object.";
    assert_eq!(verdicts(&q, text)[1], Verdict::Covered);
}

#[test]
fn a_form_never_matches_across_two_sentences() {
    let q = is_vs_equals();
    // "same. Object" is not "same object".
    let c = score(
        &q,
        &Transcript::from_text("The is operator is the same. Object ids differ."),
    );
    assert_eq!(c.concepts[1].verdict(), Verdict::Missed);
}

#[test]
fn a_later_sentence_is_about_an_earlier_subject_only_through_a_pronoun() {
    let q = is_vs_equals();
    // "It" carries the subject over: said of ==, so wrong.
    let text = "Double equals is about values. It checks the same object.";
    assert_eq!(verdicts(&q, text)[1], Verdict::Misconception);
    // A sentence that names nothing is not pinned on the last subject named.
    let text = "Double equals is about values. Same object, for identity.";
    assert_eq!(verdicts(&q, text)[1], Verdict::Covered);
    // Nor is a pronoun two sentences on: the subject between may have been misheard (a
    // recogniser that dropped "the is operator is identity" leaves "It's" behind).
    let text = "Double equals is about values. It calls a method. It's the same object.";
    let c = score(&q, &Transcript::from_text(text));
    assert_eq!(c.concepts[1].verdict(), Verdict::Covered);
    assert!(
        c.concepts[1]
            .note
            .as_deref()
            .unwrap()
            .contains("could not check")
    );
}

#[test]
fn a_wrong_claim_costs_what_a_right_one_earns_and_the_score_stops_at_zero() {
    let q = is_vs_equals();
    // One right (+1), one said of the wrong subject (-1), out of 2.
    let text = "Double equals compares the same value, and double equals checks the same object.";
    assert_eq!(
        verdicts(&q, text),
        [Verdict::Covered, Verdict::Misconception]
    );
    assert_eq!(score(&q, &Transcript::from_text(text)).score, 0);
    let text = "The is operator checks the same value.";
    assert_eq!(score(&q, &Transcript::from_text(text)).score, 0);
    let text = "The is operator is the same object, and double equals is the same value.";
    assert_eq!(score(&q, &Transcript::from_text(text)).score, 100);
}

#[test]
fn a_reason_and_a_pronoun_make_a_statement_not_a_list() {
    let q = is_vs_equals();
    // "it is ..." after a reason says something ("since it can't change, it is hashable"):
    // only "same value, same object" lists.
    let text = "Since it is the same value, it is the same object.";
    assert_eq!(verdicts(&q, text), [Verdict::Covered, Verdict::Covered]);
    let text = "Same value, same object.";
    assert_eq!(verdicts(&q, text), [Verdict::Mentioned, Verdict::Mentioned]);
}

#[test]
fn advice_is_a_claim_not_a_keyword() {
    // The deck the e2e test writes in the editor: a statement, then advice in two short
    // clauses. Those clauses are what the answer recommends, not items of a keyword list.
    let q = Question {
        concepts: vec![
            concept("CPU bound work", &["cpu bound work"], None),
            concept("use multiprocessing instead", &["multiprocessing"], None),
        ],
        subjects: vec![],
        ..is_vs_equals()
    };
    let text = "Only one thread runs bytecode at a time, for CPU bound work, use multiprocessing.";
    assert_eq!(verdicts(&q, text), [Verdict::Covered, Verdict::Covered]);
    let text = "GIL, one thread, CPU bound work, multiprocessing.";
    assert_eq!(verdicts(&q, text), [Verdict::Mentioned, Verdict::Mentioned]);
}

/// `time.sleep` against `asyncio.sleep`, with a misconception that is wrong of one of them only.
fn sleeps() -> Question {
    let mut blocks = concept("blocks the thread", &["blocks"], Some("time.sleep"));
    blocks.misconceptions = vec![Misconception {
        said: vec!["only pauses".into(), "others keep running".into()],
        truth: "time.sleep blocks the whole thread.".into(),
        about: Some("time.sleep".into()),
    }];
    Question {
        id: "sleep".into(),
        category: "c".into(),
        prompt: "p".into(),
        model_answer: "m".into(),
        code: None,
        concepts: vec![blocks],
        subjects: vec![
            Subject {
                name: "time.sleep".into(),
                forms: vec!["time sleep".into(), "time dot sleep".into()],
            },
            Subject {
                name: "asyncio.sleep".into(),
                forms: vec!["asyncio sleep".into(), "asyncio dot sleep".into()],
            },
        ],
        target_seconds: None,
    }
}

#[test]
fn a_misconception_with_a_subject_is_found_only_where_said_of_it() {
    let q = sleeps();
    let wrong = score(
        &q,
        &Transcript::from_text("Time dot sleep only pauses that one coroutine."),
    );
    let m = wrong.concepts[0]
        .misconception
        .as_ref()
        .expect("said of time.sleep");
    assert_eq!(m.kind, MisconceptionKind::Known);
    assert_eq!(m.said_of.as_deref(), Some("time.sleep"));
    assert_eq!(m.heard, "only pauses");
    // Through a pronoun in its clause.
    let pronoun = "Time dot sleep is fine, it only pauses the coroutine.";
    assert_eq!(verdicts(&q, pronoun), [Verdict::Misconception]);
    // Said of the other subject, the words are true.
    let right = "Time dot sleep blocks. Asyncio dot sleep only pauses the current coroutine, \
                 and the others keep running.";
    assert_eq!(verdicts(&q, right), [Verdict::Covered]);
    // Bound to nothing in its own clause: no accusation.
    let unbound = "Time dot sleep blocks, but with the other one everything only pauses.";
    assert_eq!(verdicts(&q, unbound), [Verdict::Covered]);
    // An object pronoun right after the words refers back to the sentence's subject.
    let object = "Time dot sleep is simple, but the coroutine only pauses during it.";
    assert_eq!(verdicts(&q, object), [Verdict::Misconception]);
}

#[test]
fn a_misconception_denied_reported_or_set_against_is_not_asserted() {
    let q = sleeps();
    for text in [
        "Time dot sleep doesn't really ever just pause the coroutine, it blocks.",
        "People think time dot sleep only pauses the coroutine, but it blocks.",
        "Time dot sleep blocks rather than only pauses the coroutine.",
    ] {
        assert_ne!(verdicts(&q, text), [Verdict::Misconception], "{text}");
    }
}

#[test]
fn keywords_of_a_list_claim_nothing_right_or_wrong() {
    let q = is_vs_equals();
    // A list sentence: "same object" after "double equals" is only named, not said of it.
    let text = "Is operator, double equals, same object, same value, identity, equality.";
    let c = score(&q, &Transcript::from_text(text));
    assert!(
        c.concepts.iter().all(|r| r.verdict() == Verdict::Mentioned),
        "{:?}",
        c.concepts.iter().map(|r| r.verdict()).collect::<Vec<_>>()
    );
    // The same words in a statement after the list are claims.
    let stated = "Lists, tuples, and the double equals checks the same value.";
    assert_eq!(verdicts(&q, stated)[0], Verdict::Covered);
}

#[test]
fn a_negation_another_point_says_is_that_points_claim() {
    let mut q = is_vs_equals();
    q.concepts = vec![
        concept("set is unhashable", &["not hashable"], None),
        concept("frozenset is hashable", &["hashable"], None),
    ];
    // "not hashable" is the first point, not the second one denied; "it's hashable" (a
    // pronoun and a verb) is a statement, not a keyword.
    let text =
        "A set you can change, so it's not hashable. A frozenset is fixed, and it's hashable.";
    assert_eq!(verdicts(&q, text), [Verdict::Covered, Verdict::Covered]);
}

#[test]
fn the_first_one_and_the_latter_point_at_the_subjects_named_in_order() {
    let q = is_vs_equals();
    let swapped = "So there's the is operator and there's double equals. The first one compares \
                   values, and the second one compares identity.";
    let c = score(&q, &Transcript::from_text(swapped));
    let values = c.concepts[0]
        .misconception
        .as_ref()
        .expect("values said of is");
    assert_eq!(values.kind, MisconceptionKind::WrongSubject);
    assert_eq!(values.said_of.as_deref(), Some("is"));
    assert_eq!(values.heard, "compares values,");
    let identity = c.concepts[1]
        .misconception
        .as_ref()
        .expect("identity said of ==");
    assert_eq!(identity.said_of.as_deref(), Some("=="));
    let right = "Double equals and the is operator differ. The former compares values, while \
                 the latter compares identity.";
    assert_eq!(verdicts(&q, right), [Verdict::Covered, Verdict::Covered]);
    // Not at the start of its clause, "the first one" refers to nothing.
    let other = "Double equals and the is operator differ. It keeps the first one and compares \
                 identity.";
    assert_ne!(verdicts(&q, other)[1], Verdict::Misconception);
}

#[test]
fn a_hedge_inside_a_claim_is_read_past() {
    let q = sleeps();
    let hedged = "Time dot sleep only basically pauses that one coroutine.";
    let c = score(&q, &Transcript::from_text(hedged));
    let m = c.concepts[0].misconception.as_ref().expect("hedged claim");
    assert_eq!(m.heard, "only basically pauses");
    let negated = "Time dot sleep doesn't actually pause just one coroutine, it blocks.";
    assert_eq!(verdicts(&q, negated), [Verdict::Covered]);
}

#[test]
fn a_focus_word_inside_a_claim_leaves_it_the_same_claim() {
    let q = sleeps();
    let c = score(
        &q,
        &Transcript::from_text("With time dot sleep, the others still keep running."),
    );
    let m = c.concepts[0]
        .misconception
        .as_ref()
        .expect("claim with a focus word");
    assert_eq!(m.heard, "others still keep running.");
    // Not before the form's first word: "also" there is no part of it.
    let c = score(&q, &Transcript::from_text("Time dot sleep also blocks."));
    assert_eq!(c.concepts[0].heard.as_deref(), Some("blocks."));
}

#[test]
fn an_object_pronoun_after_a_verb_says_what_the_passive_does() {
    let mut shared = concept("the default list is shared", &["shared"], None);
    shared.misconceptions = vec![Misconception {
        said: vec!["copied for each call".into(), "does copy the list".into()],
        truth: "One list, shared by every call.".into(),
        about: None,
    }];
    let q = Question {
        concepts: vec![shared],
        subjects: vec![],
        ..is_vs_equals()
    };
    assert_eq!(
        verdicts(&q, "Python copies it for each call, so it's safe."),
        [Verdict::Misconception]
    );
    // After an auxiliary the pronoun is the subject of a question, not an object.
    assert_eq!(
        verdicts(&q, "Does it copy the list? No, the list is shared."),
        [Verdict::Covered]
    );
}

#[test]
fn a_bound_misconception_in_a_clause_of_its_own_is_said_of_the_sentences_only_subject() {
    let q = sleeps();
    let sole = "Time dot sleep, as far as I know, only pauses the current coroutine for a second.";
    assert_eq!(verdicts(&q, sole), [Verdict::Misconception]);
    // A fragment of three content words or fewer, with no verb of statement, names nothing.
    let fragment = "Time dot sleep blocks, only pauses elsewhere.";
    assert_eq!(verdicts(&q, fragment), [Verdict::Covered]);
    // Two subjects in the sentence: the bare clause names neither.
    let two = "Time dot sleep blocks and asyncio dot sleep is fine, as far as I know, only pauses.";
    assert_eq!(verdicts(&q, two), [Verdict::Covered]);
}

/// Merging dicts: two points, each with the version it came in.
fn merges() -> Question {
    let mut pipe = concept("the pipe operator (3.9+)", &["pipe", "3.9"], None);
    pipe.claim = Some("Since Python 3.9, d1 | d2 merges two dicts.".into());
    let mut unpack = concept("unpacking (3.5+)", &["star star", "3.5"], None);
    unpack.claim = Some("From Python 3.5, {**d1, **d2} merges them too.".into());
    Question {
        id: "merge".into(),
        category: "c".into(),
        prompt: "p".into(),
        model_answer: "m".into(),
        code: None,
        concepts: vec![pipe, unpack],
        subjects: Vec::new(),
        target_seconds: None,
    }
}

#[test]
fn a_version_is_checked_against_the_point_it_is_said_of() {
    let q = merges();
    let right = "Since Python three nine, the cleanest is d1 pipe d2. Before three nine you'd \
                 write star star d1, star star d2, which works since three point five.";
    assert_eq!(verdicts(&q, right), [Verdict::Covered, Verdict::Covered]);
    // Swapped: each version is bound to the point named nearest before it.
    let swapped = "The pipe operator came in Python three point five, and the star star form \
                   came in 3.9.";
    let c = score(&q, &Transcript::from_text(swapped));
    let m = c.concepts[1]
        .misconception
        .as_ref()
        .expect("3.9 said of unpacking");
    assert_eq!(
        (m.how.as_str(), m.heard.as_str()),
        ("said the wrong version", "3.9.")
    );
    assert_eq!(c.concepts[0].verdict(), Verdict::Misconception);
    // Its own version said of it too: a detail, not a mistake.
    let both = "The pipe works since Python 3.9, and in 3.8 you'd get a TypeError with pipe.";
    assert_eq!(verdicts(&q, both)[0], Verdict::Covered);
    // "Not until", "before": when it was not yet so.
    let not_yet = "The pipe wasn't there until three nine, not in three eight.";
    assert_eq!(verdicts(&q, not_yet)[0], Verdict::Covered);
}

#[test]
fn numbers_and_complexities_said_in_words_read_as_written() {
    use viva_core::text::normalized_string;
    assert_eq!(normalized_string("Python three point ten"), "python 3 10");
    assert_eq!(normalized_string("Python 3.10"), "python 3 10");
    assert_eq!(normalized_string("it's order n"), "its o of n");
    assert_eq!(normalized_string("order of one"), "o of 1");
    assert_eq!(normalized_string("O(n)"), "o of n");
    // Not a complexity: punctuation between, or another word after "order".
    assert_eq!(
        normalized_string("insertion order, one"),
        "insertion order 1"
    );
    assert_eq!(
        normalized_string("in order of insertion"),
        "in order of insertion"
    );
}

#[test]
fn a_verb_agrees_with_its_subject_in_either_number() {
    let mut q = is_vs_equals();
    q.concepts[0].misconceptions.push(Misconception {
        said: vec!["set is hashable".into()],
        truth: "A set is unhashable.".into(),
        about: None,
    });
    let plural = "Yes, sets are hashable.";
    assert_eq!(verdicts(&q, plural)[0], Verdict::Misconception);
    let singular = "A set is hashable.";
    assert_eq!(verdicts(&q, singular)[0], Verdict::Misconception);
}

#[test]
fn a_pronoun_after_a_leading_conjunction_carries_the_subject_over() {
    let q = is_vs_equals();
    let but = "The is operator is one thing. But it checks the same value.";
    let c = score(&q, &Transcript::from_text(but));
    let m = c.concepts[0].misconception.as_ref().expect("said of is");
    assert_eq!(m.said_of.as_deref(), Some("is"));
}

/// Star args against star star kwargs, as the built-in deck contrasts them.
fn args_kwargs() -> Question {
    Question {
        id: "args-kwargs".into(),
        category: "c".into(),
        prompt: "p".into(),
        model_answer: "m".into(),
        code: None,
        concepts: vec![
            concept(
                "collects positional",
                &["positional arguments"],
                Some("star args"),
            ),
            concept(
                "collects keyword",
                &["keyword arguments"],
                Some("star star kwargs"),
            ),
        ],
        subjects: vec![
            Subject {
                name: "star args".into(),
                forms: vec!["star args".into()],
            },
            Subject {
                name: "star star kwargs".into(),
                forms: vec!["star star kwargs".into(), "kwargs".into()],
            },
        ],
        target_seconds: None,
    }
}

#[test]
fn a_claim_said_of_a_pair_is_said_of_each() {
    let q = args_kwargs();
    let both =
        "Both of them, star args and star star kwargs, gather the keyword arguments you pass.";
    let c = score(&q, &Transcript::from_text(both));
    let wrong = c.concepts[1].misconception.as_ref().expect("said of both");
    assert_eq!(wrong.kind, MisconceptionKind::WrongSubject);
    assert_eq!(wrong.said_of.as_deref(), Some("star args"));
    let pair = "Star args and kwargs both collect keyword arguments.";
    assert_eq!(verdicts(&q, pair)[1], Verdict::Misconception);
    // Denied of both: wrong of kwargs, said the opposite.
    let neither = "Neither star args nor star star kwargs take the keyword arguments.";
    let c = score(&q, &Transcript::from_text(neither));
    let wrong = c.concepts[1]
        .misconception
        .as_ref()
        .expect("denied of both");
    assert_eq!(wrong.kind, MisconceptionKind::Opposite);
    // A claim whose words open with the second subject, and a first subject whose own form
    // holds the "and" ("star args and").
    let mut q2 = args_kwargs();
    q2.subjects[0].forms.push("star args and".into());
    q2.concepts[1].aliases.push("kwargs ... keyword".into());
    let pair = "Star args and kwargs both take keyword arguments you pass.";
    let c = score(&q2, &Transcript::from_text(pair));
    let wrong = c.concepts[1].misconception.as_ref().expect("said of both");
    assert_eq!(wrong.said_of.as_deref(), Some("star args"));
    // Not a pair that opens its clause: an object, a comparison, or a claim after a contrast.
    for right in [
        "You pass star args and kwargs to the wrapped function, and kwargs gets the keyword \
         arguments.",
        "The difference between star args and kwargs is that kwargs takes keyword arguments.",
        "Star args and kwargs are different: kwargs takes keyword arguments.",
        "Star args and kwargs look alike, but kwargs takes the keyword arguments.",
    ] {
        assert!(
            !verdicts(&q, right).contains(&Verdict::Misconception),
            "accused: {right}"
        );
    }
}

/// Threads against processes, with comparisons as the deck's misconceptions state them.
fn threads_processes() -> Question {
    let mut cpu = concept("no speed-up for CPU-bound code", &["cpu bound"], None);
    cpu.misconceptions = vec![
        Misconception {
            said: vec!["faster for cpu".into()],
            truth: "threads give no speed-up to CPU-bound code".into(),
            about: Some("threads".into()),
        },
        Misconception {
            said: vec!["processes are slower".into()],
            truth: "processes run CPU-bound work in parallel".into(),
            about: None,
        },
    ];
    Question {
        id: "gil".into(),
        category: "c".into(),
        prompt: "p".into(),
        model_answer: "m".into(),
        code: None,
        concepts: vec![cpu],
        subjects: vec![
            Subject {
                name: "threads".into(),
                forms: vec!["threads".into(), "threading".into()],
            },
            Subject {
                name: "multiprocessing".into(),
                forms: vec!["processes".into(), "multiprocessing".into()],
            },
        ],
        target_seconds: None,
    }
}

#[test]
fn a_comparison_is_a_claim_about_its_subject_either_way_round() {
    let q = threads_processes();
    for wrong in [
        // "Threads are faster for CPU work", with "than processes" in between.
        "Threads are faster than processes for CPU bound work.",
        // Turned round: says threads are faster.
        "Processes are slower than threads for CPU bound work.",
        // "Processes are slower", turned round from "threads are faster than processes".
        "In practice threads are faster than processes, since processes pickle everything.",
    ] {
        let c = score(&q, &Transcript::from_text(wrong));
        let m = c.concepts[0].misconception.as_ref();
        assert_eq!(
            m.map(|m| m.kind),
            Some(MisconceptionKind::Known),
            "not caught: {wrong}"
        );
    }
    let c = score(
        &q,
        &Transcript::from_text("Multiprocessing is slower than threading for CPU bound work."),
    );
    assert_eq!(
        c.concepts[0]
            .misconception
            .as_ref()
            .map(|m| m.heard.as_str()),
        Some("Multiprocessing is slower than threading for CPU bound work.")
    );
    for right in [
        "Processes are faster than threads for CPU bound work.",
        "Threads are slower than processes for CPU bound work.",
        "Threads are not faster than processes for CPU bound work.",
        "People think threads are faster than processes for CPU bound work, they aren't.",
        "Threads start faster than processes. For CPU bound work use processes.",
    ] {
        assert!(
            !verdicts(&q, right).contains(&Verdict::Misconception),
            "accused: {right}"
        );
    }
}

#[test]
fn a_wrong_subject_stated_in_a_clause_of_its_own_stands_against_a_right_one_elsewhere() {
    let q = is_vs_equals();
    // Said right of `is`, then stated of `==` in a clause that names it: both are claims.
    let wrong = "The is operator checks the same object. Double equals checks the same object \
                 too, and it compares values.";
    let c = score(&q, &Transcript::from_text(wrong));
    assert_eq!(
        c.concepts[1].verdict(),
        Verdict::Covered,
        "'too' says it is shared"
    );
    let wrong = "The is operator checks the same object. Double equals checks the same object, \
                 and it compares values.";
    let c = score(&q, &Transcript::from_text(wrong));
    let m = c.concepts[1].misconception.as_ref().expect("stated of ==");
    assert_eq!(m.kind, MisconceptionKind::WrongSubject);
    assert_eq!(m.said_of.as_deref(), Some("=="));
    // Not stated of it in its own clause: denied, set against, or bound only by a pronoun.
    for right in [
        "The is operator checks the same object. Double equals doesn't check the same object.",
        "The is operator checks the same object, unlike double equals, which compares values.",
        "Double equals compares values. The is operator checks the same object. It is faster \
         than double equals, since it only checks the same object.",
    ] {
        assert!(
            !verdicts(&q, right).contains(&Verdict::Misconception),
            "accused: {right}"
        );
    }
}
