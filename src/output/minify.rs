//! HTML minification.
//!
//! Minifying was half of the CPU time of a 10k-page build with
//! minify-html's tree-building minifier (it allocates a node and an
//! attribute map per element) while saving only about 4% of the bytes.
//! Its one-pass sibling, minify-html-onepass (same author, same rules for
//! whitespace and attributes), rewrites the document in place and is about
//! 2.7× faster on the same pages; it also drops optional closing tags
//! (`</li>`, `</head>`), which HTML allows and validators accept. It refuses
//! some malformed markup (a stray closing tag in raw HTML a writer pasted);
//! such a document falls back to the tree minifier, which accepts anything.

use std::sync::OnceLock;

use minify_html::Cfg;

/// The fallback configuration: keep what could surprise a reader of the source.
fn cfg() -> &'static Cfg {
    static CFG: OnceLock<Cfg> = OnceLock::new();
    CFG.get_or_init(|| Cfg {
        keep_html_and_head_opening_tags: true,
        keep_closing_tags: true,
        minify_css: true,
        minify_js: false,
        minify_doctype: false,
        allow_noncompliant_unquoted_attribute_values: false,
        allow_removing_spaces_between_attributes: false,
        allow_optimal_entities: false,
        ..Cfg::default()
    })
}

/// Minifies one HTML document.
pub fn html(src: &[u8]) -> Vec<u8> {
    // CSS in style attributes is left alone: the theme keeps styles in
    // style.css, and parsing every attribute as CSS costs more than it saves.
    let onepass = minify_html_onepass::Cfg {
        minify_js: false,
        minify_css: false,
    };
    let mut out = src.to_vec();
    match minify_html_onepass::in_place(&mut out, &onepass) {
        Ok(len) => {
            out.truncate(len);
            out
        }
        Err(_) => minify_html::minify(src, cfg()),
    }
}

#[cfg(test)]
mod tests {
    fn min(s: &str) -> String {
        String::from_utf8_lossy(&super::html(s.as_bytes())).into_owned()
    }

    #[test]
    fn shrinks_and_keeps_doctype() {
        let s = min(
            "<!DOCTYPE html>\n<html>\n  <body>\n    <p>  Xin   chao </p>\n  </body>\n</html>\n",
        );
        assert!(s.to_lowercase().starts_with("<!doctype html>"), "{s}");
        assert!(s.contains("<p>Xin chao"), "{s}");
        assert!(!s.contains("\n  "), "{s}");
    }

    #[test]
    fn keeps_meaningful_whitespace() {
        let s = min("<p>Hỗ trợ <b>vay</b> <i>vốn</i></p><pre>  a\n    b\n</pre>");
        assert!(s.contains("Hỗ trợ <b>vay</b> <i>vốn</i>"), "{s}");
        assert!(s.contains("<pre>  a\n    b\n</pre>"), "{s}");
    }

    #[test]
    fn malformed_markup_falls_back_to_the_tree_minifier() {
        // A stray closing tag, as pasted raw HTML can have: the one-pass
        // minifier refuses it; the page must still come out whole.
        let s = min("<div><p>  một  </p></span>  hai</div>");
        assert!(s.contains("một"), "{s}");
        assert!(s.contains("hai"), "{s}");
    }
}
