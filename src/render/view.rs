//! The template contract: typed views of the site model, serialized into
//! each template's context. Templates see only these fields, so this file is
//! the reference for theme authors (see also the README).
//!
//! A listing's context holds only the items of its own pager, never the
//! whole section: rendering stays linear in the number of pages.
//!
//! A page shown as an item (in listings, term pages, related lists, the home
//! page) is serialized once per build ([`Views::item`]) and shared: tera's
//! values are reference-counted, so every further listing that shows it only
//! copies a pointer.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Serialize;

use crate::bodies::Bodies;
use crate::config::Config;
use crate::content::kinds::KindData;
use crate::i18n::Lang;
use crate::images::ImageSet;
use crate::markdown::TocEntry;
use crate::site::taxonomy::{page_terms, term_name};
use crate::site::{MenuLink, PageId, Pager, SectionId, Site, SitePath};

/// The current language and what belongs to it.
#[derive(Debug, Serialize, Clone)]
pub struct LangView {
    /// Code (`vi`).
    pub code: String,
    /// Its own name ("Tiếng Việt").
    pub name: String,
    /// Portal title in this language.
    pub title: String,
    /// Portal description in this language.
    pub description: String,
    /// Link to this language's home page.
    pub home: String,
    /// Main menu.
    pub menu: Vec<MenuLink>,
    /// True for the default language.
    pub is_default: bool,
    /// The agency's contact details (footer, home page).
    pub contact: Option<crate::config::Contact>,
    /// The fraud-warning block.
    pub warning: Option<WarningView>,
    /// Link to this language's search page.
    pub search: String,
    /// The agency running the portal.
    pub agency: Option<String>,
    /// Each taxonomy's name in this language, by id (`tags` -> "Chủ đề"):
    /// labels of a page's terms.
    pub taxonomies: BTreeMap<String, String>,
}

/// The fraud-warning block with its link resolved.
#[derive(Debug, Serialize, Clone)]
pub struct WarningView {
    /// Heading.
    pub title: String,
    /// Text.
    pub text: String,
    /// Link to the full warning page in this language.
    pub href: Option<String>,
}

/// The same content in another language (the switcher, hreflang links).
#[derive(Debug, Serialize, Clone)]
pub struct Alternate {
    /// Language code.
    pub lang: String,
    /// Language name.
    pub name: String,
    /// Link.
    pub href: String,
    /// Absolute URL.
    pub permalink: String,
    /// False when there is no translation and the link goes to that
    /// language's section or home page instead.
    pub translated: bool,
    /// True for the page being rendered.
    pub current: bool,
}

/// A link to a taxonomy term.
#[derive(Debug, Serialize, Clone)]
pub struct TermLink {
    /// Term id.
    pub id: String,
    /// Name in the page's language.
    pub name: String,
    /// Link to the term page.
    pub href: String,
}

/// A link with a title (breadcrumbs, section of a page).
#[derive(Debug, Serialize, Clone)]
pub struct Crumb {
    /// Text.
    pub title: String,
    /// Link.
    pub href: String,
}

