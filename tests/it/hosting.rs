//! Hosting anywhere: a site under a sub-path (`https://example.org/xkld/`)
//! served under that prefix, with every reference of every file checked.

use crate::common;
use crate::common::fixture;
use crate::common::http;
use crate::common::links;
use crate::common::photos;

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

/// The every-kind fixture (each section kind, taxonomies, the register,
/// photos, minified output) served under a sub-path: every reference of
/// every file resolves.
#[test]
fn a_portal_with_every_kind_resolves_under_a_sub_path() {
    let mut p = fixture::every_kind();
    p.opts.base_url = Some("https://example.org/xkld/".into());
    p.build_ok();
    let found = check_hosted(p.out());
    assert!(found.checked > 1000, "only {} references", found.checked);
    assert!(
        found.problems.is_empty(),
        "{} of {} references are broken:\n{}",
        found.problems.len(),
        found.checked,
        found.problems.join("\n")
    );
}

#[test]
fn host_files_carry_the_base_path() {
    let p = sub_path_portal();
    p.build_ok();
    let redirects = p.read("_redirects");
    for rule in [
        "/xkld/tin-cu/ho-tro/ /xkld/tin-tuc/ho-tro/ 301",
        "/xkld/tin-tuc/page/1/ /xkld/tin-tuc/ 301",
        "/xkld/en/* /xkld/en/404.html 404",
    ] {
        assert!(
            redirects.lines().any(|l| l == rule),
            "no `{rule}` in:\n{redirects}"
        );
    }
    assert!(
        !redirects.lines().any(|l| l.starts_with("/tin")),
        "{redirects}"
    );
    let headers = p.read("_headers");
    let block = |path: &str| -> String {
        let mut lines = headers.lines().skip_while(|l| *l != path).skip(1);
        let mut out = String::new();
        while let Some(l) = lines.next().filter(|l| l.starts_with("  ")) {
            out.push_str(l.trim());
            out.push('\n');
        }
        out
    };
    let all = block("/xkld/*");
    for h in [
        "X-Content-Type-Options: nosniff",
        "Referrer-Policy: strict-origin-when-cross-origin",
        "Content-Security-Policy: frame-ancestors 'self'",
    ] {
        assert!(all.contains(h), "{h} not in:\n{headers}");
    }
    // SVGs in any folder run no script, even opened on their own.
    assert_eq!(
        block("/xkld/*.svg"),
        "Content-Security-Policy: frame-ancestors 'self'; script-src 'none'\n",
        "{headers}"
    );
    let immutable = "Cache-Control: public, max-age=31536000, immutable";
    assert!(block("/xkld/img/*").contains(immutable), "{headers}");
    let files = p.output_files();
    let style = files
        .iter()
        .find(|f| f.starts_with("style.") && f.ends_with(".css"))
        .expect("stylesheet");
    assert!(
        block(&format!("/xkld/{style}")).contains(immutable),
        "{headers}"
    );
    let search_js = files
        .iter()
        .find(|f| f.starts_with("js/search.") && f.ends_with(".js"))
        .expect("search script");
    assert!(
        block(&format!("/xkld/{search_js}")).contains(immutable),
        "{headers}"
    );
    let ics: Vec<&String> = files.iter().filter(|f| f.ends_with(".ics")).collect();
    assert!(ics.len() >= 2, "{files:?}");
    for f in ics {
        assert_eq!(
            block(&format!("/xkld/{f}")),
            "Content-Type: text/calendar; charset=utf-8\n",
            "{headers}"
        );
    }
    // Pages and feeds are not cached for a year.
    assert!(!headers.contains("/xkld/index.html"), "{headers}");
    assert!(p.exists(".nojekyll"));
    assert!(
        !files
            .iter()
            .any(|f| f.ends_with(".gz") || f.ends_with(".br"))
    );
}

