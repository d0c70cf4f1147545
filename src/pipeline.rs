//! The build, one line per stage. Each stage takes plain values and returns
//! plain values plus diagnostics; errors from every file are gathered before
//! the build gives up, so one run shows everything that needs fixing.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::bodies::{self, Bodies};
use crate::config::Config;
use crate::content;
use crate::error::{BuildError, Diagnostic};
use crate::images::{self, ImageReport, ImageSet};
use crate::markdown::highlight;
use crate::output::{self, Body, OutputFile};
use crate::render::{self, RenderInput, Renderer, templates::Theme};
use crate::site::schedule::{self, NextChange, Record};
use crate::site::{self, AssembleOptions};
use crate::time::{BuildClock, Moment};

use rayon::prelude::*;

mod edits;
mod kept_bodies;
mod unchanged;
mod watch;

use watch::Watch;

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The portal folder (holds site.toml).
    pub root: PathBuf,
    /// Where to write; `<root>/public` when `None`.
    pub output: Option<PathBuf>,
    /// Replaces site.toml's base_url for this run.
    pub base_url: Option<String>,
    /// Include drafts and future-dated pages.
    pub drafts: bool,
    /// The moment treated as now (`--now`); else SOURCE_DATE_EPOCH, else the clock.
    pub now: Option<String>,
    /// Build a copy that works from the disk (`--offline`); site.toml's
    /// `offline = true` does the same.
    pub offline: bool,
    /// The URL of `loa serve --editor`'s local backend: writes the editor at
    /// `/admin/` (even without `[editor]`) pointed at it.
    pub editor_backend: Option<String>,
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// Pages per language code, in language order.
    pub pages_per_lang: Vec<(String, usize)>,
    /// Sections (per language).
    pub sections: usize,
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
    /// Wall time.
    pub elapsed: Duration,
    /// Warnings (the build still succeeded).
    pub warnings: Vec<Diagnostic>,
    /// Where the site is.
    pub output: PathBuf,
    /// Missing and stale translations per section and language.
    pub translations: Vec<crate::site::translations::SectionReport>,
    /// Images processed, encoded and taken from the cache.
    pub images: ImageReport,
    /// The build's "now".
    pub built_at: Moment,
    /// When the site next needs a rebuild, and why.
    pub next_change: Option<NextChange>,
    /// `next_change` as the one line the build prints.
    pub next_change_line: String,
    /// When only the text of some pages changed and only what shows it
    /// was made again (see `pipeline::edits`): what was done.
    pub edited: Option<Edited>,
}

/// What a build after an edit to the text of some pages did.
#[derive(Debug, Clone, Copy)]
pub struct Edited {
    /// Pages whose text changed.
    pub pages: usize,
    /// Files rewritten or removed.
    pub files: usize,
}

/// A site rendered in memory, not yet written.
pub struct RenderedSite {
    /// The files.
    pub files: Vec<OutputFile>,
    /// The config used.
    pub config: Config,
    /// Pages per language.
    pub pages_per_lang: Vec<(String, usize)>,
    /// Sections.
    pub sections: usize,
    /// Warnings.
    pub warnings: Vec<Diagnostic>,
    /// Missing and stale translations.
    pub translations: Vec<crate::site::translations::SectionReport>,
    /// The site model the files were made from (for `check`).
    pub site: site::Site,
    /// The rendered bodies of its pages and sections.
    pub bodies: Bodies,
    /// Its processed images (`images.report`: what processing did).
    pub images: ImageSet,
    /// The theme the pages were rendered with.
    pub theme: Theme,
    /// The register of licensed companies, when the portal has one.
    pub register: Option<crate::data::Register>,
    /// The build's "now".
    pub now: Moment,
    /// When the site next needs a rebuild, and why.
    pub next_change: Option<NextChange>,
}

impl RenderedSite {
    /// What the render stage took, again: for commands that render one more
    /// thing from a finished build (`loa share`, `loa bulletin`).
    pub fn render_input(&self) -> RenderInput<'_> {
        RenderInput {
            site: &self.site,
            bodies: &self.bodies,
            images: &self.images,
            config: &self.config,
            theme: &self.theme,
            now: &self.now,
            register: self.register.as_ref(),
        }
    }

    /// The "Next change: …" line, the moment written as the default
    /// language writes dates (`10/12/2026 07:30 (+07:00)`).
    pub fn next_change_line(&self) -> String {
        next_change_line(&self.theme, &self.config, self.next_change.as_ref())
    }

    /// The record `next-change.json` holds.
    pub fn next_change_record(&self) -> Record {
        Record::new(&self.now, self.next_change.clone())
    }
    /// Splits off what [`quick_pages`] needs to render single pages again.
    pub fn into_parts(self) -> (Vec<OutputFile>, Vec<Diagnostic>, Model) {
        let model = Model {
            site: self.site,
            bodies: self.bodies,
            images: self.images,
            config: self.config,
            theme: self.theme,
            register: self.register,
        };
        (self.files, self.warnings, model)
    }
}

