//! `loa serve`: a real server on a free port of 127.0.0.1, real HTTP, real
//! file edits. Waits are bounded loops that stop as soon as the expected
//! answer arrives.

use crate::common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use common::Portal;
use common::http::get;
use loa::serve::{EVENTS_PATH, ServeOptions, Server};

const PATIENCE: Duration = Duration::from_secs(20);

fn start(p: &Portal) -> Server {
    Server::start(&ServeOptions {
        root: p.root(),
        bind: [127, 0, 0, 1].into(),
        port: 0,
        drafts: false,
        // What the server did shows with a failing test's output.
        verbose: true,
        base_path: None,
        editor: false,
        allow_remote_editing: false,
    })
    .expect("server starts")
}

/// An open event stream.
struct Events {
    stream: TcpStream,
    seen: String,
}

impl Events {
    fn open(addr: SocketAddr) -> Events {
        let mut stream = TcpStream::connect(addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_millis(100)))
            .expect("timeout");
        write!(stream, "GET {EVENTS_PATH} HTTP/1.1\r\nHost: {addr}\r\n\r\n").expect("send");
        let mut e = Events {
            stream,
            seen: String::new(),
        };
        // The server writes `retry:` once the stream is registered.
        e.wait_for("retry:");
        e
    }

    /// Reads until `needle` has arrived (after what was already consumed).
    fn wait_for(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        let mut buf = [0u8; 4096];
        while Instant::now() < deadline {
            if let Some(at) = self.seen.find(needle) {
                let upto = at + needle.len();
                let before = self.seen[..upto].to_string();
                self.seen = self.seen[upto..].to_string();
                return before;
            }
            match self.stream.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => self.seen.push_str(&String::from_utf8_lossy(&buf[..n])),
                Err(_) => {} // read timeout: look again until the deadline
            }
        }
        panic!("no `{needle}` within {PATIENCE:?}; got: {}", self.seen);
    }
}

fn portal() -> Portal {
    let p = Portal::new();
    p.page("content/_index.md", "Trang chủ", "Chào mừng");
    p.section("tin-tuc", "Tin tức", "articles");
    p.page("content/tin-tuc/a.md", "Bài A", "Nội dung đầu tiên.");
    p
}

#[test]
fn edits_rebuild_the_page_and_tell_the_browser() {
    let p = portal();
    let server = start(&p);
    let addr = server.addr();
    let (status, page) = get(addr, "/tin-tuc/a/");
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Nội dung đầu tiên."), "{page}");
    // The live-reload script is an external file (the theme's CSP forbids inline scripts).
    assert!(page.contains("<script src=\"/__loa/reload.js\">"), "{page}");
    let (status, script) = get(addr, "/__loa/reload.js");
    assert_eq!(status, 200);
    // It opens the stream beside itself (`events` next to `reload.js`), so
    // a preview under a sub-path works too.
    assert!(EVENTS_PATH.ends_with("/__loa/events"));
    assert!(
        script.contains("new EventSource(new URL(\"events\", document.currentScript.src))"),
        "the script listens to the event stream"
    );
    assert!(
        !p.root().join("public").exists(),
        "serve writes nothing to disk"
    );

    let mut events = Events::open(addr);
    p.page("content/tin-tuc/a.md", "Bài A", "Nội dung đã sửa.");
    events.wait_for("event: reload");
    let (_, page) = get(addr, "/tin-tuc/a/");
    assert!(page.contains("Nội dung đã sửa."), "{page}");
    server.stop();
}

