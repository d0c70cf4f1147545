//! Code highlighting with syntect, into CSS classes (not inline styles), so
//! the theme's stylesheet decides colours and a dark mode can swap them.
//!
//! syntect's syntax definitions cost milliseconds to load, so they load the
//! first time a code block needs them, never for a portal without code.

use std::sync::OnceLock;

use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Highlights `code` written in `lang` (a fence tag such as `rust`, `toml`,
/// `yaml`), returning a complete `<pre>` block. Unknown languages are
/// escaped as plain text.
pub fn highlight(code: &str, lang: &str) -> String {
    let lang = lang.split([',', ' ']).next().unwrap_or("").trim();
    let escaped_lang = crate::escape::html(lang);
    let set = syntaxes();
    let syntax = if lang.is_empty() {
        None
    } else {
        set.find_syntax_by_token(lang)
    };
    let Some(syntax) = syntax else {
        return plain(code);
    };
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, STYLE);
    for line in LinesWithEndings::from(code) {
        if generator
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return plain(code);
        }
    }
    let spans = generator.finalize();
    if super::sanitize::nesting_depth(&spans) > MAX_SPAN_DEPTH {
        return plain(code);
    }
    format!("<pre class=\"code\" data-lang=\"{escaped_lang}\"><code>{spans}</code></pre>")
}

/// Highlighting nested deeper than this is dropped for plain text. Some
/// grammars open a scope per bracket (5,000 `(` in a Lisp block gave 105
/// nested `<span>`s), and the page's nesting guard has already counted the
/// block as one level; real code stays far below.
const MAX_SPAN_DEPTH: usize = 32;

/// A code block without highlighting.
fn plain(code: &str) -> String {
    format!(
        "<pre class=\"code\"><code>{}</code></pre>",
        crate::escape::html(code)
    )
}

/// The stylesheet for highlighted code, from one of syntect's built-in
/// themes (`InspiredGitHub`, `base16-ocean.dark`, ...). `None` for an
/// unknown theme name.
pub fn stylesheet(theme: &str) -> Option<String> {
    let themes = ThemeSet::load_defaults();
    let theme = themes.themes.get(theme)?;
    css_for_theme_with_class_style(theme, STYLE).ok()
}

/// A highlighting theme that syntect does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("[markdown] highlight theme `{name}` is not a known theme; use one of: {}", .known.join(", "))]
pub struct UnknownTheme {
    /// The name written in site.toml.
    pub name: String,
    /// True for `highlight_theme_dark`, false for `highlight_theme`.
    pub dark: bool,
    /// The themes there are.
    pub known: Vec<String>,
}

impl UnknownTheme {
    fn new(name: &str, dark: bool) -> Self {
        Self {
            name: name.to_string(),
            dark,
            known: theme_names(),
        }
    }

    /// The `[markdown]` key that names the theme.
    pub fn key(&self) -> &'static str {
        if self.dark {
            "highlight_theme_dark"
        } else {
            "highlight_theme"
        }
    }
}

/// The light theme's stylesheet, followed by the dark theme's inside a
/// `prefers-color-scheme: dark` block.
pub fn stylesheet_pair(light: &str, dark: Option<&str>) -> Result<String, UnknownTheme> {
    let mut css = stylesheet(light).ok_or_else(|| UnknownTheme::new(light, false))?;
    if let Some(dark) = dark {
        let d = stylesheet(dark).ok_or_else(|| UnknownTheme::new(dark, true))?;
        css.push_str("\n@media (prefers-color-scheme: dark) {\n");
        css.push_str(&d);
        css.push_str("}\n");
    }
    Ok(css)
}

/// The names of the built-in highlighting themes, for error messages.
pub fn theme_names() -> Vec<String> {
    ThemeSet::load_defaults().themes.keys().cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deeply_nested_highlighting_falls_back_to_plain_text() {
        let shallow = highlight("(a (b (c)))\n", "lisp");
        assert!(shallow.contains("hl-"), "{shallow}");
        let deep = highlight(&format!("{}\n", "(".repeat(5_000)), "lisp");
        assert!(!deep.contains("<span"), "{}", &deep[..200]);
        assert!(super::super::sanitize::nesting_depth(&deep) <= 2);
    }

    #[test]
    fn known_language_gets_classes() {
        let html = highlight("fn main() {}\n", "rust");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn unknown_language_is_escaped_plain_text() {
        let html = highlight("<script>\n", "nope");
        assert_eq!(
            html,
            "<pre class=\"code\"><code>&lt;script&gt;\n</code></pre>"
        );
    }

    #[test]
    fn stylesheet_uses_the_same_prefix() {
        let css = stylesheet("InspiredGitHub").unwrap();
        assert!(css.contains(".hl-"), "{css}");
        assert!(stylesheet("no such theme").is_none());
        let pair = stylesheet_pair("InspiredGitHub", Some("base16-ocean.dark")).unwrap();
        assert!(
            pair.contains("@media (prefers-color-scheme: dark)"),
            "{pair}"
        );
        let e = stylesheet_pair("InspiredGitHub", Some("nope")).unwrap_err();
        assert_eq!((e.name.as_str(), e.key()), ("nope", "highlight_theme_dark"));
        assert!(
            e.to_string().starts_with(
                "[markdown] highlight theme `nope` is not a known theme; use one of: "
            ) && e.to_string().contains("InspiredGitHub, "),
            "{e}"
        );
    }
}
