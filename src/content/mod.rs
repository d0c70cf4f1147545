//! Content: finds the portal's files and turns each into a typed [`Document`].
//!
//! Takes the `content/` folder and the config; returns one document per
//! Markdown file (front matter parsed and checked for its kind, body kept as
//! Markdown) plus the plain files to copy. Every file is handled on its own,
//! in parallel, and its errors name it; nothing here knows URLs or other pages.
//!
//! Layout: `_index.md` is the home page (at the top) or a section (one folder
//! down); `<slug>.md` is a page; `<slug>/index.md` is a page bundle whose other
//! files are copied beside it; `<name>.<lang>.md` is a translation.

pub mod front_matter;
pub mod kinds;
pub mod legacy;
pub mod source;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::Config;
use crate::error::Diagnostic;
use crate::i18n::{Lang, looks_like_lang};
use kinds::{Kind, PageFront, RawPage, SectionFront};

/// What marks a value or text left for the writer to fill in (`loa new`
/// writes it in skeletons; `loa check` refuses a page that still has it).
/// Part of the content contract, so both consumers read it from here.
pub const PLACEHOLDER: &str = "[[ĐIỀN";

/// Where a document sits in the content tree.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Place {
    /// `content/_index.md`.
    Home,
    /// `content/<dir>/_index.md`.
    Section {
        /// The section's folder name.
        dir: String,
    },
    /// A page, in a section or (with `section: None`) at the top.
    Page {
        /// The section's folder name, if any.
        section: Option<String>,
        /// The file stem or bundle folder name, without language suffix.
        stem: String,
    },
}

/// Parsed front matter of a document.
#[derive(Debug, Clone)]
pub enum Front {
    /// A home or section index.
    Index(SectionFront),
    /// A page.
    Page(Box<PageFront>),
}

/// One Markdown file, read and checked.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path relative to the portal root (what messages show).
    pub rel: PathBuf,
    /// Its language.
    pub lang: Lang,
    /// Where it sits.
    pub place: Place,
    /// Its section's kind (`Pages` for top-level pages and the home page).
    pub kind: Kind,
    /// Parsed front matter.
    pub front: Front,
    /// The Markdown body.
    pub body: String,
    /// The file line where the body starts.
    pub body_line: usize,
    /// For page bundles: the other files of the bundle (absolute path, name inside the bundle).
    pub assets: Vec<(PathBuf, String)>,
    /// File line of each top-level front-matter key.
    pub field_lines: Vec<(String, usize)>,
    /// A fingerprint of the front matter as written (see [`front_key`]).
    pub front_key: u128,
}

/// A fingerprint of front matter as written (its YAML text): two documents
/// with the same one, path, kind and bundle files have the same parsed
/// front matter, so later stages can compare this instead of the parse.
pub fn front_key(yaml: &str) -> u128 {
    let hash = blake3::hash(yaml.as_bytes());
    let mut first = [0; 16];
    first.copy_from_slice(&hash.as_bytes()[..16]);
    u128::from_le_bytes(first)
}

impl Document {
    /// The file line of a top-level front-matter field, if present.
    pub fn field_line(&self, key: &str) -> Option<usize> {
        field_line(&self.field_lines, key)
    }
}

/// Looks up a key in a list made by [`front_matter::top_level_keys`].
pub fn field_line(lines: &[(String, usize)], key: &str) -> Option<usize> {
    lines.iter().find(|(k, _)| k == key).map(|(_, l)| *l)
}

/// Everything found under `content/`.
#[derive(Debug, Default)]
pub struct Content {
    /// The documents, sorted by path (stable output).
    pub documents: Vec<Document>,
    /// Plain files to copy: absolute source, output path relative to the site root.
    pub files: Vec<(PathBuf, String)>,
    /// The files under `static/`, published as they are: absolute source,
    /// path inside `static/` (`/`-separated), in path order. Read here so
    /// that the later stages, which check references to them and copy
    /// them, do no file-system IO of their own.
    pub statics: Vec<(PathBuf, String)>,
}

/// A Markdown file found by discovery, not yet read.
struct Found {
    path: PathBuf,
    rel: PathBuf,
    lang: Lang,
    place: Place,
    bundle: Option<PathBuf>,
    assets: Vec<(PathBuf, String)>,
}

