//! Bodies: every page's and section's Markdown rendered to HTML, in
//! parallel, once URLs are known (so links to other content files resolve)
//! and images are processed (so Markdown images become responsive
//! `<picture>`s).
//!
//! A stage of its own, after `site` and `images` and before `render`: the
//! site model says where pages stand and stays as `site` made it; the bodies
//! are a separate value ([`Bodies`], indexed like the site's pages and
//! sections) that render reads beside it.
//!
//! A [`BodyCache`] (kept by `loa serve` between rebuilds) skips bodies whose
//! Markdown is unchanged. A body's HTML depends on its Markdown, the
//! Markdown options and the answers to its link and image lookups, so each
//! cached body records those answers and is reused only when asking again
//! gives the same ones: a page renamed elsewhere re-renders the pages that
//! link to it, and nothing else. `loa build` keeps the same between builds
//! ([`BodyCache::encode`], [`saved`]).

mod saved;

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::kinds::KindData;
use crate::error::Diagnostic;
use crate::i18n::Lang;
use crate::images::ImageSet;
use crate::markdown::{self, ImageRef, LinkOutcome, Options, Rendered};
use crate::site::{Page, PageId, Section, SectionId, Site, links};

/// The rendered body of every page and section, by the same ids as
/// [`Site::pages`] and [`Site::sections`].
#[derive(Debug, Default)]
pub struct Bodies {
    // Shared with the cache, which keeps the same bodies for the next build.
    pages: Vec<Arc<Rendered>>,
    sections: Vec<Arc<Rendered>>,
}

impl Bodies {
    /// The body of page `id`.
    pub fn page(&self, id: PageId) -> &Rendered {
        &self.pages[id]
    }

    /// The body of section `id` (the text above its listing).
    pub fn section(&self, id: SectionId) -> &Rendered {
        &self.sections[id]
    }

    /// Whether any page shows highlighted code (the site then needs its
    /// syntax stylesheet).
    pub fn any_code(&self) -> bool {
        self.pages.iter().any(|b| b.has_code)
    }

    /// Replaces page `id`'s body (`loa serve` shows an edited page before
    /// the rest of the site is built again).
    pub fn replace_page(&mut self, id: PageId, body: Rendered) {
        self.pages[id] = Arc::new(body);
    }
}

/// Bodies rendered by an earlier [`render_bodies_cached`], with the lookups
/// each one made. Clear it when the config changes (the Markdown options
/// come from it).
#[derive(Default)]
pub struct BodyCache {
    bodies: HashMap<BodyKey, Cached>,
    /// A one-off build keeps nothing.
    off: bool,
    /// How many of `bodies` the last [`render_bodies_cached`] rendered
    /// rather than reused.
    fresh: usize,
}

impl BodyCache {
    /// A cache that keeps nothing, for builds that run once.
    pub fn off() -> BodyCache {
        BodyCache {
            off: true,
            ..BodyCache::default()
        }
    }

    /// The bodies `bytes` hold (as [`BodyCache::encode`] wrote them) when
    /// they were kept under `key`, which names what else the bodies depend
    /// on (loa itself and the Markdown options); else an empty cache.
    pub fn decode(bytes: &[u8], key: &str) -> BodyCache {
        BodyCache {
            bodies: saved::decode(bytes, key),
            ..BodyCache::default()
        }
    }

    /// How many bodies it holds.
    pub fn len(&self) -> usize {
        self.bodies.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.bodies.is_empty()
    }

    /// How many of its bodies the last [`render_bodies_cached`] rendered
    /// afresh; the others it reused from what the cache held.
    pub fn fresh(&self) -> usize {
        self.fresh
    }

    /// Writes every body to `out` under `key`, for a later build to
    /// [`BodyCache::decode`].
    pub fn encode(&self, key: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        saved::encode(&self.bodies, key, out)
    }

