//! Starting points for writers: `loa init` makes a new portal that builds as
//! it is, and `loa new` makes one content file with a folded slug and the
//! front matter its kind needs.
//!
//! The skeleton of `init` is a real portal folder (`src/scaffold/skeleton/`)
//! compiled into the binary, so it is tested like any portal and needs no
//! theme on disk. `{{TODAY}}` and `{{FAIR_DAY}}` in it become today's date and
//! a date a month ahead, so the example job fair is upcoming on the day the
//! portal is made.
//!
//! What `new` cannot know is written as a placeholder, `[[ĐIỀN: …]]`
//! ("điền" = fill in), which `loa check` reports as an error until replaced.

mod market;
mod new;

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use jiff::civil::Date;

use crate::error::{BuildError, IoError};
use crate::time::BuildClock;
pub use new::{NewOptions, missing_original, new_content};

pub use crate::content::PLACEHOLDER;

static SKELETON: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/scaffold/skeleton");

/// Today's date in Vietnam time (or the date of `SOURCE_DATE_EPOCH`).
pub fn today() -> Date {
    match BuildClock::resolve(None) {
        Ok(c) => c.now.local().date(),
        // A malformed SOURCE_DATE_EPOCH only matters to builds; use the clock.
        Err(_) => jiff::Zoned::now().date(),
    }
}

/// Creates a new portal in `dir`. Refuses a file path, and a folder that is
/// not empty unless `force` (then same-named files are replaced, others kept).
/// Returns the files written, relative to `dir`.
pub fn init(dir: &Path, force: bool, today: Date) -> Result<Vec<PathBuf>, BuildError> {
    if dir.is_file() {
        return Err(BuildError::Refused(format!(
            "{} is a file; give the name of a new folder for the portal",
            dir.display()
        )));
    }
    if dir.is_dir() && !force {
        let entries = std::fs::read_dir(dir)
            .map_err(|e| IoError::new("cannot read folder", dir, e))?
            .count();
        if entries > 0 {
            return Err(BuildError::Refused(format!(
                "{} is not empty ({entries} item(s)); choose a new folder, or add --force to write the portal skeleton into it (files with the same names are replaced)",
                dir.display()
            )));
        }
    }
    let fair_day = today
        .checked_add(jiff::Span::new().days(30))
        .unwrap_or(today);
    let mut written = Vec::new();
    let mut files = Vec::new();
    collect(&SKELETON, &mut files);
    for f in files {
        let text = String::from_utf8_lossy(f.contents())
            .replace("{{TODAY}}", &today.to_string())
            .replace("{{FAIR_DAY}}", &fair_day.to_string());
        crate::fs::write(&dir.join(f.path()), text.as_bytes())?;
        written.push(f.path().to_path_buf());
    }
    written.sort();
    Ok(written)
}

fn collect<'a>(dir: &'a Dir<'a>, out: &mut Vec<&'a include_dir::File<'a>>) {
    out.extend(dir.files());
    for d in dir.dirs() {
        collect(d, out);
    }
}

/// Quotes text as a YAML double-quoted scalar.
pub(crate) fn yaml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_strings_escape_quotes_and_backslashes() {
        assert_eq!(yaml_string(r#"Nói "không" \ x"#), r#""Nói \"không\" \\ x""#);
    }

    #[test]
    fn init_refuses_a_file_and_a_full_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("f.txt");
        std::fs::write(&file, "x").unwrap();
        let day = Date::new(2026, 3, 1).unwrap();
        let e = init(&file, false, day).unwrap_err().to_string();
        assert!(e.contains("is a file"), "{e}");
        let e = init(tmp.path(), false, day).unwrap_err().to_string();
        assert!(e.contains("--force"), "{e}");
        let files = init(tmp.path(), true, day).unwrap();
        assert!(files.contains(&PathBuf::from("site.toml")));
        assert!(
            tmp.path().join("f.txt").exists(),
            "--force keeps other files"
        );
        let fair = std::fs::read_to_string(
            tmp.path()
                .join("content/phien-giao-dich/phien-giao-dich-mau.md"),
        )
        .unwrap();
        assert!(fair.contains("start: 2026-03-31 07:30"), "{fair}");
    }
}
