//! From notes to a deck: a Markdown file whose headings are questions and whose paragraphs are
//! their model answers becomes a draft deck, with suggested concepts for each question.
//!
//! A heading with text under it is a question; a heading with none whose next heading is deeper
//! names the category of the questions under it. A fenced code block in an answer becomes the
//! question's code. The draft is validated like any deck before it is returned.

use std::path::{Path, PathBuf};

use viva_core::{CodeSnippet, Concept, Deck, DeckError, Question};

use crate::suggest::suggest;

/// The largest notes file read: a deck is a few hundred questions at most.
pub const MAX_NOTES_BYTES: u64 = 1 << 20;

/// Suggested concepts a drafted question gets (the author keeps, edits or drops them).
const CONCEPTS_PER_QUESTION: usize = 5;

#[derive(Debug, thiserror::Error)]
pub enum NotesError {
    #[error("{}: cannot read the notes: {source}", .file.display())]
    Read {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{}: the notes are larger than {} KB; split them into several files, one deck each",
        .file.display(), MAX_NOTES_BYTES >> 10
    )]
    TooLarge { file: PathBuf },
    #[error(
        "{}: no Markdown headings, so no questions: write each question as a heading \
         (`## What is the GIL?`) with its model answer in the paragraphs below it",
        .file.display()
    )]
    NoHeadings { file: PathBuf },
    #[error(
        "{}:{line}: the question {question:?} has no answer under it; write its model answer \
         below the heading, or make it a category by putting questions (deeper headings) under it",
        .file.display()
    )]
    EmptyAnswer {
        file: PathBuf,
        line: usize,
        question: String,
    },
    #[error("the draft deck does not validate: {0}")]
    Invalid(#[from] DeckError),
}

/// Reads `path` and drafts a deck from it, with `id` and `title` (from the file name when
/// `None`).
pub fn deck_from_file(
    path: &Path,
    id: Option<&str>,
    title: Option<&str>,
) -> Result<Deck, NotesError> {
    let read = |source| NotesError::Read {
        file: path.into(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read)?;
    if file.metadata().map_err(read)?.len() > MAX_NOTES_BYTES {
        return Err(NotesError::TooLarge { file: path.into() });
    }
    let mut text = String::new();
    use std::io::Read;
    file.take(MAX_NOTES_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(read)?;
    if text.len() as u64 > MAX_NOTES_BYTES {
        return Err(NotesError::TooLarge { file: path.into() });
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "notes".into());
    let id = id.map(str::to_string).unwrap_or_else(|| slug(&stem));
    let title = title.map(str::to_string).unwrap_or_else(|| sentence(&stem));
    deck_from_notes(&text, path, &id, &title)
}

/// Drafts a deck from Markdown `text`; `file` names it in errors.
pub fn deck_from_notes(text: &str, file: &Path, id: &str, title: &str) -> Result<Deck, NotesError> {
    let sections = sections(text);
    if sections.is_empty() {
        return Err(NotesError::NoHeadings { file: file.into() });
    }
    let mut questions: Vec<Question> = Vec::new();
    let mut category = "General".to_string();
    for (i, s) in sections.iter().enumerate() {
        // A heading with deeper ones under it names their category (any text of its own is
        // an introduction, not an answer).
        if sections.get(i + 1).is_some_and(|n| n.level > s.level) {
            category = s.heading.clone();
            continue;
        }
        if s.body.trim().is_empty() && s.code.is_none() {
            return Err(NotesError::EmptyAnswer {
                file: file.into(),
                line: s.line,
                question: s.heading.clone(),
            });
        }
        let model_answer = s.body.trim().to_string();
        let base = slug(&s.heading);
        let mut qid = if base.is_empty() {
            format!("question-{}", questions.len() + 1)
        } else {
            base
        };
        let taken = |q: &str| questions.iter().any(|other| other.id == q);
        if taken(&qid) {
            let stem = qid.clone();
            qid = (2..)
                .map(|n| format!("{stem}-{n}"))
                .find(|q| !taken(q))
                .unwrap();
        }
        let mut suggested = suggest(&model_answer, CONCEPTS_PER_QUESTION);
        if suggested.is_empty() {
            // Too short to suggest from ("Because."): its first words, for the author to edit.
            let words: Vec<&str> = model_answer.split_whitespace().take(4).collect();
            let phrase = words
                .join(" ")
                .trim_end_matches(['.', ',', ';', ':', '!', '?'])
                .to_string();
            suggested.push(crate::suggest::Suggestion {
                phrase,
                aliases: Vec::new(),
            });
        }
        let concepts = suggested
            .into_iter()
            .map(|sug| Concept {
                name: sug.phrase,
                aliases: sug.aliases,
                weight: 1.0,
                about: None,
                claim: None,
                misconceptions: Vec::new(),
                follow_up: None,
            })
            .collect();
        questions.push(Question {
            id: qid,
            category: category.clone(),
            prompt: s.heading.clone(),
            model_answer,
            code: s.code.clone(),
            concepts,
            subjects: Vec::new(),
            target_seconds: None,
        });
    }
    let deck = Deck {
        id: id.to_string(),
        title: title.to_string(),
        description: format!("Drafted from {}", file.display()),
        language: "en".into(),
        questions,
    };
    // Written and read back as any deck is: what the editor opens is a valid deck file.
    let source = crate::document::to_toml(&deck);
    Ok(Deck::from_toml(&source, file)?)
}

struct Section {
    level: usize,
    heading: String,
    /// 1-based line of the heading.
    line: usize,
    body: String,
    code: Option<CodeSnippet>,
}

/// The Markdown's headings and what is under each; text before the first heading is ignored.
fn sections(text: &str) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    let mut fence: Option<(String, String)> = None; // (language, source so far)
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some((language, source)) = &mut fence {
            if trimmed.starts_with("```") {
                let code = CodeSnippet {
                    language: std::mem::take(language),
                    source: std::mem::take(source),
                };
                if let Some(s) = out.last_mut()
                    && s.code.is_none()
                {
                    s.code = Some(code);
                }
                fence = None;
            } else {
                source.push_str(line);
                source.push('\n');
            }
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("```") {
            let language = rest.trim();
            let language = if language.is_empty() {
                "python"
            } else {
                language
            };
            fence = Some((language.to_string(), String::new()));
            continue;
        }
        let level = trimmed.chars().take_while(|&c| c == '#').count();
        if (1..=6).contains(&level) && trimmed[level..].starts_with(' ') {
            out.push(Section {
                level,
                heading: trimmed[level..]
                    .trim()
                    .trim_end_matches('#')
                    .trim()
                    .to_string(),
                line: n + 1,
                body: String::new(),
                code: None,
            });
        } else if let Some(s) = out.last_mut() {
            s.body.push_str(line);
            s.body.push('\n');
        }
    }
    out
}

/// A deck or question id from free text: "What is the GIL?" becomes "what-is-the-gil".
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 48 {
            break;
        }
    }
    out.trim_end_matches('-').to_string()
}

/// "python_backend-notes" becomes "Python backend notes".
fn sentence(stem: &str) -> String {
    let words = stem.replace(['_', '-'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "My questions".into(),
    }
}
