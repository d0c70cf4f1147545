//! Translations: which pages are versions of each other, pages shown in the
//! original language where a translation is missing (when the portal asks
//! for it), and the report of missing and stale translations.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::{PageId, SectionId, Site, SitePath, Target, source_key};
use crate::config::Config;
use crate::error::Diagnostic;
use crate::i18n::Lang;

/// The source key of the default-language original of `rel`: a
/// translation is the original's file name with the language before `.md`
/// (`nq-392.en.md` for `nq-392.md`), so the pair sits side by side in the
/// folder where staff can see what is translated.
fn original_key(rel: &Path, config: &Config) -> String {
    let key = source_key(rel);
    for l in &config.languages {
        let suffix = format!(".{}.md", l.code);
        if let Some(base) = key.strip_suffix(&suffix) {
            return format!("{base}.md");
        }
    }
    key
}

/// Groups pages (and sections) with their translations; a translation
/// whose original does not exist is an error.
///
/// Also fills `by_source`, the content path -> page lookup that Markdown
/// links and menus resolve through: it is made here because this is the
/// first step that sees every page with its final URL.
pub fn link(site: &mut Site, config: &Config, diags: &mut Vec<Diagnostic>) {
    let order = |l: &Lang| config.languages.iter().position(|c| &c.code == l);
    let mut groups: BTreeMap<String, Vec<PageId>> = BTreeMap::new();
    for (id, p) in site.pages.iter().enumerate() {
        groups
            .entry(original_key(&p.rel, config))
            .or_default()
            .push(id);
        site.by_source.insert(source_key(&p.rel), Target::Page(id));
    }
    for (original, mut ids) in groups {
        ids.sort_by_key(|id| order(&site.pages[*id].lang));
        if !ids
            .iter()
            .any(|id| &site.pages[*id].lang == config.default_lang())
        {
            for id in &ids {
                let p = &site.pages[*id];
                if !p.front.common.draft {
                    diags.push(Diagnostic::error(
                        &p.rel,
                        format!("this is a translation of `content/{original}`, which does not exist (or is a draft); add the original or rename this file"),
                    ));
                }
            }
        }
        for id in &ids {
            site.pages[*id].translations = ids.clone();
        }
    }
    let mut sgroups: BTreeMap<Option<String>, Vec<SectionId>> = BTreeMap::new();
    for (id, s) in site.sections.iter().enumerate() {
        sgroups.entry(s.dir.clone()).or_default().push(id);
        if let Some(rel) = &s.rel {
            site.by_source.insert(source_key(rel), Target::Section(id));
        }
    }
    for ids in sgroups.into_values() {
        for id in &ids {
            site.sections[*id].translations = ids.clone();
        }
    }
}

/// Adds, for every page missing in a language, a copy of the original at
/// that language's URL, marked `fallback`. Translation groups then list the
/// fallback too, so switchers and menus lead somewhere useful.
pub fn add_fallbacks(site: &mut Site, config: &Config) {
    let mut added = Vec::new();
    for (id, p) in site.pages.iter().enumerate() {
        // A market page's place is its term's: a term shows no text rather
        // than another language's under its own URL.
        if &p.lang != config.default_lang() || p.kind == crate::content::kinds::Kind::Markets {
            continue;
        }
        for l in config.languages.iter().skip(1) {
            if site.page_in(id, &l.code).is_some() {
                continue;
            }
            let section = p.section.and_then(|s| site.section_in(s, &l.code));
            if p.section.is_some() && section.is_none() {
                continue;
            }
            let parent = match section {
                Some(s) => site.sections[s].url.clone(),
                None => config.lang_root(&l.code),
            };
            added.push(fallback_of(p, &l.code, section, &parent));
        }
    }
    let start = site.pages.len();
    site.pages.extend(added);
    regroup(site, config, start);
}

/// A copy of page `p` shown in `lang`, under `parent` with `p`'s own
/// last URL segment.
fn fallback_of(
    p: &super::Page,
    lang: &Lang,
    section: Option<SectionId>,
    parent: &SitePath,
) -> super::Page {
    let slug = p
        .url
        .as_str()
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("");
    super::Page {
        url: parent.child(slug),
        rel: p.rel.clone(),
        lang: lang.clone(),
        kind: p.kind,
        front: p.front.clone(),
        front_key: p.front_key,
        markdown: p.markdown.clone(),
        body_line: p.body_line,
        assets: p.assets.clone(),
        field_lines: p.field_lines.clone(),
        section,
        translations: Vec::new(),
        listed: p.listed,
        related: Vec::new(),
        fallback: true,
    }
}

