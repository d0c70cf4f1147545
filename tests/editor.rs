//! The web editor: `/admin/` written by the build from the portal's sections
//! and the kinds' fields, left out of the sitemap, search and feeds; the
//! local backend of `loa serve --editor` over real HTTP. (The editor driven
//! in Chromium is in tests/browser.rs.)

mod common;

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use common::Portal;
use loa::content::kinds::Kind;
use loa::editor::{agree, schema};
use serde_yaml_ng::Value;

/// A portal with one section of every kind, two languages and terms.
pub const EDITOR_SITE: &str = r#"
base_url = "https://example.org/"
title = "Cổng thử"
minify = false

[editor]
backend = "github"
repo = "so-lao-dong/cong-thu"
branch = "main"

[languages.vi]
name = "Tiếng Việt"
title = "Cổng thử"

[languages.en]
name = "English"
title = "Test portal"

[taxonomies.markets]
names = { vi = "Thị trường", en = "Markets" }
[taxonomies.markets.terms]
nhat-ban = { vi = "Nhật Bản", en = "Japan" }
han-quoc = { vi = "Hàn Quốc", en = "Korea" }

[taxonomies.districts]
names = { vi = "Huyện", en = "Districts" }
[taxonomies.districts.terms]
cao-lanh = { vi = "Cao Lãnh", en = "Cao Lanh" }
"#;

fn portal(site: &str) -> Portal {
    let p = Portal::with_config(site);
    p.page("content/_index.md", "Cổng thử", "")
        .section("tin-tuc", "Tin tức", "articles")
        .section("chinh-sach", "Chính sách", "policies")
        .section("phien-giao-dich", "Phiên giao dịch việc làm", "job_fairs")
        .section("chuyen", "Người thật việc thật", "stories")
        .page("content/tin-tuc/bai-cu.md", "Bài cũ", "Bài đã có.")
        .page("content/lien-he.md", "Liên hệ", "Gọi cho chúng tôi.");
    p
}

fn config_of(p: &Portal) -> Value {
    let text = std::fs::read_to_string(p.out().join("admin/config.yml")).expect("config.yml");
    serde_yaml_ng::from_str(&text).expect("config.yml is YAML")
}

fn collection<'a>(config: &'a Value, name: &str) -> &'a Value {
    config["collections"]
        .as_sequence()
        .expect("collections")
        .iter()
        .find(|c| c["name"].as_str() == Some(name))
        .unwrap_or_else(|| panic!("no collection {name}"))
}

fn field<'a>(fields: &'a Value, name: &str) -> &'a Value {
    fields
        .as_sequence()
        .expect("fields")
        .iter()
        .find(|f| f["name"].as_str() == Some(name))
        .unwrap_or_else(|| panic!("no field {name}"))
}

/// Compares a generated field list with the schema, recursively: names,
/// order, required flags.
fn same_as_schema(generated: &Value, described: &[schema::Field], at: &str) {
    let names: Vec<&str> = generated
        .as_sequence()
        .expect("fields")
        .iter()
        .filter_map(|f| f["name"].as_str())
        .filter(|n| *n != "body")
        .collect();
    let expected: Vec<&str> = described.iter().map(|f| f.name).collect();
    assert_eq!(names, expected, "{at}");
    for f in described {
        let g = field(generated, f.name);
        assert_eq!(g["required"].as_bool(), Some(f.required), "{at}.{}", f.name);
        assert!(
            g["label"].as_str().is_some_and(|l| !l.is_empty()),
            "{at}.{}",
            f.name
        );
        if let schema::Widget::Object(inner) | schema::Widget::List(inner) = f.widget {
            same_as_schema(&g["fields"], inner, &format!("{at}.{}", f.name));
        }
    }
}

