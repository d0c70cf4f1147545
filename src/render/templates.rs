//! Templates, theme files and UI strings, layered: the built-in default
//! theme < `themes/<name>/` on disk < the portal's own `templates/` and
//! `i18n/`. A later layer replaces single files (or single UI strings), so a
//! portal overrides only what it changes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use include_dir::{Dir, include_dir};
use tera::{Kwargs, State, Tera};
use walkdir::WalkDir;

use crate::config::Config;
use crate::error::Diagnostic;
use crate::i18n::format::{self, Locales};
use crate::i18n::strings::UiStrings;
use crate::time::Moment;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where a theme file comes from.
#[derive(Debug, Clone)]
pub enum Source {
    /// Compiled into the binary.
    Embedded(&'static [u8]),
    /// A file on disk.
    Disk(PathBuf),
}

/// A theme file, and the path shown in messages.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    /// Content.
    pub source: Source,
    /// `themes/default/templates/page.html (built in)` or a real path.
    pub origin: PathBuf,
}

impl ThemeFile {
    fn text(&self) -> Result<String, Diagnostic> {
        let bytes = match &self.source {
            Source::Embedded(b) => b.to_vec(),
            Source::Disk(p) => std::fs::read(p)
                .map_err(|e| Diagnostic::error(&self.origin, format!("cannot read ({e})")))?,
        };
        crate::content::source::decode(bytes)
            .map_err(|e| Diagnostic::error(&self.origin, e.to_string()))
    }
}

/// The layered theme: templates, static files and UI strings by name.
#[derive(Debug, Default, Clone)]
pub struct Theme {
    /// `page.html` -> file.
    pub templates: BTreeMap<String, ThemeFile>,
    /// `style.css` -> file (copied to the output root).
    pub statics: BTreeMap<String, ThemeFile>,
    /// `vi` -> files in layer order.
    pub i18n: BTreeMap<String, Vec<ThemeFile>>,
    /// Drop the indentation of template lines when compiling
    /// (`minify = true`; see [`super::compact`]).
    pub compact: bool,
    /// The merged UI strings and the default language they were merged
    /// for, made on first use: a build asks for them more than once (the
    /// renderer, the "Next change" line, the bulletins' player), and
    /// parsing the YAML was a twentieth of building the sample portal.
    /// Copies of the theme share it.
    merged: Arc<std::sync::OnceLock<(String, StringsResult)>>,
}

/// What [`Theme::strings`] gives.
type StringsResult = Result<Arc<UiStrings>, Vec<Diagnostic>>;

impl Theme {
    /// Whether some template's text names `word` (a variable or field a
    /// template may show). A template that cannot be read counts as naming it.
    pub fn mentions(&self, word: &str) -> bool {
        self.templates
            .values()
            .any(|f| f.text().map_or(true, |t| t.contains(word)))
    }

    /// Collects the layers for this portal.
    pub fn load(config: &Config) -> Result<Theme, Vec<Diagnostic>> {
        let mut theme = Theme {
            compact: config.minify,
            ..Theme::default()
        };
        theme.add_embedded(&DEFAULT_THEME);
        let theme_dir = config.root.join("themes").join(&config.theme);
        if theme_dir.is_dir() {
            theme.add_disk(config, &theme_dir);
        } else if config.theme != "default" {
            return Err(vec![Diagnostic::error(
                "site.toml",
                format!(
                    "theme `{}` not found: there is no folder themes/{}/ (the built-in theme is `default`)",
                    config.theme, config.theme
                ),
            )]);
        }
        theme.add_disk(config, &config.root);
        Ok(theme)
    }

    fn add_embedded(&mut self, dir: &'static Dir<'static>) {
        let mut stack = vec![dir];
        while let Some(d) = stack.pop() {
            stack.extend(d.dirs());
            for f in d.files() {
                let path = f.path().to_string_lossy().replace('\\', "/");
                let file = ThemeFile {
                    source: Source::Embedded(f.contents()),
                    origin: PathBuf::from(format!("themes/default/{path} (built in)")),
                };
                self.insert(&path, file);
            }
        }
    }

    /// Adds `templates/`, `static/` (themes only) and `i18n/` under `base`.
    fn add_disk(&mut self, config: &Config, base: &Path) {
        let is_root = base == config.root;
        let parts: &[&str] = if is_root {
            &["templates", "i18n"]
        } else {
            &["templates", "static", "i18n"]
        };
        for part in parts {
            let dir = base.join(part);
            if !dir.is_dir() {
                continue;
            }
            for entry in WalkDir::new(&dir).sort_by_file_name().into_iter().flatten() {
                if !entry.file_type().is_file() {
                    continue;
                }
                let Ok(inner) = entry.path().strip_prefix(base) else {
                    continue;
                };
                let key = inner.to_string_lossy().replace('\\', "/");
                let origin = entry
                    .path()
                    .strip_prefix(&config.root)
                    .unwrap_or(entry.path())
                    .to_path_buf();
                self.insert(
                    &key,
                    ThemeFile {
                        source: Source::Disk(entry.path().to_path_buf()),
                        origin,
                    },
                );
            }
        }
    }

