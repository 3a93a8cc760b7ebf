//! Word error rate, for measuring the engine against human transcripts.
//!
//! References come from many sources with different conventions (upper case, punctuation,
//! "mister", digits spelled out), so both sides go through one normaliser in the spirit of
//! Whisper's English one before words are compared.

/// Hesitation sounds. Dropped for WER (transcripts disagree on whether to write them), but
/// counted separately because Viva reports them as a delivery metric. The same list as
/// viva-core's `text::HESITATIONS` (a test holds them together).
pub const FILLERS: &[&str] = &[
    "uh", "um", "umm", "uhm", "hmm", "hm", "mm", "mhm", "er", "erm", "ah", "uh-huh",
];

/// Lower-cases, removes punctuation and fillers, and writes numbers as digits, so that
/// "Twenty-five, um, percent." and "25 percent" compare equal.
///
/// Every number ends up as one word per digit ("25" -> "2 5"): whether a digit string is
/// written "10001 90210", "1-0-0-0-1" or spelled "one zero zero zero one nine oh...", it then
/// aligns digit by digit instead of counting as one huge error.
pub fn normalize(text: &str) -> Vec<String> {
    let words = tokens(text)
        .into_iter()
        .filter(|w| !is_filler(w))
        .collect::<Vec<_>>();
    numbers_to_digits(&words)
        .into_iter()
        .flat_map(|w| {
            if w.bytes().all(|b| b.is_ascii_digit()) {
                w.chars().map(String::from).collect()
            } else {
                vec![w]
            }
        })
        .collect()
}

/// Words after lower-casing and punctuation removal, fillers kept.
pub fn tokens(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let chars: Vec<char> = lower.chars().collect();
    let mut cleaned = String::with_capacity(lower.len());
    for (i, &c) in chars.iter().enumerate() {
        let between_digits = |i: usize| {
            i > 0
                && chars[i - 1].is_ascii_digit()
                && chars.get(i + 1).is_some_and(char::is_ascii_digit)
        };
        match c {
            // "1,000" and "3.5" stay numbers; elsewhere these are punctuation.
            ',' if between_digits(i) => {}
            '.' if between_digits(i) => cleaned.push('.'),
            // Apostrophes vanish inside words ("don't" = "dont") so contractions match however
            // a source typed the apostrophe.
            '\'' | '’' | '‘' => {}
            '%' => cleaned.push_str(" percent "),
            c if c.is_alphanumeric() => cleaned.push(c),
            _ => cleaned.push(' '),
        }
    }
    cleaned.split_whitespace().map(str::to_owned).collect()
}

pub fn is_filler(word: &str) -> bool {
    FILLERS.contains(&word)
}

/// How many filler words a text contains.
pub fn count_fillers(text: &str) -> usize {
    tokens(text).iter().filter(|w| is_filler(w)).count()
}

fn small_number(word: &str) -> Option<u64> {
    const UNITS: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if let Some(i) = UNITS.iter().position(|u| *u == word) {
        return Some(i as u64);
    }
    TENS.iter()
        .position(|t| *t == word)
        .map(|i| (i as u64 + 2) * 10)
}

fn multiplier(word: &str) -> Option<u64> {
    match word {
        "hundred" => Some(100),
        "thousand" => Some(1_000),
        "million" => Some(1_000_000),
        "billion" => Some(1_000_000_000),
        _ => None,
    }
}

/// Rewrites runs of number words as one number ("twenty five" -> "25", "two thousand and
/// ten" -> "2010"). A run of single digits ("nine oh two one oh") is read digit by digit, as
/// people say zip codes and phone numbers, and becomes one digit string.
fn numbers_to_digits(words: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let is_num = |w: &str| small_number(w).is_some() || multiplier(w).is_some();
        if !is_num(&words[i]) || multiplier(&words[i]).is_some() {
            out.push(words[i].clone());
            i += 1;
            continue;
        }
        // Collect the run; "and" and "oh" only count inside one ("hundred and five", "nine oh").
        let mut run: Vec<&str> = Vec::new();
        while i < words.len() {
            let w = words[i].as_str();
            let after_digit = run.last().is_some_and(|p| {
                matches!(*p, "oh" | "o") || small_number(p).is_some_and(|n| n < 10)
            });
            let joiner =
                (w == "and" && !run.is_empty() && words.get(i + 1).is_some_and(|n| is_num(n)))
                    || (matches!(w, "oh" | "o") && after_digit);
            if is_num(w) || joiner {
                run.push(w);
                i += 1;
            } else {
                break;
            }
        }
        let digits_only = run
            .iter()
            .all(|w| matches!(w, &"oh" | &"o") || small_number(w).is_some_and(|n| n < 10));
        if digits_only && run.len() > 1 {
            let s: String = run
                .iter()
                .map(|w| small_number(w).map_or('0', |n| char::from(b'0' + n as u8)))
                .collect();
            out.push(s);
        } else {
            out.push(spoken_value(&run).to_string());
        }
    }
    out
}

