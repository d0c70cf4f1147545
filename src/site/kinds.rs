//! Whole-site facts that belong to one content kind: job fairs ordered
//! around "now", related articles, and references between pages (a
//! policy's successor, a story's photo) checked to exist.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use super::{PageId, Site, source_key};
use crate::config::Config;
use crate::content::field_line;
use crate::content::kinds::{Kind, KindData};
use crate::error::Diagnostic;
use crate::time::Moment;

/// How many related articles a page shows.
pub const RELATED: usize = 4;

/// True when a job fair has not ended at `now`.
///
/// The one rule for "upcoming": the listing order below, the home page and
/// the fair's own status all use it, so they never disagree. A fair counts
/// as upcoming until its end, not its start: a citizen reading during the
/// fair can still go.
pub fn is_upcoming(data: &KindData, now: &Moment) -> bool {
    matches!(data, KindData::JobFair(f) if &f.end >= now)
}

/// Job-fair listings: upcoming ones first, soonest first; then past ones, latest first.
///
/// Citizens open the list to find the next fair, so the next one leads;
/// past fairs stay below as a record (and for their reports).
pub fn order_job_fairs(site: &mut Site, now: &Moment) {
    for s in 0..site.sections.len() {
        if site.sections[s].kind != Kind::JobFairs {
            continue;
        }
        let pages = &site.pages;
        let key = |id: &PageId| match &pages[*id].front.data {
            KindData::JobFair(f) => Some(f.start.clone()),
            _ => None,
        };
        let mut list = std::mem::take(&mut site.sections[s].pages);
        let (mut up, mut past): (Vec<PageId>, Vec<PageId>) = list
            .drain(..)
            .partition(|id| is_upcoming(&pages[*id].front.data, now));
        up.sort_by_key(|id| key(id));
        past.sort_by_key(|id| std::cmp::Reverse(key(id)));
        up.extend(past);
        site.sections[s].pages = up;
    }
}

