//! Reading a content file into clean text: UTF-8 checked, BOM dropped,
//! CRLF turned into LF, and Unicode normalized to NFC (so that accents
//! typed or pasted in decomposed form match everywhere: slugs, search, links).

use std::path::Path;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::error::Diagnostic;

/// Files larger than this are refused rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Reads and cleans a text file. `rel` is the path shown in messages.
pub fn read_text(path: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let meta = std::fs::metadata(path)
        .map_err(|e| Diagnostic::error(rel, format!("cannot read this file ({e})")))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            rel,
            format!(
                "file is {} MB; content files are limited to {} MB",
                meta.len() / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(rel, format!("cannot read this file ({e})")))?;
    decode(bytes).map_err(|m| Diagnostic::error(rel, m))
}

/// Turns raw bytes into clean text (see the module docs).
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    let mut text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
            return Err(format!(
                "this file is not UTF-8 text (first bad byte on line {line}); save it again as UTF-8 (in Word: Save As > Plain Text > Unicode (UTF-8))"
            ));
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
        return Err("this file contains NUL bytes; it looks like a binary file, not text".into());
    }
    Ok(match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text,
        _ => text.nfc().collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_crlf_and_nfd_are_cleaned() {
        let nfd: String = "Việt".nfd().collect();
        let raw = format!("\u{feff}a\r\n{nfd}\r\n");
        assert_eq!(decode(raw.into_bytes()).unwrap(), "a\nViệt\n");
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let e = decode(b"ok\n\xea\xf2\n".to_vec()).unwrap_err();
        assert!(e.contains("line 2"), "{e}");
    }
}
