//! Black-box tests of fetching: `add --url`, `follow`, `follow-feed`, `sources` and `refresh`
//! against a real HTTP server on 127.0.0.1 that each test starts, on real database files.

#[path = "../cli/support.rs"]
#[allow(dead_code)]
mod support;

mod site;

mod add_url;
mod faults;
mod follow;

use serde_json::Value;
use support::Db;

/// Short fetch timeouts, so the "never answers" server costs a second, not twenty.
const TIMEOUT_MS: &str = "800";

/// `storyline <args> --json` with short timeouts; asserts success.
fn run(db: &Db, args: &[&str]) -> Value {
    let out = db
        .cmd()
        .env("STORYLINE_FETCH_TIMEOUT_MS", TIMEOUT_MS)
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "storyline {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    support::parse_one_json(&out.stdout)
}

/// `storyline <args>` expected to fail: returns the one-line error.
fn fail(db: &Db, args: &[&str]) -> String {
    let out = db
        .cmd()
        .env("STORYLINE_FETCH_TIMEOUT_MS", TIMEOUT_MS)
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
    assert!(out.stdout.is_empty(), "stdout on error: {args:?}");
    assert_eq!(stderr.lines().count(), 1, "error not one line: {stderr}");
    stderr.trim_end().to_owned()
}

/// The text of a snapshot.
fn text_of(db: &Db, snapshot: &Value) -> String {
    let id = snapshot["snapshot_id"].as_i64().unwrap().to_string();
    run(db, &["show", &id])["text"].as_str().unwrap().to_owned()
}
