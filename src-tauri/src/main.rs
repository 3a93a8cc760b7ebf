//! Viva's desktop app: a thin Tauri shell over the practice library. Every command is a few
//! lines; the work happens in viva-practice, viva-store, viva-asr, viva-audio and viva-core.

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod state;

/// Run as `viva-app asr-worker`, this executable is the speech worker the app talks to, so a
/// whisper.cpp crash on a bad model ends the worker, never the window.
const WORKER_ARG: &str = "asr-worker";

fn main() {
    viva_practice::init_logging();
    if std::env::args().nth(1).as_deref() == Some(WORKER_ARG) {
        let served = viva_practice::serve_worker();
        std::process::exit(if served.is_ok() { 0 } else { 1 });
    }
    // Run as `viva-app convert-model SRC DST`, it converts a CTranslate2 folder for the app's
    // import, which a hostile folder can then only take down in that process.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args
        .get(1)
        .is_some_and(|a| a == viva_practice::models::CONVERT_COMMAND)
        && args.len() == 4
    {
        let converted = viva_practice::models::serve_conversion(
            std::path::Path::new(&args[2]),
            std::path::Path::new(&args[3]),
        );
        if let Err(e) = &converted {
            eprintln!("viva: {e}");
        }
        std::process::exit(if converted.is_ok() { 0 } else { 1 });
    }
    let app = match state::App::open(WORKER_ARG) {
        Ok(app) => app,
        Err(e) => {
            eprintln!("viva: {e}");
            std::process::exit(1);
        }
    };
    let context = tauri::generate_context!();
    let instance = format!(
        "{}.{}",
        context.config().identifier,
        app.data.instance_name()
    );
    tauri::Builder::default()
        // First, so a second launch hands over before it opens anything of its own.
        .plugin(
            tauri_plugin_single_instance::Builder::new()
                .dbus_id(instance)
                .callback(|handle, _args, _cwd| bring_forward(handle))
                .build(),
        )
        .plugin(tauri_plugin_dialog::init())
        .manage(std::sync::Arc::new(app))
        .setup(|handle| {
            use tauri::Manager;
            // Without a session bus the plugin cannot find a running window; the data folder's
            // lock still keeps a second one from sharing (and "recovering") its history.
            let app = handle.state::<state::Shared>().inner().clone();
            match app.data.claim_window() {
                Ok(claim) => {
                    handle.manage(claim);
                }
                Err(e) => {
                    eprintln!("viva: {}", viva_practice::describe(&e));
                    std::process::exit(1);
                }
            }
            // Load the speech model and finish answers a crash cut off while the window opens,
            // so the first result comes as fast as later ones.
            std::thread::spawn(move || app.warm_up());
            Ok(())
        })
        .invoke_handler(commands::handler())
        .run(context)
        .expect("the Viva window could not be opened");
}

/// Viva was launched again: show its window instead of a second one.
fn bring_forward(handle: &tauri::AppHandle) {
    use tauri::Manager;
    tracing::info!("Viva was launched again; bringing its window forward");
    if let Some(window) = handle.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}
