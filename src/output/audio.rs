//! The bulletin read aloud (#21, `[bulletin] audio = true`): each
//! Vietnamese bulletin text the render stage made (`<page>/ban-tin.txt`,
//! the weekly `ban-tin/ban-tin-tuan.txt`) spoken by espeak-ng and encoded
//! as MP3 by lame, written beside the text, and linked from the page with
//! a small player.
//!
//! Both programs are optional and found on `PATH` once per build
//! ([`Engine::find`]): without them the build says so once and the site is
//! what it would be with audio off. Speech is cached in
//! `.loa-cache/audio/` by a hash of what is spoken and how, so an unchanged
//! bulletin is not spoken again; a program that fails is a warning naming
//! the page, never a failed build.
//!
//! MP3, not Opus or WAV: espeak-ng's WAV is about 2.6 MB a minute; MP3 at
//! 32 kbit/s mono is about 240 KB a minute and plays on every phone
//! browser, old Android and iOS Safari included, while Ogg Opus (about
//! 140 KB a minute at 16 kbit/s) is not played by older iPhones.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use rayon::prelude::*;

use crate::artifact::{Body, OutputFile};
use crate::config::{Config, Variant};
use crate::error::Diagnostic;
use crate::render::templates::Theme;

/// The bulletin texts `render::bulletin` writes, by file name.
const TEXTS: [&str; 2] = ["ban-tin.txt", "ban-tin-tuan.txt"];

/// Where a page's player goes: before its body (this element), after the facts.
const ANCHOR: &str = "<div class=\"prose\">";

/// Bumped when the arguments below change, so the cache is not reused.
const RECIPE: &str = "loa-audio-1 -s 150 | lame -m m -b 32";

/// The two programs audio needs, as found on `PATH`.
#[derive(Debug, Clone)]
pub struct Engine {
    espeak: PathBuf,
    lame: PathBuf,
}

impl Engine {
    /// Looks for `espeak-ng` and `lame` in the folders of `path` (the value
    /// of `PATH`); the error is the warning to show when one is missing.
    pub fn find(path: Option<&OsStr>) -> Result<Engine, String> {
        let look = |name: &str| {
            path.into_iter()
                .flat_map(std::env::split_paths)
                .map(|dir| dir.join(name))
                .find(|p| is_program(p))
        };
        let missing = |name: &str| {
            format!(
                "[bulletin] audio = true, but {name} was not found on PATH: no audio made; install it with `apt-get install espeak-ng lame` (Debian, Ubuntu) and build again"
            )
        };
        let espeak = look("espeak-ng").ok_or_else(|| missing("espeak-ng"))?;
        let lame = look("lame").ok_or_else(|| missing("lame"))?;
        Ok(Engine { espeak, lame })
    }
}

/// A file we may run: a regular file, executable on Unix.
fn is_program(p: &Path) -> bool {
    let Ok(meta) = p.metadata() else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

/// Speaks every bulletin text among `files` into an MP3 beside it and adds
/// a player to the page it belongs to. `engine` is what [`Engine::find`]
/// gave; `cache` is the portal's `.loa-cache`. Returns the warnings.
pub fn add(
    files: &mut Vec<OutputFile>,
    engine: &Result<Engine, String>,
    config: &Config,
    theme: &Theme,
    cache: &Path,
) -> Vec<Diagnostic> {
    let engine = match engine {
        Ok(e) => e,
        Err(why) => {
            // Pointed at `audio = true`, the line to remove to silence it.
            let d = Diagnostic::warning("site.toml", why.clone());
            let at = config.places.value(&["bulletin", "audio"]);
            return vec![match at {
                Some(s) => d.at(s.line, s.column),
                None => d,
            }];
        }
    };
    let voice = match config.bulletin.variant {
        Variant::North => "vi",
        Variant::South => "vi-vn-x-south",
    };
    let texts: Vec<(String, Vec<u8>)> = files
        .iter()
        .filter(|f| TEXTS.iter().any(|t| file_name(&f.path) == *t))
        .filter_map(|f| match &f.body {
            Body::Bytes(b) => Some((f.path.clone(), b.clone())),
            _ => None,
        })
        .collect();
    let dir = cache.join("audio");
    if let Err(e) = std::fs::create_dir_all(&dir) {
        return vec![Diagnostic::warning(
            &dir,
            format!("cannot be made ({e}): no audio made"),
        )];
    }
    // Rayon's pool has one thread per core: at most that many engines run
    // at once, each waited for by its thread.
    let spoken: Vec<(String, Result<Vec<u8>, String>)> = texts
        .par_iter()
        .map(|(path, text)| (path.clone(), speak(engine, voice, text, &dir)))
        .collect();
    prune(
        &dir,
        &texts.iter().map(|(_, t)| cache_key(voice, t)).collect(),
    );
    publish(files, spoken, &Labels::of(theme, config))
}

/// Adds each spoken bulletin to `files` and its player to its page; the
/// warnings for those that failed or have no place for a player.
fn publish(
    files: &mut Vec<OutputFile>,
    spoken: Vec<(String, Result<Vec<u8>, String>)>,
    labels: &Labels,
) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    // Where each page is, so a portal with thousands of bulletins does not
    // search the file list once per bulletin.
    let at: rustc_hash::FxHashMap<String, usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.path.clone(), i))
        .collect();
    for (text_path, result) in spoken {
        let mp3 = match result {
            Ok(mp3) => mp3,
            Err(why) => {
                warnings.push(Diagnostic::warning(
                    &text_path,
                    format!("no audio for this bulletin: {why}"),
                ));
                continue;
            }
        };
        let mp3_path = format!("{}.mp3", text_path.trim_end_matches(".txt"));
        let size = mp3.len();
        files.push(OutputFile {
            path: mp3_path.clone(),
            body: Body::Bytes(mp3),
        });
        // The weekly bulletin has no page of its own: its file is for staff.
        if file_name(&text_path) == TEXTS[0] {
            let page = format!(
                "{}index.html",
                &text_path[..text_path.len() - TEXTS[0].len()]
            );
            let player = labels.player(file_name(&mp3_path), size);
            if !at
                .get(&page)
                .is_some_and(|&i| insert_player(&mut files[i], &player))
            {
                warnings.push(Diagnostic::warning(
                    &page,
                    format!("the theme's page has no `{ANCHOR}` to put the audio player before; {mp3_path} is made but not linked"),
                ));
            }
        }
    }
    warnings
}

