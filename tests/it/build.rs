//! End-to-end builds of small fixture portals: URLs, translations, listings,
//! aliases, overrides, and what happens on bad input.

use crate::common;

use common::Portal;

fn news_portal() -> Portal {
    let p = Portal::new();
    p.page("content/_index.md", "Trang chủ", "Xin chào.");
    p.section("tin-tuc", "Tin tức", "articles");
    p.file(
        "content/tin-tuc/_index.en.md",
        "---\ntitle: News\nslug: news\n---\nThe news.\n",
    );
    p.file(
        "content/tin-tuc/ho-tro.md",
        "---\ntitle: \"Hỗ trợ vay vốn\"\ndate: 2024-03-15\ntags: [vay-von]\n---\n## Hỗ trợ vay vốn\n\nĐoạn đầu.\n",
    );
    p.file(
        "content/tin-tuc/ho-tro.en.md",
        "---\ntitle: \"Loan support\"\ndate: 2024-03-15\n---\nFirst paragraph.\n",
    );
    p.file(
        "content/tin-tuc/chi-tieng-viet.md",
        "---\ntitle: \"Chỉ tiếng Việt\"\ndate: 2024-01-01\n---\nMột.\n",
    );
    p
}

#[test]
fn hand_made_portal_builds_with_the_embedded_theme() {
    let p = news_portal();
    assert!(!p.root().join("themes").exists());
    let report = p.build_ok();
    assert_eq!(
        report.pages_per_lang,
        vec![("vi".into(), 2), ("en".into(), 1)]
    );
    for f in [
        "index.html",
        "en/index.html",
        "tin-tuc/index.html",
        "tin-tuc/ho-tro/index.html",
        "tin-tuc/chi-tieng-viet/index.html",
        "en/news/index.html",
        "en/news/ho-tro/index.html",
        "404.html",
        "en/404.html",
    ] {
        assert!(p.exists(f), "missing {f}; have {:?}", p.output_files());
    }
    assert!(
        p.output_files()
            .iter()
            .any(|f| f.starts_with("style.") && f.ends_with(".css")),
        "the theme's stylesheet"
    );
    let page = p.read("tin-tuc/ho-tro/index.html");
    assert!(page.contains("<html lang=\"vi\">"), "{page}");
    assert!(page.contains("<h2 id=\"ho-tro-vay-von\">"), "{page}");
    assert!(page.contains("ngày 15 tháng 3 năm 2024"), "{page}");
}

#[test]
fn translations_know_each_other() {
    let p = news_portal();
    p.build_ok();
    let vi = p.read("tin-tuc/ho-tro/index.html");
    assert!(
        vi.contains("hreflang=\"en\" href=\"https://example.org/en/news/ho-tro/\""),
        "{vi}"
    );
    assert!(
        vi.contains("<a href=\"/en/news/ho-tro/\" hreflang=\"en\""),
        "{vi}"
    );
    let en = p.read("en/news/ho-tro/index.html");
    assert!(en.contains("<html lang=\"en\">"), "{en}");
    assert!(
        en.contains("<a href=\"/tin-tuc/ho-tro/\" hreflang=\"vi\""),
        "{en}"
    );
    // No translation: the switcher goes to the English section, marked as such.
    let only_vi = p.read("tin-tuc/chi-tieng-viet/index.html");
    assert!(
        only_vi
            .contains("<a href=\"/en/news/\" hreflang=\"en\" lang=\"en\" class=\"untranslated\""),
        "{only_vi}"
    );
    assert!(
        !only_vi.contains("rel=\"alternate\" hreflang=\"en\""),
        "{only_vi}"
    );
}

#[test]
fn sections_paginate_and_page_one_redirects() {
    let p = Portal::new();
    p.file(
        "content/tin-tuc/_index.md",
        "---\ntitle: Tin tức\nkind: articles\npaginate_by: 2\n---\n",
    );
    for i in 1..=5 {
        p.file(
            &format!("content/tin-tuc/bai-{i}.md"),
            &format!("---\ntitle: Bài {i}\ndate: 2024-01-0{i}\n---\nNội dung {i}.\n"),
        );
    }
    p.build_ok();
    let first = p.read("tin-tuc/index.html");
    // Newest first, two per page.
    let (a, b) = (
        first.find("Bài 5").expect("bài 5"),
        first.find("Bài 4").expect("bài 4"),
    );
    assert!(a < b);
    assert!(!first.contains("Bài 3"));
    assert!(
        first.contains("rel=\"next\" href=\"/tin-tuc/page/2/\""),
        "{first}"
    );
    let third = p.read("tin-tuc/page/3/index.html");
    assert!(
        third.contains("Bài 1") && !third.contains("Bài 2"),
        "{third}"
    );
    assert!(
        third.contains("rel=\"prev\" href=\"/tin-tuc/page/2/\""),
        "{third}"
    );
    assert!(!p.exists("tin-tuc/page/4/index.html"));
    assert!(
        p.read("tin-tuc/page/1/index.html")
            .contains("url=/tin-tuc/")
    );
}

