//! `storyline timex` (the scorer protocol) and `storyline bench-timex` (throughput figures).

use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};

use clap::Args as ClapArgs;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::json;
use storyline_core::timex::{Tagger, Timex};

/// `storyline timex`: tag temporal expressions, speaking the TempEval-3 scorer protocol.
#[derive(ClapArgs)]
pub struct Args {
    /// Document date used when a request has no "dct".
    #[arg(long, value_name = "YYYY-MM-DD")]
    dct: Option<String>,
    /// Persistent mode: one JSON request per line, one JSON array per line, flushed.
    #[arg(long)]
    jsonl: bool,
}

/// `storyline bench-timex`: the tagger's throughput.
#[derive(ClapArgs)]
pub struct BenchArgs {
    /// Directory of .tml/.xml/.txt documents [default: the rule files' example sentences].
    #[arg(long, value_name = "DIR")]
    corpus: Option<PathBuf>,
    /// Passes over the corpus.
    #[arg(long, default_value_t = 20)]
    repeat: usize,
}

#[derive(Deserialize)]
struct Request {
    text: String,
    #[serde(default)]
    dct: Option<String>,
}

fn parse_dct(s: &str) -> Result<NaiveDate> {
    // Scorer DCTs may carry a time ("2009-12-19T17:00:00"); the date is what counts.
    let day = s.get(..10).unwrap_or(s);
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .with_context(|| format!("bad DCT {s:?}, expected YYYY-MM-DD"))
}

/// Timexes as the scorer wants them: code-point offsets, TIMEX3 type and value.
fn to_json(text: &str, timexes: &[Timex]) -> serde_json::Value {
    // Byte → code-point offsets in one pass over the text (offsets come sorted by start).
    let mut marks: Vec<usize> = timexes.iter().flat_map(|t| [t.start, t.end]).collect();
    marks.sort_unstable();
    marks.dedup();
    let mut map = std::collections::HashMap::with_capacity(marks.len());
    let (mut byte, mut cp) = (0usize, 0usize);
    for m in marks {
        cp += text[byte..m].chars().count();
        byte = m;
        map.insert(m, cp);
    }
    let arr: Vec<serde_json::Value> = timexes
        .iter()
        .map(|t| {
            let mut o = json!({"start": map[&t.start], "end": map[&t.end], "type": t.kind.as_str(), "value": t.value});
            if let Some(m) = &t.modifier {
                o["mod"] = json!(m);
            }
            o
        })
        .collect();
    serde_json::Value::Array(arr)
}

fn answer(
    tagger: &Tagger,
    input: &str,
    default_dct: Option<NaiveDate>,
) -> Result<serde_json::Value> {
    let req: Request = serde_json::from_str(input)
        .context("expected a JSON object {\"text\": ..., \"dct\": \"YYYY-MM-DD\"}")?;
    let dct = match (&req.dct, default_dct) {
        (Some(d), _) if !d.is_empty() => parse_dct(d)?,
        (_, Some(d)) => d,
        _ => bail!("no DCT: give \"dct\" in the request or --dct"),
    };
    Ok(to_json(&req.text, &tagger.tag(&req.text, dct)))
}

/// `storyline timex`: one JSON request on stdin → one JSON array; with `--jsonl`, one request
/// per line, one answer per line, flushed, until end of input.
pub fn run(args: Args) -> Result<()> {
    let jsonl = args.jsonl;
    let default_dct = args.dct.as_deref().map(parse_dct).transpose()?;
    let tagger = Tagger::global();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if jsonl {
        // A session tags many texts: compile every rule now, as start-up, not inside the
        // first requests (a one-shot call compiles only what its text can trigger).
        tagger.warm_all();
        let stdin = std::io::stdin();
        for line in stdin.lock().lines() {
            let line = line.context("reading stdin")?;
            if line.trim().is_empty() {
                continue;
            }
            // A bad line must not end the session: answer it with no timexes, explain on stderr.
            let v = answer(tagger, &line, default_dct).unwrap_or_else(|e| {
                eprintln!("storyline timex: {e:#}");
                json!([])
            });
            writeln!(out, "{v}")?;
            out.flush()?;
        }
        return Ok(());
    }
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .context("reading stdin (must be UTF-8)")?;
    let v = answer(tagger, &input, default_dct)?;
    writeln!(out, "{v}")?;
    Ok(())
}

