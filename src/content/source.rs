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
    let mut text = match utf8(bytes) {
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
    if all_plain(text.as_bytes()) {
        return Ok(text);
    }
    Ok(match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text,
        _ => text.nfc().collect(),
    })
}

/// `bytes` as a string, checked with simdutf8 (about twenty times faster than
/// the standard check on Vietnamese text, where most letters take two or
/// three bytes); the standard check runs only on bytes that fail, for the
/// error's position.
fn utf8(bytes: Vec<u8>) -> Result<String, std::string::FromUtf8Error> {
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: simdutf8 has just checked that `bytes` are UTF-8.
        return Ok(unsafe { String::from_utf8_unchecked(bytes) });
    }
    String::from_utf8(bytes)
}

/// True when every character of `text` (valid UTF-8) is ASCII or in a
/// block of plain starters: the Latin-1 supplement, Latin Extended-A and
/// -B, Latin Extended Additional (every Vietnamese letter with its tone
/// mark), general punctuation but two spaces, and currency signs (₫). Each
/// is a starter (combining class 0) that NFC keeps as it is, as a test
/// checks for every one against the normalization tables, so such a text
/// is NFC already. Read byte by byte, eight at a time over ASCII: the
/// table lookups of the full check, two per letter, were 2% of a large
/// build.
fn all_plain(text: &[u8]) -> bool {
    let mut i = 0;
    while i < text.len() {
        if let Some(word) = text.get(i..i + 8) {
            let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
            if word & 0x8080_8080_8080_8080 == 0 {
                i += 8;
                continue;
            }
        }
        let next = |k: usize| text.get(i + k).copied().unwrap_or(0);
        i += match (text[i], next(1), next(2)) {
            (0..=0x7f, _, _) => 1,
            // U+0080–U+023F
            (0xc2..=0xc8, _, _) => 2,
            // U+0240–U+024F
            (0xc9, 0x80..=0x8f, _) => 2,
            // U+1E00–U+1EFF
            (0xe1, 0xb8..=0xbb, _) => 3,
            // U+2002–U+203F (U+2000 and U+2001 are replaced by NFC),
            // U+2040–U+20BF
            (0xe2, 0x80, 0x82..) | (0xe2, 0x81..=0x82, _) => 3,
            _ => return false,
        };
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_character_taken_as_plain_is_an_nfc_starter() {
        use unicode_normalization::char::canonical_combining_class;
        let mut plain = 0;
        for c in ('\u{80}'..=char::MAX).filter(|c| all_plain(c.to_string().as_bytes())) {
            plain += 1;
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
            assert_eq!(
                c.to_string().nfc().collect::<String>(),
                c.to_string(),
                "{c:?}"
            );
        }
        // The blocks named, less U+2000 and U+2001.
        assert_eq!(plain, 0x1d0 + 0x100 + 0xbe, "characters taken as plain");
    }

    #[test]
    fn vietnamese_text_is_plain_and_combining_marks_are_not() {
        let t = "Đồng Tháp hỗ trợ người lao động – “xuất khẩu” … 5.000.000 ₫\u{a0}nhé";
        assert!(all_plain(t.as_bytes()));
        for odd in [
            "Vie\u{302}\u{323}t",
            "a\u{2000}b",
            "한국",
            "x\u{301}",
            "ạ\u{301}",
        ] {
            assert!(!all_plain(odd.as_bytes()), "{odd:?}");
            let cleaned = decode(format!("{t} {odd}").into_bytes()).unwrap();
            assert_eq!(cleaned, format!("{t} {odd}").nfc().collect::<String>());
        }
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