/// The "Next change: …" line, the moment written as the default language
/// writes dates (`10/12/2026 07:30 (+07:00)`).
fn next_change_line(theme: &Theme, config: &Config, next: Option<&NextChange>) -> String {
    let locale = theme.strings(config).ok().map(|strings| {
        crate::i18n::format::Locale::from_strings(&strings, config.default_lang().as_str())
    });
    schedule::summary_line(next, |m| {
        let local = m.local();
        let offset = m.rfc3339().split_off(19);
        let date = locale
            .as_ref()
            .map_or_else(|| local.date().to_string(), |l| l.date_short(local));
        format!(
            "{date} {:02}:{:02} ({offset})",
            local.hour(),
            local.minute()
        )
    })
}

/// The model of a rendered site, kept by `loa serve` so that an edited page
/// can be rendered again on its own before the rest of the site is.
pub struct Model {
    site: site::Site,
    bodies: Bodies,
    images: ImageSet,
    config: Config,
    theme: Theme,
    register: Option<crate::data::Register>,
}

/// Renders the pages read from `changed` (absolute paths) into the kept
/// model and returns their output files, or `None` when a change is not an
/// existing page of the model or the page does not render cleanly.
///
/// This is `loa serve`'s first answer to an edit, not a build: listings,
/// feeds, translations, term pages and the search index are not touched,
/// and the page's own place in them (its URL, neighbours, related pages)
/// is the one from the last build. The full rebuild that follows at once
/// replaces what this made, so a difference lasts at most until then.
pub fn quick_pages(
    model: &mut Model,
    changed: &[PathBuf],
    now: Option<&str>,
) -> Option<Vec<OutputFile>> {
    if changed.is_empty() || changed.len() > 4 {
        return None;
    }
    let ids = reread_pages(model, changed)?;
    for &id in &ids {
        let (body, diags) = bodies::render_page_body(&model.site, &model.images, &model.config, id);
        if diags.iter().any(Diagnostic::is_error) {
            return None;
        }
        model.bodies.replace_page(id, body);
    }
    let clock = BuildClock::resolve(now).ok()?;
    let renderer = Renderer::new(&RenderInput {
        site: &model.site,
        bodies: &model.bodies,
        images: &model.images,
        config: &model.config,
        theme: &model.theme,
        now: &clock.now,
        register: model.register.as_ref(),
    })
    .ok()?;
    ids.iter()
        .map(|&id| renderer.render_page(id).ok())
        .collect()
}

/// Reads the changed pages again into the model; their ids, or `None` when
/// one is not a page of the model or does not read cleanly.
fn reread_pages(model: &mut Model, changed: &[PathBuf]) -> Option<Vec<usize>> {
    let root = std::fs::canonicalize(&model.config.root).ok()?;
    let mut ids = Vec::new();
    for path in changed {
        let rel = path.strip_prefix(&root).ok()?;
        if path.extension().is_none_or(|e| e != "md") {
            return None;
        }
        let id = model
            .site
            .pages
            .iter()
            .position(|p| !p.fallback && p.rel == rel)?;
        let p = &model.site.pages[id];
        let doc = content::read_page_again(&model.config, &p.rel, &p.lang, p.kind).ok()?;
        let content::Front::Page(mut front) = doc.front else {
            return None;
        };
        site::taxonomy::canonicalize_like(&mut front, &model.config, &model.site);
        let p = &mut model.site.pages[id];
        p.front = *front;
        p.front_key = doc.front_key;
        p.markdown = doc.body;
        p.body_line = doc.body_line;
        p.field_lines = doc.field_lines;
        ids.push(id);
    }
    Some(ids)
}

fn fail_on_errors(diags: &mut Vec<Diagnostic>) -> Result<(), BuildError> {
    if diags.iter().any(Diagnostic::is_error) {
        diags.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        let list = crate::error::group_repeats(std::mem::take(diags));
        return Err(BuildError::Content(list));
    }
    Ok(())
}

/// What one build keeps for the next (`loa serve`): pages as read and bodies
/// as rendered, each reused only while its inputs are unchanged, so the
/// output is the same as a build without the cache.
#[derive(Default)]
pub struct BuildCache {
    /// Pages as read and parsed.
    pub documents: content::DocCache,
    /// Rendered Markdown bodies.
    pub bodies: bodies::BodyCache,
    /// Where `loa build` keeps the bodies between runs (`None` for `loa serve`).
    kept: Option<kept_bodies::Kept>,
}

impl BuildCache {
    /// A cache that keeps nothing: a one-off build does not pay for copies.
    pub fn off() -> BuildCache {
        BuildCache {
            documents: content::DocCache::off(),
            bodies: bodies::BodyCache::off(),
            kept: None,
        }
    }

    /// Forgets everything (the config, theme or data changed).
    pub fn clear(&mut self) {
        self.documents.clear();
        self.bodies.clear();
    }
}

/// Runs every stage up to rendering; nothing is written.
pub fn render_site(opts: &BuildOptions) -> Result<RenderedSite, BuildError> {
    render_site_cached(opts, &mut BuildCache::off())
}

/// [`render_site`], reusing what `cache` holds from an earlier build.
///
/// The stages in order, each taking the values the ones before made:
/// config and theme, content, site, images, bodies, then render. Kept as
/// one function of about 70 lines on purpose: it is the pipeline at a
/// glance, a line or two per stage and the values it hands on.
pub fn render_site_cached(
    opts: &BuildOptions,
    cache: &mut BuildCache,
) -> Result<RenderedSite, BuildError> {
    let mut t = crate::progress::Stages::from_env();
    let settings = settings(opts)?;
    t.mark("config+theme");
    render_with(opts, cache, settings, None)
}

