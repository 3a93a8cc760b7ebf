//! The speech engine: one loaded whisper.cpp model, reused for many transcriptions.
//!
//! Runs in-process; anything that could abort (a bad model, a whisper.cpp assert) should go
//! through `worker`, which runs this in a child process.

mod cpu;
mod dtw;
mod repetition;
mod words;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use whisper_rs::{FullParams, SamplingStrategy, WhisperContext, WhisperContextParameters};

pub use words::{RawToken, is_annotation, merge as merge_words};

/// The only sample rate the engine accepts (Whisper's training rate).
pub const SAMPLE_RATE: u32 = 16_000;

/// Whisper hears audio in windows of 30 s (1500 encoder positions of 20 ms).
pub const WINDOW_S: f64 = 30.0;

/// A short, keyword-free prompt in the style of disfluent speech. Whisper learned from
/// captions that tidy "um"/"uh" away; a prompt that contains them nudges it to keep them,
/// without naming any topic words it could then hallucinate.
pub const FILLER_PROMPT: &str = "Um, uh, so, like, I mean, you know... Hmm, okay.";

/// Decoding settings. `Default` is what the measurements below support.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Options {
    /// ISO code such as "en"; `None` lets a multilingual model detect it. English-only
    /// models (`*.en`) always decode English.
    pub language: Option<String>,
    /// CPU threads; 0 means the cores other programs leave free (see `engine::cpu`), up to
    /// all of them.
    pub threads: usize,
    /// Text the decoder sees as if it had been said just before the audio. Keep it free of
    /// topic words: Whisper will write words from the prompt that nobody said.
    pub initial_prompt: Option<String>,
    /// How much of Whisper's 30 s window the encoder runs: the audio's length plus this many
    /// seconds, or with `None` the whole window, as Whisper was trained. The encoder's cost
    /// grows with the window, so a 5 s answer runs about twice as fast fitted. Too tight a
    /// fit makes Whisper repeat itself (with 1 s, 30% WER on the recordings below), so a
    /// transcript that looks like a loop is done again with the whole window.
    pub context_margin_s: Option<f64>,
    /// A quick look whose words are replaced later (the live transcript's words while the
    /// speaker goes on): decoded once, with no fallback at higher temperatures and no second
    /// pass with the whole window. A pass that loops then returns no words rather than
    /// costing seconds (fitted to audio cut off mid-word, Whisper loops now and then, and its
    /// fallback decodes took up to 16 s).
    pub tentative: bool,
}

/// Encoder positions covering `samples` of 16 kHz audio, plus `margin_s` seconds, and never
/// less than [`MIN_FITTED_CTX`].
fn fitted_audio_ctx(samples: usize, margin_s: f64) -> u32 {
    let needed = min_audio_ctx(samples) + (margin_s * 50.0).ceil() as u32;
    needed.clamp(MIN_FITTED_CTX, WHOLE_AUDIO_CTX)
}

/// 10 s: the live pieces that looped most under a fitted context were the shortest (1 s of
/// speech in a 4 s context), and below this the encoder is cheap next to decoding anyway.
const MIN_FITTED_CTX: u32 = 500;

/// Whisper's whole window: 30 s at 50 encoder positions a second.
const WHOLE_AUDIO_CTX: u32 = 1500;

/// whisper.cpp asserts that the mel frames it aligns (100 a second) fit in twice the context.
fn min_audio_ctx(samples: usize) -> u32 {
    (samples / 320 + 2) as u32
}

/// English, all cores, the filler prompt and a context fitted with 3 s to spare. Measured
/// with `scripts/measure-wer.sh` on 39 real recordings (314 s, 798 normalised words, 12
/// fillers in the references), greedy, whole 30 s window:
///
/// | model   | prompt  | WER   | fillers kept | fillers invented |
/// |---------|---------|-------|--------------|------------------|
/// | tiny.en | none    | 7.64% | 0/12         | 0                |
/// | tiny.en | fillers | 7.64% | 11/12        | 1                |
/// | base    | none    | 8.65% | 0/12         | 0                |
/// | base    | fillers | 8.65% | 10/12        | 0                |
///
/// The prompt keeps nearly every "um"/"uh" (a delivery metric Viva reports) at no cost in
/// WER, so it is on by default; set `initial_prompt: None` for a clean transcript. The
/// fitted context's speed and accuracy are in BENCHMARKS.md ("Encoder context").
impl Default for Options {
    fn default() -> Self {
        Self {
            language: Some("en".into()),
            threads: 0,
            initial_prompt: Some(FILLER_PROMPT.into()),
            context_margin_s: Some(3.0),
            tentative: false,
        }
    }
}

impl Options {
    /// Default options without the filler prompt: Whisper's usual tidied-up transcript.
    pub fn without_fillers() -> Self {
        Self {
            initial_prompt: None,
            ..Self::default()
        }
    }

