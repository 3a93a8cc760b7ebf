//! The app's side of the worker: spawns it, keeps its model loaded, and turns a dead worker
//! into an error a user can act on.

use std::collections::VecDeque;
use std::fmt;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread::JoinHandle;
use std::time::Duration;

use super::{FailureKind, Request, Response, write_samples};
use crate::engine::{Options, Transcription, model_name};

/// What the worker was doing when it stopped; decides the advice we give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Loading,
    Transcribing,
}

#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    #[error("could not start the speech engine ({}): {source}", program.display())]
    Spawn { program: PathBuf, source: io::Error },
    #[error("{}", crash_message(*stage, model, cause, last_words.as_deref()))]
    Crashed {
        stage: Stage,
        model: String,
        cause: String,
        last_words: Option<String>,
    },
    /// The worker is healthy but refused the request; `message` is already user-facing.
    #[error("{message}")]
    Refused { kind: FailureKind, message: String },
    #[error(
        "the speech engine did not answer within {} s while {} model {model}, so it was stopped; \
         try again, and if it keeps happening try a smaller model (`viva models list`)",
        seconds,
        match stage { Stage::Loading => "loading", Stage::Transcribing => "transcribing with" }
    )]
    TimedOut {
        stage: Stage,
        model: String,
        seconds: u64,
    },
    #[error("no speech model is loaded; load one before transcribing")]
    NoModel,
    #[error("the speech engine sent a reply Viva does not understand: {0}")]
    Protocol(String),
}

fn crash_message(stage: Stage, model: &str, cause: &str, last_words: Option<&str>) -> String {
    let said = last_words
        .map(|w| format!(" [it said: {w}]"))
        .unwrap_or_default();
    match stage {
        Stage::Loading => format!(
            "the speech engine stopped while loading model {model} ({cause}){said}: the model \
             file may be corrupt — reinstall it with `viva models install {model}`"
        ),
        Stage::Transcribing => format!(
            "the speech engine stopped while transcribing with model {model} ({cause}){said}; \
             try again, and if it keeps happening reinstall the model with \
             `viva models install {model}`"
        ),
    }
}

/// How a process ended, in words: "killed by SIGABRT", "exit code 1".
pub fn describe_exit(status: ExitStatus) -> String {
    if let Some(signal) = status.signal() {
        let name = match signal {
            4 => "SIGILL",
            6 => "SIGABRT",
            7 => "SIGBUS",
            8 => "SIGFPE",
            9 => "SIGKILL",
            11 => "SIGSEGV",
            15 => "SIGTERM",
            _ => return format!("killed by signal {signal}"),
        };
        return format!("killed by {name}");
    }
    match status.code() {
        Some(code) => format!("exit code {code}"),
        None => "stopped".into(),
    }
}

struct Process {
    child: Child,
    stdin: BufWriter<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    stderr: Option<JoinHandle<()>>,
}

/// A handle on one worker process. Not thread-safe by design: the worker answers one request
/// at a time, so share it behind a Mutex if needed.
pub struct Client {
    program: PathBuf,
    args: Vec<String>,
    process: Option<Process>,
    /// The last lines the worker wrote to stderr: an abort's reason lands there.
    stderr_tail: Arc<Mutex<VecDeque<String>>>,
    /// The model the live worker holds, so repeated calls skip reloading.
    loaded: Option<PathBuf>,
    /// The model to bring back if the worker has to be restarted.
    wanted: Option<PathBuf>,
    /// How long a request may take before the worker counts as hung.
    deadlines: Deadlines,
    /// The running worker's id, for [`Interrupter`]s.
    pid: super::interrupt::Pid,
    /// The loaded engine's window, in seconds.
    window_s: f64,
}

/// How long the worker may take to answer. whisper.cpp can hang rather than abort (a model
/// that loads but decodes forever), and a hung worker must not hang the app with it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Deadlines {
    pub load: Duration,
    /// Allowed for any transcription, plus `per_audio_second` for each second of audio.
    pub transcribe: Duration,
    /// Generous: the slowest model here runs at about 0.8× real time on a busy 2-core machine.
    pub per_audio_second: f64,
}

