//! Importing into the store: a ggml file is checked then copied, a CTranslate2 folder is
//! converted; a file that fails the structural check or the engine's load check never
//! appears in the store. Uses the real tiny.en CTranslate2 model (see tests/convert_real.rs).

use std::fs;
use std::path::{Path, PathBuf};

use viva_models::import::{ImportError, ImportOptions, import};
use viva_models::models::ModelStore;

fn ct2_tiny_en() -> PathBuf {
    let dir = std::env::var_os("VIVA_TEST_CT2_TINY_EN")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.setup/ct2/tiny.en"));
    assert!(
        dir.join("model.bin").is_file(),
        "no CTranslate2 model at {} : run `make setup` (scripts/install-models.sh) or point \
         VIVA_TEST_CT2_TINY_EN at a folder with model.bin and tokenizer.json",
        dir.display()
    );
    dir
}

/// Only model files and the default marker: no temporaries left behind.
fn store_files(store: &ModelStore) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(store.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    v.sort();
    v
}

#[test]
fn imports_a_folder_then_a_file_and_refuses_broken_ones() {
    let tmp = tempfile::tempdir().unwrap();
    let store = ModelStore::new(tmp.path().join("models"));

    // A CTranslate2 folder is converted and named after the model.
    let mut steps = 0;
    let first = import(
        &store,
        &ct2_tiny_en(),
        &ImportOptions::default(),
        &mut |_, _| steps += 1,
    )
    .unwrap();
    assert!(first.converted);
    assert_eq!(first.model.name, "tiny.en");
    assert!(first.model.default, "the only model is the default");
    assert_eq!(first.model.size, first.info.file_size);
    assert!(steps > 1);
    assert_eq!(store_files(&store), ["tiny.en.bin"]);

    // The same model again under the same name is refused...
    let err = import(
        &store,
        &ct2_tiny_en(),
        &ImportOptions::default(),
        &mut |_, _| {},
    )
    .unwrap_err();
    assert!(
        matches!(err, ImportError::AlreadyInstalled { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("--name"), "{err}");

    // ...but a ggml file imports under a chosen name, and the load check sees the new file.
    let ggml = tmp.path().join("outside.bin");
    fs::copy(store.path_for("tiny.en").unwrap(), &ggml).unwrap();
    let checked = std::cell::Cell::new(false);
    let check = |p: &Path| {
        assert_eq!(fs::metadata(p).unwrap().len(), first.info.file_size);
        checked.set(true);
        Ok(())
    };
    let second = import(
        &store,
        &ggml,
        &ImportOptions {
            name: Some("mine".into()),
            load_check: Some(&check),
            ..Default::default()
        },
        &mut |_, _| {},
    )
    .unwrap();
    assert!(checked.get() && !second.converted);
    assert_eq!(second.info.suggested_name(), "tiny.en");
    assert_eq!(store_files(&store), ["mine.bin", "tiny.en.bin"]);

    // A truncated file is refused with the checker's message, and nothing is added.
    let cut = tmp.path().join("cut.bin");
    let bytes = fs::read(&ggml).unwrap();
    fs::write(&cut, &bytes[..bytes.len() - 1000]).unwrap();
    let err = import(
        &store,
        &cut,
        &ImportOptions {
            name: Some("cut".into()),
            ..Default::default()
        },
        &mut |_, _| {},
    )
    .unwrap_err();
    assert!(matches!(err, ImportError::Invalid(_)), "{err:?}");
    assert!(err.to_string().contains("truncated"), "{err}");

    // An engine that cannot load the file stops the import; no temporary stays behind.
    let refuse = |_: &Path| Err("unsupported model".to_string());
    let err = import(
        &store,
        &ggml,
        &ImportOptions {
            name: Some("refused".into()),
            load_check: Some(&refuse),
            ..Default::default()
        },
        &mut |_, _| {},
    )
    .unwrap_err();
    assert!(err.to_string().contains("unsupported model"), "{err}");
    assert_eq!(store_files(&store), ["mine.bin", "tiny.en.bin"]);

    // Not a model at all.
    let text = tmp.path().join("notes.bin");
    fs::write(&text, "hello, this is not a model").unwrap();
    let err = import(&store, &text, &ImportOptions::default(), &mut |_, _| {}).unwrap_err();
    assert!(err.to_string().contains("not a whisper.cpp model"), "{err}");
    let err = import(
        &store,
        tmp.path(),
        &ImportOptions::default(),
        &mut |_, _| {},
    )
    .unwrap_err();
    assert!(matches!(err, ImportError::Unrecognised { .. }), "{err:?}");
    assert_eq!(store_files(&store), ["mine.bin", "tiny.en.bin"]);
}
