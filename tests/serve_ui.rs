//! Black-box tests of `storyline serve` as a user runs it: the UI it serves without `--ui-dir`,
//! and a clean stop on SIGTERM.
//!
//! `STORYLINE_BIN` picks the binary (the web UI test step points it at the release build made
//! the README's way, after `ui/dist` was built); by default it is this build's.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

#[path = "common/serve.rs"]
mod common;

fn bin() -> PathBuf {
    std::env::var_os("STORYLINE_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_storyline")))
}

fn serve(db: &Path) -> (Child, u16) {
    common::spawn(&bin(), db, &[], Stdio::piped())
}

/// One HTTP/1.1 request; the status and the body.
fn request(port: u16, method: &str, path: &str, body: &str) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, raw[split + 4..].to_vec())
}

/// Stops the server; what it printed on stderr.
fn stop(mut child: Child) -> String {
    let _ = child.kill();
    let _ = child.wait();
    let mut err = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut err);
    }
    err
}

#[test]
fn serves_the_built_ui_without_ui_dir() {
    let dir = tempfile::tempdir().unwrap();
    let (child, port) = serve(&dir.path().join("s.db"));
    let (status, body) = request(port, "GET", "/", "");
    let stderr = stop(child);
    let index = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/dist/index.html");
    match std::fs::read(&index) {
        // The UI as built now, not an older or empty copy from before `npm run build`...
        Ok(built) => {
            assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
            assert!(String::from_utf8_lossy(&body).contains("id=\"app\""));
            assert_eq!(body, built, "the served page is not ui/dist/index.html");
            // ...and embedded (release) or read by rust-embed (debug), not the fallback for a
            // binary built before the UI was.
            assert!(!stderr.contains("not embedded"), "{stderr}");
        }
        Err(_) => {
            assert_eq!(status, 404);
            assert!(String::from_utf8_lossy(&body).contains("without its web UI"));
        }
    }
}

#[cfg(unix)]
#[test]
fn sigterm_checkpoints_the_wal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let (mut child, port) = serve(&db);
    let (status, _) = request(port, "POST", "/api/create_story", r#"{"title":"Kept"}"#);
    assert_eq!(status, 200);
    let wal = dir.path().join("s.db-wal");
    assert!(
        wal.exists(),
        "a write in WAL mode leaves a -wal file while open"
    );
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let started = Instant::now();
    let code = loop {
        if let Some(code) = child.try_wait().unwrap() {
            break code;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "serve did not stop on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(code.success(), "serve exited with {code}");
    assert!(!wal.exists(), "the WAL was not checkpointed on SIGTERM");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM story WHERE title = 'Kept'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(n, 1);
}
