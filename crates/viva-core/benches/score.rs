//! Scoring a three-minute answer (~450 words) against every question of the built-in deck.

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use viva_core::{DeliveryTargets, Transcript, Word, assess, builtin, score};

/// A long, realistic answer built from the deck's own model answers, timed at 150 wpm.
fn long_answer(n: usize) -> Transcript {
    let deck = &builtin::decks().unwrap()[0];
    let text: Vec<String> = deck
        .questions
        .iter()
        .flat_map(|q| q.model_answer.split_whitespace().map(str::to_string))
        .collect();
    let words = text
        .iter()
        .cycle()
        .take(n)
        .enumerate()
        .map(|(i, w)| Word::timed(w.clone(), i as f64 * 0.4, i as f64 * 0.4 + 0.35))
        .collect();
    Transcript {
        words,
        duration_s: Some(n as f64 * 0.4),
        ..Default::default()
    }
}

fn bench(c: &mut Criterion) {
    let deck = &builtin::decks().unwrap()[0];
    let answer = long_answer(450);
    let q = deck.question("gil").unwrap();
    c.bench_function("score 450-word answer (one question)", |b| {
        b.iter(|| score(black_box(q), black_box(&answer)))
    });
    c.bench_function("assess 450-word answer (score + metrics + tips)", |b| {
        b.iter(|| {
            assess(
                black_box(q),
                black_box(&answer),
                &DeliveryTargets::default(),
            )
        })
    });
    c.bench_function("score 450-word answer against all 20 questions", |b| {
        b.iter(|| {
            deck.questions
                .iter()
                .map(|q| score(q, black_box(&answer)).score)
                .sum::<u32>()
        })
    });
}

criterion_group!(benches, bench);

fn bench_normalize(c: &mut Criterion) {
    let answer = long_answer(450);
    let words: Vec<&str> = answer.words.iter().map(|w| w.word.as_str()).collect();
    c.bench_function("normalize 450 words", |b| {
        b.iter(|| viva_core::text::normalize_words(black_box(&words)))
    });
}
criterion_group!(normalize, bench_normalize);
criterion_main!(benches, normalize);
