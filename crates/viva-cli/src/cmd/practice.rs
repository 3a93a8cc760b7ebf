//! `viva practice`: the whole loop in a terminal. Ask, record with auto-stop, transcribe, score,
//! keep. The attempt exists before the first sample is recorded, so a crash mid-answer leaves
//! the recording attached to it, and the next run recovers it.

use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::Args;
use viva_audio::{RecordConfig, RecordOptions, Recorded, StopReason};
use viva_core::{Deck, DeliveryTargets, Question, Transcript, assess};
use viva_store::Store;

use super::Context;
use super::record::{seconds, watch};
use super::score::print_assessment;
use super::speech::{Recognizer, read_audio, to_transcript};
use crate::output::print_json;

#[derive(Args)]
pub struct PracticeArgs {
    /// Deck to practise [default: the first built-in deck]
    #[arg(long)]
    deck: Option<String>,
    /// Question id [default: your weakest question: unanswered first, then the lowest latest score]
    #[arg(long, short)]
    question: Option<String>,
    /// Speech model: a name or a path [default: the default model]
    #[arg(long, value_name = "NAME|PATH")]
    model: Option<String>,
    /// Microphone: a name from `viva devices`, or part of one [default: the system default]
    #[arg(long, value_name = "NAME")]
    device: Option<String>,
    /// Longest answer, in seconds
    #[arg(long, value_name = "N", default_value_t = 180.0)]
    max_seconds: f64,
    /// Stop after this much silence once you have started speaking
    #[arg(long, value_name = "S", default_value_t = 3.0)]
    stop_on_silence: f64,
    /// Print the assessment as JSON (as `viva score --json`, with "saved")
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &Context, args: PracticeArgs) -> Result<ExitCode> {
    let lib = ctx.library();
    let deck = match &args.deck {
        Some(id) => lib.find_deck(id)?,
        None => lib.decks.first().context("no decks are installed")?,
    };
    let mut store = ctx.store()?;
    // Loading the model before recording means the result comes right after the answer.
    let mut recognizer = Recognizer::start(ctx, args.model.as_deref())?;
    recover(&store, &mut recognizer)?;
    let question = match &args.question {
        Some(id) => lib.find_question(&format!("{}/{id}", deck.id))?.1,
        None => weakest(&store, deck)?,
    };
    let asked = format!(
        "{} · {}\n\n  {}\n",
        deck.title, question.category, question.prompt
    );
    // With --json, stdout carries only the JSON.
    if args.json {
        eprintln!("{asked}");
    } else {
        println!("{asked}");
    }

    let session = store.create_session(&deck.id, "single")?;
    let path = store.new_recording_path(&question.id)?;
    let attempt = store.begin_attempt(session, &deck.id, question, &path)?;
    let silence = seconds(args.stop_on_silence, "--stop-on-silence")?;
    let mut options = RecordOptions::new(&path);
    options.device = args.device.clone();
    options.config = RecordConfig {
        max_duration: seconds(args.max_seconds, "--max-seconds")?,
        stop_after_silence: (!silence.is_zero()).then_some(silence),
        trim_leading: false,
        ..RecordConfig::default()
    };
    let recorded = match viva_audio::start_recording(options)
        .map_err(anyhow::Error::from)
        .and_then(watch)
    {
        Ok(r) => r,
        Err(e) => {
            // Nothing was recorded: no attempt to keep.
            let _ = store.delete_session(session);
            return Err(
                e.context("You can still practise by typing: viva score --question ID --text -")
            );
        }
    };

    // The attempt stays in the 'recording' state if this fails, so the next practice recovers it.
    let transcript = transcribe(&mut recognizer, &recorded).with_context(|| {
        format!(
            "your answer is saved in {} and will be transcribed and scored the next time you run              `viva practice`",
            recorded.path.display()
        )
    })?;
    let assessment = assess(question, &transcript, &DeliveryTargets::default());
    store.finish_attempt(
        attempt,
        &transcript,
        &assessment,
        transcript.model.as_deref(),
    )?;

    if args.json {
        let mut value = serde_json::to_value(&assessment)?;
        value["saved"] =
            serde_json::json!({"session_id": session, "attempt_id": attempt, "audio_path": path});
        print_json(&value)?;
    } else {
        print_assessment(&assessment, &transcript);
        println!(
            "\nSaved as attempt {attempt} in session {session}; replay with `viva play {}`.",
            path.display()
        );
    }
    if let Some(problem) = recorded.problem() {
        eprintln!("viva: {problem}");
        if !matches!(recorded.reason, StopReason::DeviceLost(_)) {
            return Ok(ExitCode::FAILURE);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Transcribes what was recorded. Whisper hears the audio from just before the detected speech
/// (leading silence invites it to invent words), and the times are put back on the recording's
/// clock, so time to first word counts from the moment recording began.
fn transcribe(recognizer: &mut Recognizer, recorded: &Recorded) -> Result<Transcript> {
    let samples = read_audio(&recorded.path)?;
    let Some(start) = recorded.speech_start else {
        return Ok(Transcript {
            duration_s: Some(recorded.duration.as_secs_f64()),
            ..Transcript::default()
        });
    };
    let from_s = (start.as_secs_f64() - RecordConfig::default().pre_roll.as_secs_f64()).max(0.0);
    let from = ((from_s * 16_000.0) as usize).min(samples.len());
    let mut transcript = to_transcript(&recognizer.transcribe(&samples[from..])?);
    for w in &mut transcript.words {
        w.start = w.start.map(|t| t + from_s);
        w.end = w.end.map(|t| t + from_s);
    }
    transcript.duration_s = Some(samples.len() as f64 / 16_000.0);
    Ok(transcript)
}

/// Finishes answers cut off by a crash or power loss: the recording's header is repaired and
/// what it holds is transcribed and scored, so at most the last second is lost.
fn recover(store: &Store, recognizer: &mut Recognizer) -> Result<()> {
    for attempt in store.unfinished()? {
        let Some(path) = attempt.audio_path.as_deref() else {
            continue;
        };
        // Whatever goes wrong here must not stop today's practice: the attempt is kept either
        // way, with what could be recovered.
        let transcript = match viva_audio::repair(path) {
            Ok(_) => match read_audio(path).and_then(|samples| recognizer.transcribe(&samples)) {
                Ok(t) => to_transcript(&t),
                Err(e) => {
                    eprintln!(
                        "viva: could not transcribe the cut-off answer in {}: {e:#}",
                        path.display()
                    );
                    Transcript::default()
                }
            },
            // The crash came before the first sample was written: nothing to recover.
            Err(_) => Transcript::default(),
        };
        let assessment = assess(&attempt.question, &transcript, &DeliveryTargets::default());
        store.finish_attempt(
            attempt.id,
            &transcript,
            &assessment,
            transcript.model.as_deref(),
        )?;
        store.mark_interrupted(attempt.id)?;
        eprintln!(
            "Recovered an answer to \"{}\" that was cut off (attempt {}, session {}).",
            attempt.question.id, attempt.id, attempt.session_id
        );
    }
    Ok(())
}

/// The question to practise next: one never answered, else the one with the lowest latest score.
fn weakest<'d>(store: &Store, deck: &'d Deck) -> Result<&'d Question> {
    let mut best: Option<(u32, &Question)> = None;
    for q in &deck.questions {
        let latest = store.progress(&q.id)?.last().map(|p| p.score);
        let Some(score) = latest else { return Ok(q) };
        if best.is_none_or(|(b, _)| score < b) {
            best = Some((score, q));
        }
    }
    best.map(|(_, q)| q).context("the deck has no questions")
}
