//! Sizes and bombs: a file over the limit is an error, not an
//! out-of-memory; deep nesting and YAML alias bombs end with an error or a
//! bounded page, not a hang or a stack overflow.

use super::{errors, expect_one, news, ok};
use crate::common::{Portal, SITE_TOML};

#[test]
fn files_over_the_configured_size_are_refused() {
    let p = Portal::with_config(&format!("{SITE_TOML}\n[limits]\nmax_file_mb = 1\n"));
    p.page("content/_index.md", "Trang chủ", "x");
    let big = format!("---\ntitle: Lớn\n---\n{}", "chữ ".repeat(300_000));
    p.file("content/lon.md", &big);
    expect_one(
        &errors(&p),
        &[
            "content/lon.md: error: file is 1.7 MB; content files are limited to 1 MB ([limits] max_file_mb in site.toml)",
        ],
    );
}

#[test]
fn the_default_limit_is_ten_megabytes() {
    let p = news();
    let big = vec![b'a'; 10 * 1024 * 1024 + 1];
    p.bytes("content/tin-tuc/lon.md", &big);
    expect_one(
        &errors(&p),
        &["content/tin-tuc/lon.md: error: file is 10.0 MB; content files are limited to 10 MB"],
    );
}

#[test]
fn ten_thousand_nested_blockquotes_and_lists_give_a_bounded_page() {
    let p = news();
    p.page(
        "content/tin-tuc/trich.md",
        "Trích",
        &format!("{} sâu", ">".repeat(10_000)),
    );
    let list = format!("{}mục\n", "- ".repeat(10_000));
    p.page("content/tin-tuc/danh-sach.md", "Danh sách", &list);
    p.page("content/tin-tuc/dau-sao.md", "Sao", &"*".repeat(50_000));
    p.page("content/tin-tuc/ngoac.md", "Ngoặc", &"[".repeat(50_000));
    ok(&p);
    for page in ["trich", "danh-sach", "dau-sao", "ngoac"] {
        let html = p.read(&format!("tin-tuc/{page}/index.html"));
        assert!(html.contains("</html>"), "{page} is not a whole page");
    }
}

#[test]
fn ten_thousand_nested_html_tags_are_an_error_not_a_hang() {
    let p = news();
    p.page("content/tin-tuc/the.md", "Thẻ", &"<div>".repeat(10_000));
    p.page("content/tin-tuc/hop.md", "Hộp", &"<div>".repeat(100));
    expect_one(
        &errors(&p),
        &[
            "content/tin-tuc/the.md:4: error: the HTML in this page is nested more than 512 levels deep",
        ],
    );
}

#[test]
fn yaml_billion_laughs_is_an_error() {
    let p = news();
    let mut yaml = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (i, c) in "bcdefghi".chars().enumerate() {
        let prev = (b'a' + i as u8) as char;
        yaml.push_str(&format!(
            "{c}: &{c} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
    }
    p.file(
        "content/tin-tuc/bom.md",
        &format!("---\ntitle: Bom\n{yaml}---\n"),
    );
    let e = errors(&p);
    expect_one(&e, &["content/tin-tuc/bom.md:", "error: front matter:"]);
}

#[test]
fn yaml_alias_bomb_in_a_known_field_is_an_error() {
    let p = news();
    let mut yaml = String::from("x0: &x0 [a, a, a, a, a, a, a, a, a, a]\n");
    for i in 1..12 {
        let refs = vec![format!("*x{}", i - 1); 10].join(", ");
        yaml.push_str(&format!("x{i}: &x{i} [{refs}]\n"));
    }
    p.file(
        "content/tin-tuc/bom.md",
        &format!("---\ntitle: Bom\n{yaml}tags: *x11\n---\n"),
    );
    let e = errors(&p);
    expect_one(&e, &["content/tin-tuc/bom.md:", "error: front matter:"]);
}

#[test]
fn deeply_nested_yaml_is_an_error() {
    // Front matter is typed, so nesting is refused at the first level that
    // does not fit; the YAML parser itself keeps its stack on the heap.
    let p = news();
    let deep = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
    p.file(
        "content/tin-tuc/sau.md",
        &format!("---\ntitle: Sâu\ntags: {deep}\n---\n"),
    );
    let deep_map = format!("{}1{}", "{k: ".repeat(10_000), "}".repeat(10_000));
    p.file(
        "content/tin-tuc/sau2.md",
        &format!("---\ntitle: {deep_map}\n---\n"),
    );
    let e = errors(&p);
    expect_one(
        &e,
        &[
            "content/tin-tuc/sau.md:3:",
            "error: front matter: tags[0]: invalid type: sequence, expected a string",
        ],
    );
    expect_one(
        &e,
        &[
            "content/tin-tuc/sau2.md:2:",
            "error: front matter: title: invalid type: map, expected a string",
        ],
    );
}
