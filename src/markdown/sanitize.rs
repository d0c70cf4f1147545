//! Safe HTML: what raw HTML pasted into Markdown may keep.
//!
//! An allow-list sanitizer (ammonia, on html5ever's parser, so it sees the
//! markup the way a browser does): ordinary formatting, tables, images and
//! links stay; scripts, styles, forms, event handlers (`onclick=`) and
//! `javascript:` URLs go; an `<iframe>` stays only when its `src` is https on
//! one of the configured hosts (video embeds), otherwise it loses its `src`.
//! The list also admits everything loa's own Markdown output uses (heading
//! ids, highlighting classes, task-list checkboxes, table alignment), because
//! a page with raw HTML is sanitized as a whole: a fragment such as `<sub>`
//! means nothing until its closing tag, which is a separate event.

use std::borrow::Cow;
use std::collections::HashSet;

use ammonia::Builder;

/// `rel` words a link may carry; others (e.g. `stylesheet`) are dropped.
const REL_WORDS: &[&str] = &[
    "noopener",
    "noreferrer",
    "nofollow",
    "external",
    "ugc",
    "sponsored",
    "license",
    "author",
    "help",
    "tag",
    "prev",
    "next",
];

/// A configured sanitizer; build once, use for many pages.
pub struct Sanitizer {
    builder: Builder<'static>,
}

impl std::fmt::Debug for Sanitizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sanitizer")
    }
}

impl Sanitizer {
    /// A sanitizer that admits iframes from `iframe_hosts` (bare host names).
    pub fn new(iframe_hosts: &[String]) -> Sanitizer {
        let hosts: HashSet<String> = iframe_hosts
            .iter()
            .map(|h| h.to_ascii_lowercase())
            .collect();
        let mut b = Builder::default();
        b.add_tags(["iframe", "input"])
            .add_generic_attributes(["id", "class"])
            .add_tag_attributes("a", ["rel"])
            .add_tag_attributes("pre", ["data-lang"])
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .add_tag_attributes("img", ["loading"])
            .add_tag_attributes(
                "iframe",
                [
                    "src",
                    "width",
                    "height",
                    "title",
                    "allow",
                    "allowfullscreen",
                    "frameborder",
                    "loading",
                    "referrerpolicy",
                    "scrolling",
                ],
            )
            .filter_style_properties(["text-align"].into())
            .link_rel(None)
            .strip_comments(true)
            .attribute_filter(move |element, attribute, value| {
                filter(&hosts, element, attribute, value)
            });
        Sanitizer { builder: b }
    }

    /// Sanitizes an HTML fragment.
    pub fn clean(&self, html: &str) -> String {
        drop_iframe_text(&self.builder.clean(html).to_string())
    }
}

/// Removes whatever sits between `<iframe …>` and `</iframe>`. Browsers
/// read it as raw text and never show it, but it is copied verbatim
/// (`<iframe>a<script>…` stays `<script>` text), and feeds, search excerpts
/// or other readers of the HTML should not meet markup that merely looks
/// dangerous. In the sanitizer's output a `<` followed by a letter always
/// starts a tag (text `<` is `&lt;`), except inside an iframe, which this
/// skips whole.
fn drop_iframe_text(html: &str) -> String {
    let b = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    let (mut i, mut copied) = (0, 0);
    while i < b.len() {
        if b[i] != b'<' || !b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        let end = tag_end(b, i + 1);
        let is_iframe = html[i + 1..end].len() >= 6
            && html.as_bytes()[i + 1..i + 7].eq_ignore_ascii_case(b"iframe")
            && !b.get(i + 7).is_some_and(u8::is_ascii_alphanumeric);
        i = (end + 1).min(b.len());
        if is_iframe {
            out.push_str(&html[copied..i]);
            let close = iframe_close(html, i);
            copied = close;
            i = close;
        }
    }
    out.push_str(&html[copied..]);
    out
}

