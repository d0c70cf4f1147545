//! The processed-image cache: `<root>/.loa-cache/images/<key>/`.
//!
//! A key is a hash of the source file's bytes, the quality and the
//! processing version, so an unchanged photo is never decoded again, and
//! editing a photo or the quality makes new files without deleting old
//! ones. Each key's folder holds `meta.json` (the upright size) and one file
//! per output (`960.webp`, `share.jpg`); changing `widths` adds files to
//! it. Files are written under a temporary name and renamed, so an
//! interrupted build never leaves a half file that a later one would trust.
//! `seen/` maps a source's path, size and modification time to its key, so
//! an unchanged photo is not even read. The folder is safe to delete at any
//! time.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

use crate::artifact::Body;
use crate::config::ImagesConfig;

/// Bump when processing changes in a way that changes the output files.
const VERSION: &str = "loa-images-1";

/// What we remember about a source without decoding it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Meta {
    /// Upright width.
    pub width: u32,
    /// Upright height.
    pub height: u32,
    /// Has transparency (published as PNG, not JPEG).
    pub alpha: bool,
}

/// Where processed files are kept between builds.
#[derive(Debug)]
pub(crate) struct Cache {
    dir: PathBuf,
}

/// A key for a source file's path, size and modification time: when it
/// has not changed, [`Cache::remembered`] gives its content key without
/// reading the file (hundreds of photos are then not hashed again).
pub(crate) fn stat_key(
    path: &Path,
    meta: &std::fs::Metadata,
    settings: &ImagesConfig,
) -> Option<String> {
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    let mut h = blake3::Hasher::new();
    h.update(VERSION.as_bytes());
    h.update(&[settings.quality]);
    h.update(path.as_os_str().as_encoded_bytes());
    h.update(&meta.len().to_le_bytes());
    h.update(&modified.as_nanos().to_le_bytes());
    Some(h.finalize().to_hex()[..32].to_string())
}

/// The cache key of a source's bytes under these settings.
pub(crate) fn key(bytes: &[u8], settings: &ImagesConfig) -> String {
    let mut h = blake3::Hasher::new();
    h.update(VERSION.as_bytes());
    h.update(&[settings.quality]);
    h.update(blake3::hash(bytes).as_bytes());
    h.finalize().to_hex()[..20].to_string()
}

impl Cache {
    /// The cache of the portal at `root`.
    pub(crate) fn new(root: &Path) -> Cache {
        Cache {
            dir: root.join(".loa-cache").join("images"),
        }
    }

    fn entry(&self, key: &str) -> PathBuf {
        self.dir.join(key)
    }

    /// What a previous build learned about this key, if anything.
    pub(crate) fn meta(&self, key: &str) -> Option<Meta> {
        let text = std::fs::read(self.entry(key).join("meta.json")).ok()?;
        serde_json::from_slice(&text).ok()
    }

    /// The cached file `name` of `key`, when a previous build made it.
    pub(crate) fn get(&self, key: &str, name: &str) -> Option<PathBuf> {
        let path = self.entry(key).join(name);
        path.is_file().then_some(path)
    }

    /// Stores a file; returns how the output should read it. When the cache
    /// cannot be written (a read-only portal) the bytes stay in memory and
    /// the error says why, for a warning.
    pub(crate) fn put(&self, key: &str, name: &str, bytes: Vec<u8>) -> (Body, Option<String>) {
        let path = self.entry(key).join(name);
        match write_atomic(&path, &bytes) {
            Ok(()) => (Body::Copy(path), None),
            Err(e) => (Body::Bytes(bytes), Some(e)),
        }
    }

    /// The content key last seen for a [`stat_key`].
    pub(crate) fn remembered(&self, stat: &str) -> Option<String> {
        let key = std::fs::read_to_string(self.dir.join("seen").join(stat)).ok()?;
        let ok = key.len() == 20 && key.bytes().all(|b| b.is_ascii_hexdigit());
        ok.then_some(key)
    }

    /// Remembers the content key of a [`stat_key`].
    pub(crate) fn remember(&self, stat: &str, key: &str) {
        // Only a shortcut: without it the file is read and hashed again.
        let _ = write_atomic(&self.dir.join("seen").join(stat), key.as_bytes());
    }

    /// Records the size of a key's source.
    pub(crate) fn put_meta(&self, key: &str, meta: &Meta) -> Option<String> {
        let json = serde_json::to_vec(meta).unwrap_or_default();
        write_atomic(&self.entry(key).join("meta.json"), &json).err()
    }
}

fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    // Unique per process and call: two builds (or threads) may make the same file.
    static SERIAL: AtomicUsize = AtomicUsize::new(0);
    let n = SERIAL.fetch_add(1, Ordering::Relaxed);
    let tmp = path.with_extension(format!("tmp-{}-{n}", std::process::id()));
    crate::fs::write(&tmp, bytes).map_err(|e| e.to_string())?;
    crate::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        e.to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_follows_bytes_and_quality_only() {
        let s = ImagesConfig::default();
        let k = key(b"photo", &s);
        assert_eq!(k, key(b"photo", &s));
        assert_ne!(k, key(b"photo2", &s));
        let q = ImagesConfig {
            quality: 60,
            ..ImagesConfig::default()
        };
        assert_ne!(k, key(b"photo", &q));
        let w = ImagesConfig {
            widths: vec![100],
            ..ImagesConfig::default()
        };
        assert_eq!(k, key(b"photo", &w), "widths add files to the same entry");
    }

    #[test]
    fn stored_files_come_back() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path());
        assert!(cache.get("k", "480.jpg").is_none());
        let (body, err) = cache.put("k", "480.jpg", b"x".to_vec());
        assert!(err.is_none() && matches!(body, Body::Copy(_)));
        assert!(cache.get("k", "480.jpg").is_some());
        let meta = Meta {
            width: 4,
            height: 3,
            alpha: false,
        };
        assert!(cache.put_meta("k", &meta).is_none());
        assert_eq!(cache.meta("k"), Some(meta));
    }
}
