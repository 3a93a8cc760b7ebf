//! Scoring: what an answer did with each of a question's concepts, and the words behind it.
//!
//! Where a concept's forms were said comes from `matching`; what each match claims (said of the
//! right subject, negated, or only listed) from `claims`. A concept is covered, mentioned (half
//! its weight), missed, or a misconception (minus its weight).

use serde::{Deserialize, Serialize};

use crate::claims::comparatives::{Restated, restate};
use crate::claims::heard;
use crate::claims::versions::{versions_said, versions_stated, wrong_versions};
use crate::claims::{
    Layout, MisconceptionFound, MisconceptionKind, Reading, Span, SubjectMention, Verdict,
    clause_infos, is_negation,
};
use crate::deck::{Concept, Question};
use crate::matching::{Form, Heard, Hit, Level, compounds_of, find_all};
use crate::metrics::{DeliveryMetrics, DeliveryTargets, metrics};
use crate::text::{Token, is_hedge, is_hesitation, normalize_words};
use crate::tips::tips;
use crate::transcript::{Transcript, Word};

/// How a concept was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum MatchKind {
    /// The concept's own name, word for word.
    Exact,
    /// One of its aliases, word for word.
    Alias,
    /// The same word stems ("threads" for "threading").
    Stem,
    /// Close spelling: a likely recognition error.
    Fuzzy,
}

/// What the answer did with one concept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConceptResult {
    pub name: String,
    pub weight: f64,
    pub matched: bool,
    pub kind: Option<MatchKind>,
    /// 1.0 for exact, alias and stem matches; the spelling similarity for fuzzy ones.
    pub similarity: Option<f64>,
    /// The deck form (name or alias) that matched.
    pub form: Option<String>,
    /// The words of the answer that matched, as they were transcribed.
    pub heard: Option<String>,
    /// First and last matched word, as indices into the transcript's words.
    pub words: Option<[usize; 2]>,
    /// When the concept was said, in seconds from the start of the recording.
    pub start_s: Option<f64>,
    pub end_s: Option<f64>,
    /// Covered, mentioned, a misconception or missed. Absent in results saved before claims
    /// were judged: those were covered exactly when `matched`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
    /// The wrong claim, when the verdict is a misconception.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub misconception: Option<MisconceptionFound>,
    /// For a concept about one of the question's subjects: the one it was said of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub said_of: Option<String>,
    /// What Viva could not judge about this point, in plain words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl ConceptResult {
    /// The verdict, for results saved before verdicts existed too.
    pub fn verdict(&self) -> Verdict {
        self.verdict.unwrap_or(if self.matched {
            Verdict::Covered
        } else {
            Verdict::Missed
        })
    }
}

/// Concept coverage of one answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Coverage {
    /// Weighted share of concepts covered, 0–100.
    pub score: u32,
    pub concepts: Vec<ConceptResult>,
}

/// Everything Viva says about one answer: coverage, delivery and advice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Assessment {
    pub question_id: String,
    pub score: u32,
    pub concepts: Vec<ConceptResult>,
    pub metrics: DeliveryMetrics,
    pub tips: Vec<String>,
}