    /// Forgets every body.
    pub fn clear(&mut self) {
        self.bodies.clear();
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct BodyKey {
    rel: PathBuf,
    lang: Lang,
    section: bool,
}

/// An image lookup as made, with its answer.
struct ImageAsk {
    dest: String,
    alt: String,
    title: String,
    nth: usize,
    block: usize,
    answer: Option<String>,
}

struct Cached {
    markdown: blake3::Hash,
    header: bool,
    links: Vec<(String, LinkOutcome)>,
    images: Vec<ImageAsk>,
    rendered: Arc<Rendered>,
}

/// One body to render: its text and how its lookups are answered.
struct Job<'a> {
    markdown: &'a str,
    header: bool,
    links: &'a (dyn Fn(&str) -> LinkOutcome + Sync),
    images: &'a (dyn Fn(&ImageRef<'_>) -> Option<String> + Sync),
}

impl Job<'_> {
    /// The cached body if its Markdown and every lookup answer are the same.
    fn reuse(&self, c: &Cached, hash: &blake3::Hash) -> Option<Arc<Rendered>> {
        let same = c.markdown == *hash
            && c.header == self.header
            && c.links.iter().all(|(t, o)| (self.links)(t) == *o)
            && c.images.iter().all(|i| {
                let img = ImageRef {
                    dest: &i.dest,
                    alt: &i.alt,
                    title: &i.title,
                    nth: i.nth,
                    block: i.block,
                };
                (self.images)(&img) == i.answer
            });
        same.then(|| c.rendered.clone())
    }

    /// Renders, recording the lookups.
    fn render(&self, opts: &Options, hash: blake3::Hash) -> Cached {
        let links = RefCell::new(Vec::new());
        let images = RefCell::new(Vec::new());
        let rendered = markdown::render_with_images(
            self.markdown,
            opts,
            &|t| {
                let o = (self.links)(t);
                links.borrow_mut().push((t.to_string(), o.clone()));
                o
            },
            &|img| {
                let answer = (self.images)(img);
                images.borrow_mut().push(ImageAsk {
                    dest: img.dest.to_string(),
                    alt: img.alt.to_string(),
                    title: img.title.to_string(),
                    nth: img.nth,
                    block: img.block,
                    answer: answer.clone(),
                });
                answer
            },
        );
        Cached {
            markdown: hash,
            header: self.header,
            links: links.into_inner(),
            images: images.into_inner(),
            rendered: Arc::new(rendered),
        }
    }

    /// The body, from `cache` when still valid; a fresh entry when not
    /// (none when `keep` is false).
    fn run(
        &self,
        opts: &Options,
        cache: Option<&Cached>,
        keep: bool,
    ) -> (Arc<Rendered>, Option<Cached>) {
        if !keep {
            let r = markdown::render_with_images(self.markdown, opts, self.links, self.images);
            return (Arc::new(r), None);
        }
        let hash = blake3::hash(self.markdown.as_bytes());
        if let Some(r) = cache.and_then(|c| self.reuse(c, &hash)) {
            return (r, None);
        }
        let fresh = self.render(opts, hash);
        (fresh.rendered.clone(), Some(fresh))
    }
}

/// Renders the body of every page and section; with them, broken-link
/// errors.
pub fn render_bodies(site: &Site, images: &ImageSet, config: &Config) -> (Bodies, Vec<Diagnostic>) {
    render_bodies_cached(site, images, config, &mut BodyCache::off())
}

/// [`render_bodies`], reusing still-valid bodies from `cache` and leaving
/// every body of this site in it.
pub fn render_bodies_cached(
    site: &Site,
    images: &ImageSet,
    config: &Config,
    cache: &mut BodyCache,
) -> (Bodies, Vec<Diagnostic>) {
    let opts = Options::from_config(&config.markdown, &config.base_url, config.minify);
    let keep = !cache.off;
    let mut old = std::mem::take(&mut cache.bodies);
    let page_bodies: Vec<Done> = site
        .pages
        .par_iter()
        .map(|p| {
            let cached = old.get(&BodyKey::page(p));
            page_body(site, images, config, &opts, p, cached, keep)
        })
        .collect();
    let section_bodies: Vec<Done> = site
        .sections
        .par_iter()
        .map(|s| {
            let cached = old.get(&BodyKey::section(s));
            section_body(site, images, config, &opts, s, cached, keep)
        })
        .collect();
    // Each body's entry goes back into the cache: the fresh one, or the
    // old one it was reused from.
    let mut diags = Vec::new();
    let mut bodies = Bodies::default();
    cache.fresh = 0;
    let mut done = |key: BodyKey, (r, d, fresh): Done, into: &mut Vec<Arc<Rendered>>| {
        cache.fresh += usize::from(fresh.is_some());
        if let Some(c) = fresh.or_else(|| old.remove(&key)) {
            cache.bodies.insert(key, c);
        }
        into.push(r);
        diags.extend(d);
    };
    for (p, body) in site.pages.iter().zip(page_bodies) {
        done(BodyKey::page(p), body, &mut bodies.pages);
    }
    for (s, body) in site.sections.iter().zip(section_bodies) {
        done(BodyKey::section(s), body, &mut bodies.sections);
    }
    (bodies, diags)
}

