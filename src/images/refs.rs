//! Which images each content file uses, and where they are on disk.
//!
//! Three kinds of use: front matter `image`, a story's `photo`, and
//! Markdown images in bodies. A path starting with `/` is under `static/`;
//! any other is relative to the Markdown file (a page bundle's own files).
//! Remote images (`https://…`) are left alone. A path that leads outside
//! the portal's `content/` and `static/` folders, by `..` or by a symbolic
//! link, is refused.

use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{Event, Options, Parser, Tag};
use rayon::prelude::*;

use crate::config::Config;
use crate::content::field_line;
use crate::content::kinds::KindData;
use crate::error::Diagnostic;
use crate::site::Site;

/// Where in a page an image is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// Front matter `image`.
    Image,
    /// A story's `photo`.
    Photo,
    /// A Markdown image in the body.
    Body,
}

/// One use of a local image by a content file.
#[derive(Debug, Clone)]
pub(crate) struct Use {
    /// The Markdown file (portal-relative).
    pub doc: PathBuf,
    /// The path as written.
    pub written: String,
    /// File line of the use.
    pub line: Option<usize>,
    /// Where it is used.
    pub role: Role,
    /// The file, canonical.
    pub file: PathBuf,
    /// The file relative to the portal, for messages.
    pub rel: PathBuf,
}

/// True for images that are not files of the portal: served from elsewhere
/// (`https://…`, `//host/…`) or any other URL scheme (`data:`, and unsafe
/// ones such as `javascript:`, which the Markdown stage drops).
pub(crate) fn is_remote(path: &str) -> bool {
    path.starts_with("//") || has_scheme(path)
}

/// An RFC 3986 scheme (`letter *(letter / digit / + / - / .)`) followed by
/// `:` before any `/`, `?` or `#`.
fn has_scheme(path: &str) -> bool {
    let Some((scheme, _)) = path.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Every local image use of every page and section, with errors for paths
/// that are missing or lead outside the portal.
pub(crate) fn collect(site: &Site, config: &Config) -> (Vec<Use>, Vec<Diagnostic>) {
    let mut found = Found {
        config,
        uses: Vec::new(),
        diags: Vec::new(),
    };
    // A fallback page repeats its original's file: its uses are the original's.
    // The default language comes first, so messages name the original page.
    let mut pages: Vec<&crate::site::Page> = site.pages.iter().filter(|p| !p.fallback).collect();
    pages.sort_by_key(|p| &p.lang != config.default_lang());
    // Parsing the bodies is the work; noting the uses, in page order, is not.
    let bodies: Vec<Vec<(String, usize)>> = pages
        .par_iter()
        .map(|p| markdown_images(&p.markdown))
        .collect();
    for (p, images) in pages.into_iter().zip(bodies) {
        found.page(p, images);
    }
    for s in &site.sections {
        if let Some(rel) = &s.rel {
            for (dest, line) in markdown_images(&s.markdown) {
                found.add(rel, &[], &dest, Some(s.body_line + line - 1), Role::Body);
            }
        }
    }
    (found.uses, found.diags)
}

/// The image uses and errors [`collect`] has found so far.
struct Found<'a> {
    config: &'a Config,
    uses: Vec<Use>,
    diags: Vec<Diagnostic>,
}

impl Found<'_> {
    /// A page's images: front matter `image`, a story's `photo`, and the
    /// images of its body (`body_images`, from [`markdown_images`]), in
    /// that order.
    fn page(&mut self, p: &crate::site::Page, body_images: Vec<(String, usize)>) {
        if let Some(img) = &p.front.common.image {
            let line = field_line(&p.field_lines, "image");
            self.add(&p.rel, &p.assets, img, line, Role::Image);
        }
        if let KindData::Story(st) = &p.front.data {
            if let Some(photo) = &st.photo {
                let line = field_line(&p.field_lines, "photo");
                self.add(&p.rel, &p.assets, photo, line, Role::Photo);
            }
        }
        for (dest, line) in body_images {
            let line = Some(p.body_line + line - 1);
            self.add(&p.rel, &p.assets, &dest, line, Role::Body);
        }
    }

    /// One use of `written` by the file `doc` (whose bundle files are
    /// `assets`): a [`Use`] of the file it names, an error if there is no
    /// such file inside the portal, nothing for a remote image.
    fn add(
        &mut self,
        doc: &Path,
        assets: &[(PathBuf, String)],
        written: &str,
        line: Option<usize>,
        role: Role,
    ) {
        if is_remote(written) {
            return;
        }
        let on_disk = original_name(self.config, doc, assets, written);
        match locate(self.config, doc, on_disk.as_deref().unwrap_or(written)) {
            Ok((file, rel)) => self.uses.push(Use {
                doc: doc.to_path_buf(),
                written: written.to_string(),
                line,
                role,
                file,
                rel,
            }),
            Err(why) => {
                let d = Diagnostic::error(doc, format!("image `{written}`: {why}"));
                self.diags.push(match line {
                    Some(l) => d.at_line(l),
                    None => d,
                });
            }
        }
    }
}

