//! Writing to a worker that has died raises SIGPIPE, whose default action kills the writer:
//! the app or CLI itself, silently. Rust programs ignore SIGPIPE by default, but a CLI that
//! restores it (so `viva ... | head` ends quietly) would die instead of reporting the crash.
//! This guard blocks SIGPIPE on the writing thread only, so the write fails with EPIPE, and
//! swallows the signal it raised before unblocking, leaving the process's handling untouched.

use std::mem::MaybeUninit;
use std::ptr;

pub struct Blocked {
    old: libc::sigset_t,
}

fn sigpipe_set() -> libc::sigset_t {
    let mut set = MaybeUninit::<libc::sigset_t>::uninit();
    // SAFETY: sigemptyset initialises the set; sigaddset with a valid signal cannot fail.
    unsafe {
        libc::sigemptyset(set.as_mut_ptr());
        libc::sigaddset(set.as_mut_ptr(), libc::SIGPIPE);
        set.assume_init()
    }
}

impl Blocked {
    pub fn new() -> Self {
        let set = sigpipe_set();
        let mut old = MaybeUninit::<libc::sigset_t>::uninit();
        // SAFETY: both pointers are valid; pthread_sigmask fills `old` on success, and
        // SIG_BLOCK with a valid set cannot fail.
        unsafe {
            libc::pthread_sigmask(libc::SIG_BLOCK, &set, old.as_mut_ptr());
            Self {
                old: old.assume_init(),
            }
        }
    }
}

impl Drop for Blocked {
    fn drop(&mut self) {
        let set = sigpipe_set();
        // SAFETY: valid pointers throughout; a zero timeout makes sigtimedwait return at once.
        unsafe {
            let mut pending = MaybeUninit::<libc::sigset_t>::uninit();
            libc::sigpending(pending.as_mut_ptr());
            let already_blocked = libc::sigismember(&self.old, libc::SIGPIPE) == 1;
            if !already_blocked && libc::sigismember(pending.as_ptr(), libc::SIGPIPE) == 1 {
                let zero = libc::timespec {
                    tv_sec: 0,
                    tv_nsec: 0,
                };
                libc::sigtimedwait(&set, ptr::null_mut(), &zero);
            }
            libc::pthread_sigmask(libc::SIG_SETMASK, &self.old, ptr::null_mut());
        }
    }
}
