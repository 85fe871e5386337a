//! `storyline follow`, `follow-feed`, `unfollow`, `sources` and `refresh`: pages and feeds a
//! story follows, fetched again on request.

use std::io::IsTerminal;

use anyhow::Context as _;
use storyline_core::api::{AddedVersion, Follow, RefreshReport, SnapshotChanges, SourceInfo};

use crate::output::{table, when, Ctx};

#[derive(clap::Args)]
pub struct FollowArgs {
    /// The page's URL.
    url: String,
    /// Story title or id (created on first use).
    #[arg(long, short)]
    story: String,
    /// Re-check interval: 30m, 2h, 1d (a plain number is minutes) [default: by the article's
    /// age, from every 15 minutes for a fresh article to daily for a week-old one].
    #[arg(long, value_name = "INTERVAL", value_parser = parse_interval)]
    every: Option<i64>,
}

#[derive(clap::Args)]
pub struct FollowFeedArgs {
    /// The feed's URL (RSS, Atom or JSON Feed).
    url: String,
    /// Story title or id (created on first use).
    #[arg(long, short)]
    story: String,
    /// Take only items whose title or summary has all these words; separate alternatives
    /// with commas ("harbour bridge, ferry strike") [default: every item].
    #[arg(long = "match", value_name = "WORDS")]
    match_words: Option<String>,
    /// Re-check interval: 30m, 2h, 1d [default: 30m].
    #[arg(long, value_name = "INTERVAL", value_parser = parse_interval)]
    every: Option<i64>,
}

#[derive(clap::Args)]
pub struct UnfollowArgs {
    /// The followed URL, or the source id `storyline sources` shows.
    url: String,
    /// Only in this story [default: every story that follows it].
    #[arg(long, short)]
    story: Option<String>,
}

#[derive(clap::Args)]
pub struct SourcesArgs {
    /// Only this story's sources.
    #[arg(long, short)]
    story: Option<String>,
}

#[derive(clap::Args)]
pub struct RefreshArgs {
    /// Only this story's sources.
    #[arg(long, short)]
    story: Option<String>,
    /// Only the sources whose next check is due (for a scheduler) [default: all of them].
    #[arg(long)]
    due: bool,
}

/// `30m`, `2h`, `1d`, `90` (minutes) → minutes.
fn parse_interval(s: &str) -> Result<i64, String> {
    let s = s.trim();
    let (num, unit) = match s.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => s.split_at(i),
        None => (s, "m"),
    };
    let n: i64 = num
        .parse()
        .map_err(|_| format!("{s:?} is not an interval: give e.g. 30m, 2h or 1d"))?;
    let per = match unit.trim() {
        "m" | "min" | "mins" => 1,
        "h" => 60,
        "d" => 1440,
        _ => {
            return Err(format!(
                "{s:?} is not an interval: the units are m, h and d"
            ))
        }
    };
    Ok(n.saturating_mul(per))
}

pub fn follow(ctx: &Ctx, args: FollowArgs) -> anyhow::Result<()> {
    let mut sl = ctx.open()?;
    let res = sl.follow(
        Follow {
            story: Some(args.story),
            url: args.url,
            every_mins: args.every,
            match_words: None,
        },
        ctx.now(),
    )?;
    ctx.emit(&res, |r| {
        let mut s = format!(
            "following {} in story {:?} (source {}); next check {}",
            plain(&r.source.url),
            plain(&r.source.story_title),
            r.source.id,
            when(&r.source.next_due, false)
        );
        if let Some(a) = &r.added {
            s.push('\n');
            s.push_str(&version_line(a));
            if let Some(c) = &a.changes {
                s.push_str(&changes_summary(a, c));
            }
        }
        s
    })
}

pub fn follow_feed(ctx: &Ctx, args: FollowFeedArgs) -> anyhow::Result<()> {
    let mut sl = ctx.open()?;
    let res = sl.follow_feed(
        Follow {
            story: Some(args.story),
            url: args.url,
            every_mins: args.every,
            match_words: args.match_words,
        },
        ctx.now(),
    )?;
    ctx.emit(&res, |r| {
        format!(
            "following the feed {} in story {:?} (source {}): {} items, {} matching; \
             `storyline refresh` adds the matching ones",
            plain(&r.source.url),
            plain(&r.source.story_title),
            r.source.id,
            r.feed_items.unwrap_or(0),
            r.feed_matching.unwrap_or(0)
        )
    })
}

