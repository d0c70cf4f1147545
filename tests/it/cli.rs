//! The `loa` binary: exit codes, messages, and the sample portal in this repository.

use crate::common;

use std::process::Command;

use common::Portal;

fn loa() -> Command {
    Command::new(env!("CARGO_BIN_EXE_loa"))
}

#[test]
fn build_prints_a_summary_and_exits_zero() {
    let p = Portal::new();
    p.page("content/_index.md", "Trang chủ", "x");
    p.page("content/a.md", "A", "x");
    p.page("content/a.en.md", "A", "x");
    let out = loa()
        .args(["build", "--root"])
        .arg(p.root())
        .output()
        .expect("run loa");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("Built 2 pages (1 vi, 1 en), 0 sections"),
        "{stdout}"
    );
    assert!(p.exists("a/index.html"));
}

#[test]
fn content_errors_exit_one_with_file_and_line() {
    let p = Portal::new();
    p.file("content/a.md", "---\ntitle: A\ndate: hôm qua\n---\n");
    let out = loa()
        .args(["build", "--root"])
        .arg(p.root())
        .output()
        .expect("run loa");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("content/a.md:3:"), "{stderr}");
    assert!(stderr.contains("Build failed: 1 error(s)"), "{stderr}");
}

#[test]
fn refused_output_exits_two() {
    let p = Portal::new();
    p.page("content/_index.md", "Trang chủ", "x");
    let out = loa()
        .args(["build", "--root"])
        .arg(p.root())
        .arg("--output")
        .arg(p.root())
        .output()
        .expect("run loa");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing to write the site"));
}

#[test]
fn output_and_base_url_flags_are_used() {
    let p = Portal::new();
    p.page("content/_index.md", "Trang chủ", "x");
    let dest = p.sandbox().join("site-out");
    let out = loa()
        .args(["build", "--root"])
        .arg(p.root())
        .arg("--output")
        .arg(&dest)
        .args(["--base-url", "https://example.gov.vn/xkld"])
        .output()
        .expect("run loa");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(dest.join("index.html")).expect("index");
    assert!(
        html.contains("href=\"https://example.gov.vn/xkld/\""),
        "{html}"
    );
    assert!(html.contains("href=\"/xkld/style."), "{html}");
}

#[test]
fn undeclared_tags_on_ten_thousand_pages_print_one_line_per_tag() {
    let p = Portal::with_config(&format!(
        "{}\n[taxonomies.tags]\nnames = {{ vi = \"Chủ đề\" }}\n",
        common::SITE_TOML.replace("paginate = 10", "paginate = 0")
    ));
    p.page("content/_index.md", "Trang chủ", "x");
    p.section("tin-tuc", "Tin tức", "articles");
    const PAGES: usize = 10_000;
    for i in 0..PAGES {
        // Three undeclared tags, one of them written in two ways.
        let tags = if i % 2 == 0 {
            "Kế hoạch, Tuyển dụng"
        } else {
            "KẾ HOẠCH, Vay vốn"
        };
        p.file(
            &format!("content/tin-tuc/p{i}.md"),
            &format!("---\ntitle: Bài {i}\ndate: 2024-03-01\ntags: [{tags}]\n---\nx\n"),
        );
    }
    let out = loa()
        .args(["build", "--root"])
        .arg(p.root())
        .output()
        .expect("run loa");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("not declared"))
        .collect();
    assert_eq!(lines.len(), 3, "{lines:#?}");
    assert!(
        lines[0].contains("`Kế hoạch` (tags)")
            && lines[0].contains(&format!("in {PAGES} places"))
            && lines[0].contains("first at content/tin-tuc/p0.md:4"),
        "{lines:#?}"
    );
    // --verbose lists every place.
    let verbose = loa()
        .args(["build", "--verbose", "--root"])
        .arg(p.root())
        .output()
        .expect("run loa");
    let stderr = String::from_utf8_lossy(&verbose.stderr);
    let places = stderr
        .lines()
        .filter(|l| l.starts_with("  at content/tin-tuc/p"))
        .count();
    assert_eq!(places, 2 * PAGES, "every page's two tags");
}
