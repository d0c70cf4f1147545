//! Bad input: every problem is reported with its file and line, all at once,
//! and a failed build leaves the previous site untouched.

use crate::common;

use common::Portal;

fn has(errors: &[String], needle: &str) -> bool {
    errors.iter().any(|e| e.contains(needle))
}

#[test]
fn yaml_errors_point_at_the_line_in_the_file() {
    let p = Portal::new();
    p.section("tin-tuc", "Tin tức", "articles");
    // Line 4 of the file has the broken list.
    p.file(
        "content/tin-tuc/a.md",
        "---\ntitle: A\ndate: 2024-01-01\ntags: [a, b\nsummary: x\n---\nbody\n",
    );
    let errors = p.build_errors();
    assert!(has(&errors, "content/tin-tuc/a.md:"), "{errors:?}");
    let line: usize = errors[0]
        .split(':')
        .nth(1)
        .and_then(|l| l.parse().ok())
        .expect("a line number");
    assert!((4..=6).contains(&line), "{errors:?}");
}

#[test]
fn unknown_fields_and_wrong_types_name_the_field_and_line() {
    let p = Portal::new();
    p.section("phien", "Phiên", "job_fairs");
    p.file("content/phien/a.md", "---\ntitle: A\nstart: 2024-03-15T07:30:00+07:00\nend: 2024-03-15T11:30:00+07:00\nvenue: Hội trường\nadress: sai chính tả\n---\n");
    p.file(
        "content/phien/b.md",
        "---\ntitle: B\nstart: 15/3/2024\nend: 2024-03-15\nvenue: x\n---\n",
    );
    let errors = p.build_errors();
    assert!(
        has(
            &errors,
            "content/phien/a.md:6:1: error: front matter: unknown field `adress` (did you mean `address`?)"
        ),
        "{errors:?}"
    );
    assert!(has(&errors, "content/phien/b.md:3:"), "{errors:?}");
    assert!(has(&errors, "YYYY-MM-DD"), "{errors:?}");
}

#[test]
fn all_errors_are_reported_in_one_run() {
    let p = Portal::new();
    p.section("tin-tuc", "Tin tức", "articles");
    p.file("content/tin-tuc/a.md", "no front matter\n");
    p.file("content/tin-tuc/b.md", "---\ntitle: B\n");
    p.file("content/tin-tuc/c.md", "---\nsummary: no title\n---\n");
    p.file(
        "content/tin-tuc/d.md",
        "---\ntitle: D\nvenue: nơi khác\n---\n",
    );
    let errors = p.build_errors();
    assert_eq!(errors.len(), 4, "{errors:?}");
    assert!(
        has(
            &errors,
            "content/tin-tuc/a.md:1:1: error: expected front matter"
        ),
        "{errors:?}"
    );
    assert!(
        has(
            &errors,
            "content/tin-tuc/b.md:1:1: error: the front matter opened with `---` on line 1 is never closed"
        ),
        "{errors:?}"
    );
    assert!(
        has(&errors, "content/tin-tuc/c.md:") && has(&errors, "missing field `title`"),
        "{errors:?}"
    );
    assert!(
        has(
            &errors,
            "content/tin-tuc/d.md:3:1: error: field `venue` belongs to job_fairs pages"
        ),
        "{errors:?}"
    );
}

#[test]
fn unknown_kind_and_missing_section_index_are_errors() {
    let p = Portal::new();
    p.file(
        "content/blog/_index.md",
        "---\ntitle: Blog\nkind: blog\n---\n",
    );
    p.page("content/khac/a.md", "A", "x");
    let errors = p.build_errors();
    assert!(
        has(&errors, "content/blog/_index.md:3:") && has(&errors, "unknown variant `blog`"),
        "{errors:?}"
    );
    assert!(
        has(
            &errors,
            "folder `content/khac/` has pages but no `_index.md`"
        ),
        "{errors:?}"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let p = Portal::new();
    p.page("content/_index.md", "Trang chủ", "Bản đầu.");
    p.build_ok();
    let before = common::list_files(&p.out());
    let home = p.read("index.html");
    p.page("content/_index.md", "Trang chủ", "Bản hai.");
    p.file("content/hong.md", "---\ntitle: [\n---\n");
    assert!(!p.build_errors().is_empty());
    assert_eq!(common::list_files(&p.out()), before);
    assert_eq!(p.read("index.html"), home);
    // No temporary folders are left beside the output (`.loa-cache` is the
    // portal's cache, where the previous site is kept).
    let stray: Vec<_> = std::fs::read_dir(p.root())
        .expect("root")
        .flatten()
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.contains("loa-") && name != ".loa-cache"
        })
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

