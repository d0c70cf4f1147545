//! Decap CMS's local backend, answered by `loa serve --editor`.
//!
//! With `local_backend` in its configuration, Decap sends every read and
//! write as a JSON `POST` to one URL (`{"action": "getEntry", "params":
//! {...}}`); npm's `decap-server` answers them from the working folder.
//! Staff have no Node.js, so loa answers the same actions itself, from the
//! portal folder, restricted to `content/` and the editor's media folder:
//! any other path, `..`, an absolute path, or a symbolic link leading out is
//! refused.
//!
//! Decap names translations `<slug>.<lang>.md` for every language, the
//! default one included; loa's convention keeps the default language as
//! `<slug>.md` (both are read the same way by the build). So this backend
//! shows `<slug>.md` to Decap as `<slug>.vi.md`, reads and writes it under
//! its own name, and writes a new Vietnamese page as `<slug>.md`. Section
//! indexes (`_index.md`) are not entries and are not listed.

use std::path::{Component, Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::{Value, json};

/// The URL path Decap posts to.
pub const API_PATH: &str = "/api/v1";

/// The local backend of one portal.
#[derive(Debug, Clone)]
pub struct LocalBackend {
    /// The portal folder, canonical.
    root: PathBuf,
    /// Folders (relative, `/`-separated) Decap may read and write.
    allowed: Vec<String>,
    /// The default language code (`vi`).
    default_lang: String,
    /// Every configured language code.
    langs: Vec<String>,
}

/// A refused or failed request: HTTP status and message.
type Failure = (u16, String);

impl LocalBackend {
    /// A backend for the portal at `root`, allowing `content/` and `media_folder`.
    pub fn new(
        root: &Path,
        media_folder: &str,
        default_lang: &str,
        langs: &[String],
    ) -> std::io::Result<LocalBackend> {
        Ok(LocalBackend {
            root: std::fs::canonicalize(root)?,
            allowed: vec!["content".into(), media_folder.trim_end_matches('/').into()],
            default_lang: default_lang.into(),
            langs: langs.to_vec(),
        })
    }

    /// Answers one request body with a status and a JSON reply.
    pub fn handle(&self, body: &[u8]) -> (u16, Value) {
        let request: Value = match serde_json::from_slice(body) {
            Ok(v) => v,
            Err(e) => return (400, json!({ "error": format!("not JSON: {e}") })),
        };
        let action = request.get("action").and_then(Value::as_str).unwrap_or("");
        let params = request.get("params").cloned().unwrap_or(Value::Null);
        match self.act(action, &params) {
            Ok(v) => (200, v),
            Err((status, message)) => (status, json!({ "error": message })),
        }
    }

    /// Runs one Decap action. One arm per action of Decap's local-backend
    /// protocol: the list of what this backend answers, so it stays whole;
    /// each action of more than a line is a method of its own.
    fn act(&self, action: &str, p: &Value) -> Result<Value, Failure> {
        let text = |key: &str| -> Result<&str, Failure> {
            p.get(key)
                .and_then(Value::as_str)
                .ok_or((422, format!("`{key}` is missing")))
        };
        match action {
            "info" => Ok(self.info()),
            "entriesByFolder" => {
                let extension = p.get("extension").and_then(Value::as_str).unwrap_or("md");
                let depth = p.get("depth").and_then(Value::as_u64).unwrap_or(1);
                self.entries_by_folder(text("folder")?, extension, depth)
            }
            "entriesByFiles" => self.entries_by_files(&array_of(p, "files")),
            "getEntry" => {
                let path = text("path")?;
                self.check(path)?;
                Ok(self.entry(path))
            }
            "persistEntry" => self.persist_entry(p),
            "getMedia" => self.media_in(text("mediaFolder")?),
            "getMediaFile" => self.media_file(text("path")?),
            "persistMedia" => {
                let asset = p.get("asset").cloned().unwrap_or(Value::Null);
                let path = str_of(&asset, "path");
                self.write(path, &decode(&asset)?)?;
                self.media_file(path)
            }
            "deleteFile" => {
                let path = text("path")?;
                self.delete(path)?;
                Ok(json!({ "message": format!("deleted file {path}") }))
            }
            "deleteFiles" => {
                for path in &array_of(p, "paths") {
                    self.delete(path.as_str().unwrap_or(""))?;
                }
                Ok(json!({ "message": "deleted files" }))
            }
            "getDeployPreview" => Ok(Value::Null),
            other => Err((422, format!("unknown action `{other}`"))),
        }
    }

    /// `info`: what Decap shows as the repository, and the one publish mode.
    fn info(&self) -> Value {
        json!({
            "repo": self.root.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            "publish_modes": ["simple"],
            "type": "local_fs",
        })
    }

    /// `entriesByFolder`: every entry in a folder of a collection.
    fn entries_by_folder(
        &self,
        folder: &str,
        extension: &str,
        depth: u64,
    ) -> Result<Value, Failure> {
        let files = self.list(folder, extension, depth)?;
        Ok(Value::Array(files.iter().map(|f| self.entry(f)).collect()))
    }

    /// `entriesByFiles`: the named entries, each keeping the label Decap gave it.
    fn entries_by_files(&self, files: &[Value]) -> Result<Value, Failure> {
        let mut out = Vec::new();
        for f in files {
            let path = str_of(f, "path");
            self.check(path)?;
            let mut e = self.entry(path);
            if let Some(label) = f.get("label") {
                e["file"]["label"] = label.clone();
            }
            out.push(e);
        }
        Ok(Value::Array(out))
    }

    /// `getMedia`: every file of the media folder, with its bytes.
    fn media_in(&self, folder: &str) -> Result<Value, Failure> {
        let files = self.list(folder, "", 1)?;
        let mut out = Vec::new();
        for f in files {
            out.push(self.media_file(&f)?);
        }
        Ok(Value::Array(out))
    }

    /// `persistEntry`: saves an entry's files (one per language) and the
    /// photos sent with it, then renames any file given a `newPath`. All
    /// paths are checked and the pages validated before anything is
    /// written, so a refused save changes nothing.
    fn persist_entry(&self, p: &Value) -> Result<Value, Failure> {
        let mut files = array_of(p, "dataFiles");
        if files.is_empty() {
            if let Some(e) = p.get("entry") {
                files.push(e.clone());
            }
        }
        // Decap writes every language's file, a blank one ("\n") for a
        // language nobody wrote in; that is not a translation yet.
        files.retain(|f| !self.blank_translation(f));
        let assets = array_of(p, "assets");
        self.check_entry_paths(&files, &assets)?;
        self.validate_pages(&files)?;
        for f in &files {
            self.write(str_of(f, "path"), str_of(f, "raw").as_bytes())?;
        }
        for a in &assets {
            self.write(str_of(a, "path"), &decode(a)?)?;
        }
        self.rename_moved(&files)?;
        Ok(json!({ "message": "entry persisted" }))
    }

    /// Refuses the save if any path it names (old, new, photo) is outside
    /// what the editor may change.
    fn check_entry_paths(&self, files: &[Value], assets: &[Value]) -> Result<(), Failure> {
        for f in files {
            self.on_disk(str_of(f, "path"), false)?;
            if let Some(new) = f.get("newPath").and_then(Value::as_str) {
                self.on_disk(new, false)?;
            }
        }
        for a in assets {
            self.on_disk(str_of(a, "path"), false)?;
        }
        Ok(())
    }

    /// Refuses what the build would refuse, with its words, so the writer
    /// sees the problem in the editor instead of a broken preview.
    fn validate_pages(&self, files: &[Value]) -> Result<(), Failure> {
        for f in files {
            let path = str_of(f, "path");
            if path.ends_with(".md") {
                if let Err(problems) =
                    super::agree::validate_entry(&self.root, path, str_of(f, "raw"))
                {
                    return Err((422, format!("{path}: {}", problems.join("; "))));
                }
            }
        }
        Ok(())
    }

    /// Moves each saved file that has a `newPath` there (a changed slug).
    fn rename_moved(&self, files: &[Value]) -> Result<(), Failure> {
        for f in files {
            if let (Some(from), Some(to)) = (
                f.get("path").and_then(Value::as_str),
                f.get("newPath").and_then(Value::as_str),
            ) {
                let (from, to) = (self.on_disk(from, true)?, self.on_disk(to, false)?);
                if let Some(parent) = to.parent() {
                    std::fs::create_dir_all(parent).map_err(io)?;
                }
                std::fs::rename(&from, &to).map_err(io)?;
            }
        }
        Ok(())
    }

    /// A data file of another language than the default whose text is blank.
    fn blank_translation(&self, f: &Value) -> bool {
        let path = f.get("path").and_then(Value::as_str).unwrap_or("");
        let raw = f.get("raw").and_then(Value::as_str).unwrap_or("");
        let lang = path
            .strip_suffix(".md")
            .and_then(|stem| stem.rsplit_once('.'))
            .map(|(_, l)| l);
        raw.trim().is_empty()
            && lang.is_some_and(|l| l != self.default_lang && self.langs.iter().any(|c| c == l))
    }

    /// Refuses a path outside the allowed folders (before any mapping).
    fn check(&self, path: &str) -> Result<(), Failure> {
        let refused = || {
            (
                403,
                format!(
                    "`{path}` is outside the folders the editor may change (content/ and the media folder)"
                ),
            )
        };
        if path.is_empty() || path.contains(['\\', '\0']) {
            return Err(refused());
        }
        let p = Path::new(path);
        if !p.components().all(|c| matches!(c, Component::Normal(_))) {
            return Err(refused());
        }
        if !self
            .allowed
            .iter()
            .any(|a| path == a || path.starts_with(&format!("{a}/")))
        {
            return Err(refused());
        }
        Ok(())
    }

    /// The file on disk for a path Decap names, after [`Self::check`] and
    /// with symbolic links resolved to stay inside the portal.
    fn on_disk(&self, path: &str, must_exist: bool) -> Result<PathBuf, Failure> {
        self.check(path)?;
        let mut candidates = vec![self.root.join(path)];
        if let Some(plain) = self.default_lang_alias(path) {
            // An existing `<slug>.vi.md` wins; otherwise loa's `<slug>.md`.
            if !candidates[0].exists() {
                candidates = vec![self.root.join(plain)];
            }
        }
        let target = candidates.swap_remove(0);
        // The deepest part of the path that exists must resolve inside the
        // root (a symbolic link in content/ may not lead out).
        let mut existing = target.as_path();
        while !existing.exists() {
            match existing.parent() {
                Some(parent) => existing = parent,
                None => break,
            }
        }
        let real = std::fs::canonicalize(existing).map_err(io)?;
        if !real.starts_with(&self.root) {
            return Err((403, format!("`{path}` leads outside the portal")));
        }
        if must_exist && !target.is_file() {
            return Err((404, format!("`{path}` does not exist")));
        }
        Ok(target)
    }

    /// `content/x/slug.vi.md` -> `content/x/slug.md` for the default language.
    fn default_lang_alias(&self, path: &str) -> Option<String> {
        let stem = path.strip_suffix(".md")?;
        let base = stem.strip_suffix(&format!(".{}", self.default_lang))?;
        Some(format!("{base}.md"))
    }

    /// How a file on disk is named to Decap: `slug.md` as `slug.vi.md`.
    fn decap_name(&self, rel: &str) -> String {
        let Some(stem) = rel.strip_suffix(".md") else {
            return rel.to_string();
        };
        let name = stem.rsplit('/').next().unwrap_or(stem);
        let has_lang = name
            .rsplit_once('.')
            .is_some_and(|(_, l)| self.langs.iter().any(|c| c == l));
        if has_lang || !rel.starts_with("content/") {
            rel.to_string()
        } else {
            format!("{stem}.{}.md", self.default_lang)
        }
    }

    /// Files under `folder` (Decap's names), `depth` levels down, ending in `extension`.
    fn list(&self, folder: &str, extension: &str, depth: u64) -> Result<Vec<String>, Failure> {
        let folder = folder.trim_end_matches('/');
        self.check(folder)?;
        let dir = self.root.join(folder);
        if !dir.is_dir() {
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        let walker = walkdir::WalkDir::new(&dir)
            .max_depth(usize::try_from(depth).unwrap_or(1))
            .sort_by_file_name();
        for entry in walker.into_iter().filter_map(Result::ok) {
            if !entry.file_type().is_file() {
                continue;
            }
            let name = entry.file_name().to_string_lossy();
            if name.starts_with('.') || name.starts_with("_index") || !name.ends_with(extension) {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(&self.root) else {
                continue;
            };
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push(self.decap_name(&rel));
        }
        Ok(out)
    }

    /// `{data, file: {path, id}}`, with `data: null` for a missing file.
    fn entry(&self, path: &str) -> Value {
        match self
            .on_disk(path, true)
            .and_then(|p| std::fs::read(p).map_err(io))
        {
            Ok(bytes) => json!({
                "data": String::from_utf8_lossy(&bytes),
                "file": { "path": path, "id": blake3::hash(&bytes).to_hex().to_string() },
            }),
            Err(_) => json!({ "data": null, "file": { "path": path, "id": null } }),
        }
    }

    fn media_file(&self, path: &str) -> Result<Value, Failure> {
        let bytes = std::fs::read(self.on_disk(path, true)?).map_err(io)?;
        Ok(json!({
            "id": blake3::hash(&bytes).to_hex().to_string(),
            "content": BASE64.encode(&bytes),
            "encoding": "base64",
            "path": path,
            "name": path.rsplit('/').next().unwrap_or(path),
        }))
    }

    /// Writes through a temporary file and a rename, so the preview's
    /// watcher never rebuilds from half a file.
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Failure> {
        let target = self.on_disk(path, false)?;
        let parent = target
            .parent()
            .ok_or((403, format!("`{path}` has no folder")))?;
        std::fs::create_dir_all(parent).map_err(io)?;
        let tmp = parent.join(format!(
            ".{}.loa-editor-{}",
            target
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default(),
            std::process::id()
        ));
        std::fs::write(&tmp, bytes).map_err(io)?;
        std::fs::rename(&tmp, &target).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            io(e)
        })
    }

    fn delete(&self, path: &str) -> Result<(), Failure> {
        let target = self.on_disk(path, false)?;
        match std::fs::remove_file(&target) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io(e)),
            _ => Ok(()),
        }
    }
}

