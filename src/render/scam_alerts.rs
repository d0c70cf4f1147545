//! Scam alerts as templates see them: schemes by id (the theme names
//! them in each language), demanded amounts written the way the page's
//! language writes money, and the lists the fraud-warning page and the
//! home page's warning block show, newest first.

use serde::Serialize;

use super::view::Views;
use crate::content::kinds::{Demand, Kind, KindData, Pattern, ScamAlertData};
use crate::i18n::Lang;
use crate::i18n::format::Locale;
use crate::site::PageId;

/// How many alerts the home page's warning block shows.
pub const ON_HOME: usize = 2;

/// One scheme: `id` picks the theme's name (`pattern_<id>`); `text` is the
/// writer's own words for `other`.
#[derive(Debug, Serialize)]
pub struct PatternView {
    /// One of the known ids, or `other`.
    pub id: String,
    /// The description of an `other` scheme.
    pub text: Option<String>,
}

/// One demanded amount, formatted.
#[derive(Debug, Serialize)]
pub struct DemandView {
    /// Amount and currency in the page's language (`45.000.000 đ`, `KRW 1,500,000`).
    pub text: String,
    /// What it was asked for.
    pub note: Option<String>,
}

/// What a scam alert adds to its page and list items.
#[derive(Debug, Serialize)]
pub struct ScamAlertView {
    /// The schemes.
    pub patterns: Vec<PatternView>,
    /// Money demanded.
    pub amounts: Vec<DemandView>,
}

/// An amount in a currency. Đồng use the language's money format; other
/// currencies are written as the code and the number grouped the page's
/// way, with no conversion (a rate would be a figure nobody checked).
pub fn demand_text(d: &Demand, locale: &Locale) -> String {
    if d.currency == "VND" {
        locale.money(d.amount)
    } else {
        format!("{} {}", d.currency, locale.number(d.amount))
    }
}

/// The view of an alert's fields in a language.
pub fn view(a: &ScamAlertData, locale: &Locale) -> ScamAlertView {
    ScamAlertView {
        patterns: a
            .pattern
            .iter()
            .map(|p| PatternView {
                id: p.id().to_string(),
                text: match p {
                    Pattern::Other { other } => Some(other.clone()),
                    Pattern::Known(_) => None,
                },
            })
            .collect(),
        amounts: a
            .amounts
            .iter()
            .map(|d| DemandView {
                text: demand_text(d, locale),
                note: d.note.clone(),
            })
            .collect(),
    }
}

/// The listed alerts of `lang`, newest first (ties by page order, so the
/// output is stable).
pub fn newest(views: &Views<'_>, lang: &Lang) -> Vec<PageId> {
    let site = views.site;
    let mut ids: Vec<PageId> = site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            &p.lang == lang
                && p.listed
                && p.kind == Kind::ScamAlerts
                && matches!(p.front.data, KindData::ScamAlert(_))
        })
        .map(|(id, _)| id)
        .collect();
    ids.sort_by(|a, b| {
        let date = |id: &PageId| site.pages[*id].front.common.date.clone();
        date(b).cmp(&date(a)).then(a.cmp(b))
    });
    ids
}

/// The alerts shown on page `id` when it is its language's fraud-warning
/// page (`[languages.x.warning] page`); empty on every other page.
pub fn on_warning_page(views: &Views<'_>, id: PageId) -> Vec<tera::Value> {
    let p = &views.site.pages[id];
    let is_warning_page = views
        .config
        .languages
        .iter()
        .find(|l| l.code == p.lang)
        .and_then(|l| l.warning.as_ref())
        .and_then(|w| w.page.as_deref())
        .and_then(|page| views.site.by_source.get(page.trim_start_matches('/')))
        .is_some_and(|t| match t {
            // The configured path names the original; its translation in
            // this language is the warning page here.
            crate::site::Target::Page(orig) => views.site.page_in(*orig, &p.lang) == Some(id),
            _ => false,
        });
    if !is_warning_page {
        return Vec::new();
    }
    newest(views, &p.lang)
        .into_iter()
        .map(|a| views.item(a))
        .collect()
}

/// The newest [`ON_HOME`] alerts of `lang` for the home page.
pub fn on_home(views: &Views<'_>, lang: &Lang) -> Vec<tera::Value> {
    newest(views, lang)
        .into_iter()
        .take(ON_HOME)
        .map(|a| views.item(a))
        .collect()
}

/// The Atom feed of the alerts section of `lang`, for the home block's
/// "follow" link.
pub fn feed_href(views: &Views<'_>, lang: &Lang) -> Option<String> {
    let site = views.site;
    site.sections
        .iter()
        .find(|s| s.dir.is_some() && &s.lang == lang && s.kind == Kind::ScamAlerts)
        .map(|s| views.href(&s.url.file("atom.xml")))
}
