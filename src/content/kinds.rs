//! Typed front matter: the fields every page has, and those of each kind.
//!
//! A page's YAML is read into one raw struct that knows every field of every
//! kind (`deny_unknown_fields`, so `adress:` is an error, not a silent loss).
//! [`resolve_page`] then checks that only the fields of the page's section
//! kind are used and moves them into [`KindData`], so later stages match on
//! a typed enum instead of probing optional fields. Which fields a kind
//! accepts and requires is read from the one table in [`schema`], which the
//! web editor and `loa new` read too.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use self::schema::Need;
use super::front_matter::{Split, key_line, nested_key_line};
use crate::error::Diagnostic;
use crate::time::Moment;

pub mod faq;
pub mod job_order;
pub mod market;
pub mod scam_alert;
pub mod schema;

pub use self::faq::{FaqData, Question};
pub use self::scam_alert::{Demand, Pattern, ScamAlertData};

/// The kind a section declares with `kind:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// News and announcements.
    Articles,
    /// Summaries of legal documents with support tables.
    Policies,
    /// Success stories ("người thật, việc thật").
    Stories,
    /// Job fairs with dates and places.
    JobFairs,
    /// Plain pages.
    Pages,
    /// Scam alerts (cảnh báo lừa đảo): one warning about one scheme seen.
    ScamAlerts,
    /// Questions and answers, each page a list of them.
    Faq,
    /// Market pages: the text a `markets` term carries
    /// (`content/<markets path>/<term id>.md`, see [`market`]).
    Markets,
    /// Job orders (đơn hàng) of licensed companies.
    JobOrders,
}

impl Kind {
    /// Every kind, in the order tables and loops list them.
    pub const ALL: [Kind; 9] = [
        Kind::Articles,
        Kind::Policies,
        Kind::JobFairs,
        Kind::Stories,
        Kind::Pages,
        Kind::ScamAlerts,
        Kind::Faq,
        Kind::Markets,
        Kind::JobOrders,
    ];

    /// The name as written in front matter.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Articles => "articles",
            Kind::Policies => "policies",
            Kind::Stories => "stories",
            Kind::JobFairs => "job_fairs",
            Kind::Pages => "pages",
            Kind::ScamAlerts => "scam_alerts",
            Kind::Faq => "faq",
            Kind::Markets => "markets",
            Kind::JobOrders => "job_orders",
        }
    }
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SortBy {
    /// Newest first.
    #[default]
    Date,
    /// Lowest `weight` first, then title.
    Weight,
    /// Alphabetical by folded title.
    Title,
}

/// Front matter of `_index.md` files (sections and the home page).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionFront {
    /// Title (required).
    pub title: String,
    /// The section's kind; required on a section's default-language index.
    pub kind: Option<Kind>,
    /// Listing order.
    pub sort_by: Option<SortBy>,
    /// Page size of the listing (0 = everything on one page).
    pub paginate_by: Option<usize>,
    /// Short description.
    pub summary: Option<String>,
    /// Menu/ordering weight.
    pub weight: Option<i64>,
    /// URL segment override (localizes the section's URL per language).
    pub slug: Option<String>,
    /// Old URLs that should redirect here.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// A share image.
    pub image: Option<String>,
    /// Hidden unless `--drafts`.
    #[serde(default)]
    pub draft: bool,
}

/// The legal document a policy summarises.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyDocument {
    /// Number and symbol, e.g. `392/2020/NQ-HĐND`.
    pub number: String,
    /// Issuing body, e.g. `HĐND tỉnh Đồng Tháp`.
    pub issuer: Option<String>,
    /// Date signed.
    pub signed: Option<Moment>,
    /// Date it takes effect.
    pub effective: Option<Moment>,
    /// Date it ends.
    pub expires: Option<Moment>,
    /// Where the full text is.
    pub url: Option<String>,
}

/// A support amount: whole đồng, a range, or a share of a cost.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(
    untagged,
    expecting = "an amount: a whole number of đồng (4500000), {min: X, max: Y}, or {percent: 70, of: \"...\"}"
)]
pub enum Amount {
    /// A fixed amount in đồng.
    Fixed(i64),
    /// A range in đồng.
    Range {
        /// Lowest amount.
        min: i64,
        /// Highest amount.
        max: i64,
    },
    /// A percentage of a cost.
    Percent {
        /// 0–100.
        percent: f64,
        /// Of what.
        of: String,
    },
}