/// Scores an answer's coverage of the question's concepts: each concept covered (stated: its
/// weight), mentioned (only named: half its weight), missed (nothing) or a misconception (stated
/// wrongly: minus its weight, as an interviewer discounts a right point for a wrong one; the
/// score never goes below 0).
pub fn score(question: &Question, transcript: &Transcript) -> Coverage {
    let words: Vec<&str> = transcript.words.iter().map(|w| w.word.as_str()).collect();
    let tokens: Vec<Token> = normalize_words(&words)
        .into_iter()
        .filter(|t| !is_hesitation(&t.text) && !is_hedge(&t.text))
        .collect();
    let layout = Layout::new(&words);
    let sentences = tokens
        .iter()
        .map(|t| layout.sentence_of(t.source))
        .collect();
    let compounds = compounds_of(question);
    let heard = Heard::new(&tokens, &compounds, sentences);
    let found: Vec<Found> = question
        .concepts
        .iter()
        .map(|c| Found::new(c, &heard))
        .collect();
    let mut subjects = subject_mentions(question, &heard);
    ordinal_mentions(&mut subjects, &tokens, &layout);
    // What matches say: the words of each match (of a match in parts, its first and last
    // parts, not the gap between them), and the negations a form says as its own words.
    let mut matched = vec![false; tokens.len()];
    let mut negation_owner = vec![None; tokens.len()];
    for (ci, f) in found.iter().enumerate() {
        let hits = f.hits.iter().map(|(i, h)| (&f.forms[*i], h));
        let wrong = f.wrong.iter().map(|(i, h)| (&f.wrong_forms[*i].1, h));
        for (form, h) in hits.clone().chain(wrong) {
            let (head, tail) = form.end_parts();
            let span = &mut matched[h.first..=h.last];
            let len = span.len();
            for (k, m) in span.iter_mut().enumerate() {
                *m |= form.parts.len() < 2 || k < head.max(1) || k + tail.max(1) >= len;
            }
        }
        for (form, h) in hits {
            let own = form.words();
            for (t, owner) in negation_owner[h.first..=h.last].iter_mut().enumerate() {
                let word = tokens[h.first + t].text.as_str();
                if is_negation(word) && own.contains(&word) {
                    owner.get_or_insert(ci);
                }
            }
        }
    }
    let clauses = clause_infos(&tokens, &layout, &matched);
    let reading = Reading {
        tokens: &tokens,
        layout: &layout,
        subjects,
        negation_owner,
        clauses,
    };
    // Comparisons read as claims about one subject ("threads are faster than processes for
    // CPU-bound work" says "threads are faster for CPU-bound work"; "B is slower than A" says
    // "A is faster"): a known misconception found in them.
    let restated = restate(&reading);
    let restated_heard: Vec<Heard> = restated
        .iter()
        .map(|r| Heard::new(&r.tokens, &compounds, vec![0; r.tokens.len()]))
        .collect();
    let compared: Vec<Option<(usize, Hit)>> = found
        .iter()
        .zip(&question.concepts)
        .map(|(f, c)| f.compared(c, &restated, &restated_heard))
        .collect();
    // A version said of a versioned point that is not its own ("since Python 3.11" of dicts
    // keeping insertion order): only worked out when the answer says a version at all.
    let said = versions_said(&tokens);
    let wrong_version = if said.is_empty() {
        vec![None; found.len()]
    } else {
        let versions: Vec<_> = question
            .concepts
            .iter()
            .map(|c| {
                let mut v = versions_stated(&c.name);
                v.extend(versions_stated(c.claim.as_deref().unwrap_or("")));
                v
            })
            .collect();
        let hits: Vec<Vec<Span>> = found
            .iter()
            .map(|f| {
                f.hits
                    .iter()
                    .map(|(_, h)| Span {
                        first: h.first,
                        last: h.last,
                    })
                    .collect()
            })
            .collect();
        wrong_versions(&reading, &said, &versions, &hits)
    };
    let evidence = |hit: &Hit| {
        let (a, b) = (tokens[hit.first].source, tokens[hit.last].source);
        (
            words[a..=b].join(" "),
            [a, b],
            transcript.words[a].start,
            transcript.words[b].end,
        )
    };
    // The recogniser's words, with how sure it was of each; none for a typed answer.
    let confidences: &[Word] = if transcript.words.iter().any(|w| w.p.is_some()) {
        &transcript.words
    } else {
        &[]
    };
    let mut total = 0.0;
    let mut credit = 0.0;
    let concepts = question
        .concepts
        .iter()
        .zip(&found)
        .enumerate()
        .map(|(ci, (c, f))| {
            total += c.weight;
            let mut r = ConceptResult {
                name: c.name.clone(),
                weight: c.weight,
                matched: false,
                kind: None,
                similarity: None,
                form: None,
                heard: None,
                words: None,
                start_s: None,
                end_s: None,
                verdict: Some(Verdict::Missed),
                misconception: None,
                said_of: None,
                note: None,
            };
            let judged = f.judge(
                ci,
                c,
                &reading,
                confidences,
                compared[ci],
                wrong_version[ci],
            );
            match judged {
                Judged::Wrong {
                    kind,
                    hit,
                    truth,
                    said_of,
                    how,
                } => {
                    let (heard, words, start_s, end_s) = evidence(&hit);
                    credit -= c.weight;
                    r.verdict = Some(Verdict::Misconception);
                    r.misconception = Some(MisconceptionFound {
                        how: how.map_or_else(|| kind.how(said_of.as_deref()), str::to_string),
                        kind,
                        heard,
                        words,
                        start_s,
                        end_s,
                        truth,
                        said_of,
                    });
                }
                Judged::Right {
                    form,
                    hit,
                    mentioned,
                    said_of,
                } => {
                    let (heard, words, start_s, end_s) = evidence(&hit);
                    r.matched = true;
                    r.verdict = Some(if mentioned {
                        credit += c.weight / 2.0;
                        Verdict::Mentioned
                    } else {
                        credit += c.weight;
                        Verdict::Covered
                    });
                    r.kind = Some(match hit.level {
                        Level::Exact if form.is_name => MatchKind::Exact,
                        Level::Exact => MatchKind::Alias,
                        Level::Stem => MatchKind::Stem,
                        Level::Fuzzy => MatchKind::Fuzzy,
                    });
                    r.similarity = Some(hit.similarity);
                    r.form = Some(form.written.clone());
                    r.heard = Some(heard);
                    r.words = Some(words);
                    r.start_s = start_s;
                    r.end_s = end_s;
                    if let Some(about) = &c.about
                        && said_of.is_none()
                    {
                        r.note = Some(format!(
                            "said without naming what it is about: Viva could not check that \
                             it was said of {about}"
                        ));
                    }
                    r.said_of = said_of;
                }
                // A wrong claim resting on a word the recogniser was unsure of: not judged.
                Judged::Unheard { words } => r.note = Some(heard::note(&transcript.words, words)),
                Judged::Missed => {}
            }
            r
        })
        .collect();
    let score = if total > 0.0 {
        (100.0 * credit.max(0.0) / total).round() as u32
    } else {
        0
    };
    Coverage { score, concepts }
}

