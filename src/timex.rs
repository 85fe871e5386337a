//! `storyline timex` (the scorer protocol) and `storyline bench-timex` (throughput figures).

use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};

use clap::Args as ClapArgs;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
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
    /// With --jsonl: at end of input, print on stderr how many requests and bytes were
    /// answered and the CPU time they took (start-up apart).
    #[arg(long, requires = "jsonl")]
    stats: bool,
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

/// One timex as the scorer wants it. Fields in the order `serde_json::Value` printed them
/// (its map sorts keys), so answers stay byte for byte what they were.
#[derive(Serialize)]
struct Answer<'a> {
    end: usize,
    #[serde(rename = "mod", skip_serializing_if = "Option::is_none")]
    modifier: Option<&'a str>,
    start: usize,
    #[serde(rename = "type")]
    kind: &'static str,
    value: &'a str,
}

/// Appends the scorer's JSON array for `timexes` (code-point offsets, TIMEX3 type, value, mod)
/// and a newline to `buf`: no intermediate JSON tree, no map from offsets.
fn write_answer(buf: &mut Vec<u8>, text: &str, timexes: &[Timex]) -> Result<()> {
    let cp = CodePoints::new(text, timexes);
    let answers: Vec<Answer<'_>> = timexes
        .iter()
        .map(|t| Answer {
            end: cp.of(t.end),
            modifier: t.modifier.as_deref(),
            start: cp.of(t.start),
            kind: t.kind.as_str(),
            value: &t.value,
        })
        .collect();
    serde_json::to_writer(&mut *buf, &answers)?;
    buf.push(b'\n');
    Ok(())
}

/// Byte → code-point offsets for the timexes' ends: the identity on ASCII text (news mostly
/// is), else one pass over the text up to the last offset.
struct CodePoints {
    /// (byte, code point), sorted by byte; empty for ASCII text.
    marks: Vec<(usize, usize)>,
}

impl CodePoints {
    fn new(text: &str, timexes: &[Timex]) -> CodePoints {
        if timexes.is_empty() || text.is_ascii() {
            return CodePoints { marks: Vec::new() };
        }
        let mut bytes: Vec<usize> = timexes.iter().flat_map(|t| [t.start, t.end]).collect();
        bytes.sort_unstable();
        bytes.dedup();
        let (mut at, mut cp) = (0usize, 0usize);
        let marks = bytes
            .into_iter()
            .map(|b| {
                cp += text[at..b].chars().count();
                at = b;
                (b, cp)
            })
            .collect();
        CodePoints { marks }
    }

    fn of(&self, byte: usize) -> usize {
        if self.marks.is_empty() {
            return byte;
        }
        let i = self.marks.partition_point(|&(b, _)| b < byte);
        self.marks[i].1
    }
}

/// The tagger's answer to one request line, appended to `buf`; the bytes of its text.
fn answer(
    tagger: &Tagger,
    input: &str,
    default_dct: Option<NaiveDate>,
    buf: &mut Vec<u8>,
) -> Result<usize> {
    let req: Request = serde_json::from_str(input)
        .context("expected a JSON object {\"text\": ..., \"dct\": \"YYYY-MM-DD\"}")?;
    let dct = match (&req.dct, default_dct) {
        (Some(d), _) if !d.is_empty() => parse_dct(d)?,
        (_, Some(d)) => d,
        _ => bail!("no DCT: give \"dct\" in the request or --dct"),
    };
    write_answer(buf, &req.text, &tagger.tag(&req.text, dct))?;
    Ok(req.text.len())
}

/// What `--stats` prints when a session ends: requests, text bytes, and the CPU time of the
/// thread that parsed, tagged and answered them (start-up apart), so a scorer run's "per core"
/// figure is known whatever else the machine runs.
struct SessionStats {
    requests: usize,
    bytes: usize,
    startup_ns: Option<u64>,
    start_ns: Option<u64>,
}

impl SessionStats {
    fn report(&self) {
        let spent = thread_cpu_ns().zip(self.start_ns).map(|(b, a)| b - a);
        let per_core = spent
            .map(|ns| {
                format!(
                    ", {:.1} ms CPU = {:.2} MB/s per CPU second ({:.0} us a request)",
                    ns as f64 / 1e6,
                    self.bytes as f64 / 1e6 / (ns as f64 / 1e9).max(1e-9),
                    ns as f64 / 1e3 / self.requests.max(1) as f64
                )
            })
            .unwrap_or_default();
        eprintln!(
            "storyline timex: {} requests, {:.1} KB of text{per_core}; start-up {}",
            self.requests,
            self.bytes as f64 / 1024.0,
            self.startup_ns
                .map(|ns| format!("{:.1} ms CPU", ns as f64 / 1e6))
                .unwrap_or_else(|| "not measured".into())
        );
    }
}

