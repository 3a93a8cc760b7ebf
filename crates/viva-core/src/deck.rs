//! Question decks: the TOML format (see `docs/decks.md`), loading and validation.
//!
//! Validation collects every problem in a file rather than stopping at the first, and each one
//! names the file, line and column, so fixing a deck takes one round trip.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::Spanned;

/// A set of interview questions practised together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Deck {
    pub id: String,
    pub title: String,
    pub description: String,
    /// BCP 47 language tag of the prompts and expected answers, e.g. "en".
    pub language: String,
    pub questions: Vec<Question>,
}

/// One question: what is asked aloud and what a strong answer covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Question {
    /// Stable slug: attempts refer to it, so it never changes once published.
    pub id: String,
    pub category: String,
    /// The words spoken aloud to the candidate.
    pub prompt: String,
    pub model_answer: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<CodeSnippet>,
    pub concepts: Vec<Concept>,
    /// The things the question contrasts (`is` and `==`), for concepts that are claims about
    /// one of them (`Concept::about`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<Subject>,
    /// The answer length an interviewer would find comfortable, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_seconds: Option<[f64; 2]>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CodeSnippet {
    pub language: String,
    pub source: String,
}

/// A key point a strong answer mentions, with the ways people say it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Concept {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default = "default_weight")]
    pub weight: f64,
    /// The subject (a `Subject::name`) this concept's claim is about: said of another subject,
    /// it is a misconception, not a hit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<String>,
    /// The point as one true sentence: what Viva shows when the answer got it wrong.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim: Option<String>,
    /// Wrong versions of this point that candidates say.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub misconceptions: Vec<Misconception>,
    /// What an interviewer asks when the answer leaves this point out ("And what about
    /// CPU-bound work?"); asked aloud after the answer (see `follow_up`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<String>,
}

/// One of the things a question contrasts, with the ways people name it out loud.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Subject {
    pub name: String,
    /// Matched like aliases: "is operator", "the is keyword", "double equals".
    pub forms: Vec<String>,
}

/// A mistake interviewers hear about a concept, in the words people say it with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Misconception {
    /// Matched like aliases (`...` included): "every thread ... at the same time".
    pub said: Vec<String>,
    /// What is true instead (the concept's `claim` when not given).
    pub truth: String,
    /// The subject (a `Subject::name`) the words are wrong of: when set, the misconception is
    /// found only where its words are said of that subject ("only pauses that coroutine" is
    /// wrong of `time.sleep`, right of `asyncio.sleep`), bound as concepts' claims are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<String>,
}

/// The largest deck file Viva reads: 8 MB, fifty times the built-in deck.
pub const MAX_DECK_BYTES: u64 = 8 << 20;

/// The heaviest a concept may be: enough for any emphasis, and far from where sums of weights
/// stop being numbers (two concepts of 1e308 made every score 0).
pub const MAX_WEIGHT: f64 = 100.0;

fn default_weight() -> f64 {
    1.0
}

impl Deck {
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// Categories in the order they first appear in the deck.
    pub fn categories(&self) -> Vec<&str> {
        let mut seen: Vec<&str> = Vec::new();
        for q in &self.questions {
            if !seen.contains(&q.category.as_str()) {
                seen.push(&q.category);
            }
        }
        seen
    }

    /// Parses and validates a deck. `origin` names the file in error messages.
    pub fn from_toml(source: &str, origin: impl Into<PathBuf>) -> Result<Deck, DeckError> {
        let origin = origin.into();
        let raw: RawDeck = toml::from_str(source).map_err(|e| {
            let at = e.span().map(|s| s.start).unwrap_or(0);
            DeckError::new(
                origin.clone(),
                vec![Problem::at(
                    source,
                    at,
                    e.message().trim(),
                    syntax_hint(e.message()),
                )],
            )
        })?;
        let problems = validate(&raw, source);
        if !problems.is_empty() {
            return Err(DeckError::new(origin, problems));
        }
        Ok(raw.into_deck())
    }

