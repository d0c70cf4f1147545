//! Byte budgets: what a page costs a reader on prepaid data before images,
//! compressed as a server would send it (HTML plus the stylesheets and
//! scripts it links). Pages over `[budgets]` are reported as warnings.

use std::collections::HashMap;
use std::io::Write;

use flate2::Compression;
use flate2::write::GzEncoder;

use super::{Body, OutputFile};
use crate::error::Diagnostic;

/// Gzip size of `bytes` at the level static hosts commonly use.
pub fn gzip_len(bytes: &[u8]) -> usize {
    let mut enc = GzEncoder::new(Vec::new(), Compression::new(6));
    if enc.write_all(bytes).is_err() {
        return bytes.len();
    }
    enc.finish().map_or(bytes.len(), |v| v.len())
}

/// Local stylesheet and script links of an HTML page (`href`/`src` values
/// of `<link rel=stylesheet>` and `<script src>`), quoted or not.
pub fn linked_assets(html: impl AsRef<[u8]>) -> Vec<String> {
    use memchr::memmem;
    // Bytes, not text: this runs over every page of the site, and checking
    // each one for UTF-8 first cost more than the search itself.
    let html = html.as_ref();
    let mut out = Vec::new();
    for (tag, attr) in [(&b"<link"[..], &b"href="[..]), (b"<script", b"src=")] {
        for at in memmem::find_iter(html, tag) {
            let rest = &html[at + tag.len()..];
            let element = &rest[..memchr::memchr(b'>', rest).unwrap_or(rest.len())];
            if tag == b"<link" && memmem::find(element, b"stylesheet").is_none() {
                continue;
            }
            if let Some(i) = memmem::find(element, attr) {
                let mut v = &element[i + attr.len()..];
                while let Some(rest) = v.strip_prefix(b"\"") {
                    v = rest;
                }
                let end = v
                    .iter()
                    .position(|b| matches!(b, b'"' | b' ' | b'>'))
                    .unwrap_or(v.len());
                out.push(String::from_utf8_lossy(&v[..end]).into_owned());
            }
        }
    }
    out
}

/// One page's cost in bytes after compression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageCost {
    /// Output path.
    pub path: String,
    /// Compressed HTML plus linked CSS and JS.
    pub bytes: usize,
}

/// The most bytes gzip can turn `n` bytes into: stored blocks of at most
/// 65,535 bytes cost 5 bytes each, the gzip header and trailer 18.
pub fn gzip_bound(n: usize) -> usize {
    n + 5 * n.div_ceil(65_535).max(1) + 18
}

/// The bytes of a file made in memory; `None` for a file copied from the
/// portal (`static/`, bundles), which the budget does not count: loa
/// answers for what it makes, and a copied file would have to be read.
fn html_of(f: &OutputFile) -> Option<&[u8]> {
    match &f.body {
        Body::Html(h) => Some(h.as_bytes()),
        Body::Bytes(b) => Some(b.as_slice()),
        Body::Copy(_) => None,
    }
}

/// The compressed cost of the HTML pages that `counted` accepts and that
/// cost more than `limit(path)` bytes; `base_path` turns links into output
/// paths.
///
/// A page and its assets are compressed only when their sizes before
/// compression (bounded by [`gzip_bound`]) could exceed its limit:
/// compressing every page of a big portal to find none over budget was a
/// sixth of its build.
pub fn costs(
    files: &[OutputFile],
    base_path: &str,
    counted: &(dyn Fn(&str) -> bool + Sync),
    limit: &(dyn Fn(&str) -> usize + Sync),
) -> Vec<PageCost> {
    use rayon::prelude::*;
    let pages = pages_and_assets(files, base_path, counted);
    let bodies = linked_bodies(files, &pages);
    let doubtful = might_be_over(pages, &bodies, limit);
    let needed: std::collections::BTreeSet<&str> = doubtful
        .iter()
        .flat_map(|(_, a)| a.iter().map(String::as_str))
        .collect();
    let sizes: HashMap<&str, usize> = needed
        .par_iter()
        .filter_map(|a| bodies.get(a).map(|b| (*a, gzip_len(b))))
        .collect();
    doubtful
        .par_iter()
        .filter_map(|(f, assets)| {
            let html = html_of(f)?;
            let assets: usize = assets.iter().filter_map(|a| sizes.get(a.as_str())).sum();
            let bytes = gzip_len(html) + assets;
            (bytes > limit(&f.path)).then(|| PageCost {
                path: f.path.clone(),
                bytes,
            })
        })
        .collect()
}

/// A page and the output paths of the stylesheets and scripts it links.
type PageAssets<'a> = (&'a OutputFile, Vec<String>);

/// Each counted HTML page with the assets it links (links under
/// `base_path`, made output paths).
fn pages_and_assets<'a>(
    files: &'a [OutputFile],
    base_path: &str,
    counted: &(dyn Fn(&str) -> bool + Sync),
) -> Vec<PageAssets<'a>> {
    use rayon::prelude::*;
    files
        .par_iter()
        .filter(|f| f.path.ends_with(".html") && counted(&f.path))
        .filter_map(|f| {
            let assets = linked_assets(html_of(f)?)
                .iter()
                .filter_map(|href| href.strip_prefix(base_path))
                .map(str::to_string)
                .collect();
            Some((f, assets))
        })
        .collect()
}