/// Where the `</iframe>` that ends raw text starting at `from` begins: as in
/// the HTML parser, `</iframe` counts only before `>`, `/` or whitespace
/// (`</iframebcon>` is text).
fn iframe_close(html: &str, from: usize) -> usize {
    let lower = html[from..].to_ascii_lowercase();
    let b = lower.as_bytes();
    let mut at = 0;
    while let Some(k) = lower[at..].find("</iframe") {
        let next = b.get(at + k + 8);
        if next.is_none_or(|c| matches!(c, b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')) {
            return from + at + k;
        }
        at += k + 8;
    }
    html.len()
}

/// The index of the `>` that ends the tag starting at `from` (quotes respected).
fn tag_end(b: &[u8], from: usize) -> usize {
    let mut quote: Option<u8> = None;
    for (j, &c) in b.iter().enumerate().skip(from) {
        match (quote, c) {
            (None, b'"' | b'\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, b'>') => return j,
            _ => {}
        }
    }
    b.len()
}

/// Attribute rules ammonia's lists cannot say.
fn filter<'u>(
    hosts: &HashSet<String>,
    element: &str,
    attribute: &str,
    value: &'u str,
) -> Option<Cow<'u, str>> {
    match (element, attribute) {
        ("iframe", "src") => iframe_src_allowed(hosts, value).then_some(Cow::Borrowed(value)),
        ("input", "type") => value
            .eq_ignore_ascii_case("checkbox")
            .then_some(Cow::Borrowed(value)),
        ("a", "rel") => {
            let kept: Vec<&str> = value
                .split_ascii_whitespace()
                .filter(|w| REL_WORDS.iter().any(|r| r.eq_ignore_ascii_case(w)))
                .collect();
            (!kept.is_empty()).then(|| Cow::Owned(kept.join(" ")))
        }
        _ => Some(Cow::Borrowed(value)),
    }
}

/// True for `https://<allowed host>/...` (no credentials, no port tricks).
fn iframe_src_allowed(hosts: &HashSet<String>, src: &str) -> bool {
    let Some(rest) = src.trim().strip_prefix("https://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains(['@', '\\']) {
        return false;
    }
    let host = authority
        .split(':')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    hosts.contains(&host)
}

/// A page body whose HTML (raw HTML plus the Markdown's own elements around
/// it) nests deeper than this is an error instead of being published: an
/// HTML parser's cost grows with depth times length (10,000 nested `<div>`s
/// take seconds), the minifier's parser recurses once per level (about
/// 3 KB of stack each in a debug build, so a 2 MB thread holds some 650),
/// and no real page nests more than a few dozen.
pub const MAX_HTML_DEPTH: usize = 512;

/// Elements that never hold others, or whose end tag is optional and
/// implied by the next sibling (`<p>`, `<li>`, `<td>`): they do not deepen.
const FLAT: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option",
    "optgroup", "colgroup", "caption", "rb", "rt", "rtc", "rp",
];

/// The deepest element nesting in `html`, by a quick scan of its tags
/// (an estimate that a parser can only lower).
pub fn nesting_depth(html: &str) -> usize {
    HtmlDepth::default().feed(html)
}

/// A running count of element nesting over HTML that arrives in pieces
/// (the raw HTML events of one Markdown page), by the same quick scan as
/// [`nesting_depth`]. Linear in the text.
#[derive(Debug, Default, Clone)]
pub struct HtmlDepth {
    depth: usize,
}

impl HtmlDepth {
    /// The nesting open after the pieces so far.
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// Scans one more piece of HTML; returns the deepest nesting reached
    /// while reading it.
    pub fn feed(&mut self, html: &str) -> usize {
        let b = html.as_bytes();
        let mut deepest = self.depth;
        for i in memchr::memchr_iter(b'<', b) {
            match b.get(i + 1) {
                Some(b'/') => self.depth = self.depth.saturating_sub(1),
                Some(c) if c.is_ascii_alphabetic() => {
                    let rest = &b[i + 1..];
                    let len = rest
                        .iter()
                        .take_while(|c| c.is_ascii_alphanumeric())
                        .count();
                    let name = &rest[..len];
                    if !FLAT.iter().any(|f| f.as_bytes().eq_ignore_ascii_case(name)) {
                        self.depth += 1;
                        deepest = deepest.max(self.depth);
                    }
                }
                _ => {}
            }
        }
        deepest
    }
}

