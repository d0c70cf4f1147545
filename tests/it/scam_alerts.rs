//! Scam alerts: listed newest first on the fraud-warning page, in the home
//! page's warning block and in their section's Atom feed; bad alerts are
//! build errors naming file, line and field.

use crate::common;
use common::Portal;

fn portal() -> Portal {
    let p = Portal::with_config(&format!(
        "{}\n[languages.vi.warning]\ntitle = \"Cảnh giác\"\ntext = \"Không nộp tiền cho cá nhân.\"\npage = \"canh-bao-lua-dao.md\"\n[languages.en.warning]\ntitle = \"Beware\"\ntext = \"Never pay a private person.\"\npage = \"canh-bao-lua-dao.md\"\n",
        common::SITE_TOML
    ));
    p.page("content/_index.md", "Trang chủ", "x");
    p.page("content/_index.en.md", "Home", "x");
    p.page(
        "content/canh-bao-lua-dao.md",
        "Cảnh báo lừa đảo",
        "Trang cảnh báo.",
    );
    p.page(
        "content/canh-bao-lua-dao.en.md",
        "Fraud warning",
        "Warning page.",
    );
    p.page("content/lien-he.md", "Liên hệ", "Trang khác.");
    p.section("canh-bao", "Cảnh báo", "scam_alerts");
    p.file(
        "content/canh-bao/_index.en.md",
        "---\nslug: scam-alerts\ntitle: Scam alerts\nkind: scam_alerts\n---\n",
    );
    p
}

fn alert(p: &Portal, stem: &str, title: &str, date: &str, extra: &str) {
    p.file(
        &format!("content/canh-bao/{stem}.md"),
        &format!(
            "---\ntitle: \"{title}\"\ndate: {date}\nissued_by: \"Cổng thử (ví dụ minh họa)\"\npattern: [fake_website, impersonation]\n{extra}---\nNội dung.\n"
        ),
    );
}

#[test]
fn alerts_are_listed_newest_first_on_the_warning_page_home_and_feed() {
    let p = portal();
    alert(&p, "cu", "Cảnh báo cũ", "2026-09-01", "");
    alert(
        &p,
        "moi",
        "Cảnh báo mới",
        "2026-11-20",
        "amounts:\n  - amount: 45000000\n    currency: VND\n    note: phí giữ suất\n  - amount: 1500000\n    currency: KRW\nwhat_to_check: [\"Tra giấy phép\"]\nreport_to: [\"Công an xã\"]\n",
    );
    alert(&p, "giua", "Cảnh báo giữa", "2026-10-10", "");
    p.file(
        "content/canh-bao/moi.en.md",
        "---\ntitle: \"New alert\"\ndate: 2026-11-20\nissued_by: Test portal\npattern:\n  - fake_receipt\n  - other: \"A dating app\"\namounts:\n  - amount: 45000000\n    currency: VND\n---\nText.\n",
    );
    p.build_ok();

    let page = p.read("canh-bao/moi/index.html");
    assert!(page.contains("Cổng thử (ví dụ minh họa)"), "{page}");
    assert!(
        page.contains("Trang web, trang mạng xã hội giả"),
        "pattern named"
    );
    assert!(page.contains("45.000.000 đ (phí giữ suất)"), "VND as money");
    assert!(
        page.contains("KRW 1.500.000"),
        "other currencies by code, no conversion"
    );
    assert!(page.contains("Tra giấy phép") && page.contains("Công an xã"));
    let en = p.read("en/scam-alerts/moi/index.html");
    assert!(
        en.contains("Fake receipt") && en.contains("A dating app"),
        "{en}"
    );
    assert!(en.contains("VND 45,000,000"), "{en}");

    // The fraud-warning page lists them, newest first; other pages do not.
    let warning = p.read("canh-bao-lua-dao/index.html");
    let at = |t: &str| {
        warning
            .find(t)
            .unwrap_or_else(|| panic!("{t} missing:\n{warning}"))
    };
    assert!(at("Cảnh báo mới") < at("Cảnh báo giữa") && at("Cảnh báo giữa") < at("Cảnh báo cũ"));
    assert!(!p.read("lien-he/index.html").contains("Cảnh báo mới"));
    // Each language lists its own alerts.
    let en_warning = p.read("en/canh-bao-lua-dao/index.html");
    assert!(en_warning.contains("New alert") && !en_warning.contains("Cảnh báo giữa"));

    // The home block shows the newest two and links the feed.
    let home = p.read("index.html");
    let block = &home[home.find("class=\"warning\"").expect("warning block")..];
    let block = &block[..block.find("</section>").unwrap()];
    assert!(block.contains("Cảnh báo mới") && block.contains("Cảnh báo giữa"));
    assert!(!block.contains("Cảnh báo cũ"), "{block}");
    assert!(block.contains("href=\"/canh-bao/atom.xml\""), "{block}");

    // The section's own Atom feed, newest entry first.
    let feed = p.read("canh-bao/atom.xml");
    let pos = |t: &str| feed.find(t).unwrap_or_else(|| panic!("{t}:\n{feed}"));
    assert!(
        pos("Cảnh báo mới") < pos("Cảnh báo giữa") && pos("Cảnh báo giữa") < pos("Cảnh báo cũ")
    );
    assert!(p.exists("en/scam-alerts/atom.xml"));
}

#[test]
fn an_alert_without_a_date_names_file_line_and_field() {
    let p = portal();
    p.file(
        "content/canh-bao/x.md",
        "---\ntitle: Không ngày\nissued_by: Cổng thử\npattern: fake_website\n---\nx\n",
    );
    let errors = p.build_errors();
    assert!(
        errors.iter().any(|e| e.contains("content/canh-bao/x.md:2")
            && e.contains("missing field `date`")
            && e.contains("scam_alerts")),
        "{errors:?}"
    );
}

#[test]
fn an_unknown_pattern_names_the_line_and_the_known_ones() {
    let p = portal();
    p.file(
        "content/canh-bao/x.md",
        "---\ntitle: Thủ đoạn lạ\ndate: 2026-11-01\nissued_by: Cổng thử\npattern:\n  - fake_website\n  - fake_sms\n---\nx\n",
    );
    let errors = p.build_errors();
    assert!(
        errors.iter().any(|e| e.contains("content/canh-bao/x.md:7")
            && e.contains("unknown scam pattern `fake_sms`")
            && e.contains("fake_receipt")
            && e.contains("other: <description>")),
        "{errors:?}"
    );
}

#[test]
fn a_bad_currency_or_a_missing_issuer_is_refused() {
    let p = portal();
    p.file(
        "content/canh-bao/x.md",
        "---\ntitle: Tiền lạ\ndate: 2026-11-01\nissued_by: Cổng thử\npattern: fake_receipt\namounts:\n  - amount: 100\n    currency: đồng\n---\nx\n",
    );
    p.file(
        "content/canh-bao/y.md",
        "---\ntitle: Không ai\ndate: 2026-11-01\npattern: fake_receipt\n---\nx\n",
    );
    let errors = p.build_errors();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("content/canh-bao/x.md:8:") && e.contains("three-letter code")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("content/canh-bao/y.md:2") && e.contains("`issued_by`")),
        "{errors:?}"
    );
}
