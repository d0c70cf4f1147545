//! iCalendar (RFC 5545) files for job fairs: one per event for "add to
//! calendar", and one per job-fair section with every event, subscribable.
//!
//! Times are written in UTC (`DTSTART:20240315T003000Z`), which every
//! calendar understands without a VTIMEZONE block. UIDs come from the
//! event's content path, so they stay the same across builds and across
//! languages (the Vietnamese and English pages are one event); DTSTAMP is
//! the page's `updated` or `date`, so builds are reproducible.

use crate::artifact::{Body, OutputFile};
use crate::config::Config;
use crate::content::kinds::{JobFairData, Kind, KindData};
use crate::site::Site;
use crate::time::Moment;

/// One event's data, ready to write.
pub struct Event<'a> {
    /// Stable identity (content path of the original).
    pub uid_key: &'a str,
    /// Host name of the site, for the UID.
    pub host: &'a str,
    /// Title.
    pub summary: &'a str,
    /// Short description.
    pub description: Option<&'a str>,
    /// Absolute URL of the page.
    pub url: String,
    /// The fair.
    pub fair: &'a JobFairData,
    /// Last change of the page.
    pub stamp: &'a Moment,
}

/// A whole calendar with the given events.
pub fn calendar(name: &str, lang: &str, events: &[Event<'_>]) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(
        &mut out,
        &format!(
            "PRODID:-//loa//{}//{}",
            crate::escape::ics_text(name),
            lang.to_uppercase()
        ),
    );
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(
        &mut out,
        &format!("X-WR-CALNAME:{}", crate::escape::ics_text(name)),
    );
    for e in events {
        event(&mut out, e);
    }
    line(&mut out, "END:VCALENDAR");
    out
}

fn event(out: &mut String, e: &Event<'_>) {
    let f = e.fair;
    line(out, "BEGIN:VEVENT");
    line(
        out,
        &format!("UID:{}@{}", crate::i18n::fold::slugify(e.uid_key), e.host),
    );
    line(out, &format!("DTSTAMP:{}", utc(e.stamp)));
    line(out, &format!("DTSTART:{}", utc(&f.start)));
    line(out, &format!("DTEND:{}", utc(&f.end)));
    line(
        out,
        &format!("SUMMARY:{}", crate::escape::ics_text(e.summary)),
    );
    let location = match &f.address {
        Some(a) => format!("{}, {a}", f.venue),
        None => f.venue.clone(),
    };
    line(
        out,
        &format!("LOCATION:{}", crate::escape::ics_text(&location)),
    );
    if let Some([lat, lon]) = f.geo {
        line(out, &format!("GEO:{lat};{lon}"));
    }
    if let Some(d) = e.description {
        line(out, &format!("DESCRIPTION:{}", crate::escape::ics_text(d)));
    }
    line(out, &format!("URL:{}", e.url));
    line(out, "END:VEVENT");
}

fn utc(m: &Moment) -> String {
    m.timestamp().strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// Appends a content line folded at 75 octets (never inside a UTF-8
/// character), each physical line ending in CRLF.
fn line(out: &mut String, content: &str) {
    let mut used = 0;
    for c in content.chars() {
        let len = c.len_utf8();
        if used + len > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += len;
    }
    out.push_str("\r\n");
}

/// The per-event `.ics` of every job fair, and a `calendar.ics` per
/// job-fair section and language.
pub fn files(site: &Site, config: &Config) -> Vec<OutputFile> {
    let events = Events::new(site, config);
    let mut out = Vec::new();
    for (id, p) in site.pages.iter().enumerate() {
        if let Some(e) = events.of(id) {
            let body = calendar(&p.front.common.title, p.lang.as_str(), &[e]);
            let path = p.url.file(&super::kinds::ics_name(&p.url));
            out.push(OutputFile {
                path: path.as_str().to_string(),
                body: Body::Bytes(body.into_bytes()),
            });
        }
    }
    for s in site.sections.iter().filter(|s| s.kind == Kind::JobFairs) {
        let list: Vec<Event<'_>> = s.pages.iter().filter_map(|id| events.of(*id)).collect();
        let body = calendar(&s.front.title, s.lang.as_str(), &list);
        out.push(OutputFile {
            path: s.url.file("calendar.ics").as_str().to_string(),
            body: Body::Bytes(body.into_bytes()),
        });
    }
    out
}

/// What every event of the site needs besides its page, worked out once:
/// the host and each page's UID key.
struct Events<'a> {
    site: &'a Site,
    config: &'a Config,
    /// Host name of the site (`loa` when the base URL has none).
    host: String,
    /// Each page's stable identity: the content path of the first of its
    /// translations, so a fair's pages in every language are one event.
    keys: Vec<String>,
}

impl<'a> Events<'a> {
    fn new(site: &'a Site, config: &'a Config) -> Self {
        let host = config
            .base_url
            .absolute
            .split("://")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .unwrap_or("loa")
            .to_string();
        let keys = site
            .pages
            .iter()
            .map(|p| {
                crate::site::source_key(
                    &site.pages[p.translations.first().copied().unwrap_or(0)].rel,
                )
            })
            .collect();
        Events {
            site,
            config,
            host,
            keys,
        }
    }

    /// Page `id` as an event, when it is a job fair.
    fn of(&self, id: usize) -> Option<Event<'_>> {
        let p = &self.site.pages[id];
        let KindData::JobFair(fair) = &p.front.data else {
            return None;
        };
        let c = &p.front.common;
        let stamp = c
            .updated
            .as_ref()
            .or(c.date.as_ref())
            .unwrap_or(&fair.start);
        Some(Event {
            uid_key: &self.keys[id],
            host: &self.host,
            summary: &c.title,
            description: c.summary.as_deref(),
            url: p.url.permalink(&self.config.base_url),
            fair,
            stamp,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let text = format!("SUMMARY:{}", "Phiên giao dịch việc làm ".repeat(8));
        line(&mut out, &text);
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(
                physical.len() <= 75,
                "{} octets: {physical}",
                physical.len()
            );
        }
        let unfolded = out.replace("\r\n ", "").replace("\r\n", "");
        assert_eq!(unfolded, text);
    }

    #[test]
    fn calendar_names_are_written_as_escaped_text() {
        let cal = calendar("Lịch, 2025; a\\b\nc", "vi", &[]);
        assert!(
            cal.contains("\r\nX-WR-CALNAME:Lịch\\, 2025\\; a\\\\b\\nc\r\n"),
            "{cal}"
        );
        assert!(
            cal.contains("\r\nPRODID:-//loa//Lịch\\, 2025\\; a\\\\b\\nc//VI\r\n"),
            "{cal}"
        );
    }
}
