//! `storyline diff A [B]`: word-level differences, the changed paragraphs with one paragraph of
//! context (`--full` prints the whole text).

use storyline_core::api::{paragraphs, DiffOp, OpKind, SnapshotDiff};

use crate::output::Ctx;

/// Unchanged paragraphs shown before and after each changed one.
const CONTEXT: usize = 1;

#[derive(clap::Args)]
pub struct Args {
    /// The older snapshot (or, alone, the snapshot to compare with the version published
    /// before it).
    a: i64,
    /// The newer snapshot.
    b: Option<i64>,
    /// Print the whole text, not only the changed paragraphs and their neighbours.
    #[arg(long)]
    full: bool,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<()> {
    let d = ctx.open()?.diff(args.a, args.b)?;
    let full = args.full;
    ctx.emit(&d, |d| human(d, full))
}

/// git's `--word-diff=plain` notation: `[-deleted-]{+inserted+}`.
fn human(d: &SnapshotDiff, full: bool) -> String {
    let mut out = format!(
        "snapshot {} → {}: +{} −{} words, {} unchanged\n\n",
        d.from, d.to, d.stats.inserted_words, d.stats.deleted_words, d.stats.unchanged_words
    );
    if full {
        push_ops(&mut out, &d.ops);
        return out;
    }
    let paras = paragraphs(&d.ops);
    if !paras.iter().any(|p| p.changed) {
        out.push_str("no changes\n");
        return out;
    }
    let show: Vec<bool> = (0..paras.len())
        .map(|i| {
            let lo = i.saturating_sub(CONTEXT);
            let hi = (i + CONTEXT).min(paras.len() - 1);
            paras[lo..=hi].iter().any(|p| p.changed)
        })
        .collect();
    let mut skipped = 0;
    for (p, shown) in paras.iter().zip(&show) {
        if !shown {
            skipped += 1;
            continue;
        }
        if skipped > 0 {
            out.push_str(&skip_line(skipped));
            skipped = 0;
        }
        push_ops(&mut out, &p.ops);
    }
    if skipped > 0 {
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&skip_line(skipped));
    }
    out
}

fn skip_line(n: usize) -> String {
    let s = if n == 1 { "" } else { "s" };
    format!("[… {n} unchanged paragraph{s} …]\n\n")
}

fn push_ops(out: &mut String, ops: &[DiffOp]) {
    for op in ops {
        match op.op {
            OpKind::Equal => out.push_str(&op.text),
            OpKind::Delete => out.push_str(&format!("[-{}-]", op.text)),
            OpKind::Insert => out.push_str(&format!("{{+{}+}}", op.text)),
        }
    }
}
