//! HTTP/1.1 on the wire for the preview: a thread per connection, reading
//! requests one after another and writing each answer in whole.
//!
//! A browser keeps its connections open between requests and opens several
//! at once (a page's styles and scripts, beside a tab's event stream).
//! tiny_http, used before, handed connections to a thread pool whose
//! bookkeeping could leave one of such a burst queued behind connections
//! that never close: its request sat unread and the page never loaded. Here
//! every accepted connection gets its own thread at once, so none waits for
//! another (`tests/it/serve.rs` opens such bursts).

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The longest request head (request line and headers) read.
const MAX_HEAD: usize = 64 << 10;

/// The largest request body read: a photo from a phone, base64-encoded,
/// sent to the editor's API.
pub(crate) const MAX_BODY: u64 = 64 << 20;

/// How often a connection waiting for its next request looks at the stop flag.
const POLL: Duration = Duration::from_millis(500);

/// An idle kept-alive connection is closed after this long (a browser opens
/// a new one when it needs it).
const IDLE: Duration = Duration::from_secs(300);

/// How long a started request may take to arrive in whole.
const SLOW: Duration = Duration::from_secs(60);

/// Connections served at once. A browser opens six per host and a few
/// hundred in all; a page elsewhere that opens more (each costs a thread
/// here) gets refusals past this, not a preview server out of threads.
pub const MAX_CONNECTIONS: usize = 256;

/// A request as read from the wire.
#[derive(Debug)]
pub(crate) struct Request {
    /// `GET`, `POST`…, as sent (methods are case-sensitive).
    pub method: String,
    /// The request target (`/tin-tuc/?q=1`).
    pub url: String,
    /// Header names and values in the order sent.
    pub headers: Vec<(String, String)>,
    /// The body (empty without a Content-Length).
    pub body: Vec<u8>,
}

impl Request {
    /// The values of every header called `name` (any letter case).
    pub fn header_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A whole response: status, headers and body (its length is added when sent).
#[derive(Debug)]
pub(crate) struct Reply {
    /// The status code.
    pub status: u16,
    /// Headers other than Content-Length and Connection.
    pub headers: Vec<(String, String)>,
    /// The body; not sent for HEAD.
    pub body: Vec<u8>,
}

impl Reply {
    /// A response with no headers yet.
    pub fn new(status: u16, body: Vec<u8>) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body,
        }
    }

    /// Adds a header; a name or value that could break the head (not
    /// printable ASCII, or a line break) is left out.
    pub fn with_header(mut self, name: &str, value: &str) -> Reply {
        let printable = |s: &str| s.bytes().all(|b| (0x20..0x7f).contains(&b) || b == b'\t');
        if !name.is_empty()
            && !name.contains([':', ' ', '\t'])
            && printable(name)
            && printable(value)
        {
            self.headers.push((name.to_string(), value.to_string()));
        }
        self
    }
}

/// What the site's handler made of a request.
pub(crate) enum Handled {
    /// Send this and go on with the connection.
    Reply(Reply),
    /// The connection becomes this event stream (see `http::stream_events`).
    Events,
}

/// A bound listening socket.
pub(crate) struct Listener {
    listener: TcpListener,
    addr: SocketAddr,
}

impl Listener {
    /// Binds `addr` (port 0: one the system chooses).
    pub fn bind(addr: SocketAddr) -> std::io::Result<Listener> {
        let listener = TcpListener::bind(addr)?;
        let addr = listener.local_addr()?;
        Ok(Listener { listener, addr })
    }

    /// The address bound, with the port chosen.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Accepts connections until `stop` is set (see [`wake`]), answering
    /// each on a thread of its own with `site`.
    pub fn run<F>(self, stop: &Arc<AtomicBool>, site: Arc<F>)
    where
        F: Fn(&Request, &mut TcpStream) -> Handled + Send + Sync + 'static,
    {
        let open = Arc::new(AtomicUsize::new(0));
        for conn in self.listener.incoming() {
            if stop.load(Ordering::Relaxed) {
                break;
            }
            let Ok(stream) = conn else {
                // A connection that failed before it was accepted (reset by
                // the client, or no file descriptors left for a moment).
                std::thread::sleep(Duration::from_millis(10));
                continue;
            };
            let Some(slot) = Slot::take(&open) else {
                // Answered here, on the accepting thread: a few bytes, which
                // the socket's buffer takes without waiting for the client.
                let mut out = stream;
                let _ = out.set_write_timeout(Some(POLL));
                let busy = Reply::new(
                    503,
                    b"too many connections to the preview at once\n".to_vec(),
                )
                .with_header("Content-Type", "text/plain; charset=utf-8");
                let _ = send(&mut out, busy, false, false);
                continue;
            };
            let (stop, site) = (Arc::clone(stop), Arc::clone(&site));
            // Without a thread to be had the closure, its connection and its
            // slot are dropped: the connection closes, the slot is freed.
            let _ = std::thread::Builder::new().spawn(move || {
                let _slot = slot;
                serve_connection(stream, &stop, &*site);
            });
        }
    }
}

