//! The Markdown renderer with loa's extensions (heading ids, TOC, summary,
//! links, highlighting) under each raw-HTML policy. In `escape` and
//! `sanitize` no script may come out, whatever goes in.
#![no_main]

use libfuzzer_sys::fuzz_target;
use loa::config::MarkdownConfig;
use loa::config::{BaseUrl, RawHtml};
use loa::markdown::{LinkOutcome, Options, render};

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
    let opts = Options::from_config(&md, &base);
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
            let lower = html.to_ascii_lowercase();
            assert!(!lower.contains("<script"), "script in output: {html}");
            assert!(!lower.contains("href=\"javascript:"), "javascript link: {html}");
        }
    }
    let lines = src.lines().count().max(1);
    for p in &r.problems {
        assert!(p.line >= 1 && p.line <= lines + 1, "line {} of {lines}", p.line);
    }
});
