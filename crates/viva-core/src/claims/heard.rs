//! A wrong claim that may be the recogniser's, not the candidate's.
//!
//! A misconception often turns on one word: the one that says what the claim was said of (a
//! subject named, or a pronoun carrying one over) or the negation that turns it around. Speech
//! recognition gets short words wrong: "is compares identity" heard as "it compares identity"
//! makes `it` carry `==` over from the clause before, and the answer seems to say that `==`
//! compares identity. The recogniser says how sure it was of each word, so when the one word a
//! misconception turns on was heard with low confidence, Viva does not tell the candidate they
//! were wrong: the point is left unjudged (no credit), with a note naming the word and when it
//! was said, to listen back. Only that word counts: other words of the claim heard unsurely
//! ("luts" for "lets") do not make what it was said of, or its polarity, doubtful. Typed answers
//! carry no confidence, and are never held back.
//!
//! The thresholds are where a word is misheard as often as not. Whisper tiny.en's words, aligned
//! with what was said: of those it wrote under 0.5, 54% were wrong in 320 synthesised answers
//! (the development sets' right and wrong answers, Piper's `joe` voice; 16,476 words) and 47% in
//! five minutes of real speech (769 words), against 31% and 13% from 0.5 to 0.6. Pronouns are
//! wrong more often at the same confidence, since "is" heard as "it", "it's" or "this" is one:
//! of the 906 it wrote, 52% of those under 0.8 were wrong and 36% of those under 0.9, while only
//! 7.5% of the pronouns it got right were under 0.8. See BENCHMARKS.md ("Maybe misheard").

use crate::claims::{Reading, Span};
use crate::report::clock;
use crate::text::Token;
use crate::transcript::Word;

/// Below this confidence, a word a misconception turns on may have been misheard.
pub(crate) const UNSURE_BELOW: f32 = 0.5;

/// The same for a pronoun that carried a subject over into the claim.
pub(crate) const PRONOUN_UNSURE_BELOW: f32 = 0.8;

/// Words that carry over a subject named before them ("..., it compares identity").
const ANAPHORS: &[&str] = &[
    "it", "its", "they", "theyre", "them", "this", "that", "thats", "these", "those", "which",
];

/// How many words after a claim an object pronoun may refer it back to its subject, as the
/// claims reader takes it ("add elements to it").
const OBJECT_REACH: usize = 3;

/// The words that bound the claim at `span` to `subject`: a mention of it inside the claim or
/// in its clause (the nearest before, else the nearest after); else the pronoun nearest before
/// the claim in its sentence, after the subject was last named, that carried it over ("double
/// equals compares the values, it compares identity"), or an object pronoun right after it in
/// its clause; else the mention nearest before the claim (said of it further back in its
/// sentence, or as one of a pair). Tokens, both ends included.
pub(crate) fn subject_words(reading: &Reading<'_>, span: Span, subject: &str) -> Option<Span> {
    let clause = reading.clause(span.first);
    let mentions = || {
        reading
            .subjects
            .iter()
            .filter(|m| m.subject.eq_ignore_ascii_case(subject))
    };
    let inside = || mentions().find(|m| m.span.first <= span.last && m.span.last >= span.first);
    let before = || {
        mentions()
            .rev()
            .find(|m| m.span.last < span.first && reading.clause(m.span.first) == clause)
    };
    let after = || {
        mentions().find(|m| {
            m.span.first > span.last && reading.clause(m.span.first) == reading.clause(span.last)
        })
    };
    if let Some(m) = inside().or_else(before).or_else(after) {
        return Some(m.span);
    }
    let named = mentions().rev().find(|m| m.span.last < span.first);
    let sentence = reading.sentence(span.first);
    let carried = (named.map_or(0, |m| m.span.last + 1)..span.first)
        .rev()
        .take_while(|&i| reading.sentence(i) == sentence)
        .find(|&i| ANAPHORS.contains(&reading.tokens[i].text.as_str()));
    // Or as the object of the claim's verb, right after its words ("add elements to it").
    let object = || {
        (span.last + 1..reading.tokens.len())
            .take_while(|&i| reading.clause(i) == reading.clause(span.last))
            .take(OBJECT_REACH)
            .find(|&i| matches!(reading.tokens[i].text.as_str(), "it" | "them"))
    };
    carried
        .or_else(object)
        .map(|at| Span {
            first: at,
            last: at,
        })
        .or(named.map(|m| m.span))
}

/// The subject a known misconception's own words name ("double equals compares identity"),
/// when they name one and only one: what the misconception was said of.
pub(crate) fn named_within(reading: &Reading<'_>, span: Span) -> Option<Span> {
    let mut inside = reading
        .subjects
        .iter()
        .filter(|m| m.span.first >= span.first && m.span.last <= span.last);
    let first = inside.next()?;
    inside
        .all(|m| m.subject == first.subject)
        .then_some(first.span)
}

