//! Normalisation shared by transcripts and deck aliases.
//!
//! Both sides go through the same function, so "==" in a deck meets "double equals" in speech and
//! "O(1)" meets "O of one": whatever one side writes, the other side's spoken form is what counts.

use std::cell::RefCell;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;

/// One normalised word, remembering which source word it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub stem: String,
    /// Index of the source word (in `Transcript::words`, or in the alias).
    pub source: usize,
}

/// Words that carry no content; skipped when matching so "global, um, interpreter lock" still
/// counts as one phrase.
pub const HESITATIONS: &[&str] = &[
    "um", "uh", "er", "erm", "ah", "hmm", "hm", "mm", "mhm", "uhm", "umm", "uh-huh",
];

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// Snowball stemming costs about half a microsecond a word, and answers and aliases repeat the
/// same few hundred words, so stems are remembered per thread (bounded, so a long-running app
/// cannot grow it without limit).
fn stem(word: &str) -> String {
    const MAX_REMEMBERED: usize = 20_000;
    thread_local! {
        static STEMS: RefCell<FxHashMap<String, String>> = RefCell::new(FxHashMap::default());
    }
    STEMS.with(|cache| {
        if let Some(s) = cache.borrow().get(word) {
            return s.clone();
        }
        let s = agreement(word).map_or_else(|| stemmer().stem(word).into_owned(), str::to_string);
        let mut cache = cache.borrow_mut();
        if cache.len() >= MAX_REMEMBERED {
            cache.clear();
        }
        cache.insert(word.to_string(), s.clone());
        s
    })
}

/// The verb forms that differ only in number share a stem, as plurals share one with their
/// singular: "sets are hashable" says what "set is hashable" does, "lists don't" what "a list
/// doesn't" does. (Snowball leaves these alone.)
fn agreement(word: &str) -> Option<&'static str> {
    Some(match word {
        "is" | "are" => "is",
        "was" | "were" => "was",
        "has" | "have" => "has",
        "does" | "do" => "do",
        "isnt" | "arent" => "isnt",
        "wasnt" | "werent" => "wasnt",
        "hasnt" | "havent" => "hasnt",
        "doesnt" | "dont" => "doesnt",
        _ => return None,
    })
}

/// Normalises free text into tokens (the source index counts whitespace-separated words).
pub fn normalize(text: &str) -> Vec<Token> {
    let words: Vec<&str> = text.split_whitespace().collect();
    normalize_words(&words)
}

/// Normalises a list of words, each of which may expand to several tokens ("**kwargs").
pub fn normalize_words<S: AsRef<str>>(words: &[S]) -> Vec<Token> {
    let mut out = Vec::with_capacity(words.len());
    let mut forms = Vec::new();
    for (i, w) in words.iter().enumerate() {
        spoken_forms(w.as_ref(), &mut forms);
        for t in forms.drain(..) {
            let stem = stem(&t);
            out.push(Token {
                text: t,
                stem,
                source: i,
            });
        }
    }
    spoken_numbers(&mut out, |i| {
        words[i].as_ref().ends_with(|c: char| c.is_alphanumeric())
    });
    out
}

/// Numbers and complexities said in words, read as they are written: "three point ten" is
/// "3.10" (the `point` between two numbers goes), and "order n", "order of n" and "order one"
/// are "O(n)" and "O(1)" (`o of n`). `open(source)` is whether the word at `source` runs on
/// into the next (no punctuation after it): "insertion order, one..." is no complexity.
fn spoken_numbers(tokens: &mut Vec<Token>, open: impl Fn(usize) -> bool) {
    let number = |t: Option<&Token>| t.is_some_and(|t| t.text.bytes().all(|b| b.is_ascii_digit()));
    let complexity = |t: Option<&Token>| {
        t.is_some_and(|t| matches!(t.text.as_str(), "n" | "log" | "1" | "n2" | "2n"))
    };
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if t.text == "point"
            && i > 0
            && number(tokens.get(i - 1))
            && number(tokens.get(i + 1))
            && open(tokens[i - 1].source)
            && open(t.source)
        {
            tokens.remove(i);
            continue;
        }
        if t.text == "order" && open(t.source) {
            let of = tokens.get(i + 1).is_some_and(|t| t.text == "of");
            let next = tokens.get(i + 1 + usize::from(of));
            if complexity(next) && (!of || open(tokens[i + 1].source)) {
                let source = t.source;
                tokens[i] = Token {
                    text: "o".into(),
                    stem: "o".into(),
                    source,
                };
                if !of {
                    tokens.insert(
                        i + 1,
                        Token {
                            text: "of".into(),
                            stem: "of".into(),
                            source,
                        },
                    );
                }
            }
        }
        i += 1;
    }
}

