//! Concept suggestions from a model answer, offline: its key phrases ranked by RAKE, with the
//! way Viva hears each (symbols said as words, numbers as digits). Nothing is added to a deck
//! by itself: the author accepts, edits or drops each suggestion.

use std::sync::OnceLock;

use rake::{Rake, StopWords};
use serde::{Deserialize, Serialize};
use viva_core::text::normalized_string;

/// A key phrase of a model answer, offered as a concept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Suggestion {
    /// The phrase as the model answer writes it: the concept's name if accepted.
    pub phrase: String,
    /// Spoken forms Viva already matches it by, when they differ from the phrase ("O(1)" is
    /// heard as "o of 1", "__init__" as "dunder init"): offered as aliases.
    pub aliases: Vec<String>,
}

/// Up to `limit` suggestions for `model_answer`, most important first.
pub fn suggest(model_answer: &str, limit: usize) -> Vec<Suggestion> {
    let (text, code) = protect_code(model_answer);
    let mut out: Vec<Suggestion> = Vec::new();
    let mut ranked = rake().run(&text);
    // RAKE's ties come out in hash order: the phrase said first goes first, so the same answer
    // always gets the same suggestions.
    let lower = text.to_lowercase();
    let at = |k: &str| lower.find(&k.to_lowercase()).unwrap_or(usize::MAX);
    ranked.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| at(&a.keyword).cmp(&at(&b.keyword)))
            .then_with(|| a.keyword.cmp(&b.keyword))
    });
    for item in ranked {
        let phrase = restore(&item.keyword, &code);
        let heard = normalized_string(&phrase);
        // A phrase inside one already offered (or around it) adds nothing for the author.
        let overlaps = |s: &Suggestion| {
            let other = normalized_string(&s.phrase);
            other.contains(&heard) || heard.contains(&other)
        };
        if heard.is_empty() || out.iter().any(overlaps) {
            continue;
        }
        // Only symbols are worth showing said as words ("O(1)": "o of 1"); a number word
        // turned into digits is matched either way.
        let symbols = phrase
            .chars()
            .any(|c| !(c.is_alphanumeric() || c.is_whitespace() || c == '-' || c == '\''));
        let aliases = match symbols && heard != phrase.to_lowercase() {
            true => vec![heard],
            false => Vec::new(),
        };
        out.push(Suggestion { phrase, aliases });
        if out.len() == limit {
            break;
        }
    }
    out
}

/// RAKE with English stop words (NLTK's list), made once.
fn rake() -> &'static Rake {
    static RAKE: OnceLock<Rake> = OnceLock::new();
    RAKE.get_or_init(|| {
        let words = stop_words::get(stop_words::LANGUAGE::English);
        Rake::new(StopWords::from(
            words.into_iter().collect::<std::collections::HashSet<_>>(),
        ))
    })
}

/// Python in a model answer (`dict.fromkeys`, `__init__`, `O(1)`, `**kwargs`, `==`) is split
/// apart by RAKE's punctuation rules; each such word is replaced by a placeholder of letters
/// that RAKE keeps whole, and put back in the phrases it returns.
fn protect_code(text: &str) -> (String, Vec<String>) {
    let mut code = Vec::new();
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            let core = w
                .trim_end_matches([',', ';', ':', '?', '!'])
                .trim_end_matches('.');
            let tail = &w[core.len()..];
            let codeish = core.len() > 1
                && core
                    .chars()
                    .any(|c| matches!(c, '_' | '(' | '*' | '=' | '|' | '.' | '@'))
                && core.chars().any(|c| c.is_alphanumeric() || c == '=');
            if codeish {
                code.push(core.to_string());
                format!("{}{tail}", placeholder(code.len() - 1))
            } else {
                w.to_string()
            }
        })
        .collect();
    (words.join(" "), code)
}

fn placeholder(i: usize) -> String {
    // Letters only, and unlike any English word.
    let mut s = String::from("qxcode");
    let mut n = i;
    loop {
        s.push((b'a' + (n % 26) as u8) as char);
        n /= 26;
        if n == 0 {
            break;
        }
    }
    s.push_str("qx");
    s
}

fn restore(phrase: &str, code: &[String]) -> String {
    phrase
        .split_whitespace()
        .map(|w| {
            (0..code.len())
                .find(|&i| w.eq_ignore_ascii_case(&placeholder(i)))
                .map_or(w.to_string(), |i| code[i].clone())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_words_come_back_whole() {
        let s = suggest(
            "Use dict.fromkeys to dedupe: list(dict.fromkeys(items)) keeps the order. A dict \
             lookup is O(1) on average.",
            10,
        );
        let phrases: Vec<&str> = s.iter().map(|s| s.phrase.as_str()).collect();
        assert!(
            phrases.iter().any(|p| p.contains("dict.fromkeys")),
            "{phrases:?}"
        );
        assert!(!phrases.iter().any(|p| p.contains("qxcode")), "{phrases:?}");
        let o1 = s.iter().find(|s| s.phrase.contains("O(1)"));
        if let Some(o1) = o1 {
            assert!(o1.aliases.iter().any(|a| a.contains("o of 1")), "{o1:?}");
        }
    }

    #[test]
    fn nothing_to_suggest_in_nothing() {
        assert!(suggest("", 10).is_empty());
        assert!(suggest("the and of", 10).is_empty());
    }
}
