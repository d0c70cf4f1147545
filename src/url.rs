//! The one place URLs are made.
//!
//! A leaf of the pipeline's vocabulary (it imports only text folding):
//! content checks slugs written in front matter, site places pages, render
//! links them and output names files, all with these types, so none of
//! those stages needs another to speak of a location.
//!
//! Inside the build a location is a [`SitePath`]: a path relative to the site
//! root with no leading slash and a trailing slash for pages (`tin-tuc/x/`).
//! It becomes a link (`/xkld/tin-tuc/x/`) or an absolute permalink only at
//! the edge, so sub-path hosting never needs rewriting, and it maps to its
//! output file (`tin-tuc/x/index.html`) in one way only.

use std::fmt;

use serde::Serialize;

use crate::i18n::Lang;
use crate::i18n::fold::slugify;

/// Why a slug, path or base URL a person wrote was refused. The text of
/// each is the message shown; callers add the file and line they know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    /// A slug with path characters in it.
    #[error("`{}` is not a valid slug: it may not contain `/`, `\\`, `..` or control characters", .text.escape_debug())]
    SlugPathCharacters {
        /// The slug as written.
        text: String,
    },
    /// A slug that is a Windows device name.
    #[error(
        "`{text}` is a device name that Windows reserves (CON, PRN, AUX, NUL, COM1–9, LPT1–9); choose another slug"
    )]
    SlugReserved {
        /// The slug as written.
        text: String,
    },
    /// A slug with nothing to fold into a URL.
    #[error("`{text}` has no letters or digits to make a URL from")]
    SlugEmpty {
        /// The slug as written.
        text: String,
    },
    /// A full URL where a path inside the site was expected.
    #[error("`{text}` must be a path inside the site (like /tin-tuc/cu/), not a full URL")]
    PathIsUrl {
        /// The path, trimmed.
        text: String,
    },
    /// A path with characters that do not belong in one.
    #[error("`{}` may not contain `\\`, `?`, `#`, `:`, `<`, `>`, `\"`, `|`, `*` or control characters", .text.escape_debug())]
    PathCharacters {
        /// The path, trimmed.
        text: String,
    },
    /// `/` as an alias.
    #[error("an alias cannot be the site root")]
    PathIsRoot,
    /// An empty, `.` or `..` segment.
    #[error("`{text}` has an empty, `.` or `..` segment")]
    PathSegment {
        /// The path, trimmed.
        text: String,
    },
    /// A segment Windows cannot store.
    #[error(
        "`{text}`: `{segment}` is a name that Windows reserves or cannot store; choose another path"
    )]
    PathReserved {
        /// The path, trimmed.
        text: String,
        /// The segment refused.
        segment: String,
    },
    /// A base URL that is not http(s).
    #[error("base_url `{url}` must start with https:// or http:// (e.g. https://example.org/)")]
    BaseScheme {
        /// The URL, trimmed.
        url: String,
    },
    /// A base URL with a query or fragment.
    #[error("base_url `{url}` must not contain a query (?) or fragment (#)")]
    BaseQuery {
        /// The URL, trimmed.
        url: String,
    },
    /// A base URL with no host.
    #[error("base_url `{url}` has no host name")]
    BaseNoHost {
        /// The URL, trimmed.
        url: String,
    },
}

/// A safe URL segment: lowercase ASCII letters, digits and single hyphens.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Slug(String);

/// Names Windows reserves for devices, whatever the extension (`con.html`
/// too): a folder or file with such a name cannot be created or served
/// there, and a portal may be copied to a Windows host.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7",
    "com8", "com9", "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
    "conin$", "conout$",
];

/// True when `segment` (one path segment) is a reserved device name.
pub fn is_reserved_name(segment: &str) -> bool {
    let stem = segment.split('.').next().unwrap_or(segment);
    let stem = stem.trim_end_matches([' ', '.']);
    RESERVED.iter().any(|r| r.eq_ignore_ascii_case(stem))
}

