//! `site.toml`: read once, checked, and resolved into a [`Config`].
//!
//! The raw form mirrors the file (serde with `deny_unknown_fields`, so a typo
//! such as `titel` is an error naming the key instead of a silent default).
//! Resolution checks what serde cannot (the default language is configured,
//! the base URL is absolute) and fills defaults. Run options (`--base-url`)
//! are applied here, once; later stages never change the config.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

mod editor;
mod images;
mod places;

pub use editor::{Backend, EditorConfig, EditorProblem};
pub use images::{ImagesConfig, ImagesProblem};
pub use places::{Places, Spot};

mod bulletin;
pub use bulletin::{BulletinConfig, Variant};

use crate::error::Diagnostic;
use crate::i18n::Lang;
pub use crate::url::BaseUrl;
use crate::url::SitePath;

/// The taxonomies loa knows, with the front-matter fields that feed them.
/// The folders of a portal that loa reads (beside `site.toml` and the
/// `[register] file`): what `serve` watches and what an unchanged build
/// fingerprints. Anything else in the portal folder (a `target/`, a
/// `node_modules/`, old outputs) cannot change the site.
pub const SOURCE_DIRS: [&str; 6] = ["content", "templates", "static", "i18n", "themes", "data"];

pub const KNOWN_TAXONOMIES: [&str; 4] = ["tags", "markets", "districts", "beneficiaries"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    base_url: String,
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default = "default_language")]
    default_language: String,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default = "yes")]
    minify: bool,
    #[serde(default = "default_paginate")]
    paginate: usize,
    #[serde(default)]
    languages: BTreeMap<String, RawLanguage>,
    #[serde(default)]
    taxonomies: BTreeMap<String, RawTaxonomy>,
    #[serde(default)]
    markdown: MarkdownConfig,
    register: Option<RegisterConfig>,
    #[serde(default)]
    untranslated: Untranslated,
    #[serde(default)]
    feeds: FeedsConfig,
    #[serde(default)]
    search: SearchConfig,
    #[serde(default)]
    share: ShareConfig,
    #[serde(default)]
    budgets: BudgetsConfig,
    #[serde(default)]
    limits: Limits,
    #[serde(default)]
    images: ImagesConfig,
    editor: Option<EditorConfig>,
    #[serde(default)]
    offline: bool,
    #[serde(default)]
    hosting: HostingConfig,
    #[serde(default)]
    extra: toml::Table,
    #[serde(default)]
    bulletin: BulletinConfig,
}

/// Files for static hosts (`[hosting]`), written beside the site.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct HostingConfig {
    /// `_redirects` (Netlify, Cloudflare Pages) from aliases and first pagers.
    pub redirects: bool,
    /// `_headers` (Netlify, Cloudflare Pages): long cache for fingerprinted
    /// assets and processed images, `text/calendar` for `.ics`, security headers.
    pub headers: bool,
    /// `.nojekyll`, so GitHub Pages publishes the files as they are.
    pub nojekyll: bool,
    /// `.gz` and `.br` copies beside text files, for servers that send them
    /// as they are (nginx `gzip_static`/`brotli_static`).
    pub precompress: bool,
    /// `next-change.json` at the output root: when the site next needs a
    /// rebuild, for a deploy script on another machine (`loa due --file`).
    pub next_change: bool,
}

impl Default for HostingConfig {
    fn default() -> Self {
        Self {
            redirects: true,
            headers: true,
            nojekyll: true,
            precompress: false,
            next_change: true,
        }
    }
}

/// Feeds (`[feeds]`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct FeedsConfig {
    /// Newest entries per feed.
    pub limit: usize,
    /// Put the whole article in feeds (`true`) or only its summary.
    pub full_content: bool,
}

impl Default for FeedsConfig {
    fn default() -> Self {
        Self {
            limit: 20,
            full_content: false,
        }
    }
}

/// Site search (`[search]`).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct SearchConfig {
    /// Groups of words and abbreviations that mean the same
    /// (`["XKLĐ", "xuất khẩu lao động"]`): a search for one finds the others.
    pub synonyms: Vec<Vec<String>>,
}

/// Byte budgets (`[budgets]`), in KB after compression, before images.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct BudgetsConfig {
    /// Any page.
    pub page_kb: usize,
    /// The home pages.
    pub home_kb: usize,
}