pub fn unfollow(ctx: &Ctx, args: UnfollowArgs) -> anyhow::Result<()> {
    let mut sl = ctx.open()?;
    let gone = sl.unfollow(&args.url, args.story.as_deref())?;
    ctx.emit(&gone, |g| {
        g.iter()
            .map(|s| {
                format!(
                    "no longer following {} in story {:?} (its articles stay)",
                    plain(&s.url),
                    plain(&s.story_title)
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    })
}

pub fn sources(ctx: &Ctx, args: SourcesArgs) -> anyhow::Result<()> {
    let sl = ctx.open()?;
    let list = sl.sources(args.story.as_deref())?;
    ctx.emit(&list, |l| sources_table(l))
}

fn sources_table(list: &[SourceInfo]) -> String {
    if list.is_empty() {
        return "no followed pages or feeds: add one with `storyline follow URL --story S`".into();
    }
    let opt = |s: &Option<String>| s.as_deref().map_or("-".to_owned(), |t| when(t, false));
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|s| {
            vec![
                s.id.to_string(),
                plain(&s.story_title),
                s.kind.clone(),
                opt(&s.last_fetched),
                opt(&s.last_changed),
                when(&s.next_due, false),
                s.last_error_kind.clone().unwrap_or_else(|| "-".into()),
                plain(&s.url),
            ]
        })
        .collect();
    let mut out = table(
        &[
            "ID", "STORY", "KIND", "FETCHED", "CHANGED", "NEXT", "ERROR", "URL",
        ],
        &rows,
    );
    for s in list {
        if let Some(e) = &s.last_error {
            out.push_str(&format!("source {}: {}\n", s.id, plain(e)));
        }
    }
    out
}

pub fn refresh(ctx: &Ctx, args: RefreshArgs) -> anyhow::Result<()> {
    let mut sl = ctx.open()?;
    // A progress bar only for a person watching a terminal.
    let bar = std::io::stderr().is_terminal().then(|| {
        let b = indicatif::ProgressBar::new(0);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}")
                .expect("valid template"),
        );
        b
    });
    let report = sl
        .refresh(args.story.as_deref(), args.due, ctx.now(), &mut |p| {
            if let Some(b) = &bar {
                b.set_length(p.total as u64);
                b.set_position(p.done as u64);
                b.set_message(format!("{} {}", p.outcome.status, plain(&p.outcome.url)));
            }
        })
        .context("refresh stopped")?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    ctx.emit(&report, refresh_text)
}

fn refresh_text(r: &RefreshReport) -> String {
    if r.sources.is_empty() {
        return "nothing to refresh: no followed pages or feeds (or none due)".into();
    }
    let mut out = String::new();
    for o in &r.sources {
        let line = match &o.error {
            Some(e) => format!("{} {}: error: {}", o.kind, plain(&o.url), plain(&e.message)),
            None => format!(
                "{} {}: {}",
                o.kind,
                plain(&o.url),
                o.status.replace('_', " ")
            ),
        };
        out.push_str(&line);
        out.push('\n');
        for a in &o.added {
            out.push_str("  ");
            out.push_str(&version_line(a));
            out.push('\n');
            if let Some(c) = &a.changes {
                out.push_str(changes_summary(a, c).trim_start_matches('\n'));
                out.push('\n');
            }
        }
        for e in &o.item_errors {
            out.push_str(&format!(
                "  item {}: error: {}\n",
                plain(&e.url),
                plain(&e.error.message)
            ));
        }
    }
    out.push_str(&format!(
        "{} checked, {} changed, {} failed",
        r.checked, r.changed, r.failed
    ));
    out
}

fn version_line(a: &AddedVersion) -> String {
    if a.result.unchanged {
        return format!(
            "unchanged: same text as snapshot {} (version {})",
            a.result.snapshot_id, a.result.version
        );
    }
    format!(
        "added snapshot {} (version {} of article {}): {:?}, {}",
        a.result.snapshot_id,
        a.result.version,
        a.result.article_id,
        plain(&a.title),
        when(&a.published_at, a.published_assumed)
    )
}

/// What a new version changed: words, then timeline events.
pub fn changes_summary(a: &AddedVersion, c: &SnapshotChanges) -> String {
    let mut s = match (&c.diff, a.words_before) {
        (Some(d), Some(before)) => format!(
            "\n    words: {} → {} (+{} −{})",
            before, a.words_after, d.inserted_words, d.deleted_words
        ),
        _ => format!("\n    words: {}", a.words_after),
    };
    for (label, events) in [
        ("new", &c.added),
        ("confirmed", &c.confirmed),
        ("redated", &c.redated),
        ("contradicted", &c.contradicted),
    ] {
        for e in events {
            s.push_str(&format!(
                "\n    {label} event {}: {}",
                e.date,
                plain(&e.text)
            ));
        }
    }
    s
}

/// Text from a web page or feed for a terminal: control characters (escape sequences) out.
pub fn plain(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals() {
        assert_eq!(parse_interval("30m"), Ok(30));
        assert_eq!(parse_interval("2h"), Ok(120));
        assert_eq!(parse_interval("1d"), Ok(1440));
        assert_eq!(parse_interval("45"), Ok(45));
        assert!(parse_interval("soon").is_err());
        assert!(parse_interval("3w").is_err());
        assert_eq!(plain("a\u{1b}[31mb"), "a [31mb");
    }
}
