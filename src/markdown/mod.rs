//! Markdown to HTML, plus what templates want to know about a body: a table
//! of contents, a summary, word count and reading time, links to check.
//!
//! Pure: takes text and options and a link resolver, returns values; no
//! files, no site. Heading ids are readable ASCII made by folding Vietnamese
//! ("Hỗ trợ vay vốn" -> `ho-tro-vay-von`), unique within the page.

pub mod highlight;
mod images;

use std::collections::HashSet;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, Options as CmOptions, Parser, Tag, TagEnd,
};
use serde::Serialize;

use crate::i18n::fold::slugify;
pub use images::ImageRef;

/// Markdown options.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Typographic quotes and dashes.
    pub smart_punctuation: bool,
}

/// What a link resolver says about a link target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkOutcome {
    /// Leave the link as written.
    Keep,
    /// Replace the target (e.g. `../chinh-sach/nq.md` -> its URL).
    Rewrite(String),
    /// The target does not exist; the message says why.
    Broken(String),
}

/// One heading in the table of contents.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TocEntry {
    /// 1–6.
    pub level: u8,
    /// The heading's id (link to `#id`).
    pub id: String,
    /// The heading's text.
    pub title: String,
    /// Headings nested under this one.
    pub children: Vec<TocEntry>,
}

/// A problem found while rendering, with its 1-based line in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Line within the Markdown body.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// The rendered body and facts about it.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The whole body as HTML.
    pub html: String,
    /// The summary as HTML: everything before `<!-- more -->`, else the first paragraph.
    pub summary_html: Option<String>,
    /// Headings, nested.
    pub toc: Vec<TocEntry>,
    /// Words in the text (not counting code).
    pub words: usize,
    /// Minutes to read at 200 words a minute, at least 1.
    pub reading_minutes: usize,
    /// Whether any code block was highlighted.
    pub has_code: bool,
    /// Every heading id, for anchor checks.
    pub anchors: Vec<String>,
    /// Broken links and similar problems.
    pub problems: Vec<Problem>,
}

fn cm_options(opts: &Options) -> CmOptions {
    let mut o = CmOptions::ENABLE_TABLES
        | CmOptions::ENABLE_FOOTNOTES
        | CmOptions::ENABLE_STRIKETHROUGH
        | CmOptions::ENABLE_TASKLISTS
        | CmOptions::ENABLE_HEADING_ATTRIBUTES;
    if opts.smart_punctuation {
        o |= CmOptions::ENABLE_SMART_PUNCTUATION;
    }
    o
}

/// Renders `src`, resolving link targets with `links`.
pub fn render(src: &str, opts: &Options, links: &dyn Fn(&str) -> LinkOutcome) -> Rendered {
    render_with_images(src, opts, links, &|_| None)
}

