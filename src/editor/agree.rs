//! Does the editor agree with the build? Reads the generated `config.yml`
//! back, writes for each collection the front matter the editor would save
//! (every field filled, then only the required ones, with every shape of a
//! support amount), and runs it through the same parser and kind checks as
//! `loa build`. It also asks the parser which fields each kind accepts and
//! reports any the editor does not offer. `loa check` reports the results as
//! errors, so an editor that could save a file the build refuses, or that
//! hides a field, never reaches staff unnoticed.

use std::collections::BTreeSet;
use std::path::Path;

use serde_yaml_ng::{Mapping, Value};

use super::{Collection, decap};
use crate::config::Config;
use crate::content::front_matter;
use crate::content::kinds::{self, Kind, RawPage};
use crate::error::Diagnostic;

/// The path the findings name.
const CONFIG_PATH: &str = "admin/config.yml";

/// Every disagreement between the editor generated for this portal and the build.
pub fn check(config: &Config, collections: &[Collection]) -> Vec<Diagnostic> {
    let yaml = decap::config_yaml(config, collections, None);
    let value: Value = match serde_yaml_ng::from_str(&yaml) {
        Ok(v) => v,
        Err(e) => {
            return vec![Diagnostic::error(
                CONFIG_PATH,
                format!("the generated editor configuration is not valid YAML: {e}"),
            )];
        }
    };
    let listed = value
        .get("collections")
        .and_then(Value::as_sequence)
        .cloned()
        .unwrap_or_default();
    let mut out = Vec::new();
    for c in collections {
        let name = c.dir.as_deref().unwrap_or("trang");
        let Some(col) = listed
            .iter()
            .find(|col| col.get("name").and_then(Value::as_str) == Some(name))
        else {
            out.push(Diagnostic::error(
                CONFIG_PATH,
                format!("the editor has no collection for section `{name}`"),
            ));
            continue;
        };
        out.extend(check_collection(name, c.kind, col));
    }
    out
}

/// The problems of one collection of the parsed configuration.
pub fn check_collection(name: &str, kind: Kind, collection: &Value) -> Vec<Diagnostic> {
    let fields = fields_of(collection);
    let mut out = Vec::new();
    let offered: BTreeSet<String> = fields
        .iter()
        .filter_map(|f| f.get("name").and_then(Value::as_str).map(String::from))
        .collect();
    for missing in accepted_fields(kind).difference(&offered) {
        out.push(Diagnostic::error(
            CONFIG_PATH,
            format!(
                "collection `{name}` ({}): the editor has no field for `{missing}`, which the build accepts",
                kind.as_str()
            ),
        ));
    }
    let rel = Path::new(CONFIG_PATH);
    for all in [true, false] {
        for variant in 0..AMOUNTS {
            let mut front = Mapping::new();
            for f in &fields {
                let (Some(field), Some(value)) = (
                    f.get("name").and_then(Value::as_str),
                    sample(f, all, variant),
                ) else {
                    continue;
                };
                if field != "body" {
                    front.insert(Value::String(field.into()), value);
                }
            }
            let yaml = serde_yaml_ng::to_string(&front).unwrap_or_default();
            let text = format!("---\n{yaml}---\nNội dung.\n");
            if let Err(problems) = parse(&text, kind, rel) {
                let what = if all {
                    "every field filled"
                } else {
                    "only the required fields"
                };
                for p in problems {
                    out.push(Diagnostic::error(
                        CONFIG_PATH,
                        format!(
                            "collection `{name}` ({}): a page saved with {what} would be refused by the build: {p}\n{text}",
                            kind.as_str()
                        ),
                    ));
                }
                break;
            }
        }
    }
    out
}

