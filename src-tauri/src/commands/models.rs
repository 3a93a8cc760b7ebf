use std::path::PathBuf;

use tauri::State;
use tauri::ipc::Channel;
use viva_practice::InstalledModel;
use viva_practice::models::{catalog, import_model as import, install};
use viva_practice::{CatalogModel, DownloadProgress};

use super::{Res, blocking, err};
use crate::state::Shared;

#[tauri::command]
pub fn model_catalog(app: State<Shared>) -> Res<Vec<CatalogModel>> {
    catalog(&app.models()).map_err(err)
}

#[tauri::command]
pub async fn install_model(
    app: State<'_, Shared>,
    name: String,
    on_progress: Channel<DownloadProgress>,
) -> Res<InstalledModel> {
    let app = app.inner().clone();
    blocking(move || {
        let model = install(&app.models(), &name, &mut |p| {
            let _ = on_progress.send(p);
        })?;
        app.warm_up();
        Ok(model)
    })
    .await
}

/// `path` comes from the open dialog: a whisper.cpp file or a CTranslate2 folder. It is
/// recognised, converted if needed, and loaded in a worker before it is accepted.
#[tauri::command]
pub async fn import_model(
    app: State<'_, Shared>,
    path: PathBuf,
    on_progress: Channel<DownloadProgress>,
) -> Res<InstalledModel> {
    let app = app.inner().clone();
    blocking(move || {
        let model = import(&app.models(), &app.worker, &path, &mut |p| {
            let _ = on_progress.send(p);
        })?;
        app.warm_up();
        Ok(model)
    })
    .await
}

/// Off the main thread: forgetting the worker waits while it transcribes an answer.
#[tauri::command]
pub async fn set_default_model(app: State<'_, Shared>, name: String) -> Res<()> {
    let app = app.inner().clone();
    blocking(move || {
        app.models().set_default(&name).map_err(err)?;
        app.reset_recognizer();
        Ok(())
    })
    .await
}

#[tauri::command]
pub async fn remove_model(app: State<'_, Shared>, name: String) -> Res<()> {
    let app = app.inner().clone();
    blocking(move || {
        app.models().remove(&name).map_err(err)?;
        app.reset_recognizer();
        Ok(())
    })
    .await
}
