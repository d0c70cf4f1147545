//! Checks on the text of one content file: placeholders left by `loa new`,
//! and characters lost when text was copied out of a PDF.
//!
//! PDF extraction drops the glyphs a font subset could not map, which in
//! Vietnamese leaves words that no Vietnamese syllable looks like: a lone
//! consonant ("Hướng d n", "b ng"), or a hole of two spaces where a letter
//! was ("ph  hợp", "-  hối hợp"). Every Vietnamese syllable has a vowel, so a
//! lowercase word made only of consonants is almost always damage. These
//! are warnings: the writer compares with the original and fixes the word.

use crate::content::PLACEHOLDER;
use crate::i18n::fold::fold;

/// One finding on a line: 1-based column (in characters) and what to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// 1-based column of the first character concerned.
    pub column: usize,
    /// The words concerned, as written.
    pub snippet: String,
}

/// Lowercase words without vowels that are not damage (units, Latin abbreviations).
const NO_VOWEL_WORDS: &[&str] = &[
    "vs", "km", "kg", "cm", "mm", "ml", "kw", "kwh", "mw", "pp", "st", "nd", "rd", "th", "hmm",
];
const ROMAN: &[&str] = &["I", "V", "X", "L", "C", "D", "M"];

/// The lines of a Markdown file that hold prose: fenced code is blanked,
/// and each character of an inline code span becomes `·`, which is neither
/// a letter nor a space, so code is not read as words or holes and columns
/// stay right.
pub fn prose_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fence: Option<String> = None;
    for line in text.split('\n') {
        let trimmed = line.trim_start();
        let marker: String = trimmed
            .chars()
            .take_while(|c| *c == '`' || *c == '~')
            .collect();
        if let Some(open) = &fence {
            if marker.len() >= open.len() && marker.starts_with(&open[..1]) {
                fence = None;
            }
            out.push(String::new());
            continue;
        }
        if marker.len() >= 3 && (marker.starts_with("```") || marker.starts_with("~~~")) {
            fence = Some(marker);
            out.push(String::new());
            continue;
        }
        out.push(blank_code_spans(line));
    }
    out
}

fn blank_code_spans(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut inside = false;
    for c in line.chars() {
        if c == '`' {
            inside = !inside;
            out.push('·');
        } else if inside {
            out.push('·');
        } else {
            out.push(c);
        }
    }
    out
}

/// Placeholders (`[[ĐIỀN: …]]`) on a line.
pub fn placeholders(line: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = line[from..].find(PLACEHOLDER) {
        let start = from + at;
        let end = line[start..]
            .find("]]")
            .map_or(line.len(), |e| start + e + 2);
        out.push(Finding {
            column: line[..start].chars().count() + 1,
            snippet: line[start..end].to_string(),
        });
        from = end.max(start + PLACEHOLDER.len());
    }
    out
}

/// A word of a line: byte range and text.
struct Word<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

fn words(line: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices().chain([(line.len(), ' ')]) {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push(Word {
                    start: s,
                    end: i,
                    text: &line[s..i],
                });
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    out
}

fn is_wrapping(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '('
            | '['
            | '{'
            | '*'
            | '_'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '«'
            | '»'
    )
}

fn has_vowel(word: &str) -> bool {
    fold(word).chars().any(|c| "aeiouyAEIOUY".contains(c))
}

/// Why the word at `i` looks damaged, if it does.
fn damaged_word(ws: &[Word<'_>], i: usize) -> bool {
    let w = ws[i].text;
    if w.ends_with('.') || w.ends_with(')') {
        return false; // list markers (a), b.) and abbreviations
    }
    let core = w.trim_matches(is_wrapping);
    if core.is_empty() || !core.chars().all(char::is_alphabetic) || has_vowel(core) {
        return false;
    }
    let after_number = i > 0
        && ws[i - 1]
            .text
            .trim_end_matches(is_wrapping)
            .ends_with(|c: char| c.is_ascii_digit());
    if after_number {
        return false; // units: 5 km, 100 m
    }
    if core.chars().all(char::is_lowercase) {
        return !NO_VOWEL_WORDS.contains(&core);
    }
    if core.chars().count() != 1 || ROMAN.contains(&core) {
        return false; // abbreviations: THPT, UBND
    }
    // A lone capital consonant in running text ("Đ  nghị", "TH T").
    let next_lower = ws
        .get(i + 1)
        .and_then(|n| n.text.trim_start_matches(is_wrapping).chars().next())
        .is_some_and(char::is_lowercase);
    let prev_caps = i > 0 && {
        let p = ws[i - 1].text.trim_matches(is_wrapping);
        !p.is_empty() && p.chars().all(|c| c.is_alphabetic() && c.is_uppercase())
    };
    next_lower || prev_caps
}

/// Byte ranges of holes: two or more spaces inside a line that sit between
/// letters, or before a lowercase letter (`-  hối hợp`, `.  hối hợp`).
fn holes(line: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let indent = line.len() - line.trim_start().len();
    let content_end = line.trim_end().len();
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (at, c) = chars[k];
        if c != ' ' || at < indent || at >= content_end {
            k += 1;
            continue;
        }
        let mut j = k;
        while j < chars.len() && chars[j].1 == ' ' {
            j += 1;
        }
        if j - k >= 2 && k > 0 && j < chars.len() {
            let (prev, next) = (chars[k - 1].1, chars[j].1);
            if next.is_alphabetic() && (prev.is_alphabetic() || next.is_lowercase()) {
                out.push((at, chars[j].0));
            }
        }
        k = j;
    }
    out
}

