//! What job orders add to rendering: an order's view (its state, the
//! company's register entry, wage and costs formatted in the page's
//! language), its `JobPosting` structured data, and the generated "check an
//! offer" page that looks a company up in the register.

use serde::Serialize;
use serde_json::{Value, json};
use tera::Context;

use super::Renderer;
use super::kinds::{ItemView, item_view};
use super::view::Views;
use crate::artifact::OutputFile;
use crate::config::Config;
use crate::content::kinds::Amount;
use crate::content::kinds::job_order::JobOrderData;
use crate::data::{Company, Register};
use crate::error::Diagnostic;
use crate::i18n::Lang;
use crate::site::job_orders::{self, OrderState};
use crate::site::{PageId, SitePath, Slug};

/// Where the "check an offer" page of `lang` is: under the register's
/// page, at the segment the language's `check_offer_path` string gives.
pub fn check_offer_path(
    config: &Config,
    strings: &crate::i18n::strings::UiStrings,
    lang: &Lang,
) -> Option<SitePath> {
    let seg = config.register.as_ref()?.paths.get(lang.as_str())?;
    let own = strings
        .get(lang.as_str(), "check_offer_path")
        .and_then(Slug::from_text)
        .map_or_else(|| "check".to_string(), |s| s.as_str().to_string());
    Some(config.lang_root(lang).child(seg).child(&own))
}

/// The register entry beside an order.
#[derive(Debug, Serialize)]
pub struct CompanyView<'a> {
    /// The entry.
    #[serde(flatten)]
    pub company: &'a Company,
    /// Its licence ended at build time (`licence_expires` passed).
    pub ended: bool,
}

/// A job order's extra view.
#[derive(Debug, Serialize)]
pub struct JobOrderView<'a> {
    /// Open, closed, or why not open.
    pub state: OrderState,
    /// Taking applications at build time.
    pub open: bool,
    /// The register entry of the company, when found.
    pub company: Option<CompanyView<'a>>,
    /// The official national list.
    pub official_list: Option<&'a str>,
    /// The portal's register page.
    pub register_href: Option<String>,
    /// The "check an offer" page.
    pub check_href: Option<String>,
    /// The wage in its own currency, in the page's language's digits.
    pub wage: Option<String>,
    /// The cost items, formatted.
    pub costs: Vec<ItemView<'a>>,
    /// Their sum when two or more are fixed amounts and nothing else.
    pub costs_total: Option<String>,
    /// Every summed item is verified.
    pub costs_total_verified: bool,
    /// When an open order closes by itself (RFC 3339): its deadline, or
    /// the end of the company's licence if sooner. Pages carry it as
    /// `data-show-after` / `data-hide-after` so a page served between
    /// builds shows the change.
    pub closes_at: Option<String>,
    /// The occupation as a URL-safe key (the listing's filter by occupation).
    pub occupation_key: String,
}

/// An occupation among a listing's orders, for its filter links.
#[derive(Debug, Serialize)]
pub struct OccupationLink {
    /// URL-safe key (`che-bien`).
    pub key: String,
    /// As written.
    pub name: String,
}

/// The key an occupation is filtered by: its folded slug, else the text.
fn occupation_key(occupation: &str) -> String {
    crate::i18n::fold::slugify(occupation)
}

/// The distinct occupations of `pages` (job orders), in folded order.
pub fn occupations(views: &Views<'_>, pages: &[PageId]) -> Vec<OccupationLink> {
    let mut seen: std::collections::BTreeMap<String, OccupationLink> = Default::default();
    for id in pages {
        if let crate::content::kinds::KindData::JobOrder(o) = &views.site.pages[*id].front.data {
            let key = occupation_key(&o.occupation);
            if !key.is_empty() {
                seen.entry(key.clone()).or_insert(OccupationLink {
                    key,
                    name: o.occupation.clone(),
                });
            }
        }
    }
    seen.into_values().collect()
}

/// Builds the view of job order `id`.
pub fn view<'a>(views: &Views<'a>, id: PageId, order: &'a JobOrderData) -> JobOrderView<'a> {
    let site = views.site;
    let page = &site.pages[id];
    let now = views.now();
    let register = views.register;
    let locale = views.locales.get(page.lang.as_str());
    let company = job_orders::company(register, order);
    let state = job_orders::state(register, order, now);
    let register_href = views
        .config
        .register
        .as_ref()
        .and_then(|r| r.paths.get(page.lang.as_str()))
        .map(|seg| views.href(&views.config.lang_root(&page.lang).child(seg)));
    let fixed: Option<Vec<i64>> = order
        .costs
        .iter()
        .map(|c| match c.amount {
            Some(Amount::Fixed(n)) => Some(n),
            _ => None,
        })
        .collect();
    let closes_at = state.is_open().then(|| {
        let licence_end = company
            .and_then(|c| c.licence_expires.as_ref())
            .filter(|e| *e < &order.deadline);
        licence_end
            .unwrap_or(&order.deadline)
            .in_default_offset()
            .rfc3339()
    });
    JobOrderView {
        state,
        open: state.is_open(),
        company: company.map(|c| CompanyView {
            company: c,
            ended: Register::licence_ended(c, now),
        }),
        official_list: register.map(|r| r.official_list.as_str()),
        register_href,
        check_href: views
            .check_offer
            .get(page.lang.as_str())
            .map(|p| views.href(p)),
        wage: order
            .wage
            .as_ref()
            .map(|w| locale.money_in(w.amount, &w.currency)),
        costs: order.costs.iter().map(|c| item_view(c, locale)).collect(),
        costs_total: fixed
            .filter(|v| v.len() >= 2)
            .map(|v| locale.money(v.iter().sum())),
        costs_total_verified: order.costs.iter().all(|c| c.verified),
        closes_at,
        occupation_key: occupation_key(&order.occupation),
    }
}