    /// Reads a deck file from disk.
    pub fn load(path: &Path) -> Result<Deck, DeckError> {
        let fail = |message: String, hint: &str| {
            DeckError::new(
                path.to_path_buf(),
                vec![Problem {
                    line: 0,
                    column: 0,
                    message,
                    hint: hint.into(),
                }],
            )
        };
        let readable = "check that the path exists and is a readable UTF-8 text file";
        let file = std::fs::File::open(path)
            .map_err(|e| fail(format!("cannot read the file: {e}"), readable))?;
        if !file.metadata().is_ok_and(|m| m.is_file()) {
            return Err(fail("is not a regular file".into(), readable));
        }
        // A deck is text someone wrote; reading stops past this size, so a device or a huge
        // file cannot fill the memory.
        let mut source = String::new();
        use std::io::Read;
        file.take(MAX_DECK_BYTES + 1)
            .read_to_string(&mut source)
            .map_err(|e| fail(format!("cannot read the file: {e}"), readable))?;
        if source.len() as u64 > MAX_DECK_BYTES {
            return Err(fail(
                format!("is larger than {} MB", MAX_DECK_BYTES >> 20),
                "a deck is a text file of questions; split a larger one into several decks",
            ));
        }
        Deck::from_toml(&source, path)
    }
}

/// Every problem found in one deck file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct DeckError {
    pub file: PathBuf,
    pub problems: Vec<Problem>,
}

impl DeckError {
    fn new(file: PathBuf, problems: Vec<Problem>) -> Self {
        DeckError { file, problems }
    }
}

impl fmt::Display for DeckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            if p.line == 0 {
                write!(f, "{}: {}", self.file.display(), p.message)?;
            } else {
                write!(
                    f,
                    "{}:{}:{}: {}",
                    self.file.display(),
                    p.line,
                    p.column,
                    p.message
                )?;
            }
            if !p.hint.is_empty() {
                write!(f, "\n  hint: {}", p.hint)?;
            }
        }
        Ok(())
    }
}

/// One thing wrong with a deck, at a 1-based line and column (0 when the file could not be read).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: String,
}

impl Problem {
    fn at(
        source: &str,
        offset: usize,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Problem {
        let (line, column) = line_column(source, offset);
        Problem {
            line,
            column,
            message: message.into(),
            hint: hint.into(),
        }
    }
}

fn line_column(source: &str, offset: usize) -> (usize, usize) {
    Lines::new(source).locate(offset)
}

/// Where each line of a deck starts, found once, so that placing thousands of problems (a
/// generated deck with every id repeated) does not rescan the file for each.
struct Lines<'a> {
    source: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(source: &'a str) -> Lines<'a> {
        let starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { source, starts }
    }

    /// The 1-based line and column (in characters) of byte `offset`.
    fn locate(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.source.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let column = self
            .source
            .get(start..offset)
            .map_or(0, |s| s.chars().count());
        (line, column + 1)
    }
}

fn syntax_hint(message: &str) -> String {
    if message.contains("unknown field") {
        "remove the field or fix its spelling; docs/decks.md lists the fields a deck may have"
            .into()
    } else if message.contains("missing field") {
        "add the field; docs/decks.md lists the required fields".into()
    } else if message.contains("invalid type") {
        "check the value's type against docs/decks.md (strings are quoted, weights are numbers)"
            .into()
    } else {
        "check the TOML syntax near this position (quotes, brackets, `=` between key and value)"
            .into()
    }
}

// The raw form keeps source spans so that validation can point at the offending value.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeck {
    id: Spanned<String>,
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default)]
    questions: Option<Spanned<Vec<RawQuestion>>>,
}

