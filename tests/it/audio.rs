//! The bulletin read aloud (`[bulletin] audio = true`, #21): the loa binary
//! is run with a `PATH` holding only stand-in `espeak-ng` and `lame`
//! scripts that record their calls, so the tests neither need nor use the
//! real programs (and are not slowed by them).

use std::path::Path;
use std::process::Command;

use crate::common::{Portal, SITE_TOML};

/// A portal with audio on: one Vietnamese article (with a bulletin) and its
/// English translation (without one).
fn portal(audio: bool) -> Portal {
    let p = Portal::with_config(&format!("{SITE_TOML}\n[bulletin]\naudio = {audio}\n"));
    p.page("content/_index.md", "Trang chủ", "x")
        .page("content/_index.en.md", "Home", "x")
        .section("tin-tuc", "Tin tức", "articles")
        .file(
            "content/tin-tuc/tin.md",
            "---\ntitle: \"Tuyển 25 lao động\"\ndate: 2026-11-20\n---\nHạn nộp hồ sơ 10/12/2026.\n",
        )
        .file(
            "content/tin-tuc/tin.en.md",
            "---\ntitle: \"Hiring 25 workers\"\ndate: 2026-11-20\n---\nApply by 10 December.\n",
        );
    p
}

/// The smallest valid WAV: a RIFF header and no samples (22050 Hz mono 16-bit).
fn tiny_wav() -> Vec<u8> {
    let mut w = Vec::new();
    w.extend_from_slice(b"RIFF");
    w.extend_from_slice(&36u32.to_le_bytes());
    w.extend_from_slice(b"WAVEfmt ");
    w.extend_from_slice(&16u32.to_le_bytes());
    w.extend_from_slice(&1u16.to_le_bytes());
    w.extend_from_slice(&1u16.to_le_bytes());
    w.extend_from_slice(&22050u32.to_le_bytes());
    w.extend_from_slice(&44100u32.to_le_bytes());
    w.extend_from_slice(&2u16.to_le_bytes());
    w.extend_from_slice(&16u16.to_le_bytes());
    w.extend_from_slice(b"data");
    w.extend_from_slice(&0u32.to_le_bytes());
    w
}

/// What the stand-in `lame` writes as its MP3.
const FAKE_MP3: &[u8] = b"ID3\x04\x00\x00\x00\x00\x00\x00fake-mp3";

/// A folder of stand-ins: `espeak-ng` copies a tiny WAV to its `-w`
/// argument (or fails with `espeak_exit`), `lame` writes [`FAKE_MP3`] to
/// its last argument; both append their arguments to `calls.log`.
#[cfg(unix)]
fn stand_ins(dir: &Path, espeak_exit: u8) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("tiny.wav"), tiny_wav()).unwrap();
    std::fs::write(dir.join("fake.mp3"), FAKE_MP3).unwrap();
    let here = dir.display();
    let espeak = format!(
        "#!/bin/sh\necho \"espeak-ng $*\" >> '{here}/calls.log'\nif [ {espeak_exit} -ne 0 ]; then echo 'voice vi not found' >&2; exit {espeak_exit}; fi\nwhile [ $# -gt 0 ]; do if [ \"$1\" = -w ]; then /bin/cp '{here}/tiny.wav' \"$2\"; fi; shift; done\n"
    );
    let lame = format!(
        "#!/bin/sh\necho \"lame $*\" >> '{here}/calls.log'\nfor a in \"$@\"; do last=$a; done\n/bin/cp '{here}/fake.mp3' \"$last\"\n"
    );
    for (name, script) in [("espeak-ng", espeak), ("lame", lame)] {
        let p = dir.join(name);
        std::fs::write(&p, script).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

/// Runs `loa build` on `p` with `PATH` set to `path` only; its stderr.
fn build_with_path(p: &Portal, path: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_loa"))
        .args(["build", "--now", "2026-11-22T12:00:00+07:00", "--root"])
        .arg(p.root())
        .env("PATH", path)
        .output()
        .expect("run loa");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "build failed:\n{stderr}");
    stderr
}

