//! Session reports: one renderer for Markdown, self-contained HTML, JSON and CSV, shared by the
//! CLI's `viva export` and the app's save dialog.
//!
//! The HTML is printable to PDF from a browser and carries no remote content. Everything in it
//! that Viva did not write itself (transcripts, deck text, ids) goes through `escape`.

use std::fmt::Write;

use serde::{Deserialize, Serialize};

use crate::claims::Verdict;
use crate::deck::Question;
use crate::score::Assessment;
use crate::transcript::Transcript;

/// What a report is made of; the store fills it from a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionReport {
    pub session_id: i64,
    /// RFC 3339, UTC.
    pub started_at: String,
    pub deck_id: String,
    pub attempts: Vec<ReportAttempt>,
    /// When each question asked comes back (spaced repetition), as of the export.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schedule: Vec<crate::schedule::QuestionSchedule>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportAttempt {
    pub attempt_id: i64,
    pub created_at: String,
    pub question: Question,
    pub transcript: Transcript,
    pub assessment: Assessment,
    /// The grade the answer earned for the schedule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recall: Option<crate::schedule::Recall>,
    /// The follow-up asked after the answer, and what its answer recovered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<crate::follow_up::FollowUp>,
}

/// A report's format; named by its file extension everywhere (`--format md`, the app's
/// buttons, JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ExportFormat"))]
pub enum Format {
    #[serde(rename = "md")]
    Markdown,
    #[serde(rename = "html")]
    Html,
    #[serde(rename = "json")]
    Json,
    #[serde(rename = "csv")]
    Csv,
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Format, String> {
        Format::ALL
            .into_iter()
            .find(|f| f.extension() == s)
            .ok_or_else(|| format!("unknown format {s:?}: use md, html, json or csv"))
    }
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Markdown, Format::Html, Format::Json, Format::Csv];

    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Json => "json",
            Format::Csv => "csv",
        }
    }
}

