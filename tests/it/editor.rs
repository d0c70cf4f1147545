//! The web editor: `/admin/` written by the build from the portal's sections
//! and the kinds' fields, left out of the sitemap, search and feeds; the
//! local backend of `loa serve --editor` over real HTTP. (The editor driven
//! in Chromium is in tests/it/browser.rs.)

use crate::common;

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use common::Portal;
use common::http::get;
use loa::content::kinds::{Kind, schema};
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
        assert_eq!(
            g["required"].as_bool(),
            Some(f.editor_required()),
            "{at}.{}",
            f.name
        );
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
        // Every field the parser accepts for this kind is offered (the
        // parser is held to the kind's table by its unit tests).
        let offered: BTreeSet<&str> = fields
            .as_sequence()
            .unwrap()
            .iter()
            .filter_map(|f| f["name"].as_str())
            .collect();
        let missing: Vec<_> = schema::COMMON
            .iter()
            .map(|f| f.name)
            .chain(loa::content::kinds::fields_of(kind))
            .filter(|f| !offered.contains(f))
            .collect();
        assert!(missing.is_empty(), "{name}: {missing:?}");
        assert_eq!(field(fields, "body")["widget"].as_str(), Some("markdown"));
        assert!(field(fields, "title")["hint"].as_str().is_some());
        // That what it offers, filled in, the build accepts is tested in
        // src/editor/agree.rs, for every kind, with and without terms.
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

