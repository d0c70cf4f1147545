//! The output folder: reproducible builds, all-or-nothing replacement
//! (also when the build is killed), stale temporary folders cleaned, and
//! destinations that would destroy something refused.

use crate::common;
use crate::common::fixture;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{Portal, list_files};

const EPOCH: &str = "1795000000";

fn loa() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_loa"));
    c.env("SOURCE_DATE_EPOCH", EPOCH);
    c
}

/// Builds the portal at `root` into `out` with the loa binary.
fn build_into(root: &Path, out: &Path) {
    let r = loa()
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .output()
        .expect("run loa");
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
}

/// Every file with its bytes.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    list_files(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).expect("read");
            (f, bytes)
        })
        .collect()
}

fn leftovers(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .expect("read parent")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        // `.loa-cache` is the portal's cache (photos, the previous site), not a leftover.
        .filter(|n| n.contains(".loa-") && n != ".loa-cache")
        .collect()
}

#[test]
fn two_builds_with_the_same_source_date_epoch_are_byte_identical() {
    // Every kind, taxonomies, photos, two languages, minified.
    let p = fixture::every_kind();
    let (a, b) = (p.sandbox().join("a"), p.sandbox().join("b"));
    build_into(&p.root(), &a);
    build_into(&p.root(), &b);
    let (ta, tb) = (tree(&a), tree(&b));
    assert!(ta.len() > 100, "the fixture portal should give many files");
    assert_eq!(
        ta.iter().map(|(f, _)| f).collect::<Vec<_>>(),
        tb.iter().map(|(f, _)| f).collect::<Vec<_>>()
    );
    for ((f, x), (_, y)) in ta.iter().zip(&tb) {
        assert!(x == y, "{f} differs between two builds");
    }
}

#[test]
fn a_killed_build_leaves_a_whole_site_and_the_next_run_cleans_up() {
    let p = fixture::every_kind();
    let out = p.sandbox().join("public");
    build_into(&p.root(), &out);
    let first = tree(&out);
    // Kill builds at different moments; whenever it happens, the output
    // folder holds one whole site (the builds are reproducible, so old and
    // new are the same bytes), never a half-written one.
    for delay_ms in [0u64, 20, 80, 200, 400] {
        let mut child = loa()
            .args(["build", "--root"])
            .arg(p.root())
            .arg("--output")
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn loa");
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        if out.exists() {
            assert!(
                tree(&out) == first,
                "output changed after a kill at {delay_ms} ms"
            );
        }
    }
    build_into(&p.root(), &out);
    assert!(tree(&out) == first);
    assert_eq!(leftovers(p.sandbox()), Vec::<String>::new());
}

#[test]
fn stale_temporary_folders_are_removed_on_the_next_run() {
    let p = Portal::new();
    p.page("content/_index.md", "Trang chủ", "x");
    p.build_ok();
    for stale in [".public.loa-tmp-999999", ".public.loa-old-999998"] {
        let dir = p.root().join(stale);
        std::fs::create_dir_all(dir.join("tin-tuc")).expect("mkdir");
        std::fs::write(dir.join("tin-tuc/index.html"), "half").expect("write");
    }
    p.build_ok();
    assert_eq!(leftovers(&p.root()), Vec::<String>::new());
    assert!(p.exists("index.html"));
}

#[test]
fn a_second_build_that_fails_leaves_the_first_site_untouched() {
    let p = Portal::new();
    p.page("content/_index.md", "Trang chủ", "Bản đầu.");
    p.page("content/a.md", "A", "x");
    p.build_ok();
    let before = tree(&p.out());
    p.page("content/_index.md", "Trang chủ", "Bản hai.");
    p.file("content/a.md", "---\ntitle: A\nslug: ../../x\n---\n");
    assert!(!p.build_errors().is_empty());
    assert!(tree(&p.out()) == before);
    assert_eq!(leftovers(&p.root()), Vec::<String>::new());
}

