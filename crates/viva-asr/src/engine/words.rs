//! Whisper emits BPE tokens, not words. This turns one segment's tokens into words with times
//! and a confidence, so delivery metrics (pace, pauses, fillers) can work per word.

use super::Word;

/// One decoded token as whisper.cpp reports it. Times are in seconds.
#[derive(Debug, Clone, PartialEq)]
pub struct RawToken {
    /// Special tokens ([_BEG_], [_TT_123], <|endoftext|>, language tags) carry no speech.
    pub special: bool,
    /// Raw bytes: a BPE token may hold half of a multi-byte UTF-8 character.
    pub bytes: Vec<u8>,
    pub start: f64,
    pub end: f64,
    pub probability: f32,
}

#[derive(Default)]
struct Building {
    bytes: Vec<u8>,
    start: f64,
    end: f64,
    /// Min over the word's speech tokens (punctuation excluded), see `merge`.
    probability: f32,
    has_speech: bool,
}

impl Building {
    fn finish(self, out: &mut Vec<Word>) {
        let text = String::from_utf8_lossy(&self.bytes).trim().to_owned();
        if text.is_empty() {
            return;
        }
        out.push(Word {
            text,
            start: self.start,
            end: self.end.max(self.start),
            probability: if self.has_speech {
                self.probability
            } else {
                0.0
            },
        });
    }
}

/// Merges tokens into words.
///
/// - A token starting with a space begins a new word; others continue the current one
///   ("inter" + "pre" + "ter").
/// - Special tokens are dropped.
/// - Trailing punctuation (",", ".", "?", "...") is attached to the previous word, and its
///   timing and probability are ignored: Whisper places punctuation loosely in time, and its
///   probability measures the choice of punctuation, not whether a word was said.
/// - A word's probability is the MINIMUM over its tokens. A misheard word usually shows up as
///   one unlikely token followed by near-certain continuations (given the first piece, the
///   rest of the word is predictable), so a mean would hide exactly the doubt we want to flag.
pub fn merge(tokens: &[RawToken]) -> Vec<Word> {
    let mut words = Vec::new();
    let mut current: Option<Building> = None;
    for token in tokens.iter().filter(|t| !t.special && !t.bytes.is_empty()) {
        let text = String::from_utf8_lossy(&token.bytes);
        let leading_space = token.bytes[0] == b' ';
        let trailing_punct = attaches_to_previous(text.trim(), leading_space);
        if trailing_punct && let Some(word) = current.as_mut() {
            word.bytes.extend_from_slice(text.trim_start().as_bytes());
            continue;
        }
        if leading_space || current.is_none() {
            if let Some(done) = current.take() {
                done.finish(&mut words);
            }
            current = Some(Building {
                start: token.start,
                probability: 1.0,
                ..Default::default()
            });
        }
        let word = current.as_mut().expect("set above");
        word.bytes.extend_from_slice(&token.bytes);
        if !is_punctuation(text.trim()) {
            if !word.has_speech {
                // An opening quote or bracket may have started the word: time it from speech.
                word.start = token.start;
            }
            word.has_speech = true;
            word.end = token.end;
            word.probability = word.probability.min(token.probability);
        }
    }
    if let Some(done) = current {
        done.finish(&mut words);
    }
    words
}

fn is_punctuation(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_punctuation() || "…—–“”‘’«»¿¡".contains(c))
}

/// Punctuation that closes or follows a word, as opposed to opening quotes and brackets.
/// A straight quote is ambiguous: glued to the previous token it closes, after a space it opens.
fn attaches_to_previous(text: &str, leading_space: bool) -> bool {
    if !is_punctuation(text) {
        return false;
    }
    let opening = text.chars().all(|c| "([{\"'“‘«¿¡".contains(c));
    !opening || (!leading_space && text.chars().all(|c| "\"'".contains(c)))
}