/// A page as a template sees it; `content` and `toc` are empty in listings.
#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    /// Title.
    pub title: &'a str,
    /// Link (with base path).
    pub href: String,
    /// Absolute URL.
    pub permalink: String,
    /// Language code.
    pub lang: &'a str,
    /// Section kind (`articles`, `policies`, ...).
    pub kind: &'static str,
    /// RFC 3339 publication date (use the `date` filter).
    pub date: Option<String>,
    /// RFC 3339 update date.
    pub updated: Option<String>,
    /// The author's summary, plain text.
    pub summary: Option<&'a str>,
    /// The body's summary as HTML (before `<!-- more -->`, or the first paragraph).
    pub summary_html: Option<&'a str>,
    /// The body as HTML (empty in listings).
    pub content: &'a str,
    /// Table of contents (empty in listings).
    pub toc: &'a [TocEntry],
    /// Words in the body.
    pub word_count: usize,
    /// Minutes to read.
    pub reading_minutes: usize,
    /// The body has highlighted code (link `syntax.css`).
    pub has_code: bool,
    /// Terms per taxonomy id.
    pub terms: BTreeMap<String, Vec<TermLink>>,
    /// Image path as written.
    pub image: Option<&'a str>,
    /// Link to the image (a story's `photo`, else `image`): its processed
    /// JPEG about 960 pixels wide, or the file as written when it is not
    /// processed (remote, SVG).
    pub photo: Option<String>,
    /// The same image with every processed size, for `<picture>`/`srcset`.
    pub picture: Option<crate::images::Picture>,
    /// Kind-specific fields (`data.kind` is `article`, `policy`, `job_fair`, `story` or `page`).
    pub data: &'a KindData,
    /// Its section, if any.
    pub section: Option<Crumb>,
    /// False once `expires` has passed.
    pub listed: bool,
    /// RFC 3339 `expires`: listings mark the item to be hidden from then on
    /// (`data-hide-after`), as the next build would leave it out.
    pub expires: Option<String>,
    /// Policies: in force, expired, not yet, or unknown at build time.
    pub status: Option<super::kinds::Status>,
    /// Policies: support tables and successor (full pages only).
    pub policy: Option<super::kinds::PolicyView<'a>>,
    /// Job fairs: upcoming flag, calendar and map links.
    pub job_fair: Option<super::kinds::JobFairView>,
    /// Related pages, newest first (full pages only), as items.
    pub related: Vec<tera::Value>,
    /// The text is the original's, shown because no translation exists.
    pub fallback: bool,
    /// The language of the text when it differs from the page's (fallbacks).
    pub content_lang: Option<String>,
    /// Scam alerts: schemes and demanded amounts, formatted.
    pub scam_alert: Option<super::scam_alerts::ScamAlertView>,
    /// FAQ pages: the questions with anchors (full pages only).
    pub faq: Option<super::faq::FaqView<'a>>,
    /// A job order's state, register entry, wage and costs.
    pub job_order: Option<super::job_orders::JobOrderView<'a>>,
}

/// One page of a listing.
#[derive(Debug, Serialize)]
pub struct Paginator {
    /// 1-based number of this pager.
    pub current: usize,
    /// Number of pagers.
    pub total: usize,
    /// Items across all pagers.
    pub total_items: usize,
    /// Previous pager link.
    pub prev: Option<String>,
    /// Next pager link.
    pub next: Option<String>,
    /// Links to the first and last pagers and to those within
    /// [`PAGER_REACH`] of the current one (listing every pager on every
    /// pager would grow with the square of the listing's length).
    pub pages: Vec<PagerLink>,
}

/// A link in the pager list.
#[derive(Debug, Serialize)]
pub struct PagerLink {
    /// 1-based number.
    pub number: usize,
    /// Link.
    pub href: String,
    /// Is the current one.
    pub current: bool,
    /// Pagers were left out between the previous link and this one.
    pub gap: bool,
}

/// How many pagers on each side of the current one get a link.
pub const PAGER_REACH: usize = 2;

/// The pager numbers to link from pager `current` of `total`: the first,
/// the last and those within [`PAGER_REACH`] of the current one, each with
/// whether numbers were skipped before it.
pub fn pager_window(total: usize, current: usize) -> Vec<(usize, bool)> {
    let near = current.saturating_sub(PAGER_REACH).max(1)..=(current + PAGER_REACH).min(total);
    let mut numbers: Vec<usize> = std::iter::once(1).chain(near).chain([total]).collect();
    numbers.retain(|n| (1..=total).contains(n));
    numbers.dedup();
    let mut last = 0;
    numbers
        .into_iter()
        .map(|n| {
            let gap = n > last + 1;
            last = n;
            (n, gap)
        })
        .collect()
}

/// A section (or home, or term) listing as a template sees it.
#[derive(Debug, Serialize)]
pub struct ListingView<'a> {
    /// Title.
    pub title: &'a str,
    /// Link to the listing's first pager.
    pub href: String,
    /// Section kind.
    pub kind: &'static str,
    /// Introduction as HTML.
    pub content: &'a str,
    /// Summary line.
    pub summary: Option<&'a str>,
    /// The items of this pager (each a [`PageView`] without its body).
    pub pages: Vec<tera::Value>,
    /// Pagination.
    pub paginator: Paginator,
}