/// One line of a support table.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SupportItem {
    /// What is supported.
    pub item: String,
    /// How much, when known.
    pub amount: Option<Amount>,
    /// Per what (`người`, `khóa học`).
    pub per: Option<String>,
    /// Conditions or explanation.
    pub note: Option<String>,
    /// Where the figure comes from.
    pub source: Option<String>,
    /// Checked against its source. Unverified figures are shown as
    /// "to be confirmed"; the default is unverified, so a figure is only
    /// presented as fact when someone said so.
    #[serde(default)]
    pub verified: bool,
}

/// The support a policy gives one beneficiary group.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SupportGroup {
    /// A `beneficiaries` term id.
    pub group: String,
    /// The items.
    pub items: Vec<SupportItem>,
}

/// Front matter of a page, as written (every field of every kind).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPage {
    title: String,
    date: Option<Moment>,
    updated: Option<Moment>,
    summary: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    draft: bool,
    slug: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    weight: Option<i64>,
    image: Option<String>,
    expires: Option<Moment>,
    // articles, job_fairs
    markets: Option<Vec<String>>,
    // policies
    document: Option<PolicyDocument>,
    source: Option<String>,
    beneficiaries: Option<Vec<String>>,
    superseded_by: Option<String>,
    support: Option<Vec<SupportGroup>>,
    // job_fairs
    start: Option<Moment>,
    end: Option<Moment>,
    venue: Option<String>,
    address: Option<String>,
    district: Option<String>,
    organizer: Option<String>,
    employers: Option<Vec<String>>,
    contact: Option<String>,
    geo: Option<[f64; 2]>,
    // stories
    person: Option<String>,
    hometown: Option<String>,
    country: Option<String>,
    occupation: Option<String>,
    period: Option<String>,
    outcome: Option<String>,
    quote: Option<String>,
    photo: Option<String>,
    photo_alt: Option<String>,
    // scam_alerts
    issued_by: Option<String>,
    #[serde(default, deserialize_with = "scam_alert::one_or_many")]
    pattern: Option<Vec<Pattern>>,
    amounts: Option<Vec<Demand>>,
    what_to_check: Option<Vec<String>>,
    report_to: Option<Vec<String>>,
    // faq
    questions: Option<Vec<Question>>,
    // markets (market pages)
    programs: Option<Vec<SupportItem>>,
    jobs: Option<Vec<SupportItem>>,
    costs: Option<Vec<SupportItem>>,
    conditions: Option<Vec<SupportItem>>,
    rules: Option<Vec<SupportItem>>,
    // job_orders (and `occupation`, shared with stories)
    company: Option<String>,
    market: Option<String>,
    program: Option<String>,
    workers: Option<u32>,
    requirements: Option<job_order::Requirements>,
    wage: Option<job_order::Wage>,
    contract: Option<String>,
    deadline: Option<Moment>,
    approval: Option<job_order::Approval>,
}

/// Fields every page has.
#[derive(Debug, Clone, Serialize)]
pub struct Common {
    /// Title.
    pub title: String,
    /// Publication date.
    pub date: Option<Moment>,
    /// Last update.
    pub updated: Option<Moment>,
    /// Summary written by the author.
    pub summary: Option<String>,
    /// Tag term ids.
    pub tags: Vec<String>,
    /// Hidden unless `--drafts`.
    pub draft: bool,
    /// URL segment override.
    pub slug: Option<String>,
    /// Old URLs that redirect here.
    pub aliases: Vec<String>,
    /// Ordering weight.
    pub weight: Option<i64>,
    /// Image path.
    pub image: Option<String>,
    /// After this moment the page leaves listings.
    pub expires: Option<Moment>,
}

/// News article fields.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleData {
    /// Market term ids.
    pub markets: Vec<String>,
}

/// Policy fields.
#[derive(Debug, Clone, Serialize)]
pub struct PolicyData {
    /// The legal document.
    pub document: PolicyDocument,
    /// Where the summary's facts come from.
    pub source: Option<String>,
    /// Beneficiary term ids.
    pub beneficiaries: Vec<String>,
    /// The content path of the policy that replaced this one.
    pub superseded_by: Option<String>,
    /// Support tables.
    pub support: Vec<SupportGroup>,
}

/// Job fair fields.
#[derive(Debug, Clone, Serialize)]
pub struct JobFairData {
    /// Starts.
    pub start: Moment,
    /// Ends.
    pub end: Moment,
    /// Place name.
    pub venue: String,
    /// Address.
    pub address: Option<String>,
    /// District term id.
    pub district: Option<String>,
    /// Organiser.
    pub organizer: Option<String>,
    /// Market term ids.
    pub markets: Vec<String>,
    /// Recruiting employers.
    pub employers: Vec<String>,
    /// Contact line.
    pub contact: Option<String>,
    /// Latitude, longitude.
    pub geo: Option<[f64; 2]>,
}

