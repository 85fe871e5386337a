//! `storyline`: the command-line front end, thin over `storyline_core::api`.

mod timex;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "storyline", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Tag temporal expressions: a JSON {"text", "dct"} on stdin, a JSON array out.
    Timex {
        /// Document date used when a request has no "dct".
        #[arg(long)]
        dct: Option<String>,
        /// Persistent mode: one JSON request per line, one JSON array per line.
        #[arg(long)]
        jsonl: bool,
    },
    /// Measure the temporal tagger's throughput.
    BenchTimex {
        /// Directory of .tml/.xml/.txt documents (default: the rule files' example sentences).
        #[arg(long)]
        corpus: Option<PathBuf>,
        /// Passes over the corpus.
        #[arg(long, default_value_t = 20)]
        repeat: usize,
    },
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Some(Command::Timex { dct, jsonl }) => timex::run(dct.as_deref(), jsonl),
        Some(Command::BenchTimex { corpus, repeat }) => timex::bench(corpus.as_deref(), repeat),
        None => {
            println!("storyline {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
    }
}
