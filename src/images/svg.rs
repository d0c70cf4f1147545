//! SVG files are published as they are, so they are checked first: an SVG
//! opened on its own runs its scripts with the portal's address, which
//! would let anyone who slips one into a page bundle run code on the site.
//! Files with scripts, event handlers, `javascript:` links, embedded HTML
//! or a DTD are refused, with the reason.

/// Why the SVG `text` may not be published, or `None` when it is safe.
pub(crate) fn refusal(text: &str) -> Option<String> {
    let options = roxmltree::ParsingOptions {
        // Entity declarations can expand to gigabytes or hide content.
        allow_dtd: false,
        ..Default::default()
    };
    let doc = match roxmltree::Document::parse_with_options(text, options) {
        Ok(d) => d,
        Err(e) => return Some(format!("it is not a well-formed SVG file ({e})")),
    };
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        if name.eq_ignore_ascii_case("script") {
            return Some(format!(
                "it contains a <script> element (line {})",
                line(&doc, node)
            ));
        }
        if name.eq_ignore_ascii_case("foreignObject") {
            return Some(format!(
                "it embeds HTML in a <foreignObject> element (line {})",
                line(&doc, node)
            ));
        }
        for a in node.attributes() {
            let attr = a.name();
            if attr.len() > 2 && attr[..2].eq_ignore_ascii_case("on") {
                return Some(format!(
                    "it has an event handler `{attr}` (line {}), which runs script",
                    line(&doc, node)
                ));
            }
            let value: String = a.value().chars().filter(|c| !c.is_whitespace()).collect();
            let value = value.to_ascii_lowercase();
            if value.starts_with("javascript:") || value.starts_with("data:text/html") {
                return Some(format!(
                    "its `{attr}` attribute is a script link (line {})",
                    line(&doc, node)
                ));
            }
        }
    }
    None
}

fn line(doc: &roxmltree::Document<'_>, node: roxmltree::Node<'_, '_>) -> u32 {
    doc.text_pos_at(node.range().start).row
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_and_script_links_are_refused() {
        let ok = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><a href="https://x.org"><circle r="4" fill="red"/></a></svg>"#;
        assert_eq!(refusal(ok), None);
        let bad = [
            (
                "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<script>alert(1)</script></svg>",
                "<script> element (line 2)",
            ),
            (
                "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
                "onload",
            ),
            (
                "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:x=\"http://www.w3.org/1999/xlink\"><a x:href=\" JavaScript:alert(1)\"/></svg>",
                "script link",
            ),
            (
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><foreignObject/></svg>",
                "foreignObject",
            ),
            ("<!DOCTYPE svg [<!ENTITY a \"b\">]><svg/>", "well-formed"),
            ("<svg", "well-formed"),
        ];
        for (svg, want) in bad {
            let why = refusal(svg).unwrap_or_default();
            assert!(why.contains(want), "{svg}: {why}");
        }
    }
}
