//! Files for static hosts, made from what the build knows (`[hosting]`).
//!
//! - `_redirects` (Netlify, Cloudflare Pages): every alias and every
//!   `/section/page/1/` as a 301 to its page, and each language's 404 page
//!   for the missing paths under that language.
//! - `_headers` (same hosts): a year of immutable cache for the theme's
//!   fingerprinted assets and the content-hashed processed images under
//!   `img/`, `text/calendar; charset=utf-8` for each `.ics`, security
//!   headers a `<meta>` cannot set (`frame-ancestors`), and
//!   `script-src 'none'` for every `.svg` (see [`SVG_POLICY`]).
//! - `.nojekyll`: GitHub Pages otherwise runs Jekyll, which drops files and
//!   folders whose names start with `_`.
//! - `precompress = true`: a `.gz` and a `.br` beside each text file above
//!   [`PRECOMPRESS_MIN`] bytes, for servers that send them as they are
//!   (nginx `gzip_static`). Both are deterministic: gzip with no name or
//!   time in its header, brotli at fixed settings, so two builds of the same
//!   portal are byte-identical.
//!
//! Every path carries the base path (`/xkld/…`): the hosts read these files
//! from the root of what they publish, which for a sub-path site is the
//! folder that becomes `/xkld/`, while their rules match request paths.

use std::fmt::Write as _;
use std::io::Write as _;

use rayon::prelude::*;

use super::{Body, OutputFile};
use crate::config::Config;
use crate::error::Diagnostic;
use crate::images::ImageSet;
use crate::site::Site;

/// Text files smaller than this are not pre-compressed: the saving is a
/// few bytes and one more file to keep in step.
pub const PRECOMPRESS_MIN: usize = 1024;

/// Extensions of the files worth pre-compressing.
const TEXT: &[&str] = &["html", "css", "js", "json", "xml", "ics", "svg", "txt"];

/// The Content-Security-Policy of SVG files: no script runs in one opened
/// on its own, even if it slipped past the check in `images::svg`.
/// `frame-ancestors` is repeated because a host may let this rule replace
/// the site-wide header rather than add to it.
pub const SVG_POLICY: &str = "frame-ancestors 'self'; script-src 'none'";

/// One year, the longest cache browsers honour.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The host files `config` asks for, given the site's other files.
pub fn host_files(
    site: &Site,
    images: &ImageSet,
    config: &Config,
    paths: &[&str],
) -> Vec<OutputFile> {
    let h = &config.hosting;
    let mut out = Vec::new();
    let text = |path: &str, body: String| OutputFile {
        path: path.to_string(),
        body: Body::Bytes(body.into_bytes()),
    };
    if h.redirects {
        out.push(text("_redirects", redirects(site, config)));
    }
    if h.headers {
        let hashed = images.paths();
        out.push(text("_headers", headers(paths, &hashed, config)));
    }
    if h.nojekyll {
        out.push(text(".nojekyll", String::new()));
    }
    out
}

/// `_redirects`: one rule a line, `from to status`, sorted for stable output.
fn redirects(site: &Site, config: &Config) -> String {
    let base = &config.base_url;
    let mut rules: Vec<String> = site
        .aliases
        .iter()
        .map(|a| format!("{} {} 301", a.from.href(base), a.to.href(base)))
        .collect();
    rules.sort();
    rules.dedup();
    let mut s =
        String::from("# Made by loa from aliases and first pagers (Netlify, Cloudflare Pages).\n");
    for r in rules {
        s.push_str(&r);
        s.push('\n');
    }
    // Missing pages under another language's root get that language's 404
    // page; the default language's is the host's own fallback (/404.html).
    // Languages other than the first come first: rules match in order.
    for l in config.languages.iter().skip(1) {
        let root = config.lang_root(&l.code);
        let _ = writeln!(
            s,
            "{}* {} 404",
            root.href(base),
            root.file("404.html").href(base)
        );
    }
    s
}

/// True for a theme asset with a content hash in its name (`style.3f2a9c1e.css`).
pub fn is_fingerprinted(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 3
        && matches!(parts[parts.len() - 1], "css" | "js")
        && parts[parts.len() - 2].len() == 8
        && parts[parts.len() - 2]
            .chars()
            .all(|c| c.is_ascii_hexdigit())
}

