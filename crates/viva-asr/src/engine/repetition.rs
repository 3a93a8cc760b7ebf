//! Telling a decoding loop from speech. Whisper's failure under a fitted encoder context is to
//! go on past the end of the audio, writing again what it already wrote ("as an example of fine
//! typography, that has an example of fine typography"). Those words are all aligned to the
//! same instant at the end, which speech never is. Other loops repeat a phrase
//! ("90210 01803 90210 01803 90210") or write far more words than the audio can hold; people
//! repeat themselves too, but rarely a phrase three times running.
//!
//! The other failure is the opposite: a whole stretch of speech written off as one
//! "[Music]". Audio reaches the engine because someone spoke in it (the app and the live loop
//! send only audio with detected speech), so a fitted pass that heard nothing else in a few
//! seconds is tried again with the whole window. A shorter stretch with no words is usually a
//! breath or a click at the end of an answer, not worth a second pass while someone waits.

use super::words::is_annotation;

/// Faster than anyone speaks for long: fast speakers sustain about 4 words a second.
const MAX_WORDS_PER_SECOND: f64 = 6.0;
/// Words allowed on top of the rate, so one short clip with a burst of speech passes.
const SLACK_WORDS: f64 = 6.0;
/// A phrase of up to this many words, said this many times in a row, covering at least
/// `MIN_LOOP_WORDS` words, is a loop ("no, no, no" is speech; "I think I think I think" is
/// taken for a loop, which only costs a second pass).
const MAX_PHRASE: usize = 8;
const MIN_REPEATS: usize = 3;
const MIN_LOOP_WORDS: usize = 6;
/// Audio this long with no words in it is taken for speech the decoder missed.
const MIN_SPEECH_S: f64 = 4.0;
/// Word tokens aligned to one and the same instant (10 ms), in a row.
const MAX_SAME_TIME: usize = 5;

/// Whether the segments' text looks like Whisper looping rather than `duration_s` of speech.
/// `token_times` are the times of the word tokens, in order.
pub fn looks_like_a_loop(segments: &[String], token_times: &[i64], duration_s: f64) -> bool {
    let longest_pile = token_times
        .chunk_by(|a, b| a == b)
        .map(<[i64]>::len)
        .max()
        .unwrap_or(0);
    if longest_pile >= MAX_SAME_TIME {
        return true;
    }
    let words: Vec<String> = segments
        .iter()
        .flat_map(|s| s.split_whitespace())
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() as f64 > duration_s * MAX_WORDS_PER_SECOND + SLACK_WORDS {
        return true;
    }
    // Identical segments in a row are the other shape a loop takes.
    if segments
        .windows(2)
        .any(|p| p[0].trim().len() > 10 && p[0].trim() == p[1].trim())
    {
        return true;
    }
    for n in 1..=MAX_PHRASE {
        for start in 0..words.len().saturating_sub(n) {
            let phrase = &words[start..start + n];
            let repeats = 1 + words[start + n..]
                .chunks_exact(n)
                .take_while(|next| *next == phrase)
                .count();
            if repeats >= MIN_REPEATS && repeats * n >= MIN_LOOP_WORDS {
                return true;
            }
        }
    }
    false
}

/// Whether the segments of `duration_s` of audio hold nothing but non-speech annotations.
pub fn heard_only_noise(segments: &[String], duration_s: f64) -> bool {
    duration_s >= MIN_SPEECH_S && segments.iter().all(|s| is_annotation(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speech_written_off_as_music_is_tried_again() {
        assert!(heard_only_noise(&["[Music]".to_owned()], 22.5));
        assert!(heard_only_noise(&[], 5.0));
        assert!(!heard_only_noise(&["(Thou that art now".to_owned()], 22.5));
        // A breath at the end of an answer is left as it is.
        assert!(!heard_only_noise(&[], 1.2));
    }

    fn looped(text: &str, seconds: f64) -> bool {
        looks_like_a_loop(&[text.to_owned()], &[], seconds)
    }

    #[test]
    fn speech_is_not_a_loop() {
        assert!(!looped(
            "The GIL is a mutex that lets only one thread run Python bytecode at a time.",
            5.0
        ));
        assert!(!looped("No, no, no. That is not what I meant.", 3.0));
        assert!(!looped("", 1.0));
    }

    #[test]
    fn a_repeated_phrase_is_a_loop() {
        assert!(looped(
            "My zip code is 90210 01803 90210 01803 90210 01803 90210.",
            4.0
        ));
        assert!(looped(
            "and then the list and then the list and then the list",
            6.0
        ));
    }

    #[test]
    fn too_many_words_for_the_audio_is_a_loop() {
        let text = (0..40)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        assert!(looped(&text, 2.0));
        assert!(!looped(&text, 10.0));
    }

    #[test]
    fn identical_segments_in_a_row_are_a_loop() {
        let s = "It is a lock around the interpreter.".to_owned();
        assert!(looks_like_a_loop(&[s.clone(), s], &[], 8.0));
    }

    #[test]
    fn words_piled_on_one_instant_are_a_loop() {
        let text = [
            "as an example of fine typography, that has an example of fine typography,".to_owned(),
        ];
        let piled = [
            352, 390, 404, 446, 480, 516, 542, 542, 542, 542, 542, 542, 542,
        ];
        assert!(looks_like_a_loop(&text, &piled, 5.7));
        let spread = [352, 390, 404, 446, 480, 516, 542, 542, 560, 570, 580];
        assert!(!looks_like_a_loop(&text, &spread, 5.7));
    }
}
