//! Text inside `<script>` blocks (JSON-LD structured data, later others).
//!
//! HTML escaping is wrong there (`&amp;` would be read literally), and JSON
//! escaping alone is not enough: a title containing `</script>` would end
//! the block and `<!--` would switch the HTML parser into a comment mode.
//! [`json_for_script`] writes JSON whose `<`, `>` and `&` are `\u003c`-style
//! escapes (still the same JSON to any JSON parser), plus U+2028/U+2029,
//! which older JavaScript parsers treat as line ends.

use serde::Serialize;

/// `value` as JSON that is safe inside `<script type="application/ld+json">`.
pub fn json_for_script<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    let json = serde_json::to_string(value)?;
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    Ok(out)
}

/// Registers the `json_script` filter: `{{ data | json_script }}` inside a
/// `<script type="application/ld+json">` block. Its output is marked safe
/// (it must not be HTML-escaped) because it is escaped for the script context.
pub fn register(tera: &mut tera::Tera) {
    tera.register_filter(
        "json_script",
        |value: tera::Value, _: tera::Kwargs, _: &tera::State| -> tera::TeraResult<tera::Value> {
            let json = json_for_script(&value).map_err(|e| tera::Error::message(e.to_string()))?;
            Ok(tera::Value::safe_string(&json))
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_breakers_are_escaped_and_the_json_is_unchanged() {
        let title = "Tin </script><script>alert(1)</script> <!-- x --> a & b \u{2028}";
        let out = json_for_script(&serde_json::json!({ "headline": title })).unwrap();
        for bad in ["</script", "<!--", "<script", "\u{2028}", "&"] {
            assert!(!out.contains(bad), "{bad} in {out}");
        }
        let back: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back["headline"], title);
    }

    #[test]
    fn the_filter_works_in_a_template() {
        let mut tera = tera::Tera::new();
        register(&mut tera);
        tera.add_raw_template(
            "t",
            "<script type=\"application/ld+json\">{{ data | json_script }}</script>",
        )
        .unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("data", &serde_json::json!({ "name": "</script><!--" }));
        let html = tera.render("t", &ctx).unwrap();
        let inner = html
            .strip_prefix("<script type=\"application/ld+json\">")
            .and_then(|h| h.strip_suffix("</script>"))
            .unwrap();
        assert!(!inner.contains("</") && !inner.contains("<!--"), "{html}");
        let back: serde_json::Value = serde_json::from_str(inner).unwrap();
        assert_eq!(back["name"], "</script><!--");
    }
}
