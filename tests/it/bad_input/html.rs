//! Script injection through the title, the body and front-matter fields:
//! what is published is text or sanitized HTML, never a script.

use super::{news, ok};
use crate::common::{Portal, SITE_TOML};

const XSS: &str = "<script>alert(1)</script>";

/// True when every `<script` in the page is the theme's own: a JSON-LD data
/// block (escaped for the script context) or an external same-origin file.
fn only_theme_scripts(lower: &str) -> bool {
    lower.match_indices("<script").all(|(i, _)| {
        let tag = &lower[i..];
        tag.starts_with("<script type=\"application/ld+json\">")
            || tag.starts_with("<script src=\"/")
    })
}

fn assert_no_script(html: &str) {
    let lower = html.to_ascii_lowercase();
    assert!(only_theme_scripts(&lower), "a script got through:\n{html}");
    assert!(
        !lower.contains("href=\"javascript:"),
        "a javascript: link got through:\n{html}"
    );
    // Event handlers inside real tags (escaped text such as `&lt;img onerror=`
    // is harmless and expected).
    for tag in lower.split('<').skip(1).filter_map(|t| t.split('>').next()) {
        // Attribute values (between quotes) are text, not attributes.
        let unquoted: String = tag.split('"').step_by(2).collect::<Vec<_>>().join(" ");
        let handler = unquoted
            .split_ascii_whitespace()
            .skip(1)
            .any(|attr| attr.starts_with("on") && attr.contains('='));
        assert!(!handler, "an event handler got through in <{tag}>:\n{html}");
    }
}

#[test]
fn script_in_title_and_fields_is_escaped_text() {
    let p = news();
    p.section("phien", "Phiên", "job_fairs");
    p.file(
        "content/phien/a.md",
        &format!("---\ntitle: \"{XSS}\"\nsummary: \"<img src=x onerror=alert(1)>\"\nstart: 2026-12-01 07:30\nend: 2026-12-01 11:00\nvenue: \"{XSS}\"\ncontact: \"</dd><script>alert(2)</script>\"\n---\nBody.\n"),
    );
    ok(&p);
    let html = p.read("phien/a/index.html");
    assert_no_script(&html);
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    let listing = p.read("phien/index.html");
    assert_no_script(&listing);
}

#[test]
fn script_in_body_is_removed_by_default() {
    let p = news();
    p.page(
        "content/tin-tuc/a.md",
        "A",
        "Trước <script>alert(1)</script> sau.\n\n<div onclick=\"alert(1)\"><img src=\"anh.jpg\" onerror=\"alert(1)\" alt=\"Ảnh\"></div>\n\n[bấm](javascript:alert(1)) và <a href=\"JaVaScRiPt:alert(1)\">đây</a>\n\n## Tiêu đề {onclick=alert(1)}\n\nH<sub>2</sub>O, <u>gạch chân</u>.\n\n<iframe src=\"https://www.youtube.com/embed/abc\" allowfullscreen></iframe>\n\n<iframe src=\"https://evil.example/x\"></iframe>\n",
    );
    ok(&p);
    let html = p.read("tin-tuc/a/index.html");
    assert_no_script(&html);
    assert!(html.contains("<img src=\"anh.jpg\" alt=\"Ảnh\">"), "{html}");
    assert!(html.contains("bấm và <a>đây</a>"), "{html}");
    assert!(html.contains("H<sub>2</sub>O, <u>gạch chân</u>"), "{html}");
    assert!(
        html.contains("src=\"https://www.youtube.com/embed/abc\""),
        "{html}"
    );
    assert!(!html.contains("evil.example"), "{html}");
}

