//! The site model: where whole-portal facts appear.
//!
//! Takes the documents and the config; gives every page and section its URL,
//! links translations together, orders and paginates listings, gathers
//! taxonomy terms and resolves the menus and aliases. Pure (no IO), so it is
//! tested in memory. Problems that involve more than one file (a translation
//! with no original, two files claiming one URL) are found here.

pub mod job_orders;
pub mod kinds;
pub mod links;
pub mod markets;
pub mod schedule;
pub mod taxonomy;
pub mod translations;

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::kinds::{Kind, KindData, PageFront, SectionFront, SortBy};
use crate::content::{Document, Front, Place};
use crate::error::Diagnostic;
use crate::i18n::Lang;
use crate::i18n::fold::fold;
use crate::time::Moment;
pub use crate::url::{SitePath, Slug};
pub use taxonomy::{Taxonomy, Term};

/// Index of a page in [`Site::pages`].
pub type PageId = usize;
/// Index of a section in [`Site::sections`].
pub type SectionId = usize;

/// A page with its place in the site.
#[derive(Debug)]
pub struct Page {
    /// Source path relative to the portal root.
    pub rel: PathBuf,
    /// Language.
    pub lang: Lang,
    /// Its section's kind.
    pub kind: Kind,
    /// Front matter.
    pub front: PageFront,
    /// A fingerprint of the front matter as written (`content::front_key`).
    pub front_key: u128,
    /// Markdown body.
    pub markdown: String,
    /// File line of the body's first line.
    pub body_line: usize,
    /// Bundle files: absolute path, name inside the bundle.
    pub assets: Vec<(PathBuf, String)>,
    /// Its URL.
    pub url: SitePath,
    /// Its section (`None` for top-level pages).
    pub section: Option<SectionId>,
    /// Every language version, this one included, in language order.
    pub translations: Vec<PageId>,
    /// Shown in listings, feeds and term pages (not expired).
    pub listed: bool,
    /// File line of each top-level front-matter key.
    pub field_lines: Vec<(String, usize)>,
    /// Related pages (articles: same tags or markets, newest first).
    pub related: Vec<PageId>,
    /// Shown in this language in place of a missing translation: the text
    /// is the original's (see `config.untranslated`).
    pub fallback: bool,
}

/// A section (or, with `dir: None`, the home page) in one language.
#[derive(Debug)]
pub struct Section {
    /// Folder name under `content/`; `None` for the home page.
    pub dir: Option<String>,
    /// Language.
    pub lang: Lang,
    /// The `_index` file it comes from, if it has its own.
    pub rel: Option<PathBuf>,
    /// Front matter (borrowed from the default language when this language has no `_index`).
    pub front: SectionFront,
    /// Its kind.
    pub kind: Kind,
    /// Markdown body.
    pub markdown: String,
    /// File line of the body.
    pub body_line: usize,
    /// Its URL.
    pub url: SitePath,
    /// Listed pages, in listing order.
    pub pages: Vec<PageId>,
    /// The listing split into pages.
    pub pagers: Vec<Pager>,
    /// Every language version, this one included.
    pub translations: Vec<SectionId>,
}

/// One page of a paginated listing.
#[derive(Debug, Clone)]
pub struct Pager {
    /// 1-based.
    pub number: usize,
    /// Its URL.
    pub url: SitePath,
    /// Which items of the listing it shows.
    pub range: Range<usize>,
}

/// An old URL that redirects to a new one.
#[derive(Debug, Clone)]
pub struct Alias {
    /// The old location.
    pub from: SitePath,
    /// Where it now lives.
    pub to: SitePath,
    /// Language of the target.
    pub lang: Lang,
}

/// A resolved main-menu entry.
#[derive(Debug, Clone, serde::Serialize)]
pub struct MenuLink {
    /// Text.
    pub name: String,
    /// Link (with base path) or external URL.
    pub href: String,
    /// Whether it leaves the site.
    pub external: bool,
    /// Site path, for marking the current entry.
    #[serde(skip)]
    pub path: Option<SitePath>,
}

/// What a content path points at, for Markdown links and menus.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    /// A page.
    Page(PageId),
    /// A section or the home page.
    Section(SectionId),
}

