//! Inputs the fuzz targets found (see fuzz/README.md), kept as tests.

use super::{news, ok};

/// fuzz `markdown`, crash-00ecf6ec: text that looks like an attribute
/// (`href="javascript:`) outside any tag. The target's check mistook it for
/// a link; the output was right: it is text, and no link is made.
#[test]
fn attribute_lookalike_text_stays_text() {
    let p = news();
    p.page(
        "content/tin-tuc/a.md",
        "A",
        "Chữ href=\"javascript:       irc    \n\nvà <b>đậm</b>\n",
    );
    ok(&p);
    let html = p.read("tin-tuc/a/index.html");
    assert!(html.contains("href=\"javascript:       irc"), "{html}");
    assert!(!html.contains("<a href=\"javascript"), "{html}");
    assert!(html.contains("<b>đậm</b>"), "{html}");
}
