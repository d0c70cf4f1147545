//! The one place URLs are made.
//!
//! Inside the build a location is a [`SitePath`]: a path relative to the site
//! root with no leading slash and a trailing slash for pages (`tin-tuc/x/`).
//! It becomes a link (`/xkld/tin-tuc/x/`) or an absolute permalink only at
//! the edge, so sub-path hosting never needs rewriting, and it maps to its
//! output file (`tin-tuc/x/index.html`) in one way only.

use std::fmt;

use serde::Serialize;

use crate::config::{BaseUrl, Config};
use crate::i18n::Lang;
use crate::i18n::fold::slugify;

/// A safe URL segment: lowercase ASCII letters, digits and single hyphens.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Slug(String);

impl Slug {
    /// Folds any text into a slug; `None` when nothing usable remains.
    pub fn from_text(text: &str) -> Option<Slug> {
        let s = slugify(text);
        if s.is_empty() { None } else { Some(Slug(s)) }
    }

    /// Checks a slug written by a person (front matter `slug:`): path
    /// characters are refused outright, anything else is folded.
    pub fn from_user(text: &str) -> Result<Slug, String> {
        if text.contains(['/', '\\', '\0']) || text.contains("..") {
            return Err(format!(
                "`{text}` is not a valid slug: it may not contain `/`, `\\`, `..` or control characters"
            ));
        }
        Slug::from_text(text)
            .ok_or_else(|| format!("`{text}` has no letters or digits to make a URL from"))
    }

    /// The slug text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A location inside the site (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct SitePath(String);

impl SitePath {
    /// The site root.
    pub fn root() -> SitePath {
        SitePath(String::new())
    }

    /// The root of a language: `` for the default language, `en/` for others.
    pub fn lang_root(config: &Config, lang: &Lang) -> SitePath {
        if lang == config.default_lang() {
            SitePath::root()
        } else {
            SitePath(format!("{lang}/"))
        }
    }

    /// This folder plus one segment: `tin-tuc/` + `x` = `tin-tuc/x/`.
    pub fn child(&self, segment: &str) -> SitePath {
        SitePath(format!("{}{segment}/", self.0))
    }

    /// The pager URL of page `n` (≥ 2) of a listing.
    pub fn pager(&self, n: usize) -> SitePath {
        SitePath(format!("{}page/{n}/", self.0))
    }

    /// A file inside this folder (`calendar.ics`), no trailing slash.
    pub fn file(&self, name: &str) -> SitePath {
        SitePath(format!("{}{name}", self.0))
    }

    /// Checks a path a person wrote (an alias): no `..`, backslash, NUL,
    /// scheme or empty segments. A leading `/` is allowed and dropped.
    pub fn from_user(text: &str) -> Result<SitePath, String> {
        let t = text.trim();
        if t.contains("://") || t.starts_with("//") {
            return Err(format!(
                "`{t}` must be a path inside the site (like /tin-tuc/cu/), not a full URL"
            ));
        }
        if t.contains(['\\', '\0', '?', '#']) {
            return Err(format!(
                "`{t}` may not contain `\\`, `?`, `#` or control characters"
            ));
        }
        let inner = t.trim_start_matches('/');
        if inner.is_empty() {
            return Err("an alias cannot be the site root".into());
        }
        let mut out = String::new();
        let segments: Vec<&str> = inner.trim_end_matches('/').split('/').collect();
        for seg in &segments {
            if seg.is_empty() || *seg == "." || *seg == ".." || seg.chars().any(char::is_control) {
                return Err(format!("`{t}` has an empty, `.` or `..` segment"));
            }
        }
        out.push_str(&segments.join("/"));
        let is_file = segments
            .last()
            .is_some_and(|s| s.ends_with(".html") || s.ends_with(".htm"));
        if !is_file {
            out.push('/');
        }
        Ok(SitePath(out))
    }

    /// The path text (`tin-tuc/x/`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The output file relative to the output folder: folders get `index.html`.
    pub fn output_file(&self) -> String {
        if self.0.is_empty() || self.0.ends_with('/') {
            format!("{}index.html", self.0)
        } else {
            self.0.clone()
        }
    }

    /// A link for use inside the site: `/xkld/tin-tuc/x/`.
    pub fn href(&self, base: &BaseUrl) -> String {
        format!("{}{}", base.path, self.0)
    }

    /// The absolute URL: `https://example.org/xkld/tin-tuc/x/`.
    pub fn permalink(&self, base: &BaseUrl) -> String {
        format!("{}{}", base.absolute, self.0)
    }
}

impl fmt::Display for SitePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "/{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_slugs_are_folded_or_refused() {
        assert_eq!(Slug::from_user("Hỗ trợ").unwrap().as_str(), "ho-tro");
        for bad in ["../etc", "a/b", "a\\b", "x\0", "!!!"] {
            assert!(Slug::from_user(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn aliases_stay_inside_the_site() {
        assert_eq!(
            SitePath::from_user("/tin-tuc/cu").unwrap().as_str(),
            "tin-tuc/cu/"
        );
        assert_eq!(
            SitePath::from_user("old/page.html").unwrap().output_file(),
            "old/page.html"
        );
        for bad in [
            "/../x",
            "a/../../b",
            "https://evil.example/",
            "//evil",
            "/",
            "a\\b",
            "a//b",
        ] {
            assert!(SitePath::from_user(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn output_files_and_links() {
        let base = BaseUrl::parse("https://example.org/xkld/").unwrap();
        let p = SitePath::root().child("tin-tuc").child("x");
        assert_eq!(p.output_file(), "tin-tuc/x/index.html");
        assert_eq!(p.href(&base), "/xkld/tin-tuc/x/");
        assert_eq!(p.permalink(&base), "https://example.org/xkld/tin-tuc/x/");
        assert_eq!(SitePath::root().output_file(), "index.html");
        assert_eq!(
            SitePath::root().child("tin-tuc").pager(2).as_str(),
            "tin-tuc/page/2/"
        );
    }
}
