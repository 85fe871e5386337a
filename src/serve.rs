//! `storyline serve`: the web UI and the JSON API over HTTP on 127.0.0.1.
//!
//! `POST /api/<command>` with a JSON object body runs [`dispatch`] — the same function the Tauri
//! shell calls — and answers its JSON, or `{"kind", "message"}` with a 4xx/5xx status. Every other
//! `GET` serves the built UI: from `--ui-dir`, else embedded at build time from `ui/dist` (release
//! builds; debug builds read `ui/dist` from disk so a rebuilt UI shows without recompiling). The
//! build script recompiles the CLI when `ui/dist` changes; a binary built before the UI existed
//! still serves the source tree's `ui/dist` from disk when it is there.
//!
//! Headers are checked as requests arrive; each API call's body is read on a thread of its own
//! (so a client that stalls holds up nobody else), then answered by one of [`WORKERS`] threads,
//! each with its own database connection. The listener is loopback only, and requests whose
//! `Host` or `Origin` is not this server (or that give either twice) are refused, so web pages
//! in the same browser cannot drive the API (DNS rebinding, cross-site requests).

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

/// Threads that answer API calls, each with its own database connection: reads run side by
/// side (WAL), and a long add does not hold up the others (its slow part runs before it takes
/// the write lock).
const WORKERS: usize = 4;

/// Requests whose body has been read, waiting for a worker.
const QUEUE: usize = 64;

/// An API call with its body read, for a worker.
struct Job {
    request: Request,
    command: String,
    body: Vec<u8>,
}

pub fn run(ctx: &Ctx, args: Args, fixed_now: bool) -> anyhow::Result<()> {
    // The first add should not pay for compiling the tagger: do it while the user opens the page.
    std::thread::spawn(|| {
        if let Err(e) = storyline_core::api::warm_up() {
            eprintln!("storyline serve: {e}");
        }
    });
    let handles = (0..WORKERS)
        .map(|_| ctx.open())
        .collect::<anyhow::Result<Vec<_>>>()?;
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
    // SIGTERM/SIGINT/SIGHUP end the request loop instead of the process, so the workers finish
    // and every connection closes, and SQLite checkpoints the WAL as on a normal exit.
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
    let (jobs, queue) = std::sync::mpsc::sync_channel::<Job>(QUEUE);
    // Dropped when the loop ends, so idle workers see the queue closed and return.
    let mut jobs = Some(jobs);
    let queue = std::sync::Mutex::new(queue);
    let closing = std::thread::scope(|scope| {
        let workers: Vec<_> = handles
            .into_iter()
            .map(|mut sl| {
                let queue = &queue;
                scope.spawn(move || {
                    loop {
                        // The lock is held only while waiting for the next job.
                        let job = match queue.lock() {
                            Ok(q) => q.recv(),
                            Err(_) => break,
                        };
                        let Ok(job) = job else { break };
                        let now = if fixed_now { ctx.now() } else { Utc::now() };
                        // A bug that panics answers 500 and keeps the worker (its transaction,
                        // if any, rolled back as it unwound).
                        let reply = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                            api_call(&mut sl, &job.command, &job.body, now)
                        }))
                        .unwrap_or_else(|_| error_reply(500, "internal", "the server hit a bug"));
                        if let Err(e) = job.request.respond(reply) {
                            eprintln!("warning: could not answer a request: {e}");
                        }
                    }
                    sl
                })
            })
            .collect();
        // Headers are checked here (tiny_http has read them on its own thread); a body is read
        // on a thread of its own, so a client that announces a body and sends nothing holds up
        // only that thread.
        for request in server.incoming_requests() {
            match route(&ui, &hosts, &request) {
                Route::Reply(reply) => {
                    if let Err(e) = request.respond(reply) {
                        eprintln!("warning: could not answer a request: {e}");
                    }
                }
                Route::Api(command) => {
                    let Some(jobs) = jobs.clone() else { break };
                    std::thread::spawn(move || read_body(request, command, &jobs));
                }
            }
        }
        jobs.take();
        workers
            .into_iter()
            .filter_map(|w| w.join().ok())
            .collect::<Vec<_>>()
    });
    // One after another: SQLite checkpoints and removes the WAL when the last connection
    // closes, and connections closing at the same moment can each miss being the last.
    for sl in closing {
        drop(sl);
    }
    Ok(())
}