/// One of the [`MAX_CONNECTIONS`] places, held while its connection is
/// served and freed when dropped (also when a handler panics).
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(open: &Arc<AtomicUsize>) -> Option<Slot> {
        let taken = open.fetch_add(1, Ordering::AcqRel);
        if taken >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::AcqRel);
            return None;
        }
        Some(Slot(Arc::clone(open)))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Wakes a [`Listener::run`] blocked in accept (after `stop` was set) by
/// connecting to it: an unspecified address (0.0.0.0) is reached through
/// loopback. False when it could not be reached.
pub(crate) fn wake(addr: SocketAddr) -> bool {
    let mut to = addr;
    if to.ip().is_unspecified() {
        to.set_ip(match to {
            SocketAddr::V4(_) => [127, 0, 0, 1].into(),
            SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    TcpStream::connect_timeout(&to, Duration::from_secs(2)).is_ok()
}

/// Why a request could not be read.
enum Unread {
    /// The client closed the connection, went quiet, or the server stops.
    Gone,
    /// A malformed or refused request: answer this, then close.
    Bad(Reply),
}

/// Reads and answers requests on one connection until either side closes it.
fn serve_connection<F>(stream: TcpStream, stop: &AtomicBool, site: &F)
where
    F: Fn(&Request, &mut TcpStream) -> Handled,
{
    // Answers are written in whole, so nothing is gained by waiting to
    // fill a packet.
    let _ = stream.set_nodelay(true);
    let Ok(mut out) = stream.try_clone() else {
        return;
    };
    let _ = out.set_write_timeout(Some(SLOW));
    let mut input = BufReader::new(stream);
    loop {
        let (request, keep_alive) = match read_request(&mut input, &mut out, stop) {
            Ok(r) => r,
            Err(Unread::Gone) => return,
            Err(Unread::Bad(reply)) => {
                let _ = send(&mut out, reply, false, false);
                linger(input, &out);
                return;
            }
        };
        match site(&request, &mut out) {
            Handled::Reply(reply) => {
                let head_only = request.method == "HEAD";
                if send(&mut out, reply, head_only, keep_alive).is_err() || !keep_alive {
                    return;
                }
            }
            // The stream ended: its connection is not used again.
            Handled::Events => return,
        }
    }
}

/// Closes after a refusal without losing it: closing a socket that still
/// holds unread bytes resets the connection, and the client may then never
/// see the answer. So the sending side is shut and what the client still
/// sends is read and dropped, for a little while.
fn linger(mut input: BufReader<TcpStream>, out: &TcpStream) {
    let _ = out.shutdown(std::net::Shutdown::Write);
    let _ = input.get_ref().set_read_timeout(Some(POLL));
    let _ = std::io::copy(
        &mut input.by_ref().take(MAX_HEAD as u64 * 16),
        &mut std::io::sink(),
    );
}

/// Reads the next request and whether the connection stays open after it.
fn read_request(
    input: &mut BufReader<TcpStream>,
    out: &mut TcpStream,
    stop: &AtomicBool,
) -> Result<(Request, bool), Unread> {
    let head = read_head(input, stop)?;
    let (method, url, version, headers) = parse_head(&head)?;
    let has = |name: &str, token: &str| {
        headers.iter().any(|(n, v)| {
            n.eq_ignore_ascii_case(name)
                && v.split(',').any(|t| t.trim().eq_ignore_ascii_case(token))
        })
    };
    let keep_alive = if version == "HTTP/1.1" {
        !has("Connection", "close")
    } else {
        has("Connection", "keep-alive")
    };
    if headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("Transfer-Encoding"))
    {
        return Err(bad(
            411,
            "a request body must be sent with a Content-Length (chunked bodies are not read)",
        ));
    }
    let length = content_length(&headers)?;
    if length > MAX_BODY {
        return Err(bad(413, "the request is larger than 64 MB"));
    }
    if length > 0 && has("Expect", "100-continue") {
        out.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
            .map_err(|_| Unread::Gone)?;
    }
    let body = read_body(input, length)?;
    Ok((
        Request {
            method,
            url,
            headers,
            body,
        },
        keep_alive,
    ))
}

/// A refusal with a plain-text reason.
fn bad(status: u16, why: &str) -> Unread {
    Unread::Bad(
        Reply::new(status, format!("{why}\n").into_bytes())
            .with_header("Content-Type", "text/plain; charset=utf-8"),
    )
}

/// The request line and headers, up to the blank line that ends them.
/// Blank lines before a request are skipped, as RFC 9112 allows.
fn read_head(input: &mut BufReader<TcpStream>, stop: &AtomicBool) -> Result<Vec<u8>, Unread> {
    let _ = input.get_ref().set_read_timeout(Some(POLL));
    let waiting = Instant::now();
    let mut started: Option<Instant> = None;
    let mut head = Vec::new();
    let mut line = Vec::new();
    loop {
        // Never more than the limit in memory, however long a line is sent.
        let room = MAX_HEAD.saturating_sub(head.len() + line.len());
        if room == 0 {
            return Err(bad(431, "the request's headers are larger than 64 KB"));
        }
        match input
            .by_ref()
            .take(room as u64)
            .read_until(b'\n', &mut line)
        {
            Ok(0) => return Err(Unread::Gone),
            Ok(_) if line.ends_with(b"\n") => {
                let blank = line == b"\n" || line == b"\r\n";
                if blank && !head.is_empty() {
                    return Ok(head);
                }
                if !blank {
                    started.get_or_insert_with(Instant::now);
                    head.append(&mut line);
                }
                line.clear();
            }
            // The rest of the line comes with the next read.
            Ok(_) => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                if !line.is_empty() {
                    started.get_or_insert_with(Instant::now);
                }
                if stop.load(Ordering::Relaxed) {
                    return Err(Unread::Gone);
                }
                let quiet = match started {
                    Some(t) => t.elapsed() > SLOW,
                    None => waiting.elapsed() > IDLE,
                };
                if quiet {
                    return Err(Unread::Gone);
                }
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return Err(Unread::Gone),
        }
    }
}

type Head = (String, String, String, Vec<(String, String)>);

/// The most headers a request may have (browsers send about 20).
const MAX_HEADERS: usize = 100;

/// Splits a head into method, target, version and headers, with httparse
/// (hyper's parser): strict about what RFC 9112 refuses (spaces before a
/// header's colon, folded lines, control characters), which is what
/// request smuggling hides in.
fn parse_head(head: &[u8]) -> Result<Head, Unread> {
    let line = "the request line is not `METHOD /path HTTP/1.1`";
    // `read_head` stops before the blank line that ends a head.
    let mut whole = Vec::with_capacity(head.len() + 2);
    whole.extend_from_slice(head);
    whole.extend_from_slice(b"\r\n");
    let mut slots = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut req = httparse::Request::new(&mut slots);
    match req.parse(&whole) {
        Ok(httparse::Status::Complete(_)) => {}
        Ok(httparse::Status::Partial) => return Err(bad(400, line)),
        Err(httparse::Error::Version) => {
            return Err(bad(505, "this server speaks HTTP/1.0 and HTTP/1.1"));
        }
        Err(httparse::Error::TooManyHeaders) => {
            return Err(bad(431, "the request has more than 100 headers"));
        }
        Err(httparse::Error::HeaderName | httparse::Error::HeaderValue) => {
            return Err(bad(400, "a request header is malformed"));
        }
        Err(_) => return Err(bad(400, line)),
    }
    let (Some(method), Some(url), Some(minor)) = (req.method, req.path, req.version) else {
        return Err(bad(400, line));
    };
    if url.is_empty() {
        return Err(bad(400, line));
    }
    let mut headers = Vec::with_capacity(req.headers.len());
    for h in req.headers.iter() {
        let Ok(value) = std::str::from_utf8(h.value) else {
            return Err(bad(400, "a request header is not UTF-8 text"));
        };
        headers.push((h.name.to_string(), value.trim().to_string()));
    }
    Ok((
        method.to_string(),
        url.to_string(),
        format!("HTTP/1.{minor}"),
        headers,
    ))
}

/// The body's length: 0 without Content-Length; differing or unreadable
/// lengths are refused (they would leave the next request's start unknown).
fn content_length(headers: &[(String, String)]) -> Result<u64, Unread> {
    let mut length = None;
    for (_, v) in headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("Content-Length"))
    {
        let n: u64 = v
            .parse()
            .map_err(|_| bad(400, "the Content-Length is not a number"))?;
        if length.is_some_and(|l| l != n) {
            return Err(bad(400, "two different Content-Length headers"));
        }
        length = Some(n);
    }
    Ok(length.unwrap_or(0))
}

/// Reads `length` bytes of body.
fn read_body(input: &mut BufReader<TcpStream>, length: u64) -> Result<Vec<u8>, Unread> {
    if length == 0 {
        return Ok(Vec::new());
    }
    let _ = input.get_ref().set_read_timeout(Some(SLOW));
    let mut body = Vec::new();
    let read = input.by_ref().take(length).read_to_end(&mut body);
    match read {
        Ok(_) if body.len() as u64 == length => Ok(body),
        _ => Err(Unread::Gone),
    }
}

/// Writes a reply in whole; `Connection: close` tells the client when the
/// connection ends with it.
fn send(
    out: &mut TcpStream,
    reply: Reply,
    head_only: bool,
    keep_alive: bool,
) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", reply.status, reason(reply.status));
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n", reply.body.len()));
    if !keep_alive {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    if !head_only {
        bytes.extend_from_slice(&reply.body);
    }
    out.write_all(&bytes)?;
    out.flush()
}

/// The reason phrase of the status codes this server sends.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        411 => "Length Required",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Status",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(head: &str) -> Result<Head, u16> {
        parse_head(head.as_bytes()).map_err(|e| match e {
            Unread::Bad(r) => r.status,
            Unread::Gone => 0,
        })
    }

    #[test]
    fn a_request_head_is_split_into_its_parts() {
        let (method, url, version, headers) =
            parsed("GET /tin-tuc/?q=1 HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nX-A:  b \r\n").unwrap();
        assert_eq!(
            (method.as_str(), url.as_str(), version.as_str()),
            ("GET", "/tin-tuc/?q=1", "HTTP/1.1")
        );
        assert_eq!(
            headers,
            [
                ("Host".to_string(), "127.0.0.1:8000".to_string()),
                ("X-A".to_string(), "b".to_string())
            ]
        );
    }

    #[test]
    fn malformed_heads_are_refused_with_a_status() {
        for (head, status) in [
            ("GET /\r\n", 400),
            ("GET  / HTTP/1.1\r\n", 400),
            ("G(T / HTTP/1.1\r\n", 400),
            ("GET / HTTP/2.0\r\n", 505),
            ("GET / FTP/1.0\r\n", 505),
            ("GET / HTTP/1.1\r\nHost 127.0.0.1\r\n", 400),
            ("GET / HTTP/1.1\r\nHost : x\r\n", 400),
            ("GET / HTTP/1.1\r\n folded: x\r\n", 400),
            ("GET / HTTP/1.1\r\nX: a\u{1}b\r\n", 400),
        ] {
            assert_eq!(parsed(head).err(), Some(status), "{head:?}");
        }
        assert!(
            matches!(parse_head(b"GET /\xff HTTP/1.1\r\n"), Err(Unread::Bad(r)) if r.status == 400)
        );
    }

    #[test]
    fn content_lengths_must_agree() {
        let h = |v: &[&str]| -> Vec<(String, String)> {
            v.iter()
                .map(|v| ("Content-Length".to_string(), v.to_string()))
                .collect()
        };
        assert_eq!(content_length(&h(&[])).ok(), Some(0));
        assert_eq!(content_length(&h(&["12", "12"])).ok(), Some(12));
        assert!(content_length(&h(&["12", "13"])).is_err());
        assert!(content_length(&h(&["-1"])).is_err());
        assert!(content_length(&h(&["99999999999999999999999"])).is_err());
    }

    #[test]
    fn header_values_that_would_break_the_head_are_left_out() {
        let r = Reply::new(200, Vec::new())
            .with_header("Location", "/a\r\nSet-Cookie: x")
            .with_header("Location", "/tin-tức/")
            .with_header("Bad Name", "x")
            .with_header("Location", "/tin-t%E1%BB%A9c/");
        assert_eq!(
            r.headers,
            [("Location".to_string(), "/tin-t%E1%BB%A9c/".to_string())]
        );
    }
}
