//! The home page answers a citizen's three questions first: when and where
//! is the next job fair, what support can I get, has anyone like me done
//! this; then the latest news. Contact and fraud-warning blocks come from
//! site.toml (`L.contact`, `L.warning`).

use serde::Serialize;

use super::view::Views;
use crate::content::kinds::Kind;
use crate::i18n::Lang;
use crate::site::kinds::is_upcoming;
use crate::site::{PageId, SectionId};

/// How many upcoming job fairs and news items the home page shows.
const FAIRS: usize = 3;
const NEWS: usize = 4;

/// A link to a beneficiary group's page.
#[derive(Debug, Serialize)]
pub struct GroupLink {
    /// Group name.
    pub name: String,
    /// Link.
    pub href: String,
    /// Policies that support this group.
    pub count: usize,
}

/// What the home page template receives as `home`.
#[derive(Debug, Serialize)]
pub struct HomeView {
    /// Next job fairs, soonest first.
    pub fairs: Vec<tera::Value>,
    /// Up to as many more upcoming fairs after `fairs`, which the theme
    /// renders hidden: the page's date script shows them when fairs of
    /// `fairs` end before the next build, as that build would.
    pub later_fairs: Vec<tera::Value>,
    /// Link to the job-fair section.
    pub fairs_href: Option<String>,
    /// Beneficiary groups with support, as entry points to policies.
    pub groups: Vec<GroupLink>,
    /// Link to the policies section.
    pub policies_href: Option<String>,
    /// Latest news.
    pub news: Vec<tera::Value>,
    /// Link to the news section.
    pub news_href: Option<String>,
    /// A featured success story (the newest).
    pub story: Option<tera::Value>,
    /// Link to the stories section.
    pub stories_href: Option<String>,
    /// The newest scam alerts, for the warning block.
    pub alerts: Vec<tera::Value>,
    /// The alerts' Atom feed.
    pub alerts_feed: Option<String>,
}

/// Builds the home view for `lang`.
pub fn home(views: &Views<'_>, lang: &Lang) -> HomeView {
    let sections = LangSections::new(views, lang);
    let fair_sections = sections.of_kind(Kind::JobFairs);
    let news_sections = sections.of_kind(Kind::Articles);
    let story_sections = sections.of_kind(Kind::Stories);
    let mut fairs = upcoming_fairs(views, &sections.pages_of(&fair_sections));
    let later_fairs = fairs.split_off(fairs.len().min(FAIRS));
    HomeView {
        fairs,
        later_fairs,
        fairs_href: sections.first_href(&fair_sections),
        groups: groups(views, lang),
        policies_href: sections.first_href(&sections.of_kind(Kind::Policies)),
        news: sections
            .newest_first(&news_sections)
            .into_iter()
            .take(NEWS)
            .map(|id| views.item(id))
            .collect(),
        news_href: sections.first_href(&news_sections),
        story: sections
            .newest_first(&story_sections)
            .first()
            .map(|id| views.item(*id)),
        stories_href: sections.first_href(&story_sections),
        alerts: super::scam_alerts::on_home(views, lang),
        alerts_feed: super::scam_alerts::feed_href(views, lang),
    }
}

/// The sections of one language that have a folder (all but the home
/// page itself), where the home page finds its fairs, news, stories and
/// policies.
struct LangSections<'a, 'v> {
    views: &'a Views<'v>,
    ids: Vec<SectionId>,
}

impl<'a, 'v> LangSections<'a, 'v> {
    fn new(views: &'a Views<'v>, lang: &Lang) -> Self {
        let site = views.site;
        let ids = (0..site.sections.len())
            .filter(|s| site.sections[*s].dir.is_some() && &site.sections[*s].lang == lang)
            .collect();
        LangSections { views, ids }
    }

    /// Those of kind `k`, in site order.
    fn of_kind(&self, k: Kind) -> Vec<SectionId> {
        let site = self.views.site;
        self.ids
            .iter()
            .copied()
            .filter(|s| site.sections[*s].kind == k)
            .collect()
    }

    /// The link to the first of `ids`, the one the home page points to.
    fn first_href(&self, ids: &[SectionId]) -> Option<String> {
        let site = self.views.site;
        ids.first().map(|s| self.views.href(&site.sections[*s].url))
    }

    /// The pages of `ids`, section after section, each in its section's order.
    fn pages_of(&self, ids: &[SectionId]) -> Vec<PageId> {
        let site = self.views.site;
        ids.iter()
            .flat_map(|s| site.sections[*s].pages.iter().copied())
            .collect()
    }

    /// The pages of `ids`, newest date first (a stable sort: pages of one
    /// date keep their section order).
    fn newest_first(&self, ids: &[SectionId]) -> Vec<PageId> {
        let site = self.views.site;
        let mut pages = self.pages_of(ids);
        pages.sort_by(|a, b| {
            site.pages[*b]
                .front
                .common
                .date
                .cmp(&site.pages[*a].front.common.date)
        });
        pages
    }
}

/// The next 2 × [`FAIRS`] job fairs among `pages`, as list items.
fn upcoming_fairs(views: &Views<'_>, pages: &[PageId]) -> Vec<tera::Value> {
    let now = views.now();
    // Section order already puts upcoming fairs first, soonest first.
    pages
        .iter()
        .copied()
        .filter(|id| is_upcoming(&views.site.pages[*id].front.data, now))
        .take(2 * FAIRS)
        .map(|id| views.item(id))
        .collect()
}

/// The beneficiary groups of `lang` (the `beneficiaries` taxonomy's
/// terms), each with how many policies support it.
fn groups(views: &Views<'_>, lang: &Lang) -> Vec<GroupLink> {
    views
        .site
        .taxonomies
        .iter()
        .filter(|t| t.id == "beneficiaries" && &t.lang == lang)
        .flat_map(|t| t.terms.iter())
        .map(|term| GroupLink {
            name: term.name.clone(),
            href: views.href(&term.url),
            count: term.pages.len(),
        })
        .collect()
}
