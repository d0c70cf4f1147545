//! What a build makes: files in memory, before anything is written.
//!
//! A leaf of the pipeline's vocabulary. Render, images and the editor make
//! [`OutputFile`]s; output writes them, serve keeps them in a map and check
//! reads them. Keeping the type here, apart from the writer, lets every
//! producer depend on the type without depending on how (or whether) it is
//! written.

use std::borrow::Cow;
use std::path::PathBuf;

/// A file of the built site, in memory.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path inside the output folder, `/`-separated (`tin-tuc/x/index.html`).
    pub path: String,
    /// What to write.
    pub body: Body,
}

/// The content of an output file.
#[derive(Debug, Clone)]
pub enum Body {
    /// A rendered HTML page.
    Html(Html),
    /// Bytes written as they are.
    Bytes(Vec<u8>),
    /// A file copied from the portal.
    Copy(PathBuf),
}

/// A rendered page, as the UTF-8 bytes the template engine wrote.
///
/// Kept as bytes: a build only writes, compresses and measures pages, and
/// turning each engine output into a `String` checked every byte of every
/// page once more (2% of a 10k-page build). The few readers that need
/// text (serve, check, offline copies, the bulletin player) ask for it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Html(Vec<u8>);

impl Html {
    /// The bytes a template engine wrote (UTF-8, as it only writes text).
    pub fn rendered(bytes: Vec<u8>) -> Html {
        Html(bytes)
    }

    /// The page's bytes, as written to disk.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The page as text; a byte that is not UTF-8 (none should be) shows
    /// as U+FFFD rather than failing.
    pub fn text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.0)
    }

    /// [`Html::text`], owned.
    pub fn into_text(self) -> String {
        match String::from_utf8(self.0) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        }
    }
}

impl From<String> for Html {
    fn from(s: String) -> Html {
        Html(s.into_bytes())
    }
}

impl From<&str> for Html {
    fn from(s: &str) -> Html {
        Html(s.as_bytes().to_vec())
    }
}
