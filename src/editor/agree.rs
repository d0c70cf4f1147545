//! Does the editor agree with the build? The editor's fields are read from
//! the content layer's table of each kind ([`crate::content::kinds::schema`]),
//! the same table the front-matter checks read, so they agree by
//! construction and nothing is compared at run time. What remains here is
//! [`validate_entry`]: the local backend of `loa serve --editor` runs a page
//! the editor is about to save through the build's own parser, so a writer
//! hears about a problem before the file is written. The tests write, for
//! every collection of a generated `config.yml`, the front matter the editor
//! would save (every field filled, then only the required ones, with every
//! shape of a support amount) and run it through the same parser.

use std::path::Path;

use crate::content::front_matter;
use crate::content::kinds::{self, Kind, RawPage};

/// Checks a page the editor is about to save (`content/<section>/<name>.md`,
/// relative to the portal `root`) as the build will: the section's kind from
/// its `_index.md`, then the front matter against that kind. The messages
/// say what the build would say.
pub fn validate_entry(root: &Path, path: &str, raw: &str) -> Result<(), Vec<String>> {
    let parts: Vec<&str> = path.split('/').collect();
    let kind = match parts.as_slice() {
        ["content", _file] => Kind::Pages,
        ["content", section, ..] if is_markets_folder(root, section) => Kind::Markets,
        ["content", section, ..] => section_kind(root, section)?,
        _ => return Ok(()),
    };
    let text = raw.replace("\r\n", "\n");
    parse(&text, kind, Path::new(path))
}

/// Whether `section` is the folder of market pages (no `_index.md`, and
/// the `markets` taxonomy's folder in the portal's site.toml).
fn is_markets_folder(root: &Path, section: &str) -> bool {
    if root
        .join("content")
        .join(section)
        .join("_index.md")
        .exists()
    {
        return false;
    }
    let settings = crate::config::RunSettings {
        root: root.to_path_buf(),
        ..Default::default()
    };
    crate::config::Config::load(&settings).is_ok_and(|c| kinds::market::folder(&c) == Some(section))
}

fn section_kind(root: &Path, section: &str) -> Result<Kind, Vec<String>> {
    let index = root.join("content").join(section).join("_index.md");
    let text = std::fs::read_to_string(&index).map_err(|e| {
        vec![format!(
            "content/{section}/_index.md cannot be read ({e}); the section needs it to say its kind"
        )]
    })?;
    let split = front_matter::split(&text).map_err(|e| vec![e.message])?;
    let front: kinds::SectionFront = front_matter::parse(&split).map_err(|e| vec![e.message])?;
    Ok(front.kind.unwrap_or(Kind::Pages))
}

/// Runs a file's text through the build's front-matter parser and the checks of `kind`.
fn parse(text: &str, kind: Kind, rel: &Path) -> Result<(), Vec<String>> {
    let split = front_matter::split(text).map_err(|e| vec![e.message])?;
    let raw: RawPage = front_matter::parse(&split).map_err(|e| vec![e.message])?;
    kinds::resolve_page(raw, kind, rel, &split)
        .map(|_| ())
        .map_err(|ds| ds.into_iter().map(|d| d.message).collect())
}

#[cfg(test)]
mod tests {
    //! The front matter the editor would save, read from its configuration.

    use super::*;
    use crate::config::Config;
    use crate::content::kinds::schema;
    use crate::editor::{Collection, decap};
    use serde_yaml_ng::{Mapping, Value};

    fn fields_of(v: &Value) -> Vec<Value> {
        v.get("fields")
            .and_then(Value::as_sequence)
            .cloned()
            .unwrap_or_default()
    }

    fn is_required(f: &Value) -> bool {
        // Decap's default: a field without `required` is required.
        f.get("required").and_then(Value::as_bool).unwrap_or(true)
    }

    /// How many shapes a support amount can take in the editor.
    const AMOUNTS: usize = 3;

