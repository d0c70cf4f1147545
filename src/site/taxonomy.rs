//! Taxonomies: terms gathered from pages, with a name and URL per language.
//!
//! A term has one identity (`nhat-ban`) and a name per language from
//! site.toml ("Nhật Bản", "Japan"); its URL segment is the folded name in
//! each language (`/thi-truong/nhat-ban/`, `/en/markets/japan/`).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{PageId, Pager, Site, SitePath, Slug, paginate, sort_pages};
use crate::config::Config;
use crate::content::kinds::{KindData, SortBy};
use crate::error::Diagnostic;
use crate::i18n::Lang;

/// One taxonomy in one language.
#[derive(Debug)]
pub struct Taxonomy {
    /// Its id (`markets`).
    pub id: String,
    /// Language.
    pub lang: Lang,
    /// Display name in this language.
    pub name: String,
    /// URL of the list of terms.
    pub url: SitePath,
    /// Terms used by pages of this language, by name.
    pub terms: Vec<Term>,
    /// Term id -> index in `terms`, so a page's term links are found
    /// without scanning every term (portals collect hundreds of tags).
    by_id: HashMap<String, usize>,
}

impl Taxonomy {
    /// The term with this id, if any page of this language uses it.
    pub fn term(&self, id: &str) -> Option<&Term> {
        self.by_id.get(id).map(|&i| &self.terms[i])
    }
}

/// One term in one language.
#[derive(Debug)]
pub struct Term {
    /// Identity (`nhat-ban`).
    pub id: String,
    /// Name in this language.
    pub name: String,
    /// URL.
    pub url: SitePath,
    /// Listed pages with this term, newest first.
    pub pages: Vec<PageId>,
    /// The listing split into pages.
    pub pagers: Vec<Pager>,
}

/// The term ids a page carries for taxonomy `tax`.
pub fn page_terms<'a>(data: &'a KindData, tags: &'a [String], tax: &str) -> Vec<&'a str> {
    let one = |o: &'a Option<String>| o.as_deref().into_iter().collect::<Vec<_>>();
    match (tax, data) {
        ("tags", _) => tags.iter().map(String::as_str).collect(),
        ("markets", KindData::Article(a)) => a.markets.iter().map(String::as_str).collect(),
        ("markets", KindData::JobFair(j)) => j.markets.iter().map(String::as_str).collect(),
        ("markets", KindData::Story(s)) => one(&s.country),
        ("districts", KindData::JobFair(j)) => one(&j.district),
        ("districts", KindData::Story(s)) => one(&s.district),
        ("beneficiaries", KindData::Policy(p)) => {
            let mut ids: BTreeSet<&str> = p.beneficiaries.iter().map(String::as_str).collect();
            ids.extend(p.support.iter().map(|g| g.group.as_str()));
            ids.into_iter().collect()
        }
        _ => Vec::new(),
    }
}

/// The name and URL segment of a term in a language.
pub fn term_name(config: &Config, tax: &str, id: &str, lang: &Lang) -> (String, bool) {
    let def = config
        .taxonomies
        .iter()
        .find(|t| t.id == tax)
        .and_then(|t| t.terms.get(id));
    match def.and_then(|names| {
        names
            .get(lang.as_str())
            .or_else(|| names.get(config.default_lang().as_str()))
    }) {
        Some(name) => (name.clone(), true),
        None => (id.to_string(), false),
    }
}

/// Gathers every configured taxonomy in every language.
pub fn collect(site: &Site, config: &Config, diags: &mut Vec<Diagnostic>) -> Vec<Taxonomy> {
    let mut out = Vec::new();
    let mut warned: BTreeSet<(String, String)> = BTreeSet::new();
    for tax in &config.taxonomies {
        for lang in config.languages.iter().map(|l| &l.code) {
            let mut members: BTreeMap<&str, Vec<PageId>> = BTreeMap::new();
            for (id, p) in site.pages.iter().enumerate() {
                if &p.lang != lang || !p.listed {
                    continue;
                }
                for term in page_terms(&p.front.data, &p.front.common.tags, &tax.id) {
                    members.entry(term).or_default().push(id);
                    if !tax.terms.contains_key(term)
                        && warned.insert((p.rel.display().to_string(), term.to_string()))
                    {
                        diags.push(Diagnostic::warning(
                            &p.rel,
                            format!("`{term}` is not defined under [taxonomies.{}.terms] in site.toml, so it has no translated name", tax.id),
                        ));
                    }
                }
            }
            let root = SitePath::lang_root(config, lang);
            let seg = tax
                .paths
                .get(lang.as_str())
                .cloned()
                .unwrap_or_else(|| tax.id.clone());
            let url = root.child(&seg);
            let mut terms: Vec<Term> = members
                .into_iter()
                .map(|(id, mut pages)| {
                    let (name, _) = term_name(config, &tax.id, id, lang);
                    // Terms are user text, not paths: always folded to a safe segment.
                    let slug = Slug::from_text(&name).unwrap_or_else(|| Slug::from_name(id));
                    let term_url = url.child(slug.as_str());
                    sort_pages(&mut pages, &site.pages, SortBy::Date);
                    let pagers = paginate(&term_url, pages.len(), tax.paginate);
                    Term {
                        id: id.to_string(),
                        name,
                        url: term_url,
                        pages,
                        pagers,
                    }
                })
                .collect();
            terms.sort_by_cached_key(|t| crate::i18n::fold::fold(&t.name).to_lowercase());
            let name = tax
                .names
                .get(lang.as_str())
                .cloned()
                .unwrap_or_else(|| tax.id.clone());
            let by_id = terms
                .iter()
                .enumerate()
                .map(|(i, t)| (t.id.clone(), i))
                .collect();
            out.push(Taxonomy {
                id: tax.id.clone(),
                lang: lang.clone(),
                name,
                url,
                terms,
                by_id,
            });
        }
    }
    out
}