/// Where a concept's forms and its known misconceptions were said.
struct Found {
    forms: Vec<Form>,
    /// Every place a form was said (by index into `forms`): strict matches, or when there are
    /// none, near-misses.
    hits: Vec<(usize, Hit)>,
    /// The forms of the concept's known misconceptions, with the misconception each states.
    wrong_forms: Vec<(usize, Form)>,
    /// Every place a known misconception was said (by index into `wrong_forms`).
    wrong: Vec<(usize, Hit)>,
}

/// The verdict on one concept, with the words behind it.
enum Judged<'f> {
    Right {
        form: &'f Form,
        hit: Hit,
        mentioned: bool,
        said_of: Option<String>,
    },
    Wrong {
        kind: MisconceptionKind,
        hit: Hit,
        truth: String,
        said_of: Option<String>,
        /// How it was wrong, when not the kind's own words ("said the wrong version").
        how: Option<&'static str>,
    },
    /// It would be a misconception, but the one word it turns on (what it was said of, or its
    /// negation) was heard unsurely: those words, first and last, by index into the transcript.
    Unheard {
        words: [usize; 2],
    },
    Missed,
}

impl Found {
    fn new(c: &Concept, heard: &Heard<'_>) -> Found {
        let forms: Vec<Form> = std::iter::once(Form::new(&c.name, true))
            .chain(c.aliases.iter().map(|a| Form::new(a, false)))
            .collect();
        let all = |fuzzy: bool| -> Vec<(usize, Hit)> {
            forms
                .iter()
                .enumerate()
                .flat_map(|(i, f)| find_all(f, heard, fuzzy).into_iter().map(move |h| (i, h)))
                .collect()
        };
        let mut hits = all(false);
        if hits.is_empty() {
            hits = all(true);
        }
        let wrong_forms: Vec<(usize, Form)> = c
            .misconceptions
            .iter()
            .enumerate()
            .flat_map(|(i, m)| m.said.iter().map(move |said| (i, Form::new(said, false))))
            .collect();
        // In order of where they were said: the first one said is the one shown.
        let mut wrong: Vec<(usize, Hit)> = wrong_forms
            .iter()
            .enumerate()
            .flat_map(|(f, (_, form))| {
                find_all(form, heard, false)
                    .into_iter()
                    .map(move |h| (f, h))
            })
            .collect();
        wrong.sort_by_key(|(_, h)| h.first);
        Found {
            forms,
            hits,
            wrong_forms,
            wrong,
        }
    }