/// Captions-style annotations Whisper writes for non-speech: "[BLANK_AUDIO]", "(music)", "♪".
/// They are not words anyone said, so they must not count towards pace or length.
pub fn is_annotation(text: &str) -> bool {
    let t = text.trim();
    let bracketed = |open: char, close: char| t.starts_with(open) && t.ends_with(close);
    t.is_empty()
        || bracketed('[', ']')
        || bracketed('(', ')')
        || (t.len() > 2 && bracketed('*', '*'))
        || t.chars().all(|c| "♪♫*".contains(c))
}

/// Longest annotation, in words: "(speaking in foreign language)".
const MAX_ANNOTATION_WORDS: usize = 6;

/// Removes annotations from `words`, including those Whisper writes as several words ("[no
/// audio]", "(upbeat music)", "[ Silence ]"): merged on spaces, those become "[no" and
/// "audio]", neither of which looks like an annotation alone (issue 13: "[no audio]" reached
/// the transcript and the score).
pub fn drop_annotations(words: &mut Vec<Word>) {
    let mut keep = vec![true; words.len()];
    let mut i = 0;
    while i < words.len() {
        let text = words[i].text.trim();
        if is_annotation(text) {
            keep[i] = false;
            i += 1;
            continue;
        }
        let close = match text.chars().next() {
            Some('[') => ']',
            Some('(') => ')',
            _ => {
                i += 1;
                continue;
            }
        };
        let end = (i + 1..words.len().min(i + MAX_ANNOTATION_WORDS))
            .take_while(|&k| !words[k].text.trim().starts_with(['[', '(']))
            .find(|&k| {
                let t = words[k].text.trim();
                let t = t.trim_end_matches(|c: char| ".,!?;:".contains(c));
                t.ends_with(close)
            });
        match end {
            Some(end) => {
                keep[i..=end].fill(false);
                i = end + 1;
            }
            None => i += 1,
        }
    }
    let mut flags = keep.into_iter();
    words.retain(|_| flags.next().unwrap_or(true));
}

/// Words as text: each word's own text (its punctuation attached), one space between.
pub fn joined(words: &[Word]) -> String {
    let parts: Vec<&str> = words.iter().map(|w| w.text.trim()).collect();
    parts.join(" ")
}

