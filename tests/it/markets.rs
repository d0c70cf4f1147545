//! Market pages: the text a `markets` term carries, shown on its term page
//! above what is tagged with the market, grouped by kind.

use crate::common::{self, Portal};

const NOW: &str = "2024-06-01T12:00:00+07:00";

fn portal() -> Portal {
    let mut p = Portal::with_config(&format!(
        "{}\n[taxonomies.markets]\nnames = {{ vi = \"Thị trường\", en = \"Markets\" }}\n[taxonomies.markets.terms]\nnhat-ban = {{ vi = \"Nhật Bản\", en = \"Japan\" }}\nhan-quoc = {{ vi = \"Hàn Quốc\", en = \"Korea\" }}\ndai-loan = {{ vi = \"Đài Loan\", en = \"Taiwan\" }}\n[taxonomies.tags]\nnames = {{ vi = \"Chủ đề\", en = \"Topics\" }}\n",
        common::SITE_TOML
    ));
    p.opts.now = Some(NOW.into());
    p.page("content/_index.md", "Trang chủ", "x");
    p
}

const JAPAN: &str = r#"---
title: "Nhật Bản: chương trình và chi phí"
date: 2024-05-01
summary: Tóm tắt thị trường Nhật Bản.
programs:
  - item: Chương trình thử A
    note: Ghi chú chương trình
    source: Nguồn thử
    verified: true
jobs:
  - item: Ngành thử
costs:
  - item: Lệ phí thử
    amount: 550000
    per: lần
    source: Nguồn cũ
    verified: false
conditions:
  - item: Tuổi thử
    verified: true
rules:
  - item: Quy định thử
    verified: true
---
Đoạn giới thiệu thị trường.
"#;

const JAPAN_EN: &str = r#"---
title: "Japan: programmes and costs"
date: 2024-05-01
programs:
  - item: Test programme A
    verified: true
---
Market introduction.
"#;

/// A portal with a Japan market page in both languages, news, a story and
/// two job fairs (one over, one to come) tagged with Japan.
fn japan() -> Portal {
    let p = portal();
    p.file("content/thi-truong/nhat-ban.md", JAPAN);
    p.file("content/thi-truong/nhat-ban.en.md", JAPAN_EN);
    p.section("tin-tuc", "Tin tức", "articles");
    p.section("phien", "Phiên giao dịch", "job_fairs");
    p.section("chuyen", "Người thật", "stories");
    p.file(
        "content/tin-tuc/tin.md",
        "---\ntitle: Tin Nhật\ndate: 2024-05-20\nmarkets: [nhat-ban]\n---\nx\n",
    );
    p.file(
        "content/chuyen/a.md",
        "---\ntitle: Chuyện Nhật\ndate: 2024-01-01\nperson: A (tên đã đổi)\ncountry: nhat-ban\n---\nx\n",
    );
    p.file(
        "content/phien/cu.md",
        "---\ntitle: Phiên cũ\ndate: 2024-02-01\nstart: 2024-03-01T07:30:00+07:00\nend: 2024-03-01T11:00:00+07:00\nvenue: Nơi A\nmarkets: [nhat-ban]\n---\nx\n",
    );
    p.file(
        "content/phien/moi.md",
        "---\ntitle: Phiên mới\ndate: 2024-05-25\nstart: 2024-06-10T07:30:00+07:00\nend: 2024-06-10T11:00:00+07:00\nvenue: Nơi B\nmarkets: [nhat-ban]\n---\nx\n",
    );
    p
}

