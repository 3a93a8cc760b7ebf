//! The token list whisper.cpp wants, taken from a Hugging Face `tokenizer.json`.
//!
//! GPT-2's byte-level BPE spells every byte as a printable Unicode character (so a space is
//! "Ġ"), and `tokenizer.json` stores tokens in that spelling. whisper.cpp wants the raw bytes,
//! so each character is mapped back through the inverse of GPT-2's `bytes_to_unicode`.

use std::collections::HashMap;

use super::ConvertError;

/// GPT-2's `bytes_to_unicode`: printable Latin-1 bytes stand for themselves, the other 68
/// bytes are moved, in order, to U+0100 onwards.
pub fn bytes_to_unicode() -> [char; 256] {
    let mut table = ['\0'; 256];
    let mut next = 256u32;
    for b in 0..=255u8 {
        let printable = matches!(b, b'!'..=b'~' | 0xA1..=0xAC | 0xAE..=0xFF);
        table[b as usize] = if printable {
            b as char
        } else {
            let c = char::from_u32(next).expect("U+0100..U+0143 are chars");
            next += 1;
            c
        };
    }
    table
}

/// The inverse table: character → byte.
pub fn unicode_to_bytes() -> HashMap<char, u8> {
    bytes_to_unicode()
        .iter()
        .enumerate()
        .map(|(b, &c)| (c, b as u8))
        .collect()
}

/// Decodes one byte-level token back to its bytes.
pub fn decode_token(token: &str, inverse: &HashMap<char, u8>) -> Option<Vec<u8>> {
    token.chars().map(|c| inverse.get(&c).copied()).collect()
}

#[derive(serde::Deserialize)]
struct TokenizerJson {
    model: TokenizerModel,
    #[serde(default)]
    added_tokens: Vec<AddedToken>,
}

#[derive(serde::Deserialize)]
struct TokenizerModel {
    vocab: HashMap<String, u32>,
}

#[derive(serde::Deserialize)]
struct AddedToken {
    id: u32,
    content: String,
}

const END_OF_TEXT: &str = "<|endoftext|>";

/// The ordinary tokens (ids below `<|endoftext|>`), as bytes, indexed by id.
pub fn load_vocab(json: &str) -> Result<Vec<Vec<u8>>, ConvertError> {
    let bad = |reason: String| ConvertError::BadTokenizer { reason };
    let tok: TokenizerJson =
        serde_json::from_str(json).map_err(|e| bad(format!("not a tokenizer.json: {e}")))?;
    let eot = tok
        .added_tokens
        .iter()
        .find(|t| t.content == END_OF_TEXT)
        .map(|t| t.id)
        .or_else(|| tok.model.vocab.get(END_OF_TEXT).copied())
        .ok_or_else(|| bad(format!("it has no {END_OF_TEXT} token")))?;
    // Every id below end-of-text must be a token of the vocabulary, so there can be no more of
    // them than it holds: a tokenizer claiming eot = 2^32-1 asked for 103 GB here.
    if eot as usize > tok.model.vocab.len() {
        return Err(bad(format!(
            "{END_OF_TEXT} has id {eot}, but the vocabulary holds only {} tokens",
            tok.model.vocab.len()
        )));
    }
    let inverse = unicode_to_bytes();
    let mut tokens: Vec<Option<Vec<u8>>> = vec![None; eot as usize];
    for (text, &id) in &tok.model.vocab {
        if id >= eot {
            continue;
        }
        let bytes = decode_token(text, &inverse).ok_or_else(|| {
            bad(format!(
                "token {id} ({text:?}) is not in GPT-2's byte-level alphabet"
            ))
        })?;
        if tokens[id as usize].replace(bytes).is_some() {
            return Err(bad(format!("token id {id} appears twice")));
        }
    }
    tokens
        .into_iter()
        .enumerate()
        .map(|(id, t)| t.ok_or_else(|| bad(format!("token id {id} is missing"))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_gpt2s() {
        let t = bytes_to_unicode();
        assert_eq!(t[b'A' as usize], 'A');
        assert_eq!(t[b' ' as usize], 'Ġ'); // U+0120
        assert_eq!(t[b'\n' as usize], 'Ċ'); // U+010A
        assert_eq!(t[0], 'Ā'); // U+0100
        assert_eq!(t[0x7F], 'ġ'); // U+0121
        assert_eq!(t[0xAD], 'Ń'); // U+0143: the last moved byte
        assert_eq!(t[0xE9], 'é');
        let distinct: std::collections::HashSet<char> = t.iter().copied().collect();
        assert_eq!(distinct.len(), 256);
    }

    #[test]
    fn inverse_round_trips_every_byte() {
        let inv = unicode_to_bytes();
        let t = bytes_to_unicode();
        let all: Vec<u8> = (0..=255).collect();
        let spelled: String = all.iter().map(|&b| t[b as usize]).collect();
        assert_eq!(decode_token(&spelled, &inv).unwrap(), all);
        assert_eq!(decode_token("Ġhello", &inv).unwrap(), b" hello");
        // "é" in UTF-8 is C3 A9, spelled "Ã©" at the byte level.
        assert_eq!(decode_token("Ã©", &inv).unwrap(), "é".as_bytes());
        assert_eq!(decode_token("€", &inv), None);
    }

    #[test]
    fn loads_ids_below_end_of_text() {
        let json = r#"{"added_tokens":[{"id":3,"content":"<|endoftext|>"}],
            "model":{"vocab":{"a":0,"Ġb":1,"Ċ":2,"<|endoftext|>":3,"x":4}}}"#;
        let v = load_vocab(json).unwrap();
        assert_eq!(v, vec![b"a".to_vec(), b" b".to_vec(), b"\n".to_vec()]);
        let gap = r#"{"model":{"vocab":{"a":0,"<|endoftext|>":2,"b":3}}}"#;
        let err = load_vocab(gap).unwrap_err().to_string();
        assert!(err.contains("token id 1 is missing"), "{err}");
        // Issue 16: an end-of-text id past the vocabulary is refused before anything is sized
        // by it.
        let huge = r#"{"added_tokens":[{"id":4294967295,"content":"<|endoftext|>"}],
            "model":{"vocab":{"a":0}}}"#;
        let err = load_vocab(huge).unwrap_err().to_string();
        assert!(err.contains("id 4294967295"), "{err}");
    }
}