impl Default for Deadlines {
    fn default() -> Self {
        Deadlines {
            load: Duration::from_secs(120),
            transcribe: Duration::from_secs(60),
            per_audio_second: 10.0,
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("program", &self.program)
            .field("loaded", &self.loaded)
            .finish()
    }
}

impl Client {
    /// Starts `program args...`, which must run [`super::serve`] on its stdin/stdout.
    pub fn spawn(program: &Path, args: &[&str]) -> Result<Self, WorkerError> {
        let mut client = Self {
            program: program.to_owned(),
            args: args.iter().map(|a| a.to_string()).collect(),
            process: None,
            stderr_tail: Arc::default(),
            loaded: None,
            wanted: None,
            deadlines: Deadlines::default(),
            pid: Default::default(),
            window_s: crate::engine::WINDOW_S,
        };
        client.start()?;
        Ok(client)
    }

    fn start(&mut self) -> Result<(), WorkerError> {
        let mut child = Command::new(&self.program)
            .args(&self.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            // On an assert ggml attaches gdb to print a backtrace: slow, and noise to a user.
            .env("GGML_NO_BACKTRACE", "1")
            .spawn()
            .map_err(|source| WorkerError::Spawn {
                program: self.program.clone(),
                source,
            })?;
        let stdin = BufWriter::new(child.stdin.take().expect("piped"));
        let stdout = BufReader::new(child.stdout.take().expect("piped"));
        let stderr = child.stderr.take().expect("piped");
        let tail = Arc::clone(&self.stderr_tail);
        tail.lock().expect("stderr tail").clear();
        // Drain stderr continuously: a full pipe would block the worker mid-log.
        let stderr = std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                // The worker's own log lines (it logs as its parent does), so a trace of a
                // transcription shows what the engine did too.
                tracing::debug!(target: "viva_asr::worker", "{line}");
                let mut tail = tail.lock().expect("stderr tail");
                if tail.len() == 20 {
                    tail.pop_front();
                }
                tail.push_back(line);
            }
        });
        *self.pid.lock().unwrap_or_else(|e| e.into_inner()) = Some(child.id());
        self.process = Some(Process {
            child,
            stdin,
            stdout,
            stderr: Some(stderr),
        });
        self.loaded = None;
        Ok(())
    }

    /// Changes how long requests may take (tests use short ones).
    pub fn set_deadlines(&mut self, deadlines: Deadlines) {
        self.deadlines = deadlines;
    }

    /// The longest audio one pass of the loaded engine hears, in seconds (Whisper's 30 until a
    /// model is loaded).
    pub fn window_s(&self) -> f64 {
        self.window_s
    }

    /// The name of the model the worker holds, if any.
    pub fn model(&self) -> Option<String> {
        self.loaded.as_deref().map(model_name)
    }

    /// Loads a model into the worker; a no-op if it already holds this one.
    pub fn load(&mut self, path: &Path) -> Result<String, WorkerError> {
        self.wanted = Some(path.to_owned());
        if self.loaded.as_deref() == Some(path) && self.process.is_some() {
            return Ok(model_name(path));
        }
        self.ensure_running()?;
        self.loaded = None;
        let request = Request::Load {
            path: path.to_owned(),
        };
        match self.call(&request, &[], Stage::Loading, path)? {
            Response::Loaded {
                model, window_s, ..
            } => {
                self.loaded = Some(path.to_owned());
                self.window_s = window_s;
                Ok(model)
            }
            other => Err(unexpected(other)),
        }
    }

    /// Transcribes 16 kHz mono samples with the loaded model. If the worker died since the
    /// last call (e.g. a crash on an earlier answer), it is restarted and the model reloaded.
    pub fn transcribe(
        &mut self,
        samples: &[f32],
        options: &Options,
    ) -> Result<Transcription, WorkerError> {
        let Some(model) = self.wanted.clone() else {
            return Err(WorkerError::NoModel);
        };
        if self.loaded.is_none() || self.process.is_none() {
            self.load(&model)?;
        }
        let request = Request::Transcribe {
            samples: samples.len(),
            options: options.clone(),
        };
        match self.call(&request, samples, Stage::Transcribing, &model)? {
            Response::Transcribed { transcription } => Ok(transcription),
            other => Err(unexpected(other)),
        }
    }

    fn ensure_running(&mut self) -> Result<(), WorkerError> {
        if self.process.is_none() {
            self.start()
        } else {
            Ok(())
        }
    }

    fn call(
        &mut self,
        request: &Request,
        samples: &[f32],
        stage: Stage,
        model: &Path,
    ) -> Result<Response, WorkerError> {
        let process = self.process.as_mut().expect("started by the caller");
        // Armed before sending: a hung worker stops reading too, and minutes of samples do not
        // fit in a pipe, so even the write could block.
        let deadline = match stage {
            Stage::Loading => self.deadlines.load,
            Stage::Transcribing => {
                let audio = samples.len() as f64 / f64::from(crate::engine::SAMPLE_RATE);
                self.deadlines.transcribe
                    + Duration::from_secs_f64(audio * self.deadlines.per_audio_second)
            }
        };
        let watchdog = Watchdog::start(process.child.id(), deadline);
        let sigpipe = super::sigpipe::Blocked::new();
        let sent = (|| -> io::Result<()> {
            serde_json::to_writer(&mut process.stdin, request)?;
            process.stdin.write_all(b"\n")?;
            write_samples(&mut process.stdin, samples)?;
            process.stdin.flush()
        })();
        drop(sigpipe);
        // A failed write means the worker is gone; reading tells us nothing more, so go
        // straight to finding out how it died.
        let reply = match sent {
            Ok(()) => read_response(&mut process.stdout),
            Err(_) => Ok(None),
        };
        if watchdog.finish() {
            let _ = self.crashed(stage, model);
            return Err(WorkerError::TimedOut {
                stage,
                model: model_name(model),
                seconds: deadline.as_secs(),
            });
        }
        match reply {
            Ok(Some(Response::Failed { kind, message })) => {
                if kind == FailureKind::NoModel {
                    self.loaded = None;
                }
                Err(WorkerError::Refused { kind, message })
            }
            Ok(Some(response)) => Ok(response),
            // Alive but unreadable (another version's worker, or one gone wrong): it is
            // stopped, so the next request starts a fresh one.
            Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                if let Some(process) = self.process.as_mut() {
                    let _ = process.child.kill();
                }
                // Reaps it.
                let _ = self.crashed(stage, model);
                Err(WorkerError::Protocol(e.to_string()))
            }
            Ok(None) | Err(_) => Err(self.crashed(stage, model)),
        }
    }

    /// A handle that stops this worker's tentative pass in flight, from another thread.
    pub fn interrupter(&self) -> super::Interrupter {
        super::Interrupter {
            pid: Arc::clone(&self.pid),
        }
    }

    /// Reaps the dead worker and explains what happened.
    fn crashed(&mut self, stage: Stage, model: &Path) -> WorkerError {
        *self.pid.lock().unwrap_or_else(|e| e.into_inner()) = None;
        let cause = match self.process.take() {
            Some(mut process) => {
                // Discard unsent bytes: flushing them into a dead pipe would raise SIGPIPE.
                drop(process.stdin.into_parts());
                // EOF on stdout means the process is exiting; wait for its status.
                let status = process.child.wait();
                if let Some(stderr) = process.stderr.take() {
                    let _ = stderr.join();
                }
                status.map_or_else(|e| format!("status unknown: {e}"), describe_exit)
            }
            None => "not running".into(),
        };
        self.loaded = None;
        let last_words = self
            .stderr_tail
            .lock()
            .expect("stderr tail")
            .iter()
            .rev()
            .find_map(|l| {
                // Keep only a line that explains the crash, from the assert onwards (the source
                // path before it means nothing to a user).
                let at = ["GGML_ASSERT", "error", "failed", "abort"]
                    .iter()
                    .find_map(|k| l.find(k))?;
                let from = l.find("GGML_ASSERT").unwrap_or(at.min(l.len()));
                Some(l[from..].trim().chars().take(200).collect::<String>())
            });
        WorkerError::Crashed {
            stage,
            model: model_name(model),
            cause,
            last_words,
        }
    }
}

