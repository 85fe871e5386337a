//! `storyline search QUERY [--story S]`.

use storyline_core::api::SearchHit;

use crate::output::{when, Ctx};

#[derive(clap::Args)]
pub struct Args {
    /// Words to look for (all must match; end a word with * to match a prefix).
    #[arg(required = true, num_args = 1..)]
    query: Vec<String>,
    /// Only in this story (title or id).
    #[arg(long, short)]
    story: Option<String>,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<()> {
    let hits = ctx
        .open()?
        .search(&args.query.join(" "), args.story.as_deref())?;
    ctx.emit(&hits, |h| human(h))
}

fn human(hits: &[SearchHit]) -> String {
    if hits.is_empty() {
        return "no matches".into();
    }
    let mut out = String::new();
    for h in hits {
        out.push_str(&format!(
            "snapshot {}  {}  [{}{}]  {}\n    {}\n",
            h.snapshot_id,
            when(&h.published_at, false),
            h.story_title,
            h.outlet
                .as_deref()
                .map(|o| format!(" · {o}"))
                .unwrap_or_default(),
            h.title,
            h.snippet
        ));
    }
    out
}
