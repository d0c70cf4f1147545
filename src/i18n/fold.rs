//! Vietnamese accent folding, shared by slugs, heading ids and search.
//!
//! Folding removes tone and vowel marks (ầ -> a, ơ -> o) and maps đ/Đ to d/D,
//! so "Hỗ trợ vay vốn" and "ho tro vay von" meet. Input is normalized to NFD
//! first, which makes precomposed (NFC) and decomposed (from Word/macOS) text
//! fold the same way.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Removes diacritics and maps đ -> d, keeping case and everything else.
///
/// The same text as decomposing the whole to NFD and dropping every mark,
/// made a character at a time (see [`fold_char`]) and with ASCII copied as
/// it is: slugs of file names and terms, heading ids and sort keys fold
/// tens of thousands of strings on a big portal, and NFD's reordering
/// buffer was most of the time of making the site's URLs.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            fold_char(c, |f| out.push(f));
        }
    }
    out
}

/// Calls `emit` with the characters [`fold`] turns `c` into.
///
/// NFD also reorders runs of combining marks before they are dropped;
/// since every character that takes part in the reordering is a mark
/// (`every_reordered_char_is_a_mark` checks this against the Unicode
/// tables), folding one character at a time gives the same text as
/// folding the whole.
pub fn fold_char(c: char, mut emit: impl FnMut(char)) {
    decompose_canonical(c, |d| match d {
        'đ' | 'ð' => emit('d'),
        'Đ' | 'Ð' => emit('D'),
        d if is_combining_mark(d) => {}
        d => emit(d),
    });
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
    use unicode_normalization::UnicodeNormalization;

    /// The definition [`fold`] keeps to: the whole text to NFD, marks
    /// dropped, đ to d.
    fn reference(text: &str) -> String {
        text.nfd()
            .filter_map(|c| match c {
                'đ' | 'ð' => Some('d'),
                'Đ' | 'Ð' => Some('D'),
                c if is_combining_mark(c) => None,
                c => Some(c),
            })
            .collect()
    }

    #[test]
    fn folding_by_character_matches_the_whole_text_definition() {
        // Every character alone, then between letters.
        for c in (0..=0x2FFFF).filter_map(char::from_u32) {
            let alone = c.to_string();
            assert_eq!(fold(&alone), reference(&alone), "U+{:04X}", c as u32);
        }
        // Marks out of canonical order, decomposed Vietnamese as Word and
        // macOS write it, Hangul, and marks with nothing before them.
        let cases = [
            "a\u{0323}\u{0302}",
            "a\u{0302}\u{0323}",
            "Vie\u{0302}\u{0323}t Nam",
            "\u{0301}\u{0300}x",
            "Đ\u{0300}ồng Tháp 한국어 ǅ ﬁ",
            "Nghị quyết 392/2020/NQ-HĐND",
        ];
        for t in cases {
            assert_eq!(fold(t), reference(t), "{t}");
        }
    }

    /// What [`fold_char`] relies on: NFD only reorders characters with a
    /// nonzero combining class, and [`fold`] drops all of those.
    #[test]
    fn every_reordered_char_is_a_mark() {
        use unicode_normalization::char::canonical_combining_class;
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if canonical_combining_class(c) != 0 {
                assert!(is_combining_mark(c), "U+{:04X}", c as u32);
            }
        }
    }

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
