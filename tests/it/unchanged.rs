//! `loa build` stops early when nothing it reads has changed since the last
//! build (src/pipeline/unchanged.rs). Whatever it does, the output must be
//! exactly what a fresh build of the same files at the same moment gives:
//! each test changes something, builds, and compares every output file
//! with a build into a new folder, byte for byte. Whether the shortcut was
//! taken is told by the output folder itself: a full build swaps in a new
//! tree, the shortcut leaves the folder as it was.

use crate::common::Portal;
use crate::common::fixture;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Every file under `dir`, by relative path.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("inside");
            (
                rel.to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}

/// Sets every file of the portal an hour back, as files are when they were
/// not edited just before a build (a build saves no record for the next
/// one when an input changed in the two seconds before it started).
fn age(root: &Path) {
    let then = SystemTime::now() - Duration::from_secs(3600);
    for e in walkdir::WalkDir::new(root).into_iter().flatten() {
        if e.file_type().is_file() {
            let f = std::fs::File::options()
                .write(true)
                .open(e.path())
                .expect("open");
            f.set_modified(then).expect("set time");
        }
    }
}

/// The identity of the output folder: changes when a build swaps in a new tree.
#[cfg(unix)]
fn folder_id(dir: &Path) -> u64 {
    std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(dir).expect("output"))
}

/// Builds `p` as it is now into a new folder beside it and compares every
/// file with `p`'s output; `what` names the case in the failure.
fn same_as_fresh(p: &Portal, what: &str) {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir: PathBuf = p.root().with_file_name(format!("fresh-{n}"));
    let mut opts = p.opts.clone();
    opts.output = Some(dir.clone());
    loa::build(&opts).unwrap_or_else(|e| panic!("{what}: fresh build: {e}"));
    let (got, want) = (tree(&p.out()), tree(&dir));
    let differ: Vec<&String> = want
        .keys()
        .chain(got.keys())
        .filter(|k| got.get(*k) != want.get(*k))
        .collect();
    assert!(
        differ.is_empty(),
        "{what}: the output differs from a fresh build in {differ:?}"
    );
}

/// Builds, checks the result against a fresh build, then shows that a
/// build with nothing changed takes the shortcut and still matches.
fn build_and_compare(p: &Portal, what: &str) {
    p.build_ok();
    same_as_fresh(p, what);
    age(&p.root());
    // The record is saved by a build whose inputs were not just modified.
    p.build_ok();
    #[cfg(unix)]
    let before = folder_id(&p.out());
    p.build_ok();
    #[cfg(unix)]
    assert_eq!(
        folder_id(&p.out()),
        before,
        "{what}: a build with nothing changed wrote the site again"
    );
    same_as_fresh(p, &format!("{what}, then nothing changed"));
}

