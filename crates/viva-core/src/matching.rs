//! Finding where a form (a concept's name or alias, a subject, a misconception) was said: the
//! same words, the same stems, words run together or split apart, and near-misses.
//!
//! Strict forms are tried first over the whole answer, and near-misses (fuzzy) only when those
//! find nothing, so a near-miss can never hide a clean hit said later.

use rustc_hash::FxHashMap as HashMap;

use crate::deck::Question;
use crate::text::{Token, is_hedge, is_hesitation, normalize};

/// Words that speech recognition often writes in two ("byte code", "key word"), and whose
/// halves are words of their own that a concept may list: "bytes" must not be found in "byte
/// code". With the question's own one-word forms, these are the compounds a match may not
/// split.
pub(crate) const COMPOUNDS: &[&str] = &[
    "bytecode",
    "bytearray",
    "bytestring",
    "frozenset",
    "keyword",
    "namespace",
    "dataclass",
    "metaclass",
    "subclass",
    "superclass",
    "classmethod",
    "staticmethod",
    "docstring",
    "runtime",
    "codebase",
    "database",
    "filesystem",
    "hashmap",
    "hashtable",
    "timestamp",
    "whitespace",
    "callback",
    "threadpool",
    "deepcopy",
    "multiprocessing",
    "multithreading",
];

/// The compounds for `question`: [`COMPOUNDS`] and its own forms that are one word.
pub(crate) fn compounds_of(question: &Question) -> Vec<String> {
    let own = question
        .concepts
        .iter()
        .flat_map(|c| std::iter::once(&c.name).chain(&c.aliases))
        .map(|form| normalize(form))
        .filter(|tokens| tokens.len() == 1 && tokens[0].text.len() >= 6)
        .map(|mut tokens| tokens.remove(0).text);
    COMPOUNDS.iter().map(|c| c.to_string()).chain(own).collect()
}

/// How far apart (in words) the parts of a "a ... b" alias may be.
pub(crate) const MAX_GAP: usize = 8;

/// A way of saying a concept, pre-normalised. "a ... b" splits into ordered parts.
pub(crate) struct Form {
    pub(crate) written: String,
    pub(crate) is_name: bool,
    pub(crate) parts: Vec<Part>,
}

pub(crate) struct Part {
    tokens: Vec<Token>,
    /// The part's words run together, to meet "key word" with "keyword".
    joined: String,
}

impl Form {
    /// The form's own words, normalised.
    pub(crate) fn words(&self) -> Vec<&str> {
        self.parts
            .iter()
            .flat_map(|p| p.tokens.iter().map(|t| t.text.as_str()))
            .collect()
    }

    /// How many words the first and the last part have: the words a match in parts says (the
    /// gap between them is someone else's).
    pub(crate) fn end_parts(&self) -> (usize, usize) {
        let len = |p: Option<&Part>| p.map_or(0, |p| p.tokens.len());
        (len(self.parts.first()), len(self.parts.last()))
    }

