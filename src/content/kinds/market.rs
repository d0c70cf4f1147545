//! Market pages: the text a `markets` term (Nhật Bản, Hàn Quốc...) carries.
//!
//! A market page is `content/<markets path>/<term id>.md` (the folder is the
//! taxonomy's URL segment in the default language, `thi-truong`, the way a
//! section's folder is its URL; the file is named by the term's id, so a
//! term renamed in site.toml keeps its page), with `<term id>.en.md` beside
//! it. It has no URL of its own: the site stage places it at its term's URL
//! and the term page shows it above everything tagged with the market.
//!
//! Its lists (programmes, typical jobs, what workers pay, conditions,
//! host-country rules) are items of the policy support tables' shape, so
//! each line carries its source and whether it was checked, and an
//! unchecked figure is shown as "to be confirmed" the same way everywhere.

use serde::Serialize;

use super::{KindData, RawPage, Report, SupportItem, check_amounts};

/// The lists of a market page, in the order the page shows them.
#[derive(Debug, Clone, Serialize)]
pub struct MarketData {
    /// The term id the page belongs to (its file name), set by the site
    /// stage once the file's place is known.
    pub term: String,
    /// Programmes that send workers there (EPS, IM Japan, ...).
    pub programs: Vec<SupportItem>,
    /// Typical jobs.
    pub jobs: Vec<SupportItem>,
    /// What a worker pays before leaving, amounts in đồng.
    pub costs: Vec<SupportItem>,
    /// Selection conditions (age, health, language, ...).
    pub conditions: Vec<SupportItem>,
    /// Rules of the host country a worker should know.
    pub rules: Vec<SupportItem>,
}

/// The folder under `content/` that holds market pages: the `markets`
/// taxonomy's URL segment in the default language (`thi-truong`); `None`
/// when the portal has no `markets` taxonomy.
pub fn folder(config: &crate::config::Config) -> Option<&str> {
    config
        .taxonomies
        .iter()
        .find(|t| t.id == "markets")
        .and_then(|t| t.paths.get(config.default_lang().as_str()))
        .map(String::as_str)
}

/// The names of a market page's lists, as written in front matter.
pub const LISTS: [&str; 5] = ["programs", "jobs", "costs", "conditions", "rules"];

impl MarketData {
    /// Each list with its front-matter name, in [`LISTS`] order.
    pub fn lists(&self) -> [(&'static str, &[SupportItem]); 5] {
        [
            ("programs", &self.programs),
            ("jobs", &self.jobs),
            ("costs", &self.costs),
            ("conditions", &self.conditions),
            ("rules", &self.rules),
        ]
    }
}

/// A market page's own checks: amounts that can be shown (any list may
/// carry one, though `costs` is where they belong).
pub(super) fn resolve(r: &mut Report<'_, '_>, raw: RawPage) -> Option<KindData> {
    let data = MarketData {
        term: String::new(),
        programs: raw.programs.unwrap_or_default(),
        jobs: raw.jobs.unwrap_or_default(),
        costs: raw.costs.unwrap_or_default(),
        conditions: raw.conditions.unwrap_or_default(),
        rules: raw.rules.unwrap_or_default(),
    };
    for (name, items) in data.lists() {
        check_amounts(r, name, items);
    }
    Some(KindData::Market(data))
}
