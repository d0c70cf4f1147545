//! Being found: feeds, sitemap, robots.txt, share tags, JSON-LD, and the
//! in-browser search on the sample portal.

use crate::common;
use crate::common::http;

use std::path::PathBuf;

use common::Portal;

fn sample() -> (tempfile::TempDir, PathBuf) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("public");
    loa::build(&loa::BuildOptions {
        root: root.to_path_buf(),
        output: Some(out.clone()),
        now: Some("2026-11-22".into()),
        ..Default::default()
    })
    .unwrap_or_else(|e| panic!("{e:?}"));
    (dir, out)
}

fn read(out: &std::path::Path, f: &str) -> String {
    std::fs::read_to_string(out.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"))
}

#[test]
fn feeds_parse_and_carry_absolute_links() {
    let (_d, out) = sample();
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
        assert!(feed.entries.len() <= 20, "{f}");
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
    let (_d, out) = sample();
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
    assert!(n > 100, "{n}");
    assert!(alternates > 50, "{alternates}");
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
    let (_d, out) = sample();
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
        home.contains("<meta content=vi_VN property=og:locale>"),
        "og:locale"
    );
    assert!(
        home.contains("<meta content=en_US property=og:locale:alternate>"),
        "og:locale:alternate"
    );

    let fair = read(
        &out,
        "phien-giao-dich/phien-giao-dich-viec-lam-thang-12-2026/index.html",
    );
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

    let article = read(
        &out,
        "tin-tuc/dong-thap-phoi-hop-day-manh-xkld-2023/index.html",
    );
    let a = json_ld(&article);
    let news = of_type(&a, "NewsArticle");
    assert!(news["headline"].is_string() && news["datePublished"].is_string());
    assert!(
        article.contains("<meta content=article property=og:type>"),
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

fn results(base: &str, page: &str, query: &str) -> (String, Vec<String>) {
    let q: String = query
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let dom = http::dump_dom(&format!("{base}{page}?q={q}"));
    let status = dom
        .split("id=\"search-status\"")
        .nth(1)
        .and_then(|s| s.split("</p>").next())
        .unwrap_or("")
        .to_string();
    let list = dom
        .split("id=\"search-results\"")
        .nth(1)
        .and_then(|s| s.split("</ol>").next())
        .unwrap_or("");
    let links = list
        .split("<a href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_string)
        .collect();
    (status, links)
}

/// Runs the built sample portal's search in headless Chromium.
#[test]
fn search_forgives_missing_accents_and_escapes_queries() {
    let (_d, out) = sample();
    let base = http::serve(out);
    let (status, hits) = results(&base, "/tim-kiem/", "ho tro");
    assert!(!hits.is_empty(), "no results for 'ho tro': {status}");
    let (_, titles_dom) = (
        status.clone(),
        http::dump_dom(&format!("{base}/tim-kiem/?q=ho%20tro")),
    );
    assert!(
        titles_dom.contains("<mark>Hỗ</mark> <mark>trợ</mark>"),
        "titles with Hỗ trợ are highlighted"
    );
    let (_, a) = results(&base, "/tim-kiem/", "nhat ban");
    let (_, b) = results(&base, "/tim-kiem/", "Nhật Bản");
    let (_, c) = results(&base, "/tim-kiem/", "NHAT BAN");
    assert!(!a.is_empty());
    assert_eq!(a, b);
    assert_eq!(a, c);
    let (_, d) = results(&base, "/tim-kiem/", "dong thap");
    assert!(!d.is_empty(), "đ folds to d");
    let (_, x) = results(&base, "/tim-kiem/", "XKLĐ");
    assert!(
        !x.is_empty(),
        "synonyms: XKLĐ finds pages about working abroad"
    );
    let (_, en) = results(&base, "/en/search/", "Japan");
    assert!(
        !en.is_empty() && en.iter().all(|h| h.starts_with("/en/")),
        "English search is scoped to English pages: {en:?}"
    );
    let (status, none) = results(&base, "/tim-kiem/", "<script>alert(1)</script>");
    assert!(none.is_empty());
    assert!(
        status.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{status}"
    );
}
