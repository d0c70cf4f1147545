//! One-page edits in `loa build`: when only the text of some pages changed
//! since the last build, only the files that show that text are made again
//! and put in place of theirs; every other file of the site is already
//! what a full build would write.
//!
//! Each build without warnings leaves `.loa-cache/edits-<name>.json`:
//!
//! - a fingerprint of every input but the pages' Markdown (config, theme,
//!   data, static files, bundle files, the loa binary, the options), by
//!   identity, as the no-change shortcut takes it (`unchanged::Inputs`);
//! - per page, the fingerprint of its *face*, what other files show of it
//!   (everything the site model holds of it but the Markdown, and of its
//!   rendered body the summary, reading time, headings' ids and whether it
//!   has code), and of its *text* (the body itself);
//! - one fingerprint of the rest of the model (sections with their bodies,
//!   taxonomies, menus, redirects, the images and who uses them);
//! - the output folder's fingerprint, and the moment rules of the
//!   no-change shortcut (same day, before the next scheduled change).
//!
//! The next build reads and renders the bodies of every page as usual (the
//! search index needs them all), then compares. When the other inputs, the
//! rest and every face are the same and the output folder is as left, the
//! pages whose text changed are rendered again with what shows their text
//! (`Renderer::render_texts_of`), and those files replace theirs in place
//! (`output::patch`), each whole, after all are written. Anything else,
//! or any doubt, and the build is a full one.

use std::fmt::Write as _;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::bodies::Bodies;
use crate::images::ImageSet;
use crate::site::Site;
use crate::site::schedule::NextChange;
use crate::time::Moment;

/// The record's version: a record from another loa or layout is not used.
const VERSION: &str = concat!("loa-edits ", env!("CARGO_PKG_VERSION"), " v1");

/// What a build leaves for the next one to compare with.
#[derive(Serialize, Deserialize)]
pub struct Record {
    version: String,
    /// Every input but the pages' Markdown ([`super::unchanged::Inputs::others`]).
    others: String,
    /// The output folder as the build left it.
    output: String,
    /// The build's moment, its day and the next scheduled change.
    since: Moment,
    day: String,
    next_change: Option<NextChange>,
    marks: Marks,
}

/// The fingerprints of a site model (see the module docs).
#[derive(Serialize, Deserialize, PartialEq, Eq, Clone)]
pub struct Marks {
    rest: String,
    /// Per page, in page order.
    pages: Vec<PageMark>,
}

/// One page's fingerprints.
#[derive(Serialize, Deserialize, PartialEq, Eq, Clone)]
struct PageMark {
    /// Source path, language, and whether a fallback copy.
    key: String,
    face: String,
    text: String,
}

/// Feeds what is written to a hasher through a buffer: `{:?}` writes a
/// value in many small pieces, and a hasher takes one big piece faster.
struct Hashing<'a> {
    hasher: &'a mut blake3::Hasher,
    buf: String,
}

impl<'a> Hashing<'a> {
    fn new(hasher: &'a mut blake3::Hasher) -> Hashing<'a> {
        Hashing {
            hasher,
            buf: String::with_capacity(8192),
        }
    }
}

impl std::fmt::Write for Hashing<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        if self.buf.len() + s.len() > self.buf.capacity() {
            self.hasher.update(self.buf.as_bytes());
            self.buf.clear();
        }
        if s.len() >= self.buf.capacity() {
            self.hasher.update(s.as_bytes());
        } else {
            self.buf.push_str(s);
        }
        Ok(())
    }
}

impl Drop for Hashing<'_> {
    fn drop(&mut self) {
        self.hasher.update(self.buf.as_bytes());
    }
}

/// 128 bits of a hash, as hex: enough to tell two versions apart.
fn short(h: blake3::Hasher) -> String {
    h.finalize().to_hex()[..32].to_string()
}

impl Marks {
    /// The fingerprints of a model. `word_count` is whether some template
    /// names `word_count`: only then is a page's word count part of its
    /// face (every edit changes it; the reading time rounds it).
    pub fn of(site: &Site, bodies: &Bodies, images: &ImageSet, word_count: bool) -> Marks {
        // The rest is one hash, written in order on one thread: it runs
        // beside the pages' marks rather than after them.
        let (pages, rest) = rayon::join(
            || {
                (0..site.pages.len())
                    .into_par_iter()
                    .map(|id| page_mark(site, bodies, id, word_count))
                    .collect()
            },
            || rest_mark(site, bodies, images),
        );
        Marks { rest, pages }
    }

