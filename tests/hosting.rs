//! Hosting anywhere: a site under a sub-path (`https://example.org/xkld/`)
//! served under that prefix, with every reference of every file checked.

mod common;
#[path = "common/http.rs"]
mod http;
#[path = "common/links.rs"]
mod links;
#[path = "common/photos.rs"]
mod photos;

use std::path::PathBuf;

use common::Portal;
use links::Mode;

const ORIGIN: &str = "https://example.org";

/// site.toml of a portal under a sub-path; the base URL lacks its trailing
/// slash on purpose (it is normalized).
const SUB_PATH_TOML: &str = r#"
base_url = "https://example.org/xkld"
title = "Cổng thử"
minify = false
paginate = 1

[languages.vi]
name = "Tiếng Việt"
title = "Cổng thử"
menu = [
  { name = "Tin tức", section = "tin-tuc" },
  { name = "Chính sách", section = "chinh-sach" },
  { name = "Liên hệ", page = "lien-he.md" },
  { name = "Phiên", url = "/phien/" },
]

[languages.en]
name = "English"
title = "Test portal"
menu = [ { name = "News", section = "tin-tuc" } ]

[share]
image = "/anh/chia-se.jpg"
"#;

/// A portal with one of everything that makes a URL: pages, translations,
/// pagers, tags, aliases, a bundle photo, a policy, a job fair (calendar),
/// a story with a photo, search, feeds, sitemap, 404 pages.
pub fn sub_path_portal() -> Portal {
    let p = Portal::with_config(SUB_PATH_TOML);
    let jpeg = photos::jpeg(&photos::halves(1000, 600));
    p.page("content/_index.md", "Trang chủ", "Xin chào.");
    p.page("content/_index.en.md", "Home", "Hello.");
    p.page(
        "content/lien-he.md",
        "Liên hệ",
        "Gọi [tin tức](tin-tuc/ho-tro/index.md).",
    );
    p.section("tin-tuc", "Tin tức", "articles");
    p.file(
        "content/tin-tuc/_index.en.md",
        "---\ntitle: News\nslug: news\n---\n",
    );
    p.file(
        "content/tin-tuc/ho-tro/index.md",
        "---\ntitle: \"Hỗ trợ vay vốn\"\ndate: 2024-03-15\ntags: [vay-von]\naliases: [/tin-cu/ho-tro/]\nimage: anh.jpg\n---\nĐoạn đầu [chính sách](../../chinh-sach/nq.md).\n\n![Hội trường](anh.jpg)\n",
    );
    p.bytes("content/tin-tuc/ho-tro/anh.jpg", &jpeg);
    p.file(
        "content/tin-tuc/ho-tro/index.en.md",
        "---\ntitle: \"Loan support\"\ndate: 2024-03-15\n---\nFirst paragraph.\n",
    );
    p.file(
        "content/tin-tuc/hai.md",
        "---\ntitle: \"Tin hai\"\ndate: 2024-02-01\ntags: [vay-von]\n---\nHai.\n",
    );
    p.section("chinh-sach", "Chính sách", "policies");
    p.file(
        "content/chinh-sach/nq.md",
        "---\ntitle: \"Nghị quyết hỗ trợ\"\ndate: 2024-01-01\ndocument:\n  number: \"01/2024/NQ\"\n  issuer: \"HĐND\"\nbeneficiaries: [ho-ngheo]\nsupport:\n  - group: Hộ nghèo\n    items:\n      - item: Học phí\n        amount: 4500000\n---\nNội dung.\n",
    );
    p.section("phien", "Phiên giao dịch", "job_fairs");
    p.file(
        "content/phien/thang-12.md",
        "---\ntitle: \"Phiên tháng 12\"\ndate: 2026-11-01\nstart: 2026-12-15 07:30\nend: 2026-12-15 11:30\nvenue: Hội trường\n---\nx\n",
    );
    p.section("chuyen", "Câu chuyện", "stories");
    p.file(
        "content/chuyen/an.md",
        "---\ntitle: \"Chị An\"\ndate: 2024-01-01\nperson: Chị An\ncountry: nhat-ban\nphoto: /anh/an.jpg\nphoto_alt: Chị An\n---\nx\n",
    );
    p.bytes("static/anh/an.jpg", &jpeg);
    p.bytes("static/anh/chia-se.jpg", &jpeg);
    p
}

