//! What the app holds while it runs: the data folder, the answer store, the decks, the speech
//! worker, the answer being recorded and the recording being replayed.

use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard};

use viva_core::Library;
use viva_practice::models::ModelStore;
use viva_practice::{
    Answering, DataDir, Player, PracticeError, Recognizer, Settings, Store, WorkerCommand, describe,
};

pub type Shared = Arc<App>;

pub struct App {
    pub data: DataDir,
    pub worker: WorkerCommand,
    pub store: Mutex<Store>,
    /// Read again when the user's decks change (the deck editor saves, a deck is imported).
    library: RwLock<Library>,
    pub settings: Mutex<Settings>,
    /// Loaded once and kept: loading a model takes longer than transcribing an answer.
    pub recognizer: Mutex<Option<Recognizer>>,
    pub answering: Mutex<Option<Answering>>,
    /// A spoken "try it" answer in the deck editor, being recorded.
    pub trying: Mutex<Option<viva_practice::decks::Trying>>,
    pub player: Mutex<Option<Player>>,
    /// Which replay the position reports belong to; a new replay ends the old one's reports.
    pub playback: AtomicU64,
}

impl App {
    pub fn open(worker_arg: &str) -> Result<App, String> {
        let data = DataDir::locate(None).map_err(|e| describe(&e))?;
        let store = data.store().map_err(|e| describe(&e))?;
        // A broken settings file must not lock the user out: defaults, and the problem logged.
        let settings = data.settings().unwrap_or_else(|e| {
            tracing::warn!("{e}; using the default settings");
            Settings::default()
        });
        Ok(App {
            library: RwLock::new(data.library()),
            worker: WorkerCommand::current_exe(worker_arg).map_err(|e| describe(&e))?,
            store: Mutex::new(store),
            settings: Mutex::new(settings),
            recognizer: Mutex::new(None),
            answering: Mutex::new(None),
            trying: Mutex::new(None),
            player: Mutex::new(None),
            playback: AtomicU64::new(0),
            data,
        })
    }

    pub fn models(&self) -> ModelStore {
        self.data.models()
    }

    pub fn store(&self) -> MutexGuard<'_, Store> {
        lock(&self.store)
    }

    pub fn library(&self) -> RwLockReadGuard<'_, Library> {
        self.library.read().unwrap_or_else(|p| p.into_inner())
    }

    /// Loads the decks again from the data folder, after one was written.
    pub fn reload_library(&self) {
        *self.library.write().unwrap_or_else(|p| p.into_inner()) = self.data.library();
    }

    pub fn settings(&self) -> Settings {
        lock(&self.settings).clone()
    }

    /// The speech worker with the default model, started if it is not running.
    pub fn recognizer(&self) -> Result<MutexGuard<'_, Option<Recognizer>>, PracticeError> {
        let mut slot = lock(&self.recognizer);
        if slot.is_none() {
            *slot = Some(Recognizer::start(&self.worker, &self.models(), None)?);
        }
        Ok(slot)
    }

    /// Forgets the running worker, e.g. after the default model changed.
    pub fn reset_recognizer(&self) {
        *lock(&self.recognizer) = None;
    }

    /// Starts the speech worker and recovers cut-off answers, if a model is installed.
    pub fn warm_up(&self) {
        if !matches!(self.models().default_name(), Ok(Some(_))) {
            return;
        }
        let targets = self.settings().targets();
        // Holding the answer slot keeps an answer from starting halfway through recovery. An
        // answer being recorded right now (a model installed from Settings mid-session) is not
        // cut off: its attempt must not be "recovered" under it.
        let answering = lock(&self.answering);
        let recording_now = answering.is_some();
        let result = self.recognizer().and_then(|mut r| match r.as_mut() {
            Some(recognizer) if !recording_now => {
                viva_practice::recover(|| self.store(), recognizer, &targets)
            }
            _ => Ok(Vec::new()),
        });
        drop(answering);
        match result {
            Ok(recovered) => {
                for r in recovered {
                    tracing::info!(
                        "recovered attempt {} ({}) cut off by a crash",
                        r.attempt_id,
                        r.question_id
                    );
                }
            }
            Err(e) => tracing::warn!("speech model not ready: {}", describe(&e)),
        }
    }
}

/// A poisoned lock means a command panicked; the data behind it is still the best we have.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
