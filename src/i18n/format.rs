//! Dates, numbers and money in the reader's language.
//!
//! Every pattern and name comes from the language's UI strings
//! (`format_*`, `month_N`, `weekday_N` keys in `i18n/<lang>.yaml`), so a
//! new language is configuration, not code: Vietnamese writes `4.500.000 đ`,
//! `ngày 17 tháng 10 năm 2023`, `Thứ Sáu`; English `VND 4,500,000`,
//! `17 October 2023`, `Friday`.

use std::collections::HashMap;

use jiff::civil::DateTime;

use super::strings::UiStrings;

/// How one language writes numbers, money and dates.
#[derive(Debug, Clone)]
pub struct Locale {
    thousands: String,
    decimal: String,
    money: String,
    range: String,
    percent_of: String,
    date_long: String,
    date_short: String,
    months: Vec<String>,
    months_short: Vec<String>,
    weekdays: Vec<String>,
    currencies: HashMap<String, String>,
}

/// Currencies whose pattern a language may give as `format_money_<CODE>`
/// (`{amount} yên (JPY)`); others are written `{amount} CODE`. All are
/// written in whole units, as orders state them: none of these is shown
/// with minor units, and nothing is converted.
pub const CURRENCIES: [&str; 8] = ["JPY", "KRW", "TWD", "USD", "EUR", "MYR", "PLN", "CNY"];

/// The UI-string keys a locale reads (for reports of missing keys).
pub fn keys() -> Vec<String> {
    let mut k: Vec<String> = [
        "format_thousands",
        "format_decimal",
        "format_money",
        "format_range",
        "format_percent_of",
        "format_date_long",
        "format_date_short",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    k.extend((1..=12).map(|m| format!("month_{m}")));
    k.extend((1..=12).map(|m| format!("month_short_{m}")));
    k.extend((1..=7).map(|d| format!("weekday_{d}")));
    k
}

impl Locale {
    /// Reads a language's patterns from its UI strings (falling back to the
    /// default language key by key, like every UI string).
    pub fn from_strings(strings: &UiStrings, lang: &str) -> Locale {
        let get = |k: &str| strings.get(lang, k).unwrap_or("").to_string();
        Locale {
            thousands: get("format_thousands"),
            decimal: get("format_decimal"),
            money: get("format_money"),
            range: get("format_range"),
            percent_of: get("format_percent_of"),
            date_long: get("format_date_long"),
            date_short: get("format_date_short"),
            months: (1..=12).map(|m| get(&format!("month_{m}"))).collect(),
            months_short: (1..=12).map(|m| get(&format!("month_short_{m}"))).collect(),
            weekdays: (1..=7).map(|d| get(&format!("weekday_{d}"))).collect(),
            currencies: CURRENCIES
                .iter()
                .filter_map(|c| {
                    let p = strings.get(lang, &format!("format_money_{c}"))?;
                    Some((c.to_string(), p.to_string()))
                })
                .collect(),
        }
    }

    /// Groups the digits of `n`: `1.200` / `1,200`.
    pub fn number(&self, n: i64) -> String {
        let digits = n.unsigned_abs().to_string();
        let mut out =
            String::with_capacity(digits.len() + digits.len() / 3 * self.thousands.len() + 1);
        if n < 0 {
            out.push('-');
        }
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push_str(&self.thousands);
            }
            out.push(c);
        }
        out
    }

    /// A decimal with at most one digit after the separator: `70`, `70,5`.
    pub fn decimal(&self, x: f64) -> String {
        let tenths = (x * 10.0).round() as i64;
        let whole = self.number(tenths / 10);
        match (tenths % 10).abs() {
            0 => whole,
            d => format!("{whole}{}{d}", self.decimal),
        }
    }

    /// An amount of đồng: `4.500.000 đ` / `VND 4,500,000`.
    pub fn money(&self, amount: i64) -> String {
        self.money.replace("{amount}", &self.number(amount))
    }

    /// An amount in the currency `code`, in that currency's own form and
    /// this language's digit grouping: `180.000 yên (JPY)` / `JPY 180,000`.
    /// `VND` is [`Locale::money`]. Never converted.
    pub fn money_in(&self, amount: i64, code: &str) -> String {
        if code == "VND" {
            return self.money(amount);
        }
        match self.currencies.get(code) {
            Some(p) => p.replace("{amount}", &self.number(amount)),
            None => format!("{} {code}", self.number(amount)),
        }
    }

    /// A range of đồng: `từ 1.000.000 đ đến 3.000.000 đ`.
    pub fn money_range(&self, min: i64, max: i64) -> String {
        self.range
            .replace("{min}", &self.money(min))
            .replace("{max}", &self.money(max))
    }

    /// A share of a cost: `70% chi phí thực tế` / `70% of the actual cost`.
    pub fn percent_of(&self, percent: f64, of: &str) -> String {
        self.percent_of
            .replace("{percent}", &format!("{}%", self.decimal(percent)))
            .replace("{of}", of)
    }

    /// `pattern` with its `{day}`, `{day2}`, `{month}`, `{month_name}`,
    /// `{month_short}`, `{year}` and `{weekday}` filled in, in one pass:
    /// listings show a date for every item, and a `replace` per name was
    /// fourteen allocations a date. Other braces are kept as written.
    fn date_with(&self, pattern: &str, dt: DateTime) -> String {
        use std::fmt::Write;
        let m = (dt.month() as usize).saturating_sub(1) % 12;
        let mut out = String::with_capacity(pattern.len() + 16);
        let mut rest = pattern;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open..];
            let name = after.find('}').map(|close| &after[..=close]);
            let _ = match name {
                Some("{day}") => write!(out, "{}", dt.day()),
                Some("{day2}") => write!(out, "{:02}", dt.day()),
                Some("{month}") => write!(out, "{}", dt.month()),
                Some("{month_name}") => out.write_str(&self.months[m]),
                Some("{month_short}") => out.write_str(&self.months_short[m]),
                Some("{year}") => write!(out, "{}", dt.year()),
                Some("{weekday}") => out.write_str(self.weekday(dt)),
                _ => {
                    out.push('{');
                    rest = &after[1..];
                    continue;
                }
            };
            rest = &after[name.map_or(1, str::len)..];
        }
        out.push_str(rest);
        out
    }

    /// Long date: `ngày 17 tháng 10 năm 2023` / `17 October 2023`.
    pub fn date_long(&self, dt: DateTime) -> String {
        self.date_with(&self.date_long, dt)
    }

    /// Short date: `17/10/2023`, `15/3/2024` / `17 Oct 2023`.
    pub fn date_short(&self, dt: DateTime) -> String {
        self.date_with(&self.date_short, dt)
    }

    /// Weekday name: `Thứ Sáu` / `Friday`.
    pub fn weekday(&self, dt: DateTime) -> &str {
        let i = (dt.weekday().to_monday_one_offset() as usize).saturating_sub(1) % 7;
        &self.weekdays[i]
    }
}

