//! Job orders checked against the register, their listing, structured data,
//! next-change moment, and the "check an offer" page.

use crate::common;
use common::Portal;

const NOW: &str = "2026-12-06T09:00:00+07:00";

const REGISTER: &str = "note: {vi: \"Dữ liệu minh họa\", en: \"Illustrative data\"}\nchecked: 2026-11-01\nofficial_list: https://dolab.example/\ncompanies:\n  - name: Công ty Minh Họa A\n    licence_number: \"001/GP\"\n    phone: \"000 111\"\n    status: active\n  - name: Công ty Minh Họa H\n    licence_number: \"007/GP\"\n    status: revoked\n  - name: Công ty Đông Á\n    licence_number: \"009/GP\"\n    status: active\n    licence_expires: 2026-12-01\n";

fn portal() -> Portal {
    let mut p = Portal::with_config(&format!(
        "{}\n[register]\nfile = \"data/dn.yaml\"\npaths = {{ vi = \"doanh-nghiep\", en = \"companies\" }}\n[taxonomies.markets]\nnames = {{ vi = \"Thị trường\", en = \"Markets\" }}\n[taxonomies.markets.terms]\nnhat-ban = {{ vi = \"Nhật Bản\", en = \"Japan\" }}\ndai-loan = {{ vi = \"Đài Loan\", en = \"Taiwan\" }}\n",
        common::SITE_TOML
    ));
    p.opts.now = Some(NOW.into());
    p.page("content/_index.md", "Trang chủ", "x");
    p.file("data/dn.yaml", REGISTER);
    p.section("don-hang", "Đơn hàng", "job_orders");
    p
}

fn order(p: &Portal, name: &str, company: &str, deadline: &str, extra: &str) {
    p.file(
        &format!("content/don-hang/{name}.md"),
        &format!("---\ntitle: Đơn {name}\ndate: 2026-11-01T08:00:00+07:00\nsummary: Tuyển {name}\ncompany: \"{company}\"\nmarket: nhat-ban\noccupation: Chế biến\ndeadline: {deadline}\n{extra}---\nNội dung.\n"),
    );
}

/// The JSON-LD blocks of a page, parsed.
fn json_ld(html: &str) -> Vec<serde_json::Value> {
    html.split("<script type=\"application/ld+json\">")
        .skip(1)
        .map(|rest| {
            let text = rest.split("</script>").next().unwrap_or("");
            serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
        })
        .collect()
}

fn postings(html: &str) -> Vec<serde_json::Value> {
    json_ld(html)
        .into_iter()
        .flat_map(|v| v["@graph"].as_array().cloned().unwrap_or_default())
        .filter(|n| n["@type"] == "JobPosting")
        .collect()
}

#[test]
fn open_orders_are_listed_by_deadline_and_closed_ones_say_why() {
    let p = portal();
    let wage = "wage: {amount: 180000, currency: jpy, per: month}\nworkers: 20\ncosts:\n  - item: Khám sức khỏe\n    amount: 1500000\n  - item: Hộ chiếu\n    amount: 200000\n    verified: true\n";
    order(&p, "muon", "001/GP", "2027-02-01T17:00:00+07:00", wage);
    p.file(
        "content/don-hang/muon.en.md",
        &format!("---\ntitle: Order muon\ndate: 2026-11-01T08:00:00+07:00\ncompany: \"001/GP\"\nmarket: nhat-ban\noccupation: Food\ndeadline: 2027-02-01T17:00:00+07:00\n{wage}---\nText.\n"),
    );
    order(&p, "som", "001/gp", "2027-01-01T17:00:00+07:00", "");
    order(&p, "het-han", "001/GP", "2026-12-01T17:00:00+07:00", "");
    order(&p, "thu-hoi", "007/GP", "2027-03-01T17:00:00+07:00", "");
    order(&p, "gp-het", "009/GP", "2027-03-01T17:00:00+07:00", "");
    let report = p.build_ok();
    let list = p.read("don-hang/index.html");
    let (som, muon) = (
        list.find("Đơn som").unwrap(),
        list.find("Đơn muon").unwrap(),
    );
    assert!(som < muon, "soonest deadline first: {list}");
    for gone in ["Đơn het-han", "Đơn thu-hoi", "Đơn gp-het"] {
        assert!(!list.contains(gone), "{gone} listed: {list}");
    }
    assert!(list.contains("180.000 yên (JPY) một tháng"), "{list}");
    // Between builds a page served after the deadline hides the order.
    assert!(
        list.contains("data-occupation=\"che-bien\" data-hide-after=\"2027-01-01T17:00:00+07:00\""),
        "{list}"
    );
    // One occupation: no filter by occupation.
    assert!(!list.contains("?nghe="), "{list}");
    let page = p.read("don-hang/muon/index.html");
    assert!(
        page.contains("Đang nhận hồ sơ")
            && page.contains("data-show-after=\"2027-02-01T17:00:00+07:00\""),
        "{page}"
    );
    assert!(
        page.contains("Công ty Minh Họa A") && page.contains("000 111"),
        "{page}"
    );
    assert!(
        page.contains("1.700.000 đ") && page.contains("chưa xác minh"),
        "{page}"
    );
    let en = p.read("en/don-hang/muon/index.html");
    assert!(en.contains("JPY 180,000 a month"), "{en}");
    let closed = p.read("don-hang/het-han/index.html");
    assert!(
        closed.contains("Đã hết hạn nhận hồ sơ") && !closed.contains("data-show-after"),
        "{closed}"
    );
    assert!(
        p.read("don-hang/thu-hoi/index.html")
            .contains("đã bị thu hồi giấy phép")
    );
    assert!(
        p.read("don-hang/gp-het/index.html")
            .contains("Giấy phép của doanh nghiệp này đã hết hạn")
    );
    // Structured data: only for the open order, with what is known.
    let jp = postings(&page);
    assert_eq!(jp.len(), 1, "{page}");
    let j = &jp[0];
    assert_eq!(j["hiringOrganization"]["name"], "Công ty Minh Họa A");
    assert_eq!(j["validThrough"], "2027-02-01T17:00:00+07:00");
    assert_eq!(j["baseSalary"]["currency"], "JPY");
    assert_eq!(j["baseSalary"]["value"]["value"], 180000);
    assert_eq!(j["baseSalary"]["value"]["unitText"], "MONTH");
    assert_eq!(j["jobLocation"]["address"]["addressCountry"], "Nhật Bản");
    assert_eq!(j["totalJobOpenings"], 20);
    assert!(postings(&closed).is_empty());
    // The next change is the soonest deadline ahead.
    let next = report.next_change.expect("a next change");
    assert!(
        next.changes
            .iter()
            .any(|c| format!("{:?}", c.what) == "JobOrderCloses"),
        "{next:?}"
    );
    let record: serde_json::Value = serde_json::from_str(&p.read("next-change.json")).unwrap();
    assert_eq!(
        record["next_change"]["changes"][0]["what"], "job_order_closes",
        "{record}"
    );
}

