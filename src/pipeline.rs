//! The build, one line per stage. Each stage takes plain values and returns
//! plain values plus diagnostics; errors from every file are gathered before
//! the build gives up, so one run shows everything that needs fixing.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::content;
use crate::error::{BuildError, Diagnostic};
use crate::images::{self, ImageReport};
use crate::markdown::highlight;
use crate::output::{self, Body, OutputFile};
use crate::render::{self, Renderer, templates::Theme};
use crate::site::{self, AssembleOptions, bodies};
use crate::time::BuildClock;

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
    /// Images processed, encoded and taken from the cache.
    pub images: ImageReport,
    /// The theme the pages were rendered with.
    pub theme: Theme,
    /// The register of licensed companies, when the portal has one.
    pub register: Option<crate::data::Register>,
}

impl RenderedSite {
    /// Splits off what [`quick_pages`] needs to render single pages again.
    pub fn into_parts(self) -> (Vec<OutputFile>, Vec<Diagnostic>, Model) {
        let model = Model {
            site: self.site,
            config: self.config,
            theme: self.theme,
            register: self.register,
        };
        (self.files, self.warnings, model)
    }
}

/// The model of a rendered site, kept by `loa serve` so that an edited page
/// can be rendered again on its own before the rest of the site is.
pub struct Model {
    site: site::Site,
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
        p.markdown = doc.body;
        p.body_line = doc.body_line;
        p.field_lines = doc.field_lines;
        ids.push(id);
    }
    for &id in &ids {
        let (body, diags) = bodies::render_page_body(&model.site, &model.config, id);
        if diags.iter().any(Diagnostic::is_error) {
            return None;
        }
        model.site.pages[id].body = body;
    }
    let clock = BuildClock::resolve(now).ok()?;
    let renderer = Renderer::new(
        &model.site,
        &model.config,
        &model.theme,
        &clock.now,
        model.register.as_ref(),
    )
    .ok()?;
    ids.iter()
        .map(|&id| renderer.render_page(id).ok())
        .collect()
}