impl Default for BudgetsConfig {
    fn default() -> Self {
        Self {
            page_kb: 60,
            home_kb: 40,
        }
    }
}

/// Sharing on Facebook and Zalo (`[share]`).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ShareConfig {
    /// Default share image, a path under `static/` (`/images/share.png`).
    pub image: Option<String>,
    /// Its width in pixels.
    pub image_width: Option<u32>,
    /// Its height in pixels.
    pub image_height: Option<u32>,
}

/// What a language shows for a page that has not been translated into it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Untranslated {
    /// Nothing: the page exists only in the languages it is written in.
    #[default]
    Hide,
    /// The original, under the language's URL, with a visible
    /// "not yet translated" notice and `lang` set on the original text.
    Fallback,
}

fn default_language() -> String {
    "vi".into()
}
fn default_theme() -> String {
    "default".into()
}
fn yes() -> bool {
    true
}
fn default_paginate() -> usize {
    10
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    name: String,
    title: Option<String>,
    description: Option<String>,
    agency: Option<String>,
    #[serde(default)]
    menu: Vec<MenuEntry>,
    contact: Option<Contact>,
    warning: Option<Warning>,
}

/// The agency's contact block (footer and home page). Every field is
/// optional; an absent field renders nothing.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Agency name.
    pub agency: Option<String>,
    /// Postal address.
    pub address: Option<String>,
    /// Hotline phone number, as written.
    pub hotline: Option<String>,
    /// Other phone number.
    pub phone: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Opening hours.
    pub hours: Option<String>,
    /// A caveat shown with the contact details (e.g. "as of 2023").
    pub note: Option<String>,
}

/// The fraud-warning block on the home page.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Warning {
    /// Heading.
    pub title: String,
    /// One or two sentences.
    pub text: String,
    /// The page with the full warning, by content path (`canh-bao-lua-dao.md`).
    pub page: Option<String>,
}

/// The register of licensed recruitment companies (`[register]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterConfig {
    /// The data file, relative to the portal root (`data/doanh-nghiep.yaml`).
    pub file: String,
    /// URL segment per language (`doanh-nghiep`, `licensed-companies`).
    pub paths: BTreeMap<String, String>,
    /// Days after the file's `checked` date when the list counts as out of
    /// date: the build warns and the register page says so to citizens.
    pub max_age_days: Option<u32>,
}

/// One main-menu entry. Exactly one of `section`, `page` or `url` says where it goes.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MenuEntry {
    /// The text shown.
    pub name: String,
    /// A section by its folder name under `content/` (`tin-tuc`).
    pub section: Option<String>,
    /// A page by its file path under `content/` (`lien-he.md`).
    pub page: Option<String>,
    /// A URL: a path inside the site (`/tim-kiem/`) or an external `https://` link.
    pub url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTaxonomy {
    /// Display name per language.
    names: BTreeMap<String, String>,
    /// URL segment per language; defaults to the folded name.
    #[serde(default)]
    paths: BTreeMap<String, String>,
    paginate: Option<usize>,
    /// Term id -> name per language.
    #[serde(default)]
    terms: BTreeMap<String, BTreeMap<String, String>>,
}

/// What happens to HTML written inside Markdown (`[markdown] raw_html`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RawHtml {
    /// Shown as text: `<b>` appears as the characters `<b>`.
    Escape,
    /// Kept, minus anything that could run code (scripts, event handlers,
    /// `javascript:` links, iframes from hosts not in `iframe_hosts`).
    #[default]
    Sanitize,
    /// Kept as written. Only for portals whose every writer is trusted.
    Allow,
}

/// Markdown options from `[markdown]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// Turn straight quotes and `--` into typographic ones. Off by default:
    /// document numbers and legal citations must stay as typed.
    pub smart_punctuation: bool,
    /// The syntect theme used for the generated `syntax.css`.
    pub highlight_theme: String,
    /// The theme used when the reader's system is in dark mode.
    pub highlight_theme_dark: Option<String>,
    /// Raw HTML in Markdown: escaped, sanitized (the default) or allowed.
    pub raw_html: RawHtml,
    /// Hosts whose `<iframe>` embeds survive sanitizing (https only).
    /// The default admits YouTube and Facebook video embeds.
    pub iframe_hosts: Vec<String>,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        Self {
            smart_punctuation: false,
            highlight_theme: "InspiredGitHub".into(),
            highlight_theme_dark: Some("base16-ocean.dark".into()),
            raw_html: RawHtml::default(),
            iframe_hosts: [
                "www.youtube.com",
                "www.youtube-nocookie.com",
                "www.facebook.com",
            ]
            .map(String::from)
            .to_vec(),
        }
    }
}

