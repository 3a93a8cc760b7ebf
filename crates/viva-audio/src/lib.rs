pub mod wav;

pub mod capture;
pub mod devices;
pub mod error;
pub mod level;
pub mod pipeline;
pub mod playback;
pub mod recording;
mod stream_resample;
pub mod vad;

pub use capture::{RecordOptions, Recording, start_recording};
pub use devices::{DeviceInfo, input_devices, output_devices};
pub use error::AudioError;
pub use level::Level;
pub use pipeline::{Chunk, Event, RecordConfig, Recorded, StopReason};
pub use playback::Player;
pub use recording::{Repair, repair};
