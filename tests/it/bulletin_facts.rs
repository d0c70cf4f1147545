//! The loudspeaker bulletin's key facts, said from the typed front matter
//! (a fair's time and place, a policy's support and status, a job order's
//! wage and company, a scam alert's scheme and sums), the weekly bulletin
//! leaving out what is no longer true, and `loa bulletin --since`. The
//! build's moment is 2026-12-06 09:00 (+07:00).

use std::process::Command;

use crate::common;
use common::Portal;

const NOW: &str = "2026-12-06T09:00:00+07:00";

const REGISTER: &str = "note: {vi: \"Dữ liệu minh họa\", en: \"Illustrative data\"}\nchecked: 2026-11-01\nofficial_list: https://dolab.example/\ncompanies:\n  - name: Công ty Minh Họa A\n    licence_number: \"001/GP\"\n    status: active\n";

/// A portal with one of each kind that is still current and one of each
/// that is no longer (a fair that ended, an order past its deadline, an
/// expired policy).
fn portal() -> Portal {
    let mut p = Portal::with_config(&format!(
        "{}\n[register]\nfile = \"data/dn.yaml\"\npaths = {{ vi = \"doanh-nghiep\", en = \"companies\" }}\n[taxonomies.markets]\nnames = {{ vi = \"Thị trường\", en = \"Markets\" }}\n[taxonomies.markets.terms]\nnhat-ban = {{ vi = \"Nhật Bản\", en = \"Japan\" }}\nhan-quoc = {{ vi = \"Hàn Quốc\", en = \"Korea\" }}\n[taxonomies.beneficiaries]\nnames = {{ vi = \"Đối tượng\", en = \"Who\" }}\n[taxonomies.beneficiaries.terms]\nho-ngheo = {{ vi = \"Người thuộc hộ nghèo\", en = \"Poor households\" }}\n[bulletin]\n[bulletin.abbreviations]\n\"TTDVVL\" = \"Trung tâm Dịch vụ việc làm\"\n\"UBND\" = \"Ủy ban nhân dân\"\n\"HĐND\" = \"Hội đồng nhân dân\"\n",
        common::SITE_TOML
    ));
    p.opts.now = Some(NOW.into());
    p.page("content/_index.md", "Trang chủ", "x");
    p.page("content/_index.en.md", "Home", "x");
    p.file("data/dn.yaml", REGISTER);
    p.section("phien", "Phiên giao dịch", "job_fairs");
    p.file(
        "content/phien/thang-12.md",
        "---\ntitle: Phiên giao dịch việc làm tháng 12\ndate: 2026-12-01\nstart: 2026-12-10T07:30:00+07:00\nend: 2026-12-10T11:30:00+07:00\nvenue: Hội trường UBND xã\naddress: Ấp 3, xã Mỹ An\norganizer: TTDVVL tỉnh\nmarkets: [nhat-ban, han-quoc]\ncontact: \"Anh Nam, 0277 3851 234\"\n---\nMời bà con đến dự.\n",
    );
    p.file(
        "content/phien/thang-11.md",
        "---\ntitle: Phiên giao dịch tháng 11\ndate: 2026-12-02\nstart: 2026-11-20T07:30:00+07:00\nend: 2026-11-20T11:30:00+07:00\nvenue: Nhà văn hóa\n---\nĐã xong.\n",
    );
    p.section("chinh-sach", "Chính sách", "policies");
    p.file(
        "content/chinh-sach/ho-tro.md",
        "---\ntitle: Hỗ trợ người lao động\ndate: 2026-12-03\ndocument:\n  number: \"1/2025/NQ-HĐND\"\n  issuer: HĐND tỉnh thử\n  effective: 2025-01-01\nbeneficiaries: [ho-ngheo]\nsupport:\n  - group: ho-ngheo\n    items:\n      - item: Chi phí đi lại\n        amount: 4500000\n        per: người\n      - item: Học nghề\n        amount: 3000000\n        verified: true\n      - item: Ngoại ngữ\n        amount: {percent: 70, of: học phí}\n        verified: true\n---\nNội dung.\n",
    );
    p.file(
        "content/chinh-sach/cu.md",
        "---\ntitle: Chính sách cũ\ndate: 2026-12-03\ndocument:\n  number: \"2/2020/NQ-HĐND\"\n  effective: 2021-01-01\n  expires: 2026-01-01\n---\nNội dung.\n",
    );
    p.section("don-hang", "Đơn hàng", "job_orders");
    p.file(
        "content/don-hang/thuc-pham.md",
        "---\ntitle: Tuyển lao động chế biến thực phẩm\ndate: 2026-12-04\ncompany: \"001/GP\"\nmarket: nhat-ban\noccupation: Chế biến thực phẩm\nworkers: 20\nwage: {amount: 180000, currency: JPY, per: month}\nrequirements: {gender: \"Nam, nữ\", age_min: 18, age_max: 35}\ndeadline: 2027-01-15T17:00:00+07:00\n---\nNội dung.\n",
    );
    p.file(
        "content/don-hang/het-han.md",
        "---\ntitle: Đơn hàng hết hạn\ndate: 2026-12-04\ncompany: \"001/GP\"\nmarket: nhat-ban\noccupation: Xây dựng\ndeadline: 2026-12-05T17:00:00+07:00\n---\nNội dung.\n",
    );
    p.section("canh-bao", "Cảnh báo", "scam_alerts");
    p.file(
        "content/canh-bao/bien-lai.md",
        "---\ntitle: Biên lai giả\ndate: 2026-12-05\nissued_by: Công an xã\npattern:\n  - fake_receipt\n  - other: Hẹn hò qua mạng\namounts:\n  - amount: 20000000\n    currency: VND\n    note: phí giữ suất\n  - amount: 1500\n    currency: USD\nwhat_to_check:\n  - \"Tra số giấy phép trên https://dolab.example/ds\"\nreport_to:\n  - \"Công an xã Mỹ An\"\n---\nNội dung.\n",
    );
    p
}

