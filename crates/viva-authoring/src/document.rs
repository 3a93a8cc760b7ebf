//! Deck files written by Viva: a new deck laid out as docs/decks.md shows, and an edited deck
//! written back into its own file with the author's comments, order and layout kept. Only the
//! values that changed are rewritten; a question or concept keeps its comments when it moves.

use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, Value, value};
use viva_core::{Concept, Deck, Question};

/// The TOML of a new deck file.
pub fn to_toml(deck: &Deck) -> String {
    let mut doc = DocumentMut::new();
    write_deck(doc.as_table_mut(), deck, &mut ArrayOfTables::new());
    doc.to_string()
}

/// `deck` written over `source` (the file it was read from): every value that changed is
/// replaced, questions and concepts are matched by id and name (so they keep their comments
/// when edited or reordered), and removed ones go. Fails only if `source` is not TOML.
pub fn update(source: &str, deck: &Deck) -> Result<String, toml_edit::TomlError> {
    let mut doc: DocumentMut = source.parse()?;
    let mut old = match doc.as_table_mut().remove("questions") {
        Some(Item::ArrayOfTables(a)) => a,
        _ => ArrayOfTables::new(),
    };
    write_deck(doc.as_table_mut(), deck, &mut old);
    Ok(doc.to_string())
}

fn write_deck(t: &mut Table, deck: &Deck, old: &mut ArrayOfTables) {
    set_str(t, "id", &deck.id);
    set_str(t, "title", &deck.title);
    set_opt(
        t,
        "description",
        Some(&deck.description).filter(|d| !d.is_empty()),
    );
    if deck.language != "en" || t.contains_key("language") {
        set_str(t, "language", &deck.language);
    }
    let mut questions = ArrayOfTables::new();
    for q in &deck.questions {
        let mut table = take(old, |t| str_of(t, "id") == Some(q.id.as_str()));
        write_question(&mut table, q);
        questions.push(table);
    }
    // Tables are written in the order of their positions, which moved tables keep from the old
    // file: number them again in the order they now have.
    let mut next = 1;
    for q in questions.iter_mut() {
        renumber(q, &mut next);
    }
    t.insert("questions", Item::ArrayOfTables(questions));
}

fn renumber(t: &mut Table, next: &mut usize) {
    t.set_position(*next);
    *next += 1;
    for (_, item) in t.iter_mut() {
        match item {
            Item::Table(sub) => renumber(sub, next),
            Item::ArrayOfTables(list) => {
                for sub in list.iter_mut() {
                    renumber(sub, next);
                }
            }
            _ => {}
        }
    }
}

fn write_question(t: &mut Table, q: &Question) {
    set_str(t, "id", &q.id);
    set_str(t, "category", &q.category);
    set_str(t, "prompt", &q.prompt);
    set_text(t, "model_answer", &q.model_answer);
    match &q.target_seconds {
        Some([lo, hi]) => {
            let same = t
                .get("target_seconds")
                .and_then(Item::as_array)
                .is_some_and(|a| {
                    let v: Vec<f64> = a.iter().filter_map(number).collect();
                    v == [*lo, *hi]
                });
            if !same {
                t.insert("target_seconds", value(numbers(&[*lo, *hi])));
            }
        }
        None => {
            t.remove("target_seconds");
        }
    }
    match &q.code {
        Some(code) => {
            let mut c = match t.get_mut("code").map(std::mem::take) {
                Some(Item::Table(c)) => c,
                _ => Table::new(),
            };
            set_str(&mut c, "language", &code.language);
            set_text(&mut c, "source", &code.source);
            t.insert("code", Item::Table(c));
        }
        None => {
            t.remove("code");
        }
    }
    let mut old_subjects = take_tables(t, "subjects");
    if q.subjects.is_empty() {
        t.remove("subjects");
    } else {
        let mut subjects = ArrayOfTables::new();
        for s in &q.subjects {
            let mut table = take(&mut old_subjects, |t| str_of(t, "name") == Some(&s.name));
            set_str(&mut table, "name", &s.name);
            set_strings(&mut table, "forms", &s.forms);
            subjects.push(table);
        }
        t.insert("subjects", Item::ArrayOfTables(subjects));
    }
    let mut old_concepts = take_tables(t, "concepts");
    let mut concepts = ArrayOfTables::new();
    for c in &q.concepts {
        let mut table = take(&mut old_concepts, |t| str_of(t, "name") == Some(&c.name));
        write_concept(&mut table, c);
        concepts.push(table);
    }
    t.insert("concepts", Item::ArrayOfTables(concepts));
}