    fn insert(&mut self, key: &str, file: ThemeFile) {
        if let Some(name) = key.strip_prefix("templates/") {
            self.templates.insert(name.to_string(), file);
        } else if let Some(name) = key.strip_prefix("static/") {
            self.statics.insert(name.to_string(), file);
        } else if let Some(name) = key.strip_prefix("i18n/") {
            if let Some(lang) = name
                .strip_suffix(".yaml")
                .or_else(|| name.strip_suffix(".yml"))
            {
                self.i18n.entry(lang.to_string()).or_default().push(file);
            }
        }
    }

    /// The bytes of a static file.
    pub fn static_bytes(file: &ThemeFile) -> Result<Vec<u8>, Diagnostic> {
        match &file.source {
            Source::Embedded(b) => Ok(b.to_vec()),
            Source::Disk(p) => std::fs::read(p)
                .map_err(|e| Diagnostic::error(&file.origin, format!("cannot read ({e})"))),
        }
    }

    /// Content-hashed names for the theme's stylesheets and scripts
    /// (`style.css` -> `style.3f2a9c1e.css`), so hosts can cache them for a
    /// year and a new version is a new URL.
    pub fn fingerprints(&self) -> BTreeMap<String, String> {
        self.statics
            .iter()
            .filter(|(name, _)| name.ends_with(".css") || name.ends_with(".js"))
            .filter_map(|(name, file)| {
                let bytes = Theme::static_bytes(file).ok()?;
                let (stem, ext) = name.rsplit_once('.')?;
                Some((
                    name.clone(),
                    format!("{stem}.{:08x}.{ext}", fnv1a(&bytes) as u32),
                ))
            })
            .collect()
    }

    /// The UI strings of every layer, merged (once per theme and default
    /// language).
    pub fn strings(&self, config: &Config) -> StringsResult {
        let lang = config.default_lang().as_str();
        let (made_for, merged) = self
            .merged
            .get_or_init(|| (lang.to_string(), self.merge_strings(config)));
        if made_for == lang {
            merged.clone()
        } else {
            self.merge_strings(config)
        }
    }

    /// Merges the UI strings of every layer.
    fn merge_strings(&self, config: &Config) -> StringsResult {
        let mut strings = UiStrings::new(config.default_lang().as_str());
        let mut errors = Vec::new();
        for (lang, files) in &self.i18n {
            for f in files {
                let text = match f.text() {
                    Ok(t) => t,
                    Err(d) => {
                        errors.push(d);
                        continue;
                    }
                };
                if let Err((line, msg)) = strings.merge_yaml(lang, &text) {
                    let d = Diagnostic::error(&f.origin, msg);
                    errors.push(match line {
                        Some(l) => d.at_line(l),
                        None => d,
                    });
                }
            }
        }
        if errors.is_empty() {
            Ok(Arc::new(strings))
        } else {
            Err(errors)
        }
    }

    /// Compiles every template once, with loa's filters and functions.
    pub fn tera(
        &self,
        strings: Arc<UiStrings>,
        locales: Arc<Locales>,
        assets: Arc<BTreeMap<String, String>>,
    ) -> Result<Tera, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        let mut sources = Vec::new();
        let mut errors = Vec::new();
        for (name, file) in &self.templates {
            match file.text() {
                Ok(t) => {
                    let t = match self.compact {
                        true => super::compact::compact(&t).unwrap_or(t),
                        false => t,
                    };
                    sources.push((name.clone(), t));
                }
                Err(d) => errors.push(d),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        register(&mut tera, strings, locales);
        tera.register_function(
            "asset",
            move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
                let path: String = kwargs.must_get("path")?;
                assets
                    .get(path.trim_start_matches('/'))
                    .cloned()
                    .ok_or_else(|| {
                        tera::Error::message(format!(
                            "asset `{path}` is not a stylesheet or script of the theme"
                        ))
                    })
            },
        );
        super::script::register(&mut tera);
        super::qr::register(&mut tera);
        tera.add_raw_templates(sources)
            .map_err(|e| vec![self.diagnostic(&e)])?;
        Ok(tera)
    }