    /// The pages whose text alone changed since `before`; `None` when more
    /// than text changed (a face, the rest, pages added or removed).
    fn texts_changed_since(&self, before: &Marks) -> Option<Vec<usize>> {
        if self.rest != before.rest || self.pages.len() != before.pages.len() {
            return None;
        }
        let mut changed = Vec::new();
        for (id, (now, then)) in self.pages.iter().zip(&before.pages).enumerate() {
            if now.key != then.key || now.face != then.face {
                return None;
            }
            if now.text != then.text {
                changed.push(id);
            }
        }
        Some(changed)
    }
}

/// One page's fingerprints. The page is taken apart field by field, so a
/// field added to `Page` or to a rendered body must be placed here (face
/// or text) before this compiles.
fn page_mark(site: &Site, bodies: &Bodies, id: usize, word_count: bool) -> PageMark {
    let crate::site::Page {
        rel,
        lang,
        kind,
        // Made from the YAML text (`front_key`), the path, kind and bundle
        // files (here too) and the config (among the other inputs): the
        // key stands for it at a fraction of the cost of formatting it.
        front: _,
        front_key,
        markdown: _,
        body_line,
        assets,
        url,
        section,
        translations,
        listed,
        field_lines,
        related,
        fallback,
    } = &site.pages[id];
    let crate::markdown::Rendered {
        html,
        summary_html,
        toc,
        words,
        reading_minutes,
        has_code,
        anchors,
        problems,
    } = bodies.page(id);
    let mut face = blake3::Hasher::new();
    let _ = write!(
        Hashing::new(&mut face),
        "{rel:?}{lang:?}{kind:?}{front_key}{body_line}{assets:?}{url:?}{section:?}{translations:?}{listed}{field_lines:?}{related:?}{fallback}\n{reading_minutes}{has_code}{}\n",
        if word_count { *words } else { 0 }
    );
    // Bodies, headings and anchors as bytes, each string after its length:
    // formatting them with `{:?}` escaped every character, and the table
    // of contents alone was 1% of a 10k build's instructions.
    let mut bytes = Vec::new();
    bytes.extend_from_slice(&anchors.len().to_le_bytes());
    for anchor in anchors {
        str_bytes(&mut bytes, anchor);
    }
    str_bytes(&mut bytes, summary_html.as_deref().unwrap_or("\0"));
    face.update(&bytes);
    let mut text = blake3::Hasher::new();
    text.update(&html.len().to_le_bytes());
    text.update(html.as_bytes());
    bytes.clear();
    toc_bytes(&mut bytes, toc);
    text.update(&bytes);
    let _ = write!(Hashing::new(&mut text), "{words}{problems:?}");
    PageMark {
        key: format!("{}\0{lang}\0{fallback}", rel.display()),
        face: short(face),
        text: short(text),
    }
}

