//! Viva's engine: question decks, answer scoring and delivery metrics.
//!
//! Everything here is a pure function over text and timings; devices, models and storage live in
//! the crates downstream and upstream of this one.

pub mod authoring;
pub mod baseline;
pub mod builtin;
pub mod claims;
pub mod compare;
pub mod deck;
pub mod delivery;
pub mod follow_up;
pub mod library;
mod matching;
pub mod metrics;
pub mod report;
pub mod schedule;
pub mod score;
pub mod text;
pub mod tips;
pub mod transcript;

pub use claims::{MisconceptionFound, MisconceptionKind, Verdict};
pub use deck::{CodeSnippet, Concept, Deck, DeckError, Misconception, Problem, Question, Subject};
pub use delivery::{Measure, MeasureVerdict, measures};
pub use library::{Library, LookupError};
pub use metrics::{DeliveryMetrics, DeliveryTargets, metrics};
pub use score::{Assessment, ConceptResult, MatchKind, assess, score};
pub use transcript::{Transcript, Word};
