//! A link checker for built sites, written for the hosting tests.
//!
//! It reads every HTML, XML, CSS, JS, JSON and ICS file of an output folder
//! and gathers every reference the file makes: `href`, `src`, `srcset`,
//! `action`, `poster`, URL-like `data-*` attributes, the target of a
//! `<meta http-equiv="refresh">`, URL strings inside JSON-LD and JSON files,
//! `url()` in CSS, quoted paths in scripts, and every absolute URL on the
//! site's own origin anywhere in a text file (feeds, sitemap, calendar).
//! Each reference is then checked in one of two ways:
//!
//! - [`Mode::Hosted`]: the site is served under its base path by the small
//!   server in `http.rs`, and each reference is resolved the way a browser
//!   would (against the page's URL) and fetched. A root-relative reference
//!   outside the base path fails, because the server answers 404 there.
//! - [`Mode::Offline`]: the site is opened from the disk. Every reference
//!   except links to other sites must be relative, and must name a file
//!   that exists (a folder does not count: `file://` shows no index.html).

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;

use html5gum::{Token, Tokenizer};

/// How the checked site is reached.
pub enum Mode<'a> {
    /// Served over HTTP: `server` is `http://127.0.0.1:N`, `base_path` the
    /// prefix the site lives under (`/xkld/`), `origin` its public origin
    /// (`https://example.org`), whose absolute URLs map onto the server.
    Hosted {
        server: &'a str,
        base_path: &'a str,
        origin: &'a str,
    },
    /// Opened from the disk; `origin` is the public origin whose absolute
    /// URLs are allowed only in machine files (feeds, sitemap, calendars)
    /// and in head metadata (canonical, hreflang, Open Graph, JSON-LD).
    Offline { origin: &'a str },
}

/// A reference found in a file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Reference {
    /// The output file it is in (`tin-tuc/x/index.html`).
    pub file: String,
    /// What kind of place it was found in (`href`, `srcset`, `json`, ...).
    pub kind: String,
    /// The reference as written.
    pub url: String,
}

/// What a check found.
#[derive(Debug, Default)]
pub struct Findings {
    /// References checked (after removing duplicates per file).
    pub checked: usize,
    /// Problems, one line each.
    pub problems: Vec<String>,
    /// Counts per kind of reference, to show the checker saw them.
    pub kinds: BTreeMap<String, usize>,
}

/// Every reference of every checked file under `out`.
pub fn references(out: &Path, origin: &str) -> Vec<Reference> {
    let mut refs = BTreeSet::new();
    for file in list_files(out) {
        let ext = file.rsplit('.').next().unwrap_or("");
        if !matches!(ext, "html" | "xml" | "css" | "js" | "json" | "ics" | "txt") {
            continue;
        }
        let Ok(mut text) = std::fs::read_to_string(out.join(&file)) else {
            continue;
        };
        if ext == "ics" {
            // Unfold the 75-octet lines (RFC 5545 3.1) before reading URLs.
            text = text.replace("\r\n ", "");
        }
        let mut add = |kind: &str, url: String| {
            refs.insert(Reference {
                file: file.clone(),
                kind: kind.to_string(),
                url,
            });
        };
        match ext {
            "html" => html_refs(&text, &mut add),
            "css" => css_refs(&text, &mut add),
            "js" => js_refs(&text, &mut add),
            "json" => {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) {
                    json_refs(&v, &mut |u| add("json", u));
                }
            }
            _ => {}
        }
        for url in absolute_on(&text, origin) {
            add("absolute", url);
        }
    }
    refs.into_iter().collect()
}

/// Absolute URLs on `origin` in any text (up to a quote, `<`, space, ...).
fn absolute_on(text: &str, origin: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(origin) {
        let tail = &rest[at..];
        let end = tail
            .find(|c: char| {
                c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | ')' | '\\' | '&')
            })
            .unwrap_or(tail.len());
        let url = tail[..end].trim_end_matches([',', ';']);
        out.push(url.to_string());
        rest = &tail[end.max(1)..];
    }
    out
}

fn looks_like_url(v: &str) -> bool {
    v.starts_with('/') || v.starts_with("./") || v.starts_with("../") || v.starts_with("http")
}