/// `storyline timex`: one JSON request on stdin → one JSON array; with `--jsonl`, one request
/// per line, one answer per line, flushed, until end of input.
pub fn run(args: Args) -> Result<()> {
    let t0 = thread_cpu_ns();
    let default_dct = args.dct.as_deref().map(parse_dct).transpose()?;
    let tagger = Tagger::global();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut buf = Vec::with_capacity(4096);
    if !args.jsonl {
        let mut input = String::new();
        std::io::stdin()
            .read_to_string(&mut input)
            .context("reading stdin (must be UTF-8)")?;
        answer(tagger, &input, default_dct, &mut buf)?;
        out.write_all(&buf)?;
        return Ok(());
    }
    // A session tags many texts: compile every rule now, as start-up, not inside the first
    // requests (a one-shot call compiles only what its text can trigger).
    tagger.warm_all();
    let mut stats = SessionStats {
        requests: 0,
        bytes: 0,
        startup_ns: thread_cpu_ns().zip(t0).map(|(b, a)| b - a),
        start_ns: thread_cpu_ns(),
    };
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line).context("reading stdin")? == 0 {
            break;
        }
        if line.trim().is_empty() {
            continue;
        }
        buf.clear();
        // A bad line must not end the session: answer it with no timexes, explain on stderr.
        match answer(tagger, &line, default_dct, &mut buf) {
            Ok(bytes) => stats.bytes += bytes,
            Err(e) => {
                eprintln!("storyline timex: {e:#}");
                buf.clear();
                buf.extend_from_slice(b"[]\n");
            }
        }
        stats.requests += 1;
        // The whole answer line in one write: the scorer waits for it.
        out.write_all(&buf)?;
        out.flush()?;
    }
    if args.stats {
        stats.report();
    }
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
        "rule set: {} rules loaded in {:.1} ms wall{} (a rule's automata are read when a text \
         first wakes it; {} without a literal prefix run on every chunk)",
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
    // once (reading the automata of the rules it wakes), then again (warm).
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

    protocol(&docs, dct)?;

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

/// CPU time of process `pid`'s main thread in nanoseconds (Linux `schedstat`).
fn task_cpu_ns(pid: u32) -> Option<u64> {
    std::fs::read_to_string(format!("/proc/{pid}/schedstat"))
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// The scorer's persistent protocol as `te3eval.py --persistent` drives it: this executable as
/// `timex --jsonl`, one warm-up request, then every document once as one JSON line, each
/// answer awaited before the next request. Short documents (news, ~600 bytes) are where the
/// work per request that does not depend on the text shows. Two passes: the first is what the
/// scorer measures (every rule meets its first texts), the second the steady state. Wall time
/// counts this process's side of the pipe too; CPU time is the tagger process's alone.
fn protocol(docs: &[String], dct: NaiveDate) -> Result<()> {
    use std::io::BufReader;
    use std::process::{Command, Stdio};
    let exe = std::env::current_exe().context("finding this executable")?;
    let mut child = Command::new(&exe)
        .args(["timex", "--jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("running {} timex --jsonl", exe.display()))?;
    let pid = child.id();
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        bail!("no pipes to the tagger process");
    };
    let mut stdout = BufReader::new(stdout);
    let mut answer = String::new();
    let mut ask = |req: &str| -> Result<()> {
        stdin.write_all(req.as_bytes())?;
        stdin.flush()?;
        answer.clear();
        if stdout.read_line(&mut answer)? == 0 {
            bail!("the tagger process ended early");
        }
        Ok(())
    };
    let day = dct.format("%Y-%m-%d").to_string();
    let line = |text: &str| format!("{}\n", serde_json::json!({"text": text, "dct": day}));
    let t = Instant::now();
    ask(&line("It happened on Monday."))?;
    let startup = t.elapsed();
    let requests: Vec<String> = docs.iter().map(|d| line(d)).collect();
    let bytes: usize = docs.iter().map(String::len).sum();
    let mut passes = Vec::new();
    for _ in 0..2 {
        let (t, c) = (Instant::now(), task_cpu_ns(pid));
        for r in &requests {
            ask(r)?;
        }
        passes.push((t.elapsed(), task_cpu_ns(pid).zip(c).map(|(b, a)| b - a)));
    }
    drop(stdin);
    child.wait().context("waiting for the tagger process")?;
    println!(
        "scorer protocol (`timex --jsonl`, {} documents of {:.0} bytes on average, one a request; \
         start-up and warm-up request {:.1} ms wall):",
        docs.len(),
        bytes as f64 / docs.len().max(1) as f64,
        startup.as_secs_f64() * 1e3
    );
    for (name, (wall, cpu)) in ["first pass", "second pass"].iter().zip(passes) {
        let per_cpu = cpu
            .map(|ns| {
                format!(
                    ", {:.2} MB/s per CPU second of the tagger process ({:.0} us CPU a document)",
                    bytes as f64 / 1e6 / (ns as f64 / 1e9).max(1e-9),
                    ns as f64 / 1e3 / docs.len().max(1) as f64
                )
            })
            .unwrap_or_default();
        println!(
            "  {name}: {:.2} MB/s wall ({:.0} us a document){per_cpu}",
            mbs(bytes, wall),
            wall.as_secs_f64() * 1e6 / docs.len().max(1) as f64
        );
    }
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