    /// The first known misconception said in a comparison read as a claim about one subject
    /// (with its subject, when it has one), holding the comparative: the misconception and the
    /// words that said the comparison.
    fn compared(
        &self,
        c: &Concept,
        restated: &[Restated],
        heard: &[Heard<'_>],
    ) -> Option<(usize, Hit)> {
        restated.iter().zip(heard).find_map(|(r, heard)| {
            self.wrong_forms.iter().find_map(|(m, form)| {
                let about = c.misconceptions[*m].about.as_ref();
                if about.is_some_and(|a| !a.eq_ignore_ascii_case(&r.subject)) {
                    return None;
                }
                find_all(form, heard, false)
                    .iter()
                    .any(|h| h.first <= r.comparative && r.comparative <= h.last)
                    .then_some((
                        *m,
                        Hit {
                            level: Level::Exact,
                            similarity: 1.0,
                            first: r.said.first,
                            last: r.said.last,
                        },
                    ))
            })
        })
    }

    /// A known misconception said (not negated) outweighs everything; then the best clean
    /// statement; then the point negated or said of the wrong subject; then the best mention.
    /// A misconception whose one deciding word (its subject, or its negation) the recogniser
    /// was unsure of is held back: it is not judged, where it would have been the verdict.
    fn judge(
        &self,
        me: usize,
        c: &Concept,
        reading: &Reading<'_>,
        words: &[Word],
        compared: Option<(usize, Hit)>,
        wrong_version: Option<Span>,
    ) -> Judged<'_> {
        let span = |h: &Hit| Span {
            first: h.first,
            last: h.last,
        };
        let claim = || c.claim.clone().unwrap_or_else(|| c.name.clone());
        // The unsure words a wrong claim said of `subject` at `hit` turns on, if any.
        let unsure_subject = |hit: &Hit, subject: Option<&str>| {
            subject
                .filter(|_| !words.is_empty())
                .and_then(|s| heard::subject_words(reading, span(hit), s))
                .and_then(|at| heard::unsure_words(reading, words, at))
        };
        // A held-back wrong claim that would outweigh a clean statement (known, or firmly said
        // of the other subject), and one that would not.
        let mut unheard_firm: Option<[usize; 2]> = None;
        let mut unheard: Option<(usize, [usize; 2])> = None;
        // A known misconception counts where it is said (not negated, not one keyword of a
        // list, not the other side of a comparison: "rather than sharing one GIL") and, when it is wrong only of one subject, said of that subject.
        if let Some((f, hit)) = self.wrong.iter().find(|(f, h)| {
            let m = &c.misconceptions[self.wrong_forms[*f].0];
            let own = self.wrong_forms[*f].1.words();
            !reading.negated(span(h), &own)
                && !reading.denied_in_clause(span(h), &own)
                && !reading.in_a_list(span(h))
                && !reading.set_against(span(h))
                && !reading.spans_a_contrast(span(h), &own)
                && m.about.as_ref().is_none_or(|about| {
                    reading
                        .said_of_in_clause(span(h))
                        .is_some_and(|of| of.eq_ignore_ascii_case(about))
                        // Said of a pair that holds it: said of it too.
                        || reading.said_of_pair(span(h)).is_some_and(|pair| {
                            !pair.negative && pair.other_than(about).is_some()
                        })
                })
                // Said of its subject, or naming it in its own words.
                && match unsure_subject(h, m.about.as_deref()).or_else(|| {
                    heard::named_within(reading, span(h))
                        .filter(|_| m.about.is_none() && !words.is_empty())
                        .and_then(|at| heard::unsure_words(reading, words, at))
                }) {
                    Some(at) => {
                        unheard_firm.get_or_insert(at);
                        false
                    }
                    None => true,
                }
        }) {
            let m = &c.misconceptions[self.wrong_forms[*f].0];
            return Judged::Wrong {
                kind: MisconceptionKind::Known,
                hit: *hit,
                truth: m.truth.clone(),
                said_of: m.about.clone(),
                how: None,
            };
        }
        // A known misconception said as a comparison ("B is slower than A" for "A is faster").
        if let Some((m, hit)) = compared {
            let m = &c.misconceptions[m];
            return Judged::Wrong {
                kind: MisconceptionKind::Known,
                hit,
                truth: m.truth.clone(),
                said_of: m.about.clone(),
                how: None,
            };
        }
        // A version said of the point that is not its own ("since Python three point eleven").
        if let Some(at) = wrong_version {
            return Judged::Wrong {
                kind: MisconceptionKind::Known,
                hit: Hit {
                    level: Level::Exact,
                    similarity: 1.0,
                    first: at.first,
                    last: at.last,
                },
                truth: claim(),
                said_of: None,
                how: Some("said the wrong version"),
            };
        }
        let mut wrong: Option<Judged> = None;
        let mut firm_wrong: Option<Judged> = None;
        let mut right: Option<(&Form, Hit, bool, Option<String>)> = None;
        for (i, hit) in &self.hits {
            let form = &self.forms[*i];
            // One keyword of a list claims nothing, right or wrong: it is only named.
            let listed = reading.in_a_list(span(hit));
            let negation = reading.negation_at(span(hit), &form.words());
            // "It's not hashable": that negation is another point's own claim ("set is
            // unhashable"), which says nothing about this one.
            if !listed
                && negation
                    .and_then(|at| reading.negation_owned_by(at))
                    .is_some_and(|owner| owner != me)
            {
                continue;
            }
            let mut negated = !listed && negation.is_some();
            let mut said_of = c
                .about
                .as_ref()
                .and(reading.said_of(span(hit)))
                .map(str::to_string);
            let mut elsewhere = !listed
                && match (&c.about, &said_of) {
                    (Some(about), Some(of)) => !about.eq_ignore_ascii_case(of),
                    _ => false,
                };
            // Said of a pair that holds its subject ("star args and kwargs both collect keyword
            // arguments"): said of each, so wrong of the other one; denied of both with
            // "neither ... nor".
            if !listed
                && let Some(about) = &c.about
                && let Some(pair) = reading.said_of_pair(span(hit))
                && let Some(other) = pair.other_than(about)
            {
                if pair.negative || negated {
                    negated = true;
                    elsewhere = false;
                } else {
                    elsewhere = true;
                    said_of = Some(other.to_string());
                }
            }
            let judged = match (negated, elsewhere) {
                // "double equals doesn't check identity" is true, and not about `is`.
                (true, true) => continue,
                (true, false) => {
                    // Turned around by one negation word: held back if it was heard unsurely.
                    let one = |at| Span {
                        first: at,
                        last: at,
                    };
                    if let Some(at) =
                        negation.and_then(|at| heard::unsure_words(reading, words, one(at)))
                    {
                        if unheard.is_none_or(|(first, _)| hit.first < first) {
                            unheard = Some((hit.first, at));
                        }
                        continue;
                    }
                    Judged::Wrong {
                        kind: MisconceptionKind::Opposite,
                        hit: *hit,
                        truth: claim(),
                        said_of: None,
                        how: None,
                    }
                }
                (false, true) => {
                    // Stated of the other subject in one clause of its own, asserted: it stands
                    // against a right statement elsewhere ("you can still add elements to a
                    // frozenset" in an answer that also says a set can add).
                    let own = form.words();
                    let firm = said_of.as_deref().is_some_and(|of| {
                        reading.named_in_clause(span(hit)) == Some(of)
                            && !reading.only_mentioned(span(hit), form.parts.len() > 1)
                            && !reading.set_against(span(hit))
                            && !reading.denied_in_clause(span(hit), &own)
                            && !reading.spans_a_contrast(span(hit), &own)
                            && !reading.shared_in_clause(span(hit))
                    });
                    // Said of the other subject through one word heard unsurely ("is compares
                    // identity" heard as "it compares identity"): held back.
                    if let Some(at) = unsure_subject(hit, said_of.as_deref()) {
                        if firm {
                            unheard_firm.get_or_insert(at);
                        } else if unheard.is_none_or(|(first, _)| hit.first < first) {
                            unheard = Some((hit.first, at));
                        }
                        continue;
                    }
                    let judged = Judged::Wrong {
                        kind: MisconceptionKind::WrongSubject,
                        hit: *hit,
                        truth: claim(),
                        said_of,
                        how: None,
                    };
                    if firm && firm_wrong.is_none() {
                        firm_wrong = Some(judged);
                        continue;
                    }
                    judged
                }
                (false, false) => {
                    let mentioned = reading.only_mentioned(span(hit), form.parts.len() > 1);
                    let better = right.as_ref().is_none_or(|(_, best, was_mentioned, _)| {
                        (*was_mentioned && !mentioned)
                            || (*was_mentioned == mentioned && hit.better_than(best))
                    });
                    if better {
                        right = Some((form, *hit, mentioned, said_of));
                    }
                    continue;
                }
            };
            let earlier = match &wrong {
                Some(Judged::Wrong { hit: w, .. }) => hit.first < w.first,
                _ => true,
            };
            if earlier {
                wrong = Some(judged);
            }
        }
        if let Some(w) = firm_wrong {
            return w;
        }
        // A clean statement elsewhere stands: "two equal lists are not identical" is true in
        // an answer that says what `is` compares.
        let no_clean_statement = right.as_ref().is_none_or(|(_, _, mentioned, _)| *mentioned);
        if let Some(w) = wrong
            && no_clean_statement
        {
            return w;
        }
        // A held-back claim that would have been the verdict: Viva cannot judge the point.
        if let Some(at) = unheard_firm.or(unheard.filter(|_| no_clean_statement).map(|(_, at)| at))
        {
            return Judged::Unheard { words: at };
        }
        match right {
            Some((form, hit, mentioned, said_of)) => Judged::Right {
                form,
                hit,
                mentioned,
                said_of,
            },
            None => Judged::Missed,
        }
    }
}

