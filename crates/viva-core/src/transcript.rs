//! What was said: words, and when each was said if the recogniser told us.

use serde::{Deserialize, Serialize};

/// A recognised answer. Typed answers have words without timings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Transcript {
    pub words: Vec<Word>,
    /// Length of the recording in seconds; `None` for typed answers.
    #[serde(default)]
    pub duration_s: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The speech model that produced it, e.g. "tiny.en".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Word {
    pub word: String,
    /// Seconds from the start of the recording.
    #[serde(default)]
    pub start: Option<f64>,
    #[serde(default)]
    pub end: Option<f64>,
    /// The recogniser's confidence in this word, 0–1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p: Option<f32>,
}

impl Word {
    pub fn untimed(word: impl Into<String>) -> Word {
        Word {
            word: word.into(),
            start: None,
            end: None,
            p: None,
        }
    }

    pub fn timed(word: impl Into<String>, start: f64, end: f64) -> Word {
        Word {
            word: word.into(),
            start: Some(start),
            end: Some(end),
            p: None,
        }
    }
}

impl Transcript {
    /// A typed (or pasted) answer: words split on white space, no timings.
    pub fn from_text(text: &str) -> Transcript {
        Transcript {
            words: text.split_whitespace().map(Word::untimed).collect(),
            ..Default::default()
        }
    }

    pub fn text(&self) -> String {
        self.words
            .iter()
            .map(|w| w.word.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// True when every word carries a start and an end, so timing metrics mean something.
    pub fn is_timed(&self) -> bool {
        !self.words.is_empty()
            && self
                .words
                .iter()
                .all(|w| w.start.is_some() && w.end.is_some())
    }

    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|w| w.word.trim().is_empty())
    }
}