fn io(e: std::io::Error) -> Failure {
    (500, e.to_string())
}

/// The text at `key` of a request object, or "" (Decap leaves out empty fields).
fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// The array at `key` of a request object, or none.
fn array_of(v: &Value, key: &str) -> Vec<Value> {
    v.get(key)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// The bytes of an asset sent as `{content, encoding}`.
fn decode(asset: &Value) -> Result<Vec<u8>, Failure> {
    let content = asset.get("content").and_then(Value::as_str).unwrap_or("");
    match asset.get("encoding").and_then(Value::as_str) {
        Some("base64") => BASE64
            .decode(content.trim())
            .map_err(|e| (422, format!("asset is not valid base64: {e}"))),
        _ => Ok(content.as_bytes().to_vec()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn portal() -> (tempfile::TempDir, LocalBackend) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/tin-tuc")).unwrap();
        std::fs::create_dir_all(root.join("static/anh")).unwrap();
        std::fs::write(root.join("site.toml"), "secret").unwrap();
        std::fs::write(
            root.join("content/tin-tuc/_index.md"),
            "---\ntitle: T\n---\n",
        )
        .unwrap();
        std::fs::write(root.join("content/tin-tuc/a.md"), "---\ntitle: A\n---\n").unwrap();
        std::fs::write(
            root.join("content/tin-tuc/a.en.md"),
            "---\ntitle: A en\n---\n",
        )
        .unwrap();
        let b = LocalBackend::new(root, "static/anh", "vi", &["vi".into(), "en".into()]).unwrap();
        (dir, b)
    }

    fn call(b: &LocalBackend, action: &str, params: Value) -> (u16, Value) {
        b.handle(
            json!({ "action": action, "params": params })
                .to_string()
                .as_bytes(),
        )
    }

    #[test]
    fn lists_entries_under_decap_names_without_indexes() {
        let (_d, b) = portal();
        let (status, v) = call(
            &b,
            "entriesByFolder",
            json!({"folder": "content/tin-tuc", "extension": "md", "depth": 1}),
        );
        assert_eq!(status, 200);
        let paths: Vec<&str> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["file"]["path"].as_str().unwrap())
            .collect();
        assert_eq!(
            paths,
            ["content/tin-tuc/a.en.md", "content/tin-tuc/a.vi.md"]
        );
        let (_, e) = call(&b, "getEntry", json!({"path": "content/tin-tuc/a.vi.md"}));
        assert_eq!(e["data"], "---\ntitle: A\n---\n");
    }

    #[test]
    fn writes_default_language_under_loa_name() {
        let (d, b) = portal();
        let raw = "---\ntitle: Mới\n---\nBài.\n";
        let (status, _) = call(
            &b,
            "persistEntry",
            json!({
                "dataFiles": [
                    {"path": "content/tin-tuc/moi.vi.md", "raw": raw},
                    {"path": "content/tin-tuc/moi.en.md", "raw": "---\ntitle: New\n---\n"}
                ],
                "assets": [{"path": "static/anh/x.png", "content": BASE64.encode(b"png"), "encoding": "base64"}]
            }),
        );
        assert_eq!(status, 200);
        let root = d.path();
        assert_eq!(
            std::fs::read_to_string(root.join("content/tin-tuc/moi.md")).unwrap(),
            raw
        );
        assert!(!root.join("content/tin-tuc/moi.vi.md").exists());
        assert!(root.join("content/tin-tuc/moi.en.md").is_file());
        assert_eq!(
            std::fs::read(root.join("static/anh/x.png")).unwrap(),
            b"png"
        );
        let (_, m) = call(&b, "getMedia", json!({"mediaFolder": "static/anh"}));
        assert_eq!(m[0]["name"], "x.png");
    }

    #[test]
    fn refuses_paths_outside_content_and_media() {
        let (d, b) = portal();
        for path in [
            "site.toml",
            "../x.md",
            "content/../site.toml",
            "/etc/passwd",
            "content/tin-tuc/..\\..\\site.toml",
            "static/other/x.png",
            "contents/x.md",
            "",
        ] {
            let (status, v) = call(
                &b,
                "persistEntry",
                json!({"dataFiles": [{"path": path, "raw": "x"}], "assets": []}),
            );
            assert_eq!(status, 403, "{path}: {v}");
            let (status, _) = call(&b, "getEntry", json!({"path": path}));
            assert_eq!(status, 403, "{path}");
            let (status, _) = call(&b, "deleteFile", json!({"path": path}));
            assert_eq!(status, 403, "{path}");
        }
        assert_eq!(
            std::fs::read_to_string(d.path().join("site.toml")).unwrap(),
            "secret"
        );
        // An allowed entry with a refused asset writes nothing at all.
        let (status, _) = call(
            &b,
            "persistEntry",
            json!({
                "dataFiles": [{"path": "content/tin-tuc/b.vi.md", "raw": "x"}],
                "assets": [{"path": "templates/x.html", "content": "x", "encoding": "utf8"}]
            }),
        );
        assert_eq!(status, 403);
        assert!(!d.path().join("content/tin-tuc/b.md").exists());
    }

    #[cfg(unix)]
    #[test]
    fn refuses_symbolic_links_that_lead_out() {
        let (d, b) = portal();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("private.md"), "private").unwrap();
        std::os::unix::fs::symlink(outside.path(), d.path().join("content/link")).unwrap();
        let (status, _) = call(
            &b,
            "getMediaFile",
            json!({"path": "content/link/private.md"}),
        );
        assert_eq!(status, 403);
        let (status, _) = call(
            &b,
            "persistEntry",
            json!({"dataFiles": [{"path": "content/link/new.md", "raw": "x"}], "assets": []}),
        );
        assert_eq!(status, 403);
        assert!(!outside.path().join("new.md").exists());
    }

    #[test]
    fn a_page_the_build_would_refuse_is_not_written() {
        let (d, b) = portal();
        std::fs::write(
            d.path().join("content/tin-tuc/_index.md"),
            "---\ntitle: T\nkind: job_fairs\n---\n",
        )
        .unwrap();
        // An English file with the dates but no title, as Decap writes when
        // a translation is not started.
        let (status, v) = call(
            &b,
            "persistEntry",
            json!({
                "dataFiles": [
                    {"path": "content/tin-tuc/p.vi.md", "raw": "---\ntitle: P\nstart: 2027-04-15T07:30:00+07:00\nend: 2027-04-15T11:30:00+07:00\nvenue: V\n---\n"},
                    {"path": "content/tin-tuc/p.en.md", "raw": "---\nstart: 2027-04-15T07:30:00+07:00\n---\n"}
                ],
                "assets": []
            }),
        );
        assert_eq!(status, 422, "{v}");
        assert!(v["error"].as_str().unwrap().contains("title"), "{v}");
        assert!(!d.path().join("content/tin-tuc/p.md").exists());
    }

    #[test]
    fn a_blank_translation_is_not_written() {
        let (d, b) = portal();
        let (status, v) = call(
            &b,
            "persistEntry",
            json!({
                "dataFiles": [
                    {"path": "content/tin-tuc/c.vi.md", "raw": "---\ntitle: C\n---\n"},
                    {"path": "content/tin-tuc/c.en.md", "raw": "\n"}
                ],
                "assets": []
            }),
        );
        assert_eq!(status, 200, "{v}");
        assert!(d.path().join("content/tin-tuc/c.md").is_file());
        assert!(!d.path().join("content/tin-tuc/c.en.md").exists());
    }

    #[test]
    fn unknown_actions_and_bad_json_are_refused() {
        let (_d, b) = portal();
        assert_eq!(b.handle(b"{").0, 400);
        assert_eq!(call(&b, "format", json!({})).0, 422);
        assert_eq!(call(&b, "info", json!({})).1["type"], "local_fs");
    }
}
