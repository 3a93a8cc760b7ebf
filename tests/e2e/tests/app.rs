//! The desktop app end to end: the real binary in a real window, driven like a person would,
//! with a virtual microphone and speaker (see the crate's harness).
//!
//! The tests run one at a time: each has its own display, sound server and driver, but two
//! WebKit apps transcribing at once on a 2-core machine only make timings flaky.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::json;
use viva_e2e::{App, Locator, Options, fixture};

static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn serial() -> tokio::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().await
}

const GIL_CONCEPT: &str = "one thread runs bytecode at a time";
const SECS: fn(u64) -> Duration = Duration::from_secs;

/// Home: single mode, the GIL question, start.
async fn start_gil_practice(app: &App) {
    app.practise_one("gil").await;
    let prompt = app.text("question-prompt").await;
    assert!(
        prompt.to_lowercase().contains("global interpreter lock"),
        "the question asked is not the GIL one: {prompt:?}"
    );
}

/// Reads the raw 16 kHz mono recording so far.
fn samples_so_far(path: &Path) -> viva_e2e::Audio {
    let bytes = std::fs::read(path).unwrap_or_default();
    viva_e2e::Audio {
        samples: bytes
            .chunks_exact(2)
            .map(|b| i16::from_le_bytes([b[0], b[1]]))
            .collect(),
    }
}

/// Waits until the speaker has played something and then been quiet for a second.
async fn until_spoken_and_quiet(path: &Path, limit: Duration) {
    let start = Instant::now();
    while start.elapsed() < limit {
        tokio::time::sleep(Duration::from_millis(250)).await;
        let audio = samples_so_far(path);
        let n = audio.samples.len();
        if audio.loud_seconds() > 1.0 && n > 16_000 {
            let tail = viva_e2e::Audio {
                samples: audio.samples[n - 16_000..].to_vec(),
            };
            if tail.loud_seconds() == 0.0 {
                return;
            }
        }
    }
}

