//! The whole single-page pipeline: a small portal in a temporary folder
//! whose one article is the fuzz input, rendered in memory (nothing is
//! written to an output folder), minified as `loa build` does. Errors
//! are fine; panics, stack overflows and scripts other than the theme's
//! are not.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use loa::BuildOptions;
use loa::output::is_safe_relative;

fn portal() -> &'static PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let base = if std::path::Path::new("/dev/shm").is_dir() {
            tempfile::tempdir_in("/dev/shm")
        } else {
            tempfile::tempdir()
        };
        let root = base.expect("temp dir").keep();
        let write = |rel: &str, text: &str| {
            let p = root.join(rel);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(p, text).expect("write");
        };
        write(
            "site.toml",
            "base_url = \"https://example.org/\"\ntitle = \"T\"\nminify = true\n\
             [languages.vi]\nname = \"Tiếng Việt\"\n[languages.en]\nname = \"English\"\n\
             [taxonomies.tags]\nnames = { vi = \"Thẻ\", en = \"Tags\" }\n",
        );
        write("content/_index.md", "---\ntitle: Trang chủ\n---\n");
        write(
            "content/tin/_index.md",
            "---\ntitle: Tin\nkind: articles\n---\n",
        );
        write(
            "content/tin/khac.md",
            "---\ntitle: Khác\ntags: [a]\n---\nXem [bài](bai.md).\n",
        );
        root
    })
}

/// True when every `<script` in `html` is one the theme writes: the
/// JSON-LD block (whose text loa escapes, so the next `<` closes it) or a
/// theme script file. The article's own HTML is sanitized, so any other
/// script came from the input.
fn only_theme_scripts(html: &str) -> bool {
    const JSON_LD: &str = "<script type=\"application/ld+json\">";
    let lower = html.to_ascii_lowercase();
    lower.match_indices("<script").all(|(i, _)| {
        let rest = &lower[i..];
        if let Some(json) = rest.strip_prefix(JSON_LD) {
            json.find('<') == json.find("</script>")
        } else {
            rest.starts_with("<script src=\"/js/")
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let root = portal();
    let page = root.join("content/tin/bai.md");
    std::fs::write(&page, data).expect("write page");
    let opts = BuildOptions {
        root: root.clone(),
        now: Some("2026-11-22T12:00:00+07:00".into()),
        ..Default::default()
    };
    // With `minify = true` the bodies were minified on rayon's workers
    // (whose stacks are smaller than this thread's) inside render_site.
    if let Ok(site) = loa::pipeline::render_site(&opts) {
        for f in &site.files {
            assert!(is_safe_relative(&f.path), "{}", f.path);
            if let loa::output::Body::Html(html) = &f.body {
                assert!(only_theme_scripts(&html.text()), "{}", f.path);
            }
        }
    }
});
