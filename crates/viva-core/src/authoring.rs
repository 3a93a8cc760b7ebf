//! Checks that help a deck's author: a deck that loads can still score its own model answer
//! badly, which means an alias is missing or a misconception is written too broadly.

use crate::claims::Verdict;
use crate::deck::{Deck, Problem};
use crate::score::score;
use crate::transcript::Transcript;

/// Warnings for `deck`, read from `source` (for lines): each question's own model answer,
/// scored as an answer, must cover every concept and trigger no misconception.
pub fn warnings(deck: &Deck, source: &str) -> Vec<Problem> {
    let mut out = Vec::new();
    for q in &deck.questions {
        let at = question_line(source, &q.id);
        let coverage = score(q, &Transcript::from_text(&q.model_answer));
        for c in &coverage.concepts {
            let (message, hint) = match (c.verdict(), &c.misconception) {
                (Verdict::Covered, _) => continue,
                (Verdict::Misconception, Some(m)) => (
                    format!(
                        "the model answer of {:?} is judged a misconception of {:?}: \"{}\" ({})",
                        q.id, c.name, m.heard, m.how
                    ),
                    "narrow the misconception's `said` forms, or the subjects' forms, so that the \
                     right answer does not match them"
                        .to_string(),
                ),
                (Verdict::Mentioned, _) => (
                    format!(
                        "the model answer of {:?} only names {:?} (\"{}\") in a list",
                        q.id,
                        c.name,
                        c.heard.as_deref().unwrap_or("")
                    ),
                    "say the point as a sentence in the model answer, or add an alias in parts \
                     (\"a ... b\") that states it"
                        .to_string(),
                ),
                _ => (
                    format!("the model answer of {:?} does not cover {:?}", q.id, c.name),
                    "add an alias with the words the model answer uses for this point, or say \
                     the point in the model answer"
                        .to_string(),
                ),
            };
            out.push(Problem {
                line: at.0,
                column: at.1,
                message,
                hint,
            });
        }
    }
    out
}

/// Line and column of the question's `id = "..."`, or (0, 0) when it cannot be found.
fn question_line(source: &str, id: &str) -> (usize, usize) {
    let quoted = format!("\"{id}\"");
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("id") && trimmed.contains(&quoted) {
            let column = line.find(&quoted).map_or(1, |c| c + 1);
            let number = source[..offset].matches('\n').count() + 1;
            return (number, column);
        }
        offset += line.len();
    }
    (0, 0)
}
