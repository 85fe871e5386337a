//! `rm-story` and `rm-snapshot`: ask before deleting, unless `--yes`.

use anyhow::bail;
use storyline_core::api::{DeletedSnapshot, DeletedStory};

use crate::output::Ctx;

#[derive(clap::Args)]
pub struct StoryArgs {
    /// Story title or id.
    story: String,
    /// Delete without asking.
    #[arg(long, short)]
    yes: bool,
}

#[derive(clap::Args)]
pub struct SnapshotArgs {
    /// Snapshot id.
    id: i64,
    /// Delete without asking.
    #[arg(long, short)]
    yes: bool,
}

pub fn story(ctx: &Ctx, args: StoryArgs) -> anyhow::Result<()> {
    let mut sl = ctx.open()?;
    let story = sl.story(&args.story)?;
    if !args.yes {
        let n = sl.snapshots(&story.id.to_string())?.len();
        confirm(&format!(
            "Delete story {} {:?} and its {n} snapshot(s)?",
            story.id, story.title
        ))?;
    }
    let d = sl.delete_story(&story.id.to_string())?;
    ctx.emit(&d, |d: &DeletedStory| {
        format!(
            "deleted story {} {:?} ({} articles, {} snapshots)",
            d.story_id, d.title, d.articles, d.snapshots
        )
    })
}

pub fn snapshot(ctx: &Ctx, args: SnapshotArgs) -> anyhow::Result<()> {
    let mut sl = ctx.open()?;
    let s = sl.snapshot(args.id)?;
    if !args.yes {
        confirm(&format!(
            "Delete snapshot {} ({:?}, version {}) from story {:?}?",
            s.info.id, s.info.title, s.info.version, s.story_title
        ))?;
    }
    let d = sl.delete_snapshot(args.id)?;
    ctx.emit(&d, |d: &DeletedSnapshot| {
        format!(
            "deleted snapshot {}{}",
            d.snapshot_id,
            if d.article_removed {
                format!(
                    " and its article {}, which had no other snapshot",
                    d.article_id
                )
            } else {
                String::new()
            }
        )
    })
}

/// Asks on the terminal; without one, refuses rather than guessing.
fn confirm(question: &str) -> anyhow::Result<()> {
    let asked = crate::output::ask(question).map_err(|_| {
        anyhow::anyhow!(
            "not deleting without confirmation: there is no terminal to ask on, so add --yes"
        )
    })?;
    if asked {
        Ok(())
    } else {
        bail!("not deleted (answer y to delete)")
    }
}