#[test]
fn edits_new_and_deleted_files_config_and_theme_give_a_fresh_builds_output() {
    let p = fixture::every_kind();
    age(&p.root());
    build_and_compare(&p, "first build");

    let page = "content/tin-tuc/dong-thap-phoi-hop-day-manh-xkld.md";
    let text = std::fs::read_to_string(p.root().join(page)).expect("page");
    p.file(page, &format!("{text}\nMột đoạn mới được thêm vào bài.\n"));
    build_and_compare(&p, "a page edited");

    p.page(
        "content/tin-tuc/bai-moi.md",
        "Bài mới",
        "Nội dung của một bài mới.",
    );
    build_and_compare(&p, "a page added");

    std::fs::remove_file(p.root().join("content/tin-tuc/bai-moi.md")).expect("remove");
    build_and_compare(&p, "a page deleted");

    let site = std::fs::read_to_string(p.root().join("site.toml")).expect("site.toml");
    let site = site.replacen("Cổng thử đủ loại", "Cổng thử đã đổi tên", 1);
    p.file("site.toml", &site);
    build_and_compare(&p, "site.toml changed");

    p.file(
        "templates/partials/as_of.html",
        "<small class=\"as-of\">(đến ngày {{ today }})</small>",
    );
    build_and_compare(&p, "a theme template overridden");

    // The register moved to a folder loa reads only because site.toml names
    // it there, then edited: the edit is seen.
    let reg = std::fs::read_to_string(p.root().join("data/doanh-nghiep.yaml")).expect("register");
    std::fs::remove_file(p.root().join("data/doanh-nghiep.yaml")).expect("remove register");
    p.file("dang-ky/doanh-nghiep.yaml", &reg);
    let site = std::fs::read_to_string(p.root().join("site.toml")).expect("site.toml");
    p.file(
        "site.toml",
        &site.replacen("data/doanh-nghiep.yaml", "dang-ky/doanh-nghiep.yaml", 1),
    );
    build_and_compare(&p, "the register moved out of data/");
    p.file(
        "dang-ky/doanh-nghiep.yaml",
        &reg.replacen("Công ty Thử A", "Công ty Thử A đổi tên", 1),
    );
    build_and_compare(&p, "the register edited outside the source folders");

    // Folders loa does not read (a build tree, node modules) change nothing.
    p.file("target/debug/x.o", "built");
    p.file("node_modules/m/index.js", "1");
    age(&p.root());
    p.build_ok();
    #[cfg(unix)]
    let before = folder_id(&p.out());
    p.file("target/debug/x.o", "built again");
    p.build_ok();
    #[cfg(unix)]
    assert_eq!(
        folder_id(&p.out()),
        before,
        "a change in target/ made the build run again"
    );

    // The output itself changed by hand: a build puts it back.
    std::fs::remove_file(p.out().join("index.html")).expect("remove output");
    build_and_compare(&p, "an output file deleted");
    // A file put deep in the output (only its folder's time says so): a
    // build takes it away.
    std::fs::write(p.out().join("tin-tuc/them.html"), "put here by hand").expect("write");
    build_and_compare(&p, "a file added deep in the output");
    assert!(!p.out().join("tin-tuc/them.html").exists());
}

#[test]
fn the_build_moment_counts_day_schedule_and_exact_moment() {
    let mut p = fixture::every_kind();
    age(&p.root());
    let first = p.build_ok();
    let next = first
        .next_change
        .expect("the fixture has scheduled moments")
        .at;

    // The programmes' feed has no dated entry, so it says it was updated
    // at the build's moment: another moment is a full build.
    #[cfg(unix)]
    let before = folder_id(&p.out());
    p.opts.now = Some("2026-11-22T18:00:00+07:00".into());
    p.build_ok();
    #[cfg(unix)]
    assert_ne!(folder_id(&p.out()), before, "a feed shows the moment");
    same_as_fresh(&p, "a feed showing the moment");

    // With dated programmes nothing shows the moment but the published
    // record: later the same day, before the next change, the shortcut
    // runs and rewrites that record, as a fresh build would write it.
    for rel in [
        "content/chuong-trinh/im-japan.md",
        "content/chuong-trinh/im-japan.en.md",
    ] {
        let text = std::fs::read_to_string(p.root().join(rel)).expect("page");
        p.file(rel, &text.replacen("---\n", "---\ndate: 2026-01-15\n", 1));
    }
    p.opts.now = Some("2026-11-22T12:00:00+07:00".into());
    age(&p.root());
    p.build_ok();
    #[cfg(unix)]
    let before = folder_id(&p.out());
    p.opts.now = Some("2026-11-22T18:00:00+07:00".into());
    p.build_ok();
    #[cfg(unix)]
    assert_eq!(folder_id(&p.out()), before, "same day: no full build");
    same_as_fresh(&p, "later the same day");
    let record = p.read("next-change.json");
    assert!(record.contains("2026-11-22T18:00:00+07:00"), "{record}");

    p.opts.now = Some("2026-11-23T08:00:00+07:00".into());
    build_and_compare(&p, "the next day");

    p.opts.now = Some(next.rfc3339());
    build_and_compare(&p, "the next change's moment");

    // A theme that shows the moment itself: only that moment reuses a site.
    p.file(
        "templates/partials/as_of.html",
        "<small>{{ site.now }}</small>",
    );
    age(&p.root());
    build_and_compare(&p, "a template showing site.now");
    let at = p.opts.now.clone().expect("now");
    p.opts.now = Some(at.replacen(":00+", ":01+", 1));
    assert_ne!(p.opts.now.as_deref(), Some(at.as_str()));
    p.build_ok();
    same_as_fresh(&p, "a template showing site.now, a second later");
}

