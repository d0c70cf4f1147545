//! Points in time as portals write them, and the one build clock.
//!
//! Front matter dates come as `2023-10-17`, `2023-10-17 08:00` or RFC 3339
//! with an offset. A date or time without an offset is Vietnam time
//! (Asia/Ho_Chi_Minh, +07:00, which has no daylight saving), because that is
//! what staff mean when they type it.

use std::fmt;

use jiff::civil::{Date, DateTime};
use jiff::tz::Offset;
use jiff::{Timestamp, Zoned};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The offset assumed when a date has none: Vietnam, +07:00.
pub fn default_offset() -> Offset {
    Offset::constant(7)
}

/// Why a date or the build clock could not be read; the text of each is
/// the message shown.
#[derive(Debug, thiserror::Error)]
pub enum TimeError {
    /// Text in none of the accepted forms.
    #[error(
        "`{text}` is not a date; expected YYYY-MM-DD, YYYY-MM-DD HH:MM or RFC 3339 such as 2024-03-15T07:30:00+07:00"
    )]
    NotADate {
        /// The text, trimmed.
        text: String,
    },
    /// A date in an accepted form that cannot be placed in time.
    #[error(transparent)]
    OutOfRange(#[from] jiff::Error),
    /// `SOURCE_DATE_EPOCH` that is not a whole number.
    #[error("SOURCE_DATE_EPOCH must be whole seconds since 1970, got `{value}`")]
    EpochNotSeconds {
        /// The variable's value.
        value: String,
    },
    /// `SOURCE_DATE_EPOCH` beyond the dates jiff handles.
    #[error("SOURCE_DATE_EPOCH `{value}` is out of range: {source}")]
    EpochOutOfRange {
        /// The variable's value.
        value: String,
        /// What jiff said.
        source: jiff::Error,
    },
}

/// A moment from front matter: an instant plus the offset it was written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moment {
    zoned: Zoned,
    date_only: bool,
}

impl Moment {
    /// Parses the forms listed in the module docs.
    pub fn parse(text: &str) -> Result<Moment, TimeError> {
        let t = text.trim();
        if let Ok(date) = t.parse::<Date>() {
            if t.len() <= 10 {
                let zoned = date
                    .to_datetime(jiff::civil::Time::midnight())
                    .to_zoned(jiff::tz::TimeZone::fixed(default_offset()))?;
                return Ok(Moment {
                    zoned,
                    date_only: true,
                });
            }
        }
        if let Ok(ts) = t.parse::<Timestamp>() {
            // Keep the writer's own offset for display.
            let offset = parse_offset_suffix(t).unwrap_or_else(default_offset);
            return Ok(Moment {
                zoned: ts.to_zoned(jiff::tz::TimeZone::fixed(offset)),
                date_only: false,
            });
        }
        if let Ok(dt) = t.parse::<DateTime>() {
            let zoned = dt.to_zoned(jiff::tz::TimeZone::fixed(default_offset()))?;
            return Ok(Moment {
                zoned,
                date_only: false,
            });
        }
        Err(TimeError::NotADate {
            text: t.to_string(),
        })
    }

    /// Wraps an instant, shown in Vietnam time.
    pub fn from_timestamp(ts: Timestamp) -> Moment {
        Moment {
            zoned: ts.to_zoned(jiff::tz::TimeZone::fixed(default_offset())),
            date_only: false,
        }
    }

    /// The instant.
    pub fn timestamp(&self) -> Timestamp {
        self.zoned.timestamp()
    }

    /// The date and time in the offset it was written in.
    pub fn local(&self) -> DateTime {
        self.zoned.datetime()
    }

    /// True when only a date was written (no time of day).
    pub fn is_date_only(&self) -> bool {
        self.date_only
    }

    /// The same instant shown in Vietnam time (+07:00), the portal's offset:
    /// files that tools compare (next-change.json) write every moment alike.
    pub fn in_default_offset(&self) -> Moment {
        Moment::from_timestamp(self.timestamp())
    }

