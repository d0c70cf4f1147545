//! Taxonomies: terms gathered from pages, with a name and URL per language.
//!
//! A term has one identity (`nhat-ban`) and a name per language from
//! site.toml ("Nhật Bản", "Japan"); its URL segment is the folded name in
//! each language (`/thi-truong/nhat-ban/`, `/en/markets/japan/`).
//!
//! Staff write a term the way they think of it: `nhat-ban` in one page,
//! `Nhật Bản` or `nhật bản` in another, `Japan` in an English page, `KẾ
//! HOẠCH` beside `Kế hoạch`. [`canonicalize`] resolves every spelling to one
//! term id before anything else looks at terms, so one term has one page
//! per language, whatever the spelling.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rustc_hash::FxHashMap;

use super::{PageId, Pager, Site, SitePath, Slug, paginate, sort_pages};
use crate::config::Config;
use crate::content::kinds::{KindData, PageFront, SortBy};
use crate::content::{Document, Front};
use crate::error::Diagnostic;
use crate::i18n::Lang;
use crate::i18n::fold::slugify;

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
    /// The market page that carries this term's text, if any (see
    /// `content::kinds::market`).
    pub page: Option<PageId>,
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
        ("markets", KindData::JobOrder(o)) => vec![o.market.as_str()],
        ("beneficiaries", KindData::Policy(p)) => {
            let mut ids: BTreeSet<&str> = p.beneficiaries.iter().map(String::as_str).collect();
            ids.extend(p.support.iter().map(|g| g.group.as_str()));
            ids.into_iter().collect()
        }
        _ => Vec::new(),
    }
}

/// The front-matter field that holds a page's terms of `tax` (for the
/// line a message points at).
fn term_field(tax: &str, data: &KindData) -> &'static str {
    match (tax, data) {
        ("tags", _) => "tags",
        ("markets", KindData::Story(_)) => "country",
        ("markets", KindData::JobOrder(_)) => "market",
        ("markets", _) => "markets",
        ("districts", _) => "district",
        ("beneficiaries", KindData::Policy(p)) if p.beneficiaries.is_empty() => "support",
        _ => "beneficiaries",
    }
}

/// Calls `f` on every term value of `tax` that a page's front matter holds
/// (the same fields as [`page_terms`]), so they can be rewritten in place.
fn each_term_mut(front: &mut PageFront, tax: &str, f: &mut impl FnMut(&mut String)) {
    let PageFront { common, data } = front;
    match (tax, data) {
        ("tags", _) => common.tags.iter_mut().for_each(f),
        ("markets", KindData::Article(a)) => a.markets.iter_mut().for_each(f),
        ("markets", KindData::JobFair(j)) => j.markets.iter_mut().for_each(f),
        ("markets", KindData::Story(s)) => s.country.iter_mut().for_each(f),
        ("districts", KindData::JobFair(j)) => j.district.iter_mut().for_each(f),
        ("districts", KindData::Story(s)) => s.district.iter_mut().for_each(f),
        ("markets", KindData::JobOrder(o)) => f(&mut o.market),
        ("beneficiaries", KindData::Policy(p)) => {
            p.beneficiaries.iter_mut().for_each(&mut *f);
            p.support.iter_mut().for_each(|g| f(&mut g.group));
        }
        _ => {}
    }
}

/// Drops repeated terms of one list, keeping the first of each in order.
fn dedup(list: &mut Vec<String>) {
    // A page has a handful of terms: comparing each with those kept
    // before it beats a set of copies (run for every page). A long
    // list still goes through a set.
    if list.len() > 16 {
        let mut seen = BTreeSet::new();
        list.retain(|t| seen.insert(t.clone()));
        return;
    }
    let mut kept = 0;
    for i in 0..list.len() {
        if !list[..kept].contains(&list[i]) {
            list.swap(kept, i);
            kept += 1;
        }
    }
    list.truncate(kept);
}

/// Drops repeats from a page's term lists once spellings are resolved
/// (`tags: [Kế hoạch, KẾ HOẠCH]` is one tag), keeping the first.
fn dedup_terms(front: &mut PageFront) {
    dedup(&mut front.common.tags);
    match &mut front.data {
        KindData::Article(a) => dedup(&mut a.markets),
        KindData::JobFair(j) => dedup(&mut j.markets),
        KindData::Policy(p) => dedup(&mut p.beneficiaries),
        _ => {}
    }
}

