//! Render: the site model through the templates into files in memory.
//!
//! Every page, listing pager, taxonomy page, 404 page and redirect becomes an
//! [`OutputFile`]; theme and portal static files, content files and bundle
//! assets are listed for copying. Nothing is written here: `output` writes,
//! `serve` keeps files in memory, `check` scans them.

pub mod bulletin;
pub mod compact;
pub mod faq;
pub mod feeds;
pub mod home;
pub mod ics;
pub mod job_orders;
pub mod kinds;
pub mod markets;
pub mod qr;
pub mod scam_alerts;
pub mod script;
pub mod search;
pub mod seo;
pub mod share;
pub mod sheet;
pub mod sitemap;
pub mod templates;
pub mod view;

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::artifact::{Body, Html, OutputFile};
use crate::bodies::Bodies;
use crate::config::Config;
use crate::error::Diagnostic;
use crate::i18n::Lang;
use crate::images::ImageSet;
use crate::site::{Pager, Site, SitePath};
use crate::time::Moment;
use templates::Theme;
use view::{Crumb, LangView, Views};

/// Site-wide values every template can use as `site`.
#[derive(Debug, Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    base_path: &'a str,
    default_language: &'a str,
    languages: Vec<LangView>,
    extra: &'a toml::Table,
    now: String,
    style: String,
    /// Hosts whose iframes the content may embed (for the CSP's frame-src).
    iframe_hosts: &'a [String],
}

/// What [`Renderer::render_texts_of`] made again.
pub struct Redone {
    /// The files.
    pub files: Vec<OutputFile>,
    /// Why some could not be made, and warnings.
    pub diags: Vec<Diagnostic>,
    /// Output folders (`search/vi/`) made again whole: a file there that
    /// is not among `files` is no longer part of the site.
    pub folders: Vec<String>,
}

/// One rendering: a file, or why it could not be made.
type Made = Result<OutputFile, Diagnostic>;

/// What a group of renderings gives, in order.
type Rendered = Vec<Made>;

/// What becomes of a group's files: kept in order, or sent on as made.
trait Drain: Sync {
    /// What a group leaves behind.
    type Out: Send;
    /// Takes a group's renderings.
    fn drain(&self, made: impl ParallelIterator<Item = Made>) -> Self::Out;
}

/// Keeps every file, in the group's order (rayon's `collect` keeps it).
struct Keep;

impl Drain for Keep {
    type Out = Rendered;
    fn drain(&self, made: impl ParallelIterator<Item = Made>) -> Rendered {
        made.collect()
    }
}

/// Sends each file on as soon as it is made; keeps only the diagnostics.
struct SendOn<'a>(&'a (dyn Fn(OutputFile) + Sync));

impl Drain for SendOn<'_> {
    type Out = Vec<Diagnostic>;
    fn drain(&self, made: impl ParallelIterator<Item = Made>) -> Vec<Diagnostic> {
        made.filter_map(|m| match m {
            Ok(f) => {
                (self.0)(f);
                None
            }
            Err(d) => Some(d),
        })
        .collect()
    }
}

/// What render reads, each value made by an earlier stage and passed on
/// unchanged: the site (where pages stand), their bodies and images, and
/// the settings, theme, moment and register they are shown with.
#[derive(Clone, Copy)]
pub struct RenderInput<'a> {
    /// Where every page and section stands.
    pub site: &'a Site,
    /// Their rendered Markdown.
    pub bodies: &'a Bodies,
    /// The photos they use, processed.
    pub images: &'a ImageSet,
    /// The settings.
    pub config: &'a Config,
    /// Templates, strings and static files.
    pub theme: &'a Theme,
    /// The build's "now".
    pub now: &'a Moment,
    /// The register of licensed companies, when the portal has one.
    pub register: Option<&'a crate::data::Register>,
}

/// Everything the renderer needs, made once per build.
pub struct Renderer<'a> {
    tera: Tera,
    theme: &'a Theme,
    views: Views<'a>,
    /// Each language's `L`, serialized once (shared by every page's context).
    langs: BTreeMap<String, tera::Value>,
    strings: Arc<crate::i18n::strings::UiStrings>,
    register: Option<&'a crate::data::Register>,
    /// Warnings found while preparing (missing UI strings).
    pub warnings: Vec<Diagnostic>,
}

/// The half of the renderer that depends on the settings and the theme
/// alone: the compiled templates, the checked UI strings and the number
/// and date formats. A build makes it beside the content stages, which do
/// not need it (on the sample portal it was a fifth of the build, on one
/// core while the other waited).
pub struct Styling {
    tera: Tera,
    strings: Arc<crate::i18n::strings::UiStrings>,
    locales: Arc<crate::i18n::format::Locales>,
    /// The stylesheet's fingerprinted link.
    style: String,
    /// Warnings found while preparing (missing UI strings).
    warnings: Vec<Diagnostic>,
}

