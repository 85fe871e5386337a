//! Stories and snapshots: `stories`, `new-story`, `rename-story`, `snapshots`, `show`.

use storyline_core::api::{Snapshot, SnapshotInfo, Story, StorySummary};

use crate::output::{table, when, Ctx};

#[derive(clap::Args)]
pub struct NewArgs {
    /// The new story's title.
    title: String,
}

#[derive(clap::Args)]
pub struct RenameArgs {
    /// Story title or id.
    story: String,
    /// The new title.
    new_title: String,
}

#[derive(clap::Args)]
pub struct SnapshotsArgs {
    /// Story title or id.
    story: String,
}

#[derive(clap::Args)]
pub struct ShowArgs {
    /// Snapshot id.
    id: i64,
    /// Print the raw HTML the snapshot was made from instead of its text.
    #[arg(long)]
    html: bool,
}

pub fn list(ctx: &Ctx) -> anyhow::Result<()> {
    let stories = ctx.open()?.stories()?;
    ctx.emit(&stories, |s| stories_table(s))
}

fn stories_table(stories: &[StorySummary]) -> String {
    if stories.is_empty() {
        return "no stories yet: add a snapshot with `storyline add --story TITLE FILE`, \
                or load the demo with `storyline demo`"
            .into();
    }
    let rows: Vec<Vec<String>> = stories
        .iter()
        .map(|s| {
            vec![
                s.id.to_string(),
                s.articles.to_string(),
                s.snapshots.to_string(),
                s.last_published
                    .as_deref()
                    .map(|p| when(p, false))
                    .unwrap_or_else(|| "-".into()),
                s.title.clone(),
            ]
        })
        .collect();
    table(&["ID", "ARTICLES", "SNAPSHOTS", "LATEST", "TITLE"], &rows)
}

pub fn new(ctx: &Ctx, args: NewArgs) -> anyhow::Result<()> {
    let story = ctx.open()?.create_story(&args.title, ctx.now())?;
    ctx.emit(&story, |s: &Story| {
        format!("created story {} {:?}", s.id, s.title)
    })
}

pub fn rename(ctx: &Ctx, args: RenameArgs) -> anyhow::Result<()> {
    let story = ctx.open()?.rename_story(&args.story, &args.new_title)?;
    ctx.emit(&story, |s: &Story| {
        format!("story {} is now {:?}", s.id, s.title)
    })
}

pub fn snapshots(ctx: &Ctx, args: SnapshotsArgs) -> anyhow::Result<()> {
    let list = ctx.open()?.snapshots(&args.story)?;
    ctx.emit(&list, |l| snapshots_table(l))
}

fn snapshots_table(list: &[SnapshotInfo]) -> String {
    if list.is_empty() {
        return "no snapshots in this story yet".into();
    }
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|s| {
            vec![
                s.id.to_string(),
                s.article_id.to_string(),
                s.version.to_string(),
                when(&s.published_at, s.published_assumed),
                s.outlet.clone().unwrap_or_else(|| "-".into()),
                s.word_count.to_string(),
                s.title.clone(),
            ]
        })
        .collect();
    let mut out = table(
        &[
            "ID",
            "ARTICLE",
            "VER",
            "PUBLISHED",
            "OUTLET",
            "WORDS",
            "TITLE",
        ],
        &rows,
    );
    if list.iter().any(|s| s.published_assumed) {
        out.push_str("(~ publication time not given; the capture time stands in)\n");
    }
    out
}

pub fn show(ctx: &Ctx, args: ShowArgs) -> anyhow::Result<()> {
    let sl = ctx.open()?;
    if args.html {
        let html = sl.snapshot_html(args.id)?.ok_or_else(|| {
            anyhow::anyhow!(
                "snapshot {} was not made from HTML: show it without --html",
                args.id
            )
        })?;
        #[derive(serde::Serialize)]
        struct Html {
            id: i64,
            html: String,
        }
        return ctx.emit(&Html { id: args.id, html }, |h| h.html.clone());
    }
    let snap = sl.snapshot(args.id)?;
    ctx.emit(&snap, show_text)
}

fn show_text(s: &Snapshot) -> String {
    let i = &s.info;
    let mut out = format!("{}\n", i.title);
    out.push_str(&format!(
        "snapshot {} · version {} of article {} · story {} {:?}\n",
        i.id, i.version, i.article_id, i.story_id, s.story_title
    ));
    out.push_str(&format!(
        "published {}{} · captured {}\n",
        when(&i.published_at, false),
        if i.published_assumed {
            " (assumed: not given)"
        } else {
            ""
        },
        when(&i.captured_at, false)
    ));
    if let Some(m) = &s.modified_at {
        out.push_str(&format!("modified {} (as the page says)\n", when(m, false)));
    }
    if let Some(o) = &i.outlet {
        out.push_str(&format!("outlet {o}\n"));
    }
    if let Some(u) = &i.url {
        out.push_str(&format!("url {u}\n"));
    }
    out.push_str(&format!("{} words · sha256 {}\n\n", i.word_count, i.sha256));
    out.push_str(&s.text);
    out
}