/// Text of a TimeML / TIMEX2 file: the content of `<TEXT>` without tags.
fn tml_text(raw: &str) -> String {
    let body = match (raw.find("<TEXT>"), raw.rfind("</TEXT>")) {
        (Some(s), Some(e)) if e > s => &raw[s + 6..e],
        _ => raw,
    };
    let mut out = String::with_capacity(body.len());
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
}

fn load_corpus(dir: &Path) -> Result<Vec<String>> {
    let mut docs = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading corpus dir {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        let name = p.to_string_lossy();
        if name.ends_with(".tml") || name.ends_with(".xml") || name.ends_with(".txt") {
            let raw =
                std::fs::read_to_string(&p).with_context(|| format!("reading {}", p.display()))?;
            docs.push(if name.ends_with(".txt") {
                raw
            } else {
                tml_text(&raw)
            });
        }
    }
    if docs.is_empty() {
        bail!("no .tml/.xml/.txt files in {}", dir.display());
    }
    Ok(docs)
}

/// Built-in news-like corpus: the rule files' example sentences, grouped into documents.
fn builtin_corpus(tagger: &Tagger) -> Vec<String> {
    let sentences: Vec<&str> = tagger
        .examples()
        .iter()
        .map(|e| e.sentence.as_str())
        .collect();
    sentences.chunks(12).map(|c| c.join(" ")).collect()
}

fn peak_rss_kb() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// CPU time this process has used (user + system), from /proc: on a shared machine the wall
/// clock also counts time spent waiting for a core, CPU time does not. Linux only; 10 ms ticks.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may contain spaces).
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// CPU time of the calling thread in nanoseconds (Linux `schedstat`, nanosecond resolution,
/// unlike the 10 ms ticks of `/proc/self/stat`).
fn thread_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn cpu_ms(ns: Option<u64>) -> String {
    ns.map(|n| format!(" / {:.1} ms CPU", n as f64 / 1e6))
        .unwrap_or_default()
}

fn cpu_note(bytes: usize, before: Option<Duration>) -> String {
    match (before, cpu_time()) {
        (Some(a), Some(b)) if b > a => format!(" [per CPU second: {:.2} MB/s]", mbs(bytes, b - a)),
        _ => String::new(),
    }
}

fn time<F: FnMut() -> usize>(mut f: F) -> (Duration, usize) {
    let t = Instant::now();
    let n = f();
    (t.elapsed(), n)
}

fn mbs(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / 1e6 / d.as_secs_f64().max(1e-9)
}

