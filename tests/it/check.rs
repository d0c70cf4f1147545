//! `loa check`: one small portal per problem, asserting the file:line reported.

use crate::common;
use crate::common::photos;

use std::process::Command;

use common::Portal;
use loa::check::{self, CheckOptions, CheckReport};

fn run(p: &Portal) -> CheckReport {
    check::run(&CheckOptions {
        root: p.root(),
        external: false,
        now: p.opts.now.clone(),
        drafts: false,
    })
}

/// Every diagnostic as `path:line[:col]: severity: message`.
fn lines(r: &CheckReport) -> Vec<String> {
    r.diagnostics.iter().map(ToString::to_string).collect()
}

fn has(r: &CheckReport, start: &str, contains: &str) -> bool {
    lines(r)
        .iter()
        .any(|l| l.starts_with(start) && l.contains(contains))
}

fn portal() -> Portal {
    let p = Portal::new();
    p.page("content/_index.md", "Trang chủ", "Chào mừng.");
    p.page("content/_index.en.md", "Home", "Welcome.");
    p.section("tin-tuc", "Tin tức", "articles");
    p
}

#[test]
fn broken_links_images_and_anchors_name_the_line() {
    let p = portal();
    p.page(
        "content/tin-tuc/b.md",
        "Bài B",
        "## Hỗ trợ vay vốn\n\nCó mục hỗ trợ.",
    );
    p.page(
        "content/tin-tuc/a.md",
        "Bài A",
        "Đầu bài.\n\n[trang không có](/tin-tuc/khong-co/)\n\n[mục sai](b.md#khong-co) và [mục đúng](b.md#ho-tro-vay-von)\n\n[cùng trang](#khong-co-o-day)",
    );
    let r = run(&p);
    let all = lines(&r);
    assert!(
        has(&r, "content/tin-tuc/a.md:6: error", "/tin-tuc/khong-co/"),
        "{all:#?}"
    );
    assert!(
        has(
            &r,
            "content/tin-tuc/a.md:8: error",
            "#khong-co` on /tin-tuc/b/"
        ),
        "{all:#?}"
    );
    assert!(
        has(&r, "content/tin-tuc/a.md:10: error", "#khong-co-o-day"),
        "{all:#?}"
    );
    assert_eq!(r.errors(), 3, "{all:#?}");

    // A missing photo stops the build at the image stage (photos are
    // processed before pages are rendered), named with its line.
    p.page(
        "content/tin-tuc/c.md",
        "Bài C",
        "Đầu bài.\n\n![Ảnh hội chợ](anh.png)",
    );
    let r = run(&p);
    let all = lines(&r);
    assert!(
        has(
            &r,
            "content/tin-tuc/c.md:6: error",
            "image `anh.png`: the file does not exist"
        ),
        "{all:#?}"
    );
}

#[test]
fn a_broken_link_in_a_template_is_reported_once() {
    let p = portal();
    p.page("content/tin-tuc/a.md", "A", "x");
    p.page("content/tin-tuc/b.md", "B", "x");
    p.file(
        "templates/page.html",
        "<html><body><a href=\"/lien-he/\">Liên hệ</a>{{ page.content | safe }}</body></html>",
    );
    let r = run(&p);
    let from_templates: Vec<String> = lines(&r)
        .into_iter()
        .filter(|l| l.starts_with("templates: error") && l.contains("/lien-he/"))
        .collect();
    assert_eq!(from_templates.len(), 1, "{:#?}", lines(&r));
    assert!(
        from_templates[0].contains("on 2 page(s)"),
        "{from_templates:?}"
    );
}

#[test]
fn placeholders_from_new_are_errors_until_filled() {
    let p = portal();
    let rel = loa::scaffold::new_content(&loa::scaffold::NewOptions {
        root: p.root(),
        target: "tin-tuc".into(),
        title: "Phiên giao dịch việc làm tháng 3".into(),
        lang: None,
        today: jiff::civil::Date::new(2026, 11, 1).expect("date"),
    })
    .expect("new");
    let r = run(&p);
    let file = rel.to_string_lossy().replace('\\', "/");
    assert!(
        has(&r, &format!("{file}:4:11: error"), "[[ĐIỀN: một hai câu"),
        "{:#?}",
        lines(&r)
    );
    assert!(
        has(&r, &format!("{file}:7:1: error"), "[[ĐIỀN: nội dung]]"),
        "{:#?}",
        lines(&r)
    );
    assert_eq!(r.errors(), 2);
    p.file(
        &file,
        "---\ntitle: \"Phiên giao dịch việc làm tháng 3\"\ndate: 2026-11-01\nsummary: \"Ngày 10/3.\"\ntags: []\n---\nNội dung thật.\n",
    );
    assert_eq!(run(&p).errors(), 0, "{:#?}", lines(&run(&p)));
}

