//! Two to four short, concrete tips, most important first.

use crate::claims::Verdict;
use crate::deck::Question;
use crate::delivery::FILLERS_PER_MINUTE;
use crate::metrics::{Band, DeliveryMetrics, DeliveryTargets};
use crate::score::Coverage;

/// Hedges in one answer above which a correct answer starts to sound unsure.
const HEDGE_COUNT: usize = 3;

pub fn tips(
    question: &Question,
    coverage: &Coverage,
    m: &DeliveryMetrics,
    targets: &DeliveryTargets,
) -> Vec<String> {
    if m.word_count == 0 {
        return vec![
            "No speech was heard. Check that the right microphone is selected and not muted, then try again.".into(),
            "Open with one sentence that answers the question directly; details can follow.".into(),
        ];
    }
    // (priority, tip): lower comes first.
    let mut out: Vec<(u8, String)> = Vec::new();

    if let Some(t) = m.time_to_first_word_s.filter(|t| *t > targets.first_word_s) {
        out.push((0, format!(
            "You took {t:.1} s to say the first word. Buy thinking time out loud instead of in silence: \"Good question — the short answer is…\"."
        )));
    }
    for c in &coverage.concepts {
        if let Some(m) = &c.misconception {
            let heard = m.heard.trim_end_matches([',', '.', ';', ':', '!', '?']);
            out.push((
                0,
                format!(
                    "You said \"{heard}\" ({}), but {}",
                    m.how,
                    lowercase_first(&m.truth)
                ),
            ));
        }
    }
    let mentioned: Vec<String> = coverage
        .concepts
        .iter()
        .filter(|c| c.verdict() == Verdict::Mentioned)
        .map(|c| format!("\"{}\"", c.name))
        .collect();
    if !mentioned.is_empty() {
        out.push((1, format!(
            "You named {} without saying anything about it. A keyword earns half: say in a sentence what it means or does.",
            mentioned.join(", ")
        )));
    }
    let mut missed: Vec<_> = coverage
        .concepts
        .iter()
        .filter(|c| c.verdict() == Verdict::Missed)
        .collect();
    missed.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    if !missed.is_empty() {
        let names: Vec<String> = missed
            .iter()
            .take(3)
            .map(|c| format!("\"{}\"", c.name))
            .collect();
        let rest = missed.len().saturating_sub(3);
        let more = if rest > 0 {
            format!(" and {rest} more")
        } else {
            String::new()
        };
        let prio = if coverage.score < 50 { 0 } else { 1 };
        out.push((prio, format!("Not covered: {}{more}. Read the model answer, then say it again in your own words.", names.join(", "))));
    }
    if let (Some(wpm), Some(pace)) = (m.words_per_minute, m.pace) {
        let [lo, hi] = targets.words_per_minute;
        match pace {
            Band::Above => out.push((2, format!("{wpm:.0} words a minute is fast (aim for {lo:.0}–{hi:.0}). Pause after each key point so it lands."))),
            Band::Below => out.push((2, format!("{wpm:.0} words a minute is slow (aim for {lo:.0}–{hi:.0}). Shorter sentences keep momentum."))),
            Band::Within => {}
        }
    }
    let f = &m.fillers;
    if f.count >= 3 && f.per_minute.is_none_or(|p| p > FILLERS_PER_MINUTE) {
        let kinds: Vec<String> = f
            .by_kind
            .iter()
            .take(3)
            .map(|c| format!("\"{}\" ×{}", c.text, c.count))
            .collect();
        out.push((
            2,
            format!(
                "{} filler words ({}). A silent pause sounds more confident than a filler.",
                f.count,
                kinds.join(", ")
            ),
        ));
    }
    if !m.long_pauses.is_empty() {
        let longest = m.longest_pause_s.unwrap_or(0.0);
        out.push((3, format!(
            "{} pause{} over {:.0} s (longest {longest:.1} s). Outline the answer first — definition, example, trade-off — so the next point is ready.",
            m.long_pauses.len(),
            if m.long_pauses.len() == 1 { "" } else { "s" },
            targets.long_pause_s
        )));
    }
    let hedges: usize = m.hedges.iter().map(|h| h.count).sum();
    if hedges >= HEDGE_COUNT {
        let kinds: Vec<String> = m
            .hedges
            .iter()
            .take(2)
            .map(|c| format!("\"{}\" ×{}", c.text, c.count))
            .collect();
        out.push((
            3,
            format!(
                "{hedges} hedges ({}) make a right answer sound unsure. State the fact.",
                kinds.join(", ")
            ),
        ));
    }
    if let (Some(len), Some(s), Some([lo, hi])) = (m.length, m.speaking_s, question.target_seconds)
    {
        match len {
            Band::Below => out.push((3, format!("{s:.0} s is short for this question (aim for {lo:.0}–{hi:.0} s): add an example or a trade-off."))),
            Band::Above => out.push((3, format!("{s:.0} s is long for this question (aim for {lo:.0}–{hi:.0} s): lead with the answer, then stop."))),
            Band::Within => {}
        }
    }
    if let Some(r) = m.repeated_words.first().filter(|r| r.count >= 5) {
        out.push((
            4,
            format!(
                "You said \"{}\" {} times; vary the wording or use a pronoun.",
                r.text, r.count
            ),
        ));
    }
    out.sort_by_key(|(p, _)| *p);
    let mut tips: Vec<String> = out.into_iter().map(|(_, t)| t).take(4).collect();
    // Always at least two: what went well is worth knowing too.
    if tips.len() < 2 {
        let covered = coverage.concepts.iter().filter(|c| c.matched).count();
        tips.push(format!(
            "You covered {covered} of {} key points.",
            coverage.concepts.len()
        ));
    }
    if tips.len() < 2 {
        tips.push(match m.words_per_minute {
            Some(w) => format!("Pace {w:.0} words a minute is in the comfortable band. Keep it."),
            None => "Now say it out loud: practising aloud is what prevents freezing in the real interview.".into(),
        });
    }
    tips
}

/// "Only one thread..." → "only one thread...", to follow "but"; acronyms stay as they are.
fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => {
            a.to_lowercase().chain(s[a.len_utf8()..].chars()).collect()
        }
        _ => s.to_string(),
    }
}