/// `storyline bench-timex`: throughput on a corpus, on a synthetic 5 MB text, a linear-time
/// check, and two baselines measured in the same run.
pub fn bench(args: BenchArgs) -> Result<()> {
    let (corpus, repeat) = (args.corpus.as_deref(), args.repeat);
    let (t0, c0) = (Instant::now(), thread_cpu_ns());
    let tagger = Tagger::global();
    let (load_wall, load_cpu) = (t0.elapsed(), thread_cpu_ns().zip(c0).map(|(b, a)| b - a));
    println!(
        "rule set: {} rules loaded in {:.1} ms wall{} (rule regexes compile on first use; {} \
         without a literal prefix run on every chunk)",
        tagger.rule_count(),
        load_wall.as_secs_f64() * 1e3,
        cpu_ms(load_cpu),
        tagger.rules_always_run()
    );
    println!(
        "rule automata: {} of {} rules came built with the binary (the others compile on first \
         use)",
        tagger.rules_built_ahead(),
        tagger.rule_count()
    );
    let dct = NaiveDate::from_ymd_opt(2013, 12, 10).expect("valid date");
    let docs = match corpus {
        Some(d) => load_corpus(d)?,
        None => builtin_corpus(tagger),
    };
    // What a CLI process pays for its first article: the corpus's first ~1,000 words, tagged
    // once (compiling the rules it needs), then again (warm).
    let mut first = String::new();
    for doc in &docs {
        if first.split_whitespace().count() >= 1000 {
            break;
        }
        first.push_str(doc);
        first.push_str("\n\n");
    }
    cli_add_latency(&examples_article(tagger), "rule-example")?;
    if corpus.is_some() {
        cli_add_latency(&first, "corpus")?;
    }
    let c0 = thread_cpu_ns();
    let (cold, _) = time(|| tagger.tag(&first, dct).len());
    let cold_cpu = thread_cpu_ns().zip(c0).map(|(b, a)| b - a);
    let (warm, _) = time(|| tagger.tag(&first, dct).len());
    println!(
        "first article ({} words): {:.1} ms wall{} cold (load + compile on first use: {:.1} ms \
         wall in all), {:.2} ms warm",
        first.split_whitespace().count(),
        cold.as_secs_f64() * 1e3,
        cpu_ms(cold_cpu),
        (load_wall + cold).as_secs_f64() * 1e3,
        warm.as_secs_f64() * 1e3
    );
    let bytes: usize = docs.iter().map(String::len).sum();
    let repeat = repeat.max(1);
    // Warm-up pass, then the timed passes.
    let found: usize = docs.iter().map(|d| tagger.tag(d, dct).len()).sum();
    let cpu0 = cpu_time();
    let (d, _) = time(|| {
        let mut n = 0;
        for _ in 0..repeat {
            for doc in &docs {
                n += tagger.tag(doc, dct).len();
            }
        }
        n
    });
    let ndocs = docs.len() * repeat;
    println!(
        "corpus: {} docs x{repeat}, {:.1} KB each pass, {found} timexes a pass",
        docs.len(),
        bytes as f64 / 1024.0
    );
    println!(
        "  tag: {:.0} docs/s, {:.0} KB/s, {:.2} MB/s ({:.3} ms/doc){}",
        ndocs as f64 / d.as_secs_f64(),
        (bytes * repeat) as f64 / 1024.0 / d.as_secs_f64(),
        mbs(bytes * repeat, d),
        d.as_secs_f64() * 1e3 / ndocs as f64,
        cpu_note(bytes * repeat, cpu0)
    );

    // Synthetic long text: the corpus repeated to 5 MB, one document.
    let mut big = String::with_capacity(5_300_000);
    'fill: loop {
        for doc in &docs {
            big.push_str(doc);
            big.push_str("\n\n");
            if big.len() >= 5_000_000 {
                break 'fill;
            }
        }
    }
    let rss0 = peak_rss_kb();
    let cpu0 = cpu_time();
    let (dt, n) = time(|| tagger.tag(&big, dct).len());
    let rss1 = peak_rss_kb();
    println!(
        "synthetic: {:.1} MB in one text, {n} timexes, {:.2} MB/s{}",
        big.len() as f64 / 1e6,
        mbs(big.len(), dt),
        cpu_note(big.len(), cpu0)
    );
    if let (Some(a), Some(b)) = (rss0, rss1) {
        println!(
            "  peak RSS {:.1} MB before, {:.1} MB after tagging 5 MB",
            a as f64 / 1024.0,
            b as f64 / 1024.0
        );
    }

    // Linear time: time per byte on 1/4, 1/2 and all of the long text.
    let cut = |frac: usize| {
        let mut i = big.len() / frac;
        while !big.is_char_boundary(i) {
            i -= 1;
        }
        &big[..i]
    };
    // Best of three runs each: the CPU may be shared, and the minimum is the least disturbed.
    let best = |s: &str| {
        (0..3)
            .map(|_| time(|| tagger.tag(s, dct).len()).0)
            .min()
            .unwrap_or_default()
    };
    let (d4, d2, d1) = (best(cut(4)), best(cut(2)), best(&big));
    let per = |d: Duration, frac: f64| d.as_secs_f64() / frac;
    println!(
        "linear-time check: time/size relative to 1.25 MB: 2.5 MB x{:.2}, 5 MB x{:.2} (1.00 = linear)",
        per(d2, 0.5) / per(d4, 0.25),
        per(d1, 1.0) / per(d4, 0.25)
    );

    // Baselines on the same 5 MB: one regex scan for 4-digit years, and a byte copy.
    let year = regex::Regex::new(r"\b(?:1[0-9]{3}|20[0-9]{2})\b").expect("static regex");
    let (db, nb) = time(|| year.find_iter(&big).count());
    let (dc, _) = time(|| {
        let v = big.as_bytes().to_vec();
        std::hint::black_box(&v);
        v.len()
    });
    println!(
        "baselines: one year regex {:.1} MB/s ({nb} hits), byte copy {:.0} MB/s",
        mbs(big.len(), db),
        mbs(big.len(), dc)
    );
    println!(
        "ratios: tagger is {:.1}x slower than one regex scan, {:.0}x slower than a byte copy",
        dt.as_secs_f64() / db.as_secs_f64().max(1e-9),
        dt.as_secs_f64() / dc.as_secs_f64().max(1e-9)
    );
    Ok(())
}