/// Success story fields.
#[derive(Debug, Clone, Serialize)]
pub struct StoryData {
    /// Who (fictional in samples).
    pub person: String,
    /// Home commune/district.
    pub hometown: Option<String>,
    /// District term id.
    pub district: Option<String>,
    /// Country (a `markets` term id).
    pub country: Option<String>,
    /// Work abroad.
    pub occupation: Option<String>,
    /// Years abroad.
    pub period: Option<String>,
    /// What they did after returning.
    pub outcome: Option<String>,
    /// Their words.
    pub quote: Option<String>,
    /// Photo path.
    pub photo: Option<String>,
    /// Photo description (required with a photo).
    pub photo_alt: Option<String>,
}

/// The kind-specific part of a page.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum KindData {
    /// An article.
    Article(ArticleData),
    /// A policy.
    Policy(PolicyData),
    /// A job fair.
    JobFair(JobFairData),
    /// A story.
    Story(StoryData),
    /// A plain page.
    Page,
    /// A scam alert.
    ScamAlert(ScamAlertData),
    /// A page of questions and answers.
    Faq(FaqData),
    /// A market page.
    Market(market::MarketData),
    /// A job order.
    JobOrder(job_order::JobOrderData),
}

/// A page's resolved front matter.
#[derive(Debug, Clone)]
pub struct PageFront {
    /// Common fields.
    pub common: Common,
    /// Fields of its kind.
    pub data: KindData,
}

/// The kind-specific fields `kind` may use (beyond the fields every page
/// has), as written in front matter: the names in its [`schema`] table.
pub fn fields_of(kind: Kind) -> Vec<&'static str> {
    schema::kind_fields(kind).iter().map(|f| f.name).collect()
}

/// Every kind-specific field once, with the kinds that accept it, in the
/// order of [`Kind::ALL`] and each kind's table (the order errors about
/// fields of another kind are reported in).
fn owners() -> &'static [(&'static str, Vec<Kind>)] {
    static OWNERS: LazyLock<Vec<(&'static str, Vec<Kind>)>> = LazyLock::new(|| {
        let mut out: Vec<(&'static str, Vec<Kind>)> = Vec::new();
        for kind in Kind::ALL {
            for f in schema::kind_fields(kind) {
                match out.iter_mut().find(|(name, _)| *name == f.name) {
                    Some((_, kinds)) => kinds.push(kind),
                    None => out.push((f.name, vec![kind])),
                }
            }
        }
        out
    });
    &OWNERS
}

impl RawPage {
    /// Whether the kind-specific field `name` is given. The match is the
    /// bridge from the table's names to this struct's fields; a test holds
    /// it to the table.
    fn has(&self, name: &str) -> bool {
        match name {
            "markets" => self.markets.is_some(),
            "document" => self.document.is_some(),
            "source" => self.source.is_some(),
            "beneficiaries" => self.beneficiaries.is_some(),
            "superseded_by" => self.superseded_by.is_some(),
            "support" => self.support.is_some(),
            "start" => self.start.is_some(),
            "end" => self.end.is_some(),
            "venue" => self.venue.is_some(),
            "address" => self.address.is_some(),
            "district" => self.district.is_some(),
            "organizer" => self.organizer.is_some(),
            "employers" => self.employers.is_some(),
            "contact" => self.contact.is_some(),
            "geo" => self.geo.is_some(),
            "person" => self.person.is_some(),
            "hometown" => self.hometown.is_some(),
            "country" => self.country.is_some(),
            "occupation" => self.occupation.is_some(),
            "period" => self.period.is_some(),
            "outcome" => self.outcome.is_some(),
            "quote" => self.quote.is_some(),
            "photo" => self.photo.is_some(),
            "photo_alt" => self.photo_alt.is_some(),
            "issued_by" => self.issued_by.is_some(),
            "pattern" => self.pattern.is_some(),
            "amounts" => self.amounts.is_some(),
            "what_to_check" => self.what_to_check.is_some(),
            "report_to" => self.report_to.is_some(),
            "questions" => self.questions.is_some(),
            "programs" => self.programs.is_some(),
            "jobs" => self.jobs.is_some(),
            "costs" => self.costs.is_some(),
            "conditions" => self.conditions.is_some(),
            "rules" => self.rules.is_some(),
            "company" => self.company.is_some(),
            "market" => self.market.is_some(),
            "program" => self.program.is_some(),
            "workers" => self.workers.is_some(),
            "requirements" => self.requirements.is_some(),
            "wage" => self.wage.is_some(),
            "contract" => self.contract.is_some(),
            "deadline" => self.deadline.is_some(),
            "approval" => self.approval.is_some(),
            _ => false,
        }
    }

