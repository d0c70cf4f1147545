//! Golden files: outputs that other programs read whole (feed readers,
//! calendars, search engines, hosts, the search script, tools reading
//! `check --format json`) and the error text people read, compared byte for
//! byte with expected copies under `tests/fixtures/golden/`.
//!
//! After an intended change: `LOA_BLESS=1 cargo test --test it golden::`,
//! then review `git diff tests/fixtures/golden` (tests/README.md).

use std::path::Path;
use std::process::{Command, Output};

use crate::common::golden::{self, Golden};
use crate::common::{Portal, list_files};

/// The moment every golden build takes as now: fairs before it are past,
/// those after it upcoming, and feeds and calendars stamp nothing else.
const NOW: &str = "2026-11-22T12:00:00+07:00";

/// Output files whose whole text is a contract, by name or extension.
fn is_contract(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    ["_headers", "_redirects", ".nojekyll"].contains(&name)
        || [".xml", ".ics", ".json", ".txt"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// Output files the theme makes the same for every portal, or whose
/// `<main>` region is compared instead (see `MAIN_REGIONS`).
fn is_theme_or_page(rel: &str) -> bool {
    [".html", ".css", ".js", ".svg"]
        .iter()
        .any(|ext| rel.ends_with(ext))
}

/// One page of each kind; only its `<main>` is compared, so a change to
/// the shared header or footer does not touch every copy.
const MAIN_REGIONS: &[&str] = &[
    "index.html",
    "lien-he/index.html",
    "tin-tuc/index.html",
    "tin-tuc/vay-von/index.html",
    "en/news/loans/index.html",
    "phien-giao-dich/index.html",
    "phien-giao-dich/thang-12-2026/index.html",
    "chu-de/index.html",
    "chu-de/vay-von/index.html",
    "tim-kiem/index.html",
    "404.html",
];

/// Pages compared whole: an alias is a redirect that browsers and search
/// engines read, with no `<main>`.
const WHOLE_PAGES: &[&str] = &["tin-cu/vay-von/index.html"];

#[test]
fn site_outputs_match_their_expected_copies() {
    let mut p = Portal::from_fixture("golden/site/input");
    p.opts.now = Some(NOW.into());
    p.build_ok();
    let out = p.out();
    let files = p.output_files();
    let mut g = Golden::new("site/expected");

    // The list of files: a page that moves breaks every link to it.
    g.check("files.txt", format!("{}\n", files.join("\n")).as_bytes());

    let mut unclassified = Vec::new();
    for rel in &files {
        if is_contract(rel) {
            let bytes = std::fs::read(out.join(rel)).expect("read output");
            g.check(&format!("public/{rel}"), &bytes);
        } else if !is_theme_or_page(rel) {
            unclassified.push(rel.as_str());
        }
    }
    // A new kind of output must be sorted into "contract" or not here.
    assert!(
        unclassified.is_empty(),
        "outputs of no known kind (add them to is_contract or is_theme_or_page): {unclassified:?}"
    );
    for rel in WHOLE_PAGES {
        g.check(&format!("public/{rel}"), p.read(rel).as_bytes());
    }
    for rel in MAIN_REGIONS {
        let html = p.read(rel);
        let main = golden::main_region(&html).unwrap_or_else(|| panic!("{rel} has no <main>"));
        g.check(&format!("main/{rel}"), format!("{main}\n").as_bytes());
    }
    g.finish();
}

/// The offline copy (`--offline`) of the same portal: its search index
/// scripts, which the search page loads from `file://`, and a page's
/// relative links are compared whole; its feeds, sitemap and calendars must
/// be byte for byte those of the online build (they keep naming the pages
/// online).
#[test]
fn offline_copy_outputs_match_their_expected_copies() {
    let mut p = Portal::from_fixture("golden/site/input");
    p.opts.now = Some(NOW.into());
    p.opts.output = Some(p.sandbox().join("online"));
    p.build_ok();
    let online = p.out();
    p.opts.output = Some(p.sandbox().join("offline"));
    p.opts.offline = true;
    p.build_ok();

    let files = p.output_files();
    let mut g = Golden::new("site/expected-offline");
    g.check("files.txt", format!("{}\n", files.join("\n")).as_bytes());
    let scripts: Vec<&String> = files
        .iter()
        .filter(|f| f.starts_with("search/") && f.ends_with("/index.js"))
        .collect();
    assert_eq!(scripts.len(), 2, "one search index script per language");
    for rel in scripts {
        g.check(&format!("public/{rel}"), p.read(rel).as_bytes());
    }
    for rel in ["tin-tuc/vay-von/index.html", "tim-kiem/index.html"] {
        let html = p.read(rel);
        let main = golden::main_region(&html).unwrap_or_else(|| panic!("{rel} has no <main>"));
        g.check(&format!("main/{rel}"), format!("{main}\n").as_bytes());
    }
    g.finish();

    let mut same = 0;
    for rel in files.iter().filter(|f| is_contract(f)) {
        let offline = std::fs::read(p.out().join(rel)).expect("read offline file");
        let online = std::fs::read(online.join(rel))
            .unwrap_or_else(|e| panic!("{rel}: in the offline copy only ({e})"));
        assert!(offline == online, "{rel} differs from the online build's");
        same += 1;
    }
    assert!(
        same >= 10,
        "only {same} feeds, calendars and sitemaps compared"
    );
}

/// Runs the `loa` binary in `root` with `args`.
fn loa(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_loa"))
        .args(args)
        .arg("--root")
        .arg(root)
        .args(["--now", NOW])
        .output()
        .expect("run loa")
}

#[test]
fn check_reports_match_their_expected_copies() {
    let p = Portal::from_fixture("golden/check/input");
    let mut g = Golden::new("check/expected");
    for (format, file) in [("json", "check.json"), ("text", "check.txt")] {
        let out = loa(&p.root(), &["check", "--format", format]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "the fixture has errors: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).expect("UTF-8 output");
        if format == "json" {
            // A tool needs it to parse, not just to look the same.
            serde_json::from_str::<serde_json::Value>(&text).expect("check --format json is JSON");
        }
        g.check(file, golden::normalize_root(&text, &p.root()).as_bytes());
    }
    g.finish();
}

/// Each folder under `tests/fixtures/golden/errors/` is one bad portal
/// (`input/`) and what `loa build` prints for it (`expected/build.txt`):
/// exit status, standard output and standard error, with the temporary
/// folder written `<root>`. A new case is a new folder; bless to write its
/// expected copy.
#[test]
fn build_errors_match_their_expected_text() {
    let cases = golden::fixture_dir("errors");
    let mut names: Vec<String> = std::fs::read_dir(&cases)
        .expect("errors folder")
        .flatten()
        .filter(|e| e.path().join("input").is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no cases in {}", cases.display());
    let mut failures = Vec::new();
    for name in &names {
        let sandbox = tempfile::tempdir().expect("temp dir");
        let root = sandbox.path().join("portal");
        let input = cases.join(name).join("input");
        for rel in list_files(&input) {
            let to = root.join(&rel);
            std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
            std::fs::copy(input.join(&rel), to).expect("copy input");
        }
        let out = loa(&root, &["build"]);
        let transcript = format!(
            "exit status: {}\n--- stdout\n{}--- stderr\n{}",
            out.status
                .code()
                .map_or("none (killed)".into(), |c| c.to_string()),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let mut g = Golden::new(&format!("errors/{name}/expected"));
        g.check(
            "build.txt",
            golden::normalize_root(&transcript, &root).as_bytes(),
        );
        // Collected, so one run reports every case that changed.
        if let Err(e) = g.result() {
            failures.push(e);
        }
        // 1 for bad content, 2 for a refused run; a panic would be 101.
        assert!(
            matches!(out.status.code(), Some(1 | 2)),
            "{name}: bad input fails cleanly\n{transcript}"
        );
        assert!(
            !root.join("public").exists(),
            "{name}: a failed build writes no site"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The harness itself: one changed byte (a line ending too), a missing copy
/// and a stale copy each fail; blessing writes and removes until they pass.
#[test]
fn the_comparison_fails_on_any_difference_and_blessing_repairs_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let expected = dir.path().join("expected");
    let files: &[(&str, &[u8])] = &[
        ("a.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"),
        ("sub/b.json", b"{\"docs\":1}"),
    ];
    let run = |bless: bool, actual: &[(&str, &[u8])]| {
        let mut g = Golden::in_dir(expected.clone(), bless);
        for (rel, bytes) in actual {
            g.check(rel, bytes);
        }
        g.result()
    };
    let missing = run(false, files).expect_err("no copies yet");
    assert!(missing.contains("2 golden file(s) differ"), "{missing}");
    run(true, files).expect("blessing writes the copies");
    run(false, files).expect("the same bytes pass");

    let crlf_to_lf: &[(&str, &[u8])] = &[
        ("a.ics", b"BEGIN:VCALENDAR\nEND:VCALENDAR\r\n"),
        ("sub/b.json", b"{\"docs\":1}"),
    ];
    let e = run(false, crlf_to_lf).expect_err("one byte less");
    assert!(
        e.contains("a.ics: differs") && e.contains("line 1, column 16"),
        "{e}"
    );
    let one_digit: &[(&str, &[u8])] = &[files[0], ("sub/b.json", b"{\"docs\":2}")];
    let e = run(false, one_digit).expect_err("one byte changed");
    assert!(
        e.contains("sub/b.json: differs") && !e.contains("a.ics"),
        "{e}"
    );

    let e = run(false, &files[..1]).expect_err("a copy no longer produced");
    assert!(
        e.contains("sub/b.json: expected, but the test no longer produces it"),
        "{e}"
    );
    run(true, &files[..1]).expect("blessing removes it");
    assert!(!expected.join("sub/b.json").exists());
    run(false, &files[..1]).expect("and then it passes");
}
