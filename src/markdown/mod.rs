//! Markdown to HTML, plus what templates want to know about a body: a table
//! of contents, a summary, word count and reading time, links to check.
//!
//! Pure: takes text and options and a link resolver, returns values; no
//! files, no site. Heading ids are readable ASCII made by folding Vietnamese
//! ("Hỗ trợ vay vốn" -> `ho-tro-vay-von`), unique within the page.

pub mod highlight;
mod images;
mod minify;
pub mod sanitize;
mod walk;

use std::collections::HashSet;
use std::sync::Arc;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options as CmOptions, Parser, Tag};
use serde::Serialize;

use crate::config::{BaseUrl, MarkdownConfig, RawHtml};
use crate::i18n::fold::slugify;
use sanitize::Sanitizer;

/// What happens to raw HTML in the Markdown (see [`RawHtml`]).
#[derive(Debug, Clone)]
pub enum HtmlPolicy {
    /// Shown as text.
    Escape,
    /// Cleaned by this sanitizer.
    Sanitize(Arc<Sanitizer>),
    /// Kept as written.
    Allow,
}

impl Default for HtmlPolicy {
    fn default() -> Self {
        HtmlPolicy::Sanitize(Arc::new(Sanitizer::new(
            &MarkdownConfig::default().iframe_hosts,
        )))
    }
}
pub use images::ImageRef;

/// Markdown options.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Typographic quotes and dashes.
    pub smart_punctuation: bool,
    /// Raw HTML handling.
    pub html: HtmlPolicy,
    /// The site's own host (`example.org`): links to other hosts get `rel="noopener"`.
    pub own_host: String,
    /// Minify bodies that hold raw HTML (site.toml's `minify`).
    pub minify: bool,
}

impl Options {
    /// The options a portal's site.toml asks for.
    pub fn from_config(md: &MarkdownConfig, base: &BaseUrl, minify: bool) -> Options {
        let html = match md.raw_html {
            RawHtml::Escape => HtmlPolicy::Escape,
            RawHtml::Sanitize => HtmlPolicy::Sanitize(Arc::new(Sanitizer::new(&md.iframe_hosts))),
            RawHtml::Allow => HtmlPolicy::Allow,
        };
        Options {
            smart_punctuation: md.smart_punctuation,
            html,
            own_host: host_of(&base.absolute).unwrap_or_default().to_string(),
            minify,
        }
    }
}

/// The host of an absolute (`https://h/…`) or scheme-relative (`//h/…`) URL.
fn host_of(url: &str) -> Option<&str> {
    let rest = match url.find("://") {
        Some(i) if url[..i].chars().all(|c| c.is_ascii_alphanumeric()) => &url[i + 3..],
        _ => url.strip_prefix("//")?,
    };
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    Some(host.split(':').next().unwrap_or(host))
}

/// True for a link to another site (different host).
fn is_external(dest: &str, own_host: &str) -> bool {
    host_of(dest).is_some_and(|h| !h.is_empty() && !h.eq_ignore_ascii_case(own_host))
}

