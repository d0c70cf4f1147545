//! The site's next change: the first moment after the build's "now" at
//! which a build would make a different site.
//!
//! A static page is frozen when it is built, but what a portal says depends
//! on the date: a scheduled page appears, an expiring one leaves listings, a
//! job fair starts and ends, a policy takes effect or lapses, a licence ends,
//! the register grows old. Every build works out the earliest such moment
//! (all the changes due at it, when several fall together) so that a host's
//! scheduler can rebuild then (`next-change.json`, `loa due`).
//!
//! Pure: the moments come from the site model and the register, and the
//! record is read and written as text by the callers.

use serde::{Deserialize, Serialize};

use super::Site;
use crate::config::Config;
use crate::content::kinds::KindData;
use crate::data::Register;
use crate::time::Moment;

/// What happens to the site at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A page dated after now gets built.
    PagePublished,
    /// A page's `expires` passes: it leaves listings.
    PageExpires,
    /// A job fair's `start` passes.
    JobFairStarts,
    /// A job fair's `end` passes: it moves to the past fairs.
    JobFairEnds,
    /// A policy's `document.effective` passes.
    PolicyTakesEffect,
    /// A policy's `document.expires` passes.
    PolicyExpires,
    /// A register company's `licence_expires` passes.
    LicenceExpires,
    /// The register's `checked` date becomes older than `max_age_days`.
    RegisterStale,
    /// A job order's `deadline` passes: it closes and leaves listings.
    JobOrderCloses,
}

impl ChangeKind {
    /// The change in words, for the build's summary line.
    fn describe(self, title: &str) -> String {
        match self {
            ChangeKind::PagePublished => format!("page `{title}` is published"),
            ChangeKind::PageExpires => format!("page `{title}` expires"),
            ChangeKind::JobFairStarts => format!("job fair `{title}` starts"),
            ChangeKind::JobFairEnds => format!("job fair `{title}` ends"),
            ChangeKind::PolicyTakesEffect => format!("policy `{title}` takes effect"),
            ChangeKind::PolicyExpires => format!("policy `{title}` expires"),
            ChangeKind::LicenceExpires => format!("the licence of `{title}` expires"),
            ChangeKind::RegisterStale => format!("the register `{title}` becomes out of date"),
            ChangeKind::JobOrderCloses => format!("job order `{title}` closes"),
        }
    }
}

/// One change due at the next moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// What happens.
    pub what: ChangeKind,
    /// The content file (`content/…md`), `/`-separated; `None` for the register.
    pub page: Option<String>,
    /// The page's link inside the site (with the base path), when known.
    pub url: Option<String>,
    /// The page's title, the company's name or the register's file.
    pub title: String,
}

impl Change {
    /// The change in words.
    pub fn describe(&self) -> String {
        self.what.describe(&self.title)
    }
}

/// The earliest moment after now at which the site changes, and every
/// change due then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextChange {
    /// When, in the portal's offset (+07:00).
    pub at: Moment,
    /// What changes then, in a stable order: the default language first,
    /// then by content path, kind and title.
    pub changes: Vec<Change>,
}

impl NextChange {
    /// The first change in words, with how many more fall at the same moment.
    pub fn describe(&self) -> String {
        let first = self
            .changes
            .first()
            .map(Change::describe)
            .unwrap_or_default();
        match self.changes.len() {
            0 | 1 => first,
            n => format!("{first} and {} more", n - 1),
        }
    }
}

/// The file a build leaves for schedulers (`next-change.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// The build's "now", in the portal's offset.
    pub built_at: Moment,
    /// The next change, or `None` when nothing depends on a later date.
    pub next_change: Option<NextChange>,
}

impl Record {
    /// The record of a build made at `now`.
    pub fn new(now: &Moment, next_change: Option<NextChange>) -> Record {
        Record {
            built_at: now.in_default_offset(),
            next_change,
        }
    }

    /// The record as published at the site's root, where anyone can read
    /// it: a page scheduled for later is named by its moment only (no
    /// title, file or link), so an announcement set for a later date does
    /// not show before it. The portal's own cache keeps the full record.
    pub fn public(&self) -> Record {
        let mut out = self.clone();
        if let Some(next) = &mut out.next_change {
            for c in &mut next.changes {
                if c.what == ChangeKind::PagePublished {
                    c.page = None;
                    c.url = None;
                    c.title.clear();
                }
            }
        }
        out
    }