/// `_headers`: security headers everywhere, then per-file rules. `hashed`
/// are the processed images, named by their content.
fn headers(paths: &[&str], hashed: &std::collections::BTreeSet<&str>, config: &Config) -> String {
    let base = &config.base_url.path;
    let mut s = String::from("# Made by loa (Netlify, Cloudflare Pages).\n");
    let _ = writeln!(
        s,
        "{base}*\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n  Content-Security-Policy: frame-ancestors 'self'\n  X-Frame-Options: SAMEORIGIN"
    );
    // Both hosts read `*` as any run of characters, `/` included, so this
    // one rule covers SVGs in every folder.
    let _ = writeln!(s, "{base}*.svg\n  Content-Security-Policy: {SVG_POLICY}");
    // Processed images are named by their content hash: one rule for the
    // folder, unless the portal's static/img/ put files of its own there
    // (they may change under the same name), then one rule per image.
    let in_img: Vec<&str> = paths
        .iter()
        .copied()
        .filter(|p| p.starts_with("img/"))
        .collect();
    if !in_img.is_empty() && in_img.iter().all(|p| hashed.contains(p)) {
        let _ = writeln!(s, "{base}img/*\n  Cache-Control: {IMMUTABLE}");
    } else {
        for p in hashed {
            let _ = writeln!(s, "{base}{p}\n  Cache-Control: {IMMUTABLE}");
        }
    }
    let mut assets: Vec<&str> = paths
        .iter()
        .copied()
        .filter(|p| is_fingerprinted(p))
        .collect();
    assets.sort_unstable();
    for p in assets {
        let _ = writeln!(s, "{base}{p}\n  Cache-Control: {IMMUTABLE}");
    }
    let mut calendars: Vec<&str> = paths
        .iter()
        .copied()
        .filter(|p| p.ends_with(".ics"))
        .collect();
    calendars.sort_unstable();
    for p in calendars {
        let _ = writeln!(s, "{base}{p}\n  Content-Type: text/calendar; charset=utf-8");
    }
    s
}

/// The `.gz` and `.br` copies of every text file of at least
/// [`PRECOMPRESS_MIN`] bytes, sorted by path. Files copied from the portal
/// are read here; one that cannot be read is an error naming it.
pub fn precompress(files: &[OutputFile]) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let results: Vec<Result<Vec<OutputFile>, Diagnostic>> =
        files.par_iter().map(compressed_copies).collect();
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for r in results {
        match r {
            Ok(v) => out.extend(v),
            Err(d) => diags.push(d),
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    (out, diags)
}

/// The `.gz` and `.br` copies of `f` (see [`precompress`]): none for a
/// file that is not text or is too small to gain.
pub fn compressed_copies(f: &OutputFile) -> Result<Vec<OutputFile>, Diagnostic> {
    let ext = f.path.rsplit_once('.').map_or("", |(_, e)| e);
    if !TEXT.contains(&ext) {
        return Ok(Vec::new());
    }
    let bytes = match &f.body {
        Body::Html(h) => std::borrow::Cow::Borrowed(h.as_bytes()),
        Body::Bytes(b) => std::borrow::Cow::Borrowed(b.as_slice()),
        Body::Copy(p) => std::borrow::Cow::Owned(std::fs::read(p).map_err(|e| {
            Diagnostic::error(p.display().to_string(), format!("cannot read ({e})"))
        })?),
    };
    if bytes.len() < PRECOMPRESS_MIN {
        return Ok(Vec::new());
    }
    Ok(vec![
        OutputFile {
            path: format!("{}.gz", f.path),
            body: Body::Bytes(gzip(&bytes)),
        },
        OutputFile {
            path: format!("{}.br", f.path),
            body: Body::Bytes(brotli(&bytes)),
        },
    ])
}

/// gzip at the best level, with no file name and a zero time in the
/// header, so the bytes depend on the input only.
fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::GzBuilder::new()
        .mtime(0)
        .write(Vec::new(), flate2::Compression::best());
    // Writing to a Vec cannot fail.
    let _ = enc.write_all(bytes);
    enc.finish().unwrap_or_default()
}

/// Brotli at quality 11 with a 4 MiB window (the format's usual settings
/// for static files); deterministic for the same input.
fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        let _ = w.write_all(bytes);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn fingerprinted_names_are_recognized() {
        assert!(is_fingerprinted("style.319e21bf.css"));
        assert!(is_fingerprinted("js/search.0a1b2c3d.js"));
        assert!(!is_fingerprinted("style.css"));
        assert!(!is_fingerprinted("js/search.js"));
        assert!(!is_fingerprinted("anh/a.319e21bf.jpg"));
        assert!(!is_fingerprinted("x.12345.css"));
    }

    #[test]
    fn compressed_copies_round_trip_and_are_stable() {
        let text = "Hỗ trợ vay vốn ".repeat(200);
        let files = vec![
            OutputFile {
                path: "a/index.html".into(),
                body: Body::Html(text.clone().into()),
            },
            OutputFile {
                path: "small.css".into(),
                body: Body::Bytes(b"a{}".to_vec()),
            },
            OutputFile {
                path: "photo.jpg".into(),
                body: Body::Bytes(vec![0; 4000]),
            },
        ];
        let (out, diags) = precompress(&files);
        assert!(diags.is_empty());
        let names: Vec<&str> = out.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(names, ["a/index.html.br", "a/index.html.gz"]);
        let Body::Bytes(gz) = &out[1].body else {
            panic!("bytes")
        };
        let mut back = String::new();
        flate2::read::GzDecoder::new(gz.as_slice())
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, text);
        let Body::Bytes(br) = &out[0].body else {
            panic!("bytes")
        };
        let mut back = String::new();
        brotli::Decompressor::new(br.as_slice(), 4096)
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, text);
        let (again, _) = precompress(&files);
        for (a, b) in out.iter().zip(&again) {
            let (Body::Bytes(x), Body::Bytes(y)) = (&a.body, &b.body) else {
                panic!("bytes")
            };
            assert_eq!(x, y, "{}", a.path);
        }
    }
}