impl SessionReport {
    pub fn average_score(&self) -> Option<f64> {
        let n = self.attempts.len();
        (n > 0).then(|| {
            self.attempts
                .iter()
                .map(|a| f64::from(a.assessment.score))
                .sum::<f64>()
                / n as f64
        })
    }

    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Markdown => self.markdown(),
            Format::Html => self.html(),
            Format::Json => serde_json::to_string_pretty(self).expect("reports serialise") + "\n",
            Format::Csv => self.csv(),
        }
    }

    fn title(&self) -> String {
        format!(
            "Viva practice session {} ({})",
            self.session_id, self.deck_id
        )
    }

    fn markdown(&self) -> String {
        let mut s = format!("# {}\n\nStarted {}", self.title(), self.started_at);
        if let Some(avg) = self.average_score() {
            let _ = write!(
                s,
                " · {} answers · average score {avg:.0}/100",
                self.attempts.len()
            );
        }
        s.push('\n');
        for a in &self.attempts {
            let q = &a.question;
            let _ = write!(
                s,
                "\n## {} — {}/100\n\n**{}** ({})\n\n",
                q.id, a.assessment.score, q.prompt, q.category
            );
            let text = a.transcript.text();
            let _ = writeln!(
                s,
                "> {}\n",
                if text.is_empty() {
                    "(no speech)".to_string()
                } else {
                    text
                }
            );
            for c in &a.assessment.concepts {
                let when = c
                    .start_s
                    .map(|t| format!(" at {}", clock(t)))
                    .unwrap_or_default();
                let _ = writeln!(s, "- {} {}{when}", md_mark(c.verdict()), c.name);
                if let Some(m) = &c.misconception {
                    let _ = writeln!(
                        s,
                        "  - misconception at {}: \"{}\" ({}). True: {}",
                        m.start_s.map(clock).unwrap_or_else(|| "?".into()),
                        m.heard,
                        m.how,
                        m.truth
                    );
                }
                if let Some(note) = &c.note {
                    let _ = writeln!(s, "  - {note}");
                }
            }
            if let Some(f) = &a.follow_up {
                let _ = writeln!(
                    s,
                    "\n**Follow-up:** {} {}\n\n> {}\n",
                    f.probe.prompt,
                    follow_up_line(f),
                    quoted(&f.transcript.text())
                );
            }
            let _ = writeln!(s, "\n{}\n", delivery_line(&a.assessment));
            for t in &a.assessment.tips {
                let _ = writeln!(s, "- {t}");
            }
            let _ = writeln!(
                s,
                "\n<details><summary>Model answer</summary>\n\n{}\n</details>",
                q.model_answer
            );
        }
        s
    }

    fn html(&self) -> String {
        let mut s = String::new();
        let _ = write!(
            s,
            "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
             <title>{}</title><style>{CSS}</style></head><body>\n<h1>{}</h1>\n<p class=\"meta\">Started {}",
            escape(&self.title()),
            escape(&self.title()),
            escape(&self.started_at)
        );
        if let Some(avg) = self.average_score() {
            let _ = write!(
                s,
                " · {} answers · average score {avg:.0}/100",
                self.attempts.len()
            );
        }
        s.push_str("</p>\n");
        for a in &self.attempts {
            let q = &a.question;
            let _ = write!(
                s,
                "<section><h2>{} <span class=\"score\">{}/100</span></h2>\n<p class=\"prompt\">{}</p>\n",
                escape(&q.id),
                a.assessment.score,
                escape(&q.prompt)
            );
            let text = a.transcript.text();
            let _ = writeln!(
                s,
                "<blockquote>{}</blockquote>",
                if text.is_empty() {
                    "(no speech)".into()
                } else {
                    escape(&text)
                }
            );
            s.push_str("<ul class=\"concepts\">");
            for c in &a.assessment.concepts {
                let when = c
                    .start_s
                    .map(|t| format!(" <small>at {}</small>", clock(t)))
                    .unwrap_or_default();
                let (class, label) = match c.verdict() {
                    Verdict::Covered => ("hit", "covered"),
                    Verdict::Mentioned => ("mentioned", "mentioned only"),
                    Verdict::Misconception => ("misconception", "misconception"),
                    Verdict::Missed => ("miss", "missed"),
                };
                let _ = write!(
                    s,
                    "<li class=\"{class}\">{} <small>({label})</small>{when}",
                    escape(&c.name)
                );
                if let Some(m) = &c.misconception {
                    let _ = write!(
                        s,
                        "<br><small>at {}: “{}” ({}). True: {}</small>",
                        m.start_s.map(clock).unwrap_or_else(|| "?".into()),
                        escape(&m.heard),
                        escape(&m.how),
                        escape(&m.truth)
                    );
                }
                if let Some(note) = &c.note {
                    let _ = write!(s, "<br><small>{}</small>", escape(note));
                }
                s.push_str("</li>");
            }
            s.push_str("</ul>\n");
            if let Some(f) = &a.follow_up {
                let _ = writeln!(
                    s,
                    "<p class=\"follow-up\"><b>Follow-up:</b> {} <small>{}</small></p>\n<blockquote>{}</blockquote>",
                    escape(&f.probe.prompt),
                    escape(&follow_up_line(f)),
                    escape(&quoted(&f.transcript.text()))
                );
            }
            let _ = writeln!(s, "<p>{}</p>\n<ul>", escape(&delivery_line(&a.assessment)));
            for t in &a.assessment.tips {
                let _ = write!(s, "<li>{}</li>", escape(t));
            }
            let _ = writeln!(
                s,
                "</ul>\n<details><summary>Model answer</summary><p>{}</p>",
                escape(&q.model_answer)
            );
            if let Some(code) = &q.code {
                let _ = write!(s, "<pre><code>{}</code></pre>", escape(&code.source));
            }
            s.push_str("</details></section>\n");
        }
        s.push_str("</body></html>\n");
        s
    }

    fn csv(&self) -> String {
        let mut s = String::from(
            "session_id,attempt_id,created_at,deck_id,question_id,score,concepts_covered,concepts_total,words,words_per_minute,fillers,time_to_first_word_s,longest_pause_s,transcript,concepts_mentioned,misconceptions,follow_up,follow_up_recovered,score_with_follow_up,follow_up_transcript\n",
        );
        for a in &self.attempts {
            let m = &a.assessment.metrics;
            let count = |v: Verdict| {
                let n = a.assessment.concepts.iter().filter(|c| c.verdict() == v);
                n.count().to_string()
            };
            let misconceptions: Vec<String> = a
                .assessment
                .concepts
                .iter()
                .filter_map(|c| c.misconception.as_ref())
                .map(|m| format!("\"{}\" ({}); true: {}", m.heard, m.how, m.truth))
                .collect();
            let opt = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
            let follow = a.follow_up.as_ref();
            let fields = [
                self.session_id.to_string(),
                a.attempt_id.to_string(),
                a.created_at.clone(),
                self.deck_id.clone(),
                a.question.id.clone(),
                a.assessment.score.to_string(),
                count(Verdict::Covered),
                a.assessment.concepts.len().to_string(),
                m.word_count.to_string(),
                opt(m.words_per_minute),
                m.fillers.count.to_string(),
                opt(m.time_to_first_word_s),
                opt(m.longest_pause_s),
                a.transcript.text(),
                // New columns go last, so readers of the older layout keep working.
                count(Verdict::Mentioned),
                misconceptions.join(" | "),
                follow.map(|f| f.probe.prompt.clone()).unwrap_or_default(),
                follow.map(|f| f.recovered.to_string()).unwrap_or_default(),
                follow
                    .map(|f| f.with_follow_up.to_string())
                    .unwrap_or_default(),
                follow.map(|f| f.transcript.text()).unwrap_or_default(),
            ];
            let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
            s.push_str(&row.join(","));
            s.push('\n');
        }
        s
    }
}

