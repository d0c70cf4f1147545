//! A market's term page: the market page's text and lists, and what is
//! tagged with the market grouped by kind (see `site::markets`).

use serde::Serialize;

use super::kinds::{ItemView, item_view};
use super::view::{PageView, Views};
use crate::content::kinds::KindData;
use crate::site::PageId;

/// One of a market page's lists, formatted.
#[derive(Debug, Serialize)]
pub struct ListView<'a> {
    /// Its front-matter name (`programs`, `costs`...), which also names its
    /// heading's UI string (`market_programs`).
    pub name: &'static str,
    /// The lines.
    pub items: Vec<ItemView<'a>>,
}

/// A market page as its term page shows it.
#[derive(Debug, Serialize)]
pub struct MarketView<'a> {
    /// The page (title, body, dates).
    pub page: PageView<'a>,
    /// Its lists that have lines, in the order of `market::LISTS`.
    pub lists: Vec<ListView<'a>>,
    /// Whether some line is not checked against its source.
    pub unverified: bool,
}

/// The view of market page `id`; `None` when it is not a market page.
pub fn market<'a>(views: &Views<'a>, id: PageId) -> Option<MarketView<'a>> {
    let site = views.site;
    let p = &site.pages[id];
    let KindData::Market(m) = &p.front.data else {
        return None;
    };
    let locale = views.locales.get(p.lang.as_str());
    let lists: Vec<ListView<'a>> = m
        .lists()
        .into_iter()
        .filter(|(_, items)| !items.is_empty())
        .map(|(name, items)| ListView {
            name,
            items: items.iter().map(|it| item_view(it, locale)).collect(),
        })
        .collect();
    let unverified = lists.iter().flat_map(|l| &l.items).any(|it| !it.verified);
    Some(MarketView {
        page: views.page(id, true),
        lists,
        unverified,
    })
}

/// A run of items of one section on a term page.
#[derive(Debug, Serialize)]
pub struct GroupView {
    /// The section's kind (`job_fairs`...).
    pub kind: &'static str,
    /// The section's title in the page's language; the kind's name for
    /// pages in no section.
    pub title: String,
    /// Job fairs that are over (shown last, headed as such).
    pub past: bool,
    /// The items, as listings show them.
    pub items: Vec<tera::Value>,
}

/// `items` (already in group order, see `site::markets::group_rank`) cut
/// into runs of one section each.
pub fn groups(views: &Views<'_>, items: &[PageId]) -> Vec<GroupView> {
    let site = views.site;
    let mut out: Vec<(Option<usize>, GroupView)> = Vec::new();
    for &id in items {
        let p = &site.pages[id];
        let past = crate::site::markets::is_past_fair(p, site.now.as_ref());
        if out
            .last()
            .is_none_or(|(s, g)| *s != p.section || g.kind != p.kind.as_str() || g.past != past)
        {
            let title = p.section.map_or_else(
                || p.kind.as_str().to_string(),
                |s| site.sections[s].front.title.clone(),
            );
            out.push((
                p.section,
                GroupView {
                    kind: p.kind.as_str(),
                    title,
                    past,
                    items: Vec::new(),
                },
            ));
        }
        if let Some((_, g)) = out.last_mut() {
            g.items.push(views.item(id));
        }
    }
    out.into_iter().map(|(_, g)| g).collect()
}
