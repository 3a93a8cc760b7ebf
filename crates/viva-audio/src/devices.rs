//! Finding microphones and speakers by name.

use cpal::traits::{DeviceTrait, HostTrait};

use crate::error::AudioError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceInfo {
    /// What the system calls it, for people ("Built-in Microphone").
    pub name: String,
    /// The host's stable identifier ("default", "hw:CARD=PCH,DEV=0" on ALSA), for --device.
    pub id: String,
    pub is_default: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    Input,
    Output,
}

pub(crate) fn id_of(device: &cpal::Device) -> String {
    device
        .id()
        .map(|id| id.id().to_owned())
        .unwrap_or_else(|_| device.to_string())
}

pub(crate) fn name_of(device: &cpal::Device) -> String {
    device
        .description()
        .map(|d| d.name().to_owned())
        .unwrap_or_else(|_| device.to_string())
}

fn none_found(direction: Direction, detail: String) -> AudioError {
    match direction {
        Direction::Input => AudioError::NoMicrophone { detail },
        Direction::Output => AudioError::NoSpeaker { detail },
    }
}

fn all(direction: Direction) -> Result<Vec<cpal::Device>, AudioError> {
    let host = cpal::default_host();
    let devices = match direction {
        Direction::Input => host.input_devices().map(|d| d.collect()),
        Direction::Output => host.output_devices().map(|d| d.collect()),
    };
    devices.map_err(|e| none_found(direction, e.to_string()))
}

fn default_device(direction: Direction) -> Option<cpal::Device> {
    let host = cpal::default_host();
    match direction {
        Direction::Input => host.default_input_device(),
        Direction::Output => host.default_output_device(),
    }
}

/// Whether the device can actually be opened that way: ALSA names a "default" device even on
/// a machine with no sound at all, and only asking for its configuration tells.
fn usable(
    device: &cpal::Device,
    direction: Direction,
) -> Result<cpal::SupportedStreamConfig, String> {
    match direction {
        Direction::Input => device.default_input_config(),
        Direction::Output => device.default_output_config(),
    }
    .map_err(|e| e.to_string())
}

pub(crate) fn list(direction: Direction) -> Result<Vec<DeviceInfo>, AudioError> {
    let default = default_device(direction).filter(|d| usable(d, direction).is_ok());
    let default_id = default.as_ref().map(id_of);
    let mut devices = all(direction)?;
    // ALSA does not always enumerate its "default" PCM; the default must still be listed.
    if let Some(d) = default.filter(|d| !devices.iter().any(|x| id_of(x) == id_of(d))) {
        devices.insert(0, d);
    }
    let mut out: Vec<DeviceInfo> = devices
        .iter()
        .map(|d| {
            let id = id_of(d);
            DeviceInfo {
                name: name_of(d),
                is_default: default_id.as_deref() == Some(id.as_str()),
                id,
            }
        })
        .collect();
    out.dedup_by(|a, b| a.id == b.id);
    Ok(out)
}

/// Microphones, the system default marked.
pub fn input_devices() -> Result<Vec<DeviceInfo>, AudioError> {
    list(Direction::Input)
}

/// Speakers and headphones, the system default marked.
pub fn output_devices() -> Result<Vec<DeviceInfo>, AudioError> {
    list(Direction::Output)
}

/// The named device (exact id or name, else the only one whose name contains it, ignoring
/// case), or
/// the default one; with the configuration it will run at.
pub(crate) fn open(
    name: Option<&str>,
    direction: Direction,
) -> Result<(cpal::Device, cpal::SupportedStreamConfig), AudioError> {
    let device = match name {
        None => default_device(direction)
            .ok_or_else(|| none_found(direction, "the system has no default device".into()))?,
        Some(wanted) => {
            let devices = all(direction)?;
            let ids: Vec<String> = devices.iter().map(id_of).collect();
            let names: Vec<String> = devices.iter().map(name_of).collect();
            let lower = wanted.to_lowercase();
            let exact = (0..ids.len())
                .find(|&i| ids[i].to_lowercase() == lower || names[i].to_lowercase() == lower);
            let partial: Vec<usize> = (0..names.len())
                .filter(|&i| names[i].to_lowercase().contains(&lower))
                .collect();
            let only = match partial.as_slice() {
                [i] => Some(*i),
                _ => None,
            };
            match exact.or(only) {
                Some(i) => devices
                    .into_iter()
                    .nth(i)
                    .expect("index from the same list"),
                None => {
                    return Err(AudioError::DeviceNotFound {
                        name: wanted.to_owned(),
                        available: ids,
                    });
                }
            }
        }
    };
    let config = usable(&device, direction).map_err(|detail| match name {
        None => none_found(direction, detail),
        Some(_) => AudioError::DeviceUnusable {
            name: name_of(&device),
            detail,
        },
    })?;
    Ok((device, config))
}

/// The stream configuration to run `supported` at, with ~50 ms buffers. Left to choose, ALSA's
/// pulse plugin hands audio over in 2-second lumps: the meter would lag, and a crash or an
/// unplugged microphone would lose those 2 s that never reached the file.
pub(crate) fn low_latency(supported: &cpal::SupportedStreamConfig) -> cpal::StreamConfig {
    let mut config = supported.config();
    // 20 ms made the pulse plugin fail playback with I/O errors; 50 ms is still live enough.
    let want = (config.sample_rate / 20).max(64);
    if let cpal::SupportedBufferSize::Range { min, max } = *supported.buffer_size() {
        config.buffer_size = cpal::BufferSize::Fixed(want.clamp(min, max.max(min)));
    }
    config
}
