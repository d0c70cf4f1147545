//! Job orders (đơn hàng, thông báo tuyển chọn): the typed front matter of
//! a `job_orders` page and its file-local checks.
//!
//! Which company is named (`company`, a licence number) is checked against
//! the register later, where the register is known (`site::job_orders`);
//! here only what one file can tell is checked.

use serde::{Deserialize, Serialize};

use super::{KindData, RawPage, Report, SupportItem, check_amounts};
use crate::time::Moment;

/// What the order asks of a candidate; each part optional.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Requirements {
    /// Gender, as the order writes it (`Nam`, `Nam, nữ`).
    pub gender: Option<String>,
    /// Youngest age accepted.
    pub age_min: Option<u32>,
    /// Oldest age accepted.
    pub age_max: Option<u32>,
    /// Schooling asked for.
    pub education: Option<String>,
    /// Health conditions.
    pub health: Option<String>,
}

/// How often a wage is paid out, as the order states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WagePeriod {
    /// Per hour.
    Hour,
    /// Per day.
    Day,
    /// Per week.
    Week,
    /// Per month.
    Month,
    /// Per year.
    Year,
}

impl WagePeriod {
    /// The schema.org `unitText` of the period.
    pub fn unit_text(self) -> &'static str {
        match self {
            WagePeriod::Hour => "HOUR",
            WagePeriod::Day => "DAY",
            WagePeriod::Week => "WEEK",
            WagePeriod::Month => "MONTH",
            WagePeriod::Year => "YEAR",
        }
    }
}

/// The wage as written: parts are optional here so that a missing one is
/// reported by name rather than as a YAML shape error.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Wage {
    /// The amount in whole units of `currency`.
    pub amount: Option<i64>,
    /// ISO 4217 code (`JPY`, `KRW`, `TWD`).
    pub currency: Option<String>,
    /// Per hour, day, week, month or year.
    pub per: Option<WagePeriod>,
    /// What the figure includes or leaves out (overtime, before tax).
    pub note: Option<String>,
}

/// A wage once checked: every part known.
#[derive(Debug, Clone, Serialize)]
pub struct CheckedWage {
    /// Whole units of `currency`.
    pub amount: i64,
    /// ISO 4217 code, upper case.
    pub currency: String,
    /// Period.
    pub per: WagePeriod,
    /// Note.
    pub note: Option<String>,
}

/// The document that registered the order with the authorities.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    /// Number and symbol, as written on it.
    pub number: String,
    /// Its date.
    pub date: Option<Moment>,
    /// Who issued it.
    pub issuer: Option<String>,
    /// Where it can be read.
    pub url: Option<String>,
}

/// A job order's own fields.
#[derive(Debug, Clone, Serialize)]
pub struct JobOrderData {
    /// Licence number of the company in the register.
    pub company: String,
    /// A `markets` term id.
    pub market: String,
    /// Programme (EPS, IM Japan), when any.
    pub program: Option<String>,
    /// The work.
    pub occupation: String,
    /// How many workers are sought.
    pub workers: Option<u32>,
    /// What candidates need.
    pub requirements: Requirements,
    /// Pay, in the employer's currency.
    pub wage: Option<CheckedWage>,
    /// Contract length, as written (`3 năm`).
    pub contract: Option<String>,
    /// What the worker pays, item by item.
    pub costs: Vec<SupportItem>,
    /// Last moment applications are taken.
    pub deadline: Moment,
    /// The registering document.
    pub approval: Option<Approval>,
}

/// Whether the order takes applications at `now` (its own deadline only;
/// the company's licence is judged where the register is known).
pub fn open_at(d: &JobOrderData, now: &Moment) -> bool {
    &d.deadline > now
}

/// A job order's own checks; `None` when a required field is missing
/// (already reported).
pub(super) fn resolve(
    r: &mut Report<'_, '_>,
    raw: RawPage,
    date: Option<&Moment>,
) -> Option<KindData> {
    if let (Some(deadline), Some(date)) = (&raw.deadline, date) {
        if deadline < date {
            r.at_key(
                "deadline",
                format!("`deadline` ({deadline}) is before the order's `date` ({date})"),
            );
        }
    }
    if let Some(req) = &raw.requirements {
        if let (Some(lo), Some(hi)) = (req.age_min, req.age_max) {
            if lo > hi {
                r.at_nested(
                    "requirements",
                    "age_min",
                    format!("`requirements.age_min` ({lo}) is above `age_max` ({hi})"),
                );
            }
        }
    }
    if raw.workers == Some(0) {
        r.at_key("workers", "`workers` must be 1 or more".into());
    }
    let wage = raw.wage.and_then(|w| wage(r, w));
    let costs = raw.costs.unwrap_or_default();
    check_amounts(r, "costs", &costs);
    Some(KindData::JobOrder(JobOrderData {
        company: raw.company?.trim().to_string(),
        market: raw.market?,
        program: raw.program,
        occupation: raw.occupation?,
        workers: raw.workers,
        requirements: raw.requirements.unwrap_or_default(),
        wage,
        contract: raw.contract,
        costs,
        deadline: raw.deadline?,
        approval: raw.approval,
    }))
}

/// Checks a wage's parts; `None` (reported) when one is missing or wrong.
fn wage(r: &mut Report<'_, '_>, w: Wage) -> Option<CheckedWage> {
    let mut ok = true;
    let parts: [(&str, bool, &str); 3] = [
        (
            "amount",
            w.amount.is_none(),
            "the figure, a whole number (180000)",
        ),
        (
            "currency",
            w.currency.is_none(),
            "the three-letter code of the currency the employer pays in (JPY, KRW, TWD, VND, ...); it is shown as written, never converted",
        ),
        ("per", w.per.is_none(), "hour, day, week, month or year"),
    ];
    for (part, absent, what) in parts {
        if absent {
            r.at_key("wage", format!("`wage` needs `{part}`: {what}"));
            ok = false;
        }
    }
    if let Some(n) = w.amount.filter(|n| *n <= 0) {
        r.at_nested(
            "wage",
            "amount",
            format!("`wage.amount` must be above 0, got {n}"),
        );
        ok = false;
    }
    let currency = w.currency.map(|c| c.trim().to_ascii_uppercase());
    if let Some(c) = currency.as_deref() {
        if c.len() != 3 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
            r.at_nested(
                "wage",
                "currency",
                format!("`wage.currency` must be a three-letter currency code such as JPY, KRW or TWD, got `{c}`"),
            );
            ok = false;
        }
    }
    if !ok {
        return None;
    }
    Some(CheckedWage {
        amount: w.amount?,
        currency: currency?,
        per: w.per?,
        note: w.note,
    })
}