/// The whole portal, ready to render.
#[derive(Debug, Default)]
pub struct Site {
    /// All pages of all languages.
    pub pages: Vec<Page>,
    /// All sections (and homes) of all languages.
    pub sections: Vec<Section>,
    /// Taxonomies per language.
    pub taxonomies: Vec<Taxonomy>,
    /// Redirects.
    pub aliases: Vec<Alias>,
    /// Menus per language code.
    pub menus: BTreeMap<String, Vec<MenuLink>>,
    /// Content path (`tin-tuc/x.md`) -> what it became.
    pub by_source: HashMap<String, Target>,
    /// The build's "now" (statuses of policies, upcoming job fairs).
    pub now: Option<Moment>,
    /// The files of `static/`, by their path inside it (`anh/bia.jpg`), for
    /// checking what front matter and templates refer to.
    pub statics: std::collections::BTreeSet<String>,
    /// Pages left out because their date is after now: the build that
    /// publishes them is the site's next change (see [`schedule`]).
    pub scheduled: Vec<Scheduled>,
}

/// A page dated after the build's "now", not built yet.
#[derive(Debug, Clone)]
pub struct Scheduled {
    /// Source path relative to the portal root.
    pub rel: PathBuf,
    /// Language.
    pub lang: Lang,
    /// Its title.
    pub title: String,
    /// When it is published.
    pub date: Moment,
    /// The URL it will have, when its section and slug are known.
    pub url: Option<SitePath>,
}

impl Site {
    /// The home "section" of a language.
    pub fn home(&self, lang: &Lang) -> Option<SectionId> {
        self.sections
            .iter()
            .position(|s| s.dir.is_none() && &s.lang == lang)
    }

    /// The version of a section in `lang`, if it exists.
    pub fn section_in(&self, id: SectionId, lang: &Lang) -> Option<SectionId> {
        self.sections[id]
            .translations
            .iter()
            .copied()
            .find(|t| &self.sections[*t].lang == lang)
    }

    /// The version of a page in `lang`, if it exists.
    pub fn page_in(&self, id: PageId, lang: &Lang) -> Option<PageId> {
        self.pages[id]
            .translations
            .iter()
            .copied()
            .find(|t| &self.pages[*t].lang == lang)
    }
}

/// Options that change what is included.
#[derive(Debug, Clone)]
pub struct AssembleOptions {
    /// Include drafts and future-dated pages.
    pub drafts: bool,
    /// The build's "now".
    pub now: Moment,
    /// The register of licensed companies job orders are checked against.
    pub register: Option<crate::data::Register>,
}

/// Builds the site model from the documents.
///
/// The order of the steps matters: sections before pages (a page finds its
/// section's URL), translations before fallbacks (a fallback fills a gap
/// in a group), fallbacks before listings (they are listed like pages),
/// listings before taxonomies and aliases (term pages and `page/1/`
/// redirects need the pages in order), and the URL check last, when every
/// claimant of a URL exists.
pub fn assemble(
    docs: Vec<Document>,
    statics: &[(PathBuf, String)],
    config: &Config,
    opts: &AssembleOptions,
) -> (Site, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut site = Site {
        now: Some(opts.now.clone()),
        statics: statics.iter().map(|(_, inner)| inner.clone()).collect(),
        ..Site::default()
    };
    let (indexes, mut pages): (Vec<Document>, Vec<Document>) = docs
        .into_iter()
        .partition(|d| matches!(d.front, Front::Index(_)));
    taxonomy::canonicalize(&mut pages, config);

    make_sections(&mut site, indexes, &pages, config, &mut diags);
    make_pages(&mut site, pages, config, opts, &mut diags);
    translations::link(&mut site, config, &mut diags);
    if config.untranslated == crate::config::Untranslated::Fallback {
        translations::add_fallbacks(&mut site, config);
    }
    job_orders::check_and_close(&mut site, opts.register.as_ref(), &opts.now, &mut diags);
    fill_listings(&mut site, config);
    kinds::order_job_fairs(&mut site, &opts.now);
    job_orders::order_listings(&mut site);
    kinds::relate_articles(&mut site);
    kinds::check_references(&site, config, &mut diags);
    site.taxonomies = taxonomy::collect(&site, config, &mut diags);
    collect_aliases(&mut site, config, &mut diags);
    site.menus = links::menus(&site, config, &mut diags);
    check_unique_urls(&site, &mut diags);
    (site, diags)
}

/// Index files by (folder, language); the home page's folder is `None`.
type Indexes = BTreeMap<(Option<String>, Lang), Document>;

