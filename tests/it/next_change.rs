//! The next change (issue 19): each build works out when its output would
//! next differ, prints it, writes `next-change.json`, and `loa due` reads it;
//! the register's age shows in warnings and on its page.

use crate::common;

use std::process::Command;

use common::{Portal, SITE_TOML};
use loa::check::{self, CheckOptions};
use serde_json::Value;

fn loa() -> Command {
    Command::new(env!("CARGO_BIN_EXE_loa"))
}

/// A bilingual portal with a section of each dated kind and a register
/// (checked 2026-11-01) with the given `[register]` extra lines.
fn portal_with(register_extra: &str, companies: &str) -> Portal {
    let p = Portal::with_config(&format!(
        "{SITE_TOML}\n[register]\nfile = \"data/dn.yaml\"\npaths = {{ vi = \"doanh-nghiep\", en = \"companies\" }}\n{register_extra}"
    ));
    p.page("content/_index.md", "Trang chủ", "x");
    p.section("tin-tuc", "Tin tức", "articles");
    p.section("chinh-sach", "Chính sách", "policies");
    p.section("phien", "Phiên giao dịch", "job_fairs");
    p.file(
        "data/dn.yaml",
        &format!(
            "note: Dữ liệu minh họa\nchecked: 2026-11-01\nofficial_list: https://dolab.example/\ncompanies:\n  - name: Công ty A\n    licence_number: \"001/GP\"\n    status: active\n{companies}"
        ),
    );
    p
}

fn portal() -> Portal {
    portal_with("", "")
}

/// The record the build left in `.loa-cache/`.
fn cache_record(p: &Portal) -> Value {
    let text = std::fs::read_to_string(p.root().join(".loa-cache/next-change.json"))
        .expect("the build writes .loa-cache/next-change.json");
    serde_json::from_str(&text).expect("next-change.json is JSON")
}

/// Builds at `now` and returns the record's `next_change`.
fn next_at(p: &mut Portal, now: &str) -> Value {
    p.opts.now = Some(now.into());
    p.build_ok();
    cache_record(p)["next_change"].clone()
}

const FAIR: &str = "---\ntitle: Phiên tháng 12\nstart: 2026-12-10 07:30\nend: 2026-12-10 11:30\nvenue: Nhà văn hóa\n---\nx\n";

#[test]
fn a_portal_with_nothing_scheduled_says_so() {
    let p = Portal::new();
    p.page("content/_index.md", "Trang chủ", "x");
    p.page("content/a.md", "A", "x");
    let report = p.build_ok();
    assert!(report.next_change.is_none());
    assert_eq!(
        report.next_change_line,
        "Next change: none: nothing on the portal depends on a later date"
    );
    let record = cache_record(&p);
    assert_eq!(record["built_at"], "2026-11-22T12:00:00+07:00");
    assert_eq!(record["next_change"], Value::Null);
    assert_eq!(record.as_object().map(|o| o.len()), Some(2), "{record}");
}

#[test]
fn each_kind_of_moment_is_found() {
    // (file, text, what, at, page url)
    let cases = [
        (
            "content/tin-tuc/sap-toi.md",
            "---\ntitle: Sắp đăng\ndate: 2026-12-01 08:00\n---\nx\n",
            "page_published",
            "2026-12-01T08:00:00+07:00",
            "/tin-tuc/sap-toi/",
        ),
        (
            "content/tin-tuc/het-han.md",
            "---\ntitle: Hết hạn\ndate: 2026-11-01\nexpires: 2026-12-02\n---\nx\n",
            "page_expires",
            "2026-12-02T00:00:00+07:00",
            "/tin-tuc/het-han/",
        ),
        (
            "content/phien/thang-12.md",
            FAIR,
            "job_fair_starts",
            "2026-12-10T07:30:00+07:00",
            "/phien/thang-12/",
        ),
        (
            "content/chinh-sach/moi.md",
            "---\ntitle: Nghị quyết mới\ndocument:\n  number: \"1/NQ\"\n  effective: 2027-01-01\n---\nx\n",
            "policy_takes_effect",
            "2027-01-01T00:00:00+07:00",
            "/chinh-sach/moi/",
        ),
        (
            "content/chinh-sach/cu.md",
            // Written in UTC: the record gives the portal's offset.
            "---\ntitle: Nghị quyết cũ\ndocument:\n  number: \"2/NQ\"\n  effective: 2021-01-01\n  expires: 2026-12-30T17:00:00Z\n---\nx\n",
            "policy_expires",
            "2026-12-31T00:00:00+07:00",
            "/chinh-sach/cu/",
        ),
    ];
    for (file, text, what, at, url) in cases {
        let mut p = portal();
        p.file(file, text);
        let next = next_at(&mut p, "2026-11-22T12:00:00+07:00");
        assert_eq!(next["at"], at, "{file}: {next}");
        let changes = next["changes"].as_array().expect("changes");
        assert_eq!(changes.len(), 1, "{file}: {next}");
        assert_eq!(changes[0]["what"], what, "{file}");
        assert_eq!(changes[0]["page"], file, "{file}");
        assert_eq!(changes[0]["url"], url, "{file}");
        let title = text.lines().nth(1).unwrap().trim_start_matches("title: ");
        assert_eq!(changes[0]["title"], title, "{file}");
    }
}