/// A body as rendered, its errors, and a fresh cache entry if it was not
/// reused.
type Done = (Arc<Rendered>, Vec<Diagnostic>, Option<Cached>);

impl BodyKey {
    fn page(p: &Page) -> BodyKey {
        BodyKey {
            rel: p.rel.clone(),
            lang: p.lang.clone(),
            section: false,
        }
    }

    fn section(s: &Section) -> BodyKey {
        BodyKey {
            rel: s.rel.clone().unwrap_or_default(),
            lang: s.lang.clone(),
            section: true,
        }
    }
}

/// One section's body (the text above its listing), from `cached` when
/// still valid.
fn section_body(
    site: &Site,
    images: &ImageSet,
    config: &Config,
    opts: &Options,
    s: &Section,
    cached: Option<&Cached>,
    keep: bool,
) -> Done {
    let from = s.rel.clone().unwrap_or_default();
    guarded(&from, || {
        let job = Job {
            markdown: &s.markdown,
            header: false,
            links: &|t| links::resolve(site, config, &from, &s.lang, t),
            images: &|img| images.markdown_html(&from, img, false, config),
        };
        let (r, fresh) = job.run(opts, cached, keep);
        let diags = s
            .rel
            .as_ref()
            .map(|rel| problems(&r, rel, s.body_line))
            .unwrap_or_default();
        (r, diags, fresh)
    })
}

/// One page's body, from `cached` when still valid.
fn page_body(
    site: &Site,
    images: &ImageSet,
    config: &Config,
    opts: &Options,
    p: &Page,
    cached: Option<&Cached>,
    keep: bool,
) -> Done {
    // A story's photo is shown above its text.
    let header = matches!(&p.front.data, KindData::Story(st) if st.photo.is_some());
    guarded(&p.rel, || {
        let job = Job {
            markdown: &p.markdown,
            header,
            links: &|t| links::resolve(site, config, &p.rel, &p.lang, t),
            images: &|img| images.markdown_html(&p.rel, img, header, config),
        };
        let (r, fresh) = job.run(opts, cached, keep);
        let diags = problems(&r, &p.rel, p.body_line);
        (r, diags, fresh)
    })
}

/// Renders the body of page `id` alone, as [`render_bodies`] would
/// (`loa serve` shows an edited page before rebuilding the rest).
pub fn render_page_body(
    site: &Site,
    images: &ImageSet,
    config: &Config,
    id: PageId,
) -> (Rendered, Vec<Diagnostic>) {
    let opts = Options::from_config(&config.markdown, &config.base_url, config.minify);
    let (r, d, _) = page_body(site, images, config, &opts, &site.pages[id], None, false);
    // Not kept anywhere else: the body itself, not a copy.
    (Arc::unwrap_or_clone(r), d)
}

/// Runs one body's rendering; a panic becomes an error naming the file.
fn guarded<T>(
    rel: &Path,
    work: impl FnOnce() -> (Arc<Rendered>, Vec<Diagnostic>, Option<T>),
) -> (Arc<Rendered>, Vec<Diagnostic>, Option<T>) {
    crate::error::guard(rel, work).unwrap_or_else(|d| (Arc::default(), vec![d], None))
}

fn problems(r: &Rendered, rel: &Path, body_line: usize) -> Vec<Diagnostic> {
    r.problems
        .iter()
        .map(|p| Diagnostic::error(rel, p.message.clone()).at_line(body_line + p.line - 1))
        .collect()
}