/// Builds views; holds what every view needs.
pub struct Views<'a> {
    /// The site.
    pub site: &'a Site,
    /// Rendered bodies, by page and section.
    pub bodies: &'a Bodies,
    /// Processed images.
    pub images: &'a ImageSet,
    /// The config.
    pub config: &'a Config,
    /// Number, money and date formats per language.
    pub locales: std::sync::Arc<crate::i18n::format::Locales>,
    /// Each page as an item, serialized when first needed (see the module doc).
    items: Vec<OnceLock<tera::Value>>,
    /// The register of licensed companies, when the portal has one.
    pub register: Option<&'a crate::data::Register>,
    /// The "check an offer" page of each language, when there is a register.
    pub check_offer: BTreeMap<String, SitePath>,
    /// Each configured language's [`LangView`], made once: every page's
    /// structured data and every listing's description read one.
    langs: BTreeMap<String, LangView>,
    /// A page's full view, kept from its rendering for its notice sheet's
    /// (see [`Views::full_page`]).
    handed: Vec<std::sync::Mutex<Option<tera::Value>>>,
}

impl Drop for Views<'_> {
    /// The serialized views (one per page, tens of allocations each) are
    /// freed on a thread of their own: the build goes on meanwhile.
    fn drop(&mut self) {
        let items = std::mem::take(&mut self.items);
        let handed = std::mem::take(&mut self.handed);
        crate::mem::drop_later((items, handed));
    }
}

impl<'a> Views<'a> {
    /// Views of `site`.
    pub fn new(
        input: &super::RenderInput<'a>,
        locales: std::sync::Arc<crate::i18n::format::Locales>,
    ) -> Self {
        let mut views = Views {
            site: input.site,
            bodies: input.bodies,
            images: input.images,
            config: input.config,
            locales,
            items: input.site.pages.iter().map(|_| OnceLock::new()).collect(),
            register: input.register,
            check_offer: BTreeMap::new(),
            langs: BTreeMap::new(),
            handed: input
                .site
                .pages
                .iter()
                .map(|_| Default::default())
                .collect(),
        };
        views.langs = input
            .config
            .languages
            .iter()
            .map(|l| (l.code.to_string(), views.make_lang(&l.code)))
            .collect();
        views
    }

    /// A page as an item of a list: [`Views::page`] without its body, made
    /// once and shared by every list that shows it.
    pub fn item(&self, id: PageId) -> tera::Value {
        self.items[id]
            .get_or_init(|| tera::Value::from_serializable(&self.page(id, false)))
            .clone()
    }

    /// [`Views::page`] with its body, serialized: kept for one more use
    /// when `again` (a page and then its notice sheet show the same view,
    /// body included), and taken if an earlier call kept it. Views never
    /// change while they live, so a kept value is the one a new call would
    /// make.
    pub fn full_page(&self, id: PageId, again: bool) -> tera::Value {
        // A poisoned lock only loses the kept value: the view is made again.
        let kept = self.handed[id].lock().ok().and_then(|mut k| k.take());
        let value = kept.unwrap_or_else(|| tera::Value::from_serializable(&self.page(id, true)));
        if again {
            if let Ok(mut k) = self.handed[id].lock() {
                *k = Some(value.clone());
            }
        }
        value
    }

