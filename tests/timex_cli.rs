//! Black-box tests of `storyline timex`, the protocol the TempEval-3 scorer speaks.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;

fn storyline() -> Command {
    Command::cargo_bin("storyline").expect("binary built")
}

#[test]
fn one_shot_answers_with_code_point_offsets() {
    // "Zürich – " has non-ASCII chars before the timex: byte and code-point offsets differ.
    let text = "Zürich – Police arrived on Monday morning.";
    let req = serde_json::json!({"text": text, "dct": "2025-12-02"}).to_string();
    let out = assert_cmd::Command::cargo_bin("storyline")
        .unwrap()
        .arg("timex")
        .write_stdin(req)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    let t = &v.as_array().unwrap()[0];
    let (s, e) = (
        t["start"].as_u64().unwrap() as usize,
        t["end"].as_u64().unwrap() as usize,
    );
    let covered: String = text.chars().skip(s).take(e - s).collect();
    assert_eq!(covered, "Monday morning");
    assert_eq!(t["type"], "TIME");
    assert_eq!(t["value"], "2025-12-01TMO");
}

#[test]
fn jsonl_answers_each_line_at_once_and_survives_bad_lines() {
    // Each answer arrives before the next request is sent (`session` waits for it): the
    // adapter flushes per line.
    let requests = [
        r#"{"text": "Shares fell yesterday.", "dct": "2013-12-10"}"#,
        "not json",
        r#"{"text": "It lasted three days.", "dct": "2013-12-10T08:00:00"}"#,
    ]
    .map(String::from);
    let (answers, _) = session(&[], &requests);
    let v: Vec<Value> = answers
        .iter()
        .map(|a| serde_json::from_str(a).unwrap())
        .collect();
    assert_eq!(v[0][0]["value"], "2013-12-09");
    assert_eq!(v[1], serde_json::json!([]));
    assert_eq!(v[2][0]["value"], "P3D");
}

#[test]
fn one_shot_rejects_a_missing_dct_clearly() {
    let out = storyline()
        .arg("timex")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            c.stdin
                .take()
                .unwrap()
                .write_all(br#"{"text": "on Monday"}"#)?;
            c.wait_with_output()
        })
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no DCT"));
}

#[test]
fn dct_flag_supplies_the_default() {
    let out = assert_cmd::Command::cargo_bin("storyline")
        .unwrap()
        .args(["timex", "--dct", "2013-12-10"])
        .write_stdin(r#"{"text": "GM today named a chief."}"#)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v[0]["value"], "2013-12-10");
}

/// One `--jsonl` session: each request line in turn, answered before the next is sent; the
/// raw answer lines and what the session printed on stderr.
fn session(args: &[&str], requests: &[String]) -> (Vec<String>, String) {
    let mut child = storyline()
        .args(["timex", "--jsonl"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut answers = Vec::new();
    for r in requests {
        writeln!(stdin, "{r}").unwrap();
        stdin.flush().unwrap();
        let mut answer = String::new();
        stdout.read_line(&mut answer).unwrap();
        answers.push(answer);
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    (answers, String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn jsonl_offsets_count_code_points_between_and_before_timexes() {
    // Non-ASCII before, between and inside the span of later timexes: each offset must count
    // the code points up to it, not bytes.
    let text = "Zürich – on Monday “officials” said that about three weeks ago, in Março, nothing — happened in 2012.";
    let req = serde_json::json!({"text": text, "dct": "2013-03-22"}).to_string();
    let (answers, _) = session(&[], &[req]);
    let v: Value = serde_json::from_str(&answers[0]).unwrap();
    let spans: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let (s, e) = (
                t["start"].as_u64().unwrap() as usize,
                t["end"].as_u64().unwrap() as usize,
            );
            text.chars().skip(s).take(e - s).collect()
        })
        .collect();
    assert!(spans.contains(&"Monday".to_string()), "{spans:?}");
    assert!(
        spans.contains(&"about three weeks ago".to_string()),
        "{spans:?}"
    );
    assert!(spans.contains(&"2012".to_string()), "{spans:?}");
}

#[test]
fn jsonl_answer_lines_keep_their_byte_layout() {
    // Keys in the order the answers always had (end, mod, start, type, value), compact, one
    // line each: a diff of saved answers sees the same bytes as before.
    let req = serde_json::json!({"text": "It ended about three weeks ago.", "dct": "2013-03-22"});
    let (answers, _) = session(&[], &[req.to_string()]);
    let line = &answers[0];
    assert!(
        line.starts_with("[{\"end\":") && line.ends_with("}]\n"),
        "{line}"
    );
    assert!(
        !line.contains(' ') && line.matches('\n').count() == 1,
        "{line}"
    );
    let at = |key: &str| {
        line.find(&format!("\"{key}\":"))
            .unwrap_or_else(|| panic!("{key}: {line}"))
    };
    let order = ["end", "mod", "start", "type", "value"].map(at);
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{line}");
    assert!(line.contains("\"mod\":\"APPROX\""), "{line}");
}

#[test]
fn jsonl_stats_reports_requests_bytes_and_cpu_time() {
    let reqs: Vec<String> = ["Shares fell yesterday.", "It lasted three days."]
        .iter()
        .map(|t| serde_json::json!({"text": t, "dct": "2013-12-10"}).to_string())
        .collect();
    let (answers, stderr) = session(&["--stats"], &reqs);
    assert_eq!(answers.len(), 2);
    // 22 + 21 bytes of text.
    assert!(stderr.contains("2 requests, 0.0 KB of text"), "{stderr}");
    assert!(stderr.contains("MB/s per CPU second"), "{stderr}");
    assert!(stderr.contains("start-up"), "{stderr}");
    // Without --stats a session prints nothing of the kind.
    let (_, quiet) = session(&[], &reqs);
    assert!(!quiet.contains("requests"), "{quiet}");
}