fn default_language() -> String {
    "en".into()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: Spanned<String>,
    category: Spanned<String>,
    prompt: Spanned<String>,
    model_answer: Spanned<String>,
    #[serde(default)]
    code: Option<RawCode>,
    #[serde(default)]
    concepts: Option<Spanned<Vec<RawConcept>>>,
    #[serde(default)]
    target_seconds: Option<Spanned<Vec<f64>>>,
    #[serde(default)]
    subjects: Vec<RawSubject>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSubject {
    name: Spanned<String>,
    forms: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMisconception {
    said: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    truth: Option<String>,
    #[serde(default)]
    about: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCode {
    language: String,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConcept {
    name: Spanned<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    weight: Option<Spanned<f64>>,
    #[serde(default)]
    about: Option<Spanned<String>>,
    #[serde(default)]
    claim: Option<String>,
    #[serde(default)]
    misconceptions: Vec<RawMisconception>,
    #[serde(default)]
    follow_up: Option<Spanned<String>>,
}

/// A form to match (alias, subject form, misconception) must keep a word after normalising.
fn no_words(push: &mut impl FnMut(Range<usize>, String, &str), form: &Spanned<String>, what: &str) {
    if crate::text::normalize(form.get_ref()).is_empty() {
        push(
            form.span(),
            format!("{what} has no words to match"),
            "write the words or symbols a speaker would say, e.g. \"double equals\" or \"==\"",
        );
    }
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

fn validate(raw: &RawDeck, src: &str) -> Vec<Problem> {
    let mut out = Vec::new();
    let lines = Lines::new(src);
    let mut push = |span: Range<usize>, msg: String, hint: &str| {
        let (line, column) = lines.locate(span.start);
        out.push(Problem {
            line,
            column,
            message: msg,
            hint: hint.into(),
        })
    };

    if !is_slug(raw.id.get_ref()) {
        push(
            raw.id.span(),
            format!("deck id {:?} is not a slug", raw.id.get_ref()),
            "use lower-case letters, digits and hyphens, e.g. \"python-interview\"",
        );
    }
    let questions: &[RawQuestion] = raw.questions.as_ref().map_or(&[], |q| q.get_ref());
    if questions.is_empty() {
        let at = raw.questions.as_ref().map_or(0..0, |q| q.span());
        push(
            at,
            "the deck has no questions".into(),
            "add at least one [[questions]] table",
        );
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for q in questions {
        let id = q.id.get_ref().as_str();
        if !is_slug(id) {
            push(
                q.id.span(),
                format!("question id {id:?} is not a slug"),
                "use lower-case letters, digits and hyphens, e.g. \"is-vs-equals\"",
            );
        }
        if let Some(first) = seen.insert(id, q.id.span().start) {
            let (line, _) = lines.locate(first);
            push(
                q.id.span(),
                format!("duplicate question id {id:?} (first used on line {line})"),
                "give every question its own id; attempts refer to questions by id",
            );
        }
        for (field, value) in [
            ("category", &q.category),
            ("prompt", &q.prompt),
            ("model_answer", &q.model_answer),
        ] {
            if value.get_ref().trim().is_empty() {
                push(
                    value.span(),
                    format!("question {id:?} has an empty {field}"),
                    "write some text here",
                );
            }
        }
        let concepts: &[RawConcept] = q.concepts.as_ref().map_or(&[], |c| c.get_ref());
        if concepts.is_empty() {
            push(
                q.id.span(),
                format!("question {id:?} has no concepts"),
                "add [[questions.concepts]] tables: the key points a strong answer covers, so the answer can be scored",
            );
        }
        let mut subjects: HashMap<String, ()> = HashMap::new();
        for subject in &q.subjects {
            let name = subject.name.get_ref();
            if name.trim().is_empty() || subjects.insert(name.to_lowercase(), ()).is_some() {
                push(
                    subject.name.span(),
                    format!("question {id:?} has an empty or repeated subject name {name:?}"),
                    "name each thing the question contrasts once, e.g. \"is\" and \"==\"",
                );
            }
            if subject.forms.is_empty() {
                push(
                    subject.name.span(),
                    format!("subject {name:?} of question {id:?} has no forms"),
                    "list the ways people name it, e.g. forms = [\"is operator\", \"the is keyword\"]",
                );
            }
            for form in &subject.forms {
                no_words(
                    &mut push,
                    form,
                    &format!("form {:?} of subject {name:?}", form.get_ref()),
                );
            }
        }
        let mut names: HashMap<String, ()> = HashMap::new();
        for c in concepts {
            let name = c.name.get_ref();
            if name.trim().is_empty() {
                push(
                    c.name.span(),
                    format!("a concept of question {id:?} has an empty name"),
                    "name the concept as a user should read it, e.g. \"identity\"",
                );
            } else if names.insert(name.to_lowercase(), ()).is_some() {
                push(
                    c.name.span(),
                    format!("question {id:?} has the concept {name:?} twice"),
                    "merge the two concepts, or rename one",
                );
            }
            if let Some(w) = &c.weight {
                let v = *w.get_ref();
                if !(v.is_finite() && v > 0.0 && v <= MAX_WEIGHT) {
                    push(
                        w.span(),
                        format!(
                            "concept {name:?} has weight {v}, which is not between 0 and {MAX_WEIGHT}"
                        ),
                        "a weight is a number above 0 and at most 100; 1 is the default, 2 marks a concept twice as important",
                    );
                }
            }
            for a in &c.aliases {
                no_words(
                    &mut push,
                    a,
                    &format!("alias {:?} of concept {name:?}", a.get_ref()),
                );
            }
            if let Some(about) = &c.about
                && !subjects.contains_key(&about.get_ref().to_lowercase())
            {
                push(
                    about.span(),
                    format!(
                        "concept {name:?} is about {:?}, which is not a subject of question {id:?}",
                        about.get_ref()
                    ),
                    "add a [[questions.subjects]] table with that name, or fix the spelling",
                );
            }
            if let Some(f) = &c.follow_up
                && f.get_ref().trim().is_empty()
            {
                push(
                    f.span(),
                    format!("concept {name:?} has an empty follow_up"),
                    "write the question an interviewer asks when this point is missing, e.g. \"And what about CPU-bound work?\", or remove the field",
                );
            }
            for m in &c.misconceptions {
                if m.said.get_ref().is_empty() {
                    push(
                        m.said.span(),
                        format!("a misconception of concept {name:?} has nothing in `said`"),
                        "write the words a candidate says when making this mistake",
                    );
                }
                for form in m.said.get_ref() {
                    no_words(
                        &mut push,
                        form,
                        &format!("misconception {:?} of concept {name:?}", form.get_ref()),
                    );
                }
                if let Some(about) = &m.about
                    && !subjects.contains_key(&about.get_ref().to_lowercase())
                {
                    push(
                        about.span(),
                        format!(
                            "a misconception of concept {name:?} is about {:?}, which is not a subject of question {id:?}",
                            about.get_ref()
                        ),
                        "add a [[questions.subjects]] table with that name, or fix the spelling",
                    );
                }
                let truth = m.truth.as_deref().or(c.claim.as_deref()).unwrap_or("");
                if truth.trim().is_empty() {
                    push(
                        m.said.span(),
                        format!(
                            "a misconception of concept {name:?} does not say what is true instead"
                        ),
                        "add `truth = \"...\"` to the misconception, or a `claim` to the concept",
                    );
                }
            }
        }
        if let Some(range) = &q.target_seconds {
            let r = range.get_ref();
            let ok = r.len() == 2 && r.iter().all(|v| v.is_finite() && *v > 0.0) && r[0] < r[1];
            if !ok {
                push(
                    range.span(),
                    format!("question {id:?} has a bad target_seconds range {r:?}"),
                    "write two positive numbers, shortest first, e.g. target_seconds = [30, 90]",
                );
            }
        }
    }
    out
}

impl RawDeck {
    fn into_deck(self) -> Deck {
        Deck {
            id: self.id.into_inner(),
            title: self.title,
            description: self.description,
            language: self.language,
            questions: self
                .questions
                .map(Spanned::into_inner)
                .unwrap_or_default()
                .into_iter()
                .map(|q| Question {
                    id: q.id.into_inner(),
                    category: q.category.into_inner(),
                    prompt: q.prompt.into_inner().trim().to_string(),
                    model_answer: q.model_answer.into_inner().trim().to_string(),
                    code: q.code.map(|c| CodeSnippet {
                        language: c.language,
                        source: c.source,
                    }),
                    concepts: q
                        .concepts
                        .map(Spanned::into_inner)
                        .unwrap_or_default()
                        .into_iter()
                        .map(|c| {
                            let claim = c.claim.map(|t| t.trim().to_string());
                            Concept {
                                name: c.name.into_inner(),
                                aliases: c.aliases.into_iter().map(Spanned::into_inner).collect(),
                                weight: c.weight.map(Spanned::into_inner).unwrap_or(1.0),
                                about: c.about.map(Spanned::into_inner),
                                misconceptions: c
                                    .misconceptions
                                    .into_iter()
                                    .map(|m| Misconception {
                                        said: m
                                            .said
                                            .into_inner()
                                            .into_iter()
                                            .map(Spanned::into_inner)
                                            .collect(),
                                        truth: m
                                            .truth
                                            .map(|t| t.trim().to_string())
                                            .or_else(|| claim.clone())
                                            .unwrap_or_default(),
                                        about: m.about.map(Spanned::into_inner),
                                    })
                                    .collect(),
                                claim,
                                follow_up: c.follow_up.map(|f| f.into_inner().trim().to_string()),
                            }
                        })
                        .collect(),
                    subjects: q
                        .subjects
                        .into_iter()
                        .map(|s| Subject {
                            name: s.name.into_inner(),
                            forms: s.forms.into_iter().map(Spanned::into_inner).collect(),
                        })
                        .collect(),
                    target_seconds: q.target_seconds.map(|r| {
                        let r = r.into_inner();
                        [r[0], r[1]]
                    }),
                })
                .collect(),
        }
    }
}
