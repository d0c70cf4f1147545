//! Small readers for the schedules in docs/deploy.md: five-field cron
//! lines, /etc/cron.d files, systemd unit files and the one `OnCalendar=`
//! form the recipes use. Written here rather than added as dev-dependencies:
//! the recipes need only numbers, `*`, ranges, lists and steps, and a reader
//! that refuses everything else makes a schedule it cannot read fail the
//! test instead of passing unread.

/// Vietnam's offset from UTC in hours: +7 all year (no summer time).
pub(super) const VIETNAM: u32 = 7;

/// The moments of a day, as (hour, minute), in UTC.
pub(super) type Times = std::collections::BTreeSet<(u32, u32)>;

/// The daily rebuild: 00:05 in Vietnam, 17:05 UTC (the day before).
pub(super) fn daily() -> Times {
    Times::from([(17, 5)])
}

/// The hourly check: five past every hour the daily rebuild leaves free.
pub(super) fn hourly() -> Times {
    (0..24).filter(|h| *h != 17).map(|h| (h, 5)).collect()
}

/// `times` moved from Vietnam time to UTC.
pub(super) fn vietnam_to_utc(times: &Times) -> Times {
    times
        .iter()
        .map(|(h, m)| ((h + 24 - VIETNAM) % 24, *m))
        .collect()
}

/// The values one field of a cron line allows: `*`, `N`, `A-B`, each with
/// an optional `/step`, separated by commas.
pub(super) fn cron_field(field: &str, min: u32, max: u32) -> Result<Vec<u32>, String> {
    let mut out = Vec::new();
    for part in field.split(',') {
        let (range, step) = match part.split_once('/') {
            Some((r, s)) => (r, s.parse::<u32>().map_err(|_| format!("step `{s}`"))?),
            None => (part, 1),
        };
        if step == 0 {
            return Err(format!("step 0 in `{part}`"));
        }
        let number = |t: &str| -> Result<u32, String> {
            let n: u32 = t.parse().map_err(|_| format!("`{t}` is not a number"))?;
            if (min..=max).contains(&n) {
                Ok(n)
            } else {
                Err(format!("{n} is outside {min}-{max}"))
            }
        };
        let (from, to) = match range.split_once('-') {
            _ if range == "*" => (min, max),
            Some((a, b)) => (number(a)?, number(b)?),
            // `N/step` runs from N to the end of the field.
            None if part.contains('/') => (number(range)?, max),
            None => (number(range)?, number(range)?),
        };
        if from > to {
            return Err(format!("backwards range `{range}`"));
        }
        out.extend((from..=to).step_by(step as usize));
    }
    Ok(out)
}

/// The moments of a day at which a five-field cron line fires, read in its
/// own time zone. Only lines that fire alike every day of the year are
/// accepted: a rebuild schedule has no reason to skip days.
pub(super) fn cron_times(line: &str) -> Result<Times, String> {
    let fields: Vec<&str> = line.split_whitespace().collect();
    let [minute, hour, dom, month, dow] = fields[..] else {
        return Err(format!("`{line}`: {} fields, not 5", fields.len()));
    };
    let minutes = cron_field(minute, 0, 59)?;
    let hours = cron_field(hour, 0, 23)?;
    let every = |f: &str, min: u32, max: u32| -> Result<(), String> {
        let v = cron_field(f, min, max)?;
        if v.len() == (min..=max).count() {
            Ok(())
        } else {
            Err(format!("`{line}` skips days (`{f}`)"))
        }
    };
    every(dom, 1, 31)?;
    every(month, 1, 12)?;
    // Sunday is 0 and also 7; `*` and `0-6` both mean every day.
    cron_field(dow, 0, 7).and_then(|v| {
        let days: std::collections::BTreeSet<u32> = v.iter().map(|d| d % 7).collect();
        if days.len() == 7 {
            Ok(())
        } else {
            Err(format!("`{line}` skips days (`{dow}`)"))
        }
    })?;
    Ok(hours
        .iter()
        .flat_map(|h| minutes.iter().map(move |m| (*h, *m)))
        .collect())
}

#[test]
fn the_cron_checker_reads_fields_and_refuses_bad_lines() {
    assert_eq!(cron_times("5 17 * * *"), Ok(daily()));
    assert_eq!(cron_times("5 0-16,18-23 * * *"), Ok(hourly()));
    assert_eq!(vietnam_to_utc(&cron_times("5 0 * * *").unwrap()), daily());
    assert_eq!(
        vietnam_to_utc(&cron_times("5 1-23 * * *").unwrap()),
        hourly()
    );
    assert_eq!(cron_times("*/30 8 * * 0-6").unwrap().len(), 2);
    assert_eq!(cron_times("0 12/6 * * 1-7").unwrap().len(), 2);
    for bad in [
        "5 17 * *",
        "5 17 * * * *",
        "60 17 * * *",
        "5 24 * * *",
        "5 18-16 * * *",
        "5 */0 * * *",
        "5 17 1 * *",
        "5 17 * * 1-5",
        "5 17 * JAN *",
        "a 17 * * *",
        "5 17,, * * *",
    ] {
        assert!(cron_times(bad).is_err(), "{bad}");
    }
}