    pub(crate) fn new(written: &str, is_name: bool) -> Form {
        let parts = written
            .split(['…'])
            .flat_map(|s| s.split("..."))
            // Hesitations and hedges are dropped from what was heard, so they must not be
            // required here.
            .map(|part| {
                normalize(part)
                    .into_iter()
                    .filter(|t| !is_hesitation(&t.text) && !is_hedge(&t.text))
                    .collect::<Vec<_>>()
            })
            .filter(|t| !t.is_empty())
            .map(|tokens| Part {
                joined: tokens.iter().map(|t| t.text.as_str()).collect(),
                tokens,
            })
            .collect();
        Form {
            written: written.to_string(),
            is_name,
            parts,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub(crate) enum Level {
    Exact,
    Stem,
    Fuzzy,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    pub(crate) level: Level,
    pub(crate) similarity: f64,
    pub(crate) first: usize,
    pub(crate) last: usize,
}

impl Hit {
    /// Better level first, then higher similarity, then earlier: the first clean mention counts.
    pub(crate) fn better_than(&self, other: &Hit) -> bool {
        (self.level, -self.similarity, self.first) < (other.level, -other.similarity, other.first)
    }
}

/// The answer's tokens, indexed by text and stem so the strict pass visits only the places where
/// a form could start instead of every word for every alias.
pub(crate) struct Heard<'a> {
    tokens: &'a [Token],
    by_text: HashMap<&'a str, Vec<usize>>,
    by_stem: HashMap<&'a str, Vec<usize>>,
    /// Positions by the first byte of the word: candidates for words split apart ("deep copy").
    by_first_byte: HashMap<u8, Vec<usize>>,
    /// The sentence of each token.
    sentence: Vec<usize>,
    /// `joined[i]`: the compound word that tokens `i` and `i + 1` make together ("byte" "code").
    joined: Vec<Option<String>>,
}

impl<'a> Heard<'a> {
    /// `sentence[i]`: which sentence token `i` is in; a form never matches across two.
    pub(crate) fn new(
        tokens: &'a [Token],
        compounds: &[String],
        sentence: Vec<usize>,
    ) -> Heard<'a> {
        let compounds: rustc_hash::FxHashSet<&str> = compounds.iter().map(String::as_str).collect();
        let longest = compounds.iter().map(|c| c.len()).max().unwrap_or(0) + 1;
        let joined = tokens
            .windows(2)
            .map(|pair| {
                if pair[0].text.len() + pair[1].text.len() > longest {
                    return None;
                }
                let word = format!("{}{}", pair[0].text, pair[1].text);
                // "frozen sets" is the compound "frozensets" too.
                // ("keyword" "s" is the word itself, not a compound split in two.)
                let singular = word.strip_suffix('s').unwrap_or(&word);
                let plural = singular != pair[0].text && compounds.contains(singular);
                (compounds.contains(word.as_str()) || plural).then_some(word)
            })
            .collect();
        let mut heard = Heard {
            tokens,
            by_text: HashMap::default(),
            by_stem: HashMap::default(),
            by_first_byte: HashMap::default(),
            sentence,
            joined,
        };
        for (i, t) in tokens.iter().enumerate() {
            heard.by_text.entry(&t.text).or_default().push(i);
            heard.by_stem.entry(&t.stem).or_default().push(i);
            heard
                .by_first_byte
                .entry(t.text.as_bytes()[0])
                .or_default()
                .push(i);
        }
        heard
    }

    /// Whether the words `first..=last` begin or end inside a compound said in two
    /// ("byte code" for "bytecode"): a form `joined` that is not that compound must not match
    /// one half of it ("bytes" is not said in "byte code").
    fn splits_a_compound(&self, first: usize, last: usize, joined: &str) -> bool {
        let at = |i: usize| self.joined.get(i).and_then(Option::as_deref);
        let before = first.checked_sub(1).and_then(at);
        let after = at(last);
        [before, after].into_iter().flatten().any(|c| c != joined)
    }

    /// Positions in `from..to` where `part` may start: its first word or stem, a word that begins
    /// its run-together form, and with `fuzzy`, words close enough to its first word.
    fn starts<'b>(&'b self, part: &Part, from: usize, to: usize, fuzzy: bool) -> Vec<usize> {
        let first = &part.tokens[0];
        // Position lists are built in order, so the window is a binary search away.
        let window = |list: &'b Vec<usize>| -> &'b [usize] {
            let lo = list.partition_point(|&i| i < from);
            let hi = list.partition_point(|&i| i < to);
            &list[lo..hi]
        };
        let split = self
            .by_first_byte
            .get(&part.joined.as_bytes()[0])
            .map(window)
            .unwrap_or_default()
            .iter()
            .filter(|&&i| {
                let t = self.tokens[i].text.as_str();
                // Near-misses share the first letter too (see `compare`), so the same list
                // holds every place a fuzzy match could start.
                part.joined.starts_with(t) || (fuzzy && fuzzy_candidate(&first.text, t))
            });
        let mut out: Vec<usize> = [
            self.by_text.get(first.text.as_str()),
            self.by_stem.get(first.stem.as_str()),
        ]
        .into_iter()
        .flatten()
        .flat_map(window)
        .chain(split)
        .copied()
        .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Every place the form is said, in order of where it starts.
pub(crate) fn find_all(form: &Form, heard: &Heard<'_>, fuzzy: bool) -> Vec<Hit> {
    let Some((first, rest)) = form.parts.split_first() else {
        return Vec::new();
    };
    let mut all = Vec::new();
    for start in part_hits(first, heard, 0, heard.tokens.len(), fuzzy) {
        // Chain the remaining parts, each within MAX_GAP words of the previous one.
        let mut chain = start;
        let mut complete = true;
        for part in rest {
            let from = chain.last + 1;
            let to = (from + MAX_GAP + part.tokens.len()).min(heard.tokens.len());
            match part_hits(part, heard, from, to, fuzzy)
                .into_iter()
                .reduce(|a, b| if b.better_than(&a) { b } else { a })
            {
                Some(h) => {
                    chain = Hit {
                        level: if h.level > chain.level {
                            h.level
                        } else {
                            chain.level
                        },
                        similarity: chain.similarity.min(h.similarity),
                        first: chain.first,
                        last: h.last,
                    }
                }
                None => {
                    complete = false;
                    break;
                }
            }
        }
        if complete && heard.sentence.get(chain.first) == heard.sentence.get(chain.last) {
            all.push(chain);
        }
    }
    all
}

/// Every place in `heard[from..to]` where the part is said.
pub(crate) fn part_hits(
    part: &Part,
    index: &Heard<'_>,
    from: usize,
    to: usize,
    fuzzy: bool,
) -> Vec<Hit> {
    let heard = index.tokens;
    let n = part.tokens.len();
    let mut hits = Vec::new();
    for i in index.starts(part, from, to, fuzzy) {
        if i + n <= to {
            let mut level = Level::Exact;
            let mut similarity: f64 = 1.0;
            let mut ok = true;
            // `at`: the heard word the next word of the part is compared with.
            let mut at = i;
            for (k, a) in part.tokens.iter().enumerate() {
                let mut found = heard
                    .get(at)
                    .filter(|_| at < to)
                    .and_then(|h| compare(a, h, fuzzy));
                // A focus word said inside the claim leaves it the same claim: "return also
                // only exits" says "return only exits" (never before the first word, and never
                // in place of a word the part says itself).
                if found.is_none()
                    && k > 0
                    && heard.get(at).is_some_and(|h| {
                        is_inserted(&h.text) || is_object_of(&h.text, &heard[at - 1].text)
                    })
                    && at + 1 < to
                {
                    found = compare(a, &heard[at + 1], fuzzy);
                    at += usize::from(found.is_some());
                }
                match found {
                    Some((l, s)) => {
                        if l > level {
                            level = l;
                        }
                        similarity = similarity.min(s);
                        at += 1;
                    }
                    None => {
                        ok = false;
                        break;
                    }
                }
            }
            if ok && !index.splits_a_compound(i, at - 1, &part.joined) {
                hits.push(Hit {
                    level,
                    similarity,
                    first: i,
                    last: at - 1,
                });
                continue;
            }
        }
        // Words run together or split apart: "deepcopy" / "deep copy", "key word" / "keyword".
        if part.joined.starts_with(heard[i].text.as_str()) {
            let mut acc = String::new();
            for (k, h) in heard[i..to].iter().enumerate() {
                acc.push_str(&h.text);
                if acc == part.joined {
                    if k + 1 != n {
                        hits.push(Hit {
                            level: Level::Exact,
                            similarity: 1.0,
                            first: i,
                            last: i + k,
                        });
                    }
                    break;
                }
                if !part.joined.starts_with(acc.as_str()) {
                    break;
                }
            }
        }
    }
    hits
}

/// Focus words a speaker may put inside a claim without changing what it claims ("return also
/// only exits", "a set is still mutable", "threads really run in parallel"): a form matches past
/// one of them between two of its words.
const INSERTED: &[&str] = &["also", "still", "even", "really", "just"];

fn is_inserted(word: &str) -> bool {
    INSERTED.contains(&word)
}

/// Auxiliaries and modals: a pronoun after one is its subject ("is it mutable?"), not an object.
const AUXILIARIES: &[&str] = &[
    "is", "are", "was", "were", "be", "can", "cant", "could", "will", "wont", "would", "should",
    "does", "doesnt", "do", "dont", "did", "has", "have", "had", "may", "might", "must",
];

/// Whether `word` after `verb` is the verb's object pronoun, which the passive form of the
/// claim leaves out: "dataclass copies it for each instance" says what "copied for each
/// instance" does (the stem joins "copies" and "copied").
fn is_object_of(word: &str, verb: &str) -> bool {
    matches!(word, "it" | "them") && !AUXILIARIES.contains(&verb)
}

/// Shortest word length for which a spelling near-miss is accepted: short words differ in one
/// letter too easily ("set"/"get", "is"/"in").
pub(crate) const FUZZY_MIN_LEN: usize = 5;
pub(crate) const FUZZY_MIN_SIMILARITY: f64 = 0.8;

/// Cheap checks before the edit distance: long enough, same first letter, similar length. The
/// first letter keeps "mutable" from meeting "immutable".
pub(crate) fn fuzzy_candidate(a: &str, h: &str) -> bool {
    a.len() >= FUZZY_MIN_LEN
        && h.len() >= FUZZY_MIN_LEN
        && a.as_bytes()[0] == h.as_bytes()[0]
        && a.len().abs_diff(h.len()) <= 2
}

pub(crate) fn compare(alias: &Token, heard: &Token, fuzzy: bool) -> Option<(Level, f64)> {
    if alias.text == heard.text {
        return Some((Level::Exact, 1.0));
    }
    if alias.stem == heard.stem {
        return Some((Level::Stem, 1.0));
    }
    if !fuzzy {
        return None;
    }
    let (a, h) = (alias.text.as_str(), heard.text.as_str());
    if !fuzzy_candidate(a, h) {
        return None;
    }
    let s = strsim::normalized_damerau_levenshtein(a, h);
    (s >= FUZZY_MIN_SIMILARITY).then_some((Level::Fuzzy, s))
}
