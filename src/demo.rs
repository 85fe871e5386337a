//! `storyline demo`: loads the bundled demo story.

use storyline_core::api::DemoLoaded;

use crate::output::Ctx;

#[derive(clap::Args)]
pub struct Args {
    /// Load it into this story [default: "Storm Orla: Callan Bridge closure"].
    #[arg(long, short)]
    story: Option<String>,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<()> {
    let loaded = ctx.open()?.load_demo(args.story.as_deref(), ctx.now())?;
    ctx.emit(&loaded, |d: &DemoLoaded| {
        let added = d.snapshots.iter().filter(|r| !r.unchanged).count();
        format!(
            "demo story {} {:?}: {added} snapshot(s) added\n\
             next: storyline snapshots {}   ·   storyline diff {}",
            d.story_id, d.story, d.story_id, d.snapshots[1].snapshot_id
        )
    })
}
