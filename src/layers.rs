//! The rule of the arrows, checked: each module may use only modules of a
//! lower layer (see `docs/architecture.md` for the picture).
//!
//! The test reads every `crate::<module>` path in `src/` and fails on one
//! that points up or sideways, naming the file, the line and the rule, so a
//! newcomer who adds an import against the pipeline's direction learns it
//! at `cargo test`, not in review. A small text scan rather than a workspace
//! of crates: one crate keeps build and test times down on a 2-core machine,
//! and the scan sees `use` lines and inline paths alike.

/// Layers, lowest first. A module may use modules of lower layers only;
/// modules within one layer do not use each other.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "words: diagnostics, language, time",
        &["error", "i18n", "time", "progress", "mem"],
    ),
    (
        "vocabulary: files, URLs, artifacts, escaping",
        &["fs", "url", "artifact", "escape"],
    ),
    ("settings: site.toml as plain types", &["config"]),
    ("content: one file, one typed document", &["content"]),
    (
        "inputs beside content: the register, Markdown",
        &["data", "markdown"],
    ),
    ("site: where pages stand (URLs, sections, terms)", &["site"]),
    ("images: photos pages use", &["images"]),
    (
        "bodies: Markdown rendered, links and images known",
        &["bodies"],
    ),
    ("render: files in memory", &["render"]),
    ("output: files on disk", &["output"]),
    ("the editor's files (a build product)", &["editor"]),
    ("pipeline: runs the stages", &["pipeline"]),
    (
        "consumers: never used by the core",
        &["serve", "check", "scaffold"],
    ),
];

/// Known arrows against the rule, each waiting for its fix (issue 18).
/// The test fails if one of these is fixed and not removed from here, so
/// the list can only shrink.
const KNOWN: &[(&str, &str)] = &[];

// The whole module is compiled for tests only (see lib.rs); said again
// here so a reader of this file alone sees it.
#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    fn layer_of(module: &str) -> Option<usize> {
        LAYERS.iter().position(|(_, ms)| ms.contains(&module))
    }

    /// The top-level module a file under `src/` belongs to.
    fn module_of(rel: &Path) -> String {
        let first = rel.components().next().expect("a path under src");
        let name = first.as_os_str().to_string_lossy();
        name.trim_end_matches(".rs").to_string()
    }

    /// Every `crate::<module>` a line names, outside comments.
    fn targets(line: &str) -> Vec<String> {
        let code = line.split("//").next().unwrap_or("");
        let mut out = Vec::new();
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            // `crate::{a, b}` groups are not used in this crate; a module
            // name is always spelled out.
            if !name.is_empty() {
                out.push(name);
            }
            rest = after;
        }
        out
    }

    /// Every arrow in `src/`: (from, to, file:line).
    fn arrows() -> Vec<(String, String, String)> {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut out = Vec::new();
        for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
            let entry = entry.expect("walk src");
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(&src).expect("under src");
            let from = module_of(rel);
            let text = std::fs::read_to_string(path).expect("read a source file");
            for (i, line) in text.lines().enumerate() {
                for to in targets(line) {
                    if to != from {
                        let at = format!("src/{}:{}", rel.display(), i + 1);
                        out.push((from.clone(), to, at));
                    }
                }
            }
        }
        out
    }

    /// Why `from -> to` breaks the rule, or `None` when it keeps it.
    fn breach(from: &str, to: &str) -> Option<String> {
        // The binary's own modules (main, cli, progress_bar) and lib.rs
        // stand above everything.
        let f = layer_of(from)?;
        let Some(t) = layer_of(to) else {
            return Some(format!("`{to}` is not in any layer of src/layers.rs"));
        };
        if t < f {
            return None;
        }
        let (fname, tname) = (LAYERS[f].0, LAYERS[t].0);
        Some(if t == f {
            format!(
                "`{from}` and `{to}` are in the same layer ({fname}) and may not use each other"
            )
        } else {
            format!("`{from}` ({fname}) may not use `{to}` ({tname}), a later layer")
        })
    }

    #[test]
    fn every_module_is_in_a_layer() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let lib = std::fs::read_to_string(src.join("lib.rs")).expect("lib.rs");
        for line in lib.lines() {
            let Some(name) = line
                .strip_prefix("pub mod ")
                .or_else(|| line.strip_prefix("mod "))
            else {
                continue;
            };
            let name = name.trim_end_matches(';');
            if name == "layers" {
                continue;
            }
            assert!(
                layer_of(name).is_some(),
                "src/lib.rs declares `{name}`, which no layer of src/layers.rs names: add it to the layer it belongs to"
            );
        }
    }

    #[test]
    fn arrows_point_one_way() {
        let mut found = Vec::new();
        let mut known_seen = BTreeSet::new();
        for (from, to, at) in arrows() {
            let Some(why) = breach(&from, &to) else {
                continue;
            };
            if KNOWN.contains(&(from.as_str(), to.as_str())) {
                known_seen.insert((from, to));
                continue;
            }
            found.push(format!("{at}: {why}"));
        }
        assert!(
            found.is_empty(),
            "imports against the pipeline's direction (config -> content -> markdown -> site -> render -> output; consumers last):\n{}\nMove the shared type or function down to a lower layer (see docs/architecture.md).",
            found.join("\n")
        );
        let fixed: Vec<_> = KNOWN
            .iter()
            .filter(|k| !known_seen.contains(&(k.0.to_string(), k.1.to_string())))
            .collect();
        assert!(
            fixed.is_empty(),
            "these known breaches are gone: remove them from KNOWN in src/layers.rs: {fixed:?}"
        );
    }

    /// File-system calls, spelled as this crate spells them.
    const IO: &[&str] = &[
        "std::fs",
        "fs::read",
        "File::open",
        "WalkDir",
        ".is_file()",
        ".is_dir()",
        ".exists()",
        ".metadata(",
        "fs::canonicalize",
    ];

    /// The stages between reading and writing work on values only: content
    /// has read every file they need (`static/` included), so they can be
    /// tested in memory and give the same answer for the same input.
    #[test]
    fn the_middle_stages_do_no_io() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut found = Vec::new();
        for dir in ["site", "bodies", "markdown"] {
            for entry in walkdir::WalkDir::new(src.join(dir)).sort_by_file_name() {
                let entry = entry.expect("walk src");
                let path = entry.path();
                if path.extension().is_none_or(|e| e != "rs") {
                    continue;
                }
                let text = std::fs::read_to_string(path).expect("read a source file");
                // Tests may make files; the code above them may not.
                let code = text.split("#[cfg(test)]\nmod ").next().unwrap_or("");
                for (i, line) in code.lines().enumerate() {
                    let line = line.split("//").next().unwrap_or("");
                    if let Some(call) = IO.iter().find(|c| line.contains(*c)) {
                        let rel = path.strip_prefix(&src).expect("under src");
                        found.push(format!("src/{}:{}: `{call}`", rel.display(), i + 1));
                    }
                }
            }
        }
        assert!(
            found.is_empty(),
            "site, bodies and markdown do no file-system IO (read what they need in content, write in output):\n{}",
            found.join("\n")
        );
    }

    #[test]
    fn the_check_catches_an_arrow_against_the_rule() {
        // The scan itself: a line naming a later layer is found and refused.
        assert_eq!(
            targets("use crate::render::Renderer; // crate::x"),
            ["render"]
        );
        assert!(breach("config", "render").is_some());
        assert!(breach("render", "site").is_none());
        assert!(breach("serve", "check").is_some(), "consumers stay apart");
        assert!(breach("content", "data").is_some());
    }
}