/// Pages read by an earlier [`load_cached`], reused while their file's size
/// and modification time are unchanged. `loa serve` keeps one between
/// rebuilds, so an edit re-reads and re-parses only the edited file.
#[derive(Default)]
pub struct DocCache {
    pages: HashMap<PathBuf, CachedPage>,
    /// A one-off build keeps nothing (a copy of every page would only cost memory).
    off: bool,
}

/// A page as read, with what it was read under.
struct CachedPage {
    stamp: Stamp,
    kind: Kind,
    front: PageFront,
    body: String,
    body_line: usize,
    field_lines: Vec<(String, usize)>,
    front_key: u128,
}

/// What tells a file changed without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let m = std::fs::metadata(path).ok()?;
        Some(Stamp {
            len: m.len(),
            modified: m.modified().ok(),
        })
    }
}

impl DocCache {
    /// A cache that keeps nothing, for builds that run once.
    pub fn off() -> DocCache {
        DocCache {
            off: true,
            ..DocCache::default()
        }
    }

    /// Forgets these files (the watcher saw them change), whatever their stamp says.
    pub fn forget(&mut self, paths: &[PathBuf]) {
        for p in paths {
            self.pages.remove(p);
        }
    }

    /// Forgets everything (the config or the theme changed).
    pub fn clear(&mut self) {
        self.pages.clear();
    }

    /// Number of pages held.
    pub fn len(&self) -> usize {
        self.pages.len()
    }

    /// True when no page is held.
    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }

    /// Drops the pages whose files are gone since the last call.
    fn keep_only(&mut self, pages: &[Found]) {
        let present: std::collections::HashSet<&Path> =
            pages.iter().map(|f| f.path.as_path()).collect();
        self.pages.retain(|p, _| present.contains(p.as_path()));
    }

    /// Keeps a page just read, for the next call.
    fn remember(&mut self, path: PathBuf, stamp: Stamp, d: &Document) {
        if let Front::Page(front) = &d.front {
            let page = CachedPage {
                stamp,
                kind: d.kind,
                front: (**front).clone(),
                body: d.body.clone(),
                body_line: d.body_line,
                field_lines: d.field_lines.clone(),
                front_key: d.front_key,
            };
            self.pages.insert(path, page);
        }
    }

    fn reuse(&self, f: &Found, kind: Kind, stamp: Option<Stamp>) -> Option<Document> {
        let c = self.pages.get(&f.path)?;
        if Some(c.stamp) != stamp || c.kind != kind {
            return None;
        }
        Some(Document {
            rel: f.rel.clone(),
            lang: f.lang.clone(),
            kind,
            place: f.place.clone(),
            front: Front::Page(Box::new(c.front.clone())),
            body: c.body.clone(),
            body_line: c.body_line,
            assets: f.assets.clone(),
            field_lines: c.field_lines.clone(),
            front_key: c.front_key,
        })
    }
}

/// Reads and checks every content file. Returns what could be read and all
/// problems found; the caller decides whether errors stop the build.
pub fn load(config: &Config) -> (Content, Vec<Diagnostic>) {
    load_cached(config, &mut DocCache::off())
}

/// [`load`], taking unchanged pages from `cache` and leaving every page
/// read in it for the next call.
pub fn load_cached(config: &Config, cache: &mut DocCache) -> (Content, Vec<Diagnostic>) {
    let content_dir = config.root.join("content");
    let mut diags = Vec::new();
    if !content_dir.is_dir() {
        diags.push(Diagnostic::error(
            "content",
            "there is no `content/` folder; create it with a `_index.md` for the home page",
        ));
        return (Content::default(), diags);
    }
    let (found, files) = discover(config, &content_dir, &mut diags);
    let max_bytes = config.limits.max_file_bytes();

    // Indexes first: pages need their section's kind.
    let (indexes, pages): (Vec<Found>, Vec<Found>) = found
        .into_iter()
        .partition(|f| !matches!(f.place, Place::Page { .. }));
    let mut documents = read_indexes(indexes, max_bytes, &mut diags);
    let mut kinds = section_kinds(config, &mut documents, &mut diags);
    // The markets folder holds market pages, not a section (its URL is the
    // taxonomy's); a section someone made there keeps its own kind.
    if let Some(dir) = kinds::market::folder(config) {
        kinds.entry(dir.to_string()).or_insert(Kind::Markets);
    }
    let default_lang = config.default_lang();

    cache.keep_only(&pages);
    let reader: &DocCache = cache;
    let results: Vec<Result<Loaded, Vec<Diagnostic>>> = pages
        .into_par_iter()
        .map(|f| load_page(f, &kinds, reader, max_bytes, default_lang))
        .collect();
    for r in results {
        match r {
            Ok((d, fresh)) => {
                if let Some((path, stamp)) = fresh {
                    cache.remember(path, stamp, &d);
                }
                documents.push(d);
            }
            Err(e) => diags.extend(e),
        }
    }
    documents.sort_by(|a, b| a.rel.cmp(&b.rel));
    let statics = static_files(config, &mut diags);
    let content = Content {
        documents,
        files,
        statics,
    };
    (content, diags)
}

