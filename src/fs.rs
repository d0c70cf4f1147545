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

/// The order of `walkdir`'s `sort_by_file_name` for two entries of one
/// folder, compared as whole paths: the folder's part is the same, so the
/// names decide, byte by byte, without taking each path apart to find its
/// name at every comparison (which was a percent of a 10k-page build).
pub fn sibling_order(a: &walkdir::DirEntry, b: &walkdir::DirEntry) -> std::cmp::Ordering {
    a.path().as_os_str().cmp(b.path().as_os_str())
}

/// The order of `Path`'s `cmp` (component by component) for relative paths
/// without empty, `.` or `..` components, such as a walk's paths stripped
/// of its root: the bytes compared with the separator below every other
/// byte, which is what ordering by components comes to, without splitting
/// the paths into components at every comparison.
pub fn path_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    let (a, b) = (
        a.as_os_str().as_encoded_bytes(),
        b.as_os_str().as_encoded_bytes(),
    );
    let same = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let at = |s: &[u8]| {
        s.get(same).map(|&c| {
            if std::path::is_separator(char::from(c)) {
                0
            } else {
                c
            }
        })
    };
    at(a).cmp(&at(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Paths from a small alphabet, so that shared prefixes, names that
        /// are prefixes of others and bytes on either side of `/` (`-`,
        /// `.`, `0`) come up often.
        #[test]
        fn path_order_is_component_order(
            a in proptest::collection::vec("[-.0aáZ]{1,3}", 1..4),
            b in proptest::collection::vec("[-.0aáZ]{1,3}", 1..4),
        ) {
            let ok = |parts: &[String]| parts.iter().all(|p| p != "." && p != "..");
            proptest::prop_assume!(ok(&a) && ok(&b));
            let (a, b) = (PathBuf::from(a.join("/")), PathBuf::from(b.join("/")));
            proptest::prop_assert_eq!(path_order(&a, &b), a.cmp(&b), "{:?} {:?}", a, b);
        }
    }

    #[test]
    fn sibling_order_is_name_order() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b", "a-b", "a", "a.b", "ab", "á", "Z", "a0"] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        let names = |walk: walkdir::WalkDir| -> Vec<String> {
            walk.min_depth(1)
                .into_iter()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        };
        assert_eq!(
            names(walkdir::WalkDir::new(dir.path()).sort_by(sibling_order)),
            names(walkdir::WalkDir::new(dir.path()).sort_by_file_name())
        );
    }
}