    /// The build's "now".
    pub fn now(&self) -> &'a crate::time::Moment {
        static EPOCH: std::sync::OnceLock<crate::time::Moment> = std::sync::OnceLock::new();
        let site: &'a Site = self.site;
        site.now.as_ref().unwrap_or_else(|| {
            EPOCH.get_or_init(|| crate::time::Moment::from_timestamp(jiff::Timestamp::UNIX_EPOCH))
        })
    }

    /// The link to a file named in front matter: `/x.jpg` lives under
    /// `static/`, anything else beside the page (a bundle file).
    pub fn asset_href(&self, page: &SitePath, path: &str) -> String {
        if path.contains("://") {
            return path.to_string();
        }
        match path.strip_prefix('/') {
            Some(inner) => SitePath::root().file(inner).href(&self.config.base_url),
            None => page.file(path).href(&self.config.base_url),
        }
    }

    /// A link for a site path.
    pub fn href(&self, p: &SitePath) -> String {
        p.href(&self.config.base_url)
    }

    /// Everything about a language.
    pub fn lang(&self, lang: &Lang) -> LangView {
        self.lang_ref(lang).into_owned()
    }

    /// Everything about a language, borrowed when it is a configured one.
    pub fn lang_ref(&self, lang: &Lang) -> std::borrow::Cow<'_, LangView> {
        match self.langs.get(lang.as_str()) {
            Some(l) => std::borrow::Cow::Borrowed(l),
            None => std::borrow::Cow::Owned(self.make_lang(lang)),
        }
    }

    fn make_lang(&self, lang: &Lang) -> LangView {
        let l = self.config.language(lang.as_str());
        LangView {
            code: lang.to_string(),
            name: l.map_or_else(|| lang.to_string(), |l| l.name.clone()),
            title: l.map_or_else(|| self.config.title.clone(), |l| l.title.clone()),
            description: l.map_or_else(
                || self.config.description.clone(),
                |l| l.description.clone(),
            ),
            home: self.href(&self.config.lang_root(lang)),
            menu: self
                .site
                .menus
                .get(lang.as_str())
                .cloned()
                .unwrap_or_default(),
            is_default: lang == self.config.default_lang(),
            search: String::new(),
            agency: l.and_then(|l| l.agency.clone()),
            taxonomies: self
                .config
                .taxonomies
                .iter()
                .map(|t| {
                    let name = t.names.get(lang.as_str()).unwrap_or(&t.id);
                    (t.id.clone(), name.clone())
                })
                .collect(),
            contact: l.and_then(|l| l.contact.clone()),
            warning: l.and_then(|l| l.warning.as_ref()).map(|w| WarningView {
                title: w.title.clone(),
                text: w.text.clone(),
                href: w
                    .page
                    .as_ref()
                    .and_then(|p| self.site.by_source.get(p.trim_start_matches('/')))
                    .map(|t| {
                        crate::site::links::target_path(self.site, *t, lang)
                            .href(&self.config.base_url)
                    }),
            }),
        }
    }

    /// Term links of a page for every configured taxonomy.
    fn terms(&self, id: PageId) -> BTreeMap<String, Vec<TermLink>> {
        let p = &self.site.pages[id];
        let mut out = BTreeMap::new();
        for tax in &self.site.taxonomies {
            if tax.lang != p.lang {
                continue;
            }
            let links = page_terms(&p.front.data, &p.front.common.tags, &tax.id)
                .into_iter()
                .map(|term| self.term_link(tax, term, &p.lang))
                .collect();
            out.insert(tax.id.clone(), links);
        }
        out
    }

    /// The link to `term` of `tax` from a page in `lang`.
    fn term_link(
        &self,
        tax: &crate::site::Taxonomy,
        term: &str,
        lang: &crate::i18n::Lang,
    ) -> TermLink {
        match tax.term(term) {
            Some(t) => TermLink {
                id: term.to_string(),
                name: t.name.clone(),
                href: self.href(&t.url),
            },
            // Only unlisted pages (expired) carry terms no listed page has.
            None => TermLink {
                id: term.to_string(),
                name: term_name(self.config, &tax.id, term, lang).0,
                href: self.href(&tax.url),
            },
        }
    }

    /// The distinct terms of taxonomy `tax` among `pages`, with links to
    /// their term pages: plain-link filters (stories by country).
    ///
    /// Every pager of a section asks it of the whole section, so a page's
    /// terms of `tax` alone are read and a link is made only for a term not
    /// seen before (a page's own taxonomy of that id in its language; the
    /// last one, were there several, as [`Views::terms`] keeps).
    pub fn facet(&self, pages: &[PageId], tax: &str) -> Vec<TermLink> {
        let mut seen: BTreeMap<String, TermLink> = BTreeMap::new();
        for id in pages {
            let p = &self.site.pages[*id];
            let Some(t) = self
                .site
                .taxonomies
                .iter()
                .rev()
                .find(|t| t.lang == p.lang && t.id == tax)
            else {
                continue;
            };
            for term in page_terms(&p.front.data, &p.front.common.tags, &t.id) {
                if !seen.contains_key(term) {
                    seen.insert(term.to_string(), self.term_link(t, term, &p.lang));
                }
            }
        }
        let mut out: Vec<TermLink> = seen.into_values().collect();
        out.sort_by_cached_key(|t| crate::i18n::fold::fold(&t.name));
        out
    }

    /// A page's photo (a story's `photo`, else `image`): the link to show and,
    /// when it was processed, every size of it. See [`PageView::photo`].
    pub fn photo(&self, id: PageId) -> (Option<String>, Option<crate::images::Picture>) {
        let p = &self.site.pages[id];
        let written = match &p.front.data {
            KindData::Story(st) => st.photo.as_deref(),
            _ => None,
        }
        .or(p.front.common.image.as_deref());
        let picture = written
            .and_then(|path| self.images.get(&p.rel, path))
            .and_then(|img| crate::images::Picture::new(img, &self.config.base_url));
        let href = picture
            .as_ref()
            .map(|pic| pic.src.clone())
            .or_else(|| written.map(|path| self.asset_href(&p.url, path)));
        (href, picture)
    }

    /// A page, with its body when `full`.
    pub fn page(&self, id: PageId, full: bool) -> PageView<'a> {
        let site: &'a Site = self.site;
        let p = &site.pages[id];
        let c = &p.front.common;
        let (photo, picture) = self.photo(id);
        let body = self.bodies.page(id);
        PageView {
            title: &c.title,
            href: self.href(&p.url),
            permalink: p.url.permalink(&self.config.base_url),
            lang: p.lang.as_str(),
            kind: p.kind.as_str(),
            date: c.date.as_ref().map(|d| d.rfc3339()),
            updated: c.updated.as_ref().map(|d| d.rfc3339()),
            summary: c.summary.as_deref(),
            summary_html: body.summary_html.as_deref(),
            content: if full { &body.html } else { "" },
            toc: if full { &body.toc } else { &[] },
            word_count: body.words,
            reading_minutes: body.reading_minutes,
            has_code: body.has_code,
            terms: self.terms(id),
            image: c.image.as_deref(),
            photo,
            picture,
            data: &p.front.data,
            section: p.section.map(|s| self.section_crumb(s)),
            listed: p.listed,
            expires: c.expires.as_ref().map(|d| d.rfc3339()),
            status: match &p.front.data {
                KindData::Policy(pol) => Some(super::kinds::status(pol, self.now())),
                _ => None,
            },
            policy: if full { self.policy(id) } else { None },
            job_fair: match &p.front.data {
                KindData::JobFair(f) => {
                    Some(super::kinds::job_fair(site, self.config, id, f, self.now()))
                }
                _ => None,
            },
            fallback: p.fallback,
            content_lang: self.content_lang(id),
            job_order: match &p.front.data {
                KindData::JobOrder(o) => Some(super::job_orders::view(self, id, o)),
                _ => None,
            },
            related: if full {
                p.related.iter().map(|r| self.item(*r)).collect()
            } else {
                Vec::new()
            },
            scam_alert: match &p.front.data {
                KindData::ScamAlert(a) => Some(super::scam_alerts::view(
                    a,
                    self.locales.get(p.lang.as_str()),
                )),
                _ => None,
            },
            faq: match &p.front.data {
                KindData::Faq(f) if full => Some(super::faq::view(self, id, f)),
                _ => None,
            },
        }
    }

    /// The link to section `s` as a breadcrumb.
    fn section_crumb(&self, s: SectionId) -> Crumb {
        let section = &self.site.sections[s];
        Crumb {
            title: section.front.title.clone(),
            href: self.href(&section.url),
        }
    }

    /// A policy page's support tables and successor; `None` for other kinds.
    fn policy(&self, id: PageId) -> Option<super::kinds::PolicyView<'a>> {
        let site: &'a Site = self.site;
        let p = &site.pages[id];
        match &p.front.data {
            KindData::Policy(pol) => Some(super::kinds::policy(
                site,
                self.config,
                id,
                pol,
                self.now(),
                self.locales.get(p.lang.as_str()),
            )),
            _ => None,
        }
    }

    /// For a fallback page, the language of the original whose text it
    /// shows; `None` for a page in its own language.
    fn content_lang(&self, id: PageId) -> Option<String> {
        let site = self.site;
        let p = &site.pages[id];
        p.fallback
            .then(|| {
                p.translations
                    .iter()
                    .map(|t| &site.pages[*t])
                    .find(|o| !o.fallback && o.rel == p.rel)
            })
            .flatten()
            .map(|o| o.lang.to_string())
    }

    /// The switcher entries for a page: every language, translated or not.
    pub fn page_alternates(&self, id: PageId) -> Vec<Alternate> {
        let p = &self.site.pages[id];
        self.alternates(&p.lang, |lang| match self.site.page_in(id, lang) {
            Some(t) => (self.site.pages[t].url.clone(), !self.site.pages[t].fallback),
            None => match p.section.and_then(|s| self.site.section_in(s, lang)) {
                Some(s) => (self.site.sections[s].url.clone(), false),
                None => (self.config.lang_root(lang), false),
            },
        })
    }

    /// The switcher entries for a section pager (`number` ≥ 1).
    pub fn section_alternates(&self, id: SectionId, number: usize) -> Vec<Alternate> {
        let s = &self.site.sections[id];
        self.alternates(&s.lang, |lang| match self.site.section_in(id, lang) {
            Some(t) => {
                let other = &self.site.sections[t];
                match other.pagers.get(number - 1) {
                    Some(pg) => (pg.url.clone(), true),
                    None => (other.url.clone(), true),
                }
            }
            None => (self.config.lang_root(lang), false),
        })
    }

    /// Switcher entries from a function giving each language's target.
    pub fn alternates(
        &self,
        current: &Lang,
        target: impl Fn(&Lang) -> (SitePath, bool),
    ) -> Vec<Alternate> {
        self.config
            .languages
            .iter()
            .map(|l| {
                let (path, translated) = target(&l.code);
                Alternate {
                    lang: l.code.to_string(),
                    name: l.name.clone(),
                    href: self.href(&path),
                    permalink: path.permalink(&self.config.base_url),
                    translated,
                    current: &l.code == current,
                }
            })
            .collect()
    }

    /// A listing pager.
    pub fn listing(&self, src: &Listing<'a, '_>, pager: &Pager) -> ListingView<'a> {
        let Listing {
            title,
            url,
            kind,
            content,
            summary,
            items,
            pagers,
        } = *src;
        let pages = items[pager.range.clone()]
            .iter()
            .map(|id| self.item(*id))
            .collect();
        let at = |n: usize| pagers.get(n.wrapping_sub(1)).map(|p| self.href(&p.url));
        ListingView {
            title,
            href: self.href(url),
            kind,
            content,
            summary,
            pages,
            paginator: Paginator {
                current: pager.number,
                total: pagers.len(),
                total_items: items.len(),
                prev: if pager.number > 1 {
                    at(pager.number - 1)
                } else {
                    None
                },
                next: at(pager.number + 1),
                pages: pager_window(pagers.len(), pager.number)
                    .into_iter()
                    .map(|(n, gap)| PagerLink {
                        number: n,
                        href: self.href(&pagers[n - 1].url),
                        current: n == pager.number,
                        gap,
                    })
                    .collect(),
            },
        }
    }
}

