//! Being found: feeds, sitemap, robots.txt, share tags and JSON-LD, on a small portal with every kind of page
//! (`tests/fixtures/whole-site/every-kind`). The in-browser search is
//! checked in `browser` (it needs Chromium).

use crate::common;
use crate::common::fixture;

use std::path::PathBuf;

use common::Portal;

/// The every-kind fixture portal, built; the temp folder and its output.
fn built() -> (Portal, PathBuf) {
    let p = fixture::every_kind();
    p.build_ok();
    let out = p.out();
    (p, out)
}

fn read(out: &std::path::Path, f: &str) -> String {
    std::fs::read_to_string(out.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"))
}

#[test]
fn feeds_parse_and_carry_absolute_links() {
    let (_d, out) = built();
    for f in [
        "atom.xml",
        "rss.xml",
        "en/atom.xml",
        "en/rss.xml",
        "tin-tuc/atom.xml",
        "tin-tuc/rss.xml",
        "phien-giao-dich/rss.xml",
        "en/news/atom.xml",
    ] {
        let text = read(&out, f);
        let feed = feed_rs::parser::parse(text.as_bytes()).unwrap_or_else(|e| panic!("{f}: {e}"));
        assert!(!feed.entries.is_empty(), "{f} has no entries");
        // `[feeds] limit = 2`, and the home and news feeds have 3 candidates.
        assert!(feed.entries.len() <= 2, "{f}");
        if f == "atom.xml" {
            assert_eq!(
                feed.entries.len(),
                2,
                "the limit, not the content, bounds {f}"
            );
        }
        for e in &feed.entries {
            let link = &e
                .links
                .first()
                .unwrap_or_else(|| panic!("{f}: entry without link"))
                .href;
            assert!(link.starts_with("https://xkld.example.org/"), "{f}: {link}");
            let local = link.trim_start_matches("https://xkld.example.org/");
            assert!(
                out.join(local).join("index.html").exists(),
                "{f}: {link} does not exist"
            );
        }
        let dates: Vec<_> = feed
            .entries
            .iter()
            .filter_map(|e| e.published.or(e.updated))
            .collect();
        assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{f}: newest first");
    }
    let en = read(&out, "en/atom.xml");
    assert!(
        en.contains("xml:lang=\"en\"") && !en.contains("/tin-tuc/"),
        "English feed holds English pages only"
    );
}

#[test]
fn sitemap_lists_existing_urls_with_alternates_and_robots_points_at_it() {
    let (_d, out) = built();
    let text = read(&out, "sitemap.xml");
    let doc = roxmltree::Document::parse(&text).expect("sitemap is XML");
    let mut n = 0;
    let mut alternates = 0;
    for url in doc.descendants().filter(|n| n.has_tag_name("url")) {
        let loc = url
            .children()
            .find(|c| c.has_tag_name("loc"))
            .and_then(|c| c.text())
            .expect("loc");
        let local = loc
            .strip_prefix("https://xkld.example.org/")
            .expect("absolute");
        let file = if local.is_empty() || local.ends_with('/') {
            format!("{local}index.html")
        } else {
            local.to_string()
        };
        assert!(out.join(&file).exists(), "{loc}");
        for alt in url.children().filter(|c| c.has_tag_name("link")) {
            let href = alt.attribute("href").expect("href");
            assert!(
                out.join(href.trim_start_matches("https://xkld.example.org/"))
                    .join("index.html")
                    .exists(),
                "{href}"
            );
            alternates += 1;
        }
        n += 1;
    }
    assert!(n > 50, "{n}");
    assert!(alternates > 20, "{alternates}");
    assert!(text.contains("<lastmod>"));
    assert!(read(&out, "robots.txt").contains("Sitemap: https://xkld.example.org/sitemap.xml"));
}

fn json_ld(html: &str) -> serde_json::Value {
    let start = html
        .find("<script type=\"application/ld+json\">")
        .or_else(|| html.find("<script type=application/ld+json>"))
        .expect("json-ld block");
    let rest = &html[start..];
    let body = &rest[rest.find('>').expect(">") + 1..rest.find("</script>").expect("end")];
    serde_json::from_str(body).unwrap_or_else(|e| panic!("JSON-LD does not parse: {e}\n{body}"))
}

fn of_type<'a>(v: &'a serde_json::Value, t: &str) -> &'a serde_json::Value {
    v["@graph"]
        .as_array()
        .expect("graph")
        .iter()
        .find(|n| n["@type"] == t)
        .unwrap_or_else(|| panic!("no {t} in {v}"))
}

