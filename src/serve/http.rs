//! Answering browsers: files from memory, the live-reload script and error
//! overlay added to HTML pages, and the event stream that says "reload".

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use percent_encoding::percent_decode_str;

use super::guard::{Guard, Refusal, Seen, TOKEN_HEADER};
use super::state::{Event, Served, Shared};
use super::wire::{Handled, Reply, Request};
use crate::editor::local::{API_PATH, LocalBackend};

/// The path of the event stream. It cannot clash with site files: URLs
/// made from content never start with `__`.
pub const EVENTS_PATH: &str = "/__loa/events";

/// Where the live-reload script is served: an external file, because the
/// theme's Content-Security-Policy allows only the site's own scripts.
pub const RELOAD_PATH: &str = "/__loa/reload.js";

const RELOAD_JS: &str = include_str!("reload.js");

const OVERLAY_STYLE: &str = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;background:#fff4f4;color:#600;border-top:4px solid #c00;padding:1em;font:14px/1.4 system-ui,sans-serif;box-shadow:0 -2px 12px rgba(0,0,0,.3)";

/// What the connection does with one request. The site, the event stream
/// and the reload script live under `prefix` (`/`, or `/xkld/` for a
/// sub-path site, as on its host). Every request must be addressed to this
/// server (see `guard`); the editor API also must come from the editor page
/// of this run. An event stream is written to `out` until it closes.
pub(crate) fn handle(
    req: &Request,
    out: &mut dyn Write,
    shared: &Shared,
    stop: &AtomicBool,
    prefix: &str,
    editor: Option<&LocalBackend>,
    guard: &Guard,
) -> Handled {
    let seen = seen(req);
    if let Err(refusal) = guard.host(&seen) {
        return Handled::Reply(refused(&refusal));
    }
    if let Some(backend) = editor {
        if req.method == "POST" && req.url == API_PATH {
            if let Err(refusal) = guard.api(&seen) {
                return Handled::Reply(refused(&refusal));
            }
            let (status, reply_json) = backend.handle(&req.body);
            return Handled::Reply(reply(
                status,
                "application/json; charset=utf-8",
                reply_json.to_string().into_bytes(),
            ));
        }
    }
    // OPTIONS (a CORS preflight) lands here too: no Access-Control-Allow-*
    // header is ever sent, so a foreign page's JSON or token-carrying
    // request is never let through by the browser.
    if !matches!(req.method.as_str(), "GET" | "HEAD") {
        return Handled::Reply(reply(
            405,
            "text/plain; charset=utf-8",
            b"only GET and HEAD".to_vec(),
        ));
    }
    let url = match path_in_site(&req.url, prefix) {
        Ok(url) => url,
        Err(outside) => return Handled::Reply(outside),
    };
    if url == EVENTS_PATH {
        stream_events(out, shared, stop);
        return Handled::Events;
    }
    if url == RELOAD_PATH {
        return Handled::Reply(reply(
            200,
            "text/javascript; charset=utf-8",
            RELOAD_JS.as_bytes().to_vec(),
        ));
    }
    let token = editor.map(|_| guard.token());
    Handled::Reply(answer(&url, shared, prefix, token))
}

/// The requested path inside the site, without query or fragment and with
/// `prefix` replaced by `/` (`/xkld/a/?q` -> `/a/`); a path outside the
/// prefix gets its answer instead (a redirect to the site, or 404).
fn path_in_site(url: &str, prefix: &str) -> Result<String, Reply> {
    let url = url.split(['?', '#']).next().unwrap_or("/");
    url.strip_prefix(prefix)
        .map(|inside| format!("/{inside}"))
        .ok_or_else(|| outside_prefix(url, prefix))
}

/// The headers the guard reads.
fn seen(req: &Request) -> Seen<'_> {
    let all = |name: &'static str| req.header_values(name);
    let mut hosts = all("Host");
    let host = match (hosts.next(), hosts.next()) {
        (None, _) => Ok(None),
        (Some(h), None) => Ok(Some(h)),
        (Some(_), Some(_)) => Err(()),
    };
    Seen {
        host,
        origin: all("Origin").next(),
        referer: all("Referer").next(),
        sec_fetch_site: all("Sec-Fetch-Site").next(),
        content_type: all("Content-Type").next(),
        token: all(TOKEN_HEADER).next(),
    }
}

