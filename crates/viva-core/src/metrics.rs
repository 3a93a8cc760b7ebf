//! Delivery metrics: how an answer was said, from words and their timings.
//!
//! Timing metrics are `None` (null in JSON) when the transcript has no timings, so a typed answer
//! never reports a pace of zero.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::delivery::{Measure, measures};
use crate::text::is_hesitation;
use crate::transcript::Transcript;

/// The bands an answer is measured against; settings can change them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DeliveryTargets {
    /// Comfortable speaking rate, words per minute.
    pub words_per_minute: [f64; 2],
    /// A silence longer than this, inside the answer, counts as a long pause.
    pub long_pause_s: f64,
    /// Taking longer than this to say the first word counts as freezing.
    pub first_word_s: f64,
}

impl Default for DeliveryTargets {
    fn default() -> Self {
        DeliveryTargets {
            words_per_minute: [130.0, 160.0],
            long_pause_s: 2.0,
            first_word_s: 3.0,
        }
    }
}

/// Where a measure falls against its band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Band {
    Below,
    Within,
    Above,
}

impl Band {
    fn of(value: f64, [lo, hi]: [f64; 2]) -> Band {
        if value < lo {
            Band::Below
        } else if value > hi {
            Band::Above
        } else {
            Band::Within
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Count {
    pub text: String,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Pause {
    /// When the silence began, seconds from the start of the recording.
    pub start_s: f64,
    pub duration_s: f64,
    /// Index of the word after the pause.
    pub before_word: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Fillers {
    pub count: usize,
    pub per_minute: Option<f64>,
    /// Fillers as a share of all words, 0–1.
    pub share: f64,
    /// Each filler and how often, most frequent first.
    pub by_kind: Vec<Count>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DeliveryMetrics {
    pub word_count: usize,
    /// Length of the recording (typed answers: `None`).
    pub duration_s: Option<f64>,
    /// From the first word to the end of the last.
    pub speaking_s: Option<f64>,
    pub words_per_minute: Option<f64>,
    pub pace: Option<Band>,
    pub fillers: Fillers,
    pub hedges: Vec<Count>,
    /// Silence before the first word: long silences here are freezing.
    pub time_to_first_word_s: Option<f64>,
    pub longest_pause_s: Option<f64>,
    /// Pauses longer than the target's `long_pause_s`, in order.
    pub long_pauses: Vec<Pause>,
    /// Content words said three times or more, most repeated first.
    pub repeated_words: Vec<Count>,
    pub target_seconds: Option<[f64; 2]>,
    /// Speaking time against the question's target length.
    pub length: Option<Band>,
    /// The table a person reads: each measure with its target and verdict (results saved before
    /// it existed get it when read, against the default targets).
    #[serde(default)]
    pub measures: Vec<Measure>,
}

/// Measures delivery. `target_seconds` is the question's comfortable answer length, if any.
pub fn metrics(
    transcript: &Transcript,
    target_seconds: Option<[f64; 2]>,
    targets: &DeliveryTargets,
) -> DeliveryMetrics {
    let words: Vec<String> = transcript.words.iter().map(|w| clean(&w.word)).collect();
    let word_count = words.iter().filter(|w| !w.is_empty()).count();
    let timed = transcript.is_timed();

    let (first_start, last_end) = if timed {
        (
            transcript.words.first().and_then(|w| w.start),
            transcript.words.last().and_then(|w| w.end),
        )
    } else {
        (None, None)
    };
    let speaking_s = match (first_start, last_end) {
        (Some(a), Some(b)) if b > a => Some(b - a),
        _ => None,
    };
    let duration_s = transcript
        .duration_s
        .or(if timed { last_end } else { None });
    let words_per_minute = speaking_s.map(|s| word_count as f64 * 60.0 / s);
    let mut long_pauses = Vec::new();
    let mut longest_pause_s: Option<f64> = None;
    if timed {
        for (i, pair) in transcript.words.windows(2).enumerate() {
            let (Some(end), Some(start)) = (pair[0].end, pair[1].start) else {
                continue;
            };
            let gap = (start - end).max(0.0);
            longest_pause_s = Some(longest_pause_s.map_or(gap, |l: f64| l.max(gap)));
            if gap > targets.long_pause_s {
                long_pauses.push(Pause {
                    start_s: end,
                    duration_s: gap,
                    before_word: i + 1,
                });
            }
        }
    }
    let time_to_first_word_s = if timed { first_start } else { None };

    let filler_list = fillers(transcript, &words);
    let filler_count: usize = filler_list.iter().map(|c| c.count).sum();
    let minutes = speaking_s.map(|s| s / 60.0).filter(|m| *m > 0.0);

    let pause = |p: Pause| Pause {
        start_s: secs(p.start_s),
        duration_s: secs(p.duration_s),
        ..p
    };
    let mut m = DeliveryMetrics {
        word_count,
        duration_s: duration_s.map(secs),
        speaking_s: speaking_s.map(secs),
        words_per_minute: words_per_minute.map(tenths),
        pace: words_per_minute.map(|w| Band::of(w, targets.words_per_minute)),
        fillers: Fillers {
            count: filler_count,
            per_minute: minutes.map(|m| tenths(filler_count as f64 / m)),
            share: if word_count > 0 {
                (filler_count as f64 / word_count as f64 * 1000.0).round() / 1000.0
            } else {
                0.0
            },
            by_kind: filler_list,
        },
        hedges: phrases(&words, HEDGES),
        time_to_first_word_s: time_to_first_word_s.map(secs),
        longest_pause_s: longest_pause_s.map(secs),
        long_pauses: long_pauses.into_iter().map(pause).collect(),
        repeated_words: repeated(&words),
        target_seconds,
        length: match (speaking_s, target_seconds) {
            (Some(s), Some(t)) => Some(Band::of(s, t)),
            _ => None,
        },
        measures: Vec::new(),
    };
    m.measures = measures(&m, targets);
    m
}

/// Seconds to the nearest 10 ms: recognisers time words in centiseconds, and 2.5199999999999996
/// in a report helps nobody.
fn secs(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn tenths(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Lower-case, without surrounding punctuation; keeps inner apostrophes ("i'm").
fn clean(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
        .replace('’', "'")
}

const FILLER_PHRASES: &[&str] = &[
    "you know",
    "i mean",
    "sort of",
    "kind of",
    "basically",
    "actually",
];

/// Words before "kind of" / "sort of" that make it a real noun phrase ("a kind of lock").
const KIND_OF_DETERMINERS: &[&str] = &[
    "a", "an", "the", "what", "this", "that", "any", "some", "every", "which", "same", "one",
];

fn fillers(transcript: &Transcript, words: &[String]) -> Vec<Count> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for (i, w) in words.iter().enumerate() {
        if is_hesitation(w) {
            *counts.entry(w.clone()).or_default() += 1;
        } else if w == "like" && like_is_filler(transcript, words, i) {
            *counts.entry("like".into()).or_default() += 1;
        }
    }
    for c in phrases(words, FILLER_PHRASES) {
        if c.text == "kind of" || c.text == "sort of" {
            let real = occurrences(words, &c.text)
                .filter(|&i| i > 0 && KIND_OF_DETERMINERS.contains(&words[i - 1].as_str()))
                .count();
            if c.count > real {
                counts.insert(c.text, c.count - real);
            }
        } else {
            counts.insert(c.text, c.count);
        }
    }
    sorted(counts)
}

/// "like" is a filler when it interrupts ("it's, like, a lock") rather than compares ("works
/// like a dict"): recognisers set such a "like" off with commas or hesitations around it.
fn like_is_filler(transcript: &Transcript, words: &[String], i: usize) -> bool {
    let comma_after = transcript.words[i].word.ends_with(',');
    let comma_before = i > 0 && transcript.words[i - 1].word.ends_with(',');
    if comma_after || comma_before || i == 0 || is_hesitation(&words[i - 1]) {
        return true;
    }
    words
        .get(i + 1)
        .is_none_or(|n| is_hesitation(n) || n == "like")
}

const HEDGES: &[&str] = &[
    "i think",
    "i guess",
    "i believe",
    "i suppose",
    "maybe",
    "probably",
    "perhaps",
    "not sure",
    "i don't know",
    "i don't remember",
    "might be",
    "could be",
    "if i remember correctly",
    "i'm not 100",
    "somewhat",
];

fn occurrences<'a>(words: &'a [String], phrase: &str) -> impl Iterator<Item = usize> + 'a {
    let parts: Vec<String> = phrase.split(' ').map(str::to_string).collect();
    (0..words.len())
        .filter(move |&i| i + parts.len() <= words.len() && words[i..i + parts.len()] == parts[..])
}

fn phrases(words: &[String], list: &[&str]) -> Vec<Count> {
    let counts = list
        .iter()
        .map(|p| (p.to_string(), occurrences(words, p).count()))
        .filter(|(_, n)| *n > 0)
        .collect();
    sorted(counts)
}

const STOP_WORDS: &[&str] = &[
    "the", "a", "an", "and", "or", "but", "so", "of", "to", "in", "on", "at", "for", "with", "it",
    "its", "it's", "is", "are", "was", "were", "be", "been", "that", "this", "these", "those",
    "you", "i", "we", "they", "he", "she", "them", "if", "then", "as", "by", "from", "not", "no",
    "do", "does", "can", "will", "would", "just", "like", "what", "which", "when", "there", "have",
    "has", "your", "my", "our", "one", "all", "also", "i'm", "don't", "about", "into", "because",
    "than", "more", "how", "get", "gets", "um", "uh", "yeah", "well", "very", "really",
];

fn is_stop_word(w: &str) -> bool {
    // A set, not a scan: checked for every word of every answer.
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| STOP_WORDS.iter().copied().collect())
        .contains(w)
}

fn repeated(words: &[String]) -> Vec<Count> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for w in words {
        if !w.is_empty() && !is_stop_word(w) && !is_hesitation(w) {
            *counts.entry(w.clone()).or_default() += 1;
        }
    }
    let mut out = sorted(counts.into_iter().filter(|(_, n)| *n >= 3).collect());
    out.truncate(5);
    out
}

fn sorted(counts: HashMap<String, usize>) -> Vec<Count> {
    let mut v: Vec<Count> = counts
        .into_iter()
        .map(|(text, count)| Count { text, count })
        .collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.text.cmp(&b.text)));
    v
}
