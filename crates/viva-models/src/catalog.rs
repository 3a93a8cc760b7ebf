//! The official whisper.cpp models Viva offers to download.
//!
//! Sizes and SHA-1 sums are those of the files whisper.cpp publishes (its `models/README.md`);
//! both are checked after a download so that a corrupted or substituted file never reaches the
//! engine.

/// Where whisper.cpp's converted models are published.
pub const BASE_URL: &str = "https://huggingface.co/ggerganov/whisper.cpp/resolve/main";

/// Small, fast and English-only: a good first model for practising interview answers.
pub const DEFAULT_MODEL: &str = "tiny.en";

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct CatalogEntry {
    pub name: &'static str,
    /// Exact size in bytes of the published file.
    pub size: u64,
    pub sha1: &'static str,
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
        sha1: "c78c86eb1a8faa21b369bcd33207cc90d64ae9df",
        english_only: true,
    },
    CatalogEntry {
        name: "tiny",
        size: 77_691_713,
        sha1: "bd577a113a864445d4c299885e0cb97d4ba92b5f",
        english_only: false,
    },
    CatalogEntry {
        name: "base.en",
        size: 147_964_211,
        sha1: "137c40403d78fd54d454da0f9bd998f78703390c",
        english_only: true,
    },
    CatalogEntry {
        name: "base",
        size: 147_951_465,
        sha1: "465707469ff3a37a2b9b8d8f89f2f99de7299dac",
        english_only: false,
    },
    CatalogEntry {
        name: "small.en",
        size: 487_614_201,
        sha1: "db8a495a91d927739e50b3fc1cc4c6b8f6c2d022",
        english_only: true,
    },
    CatalogEntry {
        name: "small",
        size: 487_601_967,
        sha1: "55356645c2b361a969dfd0ef2c5a50d530afd8d5",
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
            assert_eq!(e.sha1.len(), 40, "{}", e.name);
            assert!(e.sha1.bytes().all(|b| b.is_ascii_hexdigit()), "{}", e.name);
            assert_eq!(e.english_only, e.name.ends_with(".en"));
            // The sizes come in pairs: the .en variant differs only by a few kB of vocabulary.
            assert!(e.size > 70_000_000 && e.size < 500_000_000, "{}", e.name);
        }
    }
}