/// What to do with a request, from its headers alone.
enum Route {
    Reply(Reply),
    /// An API call to this command; its body is still to be read.
    Api(String),
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

fn route(ui: &UiSource, hosts: &[String], req: &Request) -> Route {
    let forbidden = || {
        Route::Reply(error_reply(
            403,
            "forbidden",
            "this server only answers its own pages on 127.0.0.1",
        ))
    };
    // Two Host or Origin headers are refused: which one counts would be a guess.
    let (Ok(host), Ok(origin)) = (header_value(req, "Host"), header_value(req, "Origin")) else {
        return forbidden();
    };
    let host_ok = host.is_some_and(|h| hosts.contains(&h));
    let origin_ok = match origin {
        None => true,
        Some(o) => hosts.iter().any(|ok| o == format!("http://{ok}")),
    };
    if !host_ok || !origin_ok {
        return forbidden();
    }
    let url = req.url();
    let path = url.split(['?', '#']).next().unwrap_or("/");
    if let Some(command) = path.strip_prefix("/api/") {
        if *req.method() != Method::Post {
            Route::Reply(error_reply(
                405,
                "method_not_allowed",
                "API calls are POST requests with a JSON body",
            ))
        } else if !header_value(req, "Content-Type")
            .ok()
            .flatten()
            .is_some_and(|c| is_json(&c))
        {
            // A cross-site form cannot send this content type without a CORS preflight, which
            // this server never grants.
            Route::Reply(error_reply(
                415,
                "unsupported_media_type",
                "send the arguments as application/json",
            ))
        } else if req.body_length().is_some_and(|n| n as u64 > MAX_BODY) {
            Route::Reply(too_large())
        } else {
            Route::Api(command.to_owned())
        }
    } else if *req.method() == Method::Get || *req.method() == Method::Head {
        Route::Reply(static_file(ui, path))
    } else {
        Route::Reply(error_reply(
            405,
            "method_not_allowed",
            "only GET for pages and POST for /api/",
        ))
    }
}

/// Whether a Content-Type names JSON: the media type before any parameters, exactly
/// `application/json` (case-insensitive), so `application/jsonx` is not.
fn is_json(content_type: &str) -> bool {
    content_type
        .split(';')
        .next()
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
}

/// The value of header `name`: `Ok(None)` when absent, `Err(())` when it is given twice.
fn header_value(req: &Request, name: &'static str) -> Result<Option<String>, ()> {
    let mut values = req.headers().iter().filter(|h| h.field.equiv(name));
    let first = values.next().map(|h| h.value.as_str().to_owned());
    match values.next() {
        Some(_) => Err(()),
        None => Ok(first),
    }
}

fn too_large() -> Reply {
    error_reply(
        413,
        "too_large",
        &format!(
            "the request body is over the limit of {} MiB ({MAX_BODY} bytes): add one article \
             at a time",
            MAX_BODY / (1024 * 1024)
        ),
    )
}

/// Reads an API call's body (at most [`MAX_BODY`]) and queues it for a worker, or answers the
/// error itself.
fn read_body(mut request: Request, command: String, jobs: &std::sync::mpsc::SyncSender<Job>) {
    let mut body = Vec::new();
    let reply = match request
        .as_reader()
        .take(MAX_BODY + 1)
        .read_to_end(&mut body)
    {
        Err(e) => error_reply(
            400,
            "bad_request",
            &format!("could not read the request body: {e}"),
        ),
        Ok(_) if body.len() as u64 > MAX_BODY => too_large(),
        Ok(_) => {
            let job = Job {
                request,
                command,
                body,
            };
            match jobs.send(job) {
                Ok(()) => return,
                // The workers are gone: the server is stopping.
                Err(std::sync::mpsc::SendError(job)) => {
                    let _ = job.request.respond(error_reply(
                        503,
                        "unavailable",
                        "the server is stopping",
                    ));
                    return;
                }
            }
        }
    };
    let _ = request.respond(reply);
}

fn api_call(
    sl: &mut storyline_core::api::Storyline,
    command: &str,
    body: &[u8],
    now: chrono::DateTime<Utc>,
) -> Reply {
    let args: Value = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Null
    } else {
        match serde_json::from_slice(body) {
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
