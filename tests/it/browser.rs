//! The default theme in a real browser (headless Chromium driven by
//! browser-tests/run.mjs): axe-core at WCAG 2.2 AA and the W3C Nu checker on
//! every page type in both languages, the menu at 360 px, the language
//! switcher, search, "add to calendar", and screenshots written to
//! target/browser-artifacts/; and the search box of a built portal.
//!
//! These tests are `#[ignore]`d, so a plain `cargo test` lists them as
//! ignored rather than passing them unseen: they need Chromium, Java and
//! npm modules that `browser-tests/setup.sh` installs. `.ci/run` runs that
//! script, then `cargo test --test it -- --ignored browser:: --test-threads=1`.
//!
//! The checks of the theme and of the offline copy build the sample portal:
//! browser-tests/run.mjs and offline.mjs visit its pages by URL (one of each
//! page type, both languages) and take the README's screenshots of it.

use crate::common;
use crate::common::fixture;
use crate::common::http;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root, once the browser tools are there. Nothing is
/// installed from here: that is `browser-tests/setup.sh`'s job, run by
/// `.ci/run` before these tests.
fn set_up() -> &'static Path {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for tool in ["chromium", "node", "java"] {
        let found = Command::new(tool)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(
            found,
            "`{tool}` is missing: run `bash browser-tests/setup.sh` first"
        );
    }
    for module in ["playwright-core", "axe-core", "vnu-jar"] {
        assert!(
            repo.join("browser-tests/node_modules")
                .join(module)
                .is_dir(),
            "browser-tests/node_modules/{module} is missing: run `bash browser-tests/setup.sh` first"
        );
    }
    repo
}

