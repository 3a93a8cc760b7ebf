//! How well suggestions from a model answer alone (the aliases hidden) recover what the deck's
//! authors wrote: for each of the twenty built-in questions, the share of its concepts whose
//! name or one of whose aliases is among the top 10 suggestions. RAKE (what Viva uses) is
//! measured beside YAKE, and the figures are printed.

use viva_authoring::suggest::suggest;
use viva_core::text::normalize;
use viva_core::{Concept, builtin};

const TOP: usize = 10;

fn stems(text: &str) -> Vec<String> {
    normalize(text).into_iter().map(|t| t.stem).collect()
}

fn contains(long: &[String], short: &[String]) -> bool {
    !short.is_empty() && long.windows(short.len()).any(|w| w == short)
}

/// A suggestion recovers a concept when, as Viva hears both, the suggestion says its name or
/// one of its aliases (a `...` alias: every part), or is one of them said in more words.
fn recovers(suggestion: &str, c: &Concept) -> bool {
    let s = stems(suggestion);
    std::iter::once(&c.name).chain(&c.aliases).any(|form| {
        let parts: Vec<Vec<String>> = form.split("...").map(stems).collect();
        parts.iter().all(|p| contains(&s, p))
            || (parts.len() == 1 && s.len() >= 2 && contains(&parts[0], &s))
    })
}

/// The strict reading: the suggestion is the name or an alias, word for word as Viva hears them.
fn names(suggestion: &str, c: &Concept) -> bool {
    let s = stems(suggestion);
    std::iter::once(&c.name)
        .chain(&c.aliases)
        .any(|form| stems(form) == s)
}

/// (recovered, total) concepts over the built-in deck, for suggestions made by `by`.
fn measure(by: impl Fn(&str) -> Vec<String>) -> (usize, usize) {
    measure_with(by, recovers)
}

fn measure_with(
    by: impl Fn(&str) -> Vec<String>,
    recovers: fn(&str, &Concept) -> bool,
) -> (usize, usize) {
    let decks = builtin::decks().unwrap();
    let mut hit = 0;
    let mut total = 0;
    for q in decks.iter().flat_map(|d| &d.questions) {
        let suggested = by(&q.model_answer);
        for c in &q.concepts {
            total += 1;
            if suggested.iter().any(|s| recovers(s, c)) {
                hit += 1;
            }
        }
    }
    (hit, total)
}

/// Viva's suggestions (RAKE), with the spoken forms they carry.
fn viva(text: &str) -> Vec<String> {
    suggest(text, TOP)
        .into_iter()
        .flat_map(|s| std::iter::once(s.phrase).chain(s.aliases))
        .collect()
}

/// YAKE's top ten, with its own English stop words and default settings.
fn yake(text: &str) -> Vec<String> {
    let english = yake_rust::StopWords::predefined("en").unwrap();
    let config = yake_rust::Config::default();
    yake_rust::get_n_best(TOP, text, &english, &config)
        .into_iter()
        .map(|k| k.raw)
        .collect()
}

#[test]
fn suggestions_recover_most_of_the_built_in_concepts() {
    let (r, total) = measure(viva);
    let (y, _) = measure(yake);
    let pct = |n: usize| 100.0 * n as f64 / total as f64;
    let (rs, _) = measure_with(viva, names);
    let (ys, _) = measure_with(yake, names);
    eprintln!(
        "word for word: RAKE (Viva) {rs}/{total} ({:.0}%), YAKE {ys}/{total} ({:.0}%)",
        pct(rs),
        pct(ys)
    );
    eprintln!(
        "concepts recovered in the top {TOP}: RAKE (Viva) {r}/{total} ({:.0}%), YAKE {y}/{total} ({:.0}%)",
        pct(r),
        pct(y)
    );
    assert!(pct(r) >= 60.0, "the suggestions recover {:.0}%", pct(r));
}