#[test]
fn text_from_a_pdf_with_lost_characters_is_pointed_at() {
    let p = portal();
    let seed = include_str!("../fixtures/check/seed-002.txt");
    // Four front-matter lines come before the seed's first line.
    p.file(
        "content/tin-tuc/ke-hoach.md",
        &format!(
            "---\ntitle: \"Kế hoạch 2021-2025\"\nsummary: \"Kế hoạch của huyện.\"\n---\n{seed}"
        ),
    );
    let r = run(&p);
    let at = |seed_line: usize| format!("content/tin-tuc/ke-hoach.md:{}:", seed_line + 4);
    for (seed_line, words) in [
        (108, "-  hối"),
        (126, "Hướng d n, theo d i,"),
        (162, "đồng b ng nhiều"),
        (162, "thức ph  hợp."),
        (176, "với  hòng"),
        (196, "tổ ch c chính t ị"),
        (214, "nh m"),
        (218, "thị t ấn"),
    ] {
        assert!(
            has(&r, &at(seed_line), words),
            "line {seed_line} `{words}`: {:#?}",
            lines(&r)
        );
    }
    assert_eq!(r.errors(), 0, "lost characters are warnings");
    // Lines without damage are not reported.
    assert!(!lines(&r).iter().any(|l| l.starts_with(&at(102))));
}

#[test]
fn empty_summaries_and_missing_translations_are_reported() {
    let p = portal();
    p.file(
        "content/tin-tuc/a.md",
        "---\ntitle: A\nsummary: \"\"\n---\n",
    );
    p.page("content/tin-tuc/b.md", "B", "Có đoạn đầu.");
    p.page("content/tin-tuc/b.en.md", "B", "First paragraph.");
    let r = run(&p);
    assert!(
        has(&r, "content/tin-tuc/a.md:1: warning", "no summary"),
        "{:#?}",
        lines(&r)
    );
    assert!(!has(&r, "content/tin-tuc/b.md", "no summary"));
    let missing: Vec<String> = r
        .untranslated
        .iter()
        .map(|u| format!("{} {:?}", u.path.display(), u.missing))
        .collect();
    assert_eq!(missing, ["content/tin-tuc/a.md [\"en\"]"]);
}

#[test]
fn build_errors_are_part_of_the_check() {
    let p = portal();
    p.file(
        "content/tin-tuc/a.md",
        "---\ntitle: A\ndate: hôm qua\n---\n[[ĐIỀN: x]]\n",
    );
    let r = run(&p);
    assert!(!r.rendered);
    assert!(
        has(&r, "content/tin-tuc/a.md:3:", "hôm qua"),
        "{:#?}",
        lines(&r)
    );
    assert!(
        has(&r, "content/tin-tuc/a.md:5:1: error", "[[ĐIỀN: x]]"),
        "{:#?}",
        lines(&r)
    );
}

#[test]
fn legacy_encodings_are_named() {
    for (bytes, name) in [
        (
            &b"Ng\xfd\xf5\xcci Vi\xea\xf2t \xd0\xf4\xccng Tha\xecp"[..],
            "Windows-1258",
        ),
        (&b"Ng\xf6\xf4\xf8i Vie\xe4t \xd1o\xe0ng Tha\xf9p"[..], "VNI"),
        (&b"Ng\xad\xeai Vi\xd6t \xa7\xe5ng Th\xb8p"[..], "TCVN3"),
    ] {
        let p = portal();
        let mut file = b"---\ntitle: A\n---\n".to_vec();
        file.extend_from_slice(bytes);
        p.bytes("content/tin-tuc/a.md", &file);
        let errors = p.build_errors();
        assert!(
            errors.iter().any(|e| e.starts_with("content/tin-tuc/a.md: error: this file is not UTF-8 text (first bad byte on line 4)") && e.contains(name)),
            "{name}: {errors:?}"
        );
    }
}

fn loa(args: &[&str], p: &Portal) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_loa"))
        .args(args)
        .arg("--root")
        .arg(p.root())
        .output()
        .expect("run loa")
}