fn calls(dir: &Path) -> Vec<String> {
    std::fs::read_to_string(dir.join("calls.log"))
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

#[cfg(unix)]
#[test]
fn with_an_engine_the_page_links_its_spoken_bulletin_and_the_cache_is_used_next_time() {
    let p = portal(true);
    let bin = p.sandbox().join("bin");
    stand_ins(&bin, 0);
    let stderr = build_with_path(&p, &bin);
    assert!(!stderr.contains("audio"), "no warning expected:\n{stderr}");
    assert_eq!(p.read("tin-tuc/tin/ban-tin.mp3").as_bytes(), FAKE_MP3);
    assert_eq!(p.read("ban-tin/ban-tin-tuan.mp3").as_bytes(), FAKE_MP3);
    let html = p.read("tin-tuc/tin/index.html");
    assert!(
        html.contains("<audio controls preload=\"none\" src=\"ban-tin.mp3\">"),
        "{html}"
    );
    assert!(html.contains("<a href=\"ban-tin.mp3\" download>"), "{html}");
    // English pages have no bulletin, so no player.
    assert!(!p.read("en/tin-tuc/tin/index.html").contains("<audio"));
    assert!(!p.exists("en/tin-tuc/tin/ban-tin.mp3"));
    // Two texts (the page's and the week's), each spoken once and encoded once.
    let first = calls(&bin);
    assert_eq!(first.len(), 4, "{first:?}");
    assert_eq!(
        first
            .iter()
            .filter(|c| c.starts_with("espeak-ng -v vi "))
            .count(),
        2
    );
    assert_eq!(first.iter().filter(|c| c.starts_with("lame ")).count(), 2);

    // Unchanged: nothing is spoken again, and the site is the same.
    build_with_path(&p, &bin);
    assert_eq!(calls(&bin).len(), 4, "{:?}", calls(&bin));
    assert!(
        p.read("tin-tuc/tin/index.html")
            .contains("src=\"ban-tin.mp3\"")
    );
    assert_eq!(p.read("tin-tuc/tin/ban-tin.mp3").as_bytes(), FAKE_MP3);

    // One page changed: that page and the week are spoken again.
    p.file(
        "content/tin-tuc/tin.md",
        "---\ntitle: \"Tuyển 30 lao động\"\ndate: 2026-11-20\n---\nHạn mới.\n",
    );
    build_with_path(&p, &bin);
    assert_eq!(calls(&bin).len(), 8, "{:?}", calls(&bin));
    // The speech of the old texts is dropped from the cache.
    let cached = std::fs::read_dir(p.root().join(".loa-cache/audio"))
        .unwrap()
        .count();
    assert_eq!(cached, 2);
}

#[test]
fn without_an_engine_there_is_one_warning_and_no_link() {
    let p = portal(true);
    let empty = p.sandbox().join("empty-bin");
    std::fs::create_dir_all(&empty).unwrap();
    let stderr = build_with_path(&p, &empty);
    assert_eq!(
        stderr.matches("espeak-ng was not found on PATH").count(),
        1,
        "{stderr}"
    );
    assert!(
        stderr.contains("apt-get install espeak-ng lame"),
        "{stderr}"
    );
    // At `audio = true`, the last line of the test's site.toml.
    let line = SITE_TOML.matches('\n').count() + 3;
    assert!(stderr.contains(&format!("site.toml:{line}:")), "{stderr}");
    assert!(!p.read("tin-tuc/tin/index.html").contains("<audio"));
    assert!(!p.exists("tin-tuc/tin/ban-tin.mp3"));
    assert!(p.exists("tin-tuc/tin/ban-tin.txt"));
}

#[cfg(unix)]
#[test]
fn audio_off_by_default_runs_nothing_even_with_an_engine() {
    let p = portal(false);
    let bin = p.sandbox().join("bin");
    stand_ins(&bin, 0);
    let stderr = build_with_path(&p, &bin);
    assert!(!stderr.contains("audio"), "{stderr}");
    assert!(calls(&bin).is_empty());
    assert!(!p.read("tin-tuc/tin/index.html").contains("<audio"));
}

#[cfg(unix)]
#[test]
fn a_failing_engine_is_a_warning_naming_the_page_not_a_failed_build() {
    let p = portal(true);
    let bin = p.sandbox().join("bin");
    stand_ins(&bin, 3);
    let stderr = build_with_path(&p, &bin);
    assert!(
        stderr.contains("tin-tuc/tin/ban-tin.txt") && stderr.contains("voice vi not found"),
        "{stderr}"
    );
    assert!(!p.read("tin-tuc/tin/index.html").contains("<audio"));
    assert!(!p.exists("tin-tuc/tin/ban-tin.mp3"));
    // Nothing half-made is left in the cache to be taken for speech later.
    let cache = p.root().join(".loa-cache/audio");
    let left: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