#[test]
fn the_term_page_shows_the_market_text_then_tagged_pages_grouped_by_kind() {
    let p = japan();
    p.build_ok();
    let html = p.read("thi-truong/nhat-ban/index.html");
    // The market's text, its lists and the "to be confirmed" mark.
    assert!(
        html.contains("<h1>Nhật Bản: chương trình và chi phí</h1>"),
        "{html}"
    );
    assert!(html.contains("Đoạn giới thiệu thị trường."));
    for heading in [
        "Chương trình",
        "Ngành nghề thường gặp",
        "Người lao động phải trả",
        "Điều kiện tuyển chọn",
        "Quy định của nước sở tại",
    ] {
        assert!(html.contains(&format!(">{heading}</h2>")), "{heading}");
    }
    let cost = html.find("Lệ phí thử").expect("cost line");
    let row_end = cost + html[cost..].find("</tr>").unwrap();
    let row = &html[cost..row_end];
    assert!(row.contains("550.000") && row.contains("/ lần"), "{row}");
    assert!(
        row.contains("chưa xác minh") && row.contains("Nguồn cũ"),
        "{row}"
    );
    let program = html.find("Chương trình thử A").unwrap();
    let line = &html[program..program + html[program..].find("</li>").unwrap()];
    assert!(!line.contains("chưa xác minh"), "{line}");
    // Then the groups, in a fixed order: upcoming fairs, stories, news,
    // and the fair that is over last.
    let at = |s: &str| html.find(s).unwrap_or_else(|| panic!("{s} missing"));
    let order = [
        "Đoạn giới thiệu",
        ">Phiên giao dịch</h2>",
        "Phiên mới",
        ">Người thật</h2>",
        "Chuyện Nhật",
        ">Tin tức</h2>",
        "Tin Nhật",
        ">Phiên giao dịch (đã diễn ra)</h2>",
        "Phiên cũ",
    ];
    for w in order.windows(2) {
        assert!(at(w[0]) < at(w[1]), "{} before {}", w[0], w[1]);
    }
    // Share and search previews use the page's summary; the structured
    // data is the breadcrumb trail and parses as JSON.
    assert!(html.contains("Tóm tắt thị trường Nhật Bản."), "{html}");
    let start = html
        .find(r#"<script type="application/ld+json">"#)
        .expect("JSON-LD");
    let json = &html[start..];
    let json = &json[json.find('>').unwrap() + 1..json.find("</script>").unwrap()];
    let ld: serde_json::Value = serde_json::from_str(json).expect("JSON-LD parses");
    assert_eq!(ld["@graph"][0]["@type"], "BreadcrumbList");
    assert_eq!(
        ld["@graph"][0]["itemListElement"][2]["item"],
        "https://example.org/thi-truong/nhat-ban/"
    );
    // The page has no URL of its own: it is the term's.
    assert!(!p.exists("thi-truong/nhat-ban/nhat-ban/index.html"));
    let en = p.read("en/markets/japan/index.html");
    assert!(en.contains("<h1>Japan: programmes and costs</h1>"), "{en}");
    assert!(en.contains(">Programmes</h2>"));
    // The English term page lists no Vietnamese-only page, and says so.
    assert!(
        en.contains("No job orders, job fairs, stories or news"),
        "{en}"
    );
}

#[test]
fn a_market_page_is_in_the_sitemap_once_with_alternates_and_in_search() {
    let p = japan();
    p.build_ok();
    let sitemap = p.read("sitemap.xml");
    let loc = "<loc>https://example.org/thi-truong/nhat-ban/</loc>";
    assert_eq!(sitemap.matches(loc).count(), 1, "{sitemap}");
    let entry = &sitemap[sitemap.find(loc).unwrap()..];
    let entry = &entry[..entry.find("</url>").unwrap()];
    assert!(
        entry.contains(r#"hreflang="en" href="https://example.org/en/markets/japan/""#),
        "{entry}"
    );
    assert!(entry.contains("<lastmod>2024-05-01"), "{entry}");
    let en_loc = "<loc>https://example.org/en/markets/japan/</loc>";
    assert_eq!(sitemap.matches(en_loc).count(), 1);
    // The page's alternates in its head.
    let html = p.read("thi-truong/nhat-ban/index.html");
    assert!(
        html.contains(r#"href="https://example.org/en/markets/japan/" hreflang="en""#)
            || html.contains(r#"hreflang="en" href="https://example.org/en/markets/japan/""#),
        "{html}"
    );
    // Search finds it by its text and by a line of its lists.
    let docs = p.read("search/vi/d/0.json");
    let docs: Vec<serde_json::Value> = serde_json::from_str(&docs).unwrap();
    let id = docs
        .iter()
        .position(|d| d[1] == "/thi-truong/nhat-ban/")
        .expect("market page in the index");
    let mut found = false;
    for shard in common::list_files(&p.out().join("search/vi/t")) {
        let postings: serde_json::Value =
            serde_json::from_str(&p.read(&format!("search/vi/t/{shard}"))).unwrap();
        if let Some(list) = postings.get("nganh") {
            // The gaps between the term's documents, then their scores.
            let nums: Vec<u64> = list
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_u64().unwrap())
                .collect();
            let mut doc = 0;
            found |= nums[..nums.len() / 2].iter().any(|gap| {
                doc += gap;
                doc == id as u64
            });
        }
    }
    assert!(found, "the word of a list line is indexed for the page");
}

#[test]
fn a_market_with_a_page_and_nothing_tagged_still_has_its_term_page() {
    let p = portal();
    p.file(
        "content/thi-truong/dai-loan.md",
        "---\ntitle: Đài Loan\n---\nChưa có số liệu.\n",
    );
    p.build_ok();
    let html = p.read("thi-truong/dai-loan/index.html");
    assert!(html.contains("Chưa có số liệu."), "{html}");
    assert!(html.contains("Chưa có đơn hàng, phiên giao dịch"), "{html}");
    // A market without a page in English: the English term page has no
    // text to show and is not made for nothing.
    assert!(!p.exists("en/markets/taiwan/index.html"));
    // The taxonomy overview lists it.
    assert!(p.read("thi-truong/index.html").contains("Đài Loan"));
}

#[test]
fn terms_of_other_taxonomies_keep_their_plain_listing() {
    let p = japan();
    p.file(
        "content/tin-tuc/the.md",
        "---\ntitle: Tin có thẻ\ndate: 2024-05-02\ntags: [vay-von]\nmarkets: [nhat-ban]\n---\nx\n",
    );
    p.build_ok();
    let tag = p.read("chu-de/vay-von/index.html");
    assert!(tag.contains("Tin có thẻ"), "{tag}");
    assert!(!tag.contains("term-group"), "{tag}");
    let market = p.read("thi-truong/nhat-ban/index.html");
    assert!(market.contains("term-group"));
}

#[test]
fn a_market_page_for_an_undeclared_term_is_an_error_naming_the_file_and_the_terms() {
    let p = portal();
    p.file(
        "content/thi-truong/ba-lan.md",
        "---\ntitle: Ba Lan\n---\nx\n",
    );
    p.file(
        "content/thi-truong/Nhật Bản.md",
        "---\ntitle: Nhật\n---\nx\n",
    );
    let errors = p.build_errors();
    let want = [
        (
            "content/thi-truong/ba-lan.md:1",
            "`ba-lan` is not a market declared in site.toml",
        ),
        (
            "content/thi-truong/ba-lan.md:1",
            "(declared: dai-loan, han-quoc, nhat-ban)",
        ),
        (
            "content/thi-truong/Nhật Bản.md:1",
            "did you mean `nhat-ban.md`?",
        ),
    ];
    for (at, what) in want {
        assert!(
            errors.iter().any(|e| e.contains(at) && e.contains(what)),
            "{at} {what}: {errors:#?}"
        );
    }
}

#[test]
fn bad_market_fields_are_errors_with_file_line_and_field() {
    let p = portal();
    p.file(
        "content/thi-truong/nhat-ban.md",
        "---\ntitle: Nhật\ncosts:\n  - item: Phí\n    amount: -5\n---\nx\n",
    );
    p.file(
        "content/thi-truong/han-quoc.md",
        "---\ntitle: Hàn\nrules:\n  - note: thiếu item\n---\nx\n",
    );
    p.file(
        "content/thi-truong/dai-loan.md",
        "---\ntitle: Đài\nvenue: Nơi A\n---\nx\n",
    );
    let errors = p.build_errors();
    let want = [
        (
            "content/thi-truong/nhat-ban.md:5",
            "`amount` must not be negative",
        ),
        ("content/thi-truong/han-quoc.md:", "missing field `item`"),
        (
            "content/thi-truong/dai-loan.md:3:1",
            "field `venue` belongs to job_fairs pages, but this page is in a `markets` section",
        ),
    ];
    for (at, what) in want {
        assert!(
            errors.iter().any(|e| e.contains(at) && e.contains(what)),
            "{at} {what}: {errors:#?}"
        );
    }
}

fn new_market(p: &Portal, title: &str, lang: Option<&str>) -> Result<String, String> {
    loa::scaffold::new_content(&loa::scaffold::NewOptions {
        root: p.root(),
        target: "markets".into(),
        title: title.into(),
        lang: lang.map(str::to_string),
        today: jiff::civil::Date::new(2024, 5, 1).unwrap(),
    })
    .map(|rel| rel.to_string_lossy().replace('\\', "/"))
    .map_err(|e| e.to_string())
}

#[test]
fn loa_new_markets_names_the_file_by_the_term_and_the_page_builds() {
    let p = portal();
    // The market named by its Vietnamese name, then by its English one.
    assert_eq!(
        new_market(&p, "Hàn Quốc", None).as_deref(),
        Ok("content/thi-truong/han-quoc.md")
    );
    assert_eq!(
        new_market(&p, "Korea", Some("en")).as_deref(),
        Ok("content/thi-truong/han-quoc.en.md")
    );
    let text = std::fs::read_to_string(p.root().join("content/thi-truong/han-quoc.md")).unwrap();
    for field in [
        "programs: []",
        "jobs: []",
        "costs: []",
        "conditions: []",
        "rules: []",
    ] {
        assert!(text.contains(field), "{field}: {text}");
    }
    let e = new_market(&p, "hàn quốc", None).unwrap_err();
    assert!(e.contains("already exists"), "{e}");
    let e = new_market(&p, "Singapore", None).unwrap_err();
    assert!(
        e.contains("(declared: dai-loan, han-quoc, nhat-ban)"),
        "{e}"
    );
    p.build_ok();
    assert!(
        p.read("thi-truong/han-quoc/index.html")
            .contains("<h1>Hàn Quốc</h1>")
    );
    assert!(
        p.read("en/markets/korea/index.html")
            .contains("<h1>Korea</h1>")
    );
}

#[test]
fn the_editor_edits_market_pages_and_checks_them_as_the_build_does() {
    let p = Portal::with_config(crate::editor::EDITOR_SITE);
    p.page("content/_index.md", "Cổng thử", "");
    p.file("content/thi-truong/nhat-ban.md", JAPAN);
    p.build_ok();
    let text = std::fs::read_to_string(p.out().join("admin/config.yml")).unwrap();
    let config: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
    let markets = config["collections"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|c| c["folder"].as_str() == Some("content/thi-truong"))
        .expect("a collection for market pages");
    assert_eq!(markets["label"].as_str(), Some("Thị trường"));
    // Its file names are term ids, which a title cannot give.
    assert_eq!(markets["create"].as_bool(), Some(false));
    let names: Vec<&str> = markets["fields"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|f| f["name"].as_str())
        .collect();
    for list in ["programs", "jobs", "costs", "conditions", "rules"] {
        assert!(names.contains(&list), "{list}: {names:?}");
    }
    // A save is checked as a market page: its lists are accepted, a field
    // of another kind is not.
    let root = p.root();
    let check = |raw: &str| {
        loa::editor::agree::validate_entry(&root, "content/thi-truong/nhat-ban.md", raw)
    };
    assert_eq!(check(JAPAN), Ok(()));
    let e = check("---\ntitle: Nhật\nvenue: Nơi A\n---\n").unwrap_err();
    assert!(e.iter().any(|m| m.contains("`markets` section")), "{e:?}");
}

#[test]
fn markets_is_not_a_section_kind() {
    let p = portal();
    p.section("nuoc", "Nước", "markets");
    p.page("content/nuoc/a.md", "A", "x");
    let errors = p.build_errors();
    assert!(
        errors.iter().any(|e| e.contains("content/nuoc/_index.md:")
            && e.contains("`kind: markets` is not a section kind")
            && e.contains("content/thi-truong/")),
        "{errors:#?}"
    );
}