    /// The value the editor writes for a field: `None` when it writes nothing
    /// (an optional field left empty when `all` is false).
    fn sample(f: &Value, all: bool, variant: usize) -> Option<Value> {
        if !all && !is_required(f) {
            return None;
        }
        let s = |t: &str| Value::String(t.into());
        let widget = f.get("widget").and_then(Value::as_str).unwrap_or("string");
        Some(match widget {
            "string" | "text" | "markdown" => s("Mẫu"),
            "boolean" => Value::Bool(true),
            "number" => {
                let float = f.get("value_type").and_then(Value::as_str) == Some("float");
                let min = f.get("min").and_then(Value::as_i64).unwrap_or(1);
                if float {
                    serde_yaml_ng::from_str("10.5").unwrap_or(Value::Null)
                } else {
                    Value::Number(min.into())
                }
            }
            "datetime" => s(&format_moment(
                f.get("format").and_then(Value::as_str).unwrap_or(""),
            )),
            "image" => s("/anh/mau.jpg"),
            "select" => {
                let first = f
                    .get("options")
                    .and_then(Value::as_sequence)
                    .and_then(|o| o.first())
                    .and_then(|o| o.get("value").cloned().or_else(|| Some(o.clone())))
                    .unwrap_or(Value::Null);
                if f.get("multiple").and_then(Value::as_bool) == Some(true) {
                    Value::Sequence(vec![first])
                } else {
                    first
                }
            }
            decap::AMOUNT_WIDGET => {
                let shapes = [
                    "4500000",
                    "{min: 1000000, max: 2000000}",
                    "{percent: 70, of: Mẫu}",
                ];
                serde_yaml_ng::from_str(shapes[variant % AMOUNTS]).unwrap_or(Value::Null)
            }
            "object" => Value::Mapping(object(&fields_of(f), all, variant)),
            "list" => {
                let min = f.get("min").and_then(Value::as_u64).unwrap_or(1).max(1);
                let item = match f.get("field") {
                    Some(inner) => sample(inner, true, variant).unwrap_or(Value::Null),
                    None if f.get("fields").is_some() => {
                        Value::Mapping(object(&fields_of(f), all, variant))
                    }
                    None => s("Mẫu"),
                };
                // A list of a required field needs one item; an optional one is
                // still written with items when `all`.
                Value::Sequence(vec![item; usize::try_from(min).unwrap_or(1)])
            }
            // A widget this check does not know: a string, so the build has its say.
            _ => s("Mẫu"),
        })
    }

    fn object(fields: &[Value], all: bool, variant: usize) -> Mapping {
        let mut m = Mapping::new();
        for f in fields {
            if let (Some(name), Some(v)) = (
                f.get("name").and_then(Value::as_str),
                sample(f, all, variant),
            ) {
                m.insert(Value::String(name.into()), v);
            }
        }
        m
    }

    /// A sample moment written with a Decap (dayjs) format: 2 January 2030,
    /// 07:30, with `[literal]` parts copied.
    fn format_moment(format: &str) -> String {
        let mut out = String::new();
        let mut rest = format;
        while !rest.is_empty() {
            if let Some(lit) = rest.strip_prefix('[') {
                let end = lit.find(']').unwrap_or(lit.len());
                out.push_str(&lit[..end]);
                rest = lit.get(end + 1..).unwrap_or("");
                continue;
            }
            let token = ["YYYY", "MM", "DD", "HH", "mm", "ss"]
                .into_iter()
                .find(|t| rest.starts_with(t));
            match token {
                Some(t) => {
                    out.push_str(match t {
                        "YYYY" => "2030",
                        "MM" => "01",
                        "DD" => "02",
                        "HH" => "07",
                        "mm" => "30",
                        _ => "00",
                    });
                    rest = &rest[t.len()..];
                }
                None => {
                    let c = rest.chars().next().unwrap_or(' ');
                    out.push(c);
                    rest = &rest[c.len_utf8()..];
                }
            }
        }
        out
    }

    /// What refuses a page the editor could save from `collection`: the
    /// build's messages, each with the front matter that caused it.
    fn refused(kind: Kind, collection: &Value) -> Vec<String> {
        let fields = fields_of(collection);
        let mut out = Vec::new();
        for all in [true, false] {
            for variant in 0..AMOUNTS {
                let mut front = Mapping::new();
                for f in &fields {
                    let name = f.get("name").and_then(Value::as_str);
                    if let (Some(name), Some(value)) = (name, sample(f, all, variant)) {
                        if name != "body" {
                            front.insert(Value::String(name.into()), value);
                        }
                    }
                }
                let yaml = serde_yaml_ng::to_string(&front).unwrap();
                let text = format!("---\n{yaml}---\nNội dung.\n");
                if let Err(problems) = parse(&text, kind, Path::new("x.md")) {
                    out.extend(problems.into_iter().map(|p| format!("{p}\n{text}")));
                }
            }
        }
        out
    }

