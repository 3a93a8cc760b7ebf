//! What a match claims: whether it was said of the right subject, negated, or only listed.
//!
//! Matching (`score.rs`) finds where a concept's words were said. The same words can state the
//! opposite ("is compares values, double equals compares identity"), so each match is read in
//! its place: the clause and sentence it sits in (from the transcript's punctuation), the
//! negation just before it, and the subject the question contrasts that it was said of. The
//! rules are deliberately few and written out in docs/decks.md, so every verdict can be traced
//! to the words that produced it.

use serde::{Deserialize, Serialize};

use crate::text::Token;

pub(crate) mod comparatives;
pub(crate) mod heard;
pub(crate) mod versions;

/// What an answer did with one concept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Stated as a claim: full credit.
    Covered,
    /// Named with nothing said about it (a keyword in a list): half credit.
    Mentioned,
    /// Stated wrongly: no credit, and shown with what is true instead.
    Misconception,
    /// Not said.
    Missed,
}

/// How a claim was wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum MisconceptionKind {
    /// One of the deck's known misconceptions, in its words.
    Known,
    /// The point, negated ("doesn't", "never").
    Opposite,
    /// The point, said of another of the things the question contrasts.
    WrongSubject,
}

/// A wrong claim found in the answer, with the words that made it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MisconceptionFound {
    pub kind: MisconceptionKind,
    /// The words of the answer, as transcribed.
    pub heard: String,
    /// First and last word, as indices into the transcript's words.
    pub words: [usize; 2],
    pub start_s: Option<f64>,
    pub end_s: Option<f64>,
    /// What is true instead.
    pub truth: String,
    /// For `WrongSubject`: the subject it was said of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub said_of: Option<String>,
    /// How it was wrong, for people: "said of is", "said the opposite".
    pub how: String,
}

impl MisconceptionKind {
    /// How the claim was wrong, in a few words: "said of is", "said the opposite".
    pub(crate) fn how(self, said_of: Option<&str>) -> String {
        match (self, said_of) {
            (MisconceptionKind::WrongSubject, Some(of)) => format!("said of {of}"),
            (MisconceptionKind::WrongSubject, None) => "said of the wrong thing".into(),
            (MisconceptionKind::Opposite, _) => "said the opposite".into(),
            (MisconceptionKind::Known, _) => "a common misconception".into(),
        }
    }
}

/// Words that turn the claim after them into its opposite.
const NEGATIONS: &[&str] = &[
    "not", "never", "dont", "doesnt", "didnt", "cant", "cannot", "isnt", "arent", "wasnt",
    "werent", "wont", "wouldnt", "shouldnt", "couldnt", "mustnt", "hasnt", "havent", "neither",
    "nor",
];

/// Verbs that deny what follows them in their clause, for accusations ("the GIL stops
/// threads from running in parallel").
const PREVENTING: &[&str] = &[
    "stop",
    "stops",
    "stopping",
    "prevent",
    "prevents",
    "preventing",
    "avoid",
    "avoids",
];

/// Words that report a claim as someone else's mistake rather than make it ("people think
/// threads run in parallel", "a common myth is that..."): what follows in the clause is not
/// asserted. Also "you might think", "you'd expect".
const REPORTED: &[&str] = &[
    "people",
    "myth",
    "myths",
    "misconception",
    "misconceptions",
    "mistake",
    "mistakes",
    "wrongly",
    "supposedly",
];

/// Whether `word` (normalised) is a negation.
pub(crate) fn is_negation(word: &str) -> bool {
    NEGATIONS.contains(&word)
}

/// "not only X", "not just X": X still holds.
const NOT_NEGATING_AFTER_NOT: &[&str] = &["only", "just", "merely"];

/// How many words before a match a negation reaches ("doesn't really ever compare").
const NEGATION_REACH: usize = 3;

/// Words that open a new clause though no punctuation precedes them.
const CLAUSE_OPENERS: &[&str] = &["while", "whereas", "but", "unlike", "however"];