#[test]
fn a_static_file_in_img_keeps_the_images_folder_out_of_the_long_cache() {
    let p = sub_path_portal();
    p.bytes("static/img/logo.png", &photos::png(&photos::halves(20, 20)));
    p.build_ok();
    let headers = p.read("_headers");
    assert!(!headers.contains("/xkld/img/*"), "{headers}");
    assert!(!headers.contains("/xkld/img/logo.png"), "{headers}");
    let processed: Vec<String> = p
        .output_files()
        .into_iter()
        .filter(|f| f.starts_with("img/") && f != "img/logo.png")
        .collect();
    assert!(!processed.is_empty());
    for f in processed {
        assert!(
            headers.contains(&format!(
                "/xkld/{f}\n  Cache-Control: public, max-age=31536000, immutable"
            )),
            "{f}: {headers}"
        );
    }
}

#[test]
fn host_files_can_be_turned_off() {
    let p = sub_path_portal();
    p.file(
        "site.toml",
        &format!(
            "{SUB_PATH_TOML}\n[hosting]\nredirects = false\nheaders = false\nnojekyll = false\n"
        ),
    );
    p.build_ok();
    for f in ["_redirects", "_headers", ".nojekyll"] {
        assert!(!p.exists(f), "{f}");
    }
    let q = Portal::with_config(&format!("{SUB_PATH_TOML}\n[hosting]\nprecompres = true\n"));
    q.page("content/_index.md", "Trang chủ", "x");
    let errors = q.build_errors().join("\n");
    assert!(errors.contains("unknown field `precompres`"), "{errors}");
}

fn precompressed_portal() -> Portal {
    let p = sub_path_portal();
    let toml = std::fs::read_to_string(p.root().join("site.toml")).expect("site.toml");
    p.file(
        "site.toml",
        &format!("{toml}\n[hosting]\nprecompress = true\n"),
    );
    p
}

#[test]
fn precompressed_copies_decode_to_their_files_and_builds_are_byte_identical() {
    use std::io::Read;
    let p = precompressed_portal();
    p.build_ok();
    let files = p.output_files();
    let mut checked = 0;
    for f in &files {
        let ext = f.rsplit('.').next().unwrap_or("");
        let text = ["html", "css", "js", "json", "xml", "ics", "svg", "txt"].contains(&ext)
            || f == "_redirects"
            || f == "_headers";
        if !["html", "css", "js", "json", "xml", "ics", "svg", "txt"].contains(&ext) {
            assert!(
                !text || !files.contains(&format!("{f}.gz")),
                "{f} is not a text type but has a .gz"
            );
            continue;
        }
        let original = std::fs::read(p.out().join(f)).expect("read");
        let has = files.contains(&format!("{f}.gz"));
        assert_eq!(
            has,
            original.len() >= 1024,
            "{f}: {} bytes, .gz {has}",
            original.len()
        );
        assert_eq!(has, files.contains(&format!("{f}.br")), "{f}");
        if has {
            let gz = std::fs::read(p.out().join(format!("{f}.gz"))).expect("gz");
            let mut back = Vec::new();
            flate2::read::GzDecoder::new(gz.as_slice())
                .read_to_end(&mut back)
                .expect("gunzip");
            assert_eq!(back, original, "{f}.gz");
            let br = std::fs::read(p.out().join(format!("{f}.br"))).expect("br");
            let mut back = Vec::new();
            brotli::Decompressor::new(br.as_slice(), 4096)
                .read_to_end(&mut back)
                .expect("brotli");
            assert_eq!(back, original, "{f}.br");
            checked += 1;
        }
    }
    assert!(checked >= 5, "only {checked} compressed files");
    // A second build into another folder is byte-identical, file by file.
    let mut again = precompressed_portal();
    let other = again.sandbox().join("again");
    again.opts.output = Some(other.clone());
    again.build_ok();
    let first = common::list_files(&p.out());
    assert_eq!(first, common::list_files(&other));
    for f in first {
        let a = std::fs::read(p.out().join(&f)).expect("a");
        let b = std::fs::read(other.join(&f)).expect("b");
        assert!(a == b, "{f} differs between two builds");
    }
}