fn write_concept(t: &mut Table, c: &Concept) {
    set_str(t, "name", &c.name);
    if c.aliases.is_empty() {
        t.remove("aliases");
    } else {
        set_strings(t, "aliases", &c.aliases);
    }
    let weight = t.get("weight").and_then(Item::as_value).and_then(number);
    if weight != Some(c.weight) {
        if c.weight == 1.0 {
            t.remove("weight");
        } else if c.weight.fract() == 0.0 && c.weight.abs() < 1e15 {
            t.insert("weight", value(c.weight as i64));
        } else {
            t.insert("weight", value(c.weight));
        }
    }
    set_opt(t, "about", c.about.as_ref());
    set_opt(t, "claim", c.claim.as_ref());
    set_opt(t, "follow_up", c.follow_up.as_ref());
    let mut old = take_tables(t, "misconceptions");
    if c.misconceptions.is_empty() {
        t.remove("misconceptions");
    } else {
        let mut list = ArrayOfTables::new();
        for m in &c.misconceptions {
            let mut table = take(&mut old, |t| strings_of(t, "said") == m.said);
            set_strings(&mut table, "said", &m.said);
            set_opt(&mut table, "about", m.about.as_ref());
            // The truth defaults to the concept's claim: written only when it says more.
            match Some(&m.truth).filter(|truth| Some(*truth) != c.claim.as_ref()) {
                Some(truth) => set_str(&mut table, "truth", truth),
                None => {
                    table.remove("truth");
                }
            }
            list.push(table);
        }
        t.insert("misconceptions", Item::ArrayOfTables(list));
    }
}

/// Takes the array of tables under `key` out of `t`, leaving its place (the key stays where it
/// was, so what is written back keeps the file's order of fields and tables).
fn take_tables(t: &mut Table, key: &str) -> ArrayOfTables {
    match t.get_mut(key).map(std::mem::take) {
        Some(Item::ArrayOfTables(a)) => a,
        _ => ArrayOfTables::new(),
    }
}

/// Takes the first table matching `is` out of `old` (comments and all), or a new one.
fn take(old: &mut ArrayOfTables, is: impl Fn(&Table) -> bool) -> Table {
    let found = old.iter().position(is);
    match found {
        Some(i) => {
            let t = old.get(i).cloned().unwrap_or_default();
            old.remove(i);
            t
        }
        None => Table::new(),
    }
}

fn str_of<'t>(t: &'t Table, key: &str) -> Option<&'t str> {
    t.get(key).and_then(Item::as_str)
}