#[test]
fn dangerous_output_folders_are_refused_with_exit_two() {
    let p = Portal::new();
    p.page("content/_index.md", "Trang chủ", "x");
    let home = p.sandbox().join("home");
    std::fs::create_dir_all(&home).expect("home");
    #[cfg(unix)]
    std::os::unix::fs::symlink(p.root().join("content"), p.sandbox().join("lien-ket"))
        .expect("link");
    let cases: Vec<(PathBuf, &str)> = vec![
        (PathBuf::from("/"), "the file-system root"),
        (home.clone(), "your home folder"),
        (p.sandbox().to_path_buf(), "contains your home folder"),
        (p.root(), "contains the portal itself"),
        (
            p.root().join("content"),
            "inside the portal's content/ folder",
        ),
        #[cfg(unix)]
        (
            p.sandbox().join("lien-ket"),
            "inside the portal's content/ folder",
        ),
    ];
    for (dest, why) in cases {
        let r = loa()
            .env("HOME", &home)
            .args(["build", "--root"])
            .arg(p.root())
            .arg("--output")
            .arg(&dest)
            .output()
            .expect("run loa");
        let err = String::from_utf8_lossy(&r.stderr);
        assert_eq!(r.status.code(), Some(2), "{}: {err}", dest.display());
        assert!(
            err.contains("refusing to write the site") && err.contains(why),
            "{}: {err}",
            dest.display()
        );
    }
    assert!(p.root().join("content/_index.md").exists());
    assert!(home.exists());
}

/// A rebuild links the previous site's unchanged files instead of writing
/// them again (same inode), and writes the changed ones anew; the result is
/// the same as a fresh build.
#[cfg(unix)]
#[test]
fn a_rebuild_reuses_unchanged_files_and_rewrites_changed_ones() {
    use std::os::unix::fs::MetadataExt;
    let p = Portal::new();
    p.page("content/_index.md", "Trang chủ", "Bản đầu.");
    p.page("content/a.md", "A", "Không đổi.");
    p.page("content/b.md", "B", "Bản đầu.");
    p.build_ok();
    let inode = |rel: &str| {
        std::fs::metadata(p.out().join(rel))
            .expect("built file")
            .ino()
    };
    let (a, b) = (inode("a/index.html"), inode("b/index.html"));
    p.page("content/b.md", "B", "Bản hai.");
    p.build_ok();
    assert_eq!(
        inode("a/index.html"),
        a,
        "the unchanged page was written again"
    );
    assert_ne!(
        inode("b/index.html"),
        b,
        "the changed page was not rewritten"
    );
    assert!(p.read("b/index.html").contains("Bản hai."));
    let same_as_fresh = |what: &str| {
        assert_same_as_fresh(&p, what);
        assert_eq!(leftovers(&p.root()), Vec::<String>::new());
    };
    same_as_fresh("the second build");

    // The replaced site was kept: the third build updates it in place and
    // swaps it in. A page goes, one comes, one changes, one stays.
    let spare = p.root().join(".loa-cache/previous-public");
    assert!(
        spare.is_dir(),
        "the replaced site is kept for the next build"
    );
    // Something in the kept tree that the site does not have: the update
    // removes it (a fresh tree would leave the kept one as it was).
    std::fs::write(spare.join("stale.txt"), "cũ").expect("plant");
    let b = inode("b/index.html");
    std::fs::remove_file(p.root().join("content/b.md")).expect("rm");
    p.page("content/c.md", "C", "Mới.");
    p.page("content/_index.md", "Trang chủ", "Bản ba.");
    p.build_ok();
    assert_eq!(
        inode("a/index.html"),
        a,
        "the unchanged page was written again"
    );
    assert!(!p.exists("b/index.html") && !p.out().join("b").exists());
    assert!(p.read("c/index.html").contains("Mới."));
    assert!(p.read("index.html").contains("Bản ba."));
    assert_ne!(inode("c/index.html"), b);
    assert!(
        !p.exists("stale.txt"),
        "a file the site does not have was published"
    );
    assert!(
        !spare.join("stale.txt").exists(),
        "the kept tree was not the one updated"
    );
    same_as_fresh("an update of the kept site");
}

/// Builds `p` from nothing into another folder and asserts its output
/// holds the same files and bytes.
fn assert_same_as_fresh(p: &Portal, what: &str) {
    let fresh = p.sandbox().join("fresh");
    let _ = std::fs::remove_dir_all(&fresh);
    let opts = loa::pipeline::BuildOptions {
        output: Some(fresh.clone()),
        ..p.opts.clone()
    };
    loa::build(&opts).expect("a fresh build");
    assert!(
        tree(&p.out()) == tree(&fresh),
        "{what} differs from a fresh build"
    );
}

