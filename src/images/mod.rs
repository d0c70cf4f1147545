//! Images: every photo content uses, made fit for a phone on prepaid data.
//!
//! Runs after the site is assembled and before Markdown bodies are rendered
//! (they need each image's sizes). Takes the site and config; returns an
//! [`ImageSet`]: for every raster image a page uses (front matter `image`,
//! a story's `photo`, Markdown images), JPEG (or PNG) and WebP files at the
//! configured widths, decoded from the original's pixels and so free of its
//! EXIF/XMP/IPTC metadata, turned upright by its EXIF orientation, and named
//! by a hash of their content; plus a 1200×630 share image for each page.
//! Work is parallel, bounded by a pixel budget ([`budget`]), and cached
//! under `.loa-cache/images/` ([`cache`]) so unchanged photos cost nothing.
//!
//! [`filter_copies`] then keeps the originals out of the published files
//! (unless `[images] keep_originals`), refuses SVG files with scripts, and
//! warns about JPEGs published as they are with their metadata.

mod budget;
mod cache;
mod copies;
mod decode;
mod encode;
mod html;
mod process;
mod refs;
mod svg;
mod webp;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::artifact::{Body, OutputFile};
use crate::config::Config;
pub use crate::config::ImagesConfig;
use crate::error::Diagnostic;
use crate::site::{Site, Slug};
pub use copies::filter_copies;
pub use encode::Format;
pub use html::Picture;
pub use process::SHARE_SIZE;
use refs::{Role, Use};

/// One published file of an image.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Path inside the site (`img/anh-an-3f2a9c81d0-960.webp`).
    pub path: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Its format.
    pub format: Format,
    body: Body,
}

/// Everything made from one source image.
#[derive(Debug, Clone, Default)]
pub struct Processed {
    /// The source's upright width.
    pub width: u32,
    /// The source's upright height.
    pub height: u32,
    /// Responsive versions, narrowest first (JPEG or PNG, and WebP).
    pub variants: Vec<Variant>,
    /// The 1200×630 share image, when the image is a page's share image.
    pub share: Option<Variant>,
}

/// What image processing did in a build.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImageReport {
    /// Source images used by content.
    pub sources: usize,
    /// Files encoded in this build.
    pub encoded: usize,
    /// Files taken from the cache, not encoded again.
    pub reused: usize,
}

/// The processed images of a build and which content file uses which.
#[derive(Debug, Default)]
pub struct ImageSet {
    processed: HashMap<PathBuf, Processed>,
    /// (Markdown file, path as written) -> source.
    uses: HashMap<(PathBuf, String), PathBuf>,
    /// Markdown file -> the source of its share image.
    share: HashMap<PathBuf, PathBuf>,
    default_share: Option<Variant>,
    /// Source -> the Markdown files that use it (for messages).
    users: BTreeMap<PathBuf, Vec<PathBuf>>,
    /// What was done.
    pub report: ImageReport,
}

impl ImageSet {
    /// The processed image that `written` names in the Markdown file `doc`.
    pub fn get(&self, doc: &Path, written: &str) -> Option<&Processed> {
        let src = self.uses.get(&(doc.to_path_buf(), written.to_string()))?;
        self.processed.get(src)
    }

    /// The share image of the page written in `doc`.
    pub fn share_of(&self, doc: &Path) -> Option<&Variant> {
        self.processed.get(self.share.get(doc)?)?.share.as_ref()
    }

    /// The site's default share image (`[share] image`), processed.
    pub fn default_share(&self) -> Option<&Variant> {
        self.default_share.as_ref()
    }

    /// The `<picture>` for a Markdown image of `doc`, or `None` to leave it
    /// as written (remote, SVG). The first image is loaded at once when it
    /// opens the body and the page shows no picture above it
    /// (`header_image`); the others load as the reader scrolls near.
    pub fn markdown_html(
        &self,
        doc: &Path,
        img: &crate::markdown::ImageRef<'_>,
        header_image: bool,
        config: &Config,
    ) -> Option<String> {
        let pic = Picture::new(self.get(doc, img.dest)?, &config.base_url)?;
        let eager = img.nth == 0 && img.block <= 2 && !header_image;
        Some(pic.html(img.alt, img.title, &config.images.sizes, eager))
    }

    /// The output path of every processed file (content-hashed names).
    pub fn paths(&self) -> std::collections::BTreeSet<&str> {
        self.processed
            .values()
            .flat_map(|p| p.variants.iter().chain(&p.share))
            .map(|v| v.path.as_str())
            .collect()
    }

