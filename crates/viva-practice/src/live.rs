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
use std::sync::mpsc::{Receiver, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use viva_asr::engine::Options;
use viva_audio::Chunk;
use viva_audio::vad::VadConfig;
use viva_core::Transcript;

use crate::api::AnswerEvent;
use crate::{PracticeError, RATE, Recognizer};

mod policy;
mod transcriber;
#[cfg(test)]
mod transcriber_tests;

use transcriber::Transcriber;

/// The voice activity detector's frame: 20 ms.
const FRAME: usize = RATE / 50;
/// How much shorter than the engine's window a pass is kept, for the room its margins take.
const WINDOW_MARGIN: usize = 2 * RATE;

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
