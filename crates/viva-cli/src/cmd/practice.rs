//! `viva practice`: the whole loop in a terminal. Ask, record with auto-stop while the answer is
//! transcribed live, score, keep. It is viva-practice's loop, the one the desktop app runs: the
//! attempt exists before the first sample is recorded, so a crash mid-answer leaves the
//! recording attached to it, and the next run recovers it.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context as _, Result, anyhow};
use clap::Args;
use viva_core::Word;
use viva_practice::{AnswerEvent, Answering, SessionMode, StopKind};

use super::Context;
use super::record::{meter, reset_stop, seconds, stop_on_ctrl_c, stop_on_enter, stop_requested};
use super::score::print_assessment;
use super::speech::recognizer;
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
    /// Microphone: a name from `viva devices`, or part of one [default: the one chosen in the
    /// app's settings, else the system default]
    #[arg(long, value_name = "NAME")]
    device: Option<String>,
    /// Longest answer, in seconds [default: your setting, 180 unless changed]
    #[arg(long, value_name = "N")]
    max_seconds: Option<f64>,
    /// Stop after this much silence once you have started speaking [default: your setting, 3]
    #[arg(long, value_name = "S")]
    stop_on_silence: Option<f64>,
    /// Ask the question spaced repetition says is due (the longest overdue first, then a new
    /// one at your pace of new questions per day)
    #[arg(long, conflicts_with = "question")]
    due: bool,
    /// Ask a follow-up when the answer leaves out a central point, as an interviewer would, and
    /// record the answer to it [default: your setting, which asks in mock interviews only]
    #[arg(long)]
    follow_up: bool,
    /// Print the assessment as JSON (as `viva score --json`, with "saved", "next_review" and
    /// "follow_up")
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
    // The user's settings (the app's Settings screen), overridden by the options given here.
    let mut settings = ctx.settings();
    if let Some(device) = &args.device {
        settings.microphone = Some(device.clone());
    }
    if let Some(s) = args.max_seconds {
        settings.max_answer_s = seconds(s, "--max-seconds")?.as_secs_f64();
    }
    if let Some(s) = args.stop_on_silence {
        settings.auto_stop_s = seconds(s, "--stop-on-silence")?.as_secs_f64();
    }
    if args.follow_up {
        settings.follow_ups = viva_practice::FollowUps::Always;
    }
    let targets = settings.targets();
    // Loading the model before recording lets it transcribe while you speak.
    let mut recognizer = Some(recognizer(ctx, args.model.as_deref())?);
    let running = recognizer.as_mut().expect("started above");
    for r in viva_practice::recover(|| &store, running, &targets)? {
        if let Some(problem) = &r.problem {
            eprintln!("viva: {problem}");
        }
        eprintln!(
            "Recovered {} to \"{}\" that was cut off (attempt {}, session {}).",
            if r.follow_up {
                "a follow-up answer"
            } else {
                "an answer"
            },
            r.question_id,
            r.attempt_id,
            r.session_id
        );
    }
    let mut due_today = None;
    let question = match &args.question {
        Some(id) => lib.find_question(&format!("{}/{id}", deck.id))?.1,
        None if args.due => {
            let due = viva_practice::due::due_questions(&store, deck, &settings)?;
            let agenda = viva_practice::due::agenda(&store, deck, &settings)?;
            due_today = Some(format!(
                "{} due today, {} new. ",
                agenda.due.len(),
                agenda.new.len()
            ));
            due[0]
        }
        None => viva_practice::weakest(&store, deck)?,
    };
    let asked = format!(
        "{}{} · {}\n\n  {}\n",
        due_today.unwrap_or_default(),
        deck.title,
        question.category,
        question.prompt
    );
    // With --json, stdout carries only the JSON.
    if args.json {
        eprintln!("{asked}");
    } else {
        println!("{asked}");
    }

    let mode = if args.due {
        SessionMode::Due
    } else {
        SessionMode::Single
    };
    let session = store.create_session(&deck.id, mode)?;
    let started = record(|sink| {
        Answering::start(
            &store,
            session,
            &deck.id,
            question,
            &settings,
            &mut recognizer,
            sink,
        )
    });
    let answering = match started {
        Ok(a) => a,
        Err(e) => {
            // Nothing was recorded: no attempt to keep.
            let _ = store.delete_session(session);
            return Err(anyhow!(e)
                .context("You can still practise by typing: viva score --question ID --text -"));
        }
    };
    let path = answering.answering.path.clone();
    let (result, mut stopped) = answering.finish(&store, &mut recognizer, &targets)?;
    let mut follow_up = None;
    if let Some(probe) = &result.follow_up_question {
        let asked = format!("\nFollow-up: {}\n", probe.prompt);
        if args.json {
            eprintln!("{asked}");
        } else {
            print_assessment(&result.assessment, &result.transcript);
            println!("{asked}");
        }
        let answering = record(|sink| {
            Answering::start_follow_up(
                &store,
                result.attempt_id,
                &settings,
                viva_practice::Source::Microphone,
                &mut recognizer,
                sink,
            )
        })?;
        let (after, how) = answering.finish(&store, &mut recognizer, &targets)?;
        stopped = how;
        follow_up = after.follow_up;
    }

    if args.json {
        let mut value = serde_json::to_value(&result.assessment)?;
        value["saved"] = serde_json::json!({
            "session_id": result.session_id,
            "attempt_id": result.attempt_id,
            "audio_path": path,
        });
        value["next_review"] = serde_json::to_value(&result.next_review)?;
        value["baseline"] = serde_json::to_value(&result.baseline)?;
        value["follow_up"] = serde_json::to_value(&follow_up)?;
        print_json(&value)?;
    } else {
        match &follow_up {
            Some(f) => print_follow_up(f),
            None => print_assessment(&result.assessment, &result.transcript),
        }
        if let Some(b) = &result.baseline {
            let usual: Vec<String> = b
                .usual
                .iter()
                .map(|u| format!("{} {}", u.name.to_lowercase(), u.value))
                .collect();
            println!(
                "\nYour usual (median of your last {} spoken answers): {}.",
                b.answers,
                usual.join(", ")
            );
        }
        println!(
            "\nSaved as attempt {} in session {}; replay with `viva play {}`.",
            result.attempt_id,
            result.session_id,
            path.display()
        );
        if let Some(next) = &result.next_review {
            println!("It comes back {} ({}).", next.due_in, next.grade.reason);
        }
    }
    if let Some(problem) = &result.problem {
        eprintln!("viva: {problem}");
        // A lost microphone still leaves an answer to score; no answer at all is a failure.
        if stopped != Some(StopKind::DeviceLost) {
            return Ok(ExitCode::FAILURE);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// An answer being recorded at the terminal, with its meter.
struct Recording {
    answering: Answering,
    screen: Arc<Mutex<Screen>>,
}

/// Starts recording with `start` (given the terminal's event sink) and says so.
fn record(
    start: impl FnOnce(
        viva_practice::answer::EventSink,
    ) -> Result<Answering, viva_practice::PracticeError>,
) -> Result<Recording, viva_practice::PracticeError> {
    let screen = Arc::new(Mutex::new(Screen::new(std::io::stderr().is_terminal())));
    let shown = Arc::clone(&screen);
    let sink = Box::new(move |event| {
        let mut screen = shown.lock().unwrap_or_else(|p| p.into_inner());
        screen.show(event);
    });
    let answering = start(sink)?;
    stop_on_ctrl_c();
    stop_on_enter();
    // Tests and scripts wait for this line to know the microphone is live.
    eprintln!(
        "Recording from {}: speak now ({} to stop).",
        answering.device,
        if std::io::stdin().is_terminal() {
            "Enter or Ctrl-C"
        } else {
            "Ctrl-C"
        }
    );
    Ok(Recording { answering, screen })
}

impl Recording {
    /// Waits for the answer to end (silence, Enter, Ctrl-C), then transcribes, scores and keeps
    /// it; says how recording ended if it ended by itself.
    fn finish(
        self,
        store: &viva_practice::Store,
        recognizer: &mut Option<viva_practice::Recognizer>,
        targets: &viva_core::DeliveryTargets,
    ) -> Result<(viva_practice::AnswerResult, Option<StopKind>)> {
        while !self.answering.is_finished() && !stop_requested() {
            std::thread::sleep(Duration::from_millis(20));
        }
        reset_stop();
        let path = self.answering.path.clone();
        // The attempt stays in the 'recording' state if this fails, so the next practice
        // recovers it.
        let result = self
            .answering
            .finish(store, recognizer, targets)
            .with_context(|| {
                format!(
                    "your answer is saved in {} and will be transcribed and scored the next time \
                     you run `viva practice`",
                    path.display()
                )
            });
        let stopped = self.screen.lock().unwrap_or_else(|p| p.into_inner()).end();
        Ok((result?, stopped))
    }
}

/// The answer's result with its follow-up: the point asked about, whether the answer to the
/// follow-up recovered it (with the words), and the two scores.
fn print_follow_up(f: &viva_core::follow_up::FollowUp) {
    let r = &f.result;
    let verdict = match r.verdict() {
        viva_core::Verdict::Covered => "recovered on follow-up",
        viva_core::Verdict::Mentioned => "named on follow-up, not explained",
        viva_core::Verdict::Misconception => "stated wrongly on follow-up",
        viva_core::Verdict::Missed => "not recovered on follow-up",
    };
    let heard = match (&r.misconception, &r.heard) {
        (Some(m), _) => format!(" \"{}\" (true: {})", m.heard, m.truth),
        (None, Some(h)) => format!(" \"{h}\""),
        _ => String::new(),
    };
    println!("{}: {verdict}{heard}", r.name);
    println!(
        "Score {}/100 unprompted, {}/100 with the follow-up.",
        f.unprompted, f.with_follow_up
    );
}

/// The terminal while recording: the level meter on one line, the live transcript above it,
/// a line per piece as it is committed, and the words still being decided on the meter's line.
struct Screen {
    terminal: bool,
    speaking: bool,
    printed: usize,
    tentative: String,
    stopped: Option<StopKind>,
}

impl Screen {
    fn new(terminal: bool) -> Screen {
        Screen {
            terminal,
            speaking: false,
            printed: 0,
            tentative: String::new(),
            stopped: None,
        }
    }

    fn show(&mut self, event: AnswerEvent) {
        match event {
            AnswerEvent::Level {
                elapsed_s,
                rms_db,
                peak_db,
            } if self.terminal => {
                if self.tentative.is_empty() {
                    meter(
                        rms_db,
                        peak_db,
                        Duration::from_secs_f64(elapsed_s),
                        self.speaking,
                    );
                } else {
                    self.line(&format!(
                        "  {}  … {}",
                        crate::output::clock(elapsed_s),
                        self.tentative
                    ));
                }
            }
            AnswerEvent::Speech { .. } => self.speaking = true,
            AnswerEvent::Live {
                committed,
                tentative,
            } if self.terminal => {
                if committed.len() > self.printed {
                    let new = text(&committed[self.printed..]);
                    self.printed = committed.len();
                    self.line(&format!("  {new}\n"));
                }
                // The end of what is being said, as much as fits beside the clock.
                let words = text(&tentative);
                let skip = words.chars().count().saturating_sub(64);
                self.tentative = words.chars().skip(skip).collect();
            }
            AnswerEvent::Stopped { reason, .. } => self.stopped = Some(reason),
            _ => {}
        }
    }

    fn line(&self, text: &str) {
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[K{text}");
        let _ = err.flush();
    }

    /// Clears the meter's line; says how recording ended if it ended by itself.
    fn end(&mut self) -> Option<StopKind> {
        if self.terminal {
            self.line("");
        }
        self.stopped
    }
}

fn text(words: &[Word]) -> String {
    let words: Vec<&str> = words.iter().map(|w| w.word.as_str()).collect();
    words.join(" ")
}
