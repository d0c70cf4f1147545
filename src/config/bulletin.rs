//! The loudspeaker bulletin (`[bulletin]` in site.toml): how numbers are
//! said and which abbreviations are expanded when pages are read aloud.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::i18n::spell::Rules;

/// Which regional forms numbers are said in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Variant {
    /// `linh`, `nghìn`: the standard forms of textbooks and national radio.
    #[default]
    North,
    /// `lẻ`, `ngàn`: as numbers are said in the south.
    South,
}

/// `[bulletin]`: `variant = "south"` and a table
/// `[bulletin.abbreviations]` of `"XKLĐ" = "xuất khẩu lao động"` (TOML
/// wants keys with letters such as `Đ` in quotes).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct BulletinConfig {
    /// Regional forms of number words; `north` unless set.
    pub variant: Variant,
    /// Abbreviations read out in full, keyed by the abbreviation as written.
    pub abbreviations: BTreeMap<String, String>,
    /// Speak each bulletin into an MP3 linked from its page
    /// (`output::audio`); off unless set, as speaking a large portal's
    /// bulletins takes minutes the first time.
    pub audio: bool,
}

impl BulletinConfig {
    /// The spelling rules these settings describe.
    pub fn rules(&self) -> Rules {
        let base = match self.variant {
            Variant::North => Rules::north(),
            Variant::South => Rules::south(),
        };
        base.with_abbreviations(
            self.abbreviations
                .iter()
                .map(|(k, v)| (k.clone(), v.clone())),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::spell;

    #[test]
    fn reads_variant_and_abbreviations() {
        let cfg: BulletinConfig = toml::from_str(
            "variant = \"south\"\n[abbreviations]\n\"XKLĐ\" = \"xuất khẩu lao động\"\n",
        )
        .unwrap();
        let rules = cfg.rules();
        assert_eq!(
            spell::text("XKLĐ: 105 người", &rules),
            "xuất khẩu lao động: một trăm lẻ năm người"
        );
        assert_eq!(BulletinConfig::default().rules(), Rules::north());
    }

    #[test]
    fn unknown_variant_is_an_error_naming_the_choices() {
        let err = toml::from_str::<BulletinConfig>("variant = \"west\"").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("north") && msg.contains("south"), "{msg}");
        assert!(msg.contains("line 1"), "{msg}");
    }
}
