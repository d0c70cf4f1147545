//! Escaping text for the languages loa writes: HTML, XML, JSON inside
//! `<script>`, and iCalendar.
//!
//! Each output context has its own set of dangerous characters, and a
//! function that escapes too little lets content break the markup while
//! one that escapes differently changes every built file. So there is one
//! function per context, here, and nowhere else in the crate hand-writes a
//! replacement loop. This module imports nothing from the crate so that any
//! stage may use it.
//!
//! | function             | context                                  | changes                                   |
//! |----------------------|------------------------------------------|-------------------------------------------|
//! | [`html`]             | HTML text or `"`-quoted attribute value  | `& < > "`                                 |
//! | [`html_text`]        | HTML text node only                      | `& < >`                                   |
//! | [`xml`]              | XML text or attribute (feeds, sitemaps)  | `& < > " '`; drops C0 controls but tab/LF/CR |
//! | [`json_for_script`]  | JSON in a `<script>` element             | `< > &` U+2028 U+2029 as `\u` escapes      |
//! | [`ics_text`]         | iCalendar TEXT value (RFC 5545 §3.3.11)  | `\ ; ,` backslashed, LF as `\n`, CR dropped |

use serde::Serialize;

/// Escapes `s` for HTML text or for an attribute value written in double
/// quotes (`alt="…"`): `&`, `<`, `>` and `"` become entities.
///
/// `'` is left as is, so the value must not go inside single quotes; nor
/// unquoted, where a space would end it. The safe choice when unsure.
pub fn html(s: &str) -> String {
    replace_each(s, |c| match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '"' => Some("&quot;"),
        _ => None,
    })
}

/// Escapes `s` for an HTML text node (between tags, never inside an
/// attribute): `&`, `<` and `>` become entities; quotes are left as they
/// are, which is the same text to a browser there.
pub fn html_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html_body_text(&mut out, s);
    out
}

/// Escapes `s` for XML character data or an attribute value in either kind
/// of quotes (Atom, RSS, sitemaps): `&`, `<`, `>`, `"` and `'` become
/// entities. Control characters other than tab, line feed and carriage
/// return are dropped: XML 1.0 has no way to write them, and a feed reader
/// would reject the whole document for one.
pub fn xml(s: &str) -> String {
    replace_each(s, |c| match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '"' => Some("&quot;"),
        '\'' => Some("&apos;"),
        '\t' | '\n' | '\r' => None,
        c if (c as u32) < 0x20 => Some(""),
        _ => None,
    })
}

/// `value` as compact JSON that is safe inside a `<script>` element (JSON-LD,
/// a search index assigned to a global).
///
/// JSON escaping alone is not enough there: a string holding `</script>`
/// would end the element and `<!--` would switch the HTML parser into a
/// comment mode, while HTML entities would be read literally. So `<`, `>`
/// and `&` are written as `\u003c`-style escapes, which every JSON parser
/// reads back as the same characters, and so are U+2028 and U+2029, which
/// older JavaScript parsers take for line ends inside a string.
pub fn json_for_script<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    Ok(script_safe(&serde_json::to_string(value)?))
}

/// [`json_for_script`] for a JSON value already built, which always
/// serializes.
pub fn json_value_for_script(value: &serde_json::Value) -> String {
    // `to_string` writes into bytes; the value's `Display` (the same text)
    // goes through the formatting machinery piece by piece. It cannot fail
    // for a `Value`; were it to, `Display` still gives the text.
    let json = serde_json::to_string(value).unwrap_or_else(|_| value.to_string());
    script_safe(&json)
}