/// Sends one request: `head` is the request line and headers, without the
/// blank line; returns the status code and the whole response.
fn send(addr: SocketAddr, head: &str, body: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    write!(
        s,
        "{head}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
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

/// The secret of this run, as the editor page is given it.
fn token(addr: SocketAddr) -> String {
    let (status, page) = get(addr, "/admin/");
    assert_eq!(status, 200, "{page}");
    let at = page
        .find("<meta name=\"loa-token\" content=\"")
        .unwrap_or_else(|| panic!("no token in the editor page: {page}"));
    let rest = &page[at + "<meta name=\"loa-token\" content=\"".len()..];
    rest[..rest.find('"').expect("closing quote")].to_string()
}

/// POSTs as the editor page does in a browser: its own Host and Origin,
/// JSON, and the secret of this run.
fn post(addr: SocketAddr, path: &str, body: &str) -> (u16, String) {
    let token = token(addr);
    send(
        addr,
        &format!(
            "POST {path} HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nSec-Fetch-Site: same-origin\r\nContent-Type: application/json; charset=utf-8\r\nX-Loa-Token: {token}"
        ),
        body,
    )
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
        allow_remote_editing: false,
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
        allow_remote_editing: false,
    })
    .expect("server starts");
    let (status, _) = send(
        server.addr(),
        &format!(
            "POST /api/v1 HTTP/1.1\r\nHost: {a}\r\nOrigin: http://{a}\r\nContent-Type: application/json",
            a = server.addr()
        ),
        r#"{"action":"info"}"#,
    );
    assert_eq!(status, 405);
    server.stop();
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

fn serve_editor(p: &Portal) -> loa::serve::Server {
    loa::serve::Server::start(&loa::serve::ServeOptions {
        root: p.root(),
        bind: [127, 0, 0, 1].into(),
        port: 0,
        drafts: false,
        verbose: false,
        base_path: None,
        editor: true,
        allow_remote_editing: false,
    })
    .expect("server starts")
}

const HACK: &str = r#"{"action":"persistEntry","params":{"dataFiles":[{"path":"content/tin-tuc/hacked.vi.md","raw":"---\ntitle: Hacked\n---\nx\n"}],"assets":[]}}"#;

#[test]
fn other_web_pages_cannot_use_the_editor_api() {
    let p = portal(EDITOR_SITE);
    let server = serve_editor(&p);
    let addr = server.addr();
    let port = addr.port();
    let token = token(addr);
    let hacked = p.root().join("content/tin-tuc/hacked.md");
    // What a page on another site can make a browser send: a simple POST
    // (text/plain, no preflight) with the browser's own headers. Refused
    // even when the attacker somehow had the secret.
    let attempts = [
        (
            "cross-origin, text/plain",
            format!(
                "POST /api/v1 HTTP/1.1\r\nHost: {addr}\r\nOrigin: https://evil.example\r\nSec-Fetch-Site: cross-site\r\nContent-Type: text/plain;charset=UTF-8"
            ),
        ),
        (
            "cross-origin, with JSON and the secret",
            format!(
                "POST /api/v1 HTTP/1.1\r\nHost: {addr}\r\nOrigin: https://evil.example\r\nContent-Type: application/json\r\nX-Loa-Token: {token}"
            ),
        ),
        (
            "another port of this computer (same site, other origin)",
            format!(
                "POST /api/v1 HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://127.0.0.1:{}\r\nContent-Type: application/json\r\nX-Loa-Token: {token}",
                port.wrapping_add(1)
            ),
        ),
        (
            "no Origin, a foreign Referer",
            format!(
                "POST /api/v1 HTTP/1.1\r\nHost: {addr}\r\nReferer: https://evil.example/trang.html\r\nContent-Type: text/plain"
            ),
        ),
        (
            "no Origin, a foreign Referer, JSON and the secret",
            format!(
                "POST /api/v1 HTTP/1.1\r\nHost: {addr}\r\nReferer: https://evil.example/trang.html\r\nContent-Type: application/json\r\nX-Loa-Token: {token}"
            ),
        ),
        (
            "neither Origin nor Referer",
            format!(
                "POST /api/v1 HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nX-Loa-Token: {token}"
            ),
        ),
        (
            "the browser says cross-site",
            format!(
                "POST /api/v1 HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nSec-Fetch-Site: cross-site\r\nContent-Type: application/json\r\nX-Loa-Token: {token}"
            ),
        ),
        (
            "DNS rebinding: the attacker's name as Host, its own origin",
            format!(
                "POST /api/v1 HTTP/1.1\r\nHost: evil.example:{port}\r\nOrigin: http://evil.example:{port}\r\nContent-Type: text/plain"
            ),
        ),
        (
            "same origin without the secret",
            format!(
                "POST /api/v1 HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nContent-Type: application/json"
            ),
        ),
        (
            "same origin with a wrong secret",
            format!(
                "POST /api/v1 HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nContent-Type: application/json\r\nX-Loa-Token: {}",
                "0".repeat(64)
            ),
        ),
        (
            "HTTP/1.0 without Host",
            format!(
                "POST /api/v1 HTTP/1.0\r\nOrigin: http://{addr}\r\nContent-Type: application/json\r\nX-Loa-Token: {token}"
            ),
        ),
    ];
    for (what, head) in &attempts {
        let (status, text) = send(addr, head, HACK);
        assert_eq!(status, 403, "{what}: {text}");
        assert!(!text.contains("entry persisted"), "{what}: {text}");
        assert!(!hacked.exists(), "{what} wrote the file");
    }
    // Same origin with the secret but not JSON: still a simple request's shape.
    let (status, text) = send(
        addr,
        &format!(
            "POST /api/v1 HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nContent-Type: text/plain\r\nX-Loa-Token: {token}"
        ),
        HACK,
    );
    assert_eq!(status, 415, "{text}");
    assert!(!hacked.exists());

    // Reads: a rebinding page asking for an existing page gets nothing of it.
    let read = r#"{"action":"getEntry","params":{"path":"content/lien-he.vi.md"}}"#;
    let (status, text) = send(
        addr,
        &format!(
            "POST /api/v1 HTTP/1.1\r\nHost: evil.example:{port}\r\nOrigin: http://evil.example:{port}\r\nContent-Type: application/json\r\nX-Loa-Token: {token}"
        ),
        read,
    );
    assert_eq!(status, 403, "{text}");
    assert!(!text.contains("Gọi cho chúng tôi"), "{text}");
    assert!(!text.contains("Liên hệ"), "{text}");
    // ... and with no secret, no origin of its own.
    let (status, text) = send(
        addr,
        &format!(
            "POST /api/v1 HTTP/1.1\r\nHost: {addr}\r\nOrigin: https://evil.example\r\nContent-Type: text/plain"
        ),
        read,
    );
    assert_eq!(status, 403, "{text}");
    assert!(!text.contains("Gọi cho chúng tôi"), "{text}");

    // The editor page itself, asked for under a rebinding name, is refused
    // (the secret is in it).
    let (status, text) = send(
        addr,
        &format!("GET /admin/ HTTP/1.1\r\nHost: evil.example:{port}"),
        "",
    );
    assert_eq!(status, 403, "{text}");
    assert!(!text.contains(&token), "{text}");

    // A preflight is never approved: no CORS header at all.
    let (status, text) = send(
        addr,
        &format!(
            "OPTIONS /api/v1 HTTP/1.1\r\nHost: {addr}\r\nOrigin: https://evil.example\r\nAccess-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type, x-loa-token"
        ),
        "",
    );
    assert!(status >= 400, "{text}");
    assert!(
        !text.to_ascii_lowercase().contains("access-control-"),
        "{text}"
    );
    server.stop();
}

#[test]
fn the_editor_page_gets_a_secret_and_saves_with_it() {
    let p = portal(EDITOR_SITE);
    let server = serve_editor(&p);
    let addr = server.addr();
    let (status, page) = get(addr, "/admin/");
    assert_eq!(status, 200);
    let token = token(addr);
    assert_eq!(token.len(), 64, "{token}");
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()), "{token}");
    let head = &page[..page.find("\r\n\r\n").expect("headers")].to_ascii_lowercase();
    assert!(head.contains("cache-control: no-store"), "{head}");
    assert!(head.contains("x-frame-options: deny"), "{head}");
    assert!(!head.contains("access-control-"), "{head}");
    // Only the page has it: not the configuration, the script or the site.
    for path in ["/admin/config.yml", "/admin/loa-editor.js", "/"] {
        let (_, text) = get(addr, path);
        assert!(!text.contains(&token), "{path} carries the secret");
    }
    let (status, text) = post(
        addr,
        "/api/v1",
        r#"{"action":"persistEntry","params":{"dataFiles":[{"path":"content/tin-tuc/moi.vi.md","raw":"---\ntitle: Mới\n---\nBài mới.\n"}],"assets":[]}}"#,
    );
    assert_eq!(status, 200, "{text}");
    assert!(text.contains("entry persisted"), "{text}");
    assert_eq!(
        std::fs::read_to_string(p.root().join("content/tin-tuc/moi.md")).expect("written"),
        "---\ntitle: Mới\n---\nBài mới.\n"
    );
    // A Referer of the editor page does when the browser sends no Origin.
    let (status, text) = send(
        addr,
        &format!(
            "POST /api/v1 HTTP/1.1\r\nHost: localhost:{port}\r\nReferer: http://localhost:{port}/admin/\r\nContent-Type: application/json\r\nX-Loa-Token: {token}",
            port = addr.port()
        ),
        r#"{"action":"getEntry","params":{"path":"content/lien-he.vi.md"}}"#,
    );
    assert_eq!(status, 200, "{text}");
    assert!(text.contains("Gọi cho chúng tôi"), "{text}");
    server.stop();

    // A new run has a new secret; the old one no longer opens the API.
    let server = serve_editor(&p);
    let again = server.addr();
    assert_ne!(self::token(again), token);
    let (status, _) = send(
        again,
        &format!(
            "POST /api/v1 HTTP/1.1\r\nHost: {again}\r\nOrigin: http://{again}\r\nContent-Type: application/json\r\nX-Loa-Token: {token}"
        ),
        r#"{"action":"info","params":{}}"#,
    );
    assert_eq!(status, 403);
    server.stop();

    // `loa build` publishes the editor without any secret.
    p.build_ok();
    let published = std::fs::read_to_string(p.out().join("admin/index.html")).expect("page");
    assert!(!published.contains("loa-token"), "{published}");
}