#[test]
fn a_job_fair_counts_twice_its_start_then_its_end() {
    let mut p = portal();
    p.file("content/phien/thang-12.md", FAIR);
    let before = next_at(&mut p, "2026-12-10T07:29:59+07:00");
    assert_eq!(before["at"], "2026-12-10T07:30:00+07:00");
    assert_eq!(before["changes"][0]["what"], "job_fair_starts");
    // The moment itself is no longer "after now".
    for now in ["2026-12-10T07:30:00+07:00", "2026-12-10T07:30:01+07:00"] {
        let during = next_at(&mut p, now);
        assert_eq!(during["at"], "2026-12-10T11:30:00+07:00", "{now}");
        assert_eq!(during["changes"][0]["what"], "job_fair_ends", "{now}");
    }
    let after = next_at(&mut p, "2026-12-10T11:30:01+07:00");
    assert_eq!(after, Value::Null);
}

#[test]
fn changes_at_one_moment_are_all_listed_and_the_line_counts_them() {
    let p = portal();
    // One instant written in two offsets, and a later one that is not listed.
    p.file(
        "content/tin-tuc/a.md",
        "---\ntitle: Bài A\ndate: 2026-11-01\nexpires: 2026-12-01T07:00:00+07:00\n---\nx\n",
    );
    p.file(
        "content/tin-tuc/b.md",
        "---\ntitle: Bài B\ndate: 2026-12-01T00:00:00Z\n---\nx\n",
    );
    p.file(
        "content/tin-tuc/c.md",
        "---\ntitle: Bài C\ndate: 2026-11-01\nexpires: 2026-12-01T07:00:01+07:00\n---\nx\n",
    );
    let report = p.build_ok();
    let next = cache_record(&p)["next_change"].clone();
    assert_eq!(next["at"], "2026-12-01T07:00:00+07:00");
    let whats: Vec<(&str, &str)> = next["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["what"].as_str().unwrap(), c["title"].as_str().unwrap()))
        .collect();
    assert_eq!(
        whats,
        [("page_expires", "Bài A"), ("page_published", "Bài B")]
    );
    assert_eq!(
        report.next_change_line,
        "Next change: 1/12/2026 07:00 (+07:00): page `Bài A` expires and 1 more; rebuild then"
    );
}

#[test]
fn licences_end_on_their_date() {
    let company = "  - name: Công ty B\n    licence_number: \"002/GP\"\n    licence_expires: 2026-12-15\n    status: active\n";
    let mut p = portal_with("", company);
    let next = next_at(&mut p, "2026-12-14T23:59:59+07:00");
    assert_eq!(next["at"], "2026-12-15T00:00:00+07:00");
    assert_eq!(next["changes"][0]["what"], "licence_expires");
    assert_eq!(next["changes"][0]["page"], Value::Null);
    assert_eq!(next["changes"][0]["url"], "/doanh-nghiep/");
    assert_eq!(next["changes"][0]["title"], "Công ty B");
    let vi = p.read("doanh-nghiep/index.html");
    assert!(!vi.contains("Giấy phép đã hết hạn"), "{vi}");

    let next = next_at(&mut p, "2026-12-15T00:00:00+07:00");
    assert_eq!(next, Value::Null);
    let vi = p.read("doanh-nghiep/index.html");
    let row_b = vi.split("Công ty B").nth(1).expect("row B");
    assert!(row_b.contains("Giấy phép đã hết hạn"), "{row_b}");
    let row_a = vi.split("Công ty A").nth(1).unwrap();
    assert!(row_a.contains("Đang hoạt động"), "company A unchanged");
    assert!(
        p.read("en/companies/index.html")
            .contains("Licence expired")
    );
}

/// The notice paragraph of a register page, if there is one.
fn notice(html: &str) -> Option<&str> {
    let start = html.find("<p class=\"banner\" role=\"note\" data-show-after=")?;
    let end = html[start..].find("</p>")?;
    Some(&html[start..start + end])
}

#[test]
fn the_register_ages_visibly() {
    let mut p = portal_with("max_age_days = 30\n", "");
    // Fresh: no warning, the notice is there but hidden, and its moment is next.
    p.opts.now = Some("2026-11-30T12:00:00+07:00".into());
    let fresh = p.build_ok();
    assert!(fresh.warnings.is_empty(), "{:?}", fresh.warnings);
    let next = cache_record(&p)["next_change"].clone();
    assert_eq!(next["at"], "2026-12-01T00:00:00+07:00");
    assert_eq!(next["changes"][0]["what"], "register_stale");
    assert_eq!(next["changes"][0]["title"], "data/dn.yaml");
    for (page, words) in [
        ("doanh-nghiep/index.html", "có thể không còn đúng"),
        ("en/companies/index.html", "may be out of date"),
    ] {
        let html = p.read(page);
        let n = notice(&html).unwrap_or_else(|| panic!("{page}: {html}"));
        assert!(
            n.contains("data-show-after=\"2026-12-01T00:00:00+07:00\" hidden"),
            "{n}"
        );
        assert!(
            n.contains(words) && n.contains("href=\"https://dolab.example/\""),
            "{n}"
        );
    }

    // Old: one warning at the `checked` line, the notice shown, in build and check.
    p.opts.now = Some("2026-12-01T00:00:00+07:00".into());
    let old = p.build_ok();
    let warnings: Vec<String> = old.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("data/dn.yaml:2: warning:") && warnings[0].contains("30 days"),
        "{warnings:?}"
    );
    for page in ["doanh-nghiep/index.html", "en/companies/index.html"] {
        let html = p.read(page);
        let n = notice(&html).expect("notice");
        assert!(!n.contains("hidden"), "{n}");
    }
    let report = check::run(&CheckOptions {
        root: p.root(),
        now: p.opts.now.clone(),
        ..Default::default()
    });
    let found: Vec<String> = report.diagnostics.iter().map(ToString::to_string).collect();
    assert!(
        found
            .iter()
            .any(|d| d.starts_with("data/dn.yaml:2: warning:") && d.contains("30 days")),
        "{found:?}"
    );
}