/// Read aloud as written: no digits, no URLs, no markup.
fn assert_readable(text: &str, file: &str) {
    assert!(!text.chars().any(|c| c.is_ascii_digit()), "{file}: {text}");
    for mark in ["http", "www", "](", "<", "|", "**"] {
        assert!(!text.contains(mark), "{file} has {mark:?}: {text}");
    }
}

fn assert_says(text: &str, phrases: &[&str]) {
    for said in phrases {
        assert!(text.contains(said), "missing {said:?} in\n{text}");
    }
}

#[test]
fn each_kind_says_its_key_facts() {
    let p = portal();
    p.build_ok();
    let fair = p.read("phien/thang-12/ban-tin.txt");
    assert_readable(&fair, "fair");
    assert_says(
        &fair,
        &[
            "Thời gian: thứ năm, ngày mười tháng mười hai năm hai nghìn không trăm hai mươi sáu, từ bảy giờ ba mươi phút đến mười một giờ ba mươi phút.",
            "Địa điểm: Hội trường Ủy ban nhân dân xã, địa chỉ: Ấp ba, xã Mỹ An.",
            "Đơn vị tổ chức: Trung tâm Dịch vụ việc làm tỉnh.",
            "Tư vấn đi làm việc tại Nhật Bản và Hàn Quốc.",
            "Liên hệ: Anh Nam, không hai bảy bảy, ba tám năm một, hai ba bốn.",
        ],
    );
    assert!(!fair.contains("đã diễn ra"), "{fair}");
    let over = p.read("phien/thang-11/ban-tin.txt");
    assert_says(&over, &["Phiên này đã diễn ra."]);

    let policy = p.read("chinh-sach/ho-tro/ban-tin.txt");
    assert_readable(&policy, "policy");
    assert_says(
        &policy,
        &[
            "Văn bản số một trên hai nghìn không trăm hai mươi lăm, nghị quyết Hội đồng nhân dân, do Hội đồng nhân dân tỉnh thử ban hành.",
            "Tính đến ngày sáu tháng mười hai năm hai nghìn không trăm hai mươi sáu, văn bản đang có hiệu lực.",
            "Mức hỗ trợ cho người thuộc hộ nghèo:",
            "Chi phí đi lại: bốn triệu năm trăm nghìn đồng mỗi người, mức này chưa được xác nhận.",
            "Học nghề: ba triệu đồng.",
            "Ngoại ngữ: bảy mươi phần trăm học phí.",
        ],
    );
    let old = p.read("chinh-sach/cu/ban-tin.txt");
    assert_says(
        &old,
        &["Văn bản đã hết hiệu lực từ ngày một tháng một năm hai nghìn không trăm hai mươi sáu."],
    );

    let order = p.read("don-hang/thuc-pham/ban-tin.txt");
    assert_readable(&order, "order");
    assert_says(
        &order,
        &[
            "Đơn hàng đang nhận hồ sơ.",
            "Tuyển hai mươi lao động đi làm việc tại Nhật Bản.",
            "Ngành nghề: chế biến thực phẩm.",
            "Yêu cầu: nam, nữ, từ mười tám đến ba mươi lăm tuổi.",
            "Mức lương: một trăm tám mươi nghìn yên Nhật một tháng.",
            "Hạn nhận hồ sơ: mười bảy giờ ngày mười lăm tháng một năm hai nghìn không trăm hai mươi bảy.",
            "Doanh nghiệp tuyển chọn: Công ty Minh Họa A, giấy phép số không không một.",
        ],
    );
    let closed = p.read("don-hang/het-han/ban-tin.txt");
    assert_says(&closed, &["Đơn hàng đã hết hạn nhận hồ sơ."]);

    let alert = p.read("canh-bao/bien-lai/ban-tin.txt");
    assert_readable(&alert, "alert");
    assert_says(
        &alert,
        &[
            "Đơn vị cảnh báo: Công an xã.",
            "Thủ đoạn: Biên lai, phiếu thu giả; Hẹn hò qua mạng.",
            "Số tiền bị đòi: hai mươi triệu đồng, phí giữ suất; một nghìn năm trăm đô la Mỹ.",
            "Cần kiểm tra:\nTra số giấy phép trên.",
            "Trình báo tại:\nCông an xã Mỹ An.",
        ],
    );
}