fn html_refs(html: &str, add: &mut dyn FnMut(&str, String)) {
    let mut in_json_ld = false;
    for token in Tokenizer::new(html).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                let get = |k: &str| {
                    tag.attributes
                        .get(k.as_bytes())
                        .map(|v| String::from_utf8_lossy(v).into_owned())
                };
                in_json_ld =
                    name == "script" && get("type").is_some_and(|t| t == "application/ld+json");
                for (k, v) in tag.attributes.iter() {
                    let k = String::from_utf8_lossy(k).to_ascii_lowercase();
                    let v = String::from_utf8_lossy(v).into_owned();
                    match k.as_str() {
                        "href" if name == "link" => add("link-href", v),
                        "href" | "src" | "action" | "poster" => add(&k, v),
                        "srcset" => {
                            for c in v.split(',') {
                                if let Some(u) = c.split_whitespace().next() {
                                    add("srcset", u.to_string());
                                }
                            }
                        }
                        k if k.starts_with("data-") && looks_like_url(&v) => add("data", v),
                        _ => {}
                    }
                }
                if name == "meta" {
                    let refresh =
                        get("http-equiv").is_some_and(|h| h.eq_ignore_ascii_case("refresh"));
                    if let (true, Some(c)) = (refresh, get("content")) {
                        if let Some((_, u)) = c.split_once("url=") {
                            add("refresh", u.trim().to_string());
                        }
                    }
                    if let Some(c) = get("content").filter(|c| looks_like_url(c)) {
                        add("meta", c);
                    }
                }
            }
            Token::String(s) if in_json_ld => {
                if let Ok(v) =
                    serde_json::from_str::<serde_json::Value>(&String::from_utf8_lossy(&s))
                {
                    json_refs(&v, &mut |u| add("json-ld", u));
                }
            }
            Token::EndTag(_) => in_json_ld = false,
            _ => {}
        }
    }
}

fn json_refs(v: &serde_json::Value, add: &mut dyn FnMut(String)) {
    match v {
        serde_json::Value::String(s) if looks_like_url(s) && !s.contains(' ') => add(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| json_refs(x, add)),
        serde_json::Value::Object(o) => o.values().for_each(|x| json_refs(x, add)),
        _ => {}
    }
}

fn css_refs(css: &str, add: &mut dyn FnMut(&str, String)) {
    for part in css.split("url(").skip(1) {
        let end = part.find(')').unwrap_or(part.len());
        let u = part[..end].trim().trim_matches(['"', '\'']);
        if !u.starts_with("data:") && !u.starts_with('#') {
            add("css", u.to_string());
        }
    }
}

/// Quoted strings in a script that start with `/` and a letter: paths.
fn js_refs(js: &str, add: &mut dyn FnMut(&str, String)) {
    for q in ['"', '\''] {
        for part in js.split(q).skip(1).step_by(2) {
            let b = part.as_bytes();
            if b.len() > 1 && b[0] == b'/' && b[1].is_ascii_alphanumeric() {
                add("js", part.to_string());
            }
        }
    }
}

/// True for references that are not checked: other schemes, other sites,
/// bare fragments, an empty `action` (the page itself).
fn skipped(url: &str, origin: &str) -> bool {
    let u = url.trim();
    u.is_empty()
        || u.starts_with('#')
        || u.starts_with("mailto:")
        || u.starts_with("tel:")
        || u.starts_with("data:")
        || u.starts_with("geo:")
        || ((u.starts_with("http://") || u.starts_with("https://") || u.starts_with("//"))
            && !u.starts_with(&format!("{origin}/")))
}

/// Checks every reference under `out` in `mode`.
pub fn check(out: &Path, mode: &Mode<'_>) -> Findings {
    let origin = match mode {
        Mode::Hosted { origin, .. } | Mode::Offline { origin } => *origin,
    };
    let mut f = Findings::default();
    let mut fetched: BTreeMap<String, u16> = BTreeMap::new();
    for r in references(out, origin) {
        if skipped(&r.url, origin) {
            continue;
        }
        *f.kinds.entry(r.kind.clone()).or_default() += 1;
        f.checked += 1;
        let problem = match mode {
            Mode::Hosted {
                server,
                base_path,
                origin,
            } => hosted(&r, server, base_path, origin, &mut fetched),
            Mode::Offline { origin } => offline(&r, out, origin),
        };
        if let Some(p) = problem {
            f.problems
                .push(format!("{}: {} `{}`: {p}", r.file, r.kind, r.url));
        }
    }
    f
}

