//! A tiny static file server on 127.0.0.1 for browser tests: GET only,
//! folders serve index.html, anything else is 404. It stops with the test
//! process.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::PathBuf;

/// Serves `root` on a free port; returns the base URL (`http://127.0.0.1:N`).
pub fn serve(root: PathBuf) -> String {
    serve_under(root, "/")
}

/// Serves `root` under the path `prefix` (`/xkld/`), as a host serving a
/// project site does: anything outside the prefix is 404.
pub fn serve_under(root: PathBuf, prefix: &str) -> String {
    let prefix = prefix.to_string();
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            let prefix = prefix.clone();
            std::thread::spawn(move || {
                let mut stream = stream;
                let mut line = String::new();
                let mut reader = BufReader::new(stream.try_clone().expect("clone"));
                if reader.read_line(&mut line).is_err() {
                    return;
                }
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).map_or(true, |n| n == 0) || h == "\r\n" {
                        break;
                    }
                }
                let target = line.split_whitespace().nth(1).unwrap_or("/");
                let path = target.split('?').next().unwrap_or("/");
                let decoded = percent_decode(path);
                let inside = decoded
                    .strip_prefix(prefix.as_str())
                    .or_else(|| (format!("{decoded}/") == prefix).then_some(""));
                let Some(inside) = inside else {
                    let _ = stream.write_all(
                        b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                    );
                    return;
                };
                let mut file = root.join(inside);
                if decoded.ends_with('/') || inside.is_empty() {
                    file = file.join("index.html");
                }
                let (status, body) = match (decoded.contains(".."), std::fs::read(&file)) {
                    (false, Ok(b)) => ("200 OK", b),
                    _ => ("404 Not Found", b"not found".to_vec()),
                };
                let mime = match file.extension().and_then(|e| e.to_str()) {
                    Some("html") => "text/html; charset=utf-8",
                    Some("css") => "text/css",
                    Some("js") => "text/javascript",
                    Some("json") => "application/json",
                    Some("xml") => "application/xml",
                    Some("ics") => "text/calendar",
                    _ => "application/octet-stream",
                };
                let head = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&body);
            });
        }
    });
    format!("http://{addr}")
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The DOM of `url` after its scripts ran, from headless Chromium.
pub fn dump_dom(url: &str) -> String {
    let profile = tempfile::tempdir().expect("profile dir");
    let out = std::process::Command::new("chromium")
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--virtual-time-budget=8000"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(url)
        .output()
        .unwrap_or_else(|e| panic!("cannot run chromium ({e}); install it with `apt-get install chromium` (.ci/run does)"));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// GET `path` from a server on `addr` with a plain HTTP/1.1 request (its
/// own address as Host); returns the status code and the whole response,
/// headers and body.
pub fn get(addr: std::net::SocketAddr, path: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .expect("timeout");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
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
