//! `storyline add`: one snapshot from a file or stdin, or fetched from `--url`.

use std::io::Read;
use std::path::PathBuf;

use anyhow::Context as _;
use storyline_core::api::{AddResult, AddSnapshot, AddUrl, InputFormat, MAX_HTML_BYTES};

use crate::output::Ctx;

#[derive(clap::Args)]
pub struct Args {
    /// Story title or id (created on first use). May be left out with --version-of.
    #[arg(long, short)]
    story: Option<String>,
    /// Article URL: the same URL in the same story makes a new version of that article.
    /// Without a FILE, the page is fetched from it.
    #[arg(long)]
    url: Option<String>,
    /// Title [default: the first line of the text].
    #[arg(long)]
    title: Option<String>,
    /// Outlet [default: the URL's host].
    #[arg(long)]
    outlet: Option<String>,
    /// Publication time: RFC 3339 (2026-03-10T08:15:00Z, ...+02:00), YYYY-MM-DD or
    /// YYYY-MM-DD HH:MM (UTC). Without it, the capture time stands in (marked as assumed).
    #[arg(long, value_name = "WHEN")]
    published: Option<String>,
    /// Make the text a new version of this snapshot's article.
    #[arg(long, value_name = "SNAPSHOT_ID")]
    version_of: Option<i64>,
    /// How to read the input [default: html for .html/.htm files, text for .txt, else detected].
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// The article: a text or HTML file, or - for stdin [default: fetch --url, else stdin].
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Auto,
    Text,
    Html,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<()> {
    // The rules and word files load on a second core while the input is read and cleaned
    // (a third of a first add's time); a text found unchanged never waits for them.
    std::thread::spawn(storyline_core::api::preload);
    let file = match (args.file.clone(), &args.url) {
        (Some(f), _) => f,
        (None, Some(url)) if args.version_of.is_none() && args.format.is_none() => {
            return add_url(
                ctx,
                args.story,
                url.clone(),
                args.title,
                args.outlet,
                args.published,
            )
        }
        (None, _) => PathBuf::from("-"),
    };
    let stdin = file.as_os_str() == "-";
    let content = if stdin {
        if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
            eprintln!("reading the article from the terminal: paste it, then press Ctrl-D (or give a FILE)");
        }
        read_limited(std::io::stdin().lock()).context("cannot read the article from stdin")?
    } else {
        let f = std::fs::File::open(&file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        read_limited(f).with_context(|| format!("cannot read {}", file.display()))?
    };
    let format = match args.format {
        Some(Format::Auto) => InputFormat::Auto,
        Some(Format::Text) => InputFormat::Text,
        Some(Format::Html) => InputFormat::Html,
        None if stdin => InputFormat::Auto,
        None => InputFormat::from_path(&file),
    };
    let req = AddSnapshot {
        story: args.story,
        url: args.url,
        title: args.title,
        outlet: args.outlet,
        published: args.published,
        version_of: args.version_of,
        format,
        content,
    };
    let mut sl = ctx.open()?;
    let res = sl.add_snapshot(req, ctx.now())?;
    let assumed = !res.unchanged && sl.snapshot(res.snapshot_id)?.info.published_assumed;
    ctx.emit(&res, |r| human(r, assumed))
}

/// `add --url URL` without a file: fetch the page and add it.
fn add_url(
    ctx: &Ctx,
    story: Option<String>,
    url: String,
    title: Option<String>,
    outlet: Option<String>,
    published: Option<String>,
) -> anyhow::Result<()> {
    let mut sl = ctx.open()?;
    let res = sl.add_url(
        AddUrl {
            story,
            url,
            title,
            outlet,
            published,
        },
        ctx.now(),
    )?;
    ctx.emit(&res, |r| {
        let mut s = if r.result.unchanged {
            format!(
                "unchanged: the page's text is the same as snapshot {} (version {} of article {}); nothing stored",
                r.result.snapshot_id, r.result.version, r.result.article_id
            )
        } else {
            format!(
                "added snapshot {} (version {} of article {}, story {})",
                r.result.snapshot_id, r.result.version, r.result.article_id, r.result.story_id
            )
        };
        s.push_str(&format!(
            "\n  title:     {}\n  outlet:    {}\n  published: {}",
            crate::follow::plain(&r.title),
            crate::follow::plain(r.outlet.as_deref().unwrap_or("-")),
            crate::output::when(&r.published_at, r.published_assumed),
        ));
        if r.published_assumed {
            s.push_str("\nnote: the page gives no publication time, so the capture time stands in (give --published)");
        }
        match &r.changes {
            // Word counts, then the timeline events this version brought.
            Some(c) => s.push_str(&crate::follow::changes_summary(r, c)),
            None => s.push_str(&format!("\n  words:     {}", r.words_after)),
        }
        s
    })
}

/// Reads at most one byte past the largest accepted input, so a huge file is rejected by the
/// core's size check without being read whole.
fn read_limited(r: impl Read) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    r.take(MAX_HTML_BYTES as u64 + 1).read_to_end(&mut buf)?;
    Ok(buf)
}

fn human(r: &AddResult, assumed: bool) -> String {
    if r.unchanged {
        return format!(
            "unchanged: the text is the same as snapshot {} (version {} of article {}); nothing stored",
            r.snapshot_id, r.version, r.article_id
        );
    }
    let mut s = format!(
        "added snapshot {} (version {} of article {}, story {})",
        r.snapshot_id, r.version, r.article_id, r.story_id
    );
    if assumed {
        s.push_str(
            "\nnote: no --published given, so the capture time stands in for the publication time",
        );
    }
    s
}
