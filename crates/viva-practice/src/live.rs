//! Live transcription: the recognizer hears the answer in pieces while it is spoken, so when
//! recording stops only the unfinished tail is left to transcribe.
//!
//! A thread owns the [`Recognizer`] for the length of the answer and reads the recorder's
//! 16 kHz chunks. Its own voice activity detector (the recorder's, with the same settings, so
//! it finds the same first word) marks every 20 ms frame as speech or not. A piece ends in a
//! pause: at least [`LiveConfig::pause`] without speech, once the piece holds
//! [`LiveConfig::min_piece`] of audio (a shorter piece gives Whisper too little context). Each
//! piece starts just before its first speech, as the batch transcript does, so Whisper never
//! hears a long silence before the speech (it invents words in one). Finished pieces are
//! committed; between them, the piece in progress is transcribed now and then and shown as
//! tentative, and at once when the speaker pauses ([`LiveConfig::end_of_speech`]): if the
//! answer ended there, the stop finds everything transcribed, and the result takes
//! milliseconds. A tentative pass that heard all of a piece's speech is kept as its transcript
//! without another pass.
//!
//! A cut between pieces costs words: the one on either side gets lost or garbled, as Whisper
//! hears it without what came before. So a careful pass hears the pieces since the last review
//! again along with the new one, in one window, and its words replace theirs, as long as that
//! costs no more than the piece alone (the encoder's context has a 10 s floor) or fits
//! [`LiveConfig::review_budget`], measured from the passes so far. When it does not, what came
//! before stands, and the next review starts at this piece. A review that did not hear the new
//! piece to its end (Whisper sometimes stops early in a longer window) is set aside for the
//! piece alone.
//!
//! When transcription falls behind, the next piece runs to the latest pause, so it catches up
//! with bigger pieces and never drops audio. Speech with no pause for
//! [`LiveConfig::max_piece`] is cut at its longest gap. Longer pieces (min_piece 6 s,
//! max_piece 24 s) measured worse (BENCHMARKS.md). Each pass runs the encoder on the piece's
//! length plus a margin rather than a whole 30 s window (the engine's default,
//! [`LiveConfig::context_margin_s`]), which halves its cost.
//!
//! Word times are on the recording's clock: time to first word counts from the start of
//! recording, as in the batch transcript.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use viva_asr::engine::Options;
use viva_audio::Chunk;
use viva_audio::vad::{Vad, VadConfig};
use viva_core::{Transcript, Word};

use crate::api::AnswerEvent;
use crate::{PracticeError, RATE, Recognizer, to_transcript};

/// The voice activity detector's frame: 20 ms.
const FRAME: usize = RATE / 50;
/// The longest stretch one pass transcribes: one Whisper window, less room for the margins.
const MAX_WINDOW: usize = 28 * RATE;

/// How pieces are cut. `Default` is what the benchmark in BENCHMARKS.md measured.
#[derive(Debug, Clone)]
pub struct LiveConfig {
    /// Silence that ends a piece.
    pub pause: Duration,
    /// A piece is not cut before it holds this much audio, unless the speaker has stopped
    /// (silence of `long_pause`).
    pub min_piece: Duration,
    /// Silence after which whatever is pending is transcribed, however short.
    pub long_pause: Duration,
    /// Speech without such a pause is cut at its longest gap once it is this long.
    pub max_piece: Duration,
    /// How often the piece in progress is transcribed for the tentative words; also never
    /// more than half the time (the recognizer's time goes to finished pieces first).
    pub tentative_every: Duration,
    /// Audio kept before a piece's first speech, and after its last (consonants are quiet).
    pub pre_roll: Duration,
    pub tail: Duration,
    /// Silence after which the piece so far is transcribed at once, in case the answer ended.
    pub end_of_speech: Duration,
    /// Seconds of encoder context beyond each piece's length; `None` runs the whole window
    /// (see `viva_asr::engine::Options::context_margin_s`).
    pub context_margin_s: Option<f64>,
    /// How long a careful pass may take to transcribe the pieces since the last review along
    /// with the new one, in one window, so no cut is left between them (half of it once the
    /// answer has ended and someone waits). `None`: each piece on its own. 1.5 s lets tiny.en
    /// hear up to a whole window again; 0.5 s and 1 s left more cuts and more errors
    /// (BENCHMARKS.md).
    pub review_budget: Option<Duration>,
    pub vad: VadConfig,
}

impl Default for LiveConfig {
    fn default() -> Self {
        LiveConfig {
            pause: Duration::from_millis(400),
            min_piece: Duration::from_secs(3),
            long_pause: Duration::from_millis(1000),
            max_piece: Duration::from_secs(15),
            tentative_every: Duration::from_millis(1000),
            end_of_speech: Duration::from_millis(250),
            pre_roll: Duration::from_millis(300),
            tail: Duration::from_millis(300),
            context_margin_s: Options::default().context_margin_s,
            review_budget: Some(Duration::from_millis(1500)),
            vad: VadConfig::default(),
        }
    }
}

