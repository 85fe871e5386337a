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
    let mut child = storyline()
        .args(["timex", "--jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut ask = |line: &str| {
        writeln!(stdin, "{line}").unwrap();
        stdin.flush().unwrap();
        let mut answer = String::new();
        stdout.read_line(&mut answer).unwrap();
        serde_json::from_str::<Value>(&answer).unwrap()
    };
    // Each answer arrives before the next request is sent: the adapter flushes per line.
    let a = ask(r#"{"text": "Shares fell yesterday.", "dct": "2013-12-10"}"#);
    assert_eq!(a[0]["value"], "2013-12-09");
    let b = ask("not json");
    assert_eq!(b, serde_json::json!([]));
    let c = ask(r#"{"text": "It lasted three days.", "dct": "2013-12-10T08:00:00"}"#);
    assert_eq!(c[0]["value"], "P3D");
    drop(stdin);
    assert!(child.wait().unwrap().success());
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