impl Styling {
    /// Checks the UI strings and compiles the templates.
    pub fn new(config: &Config, theme: &Theme) -> Result<Styling, Vec<Diagnostic>> {
        let (strings, warnings) = checked_strings(theme, config)?;
        let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
        let locales = Arc::new(crate::i18n::format::Locales::new(
            &strings,
            codes,
            config.default_lang().as_str(),
        ));
        let asset_hrefs = asset_hrefs(theme, config);
        let style = asset_hrefs.get("style.css").cloned().unwrap_or_default();
        let tera = theme.tera(strings.clone(), locales.clone(), Arc::new(asset_hrefs))?;
        Ok(Styling {
            tera,
            strings,
            locales,
            style,
            warnings,
        })
    }

    /// Starts making it on a thread of its own, from copies of `config`
    /// and `theme` (the theme's copy shares its memo of merged UI strings
    /// with `theme`, so they are merged once).
    pub fn start(config: &Config, theme: &Theme) -> PendingStyling {
        let (config, theme) = (config.clone(), theme.clone());
        let make = move || Styling::new(&config, &theme);
        // Without a thread it is made when asked for.
        let handle = std::thread::Builder::new()
            .name("loa-styling".into())
            .spawn(make)
            .ok();
        PendingStyling { handle }
    }
}

/// A [`Styling`] being made (see [`Styling::start`]).
pub struct PendingStyling {
    handle: Option<std::thread::JoinHandle<Result<Styling, Vec<Diagnostic>>>>,
}

impl PendingStyling {
    /// The styling, once made; `None` when no thread could be started
    /// (then the caller makes it). A panic while making it goes on here,
    /// as if it had been made on this thread.
    pub fn get(self) -> Option<Result<Styling, Vec<Diagnostic>>> {
        let handle = self.handle?;
        Some(
            handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        )
    }
}

impl<'a> Renderer<'a> {
    /// Compiles the templates and prepares the shared context.
    pub fn new(input: &RenderInput<'a>) -> Result<Self, Vec<Diagnostic>> {
        Ok(Renderer::with(
            input,
            Styling::new(input.config, input.theme)?,
        ))
    }

    /// The renderer of `input` with templates compiled already (`styling`,
    /// made from the same settings and theme).
    pub fn with(input: &RenderInput<'a>, styling: Styling) -> Self {
        let RenderInput {
            config,
            theme,
            now,
            register,
            ..
        } = *input;
        let Styling {
            mut tera,
            strings,
            locales,
            style,
            warnings,
        } = styling;
        let mut views = Views::new(input, locales);
        if register.is_some() {
            for l in &config.languages {
                if let Some(p) = job_orders::check_offer_path(config, &strings, &l.code) {
                    views.check_offer.insert(l.code.as_str().to_string(), p);
                }
            }
        }
        let langs = lang_values(&views, &strings);
        let site_view = site_view(&views, now, style);
        tera.global_context().insert("site", &site_view);
        Renderer {
            tera,
            theme,
            views,
            langs,
            strings,
            register,
            warnings,
        }
    }

    fn base_context(&self, lang: &Lang, canonical: &SitePath) -> Context {
        let mut ctx = Context::new();
        ctx.insert("lang", lang.as_str());
        if let Some(l) = self.langs.get(lang.as_str()) {
            ctx.insert_value("L", l.clone());
        }
        ctx.insert(
            "canonical",
            &canonical.permalink(&self.views.config.base_url),
        );
        ctx.insert("current_path", &self.views.href(canonical));
        // The build's day, for the "as of" notes beside date-dependent text.
        // A day, not the moment: pages then change once a day, not on every build.
        ctx.insert("today", &self.views.now().local().date().to_string());
        ctx
    }

    fn pick(&self, specific: &str, general: &str) -> String {
        if self.tera.get_template_names().any(|n| n == specific) {
            specific.to_string()
        } else {
            general.to_string()
        }
    }

    fn render(
        &self,
        template: &str,
        ctx: &Context,
        path: &SitePath,
        what: &str,
    ) -> Result<OutputFile, Diagnostic> {
        // Most pages are 8–16 KB: one allocation, not a doubling series.
        let mut html = Vec::with_capacity(16 * 1024);
        match self.tera.render_to(template, ctx, &mut html) {
            Ok(()) => Ok(OutputFile {
                path: path.output_file(),
                body: Body::Html(Html::rendered(html)),
            }),
            Err(e) => {
                let mut d = self.theme.diagnostic(&e);
                d.message = format!("{} (while rendering {what})", d.message);
                Err(d)
            }
        }
    }

