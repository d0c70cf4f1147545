//! The offline copy (`loa build --offline`, or `offline = true`): a site
//! that works opened straight from the disk (`file://`), for a USB stick
//! at a commune office.
//!
//! Why a rewrite after rendering instead of a flag in every template: the
//! site is rendered exactly as for a host (links are `/xkld/tin-tuc/x/`,
//! made in one place, `site/urls.rs`), and this pass turns every internal
//! reference of every HTML page and stylesheet into a path relative to the
//! file it is in, with folders spelled out (`../tin-tuc/x/index.html`,
//! since `file://` shows no `index.html` by itself). Templates (including a
//! portal's own overrides) need to know nothing about it, and nothing can be
//! forgotten: a theme link that escapes the rewrite would have broken the
//! sub-path build too. It is what Hugo's `relativeURLs` does, with the
//! folder-to-`index.html` step that mdBook's offline output needs.
//!
//! - Rewritten: `href`, `src`, `srcset`, `action`, `poster` and URL-valued
//!   `data-*` attributes, and the target of `<meta http-equiv="refresh">`
//!   (aliases), when they point inside the site: resolved against the
//!   page's online URL as a browser would (`url::Url::join`: relative,
//!   root-relative, protocol-relative or absolute), they land under the
//!   base URL; `url()` in stylesheets. A link that is only `#fragment` or
//!   `?query` names the page it is on and stays as written.
//! - Kept absolute: `<link rel="canonical">` and `rel="alternate"` with
//!   `hreflang` (they name the pages online), Open Graph and JSON-LD
//!   (for sharing), feeds, sitemap and calendars (machines read them; a
//!   feed reader cannot subscribe to a USB stick).
//! - Search: browsers refuse `fetch` from `file://`, so each language's
//!   JSON index becomes one `search/<lang>/index.js` that assigns a global,
//!   loaded by a `<script src>` on the search page; its result links are
//!   made relative to that folder and resolved by the search script.
//! - Host files (`_redirects`, `_headers`, `.nojekyll`, compressed copies)
//!   are left out: no server reads them.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashSet};
use std::rc::Rc;

use lol_html::html_content::{ContentType, Element, EndTag};

use super::{Body, OutputFile};
use crate::config::{BaseUrl, Config};
use crate::error::Diagnostic;

/// The name of the global the offline search index assigns.
pub const SEARCH_GLOBAL: &str = "loaSearchIndex";

/// Turns the rendered files into an offline copy, in place. Returns
/// warnings naming what will not work without a connection.
pub fn make_offline(files: &mut Vec<OutputFile>, config: &Config) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let (indexes, index_warnings) = search_scripts(files, &config.base_url);
    warnings.extend(index_warnings);
    files.retain(|f| !is_search_json(&f.path));
    files.extend(indexes);
    let known: HashSet<String> = files.iter().map(|f| f.path.clone()).collect();
    let Ok(site) = url::Url::parse(&config.base_url.absolute) else {
        // BaseUrl::parse has checked it already; this cannot be reached.
        warnings.push(Diagnostic::warning(
            "site.toml",
            format!(
                "offline copy: base_url `{}` is not a URL; links were left as they are online",
                config.base_url.absolute
            ),
        ));
        return warnings;
    };
    let rw = Rewriter {
        base: &config.base_url,
        site,
        files: &known,
    };
    let mut needs_network: BTreeMap<&'static str, (usize, String)> = BTreeMap::new();
    for f in files.iter_mut() {
        let css = f.path.ends_with(".css");
        let text = match &f.body {
            Body::Html(h) => h.text().into_owned(),
            Body::Bytes(b) if css => String::from_utf8_lossy(b).into_owned(),
            Body::Copy(p) if css => {
                match std::fs::read_to_string(p) {
                    Ok(t) => t,
                    Err(e) => {
                        warnings.push(Diagnostic::warning(
                        p.display().to_string(),
                        format!("offline copy: cannot read this stylesheet to rewrite its url()s ({e})"),
                    ));
                        continue;
                    }
                }
            }
            _ => continue,
        };
        if css {
            f.body = Body::Bytes(rw.css(&text, &f.path).into_bytes());
        } else {
            let page = match rw.html(&text, &f.path) {
                Ok(page) => page,
                Err(e) => {
                    warnings.push(Diagnostic::warning(
                        &f.path,
                        format!("offline copy: this page could not be rewritten ({e}); its links stay as they are online"),
                    ));
                    continue;
                }
            };
            for feature in page.online_only {
                let e = needs_network.entry(feature).or_insert((0, f.path.clone()));
                e.0 += 1;
            }
            f.body = Body::Html(page.html.into());
        }
    }
    for (feature, (n, first)) in needs_network {
        warnings.push(Diagnostic::warning(
            first,
            format!("offline copy: {n} page(s) use {feature}, which show only with an internet connection"),
        ));
    }
    if config.hosting.precompress {
        warnings.push(Diagnostic::warning(
            "site.toml",
            "offline copy: [hosting] precompress is ignored (browsers read files from the disk as they are; no server sends .gz or .br)",
        ));
    }
    warnings
}

