use std::sync::atomic::Ordering;
use std::time::Duration;

use tauri::State;
use tauri::ipc::Channel;
use viva_practice::PlaybackEvent;
use viva_practice::Player;

use super::{Res, blocking, err};
use crate::state::{Shared, lock};

/// Plays an attempt's recording (or its follow-up answer's) from `from_s`, reporting the
/// position about twenty times a second so the transcript can follow. Starting another replay
/// ends this one.
#[tauri::command]
pub async fn play(
    app: State<'_, Shared>,
    attempt_id: i64,
    from_s: f64,
    follow_up: bool,
    on_event: Channel<PlaybackEvent>,
) -> Res<()> {
    let app = app.inner().clone();
    blocking(move || {
        let attempt = app.store().attempt(attempt_id).map_err(err)?;
        let path = match follow_up {
            true => attempt.follow_up_audio,
            false => attempt.audio_path,
        }
        .ok_or("this answer was typed, so there is no recording to play")?;
        let player = Player::open(&path, None).map_err(err)?;
        player.play_from(Duration::from_secs_f64(from_s.max(0.0)));
        *lock(&app.player) = Some(player);
        let generation = app.playback.fetch_add(1, Ordering::SeqCst) + 1;
        std::thread::spawn(move || follow(&app, generation, &on_event));
        Ok(())
    })
    .await
}

/// Reports where playback is until it ends, fails, or another replay replaces it.
fn follow(app: &Shared, generation: u64, on_event: &Channel<PlaybackEvent>) {
    while app.playback.load(Ordering::SeqCst) == generation {
        let event = match lock(&app.player).as_ref() {
            None => return,
            Some(p) if p.is_finished() => {
                std::thread::sleep(p.latency());
                match p.error() {
                    Some(e) => PlaybackEvent::Failed { message: err(e) },
                    None => PlaybackEvent::Ended,
                }
            }
            Some(p) if p.is_paused() => {
                std::thread::sleep(Duration::from_millis(50));
                continue;
            }
            Some(p) => PlaybackEvent::Position {
                at_s: p.position().as_secs_f64(),
            },
        };
        let done = !matches!(event, PlaybackEvent::Position { .. });
        if on_event.send(event).is_err() || done {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Pauses the replay and says where it stopped, so play can resume from there.
#[tauri::command]
pub fn pause_playback(app: State<Shared>) -> f64 {
    match lock(&app.player).as_ref() {
        Some(p) => {
            p.pause();
            p.position().as_secs_f64()
        }
        None => 0.0,
    }
}