    /// A fingerprint of which content file uses which image and what was
    /// made of each (stable across runs): equal in two builds when every
    /// page shows the same pictures.
    pub fn mark(&self) -> String {
        let mut h = blake3::Hasher::new();
        let mut uses: Vec<_> = self.uses.iter().collect();
        uses.sort();
        let mut share: Vec<_> = self.share.iter().collect();
        share.sort();
        let mut processed: Vec<_> = self.processed.iter().collect();
        processed.sort_by(|a, b| a.0.cmp(b.0));
        let text = format!(
            "{uses:?}\n{share:?}\n{:?}\n{:?}",
            processed
                .iter()
                .map(|(src, p)| (
                    src,
                    p.width,
                    p.height,
                    p.variants
                        .iter()
                        .chain(&p.share)
                        .map(|v| &v.path)
                        .collect::<Vec<_>>()
                ))
                .collect::<Vec<_>>(),
            self.default_share.as_ref().map(|v| &v.path)
        );
        h.update(text.as_bytes());
        h.finalize().to_hex().to_string()
    }

    /// Every file to publish, once each, in path order.
    pub fn files(&self) -> Vec<OutputFile> {
        let mut out: BTreeMap<&str, &Body> = BTreeMap::new();
        for p in self.processed.values() {
            for v in p.variants.iter().chain(&p.share) {
                out.insert(&v.path, &v.body);
            }
        }
        out.into_iter()
            .map(|(path, body)| OutputFile {
                path: path.to_string(),
                body: body.clone(),
            })
            .collect()
    }
}

/// Where each source is first used, for messages.
struct Job {
    work: process::Job,
    first: Option<Use>,
}

fn is_svg(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"))
}

fn stem_of(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    let slug = Slug::from_text(&stem).map_or_else(|| "image".to_string(), |s| s.to_string());
    slug.chars()
        .take(40)
        .collect::<String>()
        .trim_end_matches('-')
        .to_string()
}

/// Processes every image the site uses (see the module docs).
pub fn process(site: &Site, config: &Config) -> (ImageSet, Vec<Diagnostic>) {
    let (uses, mut diags) = refs::collect(site, config);
    let mut set = ImageSet::default();
    let mut jobs = gather(&uses, &mut set);
    choose_share_sources(&uses, &mut set, &mut jobs);
    let default_source = default_share_source(config, &mut jobs, &mut diags);

    let cache = cache::Cache::new(&config.root);
    let budget = budget::Budget::new(config.images.max_pixels);
    let results: Vec<(PathBuf, Result<process::Done, String>)> = jobs
        .par_iter()
        .map(|(src, job)| {
            let done = process::run(src, &job.work, &config.images, &cache, &budget);
            (src.clone(), done)
        })
        .collect();
    set.report.sources = jobs.len();
    let mut cache_error = None;
    for (src, result) in results {
        match result {
            Ok(done) => {
                set.report.encoded += done.encoded;
                set.report.reused += done.reused;
                cache_error = cache_error.or(done.cache_error);
                set.processed.insert(src, done.processed);
            }
            Err(why) => diags.push(failure(&set, &jobs[&src], &src, &why, config)),
        }
    }
    if let Some(e) = cache_error {
        diags.push(Diagnostic::warning(
            ".loa-cache",
            format!(
                "cannot write the image cache ({e}); images will be processed again on every build"
            ),
        ));
    }
    if let Some(src) = default_source {
        set.default_share = set.processed.get(&src).and_then(|p| p.share.clone());
    }
    diags.extend(small_share_warnings(&set, &jobs, config));
    (set, diags)
}

/// One job per raster source; records who uses what in `set`.
fn gather(uses: &[Use], set: &mut ImageSet) -> BTreeMap<PathBuf, Job> {
    let mut jobs = BTreeMap::new();
    for u in uses {
        let docs = set.users.entry(u.file.clone()).or_default();
        if !docs.contains(&u.doc) {
            docs.push(u.doc.clone());
        }
        if is_svg(&u.rel) {
            continue;
        }
        set.uses
            .insert((u.doc.clone(), u.written.clone()), u.file.clone());
        jobs.entry(u.file.clone()).or_insert_with(|| Job {
            work: process::Job {
                stem: stem_of(&u.rel),
                variants: true,
                share: false,
            },
            first: Some(u.clone()),
        });
    }
    jobs
}

