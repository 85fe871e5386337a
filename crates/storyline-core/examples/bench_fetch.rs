//! Fetch figures, printed against same-run baselines (asserts nothing):
//! - extraction: readability + metadata per page vs the plain HTML → text conversion of files;
//! - refresh: 16 followed pages on 4 loopback hosts that answer after 100 ms, fetched one at a
//!   time vs the default pool (4 at once, 2 per host);
//! - stored HTML: raw vs deflate-compressed size of the fixture pages.
//!
//! `cargo run --release -p storyline-core --example bench_fetch`

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use storyline_core::api::{Follow, Storyline};
use storyline_core::fetch::{extract, FetchOptions};
use storyline_core::ingest::{self, InputFormat};

const PAGES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/pages");

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-12T09:00:00Z")
        .unwrap()
        .to_utc()
}

fn main() {
    let nav = std::fs::read_to_string(format!("{PAGES}/nav.html")).unwrap();
    let live = std::fs::read_to_string(format!("{PAGES}/liveblog.html")).unwrap();

    // Extraction.
    let n = 200;
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(ingest::read_content(nav.as_bytes(), InputFormat::Html).unwrap());
    }
    let base = t.elapsed() / n;
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(extract::extract(&nav, "https://coastpost.example/a").unwrap());
    }
    let ours = t.elapsed() / n;
    println!(
        "extract one page ({} KB): {:.2} ms (baseline html → text of a file: {:.2} ms, ×{:.1})",
        nav.len() / 1024,
        ours.as_secs_f64() * 1e3,
        base.as_secs_f64() * 1e3,
        ours.as_secs_f64() / base.as_secs_f64()
    );

    // Refresh: 4 hosts × 4 pages, 100 ms each.
    let mut urls = Vec::new();
    let mut servers = Vec::new();
    for host in 1..=4 {
        let server =
            std::sync::Arc::new(tiny_http::Server::http(format!("127.0.0.{host}:0")).unwrap());
        let port = server.server_addr().to_ip().unwrap().port();
        for page in 0..4 {
            urls.push(format!("http://127.0.0.{host}:{port}/p{page}"));
        }
        let (srv, body) = (server.clone(), live.clone());
        std::thread::spawn(move || {
            for req in srv.incoming_requests() {
                let body = body.replace("Storm Ingrid", &format!("Storm {}", req.url()));
                std::thread::spawn(move || {
                    std::thread::sleep(Duration::from_millis(100));
                    let header =
                        tiny_http::Header::from_bytes("Content-Type", "text/html").unwrap();
                    let _ = req.respond(tiny_http::Response::from_string(body).with_header(header));
                });
            }
        });
        servers.push(server);
    }
    let mut sl = Storyline::open_in_memory().unwrap();
    for u in &urls {
        sl.follow(
            Follow {
                story: Some("Bench".into()),
                url: u.clone(),
                ..Follow::default()
            },
            now(),
        )
        .unwrap();
    }
    let mut time_refresh = |opts: FetchOptions| {
        sl.set_fetch_options(opts);
        let t = Instant::now();
        let r = sl.refresh(None, false, now(), &mut |_| {}).unwrap();
        assert_eq!((r.checked, r.failed), (urls.len(), 0));
        t.elapsed()
    };
    let one = time_refresh(FetchOptions {
        parallel: 1,
        per_host: 1,
        ..FetchOptions::default()
    });
    let pool = time_refresh(FetchOptions::default());
    println!(
        "refresh {} pages on 4 hosts (100 ms each): {:.0} ms with 4 at once, 2 per host (baseline one at a time: {:.0} ms, ×{:.1} faster)",
        urls.len(),
        pool.as_secs_f64() * 1e3,
        one.as_secs_f64() * 1e3,
        one.as_secs_f64() / pool.as_secs_f64()
    );
    for s in servers {
        s.unblock();
    }

    // Stored HTML size.
    let (mut raw, mut packed) = (0usize, 0usize);
    for entry in std::fs::read_dir(PAGES).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("html") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        raw += bytes.len();
        packed += flate2_len(&bytes);
    }
    println!(
        "raw HTML of the fixture pages: {raw} bytes, stored deflate-compressed: {packed} bytes ({:.0}%)",
        packed as f64 * 100.0 / raw as f64
    );
}

/// The compressed size the store would write (the same deflate level).
fn flate2_len(bytes: &[u8]) -> usize {
    use std::io::Write;
    let mut z = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(bytes).unwrap();
    z.finish().unwrap().len()
}
