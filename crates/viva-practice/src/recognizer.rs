//! Speech recognition in a worker process, so a whisper.cpp abort on a corrupt model ends the
//! worker, not the app or the command. The worker is the calling executable itself, started with
//! a hidden argument, so a shipped app needs no second binary.

use std::ops::Range;
use std::path::{Path, PathBuf};

use viva_asr::engine::{Options, Transcription};
use viva_asr::worker::Client;
use viva_audio::vad::VadConfig;
use viva_core::{Transcript, Word};
use viva_models::models::ModelStore;

use crate::PracticeError;

/// How to start the worker: a program and the arguments that make it serve.
#[derive(Debug, Clone)]
pub struct WorkerCommand {
    pub program: PathBuf,
    pub args: Vec<String>,
}

impl WorkerCommand {
    /// This executable, run with `arg` (the hidden subcommand that serves the worker loop).
    pub fn current_exe(arg: &str) -> Result<WorkerCommand, PracticeError> {
        let program = std::env::current_exe().map_err(|source| PracticeError::Io {
            path: PathBuf::from("(this program)"),
            source,
        })?;
        Ok(WorkerCommand {
            program,
            args: vec![arg.to_string()],
        })
    }
}

pub struct Recognizer {
    client: Client,
    model: PathBuf,
}

impl Recognizer {
    /// Starts a worker with `model` (a name or a path in `models`), or the default model.
    pub fn start(
        worker: &WorkerCommand,
        models: &ModelStore,
        model: Option<&str>,
    ) -> Result<Recognizer, PracticeError> {
        let model = match model {
            Some(m) => models.resolve(m)?,
            None => models.resolve_default()?,
        };
        let args: Vec<&str> = worker.args.iter().map(String::as_str).collect();
        let mut client = Client::spawn(&worker.program, &args)?;
        client.load(&model)?;
        Ok(Recognizer { client, model })
    }

    /// A handle that stops the worker's tentative pass in flight, from another thread.
    pub fn interrupter(&self) -> viva_asr::worker::Interrupter {
        self.client.interrupter()
    }

    /// The model file this recogniser runs.
    pub fn model_path(&self) -> &Path {
        &self.model
    }

    /// The longest audio one pass hears, as the engine reports it (Whisper: 30 s).
    pub fn window(&self) -> std::time::Duration {
        std::time::Duration::from_secs_f64(self.client.window_s())
    }

    /// Transcribes 16 kHz mono samples: audio longer than one window in pieces cut at
    /// pauses (see [`crate::pieces`]), their times put back on the whole audio's clock.
    pub fn transcribe(&mut self, samples: &[f32]) -> Result<Transcription, PracticeError> {
        let options = Options::default();
        let max_piece = (self.window().as_secs_f64() * crate::RATE as f64) as usize;
        let max_piece = max_piece.saturating_sub(crate::pieces::MARGIN);
        let mut pieces =
            crate::pieces::pieces(samples, &VadConfig::default(), max_piece).into_iter();
        let first = pieces.next().unwrap_or(0..0);
        let mut whole = self.transcribe_to_the_end(&samples[first], &options)?;
        for piece in pieces {
            let offset = piece.start;
            let part = self.transcribe_to_the_end(&samples[piece], &options)?;
            append(&mut whole, part, offset);
        }
        whole.duration = samples.len() as f64 / crate::RATE as f64;
        Ok(whole)
    }

    /// Transcribes up to one window of speech, every stretch of it. Whisper now and then leaves
    /// speech out: with the filler prompt, 19 s of speech from two speakers came back as the
    /// first sentence alone (11 s; whisper.cpp takes a "single timestamp ending" as the window
    /// done), and a piece that began with a new speaker came back as its last sentence, so 12%
    /// of the words of a 180 s answer were lost. Speech the words leave out is transcribed
    /// again on its own, cut at the pauses around it, until every stretch is heard or a pass
    /// adds nothing.
    pub fn transcribe_to_the_end(
        &mut self,
        samples: &[f32],
        options: &Options,
    ) -> Result<Transcription, PracticeError> {
        let mut whole = self.transcribe_with(samples, options)?;
        let active = crate::pieces::activity(samples, &VadConfig::default());
        let mut tried: Vec<Range<usize>> = Vec::new();
        for _ in 0..MAX_RESUMES {
            let heard: Vec<(f64, f64)> = whole.words().map(|w| (w.start, w.end)).collect();
            let Some(gap) = unheard(&active, &heard, samples.len(), &tried) else {
                break;
            };
            let part = self.transcribe_with(&samples[gap.clone()], options)?;
            let rate = crate::RATE as f64;
            tracing::info!(
                "speech from {:.1} to {:.1} s of {:.1} s had no words; transcribed it on its own: {}",
                gap.start as f64 / rate,
                gap.end as f64 / rate,
                samples.len() as f64 / rate,
                if part.words().next().is_none() {
                    "nothing"
                } else {
                    "words"
                }
            );
            if part.words().next().is_none() {
                tried.push(gap);
                continue;
            }
            append(&mut whole, part, gap.start);
            whole.segments.sort_by(|a, b| a.start.total_cmp(&b.start));
            tried.push(gap);
        }
        Ok(whole)
    }

