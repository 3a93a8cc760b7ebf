//! Viva's verdict on each delivery measure, made once here for every front end: the value as
//! shown, the target it was held to, and whether it met it. The app's table, the CLI and the
//! reports only display these rows, so a new measure is added here and nowhere else.

use serde::{Deserialize, Serialize};

use crate::metrics::{Band, DeliveryMetrics, DeliveryTargets};

/// Fillers per minute above which they start to distract a listener.
pub const FILLERS_PER_MINUTE: f64 = 4.0;

/// The value of a measure that could not be taken.
const UNMEASURED: &str = "—";

/// One delivery measure as a person reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Measure {
    /// "Pace", "Filler words", "Pauses", "Time to first word", "Length".
    pub name: String,
    /// What the answer did, e.g. "142 wpm"; "—" when it could not be measured.
    pub value: String,
    /// What it was held to, e.g. "130–160 wpm".
    pub target: String,
    pub verdict: MeasureVerdict,
    /// A word on the verdict or the detail behind it ("fast", "um ×3").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum MeasureVerdict {
    /// Within the target.
    Good,
    /// Outside it: worth working on.
    Warn,
    /// Not measured (a typed answer has no timings).
    None,
}

impl Measure {
    /// Whether there is a value to show (a typed answer has no pace, but has a filler count).
    pub fn is_measured(&self) -> bool {
        self.value != UNMEASURED
    }
}

impl MeasureVerdict {
    /// A mark for plain text: ✓, ! or nothing.
    pub fn mark(self) -> &'static str {
        match self {
            MeasureVerdict::Good => "✓",
            MeasureVerdict::Warn => "!",
            MeasureVerdict::None => " ",
        }
    }
}

fn band_verdict(band: Option<Band>) -> MeasureVerdict {
    match band {
        None => MeasureVerdict::None,
        Some(Band::Within) => MeasureVerdict::Good,
        Some(_) => MeasureVerdict::Warn,
    }
}

fn band_word(band: Option<Band>, below: &str, above: &str) -> Option<String> {
    match band {
        Some(Band::Below) => Some(below.into()),
        Some(Band::Above) => Some(above.into()),
        _ => None,
    }
}

fn good_if(measured: Option<bool>) -> MeasureVerdict {
    match measured {
        None => MeasureVerdict::None,
        Some(true) => MeasureVerdict::Good,
        Some(false) => MeasureVerdict::Warn,
    }
}

/// The delivery table of an answer measured as `m` against `targets`.
pub fn measures(m: &DeliveryMetrics, targets: &DeliveryTargets) -> Vec<Measure> {
    let [lo, hi] = targets.words_per_minute;
    let mut rows = vec![Measure {
        name: "Pace".into(),
        value: m
            .words_per_minute
            .map_or(UNMEASURED.into(), |w| format!("{w:.0} wpm")),
        target: format!("{lo:.0}–{hi:.0} wpm"),
        verdict: band_verdict(m.pace),
        note: band_word(m.pace, "slow", "fast"),
    }];
    let f = &m.fillers;
    let kinds: Vec<String> = f
        .by_kind
        .iter()
        .map(|k| format!("{} ×{}", k.text, k.count))
        .collect();
    rows.push(Measure {
        name: "Filler words".into(),
        value: match f.per_minute {
            Some(p) => format!("{} ({p:.1} per minute)", f.count),
            None => f.count.to_string(),
        },
        target: format!("≤ {FILLERS_PER_MINUTE:.0} per minute"),
        verdict: good_if(f.per_minute.map(|p| p <= FILLERS_PER_MINUTE)),
        note: (!kinds.is_empty()).then(|| kinds.join(", ")),
    });
    let long = m.long_pauses.len();
    rows.push(Measure {
        name: "Pauses".into(),
        value: m.longest_pause_s.map_or(UNMEASURED.into(), |p| {
            if long > 0 {
                format!("longest {p:.1} s, {long} long")
            } else {
                format!("longest {p:.1} s")
            }
        }),
        target: format!("none over {:.0} s", targets.long_pause_s),
        verdict: good_if(m.longest_pause_s.map(|_| long == 0)),
        note: None,
    });
    let first = m.time_to_first_word_s;
    let froze = first.map(|t| t > targets.first_word_s);
    rows.push(Measure {
        name: "Time to first word".into(),
        value: first.map_or(UNMEASURED.into(), |t| format!("{t:.1} s")),
        target: format!("≤ {:.0} s", targets.first_word_s),
        verdict: good_if(froze.map(|f| !f)),
        note: (froze == Some(true)).then(|| "long silence before starting".into()),
    });
    if let (Some([lo, hi]), Some(s)) = (m.target_seconds, m.speaking_s) {
        rows.push(Measure {
            name: "Length".into(),
            value: format!("{s:.0} s"),
            target: format!("{lo:.0}–{hi:.0} s"),
            verdict: band_verdict(m.length),
            note: band_word(m.length, "short", "long"),
        });
    }
    rows
}

/// The delivery table in one line, for reports: "86 words · Pace: 142 wpm ✓ · Filler words: 6
/// (5.1 per minute), um ×4 ! target ≤ 4 per minute · …". Rows with no value are left out.
pub fn summary(m: &DeliveryMetrics) -> String {
    let mut parts = vec![format!("{} words", m.word_count)];
    for r in m.measures.iter().filter(|r| r.is_measured()) {
        let note = r
            .note
            .as_deref()
            .map(|n| format!(", {n}"))
            .unwrap_or_default();
        parts.push(match r.verdict {
            MeasureVerdict::Warn => format!("{}: {}{note} ! target {}", r.name, r.value, r.target),
            MeasureVerdict::Good => format!("{}: {}{note} ✓", r.name, r.value),
            MeasureVerdict::None => format!("{}: {}{note}", r.name, r.value),
        });
    }
    if m.word_count > 0 && m.words_per_minute.is_none() {
        parts.push("no timings (typed answer)".into());
    }
    parts.join(" · ")
}
