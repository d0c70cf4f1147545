//! The bilingual portal: switchers, hreflang, localized URLs and terms,
//! formats per language, untranslated pages, the translation report, and a
//! third language added by configuration alone.

use crate::common;
use crate::common::fixture;

use common::Portal;

fn bilingual() -> Portal {
    let p = Portal::with_config(&format!(
        "{}\n[taxonomies.markets]\nnames = {{ vi = \"Thị trường\", en = \"Markets\" }}\n[taxonomies.markets.terms]\nnhat-ban = {{ vi = \"Nhật Bản\", en = \"Japan\" }}\n",
        common::SITE_TOML.replace("paginate = 10", "paginate = 1")
    ));
    p.page("content/_index.md", "Trang chủ", "x");
    p.page("content/_index.en.md", "Home", "x");
    p.section("tin-tuc", "Tin tức", "articles");
    p.file(
        "content/tin-tuc/_index.en.md",
        "---\ntitle: News\nslug: news\n---\n",
    );
    p.file(
        "content/tin-tuc/a.md",
        "---\ntitle: Bài A\ndate: 2024-03-01\nupdated: 2024-05-01\nmarkets: [nhat-ban]\n---\nx\n",
    );
    p.file(
        "content/tin-tuc/a.en.md",
        "---\ntitle: Article A\ndate: 2024-03-01\nmarkets: [nhat-ban]\n---\nx\n",
    );
    p.file(
        "content/tin-tuc/b.md",
        "---\ntitle: Bài B\ndate: 2024-02-01\n---\nx\n",
    );
    p.file(
        "content/tin-tuc/b.en.md",
        "---\ntitle: Article B\ndate: 2024-02-01\n---\nx\n",
    );
    p.file(
        "content/tin-tuc/c.md",
        "---\ntitle: Bài C chỉ tiếng Việt\ndate: 2024-01-01\n---\nx\n",
    );
    p
}

fn switcher_href(html: &str, lang: &str) -> String {
    let needle = format!("hreflang=\"{lang}\" lang=\"{lang}\"");
    let at = html
        .find(&needle)
        .unwrap_or_else(|| panic!("no switcher link to {lang}: {html}"));
    let start = html[..at].rfind("href=\"").expect("href") + 6;
    html[start..].split('"').next().expect("quote").to_string()
}

#[test]
fn every_kind_of_page_switches_to_the_same_content() {
    let p = bilingual();
    p.build_ok();
    let cases = [
        ("index.html", "/en/"),
        ("tin-tuc/index.html", "/en/news/"),
        ("tin-tuc/page/2/index.html", "/en/news/page/2/"),
        ("tin-tuc/a/index.html", "/en/news/a/"),
        ("thi-truong/nhat-ban/index.html", "/en/markets/japan/"),
        ("thi-truong/index.html", "/en/markets/"),
        ("404.html", "/en/"),
    ];
    for (file, want) in cases {
        assert_eq!(switcher_href(&p.read(file), "en"), want, "{file}");
    }
    assert_eq!(
        switcher_href(&p.read("en/markets/japan/index.html"), "vi"),
        "/thi-truong/nhat-ban/"
    );
    // No translation: the English section, marked as untranslated.
    let c = p.read("tin-tuc/c/index.html");
    assert_eq!(switcher_href(&c, "en"), "/en/news/");
    assert!(c.contains("class=\"untranslated\""), "{c}");
}

#[test]
fn hreflang_lists_every_translation_and_x_default() {
    let p = bilingual();
    p.build_ok();
    let en = p.read("en/news/a/index.html");
    assert!(en.contains("<html lang=\"en\">"));
    assert!(
        en.contains(
            "<link rel=\"alternate\" hreflang=\"vi\" href=\"https://example.org/tin-tuc/a/\">"
        ),
        "{en}"
    );
    assert!(
        en.contains(
            "<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/en/news/a/\">"
        ),
        "{en}"
    );
    assert!(en.contains("<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://example.org/tin-tuc/a/\">"), "{en}");
    let c = p.read("tin-tuc/c/index.html");
    assert!(
        !c.contains("hreflang=\"en\" href"),
        "no alternate for a missing translation: {c}"
    );
}