/// The longest reply line read: a transcript of a long answer is a few MB of JSON; a worker
/// gone wrong must not make the app read without end.
const MAX_REPLY: u64 = 64 << 20;

/// The next response line, skipping anything else native code may have printed.
/// `None` means the worker closed stdout (it has exited).
fn read_response<R: BufRead>(stdout: &mut R) -> io::Result<Option<Response>> {
    read_response_within(stdout, MAX_REPLY)
}

fn read_response_within<R: BufRead>(stdout: &mut R, limit: u64) -> io::Result<Option<Response>> {
    let bad = |m: String| io::Error::new(io::ErrorKind::InvalidData, m);
    let mut line = String::new();
    loop {
        line.clear();
        let n = Read::take(&mut *stdout, limit + 1).read_line(&mut line)?;
        if n == 0 {
            return Ok(None);
        }
        if n as u64 > limit {
            return Err(bad(format!(
                "the speech worker sent a reply over {limit} bytes"
            )));
        }
        match serde_json::from_str::<Response>(&line) {
            Ok(response) => return Ok(Some(response)),
            // A reply this version cannot read (another version's worker) is an error, not
            // something to wait past; other lines are native code's own printing.
            Err(e) if line.trim_start().starts_with("{\"status\"") => {
                return Err(bad(format!(
                    "the speech worker's reply could not be read: {e}"
                )));
            }
            Err(_) => {}
        }
    }
}

