//! Black-box tests of `storyline serve`: a real server on a free loopback port and a temporary
//! database, spoken to over plain HTTP/1.1 on a TCP socket.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use serde_json::{json, Value};

#[path = "common/serve.rs"]
mod common;

struct Server {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(extra: &[&str]) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_storyline"));
    let (child, port) = common::spawn(bin, &dir.path().join("s.db"), extra, Stdio::null());
    Server {
        child,
        port,
        _dir: dir,
    }
}

struct Reply {
    status: u16,
    headers: String,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }
}

fn request(s: &Server, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        head += &format!("Host: 127.0.0.1:{}\r\n", s.port);
    }
    for (k, v) in headers {
        head += &format!("{k}: {v}\r\n");
    }
    head += "\r\n";
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let headers = String::from_utf8(raw[..split].to_vec()).unwrap();
    let status = headers[9..12].parse().unwrap();
    Reply {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

fn api(s: &Server, command: &str, args: Value) -> Reply {
    request(
        s,
        "POST",
        &format!("/api/{command}"),
        &[("Content-Type", "application/json")],
        args.to_string().as_bytes(),
    )
}

#[test]
fn api_round_trip_with_statuses() {
    let s = serve(&[]);
    let r = api(&s, "create_story", json!({"title": "Harbour fire"}));
    assert_eq!(r.status, 200);
    let id = r.json()["id"].as_i64().unwrap();

    let r = api(
        &s,
        "add_snapshot",
        json!({"story": id, "content": "A fire broke out on Monday.", "published": "2026-03-10"}),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.json()["version"], 1);
    assert!(r.headers.contains("application/json"));
    assert!(r.headers.contains("no-store"));

    let r = api(&s, "stories", Value::Null);
    assert_eq!(r.json()[0]["snapshots"], 1);
    // An empty body counts as no arguments.
    let r = request(
        &s,
        "POST",
        "/api/stories",
        &[("Content-Type", "application/json")],
        b"",
    );
    assert_eq!(r.status, 200);

    // Bad input: 400 with kind and message, and nothing stored.
    let r = api(&s, "add_snapshot", json!({"story": id, "content": "   "}));
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["kind"], "empty_text");
    assert_eq!(
        api(&s, "snapshots", json!({"story": id}))
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let r = api(&s, "snapshot", json!({"id": 4242}));
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["kind"], "snapshot_not_found");
    let r = api(&s, "launch_missiles", json!({}));
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["kind"], "unknown_command");
    let r = request(
        &s,
        "POST",
        "/api/stories",
        &[("Content-Type", "application/json")],
        b"{nope",
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["kind"], "bad_json");
}

#[test]
fn refuses_other_sites_and_other_hosts() {
    let s = serve(&[]);
    // DNS rebinding: a foreign Host header.
    let r = request(&s, "GET", "/", &[("Host", "attacker.example")], b"");
    assert_eq!(r.status, 403);
    // A cross-site request from a page elsewhere.
    let r = request(
        &s,
        "POST",
        "/api/create_story",
        &[
            ("Content-Type", "application/json"),
            ("Origin", "http://attacker.example"),
        ],
        br#"{"title": "x"}"#,
    );
    assert_eq!(r.status, 403);
    // A form post (no preflight) is not JSON.
    let r = request(
        &s,
        "POST",
        "/api/create_story",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        b"title=x",
    );
    assert_eq!(r.status, 415);
    let r = request(&s, "GET", "/api/stories", &[], b"");
    assert_eq!(r.status, 405);
    assert_eq!(api(&s, "stories", Value::Null).json(), json!([]));
    // Same-origin requests are fine.
    let origin = format!("http://127.0.0.1:{}", s.port);
    let r = request(
        &s,
        "POST",
        "/api/stories",
        &[("Content-Type", "application/json"), ("Origin", &origin)],
        b"{}",
    );
    assert_eq!(r.status, 200);
}

#[test]
fn serves_the_ui_from_a_directory_without_escaping_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("assets")).unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><title>UI</title>",
    )
    .unwrap();
    std::fs::write(dir.path().join("assets/app.js"), "console.log(1)").unwrap();
    let s = serve(&["--ui-dir", dir.path().to_str().unwrap()]);

    let r = request(&s, "GET", "/", &[], b"");
    assert_eq!(r.status, 200);
    assert!(r.headers.contains("text/html"));
    assert!(r
        .headers
        .contains("Content-Security-Policy: default-src 'self'"));
    assert_eq!(r.body, b"<!doctype html><title>UI</title>");
    let r = request(&s, "GET", "/assets/app.js?v=1", &[], b"");
    assert_eq!(r.status, 200);
    assert!(r.headers.contains("text/javascript"));
    assert!(r.headers.contains("immutable"));
    assert_eq!(request(&s, "GET", "/nope.js", &[], b"").status, 404);
    assert_eq!(request(&s, "GET", "/../Cargo.toml", &[], b"").status, 400);
    assert_eq!(
        request(&s, "GET", "/assets/../../secret", &[], b"").status,
        400
    );
}

#[test]
fn refuses_a_ui_dir_without_index() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .arg("--db")
        .arg(dir.path().join("s.db"))
        .args(["serve", "--port", "0", "--ui-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no index.html"));
}

