//! A body's HTML minified with minify-html, once, when the Markdown is
//! rendered (`minify = true`), if the body holds raw HTML.
//!
//! Why here and not over whole pages: the templates are compacted when
//! loaded (`render::compact`), so a page's own markup is already close to
//! minimal, and the bodies are the only HTML that comes from outside the
//! theme, and of those only HTML pasted into the Markdown (from Word, say)
//! carries runs of spaces and line breaks. Minifying those bodies once,
//! where they are made, costs a fraction of a pass over every finished
//! page (which was the largest stage of a 10,000-page build) and is kept by
//! the body caches between rebuilds. The settings stay
//! standards-compliant so the Nu checker still passes.

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

/// `src` (an HTML fragment) minified.
pub fn html(src: &str) -> String {
    let bytes = minify_html::minify(src.as_bytes(), cfg());
    // minify-html copies or drops whole characters of UTF-8 input; were it
    // ever not to, a replacement character beats a panic.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    #[test]
    fn shrinks_text_and_keeps_preformatted() {
        let s = super::html("<p>  Xin   chào </p>\n\n<ul>\n<li>a</li>\n</ul>\n<pre>  x\n  y</pre>");
        assert!(s.starts_with("<p>Xin chào</p><ul><li>a</li></ul>"), "{s}");
        assert!(s.ends_with("<pre>  x\n  y</pre>"), "{s}");
    }
}