/// What a listing is made of (a section, the home page or a term).
#[derive(Clone, Copy)]
pub struct Listing<'a, 'b> {
    /// Title.
    pub title: &'a str,
    /// URL of the first pager.
    pub url: &'b SitePath,
    /// Kind name.
    pub kind: &'static str,
    /// Introduction HTML.
    pub content: &'a str,
    /// Summary line.
    pub summary: Option<&'a str>,
    /// All items in order.
    pub items: &'b [PageId],
    /// The pagers.
    pub pagers: &'b [Pager],
}

#[cfg(test)]
mod tests {
    use super::pager_window;

    #[test]
    fn pager_window_links_ends_and_neighbours() {
        let w = |total, current| pager_window(total, current);
        assert_eq!(w(0, 1), vec![]);
        assert_eq!(w(1, 1), vec![(1, false)]);
        assert_eq!(w(3, 2), vec![(1, false), (2, false), (3, false)]);
        assert_eq!(
            w(50, 1),
            vec![(1, false), (2, false), (3, false), (50, true)]
        );
        assert_eq!(
            w(50, 10),
            vec![
                (1, false),
                (8, true),
                (9, false),
                (10, false),
                (11, false),
                (12, false),
                (50, true)
            ]
        );
        assert_eq!(
            w(50, 49),
            vec![
                (1, false),
                (47, true),
                (48, false),
                (49, false),
                (50, false)
            ]
        );
        assert_eq!(w(5, 3).len(), 5, "no gap when every number fits");
    }
}
