//! `loa check`: everything a build validates, and what a build lets pass
//! but a reader would trip over.
//!
//! Two passes. The content files are read as text and checked line by line
//! (placeholders left by `loa new`, characters lost in PDF copies, images
//! without alt text), so these are found even when the build fails. Then the
//! site is rendered into memory, as `build` does without writing anything,
//! and its HTML is checked: links, images and anchors that point nowhere,
//! pages without a summary, and pages not yet translated (a report, not a
//! problem). Problems found in the output are traced back to file and line.

mod external;
mod links;
pub mod report;
mod sources;
pub mod text;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use walkdir::WalkDir;

use crate::content::front_matter;
use crate::content::source::read_text;
use crate::error::{BuildError, Diagnostic};
use crate::output::Body;
use crate::pipeline::{BuildOptions, RenderedSite, render_site};

/// What to check.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// The portal folder.
    pub root: PathBuf,
    /// Also ask outside servers whether linked pages exist.
    pub external: bool,
    /// The moment treated as now (as `build --now`).
    pub now: Option<String>,
    /// Check drafts and future-dated pages too (as `build --drafts`).
    pub drafts: bool,
}

/// A page that exists in the default language but not in others.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Untranslated {
    /// The default-language file.
    pub path: PathBuf,
    /// Language codes it lacks.
    pub missing: Vec<String>,
}

/// Everything `check` found.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// Errors and warnings, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// Pages not yet translated.
    pub untranslated: Vec<Untranslated>,
    /// Content files read.
    pub files: usize,
    /// Whether the site could be rendered (link checks need it).
    pub rendered: bool,
    /// When the site next needs a rebuild (`None` when nothing is
    /// scheduled or the site could not be rendered).
    pub next_change: Option<crate::site::schedule::NextChange>,
    /// The "Next change: …" line `loa build` prints, once rendered.
    pub next_change_line: Option<String>,
}

impl CheckReport {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// Runs every check.
pub fn run(opts: &CheckOptions) -> CheckReport {
    let mut report = CheckReport::default();
    let (files, mut diags) = check_texts(&opts.root);
    report.files = files;
    let build = BuildOptions {
        root: opts.root.clone(),
        now: opts.now.clone(),
        drafts: opts.drafts,
        ..Default::default()
    };
    match render_site(&build) {
        Ok(rendered) => {
            report.rendered = true;
            diags.extend(rendered.warnings.iter().cloned());
            diags.extend(check_site(&rendered, opts.external));
            report.untranslated = untranslated(&rendered);
            report.next_change_line = Some(rendered.next_change_line());
            report.next_change = rendered.next_change.clone();
        }
        Err(BuildError::Content(d)) => diags.extend(d),
        Err(other) => diags.push(Diagnostic::general(other.to_string())),
    }
    diags.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.message).cmp(&(&b.path, b.line, b.column, &b.message))
    });
    diags.dedup();
    // After sorting, so a repeated warning is shown at its first file.
    report.diagnostics = crate::error::group_repeats(diags);
    report
}

/// The text checks over every Markdown file under `content/`.
fn check_texts(root: &Path) -> (usize, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut count = 0;
    let walker = WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker.flatten() {
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
        // Unreadable files are reported by the build pass, with the reason.
        let Ok(text) = read_text(
            path,
            &rel,
            crate::config::Limits::default().max_file_bytes(),
        ) else {
            continue;
        };
        count += 1;
        diags.extend(check_text(&rel, &text));
    }
    (count, diags)
}

/// Placeholders, lost characters and images without alt text in one file.
pub fn check_text(rel: &Path, text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, line) in text::prose_lines(text).iter().enumerate() {
        for f in text::placeholders(line) {
            out.push(
                Diagnostic::error(
                    rel,
                    format!(
                        "placeholder not filled in: {}; replace it with the real text",
                        f.snippet
                    ),
                )
                .at(i + 1, f.column),
            );
        }
        for f in text::lost_characters(line) {
            out.push(
                Diagnostic::warning(
                    rel,
                    format!(
                        "characters seem to be missing in \"{}\" (text copied from a PDF?); compare with the original",
                        f.snippet
                    ),
                )
                .at(i + 1, f.column),
            );
        }
    }
    if let Ok(split) = front_matter::split(text) {
        for (line, dest) in sources::images_without_alt(split.body, split.body_line) {
            out.push(
                Diagnostic::warning(
                    rel,
                    format!("image `{dest}` has no alt text: write what it shows between the brackets, ![…]({dest})"),
                )
                .at_line(line),
            );
        }
    }
    out
}

/// Link, anchor, image and summary checks over the rendered site.
fn check_site(r: &RenderedSite, external: bool) -> Vec<Diagnostic> {
    let base = &r.config.base_url;
    let names: HashSet<String> = r.files.iter().map(|f| f.path.clone()).collect();
    let scanned = scan_pages(r);
    let by_output = sources::map(&r.site, &r.config);
    let (broken, outside) = links::check_all(&scanned, &names, base);
    let mut placer = Placer {
        by_output: &by_output,
        base_path: &base.path,
        diags: Vec::new(),
        from_templates: BTreeMap::new(),
    };
    for (file, list) in &broken {
        for b in list {
            placer.place(
                file,
                &b.href,
                Diagnostic::error("", b.message.clone()),
                b.message.clone(),
            );
        }
    }
    for (file, s) in &scanned {
        for src in &s.images_without_alt {
            let msg = format!("image `{src}` has no alt attribute");
            placer.place(file, src, Diagnostic::warning("", msg.clone()), msg);
        }
    }
    let mut diags = placer.finish();
    if external {
        diags.extend(check_external(&outside, &by_output, &base.path));
    }
    diags.extend(empty_summaries(r));
    diags
}