#[test]
fn aliases_redirect_to_the_new_url() {
    let p = Portal::new();
    p.section("tin-tuc", "Tin tức", "articles");
    p.file(
        "content/tin-tuc/moi.md",
        "---\ntitle: Mới\naliases: [\"/bai-cu/\", \"/old/page.html\"]\n---\nx\n",
    );
    p.build_ok();
    for f in ["bai-cu/index.html", "old/page.html"] {
        let html = p.read(f);
        assert!(
            html.contains("http-equiv=\"refresh\" content=\"0; url=/tin-tuc/moi/\""),
            "{f}: {html}"
        );
        assert!(
            html.contains("href=\"https://example.org/tin-tuc/moi/\""),
            "{html}"
        );
    }
}

#[test]
fn page_bundles_copy_their_files_beside_each_language() {
    let p = Portal::new();
    p.section("chuyen", "Chuyện", "stories");
    p.file(
        "content/chuyen/anh-an/index.md",
        "---\ntitle: Anh An\nperson: An (hư cấu)\n---\n[Mẫu đơn](mau-don.pdf)\n",
    );
    p.file(
        "content/chuyen/anh-an/index.en.md",
        "---\ntitle: Mr An\nperson: An (fictional)\n---\n[Form](mau-don.pdf)\n",
    );
    p.bytes("content/chuyen/anh-an/mau-don.pdf", b"%PDF-1.4 fake");
    p.build_ok();
    assert!(p.exists("chuyen/anh-an/index.html"));
    assert_eq!(
        std::fs::read(p.out().join("chuyen/anh-an/mau-don.pdf")).expect("vi copy"),
        b"%PDF-1.4 fake"
    );
    assert!(
        p.exists("en/chuyen/anh-an/mau-don.pdf"),
        "{:?}",
        p.output_files()
    );
}

#[test]
fn static_and_content_files_are_copied() {
    let p = news_portal();
    p.file("static/robots.txt", "User-agent: *\n");
    p.file("content/tin-tuc/bang.pdf", "%PDF-fake");
    p.build_ok();
    assert_eq!(p.read("robots.txt"), "User-agent: *\n");
    assert_eq!(p.read("tin-tuc/bang.pdf"), "%PDF-fake");
}

#[test]
fn portal_templates_override_single_files() {
    let p = news_portal();
    p.file(
        "templates/page.html",
        "<p>custom {{ page.title }} in {{ lang }}</p>",
    );
    p.build_ok();
    assert_eq!(
        p.read("tin-tuc/ho-tro/index.html"),
        "<p>custom Hỗ trợ vay vốn in vi</p>"
    );
    // Other templates still come from the built-in theme.
    assert!(p.read("tin-tuc/index.html").contains("<!DOCTYPE html>"));
}

#[test]
fn portal_i18n_overrides_theme_strings_key_by_key() {
    let p = news_portal();
    p.file("i18n/vi.yaml", "home: Về đầu\n");
    p.build_ok();
    let page = p.read("tin-tuc/ho-tro/index.html");
    assert!(page.contains(">Về đầu</a>"), "{page}");
    assert!(page.contains("Bỏ qua, đến nội dung chính"), "{page}");
}

#[test]
fn drafts_and_future_pages_are_left_out_unless_asked() {
    let mut p = news_portal();
    p.file(
        "content/tin-tuc/nhap.md",
        "---\ntitle: Nháp\ndraft: true\n---\nx\n",
    );
    p.file(
        "content/tin-tuc/sap-toi.md",
        "---\ntitle: Sắp tới\ndate: 2030-01-01\n---\nx\n",
    );
    p.build_ok();
    assert!(!p.exists("tin-tuc/nhap/index.html"));
    assert!(!p.exists("tin-tuc/sap-toi/index.html"));
    assert!(!p.read("tin-tuc/index.html").contains("Nháp"));
    p.opts.drafts = true;
    p.build_ok();
    assert!(p.exists("tin-tuc/nhap/index.html"));
    assert!(p.exists("tin-tuc/sap-toi/index.html"));
}