#[test]
fn a_successful_build_replaces_stale_files() {
    let p = Portal::new();
    p.page("content/_index.md", "Trang chủ", "x");
    p.page("content/cu.md", "Cũ", "x");
    p.build_ok();
    assert!(p.exists("cu/index.html"));
    std::fs::remove_file(p.root().join("content/cu.md")).expect("rm");
    p.build_ok();
    assert!(!p.exists("cu/index.html"));
}

#[test]
fn paths_that_could_escape_the_output_are_refused() {
    let p = Portal::new();
    p.section("tin-tuc", "Tin tức", "articles");
    p.file(
        "content/tin-tuc/a.md",
        "---\ntitle: A\nslug: ../../etc\n---\n",
    );
    p.file(
        "content/tin-tuc/b.md",
        "---\ntitle: B\naliases: [\"/../../outside/\"]\n---\n",
    );
    p.file(
        "content/tin-tuc/c.md",
        "---\ntitle: C\naliases: [\"https://evil.example/\"]\n---\n",
    );
    let errors = p.build_errors();
    assert!(
        has(&errors, "content/tin-tuc/a.md:3: error: slug:"),
        "{errors:?}"
    );
    assert!(
        has(&errors, "content/tin-tuc/b.md:3: error: aliases:"),
        "{errors:?}"
    );
    assert!(
        has(&errors, "content/tin-tuc/c.md:3: error: aliases:"),
        "{errors:?}"
    );
    assert!(!p.sandbox().join("outside").exists());
    assert!(!p.out().exists());
}

#[test]
fn output_folders_that_hold_the_portal_are_refused() {
    let mut p = Portal::new();
    p.page("content/_index.md", "Trang chủ", "x");
    for bad in [
        p.root(),
        p.root().join("content"),
        p.sandbox().to_path_buf(),
    ] {
        p.opts.output = Some(bad.clone());
        match p.build() {
            Err(loa::BuildError::Refused(m)) => assert!(m.contains("refusing"), "{m}"),
            other => panic!("{} was not refused: {other:?}", bad.display()),
        }
    }
    assert!(p.root().join("content/_index.md").exists());
}

#[test]
fn translations_need_an_original_and_a_configured_language() {
    let p = Portal::new();
    p.section("tin-tuc", "Tin tức", "articles");
    p.page("content/tin-tuc/mo-coi.en.md", "Orphan", "x");
    p.page("content/tin-tuc/a.ja.md", "Japanese", "x");
    let errors = p.build_errors();
    assert!(
        has(
            &errors,
            "content/tin-tuc/mo-coi.en.md: error: this is a translation of `content/tin-tuc/mo-coi.md`, which does not exist"
        ),
        "{errors:?}"
    );
    assert!(
        has(
            &errors,
            "content/tin-tuc/a.ja.md: error: language `ja` is not configured"
        ),
        "{errors:?}"
    );
}

#[test]
fn two_files_claiming_one_url_are_an_error() {
    let p = Portal::new();
    p.section("tin-tuc", "Tin tức", "articles");
    p.page("content/tin-tuc/a.md", "A", "x");
    p.file("content/tin-tuc/b.md", "---\ntitle: B\nslug: a\n---\n");
    let errors = p.build_errors();
    assert!(
        has(&errors, "content/tin-tuc/a.md")
            && has(&errors, "content/tin-tuc/b.md")
            && has(&errors, "both want the URL /tin-tuc/a/index.html"),
        "{errors:?}"
    );
}

#[test]
fn unknown_site_toml_keys_are_named() {
    let p = Portal::with_config(&format!("{}\ntitel = \"typo\"\n", common::SITE_TOML));
    let errors = p.build_errors();
    assert!(
        has(&errors, "site.toml:") && has(&errors, "titel"),
        "{errors:?}"
    );
}

