//! Deep nesting (issue 17): every Markdown construct that nests, raw HTML
//! and YAML front matter. Past a limit a page is an error naming its file
//! and line; at the limit it still builds, minified, in a debug build whose
//! rayon workers have their default 2 MB stacks. Never a stack overflow.

use std::process::{Command, Output};

use super::{errors, expect_one, ok};
use crate::common::{Portal, SITE_TOML};

/// A news portal that minifies, as portals do by default: the minifier's
/// parser is the stage that overflowed.
fn minified() -> Portal {
    let p = Portal::with_config(&SITE_TOML.replace("minify = false", "minify = true"));
    p.page("content/_index.md", "Trang chủ", "x");
    p.section("tin-tuc", "Tin tức", "articles");
    p
}

/// [`minified`] with raw HTML kept as written.
fn minified_trusted() -> Portal {
    let config = SITE_TOML.replace("minify = false", "minify = true");
    let p = Portal::with_config(&format!("{config}\n[markdown]\nraw_html = \"allow\"\n"));
    p.page("content/_index.md", "Trang chủ", "x");
    p.section("tin-tuc", "Tin tức", "articles");
    p
}

/// Runs the `loa` binary's build on the portal (its main thread and its
/// own worker pool).
fn loa_build(p: &Portal) -> Output {
    Command::new(env!("CARGO_BIN_EXE_loa"))
        .args(["build", "--root"])
        .arg(p.root())
        .output()
        .expect("run loa")
}

/// Asserts a failed build: exit code 1, and every needle in stderr.
fn fails_with(out: &Output, needles: &[&str]) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("overflow"), "{stderr}");
    for n in needles {
        assert!(stderr.contains(n), "{n:?} missing from:\n{stderr}");
    }
}

const QUOTES: &str = "error: quotes (`>`) nested more than 100 levels deep";

#[test]
fn quotes_nested_5000_and_100000_deep_exit_one_naming_file_and_line() {
    // 5,000 `>` in a 5 KB file aborted `loa build` with exit 134.
    let p = minified();
    p.page(
        "content/tin-tuc/nam-nghin.md",
        "Năm nghìn",
        &format!("{} sâu", ">".repeat(5_000)),
    );
    p.page(
        "content/tin-tuc/tram-nghin.md",
        "Trăm nghìn",
        &format!("Mở đầu.\n\n{} sâu", "> ".repeat(100_000)),
    );
    let out = loa_build(&p);
    fails_with(
        &out,
        &[
            &format!("content/tin-tuc/nam-nghin.md:4: {QUOTES}"),
            &format!("content/tin-tuc/tram-nghin.md:6: {QUOTES}"),
            "Build failed: 2 error(s)",
        ],
    );
    assert!(!p.exists("tin-tuc/nam-nghin/index.html"));
}

#[test]
fn every_construct_that_nests_is_refused_past_the_limit() {
    let p = minified();
    let deep = 5_000;
    let pages = [
        ("trich", format!("{}x", "> - ".repeat(deep))),
        ("danh-sach", format!("{}mục", "- ".repeat(deep))),
        ("so-thu-tu", format!("{}mục", "1. ".repeat(deep))),
        (
            "nghieng",
            format!("{}x{}", "*a ".repeat(deep), " a*".repeat(deep)),
        ),
        (
            "dam",
            format!("{}x{}", "**".repeat(deep), "**".repeat(deep)),
        ),
        (
            "anh",
            format!(
                "{}x{}",
                "![".repeat(deep),
                "](https://anh.example/a.png)".repeat(deep)
            ),
        ),
        (
            "chu-thich",
            format!("Xem[^a].\n\n[^a]: {}x", "> ".repeat(deep)),
        ),
    ];
    for (name, body) in &pages {
        p.page(&format!("content/tin-tuc/{name}.md"), name, body);
    }
    let e = errors(&p);
    assert_eq!(e.len(), pages.len(), "{e:#?}");
    let expect = |name: &str, line: usize, what: &str| {
        expect_one(
            &e,
            &[
                &format!(
                    "content/tin-tuc/{name}.md:{line}: error: {what} nested more than 100 levels deep"
                ),
                "no page needs that many",
            ],
        );
    };
    expect("trich", 4, "quotes (`>`)");
    expect("danh-sach", 4, "lists");
    expect("so-thu-tu", 4, "lists");
    expect("nghieng", 4, "emphasis (`*`, `_`, `~`)");
    expect("dam", 4, "emphasis (`*`, `_`, `~`)");
    expect("anh", 4, "images");
    expect("chu-thich", 6, "quotes (`>`)");
}