    /// The file's text: pretty JSON ending in a newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self)
            .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        text.push('\n');
        text
    }
}

/// The next change of a site built at `now`: the earliest moment strictly
/// after `now` among the scheduled pages, every built page's `expires`,
/// job fairs' `start` and `end`, policies' `effective` and `expires`, the
/// register's licence end dates and its out-of-date moment.
pub fn next_change(
    site: &Site,
    register: Option<&Register>,
    config: &Config,
    now: &Moment,
) -> Option<NextChange> {
    let mut all = page_moments(site, config);
    if let Some(reg) = register {
        all.extend(register_moments(reg, config));
    }
    let at = all
        .iter()
        .map(|(m, _, _)| m)
        .filter(|m| *m > now)
        .min()?
        .clone();
    let mut due: Vec<(usize, Change)> = all
        .into_iter()
        .filter(|(m, _, _)| m.timestamp() == at.timestamp())
        .map(|(_, lang, c)| (lang, c))
        .collect();
    due.sort_by(|(la, a), (lb, b)| {
        (la, &a.page, a.what, &a.title).cmp(&(lb, &b.page, b.what, &b.title))
    });
    let mut changes: Vec<Change> = due.into_iter().map(|(_, c)| c).collect();
    changes.dedup();
    Some(NextChange {
        at: at.in_default_offset(),
        changes,
    })
}

/// A moment, the position of its language in site.toml (to list the
/// default language's pages first) and the change due then.
type Dated = (Moment, usize, Change);

/// Every dated moment of the pages: scheduled ones and built ones (a
/// fallback copy changes with its original, which is counted).
fn page_moments(site: &Site, config: &Config) -> Vec<Dated> {
    let href = |u: &super::SitePath| u.href(&config.base_url);
    let lang_pos = |l: &crate::i18n::Lang| {
        config
            .languages
            .iter()
            .position(|c| &c.code == l)
            .unwrap_or(usize::MAX)
    };
    let mut out = Vec::new();
    for s in &site.scheduled {
        out.push((
            s.date.clone(),
            lang_pos(&s.lang),
            Change {
                what: ChangeKind::PagePublished,
                page: Some(path_text(&s.rel)),
                url: s.url.as_ref().map(href),
                title: s.title.clone(),
            },
        ));
    }
    for p in site.pages.iter().filter(|p| !p.fallback) {
        let lang = lang_pos(&p.lang);
        let mut add = |at: &Moment, what: ChangeKind| {
            out.push((
                at.clone(),
                lang,
                Change {
                    what,
                    page: Some(path_text(&p.rel)),
                    url: Some(href(&p.url)),
                    title: p.front.common.title.clone(),
                },
            ));
        };
        if let Some(e) = &p.front.common.expires {
            add(e, ChangeKind::PageExpires);
        }
        match &p.front.data {
            KindData::JobFair(f) => {
                add(&f.start, ChangeKind::JobFairStarts);
                add(&f.end, ChangeKind::JobFairEnds);
            }
            KindData::Policy(pol) => {
                if let Some(m) = &pol.document.effective {
                    add(m, ChangeKind::PolicyTakesEffect);
                }
                if let Some(m) = &pol.document.expires {
                    add(m, ChangeKind::PolicyExpires);
                }
            }
            KindData::JobOrder(o) => add(&o.deadline, ChangeKind::JobOrderCloses),
            _ => {}
        }
    }
    out
}

/// The register's licence end dates and its out-of-date moment.
fn register_moments(reg: &Register, config: &Config) -> Vec<Dated> {
    let Some(rc) = &config.register else {
        return Vec::new();
    };
    let lang = config.default_lang();
    let url = rc
        .paths
        .get(lang.as_str())
        .map(|seg| config.lang_root(lang).child(seg).href(&config.base_url));
    let mut out: Vec<Dated> = reg
        .companies
        .iter()
        .filter_map(|c| {
            let at = c.licence_expires.clone()?;
            Some((
                at,
                0,
                Change {
                    what: ChangeKind::LicenceExpires,
                    page: None,
                    url: url.clone(),
                    title: c.name.clone(),
                },
            ))
        })
        .collect();
    if let Some(at) = reg.stale_at(rc.max_age_days) {
        out.push((
            at,
            0,
            Change {
                what: ChangeKind::RegisterStale,
                page: None,
                url,
                title: rc.file.clone(),
            },
        ));
    }
    out
}

