//! `loa new`: one content file, named from its title, with its kind's fields
//! as the content layer's field table says new files hold them.

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::yaml_string;
use crate::config::Config;
use crate::content::front_matter;
use crate::content::kinds::schema::{self, Field, Starter};
use crate::content::kinds::{Kind, SectionFront};
use crate::error::{BuildError, IoError};
use crate::url::Slug;

/// What `loa new` was asked for.
#[derive(Debug, Clone)]
pub struct NewOptions {
    /// The portal folder.
    pub root: PathBuf,
    /// A section folder (`tin-tuc`) or a kind (`articles`, `job_fairs`, ...).
    pub target: String,
    /// The title as the writer typed it.
    pub title: String,
    /// A language code; the default language when `None`.
    pub lang: Option<String>,
    /// The date written into `date:`.
    pub today: Date,
}

const KINDS: &[(&str, Kind)] = &[
    ("articles", Kind::Articles),
    ("article", Kind::Articles),
    ("policies", Kind::Policies),
    ("policy", Kind::Policies),
    ("stories", Kind::Stories),
    ("story", Kind::Stories),
    ("job_fairs", Kind::JobFairs),
    ("job_fair", Kind::JobFairs),
    ("pages", Kind::Pages),
    ("page", Kind::Pages),
    ("scam_alerts", Kind::ScamAlerts),
    ("scam_alert", Kind::ScamAlerts),
    ("faq", Kind::Faq),
    ("job_orders", Kind::JobOrders),
    ("job_order", Kind::JobOrders),
];

/// Creates the file and returns its path relative to the portal root.
pub fn new_content(opts: &NewOptions) -> Result<PathBuf, BuildError> {
    if !opts.root.join("site.toml").is_file() {
        return Err(refused(format!(
            "{} has no site.toml: run `loa new` in a portal folder, give --root, or make a portal with `loa init`",
            opts.root.display()
        )));
    }
    let config = Config::load(&crate::config::RunSettings {
        root: opts.root.to_path_buf(),
        ..Default::default()
    })
    .map_err(BuildError::Content)?;
    let lang = match &opts.lang {
        None => config.default_lang().clone(),
        Some(code) => match config.language(code) {
            Some(l) => l.code.clone(),
            None => {
                let known: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
                return Err(refused(format!(
                    "--lang {code}: that language is not in site.toml (configured: {})",
                    known.join(", ")
                )));
            }
        },
    };
    if super::market::is_market_target(&opts.target, &config) {
        return super::market::new_market(opts, &config, &lang);
    }
    let (dir, kind) = resolve_target(&opts.root, &opts.target)?;
    let slug = Slug::from_text(&opts.title).ok_or_else(|| {
        refused(format!(
            "the title `{}` has no letters or digits to make a file name from; give a title with words",
            opts.title.trim()
        ))
    })?;
    let folder = match &dir {
        Some(d) => opts.root.join("content").join(d),
        None => opts.root.join("content"),
    };
    let is_default = &lang == config.default_lang();
    let suffix = if is_default {
        String::new()
    } else {
        format!(".{lang}")
    };
    let (stem, translation) = choose_stem(&folder, slug.as_str(), &suffix, &config);
    let english = lang.as_str() != "vi";
    let title = if translation {
        "[[ĐIỀN: title in this language]]".to_string()
    } else {
        opts.title.trim().to_string()
    };
    let text = file_text(kind, &title, opts.today, english);
    let path = folder.join(format!("{stem}{suffix}.md"));
    write_new(&path, &text)?;
    Ok(path.strip_prefix(&opts.root).unwrap_or(&path).to_path_buf())
}

/// For a translation made by `new` (`x.en.md`), the original it should
/// translate (`x.md`) when that does not exist: the page then stands alone
/// in its language, which is rarely what `--lang` was meant for.
pub fn missing_original(root: &Path, rel: &Path) -> Option<PathBuf> {
    let name = rel.file_name()?.to_str()?;
    let (stem, lang) = name.strip_suffix(".md")?.rsplit_once('.')?;
    if stem.is_empty() || lang.is_empty() {
        return None;
    }
    let original = rel.with_file_name(format!("{stem}.md"));
    (!root.join(&original).exists()).then_some(original)
}