/// Resource limits from `[limits]`: a bad file is an error, not an
/// out-of-memory or a hang.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Largest content file read, in megabytes (MiB). Default 10.
    pub max_file_mb: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self { max_file_mb: 10 }
    }
}

impl Limits {
    /// The file-size limit in bytes.
    pub fn max_file_bytes(&self) -> u64 {
        self.max_file_mb.saturating_mul(1024 * 1024)
    }
}

/// A configured language.
#[derive(Debug, Clone, Serialize)]
pub struct Language {
    /// Its code.
    pub code: Lang,
    /// Its own name for itself ("Tiếng Việt", "English").
    pub name: String,
    /// The portal title in this language.
    pub title: String,
    /// The portal description in this language.
    pub description: String,
    /// The agency that runs the portal, shown under its name.
    pub agency: Option<String>,
    /// The main menu in this language.
    pub menu: Vec<MenuEntry>,
    /// Contact block.
    pub contact: Option<Contact>,
    /// Fraud-warning block.
    pub warning: Option<Warning>,
}

/// A taxonomy with translated names and terms.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// Its id, which is also the front-matter field (`markets`).
    pub id: String,
    /// Display name per language code.
    pub names: BTreeMap<String, String>,
    /// URL segment per language code.
    pub paths: BTreeMap<String, String>,
    /// Page size of term pages (0 = one page).
    pub paginate: usize,
    /// Term id -> (language code -> name).
    pub terms: BTreeMap<String, BTreeMap<String, String>>,
    /// Term id -> its line in site.toml (for messages).
    pub term_lines: BTreeMap<String, usize>,
}

/// The checked configuration of one portal.
#[derive(Debug, Clone)]
pub struct Config {
    /// The portal folder (holds site.toml).
    pub root: PathBuf,
    /// Where the site will live.
    pub base_url: BaseUrl,
    /// Fallback title.
    pub title: String,
    /// Fallback description.
    pub description: String,
    /// Languages, the default one first.
    pub languages: Vec<Language>,
    /// Theme name (`default` is built in).
    pub theme: String,
    /// Minify HTML output.
    pub minify: bool,
    /// Default page size of section listings.
    pub paginate: usize,
    /// Configured taxonomies.
    pub taxonomies: Vec<Taxonomy>,
    /// Markdown options.
    pub markdown: MarkdownConfig,
    /// The register of licensed companies, if the portal has one.
    pub register: Option<RegisterConfig>,
    /// Policy for pages missing in a language.
    pub untranslated: Untranslated,
    /// Feed options.
    pub feeds: FeedsConfig,
    /// Search options.
    pub search: SearchConfig,
    /// Share options.
    pub share: ShareConfig,
    /// Page weight budgets.
    pub budgets: BudgetsConfig,
    /// Resource limits.
    pub limits: Limits,
    /// Photo processing (`[images]`).
    pub images: ImagesConfig,
    /// Build a copy that works opened from the disk (`offline = true` or
    /// `loa build --offline`): relative links, search without a server.
    pub offline: bool,
    /// Host files (`[hosting]`).
    pub hosting: HostingConfig,
    /// The web editor at `/admin/` (`[editor]`); `None` leaves it out.
    pub editor: Option<EditorConfig>,
    /// Free-form values for templates (`[extra]`).
    pub extra: toml::Table,
    /// Where each setting is written in site.toml, for messages about it.
    pub places: Places,
    /// The loudspeaker bulletin (`[bulletin]`).
    pub bulletin: BulletinConfig,
}

impl Config {
    /// The default language.
    pub fn default_lang(&self) -> &Lang {
        &self.languages[0].code
    }

    /// The root of a language's pages: `` for the default language, `en/`
    /// for the others.
    pub fn lang_root(&self, lang: &Lang) -> SitePath {
        SitePath::lang_root(lang, self.default_lang())
    }