/// whisper.cpp's token timestamps are good for most words but often start the first word of a
/// segment at the segment start, inside the silence before it. That silence is exactly the
/// "time to first word" a speaking coach cares about, so move each word's start forward to
/// the first 10 ms frame with speech energy, never past the next word's start.
pub fn snap_starts_to_speech(words: &mut [Word], samples: &[f32], rate: u32) {
    const FRAME: f64 = 0.01;
    let frame_len = (f64::from(rate) * FRAME) as usize;
    if words.is_empty() || frame_len == 0 || samples.len() < frame_len {
        return;
    }
    let energy: Vec<f32> = samples
        .chunks(frame_len)
        .map(|f| (f.iter().map(|s| s * s).sum::<f32>() / f.len() as f32).sqrt())
        .collect();
    // "Speech" is within 20 dB of the loud frames; an absolute floor keeps digital silence
    // from counting as speech in a clip that is all near-silence.
    let mut sorted = energy.clone();
    sorted.sort_by(f32::total_cmp);
    let loud = sorted[(sorted.len() * 9) / 10];
    let threshold = (loud * 0.1).max(1e-3);
    let frame = |t: f64| (t / FRAME).round() as usize;
    // Whisper sometimes places whole words inside the leading silence (seen: "Only" at
    // 0.00-0.43 s and "one" at 0.43-0.75 s of a clip whose speech starts at 1.4 s); the window
    // search below cannot move those, since their windows hold no speech. Nothing can be said
    // before the first sound, so no word starts before it.
    if let Some(first) = energy.iter().position(|&e| e >= threshold) {
        let t = first as f64 * FRAME;
        for w in words.iter_mut().take_while(|w| w.start < t) {
            w.start = t;
            w.end = w.end.max(t);
        }
    }
    for i in 0..words.len() {
        // Up to and including the next word's start: the two may share an onset.
        let limit = words
            .get(i + 1)
            .map_or(words[i].end, |n| n.start)
            .max(words[i].end);
        let onset = (frame(words[i].start)..=frame(limit).min(energy.len().saturating_sub(1)))
            .find(|&f| energy[f] >= threshold);
        if let Some(f) = onset {
            let t = f as f64 * FRAME;
            if t > words[i].start {
                words[i].start = t;
                words[i].end = words[i].end.max(t);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(text: &str, start: f64, end: f64, p: f32) -> RawToken {
        RawToken {
            special: false,
            bytes: text.as_bytes().to_vec(),
            start,
            end,
            probability: p,
        }
    }

    fn special(text: &str) -> RawToken {
        RawToken {
            special: true,
            ..tok(text, 0.0, 0.0, 1.0)
        }
    }

    #[test]
    fn joins_subword_tokens_and_drops_specials() {
        let tokens = [
            special("[_BEG_]"),
            tok(" The", 0.0, 0.2, 0.9),
            tok(" inter", 0.2, 0.4, 0.6),
            tok("pre", 0.4, 0.5, 0.99),
            tok("ter", 0.5, 0.7, 0.95),
            tok(".", 0.7, 0.71, 0.3),
            special("[_TT_35]"),
        ];
        let words = merge(&tokens);
        let texts: Vec<_> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["The", "interpreter."]);
        let w = &words[1];
        assert_eq!(
            (w.start, w.end),
            (0.2, 0.7),
            "punctuation must not stretch the word"
        );
        assert_eq!(
            w.probability, 0.6,
            "min over speech tokens, punctuation ignored"
        );
    }

    #[test]
    fn attaches_spaced_and_multi_char_punctuation() {
        let tokens = [
            tok(" Well", 0.0, 0.3, 0.8),
            tok(" ...", 0.3, 0.4, 0.5),
            tok(" so", 0.5, 0.6, 0.9),
        ];
        let texts: Vec<_> = merge(&tokens).into_iter().map(|w| w.text).collect();
        assert_eq!(texts, ["Well...", "so"]);
    }

    #[test]
    fn opening_quote_starts_the_next_word() {
        let tokens = [
            tok(" said", 0.0, 0.3, 0.9),
            tok(" \"", 0.3, 0.35, 0.5),
            tok("hello", 0.4, 0.7, 0.8),
            tok("\"", 0.7, 0.72, 0.9),
        ];
        let words = merge(&tokens);
        let texts: Vec<_> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["said", "\"hello\""]);
        assert_eq!(words[1].start, 0.4, "timed from the speech, not the quote");
    }

    #[test]
    fn split_utf8_characters_are_rejoined() {
        let cafe = " café".as_bytes();
        let (a, b) = cafe.split_at(cafe.len() - 1); // splits the two bytes of "é"
        let tokens = [
            RawToken {
                bytes: a.to_vec(),
                ..tok("", 0.0, 0.2, 0.9)
            },
            RawToken {
                bytes: b.to_vec(),
                ..tok("", 0.2, 0.4, 0.7)
            },
        ];
        let words = merge(&tokens);
        assert_eq!(words[0].text, "café");
    }

    #[test]
    fn annotations_are_not_words() {
        for a in ["[BLANK_AUDIO]", "(music)", "[ Silence ]", "♪", "*laughs*"] {
            assert!(is_annotation(a), "{a}");
        }
        assert!(!is_annotation("(so)-called") && !is_annotation("okay"));
    }

    #[test]
    fn annotations_of_several_words_are_dropped_whole() {
        let w = |text: &str| Word {
            text: text.into(),
            start: 0.0,
            end: 0.0,
            probability: 1.0,
        };
        let texts = |words: &[Word]| words.iter().map(|w| w.text.clone()).collect::<Vec<_>>();
        let mut words: Vec<Word> = ["It", "runs", "bytecode.", "[no", "audio]"].map(w).to_vec();
        drop_annotations(&mut words);
        assert_eq!(texts(&words), ["It", "runs", "bytecode."]);
        assert_eq!(
            joined(&words),
            "It runs bytecode.",
            "the text printed has none either"
        );
        let mut words: Vec<Word> = [
            "(upbeat",
            "music)",
            "So",
            "[BLANK_AUDIO]",
            "the",
            "GIL",
            "(speaking",
            "in",
            "foreign",
            "language).",
            "ok",
        ]
        .map(w)
        .to_vec();
        drop_annotations(&mut words);
        assert_eq!(texts(&words), ["So", "the", "GIL", "ok"]);
        // A bracket that never closes is speech written oddly, not an annotation.
        let mut words: Vec<Word> = [
            "(so)-called",
            "[a",
            "list",
            "of",
            "words",
            "that",
            "goes",
            "on",
            "and",
            "on]",
        ]
        .map(w)
        .to_vec();
        drop_annotations(&mut words);
        assert_eq!(words.len(), 10);
    }

    #[test]
    fn word_starts_move_out_of_leading_silence() {
        let rate = 16_000;
        // 0.5 s of silence, then a tone: Whisper claims the first word starts at 0.0.
        let mut samples = vec![0.0f32; 8_000];
        samples.extend((0..16_000).map(|i| 0.3 * (i as f32 * 0.2).sin()));
        let word = |text: &str, start, end| Word {
            text: text.into(),
            start,
            end,
            probability: 1.0,
        };
        let mut words = vec![
            word("I", 0.0, 0.07),
            word("think", 0.5, 0.9),
            word("so", 1.0, 1.4),
        ];
        snap_starts_to_speech(&mut words, &samples, rate);
        assert!((words[0].start - 0.5).abs() < 0.011, "{:?}", words[0]);
        assert!(words[0].end >= words[0].start);
        assert_eq!(
            (words[1].start, words[2].start),
            (0.5, 1.0),
            "voiced starts stay put"
        );
    }

    #[test]
    fn words_placed_wholly_inside_leading_silence_move_to_the_first_sound() {
        let rate = 16_000;
        // 1.4 s of silence, then speech; Whisper put two words inside the silence.
        let mut samples = vec![0.0f32; 22_400];
        samples.extend((0..16_000).map(|i| 0.3 * (i as f32 * 0.2).sin()));
        let word = |text: &str, start, end| Word {
            text: text.into(),
            start,
            end,
            probability: 1.0,
        };
        let mut words = vec![
            word("Only", 0.0, 0.43),
            word("one", 0.43, 0.75),
            word("thread", 1.41, 1.6),
        ];
        snap_starts_to_speech(&mut words, &samples, rate);
        for w in &words[..2] {
            assert!((w.start - 1.4).abs() < 0.011, "{w:?}");
            assert!(w.end >= w.start, "{w:?}");
        }
        assert_eq!(words[2].start, 1.41, "a voiced start stays put");
    }

    #[test]
    fn contractions_stay_one_word() {
        let tokens = [
            tok(" I", 0.0, 0.1, 0.9),
            tok("'m", 0.1, 0.2, 0.9),
            tok(" fine", 0.2, 0.5, 0.9),
        ];
        let texts: Vec<_> = merge(&tokens).into_iter().map(|w| w.text).collect();
        assert_eq!(texts, ["I'm", "fine"]);
    }

    #[test]
    fn first_token_without_space_still_makes_a_word() {
        let tokens = [
            tok("Um", 0.0, 0.3, 0.4),
            tok(",", 0.3, 0.3, 0.9),
            tok(" yes", 0.5, 0.8, 0.9),
        ];
        let texts: Vec<_> = merge(&tokens).into_iter().map(|w| w.text).collect();
        assert_eq!(texts, ["Um,", "yes"]);
    }
}