/// Words that say nothing about a point: a clause of these and matches is a list.
const FILLER: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "or",
    "of",
    "to",
    "in",
    "on",
    "at",
    "for",
    "with",
    "as",
    "by",
    "that",
    "this",
    "those",
    "these",
    "so",
    "you",
    "i",
    "we",
    "yeah",
    "okay",
    "ok",
    "right",
    "well",
    "also",
    "then",
    "just",
    "like",
    "oh",
    "yes",
    "too",
    "etc",
    "stuff",
    "things",
    "thing",
    "there",
    "theres",
    "basically",
    "actually",
    "mean",
    "know",
];

/// Words that make a clause a statement rather than a keyword: pronouns, auxiliaries and
/// modals ("it's hashable", "they can't change"). A list of keywords does not use them.
const STATEMENT_WORDS: &[&str] = &[
    "it", "its", "they", "theyre", "is", "are", "was", "were", "be", "been", "can", "cant",
    "cannot", "could", "will", "wont", "would", "should", "does", "doesnt", "do", "dont", "did",
    "has", "have", "had", "gets", "gives", "makes", "returns", "means", "runs", "isnt", "arent",
    "stays", "stay", "remains", "remain",
];

/// Words a sentence may open with before the pronoun that carries its subject over ("But it
/// still isn't hashable.", "And they keep the order.").
const SENTENCE_LEADS: &[&str] = &[
    "and", "but", "so", "then", "also", "well", "okay", "ok", "now",
];

/// How many words after a claim's words an object pronoun may come and still be the object
/// of its verb ("add elements to it").
const OBJECT_REACH: usize = 3;

/// Content words a clause may hold and still be a keyword of a list ("small integer caching").
const FRAGMENT_WORDS: usize = 3;

/// Where each transcript word sits: its sentence and clause, numbered in order.
pub(crate) struct Layout {
    sentence: Vec<usize>,
    clause: Vec<usize>,
}

impl Layout {
    /// Sentences end at `.`, `?` and `!`; clauses also at `,`, `;`, `:`, a dash, and before
    /// [`CLAUSE_OPENERS`].
    pub(crate) fn new(words: &[&str]) -> Layout {
        let (mut s, mut c) = (0, 0);
        let mut sentence = Vec::with_capacity(words.len());
        let mut clause = Vec::with_capacity(words.len());
        for w in words {
            let bare = w
                .trim_matches(|ch: char| !ch.is_alphanumeric())
                .to_lowercase();
            if CLAUSE_OPENERS.contains(&bare.as_str()) && !clause.is_empty() {
                c += 1;
            }
            sentence.push(s);
            clause.push(c);
            let end = w.trim_end_matches(['"', '\'', ')', '”', '’']);
            if end.ends_with(['.', '?', '!']) && !end.ends_with("...") {
                s += 1;
                c += 1;
            } else if end.ends_with([',', ';', ':', '—', '–']) || end.ends_with("...") {
                c += 1;
            }
        }
        Layout { sentence, clause }
    }
}

impl Layout {
    /// The clause word `word` is in.
    pub(crate) fn clause_of(&self, word: usize) -> usize {
        self.clause.get(word).copied().unwrap_or(0)
    }

    /// The sentence word `word` is in.
    pub(crate) fn sentence_of(&self, word: usize) -> usize {
        self.sentence.get(word).copied().unwrap_or(0)
    }
}

/// Two subjects a claim is said of together (see [`Reading::said_of_pair`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pair<'a> {
    pub subjects: [&'a str; 2],
    /// Said with "neither" or "nor": denied of both.
    pub negative: bool,
}

impl Pair<'_> {
    /// The subject of the pair other than `about`, when `about` is one of them.
    pub fn other_than(&self, about: &str) -> Option<&str> {
        let [a, b] = self.subjects;
        if a.eq_ignore_ascii_case(about) {
            Some(b)
        } else if b.eq_ignore_ascii_case(about) {
            Some(a)
        } else {
            None
        }
    }
}

