//! The user's own usual delivery: medians over their recent spoken answers, shown beside each
//! answer's figures so progress is measured against themselves as well as the target band.

use serde::{Deserialize, Serialize};

use crate::metrics::DeliveryMetrics;

/// Fewer answers than this make no "usual".
pub const MIN_ANSWERS: usize = 3;
/// How many recent answers the usual is taken over.
pub const RECENT: usize = 10;

/// One delivery measure's usual value, named as in the delivery table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Usual {
    /// "Pace", "Filler words", "Pauses", "Time to first word": the delivery table's names.
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Baseline {
    /// How many spoken answers it is the median of.
    pub answers: usize,
    pub usual: Vec<Usual>,
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    v.retain(|x| x.is_finite());
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    Some(if v.len().is_multiple_of(2) {
        (v[mid - 1] + v[mid]) / 2.0
    } else {
        v[mid]
    })
}

/// A measure's name, its usual value, and how to show it.
type Row = (&'static str, Option<f64>, fn(f64) -> String);

/// The usual over `recent` answers' metrics; only spoken ones count (a typed answer has no
/// timings). `None` with fewer than [`MIN_ANSWERS`] of them: too few to be a habit.
pub fn baseline(recent: &[DeliveryMetrics]) -> Option<Baseline> {
    let spoken: Vec<&DeliveryMetrics> = recent
        .iter()
        .filter(|m| m.words_per_minute.is_some())
        .collect();
    if spoken.len() < MIN_ANSWERS {
        return None;
    }
    let of = |f: fn(&DeliveryMetrics) -> Option<f64>| {
        median(spoken.iter().filter_map(|m| f(m)).collect())
    };
    let rows: [Row; 4] = [
        ("Pace", of(|m| m.words_per_minute), |v| {
            format!("{v:.0} wpm")
        }),
        ("Filler words", of(|m| m.fillers.per_minute), |v| {
            format!("{v:.1} a minute")
        }),
        ("Pauses", of(|m| m.longest_pause_s), |v| {
            format!("longest {v:.1} s")
        }),
        ("Time to first word", of(|m| m.time_to_first_word_s), |v| {
            format!("{v:.1} s")
        }),
    ];
    Some(Baseline {
        answers: spoken.len(),
        usual: rows
            .into_iter()
            .filter_map(|(name, v, show)| {
                Some(Usual {
                    name: name.into(),
                    value: show(v?),
                })
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::{DeliveryTargets, metrics};
    use crate::transcript::{Transcript, Word};

    fn spoken(first_word_s: f64, gap_s: f64) -> DeliveryMetrics {
        let mut t = Transcript::from_text("so the GIL um lets one thread run bytecode at a time");
        for (i, w) in t.words.iter_mut().enumerate() {
            let start = first_word_s + i as f64 * gap_s;
            *w = Word::timed(w.word.clone(), start, start + gap_s * 0.8);
        }
        t.duration_s = Some(first_word_s + 12.0 * gap_s + 1.0);
        metrics(&t, None, &DeliveryTargets::default())
    }

    #[test]
    fn the_usual_is_the_median_of_recent_spoken_answers() {
        let typed = metrics(
            &Transcript::from_text("typed"),
            None,
            &DeliveryTargets::default(),
        );
        assert_eq!(
            baseline(&[spoken(1.0, 0.4), spoken(2.0, 0.4), typed.clone()]),
            None
        );
        let b = baseline(&[spoken(1.0, 0.4), spoken(5.0, 0.4), spoken(2.0, 0.4), typed]).unwrap();
        assert_eq!(b.answers, 3);
        let first = b
            .usual
            .iter()
            .find(|u| u.name == "Time to first word")
            .unwrap();
        assert_eq!(first.value, "2.0 s", "the median, not the mean (2.7)");
        let names: Vec<&str> = b.usual.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(
            names,
            ["Pace", "Filler words", "Pauses", "Time to first word"]
        );
    }
}