#[test]
fn template_errors_name_the_template_file_and_line() {
    let p = Portal::new();
    p.page("content/_index.md", "Trang chủ", "x");
    p.file(
        "templates/index.html",
        "<p>ok</p>\n<p>{{ section.title | no_such_filter }}</p>\n",
    );
    let errors = p.build_errors();
    assert!(has(&errors, "templates/index.html:2:"), "{errors:?}");
}

#[test]
fn template_errors_come_once_the_content_reads_cleanly() {
    // The templates compile beside the content stages, but a build that
    // fails on its content still reports the content alone.
    let p = Portal::new();
    p.page("content/_index.md", "Trang chủ", "x");
    p.file("content/a.md", "---\ntitle: [A\n---\n");
    p.file(
        "templates/index.html",
        "<p>ok</p>\n<p>{{ section.title | no_such_filter }}</p>\n",
    );
    let errors = p.build_errors();
    assert!(has(&errors, "content/a.md:"), "{errors:?}");
    assert!(!has(&errors, "templates/index.html"), "{errors:?}");
    p.file("content/a.md", "---\ntitle: A\n---\n");
    let errors = p.build_errors();
    assert!(has(&errors, "templates/index.html:2:"), "{errors:?}");
    assert!(!has(&errors, "content/a.md"), "{errors:?}");
}

#[test]
fn broken_links_to_content_files_are_errors_with_lines() {
    let p = Portal::new();
    p.file(
        "content/a.md",
        "---\ntitle: A\n---\nMột.\n\nXem [b](khong-co.md).\n",
    );
    let errors = p.build_errors();
    assert!(
        has(&errors, "content/a.md:6: error: link `khong-co.md`"),
        "{errors:?}"
    );
}

#[test]
fn files_that_are_not_utf8_say_so() {
    let p = Portal::new();
    // "Việt" in Windows-1258.
    p.bytes("content/a.md", b"---\ntitle: Vi\xea\xf2t\n---\n");
    let errors = p.build_errors();
    assert!(
        has(
            &errors,
            "content/a.md: error: this file is not UTF-8 text (first bad byte on line 2)"
        ),
        "{errors:?}"
    );
}

#[test]
fn bom_crlf_and_decomposed_accents_are_cleaned_on_read() {
    let p = Portal::new();
    let nfd = "Vie\u{323}\u{302}t Nam";
    p.bytes(
        "content/a.md",
        format!("\u{feff}---\r\ntitle: \"{nfd}\"\r\n---\r\n## {nfd}\r\n").as_bytes(),
    );
    p.build_ok();
    let html = p.read("a/index.html");
    assert!(html.contains("<h1>Việt Nam</h1>"), "{html}");
    assert!(html.contains("id=\"viet-nam\""), "{html}");
}

/// The 1-based line and column where `needle` first occurs in `text`
/// (the test's own site.toml, so the expected place is computed, not counted).
fn place_of(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).expect("needle in the test's site.toml");
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

#[test]
fn a_bad_menu_entry_is_reported_at_its_own_table_not_the_first_menu() {
    let toml = format!(
        "{}\n[[languages.en.menu]]\nname = \"News\"\nsection = \"tin-tuc\"\n\n[[languages.en.menu]]\nname = \"Both\"\nsection = \"tin-tuc\"\nurl = \"/x/\"\n",
        common::SITE_TOML
    );
    let p = Portal::with_config(&toml);
    p.section("tin-tuc", "Tin tức", "articles");
    let errors = p.build_errors();
    // The second `[[languages.en.menu]]`, not the first.
    let second = toml.rfind("[[languages.en.menu]]").unwrap();
    let line = toml[..second].matches('\n').count() + 1;
    assert_eq!(
        errors,
        [format!(
            "site.toml:{line}:1: error: menu entry `Both` needs exactly one of `section`, `page` or `url`"
        )]
    );

    // A target checked once the site is known (a section that does not
    // exist, a bad path) points at that entry's own key.
    let toml = format!(
        "{}\n[[languages.en.menu]]\nname = \"News\"\nsection = \"tin-tuc\"\n\n[[languages.en.menu]]\nname = \"Nowhere\"\nsection = \"khong-co\"\n\n[[languages.en.menu]]\nname = \"Bad\"\nurl = \"/a/../b/\"\n",
        common::SITE_TOML
    );
    p.file("site.toml", &toml);
    let errors = p.build_errors();
    let (l1, c1) = place_of(&toml, "\"khong-co\"");
    let (l2, c2) = place_of(&toml, "\"/a/../b/\"");
    assert_eq!(
        errors,
        [
            format!(
                "site.toml:{l1}:{c1}: error: menu `Nowhere`: there is no section `content/khong-co/`"
            ),
            format!(
                "site.toml:{l2}:{c2}: error: menu `Bad`: `/a/../b/` has an empty, `.` or `..` segment"
            ),
        ]
    );
}