/// Resolves `url` found in `file` against the page URL, as a browser does;
/// returns the path on the server (no query or fragment).
fn resolve_path(url: &str, file: &str, base_path: &str, origin: &str) -> String {
    let url = url.split(['#', '?']).next().unwrap_or("");
    if let Some(rest) = url.strip_prefix(origin) {
        return rest.to_string();
    }
    if url.starts_with('/') {
        return url.to_string();
    }
    let dir = file.rsplit_once('/').map_or("", |(d, _)| d);
    let joined = if dir.is_empty() {
        format!("{base_path}{url}")
    } else {
        format!("{base_path}{dir}/{url}")
    };
    normalize(&joined)
}

fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut out = format!("/{}", parts.join("/"));
    if path.ends_with('/') && out != "/" {
        out.push('/');
    }
    out
}

fn hosted(
    r: &Reference,
    server: &str,
    base_path: &str,
    origin: &str,
    fetched: &mut BTreeMap<String, u16>,
) -> Option<String> {
    let path = resolve_path(&r.url, &r.file, base_path, origin);
    if !path.starts_with(base_path) {
        return Some(format!("resolves to {path}, outside {base_path}"));
    }
    // The search script fetches `data-index` + "meta.json".
    let path = if r.kind == "data" && path.ends_with('/') && path.contains("/search/") {
        format!("{path}meta.json")
    } else {
        path
    };
    let status = *fetched
        .entry(path.clone())
        .or_insert_with(|| get_status(server, &path));
    (status != 200).then(|| format!("GET {path} answered {status}"))
}

/// The status code of a GET on the test server.
pub fn get_status(server: &str, path: &str) -> u16 {
    let addr = server.trim_start_matches("http://");
    let Ok(mut s) = TcpStream::connect(addr) else {
        return 0;
    };
    let _ = write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"
    );
    let mut head = Vec::new();
    let _ = s.read_to_end(&mut head);
    String::from_utf8_lossy(&head)
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

/// Head metadata and machine files may keep absolute URLs of the hosted site.
fn absolute_allowed(r: &Reference) -> bool {
    let machine = [".xml", ".ics", ".txt"].iter().any(|e| r.file.ends_with(e));
    machine
        || matches!(
            r.kind.as_str(),
            "absolute" | "meta" | "json-ld" | "link-href"
        )
}

fn offline(r: &Reference, out: &Path, origin: &str) -> Option<String> {
    let u = r.url.trim();
    if u.starts_with(origin) {
        return (!absolute_allowed(r)).then(|| "an absolute URL in an offline copy".to_string());
    }
    if u.starts_with('/') {
        return Some("root-relative: escapes the copy on file://".into());
    }
    if r.file.ends_with(".xml") || r.file.ends_with(".ics") {
        return None;
    }
    let path = u.split(['#', '?']).next().unwrap_or("");
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8_lossy()
        .into_owned();
    let dir = r.file.rsplit_once('/').map_or("", |(d, _)| d);
    let joined = normalize(&format!("/{dir}/{decoded}"));
    let target = out.join(joined.trim_start_matches('/'));
    // The search script loads `data-index` + "index.js" in an offline copy.
    if r.kind == "data" && joined.ends_with('/') {
        let index = target.join("index.js");
        return (!index.is_file()).then(|| format!("{} does not exist", index.display()));
    }
    if joined.ends_with('/') || target.is_dir() {
        return Some("a folder: file:// shows no index.html".into());
    }
    (!target.is_file()).then(|| format!("{} does not exist", target.display()))
}

fn list_files(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            e.path()
                .strip_prefix(dir)
                .ok()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
        })
        // Decap's vendored bundle is third-party code whose strings are Git
        // hosts' API paths (`/git/commits`, `/logout`), not links of the site;
        // the editor's own page, config and script are still checked.
        .filter(|p| p != "admin/decap-cms.js")
        .collect();
    out.sort();
    out
}