const CSS: &str = "body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#222}\
h2{border-top:1px solid #ddd;padding-top:1rem}.score{float:right;color:#555}.meta{color:#666}\
blockquote{margin:0;padding:.5rem 1rem;background:#f6f6f6}.hit::before{content:'✓ ';color:#1a7f37}\
.miss::before{content:'✗ ';color:#b42318}.mentioned::before{content:'~ ';color:#9a6700}\
.misconception::before{content:'! ';color:#b42318;font-weight:bold}.misconception{color:#b42318}.concepts{list-style:none;padding:0}pre{background:#f6f6f6;padding:.5rem}\
@media print{details{display:block}section{break-inside:avoid}}";

/// "(recovered: “CPU bound” at 0:02; 43 unprompted, 71 with the follow-up)".
fn follow_up_line(f: &crate::follow_up::FollowUp) -> String {
    let r = &f.result;
    let outcome = match r.verdict() {
        Verdict::Covered => "recovered",
        Verdict::Mentioned => "named, not explained",
        Verdict::Misconception => "stated wrongly",
        Verdict::Missed => "not recovered",
    };
    let evidence = match (&r.misconception, &r.heard) {
        (Some(m), _) => format!(": “{}”; true: {}", m.heard, m.truth),
        (None, Some(heard)) => format!(
            ": “{heard}”{}",
            r.start_s
                .map(|t| format!(" at {}", clock(t)))
                .unwrap_or_default()
        ),
        _ => String::new(),
    };
    format!(
        "({outcome} {}{evidence}; {} unprompted, {} with the follow-up)",
        r.name, f.unprompted, f.with_follow_up
    )
}

fn quoted(text: &str) -> String {
    if text.is_empty() {
        "(no speech)".into()
    } else {
        text.into()
    }
}

fn delivery_line(a: &Assessment) -> String {
    crate::delivery::summary(&a.metrics)
}

/// "1:05" for 65 seconds.
/// The Markdown list mark of a verdict: a checkbox, ticked for covered.
fn md_mark(v: Verdict) -> &'static str {
    match v {
        Verdict::Covered => "[x]",
        Verdict::Mentioned => "[~] (mentioned only)",
        Verdict::Misconception => "[!] (misconception)",
        Verdict::Missed => "[ ]",
    }
}

pub fn clock(seconds: f64) -> String {
    let s = seconds.max(0.0).round() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// RFC 4180: quote fields with commas, quotes or line breaks, doubling the quotes. A leading
/// `=`, `+`, `-` or `@` is prefixed with `'` so a spreadsheet never runs a transcript as a formula.
fn csv_field(field: &str) -> String {
    let guarded = if field.starts_with(['=', '+', '-', '@']) {
        format!("'{field}")
    } else {
        field.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}