/// Words that may come before a pair of subjects at the start of its clause ("both", "neither",
/// an article, a leading conjunction): the pair is then what the clause is about.
const PAIR_LEADS: &[&str] = &[
    "both", "neither", "either", "the", "a", "an", "and", "but", "so", "then", "also", "well",
    "okay", "ok", "now",
];

/// A span of tokens (indices into the answer's tokens, both ends included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub first: usize,
    pub last: usize,
}

/// A place where one of the question's subjects was named.
#[derive(Debug, Clone)]
pub(crate) struct SubjectMention {
    pub subject: String,
    pub span: Span,
}

/// The answer as claims are read in it: tokens, their layout, and where subjects were named.
pub(crate) struct Reading<'a> {
    pub tokens: &'a [Token],
    pub layout: &'a Layout,
    pub subjects: Vec<SubjectMention>,
    /// For a negation word: the concept (by index) one of whose forms says it as its own word
    /// ("not hashable" of "set is unhashable"). That negation is the other concept's claim, not
    /// a denial of whatever follows it ("it's not hashable" does not deny "frozenset is hashable").
    pub negation_owner: Vec<Option<usize>>,
    /// What each clause is, for telling a list of keywords from statements (from the tokens
    /// some concept or misconception matched; subjects are not matches: "double equals,
    /// compares values" is a statement).
    pub clauses: Vec<ClauseInfo>,
}

