//! Scam alerts (cảnh báo lừa đảo): who warns, when, which scheme, how much
//! money was demanded, what to check and where to report.
//!
//! The scheme is one of a short closed list, so the fraud-warning page and
//! the feed can name it in every language; a scheme the list lacks is
//! written as `other: <description>` rather than forced into a wrong box.

use serde::{Deserialize, Serialize};

use super::Common;
use super::{KindData, RawPage, Report};

/// The schemes the list knows, as written in front matter. They follow the
/// schemes the fraud-warning page describes (fake sites, fake receipts,
/// impersonation, forged papers, study-abroad cover, fees for a promise).
pub const PATTERNS: &[&str] = &[
    "fake_website",
    "fake_receipt",
    "impersonation",
    "forged_letter",
    "fake_job_order",
    "guaranteed_pass",
    "study_abroad_cover",
];

/// One scheme an alert describes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Pattern {
    /// One of [`PATTERNS`].
    Known(String),
    /// A scheme outside the list, in the writer's words.
    Other {
        /// What the scheme is.
        other: String,
    },
}

impl Pattern {
    /// The id the templates translate (`pattern_<id>`); `other` for free text.
    pub fn id(&self) -> &str {
        match self {
            Pattern::Known(id) => id,
            Pattern::Other { .. } => "other",
        }
    }
}

impl<'de> Deserialize<'de> for Pattern {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            Id(String),
            Other { other: String },
        }
        let expected = || format!("one of {}, or `other: <description>`", PATTERNS.join(", "));
        let written = Written::deserialize(d).map_err(|_| {
            serde::de::Error::custom(format!("a scam pattern must be {}", expected()))
        })?;
        match written {
            Written::Id(id) if PATTERNS.contains(&id.as_str()) => Ok(Pattern::Known(id)),
            // A new file's placeholder stands for a scheme not yet written;
            // `loa check` reports it, the build goes on.
            Written::Id(id) if id.starts_with(crate::content::PLACEHOLDER) => {
                Ok(Pattern::Other { other: id })
            }
            // "other: text" written as one quoted string (the editor's list
            // of lines writes it so) means the same as the map.
            Written::Id(id) => match id.strip_prefix("other:") {
                Some(text) if !text.trim().is_empty() => Ok(Pattern::Other {
                    other: text.trim().to_string(),
                }),
                _ => Err(serde::de::Error::custom(format!(
                    "unknown scam pattern `{id}`: expected {}",
                    expected()
                ))),
            },
            Written::Other { other } if !other.trim().is_empty() => Ok(Pattern::Other { other }),
            Written::Other { .. } => Err(serde::de::Error::custom(
                "`other:` needs a short description of the scheme",
            )),
        }
    }
}

/// An amount of money the scammers demanded.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Demand {
    /// Whole units of `currency` (no decimals: đồng, won and yen have none
    /// in practice, and a demand is reported as a round sum).
    pub amount: i64,
    /// ISO 4217 code: `VND`, `KRW`, `JPY`, `USD`.
    pub currency: String,
    /// What it was asked for ("phí giữ suất").
    pub note: Option<String>,
}

/// Scam alert fields.
#[derive(Debug, Clone, Serialize)]
pub struct ScamAlertData {
    /// Who issues the alert (an office, or the portal itself).
    pub issued_by: String,
    /// The schemes seen, one or more.
    pub pattern: Vec<Pattern>,
    /// Money demanded.
    pub amounts: Vec<Demand>,
    /// What a citizen should check before paying or handing in papers.
    pub what_to_check: Vec<String>,
    /// Where to report.
    pub report_to: Vec<String>,
}

/// One scheme or a list of them, as `pattern:` may be written.
pub(super) fn one_or_many<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Vec<Pattern>>, D::Error> {
    // Read as a YAML value first, so a bad item keeps its own message
    // (an untagged enum would replace it with a generic one).
    let value = serde_yaml_ng::Value::deserialize(d)?;
    match value {
        serde_yaml_ng::Value::Sequence(_) => {
            serde_yaml_ng::from_value::<Vec<Pattern>>(value).map(Some)
        }
        other => serde_yaml_ng::from_value::<Pattern>(other).map(|p| Some(vec![p])),
    }
    .map_err(serde::de::Error::custom)
}

/// A scam alert's own checks; `None` when a required field is missing
/// (already reported).
pub(super) fn resolve(r: &mut Report<'_, '_>, raw: RawPage, common: &Common) -> Option<KindData> {
    // `date` is common to every page but an alert needs one: alerts are
    // listed and fed newest first, and an undated warning cannot be weighed.
    if common.date.is_none() {
        let d = crate::error::Diagnostic::error(
            r.rel,
            "missing field `date`, which every scam_alerts page needs: the day the alert was issued (e.g. `date: 2026-11-20`)".to_string(),
        );
        r.errors.push(d.at_line(r.split.yaml_line));
    }
    if raw.pattern.as_ref().is_some_and(Vec::is_empty) {
        r.at_key(
            "pattern",
            "`pattern` is empty: name at least one scheme".into(),
        );
    }
    let amounts = raw.amounts.unwrap_or_default();
    for a in &amounts {
        let c = &a.currency;
        if c.len() != 3 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
            r.at_nested(
                "amounts",
                "currency",
                format!(
                    "`currency` must be a three-letter code such as VND, KRW or JPY, got `{c}`"
                ),
            );
        }
        if a.amount < 0 {
            r.at_nested(
                "amounts",
                "amount",
                format!("`amount` must not be negative, got {}", a.amount),
            );
        }
    }
    Some(KindData::ScamAlert(ScamAlertData {
        issued_by: raw.issued_by?,
        pattern: raw.pattern?,
        amounts,
        what_to_check: raw.what_to_check.unwrap_or_default(),
        report_to: raw.report_to.unwrap_or_default(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(yaml: &str) -> Result<Pattern, String> {
        serde_yaml_ng::from_str::<Pattern>(yaml).map_err(|e| e.to_string())
    }

    #[test]
    fn patterns_are_known_ids_or_other_with_text() {
        assert_eq!(
            one("fake_receipt"),
            Ok(Pattern::Known("fake_receipt".into()))
        );
        let other = Pattern::Other {
            other: "qua ứng dụng hẹn hò".into(),
        };
        assert_eq!(one("{other: qua ứng dụng hẹn hò}").as_ref(), Ok(&other));
        assert_eq!(one("\"other: qua ứng dụng hẹn hò\"").as_ref(), Ok(&other));
        let e = one("fake_sms").unwrap_err();
        assert!(
            e.contains("unknown scam pattern `fake_sms`") && e.contains("fake_website"),
            "{e}"
        );
        assert!(one("{other: \" \"}").unwrap_err().contains("description"));
        assert!(one("[1]").unwrap_err().contains("a scam pattern must be"));
    }
}