fn path_text(rel: &std::path::Path) -> String {
    rel.to_string_lossy().replace('\\', "/")
}

/// The line `loa build` and `loa check` print: `when` writes the moment
/// (in the portal's default language).
pub fn summary_line(next: Option<&NextChange>, when: impl Fn(&Moment) -> String) -> String {
    match next {
        Some(n) => format!(
            "Next change: {}: {}; rebuild then",
            when(&n.at),
            n.describe()
        ),
        None => "Next change: none: nothing on the portal depends on a later date".to_string(),
    }
}

/// How old a record may be before a rebuild is due anyway: a daily
/// rebuild is the floor, whatever the record says.
pub const MAX_RECORD_AGE_HOURS: i64 = 24;

/// Whether a rebuild is due, and why (`loa due`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// A rebuild is due.
    pub due: bool,
    /// One line saying why.
    pub reason: String,
}

/// Reads a record's text and decides whether a site built as it says needs
/// a rebuild at `now`: due when its next change has come, when it was built
/// more than a day ago, or when the text is not a record.
pub fn verdict(text: &str, now: &Moment) -> Verdict {
    let record: Record = match serde_json::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            return Verdict {
                due: true,
                reason: format!("due: the file is not a next-change record ({e}); rebuild"),
            };
        }
    };
    if let Some(n) = record.next_change.as_ref().filter(|n| &n.at <= now) {
        return Verdict {
            due: true,
            reason: format!("due: the next change was at {}: {}", n.at, n.describe()),
        };
    }
    let stale = record
        .built_at
        .plus_days(1)
        .is_none_or(|limit| &limit < now);
    if stale {
        return Verdict {
            due: true,
            reason: format!(
                "due: the last build was at {}, more than {MAX_RECORD_AGE_HOURS} hours ago",
                record.built_at
            ),
        };
    }
    let reason = match &record.next_change {
        Some(n) => format!("not due: next change at {}: {}", n.at, n.describe()),
        None => format!(
            "not due: nothing on the portal depends on a later date (built at {})",
            record.built_at
        ),
    };
    Verdict { due: false, reason }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Moment {
        Moment::parse(s).unwrap()
    }

    fn record(at: Option<&str>) -> String {
        Record::new(
            &m("2026-11-22T12:00:00+07:00"),
            at.map(|a| NextChange {
                at: m(a),
                changes: vec![Change {
                    what: ChangeKind::JobFairStarts,
                    page: Some("content/p/a.md".into()),
                    url: Some("/p/a/".into()),
                    title: "A".into(),
                }],
            }),
        )
        .to_json()
    }

    #[test]
    fn the_record_reads_back_as_written() {
        let text = record(Some("2026-12-10T07:30:00+07:00"));
        let back: Record = serde_json::from_str(&text).unwrap();
        assert_eq!(back.to_json(), text);
        assert!(text.contains("\"what\": \"job_fair_starts\""), "{text}");
    }

    #[test]
    fn due_when_the_moment_has_come_or_the_record_is_old_or_bad() {
        let text = record(Some("2026-11-22T18:00:00+07:00"));
        assert!(!verdict(&text, &m("2026-11-22T17:59:59+07:00")).due);
        assert!(verdict(&text, &m("2026-11-22T18:00:00+07:00")).due);
        let none = record(None);
        let v = verdict(&none, &m("2026-11-23T11:00:00+07:00"));
        assert!(!v.due, "{v:?}");
        assert!(verdict(&none, &m("2026-11-23T12:00:01+07:00")).due);
        assert!(verdict("{", &m("2026-11-22T12:00:00+07:00")).due);
    }

    #[test]
    fn several_changes_at_once_are_counted() {
        let c = |t: &str| Change {
            what: ChangeKind::PageExpires,
            page: None,
            url: None,
            title: t.into(),
        };
        let n = NextChange {
            at: m("2026-12-01"),
            changes: vec![c("A"), c("B"), c("C")],
        };
        let line = summary_line(Some(&n), |m| m.to_string());
        assert_eq!(
            line,
            "Next change: 2026-12-01T00:00:00+07:00: page `A` expires and 2 more; rebuild then"
        );
    }
}