/// The opening `<a>` of a link to another site, with `rel="noopener"`.
fn external_link_open(dest: &str, title: &str) -> String {
    let mut tag = String::from("<a href=\"");
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_href(&mut tag, dest);
    tag.push('"');
    if !title.is_empty() {
        tag.push_str(" title=\"");
        let _ = pulldown_cmark_escape::escape_html(&mut tag, title);
        tag.push('"');
    }
    tag.push_str(" rel=\"noopener\">");
    tag
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

/// Markdown nested deeper than this (quotes, lists, emphasis, links and
/// footnotes counted together) is refused before anything recursive sees
/// it: the minifier and other HTML readers walk nesting on the stack, and
/// 5,000 `>` in a 5 KB file used to overflow it. Real pages nest a handful
/// of levels; 100 leaves a wide margin while keeping the rendered page
/// (about two elements per level, plus raw HTML up to
/// [`sanitize::MAX_HTML_DEPTH`]) far inside the smallest thread stack.
pub const MAX_NESTING: usize = 100;

/// What a tag is called in a nesting error, or `None` for tags that do not
/// count as a level: list items always sit in a list, and paragraphs,
/// headings, code and table parts cannot hold one another.
fn nesting_name(tag: &Tag<'_>) -> Option<&'static str> {
    Some(match tag {
        Tag::BlockQuote(_) => "quotes (`>`)",
        Tag::List(_) => "lists",
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Superscript | Tag::Subscript => {
            "emphasis (`*`, `_`, `~`)"
        }
        Tag::Link { .. } => "links",
        Tag::Image { .. } => "images",
        Tag::FootnoteDefinition(_) => "footnotes",
        Tag::DefinitionList => "definition lists",
        _ => return None,
    })
}

/// The error for a page whose nesting crosses a limit at `line`.
fn too_deep(line: usize, message: String) -> Rendered {
    Rendered {
        problems: vec![Problem { line, message }],
        reading_minutes: 1,
        ..Rendered::default()
    }
}

/// Renders `src`, resolving link targets with `links`.
pub fn render(src: &str, opts: &Options, links: &dyn Fn(&str) -> LinkOutcome) -> Rendered {
    render_with_images(src, opts, links, &|_| None)
}

/// Like [`render`]; `images` may replace each image with its own HTML.
///
/// One walk over pulldown-cmark's events, each event handed in turn to the
/// nesting guard (which may refuse the page before anything recursive sees
/// it) and then to the pass that owns it (code, headings, links and images,
/// the summary marker, raw HTML: see [`walk`]); the finished event list is
/// then turned into HTML once for the body and once for the summary.
pub fn render_with_images(
    src: &str,
    opts: &Options,
    links: &dyn Fn(&str) -> LinkOutcome,
    images: &dyn Fn(&ImageRef<'_>) -> Option<String>,
) -> Rendered {
    let mut guard = walk::NestingGuard::new(src, opts);
    let mut walk = walk::Walk::new(src, opts, links);
    for (event, range) in Parser::new_ext(src, cm_options(opts)).into_offset_iter() {
        if let Err(p) = guard.check(&event, range.start) {
            return too_deep(p.line, p.message);
        }
        walk.event(event, range.start);
    }
    walk.finish(images)
}

/// A raw HTML event under the policy: escaped ones become text.
fn raw_html<'a>(h: CowStr<'a>, policy: &HtmlPolicy, block: bool) -> Event<'a> {
    match (policy, block) {
        (HtmlPolicy::Escape, _) => Event::Text(h),
        (_, true) => Event::Html(h),
        (_, false) => Event::InlineHtml(h),
    }
}

/// Counts words and collects heading text.
fn count_text(text: &str, heading: &mut Option<(usize, String)>, words: &mut usize) {
    if let Some((_, h)) = heading.as_mut() {
        h.push_str(text);
    }
    *words += word_count(text);
}

/// `text.split_whitespace().count()`, without decoding characters:
/// asking Unicode about every character of Vietnamese text was a
/// twentieth of a 10k build. Text with only ASCII spaces (nearly all) is
/// counted by comparing neighbouring bytes, which the compiler turns into
/// vector code; text holding one of the few non-ASCII spaces goes a byte
/// at a time ([`word_count_wide`]).
fn word_count(text: &str) -> usize {
    let bytes = text.as_bytes();
    if has_wide_space(bytes) {
        return word_count_wide(bytes);
    }
    let space = |b: u8| matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ');
    let first = usize::from(bytes.first().is_some_and(|b| !space(*b)));
    first
        + bytes
            .windows(2)
            .filter(|w| space(w[0]) && !space(w[1]))
            .count()
}

/// The UTF-8 bytes a non-ASCII space starts with at `b`'s start: U+0085,
/// U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
fn wide_space_len(b: &[u8]) -> Option<usize> {
    match b {
        [0xc2, 0x85 | 0xa0, ..] => Some(2),
        [0xe1, 0x9a, 0x80, ..]
        | [0xe2, 0x80, 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf, ..]
        | [0xe2, 0x81, 0x9f, ..]
        | [0xe3, 0x80, 0x80, ..] => Some(3),
        _ => None,
    }
}

/// Whether `b` holds a non-ASCII space. Their lead bytes are searched
/// for, except `E1`, which also starts every letter of Latin Extended
/// Additional (`ạ`, `ế`, `ữ`…): its one space is searched for whole.
fn has_wide_space(b: &[u8]) -> bool {
    let mut at = 0;
    while let Some(i) = memchr::memchr3(0xc2, 0xe2, 0xe3, &b[at..]) {
        if wide_space_len(&b[at + i..]).is_some() {
            return true;
        }
        at += i + 1;
    }
    memchr::memmem::find(b, "\u{1680}".as_bytes()).is_some()
}

/// [`word_count`] a byte at a time, for text with non-ASCII spaces.
fn word_count_wide(bytes: &[u8]) -> usize {
    let mut words = 0;
    let mut in_word = false;
    let mut i = 0;
    while i < bytes.len() {
        let (space, len) = match bytes[i] {
            b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ' => (true, 1),
            _ => wide_space_len(&bytes[i..]).map_or((false, 1), |len| (true, len)),
        };
        if !space && !in_word {
            words += 1;
        }
        in_word = !space;
        i += len;
    }
    words
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

/// Headings in document order (level, id, title) nested into a table of
/// contents: each under the last shallower one before it.
pub fn nest(flat: Vec<(u8, String, String)>) -> Vec<TocEntry> {
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
    Lines::new(src).line_of(offset)
}

/// 1-based line numbers of byte offsets into one text. Parser events
/// arrive in text order, so each question only counts the newlines since
/// the last one: a page with 100,000 links or images costs one pass, not
/// one pass per link.
pub(crate) struct Lines<'a> {
    src: &'a [u8],
    at: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    /// Line numbers in `src`.
    pub(crate) fn new(src: &'a str) -> Lines<'a> {
        Lines {
            src: src.as_bytes(),
            at: 0,
            line: 1,
        }
    }

    /// The line that holds byte `offset` (offsets past the end count as the end).
    pub(crate) fn line_of(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.src.len());
        if offset >= self.at {
            self.line += memchr::memchr_iter(b'\n', &self.src[self.at..offset]).count();
        } else {
            self.line -= memchr::memchr_iter(b'\n', &self.src[offset..self.at]).count();
        }
        self.at = offset;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        let spaces: Vec<char> = (0..=0x3000u32)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace())
            .collect();
        let mut texts = vec![
            String::new(),
            " ".into(),
            "Việt Nam  xuất\tkhẩu\nlao động ".into(),
            "a\u{a0}b\u{2003}c\u{3000}d\u{85}e\u{1680}f\u{202f}g".into(),
            "ạ ệ ồ ữ \u{2060}x \u{200b}y".into(),
        ];
        // Every space between letters of every script block the bytes could start.
        for (i, sp) in spaces.iter().enumerate() {
            texts.push(format!(
                "ệ{sp}ơ{sp}{sp}\u{e000}{sp}x{}",
                spaces[(i + 1) % spaces.len()]
            ));
        }
        // Every character up to U+3100 between spaces, and glued together:
        // the byte patterns must not take a letter for a space.
        let all: Vec<char> = (0x80..0x3100u32).filter_map(char::from_u32).collect();
        texts.push(all.iter().map(|c| format!("{c} ")).collect());
        texts.push(all.iter().collect());
        // The same without the non-ASCII spaces: the neighbouring-bytes path.
        let letters: Vec<char> = all.iter().copied().filter(|c| !c.is_whitespace()).collect();
        texts.push(letters.iter().map(|c| format!("{c}\t")).collect());
        texts.push(
            letters
                .chunks(3)
                .map(|w| format!(" {}\n ", w.iter().collect::<String>()))
                .collect(),
        );
        for t in &texts[texts.len() - 2..] {
            assert!(!has_wide_space(t.as_bytes()));
        }
        for t in &texts {
            assert_eq!(word_count(t), t.split_whitespace().count(), "{t:?}");
        }
    }

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
                ..Options::default()
            },
            &|_| LinkOutcome::Keep,
        );
        assert!(r.html.contains('“'), "{}", r.html);
    }

    #[test]
    fn unsafe_link_and_image_urls_keep_only_their_text() {
        // The image case was found by the `markdown` fuzz target (crash-79b127ae).
        let r = md("[a](javascript:x) ![b](javascript:y) ![c](data:text/html,z) ![d](anh.jpg)\n");
        assert!(
            !r.html.contains("javascript") && !r.html.contains("data:"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("a b c <img src=\"anh.jpg\" alt=\"d\" />"),
            "{}",
            r.html
        );
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

    /// The one problem of a page refused for its nesting.
    fn refused(src: &str) -> Problem {
        let r = md(src);
        assert!(r.html.is_empty() && r.summary_html.is_none(), "{}", r.html);
        assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
        r.problems[0].clone()
    }

    #[test]
    fn nesting_up_to_the_limit_renders() {
        let quotes = md(&format!("{} sâu\n", ">".repeat(MAX_NESTING)));
        assert!(quotes.problems.is_empty(), "{:?}", quotes.problems);
        assert_eq!(quotes.html.matches("<blockquote>").count(), MAX_NESTING);
        let lists = md(&format!("{}mục\n", "- ".repeat(MAX_NESTING)));
        assert!(lists.problems.is_empty(), "{:?}", lists.problems);
        assert_eq!(lists.html.matches("<ul>").count(), MAX_NESTING);
        let n = MAX_NESTING / 2;
        let mixed = md(&format!("{}x\n", "> - ".repeat(n)));
        assert!(mixed.problems.is_empty(), "{:?}", mixed.problems);
        let em = md(&format!(
            "{}x{}\n",
            "*a ".repeat(MAX_NESTING),
            " a*".repeat(MAX_NESTING)
        ));
        assert!(em.problems.is_empty(), "{:?}", em.problems);
        assert_eq!(em.html.matches("<em>").count(), MAX_NESTING);
    }

    #[test]
    fn nesting_past_the_limit_is_refused_at_its_line() {
        let p = refused(&format!("Mở đầu.\n\n{} sâu\n", ">".repeat(MAX_NESTING + 1)));
        assert_eq!(p.line, 3);
        assert!(
            p.message
                .starts_with("quotes (`>`) nested more than 100 levels deep"),
            "{}",
            p.message
        );
        let p = refused(&format!("{}mục\n", "- ".repeat(MAX_NESTING + 1)));
        assert!(p.message.starts_with("lists nested"), "{}", p.message);
        let p = refused(&format!("{}x\n", "> - ".repeat(MAX_NESTING / 2 + 1)));
        assert!(p.message.contains("more than 100 levels"), "{}", p.message);
        let n = MAX_NESTING + 1;
        let p = refused(&format!("{}x{}\n", "*a ".repeat(n), " a*".repeat(n)));
        assert!(p.message.starts_with("emphasis"), "{}", p.message);
        let p = refused(&format!("{}x{}\n", "![".repeat(n), "](a.png)".repeat(n)));
        assert!(p.message.starts_with("images"), "{}", p.message);
        let p = refused(&format!("[^a]: {}x\n", "> ".repeat(MAX_NESTING)));
        assert!(p.message.starts_with("quotes"), "{}", p.message);
    }

    #[test]
    fn a_hundred_thousand_quotes_are_refused_without_overflow() {
        // The check runs on the parser's events; pulldown-cmark keeps its
        // tree in a vector, so a deep page costs time, not stack.
        let p = refused(&">".repeat(100_000));
        assert_eq!(p.line, 1);
        let p = refused(&format!("a\n{}", "> ".repeat(100_000)));
        assert_eq!(p.line, 2);
    }

    #[test]
    fn raw_html_and_markdown_nesting_count_together() {
        let max = sanitize::MAX_HTML_DEPTH;
        // The HTML block is one level itself.
        assert!(md(&"<div>\n".repeat(max - 1)).problems.is_empty());
        let p = refused(&format!("a\n\n{}", "<div>\n".repeat(max)));
        assert_eq!(p.line, 3 + max - 1);
        assert!(p.message.contains("more than 512 levels"), "{}", p.message);
        // 100 tight lists (ul, li; no paragraph) and 313 spans: 513.
        let p = refused(&format!("{}x{}\n", "- ".repeat(100), "<span>".repeat(313)));
        assert!(
            p.message.starts_with("the HTML in this page"),
            "{}",
            p.message
        );
        assert!(
            md(&format!("{}x{}\n", "- ".repeat(100), "<span>".repeat(312)))
                .problems
                .is_empty()
        );
        // Escaped HTML is text and does not nest.
        let escape = Options {
            html: HtmlPolicy::Escape,
            ..Options::default()
        };
        let r = render(&"<div>".repeat(10_000), &escape, &|_| LinkOutcome::Keep);
        assert!(r.problems.is_empty());
        // Trusted HTML is not sanitized, but the minifier still reads it.
        let allow = Options {
            html: HtmlPolicy::Allow,
            ..Options::default()
        };
        let r = render(&"<div>".repeat(10_000), &allow, &|_| LinkOutcome::Keep);
        assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
    }

    #[test]
    fn lines_are_counted_forwards_and_back() {
        let src = "a\nb\n\nc";
        let mut lines = Lines::new(src);
        let asked: Vec<usize> = [0, 2, 5, 6, 1, 3, 100]
            .iter()
            .map(|&o| lines.line_of(o))
            .collect();
        assert_eq!(asked, [1, 2, 4, 4, 1, 2, 4]);
        assert_eq!(line_of(src, 4), 3);
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