fn check_hosted(out: PathBuf) -> links::Findings {
    let server = http::serve_under(out.clone(), "/xkld/");
    links::check(
        &out,
        &Mode::Hosted {
            server: &server,
            base_path: "/xkld/",
            origin: ORIGIN,
        },
    )
}

#[test]
fn every_reference_of_a_sub_path_site_resolves_under_its_prefix() {
    let p = sub_path_portal();
    p.build_ok();
    let found = check_hosted(p.out());
    assert!(
        found.problems.is_empty(),
        "{} of {} references are broken:\n{}",
        found.problems.len(),
        found.checked,
        found.problems.join("\n")
    );
    // The checker really saw each kind of reference.
    for kind in [
        "href",
        "link-href",
        "src",
        "srcset",
        "action",
        "data",
        "refresh",
        "json",
        "json-ld",
        "absolute",
        "meta",
    ] {
        assert!(
            found.kinds.get(kind).copied().unwrap_or(0) > 0,
            "no `{kind}` references: {:?}",
            found.kinds
        );
    }
    // Spot checks on files whose URLs are easy to get wrong.
    let sitemap = p.read("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/xkld/tin-tuc/ho-tro/</loc>"),
        "{sitemap}"
    );
    let alias = p.read("tin-cu/ho-tro/index.html");
    assert!(alias.contains("url=/xkld/tin-tuc/ho-tro/"), "{alias}");
    let fair = p.read("phien/thang-12/index.html");
    assert!(fair.contains("/xkld/phien/thang-12/"), "{fair}");
    assert!(fair.contains(".ics\""), "{fair}");
}

#[test]
fn the_checker_catches_a_link_that_escapes_the_prefix() {
    // The same portal with a template link that forgets the base path: the
    // check must fail, or the test above proves nothing.
    let p = sub_path_portal();
    p.file(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h1>404</h1><a href=\"/tin-tuc/\">x</a><img src=\"/xkld/nope.png\" alt=\"\">{% endblock content %}",
    );
    p.build_ok();
    let found = check_hosted(p.out());
    let all = found.problems.join("\n");
    assert!(
        all.contains("`/tin-tuc/`: resolves to /tin-tuc/, outside /xkld/"),
        "{all}"
    );
    assert!(
        all.contains("`/xkld/nope.png`: GET /xkld/nope.png answered 404"),
        "{all}"
    );
}

#[test]
fn base_url_is_normalized_and_a_query_or_fragment_is_refused() {
    let p = sub_path_portal();
    p.build_ok();
    assert!(p.read("index.html").contains("href=\"/xkld/tin-tuc/\""));
    for bad in [
        "https://example.org/xkld/?v=1",
        "https://example.org/xkld/#top",
    ] {
        let q = Portal::with_config(&SUB_PATH_TOML.replace("https://example.org/xkld", bad));
        q.page("content/_index.md", "Trang chủ", "x");
        let errors = q.build_errors().join("\n");
        assert!(errors.contains("site.toml:2:"), "{errors}");
        assert!(errors.contains("query (?) or fragment (#)"), "{errors}");
    }
}

#[test]
fn the_sample_portal_resolves_under_a_sub_path() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().expect("temp");
    let dest = out.path().join("public");
    loa::build(&loa::BuildOptions {
        root,
        output: Some(dest.clone()),
        base_url: Some("https://example.org/xkld/".into()),
        now: Some("2026-11-22T12:00:00+07:00".into()),
        ..Default::default()
    })
    .expect("the sample portal builds");
    let found = check_hosted(dest);
    assert!(found.checked > 1000, "only {} references", found.checked);
    assert!(
        found.problems.is_empty(),
        "{} of {} references are broken:\n{}",
        found.problems.len(),
        found.checked,
        found.problems.join("\n")
    );
}