#[test]
fn a_failed_rebuild_keeps_the_last_good_site_and_shows_the_errors() {
    let p = portal();
    let server = start(&p);
    let addr = server.addr();
    let mut events = Events::open(addr);

    p.file(
        "content/tin-tuc/a.md",
        "---\ntitle: Bài A\ndate: hôm qua\n---\nHỏng.\n",
    );
    let got = events.wait_for("event: problems");
    assert!(got.contains("event: problems"), "{got}");
    events.wait_for("content/tin-tuc/a.md:3:");
    let (status, page) = get(addr, "/tin-tuc/a/");
    assert_eq!(status, 200);
    assert!(
        page.contains("Nội dung đầu tiên."),
        "last good page: {page}"
    );
    assert!(page.contains("loa-overlay\" role=\"alert\""), "{page}");
    assert!(page.contains("content/tin-tuc/a.md:3:"), "{page}");

    // A template error is shown the same way.
    p.page("content/tin-tuc/a.md", "Bài A", "Đã sửa lại.");
    events.wait_for("event: reload");
    p.file("templates/page.html", "{% if %}");
    events.wait_for("event: problems");
    events.wait_for("templates/page.html");

    // Fixing it brings the page back without the overlay. (The edit above
    // may have been shown as a quick page and taken back when the template
    // broke, with a reload of its own: wait for the page, not for one event.)
    std::fs::remove_file(p.root().join("templates/page.html")).expect("rm");
    events.wait_for("event: reload");
    poll_until_clean(addr, "/tin-tuc/a/", "Đã sửa lại.");
    server.stop();
}

#[test]
fn a_deleted_page_disappears_and_the_server_survives() {
    let p = portal();
    p.page("content/tin-tuc/b.md", "Bài B", "Sẽ bị xóa.");
    let server = start(&p);
    let addr = server.addr();
    assert_eq!(get(addr, "/tin-tuc/b/").0, 200);
    let mut events = Events::open(addr);
    std::fs::remove_file(p.root().join("content/tin-tuc/b.md")).expect("rm");
    events.wait_for("event: reload");
    let (status, _) = get(addr, "/tin-tuc/b/");
    assert_eq!(status, 404);
    assert_eq!(get(addr, "/tin-tuc/a/").0, 200);
    server.stop();
}

#[test]
fn urls_without_slash_redirect_and_missing_pages_get_the_404_page() {
    let p = portal();
    let server = start(&p);
    let (status, text) = get(server.addr(), "/tin-tuc");
    assert_eq!(status, 301);
    assert!(text.contains("Location: /tin-tuc/"), "{text}");
    let (status, text) = get(server.addr(), "/kh%C3%B4ng-c%C3%B3/");
    assert_eq!(status, 404);
    assert!(text.contains("text/html"), "the theme's 404 page: {text}");
    server.stop();
}

#[test]
fn a_port_in_use_is_refused_with_a_suggestion() {
    let p = portal();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port();
    let err = Server::start(&ServeOptions {
        root: p.root(),
        bind: [127, 0, 0, 1].into(),
        port,
        drafts: false,
        verbose: false,
        base_path: None,
        editor: false,
        allow_remote_editing: false,
    })
    .err()
    .expect("refused")
    .to_string();
    assert!(err.contains("already in use"), "{err}");
    assert!(err.contains("--port"), "{err}");
}

#[test]
fn a_broken_first_build_still_serves_the_errors() {
    let p = Portal::new();
    p.file("content/_index.md", "---\ntitle: [\n---\n");
    let server = start(&p);
    let (status, page) = get(server.addr(), "/");
    assert_eq!(status, 500);
    assert!(page.contains("content/_index.md:"), "{page}");
    let mut events = Events::open(server.addr());
    p.page("content/_index.md", "Trang chủ", "Đã sửa");
    events.wait_for("event: reload");
    let (status, page) = get(server.addr(), "/");
    assert_eq!(status, 200);
    assert!(page.contains("Đã sửa"), "{page}");
    server.stop();
}

#[test]
fn drafts_are_served_only_with_the_flag() {
    let p = portal();
    p.file(
        "content/tin-tuc/nhap.md",
        "---\ntitle: Nháp\ndraft: true\n---\nBản nháp.\n",
    );
    let server = start(&p);
    assert_eq!(get(server.addr(), "/tin-tuc/nhap/").0, 404);
    server.stop();
    let server = Server::start(&ServeOptions {
        root: p.root(),
        bind: [127, 0, 0, 1].into(),
        port: 0,
        drafts: true,
        verbose: false,
        base_path: None,
        editor: false,
        allow_remote_editing: false,
    })
    .expect("server starts");
    let (status, page) = get(server.addr(), "/tin-tuc/nhap/");
    assert_eq!(status, 200);
    assert!(page.contains("Bản nháp."), "{page}");
    server.stop();
}

