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
pub fn linked_assets(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (tag, attr) in [("<link", "href="), ("<script", "src=")] {
        for part in html.split(tag).skip(1) {
            let Some(element) = part.split('>').next() else {
                continue;
            };
            if tag == "<link" && !element.contains("stylesheet") {
                continue;
            }
            if let Some(v) = element.split(attr).nth(1) {
                let v = v.trim_start_matches('"');
                let end = v.find(['"', ' ', '>']).unwrap_or(v.len());
                out.push(v[..end].to_string());
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

/// The compressed cost of every HTML page; `base_path` turns links into output paths.
pub fn costs(files: &[OutputFile], base_path: &str) -> Vec<PageCost> {
    let sizes: HashMap<&str, usize> = files
        .iter()
        .filter(|f| f.path.ends_with(".css") || f.path.ends_with(".js"))
        .filter_map(|f| match &f.body {
            Body::Bytes(b) => Some((f.path.as_str(), gzip_len(b))),
            _ => None,
        })
        .collect();
    use rayon::prelude::*;
    files
        .par_iter()
        .filter(|f| f.path.ends_with(".html"))
        .filter_map(|f| {
            let html = match &f.body {
                Body::Html(h) => h.as_bytes(),
                Body::Bytes(b) => b.as_slice(),
                Body::Copy(_) => return None,
            };
            let text = String::from_utf8_lossy(html);
            let assets: usize = linked_assets(&text)
                .iter()
                .filter_map(|href| href.strip_prefix(base_path))
                .filter_map(|p| sizes.get(p))
                .sum();
            Some(PageCost {
                path: f.path.clone(),
                bytes: gzip_len(html) + assets,
            })
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