/// `json` with the characters [`json_for_script`] escapes escaped. Looked
/// at byte by byte: all five start with a byte no other character has in
/// UTF-8 (`<`, `>`, `&`, and 0xE2 for U+2028 and U+2029), where decoding
/// every character of a page's JSON-LD was most of this function's time.
fn script_safe(json: &str) -> String {
    let bytes = json.as_bytes();
    let mut out = String::with_capacity(json.len());
    let mut copied = 0;
    for (at, &b) in bytes.iter().enumerate() {
        let (with, len) = match b {
            b'<' => ("\\u003c", 1),
            b'>' => ("\\u003e", 1),
            b'&' => ("\\u0026", 1),
            0xE2 => match bytes.get(at + 1..at + 3) {
                Some([0x80, 0xA8]) => ("\\u2028", 3),
                Some([0x80, 0xA9]) => ("\\u2029", 3),
                _ => continue,
            },
            _ => continue,
        };
        // `at` is where a character starts (an ASCII byte or a lead byte),
        // so both slices fall on character boundaries.
        out.push_str(&json[copied..at]);
        out.push_str(with);
        copied = at + len;
    }
    out.push_str(&json[copied..]);
    out
}

/// Escapes `s` as an iCalendar TEXT value (RFC 5545 §3.3.11): backslash,
/// `;` and `,` get a backslash, a line feed becomes `\n`, and a carriage
/// return is dropped (so CRLF and LF give the same `\n`). The result holds
/// no raw line break, so the only ones in the file are the CRLFs of content
/// lines and their folding, which the writer adds after escaping.
pub fn ics_text(s: &str) -> String {
    replace_each(s, |c| match c {
        '\\' => Some("\\\\"),
        ';' => Some("\\;"),
        ',' => Some("\\,"),
        '\n' => Some("\\n"),
        '\r' => Some(""),
        _ => None,
    })
}