/// The site under a sub-path, as its host serves it: links, the reload
/// script and its event stream carry the prefix; outside it, a redirect or
/// a 404 that says where the site is.
fn check_sub_path_preview(server: &Server, p: &Portal) {
    let addr = server.addr();
    assert!(server.url().ends_with("/xkld/"), "{}", server.url());
    let (status, page) = get(addr, "/xkld/");
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("href=\"/xkld/tin-tuc/\""), "{page}");
    assert!(page.contains("src=\"/xkld/__loa/reload.js\""), "{page}");
    let (status, page) = get(addr, "/xkld/tin-tuc/");
    assert_eq!(status, 200, "{page}");
    let (status, js) = get(addr, "/xkld/__loa/reload.js");
    assert_eq!(status, 200);
    assert!(js.contains("EventSource"), "{js}");
    let (status, head) = get(addr, "/");
    assert_eq!(status, 302);
    assert!(head.contains("Location: /xkld/"), "{head}");
    let (status, head) = get(addr, "/xkld");
    assert_eq!(status, 302, "{head}");
    let (status, page) = get(addr, "/tin-tuc/");
    assert_eq!(status, 404);
    assert!(page.contains("href=\"/xkld/tin-tuc/\""), "{page}");
    assert_eq!(get(addr, "/__loa/reload.js").0, 404);
    // The event stream lives under the prefix and still announces rebuilds.
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_millis(100)))
        .expect("timeout");
    write!(s, "GET /xkld/__loa/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").expect("send");
    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    let deadline = Instant::now() + PATIENCE;
    let mut edited = false;
    while Instant::now() < deadline && !seen.contains("event: reload") {
        if let Ok(n) = s.read(&mut buf) {
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
        if seen.contains("retry:") && !edited {
            p.page("content/_index.md", "Trang chủ", "Đã sửa dưới xkld");
            edited = true;
        }
    }
    assert!(seen.contains("event: reload"), "{seen}");
    let (_, page) = get(addr, "/xkld/");
    assert!(page.contains("Đã sửa dưới xkld"), "{page}");
}

#[test]
fn base_path_flag_serves_the_site_under_it() {
    let p = portal();
    let server = Server::start(&ServeOptions {
        root: p.root(),
        bind: [127, 0, 0, 1].into(),
        port: 0,
        drafts: false,
        verbose: false,
        base_path: Some("xkld".into()),
        editor: false,
        allow_remote_editing: false,
    })
    .expect("server starts");
    check_sub_path_preview(&server, &p);
    server.stop();
}

#[test]
fn the_base_path_comes_from_base_url_without_the_flag() {
    let p = portal();
    let toml = std::fs::read_to_string(p.root().join("site.toml")).expect("site.toml");
    p.file(
        "site.toml",
        &toml.replace("https://example.org/", "https://example.org/xkld/"),
    );
    let server = start(&p);
    check_sub_path_preview(&server, &p);
    server.stop();
}

#[test]
fn a_bad_base_path_is_refused() {
    let p = portal();
    let err = Server::start(&ServeOptions {
        root: p.root(),
        bind: [127, 0, 0, 1].into(),
        port: 0,
        drafts: false,
        verbose: false,
        base_path: Some("/a/../b/".into()),
        editor: false,
        allow_remote_editing: false,
    })
    .err()
    .expect("refused")
    .to_string();
    assert!(err.contains("--base-path"), "{err}");
}

/// A news section big enough that rebuilding it takes a noticeable time in
/// a test build, with `a.md` the newest article (first in every listing).
fn news_portal(pages: usize) -> Portal {
    let p = portal();
    for n in 0..pages {
        p.file(
            &format!("content/tin-tuc/tin-{n:03}.md"),
            &format!(
                "---\ntitle: \"Tin số {n}\"\ndate: 2025-01-01\nsummary: \"Tóm tắt {n}\"\n---\nNội dung tin {n}.\n"
            ),
        );
    }
    p.file(
        "content/tin-tuc/a.md",
        "---\ntitle: \"Bài A\"\ndate: 2026-03-01\nsummary: \"Tóm tắt A\"\n---\nNội dung đầu tiên.\n",
    );
    p
}