#[test]
fn config_has_one_collection_per_section_with_every_field_of_its_kind() {
    let p = portal(EDITOR_SITE);
    p.build_ok();
    let config = config_of(&p);
    assert_eq!(config["backend"]["name"].as_str(), Some("github"));
    assert_eq!(
        config["backend"]["repo"].as_str(),
        Some("so-lao-dong/cong-thu")
    );
    assert!(config.get("local_backend").is_none());
    assert_eq!(config["locale"].as_str(), Some("vi"));
    assert_eq!(config["i18n"]["structure"].as_str(), Some("multiple_files"));
    assert_eq!(config["i18n"]["default_locale"].as_str(), Some("vi"));
    let locales: Vec<&str> = config["i18n"]["locales"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(locales, ["vi", "en"]);
    assert_eq!(config["media_folder"].as_str(), Some("static/anh"));
    assert_eq!(config["public_folder"].as_str(), Some("/anh"));
    for (name, kind) in [
        ("tin-tuc", Kind::Articles),
        ("chinh-sach", Kind::Policies),
        ("phien-giao-dich", Kind::JobFairs),
        ("chuyen", Kind::Stories),
        ("trang", Kind::Pages),
    ] {
        let c = collection(&config, name);
        assert_eq!(c["i18n"].as_bool(), Some(true), "{name}");
        assert_eq!(c["format"].as_str(), Some("yaml-frontmatter"), "{name}");
        let fields = &c["fields"];
        same_as_schema(fields, &schema::fields(kind), name);
        // Every field the parser accepts for this kind is offered.
        let offered: BTreeSet<String> = fields
            .as_sequence()
            .unwrap()
            .iter()
            .filter_map(|f| f["name"].as_str().map(String::from))
            .collect();
        let missing: Vec<_> = agree::accepted_fields(kind)
            .difference(&offered)
            .cloned()
            .collect();
        assert!(missing.is_empty(), "{name}: {missing:?}");
        assert_eq!(field(fields, "body")["widget"].as_str(), Some("markdown"));
        assert!(field(fields, "title")["hint"].as_str().is_some());
        // And what it offers, filled in, the build accepts.
        assert!(agree::check_collection(name, kind, c).is_empty(), "{name}");
    }
    assert_eq!(
        collection(&config, "trang")["folder"].as_str(),
        Some("content")
    );
    assert_eq!(
        collection(&config, "tin-tuc")["label"].as_str(),
        Some("Tin tức")
    );
}

#[test]
fn widgets_fit_the_fields() {
    let p = portal(EDITOR_SITE);
    p.build_ok();
    let config = config_of(&p);
    let fair = &collection(&config, "phien-giao-dich")["fields"];
    for name in ["start", "end"] {
        let f = field(fair, name);
        assert_eq!(f["widget"].as_str(), Some("datetime"));
        assert!(f["format"].as_str().unwrap().ends_with("[+07:00]"), "{f:?}");
        assert_eq!(f["required"].as_bool(), Some(true));
    }
    let district = field(fair, "district");
    assert_eq!(district["widget"].as_str(), Some("select"));
    assert_eq!(district["options"][0]["value"].as_str(), Some("cao-lanh"));
    assert_eq!(district["options"][0]["label"].as_str(), Some("Cao Lãnh"));
    let markets = field(fair, "markets");
    assert_eq!(markets["multiple"].as_bool(), Some(true));
    assert_eq!(markets["options"].as_sequence().unwrap().len(), 2);
    let geo = field(fair, "geo");
    assert_eq!(geo["widget"].as_str(), Some("list"));
    assert_eq!(geo["field"]["widget"].as_str(), Some("number"));

    let policy = &collection(&config, "chinh-sach")["fields"];
    let support = field(policy, "support");
    assert_eq!(support["widget"].as_str(), Some("list"));
    let items = field(&support["fields"], "items");
    assert_eq!(items["widget"].as_str(), Some("list"));
    assert_eq!(
        field(&items["fields"], "amount")["widget"].as_str(),
        Some("loa-amount")
    );
    assert_eq!(
        field(&items["fields"], "verified")["widget"].as_str(),
        Some("boolean")
    );
    // No beneficiaries terms in this portal: the group is free text.
    assert_eq!(
        field(&support["fields"], "group")["widget"].as_str(),
        Some("string")
    );
    let document = field(policy, "document");
    assert_eq!(
        field(&document["fields"], "signed")["format"].as_str(),
        Some("YYYY-MM-DD")
    );

    let story = &collection(&config, "chuyen")["fields"];
    assert_eq!(field(story, "photo")["widget"].as_str(), Some("image"));
    assert_eq!(field(story, "photo_alt")["required"].as_bool(), Some(true));
    assert_eq!(field(story, "country")["widget"].as_str(), Some("select"));
    assert_eq!(field(story, "country")["multiple"].as_bool(), Some(false));
}

#[test]
fn admin_is_written_only_when_enabled_and_kept_out_of_listings() {
    let p = portal(EDITOR_SITE);
    p.build_ok();
    let out = p.out();
    let html = std::fs::read_to_string(out.join("admin/index.html")).expect("admin page");
    assert!(html.contains("noindex"), "{html}");
    assert!(html.contains("Content-Security-Policy"), "{html}");
    assert!(
        !html.contains("https://unpkg.com") && !html.contains("cdn"),
        "{html}"
    );
    let js = std::fs::read(out.join("admin/decap-cms.js")).expect("bundle");
    assert!(js.len() > 4_000_000);
    assert!(out.join("admin/decap-cms.js.LICENSE.txt").is_file());
    assert!(out.join("admin/loa-editor.js").is_file());
    let robots = std::fs::read_to_string(out.join("robots.txt")).expect("robots.txt");
    assert!(robots.contains("Disallow: /admin/"), "{robots}");
    for f in common::list_files(&out) {
        // Sitemaps, feeds, the search index.
        if f.ends_with(".xml") || f.ends_with(".json") {
            let text = std::fs::read_to_string(out.join(&f)).unwrap_or_default();
            assert!(!text.contains("admin"), "{f} mentions the editor");
        }
    }
    let plain = portal(common::SITE_TOML);
    plain.build_ok();
    assert!(!plain.out().join("admin").exists());
}

#[test]
fn bad_editor_settings_are_errors() {
    let site = EDITOR_SITE.replace(
        "repo = \"so-lao-dong/cong-thu\"\n",
        "media_folder = \"../x\"\n",
    );
    let errors = portal(&site).build_errors().join("\n");
    assert!(errors.contains("needs `repo"), "{errors}");
    assert!(errors.contains("media_folder"), "{errors}");
    let typo = EDITOR_SITE.replace("branch = \"main\"", "brnach = \"main\"");
    assert!(portal(&typo).build_errors().join("\n").contains("brnach"));
}

#[test]
fn check_passes_when_the_editor_agrees_with_the_kinds() {
    let p = portal(EDITOR_SITE);
    let report = loa::check::run(&loa::check::CheckOptions {
        root: p.root(),
        external: false,
        now: Some("2026-11-22".into()),
        drafts: false,
    });
    let editor: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| {
            d.path
                .as_ref()
                .is_some_and(|p| p.to_string_lossy().contains("admin"))
        })
        .collect();
    assert!(editor.is_empty(), "{editor:#?}");
    assert_eq!(report.errors(), 0, "{:#?}", report.diagnostics);
}

