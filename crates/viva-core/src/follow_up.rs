//! Follow-up questions: after an answer leaves out a central point, the interviewer's probe for
//! it ("And what about CPU-bound work?"), and the short answer to that probe judged against that
//! point alone.
//!
//! The main score stays what was said unprompted: an interviewer notices the difference, and so
//! does the schedule. The follow-up adds what came after the nudge, shown apart.

use serde::{Deserialize, Serialize};

use crate::claims::Verdict;
use crate::deck::Question;
use crate::score::{Assessment, ConceptResult, score};
use crate::transcript::Transcript;

/// The follow-up Viva asks after an answer: which point, and in what words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Probe {
    /// The concept's name.
    pub concept: String,
    /// The deck's `follow_up`, asked aloud.
    pub prompt: String,
}

/// A follow-up and what its answer did for the point it asked about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FollowUp {
    pub probe: Probe,
    /// The answer to the follow-up.
    pub transcript: Transcript,
    /// That answer judged against the probed concept only, with the words behind the verdict.
    pub result: ConceptResult,
    /// The point was stated in the follow-up answer (covered, not just named).
    pub recovered: bool,
    /// The score of the main answer: what came unprompted.
    pub unprompted: u32,
    /// The score counting the follow-up answer too. `with_follow_up - unprompted` came after the
    /// nudge; never below `unprompted` unless the follow-up answer stated the point wrongly.
    pub with_follow_up: u32,
}

/// The follow-up to ask after `assessment`: the heaviest concept the answer did not state
/// (missed, only named, or stated wrongly) that has a `follow_up`, the first in the deck among
/// equals. None when the answer said nothing at all (there is nothing to follow up) or covered
/// every point that has one.
pub fn probe(question: &Question, assessment: &Assessment) -> Option<Probe> {
    if assessment.metrics.word_count == 0 {
        return None;
    }
    let mut best: Option<(&crate::deck::Concept, f64)> = None;
    for concept in &question.concepts {
        let Some(_) = concept.follow_up.as_deref() else {
            continue;
        };
        let stated = assessment
            .concepts
            .iter()
            .find(|c| c.name == concept.name)
            .is_some_and(|c| c.verdict() == Verdict::Covered);
        if !stated && best.is_none_or(|(_, w)| concept.weight > w) {
            best = Some((concept, concept.weight));
        }
    }
    best.map(|(c, _)| Probe {
        concept: c.name.clone(),
        prompt: c.follow_up.clone().unwrap_or_default(),
    })
}

/// Judges the answer to a follow-up: against the probed concept only (with the question's
/// subjects, so a claim said of the wrong thing is still caught), and what it adds to the score.
/// A concept no longer in the question (the deck changed) is judged missed.
pub fn judge(
    question: &Question,
    probe: &Probe,
    main: &Assessment,
    transcript: &Transcript,
) -> FollowUp {
    let alone = Question {
        concepts: question
            .concepts
            .iter()
            .filter(|c| c.name == probe.concept)
            .cloned()
            .collect(),
        ..question.clone()
    };
    let result = score(&alone, transcript)
        .concepts
        .into_iter()
        .next()
        .unwrap_or_else(|| missing(&probe.concept));
    let recovered = result.verdict() == Verdict::Covered;
    let with_follow_up = combined(main, &result);
    FollowUp {
        probe: probe.clone(),
        transcript: transcript.clone(),
        result,
        recovered,
        unprompted: main.score,
        with_follow_up,
    }
}

/// The share of the weight credited, as `score` counts it, with the probed concept credited by
/// the follow-up where that is better (or wrong, where the follow-up stated it wrongly).
fn combined(main: &Assessment, follow: &ConceptResult) -> u32 {
    let credit = |c: &ConceptResult| match c.verdict() {
        Verdict::Covered => c.weight,
        Verdict::Mentioned => c.weight / 2.0,
        Verdict::Misconception => -c.weight,
        Verdict::Missed => 0.0,
    };
    let mut total = 0.0;
    let mut sum = 0.0;
    for c in &main.concepts {
        total += c.weight;
        sum += if c.name == follow.name {
            match follow.verdict() {
                Verdict::Misconception => -c.weight,
                _ => credit(c).max(credit(follow)),
            }
        } else {
            credit(c)
        };
    }
    if total > 0.0 {
        (100.0 * sum.max(0.0) / total).round() as u32
    } else {
        0
    }
}

fn missing(name: &str) -> ConceptResult {
    ConceptResult {
        name: name.to_string(),
        weight: 0.0,
        matched: false,
        kind: None,
        similarity: None,
        form: None,
        heard: None,
        words: None,
        start_s: None,
        end_s: None,
        verdict: Some(Verdict::Missed),
        misconception: None,
        said_of: None,
        note: Some("this point is no longer in the deck".into()),
    }
}