/// Makes every section (and home page) in every language it exists in,
/// in folder order; a language without its own `_index` borrows the
/// default language's front matter.
fn make_sections(
    site: &mut Site,
    indexes: Vec<Document>,
    pages: &[Document],
    config: &Config,
    diags: &mut Vec<Diagnostic>,
) {
    let mut own: Indexes = BTreeMap::new();
    for d in indexes {
        let dir = match &d.place {
            Place::Section { dir } => Some(dir.clone()),
            _ => None,
        };
        own.insert((dir, d.lang.clone()), d);
    }
    for (dir, mut langs) in wanted_sections(&own, pages, config) {
        langs.sort_by_key(|l| config.languages.iter().position(|c| &c.code == l));
        langs.dedup();
        let default_doc = own
            .get(&(dir.clone(), config.default_lang().clone()))
            .cloned();
        if dir.is_some() && default_doc.is_none() {
            orphan_translations(&own, dir.as_deref(), &langs, diags);
            continue;
        }
        for lang in langs {
            let doc = own
                .remove(&(dir.clone(), lang.clone()))
                .or_else(|| default_doc.clone());
            if let Some(section) = make_section(dir.as_ref(), lang, doc, config, diags) {
                site.sections.push(section);
            }
        }
    }
}

/// Every folder that has an index or pages, in every language that has
/// either (unsorted, with repeats); with fallbacks on, every section in
/// every language, to hold the fallback pages.
fn wanted_sections(
    own: &Indexes,
    pages: &[Document],
    config: &Config,
) -> BTreeMap<Option<String>, Vec<Lang>> {
    let mut wanted: BTreeMap<Option<String>, Vec<Lang>> = BTreeMap::new();
    let all = || config.languages.iter().map(|l| l.code.clone());
    wanted.entry(None).or_default().extend(all());
    if config.untranslated == crate::config::Untranslated::Fallback {
        for (dir, _) in own.keys() {
            if let Some(d) = dir {
                wanted.entry(Some(d.clone())).or_default().extend(all());
            }
        }
    }
    for (dir, lang) in own.keys() {
        wanted.entry(dir.clone()).or_default().push(lang.clone());
    }
    for p in pages {
        if let Place::Page {
            section: Some(dir), ..
        } = &p.place
        {
            wanted
                .entry(Some(dir.clone()))
                .or_default()
                .push(p.lang.clone());
        }
    }
    wanted
}

/// Errors for the translations of a section whose default-language
/// `_index.md` is missing (pages without a section index were already
/// reported by content).
fn orphan_translations(
    own: &Indexes,
    dir: Option<&str>,
    langs: &[Lang],
    diags: &mut Vec<Diagnostic>,
) {
    for lang in langs {
        if let Some(d) = own.get(&(dir.map(str::to_string), lang.clone())) {
            diags.push(Diagnostic::error(
                &d.rel,
                format!(
                    "translation of a section whose default-language `_index.md` does not exist (content/{}/_index.md)",
                    dir.unwrap_or("")
                ),
            ));
        }
    }
}

/// One section in `lang` from its index `doc` (its own or the default
/// language's), or a home page made from the config when there is none;
/// `None` when its slug is unusable (reported).
fn make_section(
    dir: Option<&String>,
    lang: Lang,
    doc: Option<Document>,
    config: &Config,
    diags: &mut Vec<Diagnostic>,
) -> Option<Section> {
    let (front, rel, markdown, body_line, kind) = match doc {
        Some(d) => {
            let own_file = d.lang == lang;
            let Front::Index(front) = d.front else {
                return None;
            };
            let rel = own_file.then_some(d.rel);
            (front, rel, d.body, d.body_line, d.kind)
        }
        None => (
            synthesized_home(config, &lang),
            None,
            String::new(),
            1,
            Kind::Pages,
        ),
    };
    let root = config.lang_root(&lang);
    let url = match dir {
        None => root,
        Some(dir) => match section_slug(dir, &front, rel.is_some()) {
            Ok(s) => root.child(s.as_str()),
            Err(m) => {
                let at = rel
                    .clone()
                    .unwrap_or_else(|| PathBuf::from("content").join(dir));
                diags.push(Diagnostic::error(at, format!("slug: {m}")));
                return None;
            }
        },
    };
    Some(Section {
        dir: dir.cloned(),
        lang,
        rel,
        front,
        kind,
        markdown,
        body_line,
        url,
        pages: Vec::new(),
        pagers: Vec::new(),
        translations: Vec::new(),
    })
}

/// A section's URL segment: its own `slug` when its index file sets one
/// (`own_file`), else its folder name folded.
fn section_slug(dir: &str, front: &SectionFront, own_file: bool) -> Result<Slug, String> {
    match front.slug.as_deref().filter(|_| own_file) {
        Some(s) => Slug::from_user(s).map_err(|m| m.to_string()),
        None => Slug::from_text(dir)
            .ok_or_else(|| format!("folder name `{dir}` has no letters or digits")),
    }
}

