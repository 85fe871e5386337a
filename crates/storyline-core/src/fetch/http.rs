//! One HTTP GET with Storyline's rules: http/https only (every redirect hop too), at most
//! [`FetchOptions::max_redirects`] hops, connect and read timeouts, a body cap that is enforced
//! while streaming, conditional requests, and gzip/brotli (ureq decodes them).

use std::io::Read;
use std::time::Duration;

use crate::error::{Error, Result};

/// How fetching behaves. Front ends may shorten the timeouts (tests do); the rest are the
/// limits the issue sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchOptions {
    /// Time to open a connection.
    pub connect_timeout: Duration,
    /// Time to wait for the response headers, and for each read of the body.
    pub read_timeout: Duration,
    /// Largest body accepted, after decompression.
    pub max_body: usize,
    /// Most redirects followed.
    pub max_redirects: u32,
    /// The `User-Agent` header: says what is asking, so a site can tell.
    pub user_agent: String,
    /// How many sources [`crate::api::Storyline::refresh`] fetches at once.
    pub parallel: usize,
    /// How many of them may talk to one host at once.
    pub per_host: usize,
}

impl Default for FetchOptions {
    fn default() -> FetchOptions {
        FetchOptions {
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(20),
            max_body: 10 * 1024 * 1024,
            max_redirects: 5,
            user_agent: format!(
                "Storyline/{} (news story follower; fetches only pages its user asked for)",
                env!("CARGO_PKG_VERSION")
            ),
            parallel: 4,
            per_host: 2,
        }
    }
}

impl FetchOptions {
    /// The defaults with both timeouts set to `timeout` (tests keep them short).
    pub fn with_timeout(timeout: Duration) -> FetchOptions {
        FetchOptions {
            connect_timeout: timeout,
            read_timeout: timeout,
            ..FetchOptions::default()
        }
    }
}

/// Validators from an earlier response, sent back so an unchanged page costs a 304.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A response that passed every check.
#[derive(Debug, Clone)]
pub struct Response {
    /// The URL after redirects.
    pub url: String,
    /// `None` for 304 Not Modified (then `body` is empty).
    pub content_type: Option<String>,
    /// The `charset` parameter of `Content-Type`, if any.
    pub charset: Option<String>,
    pub validators: Validators,
    pub not_modified: bool,
    pub body: Vec<u8>,
}

/// Parses `input` and refuses anything but http and https.
pub fn web_url(input: &str) -> Result<url::Url> {
    let input = input.trim();
    let parsed = match url::Url::parse(input) {
        Ok(u) => u,
        Err(url::ParseError::RelativeUrlWithoutBase) if !input.contains(char::is_whitespace) => {
            url::Url::parse(&format!("https://{input}")).map_err(|e| Error::BadUrl {
                input: input.to_owned(),
                reason: e.to_string(),
            })?
        }
        Err(e) => {
            return Err(Error::BadUrl {
                input: input.to_owned(),
                reason: e.to_string(),
            })
        }
    };
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Error::UnsupportedScheme {
            url: input.to_owned(),
            scheme: parsed.scheme().to_owned(),
        });
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(Error::BadUrl {
            input: input.to_owned(),
            reason: "it has no host name".into(),
        });
    }
    Ok(parsed)
}

/// GETs `url`. `accept` is the `Accept` header; `acceptable(content_type)` says whether a
/// response's type is worth reading (checked before the body is read, so a 60 MB PDF costs
/// nothing).
pub fn get(
    url: &str,
    opts: &FetchOptions,
    validators: &Validators,
    accept: &str,
    acceptable: fn(&str) -> bool,
) -> Result<Response> {
    let start = web_url(url)?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        // Redirects are followed here, so that every hop's scheme is checked.
        .max_redirects(0)
        .timeout_connect(Some(opts.connect_timeout))
        .timeout_recv_response(Some(opts.read_timeout))
        .timeout_per_read(Some(opts.read_timeout))
        // A server that drips a byte just inside the read timeout still ends: the whole call
        // gets three read timeouts plus the connect timeout.
        .timeout_global(Some(opts.connect_timeout + opts.read_timeout * 3))
        .user_agent(opts.user_agent.as_str())
        .build()
        .new_agent();
    let mut current = start.clone();
    let mut visited = vec![current.to_string()];
    for _ in 0..=opts.max_redirects {
        let mut req = agent.get(current.as_str()).header("Accept", accept);
        if let Some(etag) = &validators.etag {
            req = req.header("If-None-Match", etag.as_str());
        }
        if let Some(lm) = &validators.last_modified {
            req = req.header("If-Modified-Since", lm.as_str());
        }
        let resp = req
            .call()
            .map_err(|e| map_error(e, current.as_str(), opts))?;
        let status = resp.status().as_u16();
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
        };
        if matches!(status, 301 | 302 | 303 | 307 | 308) {
            let Some(location) = header("location") else {
                return Err(Error::HttpStatus {
                    url: current.to_string(),
                    status,
                });
            };
            let next = current.join(&location).map_err(|_| Error::BadRedirect {
                url: current.to_string(),
                location: location.clone(),
            })?;
            if !matches!(next.scheme(), "http" | "https") {
                return Err(Error::BadRedirect {
                    url: current.to_string(),
                    location,
                });
            }
            if visited.contains(&next.to_string()) {
                return Err(Error::TooManyRedirects {
                    url: start.to_string(),
                    reason: format!("the redirects go round in a loop (back to {next})"),
                });
            }
            visited.push(next.to_string());
            current = next;
            continue;
        }
        let validators = Validators {
            etag: header("etag"),
            last_modified: header("last-modified"),
        };
        if status == 304 {
            return Ok(Response {
                url: current.to_string(),
                content_type: None,
                charset: None,
                validators,
                not_modified: true,
                body: Vec::new(),
            });
        }
        if !(200..300).contains(&status) {
            return Err(Error::HttpStatus {
                url: current.to_string(),
                status,
            });
        }
        let (content_type, charset) = split_content_type(header("content-type").as_deref());
        if let Some(ct) = &content_type {
            if !acceptable(ct) {
                return Err(Error::NotHtml {
                    url: current.to_string(),
                    content_type: ct.clone(),
                });
            }
        }
        // Read one byte past the cap: a body that fills it is refused without being held whole.
        let mut body = Vec::new();
        resp.into_body()
            .into_with_config()
            .limit(u64::MAX)
            .reader()
            .take(opts.max_body as u64 + 1)
            .read_to_end(&mut body)
            .map_err(|e| map_io_error(e, current.as_str(), opts))?;
        if body.len() > opts.max_body {
            return Err(Error::BodyTooLarge {
                url: current.to_string(),
                limit: opts.max_body,
            });
        }
        return Ok(Response {
            url: current.to_string(),
            content_type,
            charset,
            validators,
            not_modified: false,
            body,
        });
    }
    Err(Error::TooManyRedirects {
        url: start.to_string(),
        reason: format!("more than {} redirects", opts.max_redirects),
    })
}

