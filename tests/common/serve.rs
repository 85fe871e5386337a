//! Starting `storyline serve` for a black-box test: shared by `tests/serve.rs` and
//! `tests/serve_ui.rs` (included with `#[path]`, as cargo makes every top-level file in `tests/`
//! a test binary of its own).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// Runs `bin --db db serve --port 0 extra…` with the tests' fixed clock and returns the child
/// and the port it announced on its first line of output.
pub fn spawn(bin: &Path, db: &Path, extra: &[&str], stderr: Stdio) -> (Child, u16) {
    let mut child = Command::new(bin)
        .arg("--db")
        .arg(db)
        .args(["serve", "--port", "0"])
        .args(extra)
        .env("STORYLINE_NOW", "2026-03-12T09:00:00Z")
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    (child, port)
}
