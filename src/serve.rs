//! `storyline serve`: the web UI and the JSON API over HTTP on 127.0.0.1.
//!
//! `POST /api/<command>` with a JSON object body runs [`dispatch`] — the same function the Tauri
//! shell calls — and answers its JSON, or `{"kind", "message"}` with a 4xx/5xx status. Every other
//! `GET` serves the built UI: from `--ui-dir`, else embedded at build time from `ui/dist` (release
//! builds; debug builds read `ui/dist` from disk so a rebuilt UI shows without recompiling). The
//! build script recompiles the CLI when `ui/dist` changes; a binary built before the UI existed
//! still serves the source tree's `ui/dist` from disk when it is there.
//!
//! One request at a time: the database handle is not shared between threads, and one person's
//! UI sends little. The listener is loopback only, and requests whose `Host` or `Origin` is not
//! this server are refused, so web pages in the same browser cannot drive the API (DNS
//! rebinding, cross-site requests).

use std::io::Read;
use std::path::{Component, Path, PathBuf};

use anyhow::Context as _;
use chrono::Utc;
use rust_embed::Embed;
use serde_json::{json, Value};
use storyline_core::api::dispatch::{dispatch, DispatchError};
use tiny_http::{Header, Method, Request, Response, Server};

use crate::output::Ctx;

/// Largest request body: a 5 MB article, JSON-escaped, fits.
const MAX_BODY: u64 = 16 * 1024 * 1024;

/// The built UI, embedded when `ui/dist` existed at build time (else empty; see `--ui-dir`).
#[derive(Embed)]
#[folder = "ui/dist/"]
#[allow_missing = true]
struct Ui;

#[derive(clap::Args)]
pub struct Args {
    /// Port on 127.0.0.1 (0 picks a free one; the address is printed).
    #[arg(long, default_value_t = 7311)]
    port: u16,
    /// Serve the UI from this directory instead of the one built in.
    #[arg(long, value_name = "DIR")]
    ui_dir: Option<PathBuf>,
}

pub fn run(ctx: &Ctx, args: Args, fixed_now: bool) -> anyhow::Result<()> {
    let mut sl = ctx.open()?;
    let server = Server::http(("127.0.0.1", args.port))
        .map_err(|e| anyhow::anyhow!("cannot listen on 127.0.0.1:{}: {e}", args.port))?;
    let port = server
        .server_addr()
        .to_ip()
        .context("the server has no IP address")?
        .port();
    let ui = match args.ui_dir {
        Some(dir) => {
            anyhow::ensure!(
                dir.join("index.html").is_file(),
                "{} has no index.html: build the UI with `npm run build` in ui/",
                dir.display()
            );
            UiSource::Dir(dir)
        }
        None if Ui::get("index.html").is_some() => UiSource::Embedded,
        None => {
            // Built before the UI was: the source tree's build, if it is there now.
            let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/dist");
            if dist.join("index.html").is_file() {
                eprintln!(
                    "note: the UI is not embedded in this build; serving {} (rebuild to embed it)",
                    dist.display()
                );
                UiSource::Dir(dist)
            } else {
                eprintln!(
                    "note: this build has no UI (ui/dist was missing); the API works, or pass --ui-dir"
                );
                UiSource::Embedded
            }
        }
    };
    println!(
        "Storyline is serving http://127.0.0.1:{port}/ (database {}); Ctrl-C stops it",
        ctx.db.display()
    );
    let hosts = [format!("127.0.0.1:{port}"), format!("localhost:{port}")];
    // SIGTERM/SIGINT/SIGHUP end the loop instead of the process, so `sl` is dropped and SQLite
    // checkpoints the WAL as on a normal exit.
    let server = std::sync::Arc::new(server);
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGHUP,
    ])
    .context("cannot install signal handlers")?;
    let unblock = std::sync::Arc::clone(&server);
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            unblock.unblock();
        }
    });
    for request in server.incoming_requests() {
        let now = if fixed_now { ctx.now() } else { Utc::now() };
        let reply = handle(&mut sl, &ui, &hosts, request, now);
        if let Err(e) = reply {
            eprintln!("warning: could not answer a request: {e}");
        }
    }
    Ok(())
}

enum UiSource {
    Embedded,
    Dir(PathBuf),
}

type Reply = Response<std::io::Cursor<Vec<u8>>>;

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name, value).expect("static header names and values are valid")
}

fn with_common_headers(mut r: Reply) -> Reply {
    for (n, v) in [
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"),
        (
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
        ),
    ] {
        r.add_header(header(n, v));
    }
    r
}

fn json_reply(status: u16, v: &Value) -> Reply {
    let body = serde_json::to_vec(v).expect("JSON values serialise");
    with_common_headers(
        Response::from_data(body)
            .with_status_code(status)
            .with_header(header("Content-Type", "application/json; charset=utf-8"))
            .with_header(header("Cache-Control", "no-store")),
    )
}

