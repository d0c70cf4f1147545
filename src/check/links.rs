//! Links, images and anchors, checked over the rendered site in memory.
//!
//! Every `href`, `src` and `srcset` of every HTML file is resolved the way a
//! browser would (relative to the page, or under the base URL) and looked up
//! among the files the build made; `#anchors` are looked up among the ids of
//! the target page. Checking the output rather than the Markdown catches
//! links made by templates and front matter too. A problem is then traced
//! back to the line of the content file that wrote the link; one the
//! content does not contain came from the templates and is reported once.

use std::collections::{BTreeMap, HashSet};

use html5gum::{Token, Tokenizer};
use percent_encoding::percent_decode_str;

use crate::config::BaseUrl;

/// A link found in an HTML file.
#[derive(Debug, Clone)]
pub(crate) struct Link {
    /// The attribute value as written (entities decoded).
    pub href: String,
    /// True for `src`/`srcset` (an image or media file), false for `href`.
    pub is_src: bool,
}

/// What one HTML file holds.
#[derive(Debug, Default)]
pub(crate) struct Scanned {
    /// Its links.
    pub links: Vec<Link>,
    /// Its element ids (and `<a name>`).
    pub ids: HashSet<String>,
    /// `src` of images that have no `alt` attribute at all.
    pub images_without_alt: Vec<String>,
}

/// Reads the links, ids and images of an HTML document.
pub(crate) fn scan(html: &str) -> Scanned {
    let mut out = Scanned::default();
    for token in Tokenizer::new(html) {
        let Ok(Token::StartTag(tag)) = token else {
            continue;
        };
        let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
        let attr = |key: &str| {
            tag.attributes
                .get(key.as_bytes())
                .map(|v| String::from_utf8_lossy(&v.value).into_owned())
        };
        if let Some(id) = attr("id") {
            out.ids.insert(id);
        }
        if name == "a" {
            if let Some(n) = attr("name") {
                out.ids.insert(n);
            }
        }
        if let Some(href) = attr("href") {
            out.links.push(Link {
                href,
                is_src: false,
            });
        }
        if let Some(src) = attr("src") {
            if name == "img" && attr("alt").is_none() {
                out.images_without_alt.push(src.clone());
            }
            out.links.push(Link {
                href: src,
                is_src: true,
            });
        }
        if let Some(set) = attr("srcset") {
            for candidate in set.split(',') {
                if let Some(url) = candidate.split_whitespace().next() {
                    out.links.push(Link {
                        href: url.to_string(),
                        is_src: true,
                    });
                }
            }
        }
    }
    out
}

/// Where a link goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Dest {
    /// A file of the site (no leading slash), with an optional fragment.
    Internal {
        /// Site path, percent-decoded (`tin-tuc/a/`).
        path: String,
        /// The part after `#`, decoded; `None` when absent or empty.
        fragment: Option<String>,
    },
    /// An http(s) URL elsewhere.
    External(String),
    /// A root-relative link outside the site's base path.
    OutsideBase,
    /// Nothing to check (mailto:, tel:, data:, javascript:, empty).
    Ignore,
}

fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// Resolves `href` found in the output file `from` (`tin-tuc/a/index.html`)
/// the way a browser on that page would: [`url::Url::join`] against the
/// page's online URL (`../b/`, `?q`, `#muc`, `//host/x` included).
pub(crate) fn resolve(href: &str, from: &str, base: &BaseUrl) -> Dest {
    let href = href.trim();
    if href.is_empty() {
        return Dest::Ignore;
    }
    let Some(page) = url::Url::parse(&base.absolute)
        .ok()
        .and_then(|site| site.join(from).ok())
    else {
        return Dest::Ignore;
    };
    let target = match page.join(href) {
        Ok(t) => t,
        // Not a URL a browser could follow (`http://[x`): the external
        // check reports it when asked to.
        Err(_) if href.contains("//") => return Dest::External(href.to_string()),
        Err(_) => return Dest::Ignore,
    };
    if !matches!(target.scheme(), "http" | "https") {
        return Dest::Ignore; // mailto:, tel:, data:, javascript:
    }
    if target.origin() != page.origin() {
        // Protocol-relative links are named with the scheme they get here.
        let url = if href.starts_with("//") {
            target.to_string()
        } else {
            href.to_string()
        };
        return Dest::External(url);
    }
    let path = target.path();
    let inside = match path.strip_prefix(base.path.as_str()) {
        Some(inside) => inside,
        None if format!("{path}/") == base.path => "",
        None => return Dest::OutsideBase,
    };
    Dest::Internal {
        path: decode(inside),
        fragment: target.fragment().filter(|f| !f.is_empty()).map(decode),
    }
}

/// The output file a site path is served from, if the build made it.
pub(crate) fn find_file<'a>(path: &str, files: &'a HashSet<String>) -> Option<&'a str> {
    let candidates = if path.is_empty() || path.ends_with('/') {
        vec![format!("{path}index.html")]
    } else {
        vec![path.to_string(), format!("{path}/index.html")]
    };
    candidates
        .into_iter()
        .find_map(|c| files.get(&c).map(String::as_str))
}

