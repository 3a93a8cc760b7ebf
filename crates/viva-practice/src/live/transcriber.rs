//! The live thread's state and work: ingest the recorder's chunks, ask [`policy`] what to do,
//! run the passes on a recognizer ([`Hears`]: the worker, or a fake in tests) and keep words.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use viva_asr::engine::Options;
use viva_audio::Chunk;
use viva_audio::vad::Vad;
use viva_core::{Transcript, Word};

use super::policy::{self, Looks, Next};
use super::{FRAME, LiveConfig, LiveStats, WINDOW_MARGIN};
use crate::api::AnswerEvent;
use crate::{PracticeError, RATE, Recognizer, to_transcript};

/// What live transcription needs of a recognizer.
pub(crate) trait Hears {
    /// A careful pass: all of `samples`, to the end of their speech.
    fn careful(&mut self, samples: &[f32], options: &Options) -> Result<Transcript, PracticeError>;
    /// A glimpse: decoded once, and stopped early by [`super::Live::hurry`].
    fn glimpse(&mut self, samples: &[f32], options: &Options) -> Result<Transcript, PracticeError>;
    /// The longest audio one pass hears, in samples.
    fn window(&self) -> usize;
}

impl Hears for Recognizer {
    fn careful(&mut self, samples: &[f32], options: &Options) -> Result<Transcript, PracticeError> {
        Ok(to_transcript(
            &self.transcribe_to_the_end(samples, options)?,
        ))
    }

    fn glimpse(&mut self, samples: &[f32], options: &Options) -> Result<Transcript, PracticeError> {
        Ok(to_transcript(&self.transcribe_with(samples, options)?))
    }

    fn window(&self) -> usize {
        (Recognizer::window(self).as_secs_f64() * RATE as f64) as usize
    }
}

pub(crate) struct Transcriber<R> {
    pub(crate) recognizer: R,
    cfg: LiveConfig,
    updates: Sender<AnswerEvent>,
    /// Everything heard, from the start of recording.
    audio: Vec<f32>,
    vad: Vad,
    /// Per 20 ms frame: speech or not.
    active: Vec<bool>,
    /// Audio before this sample is transcribed (or was silence).
    done: usize,
    committed: Vec<Word>,
    /// Committed audio from this sample on (and its words, from this index of `committed`)
    /// may still be transcribed again, with the next piece, in one window.
    review_from: usize,
    review_word: usize,
    /// A pass over the pieces under review lost the end of the piece in progress: that piece
    /// is transcribed alone.
    review_failed: bool,
    /// Seconds a careful pass has taken per second of encoder context (the latest pass).
    context_cost: Option<f64>,
    language: Option<String>,
    model: Option<String>,
    tentative_at: Option<Instant>,
    tentative_took: Duration,
    tentative_len: usize,
    /// The last tentative pass: where it started, how far it heard, its words. When nothing
    /// was said after it, it is the transcript of the piece, and is kept without another pass.
    last_pass: Option<(usize, usize, Vec<Word>)>,
    pub(crate) stats: LiveStats,
    /// Raised while a glimpse is decoded, for [`Live::hurry`].
    glimpsing: Arc<AtomicBool>,
}

impl<R: Hears> Transcriber<R> {
    pub(crate) fn new(
        recognizer: R,
        cfg: LiveConfig,
        updates: Sender<AnswerEvent>,
        glimpsing: Arc<AtomicBool>,
    ) -> Self {
        Transcriber {
            recognizer,
            vad: Vad::new(RATE as u32, cfg.vad.clone()),
            cfg,
            updates,
            audio: Vec::with_capacity(RATE * 60),
            active: Vec::new(),
            done: 0,
            committed: Vec::new(),
            // Nothing is under review before the first piece.
            review_from: usize::MAX,
            review_word: 0,
            review_failed: false,
            context_cost: None,
            language: None,
            model: None,
            tentative_at: None,
            tentative_took: Duration::ZERO,
            tentative_len: 0,
            last_pass: None,
            stats: LiveStats::default(),
            glimpsing,
        }
    }

