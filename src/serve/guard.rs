//! Who the preview server answers.
//!
//! The preview runs next to a browser that visits every other site all day,
//! so two kinds of request must be refused:
//!
//! - **DNS rebinding.** A page on `evil.example` makes its own name resolve
//!   to 127.0.0.1; the browser then treats loa's answers as that site's own
//!   and lets the page read them. Such requests carry `Host: evil.example`,
//!   so every request (pages too) must name an address loa serves on.
//! - **Cross-site requests.** Any page may send a "simple" POST
//!   (`text/plain`, no preflight) to 127.0.0.1; the browser sends it even
//!   though the page cannot read the answer, and a write needs no answer.
//!   The editor API therefore wants its own origin (from `Origin`, or
//!   `Referer` without one), a JSON body (which a foreign page can send only
//!   after a preflight loa never approves) and a secret made at start-up
//!   that only the `/admin/` page of this run is given.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The header the editor sends the run's secret in.
pub const TOKEN_HEADER: &str = "X-Loa-Token";

/// Why a request is refused, and with which status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub status: u16,
    pub message: String,
}

fn refuse(status: u16, message: impl Into<String>) -> Refusal {
    Refusal {
        status,
        message: message.into(),
    }
}

/// The headers of a request that the checks read (each `None` when absent).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Seen<'a> {
    /// `Host`; `Err(())` when the request has more than one.
    pub host: Result<Option<&'a str>, ()>,
    pub origin: Option<&'a str>,
    pub referer: Option<&'a str>,
    pub sec_fetch_site: Option<&'a str>,
    pub content_type: Option<&'a str>,
    pub token: Option<&'a str>,
}

impl Default for Seen<'_> {
    fn default() -> Self {
        Seen {
            host: Ok(None),
            origin: None,
            referer: None,
            sec_fetch_site: None,
            content_type: None,
            token: None,
        }
    }
}

/// The addresses and secret of one server run.
#[derive(Debug, Clone)]
pub(crate) struct Guard {
    bind: IpAddr,
    port: u16,
    token: String,
}

impl Guard {
    /// A guard for a server listening on `bind`:`port`, with a fresh secret.
    pub fn new(bind: IpAddr, port: u16) -> Result<Guard, super::ServeError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(super::ServeError::Random)?;
        let token = bytes.iter().map(|b| format!("{b:02x}")).collect();
        Ok(Guard { bind, port, token })
    }

    /// The secret the `/admin/` page is given.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// Whether a request may be answered at all. A request without `Host`
    /// (HTTP/1.0) may read pages: a browser always sends one, so it cannot
    /// come from a rebinding attack.
    pub fn host(&self, seen: &Seen<'_>) -> Result<(), Refusal> {
        match seen.host {
            Err(()) => Err(refuse(400, "more than one Host header")),
            Ok(None) => Ok(()),
            Ok(Some(h)) if self.serves(h) => Ok(()),
            Ok(Some(h)) => Err(refuse(
                403,
                format!(
                    "loa serve answers only requests addressed to itself (such as 127.0.0.1:{port} or localhost:{port}), not to `{h}`: a page of another site may have pointed its own name at this computer (DNS rebinding). Open the preview at the address loa printed.",
                    port = self.port
                ),
            )),
        }
    }

    /// Whether `host` (a `Host` header) names this server.
    fn serves(&self, host: &str) -> bool {
        let Some((name, port)) = authority(host) else {
            return false;
        };
        if port != self.port {
            return false;
        }
        if name == "localhost" {
            return true;
        }
        let Some(ip) = ip_literal(&name) else {
            // A DNS name: the one thing a rebinding attack controls.
            return false;
        };
        // Bound to every interface, the machine's own addresses are not
        // knowable without asking the OS for each interface (and they change
        // with the network); an IP literal cannot be rebound, so any is taken.
        self.bind.is_unspecified()
            || ip == self.bind
            || ip == IpAddr::V4(Ipv4Addr::LOCALHOST)
            || ip == IpAddr::V6(Ipv6Addr::LOCALHOST)
    }

    /// Whether a request may use the editor API (after [`Guard::host`]).
    pub fn api(&self, seen: &Seen<'_>) -> Result<(), Refusal> {
        let Ok(Some(host)) = seen.host else {
            return Err(refuse(
                403,
                "the editor API needs a request with one Host header",
            ));
        };
        let own = authority(host).ok_or_else(|| refuse(403, "unreadable Host header"))?;
        // Defence in depth: a browser that says the request comes from
        // another site is believed even if the headers below looked right.
        if let Some(site) = seen.sec_fetch_site {
            if !site.trim().eq_ignore_ascii_case("same-origin") {
                return Err(refuse(
                    403,
                    format!(
                        "the editor API answers only the editor page of this preview (Sec-Fetch-Site: {site})"
                    ),
                ));
            }
        }
        let from = match (seen.origin, seen.referer) {
            (Some(o), _) => o,
            (None, Some(r)) => r,
            (None, None) => {
                return Err(refuse(
                    403,
                    "the editor API answers only the editor page of this preview (the request has neither Origin nor Referer)",
                ));
            }
        };
        if origin_of(from).as_ref() != Some(&own) {
            return Err(refuse(
                403,
                format!(
                    "the editor API answers only the editor page of this preview (http://{host}), not a page of `{from}`"
                ),
            ));
        }
        let token_ok = seen
            .token
            .is_some_and(|t| same_secret(t.trim().as_bytes(), self.token.as_bytes()));
        if !token_ok {
            return Err(refuse(
                403,
                format!(
                    "the editor API needs the {TOKEN_HEADER} of this run, which /admin/ is given: reload the editor page (loa serve may have been restarted)"
                ),
            ));
        }
        let json = seen.content_type.is_some_and(|c| {
            c.split(';')
                .next()
                .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
        });
        if !json {
            return Err(refuse(415, "the editor API takes only application/json"));
        }
        Ok(())
    }
}