/// A page's share image is its `image`, else its `photo`, else its first
/// Markdown image.
fn choose_share_sources(uses: &[Use], set: &mut ImageSet, jobs: &mut BTreeMap<PathBuf, Job>) {
    let rank = |r: Role| match r {
        Role::Image => 0,
        Role::Photo => 1,
        Role::Body => 2,
    };
    let mut best: BTreeMap<&Path, &Use> = BTreeMap::new();
    for u in uses.iter().filter(|u| !is_svg(&u.rel)) {
        let slot = best.entry(&u.doc).or_insert(u);
        if rank(u.role) < rank(slot.role) {
            *slot = u;
        }
    }
    for (doc, u) in best {
        set.share.insert(doc.to_path_buf(), u.file.clone());
        if let Some(job) = jobs.get_mut(&u.file) {
            job.work.share = true;
        }
    }
}

/// Adds the `[share] image` of site.toml (a file under `static/`) as a job.
fn default_share_source(
    config: &Config,
    jobs: &mut BTreeMap<PathBuf, Job>,
    diags: &mut Vec<Diagnostic>,
) -> Option<PathBuf> {
    let img = config.share.image.as_deref()?;
    if refs::is_remote(img) || is_svg(Path::new(img)) {
        return None;
    }
    let written = format!("/{}", img.trim_start_matches('/'));
    match refs::locate(config, Path::new("site.toml"), &written) {
        Ok((file, rel)) => {
            let job = jobs.entry(file.clone()).or_insert_with(|| Job {
                work: process::Job {
                    stem: stem_of(&rel),
                    variants: false,
                    share: false,
                },
                first: None,
            });
            job.work.share = true;
            Some(file)
        }
        Err(why) => {
            diags.push(crate::config::Spot::error(
                config.places.value(&["share", "image"]),
                format!("[share] image `{img}`: {why} (write a path under static/, like /images/share.jpg)"),
            ));
            None
        }
    }
}

/// An error naming the image and the page that uses it (and how many more do).
fn failure(set: &ImageSet, job: &Job, src: &Path, why: &str, config: &Config) -> Diagnostic {
    let Some(u) = &job.first else {
        let at = config.places.value(&["share", "image"]);
        return crate::config::Spot::error(at, format!("[share] image: {why}"));
    };
    let others = set.users.get(src).map_or(0, |d| d.len().saturating_sub(1));
    let also = match others {
        0 => String::new(),
        n => format!(" (also used by {n} other page(s))"),
    };
    let d = Diagnostic::error(
        &u.doc,
        format!("image `{}` ({}): {why}{also}", u.written, u.rel.display()),
    );
    match u.line {
        Some(l) => d.at_line(l),
        None => d,
    }
}

/// Warns once per image whose share version is smaller than 1200×630.
fn small_share_warnings(
    set: &ImageSet,
    jobs: &BTreeMap<PathBuf, Job>,
    config: &Config,
) -> Vec<Diagnostic> {
    let (sw, sh) = SHARE_SIZE;
    let mut warned = BTreeSet::new();
    let mut out = Vec::new();
    let small = |v: &Variant| v.width < sw || v.height < sh;
    let mut docs: Vec<(&PathBuf, &PathBuf)> = set.share.iter().collect();
    docs.sort();
    for (doc, src) in docs {
        let (Some(p), Some(job)) = (set.processed.get(src), jobs.get(src)) else {
            continue;
        };
        if !p.share.as_ref().is_some_and(small) || !warned.insert(src) {
            continue;
        }
        let name = job
            .first
            .as_ref()
            .map_or_else(String::new, |u| format!("`{}` ", u.written));
        out.push(Diagnostic::warning(doc, format!(
            "its share image {name}is only {}×{} pixels; Facebook and Zalo previews want {sw}×{sh}: use a photo at least that large",
            p.width, p.height
        )).because("share image too small"));
    }
    if let Some(v) = set.default_share.as_ref().filter(|v| small(v)) {
        let d = Diagnostic::warning(
            "site.toml",
            format!(
                "[share] image `{}` gives a share image of only {}×{} pixels; previews want {sw}×{sh}",
                config.share.image.as_deref().unwrap_or_default(),
                v.width,
                v.height
            ),
        );
        out.push(match config.places.value(&["share", "image"]) {
            Some(s) => d.at(s.line, s.column),
            None => d,
        });
    }
    out
}