/// Time of day: `7:30` (24-hour, as Vietnamese notices write it).
pub fn time_of_day(dt: DateTime) -> String {
    format!("{}:{:02}", dt.hour(), dt.minute())
}

/// The locales of every configured language.
#[derive(Debug, Clone, Default)]
pub struct Locales {
    by_lang: HashMap<String, Locale>,
    default: String,
}

impl Locales {
    /// Builds a locale for each language code.
    pub fn new<'a>(
        strings: &UiStrings,
        langs: impl IntoIterator<Item = &'a str>,
        default: &str,
    ) -> Locales {
        Locales {
            by_lang: langs
                .into_iter()
                .map(|l| (l.to_string(), Locale::from_strings(strings, l)))
                .collect(),
            default: default.to_string(),
        }
    }

    /// The locale of `lang` (the default language's for an unknown code).
    pub fn get(&self, lang: &str) -> &Locale {
        match self
            .by_lang
            .get(lang)
            .or_else(|| self.by_lang.get(&self.default))
        {
            Some(l) => l,
            None => fallback(),
        }
    }
}

fn fallback() -> &'static Locale {
    static EMPTY: std::sync::OnceLock<Locale> = std::sync::OnceLock::new();
    EMPTY.get_or_init(|| Locale::from_strings(&UiStrings::new("vi"), "vi"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in theme's own strings.
    fn theme_locales() -> Locales {
        let mut s = UiStrings::new("vi");
        s.merge_yaml("vi", include_str!("../../themes/default/i18n/vi.yaml"))
            .unwrap();
        s.merge_yaml("en", include_str!("../../themes/default/i18n/en.yaml"))
            .unwrap();
        Locales::new(&s, ["vi", "en"], "vi")
    }

    #[test]
    fn numbers_and_money() {
        let l = theme_locales();
        let (vi, en) = (l.get("vi"), l.get("en"));
        assert_eq!(vi.number(1200), "1.200");
        assert_eq!(en.number(1200), "1,200");
        assert_eq!(vi.number(999), "999");
        assert_eq!(vi.number(-4500000), "-4.500.000");
        assert_eq!(vi.money(4_500_000), "4.500.000 đ");
        assert_eq!(en.money(4_500_000), "VND 4,500,000");
        assert_eq!(
            vi.money_range(1_000_000, 3_000_000),
            "từ 1.000.000 đ đến 3.000.000 đ"
        );
        assert_eq!(
            en.money_range(1_000_000, 3_000_000),
            "VND 1,000,000 to VND 3,000,000"
        );
        assert_eq!(vi.percent_of(70.0, "chi phí"), "70% chi phí");
        assert_eq!(vi.percent_of(80.6, "x"), "80,6% x");
        assert_eq!(en.percent_of(70.5, "fees"), "70.5% of fees");
    }

    #[test]
    fn dates() {
        let l = theme_locales();
        let (vi, en) = (l.get("vi"), l.get("en"));
        let dt: DateTime = "2023-10-17T08:00".parse().unwrap();
        assert_eq!(vi.date_long(dt), "ngày 17 tháng 10 năm 2023");
        assert_eq!(en.date_long(dt), "17 October 2023");
        assert_eq!(vi.date_short(dt), "17/10/2023");
        assert_eq!(en.date_short(dt), "17 Oct 2023");
        let march: DateTime = "2024-03-15T07:30".parse().unwrap();
        assert_eq!(vi.date_short(march), "15/3/2024");
        assert_eq!(vi.weekday(dt), "Thứ Ba");
        assert_eq!(en.weekday(march), "Friday");
        assert_eq!(time_of_day(march), "7:30");
    }

    #[test]
    fn date_patterns_fill_as_one_replace_per_name_did() {
        let l = theme_locales();
        let patterns = [
            "{weekday}, {day2}/{month}/{year} ({month_name}, {month_short})",
            "{day}{day}{{day}}",
            "{",
            "}",
            "{}",
            "{year",
            "{unknown} {day}",
            "}{month}{",
            "ngày {day2} tháng {month}",
        ];
        for lang in ["vi", "en"] {
            let loc = l.get(lang);
            for d in ["2023-01-05T08:00", "2024-12-31T23:59", "2026-07-09T00:00"] {
                let dt: DateTime = d.parse().unwrap();
                let m = dt.month() as usize - 1;
                for p in patterns {
                    // The chain of replaces this function was before.
                    let chained = p
                        .replace("{day}", &dt.day().to_string())
                        .replace("{day2}", &format!("{:02}", dt.day()))
                        .replace("{month}", &dt.month().to_string())
                        .replace("{month_name}", &loc.months[m])
                        .replace("{month_short}", &loc.months_short[m])
                        .replace("{year}", &dt.year().to_string())
                        .replace("{weekday}", loc.weekday(dt));
                    assert_eq!(loc.date_with(p, dt), chained, "{lang} {d} {p:?}");
                }
            }
        }
    }

    #[test]
    fn money_in_other_currencies_keeps_the_currency() {
        let l = theme_locales();
        let (vi, en) = (l.get("vi"), l.get("en"));
        assert_eq!(vi.money_in(180_000, "JPY"), "180.000 yên (JPY)");
        assert_eq!(en.money_in(180_000, "JPY"), "JPY 180,000");
        assert_eq!(vi.money_in(2_100_000, "KRW"), "2.100.000 won (KRW)");
        assert_eq!(en.money_in(28_590, "TWD"), "TWD 28,590");
        assert_eq!(vi.money_in(4_500_000, "VND"), "4.500.000 đ");
        // A currency without a pattern keeps its code.
        assert_eq!(vi.money_in(3_000, "CHF"), "3.000 CHF");
    }
}