#[test]
fn json_ld_and_share_tags_describe_each_page() {
    let (_d, out) = built();
    let home = read(&out, "index.html");
    let ld = json_ld(&home);
    assert!(of_type(&ld, "GovernmentOrganization")["name"].is_string());
    let site = of_type(&ld, "WebSite");
    assert_eq!(site["potentialAction"]["@type"], "SearchAction");
    assert!(
        site["potentialAction"]["target"]["urlTemplate"]
            .as_str()
            .expect("template")
            .contains("/tim-kiem/?q={search_term_string}")
    );
    assert!(
        home.contains("<meta property=\"og:locale\" content=\"vi_VN\">"),
        "og:locale"
    );
    assert!(
        home.contains("<meta property=\"og:locale:alternate\" content=\"en_US\">"),
        "og:locale:alternate"
    );

    let fair = read(&out, "phien-giao-dich/thang-12-2026/index.html");
    let ev = json_ld(&fair);
    let e = of_type(&ev, "Event");
    for field in [
        "name",
        "startDate",
        "endDate",
        "eventStatus",
        "location",
        "organizer",
    ] {
        assert!(!e[field].is_null(), "Event lacks {field}: {e}");
    }
    assert_eq!(e["location"]["@type"], "Place");
    assert_eq!(
        of_type(&ev, "BreadcrumbList")["itemListElement"]
            .as_array()
            .expect("items")
            .len(),
        3
    );

    let article = read(&out, "tin-tuc/dong-thap-phoi-hop-day-manh-xkld/index.html");
    let a = json_ld(&article);
    let news = of_type(&a, "NewsArticle");
    assert!(news["headline"].is_string() && news["datePublished"].is_string());
    assert!(
        article.contains("<meta property=\"og:type\" content=\"article\">"),
        "og:type"
    );
}

#[test]
fn text_in_json_ld_cannot_close_the_script() {
    let p = Portal::new();
    p.page("content/_index.md", "Trang chủ", "x");
    p.section("tin", "Tin", "articles");
    p.file(
        "content/tin/a.md",
        "---\ntitle: \"Bài </script><script>alert(1)</script> <!-- x\"\ndate: 2024-01-01\n---\nx\n",
    );
    p.build_ok();
    let html = p.read("tin/a/index.html");
    let ld = json_ld(&html);
    assert_eq!(
        of_type(&ld, "NewsArticle")["headline"],
        "Bài </script><script>alert(1)</script> <!-- x"
    );
    assert!(!html.contains("<script>alert(1)"), "{html}");
}

#[test]
fn highlighting_has_a_dark_theme() {
    let p = Portal::new();
    p.page("content/_index.md", "Trang chủ", "x");
    p.page("content/ma.md", "Mã", "```yaml\na: 1\n```");
    p.build_ok();
    let css = p.read("syntax.css");
    assert!(
        css.contains(".hl-") && css.contains("@media (prefers-color-scheme: dark)"),
        "{css}"
    );
}

/// Feed readers show an entry away from the site, so every link of its HTML
/// is made absolute the way a browser on the page would resolve it
/// (`url::Url::join`): a protocol-relative link keeps its own host, and a
/// link that names its scheme is left as written. (Quoting is made even by
/// the body's sanitizer before; `render::feeds`' unit tests cover odd quoting
/// and `srcset`, and `images::feeds_carry_absolute_image_candidates` the
/// processed images' candidates.)
#[test]
fn feed_entry_links_resolve_like_a_browser_on_the_page() {
    let toml = common::SITE_TOML.replace(
        "base_url = \"https://example.org/\"",
        "base_url = \"https://example.org/xkld/\"",
    );
    let p = Portal::with_config(&format!("{toml}\n[feeds]\nfull_content = true\n"));
    p.page("content/_index.md", "Trang chủ", "x");
    p.section("tin-tuc", "Tin tức", "articles");
    p.file(
        "content/tin-tuc/a.md",
        "---\ntitle: A\ndate: 2024-01-02\n---\n\
         [proto](//host.example/x) [root](/xkld/tin-tuc/) [abs](https://other.example/y?a=1)\n\
         [frag](#muc) [query](?trang=2) [up](../) [mail](mailto:a@b.vn) [tel](tel:+84123456)\n\n\
         <a href='/xkld/don' title=\"x\">single</a> <a href=/xkld/khong-ngoac class=c>bare</a> \
         <img src=\"//cdn.example/p.png\" alt=\"\">\n",
    );
    p.build_ok();
    let feed = p.read("tin-tuc/atom.xml");
    let doc = roxmltree::Document::parse(&feed).expect("the feed is XML");
    let html = doc
        .descendants()
        .find(|n| n.has_tag_name("content"))
        .and_then(|n| n.text())
        .expect("the entry's content")
        .to_string();
    let page = "https://example.org/xkld/tin-tuc/a/";
    for want in [
        "href=\"https://host.example/x\"".to_string(),
        "href=\"https://example.org/xkld/tin-tuc/\"".to_string(),
        "href=\"https://other.example/y?a=1\"".to_string(),
        format!("href=\"{page}#muc\""),
        format!("href=\"{page}?trang=2\""),
        "href=\"https://example.org/xkld/tin-tuc/\"".to_string(),
        "href=\"mailto:a@b.vn\"".to_string(),
        "href=\"tel:+84123456\"".to_string(),
        "href=\"https://example.org/xkld/don\" title=\"x\"".to_string(),
        "href=\"https://example.org/xkld/khong-ngoac\"".to_string(),
        "src=\"https://cdn.example/p.png\"".to_string(),
    ] {
        assert!(html.contains(&want), "{want} not in {html}");
    }
    assert!(!html.contains("org//"), "a doubled slash: {html}");
}