/// What two spellings of one term have in common: the folded form that
/// also makes its URL (case, Unicode form and Vietnamese marks set aside).
/// Text with no letter or digit loa can fold (`日本`) keys as itself,
/// lowercased in NFC.
pub fn term_key(value: &str) -> String {
    let slug = slugify(value);
    if slug.is_empty() {
        use unicode_normalization::UnicodeNormalization;
        value.trim().nfc().collect::<String>().to_lowercase()
    } else {
        slug
    }
}

/// Rewrites every term value in the pages' front matter to its one id.
///
/// A value that folds like a declared term's id, or like its name in any
/// language, is that term (ids first, then names in the default language,
/// then in the others, so a name can never take another term's id). Values
/// no declared term claims are grouped by their folded form; each group is
/// one term spelled the way most pages spell it (ties: the first in file
/// order), which is also the name its page shows.
pub fn canonicalize(docs: &mut [Document], config: &Config) {
    // Thousands of pages repeat a few hundred spellings: each is folded
    // into its key once, not at every use (folding was most of this step).
    let mut keys = Keys::default();
    for tax in &config.taxonomies {
        let mut ids = declared_spellings(tax, config);
        for (key, best) in undeclared_spellings(docs, &tax.id, &ids, &mut keys) {
            ids.insert(key, best);
        }
        for doc in docs.iter_mut() {
            let Front::Page(front) = &mut doc.front else {
                continue;
            };
            each_term_mut(front, &tax.id, &mut |v| {
                if let Some(id) = ids.get(keys.of(v)) {
                    if id != v {
                        *v = id.clone();
                    }
                }
            });
            dedup_terms(front);
        }
    }
}

/// [`term_key`] of each spelling met, made once. FxHash, as for the maps
/// of spellings: the keys are the portal's own terms, asked for a few times
/// per page (a fifth of assembling a site went to SipHash).
#[derive(Default)]
struct Keys(FxHashMap<String, String>);

impl Keys {
    fn of(&mut self, spelling: &str) -> &str {
        if !self.0.contains_key(spelling) {
            self.0.insert(spelling.to_string(), term_key(spelling));
        }
        &self.0[spelling]
    }
}

/// Term key -> declared term id, for every declared id and every name it
/// has in site.toml (the default language's names first, so they win).
fn declared_spellings(tax: &crate::config::Taxonomy, config: &Config) -> HashMap<String, String> {
    let mut ids: HashMap<String, String> = HashMap::new();
    for id in tax.terms.keys() {
        ids.entry(term_key(id)).or_insert_with(|| id.clone());
    }
    let default = config.default_lang();
    let langs = std::iter::once(default.as_str()).chain(
        config
            .languages
            .iter()
            .map(|l| l.code.as_str())
            .filter(|c| *c != default.as_str()),
    );
    for lang in langs {
        for (id, names) in &tax.terms {
            if let Some(name) = names.get(lang) {
                ids.entry(term_key(name)).or_insert_with(|| id.clone());
            }
        }
    }
    ids
}

/// Term key -> the spelling pages use most, for terms site.toml does not
/// declare (ties go to the spelling seen first).
fn undeclared_spellings(
    docs: &mut [Document],
    tax: &str,
    declared: &HashMap<String, String>,
    keys: &mut Keys,
) -> Vec<(String, String)> {
    // Each spelling with its count and first appearance.
    let mut spellings: FxHashMap<String, Vec<(String, usize, usize)>> = FxHashMap::default();
    let mut order = 0usize;
    for doc in docs.iter_mut() {
        let Front::Page(front) = &mut doc.front else {
            continue;
        };
        each_term_mut(front, tax, &mut |v| {
            let key = keys.of(v);
            if declared.contains_key(key) {
                return;
            }
            let list = spellings.entry(key.to_string()).or_default();
            match list.iter_mut().find(|(s, _, _)| s == v) {
                Some(entry) => entry.1 += 1,
                None => list.push((v.clone(), 1, order)),
            }
            order += 1;
        });
    }
    spellings
        .into_iter()
        .filter_map(|(key, list)| {
            let best = list
                .iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)))
                .map(|(s, _, _)| s.clone())?;
            Some((key, best))
        })
        .collect()
}