    /// The path shown for a template name.
    fn origin(&self, name: &str) -> PathBuf {
        self.templates
            .get(name)
            .map_or_else(|| PathBuf::from(name), |f| f.origin.clone())
    }

    /// The columns compaction removed from a line of a template, so that
    /// errors point at the file as written.
    fn removed_indent(&self, name: &str, line: usize) -> usize {
        match (self.compact, self.templates.get(name).map(ThemeFile::text)) {
            (true, Some(Ok(text))) => super::compact::removed_indent(&text, line),
            _ => 0,
        }
    }

    /// Turns a Tera error into a diagnostic pointing at the template file.
    pub fn diagnostic(&self, e: &tera::Error) -> Diagnostic {
        self.diagnostics(e)
            .into_iter()
            .next()
            .unwrap_or_else(|| Diagnostic::general("template error"))
    }

    /// Turns a Tera error into diagnostics: several when Tera's check of a
    /// template found several unknown filters, functions or includes.
    pub fn diagnostics(&self, e: &tera::Error) -> Vec<Diagnostic> {
        use std::error::Error as _;
        if let tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) = e.kind() {
            let span = r.span();
            return vec![
                Diagnostic::error(
                    self.origin(r.filename()),
                    format!("template: {}", r.message()),
                )
                .at(
                    span.start_line,
                    span.start_col + 1 + self.removed_indent(r.filename(), span.start_line),
                ),
            ];
        }
        let mut msg = e.to_string();
        let mut src = e.source();
        while let Some(s) = src {
            msg.push_str(&format!("\n{s}"));
            src = s.source();
        }
        let found = self.parse_reports(&msg);
        if found.is_empty() {
            vec![Diagnostic::general(format!("template: {msg}"))]
        } else {
            found
        }
    }

    /// Reads Tera's text reports (`error: ...` then ` --> name:line:col`).
    fn parse_reports(&self, text: &str) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let mut message: Option<&str> = None;
        for line in text.lines() {
            if let Some(m) = line.trim_start().strip_prefix("error: ") {
                message = Some(m);
            } else if let Some(loc) = line.trim_start().strip_prefix("--> ") {
                let mut parts = loc.rsplitn(3, ':');
                let col = parts.next().and_then(|c| c.parse::<usize>().ok());
                let row = parts.next().and_then(|l| l.parse::<usize>().ok());
                if let (Some(name), Some(row), Some(col), Some(m)) =
                    (parts.next(), row, col, message.take())
                {
                    let col = col + self.removed_indent(name, row);
                    out.push(
                        Diagnostic::error(self.origin(name), format!("template: {m}")).at(row, col),
                    );
                }
            }
        }
        out
    }
}

/// Checks the UI strings the templates use: a key missing in the default
/// language is an error (it would show as its key); keys a further
/// language lacks are one warning per language (they fall back to the
/// default language's text).
pub fn check_strings(theme: &Theme, strings: &UiStrings, config: &Config) -> Vec<Diagnostic> {
    let default = config.default_lang().as_str();
    let mut out = Vec::new();
    for (name, file) in &theme.templates {
        let Ok(text) = file.text() else { continue };
        for (line_no, line) in text.lines().enumerate() {
            for key in literal_keys(line) {
                if strings.get(default, key).is_none() {
                    out.push(
                        Diagnostic::error(&file.origin, format!("UI string `{key}` used by {name} is missing from i18n/{default}.yaml"))
                            .at_line(line_no + 1),
                    );
                }
            }
        }
    }
    let mut required = crate::i18n::format::keys();
    required.retain(|k| strings.get(default, k).is_none());
    for k in required {
        out.push(Diagnostic::error(
            format!("i18n/{default}.yaml"),
            format!("UI string `{k}` (number and date formats) is missing"),
        ));
    }
    for l in config.languages.iter().skip(1) {
        let missing = strings.missing_keys(l.code.as_str());
        if !missing.is_empty() {
            let shown: Vec<&str> = missing.iter().take(8).copied().collect();
            let more = if missing.len() > 8 {
                format!(" and {} more", missing.len() - 8)
            } else {
                String::new()
            };
            out.push(Diagnostic::warning(
                format!("i18n/{}.yaml", l.code),
                format!(
                    "{} UI string(s) missing for `{}`, shown in `{default}` instead: {}{more}",
                    missing.len(),
                    l.code,
                    shown.join(", ")
                ),
            ));
        }
    }
    out
}

