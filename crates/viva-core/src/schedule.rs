//! When a question comes back: spaced repetition over the user's answers.
//!
//! Each finished answer is a review graded from what the answer showed ([`grade`]); a
//! question's memory is FSRS (the scheduler Anki uses, via `rs-fsrs`) folded over its reviews
//! in order ([`remember`]), so the schedule follows from the stored history alone. Intervals
//! are whole days (FSRS's long-term scheduler): an interview answer is rehearsed day by day,
//! not every ten minutes. Times are Unix seconds, UTC; what "today" is belongs to the caller.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rs_fsrs::{Card, FSRS, Parameters, Rating, State};
use serde::{Deserialize, Serialize};

use crate::deck::Deck;
use crate::metrics::DeliveryTargets;
use crate::score::Assessment;

/// How well an answer was recalled, in FSRS's four grades.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Recall {
    /// Not there: most of it missed, or a wrong claim made.
    Again,
    /// There, with effort: half of it, or a freeze before the first word.
    Hard,
    Good,
    /// Complete and prompt.
    Easy,
}

impl Recall {
    pub fn as_str(self) -> &'static str {
        match self {
            Recall::Again => "again",
            Recall::Hard => "hard",
            Recall::Good => "good",
            Recall::Easy => "easy",
        }
    }

    /// A stored grade; `None` for one this version does not know.
    pub fn parse(stored: &str) -> Option<Recall> {
        [Recall::Again, Recall::Hard, Recall::Good, Recall::Easy]
            .into_iter()
            .find(|r| r.as_str() == stored)
    }

    fn rating(self) -> Rating {
        match self {
            Recall::Again => Rating::Again,
            Recall::Hard => Rating::Hard,
            Recall::Good => Rating::Good,
            Recall::Easy => Rating::Easy,
        }
    }
}

/// An answer's grade and the reason for it, in words a user can check against the result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Grade {
    pub recall: Recall,
    pub reason: String,
}

/// Below this score most of the answer was missing.
const AGAIN_BELOW: u32 = 50;
/// Below this, half of it.
const HARD_BELOW: u32 = 70;
/// From this score, with a prompt start, the answer was complete.
const EASY_FROM: u32 = 90;
/// A first word later than this many times the target is a freeze, whatever followed.
const FREEZE_FACTOR: f64 = 2.0;

/// Grades an answer for the schedule: coverage first, a wrong claim fails it (an interviewer
/// remembers the mistake), and a freeze before the first word keeps it from counting as easy
/// or good (freezing is how real interviews most often go wrong). `targets` are those the
/// answer was judged against (the thinking time is the user's setting).
pub fn grade(assessment: &Assessment, targets: &DeliveryTargets) -> Grade {
    let score = assessment.score;
    let wrong: Vec<&str> = assessment
        .concepts
        .iter()
        .filter(|c| c.misconception.is_some())
        .map(|c| c.name.as_str())
        .collect();
    if let Some(first) = wrong.first() {
        return Grade {
            recall: Recall::Again,
            reason: format!("a wrong claim about {first}"),
        };
    }
    if score < AGAIN_BELOW {
        return Grade {
            recall: Recall::Again,
            reason: format!("score {score}: most of the answer was missing"),
        };
    }
    if score < HARD_BELOW {
        return Grade {
            recall: Recall::Hard,
            reason: format!("score {score}: about half of the answer"),
        };
    }
    let target = targets.first_word_s;
    if let Some(first) = assessment.metrics.time_to_first_word_s
        && first > target * FREEZE_FACTOR
    {
        return Grade {
            recall: Recall::Hard,
            reason: format!("score {score}, but the first word came after {first:.1} s"),
        };
    }
    let prompt = assessment
        .metrics
        .time_to_first_word_s
        .is_none_or(|first| first <= target);
    if score >= EASY_FROM && prompt {
        Grade {
            recall: Recall::Easy,
            reason: format!("score {score}, started promptly"),
        }
    } else {
        Grade {
            recall: Recall::Good,
            reason: format!("score {score}"),
        }
    }
}

/// One graded answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Review {
    /// Unix seconds.
    pub at: i64,
    pub recall: Recall,
}

/// What Viva remembers of a question: FSRS's state after its reviews.
#[derive(Debug, Clone, PartialEq)]
pub struct Memory {
    card: Card,
    /// Unix seconds of the first review: when the question was introduced.
    pub introduced: i64,
    pub reviews: u32,
    pub last: Recall,
}

impl Memory {
    /// When the question is due again, Unix seconds.
    pub fn due(&self) -> i64 {
        self.card.due.timestamp()
    }

    /// Days until recall is expected to drop to 90%.
    pub fn stability_days(&self) -> f64 {
        self.card.stability
    }

    pub fn lapses(&self) -> u32 {
        self.card.lapses.max(0) as u32
    }
}