/// An article of about `kb` KB: the gold stories' texts, told again with numbered paragraphs.
fn big_article(kb: usize, seed: usize) -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/stories");
    let mut parts = Vec::new();
    for story in std::fs::read_dir(&dir).unwrap() {
        let story = story.unwrap().path();
        for f in std::fs::read_dir(&story).unwrap() {
            let f = f.unwrap().path();
            if f.extension().is_some_and(|e| e == "txt") {
                parts.push(std::fs::read_to_string(f).unwrap());
            }
        }
    }
    parts.sort();
    let mut out = format!("Long report {seed}\n\n");
    let mut i = 0;
    while out.len() < kb * 1024 {
        out += &format!(
            "Section {i} of report {seed}.\n\n{}\n\n",
            parts[i % parts.len()]
        );
        i += 1;
    }
    out
}

/// The app, `serve` and CLIs on one database is the normal case: big articles (100-200 KB)
/// added at once from three CLI processes and `serve` all succeed (the probe saw 13 of 40 fail
/// with "database is locked" while tagging ran inside the write lock).
#[test]
fn concurrent_writers_with_big_articles_all_succeed() {
    let s = serve(&[]);
    let db = s._dir.path().join("s.db");
    let mut clis = Vec::new();
    for p in 0..3 {
        let db = db.clone();
        clis.push(std::thread::spawn(move || {
            let mut outcomes = Vec::new();
            for k in 0..1 {
                let text = big_article(100 + 50 * p, p * 10 + k);
                let mut child = Command::new(env!("CARGO_BIN_EXE_storyline"))
                    .arg("--db")
                    .arg(&db)
                    .args(["--json", "add", "--story", "Big", "--published"])
                    .arg(format!("2026-03-0{}T09:00:00Z", k + 1))
                    .args(["--url", &format!("https://cli{p}.example/{k}"), "-"])
                    .stdin(Stdio::piped())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap();
                child
                    .stdin
                    .take()
                    .unwrap()
                    .write_all(text.as_bytes())
                    .unwrap();
                let out = child.wait_with_output().unwrap();
                outcomes.push((
                    out.status.success(),
                    String::from_utf8_lossy(&out.stderr).into_owned(),
                ));
            }
            outcomes
        }));
    }
    for k in 0..1 {
        let text = big_article(120, 100 + k);
        let r = api(
            &s,
            "add_snapshot",
            json!({"story": "Big", "content": text, "published": "2026-03-05",
                   "url": format!("https://serve.example/{k}")}),
        );
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    }
    for t in clis {
        for (ok, stderr) in t.join().unwrap() {
            assert!(ok, "a CLI add failed: {stderr}");
        }
    }
    let r = api(&s, "snapshots", json!({"story": "Big"}));
    assert_eq!(r.json().as_array().unwrap().len(), 4);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
}

/// A client that announces a body and sends nothing holds up nobody else (the probe saw one
/// block every request until it disconnected). More stalled clients than workers.
#[test]
fn stalled_clients_do_not_block_other_requests() {
    let s = serve(&[]);
    let mut stalled = Vec::new();
    for _ in 0..6 {
        let mut stream = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
        let head = format!(
            "POST /api/create_story HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\
             Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"ti",
            s.port
        );
        stream.write_all(head.as_bytes()).unwrap();
        stalled.push(stream);
    }
    std::thread::sleep(std::time::Duration::from_millis(200));
    let port = s.port;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        let body = br#"{"title": "Harbour fire"}"#;
        let head = format!(
            "POST /api/create_story HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(body).unwrap();
        let mut raw = String::new();
        stream.read_to_string(&mut raw).unwrap();
        tx.send(raw).unwrap();
    });
    let raw = rx
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("a request behind stalled clients was never answered");
    assert!(raw.starts_with("HTTP/1.1 200"), "{raw}");
    drop(stalled);
    assert_eq!(
        api(&s, "stories", Value::Null).json()[0]["title"],
        "Harbour fire"
    );
}

#[test]
fn duplicate_headers_bad_media_types_and_big_bodies_are_refused() {
    let s = serve(&[]);
    let host = format!("127.0.0.1:{}", s.port);
    let origin = format!("http://{host}");
    let json = ("Content-Type", "application/json");
    // Two Host headers, or two Origins: which one counts would be a guess.
    let r = request(
        &s,
        "POST",
        "/api/stories",
        &[("Host", &host), ("Host", "attacker.example"), json],
        b"{}",
    );
    assert_eq!(r.status, 403);
    let r = request(
        &s,
        "POST",
        "/api/stories",
        &[
            json,
            ("Origin", &origin),
            ("Origin", "http://attacker.example"),
        ],
        b"{}",
    );
    assert_eq!(r.status, 403);
    // The media type is parsed, not prefix-matched.
    for (ct, status) in [
        ("application/jsonx", 415),
        ("application/json-patch+json", 415),
        ("text/plain; x=application/json", 415),
        ("Application/JSON; charset=utf-8", 200),
    ] {
        let r = request(&s, "POST", "/api/stories", &[("Content-Type", ct)], b"{}");
        assert_eq!(r.status, status, "{ct}");
    }
    // An announced body over the limit is refused before it is read, with the true limit.
    let mut stream = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    let head = format!(
        "POST /api/add_snapshot HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        17 * 1024 * 1024
    );
    stream.write_all(head.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw);
    assert!(raw.starts_with("HTTP/1.1 413"), "{raw}");
    assert!(raw.contains("16 MiB (16777216 bytes)"), "{raw}");
}
