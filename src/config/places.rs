//! Where each key and value of site.toml is written, so a message about a
//! setting points at its own line and column. The places come from the
//! spans of toml's parser, not from searching the text: a search finds the
//! first `[[languages.en.menu]]` when the second one is wrong, and nothing
//! at all when a table is written inline or with dotted keys.

use std::collections::BTreeMap;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::error::Diagnostic;

/// A 1-based line and column in site.toml.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spot {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Spot {
    /// An error about site.toml at `spot`, or about the file as a whole
    /// when the place is not known (a setting left at its default).
    pub fn error(spot: Option<Spot>, message: impl Into<String>) -> Diagnostic {
        let d = Diagnostic::error("site.toml", message);
        match spot {
            Some(s) => d.at(s.line, s.column),
            None => d,
        }
    }
}

/// Where a key and its value start.
#[derive(Debug, Clone, Copy)]
struct Entry {
    key: Spot,
    value: Spot,
}

/// The place of every key and value in site.toml, by key path: table keys
/// by name, array items by their index written in decimal
/// (`["languages", "en", "menu", "1"]` is the second menu entry, whether
/// written as `[[languages.en.menu]]` or inline).
#[derive(Debug, Clone, Default)]
pub struct Places {
    map: BTreeMap<Vec<String>, Entry>,
}

impl Places {
    /// The places in `text`; none when it does not parse (its parse error
    /// is reported on its own, with the parser's span).
    pub fn read(text: &str) -> Places {
        let Ok(doc) = DeTable::parse(text) else {
            return Places::default();
        };
        let lines = LineIndex::new(text);
        let mut places = Places::default();
        let mut path = Vec::new();
        walk_table(doc.get_ref(), &lines, &mut path, &mut places.map);
        places
    }

    /// Where the value at `path` starts: the value itself, or for a table
    /// written with a header (`[editor]`, `[[languages.en.menu]]`) the header.
    pub fn value(&self, path: &[&str]) -> Option<Spot> {
        self.entry(path).map(|e| e.value)
    }

    /// Where the last key of `path` is written (`colours` in
    /// `[taxonomies.colours]`); for an array item, the item itself.
    pub fn key(&self, path: &[&str]) -> Option<Spot> {
        self.entry(path).map(|e| e.key)
    }

    fn entry(&self, path: &[&str]) -> Option<&Entry> {
        let owned: Vec<String> = path.iter().map(|s| s.to_string()).collect();
        self.map.get(&owned)
    }
}

fn walk_table(
    table: &DeTable<'_>,
    lines: &LineIndex<'_>,
    path: &mut Vec<String>,
    map: &mut BTreeMap<Vec<String>, Entry>,
) {
    for (k, v) in table.iter() {
        path.push(k.get_ref().to_string());
        let key = lines.spot(k.span().start);
        walk_value(v, key, lines, path, map);
        path.pop();
    }
}

fn walk_value(
    v: &Spanned<DeValue<'_>>,
    key: Spot,
    lines: &LineIndex<'_>,
    path: &mut Vec<String>,
    map: &mut BTreeMap<Vec<String>, Entry>,
) {
    let value = lines.spot(v.span().start);
    map.insert(path.clone(), Entry { key, value });
    match v.get_ref() {
        DeValue::Table(t) => walk_table(t, lines, path, map),
        DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(i.to_string());
                let at = lines.spot(item.span().start);
                walk_value(item, at, lines, path, map);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Byte offsets to lines and columns without rescanning the text for each.
struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { text, starts }
    }

    fn spot(&self, offset: usize) -> Spot {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count())
            + 1;
        Spot { line, column }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_values_tables_and_array_items_have_their_own_places() {
        let text = "a = 1\n[t]\nb = \"x\"\n[[t.m]]\nn = 1\n[[t.m]]\nn = 2\n[u]\nv = [\"p\", \"qé\", \"r\"]\n";
        let p = Places::read(text);
        let at = |line, column| Some(Spot { line, column });
        assert_eq!(p.key(&["a"]), at(1, 1));
        assert_eq!(p.value(&["a"]), at(1, 5));
        assert_eq!(p.value(&["t", "b"]), at(3, 5));
        assert_eq!(p.value(&["t", "m", "0"]), at(4, 1));
        assert_eq!(p.value(&["t", "m", "1"]), at(6, 1));
        assert_eq!(p.value(&["t", "m", "1", "n"]), at(7, 5));
        assert_eq!(p.key(&["u"]), at(8, 2));
        assert_eq!(p.value(&["u", "v", "2"]), at(9, 17));
        assert_eq!(p.value(&["u", "w"]), None);
        assert!(Places::read("a = ").map.is_empty());
    }
}
