//! Sharing a page without trackers: a plain Facebook share link and a short
//! text for staff to paste into a Zalo group (the same text `loa share`
//! prints and the page's copy button puts on the clipboard).
//!
//! Zalo documents no plain share link that works without its SDK script, so
//! the theme offers copy-link and the phone's own share sheet for Zalo.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use crate::content::kinds::KindData;
use crate::i18n::format::{Locale, time_of_day};
use crate::i18n::strings::UiStrings;
use crate::site::Page;

/// What encodeURIComponent leaves alone, so the link reads as browsers make it.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// A page's share links and text, as `page.html`'s share partial sees them.
#[derive(Debug, Serialize)]
pub struct ShareView {
    /// Facebook's sharer link carrying the encoded permalink.
    pub facebook: String,
    /// Title, key facts and link, one per line.
    pub text: String,
}

/// The share links and text of `page`, whose absolute URL is `permalink`.
pub fn view(page: &Page, permalink: &str, strings: &UiStrings, locale: &Locale) -> ShareView {
    ShareView {
        facebook: facebook(permalink),
        text: text(page, permalink, strings, locale),
    }
}

/// Facebook's documented sharer link for `permalink`.
pub fn facebook(permalink: &str) -> String {
    format!(
        "https://www.facebook.com/sharer/sharer.php?u={}",
        utf8_percent_encode(permalink, COMPONENT)
    )
}

/// The short text: the title, the one fact a reader acts on (a fair's date,
/// time and venue; an order's deadline; a policy's document number; an
/// alert's date) and the link, one per line.
pub fn text(page: &Page, permalink: &str, strings: &UiStrings, locale: &Locale) -> String {
    let lang = page.lang.as_str();
    // A missing string falls back to the key: the theme check already warns.
    let label = |key: &'static str| strings.get(lang, key).unwrap_or(key).to_string();
    let fact = match &page.front.data {
        KindData::JobFair(f) => {
            let (start, end) = (f.start.local(), f.end.local());
            let when = if start.date() == end.date() {
                format!(
                    "{}, {}–{}",
                    locale.date_short(start),
                    time_of_day(start),
                    time_of_day(end)
                )
            } else {
                format!(
                    "{} {} – {} {}",
                    locale.date_short(start),
                    time_of_day(start),
                    locale.date_short(end),
                    time_of_day(end)
                )
            };
            let place = match &f.address {
                Some(a) => format!("{}, {a}", f.venue),
                None => f.venue.clone(),
            };
            Some(format!("{} {when} · {place}", locale.weekday(start)))
        }
        KindData::JobOrder(o) => Some(format!(
            "{}: {}",
            label("share_deadline"),
            locale.date_short(o.deadline.local())
        )),
        KindData::Policy(p) => Some(format!(
            "{}: {}",
            label("share_document"),
            p.document.number
        )),
        KindData::ScamAlert(_) => Some(match &page.front.common.date {
            Some(d) => format!("{} {}", label("share_alert"), locale.date_short(d.local())),
            None => label("share_alert"),
        }),
        _ => None,
    };
    let mut out = page.front.common.title.clone();
    if let Some(fact) = fact {
        out.push('\n');
        out.push_str(&fact);
    }
    out.push('\n');
    out.push_str(permalink);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facebook_link_encodes_the_whole_permalink() {
        assert_eq!(
            facebook("https://vieclam.example/xkld/hội-chợ/?a=1&b=2"),
            "https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fvieclam.example%2Fxkld%2Fh%E1%BB%99i-ch%E1%BB%A3%2F%3Fa%3D1%26b%3D2"
        );
    }
}