/// A short stable name for text with no letters or digits to fold (`日本`
/// -> `t-5b0c…`): FNV-1a, so the same text always gets the same URL.
fn hashed(text: &str) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for b in text.bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    format!("t-{h:08x}")
}

impl Slug {
    /// Folds any text into a slug; `None` when nothing usable remains.
    /// A reserved device name gets a `-1` suffix (`Con` -> `con-1`), so the
    /// result is always a usable segment.
    pub fn from_text(text: &str) -> Option<Slug> {
        let s = slugify(text);
        if s.is_empty() {
            None
        } else if is_reserved_name(&s) {
            Some(Slug(format!("{s}-1")))
        } else {
            Some(Slug(s))
        }
    }

    /// Folds text that names something (a taxonomy term) into a slug that
    /// always exists: text with nothing to fold gets a stable hashed name.
    pub fn from_name(text: &str) -> Slug {
        Slug::from_text(text).unwrap_or_else(|| Slug(hashed(text)))
    }

    /// Checks a slug written by a person (front matter `slug:`): path
    /// characters and reserved names are refused outright, anything else is folded.
    pub fn from_user(text: &str) -> Result<Slug, UrlError> {
        let text_owned = || text.to_string();
        if text.contains(['/', '\\', '\0'])
            || text.contains("..")
            || text.chars().any(char::is_control)
        {
            return Err(UrlError::SlugPathCharacters { text: text_owned() });
        }
        if is_reserved_name(text.trim()) || is_reserved_name(&slugify(text)) {
            return Err(UrlError::SlugReserved { text: text_owned() });
        }
        Slug::from_text(text).ok_or_else(|| UrlError::SlugEmpty { text: text_owned() })
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

/// The output name of a file in a page bundle (`Ảnh hội trường.JPG` ->
/// `anh-hoi-truong.jpg`): file names are text people typed, not paths, so
/// each `/`-separated part that is not already a plain ASCII name is folded
/// like a slug, keeping its extension. Plain names (`IMG_1234.JPG`) stay.
pub fn fold_file_name(name: &str) -> String {
    name.split('/')
        .filter(|seg| !seg.is_empty())
        .map(fold_file_segment)
        .collect::<Vec<_>>()
        .join("/")
}

fn fold_file_segment(seg: &str) -> String {
    let plain = !seg.starts_with('.')
        && !seg.ends_with('.')
        && seg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !seg.contains("..");
    if plain && !is_reserved_name(seg) {
        return seg.to_string();
    }
    let (stem, ext) = match seg.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() && !e.is_empty() => (s, slugify(e)),
        _ => (seg, String::new()),
    };
    let stem = Slug::from_name(stem);
    if ext.is_empty() {
        stem.0
    } else {
        format!("{stem}.{ext}")
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
    pub fn lang_root(lang: &Lang, default: &Lang) -> SitePath {
        if lang == default {
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
    pub fn from_user(text: &str) -> Result<SitePath, UrlError> {
        let t = text.trim();
        let text = || t.to_string();
        if t.contains("://") || t.starts_with("//") {
            return Err(UrlError::PathIsUrl { text: text() });
        }
        if t.contains(['\\', '?', '#', ':', '<', '>', '"', '|', '*'])
            || t.chars().any(char::is_control)
        {
            return Err(UrlError::PathCharacters { text: text() });
        }
        let inner = t.trim_start_matches('/');
        if inner.is_empty() {
            return Err(UrlError::PathIsRoot);
        }
        let mut out = String::new();
        let segments: Vec<&str> = inner.trim_end_matches('/').split('/').collect();
        for seg in &segments {
            if seg.is_empty() || *seg == "." || *seg == ".." {
                return Err(UrlError::PathSegment { text: text() });
            }
            if is_reserved_name(seg) || seg.ends_with(['.', ' ']) {
                return Err(UrlError::PathReserved {
                    text: text(),
                    segment: seg.to_string(),
                });
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

/// The base URL, split into the absolute form (for feeds, canonical links)
/// and the path prefix (for links inside the site).
#[derive(Debug, Clone, Serialize)]
pub struct BaseUrl {
    /// `https://example.org/xkld/`, always ending in `/`.
    pub absolute: String,
    /// `/xkld/`, always starting and ending in `/`.
    pub path: String,
}

impl BaseUrl {
    /// Checks and normalizes a base URL: absolute http(s), no query or
    /// fragment, a trailing slash added when missing.
    pub fn parse(url: &str) -> Result<BaseUrl, UrlError> {
        let url = url.trim();
        let owned = || url.to_string();
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .ok_or_else(|| UrlError::BaseScheme { url: owned() })?;
        if url.contains('?') || url.contains('#') {
            return Err(UrlError::BaseQuery { url: owned() });
        }
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        if host.is_empty() {
            return Err(UrlError::BaseNoHost { url: owned() });
        }
        let mut path = path.to_string();
        if !path.ends_with('/') {
            path.push('/');
        }
        let scheme = &url[..url.len() - rest.len()];
        Ok(BaseUrl {
            absolute: format!("{scheme}{host}{path}"),
            path,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_say_what_was_written_and_why() {
        let shown = |r: Result<SitePath, UrlError>| r.unwrap_err().to_string();
        assert_eq!(
            Slug::from_user("a/b").unwrap_err().to_string(),
            "`a/b` is not a valid slug: it may not contain `/`, `\\`, `..` or control characters"
        );
        assert_eq!(
            Slug::from_user("!!!").unwrap_err(),
            UrlError::SlugEmpty { text: "!!!".into() }
        );
        assert_eq!(
            shown(SitePath::from_user(" /a?b ")),
            "`/a?b` may not contain `\\`, `?`, `#`, `:`, `<`, `>`, `\"`, `|`, `*` or control characters"
        );
        assert_eq!(
            shown(SitePath::from_user("/x/nul/")),
            "`/x/nul/`: `nul` is a name that Windows reserves or cannot store; choose another path"
        );
        assert_eq!(
            BaseUrl::parse("https://").unwrap_err().to_string(),
            "base_url `https://` has no host name"
        );
    }

    #[test]
    fn user_slugs_are_folded_or_refused() {
        assert_eq!(Slug::from_user("Hỗ trợ").unwrap().as_str(), "ho-tro");
        for bad in ["../etc", "a/b", "a\\b", "x\0", "!!!"] {
            assert!(Slug::from_user(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn reserved_names_are_refused_or_renamed() {
        for bad in ["con", "CON", "nul", "com1", "lpt9", "aux.html"] {
            assert!(Slug::from_user(bad).is_err(), "{bad}");
            assert!(SitePath::from_user(&format!("/{bad}/")).is_err(), "{bad}");
        }
        assert_eq!(Slug::from_text("Con").unwrap().as_str(), "con-1");
        assert_eq!(Slug::from_text("Con cái").unwrap().as_str(), "con-cai");
        assert_eq!(
            Slug::from_name("日本").as_str(),
            Slug::from_name("日本").as_str()
        );
        assert!(Slug::from_name("日本").as_str().starts_with("t-"));
        assert_ne!(
            Slug::from_name("日本").as_str(),
            Slug::from_name("中国").as_str()
        );
    }

    #[test]
    fn bundle_file_names_are_folded() {
        let cases = [
            ("IMG_1234.JPG", "IMG_1234.JPG"),
            ("Ảnh hội trường.JPG", "anh-hoi-truong.jpg"),
            ("tài liệu/Đơn đăng ký.pdf", "tai-lieu/don-dang-ky.pdf"),
            ("a b#c?.png", "a-b-c.png"),
            ("con.txt", "con-1.txt"),
            (".hidden", "hidden"),
            ("...", "t-00000000"),
        ];
        for (name, want) in cases {
            if want == "t-00000000" {
                assert!(fold_file_name(name).starts_with("t-"), "{name}");
            } else {
                assert_eq!(fold_file_name(name), want, "{name}");
            }
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
