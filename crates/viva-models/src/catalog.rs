//! The official whisper.cpp models Viva offers to download.
//!
//! Sizes are those of the files whisper.cpp publishes; the SHA-256 sums are those Hugging Face
//! stores them under (their Git LFS object ids), since whisper.cpp's `models/README.md` lists
//! only SHA-1, which no longer resists a chosen collision. Both are checked after a download
//! so that a corrupted or substituted file never reaches the engine. (The sums were copied
//! from two independent public lists that agree on every file and every size; these machines
//! cannot reach Hugging Face to hash the files themselves.)

/// Where whisper.cpp's converted models are published.
pub const BASE_URL: &str = "https://huggingface.co/ggerganov/whisper.cpp/resolve/main";

/// Small, fast and English-only: a good first model for practising interview answers.
pub const DEFAULT_MODEL: &str = "tiny.en";

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct CatalogEntry {
    pub name: &'static str,
    /// Exact size in bytes of the published file.
    pub size: u64,
    /// Lowercase hex.
    pub sha256: &'static str,
    pub english_only: bool,
}

impl CatalogEntry {
    pub fn url(&self) -> String {
        format!("{BASE_URL}/ggml-{}.bin", self.name)
    }
}

pub const CATALOG: &[CatalogEntry] = &[
    CatalogEntry {
        name: "tiny.en",
        size: 77_704_715,
        sha256: "921e4cf8686fdd993dcd081a5da5b6c365bfde1162e72b08d75ac75289920b1f",
        english_only: true,
    },
    CatalogEntry {
        name: "tiny",
        size: 77_691_713,
        sha256: "be07e048e1e599ad46341c8d2a135645097a538221678b7acdd1b1919c6e1b21",
        english_only: false,
    },
    CatalogEntry {
        name: "base.en",
        size: 147_964_211,
        sha256: "a03779c86df3323075f5e796cb2ce5029f00ec8869eee3fdfb897afe36c6d002",
        english_only: true,
    },
    CatalogEntry {
        name: "base",
        size: 147_951_465,
        sha256: "60ed5bc3dd14eea856493d334349b405782ddcaf0028d4b5df4088345fba2efe",
        english_only: false,
    },
    CatalogEntry {
        name: "small.en",
        size: 487_614_201,
        sha256: "c6138d6d58ecc8322097e0f987c32f1be8bb0a18532a3f88f734d1bbf9c41e5d",
        english_only: true,
    },
    CatalogEntry {
        name: "small",
        size: 487_601_967,
        sha256: "1be3a9b2063867b937e64e2ec7483364a79917e157fa98c5d94b5c1fffea987b",
        english_only: false,
    },
];

pub fn lookup(name: &str) -> Option<&'static CatalogEntry> {
    CATALOG.iter().find(|e| e.name == name)
}

/// The catalog's names, for "did you mean" style messages.
pub fn names() -> Vec<&'static str> {
    CATALOG.iter().map(|e| e.name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_in_the_catalog() {
        assert!(lookup(DEFAULT_MODEL).is_some());
    }

    #[test]
    fn urls_follow_whisper_cpps_naming() {
        assert_eq!(
            lookup("base.en").unwrap().url(),
            "https://huggingface.co/ggerganov/whisper.cpp/resolve/main/ggml-base.en.bin"
        );
    }

    #[test]
    fn entries_are_well_formed() {
        for e in CATALOG {
            assert_eq!(e.sha256.len(), 64, "{}", e.name);
            assert!(
                e.sha256
                    .bytes()
                    .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')),
                "{}",
                e.name
            );
            assert_eq!(e.english_only, e.name.ends_with(".en"));
            // The sizes come in pairs: the .en variant differs only by a few kB of vocabulary.
            assert!(e.size > 70_000_000 && e.size < 500_000_000, "{}", e.name);
        }
    }
}