/// Waits until the recording at `path` holds `seconds` of sound, or `limit` has passed (the
/// assertion after it then says how much it heard).
async fn until_loud(path: &Path, seconds: f64, limit: Duration) {
    let start = Instant::now();
    while start.elapsed() < limit && samples_so_far(path).loud_seconds() < seconds {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits for the live transcript to show at least three words while the answer is still
/// being spoken (issue 7), and returns it; fails once the voice has ended without any.
async fn live_words_while_speaking(app: &App, voice: &mut viva_e2e::Guard) -> String {
    loop {
        let speaking = voice.is_running();
        if app.visible("live-transcript").await {
            let text = app.text("live-transcript").await;
            if !text.contains("Listening") && text.split_whitespace().count() >= 3 {
                return text;
            }
        }
        assert!(
            speaking && app.visible("stop-answer").await,
            "the whole answer was spoken and no live transcript showed while it was; the page \
             says: {}",
            app.body_text().await
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Issue 16: the window answers within 100 ms while speech is being transcribed. Reads the
/// history list through the app's IPC every 200 ms for as long as `going` says, each timed
/// inside the page (WebDriver's own round trips, about 0.3 s here, are not the window's), and
/// reports the median and the slowest as figures under `what`.
async fn history_reads_while(
    app: &App,
    what: &str,
    mut going: impl AsyncFnMut() -> bool,
) -> Vec<Duration> {
    let mut times = Vec::new();
    while going().await {
        let (sessions, took) = app.time_invoke("sessions", json!({})).await;
        sessions.unwrap();
        times.push(took);
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(times.len() < 900, "{what} never ended");
    }
    assert!(
        times.len() >= 3,
        "{what} ended before it could be watched ({} reads)",
        times.len()
    );
    let mut sorted = times.clone();
    sorted.sort();
    let median = sorted[sorted.len() / 2];
    let slowest = sorted[sorted.len() - 1];
    viva_e2e::report_figure(
        &format!("history read {what}, median"),
        median.as_secs_f64(),
    );
    viva_e2e::report_figure(
        &format!("history read {what}, slowest"),
        slowest.as_secs_f64(),
    );
    // The issue's 100 ms holds for the typical read; the slowest gets room for a scheduler
    // hiccup on a 2-core machine, and is reported either way.
    assert!(
        median < Duration::from_millis(100),
        "{what}: median read {median:?}"
    );
    assert!(
        slowest < Duration::from_millis(500),
        "{what}: slowest read {slowest:?}"
    );
    times
}

/// Clicks Stop and reports how long the result took to show (figures for BENCHMARKS.md),
/// failing only past the sanity bound `bound`: the score and the points covered (drawn first),
/// and the whole result with the transcript (drawn a frame later).
async fn stop_and_measure(app: &App, answer: &str, bound: Duration) {
    let took = app
        .time_click_until_each("stop-answer", &["result", "result-transcript"], bound * 3)
        .await;
    viva_e2e::report_figure(
        &format!("app stop to result, {answer} answer, tiny.en"),
        took[0].as_secs_f64(),
    );
    viva_e2e::report_figure(
        &format!("app stop to result with transcript, {answer} answer, tiny.en"),
        took[1].as_secs_f64(),
    );
    assert!(took[1] < bound, "stop to result took {took:?}");
}

/// Clicks `export-<format>`, answers the save dialog with `path`, and waits for the file and
/// the app's "saved" notice.
async fn export_through_dialog(app: &App, format: &str, path: &Path, shot: Option<&str>) {
    let before = app.windows();
    app.click(&format!("export-{format}")).await;
    app.answer_save_dialog(&before, path, shot).await;
    let deadline = Instant::now() + SECS(20);
    while !path.is_file() {
        assert!(
            Instant::now() < deadline,
            "the {format} export was not written to {} within 20 s; the page says: {}",
            path.display(),
            app.body_text().await
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let done = app.wait_for("export-done", SECS(10)).await;
    let deadline = Instant::now() + SECS(10);
    loop {
        let text = done.text().await.unwrap_or_default();
        if text.contains(path.to_str().unwrap()) {
            break;
        }
        assert!(Instant::now() < deadline, "export-done says {text:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "current_thread")]
async fn spoken_answer_then_history_replay_and_exports() {
    let _one = serial().await;
    let app = App::start(Options::default()).await;
    app.wait_for("nav-practice", SECS(60)).await;
    // The deck has loaded when Start can be pressed.
    app.wait_enabled("start-practice", SECS(20)).await;
    app.screenshot("home").await;

    // 1. The question is asked out loud.
    let spoken = app.home.join("question.raw");
    let speaker = app.pulse().record_speaker(&spoken);
    start_gil_practice(&app).await;
    until_spoken_and_quiet(&spoken, SECS(25)).await;
    let question_audio = speaker.stop();
    assert!(
        question_audio.loud_seconds() > 1.0,
        "the question was not heard on the speaker: {:.1} s recorded, {:.2} s of it loud \
         (RMS {:.4})",
        question_audio.seconds(),
        question_audio.loud_seconds(),
        question_audio.rms()
    );

    // ...and answered out loud, for 30 s: long enough that the transcript must show while
    // the answer is still being spoken.
    app.click("start-answer").await;
    app.wait_for("stop-answer", SECS(20)).await;
    let mut voice = app.pulse().speak(&fixture("gil-answer-30s.wav"));
    app.wait_for("level-meter", SECS(20)).await;
    let live = live_words_while_speaking(&app, &mut voice).await;
    eprintln!("live transcript while speaking: {live:?}");
    app.screenshot("practice-recording").await;
    assert!(voice.wait(SECS(90)), "paplay did not finish");
    // A person presses Stop a moment after the last word.
    tokio::time::sleep(Duration::from_millis(800)).await;
    if app.visible("stop-answer").await {
        stop_and_measure(&app, "30 s", SECS(60)).await;
    } else {
        // Stopped by itself after the silence (a slow machine heard the end late).
        app.wait_for("result", SECS(180)).await;
    }
    let transcript = app.text("result-transcript").await;
    assert!(
        transcript.to_lowercase().contains("thread"),
        "the transcript misses the answer: {transcript:?}"
    );
    let score = app.text("result-score").await;
    assert!(
        score.chars().any(|c| c.is_ascii_digit()),
        "no score shown: {score:?}"
    );
    let hit = format!("[data-testid=\"concept-hit\"][data-concept=\"{GIL_CONCEPT}\"]");
    app.wait_for_css(&hit, SECS(5)).await;
    app.screenshot("result").await;

    // 2. History shows the attempt, and replay plays it.
    app.click("nav-history").await;
    let row = app.wait_for("session-row", SECS(20)).await;
    let session_id: i64 = row
        .attr("data-session-id")
        .await
        .unwrap()
        .expect("session-row has data-session-id")
        .parse()
        .expect("a numeric session id");
    assert!(session_id > 0);
    row.click().await.unwrap();
    app.wait_for("session-detail", SECS(20)).await;
    app.wait_for("attempt-row", SECS(20)).await;
    app.screenshot("history").await;
    app.click("replay").await;
    let position_before = app.text("replay-position").await;
    let played = app.home.join("replay.raw");
    let speaker = app.pulse().record_speaker(&played);
    app.click("replay-play").await;
    // The answer's first word starts 1.2 s in; follow the highlighted word until it has moved.
    let mut current_words: Vec<String> = Vec::new();
    let started = Instant::now();
    let mut shot = false;
    while started.elapsed() < SECS(20) && current_words.len() < 3 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        if let Ok(e) = app
            .client
            .find(Locator::Css(
                "[data-testid=\"replay-word\"][data-current=\"true\"]",
            ))
            .await
        {
            let w = e.text().await.unwrap_or_default();
            if current_words.last() != Some(&w) {
                current_words.push(w);
            }
            if !shot && current_words.len() >= 2 {
                app.screenshot("replay").await;
                shot = true;
            }
        }
    }
    let position_after = app.text("replay-position").await;
    // Hear some of it on the speaker, then pause: the play button comes back. Waiting on what
    // reached the speaker, not a fixed time: on a loaded machine the sound server delivers
    // late, and a fixed 2 s stopped the recording with 0.75-1 s of speech in it.
    until_loud(&played, 1.5, SECS(20)).await;
    app.click("replay-pause").await;
    app.wait_for("replay-play", SECS(20)).await;
    let replay_audio = speaker.stop();
    assert_ne!(
        position_before, position_after,
        "the replay position did not move"
    );
    assert!(
        current_words.len() >= 2,
        "the current word did not advance during replay: {current_words:?}"
    );
    assert!(
        replay_audio.loud_seconds() > 1.0,
        "replay was not heard on the speaker ({:.2} s loud of {:.1} s)",
        replay_audio.loud_seconds(),
        replay_audio.seconds()
    );

    // 3. Exports: each button opens the native save dialog, answered with xdotool.
    let out = app.home.join("exports");
    std::fs::create_dir_all(&out).unwrap();
    for format in ["md", "html", "json", "csv"] {
        let path = out.join(format!("session.{format}"));
        let shot = (format == "md").then_some("export-dialog");
        export_through_dialog(&app, format, &path, shot).await;
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.to_lowercase().contains("thread"),
            "the {format} export lacks the transcript: {text}"
        );
        match format {
            "html" => assert!(text.contains("<html") || text.contains("<!DOCTYPE")),
            "json" => {
                let v: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
                assert!(v.to_string().contains("gil"), "{v}");
            }
            "csv" => assert!(text.lines().count() >= 2, "csv: header and a row: {text}"),
            _ => assert!(text.contains("global interpreter lock") || text.contains("GIL")),
        }
    }

    // Settings show where the data lives.
    app.click("nav-settings").await;
    app.wait_for("settings", SECS(20)).await;
    app.wait_for("data-dir", SECS(10)).await;
    let data_dir = app
        .js(
            "const e = document.querySelector('[data-testid=\"data-dir\"]'); \
             return (e.value || e.textContent).trim()",
            vec![],
        )
        .await;
    let data_dir = data_dir.as_str().unwrap_or_default();
    assert!(
        Path::new(data_dir) == app.data,
        "settings show data folder {data_dir:?}, not {}",
        app.data.display()
    );
    app.screenshot("settings").await;
    app.close().await;
}

/// Stop → result in the real app after a 90 s spoken answer (issue 13): a figure for
/// BENCHMARKS.md, with only a sanity bound.
#[tokio::test(flavor = "current_thread")]
async fn stop_to_result_after_a_90_second_answer() {
    let _one = serial().await;
    let app = App::start(Options::default()).await;
    app.wait_for("nav-practice", SECS(60)).await;
    app.wait_enabled("start-practice", SECS(20)).await;
    // Stop is pressed by hand here, as most people do; a silence must not end it first.
    let mut settings = app.invoke("settings", json!({})).await.unwrap();
    settings["auto_stop_s"] = json!(0.0);
    app.invoke("save_settings", json!({ "settings": settings }))
        .await
        .unwrap();
    start_gil_practice(&app).await;
    app.click("start-answer").await;
    app.wait_for("stop-answer", SECS(20)).await;
    let mut voice = app.pulse().speak(&fixture("gil-answer-90s.wav"));
    live_words_while_speaking(&app, &mut voice).await;
    history_reads_while(&app, "while a live transcript is made", async || {
        voice.is_running()
    })
    .await;
    assert!(voice.wait(SECS(180)), "paplay did not finish");
    tokio::time::sleep(Duration::from_millis(800)).await;
    stop_and_measure(&app, "90 s", SECS(120)).await;
    let transcript = app.text("result-transcript").await.to_lowercase();
    // Its first and last sentences, and most words in between (191 were said).
    assert!(
        transcript.contains("interpreter")
            && transcript.contains("build possible")
            && transcript.split_whitespace().count() > 150,
        "the transcript misses much of the 90 s answer: {transcript:?}"
    );
    app.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_wrong_claim_in_the_right_words_is_shown_as_a_misconception() {
    let _one = serial().await;
    let app = App::start(Options::default()).await;
    app.wait_for("nav-practice", SECS(60)).await;
    app.wait_enabled("start-practice", SECS(20)).await;
    start_gil_practice(&app).await;
    app.click("start-answer").await;
    app.wait_for("stop-answer", SECS(20)).await;
    let mut voice = app.pulse().speak(&fixture("gil-wrong-answer.wav"));
    assert!(voice.wait(SECS(60)), "paplay did not finish");
    tokio::time::sleep(Duration::from_millis(800)).await;
    if app.visible("stop-answer").await {
        app.click("stop-answer").await;
    }
    app.wait_for("result", SECS(120)).await;
    let wrong = format!("[data-testid=\"misconception\"][data-concept=\"{GIL_CONCEPT}\"]");
    let shown = app.wait_for_css(&wrong, SECS(10)).await;
    let text = shown.text().await.unwrap_or_default().to_lowercase();
    assert!(
        text.contains("every thread") && text.contains("in fact"),
        "the misconception does not quote the words and the truth: {text:?}"
    );
    // Not also credited, and not listed as merely missed.
    let hit = format!("[data-testid=\"concept-hit\"][data-concept=\"{GIL_CONCEPT}\"]");
    let credited = app
        .js(
            "return document.querySelector(arguments[0]) !== null",
            vec![json!(hit)],
        )
        .await;
    assert_eq!(credited, json!(false), "the wrong claim was credited");
    app.screenshot("result-misconception").await;
    app.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn first_run_with_an_empty_data_folder() {
    let _one = serial().await;
    let app = App::start(Options {
        model: false,
        ..Options::default()
    })
    .await;
    app.wait_for("first-run", SECS(60)).await;
    app.wait_for("install-model", SECS(5)).await;
    app.screenshot("first-run").await;
    app.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn without_a_microphone_typed_answers_still_work() {
    let _one = serial().await;
    let app = App::start(Options {
        sound: false,
        ..Options::default()
    })
    .await;
    app.wait_for("nav-practice", SECS(60)).await;
    app.wait_enabled("start-practice", SECS(20)).await;
    let mic = app.text("mic-status").await;
    assert!(
        mic.to_lowercase().contains("microphone"),
        "no clear word about the missing microphone: {mic:?}"
    );
    app.screenshot("no-microphone").await;

    start_gil_practice(&app).await;
    app.click("type-instead").await;
    let answer = "Only one thread runs Python bytecode at a time <b>really</b> & truly.";
    app.wait_for("answer-text", SECS(10))
        .await
        .send_keys(answer)
        .await
        .unwrap();
    app.click("submit-text").await;
    app.wait_for("result", SECS(60)).await;
    let hit = format!("[data-testid=\"concept-hit\"][data-concept=\"{GIL_CONCEPT}\"]");
    app.wait_for_css(&hit, SECS(5)).await;
    let transcript = app.text("result-transcript").await;
    assert!(transcript.contains("<b>really</b>"), "{transcript:?}");

    // The HTML report escapes what was said.
    let sessions = app.invoke("sessions", json!({})).await.unwrap();
    let id = sessions[0]["id"].clone();
    let path = app.home.join("typed.html");
    app.invoke(
        "export_session",
        json!({"sessionId": id, "format": "html", "path": path}),
    )
    .await
    .unwrap();
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(
        html.contains("&lt;b&gt;really&lt;/b&gt; &amp; truly"),
        "the HTML report does not escape the answer: {html}"
    );
    assert!(!html.contains("<b>really</b>"));
    app.close().await;
}

/// A data folder holding an answer a crash cut off: 4.5 minutes of speech (the 90 s fixture
/// three times) in a recording whose attempt is still "recording", as the app leaves it.
fn leave_a_long_cut_off_answer(data: &Path) {
    let store = viva_practice::Store::open(data).unwrap();
    let deck = &viva_core::builtin::decks().unwrap()[0];
    let question = deck.question("gil").unwrap();
    let session = store
        .create_session(&deck.id, viva_practice::SessionMode::Single)
        .unwrap();
    let path = store.new_recording_path("gil").unwrap();
    let fixture = std::fs::read(fixture("gil-answer-90s.wav")).unwrap();
    let data_at = fixture.windows(4).position(|w| w == b"data").unwrap() + 8;
    let speech = &fixture[data_at..];
    let mut wav = fixture[..data_at].to_vec();
    let len = (speech.len() * 3) as u32;
    wav[data_at - 4..data_at].copy_from_slice(&len.to_le_bytes());
    wav[4..8].copy_from_slice(&(len + data_at as u32 - 8).to_le_bytes());
    for _ in 0..3 {
        wav.extend_from_slice(speech);
    }
    std::fs::write(&path, wav).unwrap();
    store
        .begin_attempt(session, &deck.id, question, &path)
        .unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn the_window_answers_while_a_cut_off_answer_is_recovered() {
    // Issue 16: start-up recovery held the history while it transcribed, and history commands
    // ran on the main thread, so the window froze until it was done.
    let _one = serial().await;
    let app = App::start(Options {
        before_start: Some(leave_a_long_cut_off_answer),
        ..Options::default()
    })
    .await;
    let status = |v: &serde_json::Value| v["attempts"][0]["status"].as_str().map(str::to_string);
    history_reads_while(&app, "during recovery", async || {
        let session = app.invoke("session", json!({"sessionId": 1})).await;
        status(&session.unwrap()).as_deref() == Some("recording")
    })
    .await;
    let recovered = app
        .invoke("session", json!({"sessionId": 1}))
        .await
        .unwrap();
    assert_eq!(status(&recovered).as_deref(), Some("interrupted"));
    app.close().await;
}

/// Issue 16: one window per data folder. A second launch hands over to the first over D-Bus
/// and brings its window forward; without a session bus, the data folder's lock turns it away
/// with a message. Either way no second window opens on the same history.
#[tokio::test(flavor = "current_thread")]
async fn a_second_launch_brings_the_first_window_forward() {
    let _one = serial().await;
    let app = App::start(Options {
        session_bus: true,
        sound: false,
        ..Options::default()
    })
    .await;
    app.wait_for("nav-practice", SECS(60)).await;
    let visible = || {
        let out = app
            .xvfb
            .xdotool(&["search", "--onlyvisible", "--name", "^Viva$"]);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    let window = visible();
    assert!(!window.is_empty(), "no visible Viva window to start with");
    // Put the window away, as a person minimising it would (there is no window manager here).
    let hidden = app.xvfb.xdotool(&["windowunmap", "--sync", &window]);
    assert!(hidden.status.success(), "xdotool windowunmap: {hidden:?}");
    assert!(
        visible().is_empty(),
        "the window is still visible after unmapping it"
    );

    let (status, stderr) = app.launch_again(true);
    assert!(
        status.success(),
        "the second launch did not hand over to the first: {status}, {stderr}"
    );
    let deadline = Instant::now() + SECS(10);
    while visible().is_empty() {
        assert!(
            Instant::now() < deadline,
            "the first window was not brought forward"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.invoke("sessions", json!({})).await.unwrap();

    let (status, stderr) = app.launch_again(false);
    assert_eq!(status.code(), Some(1), "without D-Bus: {stderr}");
    assert!(
        stderr.contains("Viva is already open with the data folder"),
        "without D-Bus, the second launch said: {stderr}"
    );
    app.invoke("sessions", json!({})).await.unwrap();
    app.close().await;
}

/// Answers as they were left two days before the test's clock: the GIL question failed, the
/// `is` question answered well.
fn leave_earlier_answers(data: &Path) {
    let store = viva_practice::Store::open(data).unwrap();
    let deck = &viva_core::builtin::decks().unwrap()[0];
    let targets = viva_core::DeliveryTargets::default();
    for (id, answer) in [
        ("gil", "It is something about threads, I think."),
        (
            "is-vs-equals",
            "Double equals compares values, it calls __eq__. The is operator compares identity: \
             whether both names point to the same object, the same id. Use is for None, and \
             double equals for values, because equal values can be different objects.",
        ),
    ] {
        let question = deck.question(id).unwrap();
        let transcript = viva_core::Transcript::from_text(answer);
        let assessment = viva_core::assess(question, &transcript, &targets);
        viva_practice::keep::keep_answer(
            &store,
            &deck.id,
            question,
            &transcript,
            &assessment,
            &targets,
            None,
            viva_practice::SessionMode::Single,
        )
        .unwrap();
    }
}

/// Issue 17: a due queue from earlier answers, two days on. Home says what is due, the Due
/// mode asks the failed question first, it is answered out loud, and the result says when
/// it comes back; History shows each question's next due date.
#[tokio::test(flavor = "current_thread")]
async fn the_due_queue_asks_the_question_failed_two_days_ago() {
    let _one = serial().await;
    let two_days_on = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 2 * 86_400;
    let clock = viva_core::schedule::rfc3339(two_days_on as i64);
    let app = App::start(Options {
        before_start: Some(leave_earlier_answers),
        clock: Some(clock),
        ..Options::default()
    })
    .await;
    app.wait_for("nav-practice", SECS(60)).await;
    app.click("nav-practice").await;
    let agenda = app.wait_for("agenda", SECS(20)).await;
    let said = agenda.text().await.unwrap();
    assert!(
        said.starts_with("1 due today, 5 new · next due "),
        "the agenda says {said:?}"
    );
    app.click("mode-due").await;
    // A frame or two for the choice to be painted before the picture.
    tokio::time::sleep(Duration::from_millis(500)).await;
    app.screenshot("due-home").await;
    app.click("start-practice").await;
    let prompt = app.text("question-prompt").await;
    assert!(
        prompt.to_lowercase().contains("global interpreter lock"),
        "the Due mode did not ask the failed question first: {prompt:?}"
    );
    app.wait_enabled("start-answer", SECS(30)).await;
    app.click("start-answer").await;
    app.wait_for("stop-answer", SECS(20)).await;
    let mut voice = app.pulse().speak(&fixture("gil-answer.wav"));
    assert!(voice.wait(SECS(60)), "paplay did not finish");
    tokio::time::sleep(Duration::from_millis(800)).await;
    if app.visible("stop-answer").await {
        app.click("stop-answer").await;
    }
    let next = app.wait_for("next-review", SECS(120)).await;
    let next = next.text().await.unwrap();
    assert!(next.starts_with("Comes back "), "{next:?}");
    app.screenshot("due-result").await;

    app.click("nav-history").await;
    app.click("view-progress").await;
    let due = app
        .wait_for_css(
            "[data-testid=\"progress-row\"][data-question=\"is-vs-equals\"] [data-testid=\"progress-due\"]",
            SECS(20),
        )
        .await;
    let due = due.text().await.unwrap();
    app.screenshot("due-history").await;
    // Answered well two days ago: due again soon, but not today.
    assert!(
        due == "tomorrow" || due.starts_with("in "),
        "is-vs-equals is due {due:?}"
    );

    // The spoken answer beside the failed one before it (the newest session is shown).
    app.click("view-sessions").await;
    let compare = app.wait_for("compare", SECS(20)).await;
    compare.click().await.unwrap();
    let score = app.wait_for("comparison-score", SECS(20)).await;
    let score = score.text().await.unwrap();
    assert!(score.contains("(+"), "the comparison says {score:?}");
    let gained = app
        .wait_for_css(
            "[data-testid=\"concept-change\"][data-change=\"gained\"]",
            SECS(5),
        )
        .await;
    let gained = gained.text().await.unwrap();
    assert!(
        gained.contains('“'),
        "a gained concept without its words: {gained:?}"
    );
    let diff = app.text("transcript-diff").await;
    assert!(diff.to_lowercase().contains("thread"), "{diff:?}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("comparison").await;
    app.close().await;
}

/// Speaks `wav` into the microphone once it is live, and presses Stop a moment after the last
/// word unless the answer stopped by itself after the silence.
async fn answer_aloud(app: &App, wav: &str) {
    app.wait_for("stop-answer", SECS(20)).await;
    let mut voice = app.pulse().speak(&fixture(wav));
    assert!(voice.wait(SECS(90)), "paplay did not finish");
    tokio::time::sleep(Duration::from_millis(800)).await;
    if app.visible("stop-answer").await {
        app.click("stop-answer").await;
    }
}

/// Issue 17: follow-up questions. With follow-ups asked after every answer (Settings), a spoken
/// answer to the GIL question that leaves out CPU-bound work is followed up aloud, on the
/// speaker; the spoken answer to the follow-up recovers the point, and the result, then History,
/// say so with the words and both scores.
#[tokio::test(flavor = "current_thread")]
async fn a_follow_up_is_asked_aloud_and_its_answer_recovers_the_missing_point() {
    let _one = serial().await;
    let app = App::start(Options::default()).await;
    app.wait_for("nav-settings", SECS(60)).await;
    app.click("nav-settings").await;
    let choice = app.wait_for("setting-follow-ups", SECS(20)).await;
    choice
        .select_by_value("always")
        .await
        .expect("choose follow-ups after every answer");
    app.click("save-settings").await;
    app.wait_for_css("[role=\"status\"]", SECS(10)).await;

    start_gil_practice(&app).await;
    app.wait_enabled("start-answer", SECS(30)).await;
    app.click("start-answer").await;
    let asked = app.home.join("follow-up.raw");
    let speaker = app.pulse().record_speaker(&asked);
    answer_aloud(&app, "gil-answer-no-cpu.wav").await;

    let prompt = app.wait_for("follow-up-prompt", SECS(120)).await;
    let prompt = prompt.text().await.unwrap();
    assert_eq!(prompt, "So what does that mean for CPU-bound code?");
    until_spoken_and_quiet(&asked, SECS(25)).await;
    let heard = speaker.stop();
    assert!(
        heard.loud_seconds() > 0.8,
        "the follow-up was not heard on the speaker: {:.1} s recorded, {:.2} s of it loud",
        heard.seconds(),
        heard.loud_seconds()
    );
    app.screenshot("follow-up-asked").await;

    app.click("start-follow-up").await;
    app.wait_for("stop-answer", SECS(20)).await;
    let mut voice = app.pulse().speak(&fixture("gil-follow-up-cpu.wav"));
    assert!(voice.wait(SECS(90)), "paplay did not finish");
    tokio::time::sleep(Duration::from_millis(800)).await;
    if app.visible("stop-answer").await {
        // What a user waits for after the follow-up answer: Stop to the result with it.
        let took = app
            .time_click_until("stop-answer", "follow-up-result", SECS(120))
            .await;
        viva_e2e::report_figure(
            "app stop to result, follow-up answer (8.5 s), tiny.en",
            took.as_secs_f64(),
        );
    }
    let shown = app
        .wait_for_css(
            "[data-testid=\"follow-up-result\"][data-recovered=\"true\"]",
            SECS(120),
        )
        .await;
    let verdict = app.text("follow-up-verdict").await;
    assert!(
        verdict.starts_with("Recovered on follow-up: no speed-up for CPU-bound code")
            && verdict.contains('“'),
        "the verdict without its words: {verdict:?}"
    );
    let score = app.text("follow-up-score").await;
    assert!(
        score.contains("unprompted + ") && score.contains("after the follow-up"),
        "{score:?}"
    );
    let follow_up_words = app.text("follow-up-transcript").await;
    assert!(
        follow_up_words.to_lowercase().contains("speed"),
        "{follow_up_words:?}"
    );
    drop(shown);
    app.js(
        "document.querySelector('[data-testid=\"follow-up-result\"]')\
         .scrollIntoView({block: 'center'})",
        vec![],
    )
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    app.screenshot("follow-up-result").await;

    // Kept with the answer: History shows it in the attempt's replay.
    app.click("nav-history").await;
    app.wait_for("session-row", SECS(20)).await;
    app.wait_for("attempt-row", SECS(20)).await;
    app.click("replay").await;
    let kept = app
        .wait_for_css(
            "[data-testid=\"attempt-row\"] [data-testid=\"follow-up-result\"][data-recovered=\"true\"]",
            SECS(20),
        )
        .await;
    let kept = kept.text().await.unwrap();
    assert!(
        kept.contains("So what does that mean for CPU-bound code?"),
        "{kept:?}"
    );
    app.close().await;
}

/// Types `text` into the field `testid` (the nth of them), after what it holds.
async fn type_into(app: &App, testid: &str, text: &str) {
    app.wait_for(testid, SECS(10))
        .await
        .send_keys(text)
        .await
        .unwrap_or_else(|e| panic!("typing into {testid}: {e}"));
}

/// Checks `answer` in the editor's "try it" and returns its score.
async fn try_it(app: &App, answer: &str) -> u32 {
    let field = app.wait_for("try-text", SECS(10)).await;
    field.clear().await.unwrap();
    field.send_keys(answer).await.unwrap();
    let before = if app.visible("try-score").await {
        app.text("try-score").await
    } else {
        String::new()
    };
    app.click("try-check").await;
    let deadline = Instant::now() + SECS(10);
    loop {
        let now = if app.visible("try-score").await {
            app.text("try-score").await
        } else {
            String::new()
        };
        if !now.is_empty() && now != before {
            return now.trim_end_matches("/100").trim().parse().unwrap();
        }
        assert!(Instant::now() < deadline, "try it showed no new score");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Issue 18: a deck from scratch in the real app. A question is added and its concepts taken
/// from the suggestions; "try it" scores a strong typed answer high and a vague one low; the
/// deck is saved (a valid file in the data folder) and the question practised by voice.
#[tokio::test(flavor = "current_thread")]
async fn a_deck_written_in_the_editor_is_practised_by_voice() {
    let _one = serial().await;
    let app = App::start(Options::default()).await;
    app.wait_for("nav-decks", SECS(60)).await;
    app.click("nav-decks").await;
    app.click("new-deck").await;
    app.wait_for("deck-editor", SECS(10)).await;
    let title = app.wait_for("deck-title", SECS(10)).await;
    title.clear().await.unwrap();
    title.send_keys("My interview").await.unwrap();
    let id = app.wait_for("deck-id", SECS(10)).await;
    id.clear().await.unwrap();
    id.send_keys("my-interview").await.unwrap();
    app.click("add-question").await;
    let qid = app.wait_for("question-id", SECS(10)).await;
    qid.clear().await.unwrap();
    qid.send_keys("gil-mine").await.unwrap();
    type_into(
        &app,
        "question-prompt-field",
        "What is the GIL, and what does it mean for threads?",
    )
    .await;
    type_into(
        &app,
        "question-model-answer",
        "The GIL is a lock inside CPython that lets only one thread run Python bytecode at a \
         time. For CPU bound work, use multiprocessing instead of threads.",
    )
    .await;

    // Click to the suggestions on screen, and (below) click to a typed try's score.
    let took = app
        .time_click_until("suggest-concepts", "suggestion", SECS(10))
        .await;
    viva_e2e::report_figure("app suggest concepts, click to list", took.as_secs_f64());
    let offered = app.js(
        "return [...document.querySelectorAll('[data-testid=\"suggestion\"]')].map(e => e.dataset.phrase)",
        vec![],
    )
    .await;
    eprintln!("suggested: {offered}");
    app.js(
        "document.querySelector('[data-testid=\"suggest-concepts\"]').scrollIntoView({block: 'start'})",
        vec![],
    )
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("deck-editor-suggestions").await;
    // An author picks the phrases that name a point (each leaves the list when added).
    for phrase in [
        "one thread run Python bytecode",
        "CPU bound work",
        "use multiprocessing instead",
    ] {
        let accept = format!(
            "[data-testid=\"suggestion\"][data-phrase=\"{phrase}\"] [data-testid=\"accept-suggestion\"]"
        );
        app.wait_for_css(&accept, SECS(5))
            .await
            .click()
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let names = app
        .js(
            "return [...document.querySelectorAll('[data-testid=\"concept-name\"]')].map(e => e.value)",
            vec![],
        )
        .await;
    assert_eq!(names.as_array().map(Vec::len), Some(3), "{names}");
    // A concept edited by hand: the ways people say it (a transcript writes "multi-processing").
    let multiprocessing = names
        .as_array()
        .unwrap()
        .iter()
        .position(|n| n.as_str().is_some_and(|n| n.contains("multiprocessing")));
    if let Some(i) = multiprocessing {
        let aliases = app
            .client
            .find_all(Locator::Css("[data-testid=\"concept-aliases\"]"))
            .await
            .unwrap();
        aliases[i]
            .send_keys("multiprocessing, multi processing, process pool")
            .await
            .unwrap();
    }

    type_into(&app, "try-text", "Threads.").await;
    let took = app
        .time_click_until("try-check", "try-score", SECS(10))
        .await;
    viva_e2e::report_figure("app try it, click to score", took.as_secs_f64());
    let strong = try_it(
        &app,
        "Only one thread runs Python bytecode at a time because of the GIL, a lock in CPython, \
         so for CPU bound work I would use multiprocessing instead of threads.",
    )
    .await;
    let vague = try_it(
        &app,
        "It is a thing in Python that matters for performance.",
    )
    .await;
    eprintln!("try it: strong {strong}, vague {vague}");
    assert!(strong >= 60 && vague < 40, "strong {strong}, vague {vague}");
    // Said instead of typed: recorded, transcribed and scored, saved nowhere.
    let before = app.text("try-score").await;
    app.click("try-record").await;
    app.wait_for("try-stop", SECS(20)).await;
    let mut voice = app.pulse().speak(&fixture("gil-answer.wav"));
    assert!(voice.wait(SECS(60)), "paplay did not finish");
    tokio::time::sleep(Duration::from_millis(800)).await;
    if app.visible("try-stop").await {
        app.click("try-stop").await;
    }
    app.wait_for("try-record", SECS(60)).await;
    let spoken = app.text("try-score").await;
    let said = app
        .js(
            "return document.querySelector('[data-testid=\"try-text\"]').value",
            vec![],
        )
        .await;
    eprintln!("spoken try: {spoken} for {said}");
    assert!(
        said.as_str()
            .is_some_and(|t| t.to_lowercase().contains("thread"))
            && spoken != before,
        "the spoken try was not scored: {spoken} ({said})"
    );
    app.js(
        "document.querySelector('[data-testid=\"try-text\"]').scrollIntoView({block: 'start'})",
        vec![],
    )
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("deck-editor-try-it").await;

    app.wait_enabled("save-deck", SECS(10)).await;
    app.click("save-deck").await;
    let saved = app
        .wait_for("deck-saved", SECS(10))
        .await
        .text()
        .await
        .unwrap();
    let file = app.data.join("decks/my-interview.toml");
    assert!(
        saved.contains("my-interview.toml") && file.is_file(),
        "{saved}"
    );
    let deck = viva_core::Deck::load(&file).expect("the saved deck validates");
    assert_eq!(deck.questions[0].concepts.len(), 3);

    // Practise it by voice.
    app.wait_enabled("practise-question", SECS(10)).await;
    app.click("practise-question").await;
    let prompt = app.text("question-prompt").await;
    assert!(prompt.contains("What is the GIL"), "{prompt:?}");
    app.wait_enabled("start-answer", SECS(30)).await;
    app.click("start-answer").await;
    answer_aloud(&app, "gil-answer.wav").await;
    app.wait_for("result", SECS(120)).await;
    let score: u32 = app.text("result-score").await.parse().unwrap();
    let hits = app
        .js(
            "return document.querySelectorAll('[data-testid=\"concept-hit\"]').length",
            vec![],
        )
        .await;
    assert!(
        score > 0 && hits.as_u64() > Some(0),
        "score {score}, hits {hits}; the page says: {}",
        app.body_text().await
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    app.screenshot("deck-practised").await;
    app.close().await;
}

/// A deck its author wrote by hand, with comments, in the data folder before the app starts.
const HAND_WRITTEN_DECK: &str = r#"# Rehearse these before Friday's call.
id = "backend"
title = "Backend"

# The one they always ask.
[[questions]]
id = "rest"
category = "APIs"
prompt = "What makes an API RESTful?"
model_answer = "Resources named by URLs, standard HTTP verbs, and stateless requests."

[[questions.concepts]]
name = "stateless"   # each request stands alone
aliases = ["no session state"]
"#;

fn leave_a_hand_written_deck(data: &Path) {
    let decks = data.join("decks");
    std::fs::create_dir_all(&decks).unwrap();
    std::fs::write(decks.join("backend.toml"), HAND_WRITTEN_DECK).unwrap();
}

/// Issue 18: editing in the app keeps what an author wrote. The hand-written deck, edited in the
/// editor, keeps its comments and validates; the built-in deck duplicated and edited leaves the
/// original as it was.
#[tokio::test(flavor = "current_thread")]
async fn editing_in_the_app_keeps_a_hand_written_decks_comments() {
    let _one = serial().await;
    let app = App::start(Options {
        before_start: Some(leave_a_hand_written_deck),
        ..Options::default()
    })
    .await;
    app.wait_for("nav-decks", SECS(60)).await;
    app.click("nav-decks").await;
    let edit = "[data-testid=\"deck-row\"][data-deck-id=\"backend\"] [data-testid=\"edit-deck\"]";
    app.wait_for_css(edit, SECS(20))
        .await
        .click()
        .await
        .unwrap();
    app.wait_for("deck-editor", SECS(10)).await;
    type_into(&app, "question-prompt-field", " Give an example.").await;
    app.wait_enabled("save-deck", SECS(10)).await;
    app.click("save-deck").await;
    app.wait_for("deck-saved", SECS(10)).await;
    let file = app.data.join("decks/backend.toml");
    let written = std::fs::read_to_string(&file).unwrap();
    for kept in [
        "# Rehearse these before Friday's call.",
        "# The one they always ask.",
        "# each request stands alone",
    ] {
        assert!(written.contains(kept), "lost {kept:?}:\n{written}");
    }
    let deck = viva_core::Deck::load(&file).expect("the edited deck validates");
    assert_eq!(
        deck.questions[0].prompt,
        "What makes an API RESTful? Give an example."
    );

    // The built-in deck: duplicated, the copy edited, the original untouched.
    app.click("nav-practice").await;
    app.click("nav-decks").await;
    let duplicate = "[data-testid=\"deck-row\"][data-deck-id=\"python-interview\"] [data-testid=\"duplicate-deck\"]";
    app.wait_for_css(duplicate, SECS(20))
        .await
        .click()
        .await
        .unwrap();
    app.wait_for("deck-editor", SECS(10)).await;
    let title = app.wait_for("deck-title", SECS(10)).await;
    title.clear().await.unwrap();
    title.send_keys("My Python").await.unwrap();
    app.wait_enabled("save-deck", SECS(10)).await;
    app.click("save-deck").await;
    app.wait_for("deck-saved", SECS(10)).await;
    let copy = app.data.join("decks/python-interview-copy.toml");
    let copied = std::fs::read_to_string(&copy).unwrap();
    assert!(copied.contains("title = \"My Python\""), "{copied}");
    assert!(
        copied.contains("# Not \"bytecode\" or \"mutex\" alone"),
        "comments lost"
    );
    let built_in = app
        .invoke("open_deck", json!({ "deckId": "python-interview" }))
        .await
        .unwrap();
    assert_eq!(built_in["built_in"], true);
    assert_eq!(
        built_in["deck"]["title"],
        "Python interview: twenty classics"
    );
    app.close().await;
}
