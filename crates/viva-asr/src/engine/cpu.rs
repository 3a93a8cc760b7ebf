//! How many threads a pass should use, from the cores other programs leave free.
//!
//! whisper.cpp's threads meet at a spinning barrier after every operation of the graph (a few
//! thousand per pass). On an idle machine two threads on two cores are 1.9× faster than one.
//! But when other programs keep the cores busy (a compile, a browser, the app's own webview),
//! each barrier waits until the scheduler gives the other thread its turn, while the waiting
//! thread burns its own: a live pass that takes 0.3 s idle took tens of seconds beside two
//! compile jobs (issue 13). One thread never waits at a barrier. So before each pass the
//! engine looks at how busy the machine was since the last look, not counting its own work,
//! and uses only the cores that were free.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A core counts as free when others used less than this share of it.
const FREE_SHARE: f64 = 0.65;
/// Shorter windows say little (a scheduler tick is 4 ms); the last decision stands until then.
const MIN_WINDOW: Duration = Duration::from_millis(150);

struct Sample {
    at: Instant,
    /// Busy time of all cores, and of this process, in clock ticks.
    all_busy: u64,
    own: u64,
}

struct Sampler {
    last: Option<Sample>,
    threads: usize,
}

static SAMPLER: Mutex<Sampler> = Mutex::new(Sampler {
    last: None,
    threads: 0,
});

/// Threads for the next pass: at most `max`, at least 1, one for each core that other
/// programs left free since the last call (on the first call, that they leave free now; all
/// of them where /proc cannot be read).
pub fn threads_for_next_pass(max: usize) -> usize {
    let max = max.max(1);
    let Some(now) = sample() else {
        return max;
    };
    let mut sampler = SAMPLER.lock().unwrap_or_else(|e| e.into_inner());
    let Some(last) = sampler.last.as_ref() else {
        // No window to measure over yet (the first pass of a command): count the programs
        // running right now instead, a few times over 10 ms.
        let threads = match runnable_others() {
            Some(busy) => free_cores(busy, cores(), max),
            None => max,
        };
        sampler.last = Some(now);
        sampler.threads = threads;
        return threads;
    };
    let elapsed = now.at.duration_since(last.at);
    if elapsed < MIN_WINDOW && sampler.threads > 0 {
        return sampler.threads.min(max);
    }
    let ticks = ticks_per_second() * elapsed.as_secs_f64();
    let others =
        now.all_busy.saturating_sub(last.all_busy) as f64 - now.own.saturating_sub(last.own) as f64;
    let threads = free_cores(others.max(0.0) / ticks.max(1.0), cores(), max);
    tracing::debug!(
        "other programs kept {:.2} cores busy over {:.2} s: {threads} thread(s)",
        others / ticks.max(1.0),
        elapsed.as_secs_f64()
    );
    sampler.last = Some(now);
    sampler.threads = threads;
    threads
}

/// Threads for `cores` cores of which others kept `busy` (in cores) busy.
fn free_cores(busy: f64, cores: usize, max: usize) -> usize {
    let free = cores as f64 - busy;
    let whole = (free + (1.0 - FREE_SHARE)).floor().max(1.0) as usize;
    whole.min(max).min(cores.max(1))
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Clock ticks a second (USER_HZ): 100 on every Linux architecture Viva builds for.
fn ticks_per_second() -> f64 {
    100.0
}

/// Threads of other programs ready to run now ("procs_running" in /proc/stat counts this one
/// too), averaged over three looks 5 ms apart.
fn runnable_others() -> Option<f64> {
    let mut total = 0.0;
    for i in 0..3 {
        if i > 0 {
            std::thread::sleep(Duration::from_millis(5));
        }
        let stat = std::fs::read_to_string("/proc/stat").ok()?;
        total += running(&stat)?.saturating_sub(1) as f64;
    }
    Some(total / 3.0)
}

fn running(stat: &str) -> Option<u64> {
    stat.lines()
        .find_map(|l| l.strip_prefix("procs_running "))
        .and_then(|n| n.trim().parse().ok())
}

fn sample() -> Option<Sample> {
    let at = Instant::now();
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let all_busy = busy_ticks(stat.lines().next()?)?;
    let own = own_ticks(&std::fs::read_to_string("/proc/self/stat").ok()?)?;
    Some(Sample { at, all_busy, own })
}

/// Busy ticks from the "cpu ..." line of /proc/stat: all but idle and iowait.
fn busy_ticks(line: &str) -> Option<u64> {
    let mut fields = line.split_whitespace();
    if fields.next()? != "cpu" {
        return None;
    }
    let values: Vec<u64> = fields.filter_map(|f| f.parse().ok()).collect();
    if values.len() < 4 {
        return None;
    }
    // user nice system idle iowait irq softirq steal (guest time is already in user).
    let total: u64 = values.iter().take(8).sum();
    let idle = values[3] + values.get(4).copied().unwrap_or(0);
    Some(total - idle)
}

/// This process's user and system ticks from /proc/self/stat (fields 14 and 15; the command
/// name in field 2 may hold spaces, so count from its closing parenthesis).
fn own_ticks(stat: &str) -> Option<u64> {
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // After the name: state is field 3, so utime (14) and stime (15) are at 11 and 12.
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(utime + stime)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn busy_cores_leave_fewer_threads() {
        assert_eq!(free_cores(0.0, 2, 2), 2);
        assert_eq!(free_cores(0.3, 2, 2), 2, "a webview drawing now and then");
        assert_eq!(free_cores(0.8, 2, 2), 1);
        assert_eq!(
            free_cores(2.0, 2, 2),
            1,
            "two compile jobs: one thread, never none"
        );
        assert_eq!(free_cores(5.0, 2, 2), 1);
        assert_eq!(free_cores(1.2, 8, 4), 4);
        assert_eq!(free_cores(0.0, 8, 1), 1);
    }

    #[test]
    fn proc_lines_are_read() {
        let cpu = "cpu  100 5 50 1000 20 1 2 3 0 0";
        assert_eq!(busy_ticks(cpu), Some(100 + 5 + 50 + 1 + 2 + 3));
        assert_eq!(busy_ticks("cpu0 1 2 3 4"), None);
        let own = "1234 (viva asr (x)) S 1 2 3 4 5 6 7 8 9 10 250 30 0 0 20 0 4 0";
        assert_eq!(own_ticks(own), Some(280));
        assert_eq!(
            running("cpu 1 2 3 4\nprocs_running 3\nprocs_blocked 0\n"),
            Some(3)
        );
    }

    #[test]
    fn every_call_gives_at_least_one_thread_and_at_most_the_cap() {
        let first = threads_for_next_pass(2);
        assert!((1..=2).contains(&first));
        std::thread::sleep(MIN_WINDOW);
        let next = threads_for_next_pass(2);
        assert!((1..=2).contains(&next));
    }
}
