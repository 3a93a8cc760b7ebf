use super::*;

fn read_all(path: &Path) -> Vec<i16> {
    let mut r = hound::WavReader::open(path).expect("valid WAV");
    assert_eq!(r.spec(), spec());
    r.samples::<i16>().map(|s| s.expect("sample")).collect()
}

fn ramp(n: usize) -> Vec<f32> {
    (0..n).map(|i| ((i % 200) as f32 - 100.0) / 200.0).collect()
}

#[test]
fn a_recorder_that_dies_keeps_everything_up_to_its_last_checkpoint() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.wav");
    let mut rec = WavRecorder::create(&path).unwrap();
    // 1.3 s in 20 ms blocks, as the capture worker writes.
    for block in ramp(20_800).chunks(320) {
        rec.write(block).unwrap();
    }
    // Dropping without finish() and without running destructors is what a kill -9 does.
    std::mem::forget(rec);
    assert_eq!(repair(&path).unwrap(), Repair::Fixed);
    let got = read_all(&path);
    assert!(got.len() >= 16_000, "only {} samples survived", got.len());
    let want: Vec<i16> = ramp(got.len())
        .iter()
        .map(|s| (s * f32::from(i16::MAX)).round() as i16)
        .collect();
    assert_eq!(got, want);
    assert_eq!(repair(&path).unwrap(), Repair::Intact);
}

#[test]
fn repair_drops_a_half_written_sample_and_fixes_both_sizes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.wav");
    let mut rec = WavRecorder::create(&path).unwrap();
    rec.write(&ramp(1000)).unwrap();
    rec.finish().unwrap();
    // Append bytes the header does not know about, ending mid-sample, and zero the sizes as
    // a writer that never checkpointed would leave them.
    let mut bytes = fs::read(&path).unwrap();
    bytes.extend_from_slice(&[1, 0, 2, 0, 3]);
    bytes[4..8].copy_from_slice(&0u32.to_le_bytes());
    bytes[40..44].copy_from_slice(&0u32.to_le_bytes());
    fs::write(&path, &bytes).unwrap();
    assert!(
        hound::WavReader::open(&path)
            .map(|r| r.duration())
            .unwrap_or(0)
            != 1002
    );
    assert_eq!(repair(&path).unwrap(), Repair::Fixed);
    let got = read_all(&path);
    assert_eq!(got.len(), 1002);
    assert_eq!(&got[1000..], &[1, 2]);
    assert_eq!(fs::metadata(&path).unwrap().len(), 44 + 2004);
}

#[test]
fn a_finished_recording_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.wav");
    let mut rec = WavRecorder::create(&path).unwrap();
    rec.write(&ramp(5000)).unwrap();
    rec.finish().unwrap();
    let before = fs::read(&path).unwrap();
    assert_eq!(repair(&path).unwrap(), Repair::Intact);
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn repair_refuses_what_is_not_a_wav() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.wav");
    fs::write(&path, b"hello").unwrap();
    let e = repair(&path).unwrap_err().to_string();
    assert!(e.contains("too short"), "{e}");
    fs::write(&path, b"OggS and then some more bytes").unwrap();
    assert!(repair(&path).unwrap_err().to_string().contains("not a WAV"));
}

#[test]
fn trim_keeps_exactly_the_asked_range() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("e.wav");
    let mut rec = WavRecorder::create(&path).unwrap();
    rec.write(&ramp(10_000)).unwrap();
    rec.finish().unwrap();
    let all = read_all(&path);
    trim(&path, 1234, 5678).unwrap();
    assert_eq!(read_all(&path), all[1234..5678]);
    assert!(!path.with_extension("trim.tmp").exists());
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_named_as_such() {
    // /dev/full answers every write with "no space left on device".
    let err = match WavRecorder::create(Path::new("/dev/full")) {
        Err(e) => e,
        Ok(mut rec) => rec.write(&vec![0.1; 16_000]).unwrap_err(),
    };
    assert!(matches!(err, AudioError::DiskFull { .. }), "{err:?}");
    assert!(err.to_string().starts_with("The disk is full"), "{err}");
}