    /// Encoder positions a pass over `samples` runs on when fitted; `None` for whole windows
    /// (no margin set, audio of 30 s or more, or a fit that would fill the window anyway).
    fn fitted_context(&self, samples: usize) -> Option<u32> {
        self.context_margin_s
            .filter(|_| (samples as f64) < WINDOW_S * f64::from(SAMPLE_RATE))
            .map(|margin| fitted_audio_ctx(samples, margin))
            .filter(|&ctx| ctx < WHOLE_AUDIO_CTX)
    }

    /// Seconds of audio the encoder runs on for `samples`: what a pass costs grows with it.
    pub fn encoder_seconds(&self, samples: usize) -> f64 {
        f64::from(self.fitted_context(samples).unwrap_or(WHOLE_AUDIO_CTX)) / 50.0
    }

    fn thread_count(&self) -> usize {
        if self.threads > 0 {
            return self.threads;
        }
        cpu::threads_for_next_pass(std::thread::available_parallelism().map_or(1, |n| n.get()))
    }
}

/// A word with its time in the recording (seconds) and the engine's confidence in [0, 1].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Word {
    /// As written by Whisper, with attached punctuation ("interpreter.").
    pub text: String,
    pub start: f64,
    pub end: f64,
    /// Minimum token probability over the word (see `engine::words::merge` for why).
    pub probability: f32,
}

/// A stretch of speech Whisper decoded in one go (roughly a sentence or a pause-delimited part).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    pub start: f64,
    pub end: f64,
    pub text: String,
    pub words: Vec<Word>,
    /// Whisper's estimate that this segment is not speech; high values flag hallucinations.
    pub no_speech_probability: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transcription {
    pub segments: Vec<Segment>,
    /// ISO language code the text is in.
    pub language: String,
    /// Model name, e.g. "tiny.en".
    pub model: String,
    /// Length of the audio in seconds.
    pub duration: f64,
}

impl Transcription {
    /// The whole text, segments joined with single spaces.
    pub fn text(&self) -> String {
        let parts: Vec<&str> = self.segments.iter().map(|s| s.text.trim()).collect();
        parts
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub fn words(&self) -> impl Iterator<Item = &Word> {
        self.segments.iter().flat_map(|s| s.words.iter())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(
        "speech model {name} is not installed ({} does not exist); install it with \
         `viva models install {name}`",
        path.display()
    )]
    ModelMissing { name: String, path: PathBuf },
    #[error(
        "could not load speech model {name} from {}: the file is not a valid whisper.cpp model \
         (it may be corrupt or incomplete); reinstall it with `viva models install {name}`",
        path.display()
    )]
    ModelInvalid { name: String, path: PathBuf },
    #[error("speech model {name} does not know the language {language:?}")]
    Language { name: String, language: String },
    #[error("speech recognition with model {name} failed: {detail}")]
    Transcribe { name: String, detail: String },
}

/// The user-facing name of a model file: "ggml-tiny.en.bin" and "tiny.en.bin" are "tiny.en".
pub fn model_name(path: &Path) -> String {
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = file.strip_suffix(".bin").unwrap_or(&file);
    stem.strip_prefix("ggml-").unwrap_or(stem).to_owned()
}

/// How a model is loaded: settings that cannot change per transcription.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LoadOptions {
    /// whisper.cpp's flash attention. Off: it measured no faster on this project's 2-core
    /// CPU (BENCHMARKS.md), and whisper.cpp cannot align words by DTW with it, so word times
    /// would come from the decoder's coarser timestamp tokens. Kept for measuring.
    pub flash_attention: bool,
}

pub struct Engine {
    context: WhisperContext,
    // One decoding state reused across calls: creating it allocates the KV caches and
    // compute buffers (tens of MB), which is wasted work for every answer.
    state: whisper_rs::WhisperState,
    name: String,
    /// Word times come from DTW (see `engine::dtw`) when the model has a known preset.
    dtw: bool,
}

impl Engine {
    /// Loads a ggml Whisper model. Slow (hundreds of ms); load once and keep the engine.
    pub fn load(path: &Path) -> Result<Self, EngineError> {
        Self::load_with(path, &LoadOptions::default())
    }