    /// Breadcrumbs and share/structured data for pages other than content pages.
    fn meta(
        &self,
        ctx: &mut Context,
        lang: &Lang,
        title: &str,
        path: &SitePath,
        crumbs: Vec<Crumb>,
    ) {
        let meta = seo::ListingMeta {
            lang,
            title,
            description: None,
            path,
            crumbs: &crumbs,
            home_search: None,
        };
        ctx.insert("seo", &seo::listing(&self.views, &meta));
        ctx.insert("breadcrumbs", &crumbs);
    }

    /// The search page of a language (`/tim-kiem/`, `/en/search/`), from the
    /// `search_path` UI string.
    pub fn search_path(&self, lang: &Lang) -> SitePath {
        search_path_of(self.views.config, &self.strings, lang)
    }

    /// "Trang chủ" / "Home": the first breadcrumb, from the UI strings.
    fn home_label(&self, lang: &Lang) -> String {
        self.strings
            .get(lang.as_str(), "home")
            .unwrap_or("⌂")
            .to_string()
    }

    fn crumbs(&self, lang: &Lang, section: Option<usize>) -> Vec<Crumb> {
        let site = self.views.site;
        let mut out = Vec::new();
        if let Some(home) = site.home(lang) {
            out.push(Crumb {
                title: self.home_label(lang),
                href: self.views.href(&site.sections[home].url),
            });
        }
        if let Some(s) = section {
            out.push(Crumb {
                title: site.sections[s].front.title.clone(),
                href: self.views.href(&site.sections[s].url),
            });
        }
        out
    }

    /// Renders every file of the site into memory, in a fixed order
    /// (`loa serve` and `loa check` keep them).
    pub fn render_all(&self) -> (Vec<OutputFile>, Vec<Diagnostic>) {
        let mut files = Vec::new();
        let mut diags = Vec::new();
        for r in self.groups(&Keep).into_iter().flatten() {
            match r {
                Ok(f) => files.push(f),
                Err(d) => diags.push(d),
            }
        }
        (files, diags)
    }

    /// Renders every file of the site and hands each to `send` as soon as
    /// it is made, from any thread, in no set order (`loa build`, which
    /// writes it at once: the site is never held in memory whole).
    pub fn render_each(&self, send: &(dyn Fn(OutputFile) + Sync)) -> Vec<Diagnostic> {
        self.groups(&SendOn(send)).into_iter().flatten().collect()
    }

    /// The five groups of files through `drain`, side by side: they are
    /// independent, so a small portal's groups, each too small to keep both
    /// cores busy, overlap, and the serial parts of one (feeds, the
    /// sitemap) run beside the parallel parts of another. Results come
    /// back in a fixed order of groups.
    fn groups<D: Drain>(&self, drain: &D) -> [D::Out; 5] {
        let timed = |name: &str, group: &(dyn Fn() -> D::Out + Sync)| -> D::Out {
            let mut t = crate::progress::Stages::from_env();
            let out = group();
            t.mark(name);
            out
        };
        let (pages, (terms, (misc, (search, sitemap)))) = rayon::join(
            || timed("  pages+sections", &|| drain.drain(self.content_pages())),
            || {
                rayon::join(
                    || timed("  terms", &|| drain.drain(self.term_pages())),
                    || {
                        rayon::join(
                            || {
                                timed("  misc+feeds", &|| {
                                    drain.drain(self.misc_files().into_par_iter())
                                })
                            },
                            || {
                                rayon::join(
                                    || {
                                        timed("  search", &|| {
                                            drain.drain(self.search_files().into_par_iter())
                                        })
                                    },
                                    || {
                                        timed("  sitemap", &|| {
                                            drain.drain(self.sitemap_files().into_par_iter())
                                        })
                                    },
                                )
                            },
                        )
                    },
                )
            },
        );
        [pages, terms, misc, search, sitemap]
    }

