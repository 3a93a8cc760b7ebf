use super::*;

/// Frames from a script: each `(speech, seconds)` run in order.
fn frames(runs: &[(bool, f64)]) -> Vec<bool> {
    runs.iter()
        .flat_map(|&(speech, s)| std::iter::repeat_n(speech, (s * 50.0).round() as usize))
        .collect()
}

const S: usize = RATE;
/// Whisper's 30 s window less the margins.
const W: usize = 28 * S;

fn idle() -> Looks {
    Looks {
        since: Some(Duration::from_millis(100)),
        took: Duration::from_millis(300),
        heard: usize::MAX / 2,
    }
}

#[test]
fn a_piece_is_cut_in_its_first_pause_once_it_is_long_enough() {
    let cfg = LiveConfig::default();
    // 4 s of speech, then half a second of silence: a pause after a long enough piece.
    let active = frames(&[(true, 4.0), (false, 0.5)]);
    match next(&cfg, &active, 0, &idle(), W) {
        // Cut in the middle of the pause so far (at most the 0.3 s tail after the speech).
        Next::Commit { start: 0, end } => assert_eq!(end, 4 * S + S / 4),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_short_piece_waits_for_more_unless_the_speaker_stopped() {
    let cfg = LiveConfig::default();
    // 1.5 s said, a 0.5 s pause: too short to cut (Whisper needs context).
    let active = frames(&[(true, 1.5), (false, 0.5)]);
    assert!(!matches!(
        next(&cfg, &active, 0, &idle(), W),
        Next::Commit { .. }
    ));
    // The same piece, and the speaker has been quiet for a second: cut.
    let active = frames(&[(true, 1.5), (false, 1.0)]);
    assert!(matches!(
        next(&cfg, &active, 0, &idle(), W),
        Next::Commit { start: 0, .. }
    ));
}

#[test]
fn behind_it_catches_up_with_the_latest_pause_inside_one_window() {
    let cfg = LiveConfig::default();
    // Three sentences with pauses, none transcribed yet: one piece to the latest pause.
    let active = frames(&[
        (true, 4.0),
        (false, 0.5),
        (true, 4.0),
        (false, 0.5),
        (true, 4.0),
        (false, 0.5),
        (true, 1.0),
    ]);
    match next(&cfg, &active, 0, &idle(), W) {
        Next::Commit { start: 0, end } => {
            assert!(end > 12 * S + S && end < 14 * S, "{end}");
        }
        other => panic!("{other:?}"),
    }
    // Thirty seconds behind: never more than one Whisper window.
    let mut runs = Vec::new();
    for _ in 0..8 {
        runs.extend([(true, 4.0), (false, 0.5)]);
    }
    match next(&cfg, &frames(&runs), 0, &idle(), W) {
        Next::Commit { start: 0, end } => assert!(end <= W, "{end}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn speech_without_a_pause_is_cut_at_its_longest_gap() {
    let cfg = LiveConfig::default();
    // 16 s of speech whose only gaps are 0.2 s (under a pause), the longest at 9 s.
    let mut runs = Vec::new();
    for i in 0..16 {
        runs.push((true, 0.8));
        runs.push((false, if i == 8 { 0.3 } else { 0.2 }));
    }
    let active = frames(&runs);
    match next(&cfg, &active, 0, &idle(), W) {
        Next::Commit { start: 0, end } => {
            let gap_mid = ((9.0 * 0.8 + 8.0 * 0.2) + 0.15) * S as f64;
            assert!((end as f64 - gap_mid).abs() < 0.05 * S as f64, "{end}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_piece_in_progress_is_looked_at_now_and_then_and_carefully_at_a_pause() {
    let cfg = LiveConfig::default();
    let speaking = frames(&[(true, 2.5)]);
    // Never looked at yet: a glimpse.
    let first = Looks::default();
    assert_eq!(
        next(&cfg, &speaking, 0, &first, W),
        Next::Look {
            start: 0,
            careful: false
        }
    );
    // Looked at 0.3 s ago: wait (at most every second, and half the recognizer's time).
    let recent = Looks {
        since: Some(Duration::from_millis(300)),
        took: Duration::from_millis(200),
        heard: 2 * S,
    };
    assert_eq!(next(&cfg, &speaking, 0, &recent, W), Next::Wait);
    // A slow recognizer is looked at less often: 0.8 s a look means every 1.6 s.
    let slow = Looks {
        since: Some(Duration::from_millis(1200)),
        took: Duration::from_millis(800),
        heard: S,
    };
    assert_eq!(next(&cfg, &speaking, 0, &slow, W), Next::Wait);
    // The speaker paused (0.3 s, under a cut): a careful look at once.
    let paused = frames(&[(true, 2.5), (false, 0.3)]);
    assert_eq!(
        next(&cfg, &paused, 0, &recent, W),
        Next::Look {
            start: 0,
            careful: true
        }
    );
    // Under 1.5 s of audio: nothing worth a look.
    assert_eq!(
        next(&cfg, &frames(&[(true, 1.0)]), 0, &first, W),
        Next::Wait
    );
}

#[test]
fn a_piece_starts_just_before_its_first_speech_and_never_before_what_is_done() {
    let active = frames(&[(false, 2.0), (true, 1.0)]);
    let pre = Duration::from_millis(300);
    assert_eq!(piece_start(&active, 0, None, pre), Some(2 * S - 3 * S / 10));
    // The detector's own onset, a little earlier, counts for the first piece.
    assert_eq!(
        piece_start(&active, 0, Some(2 * S - S / 10), pre),
        Some(2 * S - 4 * S / 10)
    );
    // After a commit at 1.9 s, the pre-roll stops there.
    assert_eq!(
        piece_start(&active, 19 * S / 10, None, pre),
        Some(19 * S / 10)
    );
    assert_eq!(piece_start(&frames(&[(false, 2.0)]), 0, None, pre), None);
}
