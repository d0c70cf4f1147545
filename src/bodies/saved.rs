//! The form in which `loa build` keeps a [`BodyCache`]'s bodies for the
//! next build (`pipeline::kept_bodies` reads and writes the file): every
//! body as rendered, with its Markdown's hash and the lookups it made. The
//! next build reuses a body under the rules of the cache in memory (same
//! Markdown, same answers to the same lookups), so a rebuild after an edit
//! renders only the edited pages' Markdown.
//!
//! Kept bodies are valid only under the key they were kept with (what else
//! they depend on: loa itself and the Markdown options); another key, or
//! bytes that are not this form, and none is reused. The tables of
//! contents are kept flat (level, id, title) and nested again on reading,
//! so no depth in the bytes drives a recursion.
//!
//! [`BodyCache`]: super::BodyCache

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::{BodyKey, Cached, ImageAsk};
use crate::i18n::Lang;
use crate::markdown::{self, LinkOutcome, Problem, Rendered, TocEntry};

/// The layout's version: a file of another layout is not read.
const VERSION: &str = concat!("loa-bodies ", env!("CARGO_PKG_VERSION"), " v1");

/// The file: its layout's version, the key it is valid under, the bodies.
#[derive(Serialize, Deserialize)]
struct File<'a> {
    version: Cow<'a, str>,
    key: Cow<'a, str>,
    #[serde(borrow)]
    entries: Vec<Entry<'a>>,
}

/// One body as kept ([`Cached`], flattened).
#[derive(Serialize, Deserialize)]
struct Entry<'a> {
    rel: Cow<'a, str>,
    lang: Cow<'a, str>,
    section: bool,
    markdown: [u8; 32],
    header: bool,
    links: Vec<(Cow<'a, str>, Outcome<'a>)>,
    images: Vec<Image<'a>>,
    #[serde(borrow)]
    html: Text<'a>,
    #[serde(borrow)]
    summary_html: Option<Text<'a>>,
    /// Headings in document order: level, id, title.
    toc: Vec<(u8, Cow<'a, str>, Cow<'a, str>)>,
    words: u64,
    reading_minutes: u64,
    has_code: bool,
    anchors: Vec<Cow<'a, str>>,
    problems: Vec<(u64, Cow<'a, str>)>,
}

/// A body's HTML, most of the file's bytes: read back borrowed from them
/// and checked as UTF-8 with simdutf8, which takes a fraction of the
/// standard check's time on Vietnamese text (that check was a twentieth of
/// an edit build's CPU at 10,000 pages). Written as a string, so the
/// bytes are those a `Cow<str>` wrote.
#[derive(Serialize)]
#[serde(transparent)]
struct Text<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let bytes = <&'de [u8]>::deserialize(d)?;
        simdutf8::basic::from_utf8(bytes)
            .map(|s| Text(Cow::Borrowed(s)))
            .map_err(|_| serde::de::Error::custom("a kept body is not UTF-8"))
    }
}

#[derive(Serialize, Deserialize)]
enum Outcome<'a> {
    Keep,
    Rewrite(Cow<'a, str>),
    Broken(Cow<'a, str>),
}

#[derive(Serialize, Deserialize)]
struct Image<'a> {
    dest: Cow<'a, str>,
    alt: Cow<'a, str>,
    title: Cow<'a, str>,
    nth: u64,
    block: u64,
    answer: Option<Cow<'a, str>>,
}

/// The bodies `bytes` hold under `key`; none when they are not this form,
/// or were kept under another key.
pub(super) fn decode(bytes: &[u8], key: &str) -> HashMap<BodyKey, Cached> {
    let file: File<'_> = match postcard::from_bytes(bytes) {
        Ok(f) => f,
        Err(_) => return HashMap::new(),
    };
    if file.version != VERSION || file.key != key {
        return HashMap::new();
    }
    file.entries.into_iter().filter_map(from_entry).collect()
}