    pub(crate) fn run(
        &mut self,
        chunks: &Receiver<Chunk>,
        stopping: &AtomicBool,
    ) -> Result<Transcript, PracticeError> {
        let mut failure = None;
        let mut last_chunk = Instant::now();
        let mut stop_seen: Option<Instant> = None;
        loop {
            // Everything that arrived while the recognizer was busy, then a short wait.
            let mut closed = false;
            let mut got = false;
            loop {
                match chunks.try_recv() {
                    Ok(chunk) => {
                        self.ingest(chunk);
                        got = true;
                    }
                    Err(std::sync::mpsc::TryRecvError::Empty) => break,
                    Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                        closed = true;
                        break;
                    }
                }
            }
            if !got && !closed {
                match chunks.recv_timeout(Duration::from_millis(30)) {
                    Ok(chunk) => {
                        self.ingest(chunk);
                        got = true;
                    }
                    Err(RecvTimeoutError::Timeout) => {}
                    Err(RecvTimeoutError::Disconnected) => closed = true,
                }
            }
            if got {
                last_chunk = Instant::now();
            }
            if stopping.load(Ordering::Relaxed) {
                // The recorder ends within milliseconds of the stop; one that does not has
                // failed, and must not hold the recognizer hostage.
                let seen = *stop_seen.get_or_insert_with(Instant::now);
                if (!got && last_chunk.elapsed() > Duration::from_secs(2))
                    || seen.elapsed() > Duration::from_secs(10)
                {
                    closed = true;
                }
            }
            if closed {
                let ended = Instant::now();
                let result = match failure {
                    Some(e) => Err(e),
                    None => self.finish_tail(),
                };
                self.stats.after_stop_s = ended.elapsed().as_secs_f64();
                return result;
            }
            // Once the stop is asked for, no new pass: the tail pass knows someone is waiting
            // (a smaller review budget), a pass begun now would not, and could only delay it.
            if failure.is_some() || stop_seen.is_some() {
                continue;
            }
            if let Err(e) = self.step() {
                tracing::warn!(
                    "live transcription failed, the answer will be transcribed when it ends: {}",
                    crate::describe(&e)
                );
                self.stats.failed = true;
                failure = Some(e);
            }
        }
    }

    pub(super) fn ingest(&mut self, chunk: Chunk) {
        let start = chunk.start as usize;
        // Chunks are contiguous; a gap could only be lost audio, kept in place as silence.
        if start > self.audio.len() {
            self.audio.resize(start, 0.0);
        }
        let skip = self.audio.len() - start.min(self.audio.len());
        if skip < chunk.samples.len() {
            self.audio.extend_from_slice(&chunk.samples[skip..]);
        }
        while (self.active.len() + 1) * FRAME <= self.audio.len() {
            let at = self.active.len() * FRAME;
            self.vad.push(&self.audio[at..at + FRAME]);
            let end = (at + FRAME) as u64;
            self.active.push(self.vad.last_speech_end() == Some(end));
        }
    }

    /// The longest piece a pass transcribes: the engine's window less room for the margins.
    fn max_window(&self) -> usize {
        self.recognizer.window().saturating_sub(WINDOW_MARGIN)
    }

    /// Where the next piece starts: just before its first speech. `None` while there is none.
    fn piece_start(&self) -> Option<usize> {
        let speech_start = self.vad.speech_start().map(|s| s as usize);
        policy::piece_start(&self.active, self.done, speech_start, self.cfg.pre_roll)
    }

    /// One unit of work while recording: a finished piece, a cut, or a tentative pass.
    pub(super) fn step(&mut self) -> Result<(), PracticeError> {
        let Some(start) = self.piece_start() else {
            return Ok(());
        };
        let looks = Looks {
            since: self.tentative_at.map(|t| t.elapsed()),
            took: self.tentative_took,
            heard: self.tentative_len,
        };
        let careful = match policy::next(&self.cfg, &self.active, start, &looks, self.max_window())
        {
            Next::Wait => return Ok(()),
            Next::Commit { start, end } => return self.commit(start, end),
            Next::Look { careful, .. } => careful,
        };
        let heard = self.active.len() * FRAME;
        let began = Instant::now();
        // A pass at a pause may become the piece's transcript (see `reuse`), so it gets the
        // careful decode, with the pieces under review; one in mid-speech is only a glimpse.
        let from = match careful {
            true => self.window_start(start, heard, self.cfg.review_budget),
            false => start,
        };
        let words = self.transcribe(from, heard, !careful)?;
        let looped = !careful && words.is_empty();
        self.tentative_took = began.elapsed();
        self.tentative_at = Some(began);
        self.tentative_len = heard;
        self.stats.tentative += 1;
        self.stats.busy_s += self.tentative_took.as_secs_f64();
        // Words heard again are shown as tentative until the pass is kept.
        let shown = if from < start {
            self.review_word
        } else {
            self.committed.len()
        };
        if !looped {
            let _ = self.updates.send(AnswerEvent::Live {
                committed: self.committed[..shown].to_vec(),
                tentative: words.clone(),
            });
        }
        // Only a careful pass may stand for the piece.
        self.last_pass = careful.then_some((from, heard, words));
        Ok(())
    }

    /// Decoding options of a careful pass, or of a `glimpse` (a pass in mid-speech, see
    /// `transcribe`).
    fn options(&self, glimpse: bool) -> Options {
        Options {
            context_margin_s: self.cfg.context_margin_s,
            tentative: glimpse,
            ..Options::default()
        }
    }

    /// Encoder context, in seconds, of a careful pass over `len` samples.
    fn context_s(&self, len: usize) -> f64 {
        self.options(false).encoder_seconds(len)
    }

    /// Where a careful pass over the piece `[start, end)` begins: with the pieces under review,
    /// so the cuts between them disappear (a cut loses or garbles the words beside it), if that
    /// costs no more than the piece alone (the encoder's context has a floor) or is expected
    /// to take no longer than `budget`; otherwise the piece alone.
    fn window_start(&self, start: usize, end: usize, budget: Option<Duration>) -> usize {
        let from = self.review_from;
        let Some(budget) = budget.filter(|_| !self.review_failed) else {
            return start;
        };
        if from >= start || end - from > self.max_window() {
            return start;
        }
        let context = self.context_s(end - from);
        let free = context <= self.context_s(end - start);
        let affordable = self
            .context_cost
            .is_some_and(|cost| cost * context <= budget.as_secs_f64());
        if free || affordable { from } else { start }
    }

    /// Whether a pass that began before the piece at `start` heard it to the end of its
    /// speech. Whisper sometimes stops early in a longer window and writes nothing for the
    /// rest ("One, zero, zero, zero, one." for a string of digits twice as long); the pieces'
    /// own words are kept then.
    fn reached_the_end(&self, words: &[Word], start: usize, end: usize) -> bool {
        let until = (end / FRAME).min(self.active.len());
        let Some(last) = (start / FRAME..until).rev().find(|&f| self.active[f]) else {
            return true;
        };
        let last_speech = ((last + 1) * FRAME) as f64 / RATE as f64;
        let start_s = start as f64 / RATE as f64;
        words
            .last()
            .and_then(|w| w.end)
            .is_some_and(|e| e >= start_s && e >= last_speech - 1.0)
    }

    /// Transcribes the piece `[start, end)`, with the pieces under review if `budget` allows;
    /// returns where the pass began and its words.
    fn transcribe_piece(
        &mut self,
        start: usize,
        end: usize,
        budget: Option<Duration>,
    ) -> Result<(usize, Vec<Word>), PracticeError> {
        let from = self.window_start(start, end, budget);
        let words = self.transcribe(from, end, false)?;
        if from < start && !self.reached_the_end(&words, start, end) {
            return Ok((start, self.transcribe(start, end, false)?));
        }
        Ok((from, words))
    }

    /// Keeps `words`, the transcript of a pass from `from` to the end of the piece at `start`.
    fn keep(&mut self, from: usize, start: usize, words: Vec<Word>) {
        self.review_failed = false;
        if from < start {
            // The pass heard the pieces under review again, with more context: its words
            // replace theirs.
            self.committed.truncate(self.review_word);
            self.stats.reviews += 1;
        } else {
            // Heard alone (hearing more would have taken too long): what came before stands.
            self.review_from = start;
            self.review_word = self.committed.len();
        }
        self.committed.extend(words);
    }

    /// The last tentative pass's words (and where they start) for the piece `[start, end)`, if
    /// it heard all the speech there.
    fn reuse(&mut self, start: usize, end: usize) -> Option<(usize, Vec<Word>)> {
        let (from, heard, words) = self.last_pass.as_ref()?;
        let until = (end / FRAME).min(self.active.len());
        let after = (heard / FRAME).min(until);
        let whole = *from == start || (*from == self.review_from && *from < start);
        if !whole || self.active[after..until].iter().any(|&a| a) {
            return None;
        }
        if *from < start && !self.reached_the_end(words, start, end) {
            self.review_failed = true;
            return None;
        }
        // It must have heard the speech end, too: Whisper drops or garbles a word cut short.
        let last_speech = self.active[..until]
            .iter()
            .rposition(|&a| a)
            .map_or(0, |f| (f + 1) * FRAME);
        if *heard < last_speech + policy::samples(self.cfg.end_of_speech) {
            return None;
        }
        // A pass that heard nothing in a piece the detector heard speech in was wrong.
        if self
            .last_pass
            .as_ref()
            .is_some_and(|(_, _, w)| w.is_empty())
        {
            return None;
        }
        let (from, _, words) = self.last_pass.take()?;
        let end_s = end as f64 / RATE as f64;
        Some((
            from,
            words
                .into_iter()
                .filter(|w| w.start.is_none_or(|t| t < end_s))
                .collect(),
        ))
    }

    /// Transcribes `[start, end)` and keeps its words for good.
    fn commit(&mut self, start: usize, end: usize) -> Result<(), PracticeError> {
        let began = Instant::now();
        let (from, words) = match self.reuse(start, end) {
            Some(kept) => kept,
            None => self.transcribe_piece(start, end, self.cfg.review_budget)?,
        };
        self.last_pass = None;
        self.stats.busy_s += began.elapsed().as_secs_f64();
        self.stats.pieces += 1;
        self.keep(from, start, words);
        self.done = end;
        self.tentative_len = 0;
        let _ = self.updates.send(AnswerEvent::Live {
            committed: self.committed.clone(),
            tentative: Vec::new(),
        });
        Ok(())
    }

    /// Words of `[start, end)`, on the recording's clock.
    /// A `glimpse` is a tentative pass in mid-speech: fitted like every pass (a whole 30 s
    /// window costs three times as much for a few seconds of speech), but decoded once
    /// (`Options::tentative`): with a context fitted to audio cut off mid-word, Whisper now and
    /// then loops, and its fallback decodes then took up to 16 s (BENCHMARKS.md). A glimpse
    /// that looped has no words, and changes nothing on screen.
    fn transcribe(
        &mut self,
        start: usize,
        end: usize,
        glimpse: bool,
    ) -> Result<Vec<Word>, PracticeError> {
        let options = self.options(glimpse);
        let samples = &self.audio[start..end];
        let began = Instant::now();
        let t = if glimpse {
            // A glimpse stopped by `Live::hurry` comes back with no words, like one that looped.
            self.glimpsing.store(true, Ordering::Relaxed);
            let t = self.recognizer.glimpse(samples, &options);
            self.glimpsing.store(false, Ordering::Relaxed);
            t?
        } else {
            self.recognizer.careful(samples, &options)?
        };
        if !glimpse {
            let took = began.elapsed().as_secs_f64();
            self.context_cost = Some(took / self.context_s(end - start));
        }
        tracing::debug!(
            "live {} {:.2}-{:.2} s (heard {:.2} s) took {:.3} s: {} words",
            if glimpse { "glimpse" } else { "pass" },
            start as f64 / RATE as f64,
            end as f64 / RATE as f64,
            self.audio.len() as f64 / RATE as f64,
            began.elapsed().as_secs_f64(),
            t.words.len()
        );
        self.language = t.language;
        self.model = t.model;
        let offset = start as f64 / RATE as f64;
        Ok(t.words
            .into_iter()
            .map(|mut w| {
                w.start = w.start.map(|s| s + offset);
                w.end = w.end.map(|s| s + offset);
                w
            })
            .collect())
    }

    /// The answer has ended: the rest, up to just after the last speech.
    pub(super) fn finish_tail(&mut self) -> Result<Transcript, PracticeError> {
        if let Some(start) = self.piece_start() {
            let last = self.active.iter().rposition(|&a| a).unwrap_or(0);
            let end = ((last + 1) * FRAME + policy::samples(self.cfg.tail).max(RATE / 2))
                .min(self.audio.len())
                .max(start);
            self.stats.tail_s = (end - start) as f64 / RATE as f64;
            let began = Instant::now();
            // Someone is waiting now: a review costs at most half the usual budget.
            let budget = self.cfg.review_budget.map(|b| b / 2);
            let (from, words) = match self.reuse(start, end) {
                Some(kept) => kept,
                None => self.transcribe_piece(start, end, budget)?,
            };
            self.stats.tail_decode_s = began.elapsed().as_secs_f64();
            self.stats.busy_s += self.stats.tail_decode_s;
            self.keep(from, start, words);
            self.done = end;
        }
        Ok(Transcript {
            words: std::mem::take(&mut self.committed),
            duration_s: Some(self.audio.len() as f64 / RATE as f64),
            language: self.language.clone(),
            model: self.model.clone(),
        })
    }
}
