//! Encodings, fences and YAML as staff actually save them.

use super::{errors, expect_one, news, ok};

#[test]
fn malformed_yaml_names_the_file_and_line() {
    let p = news();
    p.file("content/tin-tuc/a.md", "---\ntitle: A\ntags: [a, b\n---\n");
    let e = errors(&p);
    expect_one(&e, &["content/tin-tuc/a.md:", "error: front matter:"]);
}

#[test]
fn wrong_types_name_the_field() {
    let p = news();
    p.file("content/tin-tuc/a.md", "---\ntitle: [x, y]\n---\n");
    p.file(
        "content/tin-tuc/b.md",
        "---\ntitle: B\nweight: nhiều\n---\n",
    );
    p.file(
        "content/tin-tuc/c.md",
        "---\ntitle: C\ndate: hôm qua\n---\n",
    );
    let e = errors(&p);
    expect_one(
        &e,
        &[
            "content/tin-tuc/a.md:2:",
            "invalid type: sequence, expected a string",
        ],
    );
    expect_one(
        &e,
        &[
            "content/tin-tuc/b.md:3:",
            "invalid type: string \"nhiều\", expected i64",
        ],
    );
    expect_one(&e, &["content/tin-tuc/c.md:3", "YYYY-MM-DD"]);
}

#[test]
fn unclosed_front_matter() {
    let p = news();
    p.file(
        "content/tin-tuc/a.md",
        "---\ntitle: A\nbody without a fence\n",
    );
    expect_one(
        &errors(&p),
        &[
            "content/tin-tuc/a.md:1:1: error: the front matter opened with `---` on line 1 is never closed",
        ],
    );
}

#[test]
fn binary_file_with_an_md_name() {
    let p = news();
    p.bytes(
        "content/tin-tuc/anh.md",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01",
    );
    expect_one(
        &errors(&p),
        &["content/tin-tuc/anh.md: error: this file is not UTF-8 text"],
    );
    let p = news();
    p.bytes("content/tin-tuc/nul.md", b"---\ntitle: A\n---\na\0b\n");
    expect_one(
        &errors(&p),
        &["content/tin-tuc/nul.md: error: this file contains NUL bytes"],
    );
}

#[test]
fn empty_file() {
    let p = news();
    p.file("content/tin-tuc/rong.md", "");
    expect_one(
        &errors(&p),
        &["content/tin-tuc/rong.md:1:1: error: expected front matter"],
    );
}

#[test]
fn file_with_only_front_matter_is_a_page_with_no_body() {
    let p = news();
    p.file(
        "content/tin-tuc/chi-tieu-de.md",
        "---\ntitle: Chỉ tiêu đề\n---",
    );
    ok(&p);
    let html = p.read("tin-tuc/chi-tieu-de/index.html");
    assert!(html.contains("<h1>Chỉ tiêu đề</h1>"), "{html}");
}

#[test]
fn bom_crlf_and_nfd_are_cleaned() {
    let p = news();
    let nfd = "Ho\u{302}\u{303} tro\u{31b}\u{323}"; // "Hỗ trợ" decomposed
    p.bytes(
        "content/tin-tuc/a.md",
        format!("\u{feff}---\r\ntitle: \"{nfd}\"\r\ntags: [\"{nfd}\"]\r\n---\r\n## {nfd}\r\n\r\nDòng.\r\n").as_bytes(),
    );
    ok(&p);
    let html = p.read("tin-tuc/a/index.html");
    assert!(html.contains("<h1>Hỗ trợ</h1>"), "{html}");
    assert!(html.contains("id=\"ho-tro\""), "{html}");
    assert!(!html.contains('\r'), "CR left in output");
    assert!(!html.contains('\u{feff}'), "BOM left in output");
}

#[test]
fn duplicate_urls() {
    let p = news();
    p.page("content/tin-tuc/a.md", "A", "x");
    p.file("content/tin-tuc/b.md", "---\ntitle: B\nslug: A\n---\n");
    p.file(
        "content/tin-tuc/c.md",
        "---\ntitle: C\naliases: [/tin-tuc/a/]\n---\n",
    );
    let e = errors(&p);
    expect_one(
        &e,
        &[
            "content/tin-tuc/b.md",
            "both want the URL /tin-tuc/a/index.html",
        ],
    );
    expect_one(
        &e,
        &[
            "an alias to /tin-tuc/c/",
            "both want the URL /tin-tuc/a/index.html",
        ],
    );
}