/// Files to copy: source, output path.
type Copies<'a> = &'a [(PathBuf, String)];

/// A sender of files as they are made (see [`Renderer::render_each`]).
type Sender<'a> = &'a (dyn Fn(OutputFile) + Sync);

/// The stages after the settings. With `send`, every file goes to it as
/// soon as it is made and the result's `files` is empty; without, they are
/// kept there in a fixed order.
fn render_with(
    opts: &BuildOptions,
    cache: &mut BuildCache,
    settings: (BuildClock, Config, Theme),
    send: Option<Sender<'_>>,
) -> Result<RenderedSite, BuildError> {
    let prepared = prepare(opts, cache, settings)?;
    render_prepared(opts, prepared, send)
}

/// What the stages before render made, and the settings they ran with.
struct Prepared {
    now: Moment,
    config: Config,
    theme: Theme,
    register: Option<crate::data::Register>,
    /// The portal's `static/` files and content files to copy.
    statics: Vec<(PathBuf, String)>,
    content_files: Vec<(PathBuf, String)>,
    site: site::Site,
    images: ImageSet,
    bodies: Bodies,
    /// Warnings so far.
    diags: Vec<Diagnostic>,
    next_change: Option<NextChange>,
    /// The templates compiled beside the content stages, for the first
    /// renderer made (a second one compiles them again).
    styling: std::sync::Mutex<Option<render::PendingStyling>>,
}

impl Prepared {
    /// The renderer of what was prepared.
    fn renderer(&self) -> Result<Renderer<'_>, Vec<Diagnostic>> {
        let styling = self
            .styling
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        match styling.and_then(render::PendingStyling::get) {
            Some(styling) => Ok(Renderer::with(&self.input(), styling?)),
            None => Renderer::new(&self.input()),
        }
    }

    /// What render reads.
    fn input(&self) -> RenderInput<'_> {
        RenderInput {
            site: &self.site,
            bodies: &self.bodies,
            images: &self.images,
            config: &self.config,
            theme: &self.theme,
            now: &self.now,
            register: self.register.as_ref(),
        }
    }
}

/// Content, site, images and bodies: every stage before render. The
/// templates are compiled meanwhile on a thread of their own (see
/// [`render::Styling`]): they need the settings and the theme only.
fn prepare(
    opts: &BuildOptions,
    cache: &mut BuildCache,
    (clock, config, theme): (BuildClock, Config, Theme),
) -> Result<Prepared, BuildError> {
    let styling = render::Styling::start(&config, &theme);
    let mut t = crate::progress::Stages::from_env();

    let (content, mut diags) = content::load_cached(&config, &mut cache.documents);
    t.mark("load");
    // Read before the site: job orders are checked against it.
    let register = crate::data::load_register(&config).map_err(BuildError::Content)?;
    let (site, more) = site::assemble(
        content.documents,
        &content.statics,
        &config,
        &AssembleOptions {
            drafts: opts.drafts,
            now: clock.now.clone(),
            register: register.clone(),
        },
    );
    diags.extend(more);
    fail_on_errors(&mut diags)?;
    t.mark("assemble");
    let (images, more) = images::process(&site, &config);
    diags.extend(more);
    t.mark("images");
    if let Some(kept) = &mut cache.kept {
        cache.bodies = kept.take();
    }
    let (bodies, more) = bodies::render_bodies_cached(&site, &images, &config, &mut cache.bodies);
    if let Some(kept) = &mut cache.kept {
        kept.save(std::mem::take(&mut cache.bodies));
    }
    diags.extend(more);
    fail_on_errors(&mut diags)?;
    t.mark("bodies");

    diags.extend(register_age(register.as_ref(), &config, &clock.now));
    let next_change = schedule::next_change(&site, register.as_ref(), &config, &clock.now);
    Ok(Prepared {
        now: clock.now,
        config,
        theme,
        register,
        statics: content.statics,
        content_files: content.files,
        site,
        images,
        bodies,
        diags,
        next_change,
        styling: std::sync::Mutex::new(Some(styling)),
    })
}

/// Render, and the files published beside its own.
fn render_prepared(
    opts: &BuildOptions,
    mut prepared: Prepared,
    send: Option<Sender<'_>>,
) -> Result<RenderedSite, BuildError> {
    let mut t = crate::progress::Stages::from_env();
    let mut diags = std::mem::take(&mut prepared.diags);
    let files = all_files(&prepared, opts, send, (&mut diags, &mut t))?;
    let Prepared {
        now,
        config,
        theme,
        register,
        site,
        images,
        bodies,
        next_change,
        ..
    } = prepared;
    let translations = crate::site::translations::report(&site, &config);
    t.mark("rest");
    Ok(RenderedSite {
        files,
        pages_per_lang: pages_per_lang(&site, &config),
        config,
        sections: site.sections.iter().filter(|s| s.dir.is_some()).count(),
        // Repeats on many pages are reported once, with every place kept.
        warnings: crate::error::group_repeats(diags),
        translations,
        site,
        bodies,
        images,
        theme,
        register,
        now,
        next_change,
    })
}