/// The keys of `t(key="...")` calls written as literals on a line.
fn literal_keys(line: &str) -> Vec<&str> {
    let mut keys = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find("t(key=") {
        let after = &rest[i + 6..];
        if let Some(q @ ('"' | '\'')) = after.chars().next() {
            let body = &after[1..];
            if let Some(end) = body.find(q) {
                // `t(key="status_" ~ x)` builds its key at render time: skip it.
                if !body[end + 1..].trim_start().starts_with('~') {
                    keys.push(&body[..end]);
                }
            }
        }
        rest = &rest[i + 6..];
    }
    keys
}

/// FNV-1a: a small, stable hash for cache-busting names (stable across
/// builds, machines and Rust versions, unlike `DefaultHasher`).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The language a template call is for: its `lang=` argument, else the
/// page's `lang`, else Vietnamese. Lent to `f` rather than copied: `t()`
/// alone runs dozens of times on every page.
fn with_lang<R>(kwargs: &Kwargs, state: &State, f: impl FnOnce(&str) -> R) -> tera::TeraResult<R> {
    if let Some(l) = kwargs.get::<&str>("lang")? {
        return Ok(f(l));
    }
    match state.get::<tera::Value>("lang")? {
        None => Ok(f("vi")),
        Some(v) => match v.as_str() {
            Some(l) => Ok(f(l)),
            // Not text: the same error as asking for a string.
            None => Ok(f(&<String as tera::ArgFromValue>::from_value(&v)?)),
        },
    }
}

fn register(tera: &mut Tera, strings: Arc<UiStrings>, locales: Arc<Locales>) {
    tera.register_function(
        "t",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            let key: &str = kwargs.must_get("key")?;
            with_lang(&kwargs, state, |lang| {
                strings.get(lang, key).unwrap_or(key).to_string()
            })
        },
    );
    let l = locales.clone();
    tera.register_filter(
        "date",
        move |value: &str, kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            let locale = with_lang(&kwargs, state, |lang| l.get(lang))?;
            let style = kwargs.get::<&str>("style")?.unwrap_or("long");
            let m = Moment::parse(value).map_err(tera::Error::message)?;
            let dt = m.local();
            Ok(match style {
                "short" => locale.date_short(dt),
                "weekday" => locale.weekday(dt).to_string(),
                "time" => format::time_of_day(dt),
                "iso" => m.rfc3339(),
                "ymd" => dt.date().to_string(),
                _ => locale.date_long(dt),
            })
        },
    );
    let l = locales.clone();
    tera.register_filter(
        "money",
        move |value: i64, kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            with_lang(&kwargs, state, |lang| l.get(lang).money(value))
        },
    );
    tera.register_filter(
        "number",
        move |value: i64, kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            with_lang(&kwargs, state, |lang| locales.get(lang).number(value))
        },
    );
}

#[cfg(test)]
mod key_tests {
    #[test]
    fn literal_keys_are_found_and_computed_ones_skipped() {
        let keys = super::literal_keys(
            r#"{{ t(key="home") }} {{ t(key='next', lang=a) }} {{ t(key="status_" ~ x) }}"#,
        );
        assert_eq!(keys, vec!["home", "next"]);
    }
}

#[cfg(test)]
mod strings_tests {
    use super::*;

    fn config(langs: &[&str]) -> Config {
        let mut toml = format!(
            "base_url = \"https://e.org\"\ntitle = \"T\"\ndefault_language = \"{}\"\n",
            langs[0]
        );
        for l in langs {
            toml.push_str(&format!("[languages.{l}]\nname = \"{l}\"\ntitle = \"T\"\n"));
        }
        Config::from_toml(&toml).unwrap()
    }

    #[test]
    fn strings_are_merged_once_per_default_language() {
        let vi = config(&["vi", "en"]);
        let theme = Theme::load(&vi).unwrap();
        let first = theme.strings(&vi).unwrap();
        let again = theme.strings(&vi).unwrap();
        assert!(Arc::ptr_eq(&first, &again), "merged a second time");
        // Another default language gets its own fallback, not the memo.
        let en = config(&["en", "vi"]);
        let other = theme.strings(&en).unwrap();
        assert!(!Arc::ptr_eq(&first, &other));
    }

    #[test]
    fn a_copy_of_the_theme_shares_the_merged_strings() {
        // The build compiles the templates from a copy of the theme on a
        // thread of its own (`render::Styling::start`); what that copy
        // merged is the theme's too.
        let vi = config(&["vi", "en"]);
        let theme = Theme::load(&vi).unwrap();
        let copy = theme.clone();
        let merged_by_copy = std::thread::spawn(move || copy.strings(&vi).unwrap())
            .join()
            .unwrap();
        let vi = config(&["vi", "en"]);
        assert!(Arc::ptr_eq(&merged_by_copy, &theme.strings(&vi).unwrap()));
    }
}