#[test]
fn dates_and_terms_are_in_the_readers_language() {
    let p = bilingual();
    p.build_ok();
    assert!(
        p.read("tin-tuc/a/index.html")
            .contains("ngày 1 tháng 3 năm 2024")
    );
    assert!(p.read("en/news/a/index.html").contains("1 March 2024"));
    assert!(
        p.read("en/news/a/index.html")
            .contains("<a href=\"/en/markets/japan/\">Japan</a>")
    );
}

#[test]
fn untranslated_pages_are_hidden_by_default_or_shown_with_a_notice() {
    let p = bilingual();
    p.build_ok();
    assert!(!p.exists("en/news/c/index.html"));
    let p = Portal::with_config(&format!(
        "untranslated = \"fallback\"\n{}",
        common::SITE_TOML
    ));
    p.page("content/_index.md", "Trang chủ", "x");
    p.section("tin-tuc", "Tin tức", "articles");
    p.file(
        "content/tin-tuc/c.md",
        "---\ntitle: Bài C\ndate: 2024-01-01\n---\nNội dung gốc.\n",
    );
    p.build_ok();
    let en = p.read("en/tin-tuc/c/index.html");
    assert!(en.contains("<html lang=\"en\">"), "{en}");
    assert!(en.contains("Not yet translated"), "{en}");
    assert!(en.contains("<div class=\"prose\" lang=\"vi\">"), "{en}");
    assert!(
        en.contains("<link rel=\"canonical\" href=\"https://example.org/tin-tuc/c/\">"),
        "{en}"
    );
    assert!(p.read("en/tin-tuc/index.html").contains("Bài C"));
    // The Vietnamese page's switcher leads to the fallback, still marked untranslated.
    let vi = p.read("tin-tuc/c/index.html");
    assert!(
        vi.contains(
            "<a href=\"/en/tin-tuc/c/\" hreflang=\"en\" lang=\"en\" class=\"untranslated\""
        ),
        "{vi}"
    );
}

#[test]
fn the_report_counts_missing_and_stale_translations() {
    let p = bilingual();
    let report = p.build_ok();
    let news = report
        .translations
        .iter()
        .find(|r| r.section == "tin-tuc" && r.lang == "en")
        .expect("tin-tuc en");
    assert_eq!(news.pages, 2);
    assert_eq!(news.missing, vec!["content/tin-tuc/c.md".to_string()]);
    // a.md was updated on 2024-05-01, after its translation (dated 2024-03-01).
    assert_eq!(news.stale, vec!["content/tin-tuc/a.en.md".to_string()]);
    let lines = loa::site::translations::summary_lines(&report.translations, true);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("2 translated, 1 missing, 1 stale")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("missing in `en`: content/tin-tuc/c.md")),
        "{lines:?}"
    );
}

#[test]
fn a_third_language_needs_only_configuration() {
    let p = Portal::with_config(&format!(
        "{}\n[languages.ja]\nname = \"日本語\"\ntitle = \"ポータル\"\n",
        common::SITE_TOML
    ));
    p.file(
        "i18n/ja.yaml",
        "home: ホーム\nformat_date_long: \"{year}年{month}月{day}日\"\nformat_money: \"{amount}ドン\"\nformat_thousands: \",\"\n",
    );
    p.page("content/_index.md", "Trang chủ", "x");
    p.section("tin-tuc", "Tin tức", "articles");
    p.file(
        "content/tin-tuc/a.md",
        "---\ntitle: Bài A\ndate: 2024-03-15\n---\nx\n",
    );
    p.file(
        "content/tin-tuc/a.ja.md",
        "---\ntitle: 記事A\ndate: 2024-03-15\n---\nx\n",
    );
    let report = p.build_ok();
    let ja = p.read("ja/tin-tuc/a/index.html");
    assert!(ja.contains("<html lang=\"ja\">"), "{ja}");
    assert!(ja.contains("2024年3月15日"), "{ja}");
    assert!(ja.contains(">ホーム</a>"), "{ja}");
    assert!(
        p.read("tin-tuc/a/index.html")
            .contains("hreflang=\"ja\" href=\"https://example.org/ja/tin-tuc/a/\"")
    );
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.to_string().contains("UI string(s) missing for `ja`")),
        "{:?}",
        report.warnings
    );
}