fn refused(r: &Refusal) -> Reply {
    reply(
        r.status,
        "text/plain; charset=utf-8",
        format!("{}\n", r.message).into_bytes(),
    )
}

/// A request outside the base path: the bare prefix (`/xkld`) and the root
/// are sent to the site; anything else gets a page saying where it lives.
fn outside_prefix(url: &str, prefix: &str) -> Reply {
    if url == "/" || format!("{url}/") == prefix {
        let r = reply(302, "text/plain; charset=utf-8", Vec::new());
        return with_header(r, "Location", prefix);
    }
    let inside = format!("{prefix}{}", url.trim_start_matches('/'));
    let page = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>404</title></head><body><h1>404</h1><p>Bản xem trước phục vụ trang dưới {p} (đường dẫn của base_url) / This preview serves the site under {p} (the path of its base_url), as its host will.</p><p><a href=\"{i}\">{i}</a> · <a href=\"{p}\">{p}</a></p></body></html>",
        // Both go into href="…" too, so quotes are escaped as well.
        p = crate::escape::html(prefix),
        i = crate::escape::html(&inside)
    );
    reply(404, "text/html; charset=utf-8", page.into_bytes())
}

/// Adds a header; a value that is not printable ASCII is left out.
fn with_header(r: Reply, name: &str, value: &str) -> Reply {
    r.with_header(name, value)
}

fn reply(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
    let r = Reply::new(status, body);
    // Pages change with every save: never let the browser reuse an old copy.
    with_header(
        with_header(r, "Content-Type", content_type),
        "Cache-Control",
        "no-store",
    )
}

/// The response for a URL path inside the prefix (`/tin-tuc/`). `token`
/// is the editor API's secret of this run, given to the editor page.
fn answer(url: &str, shared: &Shared, prefix: &str, token: Option<&str>) -> Reply {
    let path = percent_decode_str(url).decode_utf8_lossy().into_owned();
    let key = path.trim_start_matches('/');
    let wanted = if key.is_empty() || key.ends_with('/') {
        format!("{key}index.html")
    } else {
        key.to_string()
    };
    shared.wait_until_fresh(&wanted);
    let files = shared.files();
    let problems = shared.problems();
    if files.is_empty() {
        let page = "<!doctype html><html><head><meta charset=\"utf-8\"><title>loa serve</title></head><body><h1>Chưa dựng được trang / The site could not be built yet</h1></body></html>";
        return reply(
            500,
            "text/html; charset=utf-8",
            decorate(page, &problems, prefix).into_bytes(),
        );
    }
    if let Some(f) = files.get(&wanted) {
        return serve_file(&wanted, f, &problems, 200, prefix, token);
    }
    if files.contains_key(&format!("{key}/index.html")) {
        let r = reply(301, "text/plain; charset=utf-8", Vec::new());
        return with_header(r, "Location", &format!("{prefix}{key}/"));
    }
    let lang_404 = key.split('/').next().map(|l| format!("{l}/404.html"));
    for candidate in lang_404.iter().map(String::as_str).chain(["404.html"]) {
        if let Some(f) = files.get(candidate) {
            return serve_file(candidate, f, &problems, 404, prefix, None);
        }
    }
    reply(404, "text/plain; charset=utf-8", b"not found".to_vec())
}

fn serve_file(
    name: &str,
    f: &Served,
    problems: &[String],
    status: u16,
    prefix: &str,
    token: Option<&str>,
) -> Reply {
    let mime = mime_guess::from_path(name).first_or_octet_stream();
    let ctype = if mime.type_() == "text" || name.ends_with(".js") || name.ends_with(".json") {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    };
    match f {
        // The editor keeps unsaved work in the page: never reload it.
        Served::Html(html) if crate::editor::is_editor_file(name) => {
            let html = match token {
                Some(t) if name == EDITOR_PAGE => with_token(html, t),
                _ => html.clone(),
            };
            // A page holding the secret is never shown inside another
            // site's frame (where clicks could be steered).
            let r = reply(status, &ctype, html.into_bytes());
            let r = with_header(r, "X-Frame-Options", "DENY");
            with_header(r, "Content-Security-Policy", "frame-ancestors 'none'")
        }
        Served::Html(html) => reply(
            status,
            &ctype,
            decorate(html, problems, prefix).into_bytes(),
        ),
        Served::Bytes(b) => reply(status, &ctype, b.clone()),
        Served::File(p) => match std::fs::read(p) {
            Ok(b) => reply(status, &ctype, b),
            Err(e) => reply(
                404,
                "text/plain; charset=utf-8",
                format!("cannot read {}: {e}", p.display()).into_bytes(),
            ),
        },
    }
}

