//! The four kinds of content, the home page and the register, on fixture portals.

use crate::common;
use crate::common::photos;

use common::Portal;
use icalendar::{Calendar, CalendarComponent, Component, EventLike};

const NOW: &str = "2024-06-01T12:00:00+07:00";

fn portal() -> Portal {
    let mut p = Portal::with_config(&format!(
        "{}\n[taxonomies.beneficiaries]\nnames = {{ vi = \"Đối tượng\", en = \"Who\" }}\n[taxonomies.beneficiaries.terms]\nho-ngheo = {{ vi = \"Hộ nghèo\", en = \"Poor households\" }}\n[taxonomies.markets]\nnames = {{ vi = \"Thị trường\", en = \"Markets\" }}\n[taxonomies.markets.terms]\nnhat-ban = {{ vi = \"Nhật Bản\", en = \"Japan\" }}\nhan-quoc = {{ vi = \"Hàn Quốc\", en = \"Korea\" }}\n",
        common::SITE_TOML
    ));
    p.opts.now = Some(NOW.into());
    p.page("content/_index.md", "Trang chủ", "x");
    p
}

fn policy(p: &Portal) {
    p.section("chinh-sach", "Chính sách", "policies");
    p.file(
        "content/chinh-sach/hotro.md",
        r#"---
title: Hỗ trợ thử
date: 2022-01-01
document:
  number: "1/2023/NQ-HĐND"
  issuer: HĐND tỉnh thử
  effective: 2023-01-01
  expires: 2025-12-31
beneficiaries: [ho-ngheo]
support:
  - group: ho-ngheo
    items:
      - item: Học nghề
        amount: 3000000
        per: khóa học
        verified: true
        source: Văn bản thử
      - item: Ngoại ngữ
        amount: 1500000
        verified: true
      - item: Đi lại
        amount: 200000
---
Nội dung.
"#,
    );
    p.file(
        "content/chinh-sach/hotro.en.md",
        r#"---
title: Test support
date: 2022-01-01
document:
  number: "1/2023/NQ-HĐND"
beneficiaries: [ho-ngheo]
support:
  - group: ho-ngheo
    items:
      - item: Vocational training
        amount: 3000000
        verified: true
      - item: Language
        amount: {percent: 70, of: "actual cost"}
        verified: true
---
Body.
"#,
    );
}

#[test]
fn policies_render_tables_totals_status_and_unverified_marks() {
    let p = portal();
    policy(&p);
    p.build_ok();
    let vi = p.read("chinh-sach/hotro/index.html");
    assert!(
        vi.contains("<caption>Hỗ trợ cho: <a href=\"/doi-tuong/ho-ngheo/\">Hộ nghèo</a></caption>"),
        "{vi}"
    );
    assert!(vi.contains("<th scope=\"col\">"), "{vi}");
    assert!(vi.contains("3.000.000 đ / khóa học"), "{vi}");
    // 3.000.000 + 1.500.000 + 200.000; one item unverified, so the total is too.
    assert!(vi.contains("<th scope=\"row\">Tổng cộng</th><td>4.700.000 đ <strong class=\"unverified\">(chưa xác minh)</strong>"), "{vi}");
    assert_eq!(vi.matches("(chưa xác minh)").count(), 2, "{vi}");
    assert!(vi.contains("Đang có hiệu lực"), "{vi}");
    let en = p.read("en/chinh-sach/hotro/index.html");
    assert!(en.contains("VND 3,000,000"), "{en}");
    assert!(en.contains("70% of actual cost"), "{en}");
    assert!(!en.contains("Total"), "a percentage cannot be summed: {en}");
    assert!(en.contains("Validity dates not confirmed"), "{en}");
}

#[test]
fn policy_status_follows_the_build_time() {
    let mut p = portal();
    policy(&p);
    p.opts.now = Some("2026-01-15".into());
    p.build_ok();
    assert!(
        p.read("chinh-sach/hotro/index.html")
            .contains("Hết hiệu lực")
    );
    assert!(p.read("chinh-sach/index.html").contains("Hết hiệu lực"));
    p.opts.now = Some("2022-06-01".into());
    p.build_ok();
    assert!(
        p.read("chinh-sach/hotro/index.html")
            .contains("Chưa có hiệu lực")
    );
}