/// The words behind `tokens` (transcript indices, first and last) when the recogniser was
/// unsure of all of them: each below [`UNSURE_BELOW`], or, for a lone pronoun, below
/// [`PRONOUN_UNSURE_BELOW`]. A name is as sure as the surest of its words ("double" heard
/// clearly says "double equals" was said); an article names nothing ("the is operator"). Words
/// with no confidence (typed) are never unsure.
pub(crate) fn unsure_words(
    reading: &Reading<'_>,
    words: &[Word],
    tokens: Span,
) -> Option<[usize; 2]> {
    let all = reading.tokens.get(tokens.first..=tokens.last)?;
    let below = match all {
        [t] if ANAPHORS.contains(&t.text.as_str()) => PRONOUN_UNSURE_BELOW,
        _ => UNSURE_BELOW,
    };
    let article = |t: &&Token| matches!(t.text.as_str(), "a" | "an" | "the");
    let naming: Vec<&Token> = match all.iter().filter(|t| !article(t)).collect::<Vec<_>>() {
        naming if naming.is_empty() => all.iter().collect(),
        naming => naming,
    };
    let unsure = naming.iter().all(|t| {
        words
            .get(t.source)
            .and_then(|w| w.p)
            .is_some_and(|p| p < below)
    });
    unsure.then(|| [naming[0].source, naming[naming.len() - 1].source])
}

/// What Viva says of a point it left unjudged because of the unsure words `at` (first and last,
/// by index into the transcript).
pub(crate) fn note(words: &[Word], at: [usize; 2]) -> String {
    let said: Vec<&str> = words[at[0]..=at[1]].iter().map(|w| w.word.trim()).collect();
    let said = said
        .join(" ")
        .trim_end_matches([',', '.', ';', ':', '!', '?'])
        .trim_matches('"')
        .to_string();
    let when = words[at[0]]
        .start
        .map(|s| format!(" at {}", clock(s)))
        .unwrap_or_default();
    let which = if at[0] == at[1] {
        "that word"
    } else {
        "those words"
    };
    format!(
        "Viva may have misheard \"{said}\"{when} (it was unsure of {which}), so it could not \
         judge this point: listen back."
    )
}

#[cfg(test)]
mod tests {
    use crate::builtin;
    use crate::claims::{MisconceptionKind, Verdict};
    use crate::score::{ConceptResult, score};
    use crate::transcript::{Transcript, Word};

    /// `text` as the recogniser heard it from 10 s on, 0.4 s a word, every word at `p` but the
    /// ones in `unsure` (by index).
    fn heard(text: &str, p: Option<f32>, unsure: &[(usize, f32)]) -> Transcript {
        Transcript {
            words: text
                .split_whitespace()
                .enumerate()
                .map(|(i, w)| Word {
                    p: unsure
                        .iter()
                        .find(|(at, _)| *at == i)
                        .map(|(_, p)| *p)
                        .or(p),
                    ..Word::timed(w, 10.0 + 0.4 * i as f64, 10.3 + 0.4 * i as f64)
                })
                .collect(),
            duration_s: p.map(|_| 20.0),
            ..Default::default()
        }
    }

    fn judged(question: &str, transcript: &Transcript, concept: &str) -> (ConceptResult, u32) {
        let deck = builtin::decks().unwrap().remove(0);
        let q = deck.question(question).unwrap();
        let c = score(q, transcript);
        let r = c
            .concepts
            .iter()
            .find(|r| r.name == concept)
            .unwrap()
            .clone();
        (r, c.score)
    }

    const SWAPPED: &str = "Double equals compares the values, it compares identity.";

    #[test]
    fn a_wrong_subject_carried_by_an_unsure_pronoun_is_not_judged() {
        // "is compares identity", heard as "it compares identity" with "it" at 27%.
        let t = heard(SWAPPED, Some(0.95), &[(5, 0.27)]);
        let (r, score) = judged("is-vs-equals", &t, "is compares identity");
        assert_eq!(r.verdict(), Verdict::Missed);
        assert!(r.misconception.is_none());
        assert_eq!(
            r.note.as_deref(),
            Some(
                "Viva may have misheard \"it\" at 0:12 (it was unsure of that word), so it \
                 could not judge this point: listen back."
            )
        );
        // No credit for it, and no misconception anywhere in the answer.
        assert_eq!(score, 33);
        let deck = builtin::decks().unwrap().remove(0);
        let all = score_all(&deck, &t);
        assert!(all.iter().all(|r| r.verdict() != Verdict::Misconception));
    }

    fn score_all(deck: &crate::Deck, t: &Transcript) -> Vec<ConceptResult> {
        score(deck.question("is-vs-equals").unwrap(), t).concepts
    }