// One-page edits (src/pipeline/edits.rs): when only the text of pages
// changed, a build makes again only what shows it and puts it in place.
// Whatever it does, the output must equal a fresh build's.

/// The fixture with every kind, its programmes dated so that no file shows
/// the build's exact moment (a feed with no dated entry would), built once
/// with settled inputs so the next build has a record to compare with.
fn edit_ready() -> Portal {
    let p = fixture::every_kind();
    for rel in [
        "content/chuong-trinh/im-japan.md",
        "content/chuong-trinh/im-japan.en.md",
    ] {
        let text = std::fs::read_to_string(p.root().join(rel)).expect("page");
        p.file(rel, &text.replacen("---\n", "---\ndate: 2026-01-15\n", 1));
    }
    age(&p.root());
    let first = p.build_ok();
    assert!(first.edited.is_none(), "the first build is a full one");
    p
}

/// Appends `text` as a new paragraph of the page at `rel`.
fn add_paragraph(p: &Portal, rel: &str, text: &str) {
    let old = std::fs::read_to_string(p.root().join(rel)).expect("page");
    p.file(rel, &format!("{old}\n{text}\n"));
}

/// Builds and says how many pages' text the build found changed alone
/// (`None`: it was a full build), after checking the output against a
/// fresh build.
fn edited(p: &Portal, what: &str) -> Option<usize> {
    let report = p.build_ok();
    same_as_fresh(p, what);
    report.edited.map(|e| e.pages)
}

#[test]
fn an_edit_to_the_text_of_pages_remakes_only_what_shows_it() {
    let p = edit_ready();
    let news = "content/tin-tuc/dong-thap-phoi-hop-day-manh-xkld.md";
    add_paragraph(&p, news, "Một đoạn mới được thêm vào bài.");
    assert_eq!(edited(&p, "a paragraph added"), Some(1));
    // The loudspeaker reads it too (an edit build spells out only the
    // edited pages' texts and the week's; `same_as_fresh` has compared
    // every other). This page is not of the newest week, the job fair is.
    let own = p.read("tin-tuc/dong-thap-phoi-hop-day-manh-xkld/ban-tin.txt");
    assert!(own.contains("Một đoạn mới được thêm vào bài."), "{own}");
    let fair = "content/phien-giao-dich/thang-12-2026.md";
    add_paragraph(&p, fair, "Mang theo giấy tờ tùy thân.");
    assert_eq!(edited(&p, "a paragraph added to the week's fair"), Some(1));
    let weekly = p.read("ban-tin/ban-tin-tuan.txt");
    assert!(weekly.contains("Mang theo giấy tờ tùy thân."), "{weekly}");
    // Both languages at once, and a word no other page has: its search
    // shard appears, then goes when the word goes.
    add_paragraph(&p, news, "Từ lạ: xylophonequa.");
    add_paragraph(
        &p,
        "content/tin-tuc/dong-thap-phoi-hop-day-manh-xkld.en.md",
        "A new paragraph in English.",
    );
    assert_eq!(edited(&p, "two languages, a new word"), Some(2));
    let text = std::fs::read_to_string(p.root().join(news)).expect("page");
    p.file(news, &text.replace("\nTừ lạ: xylophonequa.\n", ""));
    assert_eq!(edited(&p, "the new word removed"), Some(1));
}