/// The front matter of a home page whose language has no `content/_index`
/// file: the language's title and description from site.toml. A portal
/// can start with pages only; the home page still exists in every language.
fn synthesized_home(config: &Config, lang: &Lang) -> SectionFront {
    let l = config.language(lang.as_str());
    SectionFront {
        title: l.map_or_else(|| config.title.clone(), |l| l.title.clone()),
        kind: None,
        sort_by: None,
        paginate_by: None,
        summary: l.map(|l| l.description.clone()).filter(|d| !d.is_empty()),
        weight: None,
        slug: None,
        aliases: Vec::new(),
        image: None,
        draft: false,
    }
}

/// Makes every published page, under its section (or its language's root);
/// drafts and future-dated pages are left out unless `opts.drafts`.
fn make_pages(
    site: &mut Site,
    docs: Vec<Document>,
    config: &Config,
    opts: &AssembleOptions,
    diags: &mut Vec<Diagnostic>,
) {
    site.pages.reserve(docs.len());
    for d in docs {
        let Front::Page(front) = &d.front else {
            continue;
        };
        let c = &front.common;
        if !opts.drafts && c.draft {
            continue;
        }
        // Future-dated pages are left out, but remembered for the schedule.
        let publish_at = c
            .date
            .clone()
            .filter(|date| !opts.drafts && date > &opts.now);
        if d.kind == Kind::Markets {
            place_market(site, config, d, publish_at, &opts.now, diags);
            continue;
        }
        let Some((section, parent, stem)) = page_place(site, config, &d) else {
            continue; // reported by content or make_sections
        };
        let slug = match page_slug(c.slug.as_deref(), stem) {
            Ok(s) => Some(s),
            // A scheduled page's slug is checked by the build that publishes it.
            Err(_) if publish_at.is_some() => None,
            Err(m) => {
                diags.push(Diagnostic::error(&d.rel, format!("slug: {m}")));
                continue;
            }
        };
        if let Some(date) = publish_at {
            site.scheduled.push(Scheduled {
                title: c.title.clone(),
                rel: d.rel,
                lang: d.lang,
                date,
                url: slug.map(|s| parent.child(s.as_str())),
            });
            continue;
        }
        if let Some(slug) = slug {
            let url = parent.child(slug.as_str());
            push_page(site, config, d, url, section, &opts.now);
        }
    }
}

/// Adds a published page at `url`; it is listed until its `expires`.
fn push_page(
    site: &mut Site,
    config: &Config,
    d: Document,
    url: SitePath,
    section: Option<SectionId>,
    now: &Moment,
) {
    let Front::Page(front) = d.front else {
        return;
    };
    let mut front = *front;
    let listed = front.common.expires.as_ref().is_none_or(|e| e > now);
    if let Some(dir) = d.rel.parent() {
        follow_folded_names(&mut front, &d.assets, &config.root.join(dir));
    }
    site.pages.push(Page {
        url,
        rel: d.rel,
        lang: d.lang,
        kind: d.kind,
        front,
        front_key: d.front_key,
        markdown: d.body,
        body_line: d.body_line,
        assets: d.assets,
        field_lines: d.field_lines,
        section,
        translations: Vec::new(),
        listed,
        related: Vec::new(),
        fallback: false,
    });
}

/// A market page stands at its term's URL, in no section (see
/// [`markets`]); a file named by an undeclared term is an error.
fn place_market(
    site: &mut Site,
    config: &Config,
    mut d: Document,
    publish_at: Option<Moment>,
    now: &Moment,
    diags: &mut Vec<Diagnostic>,
) {
    let Place::Page { stem, .. } = &d.place else {
        return;
    };
    let stem = stem.clone();
    let url = match markets::place(config, &stem, &d.lang) {
        Ok(url) => url,
        Err(m) => {
            diags.push(Diagnostic::error(&d.rel, m).at_line(1));
            return;
        }
    };
    let Front::Page(front) = &mut d.front else {
        return;
    };
    if let Some(date) = publish_at {
        site.scheduled.push(Scheduled {
            title: front.common.title.clone(),
            rel: d.rel,
            lang: d.lang,
            date,
            url: Some(url),
        });
        return;
    }
    if let KindData::Market(m) = &mut front.data {
        m.term = stem;
    }
    push_page(site, config, d, url, None, now);
}

