//! Versions said of a point: "dicts keep insertion order since Python three point eleven".
//!
//! A concept whose claim names a Python version ("Since Python 3.7 dicts keep insertion
//! order") is about that version. A version said in the answer is bound to the versioned point
//! it is said of, as a predicate is bound to its subject: the nearest one named before it in its
//! clause, else before it in its sentence, else after it in its sentence, else, when the
//! question has only one versioned point, that one. A point given only other versions than its
//! own is a misconception ("said the wrong version"); one also given its own is not ("3.6 kept
//! the order as a detail of CPython, 3.7 made it a promise").

use super::{Reading, Span};
use crate::text::{Token, normalize};

/// A Python version: major and minor.
pub(crate) type Version = (u32, u32);

/// Words after which a version says when something was not yet so ("before 3.9", "until
/// three six", "prior to 3.7"): not a claim of when it came.
const NOT_YET: &[&str] = &[
    "before", "until", "till", "prior", "pre", "older", "earlier", "below", "under",
];

/// Words a version is said after, when its two numbers are said apart ("Python three nine",
/// "since three seven").
const LEADS: &[&str] = &[
    "python", "since", "from", "in", "version", "versions", "after", "as", "before", "until",
    "till", "to", "with", "pre", "prior",
];

/// Where each version was said: its tokens and the version. Two numbers are a version when
/// the first is 2 or 3 and the second at most 20, and they were written as one word ("3.13"),
/// said with `point` between them (dropped in normalising, so their words are two apart), or
/// said after a word that introduces a version ("Python three nine", "since three seven").
pub(crate) fn versions_said(tokens: &[Token]) -> Vec<(Version, Span)> {
    let number = |t: &Token| t.text.parse::<u32>().ok();
    let mut out = Vec::new();
    for i in 0..tokens.len().saturating_sub(1) {
        let (a, b) = (&tokens[i], &tokens[i + 1]);
        let (Some(major), Some(minor)) = (number(a), number(b)) else {
            continue;
        };
        if !matches!(major, 2 | 3) || minor > 20 {
            continue;
        }
        let written = b.source == a.source || b.source == a.source + 2;
        let led = i > 0 && LEADS.contains(&tokens[i - 1].text.as_str());
        if written || led {
            out.push((
                (major, minor),
                Span {
                    first: i,
                    last: i + 1,
                },
            ));
        }
    }
    out
}

/// The versions a claim (or a concept's name) states: "Since Python 3.7 dicts keep insertion
/// order" states 3.7.
pub(crate) fn versions_stated(text: &str) -> Vec<Version> {
    versions_said(&normalize(text))
        .into_iter()
        .map(|(v, _)| v)
        .collect()
}

/// For each concept, the first version said of it that is none of its own, when none of its
/// own was said of it too. `versions[c]` are concept `c`'s own versions (none: not a versioned
/// point) and `hits[c]` where its forms were said.
pub(crate) fn wrong_versions(
    reading: &Reading<'_>,
    said: &[(Version, Span)],
    versions: &[Vec<Version>],
    hits: &[Vec<Span>],
) -> Vec<Option<Span>> {
    let versioned: Vec<usize> = (0..versions.len())
        .filter(|&c| !versions[c].is_empty())
        .collect();
    let mut right = vec![false; versions.len()];
    let mut wrong: Vec<Option<Span>> = vec![None; versions.len()];
    for &(v, span) in said {
        if reading.negated(span, &[]) || not_yet(reading, span) {
            continue;
        }
        let Some(c) = bound_to(reading, span, &versioned, hits) else {
            continue;
        };
        if versions[c].contains(&v) {
            right[c] = true;
        } else if wrong[c].is_none() {
            wrong[c] = Some(span);
        }
    }
    for (w, r) in wrong.iter_mut().zip(right) {
        if r {
            *w = None;
        }
    }
    wrong
}

/// Whether the version at `span` says when something was not yet so ("before three nine").
fn not_yet(reading: &Reading<'_>, span: Span) -> bool {
    let clause = reading.clause(span.first);
    (span.first.saturating_sub(3)..span.first)
        .filter(|&i| reading.clause(i) == clause)
        .any(|i| NOT_YET.contains(&reading.tokens[i].text.as_str()))
}

/// The versioned concept the version at `span` was said of (see the module comment).
fn bound_to(
    reading: &Reading<'_>,
    span: Span,
    versioned: &[usize],
    hits: &[Vec<Span>],
) -> Option<usize> {
    let sentence = reading.sentence(span.first);
    let clause = reading.clause(span.first);
    let near = versioned.iter().flat_map(|&c| {
        hits[c]
            .iter()
            .filter(move |h| {
                reading.sentence(h.first) == sentence
                    && (h.last < span.first || h.first > span.last)
            })
            .map(move |h| (c, *h))
    });
    let before_in_clause = near
        .clone()
        .filter(|(_, h)| h.last < span.first && reading.clause(h.last) == clause)
        .max_by_key(|(_, h)| h.last);
    let before = || {
        near.clone()
            .filter(|(_, h)| h.last < span.first)
            .max_by_key(|(_, h)| h.last)
    };
    let after = || {
        near.clone()
            .filter(|(_, h)| h.first > span.last)
            .min_by_key(|(_, h)| h.first)
    };
    before_in_clause
        .or_else(before)
        .or_else(after)
        .map(|(c, _)| c)
        .or_else(|| (versioned.len() == 1).then(|| versioned[0]))
}