    /// Content pages (each followed by its notice sheet), section pagers
    /// and taxonomy overviews.
    fn content_pages(&self) -> impl ParallelIterator<Item = Made> + '_ {
        let site = self.views.site;
        // A market page is written as its term's page (see `term`).
        let pages = site
            .pages
            .par_iter()
            .enumerate()
            .filter(|(_, p)| p.kind != crate::content::kinds::Kind::Markets)
            .flat_map_iter(|(id, p)| {
                let page = crate::error::guard(&p.rel, || self.page(id)).and_then(|r| r);
                // The page's one-page notice sheet (fairs, orders, policies,
                // alerts) right after it on the same thread: both draw the
                // page's QR code, which `qr` keeps for the next call.
                std::iter::once(page).chain(self.sheet(id))
            });
        let sections = site
            .sections
            .par_iter()
            .enumerate()
            .flat_map_iter(|(id, s)| (0..s.pagers.len()).map(move |n| (id, n)))
            .map(|(id, n)| self.section(id, n));
        let taxonomies = (0..site.taxonomies.len())
            .into_par_iter()
            .map(|t| self.taxonomy(t));
        pages.chain(sections).chain(taxonomies)
    }

    /// Term pagers: as many as section pagers on a tagged portal, so in parallel too.
    fn term_pages(&self) -> impl ParallelIterator<Item = Made> + '_ {
        let site = self.views.site;
        let terms: Vec<(usize, usize, usize)> = site
            .taxonomies
            .iter()
            .enumerate()
            .flat_map(|(t, tax)| {
                tax.terms
                    .iter()
                    .enumerate()
                    .flat_map(move |(term, tm)| (0..tm.pagers.len()).map(move |n| (t, term, n)))
            })
            .collect();
        terms
            .into_par_iter()
            .map(|(t, term, n)| self.term(t, term, n))
    }

    /// The files that show more of the pages `ids` than their face (what
    /// listings, term pages, related lists, translations' links and the
    /// sitemap show: front matter, URL, summary, reading time): their own
    /// pages and notice sheets, the search index of their languages (it
    /// holds their text), the feeds when they carry whole texts, and the
    /// bulletins (read from the Markdown). Every other file is the same as
    /// long as no page's face changed: this is what lets `loa build` redo
    /// only these after an edit to a page's text. Whoever makes another
    /// file read a page's body (`views.bodies`, `Page::markdown`) adds it
    /// here. `None` for a market page, whose text is its term's page.
    pub fn render_texts_of(&self, ids: &[usize]) -> Option<Redone> {
        let site = self.views.site;
        let kind = crate::content::kinds::Kind::Markets;
        if ids.iter().any(|&id| site.pages[id].kind == kind) {
            return None;
        }
        let mut langs: Vec<&Lang> = Vec::new();
        for &id in ids {
            let p = &site.pages[id];
            if p.listed && !langs.contains(&&p.lang) {
                langs.push(&p.lang);
            }
        }
        // In the order of the configured languages, as a full build makes them.
        langs.sort_by_key(|l| {
            self.views
                .config
                .languages
                .iter()
                .position(|c| &c.code == *l)
        });
        let feeds = self.views.config.feeds.full_content && !langs.is_empty();
        let bulletins = ids.iter().any(|&id| bulletin::is_item(&site.pages[id]));
        let (mut made, (search, (feed_files, bulletin_files))) = rayon::join(
            || -> Rendered {
                ids.par_iter()
                    .flat_map_iter(|&id| {
                        let p = &site.pages[id];
                        let page = crate::error::guard(&p.rel, || self.page(id)).and_then(|r| r);
                        std::iter::once(page).chain(self.sheet(id))
                    })
                    .collect()
            },
            || {
                rayon::join(
                    || self.search_files_of(&langs),
                    || {
                        let feed_files = match feeds {
                            true => feeds::files(&self.views),
                            false => Vec::new(),
                        };
                        let bulletin_files = match bulletins {
                            true => bulletin::files_of(&self.bulletin_source(), ids),
                            false => Vec::new(),
                        };
                        (feed_files, bulletin_files)
                    },
                )
            },
        );
        made.extend(search);
        made.extend(feed_files.into_iter().map(Ok));
        made.extend(bulletin_files.into_iter().map(Ok));
        let mut files = Vec::new();
        let mut diags = Vec::new();
        for m in made {
            match m {
                Ok(f) => files.push(f),
                Err(d) => diags.push(d),
            }
        }
        let folders = langs.iter().map(|l| search::folder(l)).collect();
        Some(Redone {
            files,
            diags,
            folders,
        })
    }

    /// Not-found pages, aliases, the agency register, calendars and feeds.
    fn misc_files(&self) -> Rendered {
        let site = self.views.site;
        let mut results = Rendered::new();
        for l in &self.views.config.languages {
            results.push(self.not_found(&l.code));
        }
        for a in &site.aliases {
            results.push(self.alias(a));
        }
        if let Some(register) = self.register {
            for l in &self.views.config.languages {
                results.push(self.register_page(register, &l.code));
                results.push(self.check_offer_page(register, &l.code));
            }
        }
        results.extend(ics::files(site, self.views.config).into_iter().map(Ok));
        results.extend(feeds::files(&self.views).into_iter().map(Ok));
        results.extend(bulletin::files(&self.bulletin_source()).into_iter().map(Ok));
        results
    }

    /// The search index and search page of each language.
    fn search_files(&self) -> Rendered {
        let langs: Vec<&Lang> = self
            .views
            .config
            .languages
            .iter()
            .map(|l| &l.code)
            .collect();
        self.search_files_of(&langs)
    }

    /// The search index and search page of each of `langs`.
    fn search_files_of(&self, langs: &[&Lang]) -> Rendered {
        let mut results = Rendered::new();
        // One language at a time: each index is parallel inside, and two
        // sets of postings at once would double the peak memory.
        for l in langs {
            let path = self.search_path(l);
            results.extend(search::files_for(&self.views, l, &path).into_iter().map(Ok));
            results.push(self.search_page(l, &path));
        }
        results
    }

    fn sitemap_files(&self) -> Rendered {
        sitemap::files(&self.views, sitemap::MAX_URLS)
            .into_iter()
            .map(Ok)
            .collect()
    }

    /// Renders the page `id` alone (`loa serve`'s quick answer to an edit).
    pub fn render_page(&self, id: usize) -> Result<OutputFile, Diagnostic> {
        let p = &self.views.site.pages[id];
        if let Some((t, term)) = self.term_of(id) {
            return crate::error::guard(&p.rel, || self.term(t, term, 0)).and_then(|r| r);
        }
        crate::error::guard(&p.rel, || self.page(id)).and_then(|r| r)
    }

    /// The taxonomy and term whose text market page `id` is, if it is one.
    fn term_of(&self, id: usize) -> Option<(usize, usize)> {
        let site = self.views.site;
        site.taxonomies.iter().enumerate().find_map(|(t, tax)| {
            tax.terms
                .iter()
                .position(|tm| tm.page == Some(id))
                .map(|term| (t, term))
        })
    }

    fn page(&self, id: usize) -> Result<OutputFile, Diagnostic> {
        let site = self.views.site;
        let p = &site.pages[id];
        // A fallback repeats the original: search engines should index the original.
        let canonical = match p.fallback {
            true => p
                .translations
                .iter()
                .map(|t| &site.pages[*t])
                .find(|o| !o.fallback && o.rel == p.rel)
                .map_or(&p.url, |o| &o.url),
            false => &p.url,
        };
        let mut ctx = self.base_context(&p.lang, canonical);
        // The notice sheet, made next, shows the same view.
        let sheet = self.sheet_path(id);
        ctx.insert_value("page", self.views.full_page(id, sheet.is_some()));
        ctx.insert(
            "scam_alerts",
            &scam_alerts::on_warning_page(&self.views, id),
        );
        ctx.insert("alternates", &self.views.page_alternates(id));
        let crumbs = self.crumbs(&p.lang, p.section);
        ctx.insert("seo", &seo::page(&self.views, id, &crumbs));
        ctx.insert("breadcrumbs", &crumbs);
        ctx.insert("share", &self.share(id));
        if let Some(sheet) = sheet {
            ctx.insert("sheet", &self.views.href(&sheet));
        }
        let template = self.pick(&format!("page/{}.html", p.kind.as_str()), "page.html");
        self.render(&template, &ctx, &p.url, &p.rel.display().to_string())
    }

    /// What the loudspeaker bulletins are made from.
    fn bulletin_source(&self) -> bulletin::Source<'_> {
        bulletin::Source {
            site: self.views.site,
            config: self.views.config,
            now: self.views.now(),
            register: self.register,
            strings: &self.strings,
        }
    }

    /// The bulletin of the items dated from `from` to `to` (`loa bulletin
    /// --since`); `None` when no item is.
    pub fn bulletin_between(
        &self,
        from: jiff::civil::Date,
        to: jiff::civil::Date,
    ) -> Option<String> {
        bulletin::between(&self.bulletin_source(), from, to)
    }

    /// Page `id`'s share links and text (`loa share` prints the text).
    pub fn share(&self, id: usize) -> share::ShareView {
        let p = &self.views.site.pages[id];
        let permalink = p.url.permalink(&self.views.config.base_url);
        let locale = self.views.locales.get(p.lang.as_str());
        share::view(p, &permalink, &self.strings, locale)
    }

    /// Page `n` of section `id`'s listing; a language's root section is its
    /// home page.
    fn section(&self, id: usize, n: usize) -> Result<OutputFile, Diagnostic> {
        let s = &self.views.site.sections[id];
        let pager = &s.pagers[n];
        let mut ctx = self.base_context(&s.lang, &pager.url);
        let src = view::Listing {
            title: &s.front.title,
            url: &s.url,
            kind: s.kind.as_str(),
            content: &self.views.bodies.section(id).html,
            summary: s.front.summary.as_deref(),
            items: &s.pages,
            pagers: &s.pagers,
        };
        let listing = self.views.listing(&src, pager);
        ctx.insert("section", &listing);
        self.insert_kind_extras(&mut ctx, id);
        ctx.insert(
            "alternates",
            &self.views.section_alternates(id, pager.number),
        );
        let what = s.rel.as_ref().map_or_else(
            || format!("the listing {}", pager.url),
            |r| r.display().to_string(),
        );
        if s.dir.is_none() {
            return self.home_page(ctx, id, pager, &what);
        }
        let crumbs = self.crumbs(&s.lang, None);
        let meta = seo::ListingMeta {
            lang: &s.lang,
            title: &s.front.title,
            description: s.front.summary.as_deref(),
            path: &pager.url,
            crumbs: &crumbs,
            home_search: None,
        };
        ctx.insert("seo", &seo::listing(&self.views, &meta));
        ctx.insert("breadcrumbs", &crumbs);
        let template = self.pick(&format!("section/{}.html", s.kind.as_str()), "section.html");
        self.render(&template, &ctx, &pager.url, &what)
    }

    /// What a section's kind adds to its listing: how many fairs are still
    /// to come, the countries stories are from.
    fn insert_kind_extras(&self, ctx: &mut Context, id: usize) {
        let site = self.views.site;
        let s = &site.sections[id];
        if s.kind == crate::content::kinds::Kind::JobFairs {
            let now = self.views.now();
            let upcoming = s
                .pages
                .iter()
                .filter(|id| crate::site::kinds::is_upcoming(&site.pages[**id].front.data, now))
                .count();
            ctx.insert("upcoming_count", &upcoming);
        }
        if s.kind == crate::content::kinds::Kind::Stories {
            ctx.insert("countries", &self.views.facet(&s.pages, "markets"));
        }
        if s.kind == crate::content::kinds::Kind::JobOrders {
            ctx.insert("order_markets", &self.views.facet(&s.pages, "markets"));
            ctx.insert(
                "order_occupations",
                &job_orders::occupations(&self.views, &s.pages),
            );
        }
    }

    /// A language's home page (its root section): no breadcrumbs, the
    /// site's search action in the structured data, and the home view.
    fn home_page(
        &self,
        mut ctx: Context,
        id: usize,
        pager: &Pager,
        what: &str,
    ) -> Result<OutputFile, Diagnostic> {
        let s = &self.views.site.sections[id];
        let search = self.search_path(&s.lang);
        let meta = seo::ListingMeta {
            lang: &s.lang,
            title: &s.front.title,
            description: s.front.summary.as_deref(),
            path: &pager.url,
            crumbs: &[],
            home_search: Some(&search),
        };
        ctx.insert("seo", &seo::listing(&self.views, &meta));
        ctx.insert("breadcrumbs", &Vec::<Crumb>::new());
        ctx.insert("home", &home::home(&self.views, &s.lang));
        self.render("index.html", &ctx, &pager.url, what)
    }

    fn taxonomy(&self, t: usize) -> Result<OutputFile, Diagnostic> {
        let tax = &self.views.site.taxonomies[t];
        let mut ctx = self.base_context(&tax.lang, &tax.url);
        let terms: Vec<TermCount> = tax
            .terms
            .iter()
            .map(|term| TermCount {
                name: &term.name,
                href: self.views.href(&term.url),
                count: term.pages.len(),
            })
            .collect();
        ctx.insert(
            "taxonomy",
            &TaxonomyView {
                id: &tax.id,
                name: &tax.name,
                href: self.views.href(&tax.url),
                terms,
            },
        );
        let same = |lang: &Lang| {
            self.views
                .site
                .taxonomies
                .iter()
                .find(|o| o.id == tax.id && &o.lang == lang)
                .map(|o| o.url.clone())
        };
        ctx.insert(
            "alternates",
            &self.views.alternates(&tax.lang, |l| {
                (
                    same(l).unwrap_or_else(|| self.views.config.lang_root(l)),
                    true,
                )
            }),
        );
        let crumbs = self.crumbs(&tax.lang, None);
        self.meta(&mut ctx, &tax.lang, &tax.name, &tax.url, crumbs);
        self.render(
            "taxonomy.html",
            &ctx,
            &tax.url,
            &format!("taxonomy `{}`", tax.id),
        )
    }

    fn term(&self, t: usize, term: usize, n: usize) -> Result<OutputFile, Diagnostic> {
        let site = self.views.site;
        let tax = &site.taxonomies[t];
        let tm = &tax.terms[term];
        let pager = &tm.pagers[n];
        let mut ctx = self.base_context(&tax.lang, &pager.url);
        let src = view::Listing {
            title: &tm.name,
            url: &tm.url,
            kind: "term",
            content: "",
            summary: None,
            items: &tm.pages,
            pagers: &tm.pagers,
        };
        ctx.insert("term", &self.views.listing(&src, pager));
        if tax.id == "beneficiaries" {
            ctx.insert(
                "support",
                &kinds::group_support(&self.views, &tax.lang, &tm.id),
            );
        }
        ctx.insert(
            "taxonomy",
            &TaxonomyView {
                id: &tax.id,
                name: &tax.name,
                href: self.views.href(&tax.url),
                terms: Vec::new(),
            },
        );
        ctx.insert("alternates", &self.term_alternates(t, term));
        let mut crumbs = self.crumbs(&tax.lang, None);
        crumbs.push(Crumb {
            title: tax.name.clone(),
            href: self.views.href(&tax.url),
        });
        let mut description = None;
        if tax.id == "markets" {
            let shown = &tm.pages[pager.range.clone()];
            ctx.insert("groups", &markets::groups(&self.views, shown));
            // The market's text opens its first pager; the others list.
            if let Some(m) = tm.page.filter(|_| n == 0) {
                description = site.pages[m].front.common.summary.as_deref();
                ctx.insert("market", &markets::market(&self.views, m));
            }
        }
        let meta = seo::ListingMeta {
            lang: &tax.lang,
            title: &tm.name,
            description,
            path: &pager.url,
            crumbs: &crumbs,
            home_search: None,
        };
        ctx.insert("seo", &seo::listing(&self.views, &meta));
        ctx.insert("breadcrumbs", &crumbs);
        self.render(
            "term.html",
            &ctx,
            &pager.url,
            &format!("term `{}` of `{}`", tm.id, tax.id),
        )
    }

    /// The language switcher of a term page: the same term in the other
    /// language, else that language's taxonomy page (marked untranslated),
    /// else its home page.
    fn term_alternates(&self, t: usize, term: usize) -> Vec<view::Alternate> {
        let tax = &self.views.site.taxonomies[t];
        let tm = &tax.terms[term];
        let other = |lang: &Lang| {
            let o = self
                .views
                .site
                .taxonomies
                .iter()
                .find(|o| o.id == tax.id && &o.lang == lang)?;
            match o.terms.iter().find(|x| x.id == tm.id) {
                Some(x) => Some((x.url.clone(), true)),
                None => Some((o.url.clone(), false)),
            }
        };
        self.views.alternates(&tax.lang, |l| {
            other(l).unwrap_or_else(|| (self.views.config.lang_root(l), false))
        })
    }

    fn not_found(&self, lang: &Lang) -> Result<OutputFile, Diagnostic> {
        let root = self.views.config.lang_root(lang);
        let path = root.file("404.html");
        let mut ctx = self.base_context(lang, &path);
        ctx.insert(
            "alternates",
            &self
                .views
                .alternates(lang, |l| (self.views.config.lang_root(l), true)),
        );
        let title = self
            .strings
            .get(lang.as_str(), "not_found_title")
            .unwrap_or("404")
            .to_string();
        self.meta(&mut ctx, lang, &title, &path, Vec::new());
        self.render("404.html", &ctx, &path, "the 404 page")
    }

    fn register_page(
        &self,
        register: &crate::data::Register,
        lang: &Lang,
    ) -> Result<OutputFile, Diagnostic> {
        let config = self.views.config;
        let path_of = |l: &Lang| {
            config
                .register
                .as_ref()
                .and_then(|r| r.paths.get(l.as_str()))
                .map(|seg| config.lang_root(l).child(seg))
        };
        let Some(path) = path_of(lang) else {
            return Err(Diagnostic::error(
                "site.toml",
                format!("[register] has no path for `{lang}`"),
            ));
        };
        let mut ctx = self.base_context(lang, &path);
        let default = config.default_lang().as_str();
        ctx.insert("register", register);
        ctx.insert("register_note", register.note.get(lang.as_str(), default));
        register_dates(&mut ctx, register, config, self.views.now());
        let check = self.views.check_offer.get(lang.as_str());
        ctx.insert("check_offer_href", &check.map(|p| self.views.href(p)));
        ctx.insert(
            "alternates",
            &self.views.alternates(lang, |l| {
                (path_of(l).unwrap_or_else(|| config.lang_root(l)), true)
            }),
        );
        let crumbs = self.crumbs(lang, None);
        let title = self
            .strings
            .get(lang.as_str(), "register_title")
            .unwrap_or("")
            .to_string();
        self.meta(&mut ctx, lang, &title, &path, crumbs);
        self.render(
            "register.html",
            &ctx,
            &path,
            "the register of licensed companies",
        )
    }

    fn search_page(&self, lang: &Lang, path: &SitePath) -> Result<OutputFile, Diagnostic> {
        let mut ctx = self.base_context(lang, path);
        let index = SitePath::root().child("search").child(lang.as_str());
        ctx.insert("search_index", &self.views.href(&index));
        ctx.insert(
            "alternates",
            &self.views.alternates(lang, |l| (self.search_path(l), true)),
        );
        let title = self
            .strings
            .get(lang.as_str(), "search_title")
            .unwrap_or("")
            .to_string();
        let crumbs = self.crumbs(lang, None);
        self.meta(&mut ctx, lang, &title, path, crumbs);
        self.render("search.html", &ctx, path, "the search page")
    }

    fn alias(&self, a: &crate::site::Alias) -> Result<OutputFile, Diagnostic> {
        let mut ctx = self.base_context(&a.lang, &a.to);
        ctx.insert("target", &self.views.href(&a.to));
        self.render(
            "alias.html",
            &ctx,
            &a.from,
            &format!("the redirect {}", a.from),
        )
    }
}