fn error_reply(status: u16, kind: &str, message: &str) -> Reply {
    json_reply(status, &json!({"kind": kind, "message": message}))
}

fn handle(
    sl: &mut storyline_core::Storyline,
    ui: &UiSource,
    hosts: &[String],
    mut req: Request,
    now: chrono::DateTime<Utc>,
) -> std::io::Result<()> {
    let get = |name: &'static str| header_value(&req, name);
    let host_ok = get("Host").is_some_and(|h| hosts.contains(&h));
    let origin_ok = match get("Origin") {
        None => true,
        Some(o) => hosts.iter().any(|ok| o == format!("http://{ok}")),
    };
    if !host_ok || !origin_ok {
        let r = error_reply(
            403,
            "forbidden",
            "this server only answers its own pages on 127.0.0.1",
        );
        return req.respond(r);
    }
    let url = req.url().to_owned();
    let path = url.split(['?', '#']).next().unwrap_or("/").to_owned();
    let reply = if let Some(command) = path.strip_prefix("/api/") {
        if *req.method() != Method::Post {
            error_reply(
                405,
                "method_not_allowed",
                "API calls are POST requests with a JSON body",
            )
        } else if !get("Content-Type").is_some_and(|c| c.starts_with("application/json")) {
            // A cross-site form cannot send this content type without a CORS preflight, which
            // this server never grants.
            error_reply(
                415,
                "unsupported_media_type",
                "send the arguments as application/json",
            )
        } else {
            api_call(sl, command, &mut req, now)
        }
    } else if *req.method() == Method::Get || *req.method() == Method::Head {
        static_file(ui, &path)
    } else {
        error_reply(
            405,
            "method_not_allowed",
            "only GET for pages and POST for /api/",
        )
    };
    req.respond(reply)
}

fn header_value(req: &Request, name: &'static str) -> Option<String> {
    req.headers()
        .iter()
        .find(|h| h.field.equiv(name))
        .map(|h| h.value.as_str().to_owned())
}

fn api_call(
    sl: &mut storyline_core::Storyline,
    command: &str,
    req: &mut Request,
    now: chrono::DateTime<Utc>,
) -> Reply {
    let mut body = Vec::new();
    if let Err(e) = req.as_reader().take(MAX_BODY + 1).read_to_end(&mut body) {
        return error_reply(
            400,
            "bad_request",
            &format!("could not read the request body: {e}"),
        );
    }
    if body.len() as u64 > MAX_BODY {
        return error_reply(
            413,
            "too_large",
            "the request is over 16 MB: add one article at a time",
        );
    }
    let args: Value = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Null
    } else {
        match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => {
                return error_reply(
                    400,
                    "bad_json",
                    &format!("the request body is not JSON: {e}"),
                )
            }
        }
    };
    match dispatch(sl, command, args, now) {
        Ok(v) => json_reply(200, &v),
        Err(e) => {
            let status = if e.is_not_found() {
                404
            } else if e.is_user_error() {
                400
            } else {
                500
            };
            if status == 500 {
                eprintln!("error: {command}: {e}");
            }
            json_reply(
                status,
                &serde_json::to_value(&e as &DispatchError).expect("errors serialise"),
            )
        }
    }
}

fn static_file(ui: &UiSource, path: &str) -> Reply {
    let rel = match path.trim_start_matches('/') {
        "" => "index.html",
        p => p,
    };
    // Only plain relative paths: no "..", no absolute parts.
    if !Path::new(rel)
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
    {
        return error_reply(400, "bad_path", "bad path");
    }
    let data: Option<Vec<u8>> = match ui {
        UiSource::Embedded => Ui::get(rel).map(|f| f.data.into_owned()),
        UiSource::Dir(dir) => std::fs::read(dir.join(rel)).ok(),
    };
    match data {
        Some(bytes) => {
            // Hashed assets never change; index.html must be re-read to pick up a new build.
            let cache = if rel.starts_with("assets/") {
                "public, max-age=31536000, immutable"
            } else {
                "no-cache"
            };
            with_common_headers(
                Response::from_data(bytes)
                    .with_header(header("Content-Type", content_type(rel)))
                    .with_header(header("Cache-Control", cache)),
            )
        }
        None if rel == "index.html" => with_common_headers(
            Response::from_data(NO_UI.as_bytes().to_vec())
                .with_status_code(404)
                .with_header(header("Content-Type", "text/plain; charset=utf-8")),
        ),
        None => error_reply(404, "not_found", &format!("no file {rel}")),
    }
}

const NO_UI: &str = "This storyline was built without its web UI (ui/dist was missing).\n\
Build it with `npm ci && npm run build` in ui/, then rebuild storyline or pass --ui-dir ui/dist.\n\
The JSON API is at POST /api/<command>.\n";

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}