#[test]
fn replaced_policies_keep_their_page_and_link_to_the_successor() {
    let p = portal();
    policy(&p);
    p.file("content/chinh-sach/cu.md", "---\ntitle: Chính sách cũ\ndocument: {number: \"9/2019\"}\nsuperseded_by: chinh-sach/hotro.md\n---\nx\n");
    p.build_ok();
    let old = p.read("chinh-sach/cu/index.html");
    assert!(
        old.contains(
            "Văn bản này đã được thay thế bởi <a href=\"/chinh-sach/hotro/\">Hỗ trợ thử</a>"
        ),
        "{old}"
    );
    p.file("content/chinh-sach/cu.md", "---\ntitle: Chính sách cũ\ndocument: {number: \"9/2019\"}\nsuperseded_by: chinh-sach/khong-co.md\n---\nx\n");
    let errors = p.build_errors();
    assert!(
        errors.iter().any(|e| e.contains(
            "content/chinh-sach/cu.md:4:1: error: `superseded_by: chinh-sach/khong-co.md`"
        )),
        "{errors:?}"
    );
}

#[test]
fn beneficiary_pages_gather_every_item_for_the_group() {
    let p = portal();
    policy(&p);
    p.file("content/chinh-sach/khac.md", "---\ntitle: Chính sách khác\ndocument: {number: \"2/2024\"}\nsupport:\n  - group: ho-ngheo\n    items:\n      - item: Khám sức khỏe\n---\nx\n");
    p.build_ok();
    let page = p.read("doi-tuong/ho-ngheo/index.html");
    for needle in [
        "Học nghề",
        "Ngoại ngữ",
        "Khám sức khỏe",
        "<a href=\"/chinh-sach/hotro/\">Hỗ trợ thử</a>",
        "<a href=\"/chinh-sach/khac/\">Chính sách khác</a>",
    ] {
        assert!(page.contains(needle), "{needle} missing: {page}");
    }
}

fn fairs(p: &Portal) {
    p.section("phien", "Phiên giao dịch", "job_fairs");
    let fair = |slug: &str, start: &str, end: &str, title: &str| {
        p.file(
            &format!("content/phien/{slug}.md"),
            &format!("---\ntitle: \"{title}\"\ndate: 2024-01-01\nsummary: Tóm tắt; có dấu phẩy, chấm phẩy\nstart: {start}\nend: {end}\nvenue: Hội trường Trung tâm Văn hóa huyện Tháp Mười\naddress: Huyện Tháp Mười, tỉnh Đồng Tháp\nmarkets: [nhat-ban]\ngeo: [10.55, 105.81]\n---\nx\n"),
        );
    };
    fair(
        "thang-3",
        "2024-03-15T07:30:00+07:00",
        "2024-03-15T11:30:00+07:00",
        "Phiên tháng 3",
    );
    fair(
        "thang-5",
        "2024-05-10 07:30",
        "2024-05-10 11:00",
        "Phiên tháng 5",
    );
    fair(
        "thang-7",
        "2024-07-12T07:30:00+07:00",
        "2024-07-12T11:30:00+07:00",
        "Phiên tháng 7",
    );
    fair(
        "thang-9",
        "2024-09-06T07:30:00+07:00",
        "2024-09-06T11:30:00+07:00",
        "Phiên tháng 9",
    );
    p.file("content/phien/thang-7.en.md", "---\ntitle: July fair\nstart: 2024-07-12T07:30:00+07:00\nend: 2024-07-12T11:30:00+07:00\nvenue: Hall\n---\nx\n");
}

#[test]
fn job_fairs_split_upcoming_from_past_around_the_build_time() {
    let p = portal();
    fairs(&p);
    p.build_ok();
    let list = p.read("phien/index.html");
    let pos = |s: &str| list.find(s).unwrap_or_else(|| panic!("{s} missing"));
    let (upcoming, past) = (pos("id=\"upcoming\""), pos("id=\"past\""));
    // Upcoming soonest first, then past latest first.
    assert!(
        upcoming < pos("Phiên tháng 7")
            && pos("Phiên tháng 7") < pos("Phiên tháng 9")
            && pos("Phiên tháng 9") < past
    );
    assert!(past < pos("Phiên tháng 5") && pos("Phiên tháng 5") < pos("Phiên tháng 3"));
    let page = p.read("phien/thang-3/index.html");
    assert!(page.contains("Thứ Sáu, 15/3/2024, 7:30–11:30"), "{page}");
    assert!(
        page.contains("href=\"/phien/thang-3/thang-3.ics\""),
        "{page}"
    );
    assert!(
        page.contains("https://www.openstreetmap.org/?mlat=10.55&amp;mlon=105.81"),
        "{page}"
    );
    // Home: next fairs, soonest first, at most three.
    let home = p.read("index.html");
    assert!(home.find("Phiên tháng 7") < home.find("Phiên tháng 9"));
    assert!(
        !home.contains("Phiên tháng 3"),
        "past fairs are not 'next': {home}"
    );
}