    /// [`Engine::load`] with settings.
    pub fn load_with(path: &Path, load: &LoadOptions) -> Result<Self, EngineError> {
        let name = model_name(path);
        if !path.is_file() {
            return Err(EngineError::ModelMissing {
                name,
                path: path.to_owned(),
            });
        }
        // whisper.cpp logs every load step to stderr; route it to the (silent) log hooks so
        // the CLI's output stays readable. Aborts still print their reason to stderr.
        whisper_rs::install_logging_hooks();
        let invalid = || EngineError::ModelInvalid {
            name: name.clone(),
            path: path.to_owned(),
        };
        let mut params = WhisperContextParameters::default();
        params.use_gpu(false);
        params.flash_attn(load.flash_attention);
        let preset = dtw::preset_for(path).filter(|_| !load.flash_attention);
        let dtw = preset.is_some();
        if let Some(model_preset) = preset {
            params.dtw_parameters(whisper_rs::DtwParameters {
                mode: whisper_rs::DtwMode::ModelPreset { model_preset },
                ..Default::default()
            });
        }
        let context = WhisperContext::new_with_params(path, params).map_err(|_| invalid())?;
        let state = context.create_state().map_err(|_| invalid())?;
        Ok(Self {
            dtw,
            context,
            state,
            name,
        })
    }

    pub fn model_name(&self) -> &str {
        &self.name
    }

    pub fn is_multilingual(&self) -> bool {
        self.context.is_multilingual()
    }

    /// Transcribes 16 kHz mono samples in [-1, 1].
    pub fn transcribe(
        &mut self,
        samples: &[f32],
        options: &Options,
    ) -> Result<Transcription, EngineError> {
        let duration = samples.len() as f64 / f64::from(SAMPLE_RATE);
        let multilingual = self.context.is_multilingual();
        let language = match (&options.language, multilingual) {
            (_, false) => Some("en".to_owned()),
            (Some(code), true) => {
                if whisper_rs::get_lang_id(code).is_none() {
                    let name = self.name.clone();
                    return Err(EngineError::Language {
                        name,
                        language: code.clone(),
                    });
                }
                Some(code.clone())
            }
            (None, true) => None,
        };
        let result = Transcription {
            segments: Vec::new(),
            language: language.clone().unwrap_or_else(|| "en".into()),
            model: self.name.clone(),
            duration,
        };
        // whisper.cpp needs at least 100 ms; shorter input can only be silence or a click.
        if samples.len() < SAMPLE_RATE as usize / 10 {
            return Ok(result);
        }

        let mut params = FullParams::new(SamplingStrategy::Greedy { best_of: 1 });
        params.set_n_threads(options.thread_count() as i32);
        params.set_language(Some(language.as_deref().unwrap_or("auto")));
        params.set_detect_language(false);
        params.set_translate(false);
        // Each answer stands alone; carrying text across windows mostly spreads errors and
        // repetition loops from one 30 s window into the next.
        params.set_no_context(true);
        params.set_suppress_blank(true);
        params.set_token_timestamps(true);
        params.set_print_progress(false);
        params.set_print_realtime(false);
        params.set_print_special(false);
        params.set_print_timestamps(false);
        if let Some(prompt) = options.initial_prompt.as_deref().filter(|p| !p.is_empty()) {
            params.set_initial_prompt(prompt);
        }
        if options.tentative {
            params.set_temperature_inc(0.0);
            params.set_abort_callback_safe(crate::worker::interrupt::requested);
        }
        // Audio longer than one window is decoded window by window, each a whole one.
        if let Some(ctx) = options.fitted_context(samples.len()) {
            let mut fitted_params = params.clone();
            fitted_params.set_audio_ctx(ctx as i32);
            let run = self.run(fitted_params, samples, options.tentative);
            if options.tentative && crate::worker::interrupt::requested() {
                tracing::debug!("a tentative pass of {duration:.1} s was stopped; no words");
                return Ok(result);
            }
            run?;
            let (texts, times) = self.texts_and_times();
            let looped = repetition::looks_like_a_loop(&texts, &times, duration);
            if options.tentative {
                if looped {
                    tracing::debug!("a tentative pass of {duration:.1} s looped; no words");
                    return Ok(result);
                }
                return self.collect(result, language.is_none(), samples);
            }
            if looped {
                tracing::info!(
                    "the transcript of {duration:.1} s with a fitted encoder context repeats \
                     itself; transcribing it again with the whole window"
                );
            } else if repetition::heard_only_noise(&texts, duration) {
                tracing::info!(
                    "a fitted encoder context heard no words in {duration:.1} s; \
                     transcribing it again with the whole window"
                );
            } else {
                return self.collect(result, language.is_none(), samples);
            }
        }
        let run = self.run(params, samples, options.tentative);
        if options.tentative && crate::worker::interrupt::requested() {
            return Ok(result);
        }
        run?;
        self.collect(result, language.is_none(), samples)
    }

    fn run(
        &mut self,
        params: FullParams,
        samples: &[f32],
        tentative: bool,
    ) -> Result<(), EngineError> {
        let name = &self.name;
        let result = self.state.full(params, samples);
        if !tentative {
            // A stop asked for while a careful pass ran came too late for the glimpse it was
            // meant for; the next glimpse is another's.
            crate::worker::interrupt::clear();
        }
        result.map_err(|e| EngineError::Transcribe {
            name: name.clone(),
            detail: e.to_string(),
        })?;
        Ok(())
    }