    /// The configured language with this code, if any.
    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code.as_str() == code)
    }

    /// Reads `run.root/site.toml` and resolves it with what this run
    /// changes (`--base-url`, `--offline`), so the `Config` is complete
    /// when it is made and no later stage patches it.
    pub fn load(run: &RunSettings) -> Result<Config, Vec<Diagnostic>> {
        let path = run.root.join("site.toml");
        let bytes = crate::fs::read(&path).map_err(|e| vec![Diagnostic::from(e)])?;
        let text = String::from_utf8(bytes).map_err(|_| {
            vec![Diagnostic::error(
                "site.toml",
                "site.toml is not valid UTF-8 text",
            )]
        })?;
        Config::resolve_toml(&text, run)
    }

    /// Parses and resolves the text of a site.toml, with no run settings
    /// (no portal folder: for tests and tools that read settings alone).
    pub fn from_toml(text: &str) -> Result<Config, Vec<Diagnostic>> {
        Config::resolve_toml(text, &RunSettings::default())
    }

    fn resolve_toml(text: &str, run: &RunSettings) -> Result<Config, Vec<Diagnostic>> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let mut d = Diagnostic::error("site.toml", e.message().to_string());
            if let Some(span) = e.span() {
                let (line, col) = line_col(text, span.start);
                d = d.at(line, col);
            }
            vec![d]
        })?;
        resolve(raw, Places::read(text), run)
    }
}

/// 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// What one run of loa changes in site.toml's settings.
#[derive(Debug, Clone, Default)]
pub struct RunSettings {
    /// The portal folder (holds site.toml).
    pub root: PathBuf,
    /// `--base-url`: used instead of site.toml's `base_url`.
    pub base_url: Option<String>,
    /// `--offline`: build the copy that works opened from the disk.
    pub offline: bool,
}

/// Errors found while resolving site.toml, each at the place of the key
/// or value it is about.
struct Found {
    places: Places,
    errors: Vec<Diagnostic>,
}

impl Found {
    fn push(&mut self, spot: Option<Spot>, msg: impl Into<String>) {
        self.errors.push(Spot::error(spot, msg));
    }

    /// An error about `key` (a path inside `[table]`) at the most precise
    /// place written: a setting left at its default is not in the file,
    /// so then its table's header stands for it.
    fn push_under(&mut self, table: &str, key: &[String], msg: String) {
        let mut path: Vec<&str> = std::iter::once(table)
            .chain(key.iter().map(String::as_str))
            .collect();
        let mut spot = None;
        while spot.is_none() && !path.is_empty() {
            spot = self.places.value(&path);
            path.pop();
        }
        self.push(spot, msg);
    }
}

fn resolve(
    mut raw: RawConfig,
    places: Places,
    run: &RunSettings,
) -> Result<Config, Vec<Diagnostic>> {
    let mut found = Found {
        places,
        errors: Vec::new(),
    };
    let base_url = match BaseUrl::parse(&raw.base_url) {
        Ok(b) => Some(b),
        Err(m) => {
            found.push(found.places.value(&["base_url"]), m.to_string());
            None
        }
    };
    let languages = resolve_languages(std::mem::take(&mut raw.languages), &raw, &mut found);
    let raw_taxonomies = std::mem::take(&mut raw.taxonomies);
    let taxonomies = resolve_taxonomies(raw_taxonomies, &raw, &languages, &mut found);
    check_settings(&raw, &mut found);
    if !found.errors.is_empty() {
        return Err(found.errors);
    }
    let Some(mut base_url) = base_url else {
        return Err(found.errors);
    };
    if let Some(url) = &run.base_url {
        base_url = BaseUrl::parse(url)
            .map_err(|m| vec![Diagnostic::general(format!("--base-url: {m}"))])?;
    }
    Ok(Config {
        root: run.root.clone(),
        base_url,
        title: raw.title,
        description: raw.description,
        languages,
        theme: raw.theme,
        minify: raw.minify,
        paginate: raw.paginate,
        taxonomies,
        markdown: raw.markdown,
        register: raw.register,
        untranslated: raw.untranslated,
        feeds: raw.feeds,
        search: raw.search,
        share: raw.share,
        budgets: raw.budgets,
        limits: raw.limits,
        images: raw.images,
        offline: raw.offline || run.offline,
        hosting: raw.hosting,
        editor: raw.editor,
        extra: raw.extra,
        places: found.places,
        bulletin: raw.bulletin,
    })
}