/// For each article, up to [`RELATED`] other listed articles of the same
/// language sharing a tag or market, newest first.
///
/// Each term's pages are kept newest first, so the newest related pages are
/// among the first `RELATED + 1` of each of the article's terms: the work
/// is linear in pages × terms, even when one tag is on thousands of pages.
pub fn relate_articles(site: &mut Site) {
    // FxHash: the keys are the portal's own terms, not input from the web.
    let mut by_term: FxHashMap<(&str, &str, &str), Vec<PageId>> = FxHashMap::default();
    let terms_of = |data: &KindData| -> Vec<(&'static str, String)> {
        match data {
            KindData::Article(a) => a.markets.iter().map(|m| ("markets", m.clone())).collect(),
            _ => Vec::new(),
        }
    };
    let mut page_terms: Vec<Vec<(&'static str, String)>> = Vec::with_capacity(site.pages.len());
    for p in &site.pages {
        let mut t = terms_of(&p.front.data);
        if p.kind == Kind::Articles {
            t.extend(p.front.common.tags.iter().map(|g| ("tags", g.clone())));
        } else {
            t.clear();
        }
        page_terms.push(t);
    }
    for (id, p) in site.pages.iter().enumerate() {
        if !p.listed {
            continue;
        }
        for (tax, term) in &page_terms[id] {
            by_term
                .entry((p.lang.as_str(), tax, term.as_str()))
                .or_default()
                .push(id);
        }
    }
    let pages = &site.pages;
    let newest_first = |a: &PageId, b: &PageId| {
        pages[*b]
            .front
            .common
            .date
            .cmp(&pages[*a].front.common.date)
            .then(a.cmp(b))
    };
    for list in by_term.values_mut() {
        list.sort_by(newest_first);
        list.truncate(RELATED + 1);
    }
    let mut related: Vec<Vec<PageId>> = vec![Vec::new(); pages.len()];
    for (id, p) in pages.iter().enumerate() {
        let mut found: Vec<PageId> = Vec::new();
        for (tax, term) in &page_terms[id] {
            if let Some(list) = by_term.get(&(p.lang.as_str(), *tax, term.as_str())) {
                found.extend(list.iter().copied().filter(|o| *o != id));
            }
        }
        found.sort_by(newest_first);
        found.dedup();
        found.truncate(RELATED);
        related[id] = found;
    }
    for (p, r) in site.pages.iter_mut().zip(related) {
        p.related = r;
    }
}

/// Checks references from front matter: `superseded_by` names an existing
/// policy, and `photo` / `image` files exist.
///
/// Errors, not warnings: a policy marked as replaced by a page that does
/// not exist would send citizens nowhere when they look for what applies
/// now, and a missing photo would ship a broken image.
pub fn check_references(site: &Site, config: &Config, diags: &mut Vec<Diagnostic>) {
    for p in &site.pages {
        let at = |key: &str, msg: String| {
            let d = Diagnostic::error(&p.rel, msg);
            match field_line(&p.field_lines, key) {
                Some(l) => d.at(l, 1),
                None => d,
            }
        };
        if let KindData::Policy(pol) = &p.front.data {
            if let Some(next) = &pol.superseded_by {
                if successor(site, &p.rel, next).is_none() {
                    diags.push(at(
                        "superseded_by",
                        format!("`superseded_by: {next}`: there is no page at that path (write the content path of the new policy, e.g. chinh-sach/nq-moi.md)"),
                    ));
                }
            }
        }
        let mut files: Vec<(&str, &str)> = Vec::new();
        if let Some(img) = &p.front.common.image {
            files.push(("image", img));
        }
        if let KindData::Story(s) = &p.front.data {
            if let Some(photo) = &s.photo {
                files.push(("photo", photo));
            }
        }
        for (key, path) in files {
            if resolve_file(site, config, p, path).is_none() {
                diags.push(at(key, format!("`{key}: {path}`: the file does not exist (put it beside the page in a page bundle, or under static/ and write /path/from/static)")));
            }
        }
        check_faq_related(site, p, diags);
    }
}

/// A FAQ answer's `related` pages must exist, like a policy's successor:
/// a citizen following "see also" must land on the policy, not a 404.
fn check_faq_related(site: &Site, p: &super::Page, diags: &mut Vec<Diagnostic>) {
    let KindData::Faq(faq) = &p.front.data else {
        return;
    };
    for q in &faq.questions {
        for (i, path) in q.related.iter().enumerate() {
            if successor(site, &p.rel, path).is_some() {
                continue;
            }
            let d = Diagnostic::error(
                &p.rel,
                format!(
                    "`related: {path}` (question \"{}\"): there is no page at that path (write the content path of a policy, e.g. chinh-sach/vay-von-nhcsxh.md)",
                    q.question.trim()
                ),
            );
            diags.push(match q.related_lines.get(i).copied().flatten() {
                Some(l) => d.at(l, 1),
                None => d,
            });
        }
    }
}

/// The successor policy of a page, by content path relative to `content/` or to the page.
pub fn successor(site: &Site, from: &std::path::Path, path: &str) -> Option<PageId> {
    let direct = path.trim_start_matches('/').to_string();
    let relative = from
        .parent()
        .map(|d| source_key(&d.join(path)))
        .unwrap_or_default();
    [direct, relative]
        .iter()
        .find_map(|k| match site.by_source.get(k) {
            Some(super::Target::Page(id)) => Some(*id),
            _ => None,
        })
}

/// Where an image written in front matter lives: `/x.jpg` under static/,
/// otherwise a file of the page's bundle (so it is copied beside the page
/// in every language).
pub fn resolve_file(
    site: &Site,
    config: &Config,
    page: &super::Page,
    path: &str,
) -> Option<std::path::PathBuf> {
    if path.contains("://") {
        return Some(std::path::PathBuf::from(path));
    }
    if path.split(['/', '\\']).any(|seg| seg == "..") {
        return None;
    }
    match path.strip_prefix('/') {
        Some(inner) => {
            // As the file system would read it: empty and `.` segments
            // name nothing.
            let inner: Vec<&str> = inner
                .split(['/', '\\'])
                .filter(|seg| !seg.is_empty() && *seg != ".")
                .collect();
            let inner = inner.join("/");
            let known = site.statics.contains(&inner);
            known.then(|| config.root.join("static").join(inner))
        }
        None => page
            .assets
            .iter()
            .find(|(_, name)| name == path)
            .map(|(src, _)| src.clone()),
    }
}

/// Every support item of every listed policy in `lang`, grouped by beneficiary term.
pub fn support_by_group(
    site: &Site,
    lang: &crate::i18n::Lang,
) -> BTreeMap<String, Vec<(PageId, usize)>> {
    let mut out: BTreeMap<String, Vec<(PageId, usize)>> = BTreeMap::new();
    for (id, p) in site.pages.iter().enumerate() {
        if &p.lang != lang || !p.listed {
            continue;
        }
        if let KindData::Policy(pol) = &p.front.data {
            for (g, group) in pol.support.iter().enumerate() {
                out.entry(group.group.clone()).or_default().push((id, g));
            }
        }
    }
    out
}
