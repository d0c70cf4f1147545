//! Printing a [`CheckReport`]: grouped by file for people, JSON for tools.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Serialize;

use super::{CheckReport, Untranslated};
use crate::error::{Diagnostic, Severity};

/// The report as text: problems grouped by file, each with line:column,
/// then the pages not yet translated, then a one-line summary.
pub fn text(r: &CheckReport) -> String {
    let mut groups: BTreeMap<String, Vec<&Diagnostic>> = BTreeMap::new();
    for d in &r.diagnostics {
        let key = d
            .path
            .as_ref()
            .map_or_else(|| "(site)".to_string(), |p| p.display().to_string());
        groups.entry(key).or_default().push(d);
    }
    let mut out = String::new();
    for (file, list) in &groups {
        let _ = writeln!(out, "{file}");
        for d in list {
            let at = match (d.line, d.column) {
                (Some(l), Some(c)) => format!("{l}:{c}"),
                (Some(l), None) => l.to_string(),
                _ => String::new(),
            };
            let label = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let _ = writeln!(out, "  {at:>8}  {label:<7}  {}{}", d.message, also(d));
        }
        out.push('\n');
    }
    let mut by_lang: BTreeMap<&str, Vec<&Untranslated>> = BTreeMap::new();
    for u in &r.untranslated {
        for l in &u.missing {
            by_lang.entry(l.as_str()).or_default().push(u);
        }
    }
    for (lang, list) in by_lang {
        let _ = writeln!(
            out,
            "Not yet translated into `{lang}` ({} page(s)):",
            list.len()
        );
        for u in list {
            let _ = writeln!(out, "  {}", u.path.display());
        }
        out.push('\n');
    }
    let (e, w) = (r.errors(), r.warnings());
    let _ = write!(out, "Checked {} content file(s): ", r.files);
    if e + w == 0 {
        out.push_str("no problems found.");
    } else {
        let _ = write!(out, "{e} error(s), {w} warning(s).");
    }
    if !r.rendered {
        out.push_str(" Links were not checked: fix the build errors first.");
    }
    out.push('\n');
    if let Some(line) = &r.next_change_line {
        let _ = writeln!(out, "{line}");
    }
    out
}

/// For a warning repeated on other pages: where else, the first few named.
fn also(d: &Diagnostic) -> String {
    const NAMED: usize = 5;
    if d.also().is_empty() {
        return String::new();
    }
    let named: Vec<String> = d
        .also()
        .iter()
        .take(NAMED)
        .map(ToString::to_string)
        .collect();
    let more = d.also().len().saturating_sub(NAMED);
    format!(
        " (also in {} other place(s): {}{})",
        d.also().len(),
        named.join(", "),
        if more > 0 {
            format!(" and {more} more; `--format json` lists all")
        } else {
            String::new()
        }
    )
}

#[derive(Serialize)]
struct JsonPlace {
    path: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
}

#[derive(Serialize)]
struct JsonDiag<'a> {
    path: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    severity: &'static str,
    message: &'a str,
    /// Other places with the same warning (grouped repeats).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    also: Vec<JsonPlace>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    errors: usize,
    warnings: usize,
    files: usize,
    links_checked: bool,
    diagnostics: Vec<JsonDiag<'a>>,
    untranslated: &'a [Untranslated],
    /// As in `next-change.json` (null when nothing is scheduled or the
    /// site could not be rendered).
    next_change: Option<&'a crate::site::schedule::NextChange>,
}

/// A path as tools expect it in JSON: `/`-separated on every system.
fn json_path(path: Option<&std::path::Path>) -> Option<String> {
    path.map(|p| p.to_string_lossy().replace('\\', "/"))
}

/// The report as one JSON object (`errors`, `warnings`, `files`,
/// `links_checked`, `diagnostics`: [{path, line, column, severity, message,
/// also?: [{path, line, column}]}],
/// `untranslated`: [{path, missing}], `next_change`: null or {at, changes}).
pub fn json(r: &CheckReport) -> String {
    let report = JsonReport {
        errors: r.errors(),
        warnings: r.warnings(),
        files: r.files,
        links_checked: r.rendered,
        diagnostics: r
            .diagnostics
            .iter()
            .map(|d| JsonDiag {
                path: json_path(d.path.as_deref()),
                line: d.line,
                column: d.column,
                severity: match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                message: &d.message,
                also: d
                    .also()
                    .iter()
                    .map(|p| JsonPlace {
                        path: json_path(p.path.as_deref()),
                        line: p.line,
                        column: p.column,
                    })
                    .collect(),
            })
            .collect(),
        untranslated: &r.untranslated,
        next_change: r.next_change.as_ref(),
    };
    serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