#[test]
fn the_weekly_bulletin_leaves_out_ended_fairs_and_closed_orders() {
    let p = portal();
    p.build_ok();
    let weekly = p.read("ban-tin/ban-tin-tuan.txt");
    assert_readable(&weekly, "weekly");
    // Current: the December fair, the two policies, the open order, the
    // alert; the November fair is over and one order is past its deadline.
    assert_says(
        &weekly,
        &[
            "Gồm năm tin",
            "Phiên giao dịch việc làm tháng mười hai.",
            "Tuyển lao động chế biến thực phẩm.",
            "Chính sách cũ.",
        ],
    );
    assert!(!weekly.contains("tháng mười một."), "{weekly}");
    assert!(!weekly.contains("Đơn hàng hết hạn"), "{weekly}");
    // Newest first.
    let alert = weekly.find("Biên lai giả").expect("alert");
    let fair = weekly.find("tháng mười hai.").expect("fair");
    assert!(alert < fair, "{weekly}");
}

fn loa_bulletin(p: &Portal, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_loa"))
        .arg("bulletin")
        .args(args)
        .arg("--root")
        .arg(p.root())
        .args(["--now", NOW])
        .output()
        .expect("run loa");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn loa_bulletin_since_reads_the_items_of_a_range() {
    let p = portal();
    let (ok, out, err) = loa_bulletin(&p, &["--since", "2026-12-03", "--until", "2026-12-04"]);
    assert!(ok, "{err}");
    assert_readable(&out, "--since");
    assert!(
        out.starts_with("Bản tin từ ngày ba tháng mười hai năm hai nghìn không trăm hai mươi sáu đến ngày bốn tháng mười hai năm hai nghìn không trăm hai mươi sáu. Gồm ba tin, đọc trong khoảng hai phút.\n"),
        "{out}"
    );
    assert_says(&out, &["Tin thứ nhất.", "Tin thứ ba.", "Hết bản tin."]);
    // The open order (4 December) before the policies (3 December); the
    // closed order and the alert (5 December) are not read.
    let order = out.find("Tuyển lao động chế biến").expect("order");
    let policy = out.find("Hỗ trợ người lao động").expect("policy");
    assert!(order < policy, "{out}");
    assert!(
        !out.contains("Biên lai giả") && !out.contains("Đơn hàng hết hạn"),
        "{out}"
    );

    // Without --until the range ends on the build's day; --output writes it.
    let file = p.root().join("ban-tin.txt");
    let (ok, out, err) = loa_bulletin(
        &p,
        &[
            "--since",
            "2026-12-05",
            "--output",
            file.to_str().expect("utf-8 path"),
        ],
    );
    assert!(ok, "{err}");
    assert!(out.is_empty(), "{out}");
    let written = std::fs::read_to_string(&file).expect("written");
    assert!(
        written.starts_with("Bản tin từ ngày năm tháng mười hai"),
        "{written}"
    );
    assert_says(&written, &["Gồm một tin", "Biên lai giả."]);
}

#[test]
fn loa_bulletin_says_when_a_range_is_empty_or_a_day_is_bad() {
    let p = portal();
    let (ok, out, err) = loa_bulletin(&p, &["--since", "2025-01-01", "--until", "2025-01-31"]);
    assert!(ok, "{err}");
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("from 2025-01-01 to 2025-01-31"), "{err}");
    for (args, flag) in [
        (vec!["--since", "30/11/2026"], "--since"),
        (vec!["--since", "2026-11-31"], "--since"),
        (
            vec!["--since", "2026-11-01", "--until", "2026-1-5"],
            "--until",
        ),
    ] {
        let (ok, out, err) = loa_bulletin(&p, &args);
        assert!(!ok && out.is_empty(), "{args:?}: {out}");
        assert!(
            err.contains(flag) && err.contains("YYYY-MM-DD"),
            "{args:?}: {err}"
        );
    }
    let (ok, _, err) = loa_bulletin(&p, &["--since", "2026-12-05", "--until", "2026-12-01"]);
    assert!(!ok && err.contains("before"), "{err}");
}
