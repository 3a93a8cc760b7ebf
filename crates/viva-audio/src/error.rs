//! What can go wrong with the microphone and speaker, worded for the person practising.

use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum AudioError {
    #[error(
        "No microphone was found. Plug one in or check the system sound settings; \
         you can still practise by typing."
    )]
    NoMicrophone { detail: String },
    #[error(
        "No speaker or headphones were found. Plug some in or check the system sound settings."
    )]
    NoSpeaker { detail: String },
    #[error(
        "There is no sound device called \"{name}\". Available: {}.",
        list(available)
    )]
    DeviceNotFound {
        name: String,
        available: Vec<String>,
    },
    #[error(
        "The sound device \"{name}\" could not be opened ({detail}). Close other programs using it, or choose another device."
    )]
    DeviceUnusable { name: String, detail: String },
    #[error(
        "The microphone delivered only silence for {:.0} s: it may be muted or switched off. \
         Check its mute switch and the system sound settings. No speech was recorded.",
        heard.as_secs_f64()
    )]
    SilentMicrophone { heard: Duration },
    #[error(
        "No speech was heard in {:.0} s, so the recording stopped. Speak closer to the \
         microphone or check that the right one is selected.",
        waited.as_secs_f64()
    )]
    NoSpeech { waited: Duration },
    #[error(
        "The microphone stopped working after {:.1} s ({detail}). What was recorded until then \
         was kept in {}.",
        recorded.as_secs_f64(), path.display()
    )]
    DeviceLost {
        recorded: Duration,
        path: PathBuf,
        detail: String,
    },
    #[error("The speaker stopped working during playback ({detail}).")]
    OutputLost { detail: String },
    #[error("Could not write the recording {}: {detail}", path.display())]
    Write { path: PathBuf, detail: String },
    #[error(
        "The disk is full, so the recording stopped. What was recorded until then is kept in {} \
         (up to the last half second); free some space and it is scored the next time Viva \
         starts.",
        path.display()
    )]
    DiskFull { path: PathBuf },
    #[error("Could not repair the recording {}: {detail}", path.display())]
    Repair { path: PathBuf, detail: String },
    #[error(transparent)]
    Wav(#[from] crate::wav::WavError),
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        "none".into()
    } else {
        names
            .iter()
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", ")
    }
}
