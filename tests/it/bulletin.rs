//! The loudspeaker bulletin: `ban-tin.txt` beside each Vietnamese article
//! and scam alert, and a weekly `ban-tin/ban-tin-tuan.txt`, all readable
//! aloud as written: no digits, no URLs, no markup. (The fixture's build
//! clock is 2026-11-22.)

use crate::common;
use common::Portal;

fn portal(bulletin: &str) -> Portal {
    let p = Portal::with_config(&format!("{}\n{bulletin}", common::SITE_TOML));
    p.page("content/_index.md", "Trang chủ", "x");
    p.page("content/_index.en.md", "Home", "x");
    p.section("tin-tuc", "Tin tức", "articles");
    p.file(
        "content/tin-tuc/tuyen-dung.md",
        "---\nslug: tuyen-dung\ntitle: \"Tuyển 25 lao động XKLĐ đi Hàn Quốc\"\ndate: 2026-11-20\nsummary: \"Phí 4.500.000 đ, hạn 10/12/2026.\"\n---\n## Điều kiện\n\nTuổi 18-35, theo [Nghị quyết 392/2020/NQ-HĐND](https://example.gov.vn/nq?id=392).\n\n| Mục | Số tiền |\n|---|---|\n| Phí | 4.500.000 đ |\n\nTập trung lúc 7:30 ngày 10/12/2026 tại UBND xã; **tỷ lệ đỗ 95%**. Xem https://example.org/a.\n",
    );
    p.file(
        "content/tin-tuc/cu.md",
        "---\ntitle: \"Tin cũ\"\ndate: 2026-09-01\n---\nNăm 2025 có 105 người đi.\n",
    );
    p.file(
        "content/tin-tuc/tuyen-dung.en.md",
        "---\ntitle: \"Hiring 25 workers\"\ndate: 2026-11-20\n---\nText 5.\n",
    );
    p
}

fn assert_readable(text: &str, file: &str) {
    assert!(!text.chars().any(|c| c.is_ascii_digit()), "{file}: {text}");
    for mark in ["http", "www.", "](", "|", "**", "##", "<", ">"] {
        assert!(!text.contains(mark), "{file} has {mark:?}: {text}");
    }
}

#[test]
fn pages_and_the_weekly_bulletin_are_plain_spelled_text() {
    let p = portal("[bulletin]\n[bulletin.abbreviations]\n\"XKLĐ\" = \"xuất khẩu lao động\"\n");
    p.build_ok();
    let page = p.read("tin-tuc/tuyen-dung/ban-tin.txt");
    assert_readable(&page, "tuyen-dung");
    for said in [
        "Tuyển hai mươi lăm lao động xuất khẩu lao động đi Hàn Quốc.",
        "bốn triệu năm trăm nghìn đồng",
        "mười tám đến ba mươi lăm",
        "số ba trăm chín mươi hai trên hai nghìn không trăm hai mươi, nghị quyết Hội đồng nhân dân",
        "bảy giờ ba mươi phút ngày mười tháng mười hai năm hai nghìn không trăm hai mươi sáu",
        "chín mươi lăm phần trăm",
    ] {
        assert!(page.contains(said), "missing {said:?} in {page}");
    }
    // The table's cells are not read out.
    assert!(!page.contains("Số tiền"), "{page}");
    let weekly = p.read("ban-tin/ban-tin-tuan.txt");
    assert_readable(&weekly, "weekly");
    assert!(weekly.contains("Gồm một tin"), "{weekly}");
    assert!(weekly.contains("Tuyển hai mươi lăm"), "{weekly}");
    // Two months older than the newest: not this week's news.
    assert!(!weekly.contains("Tin cũ"), "{weekly}");
    // English pages get none.
    let english: Vec<_> = walkdir::WalkDir::new(p.out().join("en"))
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("ban-tin"))
        .collect();
    assert!(english.is_empty(), "{english:?}");
    assert!(p.out().join("en/tin-tuc/tuyen-dung/index.html").exists());
}

#[test]
fn the_southern_variant_says_le_and_ngan() {
    let p = portal("[bulletin]\nvariant = \"south\"\n");
    p.build_ok();
    let old = p.read("tin-tuc/cu/ban-tin.txt");
    assert_readable(&old, "cu");
    assert!(
        old.contains("hai ngàn không trăm hai mươi lăm có một trăm lẻ năm người"),
        "{old}"
    );
}

#[test]
fn an_unknown_variant_is_a_config_error() {
    let p = portal("[bulletin]\nvariant = \"west\"\n");
    let errors = p.build_errors().join("\n");
    assert!(
        errors.contains("site.toml") && errors.contains("south"),
        "{errors}"
    );
}