fn spoken_value(run: &[&str]) -> u64 {
    let (mut total, mut current) = (0u64, 0u64);
    for w in run {
        if let Some(n) = small_number(w) {
            current += n;
        } else if let Some(m) = multiplier(w) {
            if m == 100 {
                current = current.max(1) * 100;
            } else {
                total += current.max(1) * m;
                current = 0;
            }
        }
    }
    total + current
}

/// Word-level edit counts of a hypothesis against a reference.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Errors {
    pub substitutions: usize,
    pub deletions: usize,
    pub insertions: usize,
    pub reference_words: usize,
}

impl Errors {
    pub fn total(&self) -> usize {
        self.substitutions + self.deletions + self.insertions
    }

    /// Errors per reference word; sum `Errors` over clips before taking this for a corpus WER.
    pub fn rate(&self) -> f64 {
        if self.reference_words == 0 {
            return if self.total() == 0 { 0.0 } else { 1.0 };
        }
        self.total() as f64 / self.reference_words as f64
    }
}

impl std::ops::AddAssign for Errors {
    fn add_assign(&mut self, o: Self) {
        self.substitutions += o.substitutions;
        self.deletions += o.deletions;
        self.insertions += o.insertions;
        self.reference_words += o.reference_words;
    }
}

/// Levenshtein alignment over words, keeping the kind of each edit.
pub fn align<S: AsRef<str>>(reference: &[S], hypothesis: &[S]) -> Errors {
    // cost[j] = (edits, subs, dels, ins) to turn reference[..i] into hypothesis[..j].
    type Cell = (usize, usize, usize, usize);
    let mut prev: Vec<Cell> = (0..=hypothesis.len()).map(|j| (j, 0, 0, j)).collect();
    for (i, r) in reference.iter().enumerate() {
        let mut row: Vec<Cell> = Vec::with_capacity(prev.len());
        row.push((i + 1, 0, i + 1, 0));
        for (j, h) in hypothesis.iter().enumerate() {
            let same = r.as_ref() == h.as_ref();
            let diag = prev[j];
            let sub = (
                diag.0 + usize::from(!same),
                diag.1 + usize::from(!same),
                diag.2,
                diag.3,
            );
            let up = prev[j + 1];
            let del = (up.0 + 1, up.1, up.2 + 1, up.3);
            let left = row[j];
            let ins = (left.0 + 1, left.1, left.2, left.3 + 1);
            row.push(
                *[sub, del, ins]
                    .iter()
                    .min_by_key(|c| c.0)
                    .expect("three candidates"),
            );
        }
        prev = row;
    }
    let (_, substitutions, deletions, insertions) = prev[hypothesis.len()];
    Errors {
        substitutions,
        deletions,
        insertions,
        reference_words: reference.len(),
    }
}

/// Normalises both texts and aligns them.
pub fn word_errors(reference: &str, hypothesis: &str) -> Errors {
    align(&normalize(reference), &normalize(hypothesis))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_punctuation_and_fillers() {
        assert_eq!(
            normalize("Um, I DON'T know... uh, really?"),
            ["i", "dont", "know", "really"]
        );
    }

    #[test]
    fn numbers_match_whether_spelled_or_written() {
        assert_eq!(normalize("twenty-five percent"), normalize("25%"));
        assert_eq!(normalize("two thousand and ten"), ["2", "0", "1", "0"]);
        assert_eq!(normalize("one hundred and five"), normalize("105"));
        assert_eq!(normalize("nine oh two one oh"), normalize("90210"));
        assert_eq!(
            normalize("one zero zero zero one nine oh"),
            normalize("10001 9-0")
        );
        assert_eq!(normalize("3.5 apples"), ["3.5", "apples"]);
        assert_eq!(normalize("1,000 people"), normalize("one thousand people"));
        assert_eq!(normalize("and so my fellow"), ["and", "so", "my", "fellow"]);
    }

    #[test]
    fn counts_each_kind_of_error() {
        let e = align(&["a", "b", "c", "d"], &["a", "x", "c", "d", "e"]);
        assert_eq!((e.substitutions, e.deletions, e.insertions), (1, 0, 1));
        let e = align(&["a", "b", "c"], &["a"]);
        assert_eq!((e.deletions, e.total()), (2, 2));
        assert_eq!(word_errors("Hello, world!", "hello world").total(), 0);
    }

    #[test]
    fn rate_is_errors_per_reference_word() {
        let mut sum = word_errors("one two three four", "one two three");
        sum += word_errors("a b c d e f", "a b c d e f");
        assert_eq!(sum.rate(), 0.1);
        assert_eq!(word_errors("", "").rate(), 0.0);
    }

    #[test]
    fn fillers_are_counted() {
        assert_eq!(count_fillers("Uh, so, um... I think, hmm."), 3);
    }
}