/// The last segment of an output path.
fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Puts `player` before the body (the first `div.prose`) of page `f`,
/// rewriting it with lol_html so nothing else of the page changes; false
/// when the page has no such body.
fn insert_player(f: &mut OutputFile, player: &str) -> bool {
    let Body::Html(html) = &mut f.body else {
        return false;
    };
    let placed = std::cell::Cell::new(false);
    let settings = lol_html::Settings::new()
        .with_strict(false)
        .append_element_content_handler(lol_html::element!("div.prose", |el| {
            if !placed.get() {
                el.before(player, lol_html::html_content::ContentType::Html);
                placed.set(true);
            }
            Ok(())
        }));
    match lol_html::rewrite_str(&html.text(), settings) {
        Ok(out) if placed.get() => {
            *html = out.into();
            true
        }
        _ => false,
    }
}

/// The player's words, from the theme's Vietnamese strings.
struct Labels {
    listen: String,
    download: String,
    minutes: String,
}

impl Labels {
    fn of(theme: &Theme, config: &Config) -> Labels {
        let strings = theme.strings(config).ok();
        let get = |key: &str, fallback: &str| {
            strings
                .as_ref()
                .and_then(|s| s.get("vi", key))
                .unwrap_or(fallback)
                .to_string()
        };
        Labels {
            listen: get("audio_listen", "Nghe bản tin"),
            download: get("audio_download", "Tải về"),
            minutes: get("audio_minutes", "phút"),
        }
    }

    /// The player for `file` (beside the page) of `size` bytes: the length
    /// and size are shown, as 32 kbit/s is 4000 bytes a second.
    fn player(&self, file: &str, size: usize) -> String {
        let minutes = size.div_ceil(4000 * 60).max(1);
        let kb = size.div_ceil(1024);
        format!(
            "<figure class=\"audio\"><figcaption>{} (~{minutes} {})</figcaption><audio controls preload=\"none\" src=\"{file}\"></audio> <a href=\"{file}\" download>{} (MP3, {kb} KB)</a></figure>\n",
            crate::escape::html(&self.listen),
            crate::escape::html(&self.minutes),
            crate::escape::html(&self.download),
        )
    }
}

/// The cache name of `text` spoken in `voice` by [`RECIPE`].
fn cache_key(voice: &str, text: &[u8]) -> String {
    let mut h = blake3::Hasher::new();
    h.update(RECIPE.as_bytes());
    h.update(voice.as_bytes());
    h.update(&[0]);
    h.update(text);
    h.finalize().to_hex()[..32].to_string()
}