    /// Moves the fields every page has out, leaving the kind's own.
    fn take_common(&mut self) -> Common {
        Common {
            title: std::mem::take(&mut self.title),
            date: self.date.take(),
            updated: self.updated.take(),
            summary: self.summary.take(),
            tags: std::mem::take(&mut self.tags),
            draft: self.draft,
            slug: self.slug.take(),
            aliases: std::mem::take(&mut self.aliases),
            weight: self.weight,
            image: self.image.take(),
            expires: self.expires.take(),
        }
    }
}

/// Collects diagnostics for one file with positions from its front matter.
struct Report<'a, 'b> {
    rel: &'a std::path::Path,
    split: &'a Split<'b>,
    errors: Vec<Diagnostic>,
}

impl Report<'_, '_> {
    fn at_key(&mut self, key: &str, message: String) {
        let d = Diagnostic::error(self.rel, message);
        self.errors.push(match key_line(self.split, key) {
            Some(l) => d.at(l, 1),
            None => d.at_line(self.split.yaml_line),
        });
    }

    fn at_nested(&mut self, parent: &str, key: &str, message: String) {
        let from = key_line(self.split, parent).unwrap_or(self.split.yaml_line);
        let d = Diagnostic::error(self.rel, message);
        self.errors
            .push(match nested_key_line(self.split, key, from) {
                Some(l) => d.at_line(l),
                None => d.at_line(from),
            });
    }

    /// Fields given that belong to other kinds.
    fn foreign_fields(&mut self, raw: &RawPage, kind: Kind) {
        for (field, kinds) in owners() {
            if raw.has(field) && !kinds.contains(&kind) {
                let names: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
                self.at_key(
                    field,
                    format!(
                        "field `{field}` belongs to {} pages, but this page is in a `{}` section",
                        names.join(" and "),
                        kind.as_str()
                    ),
                );
            }
        }
    }

    /// Fields the table marks [`Need::Required`] for `kind` that are missing.
    fn missing_fields(&mut self, raw: &RawPage, kind: Kind) {
        for f in schema::kind_fields(kind) {
            if f.need == Need::Required && !raw.has(f.name) {
                let d = Diagnostic::error(
                    self.rel,
                    format!(
                        "missing field `{}`, which every {} page needs",
                        f.name,
                        kind.as_str()
                    ),
                );
                self.errors.push(d.at_line(self.split.yaml_line));
            }
        }
    }
}

/// Checks a raw page against its section's kind and builds the typed form.
pub fn resolve_page(
    mut raw: RawPage,
    kind: Kind,
    rel: &std::path::Path,
    split: &Split<'_>,
) -> Result<PageFront, Vec<Diagnostic>> {
    let mut r = Report {
        rel,
        split,
        errors: Vec::new(),
    };
    r.foreign_fields(&raw, kind);
    let common = raw.take_common();
    if common.title.trim().is_empty() {
        r.at_key("title", "`title` is empty".into());
    }
    r.errors.extend(check_paths(
        common.slug.as_deref(),
        &common.aliases,
        rel,
        split,
    ));
    r.missing_fields(&raw, kind);
    let data = match kind {
        Kind::Pages => Some(KindData::Page),
        Kind::Articles => Some(KindData::Article(ArticleData {
            markets: raw.markets.unwrap_or_default(),
        })),
        Kind::Policies => policy(&mut r, raw),
        Kind::JobFairs => job_fair(&mut r, raw),
        Kind::Stories => story(&mut r, raw),
        Kind::ScamAlerts => scam_alert::resolve(&mut r, raw, &common),
        Kind::Faq => faq::resolve(&mut r, raw),
        Kind::Markets => market::resolve(&mut r, raw),
        Kind::JobOrders => job_order::resolve(&mut r, raw, common.date.as_ref()),
    };
    match data {
        Some(data) if r.errors.is_empty() => Ok(PageFront { common, data }),
        // Reached without a message only if the table stopped marking a field
        // the typed data needs as required; say something rather than nothing.
        None if r.errors.is_empty() => Err(vec![
            Diagnostic::error(
                rel,
                format!("a field every {} page needs is missing", kind.as_str()),
            )
            .at_line(split.yaml_line),
        ]),
        _ => Err(r.errors),
    }
}

