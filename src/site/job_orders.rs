//! Job orders against the register: each names a licensed company, and an
//! order is open only while its deadline is ahead and the company's licence
//! stands at build time.
//!
//! One function, [`state`], says whether an order is open; the listings
//! here and the order's own page (render) both use it, so a page never
//! shows "open" while it is missing from the list, or the reverse.

use serde::Serialize;

use super::{PageId, Site};
use crate::content::PLACEHOLDER;
use crate::content::field_line;
use crate::content::kinds::job_order::JobOrderData;
use crate::content::kinds::{Kind, KindData};
use crate::data::{Company, LicenceStatus, Register};
use crate::error::Diagnostic;
use crate::time::Moment;

/// Where an order stands at build time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderState {
    /// Taking applications.
    Open,
    /// Past its `deadline`.
    Closed,
    /// The company's licence is revoked.
    LicenceRevoked,
    /// The company's licence is suspended.
    LicenceSuspended,
    /// The company's licence ended (`licence_expires` passed).
    LicenceExpired,
    /// `company` is still the placeholder `loa new` wrote (or the portal
    /// has no register): nothing is claimed about the company.
    Unchecked,
}

impl OrderState {
    /// Whether the order is listed and shown as taking applications.
    pub fn is_open(self) -> bool {
        self == OrderState::Open
    }
}

/// The register entry an order names, when there is one.
pub fn company<'r>(register: Option<&'r Register>, order: &JobOrderData) -> Option<&'r Company> {
    let wanted = normalise(&order.company);
    register?
        .companies
        .iter()
        .find(|c| normalise(&c.licence_number) == wanted)
}

/// Licence numbers compared as a person reads them: case and runs of
/// spaces set aside (the register may write `001/LĐTBXH-GP`, a page
/// `001/lđtbxh-gp`).
fn normalise(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The state of `order` at `now`: the company's licence first (a citizen
/// must not apply through a company that may not recruit), then the
/// deadline.
pub fn state(register: Option<&Register>, order: &JobOrderData, now: &Moment) -> OrderState {
    let Some(c) = company(register, order) else {
        return OrderState::Unchecked;
    };
    match c.status {
        LicenceStatus::Revoked => return OrderState::LicenceRevoked,
        LicenceStatus::Suspended => return OrderState::LicenceSuspended,
        LicenceStatus::Active => {}
    }
    if Register::licence_ended(c, now) {
        return OrderState::LicenceExpired;
    }
    if crate::content::kinds::job_order::open_at(order, now) {
        OrderState::Open
    } else {
        OrderState::Closed
    }
}

/// Checks each order's `company` against the register (an error naming
/// the file and line when it is not there) and takes orders that are not
/// open out of listings. Runs before listings are filled.
pub fn check_and_close(
    site: &mut Site,
    register: Option<&Register>,
    now: &Moment,
    diags: &mut Vec<Diagnostic>,
) {
    for p in &mut site.pages {
        let KindData::JobOrder(order) = &p.front.data else {
            continue;
        };
        let found = company(register, order).is_some();
        // A fallback repeats its original, which is reported once.
        if !found && !p.fallback && !order.company.contains(PLACEHOLDER) {
            let message = match register {
                None => format!(
                    "`company: {}`: job orders are checked against the register of licensed companies, and this portal has none (add [register] to site.toml)",
                    order.company
                ),
                Some(r) => format!(
                    "`company: {}` is not a licence number in the register ({} companies; the official list is {}): write the licence number exactly as the register has it, or add the company to the register after checking the official list",
                    order.company,
                    r.companies.len(),
                    r.official_list
                ),
            };
            let d = Diagnostic::error(&p.rel, message);
            diags.push(match field_line(&p.field_lines, "company") {
                Some(l) => d.at(l, 1),
                None => d,
            });
        }
        if !state(register, order, now).is_open() {
            p.listed = false;
        }
    }
}

/// Job-order listings: soonest deadline first (closed orders are not
/// listed), so the order that closes next leads.
pub fn order_listings(site: &mut Site) {
    for s in 0..site.sections.len() {
        if site.sections[s].kind != Kind::JobOrders {
            continue;
        }
        let pages = &site.pages;
        let key = |id: &PageId| match &pages[*id].front.data {
            KindData::JobOrder(o) => (Some(o.deadline.clone()), pages[*id].url.clone()),
            _ => (None, pages[*id].url.clone()),
        };
        site.sections[s].pages.sort_by_key(key);
    }
}