    /// A portal's configuration from the text of its site.toml.
    fn config(site: &str) -> Config {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("site.toml"), site).unwrap();
        Config::load(&crate::config::RunSettings {
            root: tmp.path().to_path_buf(),
            ..Default::default()
        })
        .unwrap()
    }

    const SITE: &str = "base_url = \"https://example.org/\"\ntitle = \"T\"\n\n[editor]\nbackend = \"git-gateway\"\n\n[languages.vi]\nname = \"Tiếng Việt\"\ntitle = \"T\"\n\n[languages.en]\nname = \"English\"\ntitle = \"T\"\n";

    /// Every taxonomy a field offers, with one term, so fields become selects.
    fn with_terms() -> String {
        let mut site = SITE.to_string();
        for t in ["tags", "markets", "districts", "beneficiaries"] {
            site.push_str(&format!(
                "\n[taxonomies.{t}]\nnames = {{ vi = \"{t}\", en = \"{t}\" }}\n[taxonomies.{t}.terms]\nmot = {{ vi = \"Một\", en = \"One\" }}\n"
            ));
        }
        site
    }

    #[test]
    fn moments_follow_the_format() {
        assert_eq!(
            format_moment(decap::DATETIME_FORMAT),
            "2030-01-02T07:30:00+07:00"
        );
        assert_eq!(format_moment(decap::DATE_FORMAT), "2030-01-02");
    }

    #[test]
    fn every_collection_saves_what_the_build_accepts() {
        // With terms (selects) and without (free text), every kind: the
        // editor offers exactly the table's fields, and what it saves, filled
        // or left to the required fields, the build accepts.
        for site in [SITE.to_string(), with_terms()] {
            let config = config(&site);
            let collections: Vec<Collection> = Kind::ALL
                .iter()
                .map(|&kind| Collection {
                    dir: (kind != Kind::Pages).then(|| kind.as_str().replace('_', "-")),
                    label: kind.as_str().into(),
                    kind,
                })
                .collect();
            let yaml = decap::config_yaml(&config, &collections, None);
            let value: Value = serde_yaml_ng::from_str(&yaml).unwrap();
            let listed = value["collections"].as_sequence().unwrap();
            assert_eq!(listed.len(), collections.len());
            for (c, col) in collections.iter().zip(listed) {
                let fields = fields_of(col);
                let offered: Vec<&str> = fields
                    .iter()
                    .filter_map(|f| f.get("name").and_then(Value::as_str))
                    .collect();
                let mut expected: Vec<&str> =
                    schema::fields(c.kind).iter().map(|f| f.name).collect();
                expected.push("body");
                assert_eq!(offered, expected, "{:?}", c.kind);
                let problems = refused(c.kind, col);
                assert!(problems.is_empty(), "{:?}: {problems:#?}", c.kind);
            }
        }
    }

    fn collection(fields: &str) -> Value {
        serde_yaml_ng::from_str(&format!("name: x\nfields:\n{fields}")).unwrap()
    }

    #[test]
    fn a_field_the_build_refuses_is_reported() {
        // A job fair's `start` as free text, and no `venue` at all.
        let bad = collection(
            "  - {name: title, widget: string}\n  - {name: start, widget: string}\n  - {name: end, widget: datetime, format: 'YYYY-MM-DD'}\n",
        );
        let found = refused(Kind::JobFairs, &bad);
        assert!(!found.is_empty(), "{found:#?}");
    }

    #[test]
    fn a_required_field_the_editor_lets_go_is_reported() {
        // `venue` optional in the editor: a page saved without it is refused.
        let format = decap::DATETIME_FORMAT;
        let fields = format!(
            "  - {{name: title, widget: string}}\n  - {{name: start, widget: datetime, format: '{format}'}}\n  - {{name: end, widget: datetime, format: '{format}'}}\n  - {{name: venue, widget: string, required: false}}\n"
        );
        let found = refused(Kind::JobFairs, &collection(&fields));
        assert!(found.iter().any(|m| m.contains("`venue`")), "{found:#?}");
        // Marked required, the same fields pass: the failure above is the flag.
        let fine = fields.replace("required: false", "required: true");
        assert!(refused(Kind::JobFairs, &collection(&fine)).is_empty());
    }
}