fn refused(message: String) -> BuildError {
    BuildError::Refused(message)
}

/// Finds the section folder and kind that `target` names.
fn resolve_target(root: &Path, target: &str) -> Result<(Option<String>, Kind), BuildError> {
    let t = target.trim().trim_matches('/');
    let t = t.strip_prefix("content/").unwrap_or(t);
    let sections = sections(root);
    if let Some((dir, kind)) = sections.iter().find(|(d, _)| d == t) {
        return match kind {
            Some(k) => Ok((Some(dir.clone()), *k)),
            None => Err(refused(format!(
                "content/{dir}/_index.md has no readable `kind:`; fix it first (run `loa check`)"
            ))),
        };
    }
    let wanted = t.replace('-', "_").to_lowercase();
    let Some((_, kind)) = KINDS.iter().find(|(name, _)| *name == wanted) else {
        let dirs: Vec<&str> = sections.iter().map(|(d, _)| d.as_str()).collect();
        return Err(refused(format!(
            "`{t}` is neither a section folder ({}) nor a kind (articles, policies, stories, job_fairs, pages, scam_alerts, faq, job_orders, or markets for a market page)",
            if dirs.is_empty() {
                "none yet".to_string()
            } else {
                dirs.join(", ")
            }
        )));
    };
    let matching: Vec<&String> = sections
        .iter()
        .filter(|(_, k)| *k == Some(*kind))
        .map(|(d, _)| d)
        .collect();
    match (matching.as_slice(), kind) {
        ([one], _) => Ok((Some((*one).clone()), *kind)),
        ([], Kind::Pages) => Ok((None, Kind::Pages)),
        ([], _) => Err(refused(format!(
            "no section has `kind: {}`; create content/<folder>/_index.md with `title:` and `kind: {}` first",
            kind.as_str(),
            kind.as_str()
        ))),
        (many, _) => Err(refused(format!(
            "several sections are `{}`: {}; name the folder instead",
            kind.as_str(),
            many.iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// Section folders with the kind their default `_index.md` declares.
fn sections(root: &Path) -> Vec<(String, Option<Kind>)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(root.join("content")) else {
        return out;
    };
    for e in entries.flatten() {
        let index = e.path().join("_index.md");
        if !index.is_file() {
            continue;
        }
        let kind = std::fs::read(&index)
            .ok()
            .and_then(|b| crate::content::source::decode(b).ok())
            .and_then(|text| {
                let split = front_matter::split(&text).ok()?;
                front_matter::parse::<SectionFront>(&split).ok()?.kind
            });
        out.push((e.file_name().to_string_lossy().into_owned(), kind));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The file stem to use, and whether the file is the translation of an
/// existing original (a non-default language whose original exists).
fn choose_stem(folder: &Path, slug: &str, suffix: &str, config: &Config) -> (String, bool) {
    let taken = |stem: &str| -> bool {
        folder.join(stem).exists()
            || folder.join(format!("{stem}.md")).exists()
            || config
                .languages
                .iter()
                .any(|l| folder.join(format!("{stem}.{}.md", l.code)).exists())
    };
    if !suffix.is_empty()
        && folder.join(format!("{slug}.md")).exists()
        && !folder.join(format!("{slug}{suffix}.md")).exists()
    {
        return (slug.to_string(), true);
    }
    if !taken(slug) {
        return (slug.to_string(), false);
    }
    let mut n = 2;
    loop {
        let stem = format!("{slug}-{n}");
        if !taken(&stem) {
            return (stem, false);
        }
        n += 1;
    }
}

pub(super) fn write_new(path: &Path, text: &str) -> Result<(), BuildError> {
    use std::io::Write;
    if let Some(parent) = path.parent() {
        crate::fs::create_dir_all(parent)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| IoError::new("cannot create", path, e))?;
    f.write_all(text.as_bytes())
        .map_err(|e| IoError::new("cannot write", path, e))?;
    Ok(())
}

/// Hint texts in the file's language: (Vietnamese, English).
fn fill(hint: (&str, &str), english: bool) -> String {
    format!("[[ĐIỀN: {}]]", if english { hint.1 } else { hint.0 })
}

/// The reminder after the placeholder times of a new job fair.
const REAL_TIME: (&str, &str) = ("ngày giờ thật", "the real date and time");

/// The new file: the front matter the kind's field table asks new files to
/// hold ([`Starter`]), with placeholders, then a body placeholder.
pub(super) fn file_text(kind: Kind, title: &str, today: Date, english: bool) -> String {
    let fields = schema::fields(kind);
    // Comments after placeholder times line up, three spaces after the
    // longest of those lines.
    let time_width = fields
        .iter()
        .filter(|f| matches!(f.starter, Starter::TodayAt(_)))
        .map(|f| f.name.len())
        .max()
        .unwrap_or(0);
    let skeleton = Skeleton {
        kind,
        title,
        today,
        english,
        time_width,
    };
    let mut fm = Vec::new();
    skeleton.lines(&fields, "", &mut fm);
    let body = fill(("nội dung", "the text"), english);
    format!("---\n{}\n---\n{body}\n", fm.join("\n"))
}

/// What a new file's front matter is made from.
struct Skeleton<'a> {
    kind: Kind,
    title: &'a str,
    today: Date,
    english: bool,
    time_width: usize,
}

impl Skeleton<'_> {
    /// Appends the lines of `fields` (nested ones indented under their parent).
    fn lines(&self, fields: &[Field], indent: &str, out: &mut Vec<String>) {
        for f in fields {
            let name = f.name;
            let value = match f.starter {
                Starter::Omit => continue,
                Starter::Title => yaml_string(self.title),
                Starter::Today => self.today.to_string(),
                Starter::TodayAt(time) => {
                    let pad = " ".repeat(self.time_width - name.len() + 3);
                    let when = fill(REAL_TIME, self.english);
                    format!("{} {time}{pad}# {when}", self.today)
                }
                Starter::Fill(vi, en) => yaml_string(&fill((vi, en), self.english)),
                Starter::EmptyListIn(kinds) if kinds.contains(&self.kind) => "[]".into(),
                Starter::EmptyListIn(_) => continue,
                Starter::Nested => {
                    out.push(format!("{indent}{name}:"));
                    let from = out.len();
                    let list = matches!(f.widget, schema::Widget::List(_));
                    let inner = format!("{indent}{}", if list { "    " } else { "  " });
                    self.lines(schema::nested(f.widget), &inner, out);
                    // A list of groups holds one item: its first line starts with a dash.
                    if let Some(first) = out.get_mut(from).filter(|_| list) {
                        *first = format!("{indent}  - {}", &first[inner.len()..]);
                    }
                    continue;
                }
            };
            out.push(format!("{indent}{name}: {value}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_resolve_with_or_without_underscores() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("content/su-kien")).unwrap();
        std::fs::write(
            tmp.path().join("content/su-kien/_index.md"),
            "---\ntitle: S\nkind: job_fairs\n---\n",
        )
        .unwrap();
        for t in ["job-fairs", "job_fairs", "su-kien", "content/su-kien/"] {
            let (dir, kind) = resolve_target(tmp.path(), t).unwrap();
            assert_eq!(dir.as_deref(), Some("su-kien"), "{t}");
            assert_eq!(kind, Kind::JobFairs);
        }
        assert_eq!(
            resolve_target(tmp.path(), "pages").unwrap(),
            (None, Kind::Pages)
        );
        let e = resolve_target(tmp.path(), "stories")
            .unwrap_err()
            .to_string();
        assert!(e.contains("kind: stories"), "{e}");
        let e = resolve_target(tmp.path(), "blog").unwrap_err().to_string();
        assert!(e.contains("su-kien"), "{e}");
    }
}
