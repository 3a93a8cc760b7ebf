//! Two answers to one question side by side: what the later one gained and lost, which wrong
//! claims it fixed or made, how its delivery moved, and the words that differ.

use serde::{Deserialize, Serialize};
use similar::{Algorithm, DiffOp, capture_diff_slices};

use crate::claims::Verdict;
use crate::metrics::{DeliveryMetrics, DeliveryTargets};
use crate::score::Assessment;
use crate::text::normalize_words;
use crate::transcript::Transcript;

/// One answer, as compared.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    pub attempt_id: i64,
    pub created_at: &'a str,
    pub assessment: &'a Assessment,
    pub transcript: &'a Transcript,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AttemptSide {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub attempt_id: i64,
    pub created_at: String,
    pub score: u32,
}

/// How a concept moved from the earlier answer to the later one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ConceptChange {
    /// Covered now, not before.
    Gained,
    /// Covered before, not now.
    Lost,
    /// Said wrongly before, not now.
    Fixed,
    /// Said wrongly now, not before.
    NewMisconception,
    /// Closer to covered (missed to mentioned).
    Better,
    /// Further from it (mentioned to missed).
    Worse,
    Same,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConceptDiff {
    pub name: String,
    pub before: Verdict,
    pub after: Verdict,
    pub change: ConceptChange,
    /// The words that earned each verdict, as transcribed.
    pub heard_before: Option<String>,
    pub heard_after: Option<String>,
}