/// `(host, port)` of an authority (`LocalHost.:8000` -> `("localhost",
/// 8000)`, `[::1]:80` -> `("[::1]", 80)`), port 80 when left out; `None`
/// for anything else (user info, an unbracketed IPv6 address, a bad port).
fn authority(text: &str) -> Option<(String, u16)> {
    let text = text.trim();
    let (name, port) = if text.starts_with('[') {
        let end = text.find(']')?;
        let rest = &text[end + 1..];
        let port = match rest {
            "" => None,
            r => Some(r.strip_prefix(':')?),
        };
        (&text[..=end], port)
    } else {
        match text.split_once(':') {
            Some((n, p)) => (n, Some(p)),
            None => (text, None),
        }
    };
    let port = match port {
        None => 80,
        Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => p.parse().ok()?,
        Some(_) => return None,
    };
    let name = name.to_ascii_lowercase();
    let name = name.strip_suffix('.').unwrap_or(&name);
    if name.is_empty() || name.contains(['@', '/', '\\', '?', '#', ' ']) {
        return None;
    }
    Some((name.to_string(), port))
}

/// The address an IP-literal host names (`127.0.0.1`, `[::1]`).
fn ip_literal(name: &str) -> Option<IpAddr> {
    match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        Some(v6) => v6.parse::<Ipv6Addr>().ok().map(IpAddr::V6),
        None => name.parse::<Ipv4Addr>().ok().map(IpAddr::V4),
    }
}

/// The origin of an `Origin` or `Referer` value, as `(host, port)`; only
/// `http:` (the preview's own scheme) has one here.
fn origin_of(url: &str) -> Option<(String, u16)> {
    let url = url.trim();
    let scheme = url.get(..7)?;
    if !scheme.eq_ignore_ascii_case("http://") {
        return None;
    }
    let rest = &url[7..];
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    authority(&rest[..end])
}