/// A systemd unit file: (section, key, value) in order.
pub(super) struct Ini {
    pub(super) entries: Vec<(String, String, String)>,
}

impl Ini {
    pub(super) fn get(&self, section: &str, key: &str) -> Vec<&str> {
        self.entries
            .iter()
            .filter(|(s, k, _)| s == section && k == key)
            .map(|(_, _, v)| v.as_str())
            .collect()
    }

    pub(super) fn one(&self, section: &str, key: &str) -> &str {
        match self.get(section, key)[..] {
            [v] => v,
            ref other => panic!("[{section}] {key}: {other:?}"),
        }
    }
}

/// Reads a unit file the way systemd does, for what the recipes use:
/// `[Section]` lines, `Key=value` lines, `#`/`;` comments and blank lines.
pub(super) fn ini(text: &str) -> Result<Ini, String> {
    let mut section = None;
    let mut entries = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = Some(name.to_string());
            continue;
        }
        let (key, value) = line
            .split_once('=')
            .ok_or_else(|| format!("line {}: `{line}` is not Key=value", n + 1))?;
        let key = key.trim();
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(format!("line {}: bad key `{key}`", n + 1));
        }
        let section = section
            .clone()
            .ok_or_else(|| format!("line {}: `{key}` before any [Section]", n + 1))?;
        entries.push((section, key.to_string(), value.trim().to_string()));
    }
    Ok(Ini { entries })
}

/// Reads `*-*-* H:MM:SS Zone` (H a number or `A..B`), the only form of
/// `OnCalendar=` the recipes use: the moments of a day, in UTC.
pub(super) fn on_calendar(spec: &str) -> Result<Times, String> {
    let parts: Vec<&str> = spec.split_whitespace().collect();
    let ["*-*-*", time, zone] = parts[..] else {
        return Err(format!("`{spec}`: not `*-*-* time zone`"));
    };
    if zone != "Asia/Ho_Chi_Minh" {
        return Err(format!("`{spec}`: zone {zone}"));
    }
    let [h, m, s] = time.split(':').collect::<Vec<_>>()[..] else {
        return Err(format!("`{time}`: not H:MM:SS"));
    };
    let num = |t: &str, max: u32| -> Result<u32, String> {
        t.parse::<u32>()
            .ok()
            .filter(|n| *n <= max)
            .ok_or_else(|| format!("`{t}` in `{spec}`"))
    };
    if num(s, 59)? != 0 {
        return Err(format!("`{spec}`: seconds"));
    }
    let minute = num(m, 59)?;
    let (from, to) = match h.split_once("..") {
        Some((a, b)) => (num(a, 23)?, num(b, 23)?),
        None => (num(h, 23)?, num(h, 23)?),
    };
    if from > to {
        return Err(format!("`{spec}`: backwards hours"));
    }
    Ok(vietnam_to_utc(&(from..=to).map(|h| (h, minute)).collect()))
}

#[test]
fn the_calendar_reader_refuses_what_it_does_not_know() {
    assert_eq!(on_calendar("*-*-* 00:05:00 Asia/Ho_Chi_Minh"), Ok(daily()));
    for bad in [
        "daily",
        "*-*-* 00:05:00",
        "*-*-* 00:05:00 UTC",
        "*-*-* 24:05:00 Asia/Ho_Chi_Minh",
        "*-*-* 05..01:05:00 Asia/Ho_Chi_Minh",
        "*-*-* 00:05 Asia/Ho_Chi_Minh",
        "Mon *-*-* 00:05:00 Asia/Ho_Chi_Minh",
    ] {
        assert!(on_calendar(bad).is_err(), "{bad}");
    }
}

/// A cron file: its variables, and each entry's five time fields, user and
/// command (the /etc/cron.d form).
pub(super) struct Crontab {
    pub(super) vars: Vec<(String, String)>,
    pub(super) entries: Vec<CronEntry>,
}

pub(super) struct CronEntry {
    pub(super) when: String,
    pub(super) user: String,
    pub(super) command: String,
}

pub(super) fn crontab(text: &str) -> Result<Crontab, String> {
    let mut vars = Vec::new();
    let mut entries = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        if let Some((name, value)) = words[0].split_once('=').filter(|_| words.len() == 1) {
            vars.push((name.to_string(), value.to_string()));
            continue;
        }
        if words.len() < 7 {
            return Err(format!("`{line}`: five times, a user and a command"));
        }
        let when = words[..5].join(" ");
        cron_times(&when)?;
        entries.push(CronEntry {
            when,
            user: words[5].to_string(),
            command: words[6..].join(" "),
        });
    }
    Ok(Crontab { vars, entries })
}
