//! Drafts, future dates and `expires`: what is built and what is listed.

use crate::common;

use common::{Portal, SITE_TOML};

fn portal() -> Portal {
    let p = Portal::with_config(&format!(
        "{SITE_TOML}\n[taxonomies.tags]\nnames = {{ vi = \"Chủ đề\", en = \"Topics\" }}\npaths = {{ vi = \"chu-de\", en = \"topics\" }}\n[taxonomies.tags.terms]\nho-tro = {{ vi = \"Hỗ trợ\", en = \"Support\" }}\n"
    ));
    p.page("content/_index.md", "Trang chủ", "x");
    p.section("tin-tuc", "Tin tức", "articles");
    p.section("phien-giao-dich", "Phiên giao dịch", "job_fairs");
    p
}

#[test]
fn expired_pages_stay_built_but_leave_listings() {
    let p = portal();
    // The harness builds at 2026-11-22 12:00 +07:00.
    p.file(
        "content/tin-tuc/het-han.md",
        "---\ntitle: Thông báo hết hạn\ndate: 2026-01-05\nexpires: 2026-06-30\ntags: [ho-tro]\n---\nx\n",
    );
    p.file(
        "content/tin-tuc/con-han.md",
        "---\ntitle: Thông báo còn hạn\ndate: 2026-01-06\nexpires: 2026-12-31 17:00\ntags: [ho-tro]\n---\nx\n",
    );
    p.build_ok();
    assert!(
        p.exists("tin-tuc/het-han/index.html"),
        "old links keep working"
    );
    let listing = p.read("tin-tuc/index.html");
    assert!(!listing.contains("Thông báo hết hạn"), "{listing}");
    assert!(listing.contains("Thông báo còn hạn"), "{listing}");
    let term = p.read("chu-de/ho-tro/index.html");
    assert!(!term.contains("Thông báo hết hạn"), "{term}");
    assert!(term.contains("Thông báo còn hạn"), "{term}");
}

#[test]
fn job_fairs_that_are_over_stay_listed() {
    let p = portal();
    p.file(
        "content/phien-giao-dich/da-qua.md",
        "---\ntitle: Phiên tháng 3/2024\ndate: 2024-03-01\nstart: 2024-03-10 07:30\nend: 2024-03-10 11:30\nvenue: Nhà văn hóa\n---\nx\n",
    );
    p.build_ok();
    let listing = p.read("phien-giao-dich/index.html");
    assert!(listing.contains("Phiên tháng 3/2024"), "{listing}");
}

#[test]
fn a_page_dated_later_today_appears_once_its_time_has_come() {
    let mut p = portal();
    p.file(
        "content/tin-tuc/chieu-nay.md",
        "---\ntitle: Chiều nay\ndate: 2026-11-22 15:00\n---\nx\n",
    );
    p.build_ok();
    assert!(
        !p.exists("tin-tuc/chieu-nay/index.html"),
        "12:00 is before 15:00"
    );
    p.opts.now = Some("2026-11-22T15:00:00+07:00".into());
    p.build_ok();
    assert!(p.exists("tin-tuc/chieu-nay/index.html"));
}