/// An open order as a schema.org `JobPosting`, when what the type needs is
/// known: a title, a description (the summary, else the text), the date
/// posted, the hiring company (from the register) and where the work is
/// (the market, as a country name). `None` otherwise, and for orders that
/// are not open: a closed order is not advertised.
pub fn job_posting(
    views: &Views<'_>,
    id: PageId,
    order: &JobOrderData,
    url: &str,
) -> Option<Value> {
    let p = &views.site.pages[id];
    let c = &p.front.common;
    if !job_orders::state(views.register, order, views.now()).is_open() {
        return None;
    }
    let company = job_orders::company(views.register, order)?;
    let date = c.date.as_ref()?;
    let body = &views.bodies.page(id).html;
    let description = c
        .summary
        .clone()
        .filter(|s| !s.trim().is_empty())
        .or_else(|| (!body.trim().is_empty()).then(|| body.clone()))?;
    let (country, declared) =
        crate::site::taxonomy::term_name(views.config, "markets", &order.market, &p.lang);
    if !declared {
        return None;
    }
    let mut v = json!({
        "@type": "JobPosting",
        "title": c.title,
        "description": description,
        "datePosted": date.rfc3339(),
        "validThrough": order.deadline.rfc3339(),
        "hiringOrganization": {"@type": "Organization", "name": company.name},
        "jobLocation": {"@type": "Place", "address": {"@type": "PostalAddress", "addressCountry": country}},
        "occupationalCategory": order.occupation,
        "url": url,
    });
    if let Some(w) = &order.wage {
        v["baseSalary"] = json!({
            "@type": "MonetaryAmount",
            "currency": w.currency,
            "value": {"@type": "QuantitativeValue", "value": w.amount, "unitText": w.per.unit_text()},
        });
    }
    if let Some(n) = order.workers {
        v["totalJobOpenings"] = json!(n);
    }
    Some(v)
}

/// One company as the check page lists it.
#[derive(Debug, Serialize)]
struct Entry<'a> {
    #[serde(flatten)]
    company: &'a Company,
    ended: bool,
    /// Name and licence number folded (no accents, lower case): what the
    /// page's script compares a query with.
    key: String,
}

impl Renderer<'_> {
    /// The "check an offer" page of `lang`: every company of the register
    /// as a plain list (which is the whole page without JavaScript), a box
    /// to type a name or licence number into, and what no result means.
    pub(super) fn check_offer_page(
        &self,
        register: &Register,
        lang: &Lang,
    ) -> Result<OutputFile, Diagnostic> {
        let config = self.views.config;
        let Some(path) = self.views.check_offer.get(lang.as_str()).cloned() else {
            return Err(Diagnostic::error(
                "site.toml",
                format!("[register] has no path for `{lang}`"),
            ));
        };
        let now = self.views.now();
        let entries: Vec<Entry<'_>> = register
            .companies
            .iter()
            .map(|c| Entry {
                company: c,
                ended: Register::licence_ended(c, now),
                key: crate::i18n::fold::fold(&format!("{} {}", c.name, c.licence_number))
                    .to_lowercase(),
            })
            .collect();
        let mut ctx: Context = self.base_context(lang, &path);
        let default = config.default_lang().as_str();
        ctx.insert("register", register);
        ctx.insert("register_note", register.note.get(lang.as_str(), default));
        ctx.insert("companies", &entries);
        ctx.insert(
            "register_href",
            &config
                .register
                .as_ref()
                .and_then(|r| r.paths.get(lang.as_str()))
                .map(|seg| self.views.href(&config.lang_root(lang).child(seg))),
        );
        ctx.insert(
            "contact",
            &config
                .language(lang.as_str())
                .and_then(|l| l.contact.as_ref()),
        );
        let views = &self.views;
        ctx.insert(
            "alternates",
            &views.alternates(lang, |l| {
                (
                    views
                        .check_offer
                        .get(l.as_str())
                        .cloned()
                        .unwrap_or_else(|| config.lang_root(l)),
                    true,
                )
            }),
        );
        let crumbs = self.crumbs(lang, None);
        let title = self
            .strings
            .get(lang.as_str(), "check_offer_title")
            .unwrap_or("")
            .to_string();
        self.meta(&mut ctx, lang, &title, &path, crumbs);
        self.render("check_offer.html", &ctx, &path, "the check-an-offer page")
    }
}
