//! The passes of [`render_with_images`](super::render_with_images) over
//! pulldown-cmark's events, each a small piece of state with its own rule:
//!
//! - [`NestingGuard`]: refuses a page nested past the limits before any
//!   recursive reader (HTML renderer, sanitizer, minifier) sees it;
//! - code blocks: their text is gathered and highlighted as one block;
//! - [`Headings`]: ids made unique and the table of contents collected;
//! - links and images: targets resolved, unsafe ones dropped, outside
//!   links opened with `rel`;
//! - [`Summary`]: the `<!-- more -->` marker, else the first paragraph;
//! - raw HTML: kept, sanitized later, or shown as text, by policy.
//!
//! They share one walk because each needs the event's place in the output
//! list (a heading's start, the summary's end), which later passes would
//! have to recompute.

use std::collections::HashSet;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};

use super::sanitize::{self, link_is_safe};
use super::{
    HtmlPolicy, ImageRef, Lines, LinkOutcome, MAX_NESTING, Options, Problem, Rendered, count_text,
    external_link_open, finish_heading, heading_level, highlight, images, is_external, line_of,
    nest, nesting_name, raw_html, to_html,
};

/// Counts open tags and raw HTML's own nesting as events arrive.
pub(super) struct NestingGuard<'s> {
    src: &'s str,
    /// One entry per open tag: whether it counts as a level.
    open: Vec<bool>,
    levels: usize,
    raw: sanitize::HtmlDepth,
    /// Escaped HTML is text, so it does not nest.
    counts_html: bool,
}

impl<'s> NestingGuard<'s> {
    pub(super) fn new(src: &'s str, opts: &Options) -> Self {
        NestingGuard {
            src,
            open: Vec::new(),
            levels: 0,
            raw: sanitize::HtmlDepth::default(),
            counts_html: !matches!(opts.html, HtmlPolicy::Escape),
        }
    }

