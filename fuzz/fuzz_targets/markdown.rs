//! The Markdown renderer with loa's extensions (heading ids, TOC, summary,
//! links, highlighting) under each raw-HTML policy. In `escape` and
//! `sanitize` no script may come out, whatever goes in.
#![no_main]

use libfuzzer_sys::fuzz_target;
use loa::config::MarkdownConfig;
use loa::config::{BaseUrl, RawHtml};
use loa::markdown::{LinkOutcome, Options, render};

/// The real tags of `html` (text `<` is always escaped as `&lt;`), each
/// without its `<` and `>`; quotes are respected, so `>` inside a quoted
/// attribute value does not end the tag.
fn tags(html: &str) -> Vec<&str> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'<' && b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            let start = i + 1;
            let mut quote: Option<u8> = None;
            let mut j = start;
            while j < b.len() {
                match (quote, b[j]) {
                    (None, b'"' | b'\'') => quote = Some(b[j]),
                    (Some(q), c) if c == q => quote = None,
                    (None, b'>') => break,
                    _ => {}
                }
                j += 1;
            }
            out.push(&html[start..j.min(b.len())]);
            i = j;
        }
        i += 1;
    }
    out
}

/// An `on…=` attribute outside quoted values.
fn has_event_handler(tag: &str) -> bool {
    let unquoted: String = tag.split('"').step_by(2).collect::<Vec<_>>().join(" ");
    unquoted
        .split_ascii_whitespace()
        .skip(1)
        .any(|a| a.starts_with("on") && a.contains('='))
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let Ok(src) = std::str::from_utf8(rest) else {
        return;
    };
    let raw_html = match mode % 3 {
        0 => RawHtml::Sanitize,
        1 => RawHtml::Escape,
        _ => RawHtml::Allow,
    };
    let md = MarkdownConfig {
        raw_html,
        smart_punctuation: mode & 4 != 0,
        ..MarkdownConfig::default()
    };
    let Ok(base) = BaseUrl::parse("https://example.org/xkld/") else {
        return;
    };
    // Minified as `loa build` does by default: the minifier reads what
    // the renderer lets through.
    let opts = Options::from_config(&md, &base, true);
    let resolver = |t: &str| {
        if t.ends_with(".md") {
            if t.len() % 2 == 0 {
                LinkOutcome::Rewrite(format!("/xkld/{t}/"))
            } else {
                LinkOutcome::Broken("no such page".into())
            }
        } else {
            LinkOutcome::Keep
        }
    };
    let r = render(src, &opts, &resolver);
    if raw_html != RawHtml::Allow {
        for html in std::iter::once(&r.html).chain(r.summary_html.as_ref()) {
            for tag in tags(html) {
                let lower = tag.to_ascii_lowercase();
                assert!(!lower.starts_with("script"), "script in output: {html}");
                let unsafe_url = ["href=\"javascript:", "src=\"javascript:", "href=\"vbscript:"];
                assert!(!unsafe_url.iter().any(|u| lower.contains(u)), "unsafe URL in <{tag}>: {html}");
                assert!(!has_event_handler(&lower), "event handler in <{tag}>: {html}");
            }
        }
    }
    let lines = src.lines().count().max(1);
    for p in &r.problems {
        assert!(p.line >= 1 && p.line <= lines + 1, "line {} of {lines}", p.line);
    }
    // Whatever the renderer lets through is bounded in depth, so the
    // minifier (recursive, on a rayon worker's smaller stack) survives it.
    use loa::markdown::sanitize::{MAX_HTML_DEPTH, nesting_depth};
    assert!(
        nesting_depth(&r.html) <= MAX_HTML_DEPTH + 2,
        "HTML nested too deep got through"
    );
});