/// The configured languages, the default one first, then the rest in code
/// order (stable output); a one-language portal needs no [languages] table.
fn resolve_languages(
    mut raw_langs: BTreeMap<String, RawLanguage>,
    raw: &RawConfig,
    found: &mut Found,
) -> Vec<Language> {
    if raw_langs.is_empty() {
        raw_langs.insert(raw.default_language.clone(), only_language(raw));
    }
    if !raw_langs.contains_key(&raw.default_language) {
        found.push(
            found.places.value(&["default_language"]),
            format!(
                "default_language `{}` has no [languages.{}] table",
                raw.default_language, raw.default_language
            ),
        );
    }
    let mut codes: Vec<String> = raw_langs.keys().cloned().collect();
    codes.sort_by_key(|c| (c != &raw.default_language, c.clone()));
    let mut languages = Vec::new();
    for code in codes {
        let Some(l) = raw_langs.remove(&code) else {
            continue;
        };
        let Some(lang) = Lang::parse(&code) else {
            found.push(
                found.places.key(&["languages", &code]),
                format!("`{code}` is not a language code; use a code such as `vi` or `en`"),
            );
            continue;
        };
        for (i, entry) in l.menu.iter().enumerate() {
            let targets = [&entry.section, &entry.page, &entry.url]
                .iter()
                .filter(|t| t.is_some())
                .count();
            if targets != 1 {
                let index = i.to_string();
                found.push(
                    found.places.value(&["languages", &code, "menu", &index]),
                    format!(
                        "menu entry `{}` needs exactly one of `section`, `page` or `url`",
                        entry.name
                    ),
                );
            }
        }
        languages.push(language(lang, l, raw));
    }
    languages
}

/// The [languages] table a one-language portal leaves out: its default
/// language, named by its code, with the site's title and description.
fn only_language(raw: &RawConfig) -> RawLanguage {
    RawLanguage {
        name: raw.default_language.clone(),
        title: None,
        description: None,
        agency: None,
        menu: Vec::new(),
        contact: None,
        warning: None,
    }
}

/// A checked language: its table, the title and description falling back
/// to the site's own.
fn language(code: Lang, l: RawLanguage, raw: &RawConfig) -> Language {
    Language {
        code,
        name: l.name,
        title: l.title.unwrap_or_else(|| raw.title.clone()),
        description: l.description.unwrap_or_else(|| raw.description.clone()),
        agency: l.agency,
        menu: l.menu,
        contact: l.contact,
        warning: l.warning,
    }
}

/// The configured taxonomies, each with a URL segment per language (the
/// folded name unless `paths` gives one) and the lines of its terms.
fn resolve_taxonomies(
    raw_taxonomies: BTreeMap<String, RawTaxonomy>,
    raw: &RawConfig,
    languages: &[Language],
    found: &mut Found,
) -> Vec<Taxonomy> {
    let mut taxonomies = Vec::new();
    for (id, t) in raw_taxonomies {
        if !KNOWN_TAXONOMIES.contains(&id.as_str()) {
            found.push(
                found.places.key(&["taxonomies", &id]),
                format!(
                    "unknown taxonomy `{id}`; loa knows {}",
                    KNOWN_TAXONOMIES.join(", ")
                ),
            );
            continue;
        }
        let mut paths = t.paths;
        for l in languages {
            let code = l.code.as_str();
            if !paths.contains_key(code) {
                let name = t.names.get(code).cloned().unwrap_or_else(|| id.clone());
                let seg = crate::i18n::fold::slugify(&name);
                paths.insert(
                    code.to_string(),
                    if seg.is_empty() { id.clone() } else { seg },
                );
            }
        }
        for (code, seg) in &paths {
            if crate::i18n::fold::slugify(seg) != *seg || seg.is_empty() {
                // A path made from the name is always a segment, so a bad
                // one was written in `paths`.
                let spot = found.places.value(&["taxonomies", &id, "paths", code]);
                found.push(
                    spot.or_else(|| found.places.key(&["taxonomies", &id])),
                    format!("taxonomy `{id}` path `{seg}` for `{code}` must be a lowercase-hyphenated URL segment"),
                );
            }
        }
        let term_lines = t
            .terms
            .keys()
            .filter_map(|term| {
                let spot = found.places.key(&["taxonomies", &id, "terms", term])?;
                Some((term.clone(), spot.line))
            })
            .collect();
        taxonomies.push(Taxonomy {
            id,
            names: t.names,
            paths,
            paginate: t.paginate.unwrap_or(raw.paginate),
            terms: t.terms,
            term_lines,
        });
    }
    taxonomies
}

