//! Tracing a problem found in the output back to the content file and line
//! that wrote it.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use percent_encoding::percent_decode_str;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::config::Config;
use crate::content::source::read_text;
use crate::i18n::Lang;
use crate::markdown::{Lines, LinkOutcome};
use crate::site::{self, Site};

/// A content file behind one or more output files.
#[derive(Debug)]
pub(crate) struct Source {
    /// Path relative to the portal root.
    pub rel: PathBuf,
    /// Link targets of the Markdown as they appear in the HTML (decoded), with their file line.
    links: Vec<(String, usize)>,
    /// The file's lines, for links written elsewhere (front matter `image:`).
    lines: Vec<String>,
}

fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

impl Source {
    fn new(
        site: &Site,
        config: &Config,
        rel: &PathBuf,
        lang: &Lang,
        markdown: &str,
        body_line: usize,
    ) -> Source {
        let mut links = Vec::new();
        // Counted as the parser goes: one pass over the text, not one per link.
        let mut at = Lines::new(markdown);
        for (event, range) in Parser::new(markdown).into_offset_iter() {
            let dest = match event {
                Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => dest_url,
                _ => continue,
            };
            let line = body_line + at.line_of(range.start) - 1;
            let shown = match site::links::resolve(site, config, rel, lang, &dest) {
                LinkOutcome::Rewrite(h) => h,
                _ => dest.to_string(),
            };
            links.push((decode(&shown), line));
        }
        let lines = read_text(&config.root.join(rel), rel, config.limits.max_file_bytes())
            .map(|t| t.split('\n').map(str::to_string).collect())
            .unwrap_or_default();
        Source {
            rel: rel.clone(),
            links,
            lines,
        }
    }

    /// The line of this file's Markdown that wrote the link `href`.
    pub fn link_line(&self, href: &str) -> Option<usize> {
        let decoded = decode(href);
        self.links
            .iter()
            .find(|(h, _)| *h == decoded)
            .map(|(_, l)| *l)
    }

    /// The line that wrote `href`, if this file wrote it (in its Markdown,
    /// or anywhere in its text, such as `image:` in the front matter).
    pub fn line_of(&self, href: &str, base_path: &str) -> Option<usize> {
        if let Some(line) = self.link_line(href) {
            return Some(line);
        }
        let decoded = decode(href);
        let inside = decoded.strip_prefix(base_path).unwrap_or(&decoded);
        let needles = [href, decoded.as_str(), inside];
        self.lines
            .iter()
            .position(|l| needles.iter().any(|n| n.len() > 1 && l.contains(n)))
            .map(|i| i + 1)
    }
}

/// Output file -> the content file it shows.
pub(crate) fn map(site: &Site, config: &Config) -> BTreeMap<String, Arc<Source>> {
    let mut out = BTreeMap::new();
    for p in &site.pages {
        let s = Source::new(site, config, &p.rel, &p.lang, &p.markdown, p.body_line);
        out.insert(p.url.output_file(), Arc::new(s));
    }
    for s in &site.sections {
        let Some(rel) = &s.rel else { continue };
        let src = Arc::new(Source::new(
            site,
            config,
            rel,
            &s.lang,
            &s.markdown,
            s.body_line,
        ));
        for pager in &s.pagers {
            out.insert(pager.url.output_file(), Arc::clone(&src));
        }
    }
    out
}

/// Markdown images with no alt text: (file line, image target).
pub(crate) fn images_without_alt(markdown: &str, body_line: usize) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, String, String)> = None;
    let mut at = Lines::new(markdown);
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                let line = body_line + at.line_of(range.start) - 1;
                open = Some((line, dest_url.to_string(), String::new()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, alt)) = open.as_mut() {
                    alt.push_str(&t);
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some((line, dest, alt)) = open.take() {
                    if alt.trim().is_empty() {
                        out.push((line, dest));
                    }
                }
            }
            _ => {}
        }
    }
    out
}