    #[test]
    fn a_wrong_subject_carried_by_a_confident_pronoun_is_a_misconception() {
        let t = heard(SWAPPED, Some(0.95), &[(5, 0.9)]);
        let (r, _) = judged("is-vs-equals", &t, "is compares identity");
        assert_eq!(r.verdict(), Verdict::Misconception);
        let m = r.misconception.unwrap();
        assert_eq!(m.kind, MisconceptionKind::WrongSubject);
        assert_eq!(m.said_of.as_deref(), Some("=="));
        assert!(r.note.is_none());
    }

    #[test]
    fn a_typed_answer_is_never_held_back() {
        let (r, _) = judged(
            "is-vs-equals",
            &Transcript::from_text(SWAPPED),
            "is compares identity",
        );
        assert_eq!(r.verdict(), Verdict::Misconception);
        assert!(r.note.is_none());
    }

    #[test]
    fn only_the_deciding_word_counts() {
        // "compares" and "identity." unsure, "it" heard clearly: still said of ==.
        let t = heard(SWAPPED, Some(0.95), &[(5, 0.9), (6, 0.2), (7, 0.3)]);
        let (r, _) = judged("is-vs-equals", &t, "is compares identity");
        assert_eq!(r.verdict(), Verdict::Misconception);
        assert_eq!(
            r.misconception.unwrap().kind,
            MisconceptionKind::WrongSubject
        );
        // And the subject named in the claim's own clause, heard clearly, decides it, however
        // unsure the rest.
        let t = heard(
            "Double equals compares identity.",
            Some(0.95),
            &[(2, 0.2), (3, 0.25)],
        );
        let (r, _) = judged("is-vs-equals", &t, "is compares identity");
        assert_eq!(r.verdict(), Verdict::Misconception);
    }

    #[test]
    fn an_unsure_subject_named_in_the_claim_is_not_judged() {
        let text = "Double equals compares identity.";
        let concept = "is compares identity";
        let (r, _) = judged(
            "is-vs-equals",
            &heard(text, Some(0.95), &[(0, 0.3), (1, 0.4)]),
            concept,
        );
        assert_eq!(r.verdict(), Verdict::Missed);
        assert_eq!(
            r.note.as_deref(),
            Some(
                "Viva may have misheard \"Double equals\" at 0:10 (it was unsure of those \
                 words), so it could not judge this point: listen back."
            )
        );
        // One word of the name heard clearly says it was said.
        let (r, _) = judged(
            "is-vs-equals",
            &heard(text, Some(0.95), &[(0, 0.3)]),
            concept,
        );
        assert_eq!(r.verdict(), Verdict::Misconception);
    }

    #[test]
    fn a_pronoun_is_unsure_under_a_higher_confidence_than_a_name() {
        // Pronouns heard under 0.8 are misheard more often than not; names, under 0.5.
        let concept = "is compares identity";
        let (r, _) = judged(
            "is-vs-equals",
            &heard(SWAPPED, Some(0.95), &[(5, 0.7)]),
            concept,
        );
        assert_eq!(r.verdict(), Verdict::Missed);
        let (r, _) = judged(
            "is-vs-equals",
            &heard(SWAPPED, Some(0.95), &[(5, 0.85)]),
            concept,
        );
        assert_eq!(r.verdict(), Verdict::Misconception);
        let text = "Double equals compares identity.";
        let (r, _) = judged(
            "is-vs-equals",
            &heard(text, Some(0.95), &[(0, 0.7), (1, 0.7)]),
            concept,
        );
        assert_eq!(r.verdict(), Verdict::Misconception);
    }

    #[test]
    fn an_article_does_not_decide_a_subject() {
        let text = "The is operator compares the values.";
        let concept = "double equals compares values";
        let (r, _) = judged(
            "is-vs-equals",
            &heard(text, Some(0.95), &[(0, 0.2)]),
            concept,
        );
        assert_eq!(
            r.misconception.unwrap().kind,
            MisconceptionKind::WrongSubject
        );
        let (r, _) = judged(
            "is-vs-equals",
            &heard(text, Some(0.95), &[(1, 0.3)]),
            concept,
        );
        assert_eq!(r.verdict(), Verdict::Missed);
        assert!(r.note.unwrap().contains("\"is\" at 0:10"));
    }

    #[test]
    fn an_opposite_turned_by_an_unsure_negation_is_not_judged() {
        let text = "The is operator doesn't compare identity, double equals compares the values.";
        let (r, _) = judged(
            "is-vs-equals",
            &heard(text, Some(0.95), &[(3, 0.4)]),
            "is compares identity",
        );
        assert_eq!(r.verdict(), Verdict::Missed);
        assert!(r.note.unwrap().contains("\"doesn't\" at 0:11"));
        let (r, _) = judged(
            "is-vs-equals",
            &heard(text, Some(0.95), &[(3, 0.8), (4, 0.2)]),
            "is compares identity",
        );
        assert_eq!(r.misconception.unwrap().kind, MisconceptionKind::Opposite);
    }
}
