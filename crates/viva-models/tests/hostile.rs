//! Hostile model files: whatever the bytes, the parsers answer with a value or an error, never
//! a panic or an allocation the file could not back (issue 16). Each property starts from a
//! valid file and damages it; the cases that once crashed are kept as their own tests beside
//! the parsers (ggml.rs, convert/ct2.rs, convert/vocab.rs). More cases: PROPTEST_CASES=10000.

use std::io::Cursor;
use std::path::Path;

use proptest::prelude::*;
use viva_models::convert::vocab::load_vocab;
use viva_models::ggml::{
    Hparams, N_FFT_BINS, N_VOCAB_ENGLISH, TensorType, expected_tensor_names, inspect_reader,
    write_header, write_mel_filters, write_tensor_header, write_vocab,
};

/// A structurally complete tiny.en file with every tensor, each of two elements.
fn valid_model() -> Vec<u8> {
    let h = Hparams {
        n_vocab: N_VOCAB_ENGLISH,
        n_audio_ctx: 1500,
        n_audio_state: 384,
        n_audio_head: 6,
        n_audio_layer: 4,
        n_text_ctx: 448,
        n_text_state: 384,
        n_text_head: 6,
        n_text_layer: 4,
        n_mels: 80,
        ftype: 1,
    };
    let mut out = Vec::new();
    write_header(&mut out, &h).unwrap();
    let bins = N_FFT_BINS as usize;
    write_mel_filters(&mut out, 80, bins, &vec![0.5; 80 * bins]).unwrap();
    write_vocab(&mut out, &[b"a".to_vec(), b"bc".to_vec()]).unwrap();
    for name in expected_tensor_names(&h) {
        write_tensor_header(&mut out, &name, TensorType::F16, &[2]).unwrap();
        out.extend([0u8; 4]);
    }
    out
}

fn inspect(bytes: &[u8]) {
    let _ = inspect_reader(Cursor::new(bytes), bytes.len() as u64, Path::new("m.bin"));
}

/// Where the damage goes: mostly the header and the tensor table, where sizes live.
fn damage() -> impl Strategy<Value = Vec<(usize, u8)>> {
    prop::collection::vec((0usize..200_000, any::<u8>()), 1..8)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn a_damaged_ggml_file_is_an_answer_not_a_crash(hits in damage(), cut in any::<prop::sample::Index>()) {
        let mut bytes = valid_model();
        // Bytes inside the first 48 (the header) and the tensor table are hit most.
        for (at, b) in hits {
            let at = if at % 3 == 0 { at % 48 } else { at % bytes.len() };
            bytes[at] = b;
        }
        inspect(&bytes);
        let cut = cut.index(bytes.len());
        inspect(&bytes[..cut]);
    }

    #[test]
    fn a_header_of_any_numbers_is_an_answer_not_a_crash(fields in prop::array::uniform11(any::<i32>())) {
        let mut bytes = valid_model();
        for (i, v) in fields.iter().enumerate() {
            bytes[4 + 4 * i..8 + 4 * i].copy_from_slice(&v.to_le_bytes());
        }
        inspect(&bytes);
    }

    #[test]
    fn a_tokenizer_with_any_ids_is_an_answer_not_a_crash(
        eot in any::<u32>(),
        ids in prop::collection::vec(any::<u32>(), 0..6),
    ) {
        let vocab: Vec<String> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| format!("\"t{i}\":{id}"))
            .collect();
        let json = format!(
            r#"{{"added_tokens":[{{"id":{eot},"content":"<|endoftext|>"}}],"model":{{"vocab":{{{}}}}}}}"#,
            vocab.join(",")
        );
        let _ = load_vocab(&json);
    }
}