/// Runs `exe args` once; its wall time.
fn run_once(exe: &Path, args: &[&std::ffi::OsStr]) -> Result<Duration> {
    let t = Instant::now();
    let out = std::process::Command::new(exe)
        .args(args)
        .env_remove("STORYLINE_DB")
        .stdin(std::process::Stdio::null())
        .output()
        .with_context(|| format!("running {}", exe.display()))?;
    let d = t.elapsed();
    if !out.status.success() {
        bail!(
            "{} {:?} failed: {}",
            exe.display(),
            args,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(d)
}

/// What a CLI `add` of a ~1,000-word article costs over a bare process start: this executable
/// run as `add` (a fresh database each time, so it also creates the schema), as `add` of the
/// same text again (found unchanged, nothing stored), and as `--version`, best of a few runs.
/// The article is the rule files' example sentences (our own text), in paragraphs.
/// About 1,000 words of the rule files' example sentences, eight to a paragraph: a text that
/// wakes nearly every rule.
fn examples_article(tagger: &Tagger) -> String {
    let mut article = String::from("Council sets out the year ahead\n\n");
    for para in tagger
        .examples()
        .iter()
        .map(|e| e.sentence.as_str())
        .collect::<Vec<_>>()
        .chunks(8)
    {
        if article.split_whitespace().count() >= 1000 {
            break;
        }
        article.push_str(&para.join(" "));
        article.push_str("\n\n");
    }
    article
}

/// What `storyline add` of `article` costs over a bare process start, each into a fresh
/// database, best of a few runs; `what` names the article in the printed line.
fn cli_add_latency(article: &str, what: &str) -> Result<()> {
    const RUNS: usize = 8;
    let exe = std::env::current_exe().context("finding this executable")?;
    let words = article.split_whitespace().count();
    let dir = std::env::temp_dir().join(format!("storyline-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let result = (|| -> Result<(Duration, Duration, Duration)> {
        let file = dir.join("article.txt");
        std::fs::write(&file, article)?;
        let (mut add, mut again, mut bare) = (Duration::MAX, Duration::MAX, Duration::MAX);
        for i in 0..RUNS {
            let db = dir.join(format!("run{i}.db"));
            let args: Vec<&std::ffi::OsStr> = vec![
                "--db".as_ref(),
                db.as_os_str(),
                "add".as_ref(),
                "-s".as_ref(),
                "Bench".as_ref(),
                "--published".as_ref(),
                "2013-12-10".as_ref(),
                file.as_os_str(),
            ];
            add = add.min(run_once(&exe, &args)?);
            again = again.min(run_once(&exe, &args)?);
            bare = bare.min(run_once(&exe, &["--version".as_ref()])?);
        }
        Ok((add, again, bare))
    })();
    let _ = std::fs::remove_dir_all(&dir);
    let (add, again, bare) = result?;
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "CLI add of a {} {what} article: {:.1} ms over a bare start ({:.1} ms vs {:.1} ms), \
         best of {RUNS}; the same text again (unchanged, nothing stored): {:.1} ms over",
        with_commas(words) + "-word",
        ms(add.saturating_sub(bare)),
        ms(add),
        ms(bare),
        ms(again.saturating_sub(bare))
    );
    Ok(())
}

/// 1012 → "1,012".
fn with_commas(n: usize) -> String {
    let digits: Vec<char> = n.to_string().chars().collect();
    let groups: Vec<String> = digits
        .rchunks(3)
        .rev()
        .map(|g| g.iter().collect())
        .collect();
    groups.join(",")
}
