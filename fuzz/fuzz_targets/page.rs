//! The whole single-page pipeline: a small portal in a temporary folder
//! whose one article is the fuzz input, rendered in memory (nothing is
//! written to an output folder). Errors are fine; panics and unsafe output
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
            "base_url = \"https://example.org/\"\ntitle = \"T\"\nminify = false\n\
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

fuzz_target!(|data: &[u8]| {
    let root = portal();
    let page = root.join("content/tin/bai.md");
    std::fs::write(&page, data).expect("write page");
    let opts = BuildOptions {
        root: root.clone(),
        now: Some("2026-11-22T12:00:00+07:00".into()),
        ..Default::default()
    };
    if let Ok(site) = loa::pipeline::render_site(&opts) {
        for f in &site.files {
            assert!(is_safe_relative(&f.path), "{}", f.path);
            if let loa::output::Body::Html(html) = &f.body {
                assert!(!html.to_ascii_lowercase().contains("<script"), "{}", f.path);
            }
        }
    }
});