/// What the live thread did, for benchmarks and tests.
#[derive(Debug, Clone, Default)]
pub struct LiveStats {
    /// Finished pieces transcribed while recording, and tentative passes.
    pub pieces: usize,
    pub tentative: usize,
    /// Kept passes that heard earlier pieces again along with a new one.
    pub reviews: usize,
    /// Audio still untranscribed when recording ended (seconds), and how long it took.
    pub tail_s: f64,
    pub tail_decode_s: f64,
    /// From the end of the recording to the final transcript: waiting for a pass in progress,
    /// then the tail.
    pub after_stop_s: f64,
    /// Time spent transcribing over the whole answer.
    pub busy_s: f64,
    /// Whether live transcription failed and the answer needs a batch transcript.
    pub failed: bool,
}

/// What comes back when the answer ends: the recognizer (always) and the transcript.
pub struct LiveOutcome {
    pub recognizer: Recognizer,
    pub transcript: Result<Transcript, PracticeError>,
    pub stats: LiveStats,
}

/// A live transcription in progress.
pub struct Live {
    thread: JoinHandle<LiveOutcome>,
    interrupter: viva_asr::worker::Interrupter,
    /// Whether a glimpse is being decoded right now.
    glimpsing: Arc<AtomicBool>,
}

impl Live {
    /// Starts transcribing `chunks` (the recorder's) with `recognizer`. Updates go to
    /// `updates`. `stopping` is the answer's stop flag: once it is set, a recorder that sends
    /// nothing for two seconds counts as ended, so finishing can never hang on it.
    pub fn start(
        recognizer: Recognizer,
        chunks: Receiver<Chunk>,
        config: LiveConfig,
        updates: Sender<AnswerEvent>,
        stopping: Arc<AtomicBool>,
    ) -> std::io::Result<Live> {
        let interrupter = recognizer.interrupter();
        let glimpsing = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&glimpsing);
        let thread = std::thread::Builder::new()
            .name("viva-live".into())
            .spawn(move || {
                let mut live = Transcriber::new(recognizer, config, updates, flag);
                let transcript = live.run(&chunks, &stopping);
                LiveOutcome {
                    recognizer: live.recognizer,
                    transcript,
                    stats: live.stats,
                }
            })?;
        Ok(Live {
            thread,
            interrupter,
            glimpsing,
        })
    }

    /// The answer is ending: a glimpse being decoded now would only delay the careful pass
    /// over the end, and its words would be replaced, so it is stopped.
    pub fn hurry(&self) {
        if self.glimpsing.load(Ordering::Relaxed) {
            self.interrupter.interrupt();
        }
    }

    /// Waits for the tail to be transcribed. Call it once the recorder has ended (its chunk
    /// sender is then gone). `None` if the thread panicked, which takes the recognizer with it.
    pub fn finish(self) -> Option<LiveOutcome> {
        self.thread.join().ok()
    }
}

struct Transcriber {
    recognizer: Recognizer,
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
    stats: LiveStats,
    /// Raised while a glimpse is decoded, for [`Live::hurry`].
    glimpsing: Arc<AtomicBool>,
}

fn secs(d: Duration) -> usize {
    (d.as_secs_f64() * RATE as f64).round() as usize
}

impl Transcriber {
    fn new(
        recognizer: Recognizer,
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

    fn run(
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
            if failure.is_some() {
                continue;
            }
            if let Err(e) = self.step() {
                tracing::warn!(
                    "live transcription failed, the answer will be transcribed when it ends: {}",
                    crate::describe(&e)
                );
                if std::env::var_os("VIVA_LIVE_DEBUG").is_some() {
                    eprintln!("live transcription failed: {}", crate::describe(&e));
                }
                self.stats.failed = true;
                failure = Some(e);
            }
        }
    }