#[test]
fn bad_orders_are_errors_with_file_line_and_field() {
    let p = portal();
    order(&p, "khong-co", "999/GP", "2027-01-01T17:00:00+07:00", "");
    order(&p, "truoc", "001/GP", "2026-10-01T17:00:00+07:00", "");
    order(
        &p,
        "tien",
        "001/GP",
        "2027-01-01T17:00:00+07:00",
        "wage:\n  amount: 180000\n  per: month\n",
    );
    order(
        &p,
        "chi-phi",
        "001/GP",
        "2027-01-01T17:00:00+07:00",
        "costs:\n  - item: Phí\n    amount: \"hai triệu\"\n",
    );
    let errors = p.build_errors();
    let want = [
        (
            "content/don-hang/khong-co.md:5:1",
            "`company: 999/GP` is not a licence number in the register",
        ),
        ("content/don-hang/truoc.md:8", "`deadline`"),
        ("content/don-hang/tien.md:9", "`wage` needs `currency`"),
        (
            "content/don-hang/chi-phi.md:10",
            "costs[0]: an amount: a whole number of đồng",
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
fn the_check_page_lists_every_company_and_says_what_no_result_means() {
    let p = portal();
    p.build_ok();
    let vi = p.read("doanh-nghiep/kiem-tra/index.html");
    assert!(vi.contains("data-key=\"cong ty dong a 009"), "{vi}");
    assert!(
        vi.contains("Công ty Minh Họa H") && vi.contains("Bị thu hồi"),
        "{vi}"
    );
    assert!(
        vi.contains("Không có trong bản sao danh sách của cổng này")
            && vi.contains("https://dolab.example/"),
        "{vi}"
    );
    assert!(!vi.to_lowercase().contains("không được cấp phép."), "{vi}");
    let en = p.read("en/companies/check-an-offer/index.html");
    assert!(
        en.contains("copy of the register. That does not mean the company is unlicensed"),
        "{en}"
    );
    assert!(
        p.read("doanh-nghiep/index.html")
            .contains("doanh-nghiep/kiem-tra/")
    );
}

#[test]
fn a_new_order_from_loa_new_builds_and_is_not_listed_until_filled_in() {
    let p = portal();
    let rel = loa::scaffold::new_content(&loa::scaffold::NewOptions {
        root: p.root(),
        target: "job_orders".into(),
        title: "Tuyển lao động mới".into(),
        lang: None,
        today: jiff::civil::date(2026, 12, 6),
    })
    .expect("new");
    assert_eq!(
        rel.to_string_lossy(),
        "content/don-hang/tuyen-lao-dong-moi.md"
    );
    let text = std::fs::read_to_string(p.root().join(&rel)).expect("read");
    assert!(
        text.contains("company: \"[[ĐIỀN") && text.contains("deadline: 2026-12-06 17:00"),
        "{text}"
    );
    p.build_ok();
    let page = p.read("don-hang/tuyen-lao-dong-moi/index.html");
    assert!(page.contains("Chưa đối chiếu được doanh nghiệp"), "{page}");
    assert!(!p.read("don-hang/index.html").contains("tuyen-lao-dong-moi"));
}

#[test]
fn the_occupation_filter_shows_only_when_its_script_can_run() {
    // Its links need the script; without it they would promise a filter
    // and show every order, so they start hidden and the script shows them.
    let p = portal();
    order(&p, "a", "001/GP", "2027-01-01T17:00:00+07:00", "");
    p.file(
        "content/don-hang/b.md",
        "---\ntitle: Đơn b\ndate: 2026-11-01T08:00:00+07:00\ncompany: \"001/GP\"\nmarket: nhat-ban\noccupation: Xây dựng\ndeadline: 2027-01-02T17:00:00+07:00\n---\nx\n",
    );
    p.build_ok();
    let list = p.read("don-hang/index.html");
    assert!(
        list.contains("<nav class=\"filters\" id=\"orders-occupation-filter\" hidden"),
        "{list}"
    );
    assert!(list.contains("?nghe="), "{list}");
    let script = p
        .output_files()
        .into_iter()
        .find(|f| f.starts_with("js/job-orders.") && f.ends_with(".js"))
        .expect("the listing's script");
    let js = p.read(&script);
    assert!(
        js.contains("orders-occupation-filter") && js.contains("hidden = false"),
        "{js}"
    );
}