/// The editor page, which is given the API's secret.
const EDITOR_PAGE: &str = "admin/index.html";

/// The editor page with the secret in a `<meta name="loa-token">`, which
/// `loa-editor.js` reads: a meta tag, since the page's CSP forbids inline
/// scripts. Only a same-origin page can read it (no CORS headers are sent;
/// the Host check stops rebinding), and `no-store` keeps it out of caches.
fn with_token(html: &str, token: &str) -> String {
    let meta = format!(
        "<meta name=\"loa-token\" content=\"{}\">\n",
        crate::escape::html(token)
    );
    match html.find("</head>") {
        Some(at) => format!("{}{meta}{}", &html[..at], &html[at..]),
        None => format!("{meta}{html}"),
    }
}

/// Adds the live-reload script (under the prefix, like the site), and the
/// error overlay when the last build failed.
fn decorate(html: &str, problems: &[String], prefix: &str) -> String {
    // Inline style attributes, not a <style> element: the theme's CSP allows only the former.
    let mut extra = String::new();
    if !problems.is_empty() {
        extra.push_str(&format!(
            "<div id=\"loa-overlay\" role=\"alert\" style=\"{OVERLAY_STYLE}\"><strong>Lỗi khi dựng trang: đang hiện bản tốt gần nhất / Build failed: showing the last good version</strong><pre style=\"white-space:pre-wrap\">{}</pre></div>",
            crate::escape::html_text(&problems.join("\n"))
        ));
    }
    extra.push_str(&format!(
        "<script src=\"{}{}\"></script>",
        prefix.trim_end_matches('/'),
        RELOAD_PATH
    ));
    match html.rfind("</body>") {
        Some(at) => format!("{}{extra}{}", &html[..at], &html[at..]),
        None => format!("{html}{extra}"),
    }
}

/// Server-sent events: `reload` after a good build, `problems` after a bad
/// one. A comment line every few seconds finds closed tabs (the write fails).
fn stream_events(out: &mut dyn Write, shared: &Shared, stop: &AtomicBool) {
    let (tx, rx) = mpsc::channel();
    shared.listen(tx);
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 1000\n\n";
    if out
        .write_all(head.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        return;
    }
    let mut idle = Duration::ZERO;
    while !stop.load(Ordering::Relaxed) {
        let tick = Duration::from_millis(250);
        let message = match rx.recv_timeout(tick) {
            Ok(Event::Reload) => "event: reload\ndata: {}\n\n".to_string(),
            Ok(Event::Problems(lines)) => format!(
                "event: problems\ndata: {}\n\n",
                serde_json::to_string(&lines).unwrap_or_else(|_| "[]".into())
            ),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                idle += tick;
                if idle < Duration::from_secs(10) {
                    continue;
                }
                ": keep-alive\n\n".to_string()
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        idle = Duration::ZERO;
        if out
            .write_all(message.as_bytes())
            .and_then(|()| out.flush())
            .is_err()
        {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_body_end_and_overlay_is_escaped() {
        let html = decorate(
            "<html><body><p>x</p></body></html>",
            &["a.md:1: error: <b>".into()],
            "/",
        );
        assert!(html.ends_with("</script></body></html>"), "{html}");
        assert!(html.contains("a.md:1: error: &lt;b&gt;"), "{html}");
        assert!(!decorate("<body></body>", &[], "/").contains("loa-overlay\" role"));
        assert!(decorate("<body></body>", &[], "/xkld/").contains("src=\"/xkld/__loa/reload.js\""));
    }

    #[test]
    fn a_quote_in_a_path_outside_the_prefix_cannot_leave_the_href() {
        let r = outside_prefix("/a\"onclick=\"x", "/xkld/");
        assert_eq!(r.status, 404);
        let page = String::from_utf8(r.body).unwrap();
        assert!(
            page.contains("href=\"/xkld/a&quot;onclick=&quot;x\""),
            "{page}"
        );
        assert!(!page.contains("\"onclick"), "{page}");
    }

    #[test]
    fn the_token_is_written_as_an_attribute_value() {
        let html = with_token("<head></head>", "ab\"c");
        assert_eq!(
            html,
            "<head><meta name=\"loa-token\" content=\"ab&quot;c\">\n</head>"
        );
    }
}