/// Removes the cached speech of texts this build no longer has, so the
/// cache holds one file per bulletin rather than one per edit.
fn prune(dir: &Path, keep: &std::collections::BTreeSet<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.strip_suffix(".mp3").is_some_and(|k| !keep.contains(k)) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// `text` spoken and encoded, from the cache when it was spoken before.
fn speak(engine: &Engine, voice: &str, text: &[u8], dir: &Path) -> Result<Vec<u8>, String> {
    let key = cache_key(voice, text);
    let cached = dir.join(format!("{key}.mp3"));
    if let Ok(bytes) = std::fs::read(&cached) {
        if !bytes.is_empty() {
            return Ok(bytes);
        }
    }
    let txt = dir.join(format!("{key}.txt"));
    let wav = dir.join(format!("{key}.wav"));
    let part = dir.join(format!("{key}.mp3.part"));
    let result = (|| {
        std::fs::write(&txt, text).map_err(|e| format!("{}: {e}", txt.display()))?;
        run(
            Command::new(&engine.espeak)
                .args(["-v", voice, "-s", "150", "-w"])
                .arg(&wav)
                .arg("-f")
                .arg(&txt),
            "espeak-ng",
        )?;
        run(
            Command::new(&engine.lame)
                .args(["--quiet", "-m", "m", "-b", "32"])
                .arg(&wav)
                .arg(&part),
            "lame",
        )?;
        let bytes = std::fs::read(&part).map_err(|e| format!("lame wrote nothing: {e}"))?;
        if bytes.is_empty() {
            return Err("lame wrote an empty file".to_string());
        }
        // Renamed whole, so a build stopped half-way leaves no torn file.
        std::fs::rename(&part, &cached).map_err(|e| format!("{}: {e}", cached.display()))?;
        Ok(bytes)
    })();
    for f in [&txt, &wav, &part] {
        let _ = std::fs::remove_file(f);
    }
    result
}

/// Runs `cmd`; its error output is the reason when it fails.
fn run(cmd: &mut Command, name: &str) -> Result<(), String> {
    let out = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("{name} could not be started: {e}"))?;
    if out.status.success() {
        return Ok(());
    }
    let err = String::from_utf8_lossy(&out.stderr);
    let err = err.trim();
    Err(format!(
        "{name} failed ({}){}{}",
        out.status,
        if err.is_empty() { "" } else { ": " },
        err.chars().take(300).collect::<String>()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_program_is_named_in_the_warning() {
        let empty = tempfile::tempdir().unwrap();
        let e = Engine::find(Some(empty.path().as_os_str())).unwrap_err();
        assert!(e.contains("espeak-ng was not found"), "{e}");
        assert!(e.contains("apt-get install espeak-ng lame"), "{e}");
        assert!(Engine::find(None).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn programs_are_found_only_when_executable() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        for name in ["espeak-ng", "lame"] {
            std::fs::write(dir.path().join(name), "#!/bin/sh\n").unwrap();
        }
        let path = std::env::join_paths([Path::new("/nonexistent"), dir.path()]).unwrap();
        let e = Engine::find(Some(&path)).unwrap_err();
        assert!(e.contains("espeak-ng"), "not executable yet: {e}");
        for name in ["espeak-ng", "lame"] {
            let p = dir.path().join(name);
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let engine = Engine::find(Some(&path)).unwrap();
        assert_eq!(engine.espeak, dir.path().join("espeak-ng"));
        assert_eq!(engine.lame, dir.path().join("lame"));
    }

    #[test]
    fn the_player_goes_before_the_body_only() {
        let mut page = OutputFile {
            path: "a/index.html".into(),
            body: Body::Html("<h1>T</h1><div class=\"prose\">x</div>".into()),
        };
        let labels = Labels {
            listen: "Nghe".into(),
            download: "Tải <về>".into(),
            minutes: "phút".into(),
        };
        let player = labels.player("ban-tin.mp3", 240_000 * 2);
        assert!(insert_player(&mut page, &player));
        let Body::Html(html) = &page.body else {
            unreachable!()
        };
        let html = html.text();
        assert!(
            html.starts_with("<h1>T</h1><figure class=\"audio\"><figcaption>Nghe (~2 phút)"),
            "{html}"
        );
        assert!(
            html.contains("preload=\"none\" src=\"ban-tin.mp3\""),
            "{html}"
        );
        assert!(html.contains("Tải &lt;về&gt; (MP3, 469 KB)"), "{html}");
        // One player, before the first body only; a page without a body
        // (or a body's class only in text) gets none.
        assert_eq!(html.matches("<figure").count(), 1, "{html}");
        let mut other = OutputFile {
            path: "b/index.html".into(),
            body: Body::Html(
                "<p>&lt;div class=\"prose\"&gt;</p><div class=\"prosex\"></div>".into(),
            ),
        };
        assert!(!insert_player(&mut other, &player));
    }
}
