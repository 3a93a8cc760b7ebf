use std::path::PathBuf;

/// What can stop a practice step, each with what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum PracticeError {
    #[error(transparent)]
    Store(#[from] viva_store::StoreError),
    #[error(transparent)]
    Audio(#[from] viva_audio::AudioError),
    #[error(transparent)]
    Wav(#[from] viva_audio::wav::WavError),
    #[error(transparent)]
    Worker(#[from] viva_asr::worker::WorkerError),
    #[error(transparent)]
    Models(#[from] viva_models::models::StoreError),
    #[error(transparent)]
    Lookup(#[from] viva_core::LookupError),
    #[error(transparent)]
    Notes(#[from] viva_authoring::notes::NotesError),
    #[error(transparent)]
    Deck(#[from] viva_core::DeckError),
    #[error(
        "a deck with the id {id:?} already exists ({where_}); give this one another id (its `id` \
         field), or remove the other deck first"
    )]
    DeckExists { id: String, where_: String },
    #[error(
        "{id:?} is a built-in deck, which cannot be changed; duplicate it to edit a copy of your own"
    )]
    BuiltInDeck { id: String },
    #[error("no deck of your own has the id {id:?}")]
    NoUserDeck { id: String },
    #[error("{}: not a deck file: it must end in .toml", path.display())]
    NotADeckFile { path: PathBuf },
    #[error("the deck {deck:?} has no questions{}", category.as_ref().map(|c| format!(" in the category {c:?}")).unwrap_or_default())]
    NoQuestions {
        deck: String,
        category: Option<String>,
    },
    #[error(
        "cannot find a folder for Viva's data for this user; pass --data-dir DIR or set VIVA_DATA_DIR"
    )]
    NoDataDir,
    #[error(
        "Viva is already open with the data folder {}; switch to its window (or close it first)",
        data_dir.display()
    )]
    AlreadyOpen { data_dir: PathBuf },
    #[error(
        "nothing in the deck {deck:?} is due today{}; practise another way, or raise new questions per day in Settings",
        next.as_ref().map(|n| format!(" (the next question is due {n})")).unwrap_or_default()
    )]
    NothingDue { deck: String, next: Option<String> },
    #[error(
        "attempt {attempt} is the first answer to its question: there is nothing before it to compare with; name a second attempt"
    )]
    NothingToCompare { attempt: i64 },
    #[error(
        "attempt {attempt} has no follow-up to answer: it covered every point that has one (or said nothing)"
    )]
    NoFollowUp { attempt: i64 },
    #[error(
        "the follow-up of attempt {attempt} was answered already; its answer is kept with the attempt (History shows it)"
    )]
    FollowUpAnswered { attempt: i64 },
    #[error(
        "attempts {} and {} answer different questions ({} and {}); compare two answers to one question",
        first.0, second.0, first.1, second.1
    )]
    DifferentQuestions {
        first: (i64, String),
        second: (i64, String),
    },
    #[error("an answer is already being recorded; stop or cancel it first")]
    AlreadyRecording,
    #[error("no answer is being recorded")]
    NotRecording,
    #[error("cannot read the settings in {path}: {detail}; fix or delete the file")]
    BadSettings { path: PathBuf, detail: String },
    #[error("{0}")]
    InvalidSetting(String),
    #[error("cannot write the report there: {0}")]
    Destination(String),
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("no speech model is running to transcribe the answer; install one in Settings")]
    NoRecognizer,
    #[error("the recording thread stopped unexpectedly; the audio so far is kept")]
    RecorderPanicked,
}
