//! `storyline diff A [B]`: word-level differences.

use storyline_core::api::SnapshotDiff;
use storyline_core::diff::OpKind;

use crate::output::Ctx;

#[derive(clap::Args)]
pub struct Args {
    /// The older snapshot (or, alone, the snapshot to compare with its previous version).
    a: i64,
    /// The newer snapshot.
    b: Option<i64>,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<()> {
    let d = ctx.open()?.diff(args.a, args.b)?;
    ctx.emit(&d, human)
}

/// git's `--word-diff=plain` notation: `[-deleted-]{+inserted+}`.
fn human(d: &SnapshotDiff) -> String {
    let mut out = format!(
        "snapshot {} → {}: +{} −{} words, {} unchanged\n\n",
        d.from, d.to, d.stats.inserted_words, d.stats.deleted_words, d.stats.unchanged_words
    );
    for op in &d.ops {
        match op.op {
            OpKind::Equal => out.push_str(&op.text),
            OpKind::Delete => out.push_str(&format!("[-{}-]", op.text)),
            OpKind::Insert => out.push_str(&format!("{{+{}+}}", op.text)),
        }
    }
    out
}
