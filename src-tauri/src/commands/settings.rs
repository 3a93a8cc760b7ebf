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

#[tauri::command]
pub fn devices() -> Vec<Microphone> {
    microphones()
}