#[test]
fn a_change_other_pages_show_or_a_doubt_makes_a_full_build() {
    let mut p = edit_ready();
    let news = "content/tin-tuc/dong-thap-phoi-hop-day-manh-xkld.md";
    // The title shows in listings, term pages and related lists.
    let text = std::fs::read_to_string(p.root().join(news)).expect("page");
    p.file(news, &text.replacen("XKLĐ\"", "XKLĐ năm 2026\"", 1));
    assert_eq!(edited(&p, "a title changed"), None);
    age(&p.root());
    p.build_ok();
    // The first paragraph is the summary listings show.
    let text = std::fs::read_to_string(p.root().join(news)).expect("page");
    p.file(
        news,
        &text.replacen("Tỉnh Đồng Tháp", "Tỉnh Đồng Tháp (đã sửa)", 1),
    );
    assert_eq!(edited(&p, "the summary changed"), None);
    age(&p.root());
    p.build_ok();
    // An output file removed by hand: the folder is not as the last build
    // left it, so all of it is written again.
    std::fs::remove_file(p.out().join("index.html")).expect("remove");
    add_paragraph(&p, news, "Thêm một đoạn.");
    assert_eq!(edited(&p, "an output file deleted"), None);
    assert!(p.out().join("index.html").is_file());
    age(&p.root());
    p.build_ok();
    // A file put deep in the output by hand, beside an edit: a full build,
    // which takes it away.
    std::fs::write(p.out().join("tin-tuc/them.html"), "put here by hand").expect("write");
    add_paragraph(&p, news, "Một đoạn nữa.");
    assert_eq!(edited(&p, "a file added deep in the output"), None);
    assert!(!p.out().join("tin-tuc/them.html").exists());
    age(&p.root());
    p.build_ok();
    // Another day: "as of" dates and statuses may differ.
    add_paragraph(&p, news, "Thêm đoạn nữa.");
    p.opts.now = Some("2026-11-23T09:00:00+07:00".into());
    assert_eq!(edited(&p, "the next day"), None);
    age(&p.root());
    p.build_ok();
    // A template changed.
    add_paragraph(&p, news, "Lại thêm.");
    p.file(
        "templates/partials/as_of.html",
        "<small class=\"as-of\">(tính đến {{ today }})</small>",
    );
    assert_eq!(edited(&p, "a template changed with the text"), None);
}