#[test]
fn taxonomy_errors_point_at_the_key_or_value_they_are_about() {
    let toml = format!(
        "{}\n[taxonomies.tags]\nnames = {{ vi = \"Chủ đề\", en = \"Tags\" }}\npaths = {{ vi = \"chu-de\", en = \"Top ics\" }}\n\n[taxonomies.colours]\nnames = {{ vi = \"Màu\" }}\n",
        common::SITE_TOML
    );
    let p = Portal::with_config(&toml);
    let errors = p.build_errors();
    // The path's value, not the `[taxonomies.tags]` header two lines up.
    let (l1, c1) = place_of(&toml, "\"Top ics\"");
    let (l2, c2) = place_of(&toml, "colours]");
    assert!(
        has(
            &errors,
            &format!(
                "site.toml:{l2}:{c2}: error: unknown taxonomy `colours`; loa knows tags, markets, districts, beneficiaries"
            )
        ),
        "{errors:#?}"
    );
    assert!(
        has(
            &errors,
            &format!(
                "site.toml:{l1}:{c1}: error: taxonomy `tags` path `Top ics` for `en` must be a lowercase-hyphenated URL segment"
            )
        ),
        "{errors:#?}"
    );
}

#[test]
fn a_term_declared_as_its_own_table_is_found_for_messages() {
    let toml = format!(
        "{}\n[taxonomies.markets]\nnames = {{ vi = \"Thị trường\", en = \"Markets\" }}\n[taxonomies.markets.terms]\nhan-quoc = {{ vi = \"Hàn Quốc\", en = \"Korea\" }}\n\n[taxonomies.markets.terms.korea]\nvi = \"Hàn quốc\"\nen = \"South Korea\"\n",
        common::SITE_TOML
    );
    let p = Portal::with_config(&toml);
    p.section("tin-tuc", "Tin tức", "articles");
    for (name, term) in [("k1", "han-quoc"), ("k2", "korea")] {
        p.file(
            &format!("content/tin-tuc/{name}.md"),
            &format!("---\ntitle: {name}\ndate: 2024-03-01\nmarkets: [{term}]\n---\nx\n"),
        );
    }
    let errors = p.build_errors();
    let (first, _) = place_of(&toml, "han-quoc =");
    let (second, _) = place_of(&toml, "korea]");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].starts_with(&format!(
            "site.toml:{second}: error: terms `han-quoc` (site.toml:{first}) and `korea` (site.toml:{second}) of `markets` both want the URL /thi-truong/han-quoc/ in `vi`"
        )),
        "{errors:#?}"
    );
}

#[test]
fn a_section_folder_without_its_index_is_one_error_with_a_count() {
    // One cause, fixed in one place: one line, not one per page.
    let p = Portal::new();
    p.page("content/_index.md", "Trang chủ", "x");
    for i in 0..3 {
        p.page(
            &format!("content/tin-tuc/bai-{i}.md"),
            &format!("Bài {i}"),
            "x",
        );
    }
    let errors = p.build_errors();
    let missing: Vec<&String> = errors
        .iter()
        .filter(|e| e.contains("has pages but no `_index.md`"))
        .collect();
    assert_eq!(missing.len(), 1, "{errors:?}");
    assert!(missing[0].contains("in 3 places"), "{errors:?}");
    assert!(
        missing[0].contains("content/tin-tuc/bai-0.md"),
        "{errors:?}"
    );
}
