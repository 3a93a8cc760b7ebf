//! What the history says about the user: spaced repetition (what is due today, when a
//! question comes back) and their usual delivery.
//! The judgments (grades, intervals, "in 3 days") are viva-core's `schedule`; this module
//! reads the history and knows the user's day.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use viva_core::schedule::{self, Agenda, Grade, Memory, QuestionSchedule, rfc3339};
use viva_core::{Deck, Question};
use viva_store::Store;

use crate::{PracticeError, Settings};

/// Now, in Unix seconds, by Viva's clock (`VIVA_CLOCK` in tests).
pub fn now() -> i64 {
    viva_store::clock().as_second()
}

/// The user's day around `now`: local midnight to the next, in Unix seconds.
pub fn day_of(now: i64) -> (i64, i64) {
    let local = jiff::Timestamp::from_second(now)
        .unwrap_or_else(|_| jiff::Timestamp::now())
        .to_zoned(jiff::tz::TimeZone::system());
    let start = local.start_of_day().unwrap_or_else(|_| local.clone());
    let end = start.tomorrow().unwrap_or_else(|_| start.clone());
    (start.timestamp().as_second(), end.timestamp().as_second())
}

/// What Viva remembers of each answered question of `deck`.
pub fn memories(store: &Store, deck: &Deck) -> Result<HashMap<String, Memory>, PracticeError> {
    Ok(store
        .reviews(&deck.id)?
        .into_iter()
        .filter_map(|(id, reviews)| Some((id, schedule::remember(&reviews)?)))
        .collect())
}

/// Today's agenda for `deck`.
pub fn agenda(store: &Store, deck: &Deck, settings: &Settings) -> Result<Agenda, PracticeError> {
    let (start, end) = day_of(now());
    Ok(schedule::agenda(
        deck,
        &memories(store, deck)?,
        start,
        end,
        settings.new_per_day as u32,
    ))
}

/// The questions the Due mode asks today: those due, the longest overdue first, then new ones
/// at the user's pace. Nothing due is an error that says when the next one is.
pub fn due_questions<'d>(
    store: &Store,
    deck: &'d Deck,
    settings: &Settings,
) -> Result<Vec<&'d Question>, PracticeError> {
    let agenda = agenda(store, deck, settings)?;
    let questions: Vec<&Question> = agenda
        .due
        .iter()
        .chain(&agenda.new)
        .filter_map(|id| deck.question(id))
        .collect();
    if questions.is_empty() {
        return Err(PracticeError::NothingDue {
            deck: deck.id.clone(),
            next: agenda.next_due_in,
        });
    }
    Ok(questions)
}

/// When a question comes back after an answer, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NextReview {
    /// The grade the answer earned.
    pub grade: Grade,
    /// When the question is due again, RFC 3339.
    pub due: String,
    /// "tomorrow", "in 3 days".
    pub due_in: String,
}

/// When the question of attempt `attempt_id` comes back, with every answer to it so far.
pub fn next_review(
    store: &Store,
    attempt_id: i64,
    targets: &viva_core::DeliveryTargets,
) -> Result<Option<NextReview>, PracticeError> {
    let attempt = store.attempt(attempt_id)?;
    let reviews = store.reviews(&attempt.deck_id)?;
    let Some(memory) = reviews
        .get(&attempt.question.id)
        .and_then(|r| schedule::remember(r))
    else {
        return Ok(None);
    };
    let (start, _) = day_of(now());
    Ok(Some(NextReview {
        grade: schedule::grade(&attempt.assessment, targets),
        due: rfc3339(memory.due()),
        due_in: schedule::when(memory.due(), start),
    }))
}

/// What a result shows beside a saved answer: when its question comes back and the user's
/// usual delivery. The answer is already saved when these are read, so a failure to read them
/// is logged and they are left out, rather than reported as if the answer were lost.
pub fn after_answer(
    store: &Store,
    attempt_id: i64,
    targets: &viva_core::DeliveryTargets,
) -> (Option<NextReview>, Option<viva_core::baseline::Baseline>) {
    let next = next_review(store, attempt_id, targets).unwrap_or_else(|e| {
        tracing::warn!("attempt {attempt_id} is saved; its next review could not be read: {e}");
        None
    });
    let usual = usual_delivery(store, attempt_id).unwrap_or_else(|e| {
        tracing::warn!("attempt {attempt_id} is saved; the usual delivery could not be read: {e}");
        None
    });
    (next, usual)
}

/// The user's usual delivery before attempt `attempt_id`: medians over their last few spoken
/// answers (`None` until there are enough).
pub fn usual_delivery(
    store: &Store,
    attempt_id: i64,
) -> Result<Option<viva_core::baseline::Baseline>, PracticeError> {
    use viva_core::baseline::{RECENT, baseline};
    Ok(baseline(&store.recent_delivery(attempt_id, RECENT)?))
}

/// Every question of `deck` with its place in the schedule, in deck order.
pub fn schedule_of(store: &Store, deck: &Deck) -> Result<Vec<QuestionSchedule>, PracticeError> {
    let memories = memories(store, deck)?;
    let (start, _) = day_of(now());
    Ok(deck
        .questions
        .iter()
        .map(|q| QuestionSchedule::new(&q.id, memories.get(&q.id), start))
        .collect())
}

/// The schedule of the questions a session asked, for its export.
pub fn schedule_of_session(
    store: &Store,
    report: &viva_core::report::SessionReport,
) -> Result<Vec<QuestionSchedule>, PracticeError> {
    let reviews = store.reviews(&report.deck_id)?;
    let (start, _) = day_of(now());
    let mut asked: Vec<&str> = Vec::new();
    for a in &report.attempts {
        if !asked.contains(&a.question.id.as_str()) {
            asked.push(&a.question.id);
        }
    }
    Ok(asked
        .into_iter()
        .map(|id| {
            let memory = reviews.get(id).and_then(|r| schedule::remember(r));
            QuestionSchedule::new(id, memory.as_ref(), start)
        })
        .collect())
}