impl Reading<'_> {
    pub(crate) fn sentence(&self, token: usize) -> usize {
        self.layout.sentence[self.tokens[token].source]
    }

    /// The tokens of the sentence `token` is in (tokens are in order, sentences contiguous).
    fn sentence_tokens(&self, token: usize) -> std::ops::Range<usize> {
        let sentence = self.sentence(token);
        let start = (0..token)
            .rev()
            .take_while(|&i| self.sentence(i) == sentence)
            .last()
            .unwrap_or(token);
        let end = (token..self.tokens.len())
            .find(|&i| self.sentence(i) != sentence)
            .unwrap_or(self.tokens.len());
        start..end
    }

    pub(crate) fn clause(&self, token: usize) -> usize {
        self.layout.clause[self.tokens[token].source]
    }

    /// Whether a negation turns the span around: in the same clause, at most
    /// [`NEGATION_REACH`] words before it, or inside it between the parts of a form in parts
    /// ("threads ... in parallel" said as "threads can't run in parallel"). `own` are the
    /// form's own words: a negation the form itself says ("can't be changed") is its claim.
    pub fn negated(&self, span: Span, own: &[&str]) -> bool {
        self.negation_at(span, own).is_some()
    }

    /// The token of the negation that turns the span around (see [`Reading::negated`]).
    pub fn negation_at(&self, span: Span, own: &[&str]) -> Option<usize> {
        let clause = self.clause(span.first);
        let negation = |i: &usize| {
            let word = self.tokens[*i].text.as_str();
            NEGATIONS.contains(&word)
                && !(word == "not"
                    && self
                        .tokens
                        .get(i + 1)
                        .is_some_and(|t| NOT_NEGATING_AFTER_NOT.contains(&t.text.as_str())))
        };
        (span.first.saturating_sub(NEGATION_REACH)..span.first)
            .rev()
            .filter(|&i| self.clause(i) == clause)
            .find(negation)
            // "no" negates only what it stands right before ("has no add method"): further
            // back it is mostly an answer to the question ("no, it's...").
            .or_else(|| {
                span.first
                    .checked_sub(1)
                    .filter(|&i| self.tokens[i].text == "no" && self.clause(i) == clause)
            })
            .or_else(|| {
                (span.first..=span.last)
                    .filter(|&i| !own.contains(&self.tokens[i].text.as_str()))
                    .find(negation)
            })
    }

    /// Whether the clause denies what `span` says, anywhere before it or right after it
    /// ("doesn't exist", "isn't supported"), or reports it as someone else's belief ("people
    /// think ...", "a common myth is ..."): a negation or "no" ("the GIL
    /// doesn't let threads run in parallel") or a verb of prevention ("stops threads from
    /// running in parallel"). An accusation needs the words asserted; `own` are the form's own
    /// words ("doesn't need to be hashable" says its negation).
    pub fn denied_in_clause(&self, span: Span, own: &[&str]) -> bool {
        let clause = self.clause(span.first);
        let before = (0..span.first)
            .rev()
            .take_while(|&i| self.clause(i) == clause)
            .any(|i| {
                let word = self.tokens[i].text.as_str();
                let reported = REPORTED.contains(&word)
                    || (matches!(word, "think" | "expect" | "assume")
                        && i.checked_sub(1).is_some_and(|j| {
                            matches!(self.tokens[j].text.as_str(), "might" | "would" | "youd")
                        }));
                (NEGATIONS.contains(&word)
                    || PREVENTING.contains(&word)
                    || word == "no"
                    || reported)
                    && !own.contains(&word)
            });
        // "A labelled break doesn't exist in Python", "break outer isn't supported": denied
        // right after (but "not just the inner one" is no denial).
        let after = (span.last + 1..self.tokens.len().min(span.last + 3))
            .take_while(|&i| self.clause(i) == clause)
            .any(|i| {
                let word = self.tokens[i].text.as_str();
                NEGATIONS.contains(&word)
                    && !own.contains(&word)
                    && !(word == "not"
                        && self
                            .tokens
                            .get(i + 1)
                            .is_some_and(|t| NOT_NEGATING_AFTER_NOT.contains(&t.text.as_str())))
            });
        before || after
    }

    /// Whether `span` runs across a contrast ("x in a list is O of n, while a key in a dict is
    /// O of one"): its words then belong to two claims, not one.
    /// `own` are the form's own words ("can only use them while").
    pub fn spans_a_contrast(&self, span: Span, own: &[&str]) -> bool {
        (span.first + 1..=span.last).any(|i| {
            let word = self.tokens[i].text.as_str();
            CLAUSE_OPENERS.contains(&word) && !own.contains(&word)
        })
    }

    /// The concept whose own form says the negation at token `at`, if any.
    pub fn negation_owned_by(&self, at: usize) -> Option<usize> {
        self.negation_owner.get(at).copied().flatten()
    }

    /// The subject `span` was said of: one named inside it; else the nearest named before it in
    /// its sentence (not after "than"); else the nearest after it in its clause; else, when its
    /// sentence opens with a pronoun, the last one named before it if that was in the sentence
    /// just before (a pronoun two sentences on is a guess, and a misheard subject in between,
    /// "`is` is identity" heard as "It's", would turn a right claim into a wrong one).
    pub fn said_of(&self, span: Span) -> Option<&str> {
        let inside = self
            .subjects
            .iter()
            .find(|m| m.span.first <= span.last && m.span.last >= span.first);
        let before_in_sentence = || {
            self.subjects.iter().rev().find(|m| {
                m.span.last < span.first
                    && self.sentence(m.span.last) == self.sentence(span.first)
                    && !self.contrasted(m.span.first, m.span.last)
            })
        };
        let after_in_clause = || {
            self.subjects.iter().find(|m| {
                m.span.first > span.last
                    && self.clause(m.span.first) == self.clause(span.last)
                    && !self.contrasted(m.span.first, m.span.last)
            })
        };
        // Across sentences only through a pronoun ("It can't be changed."): a sentence that
        // names nothing ("Set: mutable.") is not about whatever was named last.
        let earlier = || {
            // Past a leading conjunction: "But it still isn't hashable."
            let range = self.sentence_tokens(span.first);
            let first = (range.start..span.first.min(range.start + 2))
                .find(|&i| !SENTENCE_LEADS.contains(&self.tokens[i].text.as_str()))
                .unwrap_or(range.start);
            let pronoun = matches!(
                self.tokens[first].text.as_str(),
                "it" | "its" | "they" | "theyre" | "this" | "that" | "these" | "those"
            );
            pronoun
                .then(|| {
                    self.subjects
                        .iter()
                        .rev()
                        .find(|m| m.span.last < span.first)
                })
                .flatten()
                .filter(|m| self.sentence(m.span.last) + 1 == self.sentence(span.first))
        };
        inside
            .or_else(before_in_sentence)
            .or_else(after_in_clause)
            .or_else(earlier)
            .map(|m| m.subject.as_str())
    }

    /// The two subjects a claim at `span` is said of together, when the subject it belongs to
    /// closes a pair that opens its clause ("star args and kwargs both collect ...", "Both of
    /// them, star args and star star kwargs, gather ...", "neither a set nor a frozenset ...").
    /// The predicate is then said of each of them. The claim must follow the pair in its clause,
    /// or open the next clause when the pair's clause is nothing but the pair, with no other
    /// subject and no contrast (`while`, `but`...) in between. `negative` when the pair is said
    /// with "neither" or "nor": the claim is denied of both.
    pub fn said_of_pair(&self, span: Span) -> Option<Pair<'_>> {
        let text = |i: usize| self.tokens[i].text.as_str();
        // The subject named last before the claim, in its sentence, none inside it; or the one
        // its words open with ("frozen ... hashable" in "a set and a frozenset are both
        // hashable").
        let inside = self
            .subjects
            .iter()
            .position(|m| m.span.first <= span.last && m.span.last >= span.first);
        let k = match inside {
            Some(k) if self.subjects[k].span.first == span.first => k,
            Some(_) => return None,
            None => self
                .subjects
                .iter()
                .rposition(|m| m.span.last < span.first)?,
        };
        let (p, m) = (self.subjects.get(k.checked_sub(1)?)?, &self.subjects[k]);
        if self.sentence(m.span.last) != self.sentence(span.first) || p.subject == m.subject {
            return None;
        }
        // "A and B", "A nor B", "A and the B": joined, in one clause.
        // The joining words may close the first subject's own form ("a set and a").
        let join = (p.span.first + 1..m.span.first)
            .rev()
            .find(|&i| matches!(text(i), "and" | "nor"))
            .filter(|&j| j <= p.span.last + 1)
            .unwrap_or(p.span.last + 1);
        let between: Vec<&str> = (join..m.span.first).map(text).collect();
        let nor = between.first() == Some(&"nor");
        let joined = matches!(
            between.as_slice(),
            ["and" | "nor"] | ["and" | "nor", "a" | "an" | "the"]
        );
        let clause = self.clause(p.span.first);
        if !joined
            || self.clause(m.span.last) != clause
            || self.contrasted(p.span.first, p.span.last)
            || self.contrasted(m.span.first, m.span.last)
        {
            return None;
        }
        // The pair opens its clause: it is what the clause is about, not an object ("you use
        // star args and kwargs ...") or a comparison ("the difference between A and B").
        let lead: Vec<&str> = (0..p.span.first)
            .rev()
            .take_while(|&i| self.clause(i) == clause)
            .map(text)
            .collect();
        if !lead.iter().all(|w| PAIR_LEADS.contains(w)) {
            return None;
        }
        let neither = lead.contains(&"neither");
        // The claim in the pair's clause, or opening the next when the pair's clause is only
        // the pair.
        let next = m.span.last + 1;
        let here = self.clause(span.first);
        let ends_clause = next < self.tokens.len() && self.clause(next) != clause;
        if !(here == clause || (ends_clause && self.clause(next) == here)) {
            return None;
        }
        if (next..span.first).any(|i| CLAUSE_OPENERS.contains(&text(i))) {
            return None;
        }
        Some(Pair {
            subjects: [p.subject.as_str(), m.subject.as_str()],
            negative: nor || neither,
        })
    }

    /// The subject named inside `span`, else the nearest named before it in its own clause (not
    /// the other side of a comparison): a claim stated of it in one clause, with no pronoun or
    /// sentence-level guess in between.
    pub fn named_in_clause(&self, span: Span) -> Option<&str> {
        let clause = self.clause(span.first);
        self.subjects
            .iter()
            .find(|m| m.span.first <= span.last && m.span.last >= span.first)
            .or_else(|| {
                self.subjects.iter().rev().find(|m| {
                    m.span.last < span.first
                        && self.clause(m.span.first) == clause
                        && !self.contrasted(m.span.first, m.span.last)
                })
            })
            .map(|m| m.subject.as_str())
    }

    /// Whether the clause of `span` says its claim is shared ("a deep copy also makes a new
    /// list", "... too", "as well", "like a set, ...", "similarly", "just the same"): a word
    /// outside the span's own words.
    pub fn shared_in_clause(&self, span: Span) -> bool {
        let clause = self.clause(span.first);
        let before = (0..span.first)
            .rev()
            .take_while(|&i| self.clause(i) == clause);
        let after = (span.last + 1..self.tokens.len()).take_while(|&i| self.clause(i) == clause);
        before.chain(after).any(|i| {
            matches!(
                self.tokens[i].text.as_str(),
                "also" | "too" | "both" | "either" | "likewise" | "similarly" | "same" | "like"
            ) || (self.tokens[i].text == "well"
                && i.checked_sub(1)
                    .is_some_and(|j| self.tokens[j].text == "as"))
        })
    }

    /// Whether `span` is said as the other side of a comparison: "rather than", "instead of",
    /// "than", "unlike" or "without" among the three words before it in its clause ("each
    /// process has its own GIL rather than sharing one", "faster than scanning every key").
    /// A known misconception said so is what the answer sets its claim against; said after
    /// "want to", "need to" or "in order to" it is a purpose ("if you need to keep the order").
    pub fn set_against(&self, span: Span) -> bool {
        let clause = self.clause(span.first);
        let word = |back: usize| {
            span.first
                .checked_sub(back)
                .map(|i| self.tokens[i].text.as_str())
        };
        // "If you want to keep the order": a purpose, not a claim.
        let purpose = word(1) == Some("to")
            && matches!(
                word(2),
                Some("want" | "wants" | "need" | "needs" | "order" | "how")
            );
        purpose
            || (span.first.saturating_sub(NEGATION_REACH)..span.first)
                .filter(|&i| self.clause(i) == clause)
                .any(|i| {
                    let next = self.tokens.get(i + 1).map(|t| t.text.as_str());
                    match self.tokens[i].text.as_str() {
                        "than" | "unlike" | "without" => true,
                        "instead" => next == Some("of"),
                        "rather" => next == Some("than"),
                        _ => false,
                    }
                })
    }

    /// The subject a known misconception's words were said of, held to a stricter standard
    /// than a claim's credit, since it accuses: a subject named inside the words or in their
    /// own clause (nearest before, else after); else, only when a pronoun before the words in
    /// their clause refers back ("..., it keeps insertion order", "that's also O of one"), the
    /// subject [`Reading::said_of`] finds. A bare predicate in a clause of its own ("but
    /// searching is linear") names something the answer did not, and accuses nothing.
    pub fn said_of_in_clause(&self, span: Span) -> Option<&str> {
        let clause = self.clause(span.first);
        let inside = self
            .subjects
            .iter()
            .find(|m| m.span.first <= span.last && m.span.last >= span.first);
        let before = || {
            self.subjects.iter().rev().find(|m| {
                m.span.last < span.first
                    && self.clause(m.span.first) == clause
                    && !self.contrasted(m.span.first, m.span.last)
            })
        };
        let after = || {
            self.subjects.iter().find(|m| {
                m.span.first > span.last
                    && self.clause(m.span.first) == self.clause(span.last)
                    && !self.contrasted(m.span.first, m.span.last)
            })
        };
        if let Some(m) = inside.or_else(before).or_else(after) {
            return Some(m.subject.as_str());
        }
        let pronoun = (0..span.first)
            .rev()
            .take_while(|&i| self.clause(i) == clause)
            .any(|i| {
                matches!(
                    self.tokens[i].text.as_str(),
                    "it" | "its" | "they" | "theyre" | "them" | "that" | "thats" | "which"
                )
            });
        // Or as the object of the claim's own verb, right after its words ("you can still add
        // elements to it"): the claim is about what the pronoun refers back to.
        let object = (span.last + 1..self.tokens.len())
            .take_while(|&i| self.clause(i) == self.clause(span.last))
            .take(OBJECT_REACH)
            .any(|i| matches!(self.tokens[i].text.as_str(), "it" | "them"));
        if pronoun || object {
            return self.said_of(span);
        }
        self.sole_subject_before(span)
    }

    /// The subject of a sentence that names one and only one ("So a shallow copy, like copy dot
    /// copy, is just another name for the same list"; "With the shallow copy, if you change a
    /// nested list, the original stays unchanged"), named before `span` with no contrast
    /// (`while`, `but`, `whereas`, `unlike`, `however`) between them: a predicate in a later
    /// clause of that sentence can only be about it. A sentence that names two subjects, or
    /// turns to a contrast ("a dict lookup is O of one, but searching is linear"), leaves a
    /// bare predicate naming nothing; so does a clause that is only a fragment, with no verb
    /// ("..., no indexing by hand").
    fn sole_subject_before(&self, span: Span) -> Option<&str> {
        // A fragment ("no indexing by hand") states nothing of anything.
        if self
            .clauses
            .get(self.clause(span.first))
            .is_none_or(|c| c.fragment)
        {
            return None;
        }
        let range = self.sentence_tokens(span.first);
        let mut named = self.subjects.iter().filter(|m| {
            range.contains(&m.span.first) && !self.contrasted(m.span.first, m.span.last)
        });
        let first = named.next()?;
        if named.any(|m| m.subject != first.subject)
            || self
                .subjects
                .iter()
                .any(|m| range.contains(&m.span.first) && m.subject != first.subject)
            || first.span.last >= span.first
        {
            return None;
        }
        let contrast = (first.span.last + 1..span.first)
            .any(|i| CLAUSE_OPENERS.contains(&self.tokens[i].text.as_str()));
        (!contrast).then_some(first.subject.as_str())
    }

    /// Whether the subject named at tokens `at` (its first) to `last` is the other side of a
    /// comparison ("faster than a list", "instead of threads", "unlike is", "compared to a set",
    /// "without frozen"): what follows is not said of it, unless a relative clause opens right
    /// after it ("unlike range of len, which is the anti-pattern").
    fn contrasted(&self, at: usize, last: usize) -> bool {
        let word = |back: usize| at.checked_sub(back).map(|i| self.tokens[i].text.as_str());
        // "unlike a set": past an article.
        let skip = usize::from(matches!(word(1), Some("a" | "an" | "the")));
        let (w1, w2) = (word(1 + skip), word(2 + skip));
        let set_against = matches!(w1, Some("than" | "unlike" | "versus" | "vs" | "without"))
            || (w1 == Some("of") && w2 == Some("instead"))
            || (matches!(w1, Some("to" | "with")) && w2 == Some("compared"));
        let relative = matches!(
            self.tokens.get(last + 1).map(|t| t.text.as_str()),
            Some("which" | "that" | "who")
        );
        set_against && !relative
    }

    /// Whether `span` is only named: its clause holds nothing but matches and filler, another
    /// clause of its sentence holds a match, and at least half its clauses are bare too (a list
    /// of keywords, "GIL, bytecode, one thread at a time, multiprocessing", not a statement). A match of a form in parts
    /// ("dict ... constant time") binds words into a claim, so it is never only named.
    pub fn only_mentioned(&self, span: Span, form_in_parts: bool) -> bool {
        if self.in_a_list(span) {
            return true;
        }
        if form_in_parts {
            return false;
        }
        // A clause is bare when it holds nothing but matched words and filler (the span's own
        // words are matched too).
        let own = self
            .clauses
            .get(self.clause(span.first))
            .copied()
            .unwrap_or_default();
        let listed = own.sentence_matched > own.matched;
        !own.says && listed && 2 * own.sentence_bare >= own.sentence_clauses
    }

    /// Whether `span` sits in a list of keywords: its sentence has three clauses or more, at
    /// least two in three of them fragments (a few content words, with no pronoun, auxiliary or
    /// modal to make them a statement: "insertion order", "Python 3.7"), none after the span
    /// says a statement of them, and the span starts and ends in fragments. A form in parts matched across such a list ("dict ... keys" in
    /// "dict fromkeys, set, unique keys") joins two keywords, not a subject and its claim.
    pub fn in_a_list(&self, span: Span) -> bool {
        let info = |token: usize| {
            self.clauses
                .get(self.clause(token))
                .copied()
                .unwrap_or_default()
        };
        let (first, last) = (info(span.first), info(span.last));
        first.fragment && last.fragment && last.in_a_list && !last.stated_after
    }
}