fn parse(text: &str) -> Calendar {
    text.parse::<Calendar>()
        .unwrap_or_else(|e| panic!("not iCalendar: {e}\n{text}"))
}

fn events(cal: &Calendar) -> Vec<&icalendar::Event> {
    cal.components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect()
}

#[test]
fn ics_files_parse_back_field_by_field() {
    let p = portal();
    fairs(&p);
    p.build_ok();
    let raw = p.read("phien/thang-3/thang-3.ics");
    assert!(
        raw.lines().count() > 5 && raw.contains("\r\n"),
        "CRLF line endings"
    );
    for physical in raw.split("\r\n") {
        assert!(physical.len() <= 75, "line over 75 octets: {physical}");
    }
    let cal = parse(&raw);
    let evs = events(&cal);
    assert_eq!(evs.len(), 1);
    let e = evs[0];
    assert_eq!(e.get_summary(), Some("Phiên tháng 3"));
    assert_eq!(e.property_value("DTSTART"), Some("20240315T003000Z"));
    assert_eq!(e.property_value("DTEND"), Some("20240315T043000Z"));
    assert_eq!(e.property_value("DTSTAMP"), Some("20231231T170000Z"));
    assert_eq!(e.get_url(), Some("https://example.org/phien/thang-3/"));
    assert_eq!(e.property_value("GEO"), Some("10.55;105.81"));
    assert!(
        e.get_location().is_some_and(|l| l.contains("Tháp Mười")),
        "{:?}",
        e.get_location()
    );
    let uid = e.get_uid().expect("uid").to_string();
    assert!(uid.ends_with("@example.org"), "{uid}");

    // The section calendar has every event; the UID is the same in it, in
    // the English calendar and in a second build.
    let all = parse(&p.read("phien/calendar.ics"));
    assert_eq!(events(&all).len(), 4);
    assert!(
        events(&all)
            .iter()
            .any(|e| e.get_uid() == Some(uid.as_str()))
    );
    let en = parse(&p.read("en/phien/calendar.ics"));
    let july_vi = events(&all)
        .iter()
        .find(|e| e.get_summary() == Some("Phiên tháng 7"))
        .and_then(|e| e.get_uid())
        .map(str::to_string);
    assert_eq!(events(&en)[0].get_uid().map(str::to_string), july_vi);
    p.build_ok();
    assert_eq!(p.read("phien/thang-3/thang-3.ics"), raw);
}

#[test]
fn stories_put_the_person_first_and_filter_by_country() {
    let p = portal();
    p.section("chuyen", "Người thật, việc thật", "stories");
    p.file("content/chuyen/an/index.md", "---\ntitle: Xưởng cơ khí\nperson: Nguyễn Văn An (nhân vật hư cấu)\ncountry: nhat-ban\nquote: Tôi đã học được nghề.\nphoto: an.jpg\nphoto_alt: Anh An trong xưởng\noutcome: Mở xưởng cơ khí\n---\nCâu chuyện.\n");
    p.bytes(
        "content/chuyen/an/an.jpg",
        &photos::jpeg(&photos::halves(300, 400)),
    );
    p.file("content/chuyen/binh.md", "---\ntitle: Ao cá\nperson: Trần Thị Bình (nhân vật hư cấu)\ncountry: han-quoc\n---\nCâu chuyện.\n");
    p.build_ok();
    let page = p.read("chuyen/an/index.html");
    let (photo, quote, story) = (
        page.find("class=\"portrait\"").expect("photo"),
        page.find("Tôi đã học được nghề").expect("quote"),
        page.find("Câu chuyện.").expect("story"),
    );
    assert!(photo < quote && quote < story, "{page}");
    assert!(
        page.contains("width=\"300\" height=\"400\" alt=\"Anh An trong xưởng\""),
        "{page}"
    );
    let list = p.read("chuyen/index.html");
    assert!(
        list.contains("<a href=\"/thi-truong/nhat-ban/\">Nhật Bản</a>"),
        "{list}"
    );
    assert!(
        list.contains("<a href=\"/thi-truong/han-quoc/\">Hàn Quốc</a>"),
        "{list}"
    );
    assert!(p.read("thi-truong/han-quoc/index.html").contains("Ao cá"));
}