/// Where a page document goes: its section (none at the top level), the URL
/// its own segment is added to, and its file stem; `None` when it is not a
/// page or its section was not made.
fn page_place<'d>(
    site: &Site,
    config: &Config,
    d: &'d Document,
) -> Option<(Option<SectionId>, SitePath, &'d str)> {
    let Place::Page { section, stem } = &d.place else {
        return None;
    };
    let Some(dir) = section.as_deref() else {
        return Some((None, config.lang_root(&d.lang), stem));
    };
    let id = site
        .sections
        .iter()
        .position(|s| s.dir.as_deref() == Some(dir) && s.lang == d.lang)?;
    Some((Some(id), site.sections[id].url.clone(), stem))
}

/// A page's URL segment: its `slug` when set, else its file name folded.
fn page_slug(slug: Option<&str>, stem: &str) -> Result<Slug, String> {
    match slug {
        Some(s) => Slug::from_user(s).map_err(|m| m.to_string()),
        None => Slug::from_text(stem).ok_or_else(|| {
            format!("file name `{stem}` has no letters or digits to make a URL from")
        }),
    }
}

/// Front-matter fields that name a bundle file (`image`, `photo`) follow
/// the file's folded output name (see `url::fold_file_name`).
fn follow_folded_names(front: &mut PageFront, assets: &[(PathBuf, String)], dir: &Path) {
    use unicode_normalization::UnicodeNormalization;
    let rename = |value: &mut Option<String>| {
        let Some(v) = value.as_mut() else { return };
        let wanted: String = v.trim_start_matches("./").nfc().collect();
        let found = assets.iter().find(|(src, _)| {
            src.strip_prefix(dir).is_ok_and(|w| {
                w.to_string_lossy()
                    .replace('\\', "/")
                    .nfc()
                    .collect::<String>()
                    == wanted
            })
        });
        if let Some((_, name)) = found {
            *v = name.clone();
        }
    };
    rename(&mut front.common.image);
    if let KindData::Story(story) = &mut front.data {
        rename(&mut story.photo);
    }
}

/// The content-relative source key of a document path (`tin-tuc/x.md`).
pub fn source_key(rel: &Path) -> String {
    let s = rel.to_string_lossy().replace('\\', "/");
    s.strip_prefix("content/").map(str::to_string).unwrap_or(s)
}

/// Orders pages for a listing.
pub fn sort_pages(pages: &mut [PageId], all: &[Page], by: SortBy) {
    match by {
        SortBy::Date => pages.sort_by(|a, b| {
            let (pa, pb) = (&all[*a], &all[*b]);
            pb.front
                .common
                .date
                .cmp(&pa.front.common.date)
                .then_with(|| pa.url.cmp(&pb.url))
        }),
        // Folding allocates: fold each title once, not once per comparison.
        SortBy::Weight => pages.sort_by_cached_key(|id| {
            let c = &all[*id].front.common;
            (c.weight.unwrap_or(i64::MAX), fold(&c.title))
        }),
        SortBy::Title => pages.sort_by_cached_key(|id| {
            (
                fold(&all[*id].front.common.title).to_lowercase(),
                all[*id].url.clone(),
            )
        }),
    }
}

/// Splits `len` items into pagers of `size` (0 = one pager) under `url`.
pub fn paginate(url: &SitePath, len: usize, size: usize) -> Vec<Pager> {
    if size == 0 || len <= size {
        return vec![Pager {
            number: 1,
            url: url.clone(),
            range: 0..len,
        }];
    }
    (0..len.div_ceil(size))
        .map(|i| Pager {
            number: i + 1,
            url: if i == 0 {
                url.clone()
            } else {
                url.pager(i + 1)
            },
            range: i * size..((i + 1) * size).min(len),
        })
        .collect()
}

/// Fills each section's listing: its listed pages (expired ones are left
/// out), sorted by the section's `sort_by` (by weight for plain pages, by
/// date for every dated kind), and split into pagers. A home page's own
/// listing is never paginated: the home page is one page.
fn fill_listings(site: &mut Site, config: &Config) {
    let mut members: Vec<Vec<PageId>> = vec![Vec::new(); site.sections.len()];
    for (id, p) in site.pages.iter().enumerate() {
        if let (Some(s), true) = (p.section, p.listed) {
            members[s].push(id);
        }
    }
    for (sid, mut list) in members.into_iter().enumerate() {
        let s = &site.sections[sid];
        let default_sort = match s.kind {
            Kind::Pages => SortBy::Weight,
            _ => SortBy::Date,
        };
        sort_pages(
            &mut list,
            &site.pages,
            s.front.sort_by.unwrap_or(default_sort),
        );
        let size = s.front.paginate_by.unwrap_or(config.paginate);
        let pagers = if s.dir.is_some() {
            paginate(&s.url, list.len(), size)
        } else {
            paginate(&s.url, list.len(), 0)
        };
        let s = &mut site.sections[sid];
        s.pagers = pagers;
        s.pages = list;
    }
}

