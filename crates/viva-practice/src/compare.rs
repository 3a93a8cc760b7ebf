//! Two attempts at one question side by side (the judgments are viva-core's `compare`).

use viva_core::DeliveryTargets;
use viva_core::compare::{Comparison, Side, compare};
use viva_store::Store;

use crate::PracticeError;

/// Compares attempts `a` and `b` (in either order: the earlier is "before"). With no `b`, `a`
/// is compared with the answer to its question given just before it.
pub fn compare_attempts(
    store: &Store,
    a: i64,
    b: Option<i64>,
    targets: &DeliveryTargets,
) -> Result<Comparison, PracticeError> {
    let b = match b {
        Some(b) => b,
        None => store
            .previous_attempt(a)?
            .ok_or(PracticeError::NothingToCompare { attempt: a })?,
    };
    let (x, y) = (store.attempt(a)?, store.attempt(b)?);
    if (x.deck_id.as_str(), x.question.id.as_str()) != (y.deck_id.as_str(), y.question.id.as_str())
    {
        return Err(PracticeError::DifferentQuestions {
            first: (a, x.question.id.clone()),
            second: (b, y.question.id.clone()),
        });
    }
    let (before, after) = if (x.created_at.as_str(), x.id) <= (y.created_at.as_str(), y.id) {
        (x, y)
    } else {
        (y, x)
    };
    let side = |t: &viva_store::Attempt| -> (i64, String) { (t.id, t.created_at.clone()) };
    let ((bi, bc), (ai, ac)) = (side(&before), side(&after));
    Ok(compare(
        Side {
            attempt_id: bi,
            created_at: &bc,
            assessment: &before.assessment,
            transcript: &before.transcript,
        },
        Side {
            attempt_id: ai,
            created_at: &ac,
            assessment: &after.assessment,
            transcript: &after.transcript,
        },
        targets,
    ))
}