/// How soon a failed question comes back.
const RELEARN_S: i64 = 86_400;

fn scheduler() -> FSRS {
    FSRS::new(Parameters {
        enable_short_term: false,
        enable_fuzz: false,
        ..Parameters::default()
    })
}

fn at(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or_default()
}

/// A question's memory after `reviews` (any order; they are taken oldest first). `None` for a
/// question never answered.
pub fn remember(reviews: &[Review]) -> Option<Memory> {
    let mut ordered = reviews.to_vec();
    ordered.sort_by_key(|r| r.at);
    let first = ordered.first()?;
    let fsrs = scheduler();
    let mut card = Card {
        due: at(first.at),
        last_review: at(first.at),
        state: State::New,
        ..Card::default()
    };
    for r in &ordered {
        card = fsrs.next(card, at(r.at), r.recall.rating()).card;
        // A relearning step, as Anki takes: FSRS alone can send a once-known question that was
        // just failed four days out; an answer that failed is rehearsed the next day.
        if r.recall == Recall::Again {
            card.due = card.due.min(at(r.at + RELEARN_S));
        }
    }
    Some(Memory {
        card,
        introduced: first.at,
        reviews: ordered.len() as u32,
        last: ordered.last()?.recall,
    })
}

/// "today", "tomorrow", "in 3 days", "in 2 weeks", "in 4 months": when `due` comes, seen
/// from `now`, counted in days from the start of the caller's day (`day_start`, Unix seconds).
pub fn when(due: i64, day_start: i64) -> String {
    let days = (due - day_start).div_euclid(86_400);
    match days {
        i64::MIN..=0 => "today".into(),
        1 => "tomorrow".into(),
        2..=13 => format!("in {days} days"),
        14..=59 => format!("in {} weeks", (days + 3) / 7),
        60..=729 => format!("in {} months", (days + 15) / 30),
        _ => format!("in {} years", (days + 182) / 365),
    }
}

/// A question's place in the schedule, for History and exports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct QuestionSchedule {
    pub question_id: String,
    /// Answers counted (complete ones).
    pub reviews: u32,
    /// RFC 3339, UTC; `None` for a question never answered.
    pub due: Option<String>,
    /// "today", "in 3 days"; `None` for a question never answered.
    pub due_in: Option<String>,
    /// Days until recall is expected to drop to 90%.
    pub stability_days: Option<f64>,
}

impl QuestionSchedule {
    /// `question_id`'s entry, from its memory (if answered), seen from the day starting at
    /// `day_start`.
    pub fn new(question_id: &str, memory: Option<&Memory>, day_start: i64) -> QuestionSchedule {
        QuestionSchedule {
            question_id: question_id.to_string(),
            reviews: memory.map_or(0, |m| m.reviews),
            due: memory.map(|m| rfc3339(m.due())),
            due_in: memory.map(|m| when(m.due(), day_start)),
            stability_days: memory.map(|m| (m.stability_days() * 10.0).round() / 10.0),
        }
    }
}

/// Unix seconds as RFC 3339, UTC.
pub fn rfc3339(secs: i64) -> String {
    at(secs).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// What is on the schedule for a deck today.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Agenda {
    /// Questions due by the end of today, the longest overdue first.
    pub due: Vec<String>,
    /// Never-answered questions that may be introduced today, in deck order.
    pub new: Vec<String>,
    /// When the next question falls due after today, Unix seconds; `None` if none will.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub next_due: Option<i64>,
    /// `next_due` in words ("in 2 days").
    pub next_due_in: Option<String>,
}

/// The agenda for `deck`: what is due by `day_end`, and up to `new_per_day` new questions less
/// those already introduced since `day_start` (both Unix seconds, the user's day).
pub fn agenda(
    deck: &Deck,
    memories: &HashMap<String, Memory>,
    day_start: i64,
    day_end: i64,
    new_per_day: u32,
) -> Agenda {
    let mut due: Vec<(i64, &str)> = Vec::new();
    let mut next_due: Option<i64> = None;
    let mut introduced_today = 0u32;
    let mut new = Vec::new();
    for q in &deck.questions {
        match memories.get(&q.id) {
            Some(m) => {
                if m.introduced >= day_start {
                    introduced_today += 1;
                }
                if m.due() < day_end {
                    due.push((m.due(), &q.id));
                } else {
                    next_due = Some(next_due.map_or(m.due(), |n| n.min(m.due())));
                }
            }
            None => new.push(q.id.clone()),
        }
    }
    due.sort_by_key(|&(at, _)| at);
    new.truncate(new_per_day.saturating_sub(introduced_today) as usize);
    Agenda {
        due: due.into_iter().map(|(_, id)| id.to_string()).collect(),
        new,
        next_due,
        next_due_in: next_due.map(|d| when(d, day_start)),
    }
}

#[cfg(test)]
#[path = "schedule_tests.rs"]
mod tests;
