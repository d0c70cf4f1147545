//! HTML minification with minify-html, set to stay standards-compliant
//! (quoted attributes, a full doctype) so validators still pass.

use std::sync::OnceLock;

use minify_html::Cfg;

/// The settings, made once: every option that would make the HTML
/// shorter but not valid HTML (unquoted attribute values, missing spaces
/// between attributes, a shortened doctype) is off, because portals are
/// checked with the Nu validator and read by old phone browsers. Scripts
/// are left alone: they are the theme's own, already small, and a
/// minifier's rewrite of them is one more thing that could break.
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
    minify_html::minify(src, cfg())
}

#[cfg(test)]
mod tests {
    #[test]
    fn shrinks_and_keeps_doctype() {
        let out = super::html(
            b"<!DOCTYPE html>\n<html>\n  <body>\n    <p>  Xin   chao </p>\n  </body>\n</html>\n",
        );
        let s = String::from_utf8(out).unwrap();
        assert!(s.to_lowercase().starts_with("<!doctype html>"), "{s}");
        assert!(
            s.contains("<p>Xin chao</p>") || s.contains("<p>Xin chao </p>"),
            "{s}"
        );
    }
}
