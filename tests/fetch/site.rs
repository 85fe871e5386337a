//! A real HTTP server on 127.0.0.1 (tiny_http, one thread per request) that serves the fixture
//! pages of `tests/fixtures/pages/` and whatever a test puts there, plus the faults: a server
//! that never answers, a 60 MB body, redirect loops and a redirect to ftp.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone)]
pub struct Page {
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
    pub headers: Vec<(String, String)>,
}

impl Page {
    pub fn html(body: impl Into<Vec<u8>>) -> Page {
        Page {
            status: 200,
            content_type: "text/html; charset=utf-8".into(),
            body: body.into(),
            headers: vec![],
        }
    }

    pub fn typed(content_type: &str, body: impl Into<Vec<u8>>) -> Page {
        Page {
            content_type: content_type.into(),
            ..Page::html(body)
        }
    }

    pub fn status(status: u16) -> Page {
        Page {
            status,
            ..Page::html(format!("<html><body><p>status {status}</p></body></html>"))
        }
    }

    pub fn redirect(to: &str) -> Page {
        Page {
            status: 302,
            headers: vec![("Location".into(), to.into())],
            ..Page::html("")
        }
    }

    pub fn with_header(mut self, k: &str, v: &str) -> Page {
        self.headers.push((k.into(), v.into()));
        self
    }
}

#[derive(Default)]
struct State {
    pages: HashMap<String, Page>,
    hits: HashMap<String, usize>,
    /// Requests that carried a matching If-None-Match and got a 304.
    not_modified: usize,
}

pub struct Site {
    pub base: String,
    server: Arc<tiny_http::Server>,
    state: Arc<Mutex<State>>,
}

impl Drop for Site {
    fn drop(&mut self) {
        self.server.unblock();
    }
}

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pages")
}

/// A fixture file's bytes.
pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixtures().join(name)).unwrap()
}

impl Site {
    pub fn start() -> Site {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let port = server.server_addr().to_ip().unwrap().port();
        let base = format!("http://127.0.0.1:{port}");
        let mut state = State::default();
        for entry in std::fs::read_dir(fixtures()).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap().to_owned();
            let ct = match path.extension().and_then(|e| e.to_str()) {
                Some("html") if name.starts_with("cp1252") => "text/html; charset=windows-1252",
                Some("html") => "text/html; charset=utf-8",
                Some("xml") => "application/rss+xml",
                Some("atom") => "application/atom+xml",
                Some("json") => "application/feed+json",
                _ => "text/plain",
            };
            let body = std::fs::read(&path).unwrap();
            state
                .pages
                .insert(format!("/{name}"), Page::typed(ct, body));
        }
        let state = Arc::new(Mutex::new(state));
        let (srv, st) = (server.clone(), state.clone());
        std::thread::spawn(move || {
            for req in srv.incoming_requests() {
                let st = st.clone();
                std::thread::spawn(move || answer(req, &st));
            }
        });
        Site {
            base,
            server,
            state,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn put(&self, path: &str, page: Page) {
        self.state.lock().unwrap().pages.insert(path.into(), page);
    }

    pub fn hits(&self, path: &str) -> usize {
        self.state
            .lock()
            .unwrap()
            .hits
            .get(path)
            .copied()
            .unwrap_or(0)
    }

    pub fn not_modified(&self) -> usize {
        self.state.lock().unwrap().not_modified
    }
}

fn answer(req: tiny_http::Request, state: &Mutex<State>) {
    let path = req.url().split('?').next().unwrap_or("").to_owned();
    let if_none_match = req
        .headers()
        .iter()
        .find(|h| h.field.equiv("If-None-Match"))
        .map(|h| h.value.as_str().to_owned());
    let page = {
        let mut s = state.lock().unwrap();
        *s.hits.entry(path.clone()).or_default() += 1;
        s.pages.get(&path).cloned()
    };
    let header = |k: &str, v: &str| tiny_http::Header::from_bytes(k, v).unwrap();
    match path.as_str() {
        // Never answers within any test timeout.
        "/slow" => {
            std::thread::sleep(Duration::from_secs(5));
            let _ = req.respond(tiny_http::Response::from_string("late"));
        }
        // 60 MB of article-looking HTML, generated as it is sent.
        "/huge" => {
            let para = b"<p>The storm surge flooded the quay again tonight.</p>\n";
            let len = 60 * 1024 * 1024;
            let body = std::io::repeat(0).take(len as u64).map_bytes(para);
            let _ = req.respond(tiny_http::Response::new(
                tiny_http::StatusCode(200),
                vec![header("Content-Type", "text/html")],
                body,
                Some(len),
                None,
            ));
        }
        _ => {
            let Some(page) = page else {
                let _ = req.respond(
                    tiny_http::Response::from_string("<html><body>not found</body></html>")
                        .with_status_code(404)
                        .with_header(header("Content-Type", "text/html")),
                );
                return;
            };
            let etag = page
                .headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("etag"))
                .map(|(_, v)| v.clone());
            if etag.is_some() && etag == if_none_match {
                state.lock().unwrap().not_modified += 1;
                let _ = req.respond(tiny_http::Response::empty(304));
                return;
            }
            let mut resp = tiny_http::Response::from_data(page.body)
                .with_status_code(page.status)
                .with_header(header("Content-Type", &page.content_type));
            for (k, v) in &page.headers {
                resp = resp.with_header(header(k, v));
            }
            let _ = req.respond(resp);
        }
    }
}

/// Repeats a pattern over a byte stream of a known length.
trait MapBytes: Read + Sized {
    fn map_bytes(self, pattern: &'static [u8]) -> Pattern<Self> {
        Pattern {
            inner: self,
            pattern,
            at: 0,
        }
    }
}
impl<R: Read> MapBytes for R {}

struct Pattern<R> {
    inner: R,
    pattern: &'static [u8],
    at: usize,
}

impl<R: Read> Read for Pattern<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for b in &mut buf[..n] {
            *b = self.pattern[self.at % self.pattern.len()];
            self.at += 1;
        }
        Ok(n)
    }
}

/// A loopback port with nothing listening on it.
pub fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}