#[test]
fn markdown_links_to_content_files_become_urls_in_the_readers_language() {
    let p = news_portal();
    p.file(
        "content/lien-he.md",
        "---\ntitle: Liên hệ\n---\nXem [bài](tin-tuc/ho-tro.md#ho-tro-vay-von).\n",
    );
    p.file(
        "content/lien-he.en.md",
        "---\ntitle: Contact\n---\nSee [the article](tin-tuc/ho-tro.md).\n",
    );
    p.build_ok();
    assert!(
        p.read("lien-he/index.html")
            .contains("href=\"/tin-tuc/ho-tro/#ho-tro-vay-von\"")
    );
    assert!(
        p.read("en/lien-he/index.html")
            .contains("href=\"/en/news/ho-tro/\"")
    );
}

#[test]
fn code_blocks_are_highlighted_with_classes_and_a_stylesheet() {
    let p = news_portal();
    p.file(
        "content/ky-thuat.md",
        "---\ntitle: Kỹ thuật\n---\n```yaml\ntitle: x\n```\n",
    );
    p.build_ok();
    let html = p.read("ky-thuat/index.html");
    assert!(html.contains("class=\"hl-"), "{html}");
    assert!(html.contains("syntax.css"), "{html}");
    assert!(p.read("syntax.css").contains(".hl-"));
    // Pages without code do not load it.
    assert!(!p.read("tin-tuc/ho-tro/index.html").contains("syntax.css"));
}

/// `minify = true`: the templates lose their indentation and HTML pasted
/// into a body is minified where it is rendered; the page is still a whole
/// page.
#[test]
fn minified_output_is_smaller_and_still_a_page() {
    let build = |minify: &str| {
        let p = Portal::with_config(&common::SITE_TOML.replace("minify = false", minify));
        p.page(
            "content/_index.md",
            "Trang chủ",
            "Xin   chào.\n\n<div>\n  <p>  Dán   từ Word  </p>\n</div>\n",
        );
        p.page("content/a.md", "A", "Chỉ   Markdown.");
        p.build_ok();
        (p.read("index.html"), p.read("a/index.html"))
    };
    let (small, small_a) = build("minify = true");
    let (full, _) = build("minify = false");
    assert!(small.len() < full.len(), "{small}");
    assert!(
        small
            .to_lowercase()
            .starts_with("<!doctype html>\n<html lang=\"vi\""),
        "{small}"
    );
    assert!(small.trim_end().ends_with("</html>"), "{small}");
    assert!(!small.contains("\n  "), "{small}");
    assert!(
        full.contains("\n  "),
        "the fixture's templates are indented"
    );
    // Pasted HTML is minified; what pulldown-cmark wrote is left as it is.
    assert!(
        small.contains("<p>Xin chào.</p><div><p>Dán từ Word</p></div>"),
        "{small}"
    );
    assert!(small_a.contains("<p>Chỉ   Markdown.</p>"), "{small_a}");
    assert!(full.contains("<p>  Dán   từ Word  </p>"), "{full}");
}

#[test]
fn taxonomy_terms_get_pages_with_translated_names() {
    let p = Portal::with_config(&format!(
        "{}\n[taxonomies.markets]\nnames = {{ vi = \"Thị trường\", en = \"Markets\" }}\n[taxonomies.markets.terms]\nnhat-ban = {{ vi = \"Nhật Bản\", en = \"Japan\" }}\n",
        common::SITE_TOML
    ));
    p.section("tin-tuc", "Tin tức", "articles");
    p.file(
        "content/tin-tuc/a.md",
        "---\ntitle: A\nmarkets: [nhat-ban]\n---\nx\n",
    );
    p.file(
        "content/tin-tuc/a.en.md",
        "---\ntitle: A en\nmarkets: [nhat-ban]\n---\nx\n",
    );
    p.build_ok();
    assert!(
        p.read("thi-truong/nhat-ban/index.html")
            .contains("Nhật Bản")
    );
    assert!(p.read("en/markets/japan/index.html").contains("A en"));
    assert!(
        p.read("thi-truong/index.html")
            .contains("href=\"/thi-truong/nhat-ban/\"")
    );
    assert!(
        p.read("tin-tuc/a/index.html")
            .contains("<a href=\"/thi-truong/nhat-ban/\">Nhật Bản</a>")
    );
}
