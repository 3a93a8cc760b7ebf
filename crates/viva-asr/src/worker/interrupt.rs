//! Stopping a tentative pass in flight. When an answer ends while a glimpse (a quick look at
//! words the speaker has not finished) is being decoded, its words are about to be replaced
//! anyway, and the careful pass over the end has to wait for it: 0.7–1.7 s on a busy machine,
//! the spread in the app's stop → result (BENCHMARKS.md). The client signals the worker
//! (SIGUSR1), the worker's handler raises a flag, and whisper.cpp's abort callback, installed
//! only for tentative passes, ends the pass at its next check.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// Raised by the signal; lowered by the careful pass that follows, so it never outlives the
/// answer that asked for it.
static REQUESTED: AtomicBool = AtomicBool::new(false);

/// Whether a stop of the tentative pass in flight was asked for.
pub(crate) fn requested() -> bool {
    REQUESTED.load(Ordering::Relaxed)
}

/// Forgets a request (after a careful pass, which is never stopped).
pub(crate) fn clear() {
    REQUESTED.store(false, Ordering::Relaxed);
}

#[cfg(unix)]
extern "C" fn on_signal(_: libc::c_int) {
    // Only an atomic store: nothing else is safe in a signal handler.
    REQUESTED.store(true, Ordering::Relaxed);
}

/// Installs the worker's handler: before it, SIGUSR1 would end the process.
pub(crate) fn install() {
    #[cfg(unix)]
    // SAFETY: a plain sigaction with a handler that only stores to an atomic; SA_RESTART keeps
    // the worker's blocking reads of its requests going.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as usize;
        action.sa_flags = libc::SA_RESTART;
        libc::sigemptyset(&mut action.sa_mask);
        libc::sigaction(libc::SIGUSR1, &action, std::ptr::null_mut());
    }
}

/// The running worker's process id, `None` from the moment it is being reaped: a signal must
/// never reach a process that reused the id.
pub(crate) type Pid = Arc<Mutex<Option<u32>>>;

/// Asks the worker of a [`super::Client`] to stop a tentative pass in flight. Cheap to clone,
/// usable from any thread while the client is busy.
#[derive(Debug, Clone)]
pub struct Interrupter {
    pub(crate) pid: Pid,
}

impl Interrupter {
    /// Stops the tentative pass in flight, if any: it then returns no words. A careful pass
    /// is never stopped. Does nothing when the worker is not running.
    pub fn interrupt(&self) {
        let pid = self.pid.lock().unwrap_or_else(|e| e.into_inner());
        #[cfg(unix)]
        if let Some(pid) = *pid {
            // SAFETY: kill(2) with a pid that is still ours: the client clears it under this
            // lock before it reaps the process.
            unsafe {
                libc::kill(pid as libc::pid_t, libc::SIGUSR1);
            }
        }
        #[cfg(not(unix))]
        let _ = pid;
    }
}