fn unexpected(response: Response) -> WorkerError {
    WorkerError::Protocol(format!("{response:?}").chars().take(200).collect())
}

impl Drop for Client {
    fn drop(&mut self) {
        *self.pid.lock().unwrap_or_else(|e| e.into_inner()) = None;
        if let Some(mut process) = self.process.take() {
            // Closing stdin makes `serve` return; kill in case it is stuck in native code.
            // Unsent bytes are discarded, not flushed: the worker may be gone (SIGPIPE).
            drop(process.stdin.into_parts());
            let _ = process.child.kill();
            let _ = process.child.wait();
            if let Some(stderr) = process.stderr.take() {
                let _ = stderr.join();
            }
        }
    }
}

/// Kills the worker if it has not answered by the deadline, which turns a hang into the EOF
/// that the reader is waiting on.
struct Watchdog {
    done: mpsc::Sender<()>,
    fired: Arc<AtomicBool>,
    thread: JoinHandle<()>,
}

impl Watchdog {
    fn start(pid: u32, deadline: Duration) -> Watchdog {
        let (done, wait) = mpsc::channel::<()>();
        let fired = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&fired);
        let thread = std::thread::spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = wait.recv_timeout(deadline) {
                flag.store(true, Ordering::SeqCst);
                // SAFETY: kill(2) on our own child's pid; it is not reaped until the reader
                // sees EOF and `crashed` waits for it, so the pid cannot have been reused.
                unsafe {
                    libc::kill(pid as libc::pid_t, libc::SIGKILL);
                }
            }
        });
        Watchdog {
            done,
            fired,
            thread,
        }
    }

    /// Stops the watchdog; true if it had to kill the worker.
    fn finish(self) -> bool {
        drop(self.done);
        let _ = self.thread.join();
        self.fired.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod reply_tests {
    use super::*;

    fn read(text: &str, limit: u64) -> io::Result<Option<Response>> {
        read_response_within(&mut io::Cursor::new(text.as_bytes()), limit)
    }

    #[test]
    fn native_printing_is_skipped_but_a_reply_it_cannot_read_is_an_error() {
        let ok = "ggml_init: hello\n{\"status\":\"loaded\",\"model\":\"tiny.en\",\"multilingual\":false}\n";
        assert!(matches!(
            read(ok, MAX_REPLY),
            Ok(Some(Response::Loaded { .. }))
        ));
        let bad = "{\"status\":\"loaded\",\"model\":7}\n";
        let e = read(bad, MAX_REPLY).unwrap_err();
        assert!(e.to_string().contains("could not be read"), "{e}");
        let long = format!("{}\n", "x".repeat(100));
        let e = read(&long, 50).unwrap_err();
        assert!(e.to_string().contains("over 50 bytes"), "{e}");
        assert!(matches!(read("", MAX_REPLY), Ok(None)));
    }
}
