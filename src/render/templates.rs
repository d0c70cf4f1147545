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
use crate::i18n::format;
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
        crate::content::source::decode(bytes).map_err(|m| Diagnostic::error(&self.origin, m))
    }
}

/// The layered theme: templates, static files and UI strings by name.
#[derive(Debug, Default)]
pub struct Theme {
    /// `page.html` -> file.
    pub templates: BTreeMap<String, ThemeFile>,
    /// `style.css` -> file (copied to the output root).
    pub statics: BTreeMap<String, ThemeFile>,
    /// `vi` -> files in layer order.
    pub i18n: BTreeMap<String, Vec<ThemeFile>>,
}

impl Theme {
    /// Collects the layers for this portal.
    pub fn load(config: &Config) -> Result<Theme, Vec<Diagnostic>> {
        let mut theme = Theme::default();
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

    /// Merges the UI strings of every layer.
    pub fn strings(&self, config: &Config) -> Result<UiStrings, Vec<Diagnostic>> {
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
            Ok(strings)
        } else {
            Err(errors)
        }
    }

    /// Compiles every template once, with loa's filters and functions.
    pub fn tera(&self, strings: Arc<UiStrings>) -> Result<Tera, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        let mut sources = Vec::new();
        let mut errors = Vec::new();
        for (name, file) in &self.templates {
            match file.text() {
                Ok(t) => sources.push((name.clone(), t)),
                Err(d) => errors.push(d),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        register(&mut tera, strings);
        super::script::register(&mut tera);
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
                .at(span.start_line, span.start_col + 1),
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
                    out.push(
                        Diagnostic::error(self.origin(name), format!("template: {m}")).at(row, col),
                    );
                }
            }
        }
        out
    }
}

fn lang_of(kwargs: &Kwargs, state: &State) -> tera::TeraResult<String> {
    match kwargs.get::<String>("lang")? {
        Some(l) => Ok(l),
        None => Ok(state.get::<String>("lang")?.unwrap_or_else(|| "vi".into())),
    }
}

fn register(tera: &mut Tera, strings: Arc<UiStrings>) {
    tera.register_function(
        "t",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            let key: String = kwargs.must_get("key")?;
            let lang = lang_of(&kwargs, state)?;
            Ok(strings
                .get(&lang, &key)
                .map_or_else(|| key.clone(), str::to_string))
        },
    );
    tera.register_filter(
        "date",
        |value: &str, kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            let lang = lang_of(&kwargs, state)?;
            let style = kwargs
                .get::<String>("style")?
                .unwrap_or_else(|| "long".into());
            let m = Moment::parse(value).map_err(tera::Error::message)?;
            let dt = m.local();
            Ok(match style.as_str() {
                "short" => format::date_short(dt, &lang),
                "weekday" => format::weekday(dt, &lang).to_string(),
                "time" => format::time_of_day(dt),
                "iso" => m.rfc3339(),
                "ymd" => dt.date().to_string(),
                _ => format::date_long(dt, &lang),
            })
        },
    );
    tera.register_filter(
        "money",
        |value: i64, kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            Ok(format::money_vnd(value, &lang_of(&kwargs, state)?))
        },
    );
    tera.register_filter(
        "number",
        |value: i64, kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            Ok(format::number(value, &lang_of(&kwargs, state)?))
        },
    );
}