/// True when a link target is safe to publish: relative, or a scheme on the
/// allow-list. Browsers ignore tabs and newlines inside a scheme
/// (`java\tscript:`), so those are removed before looking.
pub fn link_is_safe(dest: &str) -> bool {
    let cleaned: String = dest
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect();
    let Some(colon) = cleaned.find(':') else {
        return true;
    };
    let before = &cleaned[..colon];
    if before.contains(['/', '?', '#']) {
        return true; // the colon is in a path or query, not a scheme
    }
    const SCHEMES: &[&str] = &["http", "https", "mailto", "tel", "sms", "geo", "webcal"];
    SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(before))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(html: &str) -> String {
        Sanitizer::new(&["www.youtube.com".to_string()]).clean(html)
    }

    #[test]
    fn scripts_handlers_and_javascript_urls_are_removed() {
        let out = clean(
            "<p onclick=\"x()\">a<script>alert(1)</script><a href=\"javascript:alert(1)\">b</a><img src=x onerror=alert(1)></p><style>p{}</style>",
        );
        for bad in [
            "onclick",
            "script",
            "alert",
            "javascript",
            "onerror",
            "style",
        ] {
            assert!(!out.contains(bad), "{bad} in {out}");
        }
        assert!(out.contains("<img src=\"x\">"), "{out}");
    }

    #[test]
    fn formatting_tables_and_our_own_markup_stay() {
        let html = "<h2 id=\"a\">T</h2><p>H<sub>2</sub>O <u>x</u></p><table><tr><th style=\"text-align: center\">a</th></tr></table><pre class=\"code\" data-lang=\"rust\"><code><span class=\"hl-k\">fn</span></code></pre><ul><li><input disabled=\"\" type=\"checkbox\" checked=\"\">x</li></ul>";
        let out = clean(html);
        for good in [
            "id=\"a\"",
            "<sub>2</sub>",
            "<u>x</u>",
            "style=\"text-align:center\"",
            "data-lang=\"rust\"",
            "class=\"hl-k\"",
            "type=\"checkbox\"",
        ] {
            assert!(out.contains(good), "{good} missing from {out}");
        }
    }

    #[test]
    fn iframes_only_from_allowed_hosts() {
        let ok = clean("<iframe src=\"https://www.youtube.com/embed/x\" allowfullscreen></iframe>");
        assert!(
            ok.contains("src=\"https://www.youtube.com/embed/x\""),
            "{ok}"
        );
        for bad in [
            "http://www.youtube.com/embed/x",
            "https://evil.example/x",
            "https://www.youtube.com@evil.example/x",
            "https://www.youtube.com.evil.example/",
            "javascript:alert(1)",
        ] {
            let out = clean(&format!("<iframe src=\"{bad}\"></iframe>"));
            assert!(!out.contains("src="), "{bad}: {out}");
        }
    }

    #[test]
    fn iframe_fallback_text_is_dropped() {
        // Found by the `markdown` fuzz target (crash-589a11da).
        let out = clean("<iframe src\0onclick=x>a<script>b</script></dii=\"https:/v>");
        assert!(!out.contains("script"), "{out}");
        assert!(out.contains("<iframe></iframe>"), "{out}");
        // crash-b881c19e: `</iframebcon>` is text, not the end of the iframe.
        let out = clean("<iframe></iframebcon>\n<div onclick=x>a<script>b</iframe><b>c</b>");
        assert_eq!(out, "<iframe></iframe><b>c</b>");
        let out = clean(
            "<p title=\"a>b\">x</p><iframe src=\"https://www.youtube.com/e\">t</iframe><b>y</b>",
        );
        assert!(
            out.ends_with("<iframe src=\"https://www.youtube.com/e\"></iframe><b>y</b>"),
            "{out}"
        );
        assert!(out.starts_with("<p title=\"a&gt;b\">x</p>"), "{out}");
    }

    #[test]
    fn rel_keeps_known_words_only() {
        let out = clean("<a href=\"https://x.example/\" rel=\"noopener stylesheet\">x</a>");
        assert!(out.contains("rel=\"noopener\""), "{out}");
    }

    #[test]
    fn nesting_depth_counts_only_real_nesting() {
        assert_eq!(nesting_depth("<div><div><b>x</b></div></div>"), 3);
        assert_eq!(nesting_depth(&"<p>x".repeat(1000)), 0);
        assert_eq!(nesting_depth(&"<div>".repeat(1000)), 1000);
        assert_eq!(nesting_depth("<img src=x><br><!-- <div> -->"), 1);
    }

    #[test]
    fn link_schemes() {
        for ok in [
            "a/b.html",
            "/x",
            "#id",
            "https://x",
            "mailto:a@b",
            "tel:+84",
            "a/b:c",
        ] {
            assert!(link_is_safe(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:x",
            "java\tscript:x",
            "data:text/html,x",
            "vbscript:x",
            "file:///etc",
        ] {
            assert!(!link_is_safe(bad), "{bad}");
        }
    }
}