/// Every page of a portal with every kind costs at most 60 KB (the home
/// pages 40 KB) of compressed HTML, CSS and scripts before images. (The
/// build warns of a page over budget; the smoke test holds the sample
/// portal to no warnings.)
#[test]
fn pages_stay_within_the_byte_budgets() {
    let p = fixture::every_kind();
    let report = p.build_ok();
    let out = p.out();
    assert!(
        !report.warnings.iter().any(|w| w.message.contains("budget")),
        "{:?}",
        report.warnings
    );
    let mut heaviest = (0, String::new());
    for f in common::list_files(&out)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        // The web editor is for staff, not readers on prepaid data.
        .filter(|f| !loa::editor::is_editor_file(f))
    {
        let html = std::fs::read(out.join(&f)).expect("read");
        let assets: usize = loa::output::budget::linked_assets(&html)
            .iter()
            .map(|href| {
                std::fs::read(out.join(href.trim_start_matches('/')))
                    .map(|b| loa::output::budget::gzip_len(&b))
                    .unwrap_or_else(|_| panic!("{f} links {href}, which is missing"))
            })
            .sum();
        let cost = loa::output::budget::gzip_len(&html) + assets;
        let limit = if f == "index.html" || f == "en/index.html" {
            40
        } else {
            60
        } * 1024;
        assert!(
            cost <= limit,
            "{f}: {cost} bytes compressed, budget {limit}"
        );
        if cost > heaviest.0 {
            heaviest = (cost, f);
        }
    }
    println!(
        "heaviest page: {} at {} bytes compressed",
        heaviest.1, heaviest.0
    );
    // The stylesheet is fingerprinted for long caching.
    assert!(
        common::list_files(&out)
            .iter()
            .any(|f| f.starts_with("style.") && f.ends_with(".css") && f != "style.css")
    );
}

/// Builds `root` into `out` at a fixed moment; whether it succeeded
/// (what it printed goes to the test's output).
fn build_at_fixed_moment(root: &Path, out: &Path) -> bool {
    let r = loa()
        .args(["build", "--now", "2026-12-06T09:00:00+07:00", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .output()
        .expect("run loa");
    eprintln!("{}", String::from_utf8_lossy(&r.stderr));
    r.status.success()
}

#[test]
fn a_build_failing_after_pages_were_written_changes_nothing_and_the_next_is_whole() {
    // Pages are written as they are made: a template that fails on content
    // pages fails the build after listings, feeds and the search index
    // were written into the kept previous site. The published site must
    // not change, and the next good build must equal a fresh one.
    let p = Portal::new();
    p.page("content/_index.md", "Trang chủ", "Bản đầu.");
    p.section("tin-tuc", "Tin tức", "pages");
    for i in 0..6 {
        p.page(
            &format!("content/tin-tuc/bai-{i}.md"),
            &format!("Bài {i}"),
            "x",
        );
    }
    let out = p.out();
    assert!(build_at_fixed_moment(&p.root(), &out));
    p.page("content/tin-tuc/bai-0.md", "Bài không", "Đã sửa.");
    assert!(build_at_fixed_moment(&p.root(), &out));
    let before = tree(&out);
    p.page("content/tin-tuc/bai-1.md", "Bài một", "Sửa lần hai.");
    p.file("content/tin-tuc/bai-5.md", "---\ntitle: Bài 5\n---\n");
    p.file(
        "templates/page.html",
        "<p>{{ page.title | no_such_filter }}</p>\n",
    );
    assert!(!build_at_fixed_moment(&p.root(), &out));
    assert!(tree(&out) == before, "the failed build changed the site");
    assert_eq!(leftovers(&p.root()), Vec::<String>::new());
    std::fs::remove_file(p.root().join("templates/page.html")).expect("rm");
    assert!(build_at_fixed_moment(&p.root(), &out));
    let fresh = p.sandbox().join("fresh");
    assert!(build_at_fixed_moment(&p.root(), &fresh));
    let after = tree(&out);
    assert!(after != before);
    assert!(
        after == tree(&fresh),
        "the updated site differs from a fresh build"
    );
}