/// Every file under the portal's `static/` folder (none when it has none).
fn static_files(config: &Config, diags: &mut Vec<Diagnostic>) -> Vec<(PathBuf, String)> {
    let static_dir = config.root.join("static");
    let mut out = Vec::new();
    if !static_dir.is_dir() {
        return out;
    }
    for entry in WalkDir::new(&static_dir).sort_by(crate::fs::sibling_order) {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                if let Ok(inner) = e.path().strip_prefix(&static_dir) {
                    let inner = inner.to_string_lossy().replace('\\', "/");
                    out.push((e.path().to_path_buf(), inner));
                }
            }
            Ok(_) => {}
            Err(e) => diags.push(Diagnostic::error("static", format!("cannot read ({e})"))),
        }
    }
    out
}

/// Reads every section index (`_index.md`); problems go to `diags`.
fn read_indexes(indexes: Vec<Found>, max_bytes: u64, diags: &mut Vec<Diagnostic>) -> Vec<Document> {
    let mut documents = Vec::new();
    for f in indexes {
        match read_index(f, max_bytes) {
            Ok(d) => documents.push(d),
            Err(e) => diags.extend(e),
        }
    }
    documents
}

/// A page as loaded, with its path and stamp when it was read afresh (to
/// go into the cache).
type Loaded = (Document, Option<(PathBuf, Stamp)>);

/// Loads one page: from `cache` while its file is unchanged, else read and
/// checked (a panic while reading becomes an error on the file).
fn load_page(
    f: Found,
    kinds: &BTreeMap<String, Kind>,
    cache: &DocCache,
    max_bytes: u64,
    default_lang: &Lang,
) -> Result<Loaded, Vec<Diagnostic>> {
    let kind = page_kind(&f, kinds)?;
    let stamp = if cache.off { None } else { Stamp::of(&f.path) };
    if let Some(d) = cache.reuse(&f, kind, stamp) {
        return Ok((d, None));
    }
    let rel = f.rel.clone();
    let path = f.path.clone();
    let d = crate::error::guard(&rel, || read_page(f, kind, max_bytes, default_lang))
        .unwrap_or_else(|d| Err(vec![d]))?;
    Ok((d, stamp.map(|s| (path, s))))
}

/// The kind of a page: its section's (from the section's `_index.md`), or
/// `pages` at the top level. A section folder without `_index.md` is an
/// error on each of its pages.
fn page_kind(f: &Found, kinds: &BTreeMap<String, Kind>) -> Result<Kind, Vec<Diagnostic>> {
    match &f.place {
        Place::Page {
            section: Some(dir), ..
        } => match kinds.get(dir) {
            Some(k) => Ok(*k),
            None => Err(vec![Diagnostic::error(
                &f.rel,
                format!(
                    "folder `content/{dir}/` has pages but no `_index.md`; add one with `title:` and `kind:` (articles, policies, stories, job_fairs or pages)"
                ),
            )
            .because(format!("content/{dir}/ has no _index.md"))]),
        },
        _ => Ok(Kind::Pages),
    }
}

/// Splits `name.lang.md` into (`name`, lang). `Err` for a language-looking
/// suffix that site.toml does not configure.
fn split_lang(config: &Config, stem: &str) -> Result<(String, Lang), String> {
    if let Some((base, suffix)) = stem.rsplit_once('.') {
        if let Some(l) = config.language(suffix) {
            return Ok((base.to_string(), l.code.clone()));
        }
        if looks_like_lang(suffix) {
            let known: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
            return Err(format!(
                "language `{suffix}` is not configured in site.toml (configured: {}); add [languages.{suffix}] or rename the file",
                known.join(", ")
            ));
        }
    }
    Ok((stem.to_string(), config.default_lang().clone()))
}

fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.starts_with("~$")
}

/// Finds every file under `content/`: Markdown files become [`Found`]
/// (where each sits, in which language), other files are attached to their
/// page bundle or copied as they are (the second list). Problems go to
/// `diags` and the file is left out.
fn discover(
    config: &Config,
    content: &Path,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Found>, Vec<(PathBuf, String)>) {
    let mut found = Vec::new();
    let mut files = Vec::new();
    let inside_root = std::fs::canonicalize(&config.root).unwrap_or_else(|_| config.root.clone());
    // Folders that are page bundles (hold an index*.md), and their pages.
    let mut bundles: BTreeMap<PathBuf, ()> = BTreeMap::new();
    let mut pending_assets: Vec<(PathBuf, PathBuf)> = Vec::new();
    for entry in walk_content(content) {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(walk_error(config, &e));
                continue;
            }
        };
        if let Some(d) = link_outside(config, &entry, &inside_root) {
            diags.push(d);
            continue;
        }
        if entry.file_type().is_dir() {
            continue;
        }
        let path = entry.path().to_path_buf();
        let Ok(inside) = path.strip_prefix(content).map(Path::to_path_buf) else {
            continue;
        };
        let parts: Vec<String> = inside
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let name = parts.last().cloned().unwrap_or_default();
        let Some(stem) = name.strip_suffix(".md") else {
            pending_assets.push((path, inside));
            continue;
        };
        match found_markdown(config, content, path, &parts, stem, &mut bundles) {
            Ok(f) => found.push(f),
            Err(d) => diags.push(d),
        }
    }
    attach_assets(
        config,
        pending_assets,
        &bundles,
        &mut found,
        &mut files,
        diags,
    );
    (found, files)
}

/// Walks `content/` in name order, skipping editors' backup and hidden
/// files. Symbolic links are followed (a shared folder of images linked in
/// is common; [`link_outside`] keeps them inside the portal), and walkdir
/// reports a link that loops back to one of its own parents instead of
/// recursing.
fn walk_content(content: &Path) -> impl Iterator<Item = walkdir::Result<walkdir::DirEntry>> {
    WalkDir::new(content)
        .follow_links(true)
        .sort_by(crate::fs::sibling_order)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()))
}

/// The error for a symbolic link whose target is outside the portal
/// (`inside_root`, canonical), so nothing private is published by mistake.
fn link_outside(
    config: &Config,
    entry: &walkdir::DirEntry,
    inside_root: &Path,
) -> Option<Diagnostic> {
    if !entry.path_is_symlink() {
        return None;
    }
    let target = std::fs::canonicalize(entry.path()).unwrap_or_default();
    if target.starts_with(inside_root) {
        return None;
    }
    Some(Diagnostic::error(
        rel_to(config, entry.path()),
        format!(
            "this symbolic link points outside the portal (to {}); copy the file in instead, so nothing private is published by mistake",
            target.display()
        ),
    ))
}

/// A Markdown file at `path` (`parts` inside `content/`, its name's stem
/// `stem`): its language and where it sits; an `index.md` page's folder is
/// its bundle.
fn found_markdown(
    config: &Config,
    content: &Path,
    path: PathBuf,
    parts: &[String],
    stem: &str,
    bundles: &mut BTreeMap<PathBuf, ()>,
) -> Result<Found, Diagnostic> {
    let rel = rel_to(config, &path);
    let (base, lang) = split_lang(config, stem).map_err(|m| Diagnostic::error(&rel, m))?;
    let is_index = base == "index";
    let place =
        place_of(config, content, parts, base, bundles).map_err(|m| Diagnostic::error(&rel, m))?;
    let bundle = match &place {
        Place::Page { .. } if is_index => path.parent().map(Path::to_path_buf),
        _ => None,
    };
    Ok(Found {
        path,
        rel,
        lang,
        place,
        bundle,
        assets: Vec::new(),
    })
}

