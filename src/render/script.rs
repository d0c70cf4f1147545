//! The `json_script` template filter: data written into a `<script>`
//! element from a template (JSON-LD, later others).
//!
//! HTML escaping, which templates apply by default, is wrong there (`&amp;`
//! would be read literally), so the filter escapes for the script context
//! instead, with [`crate::escape::json_for_script`].

/// Registers the `json_script` filter: `{{ data | json_script }}` inside a
/// `<script type="application/ld+json">` block. Its output is marked safe
/// (it must not be HTML-escaped) because it is escaped for the script context.
pub fn register(tera: &mut tera::Tera) {
    tera.register_filter(
        "json_script",
        |value: tera::Value, _: tera::Kwargs, _: &tera::State| -> tera::TeraResult<tera::Value> {
            let json = crate::escape::json_for_script(&value)
                .map_err(|e| tera::Error::message(e.to_string()))?;
            Ok(tera::Value::safe_string(&json))
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

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
