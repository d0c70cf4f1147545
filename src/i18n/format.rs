//! Dates, numbers and money in the reader's language.
//!
//! Vietnamese groups thousands with `.` and writes `4.500.000 đ`,
//! `ngày 17 tháng 10 năm 2023`, `Thứ Sáu`; English writes `VND 4,500,000`,
//! `17 October 2023`, `Friday`. Languages other than these two fall back to
//! the English forms until they bring their own strings.

use jiff::civil::{DateTime, Weekday};

/// Groups the digits of `n` with the language's thousands separator.
pub fn number(n: i64, lang: &str) -> String {
    let sep = if lang == "vi" { '.' } else { ',' };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// An amount of Vietnamese đồng: `4.500.000 đ` or `VND 4,500,000`.
pub fn money_vnd(amount: i64, lang: &str) -> String {
    if lang == "vi" {
        format!("{} đ", number(amount, lang))
    } else {
        format!("VND {}", number(amount, lang))
    }
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Weekday name: `Thứ Sáu` / `Friday`.
pub fn weekday(dt: DateTime, lang: &str) -> &'static str {
    let vi = lang == "vi";
    match dt.weekday() {
        Weekday::Monday => {
            if vi {
                "Thứ Hai"
            } else {
                "Monday"
            }
        }
        Weekday::Tuesday => {
            if vi {
                "Thứ Ba"
            } else {
                "Tuesday"
            }
        }
        Weekday::Wednesday => {
            if vi {
                "Thứ Tư"
            } else {
                "Wednesday"
            }
        }
        Weekday::Thursday => {
            if vi {
                "Thứ Năm"
            } else {
                "Thursday"
            }
        }
        Weekday::Friday => {
            if vi {
                "Thứ Sáu"
            } else {
                "Friday"
            }
        }
        Weekday::Saturday => {
            if vi {
                "Thứ Bảy"
            } else {
                "Saturday"
            }
        }
        Weekday::Sunday => {
            if vi {
                "Chủ Nhật"
            } else {
                "Sunday"
            }
        }
    }
}

/// Long date: `ngày 17 tháng 10 năm 2023` / `17 October 2023`.
pub fn date_long(dt: DateTime, lang: &str) -> String {
    if lang == "vi" {
        format!("ngày {} tháng {} năm {}", dt.day(), dt.month(), dt.year())
    } else {
        let month = MONTHS_EN[(dt.month() as usize).saturating_sub(1) % 12];
        format!("{} {} {}", dt.day(), month, dt.year())
    }
}

/// Short date: `17/10/2023`, `15/3/2024` (unpadded, as notices write
/// it in running text) / `17 Oct 2023`.
pub fn date_short(dt: DateTime, lang: &str) -> String {
    if lang == "vi" {
        format!("{}/{}/{}", dt.day(), dt.month(), dt.year())
    } else {
        let month = MONTHS_EN[(dt.month() as usize).saturating_sub(1) % 12];
        format!("{} {} {}", dt.day(), &month[..3], dt.year())
    }
}

/// Time of day: `7:30` in both languages (24-hour, as Vietnamese notices write it).
pub fn time_of_day(dt: DateTime) -> String {
    format!("{}:{:02}", dt.hour(), dt.minute())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_money() {
        assert_eq!(number(1200, "vi"), "1.200");
        assert_eq!(number(1200, "en"), "1,200");
        assert_eq!(number(999, "vi"), "999");
        assert_eq!(number(-4500000, "vi"), "-4.500.000");
        assert_eq!(money_vnd(4_500_000, "vi"), "4.500.000 đ");
        assert_eq!(money_vnd(4_500_000, "en"), "VND 4,500,000");
        assert_eq!(money_vnd(0, "en"), "VND 0");
    }

    #[test]
    fn dates() {
        let dt: DateTime = "2023-10-17T08:00".parse().unwrap();
        assert_eq!(date_long(dt, "vi"), "ngày 17 tháng 10 năm 2023");
        assert_eq!(date_long(dt, "en"), "17 October 2023");
        assert_eq!(date_short(dt, "vi"), "17/10/2023");
        let march: DateTime = "2024-03-15T07:30".parse().unwrap();
        assert_eq!(date_short(march, "vi"), "15/3/2024");
        assert_eq!(weekday(dt, "vi"), "Thứ Ba");
        assert_eq!(weekday(dt, "en"), "Tuesday");
        assert_eq!(time_of_day(dt), "8:00");
    }
}