/// Where a Markdown file at `parts` (its path inside `content/`, the file
/// name's stem without language being `base`) sits in the portal; an
/// `index.md` page bundle's folder is remembered in `bundles`.
fn place_of(
    config: &Config,
    content: &Path,
    parts: &[String],
    base: String,
    bundles: &mut BTreeMap<PathBuf, ()>,
) -> Result<Place, &'static str> {
    Ok(match (parts.len(), base.as_str()) {
        (1, "_index") => Place::Home,
        (1, _) => Place::Page {
            section: None,
            stem: base,
        },
        (2, "_index") => Place::Section {
            dir: parts[0].clone(),
        },
        (2, "index")
            if !config
                .root
                .join("content")
                .join(&parts[0])
                .join("_index.md")
                .exists() =>
        {
            bundles.insert(content.join(&parts[0]), ());
            Place::Page {
                section: None,
                stem: parts[0].clone(),
            }
        }
        (2, _) => Place::Page {
            section: Some(parts[0].clone()),
            stem: base,
        },
        (3, "index") => {
            bundles.insert(content.join(&parts[0]).join(&parts[1]), ());
            Place::Page {
                section: Some(parts[0].clone()),
                stem: parts[1].clone(),
            }
        }
        _ => {
            return Err(
                "this file is too deep: pages go in `content/<section>/<slug>.md` or `content/<section>/<slug>/index.md`",
            );
        }
    })
}

/// Non-Markdown files: a page bundle's own files (names folded to safe
/// URLs, two that fold alike an error), or plain files copied as they are.
fn attach_assets(
    config: &Config,
    pending_assets: Vec<(PathBuf, PathBuf)>,
    bundles: &BTreeMap<PathBuf, ()>,
    found: &mut [Found],
    files: &mut Vec<(PathBuf, String)>,
    diags: &mut Vec<Diagnostic>,
) {
    // Non-Markdown files: bundle assets, or plain files copied as they are.
    let mut assets: BTreeMap<PathBuf, Vec<(PathBuf, String)>> = BTreeMap::new();
    for (path, inside) in pending_assets {
        let owner = path.ancestors().skip(1).find(|a| bundles.contains_key(*a));
        match owner {
            Some(dir) => {
                let written = path
                    .strip_prefix(dir)
                    .map(|p| p.to_string_lossy().replace('\\', "/"))
                    .unwrap_or_default();
                // Bundle file names are text people typed: folded to safe URLs.
                let name = crate::url::fold_file_name(&written);
                if let Some((other, _)) = assets
                    .get(dir)
                    .and_then(|list| list.iter().find(|(_, n)| *n == name))
                {
                    diags.push(Diagnostic::error(
                        rel_to(config, &path),
                        format!(
                            "this file and {} both become `{name}` in the site; rename one of them",
                            rel_to(config, other).display()
                        ),
                    ));
                    continue;
                }
                assets
                    .entry(dir.to_path_buf())
                    .or_default()
                    .push((path.clone(), name));
            }
            None => files.push((path, inside.to_string_lossy().replace('\\', "/"))),
        }
    }
    for f in found.iter_mut() {
        if let Some(list) = f.bundle.as_ref().and_then(|dir| assets.get(dir)) {
            f.assets = list.clone();
        }
    }
}

/// A walk error as a diagnostic: a symlink loop, or a file that cannot be read.
fn walk_error(config: &Config, e: &walkdir::Error) -> Diagnostic {
    let path = e
        .path()
        .map(|p| rel_to(config, p))
        .unwrap_or_else(|| "content".into());
    match e.loop_ancestor() {
        Some(ancestor) => Diagnostic::error(
            path,
            format!(
                "symbolic link loop: this link leads back to {}, which contains it; remove the link",
                rel_to(config, ancestor).display()
            ),
        ),
        None => Diagnostic::error(path, format!("cannot read ({e})")),
    }
}

fn rel_to(config: &Config, path: &Path) -> PathBuf {
    path.strip_prefix(&config.root)
        .unwrap_or(path)
        .to_path_buf()
}

fn read_index(f: Found, max_bytes: u64) -> Result<Document, Vec<Diagnostic>> {
    let text = source::read_text(&f.path, &f.rel, max_bytes).map_err(|d| vec![d])?;
    let split = front_matter::split(&text).map_err(|e| vec![fm_diag(&f.rel, e)])?;
    let front: SectionFront = front_matter::parse(&split).map_err(|e| vec![fm_diag(&f.rel, e)])?;
    let path_errors = kinds::check_paths(front.slug.as_deref(), &front.aliases, &f.rel, &split);
    if !path_errors.is_empty() {
        return Err(path_errors);
    }
    let body = split.body.to_string();
    let body_line = split.body_line;
    Ok(Document {
        rel: f.rel,
        lang: f.lang,
        kind: front.kind.unwrap_or(Kind::Pages),
        place: f.place,
        front: Front::Index(front),
        body,
        body_line,
        assets: Vec::new(),
        field_lines: front_matter::top_level_keys(&split),
        front_key: front_key(split.yaml),
    })
}