    /// Transcribes with other decoding options (live pieces fit the encoder's context).
    pub fn transcribe_with(
        &mut self,
        samples: &[f32],
        options: &Options,
    ) -> Result<Transcription, PracticeError> {
        let started = std::time::Instant::now();
        let t = self.client.transcribe(samples, options)?;
        tracing::debug!(
            "a pass over {:.1} s took {:.2} s",
            samples.len() as f64 / crate::RATE as f64,
            started.elapsed().as_secs_f64()
        );
        Ok(t)
    }
}

/// Speech this long with no word on or near it means a pass left it out (a breath or a click is
/// shorter, and a word's times can be half a second off, see [`NEAR_A_WORD`]).
const MIN_UNHEARD: usize = crate::RATE;
/// Passes after the first over one piece: each covers new speech, so this only bounds the cost.
const MAX_RESUMES: usize = 4;
/// Speech this close to a word is taken as that word's: its aligned times can be this far off.
const NEAR_A_WORD: f64 = 0.5;
/// Pauses shorter than this inside unheard speech join its parts into one stretch.
const JOIN_PAUSE: usize = crate::RATE / 2;
/// A pass over unheard speech begins this much before its first speech frame (the detector
/// marks an onset a few frames late) but never before the word heard before it: cut in a
/// pause, Whisper hears a clean start; cut at a word's aligned end, which may fall inside the
/// next word, it heard nothing there and the whole window was decoded again.
const LEAD_IN: usize = 3 * crate::RATE / 10;

/// The first stretch of speech in `active` (per 20 ms frame) that no word of `heard` (start
/// and end in seconds, in order) is on or near, and that does not overlap a range in `tried`:
/// the samples to transcribe again, from the pause before it to the pause after it, between
/// the words heard around it. `None` when every stretch of speech has its words.
fn unheard(
    active: &[bool],
    heard: &[(f64, f64)],
    len: usize,
    tried: &[Range<usize>],
) -> Option<Range<usize>> {
    use crate::pieces::FRAME;
    if heard.is_empty() {
        return None;
    }
    let rate = crate::RATE as f64;
    let to_sample = |t: f64| ((t.max(0.0) * rate) as usize).min(len);
    let mut covered = vec![false; active.len()];
    for &(start, end) in heard {
        let from = to_sample(start - NEAR_A_WORD) / FRAME;
        let to = to_sample(end + NEAR_A_WORD)
            .div_ceil(FRAME)
            .min(covered.len());
        covered[from.min(to)..to].fill(true);
    }
    let loose = |f: usize| active[f] && !covered[f];
    let mut f = 0;
    while f < active.len() {
        if !loose(f) {
            f += 1;
            continue;
        }
        // A stretch: loose frames joined across short pauses, up to a covered frame.
        let first = f;
        let mut last = f;
        let mut g = f + 1;
        while g < active.len() && !covered[g] && (g - last) * FRAME < JOIN_PAUSE {
            if active[g] {
                last = g;
            }
            g += 1;
        }
        f = g;
        let (speech_from, speech_to) = (first * FRAME, (last + 1) * FRAME);
        if speech_to - speech_from < MIN_UNHEARD {
            continue;
        }
        let before = heard
            .iter()
            .map(|&(_, end)| to_sample(end))
            .filter(|&end| end <= speech_from)
            .max()
            .unwrap_or(0);
        let after = heard
            .iter()
            .map(|&(start, _)| to_sample(start))
            .filter(|&start| start >= speech_to)
            .min()
            .unwrap_or(len);
        let gap = speech_from.saturating_sub(LEAD_IN).max(before)..if after == len {
            len
        } else {
            (speech_to + LEAD_IN).min(after)
        };
        if tried.iter().any(|t| t.start < gap.end && gap.start < t.end) {
            continue;
        }
        return Some(gap);
    }
    None
}