#[test]
fn exit_status_and_formats() {
    let p = portal();
    p.page("content/tin-tuc/a.md", "A", "Đầu bài.\n\n![](x.png)");
    let out = loa(&["check"], &p);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("content/tin-tuc/a.md\n"),
        "grouped by file: {text}"
    );
    assert!(text.contains("1 error(s), 1 warning(s)"), "{text}");

    let out = loa(&["check", "--format", "json"], &p);
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("check --format json prints JSON");
    assert_eq!(json["errors"], 1);
    let diags = json["diagnostics"].as_array().expect("a diagnostics array");
    let error = diags
        .iter()
        .find(|d| d["severity"] == "error")
        .expect("the error is listed");
    assert_eq!(error["path"], "content/tin-tuc/a.md");
    assert_eq!(error["line"], 6);

    p.bytes("content/tin-tuc/x.png", &photos::png(&photos::halves(8, 8)));
    // Relative to the Markdown file, as in an editor's preview.
    p.page("content/tin-tuc/a.md", "A", "Đầu bài.\n\n![](x.png)");
    let out = loa(&["check"], &p);
    assert_eq!(
        out.status.code(),
        Some(0),
        "warnings only: {}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn external_links_are_asked_only_with_the_flag() {
    // A stand-in for an outside site, on this machine only.
    let server = tiny_http::Server::http("127.0.0.1:0").expect("bind");
    let port = server.server_addr().to_ip().expect("ip").port();
    let handle = std::thread::spawn(move || {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        let mut answered = 0;
        while answered < 2 && std::time::Instant::now() < deadline {
            if let Ok(Some(req)) = server.recv_timeout(std::time::Duration::from_millis(100)) {
                let code = if req.url() == "/con" { 200 } else { 404 };
                let _ = req.respond(tiny_http::Response::empty(code));
                answered += 1;
            }
        }
    });
    let p = portal();
    p.page(
        "content/tin-tuc/a.md",
        "A",
        &format!(
            "Đầu bài.\n\n[còn](http://127.0.0.1:{port}/con)\n\n[mất](http://127.0.0.1:{port}/mat)"
        ),
    );
    assert_eq!(run(&p).errors(), 0, "not fetched by default");
    let r = check::run(&CheckOptions {
        root: p.root(),
        external: true,
        now: p.opts.now.clone(),
        drafts: false,
    });
    handle.join().expect("server thread");
    assert!(
        has(&r, "content/tin-tuc/a.md:8: error", "HTTP 404"),
        "{:#?}",
        lines(&r)
    );
    assert_eq!(r.errors(), 1, "{:#?}", lines(&r));
}

#[test]
fn a_broken_link_in_a_summary_is_blamed_on_its_page_not_the_listing() {
    let p = portal();
    p.page(
        "content/tin-tuc/a.md",
        "A",
        "Xem [trang cũ](/khong-con/) trước.\n\nĐoạn hai.",
    );
    let r = run(&p);
    let all = lines(&r);
    assert!(
        has(&r, "content/tin-tuc/a.md:4: error", "/khong-con/"),
        "{all:#?}"
    );
    assert!(!all.iter().any(|l| l.starts_with("templates")), "{all:#?}");
}

#[test]
fn drafts_and_future_pages_are_checked_when_asked() {
    let p = portal();
    p.file(
        "content/tin-tuc/nhap.md",
        "---\ntitle: Bản nháp\ndate: 2024-01-01\ndraft: true\nsummary: Nháp.\n---\nĐầu bài.\n\n[hỏng](/tin-tuc/khong-co/)\n",
    );
    p.file(
        "content/tin-tuc/sau-nay.md",
        "---\ntitle: Bài sau này\ndate: 2031-06-01\nsummary: Sau.\n---\nĐầu bài.\n\n[hỏng](/tin-tuc/cung-khong-co/)\n",
    );
    let broken = |out: &std::process::Output, what: &str| {
        String::from_utf8_lossy(&out.stdout).contains(what)
    };
    let out = loa(&["check", "--now", "2026-01-01"], &p);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(!broken(&out, "/tin-tuc/khong-co/"));

    let out = loa(&["check", "--now", "2026-01-01", "--drafts"], &p);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        broken(&out, "/tin-tuc/khong-co/"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    let out = loa(&["check", "--now", "2031-07-01"], &p);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        broken(&out, "/tin-tuc/cung-khong-co/"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(!broken(&out, "/tin-tuc/khong-co/"));
}

#[test]
fn a_warning_repeated_on_many_pages_is_reported_once_with_its_places() {
    let p = portal();
    for name in ["a", "b", "c"] {
        p.file(
            &format!("content/tin-tuc/{name}.md"),
            &format!("---\ntitle: {name}\nsummary: \"\"\n---\n"),
        );
    }
    let out = loa(&["check"], &p);
    let text = String::from_utf8_lossy(&out.stdout);
    let summary_lines: Vec<&str> = text.lines().filter(|l| l.contains("no summary")).collect();
    assert_eq!(summary_lines.len(), 1, "{text}");
    assert!(
        summary_lines[0]
            .contains("also in 2 other place(s): content/tin-tuc/b.md:1, content/tin-tuc/c.md:1"),
        "{text}"
    );
    let out = loa(&["check", "--format", "json"], &p);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let diags = json["diagnostics"].as_array().expect("diagnostics");
    let grouped: Vec<&serde_json::Value> = diags
        .iter()
        .filter(|d| {
            d["message"]
                .as_str()
                .is_some_and(|m| m.contains("no summary"))
        })
        .collect();
    assert_eq!(grouped.len(), 1, "{diags:#?}");
    assert_eq!(grouped[0]["path"], "content/tin-tuc/a.md");
    let also: Vec<&str> = grouped[0]["also"]
        .as_array()
        .expect("the other places")
        .iter()
        .map(|p| p["path"].as_str().expect("path"))
        .collect();
    assert_eq!(also, ["content/tin-tuc/b.md", "content/tin-tuc/c.md"]);
}