/// A broken link: what to say about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Broken {
    /// The link as written in the HTML.
    pub href: String,
    /// Why it is broken.
    pub message: String,
}

/// Checks every link of every scanned file; returns, per output file, its
/// broken links, and the external URLs (each once, with the file it is in).
pub(crate) fn check_all(
    scanned: &BTreeMap<String, Scanned>,
    files: &HashSet<String>,
    base: &BaseUrl,
) -> (BTreeMap<String, Vec<Broken>>, BTreeMap<String, String>) {
    let mut broken: BTreeMap<String, Vec<Broken>> = BTreeMap::new();
    let mut external: BTreeMap<String, String> = BTreeMap::new();
    for (from, s) in scanned {
        for link in &s.links {
            let problem = match resolve(&link.href, from, base) {
                Dest::Ignore => None,
                Dest::External(url) => {
                    external.entry(url).or_insert_with(|| from.clone());
                    None
                }
                Dest::OutsideBase => Some(format!(
                    "`{}` is outside the site, which lives under {}",
                    link.href, base.path
                )),
                Dest::Internal { path, fragment } => match find_file(&path, files) {
                    None => Some(format!(
                        "{} `{}` points to {}{path}, which does not exist",
                        if link.is_src { "file" } else { "link" },
                        link.href,
                        base.path
                    )),
                    Some(target) => fragment.and_then(|f| {
                        let ids = scanned.get(target).map(|t| &t.ids)?;
                        (!ids.contains(&f)).then(|| {
                            format!(
                                "link `{}`: there is no heading or anchor `#{f}` on {}{}",
                                link.href,
                                base.path,
                                target.trim_end_matches("index.html")
                            )
                        })
                    }),
                },
            };
            if let Some(message) = problem {
                broken.entry(from.clone()).or_default().push(Broken {
                    href: link.href.clone(),
                    message,
                });
            }
        }
    }
    (broken, external)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> BaseUrl {
        BaseUrl::parse("https://example.org/xkld/").unwrap()
    }

    fn internal(path: &str, fragment: Option<&str>) -> Dest {
        Dest::Internal {
            path: path.into(),
            fragment: fragment.map(str::to_string),
        }
    }

    #[test]
    fn links_resolve_like_a_browser() {
        let from = "tin-tuc/a/index.html";
        let b = base();
        assert_eq!(
            resolve("/xkld/tin-tuc/", from, &b),
            internal("tin-tuc/", None)
        );
        assert_eq!(resolve("/xkld", from, &b), internal("", None));
        assert_eq!(
            resolve("anh.png", from, &b),
            internal("tin-tuc/a/anh.png", None)
        );
        assert_eq!(
            resolve("../b/#muc-1", from, &b),
            internal("tin-tuc/b/", Some("muc-1"))
        );
        assert_eq!(resolve("#muc", from, &b), internal(from, Some("muc")));
        assert_eq!(
            resolve("https://example.org/xkld/en/?q=1", from, &b),
            internal("en/", None)
        );
        assert_eq!(resolve("/kh%C3%A1c/", from, &b), Dest::OutsideBase);
        assert_eq!(
            resolve("/xkld/h%E1%BB%97-tr%E1%BB%A3/", from, &b),
            internal("hỗ-trợ/", None)
        );
        assert_eq!(resolve("mailto:a@b.vn", from, &b), Dest::Ignore);
        assert_eq!(resolve("tel:+84123456", from, &b), Dest::Ignore);
        assert_eq!(
            resolve("?trang=2#ket-qua", from, &b),
            internal(from, Some("ket-qua"))
        );
        assert_eq!(
            resolve("//example.org/xkld/en/", from, &b),
            internal("en/", None)
        );
        assert_eq!(
            resolve("//cdn.example/x.js", from, &b),
            Dest::External("https://cdn.example/x.js".into())
        );
        assert_eq!(
            resolve("http://example.org/xkld/", from, &b),
            Dest::External("http://example.org/xkld/".into())
        );
        // `..` stops at the host's root, as in a browser.
        assert_eq!(resolve("../../../../x/", from, &b), Dest::OutsideBase);
        assert_eq!(resolve("../../../xkld/y/", from, &b), internal("y/", None));
        assert_eq!(
            resolve("/xkld/a%20b/#m%E1%BB%A5c", from, &b),
            internal("a b/", Some("mục"))
        );
        assert_eq!(
            resolve("https://dolab.gov.vn/", from, &b),
            Dest::External("https://dolab.gov.vn/".into())
        );
    }

    #[test]
    fn scan_finds_links_ids_and_images_without_alt() {
        let s = scan(
            r#"<h2 id="muc-1">x</h2><a name="cu"></a><a href="/a/?x=1&amp;y=2">a</a><img src="p.png"><img src="q.png" alt="" srcset="q-2x.png 2x, q-3x.png 3x">"#,
        );
        assert!(s.ids.contains("muc-1") && s.ids.contains("cu"));
        let hrefs: Vec<&str> = s.links.iter().map(|l| l.href.as_str()).collect();
        assert_eq!(
            hrefs,
            ["/a/?x=1&y=2", "p.png", "q.png", "q-2x.png", "q-3x.png"]
        );
        assert_eq!(s.images_without_alt, ["p.png"]);
    }
}