/// Every redirect: the `aliases` pages and sections declare (old URLs that
/// links shared on Zalo or printed on notices still point at), and each
/// paginated section's `page/1/`. A bad alias is an error on its file.
fn collect_aliases(site: &mut Site, config: &Config, diags: &mut Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut push = |aliases: &[String], to: &SitePath, lang: &Lang, rel: &Path| {
        for a in aliases {
            match SitePath::from_user(a) {
                Ok(from) => out.push(Alias {
                    from,
                    to: to.clone(),
                    lang: lang.clone(),
                }),
                Err(m) => diags.push(Diagnostic::error(rel, format!("aliases: {m}"))),
            }
        }
    };
    for p in &site.pages {
        push(&p.front.common.aliases, &p.url, &p.lang, &p.rel);
    }
    for s in &site.sections {
        if let Some(rel) = &s.rel {
            push(&s.front.aliases, &s.url, &s.lang, rel);
        }
    }
    // `/section/page/1/` is the first pager: send it to the section itself.
    for s in &site.sections {
        if s.pagers.len() > 1 {
            out.push(Alias {
                from: s.url.pager(1),
                to: s.url.clone(),
                lang: s.lang.clone(),
            });
        }
    }
    let _ = config;
    site.aliases = out;
}

/// Errors for two things that would be written to one file (a page and a
/// pager, a term and an alias...): the second would silently replace the
/// first, so the build stops and names both. The first claimant in the
/// order sections, pages, taxonomies, aliases is the one kept in the
/// message, so it reads the same on every run.
fn check_unique_urls<'a>(site: &'a Site, diags: &mut Vec<Diagnostic>) {
    let mut seen: rustc_hash::FxHashMap<String, Claimant<'a>> = Default::default();
    let mut claim = |file: String, who: Claimant<'a>, diags: &mut Vec<Diagnostic>| {
        if let Some(first) = seen.get(&file) {
            diags.push(Diagnostic::general(format!(
                "{who} and {first} both want the URL /{file}; change a slug or an alias"
            )));
        } else {
            seen.insert(file, who);
        }
    };
    for s in &site.sections {
        for pg in &s.pagers {
            claim(pg.url.output_file(), Claimant::Section(s), diags);
        }
    }
    // A market page is written as its term's page, claimed below.
    for p in site.pages.iter().filter(|p| p.kind != Kind::Markets) {
        claim(p.url.output_file(), Claimant::File(&p.rel), diags);
    }
    for t in &site.taxonomies {
        claim(t.url.output_file(), Claimant::Taxonomy(&t.id), diags);
        for term in &t.terms {
            for pg in &term.pagers {
                claim(pg.url.output_file(), Claimant::Term(&term.id, &t.id), diags);
            }
        }
    }
    for a in &site.aliases {
        claim(a.from.output_file(), Claimant::Alias(&a.to), diags);
    }
}

/// What wants a URL, named only when two want the same one: naming every
/// page and pager up front was a tenth of assembling a big portal.
enum Claimant<'a> {
    /// A section's pager: its index file, or the section by URL.
    Section(&'a Section),
    /// A page, by its file.
    File(&'a Path),
    /// A taxonomy's list of terms, by id.
    Taxonomy(&'a str),
    /// A term's pager: the term's id and its taxonomy's.
    Term(&'a str, &'a str),
    /// An alias, by where it leads.
    Alias(&'a SitePath),
}

impl std::fmt::Display for Claimant<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Claimant::Section(s) => match &s.rel {
                Some(r) => write!(f, "{}", r.display()),
                None => write!(f, "section `{}`", s.url),
            },
            Claimant::File(rel) => write!(f, "{}", rel.display()),
            Claimant::Taxonomy(id) => write!(f, "taxonomy `{id}`"),
            Claimant::Term(term, taxonomy) => write!(f, "term `{term}` of `{taxonomy}`"),
            Claimant::Alias(to) => write!(f, "an alias to {to}"),
        }
    }
}