/// The theme's UI strings, checked against the templates and the
/// languages: an error stops the build, warnings go with the renderer.
fn checked_strings(
    theme: &Theme,
    config: &Config,
) -> Result<(Arc<crate::i18n::strings::UiStrings>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let strings = theme.strings(config)?;
    let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
        templates::check_strings(theme, &strings, config)
            .into_iter()
            .partition(Diagnostic::is_error);
    if errors.is_empty() {
        Ok((strings, warnings))
    } else {
        Err(errors)
    }
}

/// The link of each fingerprinted theme asset, by its plain name
/// (`style.css` -> `/style.1a2b3c4d.css`).
fn asset_hrefs(theme: &Theme, config: &Config) -> BTreeMap<String, String> {
    theme
        .fingerprints()
        .iter()
        .map(|(k, v)| (k.clone(), SitePath::root().file(v).href(&config.base_url)))
        .collect()
}

/// Each language's `L` with its search page's link, serialized once here
/// because every page's context holds its language's.
fn lang_values(
    views: &Views<'_>,
    strings: &crate::i18n::strings::UiStrings,
) -> BTreeMap<String, tera::Value> {
    let config = views.config;
    config
        .languages
        .iter()
        .map(|l| {
            let mut lv = views.lang(&l.code);
            lv.search = views.href(&search_path_of(config, strings, &l.code));
            (l.code.to_string(), tera::Value::from_serializable(&lv))
        })
        .collect()
}