/// GET `path` until the answer contains `needle`.
fn poll_until(addr: SocketAddr, path: &str, needle: &str) -> String {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let (_, body) = get(addr, path);
        if body.contains(needle) {
            return body;
        }
        assert!(Instant::now() < deadline, "no `{needle}` at {path}: {body}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// GET `path` until the answer contains `needle` and no error overlay.
fn poll_until_clean(addr: SocketAddr, path: &str, needle: &str) {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let (_, body) = get(addr, path);
        if body.contains(needle) && !body.contains("role=\"alert\"") {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "no clean `{needle}` at {path}: {body}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn an_edit_is_shown_at_once_and_nothing_made_from_the_page_is_stale() {
    let p = news_portal(300);
    let server = start(&p);
    let addr = server.addr();
    let (_, listing) = get(addr, "/tin-tuc/");
    assert!(listing.contains("Bài A"), "{listing}");
    let mut events = Events::open(addr);
    p.file(
        "content/tin-tuc/a.md",
        "---\ntitle: \"Bài A sửa\"\ndate: 2026-03-01\nsummary: \"Tóm tắt A sửa\"\n---\nNội dung mới.\n",
    );
    // The edited page first (served on its own, ahead of the rebuild)...
    poll_until(addr, "/tin-tuc/a/", "Nội dung mới.");
    events.wait_for("event: reload");
    // ...and right after it, everything made from it is already new: the
    // requests wait for the rebuild rather than get the old listing.
    let (_, listing) = get(addr, "/tin-tuc/");
    assert!(listing.contains("Bài A sửa"), "stale listing: {listing}");
    let (_, home) = get(addr, "/");
    assert!(!home.contains(">Bài A<"), "stale home page: {home}");
    for feed in ["/atom.xml", "/tin-tuc/rss.xml"] {
        let (_, xml) = get(addr, feed);
        assert!(xml.contains("Bài A sửa"), "stale feed {feed}: {xml}");
    }
    let docs: String = (0..3)
        .map(|n| get(addr, &format!("/search/vi/d/{n}.json")).1)
        .collect();
    assert!(docs.contains("Bài A sửa"), "stale search documents");
    assert!(!docs.contains("\"Bài A\""), "stale search documents");
    // Files no edit can change are not held up.
    let (status, _) = get(addr, "/__loa/reload.js");
    assert_eq!(status, 200);
    server.stop();
}

#[test]
fn a_quick_page_that_the_full_build_refuses_is_taken_back() {
    let p = news_portal(3);
    p.file(
        "content/tin-tuc/b.md",
        "---\ntitle: \"Bài B\"\ndate: 2026-01-01\n---\nBài B.\n",
    );
    let server = start(&p);
    let addr = server.addr();
    let mut events = Events::open(addr);
    // The page renders on its own, but its new URL is taken by another page:
    // only the whole site shows that.
    p.file(
        "content/tin-tuc/a.md",
        "---\ntitle: \"Bài A\"\nslug: b\ndate: 2026-03-01\n---\nNội dung trùng địa chỉ.\n",
    );
    // The quick page is announced with a reload; the failed build then
    // sends its problems and, since a quick page was shown, a reload ...
    events.wait_for("event: reload");
    events.wait_for("event: problems");
    events.wait_for("event: reload");
    // ... and once the rebuild fails, the last good site is back, with the errors over it.
    let page = poll_until(addr, "/tin-tuc/a/", "loa-overlay\" role=\"alert\"");
    assert!(page.contains("Nội dung đầu tiên."), "{page}");
    assert!(!page.contains("Nội dung trùng địa chỉ."), "{page}");
    // Fixing it shows the edit.
    p.file(
        "content/tin-tuc/a.md",
        "---\ntitle: \"Bài A\"\ndate: 2026-03-01\n---\nĐã sửa.\n",
    );
    poll_until_clean(addr, "/tin-tuc/a/", "Đã sửa.");
    server.stop();
}

/// Sends `head` (request line and headers, without the blank line) and
/// returns the status code and the whole response.
fn raw(addr: SocketAddr, head: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    write!(s, "{head}\r\nConnection: close\r\n\r\n").expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, text)
}

#[test]
fn requests_for_another_host_are_refused() {
    let p = portal();
    let server = start(&p);
    let addr = server.addr();
    let port = addr.port();
    // DNS rebinding: the browser connects to 127.0.0.1 but asks for the
    // attacker's name. Pages, scripts and the event stream alike.
    for path in ["/tin-tuc/a/", "/__loa/reload.js", EVENTS_PATH, "/"] {
        for host in [
            format!("evil.example:{port}"),
            format!("EVIL.example.:{port}"),
            "evil.example".to_string(),
            format!("127.0.0.1:{}", port.wrapping_add(1)),
            format!("localhost.evil.example:{port}"),
        ] {
            let (status, text) = raw(addr, &format!("GET {path} HTTP/1.1\r\nHost: {host}"));
            assert_eq!(status, 403, "{path} for {host}: {text}");
            assert!(text.contains("DNS rebinding"), "{text}");
            assert!(!text.contains("Nội dung đầu tiên."), "{text}");
        }
    }
    // Two Host headers are not guessed between.
    let (status, _) = raw(
        addr,
        &format!("GET /tin-tuc/a/ HTTP/1.1\r\nHost: {addr}\r\nHost: evil.example:{port}"),
    );
    assert_eq!(status, 400);
    // The names of this server are answered, in any letter case, with a
    // final dot; HTTP/1.0 without Host reads pages.
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LocalHost.:{port}"),
    ] {
        let (status, text) = raw(addr, &format!("GET /tin-tuc/a/ HTTP/1.1\r\nHost: {host}"));
        assert_eq!(status, 200, "{host}: {text}");
        assert!(text.contains("Nội dung đầu tiên."), "{text}");
    }
    let (status, text) = raw(addr, "GET /tin-tuc/a/ HTTP/1.0");
    assert_eq!(status, 200, "{text}");
    server.stop();
}

#[test]
fn serving_on_the_network_is_said_and_editing_there_needs_a_flag() {
    let p = portal();
    let opts = ServeOptions {
        root: p.root(),
        bind: [0, 0, 0, 0].into(),
        port: 0,
        drafts: false,
        verbose: false,
        base_path: None,
        editor: true,
        allow_remote_editing: false,
    };
    let err = Server::start(&opts).err().expect("refused").to_string();
    assert!(err.contains("--allow-remote-editing"), "{err}");

    // The binary: exits non-zero with the reason, before listening.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_loa"))
        .args([
            "serve", "--bind", "0.0.0.0", "--port", "0", "--editor", "--root",
        ])
        .arg(p.root())
        .output()
        .expect("run loa");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("--allow-remote-editing"), "{stderr}");
    assert!(stderr.contains("anyone on the network"), "{stderr}");

    // Without --editor the preview starts and warns that it is visible.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_loa"))
        .args(["serve", "--bind", "0.0.0.0", "--port", "0", "--root"])
        .arg(p.root())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run loa");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut seen = Vec::new();
    let deadline = Instant::now() + PATIENCE;
    while Instant::now() < deadline {
        match rx.recv_timeout(Duration::from_millis(100)) {
            Ok(line) => {
                let warned = line.contains("warning: listening on 0.0.0.0");
                seen.push(line);
                if warned {
                    break;
                }
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        seen.iter()
            .any(|l| l.contains("warning: listening on 0.0.0.0") && l.contains("other computers")),
        "{seen:?}"
    );
}

/// Reads one response from a connection that stays open: the status and
/// the body (by its Content-Length). `None` when nothing whole came within
/// the socket's read timeout.
fn read_kept_alive(s: &mut TcpStream) -> Option<(u16, String)> {
    let mut raw = Vec::new();
    let mut byte = [0u8; 1];
    while !raw.ends_with(b"\r\n\r\n") {
        match s.read(&mut byte) {
            Ok(1) => raw.push(byte[0]),
            _ => return None,
        }
    }
    let head = String::from_utf8_lossy(&raw).into_owned();
    let status = head.split(' ').nth(1)?.parse().ok()?;
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or_else(|| panic!("no Content-Length: {head}"));
    let mut body = vec![0u8; length];
    s.read_exact(&mut body).ok()?;
    Some((status, String::from_utf8_lossy(&body).into_owned()))
}

/// Regression (the editor's browser test hung 1 run in 3 on `page.goto`):
/// a browser opens several connections at once for a page's styles and
/// scripts and keeps them open between requests, beside a tab's event
/// stream. tiny_http gave each connection to a thread of a pool that could
/// leave a connection of such a burst queued behind ones that never close,
/// its request unread. Every connection must be answered, and still after
/// a save.
#[test]
fn every_connection_of_a_burst_is_answered_while_others_stay_open() {
    let p = portal();
    let server = start(&p);
    let addr = server.addr();
    let mut events = Events::open(addr);
    let mut open: Vec<TcpStream> = Vec::new();
    let ask_a_burst = |open: &mut Vec<TcpStream>, needle: &str| {
        // Connected all at once before any asks, as a browser does.
        let burst: Vec<TcpStream> = (0..8)
            .map(|_| TcpStream::connect(addr).expect("connect"))
            .collect();
        open.extend(burst);
        for (i, s) in open.iter_mut().enumerate() {
            s.set_read_timeout(Some(PATIENCE)).expect("timeout");
            write!(s, "GET /tin-tuc/a/ HTTP/1.1\r\nHost: {addr}\r\n\r\n").expect("send");
            let answer = read_kept_alive(s);
            let Some((status, body)) = answer else {
                panic!("connection {i} of {} got no answer", open.len());
            };
            assert_eq!(status, 200, "{body}");
            assert!(body.contains(needle), "{body}");
        }
    };
    for _ in 0..4 {
        ask_a_burst(&mut open, "Nội dung đầu tiên.");
    }
    p.page("content/tin-tuc/a.md", "Bài A", "Nội dung đã sửa.");
    events.wait_for("event: reload");
    ask_a_burst(&mut open, "Nội dung đã sửa.");
    let (status, page) = get(addr, "/tin-tuc/a/");
    assert_eq!(status, 200, "{page}");
    server.stop();
}

/// A page elsewhere cannot take the preview's threads: past
/// `MAX_CONNECTIONS` open at once a connection is answered 503 and closed,
/// and once those close the preview answers again.
#[test]
fn connections_past_the_limit_are_refused_until_others_close() {
    let p = portal();
    let server = start(&p);
    let addr = server.addr();
    let held: Vec<TcpStream> = (0..loa::serve::MAX_CONNECTIONS)
        .map(|_| TcpStream::connect(addr).expect("connect"))
        .collect();
    // Accepted in order: this one comes after every held one has its place.
    let mut over = TcpStream::connect(addr).expect("connect");
    over.set_read_timeout(Some(PATIENCE)).expect("timeout");
    let mut answer = String::new();
    over.read_to_string(&mut answer).expect("read");
    assert!(answer.starts_with("HTTP/1.1 503 "), "{answer}");
    drop(held);
    let started = std::time::Instant::now();
    loop {
        let (status, page) = raw(addr, &format!("GET /tin-tuc/a/ HTTP/1.1\r\nHost: {addr}"));
        if status == 200 {
            assert!(page.contains("Nội dung đầu tiên."), "{page}");
            break;
        }
        assert!(started.elapsed() < PATIENCE, "still refused: {page}");
        std::thread::sleep(Duration::from_millis(50));
    }
    server.stop();
}

/// Requests the server cannot read get a status saying why, and it goes on
/// answering: no request line, an HTTP/2 line, a header line longer than
/// the limit, a body without its length, a body over the limit.
#[test]
fn malformed_requests_are_refused_and_the_server_goes_on() {
    let p = portal();
    let server = start(&p);
    let addr = server.addr();
    let long = "x".repeat(100 << 10);
    for (head, status) in [
        ("GET\r\nHost: x".to_string(), 400),
        (format!("GET /tin-tuc/a/ HTTP/2.0\r\nHost: {addr}"), 505),
        (
            format!("GET /tin-tuc/a/ HTTP/1.1\r\nHost: {addr}\r\nX-Long: {long}"),
            431,
        ),
        (
            format!("POST /x HTTP/1.1\r\nHost: {addr}\r\nTransfer-Encoding: chunked"),
            411,
        ),
        (
            format!("POST /x HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 999999999999"),
            413,
        ),
    ] {
        let (got, text) = raw(addr, &head);
        assert_eq!(got, status, "{}: {text}", &head[..head.len().min(60)]);
    }
    let (status, page) = get(addr, "/tin-tuc/a/");
    assert_eq!(status, 200, "{page}");
    server.stop();
}