/// Like [`render`]; `images` may replace each image with its own HTML.
pub fn render_with_images(
    src: &str,
    opts: &Options,
    links: &dyn Fn(&str) -> LinkOutcome,
    images: &dyn Fn(&ImageRef<'_>) -> Option<String>,
) -> Rendered {
    let mut out = Rendered::default();
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut used_ids: HashSet<String> = HashSet::new();
    let mut flat_toc: Vec<(u8, String, String)> = Vec::new();
    let mut heading: Option<(usize, String)> = None;
    let mut code: Option<(String, String)> = None;
    let mut depth = 0usize;
    let mut more_at: Option<usize> = None;
    let mut skip_block_end = false;
    let mut first_para: Option<(usize, Option<usize>)> = None;

    for (event, range) in Parser::new_ext(src, cm_options(opts)).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => l.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, text)) = code.take() {
                    out.has_code = true;
                    events.push(Event::Html(CowStr::from(highlight::highlight(
                        &text, &lang,
                    ))));
                }
            }
            Event::Text(t) if code.is_some() => {
                if let Some((_, buf)) = code.as_mut() {
                    buf.push_str(&t);
                }
            }
            Event::Start(tag) => {
                let tag = match tag {
                    Tag::Heading { .. } => {
                        heading = Some((events.len(), String::new()));
                        tag
                    }
                    Tag::Paragraph if depth == 0 && first_para.is_none() => {
                        first_para = Some((events.len(), None));
                        tag
                    }
                    Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    } => {
                        let dest_url = match links(&dest_url) {
                            LinkOutcome::Keep => dest_url,
                            LinkOutcome::Rewrite(u) => CowStr::from(u),
                            LinkOutcome::Broken(message) => {
                                out.problems.push(Problem {
                                    line: line_of(src, range.start),
                                    message,
                                });
                                dest_url
                            }
                        };
                        Tag::Link {
                            link_type,
                            dest_url,
                            title,
                            id,
                        }
                    }
                    other => other,
                };
                depth += 1;
                events.push(Event::Start(tag));
            }
            Event::End(TagEnd::HtmlBlock) if skip_block_end => skip_block_end = false,
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                if let TagEnd::Heading(level) = end {
                    if let Some((start, text)) = heading.take() {
                        let id = finish_heading(&mut events[start], &text, &mut used_ids);
                        flat_toc.push((heading_level(level), id, text.trim().to_string()));
                    }
                }
                if matches!(end, TagEnd::Paragraph) && depth == 0 {
                    if let Some((_, end_at @ None)) = first_para.as_mut() {
                        *end_at = Some(events.len() + 1);
                    }
                }
                events.push(Event::End(end));
            }
            Event::Text(t) => {
                count_text(&t, &mut heading, &mut out.words);
                events.push(Event::Text(t));
            }
            Event::Code(t) => {
                count_text(&t, &mut heading, &mut out.words);
                events.push(Event::Code(t));
            }
            Event::Html(h) | Event::InlineHtml(h) if h.trim() == "<!-- more -->" => {
                // A block-level marker arrives wrapped in an HTML block: drop the wrapper.
                if depth == 1 && matches!(events.last(), Some(Event::Start(Tag::HtmlBlock))) {
                    events.pop();
                    depth = 0;
                    skip_block_end = true;
                }
                if depth == 0 && more_at.is_none() {
                    more_at = Some(events.len());
                }
            }

            other => events.push(other),
        }
    }

    images::replace(&mut events, images);
    out.summary_html = match (more_at, first_para) {
        (Some(i), _) => Some(to_html(&events[..i])),
        (None, Some((s, Some(e)))) => Some(to_html(&events[s..e])),
        _ => None,
    };
    out.html = to_html(&events);
    out.reading_minutes = out.words.div_ceil(200).max(1);
    out.anchors = flat_toc.iter().map(|(_, id, _)| id.clone()).collect();
    out.toc = nest(flat_toc);
    out
}

/// Counts words and collects heading text.
fn count_text(text: &str, heading: &mut Option<(usize, String)>, words: &mut usize) {
    if let Some((_, h)) = heading.as_mut() {
        h.push_str(text);
    }
    *words += text.split_whitespace().count();
}

fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

/// Sets a heading's id (keeping one written as `{#id}`), unique in the page.
fn finish_heading(start: &mut Event<'_>, text: &str, used: &mut HashSet<String>) -> String {
    let Event::Start(Tag::Heading { id, .. }) = start else {
        return String::new();
    };
    let base = match id {
        Some(explicit) => explicit.to_string(),
        None => {
            let s = slugify(text);
            if s.is_empty() { "muc".to_string() } else { s }
        }
    };
    let mut candidate = base.clone();
    let mut n = 1;
    while !used.insert(candidate.clone()) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    *id = Some(CowStr::from(candidate.clone()));
    candidate
}

fn nest(flat: Vec<(u8, String, String)>) -> Vec<TocEntry> {
    let mut root: Vec<TocEntry> = Vec::new();
    for (level, id, title) in flat {
        insert_toc(
            &mut root,
            TocEntry {
                level,
                id,
                title,
                children: Vec::new(),
            },
        );
    }
    root
}

