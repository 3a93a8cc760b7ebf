//! Which questions to ask: one, a mock interview of random ones, or the weakest first.

use viva_core::{Deck, Question};
use viva_store::Store;

use crate::PracticeError;
use crate::api::{Mode, PlanRequest};

/// The question to practise next: one never answered, else the one with the lowest latest score.
pub fn weakest<'d>(store: &Store, deck: &'d Deck) -> Result<&'d Question, PracticeError> {
    Ok(*by_weakness(store, deck.questions.iter().collect())?
        .first()
        .ok_or_else(|| PracticeError::NoQuestions {
            deck: deck.id.clone(),
            category: None,
        })?)
}

/// Never-answered questions first (in deck order), then by latest score, lowest first.
fn by_weakness<'d>(
    store: &Store,
    questions: Vec<&'d Question>,
) -> Result<Vec<&'d Question>, PracticeError> {
    let mut ranked = Vec::with_capacity(questions.len());
    for (i, q) in questions.into_iter().enumerate() {
        let latest = store.progress(&q.id)?.last().map(|p| p.score);
        ranked.push((latest.map_or(-1, i64::from), i, q));
    }
    ranked.sort_by_key(|&(score, i, _)| (score, i));
    Ok(ranked.into_iter().map(|(_, _, q)| q).collect())
}

/// The questions a session asks, in order.
pub fn plan_questions<'d>(
    store: &Store,
    deck: &'d Deck,
    request: &PlanRequest,
    settings: &crate::Settings,
) -> Result<Vec<&'d Question>, PracticeError> {
    let pool: Vec<&Question> = deck
        .questions
        .iter()
        .filter(|q| request.category.as_deref().is_none_or(|c| q.category == c))
        .collect();
    if pool.is_empty() {
        return Err(PracticeError::NoQuestions {
            deck: deck.id.clone(),
            category: request.category.clone(),
        });
    }
    let count = (request.count.max(1) as usize).min(pool.len());
    Ok(match request.mode {
        Mode::Single => match &request.question_id {
            Some(id) => {
                vec![
                    deck.question(id)
                        .ok_or_else(|| viva_core::LookupError::NoQuestion {
                            id: format!("{}/{id}", deck.id),
                            suggestions: vec![],
                        })?,
                ]
            }
            None => by_weakness(store, pool)?.into_iter().take(1).collect(),
        },
        Mode::Mock => {
            let mut pool = pool;
            fastrand::shuffle(&mut pool);
            pool.truncate(count);
            pool
        }
        Mode::WeakSpots => by_weakness(store, pool)?.into_iter().take(count).collect(),
        Mode::Due => {
            let due = crate::due::due_questions(store, deck, settings)?;
            due.into_iter()
                .filter(|q| pool.iter().any(|p| p.id == q.id))
                .collect()
        }
    })
}