/// Writes `bodies` under `key` to `out` as they are serialized, never
/// whole in memory (60 MB at 10,000 pages).
pub(super) fn encode(
    bodies: &HashMap<BodyKey, Cached>,
    key: &str,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let file = File {
        version: VERSION.into(),
        key: key.into(),
        entries: bodies.iter().filter_map(to_entry).collect(),
    };
    postcard::to_io(&file, out).map_err(std::io::Error::other)?;
    Ok(())
}

fn to_entry<'a>((key, c): (&'a BodyKey, &'a Cached)) -> Option<Entry<'a>> {
    let r = &c.rendered;
    let mut toc = Vec::new();
    flatten(&r.toc, &mut toc);
    Some(Entry {
        // A path that is not UTF-8 is not kept: its page renders again.
        rel: Cow::Borrowed(key.rel.to_str()?),
        lang: Cow::Borrowed(key.lang.as_str()),
        section: key.section,
        markdown: *c.markdown.as_bytes(),
        header: c.header,
        links: c
            .links
            .iter()
            .map(|(t, o)| {
                let o = match o {
                    LinkOutcome::Keep => Outcome::Keep,
                    LinkOutcome::Rewrite(u) => Outcome::Rewrite(Cow::Borrowed(u)),
                    LinkOutcome::Broken(m) => Outcome::Broken(Cow::Borrowed(m)),
                };
                (Cow::Borrowed(t.as_str()), o)
            })
            .collect(),
        images: c
            .images
            .iter()
            .map(|i| Image {
                dest: Cow::Borrowed(&i.dest),
                alt: Cow::Borrowed(&i.alt),
                title: Cow::Borrowed(&i.title),
                nth: i.nth as u64,
                block: i.block as u64,
                answer: i.answer.as_deref().map(Cow::Borrowed),
            })
            .collect(),
        html: Text(Cow::Borrowed(&r.html)),
        summary_html: r.summary_html.as_deref().map(|s| Text(Cow::Borrowed(s))),
        toc,
        words: r.words as u64,
        reading_minutes: r.reading_minutes as u64,
        has_code: r.has_code,
        anchors: r
            .anchors
            .iter()
            .map(|a| Cow::Borrowed(a.as_str()))
            .collect(),
        problems: r
            .problems
            .iter()
            .map(|p| (p.line as u64, Cow::Borrowed(p.message.as_str())))
            .collect(),
    })
}

/// The headings of a table of contents in document order. Its depth is at
/// most the six heading levels: [`markdown::nest`] made it.
fn flatten<'a>(toc: &'a [TocEntry], out: &mut Vec<(u8, Cow<'a, str>, Cow<'a, str>)>) {
    for t in toc {
        out.push((t.level, Cow::Borrowed(&t.id), Cow::Borrowed(&t.title)));
        flatten(&t.children, out);
    }
}