/// The `site` every template sees.
fn site_view<'v>(views: &Views<'v>, now: &Moment, style: String) -> SiteView<'v> {
    let config: &'v Config = views.config;
    SiteView {
        title: &config.title,
        description: &config.description,
        base_url: &config.base_url.absolute,
        base_path: &config.base_url.path,
        default_language: config.default_lang().as_str(),
        languages: config
            .languages
            .iter()
            .map(|l| views.lang(&l.code))
            .collect(),
        extra: &config.extra,
        now: now.rfc3339(),
        style,
        iframe_hosts: &config.markdown.iframe_hosts,
    }
}

/// The search page of a language, from its `search_path` UI string.
fn search_path_of(
    config: &Config,
    strings: &crate::i18n::strings::UiStrings,
    lang: &Lang,
) -> SitePath {
    let seg = strings
        .get(lang.as_str(), "search_path")
        .and_then(crate::site::Slug::from_text);
    let seg = seg.map_or_else(|| "search".to_string(), |s| s.as_str().to_string());
    config.lang_root(lang).child(&seg)
}

#[derive(Serialize)]
struct TermCount<'a> {
    name: &'a str,
    href: String,
    count: usize,
}

#[derive(Serialize)]
struct TaxonomyView<'a> {
    id: &'a str,
    name: &'a str,
    href: String,
    terms: Vec<TermCount<'a>>,
}

