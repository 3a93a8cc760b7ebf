//! Comparatives: "A is faster than B" is a claim about A set against B, and says the same as
//! "B is slower than A". A known misconception that states a comparison of one subject ("deep
//! copy is faster", "faster for CPU" of threads) is found in either wording: "threads are faster
//! than processes for CPU-bound work" says "threads are faster for CPU-bound work", and "a
//! shallow copy is slower than a deep copy" says "a deep copy is faster".

use crate::claims::{Reading, Span};
use crate::text::{Token, normalize};

/// Comparatives and the word that says the same comparison the other way round.
const OPPOSITES: &[(&str, &str)] = &[
    ("faster", "slower"),
    ("quicker", "slower"),
    ("slower", "faster"),
    ("more", "less"),
    ("less", "more"),
    ("fewer", "more"),
    ("better", "worse"),
    ("worse", "better"),
    ("bigger", "smaller"),
    ("larger", "smaller"),
    ("smaller", "bigger"),
    ("higher", "lower"),
    ("lower", "higher"),
    ("cheaper", "costlier"),
    ("safer", "riskier"),
];

/// Words that end what a comparison says of its subjects ("..., which", "because ...").
const ENDS: &[&str] = &[
    "which", "that", "who", "because", "since", "so", "when", "if", "as", "and", "but",
];

/// A comparison read as a claim about one subject: its words with "than B" left out, or
/// turned round ("B is slower than A" read as "A is faster").
pub(crate) struct Restated {
    /// The claim's words: tokens of the answer, and the opposite comparative where turned.
    pub tokens: Vec<Token>,
    /// The subject it is said of.
    pub subject: String,
    /// Where the comparative sits in `tokens`: a match must hold it.
    pub comparative: usize,
    /// The answer's words that said the comparison.
    pub said: Span,
}

/// Every comparison "A <comparative> [up to two words] than B" in the answer, where A is the
/// subject named before the comparative in its clause and B a subject named right after "than"
/// (past an article), both of the question's subjects and different: read both ways. A
/// comparison denied, reported or prevented in its clause ("isn't faster than", "people think
/// ...") says nothing.
pub(crate) fn restate(reading: &Reading<'_>) -> Vec<Restated> {
    let tokens = reading.tokens;
    let text = |i: usize| tokens.get(i).map_or("", |t| t.text.as_str());
    let mut out = Vec::new();
    for (at, &(_, opposite)) in tokens.iter().enumerate().filter_map(|(i, t)| {
        OPPOSITES
            .iter()
            .find(|(w, _)| *w == t.text)
            .map(|pair| (i, pair))
    }) {
        let clause = reading.clause(at);
        let Some(than) = (at + 1..(at + 4).min(tokens.len()))
            .take_while(|&i| reading.clause(i) == clause)
            .find(|&i| text(i) == "than")
        else {
            continue;
        };
        let skip = usize::from(matches!(text(than + 1), "a" | "an" | "the"));
        let Some(b) = reading
            .subjects
            .iter()
            .find(|m| m.span.first == than + 1 + skip && reading.clause(m.span.last) == clause)
        else {
            continue;
        };
        let Some(a) = reading
            .subjects
            .iter()
            .rev()
            .find(|m| m.span.last < at && reading.clause(m.span.first) == clause)
        else {
            continue;
        };
        if a.subject == b.subject
            || (a.span.last + 1..than).any(|i| text(i) == "than")
            || reading.denied_in_clause(
                Span {
                    first: at,
                    last: at,
                },
                &[],
            )
        {
            continue;
        }
        // What the comparison is about ("for CPU-bound work"), to the end of its clause or the
        // next clause of its own.
        let rest_end = (b.span.last + 1..tokens.len())
            .take_while(|&i| reading.clause(i) == clause && !ENDS.contains(&text(i)))
            .last()
            .unwrap_or(b.span.last);
        let rest = &tokens[b.span.last + 1..=rest_end];
        let said = Span {
            first: a.span.first,
            last: rest_end,
        };
        // "A is faster [than B] for X".
        let mut as_said: Vec<Token> = tokens[a.span.first..than].to_vec();
        as_said.extend_from_slice(rest);
        out.push(Restated {
            tokens: as_said,
            subject: a.subject.clone(),
            comparative: at - a.span.first,
            said,
        });
        // "B is <opposite> [than A] for X".
        let mut turned: Vec<Token> = tokens[b.span.first..=b.span.last].to_vec();
        turned.extend_from_slice(&tokens[a.span.last + 1..at]);
        let comparative = turned.len();
        turned.extend(normalize(opposite).into_iter().map(|mut t| {
            t.source = tokens[at].source;
            t
        }));
        turned.extend_from_slice(&tokens[at + 1..than]);
        turned.extend_from_slice(rest);
        out.push(Restated {
            tokens: turned,
            subject: b.subject.clone(),
            comparative,
            said,
        });
    }
    out
}