    /// This moment `days` whole days (of 24 hours) later; `None` past the
    /// dates jiff handles.
    pub fn plus_days(&self, days: i64) -> Option<Moment> {
        let zoned = self
            .zoned
            .checked_add(jiff::SignedDuration::from_hours(days.checked_mul(24)?))
            .ok()?;
        Some(Moment {
            zoned,
            date_only: false,
        })
    }

    /// RFC 3339 with the written offset, e.g. `2024-03-15T07:30:00+07:00`.
    pub fn rfc3339(&self) -> String {
        self.zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
    }
}

fn parse_offset_suffix(t: &str) -> Option<Offset> {
    if t.ends_with('Z') || t.ends_with('z') {
        return Some(Offset::UTC);
    }
    let tail = t.get(t.len().checked_sub(6)?..)?;
    let sign = match tail.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let hours: i32 = tail.get(1..3)?.parse().ok()?;
    let minutes: i32 = tail.get(4..6)?.parse().ok()?;
    Offset::from_seconds(sign * (hours * 3600 + minutes * 60)).ok()
}

impl PartialOrd for Moment {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Moment {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.timestamp().cmp(&other.timestamp())
    }
}

impl fmt::Display for Moment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rfc3339())
    }
}

impl Serialize for Moment {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.rfc3339())
    }
}

impl<'de> Deserialize<'de> for Moment {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Moment::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// Where the build's "now" came from; it is decided once per build.
#[derive(Debug, Clone)]
pub struct BuildClock {
    /// The moment the build treats as now.
    pub now: Moment,
}

impl BuildClock {
    /// `--now` wins, then `SOURCE_DATE_EPOCH` (reproducible builds), then the clock.
    pub fn resolve(now_flag: Option<&str>) -> Result<BuildClock, TimeError> {
        if let Some(text) = now_flag {
            return Moment::parse(text).map(|now| BuildClock { now });
        }
        if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
            let secs: i64 = epoch
                .trim()
                .parse()
                .map_err(|_| TimeError::EpochNotSeconds {
                    value: epoch.clone(),
                })?;
            let ts = Timestamp::from_second(secs).map_err(|source| TimeError::EpochOutOfRange {
                value: epoch.clone(),
                source,
            })?;
            return Ok(BuildClock {
                now: Moment::from_timestamp(ts),
            });
        }
        Ok(BuildClock {
            now: Moment::from_timestamp(Timestamp::now()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_without_offset_are_vietnam_time() {
        let m = Moment::parse("2024-03-15").unwrap();
        assert!(m.is_date_only());
        assert_eq!(m.rfc3339(), "2024-03-15T00:00:00+07:00");
        let m = Moment::parse("2024-03-15 07:30").unwrap();
        assert_eq!(m.rfc3339(), "2024-03-15T07:30:00+07:00");
        let m = Moment::parse("2024-03-15T07:30:00").unwrap();
        assert_eq!(m.rfc3339(), "2024-03-15T07:30:00+07:00");
    }

    #[test]
    fn explicit_offsets_are_kept() {
        let m = Moment::parse("2024-03-15T07:30:00+09:00").unwrap();
        assert_eq!(m.rfc3339(), "2024-03-15T07:30:00+09:00");
        let utc = Moment::parse("2024-03-15T00:30:00Z").unwrap();
        assert_eq!(utc.rfc3339(), "2024-03-15T00:30:00+00:00");
        assert!(m < Moment::parse("2024-03-15T07:30:00+07:00").unwrap());
    }

    #[test]
    fn garbage_is_an_error_that_says_what_was_expected() {
        let e = Moment::parse("15/3/2024").unwrap_err();
        assert!(e.to_string().contains("YYYY-MM-DD"), "{e}");
        assert!(Moment::parse("2024-13-01").is_err());
    }
}