/// A bundle file's name as it is on disk when `written` is its folded
/// output name (front matter `image: Ảnh 1.jpg` is rewritten to `anh-1.jpg`
/// when the site is modelled; see `site::follow_folded_names`).
fn original_name(
    config: &Config,
    doc: &Path,
    assets: &[(PathBuf, String)],
    written: &str,
) -> Option<String> {
    let dir = config.root.join(doc.parent()?);
    let wanted = written.trim_start_matches("./");
    assets.iter().find_map(|(src, name)| {
        if name != wanted {
            return None;
        }
        let on_disk = src.strip_prefix(&dir).ok()?;
        Some(on_disk.to_string_lossy().replace('\\', "/"))
    })
}

/// The Markdown images of a body: destination and 1-based line.
pub(crate) fn markdown_images(src: &str) -> Vec<(String, usize)> {
    // Only `![` starts an image (inline, reference or collapsed): a page
    // without one, most of them, needs no parse.
    if memchr::memmem::find(src.as_bytes(), b"![").is_none() {
        return Vec::new();
    }
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut lines = crate::markdown::Lines::new(src);
    Parser::new_ext(src, opts)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                Some((dest_url.to_string(), lines.line_of(range.start)))
            }
            _ => None,
        })
        .collect()
}

/// Finds the file an image path written in `doc` names: the canonical path
/// and the portal-relative one.
pub(crate) fn locate(
    config: &Config,
    doc: &Path,
    written: &str,
) -> Result<(PathBuf, PathBuf), String> {
    let clean = written.split(['?', '#']).next().unwrap_or_default();
    let outside = || "it points outside the portal's content/ and static/ folders".to_string();
    let joined = match clean.strip_prefix('/') {
        Some(inner) => Path::new("static").join(inner),
        None => doc.parent().unwrap_or(Path::new("")).join(clean),
    };
    let rel = crate::fs::normalize(&joined).ok_or_else(outside)?;
    let top = rel.components().next();
    if !matches!(top, Some(Component::Normal(t)) if t == "content" || t == "static") {
        return Err(outside());
    }
    let path = config.root.join(&rel);
    if !path.is_file() {
        return Err(format!(
            "the file does not exist (looked for {})",
            rel.display()
        ));
    }
    let real = path
        .canonicalize()
        .map_err(|e| format!("it cannot be read ({e})"))?;
    let inside = ["content", "static"]
        .iter()
        .filter_map(|d| config.root.join(d).canonicalize().ok())
        .any(|d| real.starts_with(d));
    if !inside {
        return Err(format!("{} (through a link)", outside()));
    }
    Ok((real, rel))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_images_with_lines_and_not_in_code() {
        let md = "Đoạn.\n\n![Ảnh](a.jpg)\n\n```\n![no](b.jpg)\n```\n\nText ![x](/c.png \"t\")\n";
        assert_eq!(
            markdown_images(md),
            [("a.jpg".to_string(), 3), ("/c.png".to_string(), 9)]
        );
    }

    #[test]
    fn paths_stay_inside_content_and_static() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/tin/a")).unwrap();
        std::fs::create_dir_all(root.join("static/anh")).unwrap();
        std::fs::write(root.join("content/tin/a/x.jpg"), b"x").unwrap();
        std::fs::write(root.join("static/anh/y.jpg"), b"y").unwrap();
        std::fs::write(root.join("site.toml"), b"s").unwrap();
        let mut config =
            Config::from_toml("base_url = \"https://e.org\"\ntitle = \"T\"\n").unwrap();
        config.root = root.to_path_buf();
        let doc = Path::new("content/tin/a/index.md");
        assert_eq!(
            locate(&config, doc, "x.jpg").unwrap().1,
            Path::new("content/tin/a/x.jpg")
        );
        assert_eq!(
            locate(&config, doc, "/anh/y.jpg").unwrap().1,
            Path::new("static/anh/y.jpg")
        );
        for bad in [
            "../../../site.toml",
            "../../../../etc/passwd",
            "/../site.toml",
        ] {
            assert!(
                locate(&config, doc, bad).unwrap_err().contains("outside"),
                "{bad}"
            );
        }
        assert!(
            locate(&config, doc, "khong.jpg")
                .unwrap_err()
                .contains("does not exist")
        );
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("site.toml"), root.join("content/tin/a/l.jpg"))
                .unwrap();
            assert!(
                locate(&config, doc, "l.jpg")
                    .unwrap_err()
                    .contains("outside")
            );
        }
    }
}