/// A warning when the register's `checked` date is older than
/// `[register] max_age_days` (from that moment on, as the page shows it).
fn register_age(
    register: Option<&crate::data::Register>,
    config: &Config,
    now: &Moment,
) -> Option<Diagnostic> {
    let (reg, rc) = (register?, config.register.as_ref()?);
    let days = rc.max_age_days?;
    if reg.stale_at(Some(days)).is_none_or(|at| &at > now) {
        return None;
    }
    let d = Diagnostic::warning(
        &rc.file,
        format!(
            "the register was last checked on {}, more than {days} days ago ([register] max_age_days): the page now tells citizens it may be out of date; compare it with the official list ({}) and update `checked`",
            reg.checked.local().date(),
            reg.official_list
        ),
    );
    Some(match reg.checked_line {
        Some(line) => d.at_line(line),
        None => d,
    })
}

/// The run's moment, the portal's config and its theme.
fn settings(opts: &BuildOptions) -> Result<(BuildClock, Config, Theme), BuildError> {
    let clock = BuildClock::resolve(opts.now.as_deref())
        .map_err(|e| BuildError::Content(vec![Diagnostic::general(e.to_string())]))?;
    let config = Config::load(&crate::config::RunSettings {
        root: opts.root.clone(),
        base_url: opts.base_url.clone(),
        offline: opts.offline,
    })
    .map_err(BuildError::Content)?;
    let theme = Theme::load(&config).map_err(BuildError::Content)?;
    Ok((clock, config, theme))
}

/// Render's files and those published beside them, in this order: pages
/// and listings, copies of the portal's own files (`statics`, then content
/// files), the editor, processed images, the syntax stylesheet. With
/// `send`, each goes there instead and none is returned.
fn all_files(
    prepared: &Prepared,
    opts: &BuildOptions,
    send: Option<Sender<'_>>,
    (diags, t): (&mut Vec<Diagnostic>, &mut crate::progress::Stages),
) -> Result<Vec<OutputFile>, BuildError> {
    let renderer = prepared.renderer().map_err(BuildError::Content)?;
    diags.extend(renderer.warnings.iter().cloned());
    t.mark("renderer");
    // The files beside the pages are made while the pages render (the
    // editor's settings, the copies' list, the syntax stylesheet: a tenth
    // of the sample portal's build, on one core), and handed on after.
    let copies = (&prepared.statics[..], &prepared.content_files[..]);
    let (rendered, others) = rayon::join(
        || match send {
            Some(send) => (Vec::new(), renderer.render_each(send)),
            None => renderer.render_all(),
        },
        || Others::make(&prepared.input(), copies, opts.editor_backend.as_deref()),
    );
    let (mut files, more) = rendered;
    diags.extend(more);
    t.mark("render");
    files.extend(others.take(diags)?);
    if let Some(send) = send {
        files.into_par_iter().for_each(send);
        return Ok(Vec::new());
    }
    Ok(files)
}

/// The files published beside render's: copies of the portal's own
/// files, the editor, processed images and the syntax stylesheet, with
/// what making them found.
struct Others {
    copies: (Vec<OutputFile>, Vec<Diagnostic>, Vec<Diagnostic>),
    editor: (Result<Vec<OutputFile>, BuildError>, Vec<Diagnostic>),
    images: Vec<OutputFile>,
    syntax_css: Option<Result<OutputFile, Diagnostic>>,
}

impl Others {
    /// Makes them; nothing is reported yet (see [`Others::take`]).
    fn make(
        input: &RenderInput<'_>,
        (statics, content_files): (Copies<'_>, Copies<'_>),
        backend: Option<&str>,
    ) -> Others {
        let (copies, found) = render::copies(input.site, input.theme, statics, content_files);
        let (copies, filtered) = images::filter_copies(copies, input.images, input.config);
        let mut editor_diags = Vec::new();
        let editor = editor_files(input, backend, &mut editor_diags);
        Others {
            copies: (copies, found, filtered),
            editor: (editor, editor_diags),
            images: input.images.files(),
            syntax_css: input.bodies.any_code().then(|| syntax_css(input.config)),
        }
    }

    /// The files, in this order: copies, editor, images, the syntax
    /// stylesheet; their problems go to `diags` as if each had been made
    /// after the pages, and the first error stops the build.
    fn take(self, diags: &mut Vec<Diagnostic>) -> Result<Vec<OutputFile>, BuildError> {
        let (mut files, found, filtered) = self.copies;
        diags.extend(found);
        diags.extend(filtered);
        fail_on_errors(diags)?;
        let (editor, editor_diags) = self.editor;
        diags.extend(editor_diags);
        files.extend(editor?);
        files.extend(self.images);
        match self.syntax_css {
            Some(Ok(css)) => files.push(css),
            Some(Err(bad)) => {
                diags.push(bad);
                fail_on_errors(diags)?;
            }
            None => {}
        }
        Ok(files)
    }
}

