//! Template views for what each kind adds: a policy's status and support
//! tables with amounts already formatted in the page's language, a job
//! fair's calendar and map links.

use serde::Serialize;

use crate::config::Config;
use crate::content::kinds::{Amount, JobFairData, PolicyData};
use crate::i18n::format::Locale;
use crate::site::taxonomy::term_name;
use crate::site::{PageId, Site, kinds};
use crate::time::Moment;

/// Whether a legal document is in force at build time.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Between `effective` and `expires`.
    InForce,
    /// After `expires`.
    Expired,
    /// Before `effective`.
    NotYet,
    /// Dates not given: nothing is claimed.
    Unknown,
}

/// A document's status at `now`.
pub fn status(p: &PolicyData, now: &Moment) -> Status {
    let d = &p.document;
    match (&d.effective, &d.expires) {
        (Some(from), _) if from > now => Status::NotYet,
        (_, Some(to)) if to < now => Status::Expired,
        (Some(_), _) => Status::InForce,
        (None, Some(_)) => Status::InForce,
        (None, None) => Status::Unknown,
    }
}

/// One support item, formatted.
#[derive(Debug, Serialize)]
pub struct ItemView<'a> {
    /// What is supported.
    pub item: &'a str,
    /// The amount in words and numbers of the page's language; `None` when not given.
    pub amount: Option<String>,
    /// Per what.
    pub per: Option<&'a str>,
    /// Note.
    pub note: Option<&'a str>,
    /// Source of the figure.
    pub source: Option<&'a str>,
    /// Checked against its source.
    pub verified: bool,
}

/// Formats one support item in a language (policy tables, market pages).
pub fn item_view<'a>(it: &'a crate::content::kinds::SupportItem, locale: &Locale) -> ItemView<'a> {
    ItemView {
        item: &it.item,
        amount: it.amount.as_ref().map(|a| amount_text(a, locale)),
        per: it.per.as_deref(),
        note: it.note.as_deref(),
        source: it.source.as_deref(),
        verified: it.verified,
    }
}

/// One beneficiary group's table.
#[derive(Debug, Serialize)]
pub struct GroupView<'a> {
    /// Term id.
    pub id: &'a str,
    /// Name in the page's language.
    pub name: String,
    /// Link to the group's page (every item for this group across policies).
    pub href: Option<String>,
    /// Items.
    pub items: Vec<ItemView<'a>>,
    /// Sum when every item is a fixed amount (and there are two or more).
    pub total: Option<String>,
    /// True when every summed item is verified.
    pub total_verified: bool,
}

/// A policy's extra view.
#[derive(Debug, Serialize)]
pub struct PolicyView<'a> {
    /// Status at build time.
    pub status: Status,
    /// The policy that replaced this one.
    pub successor: Option<super::view::Crumb>,
    /// Support tables.
    pub groups: Vec<GroupView<'a>>,
}

/// Formats an amount the way the language writes money.
pub fn amount_text(a: &Amount, locale: &Locale) -> String {
    match a {
        Amount::Fixed(n) => locale.money(*n),
        Amount::Range { min, max } => locale.money_range(*min, *max),
        Amount::Percent { percent, of } => locale.percent_of(*percent, of),
    }
}

/// Builds the policy view of page `id`.
pub fn policy<'a>(
    site: &'a Site,
    config: &Config,
    id: PageId,
    p: &'a PolicyData,
    now: &Moment,
    locale: &Locale,
) -> PolicyView<'a> {
    let page = &site.pages[id];
    let successor = p
        .superseded_by
        .as_ref()
        .and_then(|next| kinds::successor(site, &page.rel, next))
        .map(|s| {
            let target = site.page_in(s, &page.lang).unwrap_or(s);
            super::view::Crumb {
                title: site.pages[target].front.common.title.clone(),
                href: site.pages[target].url.href(&config.base_url),
            }
        });
    let term_href = |group: &str| {
        site.taxonomies
            .iter()
            .find(|t| t.id == "beneficiaries" && t.lang == page.lang)
            .and_then(|t| t.terms.iter().find(|x| x.id == group))
            .map(|x| x.url.href(&config.base_url))
    };
    let groups = p
        .support
        .iter()
        .map(|g| {
            let items: Vec<ItemView<'a>> = g.items.iter().map(|it| item_view(it, locale)).collect();
            let fixed: Option<Vec<i64>> = g
                .items
                .iter()
                .map(|it| match it.amount {
                    Some(Amount::Fixed(n)) => Some(n),
                    _ => None,
                })
                .collect();
            let total = fixed
                .filter(|v| v.len() >= 2)
                .map(|v| locale.money(v.iter().sum()));
            GroupView {
                id: &g.group,
                name: term_name(config, "beneficiaries", &g.group, &page.lang).0,
                href: term_href(&g.group),
                total_verified: g.items.iter().all(|it| it.verified),
                items,
                total,
            }
        })
        .collect();
    PolicyView {
        status: status(p, now),
        successor,
        groups,
    }
}

/// Every support item for one beneficiary group in one policy.
#[derive(Debug, Serialize)]
pub struct GroupSupport<'a> {
    /// The policy (title, link, status).
    pub policy: tera::Value,
    /// Its items for this group.
    pub items: Vec<ItemView<'a>>,
}

