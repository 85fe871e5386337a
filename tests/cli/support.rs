//! Helpers: a temporary database and ways to run the binary on it.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// The stand-in for "now" in every test.
pub const NOW: &str = "2026-03-12T09:00:00Z";

/// The demo fixture directory.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/demo")
        .join(name)
}

/// A database file in its own temp directory (removed on drop).
pub struct Db {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl Db {
    pub fn new() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data/storyline.db");
        Db { dir, path }
    }

    /// `storyline --db <path>` with a fixed clock and no inherited STORYLINE_DB.
    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("storyline").unwrap();
        c.env_remove("STORYLINE_DB")
            .env("STORYLINE_NOW", NOW)
            .arg("--db")
            .arg(&self.path);
        c
    }

    /// Runs `args --json` with `stdin`, asserts success and that stdout is exactly one JSON
    /// document, and returns it.
    pub fn json_in(&self, args: &[&str], stdin: &[u8]) -> Value {
        let out = self
            .cmd()
            .args(args)
            .arg("--json")
            .write_stdin(stdin.to_vec())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "storyline {args:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        parse_one_json(&out.stdout)
    }

    pub fn json(&self, args: &[&str]) -> Value {
        self.json_in(args, b"")
    }

    /// Runs `args` (text output) and returns stdout, asserting success.
    pub fn text(&self, args: &[&str]) -> String {
        let out = self
            .cmd()
            .args(args)
            .write_stdin(Vec::new())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "storyline {args:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs `args` with `stdin`, asserts failure with one line on stderr and nothing on
    /// stdout, and returns that line.
    pub fn fail_in(&self, args: &[&str], stdin: &[u8]) -> String {
        let out = self
            .cmd()
            .args(args)
            .write_stdin(stdin.to_vec())
            .output()
            .unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(!out.status.success(), "storyline {args:?} succeeded");
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(out.stdout.is_empty(), "stdout not empty on error");
        assert_eq!(stderr.lines().count(), 1, "error not one line: {stderr}");
        assert!(stderr.starts_with("error: "), "{stderr}");
        stderr.trim_end().to_owned()
    }

    pub fn fail(&self, args: &[&str]) -> String {
        self.fail_in(args, b"")
    }

    /// Rows in (story, article, snapshot), read straight from the file.
    pub fn counts(&self) -> (i64, i64, i64) {
        let conn = rusqlite::Connection::open(&self.path).unwrap();
        conn.query_row(
            "SELECT (SELECT count(*) FROM story), (SELECT count(*) FROM article),
                    (SELECT count(*) FROM snapshot)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
    }

    /// Adds text to a story, returning the JSON result.
    pub fn add(&self, story: &str, extra: &[&str], text: &str) -> Value {
        let mut args = vec!["add", "--story", story];
        args.extend_from_slice(extra);
        args.push("-");
        self.json_in(&args, text.as_bytes())
    }
}

pub fn parse_one_json(stdout: &[u8]) -> Value {
    let s = std::str::from_utf8(stdout).expect("stdout is UTF-8");
    let mut stream = serde_json::Deserializer::from_str(s).into_iter::<Value>();
    let v = stream
        .next()
        .expect("one JSON document")
        .unwrap_or_else(|e| panic!("not JSON ({e}): {s}"));
    assert!(stream.next().is_none(), "more than one JSON document: {s}");
    v
}

/// The keys of a JSON object, sorted.
pub fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().expect("an object").keys().cloned().collect();
    k.sort();
    k
}
