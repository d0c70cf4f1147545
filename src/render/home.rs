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
}

/// Builds the home view for `lang`.
pub fn home(views: &Views<'_>, lang: &Lang) -> HomeView {
    let site = views.site;
    let sections: Vec<SectionId> = (0..site.sections.len())
        .filter(|s| site.sections[*s].dir.is_some() && &site.sections[*s].lang == lang)
        .collect();
    let of_kind = |k: Kind| -> Vec<SectionId> {
        sections
            .iter()
            .copied()
            .filter(|s| site.sections[*s].kind == k)
            .collect()
    };
    let first_href = |ids: &[SectionId]| ids.first().map(|s| views.href(&site.sections[*s].url));
    let pages_of = |ids: &[SectionId]| -> Vec<PageId> {
        ids.iter()
            .flat_map(|s| site.sections[*s].pages.iter().copied())
            .collect()
    };

    let fair_sections = of_kind(Kind::JobFairs);
    let now = views.now();
    // Section order already puts upcoming fairs first, soonest first.
    let fairs = pages_of(&fair_sections)
        .into_iter()
        .filter(|id| is_upcoming(&site.pages[*id].front.data, now))
        .take(FAIRS)
        .map(|id| views.item(id))
        .collect();

    let news_sections = of_kind(Kind::Articles);
    let mut news = pages_of(&news_sections);
    news.sort_by(|a, b| {
        site.pages[*b]
            .front
            .common
            .date
            .cmp(&site.pages[*a].front.common.date)
    });
    let story_sections = of_kind(Kind::Stories);
    let mut stories = pages_of(&story_sections);
    stories.sort_by(|a, b| {
        site.pages[*b]
            .front
            .common
            .date
            .cmp(&site.pages[*a].front.common.date)
    });

    let groups = site
        .taxonomies
        .iter()
        .filter(|t| t.id == "beneficiaries" && &t.lang == lang)
        .flat_map(|t| t.terms.iter())
        .map(|term| GroupLink {
            name: term.name.clone(),
            href: views.href(&term.url),
            count: term.pages.len(),
        })
        .collect();

    HomeView {
        fairs,
        fairs_href: first_href(&fair_sections),
        groups,
        policies_href: first_href(&of_kind(Kind::Policies)),
        news: news
            .into_iter()
            .take(NEWS)
            .map(|id| views.item(id))
            .collect(),
        news_href: first_href(&news_sections),
        story: stories.first().map(|id| views.item(*id)),
        stories_href: first_href(&story_sections),
    }
}