/// What [`Reading::in_a_list`] needs to know of a clause, worked out once per answer.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ClauseInfo {
    /// A few content words and no statement word: a keyword of a list, if its sentence is one.
    fragment: bool,
    /// Its sentence has three clauses or more, at least two in three of them fragments.
    in_a_list: bool,
    /// A later clause of its sentence holds a statement word.
    stated_after: bool,
    /// It holds a word that is neither matched nor filler.
    says: bool,
    /// How many of its words some form matched.
    matched: usize,
    /// Of its sentence: how many clauses, how many of them bare (not `says`), and how many
    /// words some form matched.
    sentence_clauses: usize,
    sentence_bare: usize,
    sentence_matched: usize,
}

/// [`ClauseInfo`] for every clause of the answer, by clause number (clauses with no tokens,
/// such as a lone "um,", count for nothing).
pub(crate) fn clause_infos(tokens: &[Token], layout: &Layout, matched: &[bool]) -> Vec<ClauseInfo> {
    struct Clause {
        clause: usize,
        sentence: usize,
        content: usize,
        statement: bool,
        says: bool,
        matched: usize,
    }
    let n = layout.clause.last().map_or(0, |c| c + 1);
    let mut infos = vec![ClauseInfo::default(); n];
    let mut clauses: Vec<Clause> = Vec::new();
    for (t, &m) in tokens.iter().zip(matched) {
        let (clause, sentence) = (layout.clause[t.source], layout.sentence[t.source]);
        let word = t.text.as_str();
        let filler = FILLER.contains(&word);
        let statement = STATEMENT_WORDS.contains(&word);
        let c = match clauses.last_mut() {
            Some(c) if c.clause == clause => c,
            _ => {
                clauses.push(Clause {
                    clause,
                    sentence,
                    content: 0,
                    statement: false,
                    says: false,
                    matched: 0,
                });
                clauses.last_mut().expect("just pushed")
            }
        };
        c.content += usize::from(!filler);
        c.statement |= statement;
        c.says |= !m && !filler;
        c.matched += usize::from(m);
    }
    for sentence in clauses.chunk_by(|a, b| a.sentence == b.sentence) {
        let fragment = |c: &Clause| c.content <= FRAGMENT_WORDS && !c.statement;
        let fragments = sentence.iter().filter(|c| fragment(c)).count();
        // A list starts with a keyword: after a statement, short clauses go on saying things
        // about it ("only one thread runs at a time, for CPU bound work, use multiprocessing").
        let in_a_list = sentence.len() >= 3
            && 3 * fragments >= 2 * sentence.len()
            && sentence
                .first()
                .is_some_and(|c| !c.statement || c.content <= FRAGMENT_WORDS);
        let sentence_bare = sentence.iter().filter(|c| !c.says).count();
        let sentence_matched = sentence.iter().map(|c| c.matched).sum();
        let mut stated_after = false;
        for c in sentence.iter().rev() {
            infos[c.clause] = ClauseInfo {
                fragment: fragment(c),
                in_a_list,
                stated_after,
                says: c.says,
                matched: c.matched,
                sentence_clauses: sentence.len(),
                sentence_bare,
                sentence_matched,
            };
            stated_after |= c.statement;
        }
    }
    infos
}
