//! `loa init` and `loa new`: the skeleton builds as it is, and every new file builds.

use std::process::Command;

use jiff::civil::Date;
use loa::BuildOptions;
use loa::scaffold::{self, NewOptions};

fn loa() -> Command {
    Command::new(env!("CARGO_BIN_EXE_loa"))
}

fn day() -> Date {
    Date::new(2026, 11, 22).expect("date")
}

fn opts(root: &std::path::Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        now: Some("2026-11-22T12:00:00+07:00".into()),
        ..Default::default()
    }
}

#[test]
fn init_then_build_gives_every_kind_in_both_languages() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("cong-moi");
    scaffold::init(&root, false, day()).expect("init");
    let report = loa::build(&opts(&root)).expect("the skeleton builds");
    assert_eq!(
        report.pages_per_lang,
        vec![("vi".to_string(), 5), ("en".to_string(), 5)]
    );
    let out = root.join("public");
    for page in [
        "tin-tuc/chao-mung/index.html",
        "chinh-sach/chinh-sach-mau/index.html",
        "phien-giao-dich/phien-giao-dich-mau/index.html",
        "nguoi-that-viec-that/cau-chuyen-mau/index.html",
        "lien-he/index.html",
        "en/news/chao-mung/index.html",
        "en/job-fairs/phien-giao-dich-mau/index.html",
    ] {
        assert!(out.join(page).is_file(), "{page} missing");
    }
    let fair = std::fs::read_to_string(root.join("content/phien-giao-dich/phien-giao-dich-mau.md"))
        .expect("fair");
    assert!(fair.contains("start: 2026-12-22 07:30"), "{fair}");
}

#[test]
fn init_cli_refuses_a_non_empty_folder_and_a_file() {
    let tmp = tempfile::tempdir().expect("tmp");
    std::fs::write(tmp.path().join("note.txt"), "x").expect("write");
    let out = loa().arg("init").arg(tmp.path()).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    let out = loa()
        .arg("init")
        .arg(tmp.path().join("note.txt"))
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is a file"));
    let out = loa()
        .args(["init", "--force"])
        .arg(tmp.path())
        .output()
        .expect("run");
    assert!(out.status.success());
    assert!(tmp.path().join("site.toml").is_file());
}

fn new(root: &std::path::Path, target: &str, title: &str, lang: Option<&str>) -> String {
    let rel = scaffold::new_content(&NewOptions {
        root: root.to_path_buf(),
        target: target.into(),
        title: title.into(),
        lang: lang.map(str::to_string),
        today: day(),
    })
    .unwrap_or_else(|e| panic!("new {target}: {e}"));
    rel.to_string_lossy().replace('\\', "/")
}

#[test]
fn new_for_each_kind_then_build() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("p");
    scaffold::init(&root, false, day()).expect("init");
    let title = "Phiên giao dịch việc làm tháng 3";
    let made = [
        new(&root, "articles", title, None),
        new(&root, "policies", title, None),
        new(&root, "job_fairs", title, None),
        new(&root, "stories", title, None),
        new(&root, "pages", title, None),
        new(&root, "tin-tuc", title, None),
        new(&root, "tin-tuc", title, Some("en")),
    ];
    assert_eq!(
        made,
        [
            "content/tin-tuc/phien-giao-dich-viec-lam-thang-3.md",
            "content/chinh-sach/phien-giao-dich-viec-lam-thang-3.md",
            "content/phien-giao-dich/phien-giao-dich-viec-lam-thang-3.md",
            "content/nguoi-that-viec-that/phien-giao-dich-viec-lam-thang-3.md",
            "content/phien-giao-dich-viec-lam-thang-3.md",
            "content/tin-tuc/phien-giao-dich-viec-lam-thang-3-2.md",
            "content/tin-tuc/phien-giao-dich-viec-lam-thang-3.en.md",
        ]
    );
    let article = std::fs::read_to_string(root.join(&made[0])).expect("read");
    assert!(
        article.contains("title: \"Phiên giao dịch việc làm tháng 3\""),
        "{article}"
    );
    assert!(article.contains("date: 2026-11-22"), "{article}");
    assert!(article.contains(scaffold::PLACEHOLDER), "{article}");
    let report = loa::build(&opts(&root)).expect("new files build");
    assert_eq!(
        report.pages_per_lang,
        vec![("vi".to_string(), 11), ("en".to_string(), 6)]
    );
    assert!(
        root.join("public/en/news/phien-giao-dich-viec-lam-thang-3/index.html")
            .is_file()
    );
}

/// Runs `loa new ARGS --root ROOT`.
fn new_cli(root: &std::path::Path, args: &[&str]) -> std::process::Output {
    loa()
        .arg("new")
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .expect("run")
}

#[test]
fn new_refuses_titles_without_letters_and_unknown_targets() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("p");
    scaffold::init(&root, false, day()).expect("init");
    let out = new_cli(&root, &["tin-tuc", "?!…"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no letters or digits"));
    let out = new_cli(&root, &["blog", "Tin mới"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("neither a section folder"), "{err}");
    // Every target `new` takes is named, market pages included.
    assert!(err.contains("job_orders, or markets"), "{err}");
    let out = new_cli(&root, &["tin-tuc", "Tin mới", "--lang", "fr"]);
    assert_eq!(out.status.code(), Some(2));
    let out = new_cli(&root, &["tin-tuc", "Đường đến Hàn Quốc"]);
    assert!(out.status.success());
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(
        printed
            .trim_end()
            .ends_with("content/tin-tuc/duong-den-han-quoc.md"),
        "{printed}"
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("note:"));

    // A translation by the original's file name: no note.
    let out = new_cli(&root, &["tin-tuc", "duong-den-han-quoc", "--lang", "en"]);
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .trim_end()
            .ends_with("content/tin-tuc/duong-den-han-quoc.en.md")
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("note:"));

    // An English title matches no Vietnamese page: the file is made, with a note.
    let out = new_cli(&root, &["tin-tuc", "The road to Korea", "--lang", "en"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("content/tin-tuc/the-road-to-korea.md does not exist"),
        "{err}"
    );
}