/// Puts `entry` under the last entry of `list` when that one is a shallower heading.
fn insert_toc(list: &mut Vec<TocEntry>, entry: TocEntry) {
    match list.last_mut() {
        Some(last) if last.level < entry.level => insert_toc(&mut last.children, entry),
        _ => list.push(entry),
    }
}

fn to_html(events: &[Event<'_>]) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.iter().cloned());
    html
}

fn line_of(src: &str, offset: usize) -> usize {
    src.as_bytes()[..offset.min(src.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(src: &str) -> Rendered {
        render(src, &Options::default(), &|_| LinkOutcome::Keep)
    }

    #[test]
    fn vietnamese_heading_ids_and_toc() {
        let r = md("## Hỗ trợ vay vốn\n\n### Điều kiện\n\n## Hỗ trợ vay vốn\n");
        assert!(r.html.contains("<h2 id=\"ho-tro-vay-von\">"), "{}", r.html);
        assert!(
            r.html.contains("<h2 id=\"ho-tro-vay-von-1\">"),
            "{}",
            r.html
        );
        assert_eq!(r.toc.len(), 2);
        assert_eq!(r.toc[0].children[0].id, "dieu-kien");
        assert_eq!(r.toc[0].title, "Hỗ trợ vay vốn");
    }

    #[test]
    fn explicit_heading_id_is_kept() {
        let r = md("## Liên hệ {#lien-he-ngay}\n");
        assert!(r.html.contains("id=\"lien-he-ngay\""), "{}", r.html);
    }

    #[test]
    fn summary_from_more_marker_or_first_paragraph() {
        let r = md("Một.\n\nHai.\n\n<!-- more -->\n\nBa.\n");
        let s = r.summary_html.unwrap();
        assert!(s.contains("Hai.") && !s.contains("Ba."), "{s}");
        assert!(!r.html.contains("more"), "{}", r.html);
        let r = md("# Tiêu đề\n\nĐoạn đầu.\n\nĐoạn sau.\n");
        assert_eq!(r.summary_html.unwrap(), "<p>Đoạn đầu.</p>\n");
    }

    #[test]
    fn extensions_are_on() {
        let r = md(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~\n\n- [x] done\n\nNote[^1].\n\n[^1]: Foot.\n",
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>x</del>"));
        assert!(r.html.contains("type=\"checkbox\""));
        assert!(r.html.contains("footnote"));
    }

    #[test]
    fn smart_punctuation_is_off_by_default() {
        assert!(
            md("\"392/2020/NQ-HĐND\" -- a\n")
                .html
                .contains("\"392/2020/NQ-HĐND\" -- a")
        );
        let r = render(
            "\"a\"\n",
            &Options {
                smart_punctuation: true,
            },
            &|_| LinkOutcome::Keep,
        );
        assert!(r.html.contains('“'), "{}", r.html);
    }

    #[test]
    fn code_is_highlighted_and_not_counted() {
        let r = md("Hai từ.\n\n```yaml\ntitle: x\n```\n\nInline `code` here.\n");
        assert!(r.has_code);
        assert!(r.html.contains("hl-"), "{}", r.html);
        assert!(r.html.contains("<code>code</code>"), "{}", r.html);
        assert_eq!(r.words, 5);
        assert_eq!(r.reading_minutes, 1);
    }

    #[test]
    fn links_are_resolved_and_broken_ones_reported_with_lines() {
        let resolver = |t: &str| match t {
            "a.md" => LinkOutcome::Rewrite("/a/".into()),
            "gone.md" => LinkOutcome::Broken("no such page".into()),
            _ => LinkOutcome::Keep,
        };
        let r = render(
            "[x](a.md)\n\n[y](gone.md)\n",
            &Options::default(),
            &resolver,
        );
        assert!(r.html.contains("href=\"/a/\""));
        assert_eq!(
            r.problems,
            vec![Problem {
                line: 3,
                message: "no such page".into()
            }]
        );
    }
}
