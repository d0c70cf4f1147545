//! Reading a content file into clean text: UTF-8 checked, BOM dropped,
//! CRLF turned into LF, and Unicode normalized to NFC (so that accents
//! typed or pasted in decomposed form match everywhere: slugs, search, links).

use std::io::Read;
use std::path::Path;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::error::Diagnostic;

/// Why bytes are not usable text; the text of each is the message shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// Not UTF-8, and not like any old Vietnamese encoding either.
    #[error("this file is not UTF-8 text (first bad byte on line {line}); {SAVE_AS_UTF8}")]
    NotUtf8 {
        /// 1-based line of the first bad byte.
        line: usize,
    },
    /// Not UTF-8, but Vietnamese in an old encoding by the look of it.
    #[error("this file is not UTF-8 text (first bad byte on line {line}); it looks like Vietnamese in the old {} encoding: convert it to Unicode (Unikey: Công cụ chuyển mã, from {} to Unicode) or {SAVE_AS_UTF8}", .encoding.name(), .encoding.name())]
    Legacy {
        /// 1-based line of the first bad byte.
        line: usize,
        /// The encoding it looks like.
        encoding: super::legacy::Legacy,
    },
    /// NUL bytes: a binary file.
    #[error("this file contains NUL bytes; it looks like a binary file, not text")]
    Nul,
}

/// How to fix a file that is not UTF-8.
const SAVE_AS_UTF8: &str =
    "save it again as UTF-8 (in Word: Save As > Plain Text > Unicode (UTF-8))";

/// Reads and cleans a text file of at most `max_bytes` (site.toml
/// `[limits] max_file_mb`). `rel` is the path shown in messages.
///
/// Only regular files are read (a FIFO or a device would block or never
/// end), and the read itself stops after the limit, so a file that grows
/// while it is read, or a link to `/dev/zero`, cannot exhaust memory.
pub fn read_text(path: &Path, rel: &Path, max_bytes: u64) -> Result<String, Diagnostic> {
    let cannot = |e: std::io::Error| Diagnostic::error(rel, format!("cannot read this file ({e})"));
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if !meta.is_file() {
        return Err(Diagnostic::error(
            rel,
            "this is not a regular file (a device, pipe or socket); remove it from content/",
        ));
    }
    let too_big = |len: u64| {
        Diagnostic::error(
            rel,
            format!(
                "file is {:.1} MB; content files are limited to {} MB ([limits] max_file_mb in site.toml)",
                len as f64 / (1024.0 * 1024.0),
                max_bytes / (1024 * 1024)
            ),
        )
    };
    if meta.len() > max_bytes {
        return Err(too_big(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|f| f.take(max_bytes.saturating_add(1)).read_to_end(&mut bytes))
        .map_err(cannot)?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_big(bytes.len() as u64));
    }
    decode(bytes).map_err(|e| Diagnostic::error(rel, e.to_string()))
}

/// Turns raw bytes into clean text (see the module docs).
pub fn decode(bytes: Vec<u8>) -> Result<String, DecodeError> {
    let mut text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
            return Err(match super::legacy::guess(bytes) {
                Some(encoding) => DecodeError::Legacy { line, encoding },
                None => DecodeError::NotUtf8 { line },
            });
        }
    };
    // Clean in place: most files need nothing, and copying every file
    // again showed up in the profile of a 10k-page build.
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    if text.contains('\r') {
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    if text.contains('\0') {
        return Err(DecodeError::Nul);
    }
    // Letters known to be NFC starters are shown to the check as `a`: the
    // answer is the same, without two table lookups per Vietnamese letter.
    let seen = text.chars().map(|c| if plain_starter(c) { 'a' } else { c });
    Ok(match is_nfc_quick(seen) {
        IsNormalized::Yes => text,
        _ => text.nfc().collect(),
    })
}

/// Latin-1 letters, Latin Extended-A and -B and Latin Extended Additional
/// (where every Vietnamese letter with its tone mark lives): each is a
/// starter (combining class 0) that NFC keeps as it is, as a test checks
/// for every one against the normalization tables.
fn plain_starter(c: char) -> bool {
    matches!(c, '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_starters_are_nfc_starters() {
        use unicode_normalization::char::canonical_combining_class;
        for c in ('\u{80}'..='\u{2000}').filter(|c| plain_starter(*c)) {
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
            assert_eq!(
                c.to_string().nfc().collect::<String>(),
                c.to_string(),
                "{c:?}"
            );
        }
        // And a text mixing them with combining marks is judged as before.
        let t = "Vie\u{302}\u{323}t ạ\u{301} Ấ\u{0300}";
        let mapped = t.chars().map(|c| if plain_starter(c) { 'a' } else { c });
        assert_eq!(is_nfc_quick(mapped), is_nfc_quick(t.chars()));
    }

    #[test]
    fn bom_crlf_and_nfd_are_cleaned() {
        let nfd: String = "Việt".nfd().collect();
        let raw = format!("\u{feff}a\r\n{nfd}\r\n");
        assert_eq!(decode(raw.into_bytes()).unwrap(), "a\nViệt\n");
    }

    #[test]
    fn windows_1258_is_named_in_the_error() {
        let e = decode(b"---\ntitle: Vi\xea\xf2t Nam \xf0\xf4\xccng\n---\n".to_vec())
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 2"), "{e}");
        assert!(e.contains("Windows-1258"), "{e}");
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let e = decode(b"ok\n\xea\xf2\n".to_vec()).unwrap_err().to_string();
        assert!(e.contains("line 2"), "{e}");
    }
}