/// Whether a delivery figure moved the right way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    Better,
    Worse,
    Same,
    /// One of the answers has no figure (a typed answer has no timings).
    Unmeasured,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DeliveryDiff {
    /// "Pace", "Filler words", "Longest pause", "Time to first word".
    pub name: String,
    pub before: String,
    pub after: String,
    /// ↑ the figure rose, ↓ it fell, → about the same.
    pub arrow: String,
    pub trend: Trend,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum DiffKind {
    Same,
    /// Only in the later answer.
    Added,
    /// Only in the earlier one.
    Removed,
}

/// A run of words in both transcripts, or in one of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TranscriptSpan {
    pub kind: DiffKind,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Comparison {
    pub question_id: String,
    pub before: AttemptSide,
    pub after: AttemptSide,
    /// Points gained (negative: lost).
    pub score_change: i32,
    pub concepts: Vec<ConceptDiff>,
    pub delivery: Vec<DeliveryDiff>,
    /// The later transcript against the earlier one, word by word.
    pub transcript: Vec<TranscriptSpan>,
}

/// Compares `before` with `after` (the later answer); pace is judged against `targets`' band.
/// Concepts are matched by name, so two answers scored against different versions of a
/// question still compare what they share.
pub fn compare(before: Side<'_>, after: Side<'_>, targets: &DeliveryTargets) -> Comparison {
    let concepts = after
        .assessment
        .concepts
        .iter()
        .filter_map(|a| {
            let b = before
                .assessment
                .concepts
                .iter()
                .find(|b| b.name == a.name)?;
            let (vb, va) = (b.verdict(), a.verdict());
            Some(ConceptDiff {
                name: a.name.clone(),
                before: vb,
                after: va,
                change: change(vb, va),
                heard_before: heard(b),
                heard_after: heard(a),
            })
        })
        .collect();
    Comparison {
        question_id: after.assessment.question_id.clone(),
        before: side(&before),
        after: side(&after),
        score_change: after.assessment.score as i32 - before.assessment.score as i32,
        concepts,
        delivery: delivery(
            &before.assessment.metrics,
            &after.assessment.metrics,
            targets.words_per_minute,
        ),
        transcript: words_diff(before.transcript, after.transcript),
    }
}

fn side(s: &Side<'_>) -> AttemptSide {
    AttemptSide {
        attempt_id: s.attempt_id,
        created_at: s.created_at.to_string(),
        score: s.assessment.score,
    }
}

fn heard(c: &crate::score::ConceptResult) -> Option<String> {
    c.misconception
        .as_ref()
        .map(|m| m.heard.clone())
        .or_else(|| c.heard.clone())
}

fn change(before: Verdict, after: Verdict) -> ConceptChange {
    use Verdict::*;
    match (before, after) {
        (b, a) if b == a => ConceptChange::Same,
        (Misconception, _) => ConceptChange::Fixed,
        (_, Misconception) => ConceptChange::NewMisconception,
        (_, Covered) => ConceptChange::Gained,
        (Covered, _) => ConceptChange::Lost,
        (Missed, Mentioned) => ConceptChange::Better,
        _ => ConceptChange::Worse,
    }
}

/// One delivery figure in both answers: how to show it, how far apart counts as a change, and
/// how far it is from good (lower is better).
struct Figure {
    name: &'static str,
    value: fn(&DeliveryMetrics) -> Option<f64>,
    show: fn(f64) -> String,
    same_within: f64,
    off_target: fn([f64; 2], f64) -> f64,
}

const FIGURES: [Figure; 4] = [
    Figure {
        name: "Pace",
        value: |m| m.words_per_minute,
        show: |v| format!("{v:.0} wpm"),
        same_within: 5.0,
        // Distance from the comfortable band.
        off_target: |[lo, hi], v| (lo - v).max(v - hi).max(0.0),
    },
    Figure {
        name: "Filler words",
        value: |m| m.fillers.per_minute,
        show: |v| format!("{v:.1} a minute"),
        same_within: 0.5,
        off_target: |_, v| v,
    },
    Figure {
        name: "Longest pause",
        value: |m| m.longest_pause_s,
        show: |v| format!("{v:.1} s"),
        same_within: 0.3,
        off_target: |_, v| v,
    },
    Figure {
        name: "Time to first word",
        value: |m| m.time_to_first_word_s,
        show: |v| format!("{v:.1} s"),
        same_within: 0.3,
        off_target: |_, v| v,
    },
];

fn delivery(
    before: &DeliveryMetrics,
    after: &DeliveryMetrics,
    band: [f64; 2],
) -> Vec<DeliveryDiff> {
    FIGURES
        .iter()
        .map(|f| {
            let (b, a) = ((f.value)(before), (f.value)(after));
            let shown = |v: Option<f64>| v.map_or("—".to_string(), f.show);
            let (arrow, trend) = match (b, a) {
                (Some(b), Some(a)) if (a - b).abs() < f.same_within => ("→", Trend::Same),
                (Some(b), Some(a)) => {
                    let arrow = if a > b { "↑" } else { "↓" };
                    let (ob, oa) = ((f.off_target)(band, b), (f.off_target)(band, a));
                    let trend = if (oa - ob).abs() < f.same_within {
                        Trend::Same
                    } else if oa < ob {
                        Trend::Better
                    } else {
                        Trend::Worse
                    };
                    (arrow, trend)
                }
                _ => ("", Trend::Unmeasured),
            };
            DeliveryDiff {
                name: f.name.into(),
                before: shown(b),
                after: shown(a),
                arrow: arrow.into(),
                trend,
            }
        })
        .collect()
}

/// The later transcript against the earlier, by word: words compare as Viva reads them (case
/// and punctuation aside) and are shown as they were transcribed.
fn words_diff(before: &Transcript, after: &Transcript) -> Vec<TranscriptSpan> {
    let words =
        |t: &Transcript| -> Vec<String> { t.words.iter().map(|w| w.word.clone()).collect() };
    let (bw, aw) = (words(before), words(after));
    let key = |ws: &[String]| -> Vec<String> {
        ws.iter()
            .map(|w| {
                normalize_words(&[w.as_str()])
                    .into_iter()
                    .map(|t| t.text)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    };
    let (bk, ak) = (key(&bw), key(&aw));
    let mut spans: Vec<TranscriptSpan> = Vec::new();
    let mut push = |kind: DiffKind, ws: &[String]| {
        if ws.is_empty() {
            return;
        }
        let text = ws.join(" ");
        match spans.last_mut() {
            Some(last) if last.kind == kind => {
                last.text.push(' ');
                last.text.push_str(&text);
            }
            _ => spans.push(TranscriptSpan { kind, text }),
        }
    };
    for op in capture_diff_slices(Algorithm::Myers, &bk, &ak) {
        match op {
            DiffOp::Equal { new_index, len, .. } => {
                push(DiffKind::Same, &aw[new_index..new_index + len])
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => push(DiffKind::Removed, &bw[old_index..old_index + old_len]),
            DiffOp::Insert {
                new_index, new_len, ..
            } => push(DiffKind::Added, &aw[new_index..new_index + new_len]),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                push(DiffKind::Removed, &bw[old_index..old_index + old_len]);
                push(DiffKind::Added, &aw[new_index..new_index + new_len]);
            }
        }
    }
    spans
}

#[cfg(test)]
#[path = "compare_tests.rs"]
mod tests;