#[test]
fn an_offline_copy_has_only_relative_references_to_files_that_exist() {
    let mut p = sub_path_portal();
    p.opts.offline = true;
    let report = p.build_ok();
    let found = links::check(&p.out(), &Mode::Offline { origin: ORIGIN });
    assert!(
        found.problems.is_empty(),
        "{} of {} references are broken:\n{}",
        found.problems.len(),
        found.checked,
        found.problems.join("\n")
    );
    assert!(found.checked > 200, "{}", found.checked);
    let home = p.read("index.html");
    assert!(home.contains("href=\"tin-tuc/index.html\""), "{home}");
    let page = p.read("tin-tuc/ho-tro/index.html");
    assert!(
        page.contains("href=\"../../chinh-sach/index.html\""),
        "{page}"
    );
    assert!(
        page.contains("href=\"../../chinh-sach/nq/index.html\""),
        "{page}"
    );
    // Metadata still names the page online.
    assert!(
        page.contains("rel=\"canonical\" href=\"https://example.org/xkld/tin-tuc/ho-tro/\""),
        "{page}"
    );
    // Search: one script per language, loaded by the search page, no JSON to fetch.
    let files = p.output_files();
    assert!(
        files.contains(&"search/vi/index.js".to_string()),
        "{files:?}"
    );
    assert!(
        !files
            .iter()
            .any(|f| f.starts_with("search/") && f.ends_with(".json"))
    );
    let index = p.read("search/vi/index.js");
    assert!(index.starts_with("window.loaSearchIndex = {"), "{index}");
    assert!(
        index.contains("\"../../tin-tuc/ho-tro/index.html\""),
        "{index}"
    );
    let search = p.read("tim-kiem/index.html");
    assert!(search.contains("data-index=\"../search/vi/\""), "{search}");
    assert!(
        search.contains("<script src=\"../search/vi/index.js\"></script>"),
        "{search}"
    );
    // Aliases still send readers on; host files are left out.
    assert!(
        p.read("tin-cu/ho-tro/index.html")
            .contains("url=../../tin-tuc/ho-tro/index.html")
    );
    for f in ["_redirects", "_headers", ".nojekyll"] {
        assert!(!p.exists(f), "{f}");
    }
    // Feeds keep absolute URLs (for feed readers).
    assert!(
        p.read("atom.xml")
            .contains("https://example.org/xkld/tin-tuc/ho-tro/")
    );
    assert!(report.warnings.iter().all(|w| !w.is_error()));
}

#[test]
fn offline_from_site_toml_and_what_needs_a_connection_is_named() {
    let p = sub_path_portal();
    let toml = std::fs::read_to_string(p.root().join("site.toml")).expect("site.toml");
    p.file(
        "site.toml",
        &toml.replace("minify = false", "minify = false\noffline = true"),
    );
    p.page(
        "content/video.md",
        "Video",
        "<iframe src=\"https://www.youtube.com/embed/x\" title=\"v\"></iframe>",
    );
    let report = p.build_ok();
    assert!(p.read("index.html").contains("href=\"tin-tuc/index.html\""));
    let warnings: Vec<String> = report.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("video/index.html")
                && w.contains("embedded frames from other sites")),
        "{warnings:?}"
    );
}

#[test]
fn a_portal_with_every_kind_works_offline_by_the_link_check() {
    let mut p = fixture::every_kind();
    let dest = p.sandbox().join("usb");
    p.opts.output = Some(dest.clone());
    p.opts.offline = true;
    let report = p.build_ok();
    // The fixture has an [editor]; it needs a server, so it stays out.
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.message.contains("offline copy leaves out /admin/")),
        "{:?}",
        report.warnings
    );
    assert!(!dest.join("admin").exists());
    let found = links::check(
        &dest,
        &Mode::Offline {
            origin: "https://xkld.example.org",
        },
    );
    assert!(found.checked > 1000, "only {} references", found.checked);
    assert!(
        found.problems.is_empty(),
        "{} of {} references are broken:\n{}",
        found.problems.len(),
        found.checked,
        found.problems.join("\n")
    );
}