/// Every place one of the question's subjects was named, in order; where forms overlap, the
/// longest from the earliest start.
fn subject_mentions(question: &Question, heard: &Heard<'_>) -> Vec<SubjectMention> {
    let mut all: Vec<SubjectMention> = question
        .subjects
        .iter()
        .flat_map(|s| {
            s.forms.iter().flat_map(move |f| {
                find_all(&Form::new(f, false), heard, false)
                    .into_iter()
                    .map(move |h| SubjectMention {
                        subject: s.name.clone(),
                        span: Span {
                            first: h.first,
                            last: h.last,
                        },
                    })
            })
        })
        .collect();
    all.sort_by_key(|m| (m.span.first, std::cmp::Reverse(m.span.last)));
    let mut out: Vec<SubjectMention> = Vec::new();
    for m in all {
        if out.last().is_none_or(|p| m.span.first > p.span.last) {
            out.push(m);
        }
    }
    out
}

/// "The first one ... the second one", "the former ... the latter", "the first kind": an
/// answer that names two of the question's subjects and then refers to them by their order
/// says its claims of them all the same. Each such reference, at the start of its clause
/// ("the former is lazy", "and the second one collects..."), becomes a mention of the subject
/// named first (or second) in the nearest sentence, up to the reference itself, that names two
/// different subjects; the reference's own words are then the evidence of what a claim was said
/// of. A reference with no such sentence before it names nothing.
fn ordinal_mentions(subjects: &mut Vec<SubjectMention>, tokens: &[Token], layout: &Layout) {
    const LEADING: &[&str] = &[
        "and", "so", "then", "while", "whereas", "but", "okay", "ok", "well", "now", "right",
    ];
    let text = |i: usize| tokens.get(i).map_or("", |t| t.text.as_str());
    let clause = |i: usize| layout.clause_of(tokens[i].source);
    let sentence = |i: usize| layout.sentence_of(tokens[i].source);
    let mut found = Vec::new();
    for at in 0..tokens.len() {
        // Which subject (0 or 1) the words at `at` refer to, and their last token.
        let (nth, last) = match (text(at), text(at + 1)) {
            ("former", _) => (0, at),
            ("latter", _) => (1, at),
            ("first" | "second", "1" | "one" | "ones" | "kind" | "type" | "types" | "option") => {
                (usize::from(text(at) == "second"), at + 1)
            }
            _ => continue,
        };
        // "the former", at the start of its clause (past "and", "so", "while"...).
        if at == 0 || text(at - 1) != "the" {
            continue;
        }
        let first = at - 1;
        let opens = (0..first)
            .rev()
            .take_while(|&i| clause(i) == clause(first))
            .all(|i| LEADING.contains(&text(i)));
        if !opens {
            continue;
        }
        // The nearest sentence, up to here, naming two different subjects, in their order.
        let named = |s: usize| {
            let mut order: Vec<&str> = Vec::new();
            for m in subjects.iter() {
                if sentence(m.span.first) == s
                    && m.span.last < first
                    && !order.contains(&m.subject.as_str())
                {
                    order.push(m.subject.as_str());
                }
            }
            order
        };
        let here = sentence(first);
        let Some(order) = (0..=here).rev().map(named).find(|o| o.len() >= 2) else {
            continue;
        };
        found.push(SubjectMention {
            subject: order[nth].to_string(),
            span: Span { first, last },
        });
    }
    if !found.is_empty() {
        subjects.extend(found);
        subjects.sort_by_key(|m| m.span.first);
    }
}

/// Scores an answer and measures its delivery, with tips drawn from both.
pub fn assess(
    question: &Question,
    transcript: &Transcript,
    targets: &DeliveryTargets,
) -> Assessment {
    let coverage = score(question, transcript);
    let metrics = metrics(transcript, question.target_seconds, targets);
    let tips = tips(question, &coverage, &metrics, targets);
    Assessment {
        question_id: question.id.clone(),
        score: coverage.score,
        concepts: coverage.concepts,
        metrics,
        tips,
    }
}
