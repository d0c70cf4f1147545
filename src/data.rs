//! Data files: the register of licensed recruitment companies.
//!
//! Citizens' first defence against illegal brokers is checking that a
//! company is licensed. The register is a YAML file (`[register] file` in
//! site.toml), typed and checked like front matter, rendered as a table on
//! its own page in every language.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::config::{Config, Spot};
use crate::error::Diagnostic;
use crate::time::Moment;

/// Text that may be given once or per language.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Localized {
    /// The same text for every language.
    One(String),
    /// Text per language code.
    PerLang(BTreeMap<String, String>),
}

impl Localized {
    /// The text for `lang`, else the default language's, else any.
    pub fn get(&self, lang: &str, default: &str) -> &str {
        match self {
            Localized::One(s) => s,
            Localized::PerLang(m) => m
                .get(lang)
                .or_else(|| m.get(default))
                .or_else(|| m.values().next())
                .map_or("", String::as_str),
        }
    }
}

/// A company's licence status.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum LicenceStatus {
    /// Licensed and operating.
    Active,
    /// Licence suspended.
    Suspended,
    /// Licence revoked.
    Revoked,
}

/// One company of the register.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Company {
    /// Registered name.
    pub name: String,
    /// Licence number as written on the licence.
    pub licence_number: String,
    /// Date of the licence.
    pub licence_date: Option<Moment>,
    /// Address.
    pub address: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// When the licence ends, if the official list gives a date; past it
    /// the register page shows the licence as expired.
    pub licence_expires: Option<Moment>,
    /// Licence status.
    pub status: LicenceStatus,
    /// Where this entry comes from.
    pub source: Option<String>,
}

/// The register file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Register {
    /// What this list is (and is not).
    pub note: Localized,
    /// When the list was last checked against the official one.
    pub checked: Moment,
    /// The official national list.
    pub official_list: String,
    /// The companies.
    pub companies: Vec<Company>,
    /// The file's line of `checked:`, where an out-of-date warning points.
    #[serde(skip)]
    pub checked_line: Option<usize>,
}

impl Register {
    /// The moment the list counts as out of date: `checked` plus
    /// `max_age_days`. It is stale from that moment on (inclusive, so a
    /// rebuild at exactly that moment already shows it).
    pub fn stale_at(&self, max_age_days: Option<u32>) -> Option<Moment> {
        self.checked.plus_days(i64::from(max_age_days?))
    }

    /// Whether `company`'s licence has ended at `now`.
    pub fn licence_ended(company: &Company, now: &Moment) -> bool {
        company.licence_expires.as_ref().is_some_and(|e| e <= now)
    }
}

/// The line of a top-level `key:` in a YAML text (1-based).
fn top_level_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map(|i| i + 1)
}

/// Loads the register named in site.toml, if any.
pub fn load_register(config: &Config) -> Result<Option<Register>, Vec<Diagnostic>> {
    let Some(reg) = &config.register else {
        return Ok(None);
    };
    let rel = std::path::Path::new(&reg.file);
    if reg.file.contains("..") || rel.is_absolute() {
        return Err(vec![Spot::error(
            config.places.value(&["register", "file"]),
            format!(
                "[register] file `{}` must be a path inside the portal",
                reg.file
            ),
        )]);
    }
    let text = crate::content::source::read_text(
        &config.root.join(rel),
        rel,
        config.limits.max_file_bytes(),
    )
    .map_err(|d| vec![d])?;
    let mut register: Register = serde_yaml_ng::from_str(&text).map_err(|e| {
        let d = Diagnostic::error(rel, format!("register: {e}"));
        vec![match e.location() {
            Some(l) => d.at(l.line(), l.column()),
            None => d,
        }]
    })?;
    register.checked_line = top_level_line(&text, "checked");
    let mut errors = Vec::new();
    if reg.max_age_days == Some(0) {
        errors.push(Spot::error(
            config.places.value(&["register", "max_age_days"]),
            "[register] max_age_days must be a whole number of days above 0 (such as 90)",
        ));
    }
    for l in &config.languages {
        if !reg.paths.contains_key(l.code.as_str()) {
            errors.push(Spot::error(
                config.places.value(&["register", "paths"]),
                format!("[register] paths needs a URL segment for `{}`", l.code),
            ));
        }
    }
    for (code, seg) in &reg.paths {
        if crate::i18n::fold::slugify(seg) != *seg {
            errors.push(Spot::error(
                config.places.value(&["register", "paths", code]),
                format!("[register] path `{seg}` for `{code}` must be a lowercase-hyphenated URL segment"),
            ));
        }
    }
    if errors.is_empty() {
        Ok(Some(register))
    } else {
        Err(errors)
    }
}
