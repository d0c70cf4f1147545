//! The loudspeaker bulletin (bản tin truyền thanh, issue 21): every
//! Vietnamese article, policy, job fair, job order and scam alert as plain
//! text to be read aloud, beside its page as `ban-tin.txt`, and a weekly
//! bulletin `ban-tin/ban-tin-tuan.txt` at the language's root gathering the
//! newest of them with an estimated reading time.
//!
//! The text has no markup, no tables and no URLs, and every number, sum,
//! date, time, document number and configured abbreviation is in words
//! (see [`crate::i18n::spell`]), so a commune announcer reads it as it is.
//! English pages get none: the words are Vietnamese.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::artifact::{Body, OutputFile};
use crate::config::Config;
use crate::content::kinds::Kind;
use crate::i18n::spell::{self, Rules};
use crate::site::{Page, Site};

/// The kinds a bulletin is written for.
const KINDS: [Kind; 5] = [
    Kind::Articles,
    Kind::Policies,
    Kind::JobFairs,
    Kind::JobOrders,
    Kind::ScamAlerts,
];

/// Items in the weekly bulletin at most.
const WEEKLY_MAX: usize = 10;

/// Syllables an announcer reads in a minute; Vietnamese words are written
/// one syllable apart, so counting words counts syllables.
const SYLLABLES_PER_MINUTE: usize = 150;

/// The bulletin files of the site.
pub fn files(site: &Site, config: &Config) -> Vec<OutputFile> {
    let rules = config.bulletin.rules();
    let mut items: Vec<(&Page, String)> = site
        .pages
        .iter()
        .filter(|p| p.lang.as_str() == "vi" && !p.fallback && KINDS.contains(&p.kind))
        .map(|p| (p, page_text(p, &rules)))
        .collect();
    let mut out: Vec<OutputFile> = items
        .iter()
        .map(|(p, text)| OutputFile {
            path: p.url.file("ban-tin.txt").as_str().to_string(),
            body: Body::Bytes(text.clone().into_bytes()),
        })
        .collect();
    if items.is_empty() {
        return out;
    }
    // Newest first; the week is the seven days before the newest item, so
    // the file depends on the content alone and builds are reproducible.
    items.sort_by(|a, b| {
        let ta = a.0.front.common.date.as_ref().map(|d| d.timestamp());
        let tb = b.0.front.common.date.as_ref().map(|d| d.timestamp());
        tb.cmp(&ta)
            .then_with(|| a.0.url.as_str().cmp(b.0.url.as_str()))
    });
    let newest = items[0].0.front.common.date.as_ref().map(|d| d.timestamp());
    let week: Vec<&(&Page, String)> = items
        .iter()
        .filter(|(p, _)| match (newest, &p.front.common.date) {
            (Some(n), Some(d)) => n.duration_since(d.timestamp()).as_hours() < 7 * 24,
            // Undated items only when nothing is dated.
            (None, None) => true,
            _ => false,
        })
        .take(WEEKLY_MAX)
        .collect();
    let lang = site.pages.iter().find(|p| p.lang.as_str() == "vi");
    let root = lang
        .map(|p| config.lang_root(&p.lang))
        .unwrap_or_else(crate::url::SitePath::root);
    let body: Vec<&str> = week.iter().map(|(_, t)| t.as_str()).collect();
    let words: usize = body.iter().map(|t| t.split_whitespace().count()).sum();
    let minutes = words.div_ceil(SYLLABLES_PER_MINUTE).max(1);
    let mut weekly = format!(
        "Bản tin tuần. Gồm {} tin, đọc trong khoảng {} phút.\n\n",
        spell::number(week.len() as u64, &rules),
        spell::number(minutes as u64, &rules)
    );
    for (n, text) in body.iter().enumerate() {
        weekly.push_str(&format!("Tin thứ {}.\n{}\n", ordinal(n + 1, &rules), text));
    }
    weekly.push_str("Hết bản tin.\n");
    out.push(OutputFile {
        path: root.file("ban-tin/ban-tin-tuan.txt").as_str().to_string(),
        body: Body::Bytes(weekly.into_bytes()),
    });
    out
}

/// `nhất`, `hai`, `ba`, `tư`, `năm`…: the ordinal after `thứ`.
fn ordinal(n: usize, rules: &Rules) -> String {
    match n {
        1 => "nhất".to_string(),
        4 => "tư".to_string(),
        _ => spell::number(n as u64, rules),
    }
}

/// One page as text to read: title, date, summary, body.
fn page_text(p: &Page, rules: &Rules) -> String {
    let common = &p.front.common;
    let mut raw = sentence(&common.title);
    if let Some(d) = &common.date {
        let l = d.local();
        raw.push_str(&format!(
            "Đăng ngày {}/{}/{}.\n",
            l.day(),
            l.month(),
            l.year()
        ));
    }
    if let Some(s) = &common.summary {
        raw.push_str(&sentence(s));
    }
    raw.push('\n');
    raw.push_str(&plain(&p.markdown));
    let mut text = spell::text(&raw, rules);
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

/// A line ending in a full stop, so the reader pauses.
fn sentence(s: &str) -> String {
    let s = s.trim();
    if s.ends_with(['.', '!', '?', ':']) {
        format!("{s}\n")
    } else {
        format!("{s}.\n")
    }
}

/// Markdown as plain text: words of paragraphs, headings and lists kept,
/// tables, code blocks, HTML, images and link targets dropped.
pub fn plain(markdown: &str) -> String {
    let mut out = String::new();
    let mut skip = 0usize;
    let options =
        pulldown_cmark::Options::ENABLE_TABLES | pulldown_cmark::Options::ENABLE_FOOTNOTES;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(
                Tag::Table(_) | Tag::CodeBlock(_) | Tag::Image { .. } | Tag::FootnoteDefinition(_),
            ) => skip += 1,
            Event::End(
                TagEnd::Table | TagEnd::CodeBlock | TagEnd::Image | TagEnd::FootnoteDefinition,
            ) => skip = skip.saturating_sub(1),
            _ if skip > 0 => {}
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            Event::End(TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::Item) => {
                let trimmed = out.trim_end().len();
                out.truncate(trimmed);
                if !out.is_empty() && !out.ends_with(['.', '!', '?', ':', '\n']) {
                    out.push('.');
                }
                out.push('\n');
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_plain_sentences() {
        let md = "# Tiêu đề\n\nĐoạn **đậm** và [liên kết](https://x.vn).\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- mục một\n- mục hai\n\n```\ncode 5\n```\n\n<div>html</div>\n\n![ảnh](a.png)\n\nCó chú thích[^1].\n\n[^1]: Nguồn 5.\n";
        assert_eq!(
            plain(md),
            "Tiêu đề.\nĐoạn đậm và liên kết.\nmục một.\nmục hai.\nCó chú thích.\n"
        );
    }
}