/// Rewrites the terms of one page read again (serve's quick answer to an
/// edit) to the ids the last build chose, so its term links are the ones
/// the full rebuild will make; spellings no term has are left as written.
pub fn canonicalize_like(front: &mut PageFront, config: &Config, site: &Site) {
    for tax in &config.taxonomies {
        let mut ids: HashMap<String, &str> = HashMap::new();
        for t in site.taxonomies.iter().filter(|t| t.id == tax.id) {
            for term in &t.terms {
                ids.entry(term_key(&term.id)).or_insert(&term.id);
            }
        }
        for (id, names) in &tax.terms {
            ids.entry(term_key(id)).or_insert(id);
            for name in names.values() {
                ids.entry(term_key(name)).or_insert(id);
            }
        }
        each_term_mut(front, &tax.id, &mut |v| {
            if let Some(id) = ids.get(&term_key(v)) {
                *v = (*id).to_string();
            }
        });
    }
    dedup_terms(front);
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

/// The URL of term `id` of `tax` in `lang`: the taxonomy's segment, then
/// the term's name there folded (always: terms are user text, not paths).
pub fn term_url(config: &Config, tax: &crate::config::Taxonomy, id: &str, lang: &Lang) -> SitePath {
    let seg = tax
        .paths
        .get(lang.as_str())
        .cloned()
        .unwrap_or_else(|| tax.id.clone());
    let (name, _) = term_name(config, &tax.id, id, lang);
    let slug = Slug::from_text(&name).unwrap_or_else(|| Slug::from_name(id));
    config.lang_root(lang).child(&seg).child(slug.as_str())
}

/// Two declared terms used in one language whose names there give one URL
/// (`điều dưỡng` and `nursing`, both named "điều dưỡng" in Vietnamese): one
/// page cannot be both, so this is an error naming where each term is
/// declared and first used; the second is dropped so the clash is told once.
/// Spellings of one term never clash: [`canonicalize`] made them one id.
fn drop_url_clashes(
    terms: &mut Vec<Term>,
    tax: &crate::config::Taxonomy,
    lang: &Lang,
    site: &Site,
    diags: &mut Vec<Diagnostic>,
) {
    let mut first_with: HashMap<SitePath, usize> = HashMap::new();
    let mut dropped = Vec::new();
    for (i, t) in terms.iter().enumerate() {
        let Some(&j) = first_with.get(&t.url) else {
            first_with.insert(t.url.clone(), i);
            continue;
        };
        let declared = |id: &str| {
            tax.term_lines
                .get(id)
                .map_or(String::new(), |l| format!(" (site.toml:{l})"))
        };
        let used = |term: &Term| {
            term.pages.first().map_or(String::new(), |&p| {
                let page = &site.pages[p];
                let field = term_field(&tax.id, &page.front.data);
                match crate::content::field_line(&page.field_lines, field) {
                    Some(l) => format!("{}:{l}", page.rel.display()),
                    None => page.rel.display().to_string(),
                }
            })
        };
        let (a, b) = (&terms[j], t);
        let d = Diagnostic::error(
            "site.toml",
            format!(
                "terms `{}`{} and `{}`{} of `{}` both want the URL {} in `{lang}` (used at {} and {}); give one of them another name there, or use one term in both pages",
                a.id,
                declared(&a.id),
                b.id,
                declared(&b.id),
                tax.id,
                t.url,
                used(a),
                used(b)
            ),
        );
        diags.push(match tax.term_lines.get(&b.id) {
            Some(&l) => d.at_line(l),
            None => d,
        });
        dropped.push(i);
    }
    for i in dropped.into_iter().rev() {
        terms.remove(i);
    }
}

/// Gathers every configured taxonomy in every language.
pub fn collect(site: &Site, config: &Config, diags: &mut Vec<Diagnostic>) -> Vec<Taxonomy> {
    let mut out = Vec::new();
    let mut warned: BTreeSet<(String, String)> = BTreeSet::new();
    for tax in &config.taxonomies {
        for lang in config.languages.iter().map(|l| &l.code) {
            let mut members = members(site, tax, lang, &mut warned, diags);
            let texts = term_texts(site, tax, lang);
            // A term with a market page has a page even when nothing is tagged yet.
            for id in texts.keys() {
                members.entry(id).or_default();
            }
            let seg = tax
                .paths
                .get(lang.as_str())
                .cloned()
                .unwrap_or_else(|| tax.id.clone());
            let url = config.lang_root(lang).child(&seg);
            let mut terms = make_terms(members, tax, lang, &url, site, config);
            for t in &mut terms {
                t.page = texts.get(t.id.as_str()).copied();
            }
            drop_url_clashes(&mut terms, tax, lang, site, diags);
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

/// The listed pages of `lang` under each term of `tax`, in page order;
/// warns (once per page and term) about terms site.toml does not declare.
fn members<'s>(
    site: &'s Site,
    tax: &crate::config::Taxonomy,
    lang: &Lang,
    warned: &mut BTreeSet<(String, String)>,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<&'s str, Vec<PageId>> {
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
                diags.push(undeclared(p, tax, term));
            }
        }
    }
    members
}

