//! UI strings: one YAML file per language in the theme, overridable key by key
//! by the portal's own `i18n/<lang>.yaml`.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

/// All UI strings of all languages, already merged (portal over theme).
#[derive(Debug, Default, Clone)]
pub struct UiStrings {
    default_lang: String,
    /// Hashed, not ordered: every page asks for dozens of strings, and a
    /// tree of a few hundred keys meant a dozen string comparisons each.
    /// FxHash: the keys are the theme's and the portal's own.
    by_lang: BTreeMap<String, FxHashMap<String, String>>,
}

impl UiStrings {
    /// An empty table whose fallback language is `default_lang`.
    pub fn new(default_lang: &str) -> Self {
        Self {
            default_lang: default_lang.to_string(),
            by_lang: BTreeMap::new(),
        }
    }

    /// Merges one YAML file's keys into `lang`, later calls winning.
    /// Returns a message (with line when known) when the YAML is not a flat
    /// map of strings.
    pub fn merge_yaml(&mut self, lang: &str, yaml: &str) -> Result<(), (Option<usize>, String)> {
        let map: BTreeMap<String, String> = serde_yaml_ng::from_str(yaml).map_err(|e| {
            (
                e.location().map(|l| l.line()),
                format!("UI strings must be `key: text` lines: {e}"),
            )
        })?;
        self.by_lang
            .entry(lang.to_string())
            .or_default()
            .extend(map);
        Ok(())
    }

    /// The string for `key` in `lang`, falling back to the default language.
    pub fn get(&self, lang: &str, key: &str) -> Option<&str> {
        self.by_lang
            .get(lang)
            .and_then(|m| m.get(key))
            .or_else(|| self.by_lang.get(&self.default_lang)?.get(key))
            .map(String::as_str)
    }

    /// Keys the default language has that `lang` lacks.
    pub fn missing_keys(&self, lang: &str) -> Vec<&str> {
        let Some(default) = self.by_lang.get(&self.default_lang) else {
            return Vec::new();
        };
        let own = self.by_lang.get(lang);
        let mut keys: Vec<&str> = default
            .keys()
            .filter(|k| own.is_none_or(|m| !m.contains_key(*k)))
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        keys
    }

    /// Every value of `lang`'s own table (no fallback), for tests that scan
    /// output for strings of the wrong language.
    pub fn values(&self, lang: &str) -> impl Iterator<Item = &str> {
        self.by_lang
            .get(lang)
            .into_iter()
            .flat_map(|m| m.values().map(String::as_str))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portal_overrides_theme_key_by_key_and_falls_back() {
        let mut s = UiStrings::new("vi");
        s.merge_yaml("vi", "home: Trang chủ\nsearch: Tìm kiếm\n")
            .unwrap();
        s.merge_yaml("en", "home: Home\n").unwrap();
        s.merge_yaml("en", "home: Start\n").unwrap();
        assert_eq!(s.get("en", "home"), Some("Start"));
        assert_eq!(s.get("en", "search"), Some("Tìm kiếm"));
        assert_eq!(s.missing_keys("en"), vec!["search"]);
        assert_eq!(s.get("en", "nope"), None);
    }

    #[test]
    fn nested_yaml_is_refused_with_line() {
        let mut s = UiStrings::new("vi");
        let (line, msg) = s.merge_yaml("vi", "a: b\nc:\n  d: e\n").unwrap_err();
        assert!(line.is_some(), "{msg}");
    }
}
