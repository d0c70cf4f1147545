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

/// What the budget keeps of one file: its path and length, and for a
/// counted page the assets it links. Taken as the file goes by, so the
/// file itself need not be kept.
pub struct Seen {
    path: String,
    len: usize,
    /// The assets a counted page links; `None` for any other file.
    links: Option<Vec<String>>,
}

/// What the budget keeps of `f` (`None` for a copied file, which it does
/// not count); `base_path` turns links into output paths, `counted` says
/// which pages count.
pub fn seen(f: &OutputFile, base_path: &str, counted: &dyn Fn(&str) -> bool) -> Option<Seen> {
    let bytes = html_of(f)?;
    let links = (f.path.ends_with(".html") && counted(&f.path)).then(|| {
        linked_assets(bytes)
            .iter()
            .filter_map(|href| href.strip_prefix(base_path))
            .map(str::to_string)
            .collect()
    });
    Some(Seen {
        path: f.path.clone(),
        len: bytes.len(),
        links,
    })
}

/// The files of a site as the budget sees them ([`Seen`]). Pages share
/// their list of assets: a portal's pages link the same few.
#[derive(Default)]
pub struct Ledger {
    /// Counted pages: path, length, index into `link_sets`.
    pages: Vec<(String, usize, usize)>,
    link_sets: Vec<Vec<String>>,
    link_index: HashMap<Vec<String>, usize>,
    /// The length of every other file made in memory.
    lens: HashMap<String, usize>,
}

impl Ledger {
    /// Notes one file.
    pub fn add(&mut self, seen: Seen) {
        let Some(links) = seen.links else {
            self.lens.insert(seen.path, seen.len);
            return;
        };
        let set = match self.link_index.get(&links) {
            Some(&i) => i,
            None => {
                self.link_sets.push(links.clone());
                self.link_index.insert(links, self.link_sets.len() - 1);
                self.link_sets.len() - 1
            }
        };
        self.pages.push((seen.path, seen.len, set));
    }

    /// The compressed cost of the counted pages that cost more than
    /// `limit(path)` bytes; `read` gives the bytes of a file noted here.
    ///
    /// A page and its assets are compressed only when their sizes before
    /// compression (bounded by [`gzip_bound`]) could exceed its limit:
    /// compressing every page of a big portal to find none over budget was
    /// a sixth of its build. Only these pages and the assets they link are
    /// read again.
    pub fn costs(
        &self,
        read: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync),
        limit: &(dyn Fn(&str) -> usize + Sync),
    ) -> Vec<PageCost> {
        use rayon::prelude::*;
        let bound = |links: &[String]| -> usize {
            links
                .iter()
                .filter_map(|a| self.lens.get(a))
                .map(|&n| gzip_bound(n))
                .sum()
        };
        let doubtful: Vec<&(String, usize, usize)> = self
            .pages
            .iter()
            .filter(|(path, len, set)| {
                gzip_bound(*len) + bound(&self.link_sets[*set]) > limit(path)
            })
            .collect();
        let needed: std::collections::BTreeSet<&str> = doubtful
            .iter()
            .flat_map(|(_, _, set)| self.link_sets[*set].iter().map(String::as_str))
            .filter(|a| self.lens.contains_key(*a))
            .collect();
        let sizes: HashMap<&str, usize> = needed
            .par_iter()
            .filter_map(|a| read(a).map(|b| (*a, gzip_len(&b))))
            .collect();
        let mut out: Vec<PageCost> = doubtful
            .par_iter()
            .filter_map(|(path, _, set)| {
                let html = read(path)?;
                let assets: usize = self.link_sets[*set]
                    .iter()
                    .filter_map(|a| sizes.get(a.as_str()))
                    .sum();
                let bytes = gzip_len(&html) + assets;
                (bytes > limit(path)).then(|| PageCost {
                    path: path.clone(),
                    bytes,
                })
            })
            .collect();
        out.sort_by(|a, b| a.path.cmp(&b.path));
        out
    }
}

/// [`Ledger::costs`] of `files` held in memory: the HTML pages that
/// `counted` accepts and that cost more than `limit(path)` bytes.
pub fn costs(
    files: &[OutputFile],
    base_path: &str,
    counted: &(dyn Fn(&str) -> bool + Sync),
    limit: &(dyn Fn(&str) -> usize + Sync),
) -> Vec<PageCost> {
    let mut ledger = Ledger::default();
    for f in files {
        if let Some(s) = seen(f, base_path, counted) {
            ledger.add(s);
        }
    }
    let by_path: HashMap<&str, &[u8]> = files
        .iter()
        .filter_map(|f| Some((f.path.as_str(), html_of(f)?)))
        .collect();
    ledger.costs(&|p| by_path.get(p).map(|b| b.to_vec()), limit)
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
