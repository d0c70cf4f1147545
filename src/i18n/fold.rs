//! Vietnamese accent folding, shared by slugs, heading ids and search.
//!
//! Folding removes tone and vowel marks (ầ -> a, ơ -> o) and maps đ/Đ to d/D,
//! so "Hỗ trợ vay vốn" and "ho tro vay von" meet. Input is normalized to NFD
//! first, which makes precomposed (NFC) and decomposed (from Word/macOS) text
//! fold the same way.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Removes diacritics and maps đ -> d, keeping case and everything else.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.nfd() {
        match c {
            'đ' | 'ð' => out.push('d'),
            'Đ' | 'Ð' => out.push('D'),
            c if is_combining_mark(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Turns any text into a safe, readable URL segment: folded, lowercase ASCII
/// letters and digits joined by single hyphens. May return an empty string
/// (text with no letters or digits); callers decide what that means.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in fold(text).chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_vietnamese() {
        let cases = [
            ("Hỗ trợ vay vốn", "ho-tro-vay-von"),
            ("Đồng Tháp", "dong-thap"),
            (
                "Phiên giao dịch việc làm tháng 3",
                "phien-giao-dich-viec-lam-thang-3",
            ),
            (
                "  Nghị quyết 392/2020/NQ-HĐND ",
                "nghi-quyet-392-2020-nq-hdnd",
            ),
            ("50.000 lao động", "50-000-lao-dong"),
            ("Ưu đãi: ỨNG VIÊN!", "uu-dai-ung-vien"),
            ("???", ""),
            ("Nhật Bản — 日本", "nhat-ban"),
        ];
        for (input, want) in cases {
            assert_eq!(slugify(input), want, "{input}");
        }
    }

    #[test]
    fn decomposed_input_folds_like_composed() {
        let nfd: String = "Việt Nam".nfd().collect();
        assert_ne!(nfd, "Việt Nam");
        assert_eq!(fold(&nfd), "Viet Nam");
        assert_eq!(slugify(&nfd), "viet-nam");
    }

    #[test]
    fn every_tone_of_every_vowel_folds() {
        let vowels = "aăâeêioôơuưy";
        let tones = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
        for v in vowels.chars() {
            for t in tones {
                let composed: String = format!("{v}{t}").nfc().collect();
                let base = fold(&composed);
                assert_eq!(base.chars().count(), 1, "{composed}");
                assert!("aeiouy".contains(base.as_str()), "{composed} -> {base}");
            }
        }
    }
}
