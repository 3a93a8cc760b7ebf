//! `viva models`: the speech models in `<data dir>/models`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use clap::Subcommand;
use viva_practice::WorkerCommand;
use viva_practice::models::{
    self, ModelInfo, ModelStore, Quantization, import_model_as, quantize_installed,
};

use super::Context;
use super::speech::WORKER_COMMAND;
use crate::output::print_json;

#[derive(Subcommand)]
pub enum ModelsCommand {
    /// List installed models (the default is marked with *)
    List {
        #[arg(long)]
        json: bool,
    },
    /// Download an official whisper.cpp model (tiny.en, tiny, base.en, base, small.en, small)
    Install {
        name: String,
        /// Download from a mirror of whisper.cpp's model folder instead
        #[arg(long, env = "VIVA_MODEL_BASE_URL", hide_env_values = true, hide = true)]
        base_url: Option<String>,
    },
    /// Add a model you have: a whisper.cpp .bin file or a CTranslate2 (faster-whisper) folder
    Import {
        path: PathBuf,
        /// Name in the store [default: from the model, e.g. tiny.en]
        #[arg(long)]
        name: Option<String>,
        /// Replace an installed model of the same name
        #[arg(long)]
        replace: bool,
    },
    /// Make a smaller, usually faster copy of an installed model with quantised weights
    /// (q8_0 keeps accuracy; see BENCHMARKS.md)
    Quantize {
        name: String,
        /// q8_0, q5_0, q5_1 or q4_0
        #[arg(long, default_value = "q8_0")]
        to: String,
        /// Name of the new model [default: NAME-q8_0]
        #[arg(long = "as")]
        new_name: Option<String>,
        /// Replace an installed model of the same name
        #[arg(long)]
        replace: bool,
    },
    /// Delete an installed model
    Remove { name: String },
    /// Show the default model, or make NAME the default
    Default { name: Option<String> },
}

pub fn run(ctx: &Context, command: ModelsCommand) -> Result<ExitCode> {
    let store = ctx.data()?.models();
    match command {
        ModelsCommand::List { json } => list(&store, json)?,
        ModelsCommand::Install { name, base_url } => {
            let base = base_url.unwrap_or_else(models::base_url);
            let mut bar = Bar::new(format!("downloading {name}"));
            let result = models::install_from(&store, &name, &base, &mut |p| {
                bar.show(p.received, p.total, Some(p.bytes_per_sec))
            });
            bar.finish();
            let (model, info) = result.map_err(anyhow::Error::msg)?;
            eprintln!(
                "installed {} ({}, {}) at {}",
                model.name,
                describe(&info),
                mb(model.size),
                model.path.display()
            );
        }
        ModelsCommand::Import {
            path,
            name,
            replace,
        } => {
            let worker = WorkerCommand::current_exe(WORKER_COMMAND)?;
            let verb = if path.is_dir() {
                "converting"
            } else {
                "copying"
            };
            let mut bar = Bar::new(format!("{verb} {}", path.display()));
            let result = import_model_as(&store, &worker, &path, name, replace, &mut |p| {
                bar.show(p.received, p.total, None)
            });
            bar.finish();
            let imported = result.map_err(anyhow::Error::msg)?;
            eprintln!(
                "imported {} ({}, {}) at {}",
                imported.model.name,
                describe(&imported.info),
                mb(imported.model.size),
                imported.model.path.display()
            );
        }
        ModelsCommand::Quantize {
            name,
            to,
            new_name,
            replace,
        } => {
            let Some(format) = Quantization::parse(&to) else {
                anyhow::bail!("unknown quantisation {to:?}: use q8_0, q5_0, q5_1 or q4_0");
            };
            let model = quantize_installed(&store, &name, format, new_name.as_deref(), replace)?;
            eprintln!(
                "made {} ({}) at {}",
                model.name,
                mb(model.size),
                model.path.display()
            );
        }
        ModelsCommand::Remove { name } => {
            let path = store.remove(&name)?;
            eprintln!("removed {name} ({})", path.display());
        }
        ModelsCommand::Default { name: Some(name) } => {
            store.set_default(&name)?;
            eprintln!("{name} is now the default model");
        }
        ModelsCommand::Default { name: None } => match store.default_name()? {
            Some(name) => println!("{name}"),
            None => return Err(models::StoreError::NoModels.into()),
        },
    }
    Ok(ExitCode::SUCCESS)
}

fn list(store: &ModelStore, json: bool) -> Result<()> {
    let models = store
        .list()
        .with_context(|| format!("listing {}", store.dir().display()))?;
    if json {
        return print_json(&models);
    }
    if models.is_empty() {
        eprintln!(
            "no models installed in {}; run `viva models install {}`",
            store.dir().display(),
            models::DEFAULT_MODEL
        );
    }
    for m in &models {
        let mark = if m.default { "*" } else { " " };
        println!(
            "{mark} {:<16} {:>9}  {}",
            m.name,
            mb(m.size),
            m.path.display()
        );
    }
    Ok(())
}

fn describe(info: &ModelInfo) -> String {
    let lang = if info.english_only {
        "English-only"
    } else {
        "multilingual"
    };
    format!("{}, {lang}, {}", info.model_type, info.ftype)
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// A one-line progress display on stderr, redrawn at most ten times a second.
struct Bar {
    label: String,
    last: Option<Instant>,
    drawn: bool,
}

impl Bar {
    fn new(label: String) -> Self {
        Bar {
            label,
            last: None,
            drawn: false,
        }
    }

    fn show(&mut self, done: u64, total: Option<u64>, rate: Option<f64>) {
        let complete = total == Some(done);
        if !complete
            && self
                .last
                .is_some_and(|t| t.elapsed() < Duration::from_millis(100))
        {
            return;
        }
        self.last = Some(Instant::now());
        let mut line = format!("\r{}: {}", self.label, mb(done));
        if let Some(t) = total.filter(|&t| t > 0) {
            line += &format!(" of {} ({:.0}%)", mb(t), done as f64 * 100.0 / t as f64);
        }
        if let Some(r) = rate {
            line += &format!(", {:.1} MB/s", r / 1e6);
        }
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "{line}\x1b[K");
        let _ = err.flush();
        self.drawn = true;
    }

    fn finish(&mut self) {
        if self.drawn {
            eprintln!();
            self.drawn = false;
        }
    }
}