/// Puts each fallback from `start` on into its original's group of
/// translations, in language order.
fn regroup(site: &mut Site, config: &Config, start: usize) {
    for new_id in start..site.pages.len() {
        let rel = site.pages[new_id].rel.clone();
        let original = match site.by_source.get(&source_key(&rel)) {
            Some(Target::Page(o)) => *o,
            _ => continue,
        };
        let mut group = site.pages[original].translations.clone();
        group.push(new_id);
        group.sort_by_key(|id| {
            config
                .languages
                .iter()
                .position(|c| c.code == site.pages[*id].lang)
        });
        for id in &group {
            site.pages[*id].translations = group.clone();
        }
    }
}

/// Translation state of one section in one language.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct SectionReport {
    /// Section folder (`""` for top-level pages).
    pub section: String,
    /// Language.
    pub lang: String,
    /// Pages written in this language.
    pub pages: usize,
    /// Default-language pages with no translation in this language.
    pub missing: Vec<String>,
    /// Translations older than their original's `updated`.
    pub stale: Vec<String>,
}

/// The translation report: per section and language other than the default.
pub fn report(site: &Site, config: &Config) -> Vec<SectionReport> {
    let mut out: BTreeMap<(String, String), SectionReport> = BTreeMap::new();
    let section_of = |p: &super::Page| {
        p.section
            .and_then(|s| site.sections[s].dir.clone())
            .unwrap_or_default()
    };
    for l in config.languages.iter().skip(1) {
        for (id, p) in site.pages.iter().enumerate() {
            if &p.lang != config.default_lang() || p.fallback {
                continue;
            }
            let key = (section_of(p), l.code.to_string());
            let entry = out.entry(key.clone()).or_insert_with(|| SectionReport {
                section: key.0.clone(),
                lang: key.1.clone(),
                pages: 0,
                missing: Vec::new(),
                stale: Vec::new(),
            });
            match site
                .page_in(id, &l.code)
                .filter(|t| !site.pages[*t].fallback)
            {
                None => entry.missing.push(p.rel.display().to_string()),
                Some(t) => {
                    entry.pages += 1;
                    let tr = &site.pages[t].front.common;
                    let translated_at = tr.updated.as_ref().or(tr.date.as_ref());
                    if let (Some(orig), Some(at)) = (p.front.common.updated.as_ref(), translated_at)
                    {
                        if orig > at {
                            entry.stale.push(site.pages[t].rel.display().to_string());
                        }
                    } else if p.front.common.updated.is_some() && translated_at.is_none() {
                        entry.stale.push(site.pages[t].rel.display().to_string());
                    }
                }
            }
        }
    }
    out.into_values().collect()
}

/// Sections without their own `_index.<lang>.md` in a language where they have pages.
pub fn untranslated_sections(site: &Site, config: &Config) -> Vec<(String, String)> {
    site.sections
        .iter()
        .filter(|s| s.dir.is_some() && s.rel.is_none() && &s.lang != config.default_lang())
        .map(|s| (s.dir.clone().unwrap_or_default(), s.lang.to_string()))
        .collect()
}

/// The report as text lines: one line per language (pages, missing, stale,
/// and which sections are behind); with `verbose`, every file.
pub fn summary_lines(reports: &[SectionReport], verbose: bool) -> Vec<String> {
    let mut by_lang: BTreeMap<&str, Vec<&SectionReport>> = BTreeMap::new();
    for r in reports {
        by_lang.entry(r.lang.as_str()).or_default().push(r);
    }
    let mut lines = Vec::new();
    for (lang, rs) in by_lang {
        let pages: usize = rs.iter().map(|r| r.pages).sum();
        let missing: usize = rs.iter().map(|r| r.missing.len()).sum();
        let stale: usize = rs.iter().map(|r| r.stale.len()).sum();
        if missing == 0 && stale == 0 {
            lines.push(format!(
                "Translations `{lang}`: all {pages} pages translated and up to date"
            ));
            continue;
        }
        let behind: Vec<String> = rs
            .iter()
            .filter(|r| !r.missing.is_empty() || !r.stale.is_empty())
            .map(|r| {
                let name = if r.section.is_empty() {
                    "(top level)"
                } else {
                    r.section.as_str()
                };
                format!("{name} {}/{}", r.pages, r.pages + r.missing.len())
            })
            .collect();
        lines.push(format!(
            "Translations `{lang}`: {pages} translated, {missing} missing, {stale} stale ({}){}",
            behind.join(", "),
            if verbose {
                ""
            } else {
                "; --verbose lists them"
            }
        ));
        if verbose {
            for r in &rs {
                lines.extend(
                    r.missing
                        .iter()
                        .map(|m| format!("  missing in `{lang}`: {m}")),
                );
                lines.extend(
                    r.stale
                        .iter()
                        .map(|m| format!("  stale: {m} (its original was updated later)")),
                );
            }
        }
    }
    lines
}