#[test]
fn escape_mode_shows_html_as_text_and_allow_keeps_it() {
    let body = "Trước <b>đậm</b> sau.\n\n<div class=\"hop\">khối</div>\n";
    let p = Portal::with_config(&format!("{SITE_TOML}\n[markdown]\nraw_html = \"escape\"\n"));
    p.page("content/_index.md", "Trang chủ", "x");
    p.page("content/a.md", "A", body);
    ok(&p);
    let html = p.read("a/index.html");
    assert!(html.contains("Trước &lt;b&gt;đậm&lt;/b&gt; sau."), "{html}");
    assert!(
        html.contains("<p>&lt;div class=\"hop\"&gt;khối&lt;/div&gt;"),
        "{html}"
    );

    let p = Portal::with_config(&format!("{SITE_TOML}\n[markdown]\nraw_html = \"allow\"\n"));
    p.page("content/_index.md", "Trang chủ", "x");
    p.page("content/a.md", "A", body);
    ok(&p);
    let html = p.read("a/index.html");
    assert!(
        html.contains("<b>đậm</b>") && html.contains("<div class=\"hop\">khối</div>"),
        "{html}"
    );
}

#[test]
fn iframe_hosts_are_configurable() {
    let p = Portal::with_config(&format!(
        "{SITE_TOML}\n[markdown]\niframe_hosts = [\"video.example.gov.vn\"]\n"
    ));
    p.page("content/_index.md", "Trang chủ", "x");
    p.page(
        "content/a.md",
        "A",
        "<iframe src=\"https://video.example.gov.vn/v/1\"></iframe>\n\n<iframe src=\"https://www.youtube.com/embed/x\"></iframe>\n",
    );
    ok(&p);
    let html = p.read("a/index.html");
    assert!(
        html.contains("src=\"https://video.example.gov.vn/v/1\""),
        "{html}"
    );
    assert!(!html.contains("youtube"), "{html}");
    assert!(
        html.contains("frame-src https://video.example.gov.vn "),
        "{html}"
    );
    let bad = Portal::with_config(&format!(
        "{SITE_TOML}\n[markdown]\niframe_hosts = [\"https://x.example/\"]\n"
    ));
    bad.page("content/_index.md", "Trang chủ", "x");
    super::expect_one(
        &super::errors(&bad),
        &["site.toml", "must be a bare host name"],
    );
}

#[test]
fn links_to_other_sites_get_noopener_and_pages_a_csp() {
    let p = news();
    p.page(
        "content/tin-tuc/a.md",
        "A",
        "[Bộ](https://molisa.gov.vn/) và [nội bộ](https://example.org/tin-tuc/) và <https://dolab.gov.vn>\n",
    );
    ok(&p);
    let html = p.read("tin-tuc/a/index.html");
    assert!(
        html.contains("<a href=\"https://molisa.gov.vn/\" rel=\"noopener\">Bộ</a>"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"https://example.org/tin-tuc/\">nội bộ</a>"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"https://dolab.gov.vn\" rel=\"noopener\">"),
        "{html}"
    );
    let csp = html
        .split("http-equiv=\"Content-Security-Policy\" content=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("a CSP meta tag");
    assert!(
        csp.contains("script-src 'self'") && csp.contains("object-src 'none'"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-eval"), "{csp}");
    // The theme satisfies it: no inline scripts, no inline styles, no
    // style elements, only same-origin stylesheets.
    assert!(only_theme_scripts(&html.to_ascii_lowercase()), "{html}");
    assert!(!html.contains("<style"), "{html}");
    assert!(!html.contains(" style=\""), "{html}");
}

#[test]
fn json_for_script_blocks_survives_a_hostile_title() {
    let p = news();
    p.file(
        "templates/page.html",
        "<script type=\"application/ld+json\">{{ page.title | json_script }}</script>",
    );
    p.file(
        "content/tin-tuc/a.md",
        "---\ntitle: \"Tin </script><script>alert(1)</script> <!-- x\"\n---\n",
    );
    ok(&p);
    let html = p.read("tin-tuc/a/index.html");
    let inner = html
        .strip_prefix("<script type=\"application/ld+json\">")
        .and_then(|h| h.strip_suffix("</script>"))
        .expect("one script block");
    assert!(!inner.contains("</") && !inner.contains("<!--"), "{html}");
    let back: String = serde_json::from_str(inner).expect("valid JSON");
    assert_eq!(back, "Tin </script><script>alert(1)</script> <!-- x");
}