/// The editor at `/admin/` when the portal has one or `serve --editor`
/// asks for it; none in an offline copy.
fn editor_files(
    input: &RenderInput<'_>,
    backend: Option<&str>,
    diags: &mut Vec<Diagnostic>,
) -> Result<Vec<OutputFile>, BuildError> {
    let wants_editor = input.config.editor.is_some() || backend.is_some();
    if wants_editor && input.config.offline {
        // The editor saves through a Git host or `serve --editor`: a copy
        // opened from the disk has neither.
        diags.push(Diagnostic::warning(
            "site.toml",
            "[editor]: the web editor needs a server, so the offline copy leaves out /admin/",
        ));
        return Ok(Vec::new());
    }
    if !wants_editor {
        return Ok(Vec::new());
    }
    crate::editor::files(input.site, input.config, backend)
        .map_err(|e| BuildError::Content(vec![Diagnostic::general(e.to_string())]))
}

/// The stylesheet of highlighted code, in the configured themes.
fn syntax_css(config: &Config) -> Result<OutputFile, Diagnostic> {
    let md = &config.markdown;
    match highlight::stylesheet_pair(&md.highlight_theme, md.highlight_theme_dark.as_deref()) {
        Ok(css) => Ok(OutputFile {
            path: "syntax.css".into(),
            body: Body::Bytes(css.into_bytes()),
        }),
        Err(bad) => {
            let at = config.places.value(&["markdown", bad.key()]);
            Err(crate::config::Spot::error(at, bad.to_string()))
        }
    }
}

/// Pages per language code (fallback copies not counted), in language order.
fn pages_per_lang(site: &site::Site, config: &Config) -> Vec<(String, usize)> {
    config
        .languages
        .iter()
        .map(|l| {
            let n = site
                .pages
                .iter()
                .filter(|p| p.lang == l.code && !p.fallback)
                .count();
            (l.code.to_string(), n)
        })
        .collect()
}

/// The name of the next-change record, in `.loa-cache/` and at the output root.
pub const NEXT_CHANGE_FILE: &str = "next-change.json";

/// The files written after every other, from what the others were: the
/// `[hosting]` files and the next-change record. An offline copy has none
/// (only servers read them).
fn host_files(
    site: &site::Site,
    images: &ImageSet,
    config: &Config,
    record: &Record,
    paths: &[String],
) -> Vec<OutputFile> {
    if config.offline {
        return Vec::new();
    }
    let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
    let mut files = output::host::host_files(site, images, config, &paths);
    if config.hosting.next_change {
        files.push(OutputFile {
            path: NEXT_CHANGE_FILE.into(),
            body: Body::Bytes(record.public().to_json().into_bytes()),
        });
    }
    files
}

/// Whether pages can be written as they are made. Spoken bulletins put a
/// player into pages already made, and an offline copy rewrites every
/// link knowing every file: both need the whole site in memory first.
fn streams(config: &Config) -> bool {
    !config.offline && !config.bulletin.audio
}

/// What render kept in memory (see [`streams`]), finished and passed on:
/// players for spoken bulletins, then relative links for an offline copy.
fn pass_kept(rendered: &mut RenderedSite, watch: &Watch<'_>, cache: &std::path::Path) {
    let mut t = crate::progress::Stages::from_env();
    let r = rendered;
    if r.config.bulletin.audio {
        // Found once, here: the engine is the build machine's, not the portal's.
        let engine = output::audio::Engine::find(std::env::var_os("PATH").as_deref());
        let more = output::audio::add(&mut r.files, &engine, &r.config, &r.theme, cache);
        r.warnings.extend(more);
        t.mark("audio");
    }
    if r.config.offline {
        let warnings = output::offline::make_offline(&mut r.files, &r.config);
        r.warnings.extend(warnings);
    }
    std::mem::take(&mut r.files)
        .into_par_iter()
        .for_each(|f| watch.pass(f));
    t.mark("write kept");
}

/// Builds the portal and writes it, replacing the previous output only on success.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    build_with(opts, &crate::progress::Quiet)
}