/// `s` for a fingerprint: its length, then its bytes.
fn str_bytes(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&s.len().to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

/// A table of contents for a fingerprint: its length, then each entry's
/// level, id, title and children, so that two different tables never give
/// the same bytes. An entry nests only under a shallower heading, so the
/// recursion is at most six deep.
fn toc_bytes(out: &mut Vec<u8>, toc: &[crate::markdown::TocEntry]) {
    out.extend_from_slice(&toc.len().to_le_bytes());
    for entry in toc {
        out.push(entry.level);
        str_bytes(out, &entry.id);
        str_bytes(out, &entry.title);
        toc_bytes(out, &entry.children);
    }
}

/// What the last build was, read back.
impl Record {
    /// The record of a build at `now` that left `output` and had `marks`;
    /// `None` without the fingerprint of the other inputs.
    pub fn new(
        others: Option<&String>,
        output: String,
        now: &Moment,
        next_change: Option<NextChange>,
        marks: Marks,
    ) -> Option<Record> {
        Some(Record {
            version: VERSION.to_string(),
            others: others?.clone(),
            output,
            since: now.clone(),
            day: now.local().date().to_string(),
            next_change,
            marks,
        })
    }

    /// Reads the record at `path`; `None` when missing, unreadable or
    /// from another version.
    pub fn load(path: &std::path::Path) -> Option<Record> {
        let record: Record = super::unchanged::load_json(path)?;
        (record.version == VERSION).then_some(record)
    }

    /// Writes the record (beside, then renamed); a failure only costs the
    /// next build its shortcut.
    pub fn save(&self, path: &std::path::Path) {
        super::unchanged::save_json(self, path);
    }

    /// The pages whose text alone changed, when a build of these inputs at
    /// `now` may redo only what shows them: the other inputs as recorded,
    /// the same day and before the recorded next change (what pages show
    /// of the moment is then the same), and nothing but text changed.
    pub fn texts_to_redo(
        &self,
        others: Option<&String>,
        now: &Moment,
        marks: &Marks,
    ) -> Option<Vec<usize>> {
        let same_moment = now >= &self.since
            && now.local().date().to_string() == self.day
            && self.next_change.as_ref().is_none_or(|n| now < &n.at);
        if others != Some(&self.others) || !same_moment {
            return None;
        }
        marks.texts_changed_since(&self.marks)
    }

    /// Whether the output folder, whose fingerprint is now `output`, is
    /// as the recorded build left it.
    pub fn left(&self, output: &str) -> bool {
        output == self.output
    }
}

/// The record's path for the output folder `dest`.
pub fn record_path(cache: &std::path::Path, dest: &std::path::Path) -> std::path::PathBuf {
    let name = crate::output::folder_name(dest);
    cache.join(format!("edits-{name}.json"))
}

/// The mark of everything but the pages: sections, terms, aliases, menus,
/// static files, scheduled pages and images.
fn rest_mark(site: &Site, bodies: &Bodies, images: &ImageSet) -> String {
    let mut h = blake3::Hasher::new();
    {
        let mut w = Hashing::new(&mut h);
        for (id, s) in site.sections.iter().enumerate() {
            let b = bodies.section(id);
            let _ = write!(
                w,
                "{s:?}\n{}\n{:?}{:?}{}{}{}{:?}{:?}\n",
                b.html,
                b.summary_html,
                b.toc,
                b.words,
                b.reading_minutes,
                b.has_code,
                b.anchors,
                b.problems
            );
        }
        // Field by field: a taxonomy's index by term id is a hash map,
        // whose order differs from run to run.
        for t in &site.taxonomies {
            let _ = writeln!(w, "{}{:?}{}{:?}{:?}", t.id, t.lang, t.name, t.url, t.terms);
        }
        let _ = write!(
            w,
            "{:?}\n{:?}\n{:?}\n{:?}\n{}",
            site.aliases,
            site.menus,
            site.statics,
            site.scheduled,
            images.mark()
        );
    }
    short(h)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::TocEntry;

    fn entry(level: u8, id: &str, title: &str, children: Vec<TocEntry>) -> TocEntry {
        TocEntry {
            level,
            id: id.to_string(),
            title: title.to_string(),
            children,
        }
    }

    fn bytes(toc: &[TocEntry]) -> Vec<u8> {
        let mut out = Vec::new();
        toc_bytes(&mut out, toc);
        out
    }

    /// Tables that differ in any way give different bytes: a heading moved
    /// under another, text moved from one field to the next, a level.
    #[test]
    fn different_tables_of_contents_give_different_bytes() {
        let tables = [
            vec![],
            vec![entry(2, "a", "A", vec![]), entry(3, "b", "B", vec![])],
            vec![entry(2, "a", "A", vec![entry(3, "b", "B", vec![])])],
            vec![entry(2, "a", "A", vec![])],
            vec![entry(2, "ab", "", vec![])],
            vec![entry(2, "a", "b", vec![])],
            vec![entry(2, "", "ab", vec![])],
            vec![entry(3, "a", "b", vec![])],
            vec![entry(2, "a", "b", vec![]), entry(2, "", "", vec![])],
        ];
        for (i, a) in tables.iter().enumerate() {
            for (j, b) in tables.iter().enumerate() {
                assert_eq!(bytes(a) == bytes(b), i == j, "{a:?} / {b:?}");
            }
        }
    }
}
