//! Quantising the real tiny.en model, and the quantised model at work.

use viva_asr::engine::{Engine, Options};
use viva_models::ggml;
use viva_models::models::ModelStore;
use viva_models::quantize::{Quantization, QuantizeError, quantize, quantize_installed};

#[path = "../../viva-asr/tests/common/mod.rs"]
mod common;
use common::{fixture, test_model};

fn words(engine: &mut Engine) -> Vec<String> {
    let t = engine
        .transcribe(&fixture("measure-first.wav"), &Options::without_fillers())
        .unwrap();
    t.words()
        .map(|w| {
            w.text
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
                .to_lowercase()
        })
        .collect()
}

#[test]
fn a_q8_0_model_is_half_the_size_and_hears_the_same_words() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tiny.en-q8_0.bin");
    quantize(&test_model(), &out, Quantization::Q8_0).unwrap();

    let info = ggml::inspect(&out).unwrap();
    assert_eq!(info.ftype, "q8_0");
    let original = std::fs::metadata(test_model()).unwrap().len();
    assert!(info.file_size * 100 < original * 60, "{info:?}");

    let quantized = words(&mut Engine::load(&out).unwrap());
    let f16 = words(&mut Engine::load(&test_model()).unwrap());
    assert!(quantized.iter().any(|w| w == "slowest"), "{quantized:?}");
    assert_eq!(quantized, f16);

    // Quantising twice would only lose more: it is refused with the reason.
    let again = quantize(&out, &dir.path().join("x.bin"), Quantization::Q8_0).unwrap_err();
    assert!(
        matches!(again, QuantizeError::AlreadyQuantized { .. }),
        "{again}"
    );
    assert!(!dir.path().join("x.bin").exists());
}

#[test]
fn an_installed_model_is_quantised_into_the_store_under_a_new_name() {
    let dir = tempfile::tempdir().unwrap();
    let store = ModelStore::new(dir.path());
    store.ensure_dir().unwrap();
    std::fs::copy(test_model(), store.path_for("tiny.en").unwrap()).unwrap();

    let model = quantize_installed(&store, "tiny.en", Quantization::Q5_0, None, false).unwrap();
    assert_eq!(model.name, "tiny.en-q5_0");
    let names: Vec<String> = store.list().unwrap().into_iter().map(|m| m.name).collect();
    assert_eq!(names, ["tiny.en", "tiny.en-q5_0"]);

    let taken = quantize_installed(&store, "tiny.en", Quantization::Q5_0, None, false).unwrap_err();
    assert!(taken.to_string().contains("--replace"), "{taken}");
    quantize_installed(&store, "tiny.en", Quantization::Q5_0, None, true).unwrap();
    let missing = quantize_installed(&store, "base", Quantization::Q8_0, None, false).unwrap_err();
    assert!(missing.to_string().contains("base"), "{missing}");
}
