//! The search index holds the text readers see: entities in page bodies
//! (Word's `&nbsp;` above all) are decoded before indexing and in the
//! excerpts, and a no-break space splits words like any space.

use crate::common;

use common::Portal;

/// Every document entry `[title, link, section, date, text]` of a language.
fn documents(p: &Portal, lang: &str) -> Vec<Vec<String>> {
    let meta: serde_json::Value =
        serde_json::from_str(&p.read(&format!("search/{lang}/meta.json"))).expect("meta.json");
    let docs = meta["docs"].as_u64().expect("docs") as usize;
    let chunk = meta["chunk"].as_u64().expect("chunk") as usize;
    let mut out = Vec::new();
    for n in 0..docs.div_ceil(chunk) {
        let file = p.read(&format!("search/{lang}/d/{n}.json"));
        let entries: Vec<Vec<String>> = serde_json::from_str(&file).expect("a document chunk");
        out.extend(entries);
    }
    assert_eq!(out.len(), docs);
    out
}

/// Every term of a language's index.
fn terms(p: &Portal, lang: &str) -> Vec<String> {
    p.output_files()
        .iter()
        .filter(|f| f.starts_with(&format!("search/{lang}/t/")))
        .flat_map(|f| {
            let shard: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(&p.read(f)).expect("a term shard");
            shard.keys().cloned().collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn entities_in_a_body_are_decoded_in_the_index_and_excerpts() {
    let p = Portal::new();
    p.page("content/_index.md", "Trang chủ", "x");
    p.page("content/_index.en.md", "Home", "x");
    p.section("tin-tuc", "Tin tức", "articles");
    // Entities in Markdown text, and in raw HTML, which Markdown passes on
    // as it is.
    p.page(
        "content/tin-tuc/a.md",
        "Hỗ trợ",
        "Người&nbsp;lao&nbsp;động &amp; gia đình: &#273;i &#x110;ài Loan&hellip; 2025&ndash;2026\n\n\
         <p>Về&nbsp;<b>Đ&#7891;ng&nbsp;Th&aacute;p</b> &amp;amp; x&#8239;y&#x2007;z</p>\n",
    );
    p.build_ok();

    let docs = documents(&p, "vi");
    let doc = docs
        .iter()
        .find(|d| d[0] == "Hỗ trợ")
        .unwrap_or_else(|| panic!("{docs:?}"));
    let excerpt = &doc[4];
    assert!(
        excerpt.contains("Người lao động & gia đình: đi Đài Loan… 2025–2026"),
        "{excerpt:?}"
    );
    assert!(excerpt.contains("Về Đồng Tháp &amp; x y z"), "{excerpt:?}");
    assert!(
        !excerpt.contains("nbsp") && !excerpt.contains("&#"),
        "{excerpt:?}"
    );

    let terms = terms(&p, "vi");
    for want in [
        "nguoi", "lao", "dong", "gia", "dinh", "di", "dai", "thap", "2025", "x", "y", "z",
    ] {
        assert!(terms.iter().any(|t| t == want), "no `{want}` in {terms:?}");
    }
    for unwanted in [
        "nbsp", "hellip", "ndash", "aacute", "273", "x110", "7891", "8239", "x2007",
    ] {
        assert!(
            !terms.iter().any(|t| t == unwanted),
            "`{unwanted}` in {terms:?}"
        );
    }
    // `&amp;amp;` is the text `&amp;`, whose letters are a word.
    assert!(terms.iter().any(|t| t == "amp"), "{terms:?}");
}