fn strings_of(t: &Table, key: &str) -> Vec<String> {
    t.get(key)
        .and_then(Item::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

fn number(v: &Value) -> Option<f64> {
    v.as_float().or_else(|| v.as_integer().map(|i| i as f64))
}

fn numbers(v: &[f64]) -> Array {
    v.iter()
        .map(|&x| match x.fract() == 0.0 && x.abs() < 1e15 {
            true => Value::from(x as i64),
            false => Value::from(x),
        })
        .collect()
}

/// Sets a string, leaving the value (and its quoting) alone when it is already that string.
fn set_str(t: &mut Table, key: &str, v: &str) {
    if str_of(t, key) != Some(v) {
        t.insert(key, value(v));
    }
}

/// A long text: written as a multi-line string when it is new, so the file reads well.
fn set_text(t: &mut Table, key: &str, v: &str) {
    if str_of(t, key).map(str::trim) == Some(v.trim()) {
        return;
    }
    let long = v.contains('\n') || v.len() > 80;
    // Read back from its own text, so a string TOML cannot hold this way falls back to quotes.
    let multiline = long
        .then(|| multiline(v).parse::<Value>().ok())
        .flatten()
        .filter(|parsed| parsed.as_str() == Some(v))
        .map(|mut parsed| {
            parsed.decor_mut().clear();
            parsed
        });
    t.insert(
        key,
        Item::Value(multiline.unwrap_or_else(|| Value::from(v))),
    );
}

/// A TOML multi-line basic string holding `v` (the line break after the quotes is not part of
/// the text).
fn multiline(v: &str) -> String {
    let mut out = String::from("\"\"\"\n");
    for c in v.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push('\n'),
            c if c.is_control() && c != '\t' => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push_str("\"\"\"");
    out
}

fn set_opt(t: &mut Table, key: &str, v: Option<&String>) {
    match v {
        Some(v) => set_str(t, key, v),
        None => {
            t.remove(key);
        }
    }
}

fn set_strings(t: &mut Table, key: &str, v: &[String]) {
    if strings_of(t, key) != v {
        let array: Array = v.iter().map(String::as_str).collect();
        t.insert(key, value(array));
    }
}

/// The field of a deck written by [`to_toml`] that line `line` (1-based) holds, as the editor
/// names fields: `title`, `questions.2.prompt`, `questions.2.concepts.0.aliases`,
/// `questions.2.concepts.0.misconceptions.1.said`, `questions.2.subjects.0.forms`,
/// `questions.2.code.source`; a table's header line names the table (`questions.2`).
pub fn field_at(source: &str, line: usize) -> Option<String> {
    let mut path = String::new();
    let (mut q, mut c, mut m, mut s) = (None::<usize>, None::<usize>, None::<usize>, None::<usize>);
    let mut table = String::new();
    let mut key: Option<String> = None;
    let mut open = false; // inside a multi-line string
    let next = |i: Option<usize>| Some(i.map_or(0, |i| i + 1));
    for (n, text) in source.lines().enumerate() {
        let t = text.trim();
        if open {
            open = t.matches("\"\"\"").count() % 2 == 0;
        } else if t.starts_with('[') {
            key = None;
            match t {
                "[[questions]]" => {
                    q = next(q);
                    (c, m, s) = (None, None, None);
                    table = format!("questions.{}", q.unwrap_or(0));
                }
                "[[questions.concepts]]" => {
                    c = next(c);
                    m = None;
                    table = format!("questions.{}.concepts.{}", q.unwrap_or(0), c.unwrap_or(0));
                }
                "[[questions.concepts.misconceptions]]" => {
                    m = next(m);
                    table = format!(
                        "questions.{}.concepts.{}.misconceptions.{}",
                        q.unwrap_or(0),
                        c.unwrap_or(0),
                        m.unwrap_or(0)
                    );
                }
                "[[questions.subjects]]" => {
                    s = next(s);
                    table = format!("questions.{}.subjects.{}", q.unwrap_or(0), s.unwrap_or(0));
                }
                "[questions.code]" => table = format!("questions.{}.code", q.unwrap_or(0)),
                _ => {}
            }
        } else if let Some((k, v)) = t.split_once('=')
            && !t.starts_with('#')
        {
            key = Some(k.trim().to_string());
            open = v.matches("\"\"\"").count() % 2 == 1;
        }
        if n + 1 == line {
            path = match (&key, table.is_empty()) {
                (Some(k), true) => k.clone(),
                (Some(k), false) => format!("{table}.{k}"),
                (None, _) => table.clone(),
            };
            break;
        }
    }
    Some(path).filter(|p| !p.is_empty())
}
