//! Market pages in the site: each is placed at its `markets` term's URL,
//! and a market's term page lists what is tagged with it grouped by kind.

use std::cmp::Ordering;

use super::taxonomy::{term_key, term_url};
use super::{Page, PageId, SitePath};
use crate::config::Config;
use crate::content::kinds::KindData;
use crate::i18n::Lang;
use crate::time::Moment;

/// The order of the groups on a market's term page: what a worker can act
/// on first (open job orders, then job fairs), then stories and news; the
/// kinds not named here follow. Names, not `Kind` values, so a kind that is
/// not built yet takes its place when it is.
pub const GROUP_ORDER: [&str; 4] = ["job_orders", "job_fairs", "stories", "articles"];

/// Where a page stands on a market's term page: by [`GROUP_ORDER`], the
/// kinds not named there after, and job fairs that are over last of all
/// (kept as a record, below what a worker can still go to).
pub fn group_rank(p: &Page, now: Option<&Moment>) -> usize {
    if is_past_fair(p, now) {
        return GROUP_ORDER.len() + 1;
    }
    let kind = p.kind.as_str();
    GROUP_ORDER
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(GROUP_ORDER.len())
}

/// Whether `p` is a job fair that ended before `now`.
pub fn is_past_fair(p: &Page, now: Option<&Moment>) -> bool {
    matches!((&p.front.data, now), (KindData::JobFair(f), Some(now)) if &f.end < now)
}

/// Orders a market's pages (given newest first) into the groups its term
/// page shows: by [`group_rank`], then section; upcoming fairs soonest
/// first, past fairs latest first, everything else newest first.
pub fn order_term(pages: &mut [PageId], all: &[Page], now: Option<&Moment>) {
    let start = |id: PageId| match &all[id].front.data {
        KindData::JobFair(f) => Some(&f.start),
        _ => None,
    };
    pages.sort_by(|&a, &b| {
        let (pa, pb) = (&all[a], &all[b]);
        let ra = (group_rank(pa, now), pa.section);
        let rb = (group_rank(pb, now), pb.section);
        ra.cmp(&rb).then_with(|| match (start(a), start(b)) {
            (Some(x), Some(y)) if is_past_fair(pa, now) => y.cmp(x),
            (Some(x), Some(y)) => x.cmp(y),
            _ => Ordering::Equal,
        })
    });
}

/// The URL of the market page named `stem` (a term id) in `lang`: its
/// term's. `Err` says what is wrong when site.toml declares no such term.
pub fn place(config: &Config, stem: &str, lang: &Lang) -> Result<SitePath, String> {
    let Some(tax) = config.taxonomies.iter().find(|t| t.id == "markets") else {
        return Err("a market page needs [taxonomies.markets] in site.toml".into());
    };
    if tax.terms.contains_key(stem) {
        return Ok(term_url(config, tax, stem, lang));
    }
    let declared: Vec<&str> = tax.terms.keys().map(String::as_str).collect();
    // A file named by the term's name rather than its id (`Nhật Bản.md`).
    let key = term_key(stem);
    let meant = tax
        .terms
        .iter()
        .find(|(id, names)| term_key(id) == key || names.values().any(|n| term_key(n) == key));
    let hint = match meant {
        Some((id, _)) => format!("; did you mean `{id}.md`?"),
        None => String::new(),
    };
    Err(format!(
        "`{stem}` is not a market declared in site.toml: a market page is named by a term id of [taxonomies.markets.terms] (declared: {}){hint}",
        if declared.is_empty() {
            "none".to_string()
        } else {
            declared.join(", ")
        }
    ))
}
