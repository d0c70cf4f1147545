//! FAQ pages: an accessible list with an anchor per question, related
//! policies checked to exist, and `FAQPage` structured data.

use crate::common;
use common::Portal;

fn portal() -> Portal {
    let p = Portal::new();
    p.page("content/_index.md", "Trang chủ", "x");
    p.section("chinh-sach", "Chính sách", "pages");
    p.page("content/chinh-sach/vay.md", "Vay vốn", "x");
    p.page("content/chinh-sach/vay.en.md", "Loans", "x");
    p.section("hoi-dap", "Hỏi đáp", "faq");
    p
}

const FAQ: &str = r#"---
title: Thủ tục và chi phí
questions:
  - topic: Hộ chiếu
    question: Làm hộ chiếu ở đâu?
    answer: |-
      Đoạn một <b>.

      Đoạn hai.
    source: Nguồn thử
    verified: true
  - topic: Vay vốn
    question: Có được vay không?
    answer: Có.
    related: [chinh-sach/vay.md]
---
Giới thiệu.
"#;

#[test]
fn questions_have_anchors_links_and_faqpage_json_ld() {
    let p = portal();
    p.file("content/hoi-dap/thu-tuc.md", FAQ);
    p.build_ok();
    let html = p.read("hoi-dap/thu-tuc/index.html");
    assert!(html.contains("id=\"q-lam-ho-chieu-o-dau\""), "{html}");
    assert!(
        html.contains("href=\"#q-lam-ho-chieu-o-dau\""),
        "index links to it"
    );
    assert!(html.contains("<p>Đoạn một &lt;b&gt;.</p>") && html.contains("<p>Đoạn hai.</p>"));
    assert!(html.contains("Nguồn thử"));
    // The second answer has no `verified: true`: it says so.
    let second = &html[html.find("id=\"q-co-duoc-vay-khong\"").unwrap()..];
    assert!(second.contains("Chưa xác minh"), "{second}");
    assert!(
        second.contains("href=\"/chinh-sach/vay/\">Vay vốn</a>"),
        "{second}"
    );

    let start =
        html.find("application/ld+json\">").expect("json-ld") + "application/ld+json\">".len();
    let json = &html[start..start + html[start..].find("</script>").unwrap()];
    let v: serde_json::Value = serde_json::from_str(json).expect("valid JSON");
    let faq = v["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["@type"] == "FAQPage")
        .expect("FAQPage");
    let known = ["@type", "name", "url", "inLanguage", "mainEntity"];
    for k in faq.as_object().unwrap().keys() {
        assert!(known.contains(&k.as_str()), "unknown FAQPage property {k}");
    }
    let q = &faq["mainEntity"][0];
    assert_eq!(q["@type"], "Question");
    assert_eq!(q["name"], "Làm hộ chiếu ở đâu?");
    assert_eq!(q["acceptedAnswer"]["@type"], "Answer");
    assert_eq!(q["acceptedAnswer"]["text"], "Đoạn một <b>.\n\nĐoạn hai.");
    assert!(
        q["url"]
            .as_str()
            .unwrap()
            .ends_with("/hoi-dap/thu-tuc/#q-lam-ho-chieu-o-dau")
    );
    for k in q.as_object().unwrap().keys() {
        assert!(
            ["@type", "name", "url", "acceptedAnswer"].contains(&k.as_str()),
            "{k}"
        );
    }
}

#[test]
fn a_related_policy_that_does_not_exist_names_file_and_line() {
    let p = portal();
    p.file(
        "content/hoi-dap/thu-tuc.md",
        &FAQ.replace("chinh-sach/vay.md", "chinh-sach/khong-co.md"),
    );
    let errors = p.build_errors();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("content/hoi-dap/thu-tuc.md:15:1")
                && e.contains("`related: chinh-sach/khong-co.md`")
                && e.contains("Có được vay không?")),
        "{errors:?}"
    );
}

#[test]
fn a_question_without_an_answer_is_refused() {
    let p = portal();
    p.file(
        "content/hoi-dap/x.md",
        "---\ntitle: X\nquestions:\n  - question: Hỏi gì?\n---\n",
    );
    let errors = p.build_errors();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("content/hoi-dap/x.md:4") && e.contains("answer")),
        "{errors:?}"
    );
}

#[test]
fn loa_new_makes_a_faq_page_and_a_scam_alert_that_build() {
    let p = portal();
    p.section("canh-bao", "Cảnh báo", "scam_alerts");
    for (kind, title) in [("faq", "Hỏi đáp mới"), ("scam_alerts", "Cảnh báo mới")] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_loa"))
            .args(["new", kind, title, "--root"])
            .arg(p.root())
            .output()
            .expect("run loa new");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let alert = std::fs::read_to_string(p.root().join("content/canh-bao/canh-bao-moi.md")).unwrap();
    assert!(alert.contains("pattern: \"[[ĐIỀN:"), "{alert}");
    let faq = std::fs::read_to_string(p.root().join("content/hoi-dap/hoi-dap-moi.md")).unwrap();
    assert!(faq.contains("questions:\n  - question: "), "{faq}");
    p.build_ok();
}

/// The documents of the Vietnamese index that hold `term`, read from its
/// term files (whichever file a key is packed in).
fn documents_with(p: &Portal, term: &str) -> Vec<u64> {
    let mut docs = Vec::new();
    for file in common::list_files(&p.out().join("search/vi/t")) {
        let terms: serde_json::Value =
            serde_json::from_str(&p.read(&format!("search/vi/t/{file}"))).unwrap();
        if let Some(list) = terms.get(term).and_then(|l| l.as_array()) {
            // The gaps between the term's documents, then their scores.
            let mut doc = 0;
            for gap in &list[..list.len() / 2] {
                doc += gap.as_u64().unwrap();
                docs.push(doc);
            }
        }
    }
    docs
}

#[test]
fn search_finds_a_page_by_its_questions_and_answers() {
    let p = portal();
    p.file(
        "content/hoi-dap/thi-thuc.md",
        "---\ntitle: Giấy tờ\nquestions:\n  - question: Làm thị thực ở đâu?\n    answer: Nộp hồ sơ tại lãnh sự quán.\n---\nGiới thiệu.\n",
    );
    p.build_ok();
    let docs: Vec<serde_json::Value> = serde_json::from_str(&p.read("search/vi/d/0.json")).unwrap();
    let id = docs
        .iter()
        .position(|d| d[1] == "/hoi-dap/thi-thuc/")
        .expect("the questions page in the index") as u64;
    assert!(
        documents_with(&p, "thuc").contains(&id),
        "a word of a question"
    );
    assert!(
        documents_with(&p, "lanh").contains(&id),
        "a word of an answer"
    );
}