/// [`build`], reporting its stages to `progress`.
pub fn build_with(
    opts: &BuildOptions,
    progress: &dyn crate::progress::Progress,
) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let dest = opts
        .output
        .clone()
        .unwrap_or_else(|| opts.root.join("public"));
    output::check_destination(&dest, &opts.root)?;
    let cache = opts.root.join(".loa-cache");
    let stamp = unchanged::stamp_path(&cache, &dest);
    let inputs = if stamp.is_file() {
        let inputs = unchanged::Inputs::read(opts, &dest, std::time::SystemTime::now());
        if let Some(report) = nothing_changed(opts, inputs.as_ref(), &dest, &cache, started) {
            return Ok(report);
        }
        Fingerprint::Taken(inputs)
    } else {
        Fingerprint::taking(opts, &dest)
    };
    // From here on the output changes: the record no longer describes it.
    let _ = std::fs::remove_file(&stamp);
    let settings = settings(opts)?;
    let stream = streams(&settings.1);
    progress.stage(
        if stream {
            "Rendering and writing"
        } else {
            "Rendering"
        },
        0,
    );
    // An edit build compares the output folder with the record: checking
    // it waits on the file system, so it starts now, beside the stages
    // that leave a core free.
    let edits_path = edits::record_path(&cache, &dest);
    let kept_listing = unchanged::listing_path(&cache, &dest);
    let listing = (stream && edits_path.is_file())
        .then(|| unchanged::PendingListing::start(&dest, &kept_listing));
    let mut bodies = kept_bodies(&cache, &dest, &settings.1);
    let prepared = prepare(opts, &mut bodies, settings)?;
    let inputs = inputs.get();
    let mut t = crate::progress::Stages::from_env();
    // An edit to the text of a few pages redoes only what shows it.
    let marks = stream.then(|| {
        let word_count = prepared.theme.mentions("word_count");
        edits::Marks::of(
            &prepared.site,
            &prepared.bodies,
            &prepared.images,
            word_count,
        )
    });
    t.mark("marks");
    let edit = Edit {
        dest: &dest,
        cache: &cache,
        record: &edits_path,
        others: inputs.as_ref().and_then(|i| i.others.as_ref()),
        started,
    };
    if let (Some(m), Some(listing)) = (&marks, listing) {
        if let Some(done) = edit_in_place(&edit, &prepared, m, listing) {
            let (report, listing) = done?;
            listing.save(&kept_listing);
            let saved = (listing.key(), marks, false);
            remember(&edit, inputs.as_ref(), &report, saved, &prepared.config);
            return Ok(report);
        }
    }
    let _ = std::fs::remove_file(&edits_path);
    let (report, shows_moment, config, listing) =
        full_build(opts, prepared, &dest, &cache, progress)?;
    t.mark("full");
    listing.save(&kept_listing);
    let saved = (listing.key(), marks, shows_moment);
    remember(&edit, inputs.as_ref(), &report, saved, &config);
    t.mark("stamp");
    Ok(BuildReport {
        elapsed: started.elapsed(),
        ..report
    })
}

/// The cache of `loa build`: the bodies the last build into `dest` kept,
/// being read, and kept again once rendered (see [`kept_bodies`]); pages
/// are read afresh.
fn kept_bodies(cache: &std::path::Path, dest: &std::path::Path, config: &Config) -> BuildCache {
    BuildCache {
        kept: kept_bodies::Kept::open(cache, dest, config),
        ..BuildCache::off()
    }
}

/// The fingerprint of the inputs ([`unchanged::Inputs`]) for the records
/// the build leaves.
enum Fingerprint {
    Taken(Option<unchanged::Inputs>),
    /// Being taken on a thread of its own, beside the build's first steps,
    /// several of which keep one core only.
    Taking(std::thread::JoinHandle<Option<unchanged::Inputs>>),
}

impl Fingerprint {
    /// Starts taking it, for a build that no record can make unneeded. A
    /// file changed while the build runs is no risk: it was modified after
    /// the build started, and the fingerprint marks it racy (no shortcut
    /// next time) whichever version the build read.
    fn taking(opts: &BuildOptions, dest: &std::path::Path) -> Fingerprint {
        let now = std::time::SystemTime::now();
        let read = {
            let (opts, dest) = (opts.clone(), dest.to_path_buf());
            move || unchanged::Inputs::read(&opts, &dest, now)
        };
        match std::thread::Builder::new()
            .name("loa-inputs".into())
            .spawn(read)
        {
            Ok(handle) => Fingerprint::Taking(handle),
            Err(_) => Fingerprint::Taken(unchanged::Inputs::read(opts, dest, now)),
        }
    }

    fn get(self) -> Option<unchanged::Inputs> {
        match self {
            Fingerprint::Taken(inputs) => inputs,
            Fingerprint::Taking(handle) => handle.join().ok().flatten(),
        }
    }
}

/// The no-change shortcut (see [`unchanged`]): the report when the site
/// already is what this build would write.
fn nothing_changed(
    opts: &BuildOptions,
    inputs: Option<&unchanged::Inputs>,
    dest: &std::path::Path,
    cache: &std::path::Path,
    started: Instant,
) -> Option<BuildReport> {
    let clock = BuildClock::resolve(opts.now.as_deref()).ok()?;
    let stamp_path = unchanged::stamp_path(cache, dest);
    let report = unchanged::reuse(&stamp_path, inputs?, &clock.now, dest, started)?;
    let mut warnings = Vec::new();
    save_record(
        cache,
        &Record::new(&clock.now, report.next_change.clone()),
        &mut warnings,
    );
    warnings.is_empty().then_some(report)
}

/// Where an edit build works and what it compares with.
struct Edit<'a> {
    dest: &'a std::path::Path,
    cache: &'a std::path::Path,
    /// The edit record's path.
    record: &'a std::path::Path,
    /// The fingerprint of the inputs but the pages' Markdown.
    others: Option<&'a String>,
    started: Instant,
}