#[test]
fn articles_list_related_articles_newest_first() {
    let p = portal();
    p.section("tin", "Tin tức", "articles");
    let art = |slug: &str, date: &str, tags: &str| {
        p.file(
            &format!("content/tin/{slug}.md"),
            &format!("---\ntitle: Bài {slug}\ndate: {date}\ntags: [{tags}]\n---\nx\n"),
        );
    };
    art("a", "2024-01-01", "vay-von");
    art("b", "2024-02-01", "vay-von, eps");
    art("c", "2024-03-01", "eps");
    art("d", "2024-04-01", "khac");
    p.build_ok();
    let a = p.read("tin/a/index.html");
    let related = &a[a.find("id=\"h-related\"").expect("related block")..];
    assert!(
        related.contains("Bài b") && !related.contains("Bài c") && !related.contains("Bài d"),
        "{related}"
    );
    let b = p.read("tin/b/index.html");
    let related = &b[b.find("id=\"h-related\"").expect("related block")..];
    assert!(
        related.find("Bài c") < related.find("Bài a"),
        "newest first: {related}"
    );
    assert!(!p.read("tin/d/index.html").contains("id=\"h-related\""));
}

#[test]
fn home_shows_warning_and_contact_only_when_configured() {
    let p = portal();
    p.build_ok();
    let bare = p.read("index.html");
    assert!(
        !bare.contains("class=\"warning\"") && !bare.contains("class=\"contact\""),
        "{bare}"
    );
    let p = Portal::with_config(&format!(
        "{}\n[languages.vi.contact]\nhotline = \"1900 0000\"\n[languages.vi.warning]\ntitle = \"Cảnh giác\"\ntext = \"Không đóng tiền.\"\npage = \"canh-bao.md\"\n",
        common::SITE_TOML
            .replace("[languages.en]", "[languages.en_placeholder]")
            .replace("[languages.en_placeholder]", "[languages.en]")
    ));
    p.page("content/_index.md", "Trang chủ", "x");
    p.page("content/canh-bao.md", "Cảnh báo", "x");
    p.build_ok();
    let home = p.read("index.html");
    assert!(
        home.contains("<h2 id=\"h-warning\">Cảnh giác</h2>"),
        "{home}"
    );
    assert!(home.contains("href=\"/canh-bao/\""), "{home}");
    assert!(
        home.contains("<a href=\"tel:19000000\">1900 0000</a>"),
        "{home}"
    );
    assert!(
        !home.contains("Thư điện tử"),
        "no empty e-mail line: {home}"
    );
}

#[test]
fn the_register_renders_as_a_table_and_is_checked() {
    let p = Portal::with_config(&format!(
        "{}\n[register]\nfile = \"data/dn.yaml\"\npaths = {{ vi = \"doanh-nghiep\", en = \"companies\" }}\n",
        common::SITE_TOML
    ));
    p.page("content/_index.md", "Trang chủ", "x");
    p.file("data/dn.yaml", "note: {vi: \"Dữ liệu minh họa\", en: \"Illustrative data\"}\nchecked: 2026-11-01\nofficial_list: https://dolab.example/\ncompanies:\n  - name: Công ty Minh Họa A\n    licence_number: \"001/GP\"\n    status: active\n  - name: Công ty Minh Họa B\n    licence_number: \"002/GP\"\n    status: revoked\n");
    p.build_ok();
    let vi = p.read("doanh-nghiep/index.html");
    assert!(
        vi.contains("<th scope=\"row\">Công ty Minh Họa A</th>"),
        "{vi}"
    );
    assert!(
        vi.contains("Bị thu hồi")
            && vi.contains("Dữ liệu minh họa")
            && vi.contains("ngày 1 tháng 11 năm 2026"),
        "{vi}"
    );
    assert!(
        vi.contains("<input id=\"register-q\" name=\"q\" type=\"search\""),
        "{vi}"
    );
    let en = p.read("en/companies/index.html");
    assert!(
        en.contains("Revoked") && en.contains("Illustrative data"),
        "{en}"
    );
    p.file("data/dn.yaml", "note: x\nchecked: 2026-11-01\nofficial_list: https://dolab.example/\ncompanies:\n  - name: A\n    licence_number: \"1\"\n    status: closed\n");
    let errors = p.build_errors();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("data/dn.yaml:7:") && e.contains("closed")),
        "{errors:?}"
    );
}

