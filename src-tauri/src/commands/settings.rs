use tauri::State;
use viva_practice::status::microphones;
use viva_practice::{Microphone, Settings};

use super::{Res, err};
use crate::state::{Shared, lock};

#[tauri::command]
pub fn settings(app: State<Shared>) -> Settings {
    app.settings()
}

#[tauri::command]
pub fn save_settings(app: State<Shared>, settings: Settings) -> Res<Settings> {
    settings.save(app.data.path()).map_err(err)?;
    *lock(&app.settings) = settings.clone();
    Ok(settings)
}

/// Off the main thread: listing audio devices can take a while.
#[tauri::command]
pub async fn devices() -> Vec<Microphone> {
    tauri::async_runtime::spawn_blocking(microphones)
        .await
        .unwrap_or_default()
}