/// A job fair's own checks; `None` when a required field is missing
/// (already reported).
fn job_fair(r: &mut Report<'_, '_>, raw: RawPage) -> Option<KindData> {
    if let (Some(s), Some(e)) = (&raw.start, &raw.end) {
        if e < s {
            r.at_key("end", format!("`end` ({e}) is before `start` ({s})"));
        }
    }
    if let Some([lat, lon]) = raw.geo {
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            r.at_key(
                "geo",
                "`geo` must be [latitude, longitude] in degrees".into(),
            );
        }
    }
    Some(KindData::JobFair(JobFairData {
        start: raw.start?,
        end: raw.end?,
        venue: raw.venue?,
        address: raw.address,
        district: raw.district,
        organizer: raw.organizer,
        markets: raw.markets.unwrap_or_default(),
        employers: raw.employers.unwrap_or_default(),
        contact: raw.contact,
        geo: raw.geo,
    }))
}

/// A story's own checks; `None` without `person` (already reported).
fn story(r: &mut Report<'_, '_>, raw: RawPage) -> Option<KindData> {
    if raw.photo.is_some() && raw.photo_alt.as_deref().is_none_or(|a| a.trim().is_empty()) {
        r.at_key(
            "photo",
            "a `photo` needs `photo_alt`: a short description for readers who cannot see it".into(),
        );
    }
    Some(KindData::Story(StoryData {
        person: raw.person?,
        hometown: raw.hometown,
        district: raw.district,
        country: raw.country,
        occupation: raw.occupation,
        period: raw.period,
        outcome: raw.outcome,
        quote: raw.quote,
        photo: raw.photo,
        photo_alt: raw.photo_alt,
    }))
}

/// A policy's own checks; `None` without `document` (already reported).
fn policy(r: &mut Report<'_, '_>, raw: RawPage) -> Option<KindData> {
    let document = raw.document?;
    if let (Some(from), Some(to)) = (&document.effective, &document.expires) {
        if from > to {
            r.at_nested(
                "document",
                "effective",
                format!("`document.effective` ({from}) is after `document.expires` ({to})"),
            );
        }
    }
    let support = raw.support.unwrap_or_default();
    for group in &support {
        check_amounts(r, "support", &group.items);
    }
    Some(KindData::Policy(PolicyData {
        document,
        source: raw.source,
        beneficiaries: raw.beneficiaries.unwrap_or_default(),
        superseded_by: raw.superseded_by,
        support,
    }))
}

/// Checks the amounts of a list of items written under `parent` (a
/// policy's `support`, a market page's `costs`): a share between 0 and 100,
/// a range low to high, no negative sum.
fn check_amounts(r: &mut Report<'_, '_>, parent: &str, items: &[SupportItem]) {
    for item in items {
        match &item.amount {
            Some(Amount::Percent { percent, .. }) if !(0.0..=100.0).contains(percent) => {
                r.at_nested(
                    parent,
                    "percent",
                    format!(
                        "`percent` must be between 0 and 100, got {percent} (item `{}`)",
                        item.item
                    ),
                );
            }
            Some(Amount::Range { min, max }) if min > max => r.at_nested(
                parent,
                "min",
                format!(
                    "`min` ({min}) is larger than `max` ({max}) (item `{}`)",
                    item.item
                ),
            ),
            Some(Amount::Fixed(n)) if *n < 0 => r.at_nested(
                parent,
                "amount",
                format!("`amount` must not be negative (item `{}`)", item.item),
            ),
            _ => {}
        }
    }
}

/// Checks `slug` and `aliases` where they are written, so a path that could
/// escape the output folder is reported with its line.
pub fn check_paths(
    slug: Option<&str>,
    aliases: &[String],
    rel: &std::path::Path,
    split: &Split<'_>,
) -> Vec<Diagnostic> {
    use crate::url::{SitePath, Slug};
    let mut out = Vec::new();
    let at = |key: &str, d: Diagnostic| match key_line(split, key) {
        Some(l) => d.at_line(l),
        None => d,
    };
    if let Some(s) = slug {
        if let Err(m) = Slug::from_user(s) {
            out.push(at("slug", Diagnostic::error(rel, format!("slug: {m}"))));
        }
    }
    for a in aliases {
        if let Err(m) = SitePath::from_user(a) {
            out.push(at(
                "aliases",
                Diagnostic::error(rel, format!("aliases: {m}")),
            ));
        }
    }
    out
}