#[test]
fn the_build_says_when_only_text_was_made_again() {
    let p = edit_ready();
    let build = || {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_loa"))
            .args(["build", "--now", "2026-11-22T12:00:00+07:00", "--root"])
            .arg(p.root())
            .arg("--output")
            .arg(p.out())
            .output()
            .expect("run loa");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    // The record names the binary that made it: this one's first.
    let said = build();
    assert!(!said.contains("changed since the last build"), "{said}");
    add_paragraph(
        &p,
        "content/tin-tuc/dong-thap-phoi-hop-day-manh-xkld.md",
        "Thêm.",
    );
    let said = build();
    assert!(
        said.contains("Only the text of 1 page(s) changed since the last build"),
        "{said}"
    );
    // The page was modified just now, so no no-change record was saved:
    // the next build compares texts, finds none changed and says so.
    let said = build();
    assert!(
        said.contains("No page changed since the last build"),
        "{said}"
    );
    same_as_fresh(&p, "nothing changed after an edit");
}

/// `loa build` keeps every body it rendered in `.loa-cache/` for the next
/// build, which reuses one only while its Markdown, the Markdown options
/// and the answers to its link lookups are the same (src/bodies/saved.rs).
/// Each step changes one of them without touching the page that reads it,
/// and the output must still be a fresh build's.
#[test]
fn kept_bodies_are_reused_only_while_what_they_read_is_the_same() {
    let p = fixture::every_kind();
    let a = "content/tin-tuc/bai-a.md";
    p.page(a, "Bài A", "Xem [bài B](bai-b.md) và \"trích dẫn\".");
    p.page("content/tin-tuc/bai-b.md", "Bài B", "Nội dung B.");
    age(&p.root());
    build_and_compare(&p, "first build");
    let kept = p.root().join(".loa-cache/bodies-public.bin");
    assert!(kept.is_file(), "the build kept no bodies");
    let body = |p: &Portal| p.read("tin-tuc/bai-a/index.html");
    assert!(
        body(&p).contains("href=\"/tin-tuc/bai-b/\""),
        "{}",
        body(&p)
    );

    // B moves: A's Markdown is the same, the answer to its link is not.
    p.file(
        "content/tin-tuc/bai-b.md",
        "---\ntitle: \"Bài B\"\nslug: bai-b-moi\n---\nNội dung B.\n",
    );
    build_and_compare(&p, "the linked page moved");
    assert!(
        body(&p).contains("href=\"/tin-tuc/bai-b-moi/\""),
        "{}",
        body(&p)
    );

    // Typographic quotes: the options every body is rendered with changed.
    let site = std::fs::read_to_string(p.root().join("site.toml")).expect("site.toml");
    p.file(
        "site.toml",
        &format!("{site}\n[markdown]\nsmart_punctuation = true\n"),
    );
    build_and_compare(&p, "the Markdown options changed");
    assert!(body(&p).contains("“trích dẫn”"), "{}", body(&p));

    // A damaged file is not read: every body is rendered again.
    let bytes = std::fs::read(&kept).expect("kept bodies");
    std::fs::write(&kept, &bytes[..bytes.len() / 2]).expect("cut");
    add_paragraph(&p, a, "Thêm một đoạn.");
    build_and_compare(&p, "the kept bodies cut short");
    assert!(body(&p).contains("Thêm một đoạn."));
}

/// A build that renders at most one body in a hundred afresh (an edit)
/// leaves the kept bodies file as it was (src/pipeline/kept_bodies.rs):
/// the builds after it render those pages again and still write what a
/// fresh build writes, and once more than one in a hundred differ from the
/// file, it is written anew.
#[test]
fn a_small_edit_leaves_the_kept_bodies_file_and_the_output_right() {
    let p = fixture::every_kind();
    for i in 0..120 {
        p.page(
            &format!("content/tin-tuc/bai-{i:03}.md"),
            &format!("Bài {i}"),
            &format!("Nội dung {i}."),
        );
    }
    age(&p.root());
    build_and_compare(&p, "first build");
    let kept = p.root().join(".loa-cache/bodies-public.bin");
    let first = std::fs::read(&kept).expect("kept bodies");
    let edit = |i: usize, text: &str| {
        add_paragraph(&p, &format!("content/tin-tuc/bai-{i:03}.md"), text);
    };
    edit(7, "Đoạn mới một.");
    build_and_compare(&p, "one page edited");
    assert!(
        p.read("tin-tuc/bai-007/index.html")
            .contains("Đoạn mới một.")
    );
    assert!(
        std::fs::read(&kept).expect("kept bodies") == first,
        "one edit rewrote the kept bodies"
    );
    // With the first edit not in the file, three bodies are rendered afresh.
    edit(8, "Đoạn mới hai.");
    edit(9, "Đoạn mới ba.");
    build_and_compare(&p, "two more pages edited");
    for (i, text) in [
        (7, "Đoạn mới một."),
        (8, "Đoạn mới hai."),
        (9, "Đoạn mới ba."),
    ] {
        let page = p.read(&format!("tin-tuc/bai-{i:03}/index.html"));
        assert!(page.contains(text), "bai-{i:03}: {page}");
    }
    assert!(
        std::fs::read(&kept).expect("kept bodies") != first,
        "three bodies rendered afresh did not write the kept bodies again"
    );
}