fn from_entry(e: Entry<'_>) -> Option<(BodyKey, Cached)> {
    let key = BodyKey {
        rel: PathBuf::from(e.rel.into_owned()),
        lang: Lang::parse(&e.lang)?,
        section: e.section,
    };
    let size = |n: u64| usize::try_from(n).ok();
    let mut images = Vec::with_capacity(e.images.len());
    for i in e.images {
        images.push(ImageAsk {
            dest: i.dest.into_owned(),
            alt: i.alt.into_owned(),
            title: i.title.into_owned(),
            nth: size(i.nth)?,
            block: size(i.block)?,
            answer: i.answer.map(Cow::into_owned),
        });
    }
    let mut problems = Vec::with_capacity(e.problems.len());
    for (line, message) in e.problems {
        problems.push(Problem {
            line: size(line)?,
            message: message.into_owned(),
        });
    }
    let rendered = Rendered {
        html: e.html.0.into_owned(),
        summary_html: e.summary_html.map(|s| s.0.into_owned()),
        toc: markdown::nest(
            e.toc
                .into_iter()
                .map(|(l, id, title)| (l, id.into_owned(), title.into_owned()))
                .collect(),
        ),
        words: size(e.words)?,
        reading_minutes: size(e.reading_minutes)?,
        has_code: e.has_code,
        anchors: e.anchors.into_iter().map(Cow::into_owned).collect(),
        problems,
    };
    let links = e
        .links
        .into_iter()
        .map(|(t, o)| {
            let o = match o {
                Outcome::Keep => LinkOutcome::Keep,
                Outcome::Rewrite(u) => LinkOutcome::Rewrite(u.into_owned()),
                Outcome::Broken(m) => LinkOutcome::Broken(m.into_owned()),
            };
            (t.into_owned(), o)
        })
        .collect();
    let cached = Cached {
        markdown: blake3::Hash::from_bytes(e.markdown),
        header: e.header,
        links,
        images,
        rendered: std::sync::Arc::new(rendered),
    };
    Some((key, cached))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body() -> (BodyKey, Cached) {
        let key = BodyKey {
            rel: PathBuf::from("tin-tuc/bai.md"),
            lang: Lang::parse("vi").expect("vi"),
            section: false,
        };
        let toc = markdown::nest(vec![
            (2, "a".into(), "A".into()),
            (3, "a-1".into(), "A.1".into()),
            (2, "b".into(), "B".into()),
        ]);
        let rendered = Rendered {
            html: "<p>Xin chào</p>".into(),
            summary_html: Some("<p>Xin</p>".into()),
            toc,
            words: 2,
            reading_minutes: 1,
            has_code: true,
            anchors: vec!["a".into(), "a-1".into(), "b".into()],
            problems: vec![Problem {
                line: 3,
                message: "liên kết hỏng".into(),
            }],
        };
        let cached = Cached {
            markdown: blake3::hash(b"Xin chao"),
            header: true,
            links: vec![
                ("b.md".into(), LinkOutcome::Rewrite("/b/".into())),
                ("x.md".into(), LinkOutcome::Broken("no x".into())),
                ("https://a.vn".into(), LinkOutcome::Keep),
            ],
            images: vec![ImageAsk {
                dest: "anh.jpg".into(),
                alt: "Ảnh".into(),
                title: String::new(),
                nth: 0,
                block: 2,
                answer: Some("<picture></picture>".into()),
            }],
            rendered: std::sync::Arc::new(rendered),
        };
        (key, cached)
    }

    /// Everything a kept body holds, as text, to compare two of them.
    fn shown(c: &Cached) -> String {
        let images: Vec<_> = c
            .images
            .iter()
            .map(|i| (&i.dest, &i.alt, &i.title, i.nth, i.block, &i.answer))
            .collect();
        format!(
            "{} {} {:?} {images:?} {:?}",
            c.markdown, c.header, c.links, c.rendered
        )
    }

    #[test]
    fn bodies_come_back_as_kept_under_the_same_key_only() {
        let (key, cached) = body();
        let want = shown(&cached);
        let mut bytes = Vec::new();
        encode(&HashMap::from([(key.clone(), cached)]), "key 1", &mut bytes).expect("encode");
        let back = decode(&bytes, "key 1");
        assert_eq!(back.len(), 1);
        assert_eq!(shown(&back[&key]), want);
        assert_eq!(back[&key].rendered.toc[0].children[0].id, "a-1");
        assert!(decode(&bytes, "key 2").is_empty(), "read under another key");
        let cut = &bytes[..bytes.len() - 5];
        assert!(decode(cut, "key 1").is_empty(), "read bytes cut short");
        assert!(decode(b"", "key 1").is_empty());
    }

    #[test]
    fn a_body_that_is_not_utf8_is_not_read() {
        let (key, cached) = body();
        let mut bytes = Vec::new();
        encode(&HashMap::from([(key, cached)]), "key 1", &mut bytes).expect("encode");
        // "à" of the body's "Xin chào" becomes two bytes no UTF-8 text holds.
        let html = "<p>Xin chào</p>".as_bytes();
        let at = bytes
            .windows(html.len())
            .position(|w| w == html)
            .expect("the body's HTML is in the file");
        let a = at + "<p>Xin ch".len();
        bytes[a..a + 2].copy_from_slice(&[0xff, 0xfe]);
        assert!(decode(&bytes, "key 1").is_empty());
    }
}