#[test]
fn bad_kind_fields_are_errors_with_file_line_and_field() {
    let p = portal();
    p.section("phien", "Phiên", "job_fairs");
    p.section("chinh-sach", "Chính sách", "policies");
    p.section("chuyen", "Chuyện", "stories");
    p.file("content/phien/nguoc.md", "---\ntitle: Ngược\nstart: 2024-03-15T11:00:00+07:00\nend: 2024-03-15T07:00:00+07:00\nvenue: x\n---\n");
    p.file("content/phien/thieu.md", "---\ntitle: Thiếu\nstart: 2024-03-15T07:00:00+07:00\nend: 2024-03-15T11:00:00+07:00\n---\n");
    p.file("content/chinh-sach/pct.md", "---\ntitle: P\ndocument: {number: \"1\"}\nsupport:\n  - group: g\n    items:\n      - item: x\n        amount: {percent: 120, of: \"y\"}\n---\n");
    p.file("content/chinh-sach/chu.md", "---\ntitle: P\ndocument: {number: \"1\"}\nsupport:\n  - group: g\n    items:\n      - item: x\n        amount: \"ba triệu\"\n---\n");
    p.file("content/chinh-sach/ngay.md", "---\ntitle: P\ndocument:\n  number: \"1\"\n  effective: 2025-01-01\n  expires: 2024-01-01\n---\n");
    p.file(
        "content/chuyen/anh.md",
        "---\ntitle: S\nperson: A\nphoto: khong-co.jpg\nphoto_alt: x\n---\n",
    );
    p.file(
        "content/chuyen/alt.md",
        "---\ntitle: S\nperson: A\nphoto: /a.jpg\n---\n",
    );
    let errors = p.build_errors();
    let want = [
        ("content/phien/nguoc.md:4:1", "`end`"),
        ("content/phien/thieu.md:2", "missing field `venue`"),
        (
            "content/chinh-sach/pct.md:8",
            "`percent` must be between 0 and 100",
        ),
        (
            "content/chinh-sach/chu.md:",
            "an amount: a whole number of đồng",
        ),
        ("content/chinh-sach/ngay.md:5", "`document.effective`"),
        (
            "content/chuyen/anh.md:4:1",
            "`photo: khong-co.jpg`: the file does not exist",
        ),
        ("content/chuyen/alt.md:4:1", "needs `photo_alt`"),
    ];
    for (at, what) in want {
        assert!(
            errors.iter().any(|e| e.contains(at) && e.contains(what)),
            "{at} {what}: {errors:#?}"
        );
    }
}

#[test]
fn front_matter_files_under_static_are_checked_against_what_static_holds() {
    // The check is made from the list content read, not by asking the
    // disk later: a folder is not a file, and `//` or `./` name the same file.
    let p = portal();
    p.bytes(
        "static/anh/bia.svg",
        b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    p.section("chuyen", "Chuyện", "stories");
    let story = |photo: &str| {
        format!("---\ntitle: S\nperson: A (nhân vật hư cấu)\nphoto: {photo}\nphoto_alt: x\n---\n")
    };
    p.file("content/chuyen/co.md", &story("/anh/bia.svg"));
    p.file("content/chuyen/hai-gach.md", &story("/anh//./bia.svg"));
    p.file("content/chuyen/khong.md", &story("/anh/khong-co.svg"));
    p.file("content/chuyen/thu-muc.md", &story("/anh"));
    let errors = p.build_errors();
    let missing = |f: &str| {
        errors
            .iter()
            .any(|e| e.contains(f) && e.contains("the file does not exist"))
    };
    assert!(!missing("chuyen/co.md"), "{errors:#?}");
    assert!(!missing("chuyen/hai-gach.md"), "{errors:#?}");
    assert!(missing("chuyen/khong.md:4:1"), "{errors:#?}");
    assert!(missing("chuyen/thu-muc.md:4:1"), "{errors:#?}");
}