/// Compares secrets in a time that does not depend on where they differ.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard(bind: [u8; 4]) -> Guard {
        Guard::new(IpAddr::from(bind), 8000).unwrap()
    }

    fn host(h: &str) -> Seen<'_> {
        Seen {
            host: Ok(Some(h)),
            ..Seen::default()
        }
    }

    #[test]
    fn hosts_are_this_server_under_its_names() {
        let g = guard([127, 0, 0, 1]);
        for ok in [
            "127.0.0.1:8000",
            "localhost:8000",
            "LOCALHOST.:8000",
            "[::1]:8000",
            " localhost:8000 ",
        ] {
            assert_eq!(g.host(&host(ok)), Ok(()), "{ok}");
        }
        for bad in [
            "evil.example:8000",
            "evil.example",
            "127.0.0.1:8001",
            "127.0.0.1",
            "localhost",
            "192.168.1.5:8000",
            "localhost.evil.example:8000",
            "sub.localhost:8000",
            "127.0.0.1:8000@evil.example",
            "::1:8000",
            "[::1]8000",
            "127.0.0.1:+8000",
            "127.0.0.1:",
            "",
            "0x7f.0.0.1:8000",
            "2130706433:8000",
        ] {
            let r = g.host(&host(bad)).unwrap_err();
            assert_eq!(r.status, 403, "{bad}");
        }
        assert_eq!(g.host(&Seen::default()), Ok(()), "HTTP/1.0 without Host");
        let two = Seen {
            host: Err(()),
            ..Seen::default()
        };
        assert_eq!(g.host(&two).unwrap_err().status, 400);
    }

    #[test]
    fn port_80_may_be_left_out_and_the_bind_address_is_accepted() {
        let g = Guard::new(IpAddr::from([192, 168, 1, 5]), 80).unwrap();
        for ok in ["192.168.1.5", "192.168.1.5:80", "localhost", "127.0.0.1"] {
            assert_eq!(g.host(&host(ok)), Ok(()), "{ok}");
        }
        assert!(g.host(&host("192.168.1.6")).is_err());
        assert!(g.host(&host("printer.lan")).is_err());
    }

    #[test]
    fn bound_everywhere_any_ip_literal_is_taken_but_no_dns_name() {
        let g = guard([0, 0, 0, 0]);
        for ok in ["10.0.0.7:8000", "[fe80::1]:8000", "localhost:8000"] {
            assert_eq!(g.host(&host(ok)), Ok(()), "{ok}");
        }
        for bad in ["10.0.0.7:9000", "my-laptop.local:8000", "evil.example:8000"] {
            assert!(g.host(&host(bad)).is_err(), "{bad}");
        }
    }

    fn api<'a>(g: &'a Guard, origin: Option<&'a str>, referer: Option<&'a str>) -> Seen<'a> {
        Seen {
            host: Ok(Some("127.0.0.1:8000")),
            origin,
            referer,
            sec_fetch_site: None,
            content_type: Some("application/json; charset=utf-8"),
            token: Some(g.token()),
        }
    }

    #[test]
    fn the_api_wants_its_own_origin_the_token_and_json() {
        let g = guard([127, 0, 0, 1]);
        assert_eq!(g.token().len(), 64);
        assert_ne!(
            g.token(),
            guard([127, 0, 0, 1]).token(),
            "a new secret per run"
        );
        let own = Some("http://127.0.0.1:8000");
        assert_eq!(g.api(&api(&g, own, None)), Ok(()));
        assert_eq!(
            g.api(&api(&g, None, Some("http://127.0.0.1:8000/admin/#/"))),
            Ok(())
        );
        for (origin, referer) in [
            (Some("https://evil.example"), None),
            (Some("null"), None),
            (Some("http://localhost:8000"), None),
            (Some("https://127.0.0.1:8000"), None),
            (Some("http://127.0.0.1:8001"), None),
            (None, Some("https://evil.example/page")),
            (None, Some("http://127.0.0.1:8000@evil.example/")),
            (None, None),
            // Origin wins over a Referer that would pass.
            (
                Some("https://evil.example"),
                Some("http://127.0.0.1:8000/admin/"),
            ),
        ] {
            let r = g.api(&api(&g, origin, referer)).unwrap_err();
            assert_eq!(r.status, 403, "{origin:?} {referer:?}");
        }
        let mut s = api(&g, own, None);
        s.sec_fetch_site = Some("cross-site");
        assert_eq!(g.api(&s).unwrap_err().status, 403);
        s.sec_fetch_site = Some("same-site");
        assert_eq!(g.api(&s).unwrap_err().status, 403);
        s.sec_fetch_site = Some("same-origin");
        assert_eq!(g.api(&s), Ok(()));
        let mut s = api(&g, own, None);
        s.token = None;
        assert!(g.api(&s).unwrap_err().message.contains(TOKEN_HEADER));
        let wrong = "0".repeat(64);
        s.token = Some(&wrong);
        assert_eq!(g.api(&s).unwrap_err().status, 403);
        let mut s = api(&g, own, None);
        s.content_type = Some("text/plain");
        assert_eq!(g.api(&s).unwrap_err().status, 415);
        s.content_type = None;
        assert_eq!(g.api(&s).unwrap_err().status, 415);
        s.content_type = Some("Application/JSON");
        assert_eq!(g.api(&s), Ok(()));
        let mut s = api(&g, own, None);
        s.host = Ok(None);
        assert_eq!(g.api(&s).unwrap_err().status, 403);
    }

    #[test]
    fn the_origin_follows_the_host_the_request_came_on() {
        let g = guard([127, 0, 0, 1]);
        let mut s = api(&g, Some("http://localhost:8000"), None);
        s.host = Ok(Some("LocalHost:8000"));
        assert_eq!(g.api(&s), Ok(()));
    }
}