/// Places on a line where characters were probably lost, each with a
/// neighbouring word on both sides so the writer can find it.
pub fn lost_characters(line: &str) -> Vec<Finding> {
    let ws = words(line);
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let widen = |start: usize, end: usize| -> (usize, usize) {
        let before = ws
            .iter()
            .rev()
            .find(|w| w.end <= start)
            .map_or(start, |w| w.start);
        let after = ws.iter().find(|w| w.start >= end).map_or(end, |w| w.end);
        (before, after)
    };
    for i in 0..ws.len() {
        if damaged_word(&ws, i) {
            spans.push(widen(ws[i].start, ws[i].end));
        }
    }
    for (s, e) in holes(line) {
        spans.push(widen(s, e));
    }
    spans.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in spans {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
        .into_iter()
        .map(|(s, e)| Finding {
            column: line[..s].chars().count() + 1,
            snippet: line[s..e].to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snippets(line: &str) -> Vec<String> {
        lost_characters(line)
            .into_iter()
            .map(|f| f.snippet)
            .collect()
    }

    #[test]
    fn damage_from_pdf_extraction_is_found() {
        let cases: &[(&str, &[&str])] = &[
            ("Hướng d n, theo d i, kiểm tra", &["Hướng d n, theo d i,"]),
            (
                "theo hợp đồng b ng nhiều hình thức ph  hợp.",
                &["đồng b ng nhiều", "thức ph  hợp."],
            ),
            ("-  hối hợp với các ban, ngành", &["-  hối"]),
            (
                "nhanh chóng.  hối hợp với  hòng",
                &["chóng.  hối", "với  hòng"],
            ),
            ("8. Đ  nghị U  ban MTTQ", &["8. Đ  nghị", "U  ban"]),
            ("tổ ch c chính t ị", &["tổ ch c chính t ị"]),
            ("tốt nghiệp TH T", &["TH T"]),
        ];
        for (line, want) in cases {
            assert_eq!(snippets(line), *want, "{line}");
        }
    }

    #[test]
    fn clean_text_is_left_alone() {
        for line in [
            "Người lao động ở Đồng Tháp đi làm việc ở nước ngoài theo hợp đồng.",
            "II. CHỈ TIÊU: 1.200 lao động, THPT, UBND, HĐND tỉnh",
            "a) Hỗ trợ; b) Vay vốn; c. Khác",
            "Quãng đường 5 km, nặng 20 kg.",
            "| Mục  | Mức |",
            "    dòng thụt lề",
            "Chạy `loa new tin-tuc \"Tiêu đề\"` để tạo tệp",
            "Xem [trang](../chinh-sach/nq-392.md), mã h-tan-hong, năm 2024.",
            "Mr Smith and Dr Lee work in Korea vs Japan.",
            "Phụ lục V và mục I",
            "Câu một.  Câu hai bắt đầu bằng chữ hoa.",
            "dòng có hai dấu cách ở cuối  ",
        ] {
            assert!(
                lost_characters(line).is_empty(),
                "{line}: {:?}",
                snippets(line)
            );
        }
    }

    #[test]
    fn placeholders_have_columns() {
        let found = placeholders("venue: \"[[ĐIỀN: địa điểm]]\" và [[ĐIỀN: x]]");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].column, 9);
        assert_eq!(found[0].snippet, "[[ĐIỀN: địa điểm]]");
        assert_eq!(found[1].snippet, "[[ĐIỀN: x]]");
    }

    #[test]
    fn code_is_not_prose() {
        let lines = prose_lines("mã `b ng` của\n```\nb ng\n```\nd");
        assert_eq!(lines, ["mã ······ của", "", "", "", "d"]);
        assert!(lost_characters(&lines[0]).is_empty());
    }
}
