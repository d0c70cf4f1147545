//! Languages, UI strings, accent folding and number/date formatting.

pub mod fold;
pub mod format;
pub mod spell;
pub mod strings;

use std::fmt;

use serde::Serialize;

/// A language code configured in site.toml (`vi`, `en`, ...).
///
/// Only codes that look like BCP 47 primary tags (2–3 lowercase letters,
/// optionally `-` and a region) are accepted, so a code can be used as a URL
/// segment and in `lang` attributes as it is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Lang(String);

impl Lang {
    /// Parses a code, returning `None` when it does not look like a language code.
    pub fn parse(code: &str) -> Option<Lang> {
        if looks_like_lang(code) {
            Some(Lang(code.to_string()))
        } else {
            None
        }
    }

    /// The code as written in site.toml.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// True when `s` has the shape of a language code (`vi`, `en`, `pt-br`).
pub fn looks_like_lang(s: &str) -> bool {
    let (primary, region) = match s.split_once('-') {
        Some((p, r)) => (p, Some(r)),
        None => (s, None),
    };
    let primary_ok =
        (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase());
    let region_ok = region
        .is_none_or(|r| (2..=4).contains(&r.len()) && r.bytes().all(|b| b.is_ascii_alphanumeric()));
    primary_ok && region_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_codes() {
        assert!(Lang::parse("vi").is_some());
        assert!(Lang::parse("pt-br").is_some());
        assert!(Lang::parse("EN").is_none());
        assert!(Lang::parse("english").is_none());
        assert!(Lang::parse("../x").is_none());
    }
}