/// Settings checked on their own: iframe hosts, limits, images, editor.
fn check_settings(raw: &RawConfig, found: &mut Found) {
    for (i, host) in raw.markdown.iframe_hosts.iter().enumerate() {
        let ok = !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
        if !ok {
            found.push(
                found
                    .places
                    .value(&["markdown", "iframe_hosts", &i.to_string()]),
                format!("[markdown] iframe_hosts: `{host}` must be a bare host name such as `www.youtube.com` (no https://, no path)"),
            );
        }
    }
    if raw.limits.max_file_mb == 0 {
        found.push(
            found.places.value(&["limits", "max_file_mb"]),
            "[limits] max_file_mb must be at least 1",
        );
    }
    for p in raw.images.problems() {
        found.push_under("images", &p.key(), p.to_string());
    }
    for p in raw.editor.iter().flat_map(EditorConfig::problems) {
        found.push_under("editor", &p.key(), p.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: &str = "base_url = \"https://example.org\"\ntitle = \"T\"\n";

    #[test]
    fn minimal_config_gets_defaults() {
        let c = Config::from_toml(MIN).unwrap();
        assert_eq!(c.base_url.absolute, "https://example.org/");
        assert_eq!(c.base_url.path, "/");
        assert_eq!(c.default_lang().as_str(), "vi");
        assert!(c.minify);
        assert_eq!(c.paginate, 10);
    }

    #[test]
    fn unknown_key_is_named_with_its_line() {
        let errs = Config::from_toml(&format!("{MIN}titel = \"x\"\n")).unwrap_err();
        let msg = errs[0].to_string();
        assert!(msg.contains("titel"), "{msg}");
        assert!(msg.starts_with("site.toml:3:"), "{msg}");
    }

    #[test]
    fn default_language_first_and_must_exist() {
        let text = format!(
            "{MIN}[languages.en]\nname = \"English\"\n[languages.vi]\nname = \"Tiếng Việt\"\n"
        );
        let c = Config::from_toml(&text).unwrap();
        let codes: Vec<_> = c.languages.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["vi", "en"]);
        let bad = format!("{MIN}[languages.en]\nname = \"English\"\n");
        let errs = Config::from_toml(&bad).unwrap_err();
        assert!(errs[0].message.contains("default_language"));
    }

    #[test]
    fn base_url_is_normalized_or_refused() {
        let b = BaseUrl::parse("https://sld.example.gov.vn/xkld").unwrap();
        assert_eq!(b.absolute, "https://sld.example.gov.vn/xkld/");
        assert_eq!(b.path, "/xkld/");
        assert!(BaseUrl::parse("example.org").is_err());
        assert!(BaseUrl::parse("https://example.org/?a=1").is_err());
    }

    #[test]
    fn taxonomy_paths_default_to_folded_names() {
        let text = format!(
            "{MIN}[taxonomies.markets]\nnames = {{ vi = \"Thị trường\" }}\n[taxonomies.markets.terms]\nnhat-ban = {{ vi = \"Nhật Bản\" }}\n"
        );
        let c = Config::from_toml(&text).unwrap();
        assert_eq!(c.taxonomies[0].paths["vi"], "thi-truong");
        let bad = format!("{MIN}[taxonomies.colours]\nnames = {{ vi = \"Màu\" }}\n");
        assert!(
            Config::from_toml(&bad).unwrap_err()[0]
                .message
                .contains("unknown taxonomy")
        );
    }

    #[test]
    fn settings_errors_point_at_the_item_they_are_about() {
        let text = format!(
            "{MIN}[images]\nwidths = [480, 9, 1600]\n\n[markdown]\niframe_hosts = [\"www.youtube.com\", \"https://x\"]\n\n[editor]\nbackend = \"github\"\n"
        );
        let errs = Config::from_toml(&text).unwrap_err();
        let shown: Vec<String> = errs.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "site.toml:7:36: error: [markdown] iframe_hosts: `https://x` must be a bare host name such as `www.youtube.com` (no https://, no path)",
                "site.toml:4:16: error: [images] width 9 is out of range (16–8192 pixels)",
                // No `repo` written: the table's header stands for it.
                "site.toml:9:1: error: [editor] backend \"github\" needs `repo = \"owner/name\"`",
            ]
        );
    }
}