/// The links, anchors and images of every HTML file, by output path.
fn scan_pages(r: &RenderedSite) -> BTreeMap<String, links::Scanned> {
    r.files
        .iter()
        .filter_map(|f| match &f.body {
            Body::Html(h) => Some((f.path.clone(), links::scan(&h.text()))),
            _ => None,
        })
        .collect()
}

/// Puts each problem found in an output file on the Markdown line it comes
/// from; problems no page's Markdown has come from the templates and are
/// reported once per message, with how many pages show them.
struct Placer<'a> {
    by_output: &'a BTreeMap<String, std::sync::Arc<sources::Source>>,
    base_path: &'a str,
    diags: Vec<Diagnostic>,
    /// Template problems: message -> output files that show it.
    from_templates: BTreeMap<String, Vec<String>>,
}

impl Placer<'_> {
    /// Places `d`, found at `href` in output `file`: on the page's own
    /// Markdown first, then on any page whose Markdown has the link (its
    /// summary is shown in listings); else it joins the template problem
    /// `tpl`.
    fn place(&mut self, file: &str, href: &str, d: Diagnostic, tpl: String) {
        let found = self
            .by_output
            .get(file)
            .and_then(|s| s.line_of(href, self.base_path).map(|l| (s, l)))
            .or_else(|| {
                self.by_output
                    .values()
                    .find_map(|s| s.link_line(href).map(|l| (s, l)))
            });
        match found {
            Some((s, line)) => self.diags.push(
                Diagnostic {
                    path: Some(s.rel.clone()),
                    ..d
                }
                .at_line(line),
            ),
            None => self
                .from_templates
                .entry(tpl)
                .or_default()
                .push(file.to_string()),
        }
    }

    /// The placed problems, then one per template problem.
    fn finish(self) -> Vec<Diagnostic> {
        let mut diags = self.diags;
        for (message, pages) in self.from_templates {
            diags.push(Diagnostic::error(
                "templates",
                format!(
                    "{message} (made by the templates, on {} page(s), first {}{})",
                    pages.len(),
                    self.base_path,
                    pages[0].trim_end_matches("index.html")
                ),
            ));
        }
        diags
    }
}

fn check_external(
    urls: &BTreeMap<String, String>,
    by_output: &BTreeMap<String, std::sync::Arc<sources::Source>>,
    base_path: &str,
) -> Vec<Diagnostic> {
    let list: Vec<String> = urls.keys().cloned().collect();
    let outcomes = external::check(&list, Duration::from_secs(10));
    let mut out = Vec::new();
    for ((url, file), outcome) in urls.iter().zip(outcomes) {
        let d = match outcome {
            external::Outcome::Ok => continue,
            external::Outcome::Status(code) => {
                Diagnostic::error("", format!("outside link `{url}` answers HTTP {code}"))
            }
            external::Outcome::Unreachable(why) => {
                Diagnostic::warning("", format!("outside link `{url}` did not answer ({why})"))
            }
        };
        out.push(match by_output.get(file) {
            Some(s) => {
                let d = Diagnostic {
                    path: Some(s.rel.clone()),
                    ..d
                };
                match s.line_of(url, base_path) {
                    Some(l) => d.at_line(l),
                    None => d,
                }
            }
            None => Diagnostic {
                path: Some("templates".into()),
                ..d
            },
        });
    }
    out
}

/// Pages whose listings and shared links would show no summary.
fn empty_summaries(r: &RenderedSite) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (id, p) in r.site.pages.iter().enumerate() {
        let written = p
            .front
            .common
            .summary
            .as_deref()
            .is_some_and(|s| !s.trim().is_empty());
        let derived = r
            .bodies
            .page(id)
            .summary_html
            .as_deref()
            .is_some_and(has_text);
        if !written && !derived {
            out.push(
                Diagnostic::warning(
                    &p.rel,
                    "this page has no summary: listings and shared links will show only the title; add `summary:` or a first paragraph",
                )
                .at_line(1),
            );
        }
    }
    out
}

fn has_text(html: &str) -> bool {
    let mut inside = false;
    html.chars().any(|c| match c {
        '<' => {
            inside = true;
            false
        }
        '>' => {
            inside = false;
            false
        }
        c => !inside && !c.is_whitespace(),
    })
}

/// Default-language pages that lack a version in another language.
fn untranslated(r: &RenderedSite) -> Vec<Untranslated> {
    let default = r.config.default_lang();
    let mut out = Vec::new();
    for p in r.site.pages.iter().filter(|p| &p.lang == default) {
        let missing: Vec<String> = r
            .config
            .languages
            .iter()
            .filter(|l| {
                !p.translations
                    .iter()
                    .any(|t| r.site.pages[*t].lang == l.code)
            })
            .map(|l| l.code.to_string())
            .collect();
        if !missing.is_empty() {
            out.push(Untranslated {
                path: p.rel.clone(),
                missing,
            });
        }
    }
    out
}