fn post(addr: SocketAddr, path: &str, body: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, text)
}

#[test]
fn serve_editor_answers_the_local_backend_and_refuses_other_folders() {
    let p = portal(EDITOR_SITE);
    let server = loa::serve::Server::start(&loa::serve::ServeOptions {
        root: p.root(),
        bind: [127, 0, 0, 1].into(),
        port: 0,
        drafts: false,
        verbose: false,
        base_path: None,
        editor: true,
    })
    .expect("server starts");
    let addr = server.addr();
    let (status, text) = post(addr, "/api/v1", r#"{"action":"info","params":{}}"#);
    assert_eq!(status, 200, "{text}");
    assert!(text.contains("local_fs"), "{text}");
    let (status, text) = post(
        addr,
        "/api/v1",
        r#"{"action":"entriesByFolder","params":{"folder":"content/tin-tuc","extension":"md","depth":1}}"#,
    );
    assert_eq!(status, 200);
    assert!(text.contains("content/tin-tuc/bai-cu.vi.md"), "{text}");
    assert!(!text.contains("_index"), "{text}");
    let (status, _) = post(
        addr,
        "/api/v1",
        r#"{"action":"persistEntry","params":{"dataFiles":[{"path":"content/../site.toml","raw":"x"}],"assets":[]}}"#,
    );
    assert_eq!(status, 403);
    let site = std::fs::read_to_string(p.root().join("site.toml")).unwrap();
    assert!(site.contains("[editor]"));
    // The config points Decap at this server; the editor page is not live-reloaded.
    let (_, config) = get(addr, "/admin/config.yml");
    assert!(
        config.contains(&format!("url: http://{addr}/api/v1")),
        "{config}"
    );
    let (_, page) = get(addr, "/admin/");
    assert!(!page.contains("/__loa/reload.js"), "{page}");
    server.stop();

    // Without --editor there is no API.
    let plain = portal(common::SITE_TOML);
    let server = loa::serve::Server::start(&loa::serve::ServeOptions {
        root: plain.root(),
        bind: [127, 0, 0, 1].into(),
        port: 0,
        drafts: false,
        verbose: false,
        base_path: None,
        editor: false,
    })
    .expect("server starts");
    let (status, _) = post(server.addr(), "/api/v1", r#"{"action":"info"}"#);
    assert_eq!(status, 405);
    server.stop();
}

fn get(addr: SocketAddr, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, text)
}

#[test]
fn an_empty_translation_file_from_the_editor_is_left_out_with_a_warning() {
    // Decap on a Git host saves `<slug>.vi.md` and a blank `<slug>.en.md`
    // when nobody wrote the English version.
    let p = portal(EDITOR_SITE);
    p.file(
        "content/tin-tuc/moi.vi.md",
        "---\ntitle: Bài mới\n---\nNội dung.\n",
    )
    .file("content/tin-tuc/moi.en.md", "\n");
    let report = p.build_ok();
    assert!(p.out().join("tin-tuc/moi/index.html").is_file());
    assert!(!p.out().join("en/tin-tuc/moi/index.html").exists());
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.message.contains("translation is empty")),
        "{:?}",
        report.warnings
    );
    // An empty file in the default language is still an error.
    p.file("content/tin-tuc/trong.md", "\n");
    assert!(p.build_errors().join("\n").contains("trong.md"));
}