#[test]
fn without_max_age_the_register_page_has_no_notice() {
    let p = portal();
    p.build_ok();
    assert!(notice(&p.read("doanh-nghiep/index.html")).is_none());
}

#[test]
fn max_age_days_of_zero_is_an_error_at_its_line() {
    let p = portal_with("max_age_days = 0\n", "");
    let errors = p.build_errors();
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("site.toml:") && e.contains("max_age_days")),
        "{errors:?}"
    );
}

#[test]
fn the_record_is_in_the_cache_and_the_output_alike() {
    let p = portal();
    p.file("content/phien/thang-12.md", FAIR);
    p.build_ok();
    let cached = std::fs::read_to_string(p.root().join(".loa-cache/next-change.json")).unwrap();
    assert_eq!(p.read("next-change.json"), cached);
    let v: Value = serde_json::from_str(&cached).unwrap();
    let change = &v["next_change"]["changes"][0];
    let mut keys: Vec<&String> = change.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(keys, ["page", "title", "url", "what"]);
}

#[test]
fn hosting_next_change_false_and_offline_copies_leave_it_out_of_the_output() {
    let p = Portal::with_config(&format!("{SITE_TOML}\n[hosting]\nnext_change = false\n"));
    p.page("content/_index.md", "Trang chủ", "x");
    p.build_ok();
    assert!(!p.exists("next-change.json"));
    assert!(p.root().join(".loa-cache/next-change.json").is_file());

    let mut p = portal();
    p.opts.offline = true;
    p.build_ok();
    assert!(!p.exists("next-change.json"));
    assert!(p.root().join(".loa-cache/next-change.json").is_file());
}

#[test]
fn an_output_elsewhere_keeps_the_record_in_the_portal_cache() {
    let mut p = portal();
    p.file("content/phien/thang-12.md", FAIR);
    let elsewhere = p.sandbox().join("site");
    p.opts.output = Some(elsewhere.clone());
    p.build_ok();
    assert!(elsewhere.join("next-change.json").is_file());
    assert_eq!(
        cache_record(&p)["next_change"]["at"],
        "2026-12-10T07:30:00+07:00"
    );
}

