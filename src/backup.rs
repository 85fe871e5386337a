//! Copies out and in: `backup` (the whole database), `export-story` and `import-story` (one
//! story as a JSON bundle).

use std::path::PathBuf;

use anyhow::Context as _;
use storyline_core::api::bundle::{Backup, Bundle, Imported};

use crate::output::Ctx;

#[derive(clap::Args)]
pub struct BackupArgs {
    /// The backup file to write (it must not exist). Safe while the app or `serve` runs.
    path: PathBuf,
}

#[derive(clap::Args)]
pub struct ExportStoryArgs {
    /// Story title or id.
    story: String,
    /// Write the bundle to this file instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct ImportStoryArgs {
    /// A bundle written by `export-story` ("-" reads stdin).
    file: PathBuf,
    /// Title for the imported story [default: the bundle's].
    #[arg(long)]
    title: Option<String>,
}

pub fn backup(ctx: &Ctx, args: BackupArgs) -> anyhow::Result<()> {
    let done = ctx.open()?.backup(&args.path)?;
    ctx.emit(&done, |b: &Backup| {
        format!("backed up the database to {} ({} bytes)", b.path, b.bytes)
    })
}

pub fn export_story(ctx: &Ctx, args: ExportStoryArgs) -> anyhow::Result<()> {
    let bundle = ctx.open()?.export_story(&args.story)?;
    let doc = serde_json::to_string_pretty(&bundle)? + "\n";
    match args.output {
        Some(path) => {
            std::fs::write(&path, doc).with_context(|| format!("cannot write {}", path.display()))
        }
        // JSON escapes every control character: safe on a terminal as it is.
        None => {
            print!("{doc}");
            Ok(())
        }
    }
}

pub fn import_story(ctx: &Ctx, args: ImportStoryArgs) -> anyhow::Result<()> {
    let raw = if args.file.as_os_str() == "-" {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
            .context("cannot read stdin")?;
        s
    } else {
        std::fs::read_to_string(&args.file)
            .with_context(|| format!("cannot read {}", args.file.display()))?
    };
    let bundle: Bundle = serde_json::from_str(&raw)
        .with_context(|| format!("{} is not a story bundle", args.file.display()))?;
    let done = ctx
        .open()?
        .import_story(bundle, args.title.as_deref(), ctx.now())?;
    ctx.emit(&done, |i: &Imported| {
        format!(
            "imported story {} {:?}: {} article(s), {} snapshot(s)",
            i.story_id, i.title, i.articles, i.snapshots
        )
    })
}