/// `text/html; charset=windows-1252` → (`text/html`, `windows-1252`), lower-cased type.
fn split_content_type(header: Option<&str>) -> (Option<String>, Option<String>) {
    let Some(h) = header else {
        return (None, None);
    };
    let mut parts = h.split(';');
    let mime = parts
        .next()
        .map(|m| m.trim().to_ascii_lowercase())
        .filter(|m| !m.is_empty());
    let charset = parts.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim().eq_ignore_ascii_case("charset"))
            .then(|| v.trim().trim_matches(['"', '\'']).to_owned())
    });
    (mime, charset)
}

fn seconds(d: Duration) -> u64 {
    d.as_secs().max(1)
}

fn map_error(e: ureq::Error, url: &str, opts: &FetchOptions) -> Error {
    let failed = |reason: String| Error::FetchFailed {
        url: url.to_owned(),
        reason,
    };
    match e {
        ureq::Error::Timeout(_) => Error::FetchTimeout {
            url: url.to_owned(),
            seconds: seconds(opts.read_timeout),
        },
        ureq::Error::Io(io) => map_io_error(io, url, opts),
        ureq::Error::HostNotFound => failed("the host name is not known".into()),
        ureq::Error::ConnectionFailed => failed("the connection failed".into()),
        ureq::Error::TooManyRedirects => Error::TooManyRedirects {
            url: url.to_owned(),
            reason: format!("more than {} redirects", opts.max_redirects),
        },
        ureq::Error::BodyExceedsLimit(_) => Error::BodyTooLarge {
            url: url.to_owned(),
            limit: opts.max_body,
        },
        other => failed(other.to_string()),
    }
}

fn map_io_error(e: std::io::Error, url: &str, opts: &FetchOptions) -> Error {
    use std::io::ErrorKind;
    // ureq wraps its own errors (a body timeout) in io::Error when reading the body.
    if let Some(inner) = e.get_ref().and_then(|i| i.downcast_ref::<ureq::Error>()) {
        if matches!(inner, ureq::Error::Timeout(_)) {
            return Error::FetchTimeout {
                url: url.to_owned(),
                seconds: seconds(opts.read_timeout),
            };
        }
    }
    match e.kind() {
        ErrorKind::TimedOut | ErrorKind::WouldBlock => Error::FetchTimeout {
            url: url.to_owned(),
            seconds: seconds(opts.read_timeout),
        },
        ErrorKind::ConnectionRefused => Error::FetchFailed {
            url: url.to_owned(),
            reason: "the connection was refused (nothing is listening there)".into(),
        },
        _ => Error::FetchFailed {
            url: url.to_owned(),
            reason: e.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_type_parts() {
        assert_eq!(
            split_content_type(Some("Text/HTML; charset=\"windows-1252\"")),
            (Some("text/html".into()), Some("windows-1252".into()))
        );
        assert_eq!(split_content_type(None), (None, None));
    }

    #[test]
    fn only_web_urls() {
        for (input, kind) in [
            ("file:///etc/passwd", "unsupported_scheme"),
            ("ftp://example.com/a", "unsupported_scheme"),
            ("data:text/html,<p>x</p>", "unsupported_scheme"),
            ("javascript:alert(1)", "unsupported_scheme"),
            ("not a url", "bad_url"),
        ] {
            assert_eq!(web_url(input).unwrap_err().kind(), kind, "{input}");
        }
        assert_eq!(
            web_url("example.com/x").unwrap().as_str(),
            "https://example.com/x"
        );
    }
}