    /// The last run's segment texts, and the times of its word tokens (DTW times when the
    /// model has them, else the decoder's token starts), for telling a loop from speech.
    fn texts_and_times(&self) -> (Vec<String>, Vec<i64>) {
        let eot = self.context.token_eot();
        let mut texts = Vec::new();
        let mut times = Vec::new();
        for segment in self.state.as_iter() {
            texts.push(
                segment
                    .to_str_lossy()
                    .map(|t| t.into_owned())
                    .unwrap_or_default(),
            );
            for i in 0..segment.n_tokens() {
                let Some(token) = segment.get_token(i) else {
                    continue;
                };
                let wordy = token
                    .to_str_lossy()
                    .is_ok_and(|t| t.chars().any(char::is_alphanumeric));
                if token.token_id() < eot && wordy {
                    let data = token.token_data();
                    times.push(if self.dtw { data.t_dtw } else { data.t0 });
                }
            }
        }
        (texts, times)
    }

    /// The last run's segments and words.
    fn collect(
        &mut self,
        mut result: Transcription,
        detect_language: bool,
        samples: &[f32],
    ) -> Result<Transcription, EngineError> {
        let duration = result.duration;

        if detect_language {
            let id = self.state.full_lang_id_from_state();
            result.language = whisper_rs::get_lang_str(id).unwrap_or("en").to_owned();
        }
        let eot = self.context.token_eot();
        for segment in self.state.as_iter() {
            let mut tokens = Vec::with_capacity(segment.n_tokens() as usize);
            // A DTW time marks where a token ends; it starts where the previous one ended.
            let mut previous_end = centis(segment.start_timestamp());
            for i in 0..segment.n_tokens() {
                let Some(token) = segment.get_token(i) else {
                    continue;
                };
                let data = token.token_data();
                // Every id from <|endoftext|> up is a control or timestamp token.
                let special = token.token_id() >= eot;
                let (start, end) = if self.dtw && !special && data.t_dtw >= 0 {
                    let end = centis(data.t_dtw).max(previous_end);
                    (std::mem::replace(&mut previous_end, end), end)
                } else {
                    (centis(data.t0), centis(data.t1))
                };
                tokens.push(RawToken {
                    special,
                    bytes: token.to_bytes().map(<[u8]>::to_vec).unwrap_or_default(),
                    start,
                    end,
                    probability: data.p,
                });
            }
            let text = segment
                .to_str_lossy()
                .map(|t| t.trim().to_owned())
                .unwrap_or_default();
            let mut words = merge_words(&tokens);
            let heard = words.len();
            words::drop_annotations(&mut words);
            // The segment's own text still holds what was dropped ("(sigh)", "[no audio]"),
            // and `viva transcribe` prints it: it is written again from the words kept.
            let text = if words.len() == heard {
                text
            } else {
                words::joined(&words)
            };
            if words.is_empty() {
                // "[BLANK_AUDIO]" and the like: nothing was said in this stretch.
                continue;
            }
            // Whisper pads to 30 s windows, so its times can run past the end of the audio.
            let clamp = |t: f64| t.clamp(0.0, duration);
            for w in &mut words {
                (w.start, w.end) = (clamp(w.start), clamp(w.end));
            }
            result.segments.push(Segment {
                start: clamp(centis(segment.start_timestamp())),
                end: clamp(centis(segment.end_timestamp())),
                text,
                words,
                no_speech_probability: segment.no_speech_probability(),
            });
        }
        let mut all: Vec<Word> = result
            .segments
            .iter()
            .flat_map(|s| s.words.clone())
            .collect();
        words::snap_starts_to_speech(&mut all, samples, SAMPLE_RATE);
        let mut refined = all.into_iter();
        for segment in &mut result.segments {
            for w in &mut segment.words {
                *w = refined.next().expect("same words, same order");
            }
        }
        Ok(result)
    }
}

/// whisper.cpp reports times in units of 10 ms.
fn centis(t: i64) -> f64 {
    t as f64 / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_encoder_hears_the_audio_and_the_margin_within_10_to_30_s() {
        let fitted = Options::default();
        let s = |seconds: usize| fitted.encoder_seconds(seconds * SAMPLE_RATE as usize);
        assert_eq!(s(2), 10.0);
        assert!((s(12) - 15.04).abs() < 1e-9, "{}", s(12));
        assert_eq!(s(29), 30.0);
        assert_eq!(s(60), 30.0);
        let whole = Options {
            context_margin_s: None,
            ..Options::default()
        };
        assert_eq!(whole.encoder_seconds(2 * SAMPLE_RATE as usize), 30.0);
    }
}
