//! File-system wrappers whose errors always name the path.

use std::path::{Component, Path, PathBuf};

use crate::error::IoError;

/// Reads a whole file as bytes.
pub fn read(path: &Path) -> Result<Vec<u8>, IoError> {
    std::fs::read(path).map_err(|e| IoError::new("cannot read", path, e))
}

/// Writes bytes, creating parent folders as needed.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), IoError> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    std::fs::write(path, bytes).map_err(|e| IoError::new("cannot write", path, e))
}

/// Creates a folder and its parents.
pub fn create_dir_all(path: &Path) -> Result<(), IoError> {
    std::fs::create_dir_all(path).map_err(|e| IoError::new("cannot create folder", path, e))
}

/// Copies a file, creating parent folders as needed.
pub fn copy(from: &Path, to: &Path) -> Result<(), IoError> {
    if let Some(parent) = to.parent() {
        create_dir_all(parent)?;
    }
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| IoError::new("cannot copy", from, e))
}

/// Removes a folder tree if it exists.
pub fn remove_dir_all(path: &Path) -> Result<(), IoError> {
    match std::fs::remove_dir_all(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(IoError::new("cannot remove", path, e)),
    }
}

/// Renames a file or folder.
pub fn rename(from: &Path, to: &Path) -> Result<(), IoError> {
    std::fs::rename(from, to).map_err(|e| IoError::new("cannot move", from, e))
}

/// Resolves `.` and `..` in a relative path without touching the disk;
/// `None` if it climbs above its start or is absolute (so a joined path
/// can be trusted to stay inside the folder it is joined to).
pub fn normalize(p: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            Component::Normal(s) => out.push(s),
            _ => return None,
        }
    }
    Some(out)
}