#[test]
fn a_hundred_thousand_nested_images_are_answered_at_once() {
    // The image pass before rendering counted lines from the top for every
    // image: 100,000 nested images took minutes before any check ran.
    let p = minified();
    p.page(
        "content/tin-tuc/anh.md",
        "Ảnh",
        &format!(
            "Mở đầu.\n\n{}x{}",
            "![".repeat(100_000),
            "](https://anh.example/a.png)".repeat(100_000)
        ),
    );
    expect_one(
        &errors(&p),
        &["content/tin-tuc/anh.md:6: error: images nested more than 100 levels deep"],
    );
}

#[test]
fn long_runs_that_do_not_nest_still_build() {
    // Unmatched `*` and `[` are text; links cannot hold links; a chain of
    // footnotes that refer to the next one is flat; code is one level.
    let p = minified();
    p.page("content/tin-tuc/sao.md", "Sao", &"*".repeat(50_000));
    p.page("content/tin-tuc/ngoac.md", "Ngoặc", &"[".repeat(50_000));
    p.page(
        "content/tin-tuc/lien-ket.md",
        "Liên kết",
        &format!("{}x{}", "[".repeat(20_000), "](/)".repeat(20_000)),
    );
    let chain: String = (0..2_000)
        .map(|i| format!("[^{i}]: xem [^{}]\n\n", i + 1))
        .collect();
    p.page(
        "content/tin-tuc/chu-thich.md",
        "Chú thích",
        &format!("Đầu [^0].\n\n{chain}"),
    );
    // A Lisp grammar opens a scope per parenthesis: shown without colours.
    p.page(
        "content/tin-tuc/ma.md",
        "Mã",
        &format!("```lisp\n{}\n```", "(".repeat(5_000)),
    );
    ok(&p);
    let code = p.read("tin-tuc/ma/index.html");
    assert!(
        code.contains(&"(".repeat(5_000)),
        "the code is not plain text"
    );
    for page in ["sao", "ngoac", "lien-ket", "chu-thich"] {
        let html = p.read(&format!("tin-tuc/{page}/index.html"));
        assert!(html.contains("</html>"), "{page} is not a whole page");
    }
}

#[test]
fn the_deepest_allowed_markdown_builds_minified() {
    let p = minified();
    p.page(
        "content/tin-tuc/trich.md",
        "Trích",
        &format!("{} sâu", ">".repeat(100)),
    );
    p.page(
        "content/tin-tuc/danh-sach.md",
        "Danh sách",
        &format!("{}mục", "- ".repeat(100)),
    );
    p.page(
        "content/tin-tuc/tron.md",
        "Trộn",
        &format!("{}x", "> - ".repeat(50)),
    );
    p.page(
        "content/tin-tuc/nghieng.md",
        "Nghiêng",
        &format!("{}x{}", "*a ".repeat(100), " a*".repeat(100)),
    );
    // 100 tight lists (`<ul><li>` each) and 312 raw `<span>`s: 512 levels.
    p.page(
        "content/tin-tuc/the.md",
        "Thẻ",
        &format!("{}x{}", "- ".repeat(100), "<span>".repeat(312)),
    );
    ok(&p);
    let count = |page: &str, tag: &str| {
        p.read(&format!("tin-tuc/{page}/index.html"))
            .matches(tag)
            .count()
    };
    assert_eq!(count("trich", "<blockquote>"), 100);
    // The theme's language menu is a list too; count the nested ones
    // (pulldown-cmark's output, not minified: it has no raw HTML).
    assert_eq!(count("danh-sach", "<li>\n<ul>"), 99);
    assert_eq!(count("tron", "<blockquote>"), 50);
    assert_eq!(count("nghieng", "<em>a "), 100);
    assert_eq!(count("the", "<span>"), 312);
    // One more span is over the line.
    p.page(
        "content/tin-tuc/the.md",
        "Thẻ",
        &format!("{}x{}", "- ".repeat(100), "<span>".repeat(313)),
    );
    expect_one(
        &errors(&p),
        &[
            "content/tin-tuc/the.md:4: error: the HTML in this page is nested more than 512 levels deep",
        ],
    );
}

