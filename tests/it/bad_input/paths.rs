//! Nothing escapes the output folder: slugs, aliases, taxonomy terms,
//! bundle file names, symbolic links and unreadable files.

use super::{errors, expect_one, news, ok};

#[test]
fn traversal_and_absolute_slugs_and_aliases_name_file_and_field() {
    let p = news();
    let cases = [
        ("a", "slug: ../../etc"),
        ("b", "slug: /etc/passwd"),
        ("c", "slug: 'a\\b'"),
        ("d", "slug: \"x\\0y\""),
        ("e", "aliases: [\"/../../ra-ngoai/\"]"),
        ("f", "aliases: [\"C:\\\\Windows\\\\\"]"),
        ("g", "aliases: [\"/tin-tuc/a\\0b/\"]"),
        ("h", "aliases: [\"//evil.example/x\"]"),
    ];
    for (name, line) in cases {
        p.file(
            &format!("content/tin-tuc/{name}.md"),
            &format!("---\ntitle: T\n{line}\n---\n"),
        );
    }
    let e = errors(&p);
    for (name, line) in cases {
        let field = line.split(':').next().unwrap_or_default();
        expect_one(
            &e,
            &[&format!("content/tin-tuc/{name}.md:3: error: {field}:")],
        );
    }
    assert!(!p.sandbox().join("ra-ngoai").exists());
    assert!(!p.out().exists());
}

#[test]
fn reserved_device_names_are_refused_in_slugs_and_aliases() {
    let p = news();
    p.file("content/tin-tuc/a.md", "---\ntitle: A\nslug: CON\n---\n");
    p.file(
        "content/tin-tuc/b.md",
        "---\ntitle: B\naliases: [/cu/nul.html]\n---\n",
    );
    let e = errors(&p);
    expect_one(
        &e,
        &["content/tin-tuc/a.md:3: error: slug:", "Windows reserves"],
    );
    expect_one(
        &e,
        &[
            "content/tin-tuc/b.md:3: error: aliases:",
            "Windows reserves",
        ],
    );
}

#[test]
fn taxonomy_terms_are_folded_into_safe_segments() {
    let p = news();
    p.file(
        "site.toml",
        &format!(
            "{}\n[taxonomies.tags]\nnames = {{ vi = \"Thẻ\", en = \"Tags\" }}\n",
            common_toml()
        ),
    );
    p.file(
        "content/tin-tuc/a.md",
        "---\ntitle: A\ntags: [\"../../etc\", \"Con\", \"日本\", \"a/b\\\\c\", \"Hỗ trợ\"]\n---\n",
    );
    ok(&p);
    let files = p.output_files();
    for want in [
        "the/etc/index.html",
        "the/con-1/index.html",
        "the/a-b-c/index.html",
        "the/ho-tro/index.html",
    ] {
        assert!(files.iter().any(|f| f == want), "{want} not in {files:#?}");
    }
    assert!(
        files
            .iter()
            .any(|f| f.starts_with("the/t-") && f.ends_with("/index.html")),
        "no hashed segment for 日本: {files:#?}"
    );
    assert!(!p.sandbox().join("etc").exists());
}

fn common_toml() -> &'static str {
    crate::common::SITE_TOML
}

#[test]
fn bundle_file_names_are_folded_and_links_follow() {
    let p = news();
    p.file(
        "content/tin-tuc/hoi-thao/index.md",
        "---\ntitle: Hội thảo\nimage: Ảnh hội trường.JPG\n---\n![Hội trường](<Ảnh hội trường.JPG>)\n\n[Mẫu đơn](Đơn%20đăng%20ký.pdf)\n\n![x](IMG_1.jpg)\n",
    );
    let photo = crate::photos::jpeg(&crate::photos::halves(64, 48));
    p.bytes("content/tin-tuc/hoi-thao/Ảnh hội trường.JPG", &photo);
    p.bytes("content/tin-tuc/hoi-thao/Đơn đăng ký.pdf", b"pdf");
    p.bytes("content/tin-tuc/hoi-thao/IMG_1.jpg", &photo);
    ok(&p);
    assert!(p.exists("tin-tuc/hoi-thao/don-dang-ky.pdf"));
    let html = p.read("tin-tuc/hoi-thao/index.html");
    assert!(html.contains("href=\"don-dang-ky.pdf\""), "{html}");
    // Photos are published processed, under names from the folded one;
    // the originals (and their odd names) are not published.
    assert!(html.contains("/img/anh-hoi-truong-"), "{html}");
    assert!(html.contains("/img/img-1-"), "{html}");
    assert!(!p.exists("tin-tuc/hoi-thao/anh-hoi-truong.jpg"));
    assert!(!p.exists("tin-tuc/hoi-thao/Ảnh hội trường.JPG"));
}

#[test]
fn bundle_files_that_fold_to_one_name_are_an_error() {
    let p = news();
    p.page("content/tin-tuc/b/index.md", "B", "x");
    p.bytes("content/tin-tuc/b/Ảnh.jpg", b"1");
    p.bytes("content/tin-tuc/b/anh.jpg", b"2");
    let e = errors(&p);
    expect_one(&e, &["content/tin-tuc/b/", "both become `anh.jpg`"]);
}

#[cfg(unix)]
#[test]
fn symlink_loops_outside_targets_and_dangling_links_are_reported_by_name() {
    use std::os::unix::fs::symlink;
    let p = news();
    let root = p.root();
    std::fs::create_dir_all(root.join("content/tin-tuc/vong")).expect("mkdir");
    symlink("..", root.join("content/tin-tuc/vong/lai")).expect("loop link");
    let secret = p.sandbox().join("secret.txt");
    std::fs::write(&secret, "private").expect("secret");
    symlink(&secret, root.join("content/tin-tuc/bi-mat.txt")).expect("outside link");
    symlink(
        root.join("khong-co.md"),
        root.join("content/tin-tuc/mat.md"),
    )
    .expect("dangling");
    let e = errors(&p);
    expect_one(&e, &["content/tin-tuc/vong/lai: error: symbolic link loop"]);
    expect_one(
        &e,
        &["content/tin-tuc/bi-mat.txt: error: this symbolic link points outside the portal"],
    );
    expect_one(&e, &["content/tin-tuc/mat.md: error: cannot read"]);
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_pipes_are_reported_by_name() {
    use std::os::unix::fs::PermissionsExt;
    let p = news();
    p.page("content/tin-tuc/khoa.md", "Khoá", "x");
    let locked = p.root().join("content/tin-tuc/khoa.md");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let fifo = p.root().join("content/tin-tuc/ong.md");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    let e = errors_or_ok(&p);
    // Root reads any file whatever its mode; then only the pipe is wrong.
    if std::fs::read(&locked).is_err() {
        expect_one(
            &e,
            &[
                "content/tin-tuc/khoa.md: error: cannot read this file",
                "ermission denied",
            ],
        );
    }
    if made.is_ok_and(|s| s.success()) {
        expect_one(
            &e,
            &["content/tin-tuc/ong.md: error: this is not a regular file"],
        );
    }
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).expect("chmod back");
}

fn errors_or_ok(p: &crate::common::Portal) -> Vec<String> {
    match super::build_contained(p) {
        Ok(_) => Vec::new(),
        Err(loa::BuildError::Content(d)) => d.iter().map(ToString::to_string).collect(),
        Err(e) => vec![e.to_string()],
    }
}