/// Just the normalised token texts, joined by spaces: handy for display and tests.
pub fn normalized_string(text: &str) -> String {
    normalize(text)
        .into_iter()
        .map(|t| t.text)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Turns one written word into the words a speaker would say for it.
fn spoken_forms(word: &str, out: &mut Vec<String>) {
    // Most words are plain letters with punctuation around them: skip the symbol reading.
    let bare = word
        .trim_matches(|c: char| matches!(c, '.' | ',' | '?' | '!' | ';' | ':' | '"' | '“' | '”'));
    if !bare.is_empty() && bare.bytes().all(|b| b.is_ascii_alphanumeric()) {
        let lower = bare.to_ascii_lowercase();
        out.push(number_word(&lower).map_or(lower, str::to_string));
        return;
    }
    let lower = word.to_lowercase();
    let mut s = String::with_capacity(lower.len() + 8);
    // Dunder names: "__init__" is said "dunder init".
    let trimmed = lower.trim_matches(|c: char| !c.is_alphanumeric() && c != '_');
    if trimmed.len() > 4 && trimmed.starts_with("__") && trimmed.ends_with("__") {
        s.push_str(" dunder ");
        s.push_str(&trimmed[2..trimmed.len() - 2]);
        s.push(' ');
        return finish(&s, out);
    }
    let chars: Vec<char> = lower.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match (c, next) {
            ('=', Some('=')) => {
                s.push_str(" double equals ");
                i += 2;
                continue;
            }
            ('!', Some('=')) => {
                s.push_str(" not equals ");
                i += 2;
                continue;
            }
            ('|', Some('=')) => {
                s.push_str(" pipe equals ");
                i += 2;
                continue;
            }
            ('*', Some('*')) => {
                s.push_str(" star star ");
                i += 2;
                continue;
            }
            ('i', Some('/')) if chars.get(i + 2) == Some(&'o') && is_boundary(&chars, i, 3) => {
                s.push_str(" io ");
                i += 3;
                continue;
            }
            ('o', Some('(')) if i == 0 || !chars[i - 1].is_alphanumeric() => {
                s.push_str(" o of ");
                i += 2;
                continue;
            }
            _ => {}
        }
        match c {
            '*' => s.push_str(" star "),
            '|' => s.push_str(" pipe "),
            '+' => s.push_str(" plus "),
            '%' => s.push_str(" percent "),
            '=' => s.push_str(" equals "),
            '&' => s.push_str(" and "),
            '@' if i == 0 => s.push(' '),
            // Apostrophes join ("don't" → "dont", "python's" → "pythons") so contractions stay one word.
            '\'' | '’' => {}
            c if c.is_alphanumeric() => s.push(c),
            _ => s.push(' '),
        }
        i += 1;
    }
    finish(&s, out)
}

fn is_boundary(chars: &[char], start: usize, len: usize) -> bool {
    let before = start == 0 || !chars[start - 1].is_alphanumeric();
    let after = chars.get(start + len).is_none_or(|c| !c.is_alphanumeric());
    before && after
}

fn finish(s: &str, out: &mut Vec<String>) {
    for t in s.split_whitespace().filter(|t| *t != "dot") {
        out.push(number_word(t).unwrap_or(t).to_string());
    }
}

/// Number words become digits, so "O of one" meets "O(1)".
fn number_word(t: &str) -> Option<&'static str> {
    const NUMBERS: &[(&str, &str)] = &[
        ("zero", "0"),
        ("one", "1"),
        ("two", "2"),
        ("three", "3"),
        ("four", "4"),
        ("five", "5"),
        ("six", "6"),
        ("seven", "7"),
        ("eight", "8"),
        ("nine", "9"),
        ("ten", "10"),
        ("eleven", "11"),
        ("twelve", "12"),
        ("thirteen", "13"),
        ("fourteen", "14"),
        ("fifteen", "15"),
        ("sixteen", "16"),
        ("seventeen", "17"),
        ("eighteen", "18"),
        ("nineteen", "19"),
        ("twenty", "20"),
        ("thirty", "30"),
        ("forty", "40"),
        ("fifty", "50"),
        ("hundred", "100"),
        ("thousand", "1000"),
    ];
    NUMBERS.iter().find(|(w, _)| *w == t).map(|(_, d)| *d)
}

/// Hedges: words a nervous speaker puts into a claim without changing it ("strings are
/// basically mutable", "it doesn't actually speed it up"). Scoring reads past them, as it does
/// past hesitations, so a hedged claim is judged as the claim; delivery metrics still count
/// them as words.
pub const HEDGES: &[&str] = &[
    "basically",
    "actually",
    "literally",
    "honestly",
    "essentially",
];

/// Is this token a hedge, skipped when reading claims (see [`HEDGES`])?
pub fn is_hedge(token: &str) -> bool {
    HEDGES.contains(&token)
}

/// Is this token a hesitation sound rather than a word?
pub fn is_hesitation(token: &str) -> bool {
    HESITATIONS.contains(&token)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> String {
        normalized_string(s)
    }

    #[test]
    fn symbols_read_as_spoken() {
        assert_eq!(n("a == b"), "a double equals b");
        assert_eq!(n("*args and **kwargs"), "star args and star star kwargs");
        assert_eq!(n("__init__"), "dunder init");
        assert_eq!(n("O(1) average, O(n) worst"), "o of 1 average o of n worst");
        assert_eq!(n("O of one"), "o of 1");
        assert_eq!(n("d1 | d2"), "d1 pipe d2");
        assert_eq!(n("d1 |= d2"), "d1 pipe equals d2");
        assert_eq!(n("I/O-bound"), "io bound");
        assert_eq!(n("list(dict.fromkeys(items))"), "list dict fromkeys items");
        assert_eq!(n("Don't, Python's GIL!"), "dont pythons gil");
        assert_eq!(n("@dataclass"), "dataclass");
    }

    #[test]
    fn stems_join_word_families() {
        let t = normalize("threads threading thread");
        assert!(t.iter().all(|x| x.stem == "thread"), "{t:?}");
    }

    #[test]
    fn sources_point_at_words() {
        let t = normalize("use **kwargs here");
        let sources: Vec<usize> = t.iter().map(|x| x.source).collect();
        assert_eq!(sources, vec![0, 1, 1, 1, 2]);
    }
}