/// The bytes of every asset some page links, by path. Only these are ever
/// compressed (not, say, the editor's 5 MB bundle, which no reader's page
/// loads), each once.
fn linked_bodies<'a>(
    files: &'a [OutputFile],
    pages: &[PageAssets<'_>],
) -> HashMap<&'a str, &'a [u8]> {
    let linked: std::collections::BTreeSet<&str> = pages
        .iter()
        .flat_map(|(_, a)| a.iter().map(String::as_str))
        .collect();
    files
        .iter()
        .filter(|f| linked.contains(f.path.as_str()))
        .filter_map(|f| match &f.body {
            Body::Bytes(b) => Some((f.path.as_str(), b.as_slice())),
            _ => None,
        })
        .collect()
}

/// The pages that might be over their limit, judged by [`gzip_bound`]s
/// alone; only they, and the assets they link, are compressed.
fn might_be_over<'a>(
    pages: Vec<PageAssets<'a>>,
    bodies: &HashMap<&str, &[u8]>,
    limit: &(dyn Fn(&str) -> usize + Sync),
) -> Vec<PageAssets<'a>> {
    let bound = |assets: &[String]| -> usize {
        assets
            .iter()
            .filter_map(|a| bodies.get(a.as_str()))
            .map(|b| gzip_bound(b.len()))
            .sum()
    };
    pages
        .into_iter()
        .filter(|(f, assets)| {
            html_of(f).is_some_and(|h| gzip_bound(h.len()) + bound(assets) > limit(&f.path))
        })
        .collect()
}

/// Warnings for pages over budget (`home` for the language home pages).
pub fn check(
    costs: &[PageCost],
    page_kb: usize,
    home_kb: usize,
    homes: &[String],
) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = costs
        .iter()
        .filter_map(|c| {
            let limit = if homes.contains(&c.path) { home_kb } else { page_kb };
            (c.bytes > limit * 1024).then(|| {
                Diagnostic::warning(
                    &c.path,
                    format!("this page costs {} KB compressed (HTML, CSS and scripts, before images), over the {limit} KB budget", c.bytes.div_ceil(1024)),
                )
                .because(format!("over the {limit} KB page budget"))
            })
        })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_linked_styles_and_scripts_quoted_or_not() {
        let html = r#"<link href=/style.1.css rel=stylesheet><link rel="alternate" href="/x"><script src="/js/a.2.js" defer></script><script type=application/ld+json>{}</script>"#;
        assert_eq!(linked_assets(html), vec!["/style.1.css", "/js/a.2.js"]);
    }

    #[test]
    fn a_page_costs_its_html_and_what_it_links_and_skipped_pages_cost_nothing() {
        let file = |path: &str, body: &str| OutputFile {
            path: path.into(),
            body: Body::Bytes(body.as_bytes().to_vec()),
        };
        let css = "body{color:red}".repeat(50);
        let page = r#"<link href=/x/s.css rel=stylesheet><p>Xin chào</p>"#;
        let files = vec![
            file("index.html", page),
            file("admin/index.html", r#"<script src="/x/big.js"></script>"#),
            file("s.css", &css),
            file("big.js", &"a".repeat(10_000)),
        ];
        let costs = costs(&files, "/x/", &|p| !p.starts_with("admin/"), &|_| 0);
        assert_eq!(costs.len(), 1);
        assert_eq!(costs[0].path, "index.html");
        assert_eq!(
            costs[0].bytes,
            gzip_len(page.as_bytes()) + gzip_len(css.as_bytes())
        );
    }

    #[test]
    fn only_pages_over_their_limit_once_compressed_are_returned() {
        // xorshift: bytes with no pattern for gzip to find.
        let mut x: u32 = 2_463_534_242;
        let noise: Vec<u8> = (0..4_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                (x >> 24) as u8
            })
            .collect();
        let files = vec![
            OutputFile {
                path: "small/index.html".into(),
                body: Body::Bytes(b"<p>x</p>".to_vec()),
            },
            // Large, but compresses far below the limit.
            OutputFile {
                path: "big/index.html".into(),
                body: Body::Bytes("<p>x</p>".repeat(1000).into_bytes()),
            },
            // Incompressible: over the limit whatever gzip does.
            OutputFile {
                path: "noise/index.html".into(),
                body: Body::Bytes(noise.clone()),
            },
        ];
        let costs = costs(&files, "/", &|_| true, &|_| 2_000);
        let paths: Vec<&str> = costs.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, ["noise/index.html"]);
        assert_eq!(costs[0].bytes, gzip_len(&noise));
        // The bound that lets pages skip compression holds for bytes gzip
        // cannot shrink.
        assert!(gzip_len(&noise) <= gzip_bound(noise.len()));
        assert!(gzip_len(b"") <= gzip_bound(0));
    }

    #[test]
    fn over_budget_pages_are_warned_about() {
        let costs = vec![
            PageCost {
                path: "index.html".into(),
                bytes: 50 * 1024,
            },
            PageCost {
                path: "a/index.html".into(),
                bytes: 50 * 1024,
            },
        ];
        let w = check(&costs, 60, 40, &["index.html".into()]);
        assert_eq!(w.len(), 1);
        assert!(
            w[0].to_string()
                .contains("index.html: warning: this page costs 50 KB"),
            "{}",
            w[0]
        );
    }
}