#[test]
fn check_reports_the_same_next_change() {
    let p = portal();
    p.file("content/phien/thang-12.md", FAIR);
    p.build_ok();
    let out = loa()
        .args([
            "check",
            "--format",
            "json",
            "--now",
            "2026-11-22T12:00:00+07:00",
            "--root",
        ])
        .arg(p.root())
        .output()
        .expect("run loa");
    let json: Value = serde_json::from_slice(&out.stdout).expect("check json");
    assert_eq!(json["next_change"], cache_record(&p)["next_change"]);

    let out = loa()
        .args(["check", "--now", "2026-11-22T12:00:00+07:00", "--root"])
        .arg(p.root())
        .output()
        .expect("run loa");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "Next change: 10/12/2026 07:30 (+07:00): job fair `Phiên tháng 12` starts; rebuild then"
        ),
        "{text}"
    );
}

#[test]
fn build_prints_the_next_change_after_its_summary() {
    let p = portal();
    p.file("content/phien/thang-12.md", FAIR);
    let out = loa()
        .args(["build", "--now", "2026-11-22T12:00:00+07:00", "--root"])
        .arg(p.root())
        .output()
        .expect("run loa");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    let built = lines
        .iter()
        .position(|l| l.starts_with("Built "))
        .expect("summary");
    assert_eq!(
        lines.get(built + 1).copied(),
        Some(
            "Next change: 10/12/2026 07:30 (+07:00): job fair `Phiên tháng 12` starts; rebuild then"
        ),
        "{stdout}"
    );
}

/// `loa due` at `now` over the portal's record (or `file`): exit code, stdout.
fn due(p: &Portal, now: &str, file: Option<&std::path::Path>) -> (i32, String) {
    let mut cmd = loa();
    cmd.args(["due", "--now", now, "--root"]).arg(p.root());
    if let Some(f) = file {
        cmd.arg("--file").arg(f);
    }
    let out = cmd.output().expect("run loa");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn loa_due_says_when_to_rebuild() {
    let p = portal();
    let (code, text) = due(&p, "2026-11-22T12:00:00+07:00", None);
    assert_eq!(code, 0, "no record yet: {text}");
    assert!(text.starts_with("due: cannot read"), "{text}");

    p.file("content/phien/thang-12.md", FAIR);
    p.build_ok(); // at 2026-11-22 12:00
    let (code, text) = due(&p, "2026-11-23T11:00:00+07:00", None);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.starts_with("not due: next change at 2026-12-10T07:30:00+07:00"),
        "{text}"
    );
    // Over a day old: due even though the next change is far off.
    let (code, text) = due(&p, "2026-11-23T12:00:01+07:00", None);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("more than 24 hours"), "{text}");

    // A copy fetched from the published site, read with --file.
    let fetched = p.sandbox().join("fetched.json");
    std::fs::write(
        &fetched,
        "{\"built_at\": \"2026-12-10T07:00:00+07:00\", \"next_change\": {\"at\": \"2026-12-10T07:30:00+07:00\", \"changes\": []}}",
    )
    .unwrap();
    assert_eq!(due(&p, "2026-12-10T07:29:59+07:00", Some(&fetched)).0, 1);
    let (code, text) = due(&p, "2026-12-10T07:30:00+07:00", Some(&fetched));
    assert_eq!(code, 0, "{text}");
    assert!(text.starts_with("due: the next change was at"), "{text}");

    std::fs::write(&fetched, "<html>not found</html>").unwrap();
    assert_eq!(due(&p, "2026-12-10T07:00:00+07:00", Some(&fetched)).0, 0);
    assert_eq!(due(&p, "hôm nay", None).0, 2);
}

#[test]
fn the_published_record_does_not_name_a_page_before_its_date() {
    // Anyone can read the site's next-change.json: a scheduled page is
    // there by its moment only; the portal's own cache keeps its name.
    let p = portal();
    p.file(
        "content/tin-tuc/sap-toi.md",
        "---\ntitle: Thông báo chưa công bố\ndate: 2026-12-01 08:00\n---\nx\n",
    );
    p.build_ok();
    let public: Value = serde_json::from_str(&p.read("next-change.json")).unwrap();
    let change = &public["next_change"]["changes"][0];
    assert_eq!(change["what"], "page_published");
    assert_eq!(public["next_change"]["at"], "2026-12-01T08:00:00+07:00");
    assert_eq!(change["title"], "");
    assert_eq!(change["page"], Value::Null);
    assert_eq!(change["url"], Value::Null);
    assert!(!p.read("next-change.json").contains("chưa công bố"));
    let cached = cache_record(&p);
    let change = &cached["next_change"]["changes"][0];
    assert_eq!(change["title"], "Thông báo chưa công bố");
    assert_eq!(change["url"], "/tin-tuc/sap-toi/");
}