/// Runs `browser-tests/<script>.mjs` with `args`, prints its output, and
/// fails with its `FAIL` lines unless it succeeded; returns its stdout.
fn run_node(repo: &Path, script: &str, args: &[&dyn AsRef<std::ffi::OsStr>], what: &str) -> String {
    let run = Command::new("node")
        .arg(repo.join(format!("browser-tests/{script}.mjs")))
        .args(args.iter().map(|a| a.as_ref()))
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&run.stdout).into_owned();
    println!("{stdout}{}", String::from_utf8_lossy(&run.stderr));
    assert!(
        run.status.success(),
        "{what}:\n{}",
        stdout
            .lines()
            .filter(|l| l.starts_with("FAIL"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    stdout
}

/// Builds the sample portal at `repo` into `out` at the moment the browser
/// checks are written for (an offline copy when `offline`); returns `out`.
fn build_sample(repo: &Path, out: &Path, offline: bool) -> PathBuf {
    loa::build(&loa::BuildOptions {
        root: repo.to_path_buf(),
        output: Some(out.to_path_buf()),
        now: Some("2026-11-22".into()),
        offline,
        ..Default::default()
    })
    .unwrap_or_else(|e| panic!("{e:?}"));
    out.to_path_buf()
}

#[test]
#[ignore = "browser test: run `bash browser-tests/setup.sh`, then `cargo test --test it -- --ignored browser:: --test-threads=1`"]
fn the_theme_passes_the_browser_checks() {
    let repo = set_up();
    let dir = tempfile::tempdir().expect("tmp");
    let out = build_sample(repo, &dir.path().join("public"), false);
    let base = http::serve(out.clone());
    let artifacts = repo.join("target/browser-artifacts");
    run_node(
        repo,
        "run",
        &[&base, &out, &artifacts],
        "browser checks failed",
    );
    for shot in [
        "home-vi-phone.png",
        "home-en-phone.png",
        "home-vi-desktop.png",
        "home-en-desktop.png",
    ] {
        assert!(artifacts.join(shot).exists(), "{shot} was not written");
    }
}

/// Between builds, the date script brings a page up to date: a fixture
/// portal built before a job fair (and before a policy's `expires`, a
/// policy's `effective` and a notice's `expires`), read in Chromium with the
/// clock set during the fair and after it, shows in `<main>` the same text as
/// builds made at those moments: the fair's page, the fair lists, the home
/// page's block, the policy badges, the news list. Both languages; a phone
/// screen; no layout shift on load (browser-tests/dates.mjs).
#[test]
#[ignore = "browser test: run `bash browser-tests/setup.sh`, then `cargo test --test it -- --ignored browser:: --test-threads=1`"]
fn dated_text_corrects_itself_between_builds() {
    use crate::dates::{AFTER, BEFORE, DURING, portal};
    let repo = set_up();
    let mut p = portal();
    let dir = tempfile::tempdir().expect("tmp");
    let mut build = |now: &str, name: &str| {
        let out = dir.path().join(name);
        p.opts.now = Some(now.into());
        p.opts.output = Some(out.clone());
        p.build_ok();
        http::serve(out)
    };
    let early = build(BEFORE, "early");
    let during = build(DURING, "during");
    let after = build(AFTER, "after");
    let pages = [
        "/",
        "/en/",
        "/phien/",
        "/en/phien/",
        "/phien/thang-12/",
        "/en/phien/thang-12/",
        "/chinh-sach/",
        "/chinh-sach/het-han/",
        "/en/chinh-sach/het-han/",
        "/chinh-sach/sap-co/",
        "/en/chinh-sach/sap-co/",
        "/tin-tuc/",
        "/en/tin-tuc/",
    ];
    let spec = serde_json::json!({
        "built": BEFORE,
        "early": early,
        "cases": [
            { "name": "during", "clock": DURING, "late": during, "pages": pages },
            { "name": "after", "clock": AFTER, "late": after, "pages": pages },
        ],
    });
    let cases = dir.path().join("cases.json");
    std::fs::write(&cases, spec.to_string()).expect("write cases");
    let artifacts = repo.join("target/browser-artifacts");
    let stdout = run_node(
        repo,
        "dates",
        &[&artifacts, &cases],
        "the early build did not read as the late ones",
    );
    let checked = stdout.matches("reads as the late one").count();
    assert_eq!(checked, 2 * pages.len(), "{stdout}");
}

/// The offline copy of the sample portal, opened from `file://` in headless
/// Chromium with its CSP in force (browser-tests/offline.mjs): the menu, a
/// policy page, a job fair and its calendar download, the language
/// switcher, and a search that finds a result without a server.
#[test]
#[ignore = "browser test: run `bash browser-tests/setup.sh`, then `cargo test --test it -- --ignored browser:: --test-threads=1`"]
fn the_offline_copy_works_from_the_disk() {
    let repo = set_up();
    let dir = tempfile::tempdir().expect("tmp");
    let out = build_sample(repo, &dir.path().join("usb"), true);
    let artifacts = repo.join("target/browser-artifacts");
    let stdout = run_node(
        repo,
        "offline",
        &[&out, &artifacts],
        "offline browser checks failed",
    );
    for step in [
        "menu:",
        "policy page",
        "job fair",
        "switcher:",
        "search \"ho tro\"",
    ] {
        assert!(stdout.contains(step), "no `{step}` step ran:\n{stdout}");
    }
}

/// The web editor in Chromium: `loa serve --editor` on a fixture portal,
/// Decap CMS at /admin/ with loa's local backend; browser-tests/editor.mjs
/// writes a news article in Vietnamese and English and a job fair through
/// the forms and saves them. The files must then be under `content/` with
/// the front matter the forms were given, and the build must accept them.
#[test]
#[ignore = "browser test: run `bash browser-tests/setup.sh`, then `cargo test --test it -- --ignored browser:: --test-threads=1`"]
fn the_editor_saves_pages_the_build_accepts() {
    let repo = set_up();
    let p = common::Portal::with_config(EDITOR_SITE);
    p.page("content/_index.md", "Cổng thử", "")
        .section("tin-tuc", "Tin tức", "articles")
        .section("phien-giao-dich", "Phiên giao dịch việc làm", "job_fairs")
        .page("content/tin-tuc/bai-cu.md", "Bài cũ", "Bài đã có.");
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
    let artifacts = repo.join("target/browser-artifacts");
    run_node(
        repo,
        "editor",
        &[&server.url(), &artifacts],
        "editor checks failed",
    );
    server.stop();
    let read = |rel: &str| {
        std::fs::read_to_string(p.root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    };
    let slug = "dong-thap-mo-lop-tieng-nhat-mien-phi-cho-nguoi-lao-dong";
    let vi = read(&format!("content/tin-tuc/{slug}.md"));
    assert!(
        vi.starts_with("---\ntitle: Đồng Tháp mở lớp tiếng Nhật miễn phí cho người lao động\n"),
        "{vi}"
    );
    assert!(vi.contains("summary: Lớp học bắt đầu từ tháng 3."), "{vi}");
    assert!(vi.contains("markets:\n  - nhat-ban"), "{vi}");
    assert!(
        vi.contains("Lớp học dành cho người lao động đã đăng ký."),
        "{vi}"
    );
    let en = read(&format!("content/tin-tuc/{slug}.en.md"));
    assert!(
        en.contains("title: Đồng Tháp opens free Japanese classes for workers"),
        "{en}"
    );
    assert!(
        en.contains("The classes are for registered workers."),
        "{en}"
    );
    // The job fair: Vietnamese only, times in Vietnam time, no blank English file.
    let fair = read("content/phien-giao-dich/phien-giao-dich-viec-lam-thang-4-2027.md");
    for line in [
        "title: Phiên giao dịch việc làm tháng 4/2027",
        "start: 2027-04-15T07:30:00+07:00",
        "end: 2027-04-15T11:30:00+07:00",
        "venue: Trung tâm Dịch vụ việc làm tỉnh",
        "district: cao-lanh",
    ] {
        assert!(fair.contains(line), "{line}:\n{fair}");
    }
    assert!(
        !p.root()
            .join("content/phien-giao-dich/phien-giao-dich-viec-lam-thang-4-2027.en.md")
            .exists()
    );
    // The refused job fair left nothing behind.
    assert!(
        !p.root()
            .join("content/phien-giao-dich/phien-thieu-dia-diem.md")
            .exists()
    );
    let report = p.build_ok();
    assert!(
        !report.warnings.iter().any(|w| w
            .path
            .as_ref()
            .is_some_and(|p| p.to_string_lossy().contains(slug))),
        "{:?}",
        report.warnings
    );
    let page = std::fs::read_to_string(p.out().join(format!("en/tin-tuc/{slug}/index.html")))
        .expect("English page built");
    assert!(page.contains("Japanese classes"));
}

/// The portal the editor test works on (two languages, terms for the selects).
const EDITOR_SITE: &str = r#"
base_url = "https://example.org/"
title = "Cổng thử"
minify = false

[editor]
backend = "github"
repo = "so-lao-dong/cong-thu"

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

[taxonomies.districts]
names = { vi = "Huyện", en = "Districts" }
[taxonomies.districts.terms]
cao-lanh = { vi = "Cao Lãnh", en = "Cao Lanh" }
"#;

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

/// Runs the search of the every-kind fixture portal in headless Chromium
/// (moved here from `discovery`, as it needs a browser).
#[test]
#[ignore = "browser test: run `bash browser-tests/setup.sh`, then `cargo test --test it -- --ignored browser:: --test-threads=1`"]
fn search_forgives_missing_accents_and_escapes_queries() {
    // Only Chromium is needed here (no node modules).
    let chromium = Command::new("chromium").arg("--version").output();
    assert!(
        chromium.is_ok_and(|o| o.status.success()),
        "`chromium` is missing: run `bash browser-tests/setup.sh` first"
    );
    let p = fixture::every_kind();
    p.build_ok();
    let base = http::serve(p.out());
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

/// The page count of a PDF Chromium printed: the `/Count` of its page tree
/// (`<</Type /Pages /Count n …>>`, written uncompressed).
fn pdf_pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    let at = text.find("/Type /Pages").expect("a page tree");
    let dict = &text[at..at + text[at..].find(">>").expect("end of the page tree")];
    let count = &dict[dict.find("/Count").expect("/Count") + 6..];
    let digits: String = count
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().expect("a page count")
}

/// Prints `url` to PDF with headless Chromium (A4 from the print
/// stylesheet's `@page`, no header or footer); the number of pages.
fn printed_pages(url: &str, dir: &Path) -> usize {
    let pdf = dir.join("sheet.pdf");
    let _ = std::fs::remove_file(&pdf);
    let profile = tempfile::tempdir().expect("profile");
    let run = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(url)
        .output()
        .expect("run chromium");
    let bytes = std::fs::read(&pdf).unwrap_or_else(|e| {
        panic!(
            "{url}: no PDF ({e}):\n{}",
            String::from_utf8_lossy(&run.stderr)
        )
    });
    pdf_pages(&bytes)
}

/// Every one-page notice sheet of the sample portal (job fairs, job orders,
/// policies, scam alerts; both languages) prints on one A4 page in
/// Chromium, while the long policy page it stands beside takes more: the
/// count is of real pages, not a constant.
#[test]
#[ignore = "browser test: run `bash browser-tests/setup.sh`, then `cargo test --test it -- --ignored browser:: --test-threads=1`"]
fn every_notice_sheet_prints_on_one_a4_page() {
    // Chromium alone: no node modules needed.
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = Command::new("chromium")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found,
        "`chromium` is missing: run `bash browser-tests/setup.sh` first"
    );
    let dir = tempfile::tempdir().expect("tmp");
    let out = build_sample(repo, &dir.path().join("public"), false);
    let base = http::serve(out.clone());
    let sheets: Vec<String> = common::list_files(&out)
        .into_iter()
        .filter(|f| {
            f.ends_with("/to-thong-bao/index.html") || f.ends_with("/notice-sheet/index.html")
        })
        .map(|f| f.trim_end_matches("index.html").to_string())
        .collect();
    for kind in [
        "phien-giao-dich/",
        "don-hang/",
        "chinh-sach/",
        "canh-bao/",
        "en/",
    ] {
        assert!(
            sheets.iter().any(|s| s.starts_with(kind)),
            "no sheet under {kind}: {sheets:?}"
        );
    }
    let mut longer = Vec::new();
    for s in &sheets {
        let pages = printed_pages(&format!("{base}/{s}"), dir.path());
        println!("{pages} page(s): {s}");
        if pages != 1 {
            longer.push(format!("{s}: {pages} pages"));
        }
    }
    assert!(longer.is_empty(), "sheets over one page: {longer:?}");
    let policy = printed_pages(
        &format!("{base}/chinh-sach/nq-392-2020-nq-hdnd/"),
        dir.path(),
    );
    assert!(policy > 1, "the full policy page printed on {policy} page");
}