fn read_page(
    f: Found,
    kind: Kind,
    max_bytes: u64,
    default_lang: &Lang,
) -> Result<Document, Vec<Diagnostic>> {
    let text = source::read_text(&f.path, &f.rel, max_bytes).map_err(|d| vec![d])?;
    // The web editor (Decap CMS) saves a file for every language, a blank
    // one for a language nobody wrote in: not a translation yet, not an error.
    if text.trim().is_empty() && &f.lang != default_lang {
        return Err(vec![Diagnostic::warning(
            &f.rel,
            "this translation is empty, so the page is left out in this language (the web editor saves an empty file when a translation is not written); write it or delete the file",
        )]);
    }
    let split = front_matter::split(&text).map_err(|e| vec![fm_diag(&f.rel, e)])?;
    let raw: RawPage = front_matter::parse(&split).map_err(|e| vec![fm_diag(&f.rel, e)])?;
    let front = kinds::resolve_page(raw, kind, &f.rel, &split)?;
    Ok(Document {
        rel: f.rel,
        lang: f.lang,
        kind,
        place: f.place,
        front: Front::Page(Box::new(front)),
        body: split.body.to_string(),
        body_line: split.body_line,
        assets: f.assets,
        field_lines: front_matter::top_level_keys(&split),
        front_key: front_key(split.yaml),
    })
}

/// Reads one page again, as [`load`] read it before: `rel` (relative to the
/// portal root) in `lang`, in a section of `kind`. `loa serve` uses it to
/// show an edited page before the rest of the site is rebuilt.
pub fn read_page_again(
    config: &Config,
    rel: &Path,
    lang: &Lang,
    kind: Kind,
) -> Result<Document, Vec<Diagnostic>> {
    let found = Found {
        path: config.root.join(rel),
        rel: rel.to_path_buf(),
        lang: lang.clone(),
        // Not used by reading: the page keeps the place it had.
        place: Place::Home,
        bundle: None,
        assets: Vec::new(),
    };
    read_page(
        found,
        kind,
        config.limits.max_file_bytes(),
        config.default_lang(),
    )
}

fn fm_diag(rel: &Path, e: front_matter::FrontMatterError) -> Diagnostic {
    let d = Diagnostic::error(rel, e.message);
    match e.column {
        Some(c) => d.at(e.line, c),
        None => d.at_line(e.line),
    }
}

/// Each section's kind, from its default-language `_index.md`.
fn section_kinds(
    config: &Config,
    docs: &mut [Document],
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Kind> {
    let mut kinds = BTreeMap::new();
    for d in docs.iter() {
        if let (Place::Section { dir }, Front::Index(front)) = (&d.place, &d.front) {
            if &d.lang != config.default_lang() {
                continue;
            }
            match front.kind {
                // Market pages are no section: their folder has no index.
                Some(Kind::Markets) => diags.push(
                    Diagnostic::error(
                        &d.rel,
                        format!(
                            "`kind: markets` is not a section kind: market pages go in content/{}/ without an `_index.md`, each named by its term id (nhat-ban.md)",
                            kinds::market::folder(config).unwrap_or("thi-truong")
                        ),
                    )
                    .at_line(d.field_line("kind").unwrap_or(2)),
                ),
                Some(k) => {
                    kinds.insert(dir.clone(), k);
                }
                None => diags.push(
                    Diagnostic::error(
                        &d.rel,
                        "a section needs `kind:` (articles, policies, stories, job_fairs or pages)",
                    )
                    .at_line(2),
                ),
            }
        }
    }
    // Translations inherit the kind and may not contradict it.
    for d in docs.iter_mut() {
        if let (Place::Section { dir }, Front::Index(front)) = (&d.place, &d.front) {
            if let Some(k) = kinds.get(dir) {
                if front.kind.is_some_and(|own| own != *k) {
                    diags.push(Diagnostic::error(
                        &d.rel,
                        format!("`kind` differs from the section's `{}` in its default-language `_index.md`", k.as_str()),
                    ));
                }
                d.kind = *k;
            }
        }
    }
    kinds
}
