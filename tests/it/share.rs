//! Sharing without trackers (#21 part 3): the share section's links, the
//! rule that a page loads nothing from another host, and `loa share`.

use crate::common;

use std::process::Command;

use common::Portal;
use html5gum::{Token, Tokenizer};

/// A job fair section with one fair in both languages.
fn fair_portal() -> Portal {
    let p = Portal::new();
    p.page("content/_index.md", "Trang chủ", "x");
    p.section("phien", "Phiên giao dịch", "job_fairs");
    p.file(
        "content/phien/thang-12.md",
        "---\ntitle: \"Phiên giao dịch tháng 12\"\ndate: 2026-11-01\nstart: 2026-12-10T07:30:00+07:00\nend: 2026-12-10T11:30:00+07:00\nvenue: Hội trường Trung tâm Văn hóa huyện Tháp Mười\naddress: Huyện Tháp Mười, tỉnh Đồng Tháp\n---\nx\n",
    );
    p.file(
        "content/phien/thang-12.en.md",
        "---\ntitle: December job fair\nstart: 2026-12-10T07:30:00+07:00\nend: 2026-12-10T11:30:00+07:00\nvenue: Tháp Mười district cultural centre hall\n---\nx\n",
    );
    p
}

fn loa_share(p: &Portal, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_loa"))
        .arg("share")
        .args(args)
        .arg("--root")
        .arg(p.root())
        .args(["--now", "2026-11-22T12:00:00+07:00"])
        .output()
        .expect("run loa");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn share_links_carry_the_encoded_page_url() {
    let p = fair_portal();
    p.build_ok();
    let html = p.read("phien/thang-12/index.html");
    // `common`'s site.toml has base_url = "https://example.org/".
    let permalink = "https://example.org/phien/thang-12/";
    let encoded = permalink.replace(':', "%3A").replace('/', "%2F");
    assert!(
        html.contains(&format!(
            "https://www.facebook.com/sharer/sharer.php?u={encoded}\""
        )),
        "no Facebook link for {permalink}:\n{html}"
    );
    // The copy button's text is the `loa share` text, link last.
    assert!(
        html.contains(&format!("· Hội trường Trung tâm Văn hóa huyện Tháp Mười, Huyện Tháp Mười, tỉnh Đồng Tháp\n{permalink}\"")),
        "{html}"
    );
    // The buttons that need the script start hidden; the script is first-party.
    assert!(html.contains("<li hidden data-share-native>"), "{html}");
    assert!(html.contains("<li hidden data-share-copy>"), "{html}");
    assert!(html.contains("/js/share."), "{html}");
    let en = p.read("en/phien/thang-12/index.html");
    assert!(
        en.contains("sharer.php?u=https%3A%2F%2Fexample.org%2Fen%2Fphien%2Fthang-12%2F\""),
        "{en}"
    );
}

/// Every `src`/`href` of the elements that make a browser fetch something
/// before the reader clicks: `(tag, attribute, value)`.
fn fetched(html: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for token in Tokenizer::new(html).flatten() {
        let Token::StartTag(tag) = token else {
            continue;
        };
        let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
        let attrs: &[&str] = match name.as_str() {
            "script" | "img" | "iframe" | "source" => &["src", "srcset"],
            "link" => &["href"],
            _ => continue,
        };
        for (k, v) in tag.attributes.iter() {
            let k = String::from_utf8_lossy(k).to_ascii_lowercase();
            if attrs.contains(&k.as_str()) {
                out.push((name.clone(), k, String::from_utf8_lossy(v).into_owned()));
            }
        }
    }
    out
}

#[test]
fn every_page_loads_only_from_its_own_host() {
    let p = common::fixture::every_kind();
    p.build_ok();
    let origin = "https://xkld.example.org/";
    let mut checked = 0;
    let mut scripts = 0;
    let mut problems = Vec::new();
    for file in p.output_files() {
        if !file.ends_with(".html") || file.starts_with("admin/") {
            continue;
        }
        let html = p.read(&file);
        for (tag, attr, value) in fetched(&html) {
            checked += 1;
            scripts += usize::from(tag == "script");
            // A srcset holds several URLs, each followed by its width.
            for url in value.split(',').filter_map(|c| c.split_whitespace().next()) {
                let same_origin = url.starts_with(origin)
                    || (url.starts_with('/') && !url.starts_with("//"))
                    || !url.contains(':') && !url.starts_with("//");
                if !same_origin {
                    problems.push(format!("{file}: <{tag} {attr}=\"{url}\">"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The scan saw what it should: scripts (share.js on every page) and more.
    assert!(scripts > 10 && checked > scripts, "{checked} {scripts}");
}

#[test]
fn the_fetched_scan_catches_another_host() {
    // The scanner above must be able to fail: a tracker-like script is seen.
    let found = fetched(
        "<script src=\"https://sp.zalo.me/plugins/sdk.js\"></script><img srcset=\"//cdn.example/a.jpg 1x\">",
    );
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].2, "https://sp.zalo.me/plugins/sdk.js");
}

#[test]
fn loa_share_prints_a_fair_s_date_time_venue_and_link() {
    let p = fair_portal();
    let (ok, stdout, stderr) = loa_share(&p, &["content/phien/thang-12.md"]);
    assert!(ok, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "Phiên giao dịch tháng 12",
            "Thứ Năm 10/12/2026, 7:30–11:30 · Hội trường Trung tâm Văn hóa huyện Tháp Mười, Huyện Tháp Mười, tỉnh Đồng Tháp",
            "https://example.org/phien/thang-12/",
        ],
        "{stdout}"
    );
    // --lang picks the translation; a path without content/ works too.
    let (ok, stdout, stderr) = loa_share(&p, &["phien/thang-12.md", "--lang", "en"]);
    assert!(ok, "{stderr}");
    assert!(stdout.starts_with("December job fair\nThursday 10 Dec 2026, 7:30–11:30 · Tháp Mười district cultural centre hall\n"), "{stdout}");
    assert!(
        stdout
            .trim_end()
            .ends_with("https://example.org/en/phien/thang-12/"),
        "{stdout}"
    );
}

#[test]
fn loa_share_names_a_missing_page_or_language() {
    let p = fair_portal();
    let (ok, _, stderr) = loa_share(&p, &["content/phien/thang-13.md"]);
    assert!(!ok);
    assert!(
        stderr.contains("content/phien/thang-13.md: no published page"),
        "{stderr}"
    );
    let (ok, _, stderr) = loa_share(&p, &["content/phien/thang-12.md", "--lang", "de"]);
    assert!(!ok);
    assert!(stderr.contains("has no `de` version"), "{stderr}");
}