/// The market pages of `lang` by term id (only the `markets` taxonomy has them).
fn term_texts<'s>(
    site: &'s Site,
    tax: &crate::config::Taxonomy,
    lang: &Lang,
) -> BTreeMap<&'s str, PageId> {
    if tax.id != "markets" {
        return BTreeMap::new();
    }
    site.pages
        .iter()
        .enumerate()
        .filter(|(_, p)| &p.lang == lang && !p.fallback)
        .filter_map(|(id, p)| match &p.front.data {
            KindData::Market(m) => Some((m.term.as_str(), id)),
            _ => None,
        })
        .collect()
}

/// The warning for a term used by page `p` but not declared in site.toml.
fn undeclared(p: &super::Page, tax: &crate::config::Taxonomy, term: &str) -> Diagnostic {
    // The same words for every page, so the build reports the term once
    // with its count.
    let field = term_field(&tax.id, &p.front.data);
    let d = Diagnostic::warning(
        &p.rel,
        format!(
            "`{term}` ({}) is used but not declared under [taxonomies.{}.terms] in site.toml, so it has no translated name",
            tax.id, tax.id
        ),
    );
    match crate::content::field_line(&p.field_lines, field) {
        Some(l) => d.at_line(l),
        None => d,
    }
}

/// Each term with its name in `lang`, its URL under the taxonomy's `url`,
/// and its pages newest first, paginated.
fn make_terms(
    members: BTreeMap<&str, Vec<PageId>>,
    tax: &crate::config::Taxonomy,
    lang: &Lang,
    url: &SitePath,
    site: &Site,
    config: &Config,
) -> Vec<Term> {
    members
        .into_iter()
        .map(|(id, mut pages)| {
            let (name, _) = term_name(config, &tax.id, id, lang);
            // Terms are user text, not paths: always folded to a safe segment.
            let slug = Slug::from_text(&name).unwrap_or_else(|| Slug::from_name(id));
            let term_url = url.child(slug.as_str());
            sort_pages(&mut pages, &site.pages, SortBy::Date);
            if tax.id == "markets" {
                // Grouped by kind (then section), newest first in each
                // group, so the pagers follow the groups the page shows.
                super::markets::order_term(&mut pages, &site.pages, site.now.as_ref());
            }
            let pagers = paginate(&term_url, pages.len(), tax.paginate);
            Term {
                id: id.to_string(),
                name,
                url: term_url,
                pages,
                pagers,
                page: None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn repeated_terms_go_and_the_order_stays() {
        let list = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        for (given, kept) in [
            (vec!["a", "b", "a", "c", "b"], vec!["a", "b", "c"]),
            (vec![], vec![]),
            (vec!["x", "x", "x"], vec!["x"]),
            (vec!["c", "b", "a"], vec!["c", "b", "a"]),
        ] {
            let mut l = list(&given);
            super::dedup(&mut l);
            assert_eq!(l, list(&kept));
        }
        // A long list (past the small-list path) keeps the same rule.
        let long: Vec<String> = (0..40).map(|i| format!("t{}", i % 7)).collect();
        let mut l = long.clone();
        super::dedup(&mut l);
        assert_eq!(l, (0..7).map(|i| format!("t{i}")).collect::<Vec<_>>());
    }
}