#[test]
fn a_ui_string_missing_in_the_default_language_is_an_error() {
    let p = Portal::new();
    p.page("content/_index.md", "Trang chủ", "x");
    p.file(
        "templates/404.html",
        "<p>{{ t(key=\"khong_co_khoa\") }}</p>\n",
    );
    let errors = p.build_errors();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("templates/404.html:1:") && e.contains("khong_co_khoa")),
        "{errors:?}"
    );
}

/// On a portal with every kind of page in both languages (and a portal
/// string of its own in i18n/), no English page carries a Vietnamese UI
/// string, and every hreflang alternate points at a file that exists.
#[test]
fn a_portal_with_every_kind_is_bilingual_without_gaps() {
    let p = fixture::every_kind();
    p.build_ok();
    let out = p.out();
    let mut vi_strings = loa::i18n::strings::UiStrings::new("vi");
    vi_strings
        .merge_yaml("vi", include_str!("../../themes/default/i18n/vi.yaml"))
        .expect("vi yaml");
    vi_strings
        .merge_yaml(
            "vi",
            include_str!("../fixtures/whole-site/every-kind/i18n/vi.yaml"),
        )
        .expect("portal vi yaml");
    let mut en_strings = loa::i18n::strings::UiStrings::new("en");
    en_strings
        .merge_yaml("en", include_str!("../../themes/default/i18n/en.yaml"))
        .expect("en yaml");
    let english: std::collections::HashSet<&str> = en_strings.values("en").collect();
    // Only human text long enough to be unambiguous and not shared with English
    // (not patterns, not URL segments or locale codes such as `tim-kiem`, `vi_VN`).
    let is_code = |v: &str| {
        v.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    let needles: Vec<&str> = vi_strings
        .values("vi")
        .filter(|v| {
            v.chars().count() >= 6 && !english.contains(v) && !v.contains('{') && !is_code(v)
        })
        .collect();
    assert!(needles.len() > 30, "{}", needles.len());
    // The scan can see them: the Vietnamese home page shows several.
    let home = std::fs::read_to_string(out.join("index.html")).expect("home");
    assert!(needles.iter().filter(|n| home.contains(*n)).count() >= 3);
    let mut alternates = 0;
    for f in common::list_files(&out) {
        if !f.ends_with(".html") {
            continue;
        }
        let html = std::fs::read_to_string(out.join(&f)).expect("read");
        if f.starts_with("en/") {
            for n in &needles {
                let escaped = n.replace('"', "&quot;");
                assert!(
                    !html.contains(n) && !html.contains(&escaped),
                    "{f} shows the Vietnamese UI string {n:?}"
                );
            }
        }
        for tag in html
            .split("<link ")
            .skip(1)
            .map(|t| t.split('>').next().unwrap_or(""))
        {
            if !tag.contains("hreflang=") {
                continue;
            }
            let href = tag
                .split("href=")
                .nth(1)
                .and_then(|h| h.split(' ').next())
                .expect("href")
                .trim_matches('"');
            let path = href
                .strip_prefix("https://xkld.example.org/")
                .unwrap_or_else(|| panic!("{f}: {href} is not absolute"));
            let file = if path.is_empty() || path.ends_with('/') {
                format!("{path}index.html")
            } else {
                path.to_string()
            };
            assert!(
                out.join(&file).exists(),
                "{f}: hreflang to {href}, no {file}"
            );
            alternates += 1;
        }
    }
    assert!(alternates > 100, "{alternates}");
}

/// A portal whose pages write the same terms in different ways.
fn spelled_terms(extra_terms: &str) -> Portal {
    let p = Portal::with_config(&format!(
        "{}\n[taxonomies.markets]\nnames = {{ vi = \"Thị trường\", en = \"Markets\" }}\n[taxonomies.markets.terms]\nnhat-ban = {{ vi = \"Nhật Bản\", en = \"Japan\" }}\n{extra_terms}\n[taxonomies.tags]\nnames = {{ vi = \"Chủ đề\", en = \"Tags\" }}\n",
        common::SITE_TOML
    ));
    p.page("content/_index.md", "Trang chủ", "x");
    p.page("content/_index.en.md", "Home", "x");
    p.section("tin-tuc", "Tin tức", "articles");
    p.file(
        "content/tin-tuc/_index.en.md",
        "---\ntitle: News\nslug: news\n---\n",
    );
    let page = |name: &str, markets: &str, tags: &str| {
        p.file(
            &format!("content/tin-tuc/{name}.md"),
            &format!("---\ntitle: Bài {name}\ndate: 2024-03-01\nmarkets: [{markets}]\ntags: [{tags}]\n---\nx\n"),
        );
    };
    page("a", "nhat-ban", "Kế hoạch, Ab");
    page("b", "Nhật Bản", "KẾ HOẠCH");
    page("c", "nhật bản", "kế hoạch, AB");
    // Decomposed Unicode (as macOS and some Word exports write it).
    page(
        "d",
        "Nha\u{0302}\u{0323}t Ba\u{0309}n",
        "Ke\u{0302}\u{0301} hoa\u{0323}ch",
    );
    p.file(
        "content/tin-tuc/a.en.md",
        "---\ntitle: Article A\ndate: 2024-03-01\nmarkets: [Japan]\ntags: [Kế hoạch]\n---\nx\n",
    );
    p
}

#[test]
fn a_term_is_one_term_however_it_is_written() {
    let p = spelled_terms("");
    let report = p.build_ok();
    // One market page per language, listing every spelling's pages.
    let vi = p.read("thi-truong/nhat-ban/index.html");
    for t in ["Bài a", "Bài b", "Bài c", "Bài d"] {
        assert!(vi.contains(t), "{t} missing from the market page:\n{vi}");
    }
    let en = p.read("en/markets/japan/index.html");
    assert!(en.contains("Article A"), "{en}");
    let markets: Vec<String> = p
        .output_files()
        .into_iter()
        .filter(|f| f.starts_with("thi-truong/") || f.starts_with("en/markets/"))
        .collect();
    assert_eq!(
        markets,
        [
            "en/markets/index.html",
            "en/markets/japan/index.html",
            "thi-truong/index.html",
            "thi-truong/nhat-ban/index.html"
        ]
    );
    // Undeclared tags: one term, named as most pages write it ("kế hoạch"
    // variants: `Kế hoạch` twice in vi, once in en; the others once each).
    let tag_pages: Vec<String> = p
        .output_files()
        .into_iter()
        .filter(|f| f.starts_with("chu-de/") && f != "chu-de/index.html")
        .collect();
    assert_eq!(
        tag_pages,
        ["chu-de/ab/index.html", "chu-de/ke-hoach/index.html"]
    );
    let tag = p.read("chu-de/ke-hoach/index.html");
    assert!(
        tag.contains("<h1>Kế hoạch") || tag.contains(">Kế hoạch<"),
        "{tag}"
    );
    assert!(!tag.contains("KẾ HOẠCH"), "{tag}");
    for t in ["Bài a", "Bài b", "Bài c", "Bài d"] {
        assert!(tag.contains(t), "{t} missing from the tag page");
    }
    // A tie (`Ab` once, `AB` once) goes to the first in file order.
    let ab = p.read("chu-de/ab/index.html");
    assert!(ab.contains("Ab") && !ab.contains(">AB<"), "{ab}");
    // The page shows the term by its one name, linked to its one page.
    let b = p.read("tin-tuc/b/index.html");
    assert!(b.contains("/thi-truong/nhat-ban/"), "{b}");
    assert!(b.contains("/chu-de/ke-hoach/"), "{b}");
    // Each undeclared tag is one warning, with its count and first place.
    let undeclared: Vec<String> = report
        .warnings
        .iter()
        .filter(|w| w.message.contains("not declared"))
        .map(|w| w.to_string())
        .collect();
    assert_eq!(undeclared.len(), 2, "{undeclared:#?}");
    assert!(
        undeclared[0].contains("`Kế hoạch` (tags)")
            && undeclared[0].contains("in 5 places, first at content/tin-tuc/a.md:5"),
        "{undeclared:#?}"
    );
}

#[test]
fn two_declared_terms_that_want_one_url_are_an_error_naming_both_lines() {
    let p = spelled_terms(
        "han-quoc = { vi = \"Hàn Quốc\", en = \"Korea\" }\nkorea = { vi = \"Hàn quốc\", en = \"South Korea\" }",
    );
    p.file(
        "content/tin-tuc/k1.md",
        "---\ntitle: K1\ndate: 2024-03-01\nmarkets: [han-quoc]\n---\nx\n",
    );
    p.file(
        "content/tin-tuc/k2.md",
        "---\ntitle: K2\ndate: 2024-03-01\nmarkets: [korea]\n---\nx\n",
    );
    let errors = p.build_errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].starts_with("site.toml:20: error: terms `han-quoc` (site.toml:19) and `korea` (site.toml:20) of `markets` both want the URL /thi-truong/han-quoc/ in `vi`")
            && errors[0].contains("content/tin-tuc/k1.md:4 and content/tin-tuc/k2.md:4"),
        "{errors:#?}"
    );
}