/// What each policy gives the group `term` ("What can I get if I am from a
/// poor household?"), newest policy first.
pub fn group_support<'a>(
    views: &super::view::Views<'a>,
    lang: &crate::i18n::Lang,
    term: &str,
) -> Vec<GroupSupport<'a>> {
    let site: &'a Site = views.site;
    let mut entries: Vec<(PageId, usize)> = kinds::support_by_group(site, lang)
        .remove(term)
        .unwrap_or_default();
    entries.sort_by(|a, b| {
        site.pages[b.0]
            .front
            .common
            .date
            .cmp(&site.pages[a.0].front.common.date)
    });
    entries
        .into_iter()
        .filter_map(|(id, g)| {
            let crate::content::kinds::KindData::Policy(pol) = &site.pages[id].front.data else {
                return None;
            };
            let items = pol.support[g]
                .items
                .iter()
                .map(|it| item_view(it, views.locales.get(lang.as_str())))
                .collect();
            Some(GroupSupport {
                policy: views.item(id),
                items,
            })
        })
        .collect()
}

/// Where a job fair stands at a moment.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum FairStatus {
    /// Not started yet.
    Upcoming,
    /// Between its start and its end (both included).
    Ongoing,
    /// Ended.
    Past,
}

/// A job fair's status at `now`. Not [`FairStatus::Past`] exactly when
/// [`kinds::is_upcoming`] holds: "upcoming" lists keep ongoing fairs.
pub fn fair_status(f: &JobFairData, now: &Moment) -> FairStatus {
    if &f.end < now {
        FairStatus::Past
    } else if &f.start <= now {
        FairStatus::Ongoing
    } else {
        FairStatus::Upcoming
    }
}

/// A job fair's extra view.
#[derive(Debug, Serialize)]
pub struct JobFairView {
    /// Not ended at build time (upcoming or ongoing).
    pub upcoming: bool,
    /// `upcoming`, `ongoing` or `past` at build time.
    pub status: FairStatus,
    /// Link to this event's `.ics` file.
    pub ics: String,
    /// OpenStreetMap link when `geo` is given.
    pub map: Option<String>,
    /// `geo:` URI when `geo` is given (opens the phone's map app).
    pub geo_uri: Option<String>,
}

/// The `.ics` file name of a job-fair page: its slug.
pub fn ics_name(url: &crate::site::SitePath) -> String {
    let slug = url
        .as_str()
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("su-kien");
    format!("{slug}.ics")
}

/// Builds the job-fair view of page `id`.
pub fn job_fair(
    site: &Site,
    config: &Config,
    id: PageId,
    f: &JobFairData,
    now: &Moment,
) -> JobFairView {
    let page = &site.pages[id];
    let ics = page.url.file(&ics_name(&page.url)).href(&config.base_url);
    let status = fair_status(f, now);
    JobFairView {
        upcoming: status != FairStatus::Past,
        status,
        ics,
        map: f.geo.map(|[lat, lon]| {
            format!("https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=16/{lat}/{lon}")
        }),
        geo_uri: f.geo.map(|[lat, lon]| format!("geo:{lat},{lon}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_at_build_time() {
        let m = |s: &str| Moment::parse(s).unwrap();
        let mut p = PolicyData {
            document: crate::content::kinds::PolicyDocument {
                number: "1".into(),
                issuer: None,
                signed: None,
                effective: Some(m("2021-01-01")),
                expires: Some(m("2025-12-31")),
                url: None,
            },
            source: None,
            beneficiaries: vec![],
            superseded_by: None,
            support: vec![],
        };
        assert_eq!(status(&p, &m("2024-06-01")), Status::InForce);
        assert_eq!(status(&p, &m("2026-01-01")), Status::Expired);
        assert_eq!(status(&p, &m("2020-06-01")), Status::NotYet);
        p.document.effective = None;
        p.document.expires = None;
        assert_eq!(status(&p, &m("2024-06-01")), Status::Unknown);
    }

    #[test]
    fn a_fair_is_ongoing_from_its_start_to_its_end_and_upcoming_until_it_ends() {
        let m = |s: &str| Moment::parse(s).unwrap();
        let f = JobFairData {
            start: m("2026-12-10T07:30:00+07:00"),
            end: m("2026-12-10T11:30:00+07:00"),
            venue: "Hall".into(),
            address: None,
            district: None,
            organizer: None,
            markets: vec![],
            employers: vec![],
            contact: None,
            geo: None,
        };
        let data = crate::content::kinds::KindData::JobFair(f.clone());
        for (now, want) in [
            ("2026-12-10T07:29:59+07:00", FairStatus::Upcoming),
            ("2026-12-10T07:30:00+07:00", FairStatus::Ongoing),
            ("2026-12-10T11:30:00+07:00", FairStatus::Ongoing),
            ("2026-12-10T11:30:01+07:00", FairStatus::Past),
        ] {
            assert_eq!(fair_status(&f, &m(now)), want, "{now}");
            assert_eq!(
                kinds::is_upcoming(&data, &m(now)),
                want != FairStatus::Past,
                "{now}"
            );
        }
    }
}