/// Files copied as they are: theme statics, `static/`, content files,
/// bundle assets. Later entries win on the same output path.
pub fn copies(
    site: &Site,
    theme: &Theme,
    statics: &[(std::path::PathBuf, String)],
    content_files: &[(std::path::PathBuf, String)],
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let mut out: BTreeMap<String, Body> = BTreeMap::new();
    let mut diags = Vec::new();
    let fingerprints = theme.fingerprints();
    for (name, file) in &theme.statics {
        match Theme::static_bytes(file) {
            Ok(b) => {
                out.insert(
                    fingerprints.get(name).unwrap_or(name).clone(),
                    Body::Bytes(b),
                );
            }
            Err(d) => diags.push(d),
        }
    }
    for (src, inner) in statics {
        out.insert(inner.clone(), Body::Copy(src.clone()));
    }
    for (src, rel) in content_files {
        out.insert(rel.clone(), Body::Copy(src.clone()));
    }
    for p in &site.pages {
        for (src, name) in &p.assets {
            out.insert(format!("{}{name}", p.url.as_str()), Body::Copy(src.clone()));
        }
    }
    (
        out.into_iter()
            .map(|(path, body)| OutputFile { path, body })
            .collect(),
        diags,
    )
}

/// What the register page shows by date: `register_stale_at` (RFC 3339,
/// when `[register] max_age_days` is set) and `register_stale` (already at
/// build time), so the notice is written always, hidden until then; and
/// `licence_ended` (the indices of companies whose licence has ended).
fn register_dates(
    ctx: &mut tera::Context,
    register: &crate::data::Register,
    config: &crate::config::Config,
    now: &Moment,
) {
    let max_age = config.register.as_ref().and_then(|r| r.max_age_days);
    if let Some(at) = register.stale_at(max_age) {
        ctx.insert("register_stale", &(&at <= now));
        ctx.insert("register_stale_at", &at.in_default_offset().rfc3339());
    }
    let ended: Vec<usize> = register
        .companies
        .iter()
        .enumerate()
        .filter(|(_, c)| crate::data::Register::licence_ended(c, now))
        .map(|(i, _)| i)
        .collect();
    ctx.insert("licence_ended", &ended);
}