#[test]
fn terms_declared_twice_alike_build_while_each_language_uses_one() {
    // Large portals declare a tag once per language's spelling, with the
    // same names (the benchmark corpus does): no page of one language uses
    // both, so no URL is wanted twice.
    let p = spelled_terms(
        "\"điều dưỡng\" = { vi = \"điều dưỡng\", en = \"nursing\" }\nnursing = { vi = \"điều dưỡng\", en = \"nursing\" }",
    );
    p.file(
        "content/tin-tuc/n1.md",
        "---\ntitle: N1\ndate: 2024-03-01\nmarkets: [điều dưỡng]\n---\nx\n",
    );
    p.file(
        "content/tin-tuc/n1.en.md",
        "---\ntitle: N1 en\ndate: 2024-03-01\nmarkets: [nursing]\n---\nx\n",
    );
    p.build_ok();
    assert!(p.read("thi-truong/dieu-duong/index.html").contains("N1"));
    assert!(p.read("en/markets/nursing/index.html").contains("N1 en"));
}

#[test]
fn a_pages_terms_are_labelled_with_the_taxonomy_name_in_its_language() {
    // Not the taxonomy's id ("tags:"), which no reader should see.
    let p = Portal::with_config(&format!(
        "{}\n[taxonomies.tags]\nnames = {{ vi = \"Chủ đề\", en = \"Topics\" }}\n[taxonomies.tags.terms]\nho-tro = {{ vi = \"Hỗ trợ\", en = \"Support\" }}\n[taxonomies.markets]\nnames = {{ vi = \"Thị trường\" }}\n",
        common::SITE_TOML
    ));
    p.page("content/_index.md", "Trang chủ", "x");
    p.section("tin-tuc", "Tin tức", "articles");
    p.file(
        "content/tin-tuc/a.md",
        "---\ntitle: Bài A\ndate: 2024-03-01\ntags: [ho-tro]\nmarkets: [nhat-ban]\n---\nx\n",
    );
    p.file(
        "content/tin-tuc/a.en.md",
        "---\ntitle: Article A\ndate: 2024-03-01\ntags: [ho-tro]\nmarkets: [nhat-ban]\n---\nx\n",
    );
    p.build_ok();
    let vi = p.read("tin-tuc/a/index.html");
    let en = p.read("en/tin-tuc/a/index.html");
    assert!(vi.contains("<span class=\"label\">Chủ đề:</span>"), "{vi}");
    assert!(
        vi.contains("<span class=\"label\">Thị trường:</span>"),
        "{vi}"
    );
    assert!(en.contains("<span class=\"label\">Topics:</span>"), "{en}");
    // A taxonomy with no English name falls back to its id.
    assert!(en.contains("<span class=\"label\">markets:</span>"), "{en}");
}