    fn ingest(&mut self, chunk: Chunk) {
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

    /// Where the next piece starts: just before its first speech. `None` while there is none.
    fn piece_start(&self) -> Option<usize> {
        let first = self.done / FRAME;
        let onset = (first..self.active.len()).find(|&f| self.active[f])? * FRAME;
        // The first word may start before the detector's first sure frame (it looks back).
        let onset = match self.vad.speech_start() {
            Some(s) if self.done == 0 => onset.min(s as usize),
            _ => onset,
        };
        Some(onset.saturating_sub(secs(self.cfg.pre_roll)).max(self.done))
    }

    /// Silences (frame ranges, the last possibly still going on) after frame `from`.
    fn silences(&self, from: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut begin = None;
        for f in from..self.active.len() {
            match (self.active[f], begin) {
                (false, None) => begin = Some(f),
                (true, Some(b)) => {
                    out.push((b, f));
                    begin = None;
                }
                _ => {}
            }
        }
        if let Some(b) = begin {
            out.push((b, self.active.len()));
        }
        out
    }

    /// One unit of work while recording: a finished piece, a cut, or a tentative pass.
    fn step(&mut self) -> Result<(), PracticeError> {
        let Some(start) = self.piece_start() else {
            return Ok(());
        };
        let heard = self.active.len() * FRAME;
        let pause = secs(self.cfg.pause) / FRAME;
        let long_pause = secs(self.cfg.long_pause) / FRAME;
        let tail = secs(self.cfg.tail);
        // The latest pause that ends a long enough piece (catching up when behind), keeping
        // the piece inside one Whisper window.
        let mut cut = None;
        for (b, e) in self.silences(start / FRAME + 1) {
            let len = e - b;
            let at = b * FRAME;
            let ongoing = e == self.active.len();
            if len < pause || at <= start {
                continue;
            }
            let long_enough = at - start >= secs(self.cfg.min_piece);
            let speaker_stopped = ongoing && len >= long_pause;
            if !(long_enough || speaker_stopped) {
                continue;
            }
            let end = at + (len * FRAME / 2).min(tail);
            if cut.is_some() && end - start > MAX_WINDOW {
                break;
            }
            cut = Some(end);
        }
        if let Some(end) = cut {
            return self.commit(start, end);
        }
        if heard - start >= secs(self.cfg.max_piece) {
            // No pause: cut at the longest gap between words in the later part.
            let from = (start + secs(self.cfg.max_piece) / 3) / FRAME;
            let until = heard.saturating_sub(RATE / 2) / FRAME;
            let gap = self
                .silences(from)
                .into_iter()
                .filter(|&(_, e)| e <= until)
                .max_by_key(|&(b, e)| e - b);
            let end = gap.map_or(until * FRAME, |(b, e)| (b + e) / 2 * FRAME);
            return self.commit(start, end.max(start + FRAME));
        }
        // The piece in progress, for the tentative words: not too often, and never more than
        // half the recognizer's time. But as soon as the speaker pauses, everything said so
        // far: if that was the end of the answer, the stop finds it already transcribed.
        let wait = self.cfg.tentative_every.max(self.tentative_took * 2);
        let since = self.tentative_at.map(|t| t.elapsed());
        let last_speech = self
            .active
            .iter()
            .rposition(|&a| a)
            .map_or(0, |f| (f + 1) * FRAME);
        let paused = heard - last_speech >= secs(self.cfg.end_of_speech)
            && self.tentative_len < last_speech
            && since.is_none_or(|t| t >= self.tentative_took);
        let due = since.is_none_or(|t| t >= wait)
            && heard - start >= 3 * RATE / 2
            && heard - self.tentative_len >= RATE / 2;
        if due || paused {
            let began = Instant::now();
            // A pass at a pause may become the piece's transcript (see `reuse`), so it gets
            // the careful decode, with the pieces under review; one in mid-speech is only a
            // glimpse.
            let from = match paused {
                true => self.window_start(start, heard, self.cfg.review_budget),
                false => start,
            };
            let words = self.transcribe(from, heard, !paused)?;
            let looped = !paused && words.is_empty();
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
            self.last_pass = paused.then_some((from, heard, words));
        }
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
        if from >= start || end - from > MAX_WINDOW {
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
        if *heard < last_speech + secs(self.cfg.end_of_speech) {
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
            let t = self.recognizer.transcribe_with(samples, &options);
            self.glimpsing.store(false, Ordering::Relaxed);
            t?
        } else {
            self.recognizer.transcribe_to_the_end(samples, &options)?
        };
        let t = to_transcript(&t);
        if !glimpse {
            let took = began.elapsed().as_secs_f64();
            self.context_cost = Some(took / self.context_s(end - start));
        }
        if std::env::var_os("VIVA_LIVE_DEBUG").is_some() {
            eprintln!(
                "live {} {:.2}-{:.2} s (heard {:.2} s) took {:.3} s: {} words",
                if glimpse { "glimpse" } else { "pass" },
                start as f64 / RATE as f64,
                end as f64 / RATE as f64,
                self.audio.len() as f64 / RATE as f64,
                began.elapsed().as_secs_f64(),
                t.words.len()
            );
        }
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
    fn finish_tail(&mut self) -> Result<Transcript, PracticeError> {
        if let Some(start) = self.piece_start() {
            let last = self.active.iter().rposition(|&a| a).unwrap_or(0);
            let end = ((last + 1) * FRAME + secs(self.cfg.tail).max(RATE / 2))
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