    /// `Err` with the problem when `event` (at byte `at`) crosses a limit.
    pub(super) fn check(&mut self, event: &Event<'_>, at: usize) -> Result<(), Problem> {
        match event {
            Event::Start(tag) => {
                let name = nesting_name(tag);
                self.open.push(name.is_some());
                if let Some(name) = name {
                    self.levels += 1;
                    if self.levels > MAX_NESTING {
                        return Err(Problem {
                            line: line_of(self.src, at),
                            message: format!(
                                "{name} nested more than {MAX_NESTING} levels deep (quotes, lists, emphasis and links count together); no page needs that many, so remove the extra levels"
                            ),
                        });
                    }
                }
                if self.open.len() + self.raw.depth() > sanitize::MAX_HTML_DEPTH {
                    return Err(self.html_too_deep(at));
                }
            }
            Event::End(_) => self.levels -= usize::from(self.open.pop() == Some(true)),
            Event::Html(h) | Event::InlineHtml(h) if self.counts_html => {
                let deepest = self.open.len() + self.raw.feed(h);
                if deepest > sanitize::MAX_HTML_DEPTH {
                    return Err(self.html_too_deep(at));
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn html_too_deep(&self, at: usize) -> Problem {
        Problem {
            line: line_of(self.src, at),
            message: format!(
                "the HTML in this page is nested more than {} levels deep (counting the quotes and lists around it); no page needs that many, so simplify it",
                sanitize::MAX_HTML_DEPTH
            ),
        }
    }
}

/// Heading ids and the table of contents.
#[derive(Default)]
struct Headings {
    used_ids: HashSet<String>,
    /// (level, id, title) in page order; nested at the end.
    flat_toc: Vec<(u8, String, String)>,
    /// The open heading: its index in the event list and its text so far.
    open: Option<(usize, String)>,
}

/// Where the summary ends: the `<!-- more -->` marker, else the first
/// top-level paragraph.
#[derive(Default)]
struct Summary {
    /// Open tags in the output (top level is 0).
    depth: usize,
    more_at: Option<usize>,
    first_para: Option<(usize, Option<usize>)>,
    /// The marker came as a whole HTML block: its end event is dropped too.
    skip_block_end: bool,
}

/// The state of one walk over a page's events.
pub(super) struct Walk<'a, 'o> {
    opts: &'o Options,
    links: &'o dyn Fn(&str) -> LinkOutcome,
    trusted: bool,
    lines: Lines<'a>,
    out: Rendered,
    events: Vec<Event<'a>>,
    headings: Headings,
    /// The open code block: its language and text so far.
    code: Option<(String, String)>,
    summary: Summary,
    has_raw_html: bool,
    skip_link_end: bool,
    skip_image_end: bool,
}

impl<'a, 'o> Walk<'a, 'o> {
    pub(super) fn new(
        src: &'a str,
        opts: &'o Options,
        links: &'o dyn Fn(&str) -> LinkOutcome,
    ) -> Self {
        Walk {
            opts,
            links,
            trusted: matches!(opts.html, HtmlPolicy::Allow),
            lines: Lines::new(src),
            out: Rendered::default(),
            events: Vec::new(),
            headings: Headings::default(),
            code: None,
            summary: Summary::default(),
            has_raw_html: false,
            skip_link_end: false,
            skip_image_end: false,
        }
    }

    /// Hands one event (starting at byte `at` of the body) to its pass.
    pub(super) fn event(&mut self, event: Event<'a>, at: usize) {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => l.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Event::End(TagEnd::CodeBlock) => self.end_code(),
            Event::Text(t) if self.code.is_some() => {
                if let Some((_, buf)) = self.code.as_mut() {
                    buf.push_str(&t);
                }
            }
            Event::Start(tag) => self.start(tag, at),
            Event::End(TagEnd::HtmlBlock) if self.summary.skip_block_end => {
                self.summary.skip_block_end = false;
            }
            Event::End(TagEnd::Link) if self.skip_link_end => self.skip_link_end = false,
            Event::End(TagEnd::Image) if self.skip_image_end => self.skip_image_end = false,
            Event::End(end) => self.end(end),
            Event::Text(t) => {
                count_text(&t, &mut self.headings.open, &mut self.out.words);
                self.events.push(Event::Text(t));
            }
            Event::Code(t) => {
                count_text(&t, &mut self.headings.open, &mut self.out.words);
                self.events.push(Event::Code(t));
            }
            Event::Html(h) | Event::InlineHtml(h) if h.trim() == "<!-- more -->" => self.more(),
            Event::Html(h) => self.raw(h, true),
            Event::InlineHtml(h) => self.raw(h, false),
            other => self.events.push(other),
        }
    }

    fn end_code(&mut self) {
        if let Some((lang, text)) = self.code.take() {
            self.out.has_code = true;
            let html = highlight::highlight(&text, &lang);
            self.events.push(Event::Html(CowStr::from(html)));
        }
    }

    fn raw(&mut self, h: CowStr<'a>, block: bool) {
        self.has_raw_html = true;
        self.events.push(raw_html(h, &self.opts.html, block));
    }

    /// The summary marker: remembered, never shown.
    fn more(&mut self) {
        let s = &mut self.summary;
        // A block-level marker arrives wrapped in an HTML block: drop the wrapper.
        if s.depth == 1 && matches!(self.events.last(), Some(Event::Start(Tag::HtmlBlock))) {
            self.events.pop();
            s.depth = 0;
            s.skip_block_end = true;
        }
        if s.depth == 0 && s.more_at.is_none() {
            s.more_at = Some(self.events.len());
        }
    }

    fn start(&mut self, tag: Tag<'a>, at: usize) {
        let tag = match tag {
            Tag::Heading {
                level,
                id,
                classes,
                attrs,
            } => {
                self.headings.open = Some((self.events.len(), String::new()));
                // `{onclick=...}` after a heading would become an attribute.
                let attrs = if self.trusted { attrs } else { Vec::new() };
                Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }
            }
            Tag::Paragraph if self.summary.depth == 0 && self.summary.first_para.is_none() => {
                self.summary.first_para = Some((self.events.len(), None));
                Tag::Paragraph
            }
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => match self.link(dest_url, &title, at) {
                Some(dest_url) => Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                },
                None => return,
            },
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } => match self.image(dest_url) {
                Some(dest_url) => Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                },
                None => return,
            },
            other => other,
        };
        self.summary.depth += 1;
        self.events.push(Event::Start(tag));
    }

    /// Resolves a link's target; `None` when the link was handled here
    /// (dropped as unsafe, or opened as an outside link).
    fn link(&mut self, dest: CowStr<'a>, title: &str, at: usize) -> Option<CowStr<'a>> {
        let dest = match (self.links)(&dest) {
            LinkOutcome::Keep => dest,
            LinkOutcome::Rewrite(u) => CowStr::from(u),
            LinkOutcome::Broken(message) => {
                let line = self.lines.line_of(at);
                self.out.problems.push(Problem { line, message });
                dest
            }
        };
        if !self.trusted && !link_is_safe(&dest) {
            // `javascript:` and the like: keep the text, drop the link.
            self.skip_link_end = true;
            return None;
        }
        if is_external(&dest, &self.opts.own_host) {
            self.summary.depth += 1;
            let open = external_link_open(&dest, title);
            self.events.push(Event::InlineHtml(CowStr::from(open)));
            return None;
        }
        Some(dest)
    }

    /// Resolves an image's source; `None` when it is unsafe and dropped.
    fn image(&mut self, dest: CowStr<'a>) -> Option<CowStr<'a>> {
        // Images may point at renamed bundle files; a missing image is not
        // a broken page link, so only rewrites apply.
        let dest = match (self.links)(&dest) {
            LinkOutcome::Rewrite(u) => CowStr::from(u),
            _ => dest,
        };
        if !self.trusted && !link_is_safe(&dest) {
            // `![x](javascript:…)`: keep the alt text as text.
            self.skip_image_end = true;
            return None;
        }
        Some(dest)
    }

    fn end(&mut self, end: TagEnd) {
        self.summary.depth = self.summary.depth.saturating_sub(1);
        if let TagEnd::Heading(level) = end {
            if let Some((start, text)) = self.headings.open.take() {
                let h = &mut self.headings;
                let id = finish_heading(&mut self.events[start], &text, &mut h.used_ids);
                h.flat_toc
                    .push((heading_level(level), id, text.trim().to_string()));
            }
        }
        if matches!(end, TagEnd::Paragraph) && self.summary.depth == 0 {
            if let Some((_, end_at @ None)) = self.summary.first_para.as_mut() {
                *end_at = Some(self.events.len() + 1);
            }
        }
        self.events.push(Event::End(end));
    }

    /// The body and summary as HTML, with images replaced by `images`.
    pub(super) fn finish(mut self, images: &dyn Fn(&ImageRef<'_>) -> Option<String>) -> Rendered {
        if matches!(self.opts.html, HtmlPolicy::Escape) {
            // Escaped HTML blocks read as paragraphs of text.
            for e in &mut self.events {
                match e {
                    Event::Start(Tag::HtmlBlock) => *e = Event::Start(Tag::Paragraph),
                    Event::End(TagEnd::HtmlBlock) => *e = Event::End(TagEnd::Paragraph),
                    _ => {}
                }
            }
        }
        images::replace(&mut self.events, images);
        let mut out = self.out;
        out.summary_html = match (self.summary.more_at, self.summary.first_para) {
            (Some(i), _) => Some(to_html(&self.events[..i])),
            (None, Some((s, Some(e)))) => Some(to_html(&self.events[s..e])),
            _ => None,
        };
        out.html = to_html(&self.events);
        if let (HtmlPolicy::Sanitize(s), true) = (&self.opts.html, self.has_raw_html) {
            out.html = s.clean(&out.html);
            out.summary_html = out.summary_html.map(|h| s.clean(&h));
        }
        // What pulldown-cmark writes is already minimal (one line break
        // between blocks: minify-html took 11 bytes a page off the sample
        // portal, for a third of a second of a 10,000-page build); HTML
        // pasted into the Markdown (from Word, say) is where the runs of
        // spaces and line breaks are.
        if self.opts.minify && self.has_raw_html {
            out.html = super::minify::html(&out.html);
            out.summary_html = out.summary_html.map(|h| super::minify::html(&h));
        }
        out.reading_minutes = out.words.div_ceil(200).max(1);
        let flat_toc = self.headings.flat_toc;
        out.anchors = flat_toc.iter().map(|(_, id, _)| id.clone()).collect();
        out.toc = nest(flat_toc);
        out
    }
}
