//! A small harness: make a portal in a temporary folder, build it, read the output.

#![allow(dead_code)]

pub mod fixture;
pub mod golden;
pub mod http;
pub mod links;
pub mod photos;

use std::path::{Path, PathBuf};

use loa::{BuildError, BuildOptions, BuildReport, Diagnostic};

/// A bilingual site.toml with minification off, so tests can match HTML text.
pub const SITE_TOML: &str = r#"
base_url = "https://example.org/"
title = "Cổng thử"
minify = false
paginate = 10

[languages.vi]
name = "Tiếng Việt"
title = "Cổng thử"

[languages.en]
name = "English"
title = "Test portal"
"#;

/// A portal folder under construction.
pub struct Portal {
    dir: tempfile::TempDir,
    /// Extra options for the build.
    pub opts: BuildOptions,
}

impl Portal {
    /// An empty portal with the standard site.toml and a home page.
    pub fn new() -> Portal {
        Portal::with_config(SITE_TOML)
    }

    /// An empty portal with the given site.toml.
    pub fn with_config(site_toml: &str) -> Portal {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("portal");
        std::fs::create_dir_all(&root).expect("portal dir");
        let p = Portal {
            dir,
            opts: BuildOptions {
                root: root.clone(),
                now: Some("2026-11-22T12:00:00+07:00".into()),
                ..Default::default()
            },
        };
        p.file("site.toml", site_toml);
        p
    }

    /// A copy of the fixture folder `tests/fixtures/<name>/` (its site.toml
    /// included), so a test can change files without touching the fixture.
    pub fn from_fixture(name: &str) -> Portal {
        let src = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        let site = std::fs::read_to_string(src.join("site.toml"))
            .unwrap_or_else(|e| panic!("fixture {name}: {e}"));
        let p = Portal::with_config(&site);
        for rel in list_files(&src) {
            let bytes = std::fs::read(src.join(&rel)).expect("read fixture file");
            p.bytes(&rel, &bytes);
        }
        p
    }

    /// The portal root.
    pub fn root(&self) -> PathBuf {
        self.opts.root.clone()
    }

    /// The default output folder.
    pub fn out(&self) -> PathBuf {
        self.opts
            .output
            .clone()
            .unwrap_or_else(|| self.root().join("public"))
    }

    /// Writes a file (parents created) relative to the portal root.
    pub fn file(&self, rel: &str, text: &str) -> &Portal {
        self.bytes(rel, text.as_bytes())
    }

    /// Writes raw bytes relative to the portal root.
    pub fn bytes(&self, rel: &str, bytes: &[u8]) -> &Portal {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, bytes).expect("write");
        self
    }

    /// A page with just a title and body.
    pub fn page(&self, rel: &str, title: &str, body: &str) -> &Portal {
        self.file(rel, &format!("---\ntitle: \"{title}\"\n---\n{body}\n"))
    }

    /// A section index.
    pub fn section(&self, dir: &str, title: &str, kind: &str) -> &Portal {
        self.file(
            &format!("content/{dir}/_index.md"),
            &format!("---\ntitle: \"{title}\"\nkind: {kind}\n---\n"),
        )
    }

    /// Builds with the current options.
    pub fn build(&self) -> Result<BuildReport, BuildError> {
        loa::build(&self.opts)
    }

    /// Builds and panics with the diagnostics if it fails.
    pub fn build_ok(&self) -> BuildReport {
        match self.build() {
            Ok(r) => r,
            Err(BuildError::Content(d)) => panic!("build failed:\n{}", render(&d)),
            Err(e) => panic!("build failed: {e}"),
        }
    }

    /// Builds, expecting content errors, and returns them as text lines.
    pub fn build_errors(&self) -> Vec<String> {
        match self.build() {
            Ok(_) => panic!("build unexpectedly succeeded"),
            Err(BuildError::Content(d)) => d
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.to_string())
                .collect(),
            Err(e) => vec![e.to_string()],
        }
    }

    /// Reads an output file as text.
    pub fn read(&self, rel: &str) -> String {
        let path = self.out().join(rel);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    /// True when the output file exists.
    pub fn exists(&self, rel: &str) -> bool {
        self.out().join(rel).exists()
    }

    /// Every file of the output, relative and sorted.
    pub fn output_files(&self) -> Vec<String> {
        list_files(&self.out())
    }

    /// The temp folder that holds the portal (for checking stray files).
    pub fn sandbox(&self) -> &Path {
        self.dir.path()
    }
}

/// Every file under `dir`, relative, sorted.
pub fn list_files(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .expect("prefix")
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    out.sort();
    out
}

fn render(d: &[Diagnostic]) -> String {
    d.iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}