/// Checks a page the editor is about to save (`content/<section>/<name>.md`,
/// relative to the portal `root`) as the build will: the section's kind from
/// its `_index.md`, then the front matter against that kind. The messages
/// say what the build would say.
pub fn validate_entry(root: &Path, path: &str, raw: &str) -> Result<(), Vec<String>> {
    let parts: Vec<&str> = path.split('/').collect();
    let kind = match parts.as_slice() {
        ["content", _file] => Kind::Pages,
        ["content", section, ..] => section_kind(root, section)?,
        _ => return Ok(()),
    };
    let text = raw.replace("\r\n", "\n");
    parse(&text, kind, Path::new(path))
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

/// The fields a page of `kind` may have, as the parser itself lists them:
/// every field of `RawPage` (from serde's "expected one of" message) minus
/// those that belong only to other kinds.
pub fn accepted_fields(kind: Kind) -> BTreeSet<String> {
    let all = probe_fields();
    let own: BTreeSet<&str> = kinds::fields_of(kind).into_iter().collect();
    let others: BTreeSet<&str> = super::schema::KINDS
        .iter()
        .flat_map(|k| kinds::fields_of(*k))
        .collect();
    all.into_iter()
        .filter(|f| own.contains(f.as_str()) || !others.contains(f.as_str()))
        .collect()
}

/// Every field name `RawPage` accepts, read from the error it gives for an unknown one.
fn probe_fields() -> BTreeSet<String> {
    let msg = match serde_yaml_ng::from_str::<RawPage>("loa_probe_field: 1") {
        Err(e) => e.to_string(),
        Ok(_) => return BTreeSet::new(),
    };
    let list = msg.split_once("expected one of ").map_or("", |(_, l)| l);
    list.split('`')
        .skip(1)
        .step_by(2)
        .map(String::from)
        .collect()
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_follow_the_format() {
        assert_eq!(
            format_moment(decap::DATETIME_FORMAT),
            "2030-01-02T07:30:00+07:00"
        );
        assert_eq!(format_moment(decap::DATE_FORMAT), "2030-01-02");
    }

    #[test]
    fn probe_lists_the_parser_fields() {
        let f = accepted_fields(Kind::JobFairs);
        assert!(f.contains("start") && f.contains("title") && f.contains("geo"));
        assert!(!f.contains("person"));
        assert!(accepted_fields(Kind::Stories).contains("photo_alt"));
    }

    fn collection(fields: &str) -> Value {
        serde_yaml_ng::from_str(&format!("name: x\nfields:\n{fields}")).unwrap()
    }

    #[test]
    fn a_field_the_build_refuses_is_reported() {
        // A job fair whose `start` is written without a time zone parses, but
        // one written as free text does not; and a missing `venue` is refused.
        let bad = collection(
            "  - {name: title, widget: string}\n  - {name: start, widget: string}\n  - {name: end, widget: datetime, format: 'YYYY-MM-DD'}\n",
        );
        let found = check_collection("x", Kind::JobFairs, &bad);
        let text: Vec<String> = found.iter().map(|d| d.message.clone()).collect();
        assert!(
            text.iter().any(|m| m.contains("no field for `venue`")),
            "{text:#?}"
        );
        assert!(
            text.iter().any(|m| m.contains("would be refused")),
            "{text:#?}"
        );
    }

    #[test]
    fn optional_fields_marked_required_are_not_errors_but_missing_required_ones_are() {
        // `venue` optional in the editor: a page saved without it is refused.
        let mut fields = String::new();
        for name in accepted_fields(Kind::JobFairs) {
            let required = matches!(name.as_str(), "title" | "start" | "end");
            let widget = match name.as_str() {
                "start" | "end" => format!("datetime, format: '{}'", decap::DATETIME_FORMAT),
                _ => "string".to_string(),
            };
            if matches!(name.as_str(), "title" | "start" | "end" | "venue") {
                fields.push_str(&format!(
                    "  - {{name: {name}, widget: {widget}, required: {required}}}\n"
                ));
            }
        }
        let found = check_collection("x", Kind::JobFairs, &collection(&fields));
        assert!(
            found
                .iter()
                .any(|d| d.message.contains("only the required fields")
                    && d.message.contains("venue")),
            "{found:#?}"
        );
    }
}
