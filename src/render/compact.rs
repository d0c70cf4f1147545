//! Template compaction: with `minify = true` the theme's templates lose the
//! indentation of their lines once, when they are loaded, before any page
//! is rendered from them.
//!
//! Why: nearly all of the whitespace in loa's rendered pages is template
//! indentation (the view data are compact, and each Markdown body is
//! minified where it is rendered, `markdown::minify`), so dropping it from
//! ~20 template files costs microseconds and makes a pass of a minifier
//! over every finished page unnecessary: that pass was the largest stage of
//! a 10,000-page build, for 4% of the bytes (2% gzip-compressed; what is
//! left is quotes around attribute values and line breaks between tags,
//! both valid HTML). Only leading spaces and tabs go: line breaks stay (so
//! template errors keep their line numbers, and the browser renders the same
//! text, since a line break already separates words), and the rendered
//! values (page bodies, titles) are never touched.
//!
//! A template with whitespace that matters (`<pre>`, `<textarea>`, a
//! `{% raw %}` block) is left exactly as written.

/// The template text without the indentation of its lines, or `None` when
/// it should be kept as written.
pub fn compact(text: &str) -> Option<String> {
    const KEEP: [&str; 4] = ["<pre", "<textarea", "{% raw", "{%- raw"];
    if KEEP.iter().any(|k| text.contains(k)) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        out.push_str(line.trim_start_matches([' ', '\t']));
    }
    Some(out)
}

/// How many columns [`compact`] removed from the start of `line` (1-based)
/// of `text`: added back to a template error's column so it points at the
/// file as written.
pub fn removed_indent(text: &str, line: usize) -> usize {
    if compact(text).is_none() {
        return 0;
    }
    text.lines()
        .nth(line.saturating_sub(1))
        .map_or(0, |l| l.len() - l.trim_start_matches([' ', '\t']).len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_indentation_and_keeps_lines() {
        let t = "<ul>\n  {% for x in xs %}\n\t<li>{{ x }}</li>\n  {% endfor %}\n</ul>\n";
        assert_eq!(
            compact(t).unwrap(),
            "<ul>\n{% for x in xs %}\n<li>{{ x }}</li>\n{% endfor %}\n</ul>\n"
        );
    }

    #[test]
    fn keeps_text_inside_a_line() {
        let t = "  <p>a  b</p>  \r\n";
        assert_eq!(compact(t).unwrap(), "<p>a  b</p>  \r\n");
    }

    #[test]
    fn leaves_templates_with_significant_whitespace() {
        for t in [
            "<pre>\n  code\n</pre>",
            "<textarea>\n  x</textarea>",
            "{% raw %}\n  {{ x }}{% endraw %}",
        ] {
            assert_eq!(compact(t), None, "{t}");
            assert_eq!(removed_indent(t, 2), 0);
        }
    }

    #[test]
    fn reports_removed_columns_per_line() {
        let t = "<div>\n    {{ oops }}\n\t</div>";
        assert_eq!(removed_indent(t, 1), 0);
        assert_eq!(removed_indent(t, 2), 4);
        assert_eq!(removed_indent(t, 3), 1);
        assert_eq!(removed_indent(t, 9), 0);
    }
}