#[test]
fn the_deepest_allowed_page_builds_in_the_binary() {
    // The binary's main thread and its own worker pool, not the test's.
    let p = minified();
    p.page(
        "content/tin-tuc/trich.md",
        "Trích",
        &format!("{} sâu", "> ".repeat(100)),
    );
    p.page(
        "content/tin-tuc/the.md",
        "Thẻ",
        &format!("{}x{}", "- ".repeat(100), "<span>".repeat(312)),
    );
    let out = loa_build(&p);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(p.read("tin-tuc/trich/index.html").contains("sâu"));
}

#[test]
fn raw_html_nesting_is_bounded_in_every_mode_that_keeps_it() {
    // `allow` skips the sanitizer but not the minifier.
    let p = minified_trusted();
    p.page(
        "content/tin-tuc/hop.md",
        "Hộp",
        &format!("{}x", "<div>\n".repeat(511)),
    );
    p.page(
        "content/tin-tuc/sau.md",
        "Sâu",
        &format!("Mở đầu.\n\n{}x", "<div>".repeat(100_000)),
    );
    expect_one(
        &errors(&p),
        &[
            "content/tin-tuc/sau.md:6: error: the HTML in this page is nested more than 512 levels deep",
        ],
    );
    p.file("content/tin-tuc/sau.md", "---\ntitle: Sâu\n---\nx\n");
    ok(&p);
    assert_eq!(
        p.read("tin-tuc/hop/index.html").matches("<div>").count(),
        511
    );
}

#[test]
fn deep_front_matter_is_refused_at_its_line_and_column() {
    let p = minified();
    p.file(
        "content/tin-tuc/ngoac.md",
        &format!(
            "---\ntitle: Ngoặc\ntags: {}x{}\n---\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        ),
    );
    p.file(
        "content/tin-tuc/ban-do.md",
        &format!(
            "---\ntitle: Bản đồ\nsummary: {}x{}\n---\n",
            "{k: ".repeat(10_000),
            "}".repeat(10_000)
        ),
    );
    let block: String = (0..40).map(|i| format!("{}k:\n", "  ".repeat(i))).collect();
    p.file(
        "content/tin-tuc/thut-le.md",
        &format!("---\ntitle: Thụt lề\n{block}---\n"),
    );
    p.file(
        "content/tin-tuc/gach.md",
        &format!("---\ntitle: Gạch\ntags:\n{}x\n---\n", "- ".repeat(10_000)),
    );
    let out = loa_build(&p);
    let deep = "error: front matter: nested more than 32 levels deep";
    fails_with(
        &out,
        &[
            // `tags:` is a level; the 32nd `[` (column 6 + 32) crosses.
            &format!("content/tin-tuc/ngoac.md:3:38: {deep}"),
            &format!("content/tin-tuc/ban-do.md:3:134: {deep}"),
            // Each `k:` under the last: the 33rd (line 35) crosses.
            &format!("content/tin-tuc/thut-le.md:35:65: {deep}"),
            &format!("content/tin-tuc/gach.md:4:1: {deep}"),
            "Build failed: 4 error(s)",
        ],
    );
}