/// `s` with each character for which `with` gives a replacement replaced
/// (`Some("")` drops it); the runs in between are copied whole.
fn replace_each(s: &str, with: impl Fn(char) -> Option<&'static str>) -> String {
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    for (at, c) in s.char_indices() {
        if let Some(r) = with(c) {
            out.push_str(&s[copied..at]);
            out.push_str(r);
            copied = at + c.len_utf8();
        }
    }
    out.push_str(&s[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `f` over `(input, expected)` rows, naming the failing row.
    fn table(name: &str, f: fn(&str) -> String, rows: &[(&str, &str)]) {
        for (input, expected) in rows {
            assert_eq!(&f(input), expected, "{name}({input:?})");
        }
    }

    #[test]
    fn html_escapes_the_four_characters_for_text_and_double_quoted_attributes() {
        table(
            "html",
            html,
            &[
                ("", ""),
                ("plain Tiếng Việt", "plain Tiếng Việt"),
                ("a & b", "a &amp; b"),
                ("<script>", "&lt;script&gt;"),
                ("Anh \"An\" <3", "Anh &quot;An&quot; &lt;3"),
                ("it's", "it's"),
                ("&amp;", "&amp;amp;"),
                ("\"><img onerror=x>", "&quot;&gt;&lt;img onerror=x&gt;"),
                ("ệ&ệ", "ệ&amp;ệ"),
                ("\n\t\u{0}", "\n\t\u{0}"),
            ],
        );
    }

    #[test]
    fn html_text_leaves_quotes_alone() {
        table(
            "html_text",
            html_text,
            &[
                ("", ""),
                ("a.md:1: error: <b>", "a.md:1: error: &lt;b&gt;"),
                ("\"quoted\" & 'single'", "\"quoted\" &amp; 'single'"),
                ("&lt;", "&amp;lt;"),
                ("Đắk Lắk > Hà Nội", "Đắk Lắk &gt; Hà Nội"),
            ],
        );
    }

    #[test]
    fn xml_escapes_both_quotes_and_drops_what_xml_cannot_hold() {
        table(
            "xml",
            xml,
            &[
                ("", ""),
                ("a & b < c > d", "a &amp; b &lt; c &gt; d"),
                ("\"x\" 'y'", "&quot;x&quot; &apos;y&apos;"),
                ("tab\tlf\ncr\r", "tab\tlf\ncr\r"),
                ("bell\u{7}nul\u{0}esc\u{1b}", "bellnulesc"),
                ("\u{1f}\u{20}", " "),
                ("https://x.vn/a?b=1&c=2", "https://x.vn/a?b=1&amp;c=2"),
                ("Lao động ở nước ngoài", "Lao động ở nước ngoài"),
            ],
        );
    }

    #[test]
    fn json_for_script_cannot_end_the_element_and_reads_back_the_same() {
        let rows = [
            "Tin </script><script>alert(1)</script> <!-- x --> a & b \u{2028}",
            "a </script><script>alert(1)</script> <!-- b & c \u{2028}",
            "</SCRIPT > <!-- \u{2029} \"quoted\" \\ back",
            "",
        ];
        for title in rows {
            let value = serde_json::json!({ "headline": title, "n": 1 });
            for out in [
                json_for_script(&value).unwrap(),
                json_value_for_script(&value),
            ] {
                for bad in ["</", "<!--", "<script", "\u{2028}", "\u{2029}", "&", ">"] {
                    assert!(!out.contains(bad), "{bad} in {out}");
                }
                let back: serde_json::Value = serde_json::from_str(&out).unwrap();
                assert_eq!(back, value, "{out}");
            }
        }
    }

    #[test]
    fn json_for_script_writes_the_exact_escapes() {
        let out = json_for_script("</script>&\u{2028}\u{2029}").unwrap();
        assert_eq!(out, r#""\u003c/script\u003e\u0026\u2028\u2029""#);
        // Everything else is serde_json's compact form, unchanged.
        let v = serde_json::json!({"a": [1, "ệ"], "b": null});
        assert_eq!(json_value_for_script(&v), v.to_string());
        assert_eq!(json_for_script(&v).unwrap(), v.to_string());
    }

    /// The byte scan escapes what the character-by-character rule does and
    /// nothing else: U+2028 and U+2029 share their first two bytes with
    /// the dashes, quotes and ellipsis of pasted Word text, and may end the
    /// string.
    #[test]
    fn script_safe_matches_the_rule_character_by_character() {
        let rule = |s: &str| {
            replace_each(s, |c| match c {
                '<' => Some("\\u003c"),
                '>' => Some("\\u003e"),
                '&' => Some("\\u0026"),
                '\u{2028}' => Some("\\u2028"),
                '\u{2029}' => Some("\\u2029"),
                _ => None,
            })
        };
        for s in [
            "",
            "\u{2028}",
            "a\u{2029}",
            "– “Lao động” … € ‘x’ \u{2027}\u{202a}\u{2028}",
            "<>&\u{2029}<",
            "ệ\u{2028}ệ😀&",
        ] {
            assert_eq!(script_safe(s), rule(s), "{s:?}");
        }
    }

    #[test]
    fn ics_text_escapes_rfc_5545_specials_and_leaves_no_line_break() {
        table(
            "ics_text",
            ics_text,
            &[
                ("", ""),
                ("a, b; c\\d\ne", "a\\, b\\; c\\\\d\\ne"),
                ("dòng một\r\ndòng hai", "dòng một\\ndòng hai"),
                ("\r\r\n\n", "\\n\\n"),
                ("Hội chợ: 8:00", "Hội chợ: 8:00"),
                ("\\n", "\\\\n"),
                ("\"quoted\"", "\"quoted\""),
            ],
        );
        for s in ["x\r\ny", "\n\r", "a,\n;\\\r"] {
            let e = ics_text(s);
            assert!(!e.contains(['\r', '\n']), "{e:?}");
        }
    }

    #[test]
    fn replace_each_copies_runs_and_handles_multibyte_neighbours() {
        let out = replace_each("ệa€b😀", |c| (c == 'a' || c == 'b').then_some("_"));
        assert_eq!(out, "ệ_€_😀");
        assert_eq!(replace_each("😀", |_| Some("")), "");
    }
}
