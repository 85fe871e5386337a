//! `storyline`: the command-line front end, thin over `storyline_core::api`.

mod timex;

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
    Timex(timex::Args),
    /// Measure the temporal tagger's throughput.
    BenchTimex(timex::BenchArgs),
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Some(Command::Timex(args)) => timex::run(args),
        Some(Command::BenchTimex(args)) => timex::bench(args),
        None => {
            println!("storyline {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
    }
}
