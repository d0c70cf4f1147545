//! Sizes and bombs: a file over the limit is an error, not an
//! out-of-memory; YAML alias bombs end with an error, not a hang. Deep
//! nesting has its own module, `depth`.

use super::{errors, expect_one, news};
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
