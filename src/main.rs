//! `storyline`: the command-line front end, thin over `storyline_core::api`.
//!
//! One file per subcommand group; this file only parses and dispatches. Errors are printed once,
//! on stderr, with their cause chain, and the exit code is non-zero.

mod add;
mod backup;
mod demo;
mod diff;
mod figures;
mod follow;
mod output;
mod rm;
mod search;
mod serve;
mod stories;
mod timeline;
mod timex;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::output::Ctx;

/// A first `add` builds hundreds of thousands of small regex-compiler nodes; the system
/// allocator spent about a third of that process's instructions on them. (`no_thp`: with
/// transparent huge pages mimalloc's arenas doubled the peak RSS.)
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "storyline",
    version,
    about = "Follow a developing news story: dated snapshots, a timeline, and what changed."
)]
struct Cli {
    /// Database file [default: the platform data directory, e.g. ~/.local/share/storyline/storyline.db].
    #[arg(long, global = true, env = "STORYLINE_DB", value_name = "PATH")]
    db: Option<PathBuf>,

    /// Print exactly one JSON document on stdout instead of text.
    #[arg(long, global = true)]
    json: bool,

    /// Stand-in for the current time (RFC 3339), for reproducible tests and demos.
    #[arg(long, global = true, env = "STORYLINE_NOW", hide = true)]
    now: Option<String>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Add a snapshot of an article (text or HTML from FILE or stdin, or fetched from --url).
    Add(add::Args),
    /// List stories.
    Stories,
    /// Create an empty story.
    NewStory(stories::NewArgs),
    /// Rename a story.
    RenameStory(stories::RenameArgs),
    /// List a story's snapshots, oldest publication first.
    Snapshots(stories::SnapshotsArgs),
    /// Show one snapshot with its text.
    Show(stories::ShowArgs),
    /// Word-level differences between two snapshots (or a snapshot and its previous version).
    Diff(diff::Args),
    /// Full-text search over snapshot titles and text.
    Search(search::Args),
    /// Delete a story with all its snapshots.
    RmStory(rm::StoryArgs),
    /// Delete one snapshot.
    RmSnapshot(rm::SnapshotArgs),
    /// Follow a web page: fetch it now and again on every refresh.
    Follow(follow::FollowArgs),
    /// Follow a feed (RSS, Atom, JSON Feed): matching new items become articles on refresh.
    FollowFeed(follow::FollowFeedArgs),
    /// Stop following a page or feed (its articles stay).
    Unfollow(follow::UnfollowArgs),
    /// List followed pages and feeds: last fetched, last changed, last error, next check.
    Sources(follow::SourcesArgs),
    /// Fetch followed pages and feeds again and store what changed.
    Refresh(follow::RefreshArgs),
    /// Load the bundled demo story (a fictional storm closing a bridge).
    Demo(demo::Args),
    /// Serve the web UI and the JSON API on 127.0.0.1.
    Serve(serve::Args),
    /// A story's dated events, merged across snapshots, grouped by year and month.
    Timeline(timeline::Args),
    /// What one snapshot changed in its story's timeline.
    Changes(timeline::ChangesArgs),
    /// A story's figures (death toll, people evacuated, ...): each followed across snapshots.
    Figures(figures::Args),
    /// Export a story's timeline (json, md, csv, timelinejs, ics).
    Export(timeline::ExportArgs),
    /// Mark a story seen up to a snapshot (default: its latest): `timeline --new`, the browser
    /// and the app show what changed after it.
    Seen(timeline::SeenArgs),
    /// Copy the whole database to a new file (safe while the app or `serve` runs).
    Backup(backup::BackupArgs),
    /// Write one story (its snapshots, text and HTML) as a JSON bundle.
    ExportStory(backup::ExportStoryArgs),
    /// Add a story from a JSON bundle written by `export-story`.
    ImportStory(backup::ImportStoryArgs),
    /// Tag temporal expressions: a JSON {"text", "dct"} on stdin, a JSON array out.
    Timex(timex::Args),
    /// Measure the temporal tagger's throughput.
    BenchTimex(timex::BenchArgs),
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let ctx = Ctx::new(cli.db, cli.json, cli.now.as_deref())?;
    match cli.command {
        Command::Add(args) => add::run(&ctx, args),
        Command::Stories => stories::list(&ctx),
        Command::NewStory(args) => stories::new(&ctx, args),
        Command::RenameStory(args) => stories::rename(&ctx, args),
        Command::Snapshots(args) => stories::snapshots(&ctx, args),
        Command::Show(args) => stories::show(&ctx, args),
        Command::Diff(args) => diff::run(&ctx, args),
        Command::Search(args) => search::run(&ctx, args),
        Command::RmStory(args) => rm::story(&ctx, args),
        Command::RmSnapshot(args) => rm::snapshot(&ctx, args),
        Command::Follow(args) => follow::follow(&ctx, args),
        Command::FollowFeed(args) => follow::follow_feed(&ctx, args),
        Command::Unfollow(args) => follow::unfollow(&ctx, args),
        Command::Sources(args) => follow::sources(&ctx, args),
        Command::Refresh(args) => follow::refresh(&ctx, args),
        Command::Demo(args) => demo::run(&ctx, args),
        Command::Serve(args) => serve::run(&ctx, args, cli.now.is_some()),
        Command::Timeline(args) => timeline::timeline(&ctx, args),
        Command::Changes(args) => timeline::changes(&ctx, args),
        Command::Figures(args) => figures::run(&ctx, args),
        Command::Export(args) => timeline::export(&ctx, args),
        Command::Seen(args) => timeline::seen(&ctx, args),
        Command::Backup(args) => backup::backup(&ctx, args),
        Command::ExportStory(args) => backup::export_story(&ctx, args),
        Command::ImportStory(args) => backup::import_story(&ctx, args),
        Command::Timex(args) => timex::run(args),
        Command::BenchTimex(args) => timex::bench(args),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // A bug in a command rolls its write back and ends in one clear line, like any error.
    let result = storyline_core::api::guard(|| run(cli)).unwrap_or_else(|e| Err(e.into()));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Errors quote titles, URLs and file names: no escape sequences to the terminal.
            eprintln!("error: {}", output::terminal_safe(&format!("{e:#}")));
            ExitCode::FAILURE
        }
    }
}