fn fail_on_errors(diags: &mut Vec<Diagnostic>) -> Result<(), BuildError> {
    if diags.iter().any(Diagnostic::is_error) {
        diags.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        return Err(BuildError::Content(std::mem::take(diags)));
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
}

impl BuildCache {
    /// A cache that keeps nothing: a one-off build does not pay for copies.
    pub fn off() -> BuildCache {
        BuildCache {
            documents: content::DocCache::off(),
            bodies: bodies::BodyCache::off(),
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
pub fn render_site_cached(
    opts: &BuildOptions,
    cache: &mut BuildCache,
) -> Result<RenderedSite, BuildError> {
    let mut t = crate::progress::Stages::from_env();
    let clock = BuildClock::resolve(opts.now.as_deref())
        .map_err(|e| BuildError::Content(vec![Diagnostic::general(e.to_string())]))?;
    let config = Config::load(&crate::config::RunSettings {
        root: opts.root.clone(),
        base_url: opts.base_url.clone(),
        offline: opts.offline,
    })
    .map_err(BuildError::Content)?;
    let theme = Theme::load(&config).map_err(BuildError::Content)?;
    t.mark("config+theme");

    let (content, mut diags) = content::load_cached(&config, &mut cache.documents);
    t.mark("load");
    let (mut site, more) = site::assemble(
        content.documents,
        &config,
        &AssembleOptions {
            drafts: opts.drafts,
            now: clock.now.clone(),
        },
    );
    diags.extend(more);
    fail_on_errors(&mut diags)?;
    t.mark("assemble");
    let (images, more) = images::process(&site, &config);
    site.images = images;
    diags.extend(more);
    t.mark("images");
    diags.extend(bodies::render_bodies_cached(
        &mut site,
        &config,
        &mut cache.bodies,
    ));
    fail_on_errors(&mut diags)?;
    t.mark("bodies");

    let register = crate::data::load_register(&config).map_err(BuildError::Content)?;
    let renderer = Renderer::new(&site, &config, &theme, &clock.now, register.as_ref())
        .map_err(BuildError::Content)?;
    diags.extend(renderer.warnings.iter().cloned());
    t.mark("renderer");
    let (mut files, more) = renderer.render_all();
    diags.extend(more);
    t.mark("render");
    let (copies, more) = render::copies(&site, &config, &theme, &content.files);
    diags.extend(more);
    let (copies, more) = images::filter_copies(copies, &site.images, &config);
    diags.extend(more);
    fail_on_errors(&mut diags)?;
    files.extend(copies);
    let wants_editor = config.editor.is_some() || opts.editor_backend.is_some();
    if wants_editor && config.offline {
        // The editor saves through a Git host or `serve --editor`: a copy
        // opened from the disk has neither.
        diags.push(Diagnostic::warning(
            "site.toml",
            "[editor]: the web editor needs a server, so the offline copy leaves out /admin/",
        ));
    } else if wants_editor {
        let admin = crate::editor::files(&site, &config, opts.editor_backend.as_deref())
            .map_err(|e| BuildError::Content(vec![Diagnostic::general(e.to_string())]))?;
        files.extend(admin);
    }
    files.extend(site.images.files());
    if site.pages.iter().any(|p| p.body.has_code) {
        let md = &config.markdown;
        match highlight::stylesheet_pair(&md.highlight_theme, md.highlight_theme_dark.as_deref()) {
            Ok(css) => files.push(OutputFile {
                path: "syntax.css".into(),
                body: Body::Bytes(css.into_bytes()),
            }),
            Err(bad) => {
                let at = config.places.value(&["markdown", bad.key()]);
                diags.push(crate::config::Spot::error(at, bad.to_string()));
                fail_on_errors(&mut diags)?;
            }
        }
    }

    let pages_per_lang = config
        .languages
        .iter()
        .map(|l| {
            (
                l.code.to_string(),
                site.pages
                    .iter()
                    .filter(|p| p.lang == l.code && !p.fallback)
                    .count(),
            )
        })
        .collect();
    let sections = site.sections.iter().filter(|s| s.dir.is_some()).count();
    let translations = crate::site::translations::report(&site, &config);
    t.mark("rest");
    Ok(RenderedSite {
        files,
        config,
        pages_per_lang,
        sections,
        // Repeats on many pages are reported once, with every place kept.
        warnings: crate::error::group_repeats(diags),
        translations,
        images: site.images.report,
        site,
        theme,
        register,
    })
}

/// Adapts the rendered files to where they will be read: an offline copy
/// gets relative links (and no host files, which only servers read);
/// otherwise the `[hosting]` files are added, and compressed copies last so
/// they cover the host files too.
fn finish_for_host(rendered: &mut RenderedSite) -> Result<(), BuildError> {
    let config = &rendered.config;
    if config.offline {
        let warnings = output::offline::make_offline(&mut rendered.files, config);
        rendered.warnings.extend(warnings);
        return Ok(());
    }
    let host = output::host::host_files(&rendered.site, config, &rendered.files);
    rendered.files.extend(host);
    Ok(())
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
    progress.stage("Rendering", 0);
    // With `minify = true` the templates were compacted when loaded
    // (render::compact), which makes minify-html's pass below cheaper.
    let mut rendered = render_site(opts)?;
    let mut t = crate::progress::Stages::from_env();
    finish_for_host(&mut rendered)?;
    t.mark("host");
    let name = dest
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let cache = opts.root.join(".loa-cache");
    let memo_path = cache.join(format!("minified-{name}.txt"));
    let mut memo = None;
    if rendered.config.minify {
        let mut m = output::MinifyMemo::load(&memo_path);
        output::minify_all_memo(&mut rendered.files, &mut m, &dest);
        memo = Some(m);
    }
    t.mark("minify");
    // The editor is for staff on office connections, not readers on prepaid data.
    let homes: Vec<String> = rendered
        .config
        .languages
        .iter()
        .map(|l| rendered.config.lang_root(&l.code).output_file())
        .collect();
    let b = &rendered.config.budgets;
    let limit = |p: &str| {
        1024 * if homes.iter().any(|h| h == p) {
            b.home_kb
        } else {
            b.page_kb
        }
    };
    let costs = output::budget::costs(
        &rendered.files,
        &rendered.config.base_url.path,
        &|p| !crate::editor::is_editor_file(p),
        &limit,
    );
    // Budgets are about bytes over a phone's connection; an offline copy
    // sends none (and its relative asset links are not what `costs` reads).
    if !rendered.config.offline {
        rendered
            .warnings
            .extend(output::budget::check(&costs, b.page_kb, b.home_kb, &homes));
    }
    if rendered.config.hosting.precompress && !rendered.config.offline {
        let (compressed, mut diags) = output::host::precompress(&rendered.files);
        fail_on_errors(&mut diags)?;
        rendered.files.extend(compressed);
    }
    t.mark("budgets");
    // The replaced site is kept in the portal's cache for the next build to
    // update in place (see `output::commit_with`).
    let spare = cache.join(format!("previous-{name}"));
    // The memo describes the site about to be written: stale once it is
    // replaced, whatever happens next, so it goes first.
    let _ = std::fs::remove_file(&memo_path);
    let written = output::commit_with(rendered.files, &dest, Some(&spare), progress)?;
    if let Some(m) = memo {
        m.save(&memo_path);
    }
    t.mark("write");
    Ok(BuildReport {
        pages_per_lang: rendered.pages_per_lang,
        sections: rendered.sections,
        files: written.files,
        bytes: written.bytes,
        elapsed: started.elapsed(),
        warnings: crate::error::group_repeats(rendered.warnings),
        output: dest,
        translations: rendered.translations,
        images: rendered.images,
    })
}