/// The search index's JSON files: an offline copy cannot fetch them (a
/// browser refuses `fetch` from `file://`), so they are wrapped as scripts.
fn is_search_json(path: &str) -> bool {
    path.starts_with("search/") && path.ends_with(".json")
}

/// One `search/<lang>/index.js` per language index: every JSON file of that
/// index under its path inside the index (`meta.json`, `t/ho.json`), with
/// document links made relative to the index folder.
fn search_scripts(files: &[OutputFile], base: &BaseUrl) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let mut per_index: BTreeMap<String, serde_json::Map<String, serde_json::Value>> =
        BTreeMap::new();
    let mut warnings = Vec::new();
    for f in files.iter().filter(|f| is_search_json(&f.path)) {
        // `search/vi/d/0.json` -> index `search/vi/`, key `d/0.json`.
        let mut parts = f.path.splitn(3, '/');
        let (Some(_), Some(lang), Some(key)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        // A prefix's lists spare an online reader fetching many pieces; an
        // offline copy has every piece loaded already, and its script
        // reads them when the manifest lists no prefixes.
        if key.starts_with("p/") || key.starts_with("s/") {
            continue;
        }
        let dir = format!("search/{lang}/");
        let Body::Bytes(bytes) = &f.body else {
            continue;
        };
        let mut value: serde_json::Value = match serde_json::from_slice(bytes) {
            Ok(v) => v,
            Err(e) => {
                warnings.push(Diagnostic::warning(
                    &f.path,
                    format!("offline copy: the search index part cannot be read ({e}); search may miss results"),
                ));
                continue;
            }
        };
        if key.starts_with("d/") {
            relative_doc_links(&mut value, &dir, base);
        }
        if key == "meta.json" {
            if let Some(page) = value.get_mut("page") {
                relative_link(page, &dir, base);
            }
            if let Some(meta) = value.as_object_mut() {
                meta.remove("prefixes");
            }
        }
        per_index
            .entry(dir)
            .or_default()
            .insert(key.to_string(), value);
    }
    let scripts = per_index
        .into_iter()
        .filter_map(|(dir, parts)| {
            let json = crate::escape::json_for_script(&parts).ok()?;
            Some(OutputFile {
                path: format!("{dir}index.js"),
                body: Body::Bytes(format!("window.{SEARCH_GLOBAL} = {json};\n").into_bytes()),
            })
        })
        .collect();
    (scripts, warnings)
}

/// Document chunks are arrays of `[title, link, section, date, text]`.
fn relative_doc_links(chunk: &mut serde_json::Value, dir: &str, base: &BaseUrl) {
    let Some(docs) = chunk.as_array_mut() else {
        return;
    };
    for doc in docs {
        if let Some(link) = doc.get_mut(1) {
            relative_link(link, dir, base);
        }
    }
}

/// A root-relative page link in the index, made relative to its folder `dir`.
fn relative_link(link: &mut serde_json::Value, dir: &str, base: &BaseUrl) {
    if let Some(inside) = link
        .as_str()
        .and_then(|l| l.strip_prefix(base.path.as_str()))
    {
        let target = if inside.is_empty() || inside.ends_with('/') {
            format!("{inside}index.html")
        } else {
            inside.to_string()
        };
        *link = serde_json::Value::String(relative(&format!("{dir}index.js"), &target));
    }
}