/// Adds the segments of `part`, a transcription of audio starting at sample `offset`, to
/// `whole`, on `whole`'s clock.
fn append(whole: &mut Transcription, part: Transcription, offset: usize) {
    let offset = offset as f64 / crate::RATE as f64;
    whole
        .segments
        .extend(part.segments.into_iter().map(|mut s| {
            s.start += offset;
            s.end += offset;
            for w in &mut s.words {
                w.start += offset;
                w.end += offset;
            }
            s
        }));
}

/// The recogniser's result in the form scoring and history use.
pub fn to_transcript(t: &Transcription) -> Transcript {
    Transcript {
        words: t
            .words()
            .map(|w| Word {
                word: w.text.trim().to_string(),
                start: Some(w.start),
                end: Some(w.end),
                p: Some(w.probability),
            })
            .filter(|w| !w.word.is_empty())
            .collect(),
        duration_s: Some(t.duration),
        language: Some(t.language.clone()),
        model: Some(t.model.clone()),
    }
}

/// Reads an audio file as 16 kHz mono samples.
pub fn read_audio(path: &Path) -> Result<Vec<f32>, PracticeError> {
    Ok(viva_audio::wav::read_speech(path)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: usize = crate::RATE;

    /// Per-frame activity: speech over these (start, end) seconds, silence elsewhere.
    fn speech(len_s: f64, runs: &[(f64, f64)]) -> Vec<bool> {
        let frames = (len_s * 50.0) as usize;
        (0..frames)
            .map(|f| {
                let t = f as f64 / 50.0;
                runs.iter().any(|&(a, b)| (a..b).contains(&t))
            })
            .collect()
    }

    fn secs(r: Range<usize>) -> (f64, f64) {
        (r.start as f64 / S as f64, r.end as f64 / S as f64)
    }

    #[test]
    fn a_pass_that_stopped_early_goes_on_from_the_pause_before_the_next_speech() {
        // Two speakers: 0-11 s and 11.6-18.6 s; the words reach 10.7 s only. The rest is
        // cut in the pause (0.3 s before the speech), not at the last word's end.
        let active = speech(19.0, &[(0.0, 11.0), (11.6, 18.6)]);
        let gap = unheard(&active, &[(0.5, 3.0), (3.2, 10.7)], 19 * S, &[]).expect("a gap");
        let (from, to) = secs(gap);
        assert!((from - 11.3).abs() < 0.03, "{from}");
        assert_eq!(to, 19.0);
    }

    #[test]
    fn speech_before_the_first_word_is_transcribed_up_to_that_word() {
        // A piece whose first 12 s (another speaker) came back with no words.
        let active = speech(19.0, &[(0.2, 12.0), (12.6, 18.4)]);
        let gap = unheard(&active, &[(12.7, 15.0), (15.1, 18.3)], 19 * S, &[]).expect("a gap");
        let (from, to) = secs(gap);
        assert_eq!(from, 0.0);
        assert!((to - 12.3).abs() < 0.03, "{to}");
    }

    #[test]
    fn speech_that_has_its_words_or_was_tried_needs_no_pass() {
        let active = speech(20.0, &[(1.0, 9.0), (10.0, 19.0)]);
        // Word times half a second off are still the speech's words.
        assert_eq!(
            unheard(
                &active,
                &[(1.4, 5.0), (5.1, 8.6), (10.4, 18.5)],
                20 * S,
                &[]
            ),
            None
        );
        // A breath after the last word is not speech left out.
        let breath = speech(20.0, &[(1.0, 9.0), (12.0, 12.6)]);
        assert_eq!(unheard(&breath, &[(1.0, 9.0)], 20 * S, &[]), None);
        // Nothing heard at all: the engine has already tried the whole window on it.
        assert_eq!(unheard(&active, &[], 20 * S, &[]), None);
        // A stretch a pass added nothing for is not tried again; the next one is.
        let words = [(1.0, 4.0)];
        let first = unheard(&active, &words, 20 * S, &[]).expect("a gap");
        assert_eq!(secs(first), (4.2, 20.0));
        let tried = [Range {
            start: 4 * S,
            end: 9 * S,
        }];
        let second = unheard(&active, &words, 20 * S, &tried).expect("a second gap");
        assert!(
            (secs(second.clone()).0 - 9.7).abs() < 0.03,
            "{:?}",
            secs(second)
        );
    }
}