/// Saves what the next build compares with: the no-change record (when
/// the inputs are settled) and the edit record (when fingerprints were
/// taken), neither after warnings. `saved` is the output folder's
/// fingerprint, the fingerprints and whether some file shows the moment.
fn remember(
    edit: &Edit<'_>,
    inputs: Option<&unchanged::Inputs>,
    report: &BuildReport,
    (output_key, marks, shows_moment): (String, Option<edits::Marks>, bool),
    config: &Config,
) {
    if let Some(inputs) = inputs {
        let facts = unchanged::Facts {
            inputs,
            now: &report.built_at,
            shows_moment,
            config,
            report,
        };
        if let Some(stamp) = unchanged::Stamp::new(&facts, output_key.clone()) {
            stamp.save(&unchanged::stamp_path(edit.cache, edit.dest));
        }
    }
    // A site showing the exact moment changes with every build.
    let exact = shows_moment || inputs.is_some_and(|i| i.templates_use_now);
    let (Some(marks), false, true) = (marks, exact, report.warnings.is_empty()) else {
        return;
    };
    let next = report.next_change.clone();
    if let Some(r) = edits::Record::new(edit.others, output_key, &report.built_at, next, marks) {
        r.save(edit.record);
    }
}

/// Renders everything and writes it as a new site (see [`output::Writer`]).
/// Returns the report, whether some file shows the build's moment, the
/// config, and the output folder as written.
fn full_build(
    opts: &BuildOptions,
    prepared: Prepared,
    dest: &std::path::Path,
    cache: &std::path::Path,
    progress: &dyn crate::progress::Progress,
) -> Result<(BuildReport, bool, Config, unchanged::Listing), BuildError> {
    let name = output::folder_name(dest);
    // The replaced site is kept in the portal's cache for the next build to
    // update in place (see `output::Writer::open`).
    let spare = cache.join(format!("previous-{name}"));
    // The minification memo of earlier versions (gone since pages are no
    // longer minified whole) would only take space.
    let _ = std::fs::remove_file(cache.join(format!("minified-{name}.txt")));
    let writer = output::Writer::open(dest, Some(&spare), progress)?;
    let watch = Watch::new(&writer, &prepared.now, &prepared.config);
    let send = |f: OutputFile| watch.pass(f);
    let stream = streams(&prepared.config);
    // With `minify = true` the templates were compacted when loaded
    // (render::compact) and bodies holding pasted HTML minified when
    // rendered (markdown::minify): the pages need no pass of their own.
    let mut rendered = render_prepared(opts, prepared, stream.then_some(&send as Sender<'_>))?;
    let mut t = crate::progress::Stages::from_env();
    if !stream {
        progress.stage("Writing", rendered.files.len() as u64);
        pass_kept(&mut rendered, &watch, cache);
    }
    let record = rendered.next_change_record();
    let r = &rendered;
    for f in host_files(&r.site, &r.images, &r.config, &record, &watch.paths()) {
        watch.pass(f);
    }
    t.mark("host");
    let mut problems = watch.take_problems();
    fail_on_errors(&mut problems)?;
    rendered
        .warnings
        .extend(watch.over_budget(&rendered.config));
    t.mark("budgets");
    let shows_moment = watch.shows_moment();
    drop(watch);
    let next_change_line = rendered.next_change_line();
    let written = writer.finish()?;
    save_record(cache, &record, &mut rendered.warnings);
    t.mark("write");
    let report = BuildReport {
        pages_per_lang: rendered.pages_per_lang,
        sections: rendered.sections,
        files: written.files,
        bytes: written.bytes,
        elapsed: Duration::ZERO,
        warnings: crate::error::group_repeats(rendered.warnings),
        output: dest.to_path_buf(),
        translations: rendered.translations,
        images: rendered.images.report,
        built_at: record.built_at,
        next_change: record.next_change,
        next_change_line,
        edited: None,
    };
    let RenderedSite {
        config,
        site,
        bodies,
        images,
        theme,
        files,
        ..
    } = rendered;
    // Freed while the records are written (see `mem`).
    crate::mem::drop_later((site, bodies, images, theme, files));
    let listing = unchanged::Listing::of_written(dest, &written.written);
    crate::mem::drop_later(written);
    Ok((report, shows_moment, config, listing))
}

/// The edit build: when only the text of some pages changed since the
/// last build (see [`edits`]), renders what shows their text and puts it
/// in place. `None` when a full build is needed (nothing is written then);
/// else the report and the output folder as it now stands.
fn edit_in_place(
    edit: &Edit<'_>,
    prepared: &Prepared,
    marks: &edits::Marks,
    listing: unchanged::PendingListing,
) -> Option<Result<(BuildReport, unchanged::Listing), BuildError>> {
    let mut t = crate::progress::Stages::from_env();
    let (ids, redone, mut listing, mut diags) = match redo_texts(edit, prepared, marks, listing)? {
        Ok(done) => done,
        Err(e) => return Some(Err(e)),
    };
    t.mark("edit: render");
    let schedule = Record::new(&prepared.now, prepared.next_change.clone());
    let (files, gone) = match edited_files(prepared, redone, &listing, &schedule)? {
        Ok((files, gone, more)) => {
            diags.extend(more);
            (files, gone)
        }
        Err(e) => return Some(Err(e)),
    };
    t.mark("edit: host");
    let changed = match output::patch(edit.dest, files, &gone) {
        Ok(c) => c,
        Err(e) => return Some(Err(e)),
    };
    listing.refresh(&changed);
    t.mark("edit: write");
    save_record(edit.cache, &schedule, &mut diags);
    let (site, config) = (&prepared.site, &prepared.config);
    let (files, bytes) = listing.totals();
    let report = BuildReport {
        pages_per_lang: pages_per_lang(site, config),
        sections: site.sections.iter().filter(|s| s.dir.is_some()).count(),
        files,
        bytes,
        elapsed: edit.started.elapsed(),
        warnings: crate::error::group_repeats(diags),
        output: edit.dest.to_path_buf(),
        translations: crate::site::translations::report(site, config),
        images: prepared.images.report,
        built_at: schedule.built_at,
        next_change_line: next_change_line(&prepared.theme, config, schedule.next_change.as_ref()),
        next_change: schedule.next_change,
        edited: Some(Edited {
            pages: ids.len(),
            files: changed.len(),
        }),
    };
    Some(Ok((report, listing)))
}

/// What an edit build redoes: the pages whose text alone changed, the
/// files that show it, the output folder as it stands and the warnings so
/// far. `None` when a full build is needed.
type Redo = (
    Vec<usize>,
    render::Redone,
    unchanged::Listing,
    Vec<Diagnostic>,
);

/// Compares with the record and, when only texts changed, renders what
/// shows them (see [`edit_in_place`]).
fn redo_texts(
    edit: &Edit<'_>,
    prepared: &Prepared,
    marks: &edits::Marks,
    listing: unchanged::PendingListing,
) -> Option<Result<Redo, BuildError>> {
    let record = edits::Record::load(edit.record)?;
    let ids = record.texts_to_redo(edit.others, &prepared.now, marks)?;
    let renderer = match prepared.renderer() {
        Ok(r) => r,
        Err(d) => return Some(Err(BuildError::Content(d))),
    };
    let mut redone = renderer.render_texts_of(&ids)?;
    let listing = listing.get()?;
    if !record.left(&listing.key()) {
        return None;
    }
    let mut diags = prepared.diags.clone();
    diags.extend(renderer.warnings.iter().cloned());
    diags.append(&mut redone.diags);
    if let Err(e) = fail_on_errors(&mut diags) {
        return Some(Err(e));
    }
    Some(Ok((ids, redone, listing, diags)))
}

/// Files to put in place, paths that go, warnings.
type EditedFiles = (Vec<OutputFile>, Vec<String>, Vec<Diagnostic>);

/// The files an edit build puts in place (the remade ones, their
/// compressed copies, the host files) and the paths that go (what a remade
/// folder held and no longer does), with the budgets' warnings; `None`
/// when a remade file shows the build's moment (then only a full build
/// is right).
fn edited_files(
    prepared: &Prepared,
    redone: render::Redone,
    listing: &unchanged::Listing,
    schedule: &Record,
) -> Option<Result<EditedFiles, BuildError>> {
    let kept = watch::Kept::default();
    let watch = Watch::new(&kept, &prepared.now, &prepared.config);
    redone.files.into_par_iter().for_each(|f| watch.pass(f));
    if watch.shows_moment() {
        return None;
    }
    // The budget of a page counts the stylesheets and scripts it links.
    let (copies, _) = render::copies(
        &prepared.site,
        &prepared.theme,
        &prepared.statics,
        &prepared.content_files,
    );
    copies.iter().for_each(|f| watch.note(f));
    let config = &prepared.config;
    if let Some(Ok(css)) = prepared.bodies.any_code().then(|| syntax_css(config)) {
        watch.note(&css);
    }
    // The files of the site after the change, for the host's `_headers`.
    let made: std::collections::HashSet<String> = watch.paths().into_iter().collect();
    let under = |p: &str| redone.folders.iter().any(|f| p.starts_with(f.as_str()));
    let before: std::collections::HashSet<String> = listing.files().collect();
    let compressed = |p: &str| {
        config.hosting.precompress
            && [".gz", ".br"].iter().any(|x| {
                p.strip_suffix(x)
                    .is_some_and(|stem| made.contains(stem) || before.contains(stem))
            })
    };
    let mut paths: Vec<String> = before
        .iter()
        .filter(|p| !under(p) && !compressed(p))
        .cloned()
        .collect();
    paths.extend(made.iter().cloned());
    for f in host_files(&prepared.site, &prepared.images, config, schedule, &paths) {
        watch.pass(f);
    }
    let mut problems = watch.take_problems();
    if let Err(e) = fail_on_errors(&mut problems) {
        return Some(Err(e));
    }
    let warnings = watch.over_budget(config);
    drop(watch);
    let files = kept.into_files();
    let written: std::collections::HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    // Compressed copies of what went go too.
    let gone: Vec<String> = before
        .iter()
        .filter(|p| under(p) && !written.contains(p.as_str()))
        .cloned()
        .collect();
    drop(written);
    Some(Ok((files, gone, warnings)))
}

/// Writes `.loa-cache/next-change.json` for `loa due`, whatever the
/// output folder; a failure is a warning, as the site itself was written.
fn save_record(cache: &std::path::Path, record: &Record, warnings: &mut Vec<Diagnostic>) {
    let path = cache.join(NEXT_CHANGE_FILE);
    let written =
        std::fs::create_dir_all(cache).and_then(|()| std::fs::write(&path, record.to_json()));
    if let Err(e) = written {
        warnings.push(Diagnostic::warning(
            &path,
            format!("cannot be written ({e}); `loa due` will call for a rebuild"),
        ));
    }
}