/// The relative path from the file `from` to the file `to`, both relative
/// to the site root (`tin-tuc/a/index.html`, `style.css` -> `../../style.css`).
pub fn relative(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let to_dirs = &to_parts[..to_parts.len() - 1];
    let common = from_dirs
        .iter()
        .zip(to_dirs)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from_dirs.len() - common);
    out.push_str(&to_parts[common..].join("/"));
    out
}

/// A page after the rewrite.
struct Page {
    html: String,
    /// Features on the page that need the network.
    online_only: Vec<&'static str>,
}

struct Rewriter<'a> {
    base: &'a BaseUrl,
    /// The base URL, parsed, to resolve links against.
    site: url::Url,
    /// Every output path, to tell a file (`calendar.ics`) from a folder.
    files: &'a HashSet<String>,
}

impl Rewriter<'_> {
    /// The relative form of `url` as seen from the file `from`, or `None`
    /// when it does not point inside the site (another site, `mailto:`,
    /// `#top`, a path outside the base path).
    fn url(&self, url: &str, from: &str) -> Option<String> {
        self.url_as(url, from, false)
    }

    /// [`Rewriter::url`]; with `folder`, a folder stays a folder
    /// (`../search/vi/`): scripts join file names to it.
    ///
    /// The path is resolved against the page's own online URL with
    /// [`url::Url::join`], as a browser would (`../b/`, `/xkld/b/`,
    /// `//host/xkld/b/`, `https://host/xkld/b/`), and rewritten when it lands
    /// under the base URL. A link that is only `#fragment` or `?query`
    /// stays as written: it names this page, whatever its file is called.
    /// The query and fragment are kept as written.
    fn url_as(&self, url: &str, from: &str, folder: bool) -> Option<String> {
        let split = url.find(['?', '#']).unwrap_or(url.len());
        let (path, rest) = url.split_at(split);
        // `data-*` values are text (a title to share, a message) unless the
        // whole value is a root-relative or absolute URL.
        if path.is_empty() || (folder && !path.starts_with('/') && url::Url::parse(url).is_err()) {
            return None;
        }
        let page = self.site.join(from).ok()?;
        let target = page.join(path).ok()?;
        if target.origin() != page.origin() {
            return None;
        }
        let inside = target
            .path()
            .strip_prefix(self.base.path.as_str())
            .or_else(|| (format!("{}/", target.path()) == self.base.path).then_some(""))?;
        let decoded = percent_encoding::percent_decode_str(inside).decode_utf8_lossy();
        if folder && (inside.is_empty() || inside.ends_with('/')) {
            let file = relative(from, &format!("{inside}x"));
            let dir = &file[..file.len() - 1];
            return Some(format!("{}{rest}", if dir.is_empty() { "./" } else { dir }));
        }
        let target = if inside.is_empty() || inside.ends_with('/') {
            format!("{inside}index.html")
        } else if !self.files.contains(decoded.as_ref())
            && self.files.contains(&format!("{decoded}/index.html"))
        {
            format!("{inside}/index.html")
        } else {
            inside.to_string()
        };
        Some(format!("{}{rest}", relative(from, &target)))
    }

    /// A `srcset` with each candidate's URL made relative and its width
    /// descriptor kept.
    fn srcset(&self, set: &str, from: &str) -> String {
        set.split(',')
            .map(|c| {
                let c = c.trim();
                let (u, w) = c.split_once(char::is_whitespace).unwrap_or((c, ""));
                let u = self.url(u, from).unwrap_or_else(|| u.to_string());
                if w.is_empty() {
                    u
                } else {
                    format!("{u} {}", w.trim())
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// `url(...)` in a stylesheet.
    fn css(&self, css: &str, from: &str) -> String {
        let mut out = String::with_capacity(css.len());
        let mut rest = css;
        while let Some(at) = rest.find("url(") {
            out.push_str(&rest[..at + 4]);
            rest = &rest[at + 4..];
            let end = rest.find(')').unwrap_or(rest.len());
            let raw = &rest[..end];
            let quote = raw
                .trim()
                .chars()
                .next()
                .filter(|c| *c == '"' || *c == '\'');
            let inner = raw.trim().trim_matches(['"', '\'']);
            match self.url(inner, from) {
                Some(u) => {
                    let q = quote.map(String::from).unwrap_or_default();
                    out.push_str(&format!("{q}{u}{q}"));
                }
                None => out.push_str(raw),
            }
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }

    /// Rewrites the URLs in the tags of a page (see the module docs). The
    /// page is read by lol_html, a streaming HTML rewriter: only the
    /// attributes that change are written anew; text, comments, script and
    /// style contents, quoting and the other attributes stay byte for byte.
    fn html(&self, html: &str, from: &str) -> Result<Page, String> {
        let online_only = RefCell::new(Vec::new());
        // Shared with the `</body>` handler, which lol_html wants `'static`.
        let search_index: Rc<RefCell<Option<String>>> = Rc::default();
        let placed = Rc::new(Cell::new(false));
        let script = |dir: &str| format!("<script src=\"{dir}index.js\"></script>");
        let settings = lol_html::Settings::new()
            .with_strict(false)
            .append_element_content_handler(lol_html::element!("*", |el| {
                self.element(el, from, &mut online_only.borrow_mut(), &search_index)
            }))
            .append_element_content_handler(lol_html::element!("body", |el| {
                let (index, placed) = (Rc::clone(&search_index), Rc::clone(&placed));
                let at_end: lol_html::EndTagHandler<'static> =
                    Box::new(move |end: &mut EndTag<'_>| {
                        if let Some(dir) = index.borrow().as_deref() {
                            end.before(&script(dir), ContentType::Html);
                            placed.set(true);
                        }
                        Ok(())
                    });
                el.on_end_tag(at_end)
            }))
            .append_document_content_handler(lol_html::end!(|end| {
                // A page without `</body>`: the script goes at its end.
                if let (Some(dir), false) = (search_index.borrow().as_deref(), placed.get()) {
                    end.append(&script(dir), ContentType::Html);
                }
                Ok(())
            }));
        let html = lol_html::rewrite_str(html, settings).map_err(|e| e.to_string())?;
        let mut online_only = online_only.into_inner();
        online_only.sort_unstable();
        online_only.dedup();
        Ok(Page { html, online_only })
    }

    /// One element: its URL attributes rewritten, what it loads from other
    /// sites noted, and the search page's index folder kept for the script.
    fn element(
        &self,
        el: &mut Element<'_, '_>,
        from: &str,
        online_only: &mut Vec<&'static str>,
        search_index: &RefCell<Option<String>>,
    ) -> lol_html::HandlerResult {
        let name = el.tag_name();
        if let Some(what) = self.loaded_from_elsewhere(&name, el.get_attribute("src").as_deref()) {
            online_only.push(what);
        }
        // Links that name the pages online stay absolute.
        let metadata = names_pages_online(&name, el);
        let refresh = name == "meta"
            && el
                .get_attribute("http-equiv")
                .is_some_and(|h| h.eq_ignore_ascii_case("refresh"));
        let attrs: Vec<(String, String)> = el
            .attributes()
            .iter()
            .map(|a| (a.name(), a.value()))
            .collect();
        for (n, v) in attrs {
            let new = if metadata {
                None
            } else {
                self.attribute(&n, &v, from, refresh)
            };
            if n == "data-index" {
                *search_index.borrow_mut() = Some(new.clone().unwrap_or_else(|| v.clone()));
            }
            if let Some(new) = new.filter(|new| *new != v) {
                el.set_attribute(&n, &new)?;
            }
        }
        Ok(())
    }

    /// What will not show offline when an element named `name` loads its
    /// `src` from another site, for the warning.
    fn loaded_from_elsewhere(&self, name: &str, src: Option<&str>) -> Option<&'static str> {
        let src = src?;
        let external =
            (src.starts_with("https://") || src.starts_with("http://") || src.starts_with("//"))
                && !src.starts_with(self.base.absolute.as_str());
        external.then_some(match name {
            "iframe" => "embedded frames from other sites (videos, maps)",
            "img" | "source" | "picture" => "images from other sites",
            _ => "scripts or media from other sites",
        })
    }

    /// The rewritten value of attribute `name` (`v` as written), or `None`
    /// to keep it: URL attributes, `srcset`, a refresh's target and
    /// URL-valued `data-*` attributes are rewritten.
    fn attribute(&self, name: &str, v: &str, from: &str, refresh: bool) -> Option<String> {
        match name {
            "href" | "src" | "action" | "poster" => self.url(v, from),
            "srcset" => Some(self.srcset(v, from)),
            "content" if refresh => v
                .split_once("url=")
                .and_then(|(delay, u)| self.url(u.trim(), from).map(|u| format!("{delay}url={u}"))),
            n if n.starts_with("data-") => self.url_as(v, from, true),
            _ => None,
        }
    }
}

/// `<link rel="canonical">` or `<link rel="alternate" hreflang>`: they
/// name the pages online.
fn names_pages_online(name: &str, el: &Element<'_, '_>) -> bool {
    let rel = el.get_attribute("rel").unwrap_or_default();
    name == "link"
        && (rel.split_whitespace().any(|r| r == "canonical")
            || (rel.split_whitespace().any(|r| r == "alternate") && el.has_attribute("hreflang")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rw_html(html: &str, from: &str, files: &[&str]) -> String {
        let base = BaseUrl::parse("https://example.org/xkld/").unwrap();
        let files: HashSet<String> = files.iter().map(|s| s.to_string()).collect();
        Rewriter {
            base: &base,
            site: url::Url::parse(&base.absolute).unwrap(),
            files: &files,
        }
        .html(html, from)
        .unwrap()
        .html
    }

    #[test]
    fn relative_paths_between_files() {
        assert_eq!(
            relative("index.html", "tin-tuc/index.html"),
            "tin-tuc/index.html"
        );
        assert_eq!(
            relative("tin-tuc/a/index.html", "style.css"),
            "../../style.css"
        );
        assert_eq!(
            relative("en/news/a/index.html", "en/news/index.html"),
            "../index.html"
        );
        assert_eq!(relative("a/index.html", "a/index.html"), "index.html");
        assert_eq!(
            relative("search/vi/index.js", "tin-tuc/x/index.html"),
            "../../tin-tuc/x/index.html"
        );
    }

    #[test]
    fn internal_references_become_relative_files() {
        let html = r#"<a href="/xkld/chinh-sach/">P</a><a href="https://example.org/xkld/lien-he/#map">C</a><img src="/xkld/img/a-480.jpg" srcset="/xkld/img/a-480.jpg 480w, /xkld/img/a-960.jpg 960w" alt=""><a href="/xkld/phien/calendar.ics" download>ics</a><a href="/xkld/doanh-nghiep">R</a><form action="/xkld/tim-kiem/" method="get"></form><a href="/xkld/">home</a>"#;
        let out = rw_html(
            html,
            "tin-tuc/a/index.html",
            &["doanh-nghiep/index.html", "phien/calendar.ics"],
        );
        for want in [
            r#"href="../../chinh-sach/index.html""#,
            r#"href="../../lien-he/index.html#map""#,
            r#"src="../../img/a-480.jpg""#,
            r#"srcset="../../img/a-480.jpg 480w, ../../img/a-960.jpg 960w""#,
            r#"href="../../phien/calendar.ics" download>"#,
            r#"href="../../doanh-nghiep/index.html""#,
            r#"action="../../tim-kiem/index.html""#,
            r#"href="../../index.html""#,
        ] {
            assert!(out.contains(want), "{want} not in {out}");
        }
    }

    #[test]
    fn metadata_other_sites_and_script_text_are_kept() {
        let html = r##"<link rel="canonical" href="https://example.org/xkld/a/"><link rel="alternate" hreflang="en" href="https://example.org/xkld/en/a/"><meta property="og:url" content="https://example.org/xkld/a/"><a href="https://other.example/xkld/">o</a><a href="mailto:a@b.vn">m</a><a href="#top">t</a><a href="/elsewhere/">e</a><script type="application/ld+json">{"url":"/xkld/a/","x":"<a href=\"/xkld/\">"}</script><!-- <a href="/xkld/c/"> -->"##;
        let out = rw_html(html, "a/index.html", &[]);
        assert_eq!(out, html);
    }

    #[test]
    fn refresh_targets_stylesheets_and_the_search_page() {
        let out = rw_html(
            r#"<meta http-equiv="refresh" content="0; url=/xkld/tin-tuc/x/"><link rel="stylesheet" href="/xkld/style.1234abcd.css">"#,
            "tin-cu/x/index.html",
            &[],
        );
        assert!(
            out.contains(r#"content="0; url=../../tin-tuc/x/index.html""#),
            "{out}"
        );
        assert!(out.contains(r#"href="../../style.1234abcd.css""#), "{out}");
        let out = rw_html(
            r#"<body><form id="search-form" data-index="/xkld/search/vi/" data-none="Không có"></form></body>"#,
            "tim-kiem/index.html",
            &[],
        );
        assert!(out.contains(r#"data-index="../search/vi/""#), "{out}");
        assert!(out.contains(r#"data-none="Không có""#), "{out}");
        let share = r#"<section data-share-text="Tin mới https://example.org/xkld/a/" data-x="a/b"></section>"#;
        assert_eq!(rw_html(share, "a/index.html", &[]), share);
        assert!(
            out.ends_with(r#"<script src="../search/vi/index.js"></script></body>"#),
            "{out}"
        );
        let base = BaseUrl::parse("https://example.org/xkld/").unwrap();
        let files = HashSet::new();
        let rw = Rewriter {
            base: &base,
            site: url::Url::parse(&base.absolute).unwrap(),
            files: &files,
        };
        assert_eq!(
            rw.css(
                "a{background:url(\"/xkld/img/x.svg\")} b{background:url(data:x)}",
                "style.css"
            ),
            "a{background:url(\"img/x.svg\")} b{background:url(data:x)}"
        );
    }

    #[test]
    fn unquoted_and_bare_attributes_survive() {
        let out = rw_html(
            "<a href=/xkld/a/ class=x hidden>a</a><input required/>",
            "index.html",
            &[],
        );
        // Only the rewritten attribute is written anew (quoted); the rest of
        // the tag stays as it was.
        assert_eq!(
            out,
            "<a href=\"a/index.html\" class=x hidden>a</a><input required/>"
        );
    }

    #[test]
    fn links_resolve_like_a_browser_on_the_page() {
        let files = ["tin-tuc/b/index.html"];
        for (html, want) in [
            // Relative folders get their `index.html` too (file:// lists none).
            (r#"<a href="../b/">"#, r#"<a href="../b/index.html">"#),
            (r#"<a href="../b">"#, r#"<a href="../b/index.html">"#),
            (
                r#"<a href='/xkld/tin-tuc/b/'>"#,
                r#"<a href="../b/index.html">"#,
            ),
            (
                r#"<a href=/xkld/tin-tuc/b/?x=1#m>"#,
                r#"<a href="../b/index.html?x=1#m">"#,
            ),
            // Protocol-relative and absolute on the site's own host are inside.
            (
                r#"<a href="//example.org/xkld/tin-tuc/b/">"#,
                r#"<a href="../b/index.html">"#,
            ),
            (
                r#"<a HREF="https://example.org/xkld/">"#,
                r#"<a HREF="../../index.html">"#,
            ),
            // This page, another site, another scheme, outside the base: kept.
            (r##"<a href="#main">"##, r##"<a href="#main">"##),
            (r#"<a href="?trang=2">"#, r#"<a href="?trang=2">"#),
            (
                r#"<a href="//other.example/xkld/">"#,
                r#"<a href="//other.example/xkld/">"#,
            ),
            (
                r#"<a href="http://example.org/xkld/">"#,
                r#"<a href="http://example.org/xkld/">"#,
            ),
            (r#"<a href="mailto:a@b.vn">"#, r#"<a href="mailto:a@b.vn">"#),
            (r#"<a href="tel:+84123456">"#, r#"<a href="tel:+84123456">"#),
            (r#"<a href="/khac/">"#, r#"<a href="/khac/">"#),
            (
                r#"<a href="/xkld/../khac/">"#,
                r#"<a href="/xkld/../khac/">"#,
            ),
            // Text that only looks like a tag is text.
            (
                r#"<textarea><a href="/xkld/tin-tuc/b/"></textarea>"#,
                r#"<textarea><a href="/xkld/tin-tuc/b/"></textarea>"#,
            ),
            (
                r#"<p title="<a href='/xkld/'>">x</p>"#,
                r#"<p title="<a href='/xkld/'>">x</p>"#,
            ),
        ] {
            assert_eq!(
                rw_html(html, "tin-tuc/a/index.html", &files),
                want,
                "{html}"
            );
        }
    }
}
