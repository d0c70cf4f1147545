//! The site search index: built here, searched in the reader's browser.
//!
//! Why our own index instead of Pagefind: Pagefind ships a few hundred KB
//! of script and WebAssembly, does not fold đ to d, and drops query words it
//! cannot match; a portal's readers type "dong thap" on prepaid data. This
//! index is plain JSON, split so a search loads only what it needs:
//!
//! ```text
//! search/<lang>/meta.json       shard keys, split keys' pieces, document count, chunk size
//! search/<lang>/t/<ab>.json     terms starting with "ab" -> [gap, gap, ..., score, score, ...]
//!                               (and those of the next keys, when "ab" starts a pack)
//! search/<lang>/t/<ab>-<i>.json piece i of a key too big for one file
//! search/<lang>/p/<prefix>-top.json a prefix's best documents: {"total": n, "top": [gap, ..., score, ...]}
//! search/<lang>/s/<prefix>-<i>.json piece i of a prefix's summed scores: [gap, ..., score, ...]
//! search/<lang>/d/<n>.json      documents n*chunk.. : [title, link, section, date, text]
//! ```
//!
//! A term's documents are listed in page order as gaps (the first document
//! number, then the difference to the one before), followed by their scores
//! in the same order: gaps are mostly small and repeat, so a common word's
//! list gzips to a quarter of what "document, score" pairs took.
//!
//! A key whose file would be over [`SHARD_LIMIT`] bytes gzip-compressed is
//! cut, in term order, into pieces under it; `meta.json`'s `split` lists
//! each piece's first term, which is how the script finds the pieces a word
//! (or a prefix) needs, and `shared` how much of that term the piece
//! before's last term shares: a prefix of "information" that the piece
//! before ends short of is not looked for there. A term whose own list is
//! too big starts a piece of its own and continues in the next ones (the
//! same first term repeated), each with a run of its documents. This is
//! Pagefind's idea of word ranges, kept beside the two-character keys so a
//! small portal's index is one file per key as before.
//!
//! Keys whose files are small share one, in key order, up to [`PACK`]
//! bytes: `meta.json`'s `packs` names the file of every key that is not
//! the first of its pack. A small portal holds a few terms per key, and a
//! file each was half of all the files a build wrote.
//!
//! A short query ("th", "ng") matches as the prefix of every word it
//! starts, which on a large portal is dozens of pieces. So every prefix
//! whose words span two pieces or more gets two lists of its own, listed in
//! `meta.json`'s `prefixes` (with the number of pieces of the second),
//! each document scored as the script scores a prefix: summed over the
//! words it starts, the word equal to the prefix counting double. Its top
//! list holds the [`TOP`] best documents and how many match in all, which
//! is all a one-word search shows (the list is every match when its
//! length equals the total). Its summed list holds every matching
//! document once, for a search of several words, which must intersect
//! them: a fraction of the pieces, where a common document came once per
//! word.
//!
//! Terms are folded (no tone or vowel marks, đ -> d, lowercase), so queries
//! with or without accents meet. Synonym groups from site.toml are expanded
//! when indexing: a page that says "xuất khẩu lao động" is also indexed
//! under "xkld", and the reverse.

use std::collections::BTreeMap;
use std::ops::Range;

use memchr::memchr2;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde_json::json;

use super::view::Views;
use crate::artifact::{Body, OutputFile};
use crate::i18n::Lang;
use crate::i18n::fold::{fold, fold_char};
use crate::site::{PageId, SitePath};

/// Documents per document chunk on a portal that has at most this many:
/// one file, one request.
pub const CHUNK: usize = 200;
/// Documents per document chunk past [`CHUNK`] documents. The first page
/// of results (30) usually falls in 30 different chunks on a large portal,
/// so a chunk costs what the reader pays for each: ten documents gzip to a
/// few KB, and a first page stays near 50 KB where 200-document chunks
/// cost several hundred.
pub const SMALL_CHUNK: usize = 10;
/// The most bytes a term shard may take gzip-compressed (at the default
/// level). Half the 50 KB a search may spend on one word: a word costs
/// the piece its terms are in, so smaller pieces make most searches
/// lighter, and only a short prefix fetches several (as many bytes as one
/// bigger file, in a few more requests).
pub const SHARD_LIMIT: usize = 24 * 1024;

/// Results the search page shows, and so the documents a prefix's top list
/// keeps: `hits.slice(0, 30)` in search.js.
pub const TOP: usize = 30;

/// The documents per chunk of an index of `docs` documents.
pub fn chunk_size(docs: usize) -> usize {
    if docs <= CHUNK { CHUNK } else { SMALL_CHUNK }
}
/// Characters of body text kept per document for result snippets.
const EXCERPT: usize = 320;
/// Pages tokenized together before their terms join the postings.
const BLOCK: usize = 256;
/// Field weights: a title match ranks above a summary match, above body.
const TITLE: u32 = 10;
const SUMMARY: u32 = 3;
const BODY: u32 = 1;

/// Folds text into search tokens: lowercase words and numbers (ASCII for
/// Vietnamese and English; other scripts keep their letters).
///
/// Equal to splitting `fold(text).to_lowercase()` at every character that
/// is not alphanumeric; `TokenBuf` gets there without the two whole-text
/// copies, which were most of the index's cost.
pub fn tokens(text: &str) -> Vec<String> {
    let mut buf = TokenBuf::default();
    buf.push_text(text);
    (0..buf.len()).map(|i| buf.get(i).to_string()).collect()
}

/// Search tokens kept end to end in one string, so tokenizing a page makes
/// no allocation per token: token `i` is `text[ends[i - 1]..ends[i]]`.
#[derive(Default)]
struct TokenBuf {
    text: String,
    ends: Vec<usize>,
}

/// What one character turns into when tokenizing, in [`FOLD_TABLE`].
#[derive(Clone, Copy)]
enum Folded {
    /// Nothing: a mark.
    Drop,
    /// This alphanumeric character, part of a token.
    Letter(char),
    /// A character that ends a token.
    Separator,
    /// Several characters, or 'Σ': [`TokenBuf::push_char`]'s general path.
    Slow,
}

/// Characters below this have their fate in [`FOLD_TABLE`]: Latin, Greek,
/// Cyrillic and Latin Extended Additional, where all of Vietnamese is.
const FOLD_TABLE_END: u32 = 0x2000;

/// The folded lowercase of each non-ASCII character below
/// [`FOLD_TABLE_END`], worked out once by the general path. Decomposing
/// through the Unicode tables for every letter of every body was the
/// index's hot spot.
static FOLD_TABLE: std::sync::LazyLock<Vec<Folded>> = std::sync::LazyLock::new(|| {
    (0x80..FOLD_TABLE_END)
        .map(|n| {
            let Some(c) = char::from_u32(n) else {
                return Folded::Slow;
            };
            let mut out = Vec::new();
            let mut sigma = false;
            fold_char(c, |f| {
                sigma |= f == 'Σ';
                out.extend(f.to_lowercase());
            });
            match out[..] {
                _ if sigma => Folded::Slow,
                [] => Folded::Drop,
                [l] if l.is_alphanumeric() => Folded::Letter(l),
                [_] => Folded::Separator,
                _ => Folded::Slow,
            }
        })
        .collect()
});

impl TokenBuf {
    /// Forgets all tokens, keeping the memory.
    fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
    }

    /// Number of tokens.
    fn len(&self) -> usize {
        self.ends.len()
    }

    /// Token `i`.
    fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }

    /// Appends the tokens of `text`, the same ones [`tokens`] returns.
    fn push_text(&mut self, text: &str) {
        self.push(text, false);
    }

    /// Appends the tokens of a page body that [`strip_tags`] made, the same
    /// ones [`tokens`] returns for its [`plain_text`], without decoding and
    /// copying the whole body: an entity is folded where it stands, like
    /// the characters it stands for, and whitespace ends a token however
    /// much of it there is.
    fn push_untagged(&mut self, text: &str) {
        self.push(text, true);
    }

    /// [`TokenBuf::push_text`], or with `entities` [`TokenBuf::push_untagged`].
    fn push(&mut self, text: &str, entities: bool) {
        let (len, count) = (self.text.len(), self.ends.len());
        if self.push_folded(text, entities) {
            return;
        }
        // A capital sigma lowercases to σ or ς depending on its
        // neighbours, which only the whole-string lowercase knows.
        self.text.truncate(len);
        self.ends.truncate(count);
        let decoded;
        let text = if entities {
            decoded = decode_text(text, usize::MAX);
            &decoded
        } else {
            text
        };
        for t in fold(text)
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            self.text.push_str(t);
            self.ends.push(self.text.len());
        }
    }

    /// Folds, lowercases and splits `text` a character at a time, decoding
    /// entities if `entities`. False, with tokens half pushed, if the text
    /// folds to a capital sigma.
    fn push_folded(&mut self, text: &str, entities: bool) -> bool {
        // Looked up once, not at each letter: the lazy table checks
        // whether it is made on every access.
        let table: &[Folded] = &FOLD_TABLE;
        let bytes = text.as_bytes();
        let mut at = 0;
        while let Some(&b) = bytes.get(at) {
            if b.is_ascii_alphanumeric() {
                self.text.push(char::from(b.to_ascii_lowercase()));
                at += 1;
                continue;
            }
            if b.is_ascii() {
                if entities && b == b'&' {
                    // Found at the same places as `decode_text` finds
                    // them, since neither steps over a '&'.
                    let (chars, len) = entity(&text[at..]);
                    at += len;
                    for c in chars {
                        if !self.push_any(c, table) {
                            return false;
                        }
                    }
                } else {
                    self.end_token();
                    at += 1;
                }
                continue;
            }
            // `at` is at a character: only ASCII and whole characters are
            // stepped over.
            let Some(c) = text[at..].chars().next() else {
                break;
            };
            at += c.len_utf8();
            if !self.push_any(c, table) {
                return false;
            }
        }
        self.end_token();
        true
    }

    /// Folds, lowercases and pushes one character, ending the token if it
    /// is not alphanumeric (`table` is [`FOLD_TABLE`]). False if it folds
    /// to a capital sigma.
    fn push_any(&mut self, c: char, table: &[Folded]) -> bool {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                self.text.push(c.to_ascii_lowercase());
            } else {
                self.end_token();
            }
            return true;
        }
        let folded = table
            .get(c as usize - 0x80)
            .copied()
            .unwrap_or(Folded::Slow);
        match folded {
            Folded::Drop => {}
            Folded::Letter(l) => self.text.push(l),
            Folded::Separator => self.end_token(),
            Folded::Slow => return self.push_char(c),
        }
        true
    }

    /// The general path for one character: fold, lowercase, split. False
    /// if it folds to a capital sigma.
    fn push_char(&mut self, c: char) -> bool {
        let mut sigma = false;
        fold_char(c, |f| {
            sigma |= f == 'Σ';
            for l in f.to_lowercase() {
                if l.is_alphanumeric() {
                    self.text.push(l);
                } else {
                    self.end_token();
                }
            }
        });
        !sigma
    }

    /// Closes the token being built, if it has any characters.
    fn end_token(&mut self) {
        if self.text.len() > self.ends.last().copied().unwrap_or(0) {
            self.ends.push(self.text.len());
        }
    }
}

/// Plain text of rendered HTML: tags dropped, every entity decoded (named,
/// decimal and hex, as a browser decodes them in text), whitespace
/// collapsed. Whitespace includes the no-break spaces (U+00A0, U+2007,
/// U+202F) that text pasted from Word is full of, written or as `&nbsp;`.
///
/// Each entity is decoded once, as a browser does: `&amp;lt;` is the text
/// `&lt;`. A stray `>` is dropped.
pub fn plain_text(html: &str) -> String {
    decode_text(&strip_tags(html), usize::MAX)
}

/// [`plain_text`]'s first pass: every tag replaced by a space, and a `>`
/// outside a tag dropped.
fn strip_tags(html: &str) -> String {
    let mut text = String::new();
    strip_tags_into(html, &mut text);
    text
}

/// [`strip_tags`] into `text`, replacing what it held.
fn strip_tags_into(html: &str, text: &mut String) {
    text.clear();
    text.reserve(html.len());
    let mut in_tag = false;
    let mut rest = html;
    while let Some(at) = memchr2(b'<', b'>', rest.as_bytes()) {
        if !in_tag {
            text.push_str(&rest[..at]);
        }
        in_tag = rest.as_bytes()[at] == b'<';
        if in_tag {
            text.push(' ');
        }
        rest = &rest[at + 1..];
    }
    if !in_tag {
        text.push_str(rest);
    }
}

/// [`plain_text`]'s second pass, over text without tags: entities decoded,
/// whitespace (written or decoded) collapsed. Stops once `limit`
/// characters are written, when only the start is needed (a result's
/// excerpt).
fn decode_text(text: &str, limit: usize) -> String {
    let mut words = Words {
        out: String::with_capacity(text.len().min(limit.saturating_mul(4))),
        space: false,
        chars: 0,
    };
    // Text without '&' or whitespace is copied a run at a time.
    let bytes = text.as_bytes();
    let (mut run, mut at) = (0, 0);
    while let Some(&b) = bytes.get(at) {
        // Whitespace outside ASCII starts with one of these bytes, which
        // never continue a character, so `at` is at a character here.
        if !matches!(b, b'&' | b'\t'..=b'\r' | b' ' | 0xC2 | 0xE1..=0xE3) {
            at += 1;
            continue;
        }
        if words.chars >= limit {
            return words.out;
        }
        if b == b'&' {
            words.push(&text[run..at]);
            let (chars, len) = entity(&text[at..]);
            for c in chars {
                if c.is_whitespace() {
                    words.space = true;
                } else {
                    words.push(c.encode_utf8(&mut [0; 4]));
                }
            }
            at += len;
            run = at;
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        if c.is_whitespace() {
            words.push(&text[run..at]);
            words.space = true;
            run = at + c.len_utf8();
        }
        at += c.len_utf8();
    }
    words.push(&text[run..]);
    words.out
}

/// What [`decode_text`] writes: words joined by single spaces.
struct Words {
    out: String,
    /// Whether whitespace came since the last word.
    space: bool,
    /// Characters in `out`.
    chars: usize,
}

impl Words {
    /// Appends a piece of a word, after one space if whitespace came before it.
    fn push(&mut self, word: &str) {
        if !word.is_empty() {
            if self.space && !self.out.is_empty() {
                self.out.push(' ');
                self.chars += 1;
            }
            self.space = false;
            self.out.push_str(word);
            self.chars += word.chars().count();
        }
    }
}

/// The characters an entity stands for: one, or two for a few named ones
/// (`&NotEqualTilde;`).
type Decoded = std::iter::Chain<std::option::IntoIter<char>, std::option::IntoIter<char>>;

/// The characters `text` (which starts with '&') begins with, and the bytes
/// they take: an entity decoded as the HTML standard decodes one in text,
/// or a lone '&'.
///
/// Named entities are matched longest first against the standard's table
/// (the one html5ever uses, where the old names without `;` are also
/// keys): `&notin;` is `∉`, `&notit;` is `¬it;`. Numeric ones follow the
/// standard's fix-ups: zero, surrogates and beyond U+10FFFF become U+FFFD,
/// and 0x80-0x9F are read as Windows-1252, as Word's `&#150;` means `–`.
fn entity(text: &str) -> (Decoded, usize) {
    let one = |c: char| Some(c).into_iter().chain(None);
    let found = match text.as_bytes().get(1) {
        Some(b'#') => numeric_entity(text).map(|(c, len)| (one(c), len)),
        Some(b) if b.is_ascii_alphanumeric() => named_entity(text),
        _ => None,
    };
    found.unwrap_or((one('&'), 1))
}

/// A numeric entity at the start of `text` (`&#150;`, `&#x1EA1;`, the `;`
/// optional) as the character it stands for after the standard's fix-ups,
/// and the bytes it takes; `None` when no digit follows `&#`.
fn numeric_entity(text: &str) -> Option<(char, usize)> {
    let bytes = text.as_bytes();
    let hex = matches!(bytes.get(2), Some(b'x' | b'X'));
    let start = if hex { 3 } else { 2 };
    let radix = if hex { 16 } else { 10 };
    let digits = bytes[start.min(bytes.len())..]
        .iter()
        .take_while(|b| b.is_ascii_hexdigit() && (hex || b.is_ascii_digit()))
        .count();
    if digits == 0 {
        return None;
    }
    // Saturates: any number this long is beyond U+10FFFF.
    let n = text[start..start + digits]
        .chars()
        .try_fold(0u32, |n, d| {
            n.checked_mul(radix)?.checked_add(d.to_digit(radix)?)
        })
        .unwrap_or(u32::MAX);
    let mut len = start + digits;
    if bytes.get(len) == Some(&b';') {
        len += 1;
    }
    let c = match n {
        0x80..=0x9F => markup5ever::data::C1_REPLACEMENTS[(n - 0x80) as usize]
            .unwrap_or_else(|| char::from_u32(n).unwrap_or('\u{FFFD}')),
        0 => '\u{FFFD}',
        n => char::from_u32(n).unwrap_or('\u{FFFD}'),
    };
    Some((c, len))
}

/// The longest named entity at the start of `text` as its characters and
/// the bytes it takes; `None` when no name matches.
fn named_entity(text: &str) -> Option<(Decoded, usize)> {
    // The table holds every prefix of every name too (mapped to zero), so
    // the walk stops as soon as no name can match.
    let mut best = None;
    for end in 2..=text.len().min(40) {
        if !text.is_char_boundary(end) {
            break;
        }
        let Some(&(first, second)) = markup5ever::data::NAMED_ENTITIES.get(&text[1..end]) else {
            break;
        };
        if first != 0 {
            best = Some((first, second, end));
        }
        if text.as_bytes()[end - 1] == b';' {
            break;
        }
    }
    let (first, second, len) = best?;
    let c = |n: u32| char::from_u32(n).filter(|_| n != 0);
    Some((c(first).into_iter().chain(c(second)), len))
}

/// Synonym groups as folded token sequences.
fn synonym_groups(views: &Views<'_>) -> Vec<Vec<Vec<String>>> {
    views
        .config
        .search
        .synonyms
        .iter()
        .map(|g| {
            g.iter()
                .map(|p| tokens(p))
                .filter(|t| !t.is_empty())
                .collect()
        })
        .collect()
}

/// Whether the tokens `range` of `toks` contain `phrase`.
fn contains_seq(toks: &TokenBuf, range: Range<usize>, phrase: &[String]) -> bool {
    !phrase.is_empty()
        && phrase.len() <= range.len()
        && (range.start..=range.end - phrase.len())
            .any(|at| (0..phrase.len()).all(|k| toks.get(at + k) == phrase[k]))
}

/// The tokens of every synonym of a phrase that occurs in the tokens
/// `range` of `toks` (one field of a page), to be indexed with them.
fn expand<'g>(
    toks: &TokenBuf,
    range: Range<usize>,
    groups: &'g [Vec<Vec<String>>],
) -> Vec<&'g str> {
    let mut extra = Vec::new();
    for g in groups {
        if g.iter()
            .any(|phrase| contains_seq(toks, range.clone(), phrase))
        {
            for phrase in g {
                if !contains_seq(toks, range.clone(), phrase) {
                    extra.extend(phrase.iter().map(String::as_str));
                }
            }
        }
    }
    extra
}

/// The shard key of a term: its first two characters.
pub fn shard_key(term: &str) -> String {
    term.chars().take(2).collect()
}

/// A term's documents with their scores, in page order (the order pages
/// are merged in, so no sorting is needed).
type Postings = Vec<(u32, u32)>;

/// One page's terms, end to end in one string (one allocation instead of
/// one per term), each with its score: the sum of the weights of the fields
/// it occurs in, once per occurrence.
struct PageTerms {
    text: String,
    /// Where each term ends in `text`, and its score; in no order.
    terms: Vec<(usize, u32)>,
}

impl PageTerms {
    fn iter(&self) -> impl Iterator<Item = (&str, u32)> {
        let mut start = 0;
        self.terms.iter().map(move |&(end, score)| {
            let term = &self.text[start..end];
            start = end;
            (term, score)
        })
    }
}

/// The postings and document chunks of one language, as pages are merged.
#[derive(Default)]
struct Index {
    postings: FxHashMap<Box<str>, Postings>,
    /// Documents per chunk ([`chunk_size`]).
    chunk: usize,
    /// JSON text of the document chunks, without the closing `]`.
    chunks: Vec<Vec<u8>>,
    /// Documents merged so far.
    docs: u32,
}

impl Index {
    /// Adds pages, in page order.
    fn merge(&mut self, pages: Vec<(PageTerms, Vec<u8>)>) {
        for (terms, doc) in pages {
            let n = self.docs;
            for (t, score) in terms.iter() {
                match self.postings.get_mut(t) {
                    Some(list) => list.push((n, score)),
                    None => {
                        self.postings.insert(t.into(), vec![(n, score)]);
                    }
                }
            }
            if n as usize % self.chunk == 0 {
                self.chunks.push(Vec::new());
            }
            if let Some(chunk) = self.chunks.last_mut() {
                chunk.push(if chunk.is_empty() { b'[' } else { b',' });
                chunk.extend_from_slice(&doc);
            }
            // Fewer than 2^32 pages: a site that size would not build.
            self.docs += 1;
        }
    }
}

/// Buffers [`index_page`] reuses from page to page.
#[derive(Default)]
struct Scratch {
    toks: TokenBuf,
    /// The body without tags.
    body: String,
}

thread_local! {
    /// Each thread's [`Scratch`], kept from block to block and language to
    /// language: made afresh for every piece of work rayon cut a block
    /// into, the buffers were grown again hundreds of times a build.
    static SCRATCH: std::cell::Cell<Scratch> = const {
        std::cell::Cell::new(Scratch {
            toks: TokenBuf { text: String::new(), ends: Vec::new() },
            body: String::new(),
        })
    };
}

/// One page's weighted terms and its document entry `[title, link, section, date, text]`
/// as JSON.
fn index_page(
    views: &Views<'_>,
    lang: &Lang,
    id: PageId,
    groups: &[Vec<Vec<String>>],
    scratch: &mut Scratch,
) -> (PageTerms, Vec<u8>) {
    let p = &views.site.pages[id];
    let c = &p.front.common;
    let summary = c.summary.as_deref().unwrap_or("");
    let Scratch { toks, body } = scratch;
    strip_tags_into(&views.bodies.page(id).html, body);
    // A market page's lists and a questions page's questions and answers
    // are front matter, not body: found all the same.
    match &p.front.data {
        crate::content::kinds::KindData::Market(m) => {
            for (_, items) in m.lists() {
                for it in items {
                    for text in std::iter::once(&it.item).chain(&it.note) {
                        body.push(' ');
                        body.push_str(&crate::escape::html_text(text));
                    }
                }
            }
        }
        crate::content::kinds::KindData::Faq(f) => {
            for q in &f.questions {
                for text in [&q.question, &q.answer] {
                    body.push(' ');
                    body.push_str(&crate::escape::html_text(text));
                }
            }
        }
        _ => {}
    }
    let fields: Fields<'_> = [(&c.title, TITLE), (summary, SUMMARY), (body, BODY)];
    let ends = tokenize_fields(toks, &fields);
    let terms = page_terms(toks, &fields, ends, groups);
    (terms, doc_entry(views, lang, id, body))
}

/// A page's title, summary and body (without tags), each with its weight.
type Fields<'a> = [(&'a str, u32); 3];

/// Tokenizes the fields into `toks` (cleared first), one after the other;
/// gives where each field's tokens end.
fn tokenize_fields(toks: &mut TokenBuf, fields: &Fields<'_>) -> [usize; 3] {
    toks.clear();
    let mut ends = [0; 3];
    for (i, ((text, _), end)) in fields.iter().zip(&mut ends).enumerate() {
        // The body's plain text is only needed whole for its tokens, which
        // come as well from the text without tags (see `push_untagged`).
        if i == 2 {
            toks.push_untagged(text);
        } else {
            toks.push_text(text);
        }
        *end = toks.len();
    }
    ends
}

/// Each term of the page with its score: every occurrence in a field, and
/// every synonym of a phrase the field holds, adds the field's weight.
fn page_terms(
    toks: &TokenBuf,
    fields: &Fields<'_>,
    ends: [usize; 3],
    groups: &[Vec<Vec<String>>],
) -> PageTerms {
    let mut counts: FxHashMap<Token<'_>, u32> = FxHashMap::default();
    counts.reserve(toks.len().min(1024));
    let mut start = 0;
    for ((_, weight), end) in fields.iter().zip(ends) {
        for i in start..end {
            *counts.entry(Token(toks.get(i))).or_default() += weight;
        }
        for t in expand(toks, start..end, groups) {
            *counts.entry(Token(t)).or_default() += weight;
        }
        start = end;
    }
    let mut terms = PageTerms {
        text: String::with_capacity(counts.keys().map(|t| t.0.len()).sum()),
        terms: Vec::with_capacity(counts.len()),
    };
    for (t, score) in counts {
        terms.text.push_str(t.0);
        terms.terms.push((terms.text.len(), score));
    }
    terms
}

/// A token as the key of a page's counts, looked up once for every word
/// of every page: compared a byte at a time where it stands, since a call
/// to `memcmp` for a word of a few letters cost more than the comparing.
#[derive(Clone, Copy)]
struct Token<'a>(&'a str);

impl std::hash::Hash for Token<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write(self.0.as_bytes());
    }
}

impl PartialEq for Token<'_> {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (self.0.as_bytes(), other.0.as_bytes());
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
    }
}

impl Eq for Token<'_> {}

/// The page's document entry `[title, link, section, date, text]` as JSON,
/// its text an excerpt of the summary and the body (`body`, without tags).
fn doc_entry(views: &Views<'_>, lang: &Lang, id: PageId, body: &str) -> Vec<u8> {
    let site = views.site;
    let p = &site.pages[id];
    let c = &p.front.common;
    let summary = c.summary.as_deref().unwrap_or("");
    let section = p
        .section
        .map(|s| site.sections[s].front.title.clone())
        .unwrap_or_default();
    let date = c
        .date
        .as_ref()
        .map(|d| views.locales.get(lang.as_str()).date_short(d.local()))
        .unwrap_or_default();
    // The excerpt takes what is left of EXCERPT characters after the
    // summary and a space from the body.
    let left = EXCERPT.saturating_sub(summary.chars().count() + 1);
    let excerpt: String = summary
        .chars()
        .chain(" ".chars())
        .chain(decode_text(body, left).chars())
        .take(EXCERPT)
        .collect();
    let mut doc = Vec::with_capacity(128 + c.title.len() + excerpt.len());
    let href = views.href(&p.url);
    for (i, field) in [c.title.as_str(), &href, &section, &date, excerpt.trim()]
        .into_iter()
        .enumerate()
    {
        doc.push(if i == 0 { b'[' } else { b',' });
        push_json_str(&mut doc, field);
    }
    doc.push(b']');
    doc
}

/// Appends `s` as a JSON string, escaped the way serde_json escapes it
/// (the index used to be serde_json values, and its files stay the same).
fn push_json_str(out: &mut Vec<u8>, s: &str) {
    // Search terms are letters and digits, which JSON never escapes.
    if s.chars().all(char::is_alphanumeric) {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        // Serializing a str into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, s);
    }
}

/// Appends `n` in decimal.
fn push_u32(out: &mut Vec<u8>, mut n: u32) {
    let mut digits = [0; 10];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // A byte at a time: calling memcpy for three or four bytes cost more
    // than making them.
    out.reserve(digits.len() - at);
    for &d in &digits[at..] {
        out.push(d);
    }
}

/// Appends one term's shard entry, `"term":[gap,...,score,...]`, for the
/// documents `list` (in page order): the first document's number, the
/// differences to each next one, then the scores in the same order.
fn push_entry(out: &mut Vec<u8>, term: &str, list: &[(u32, u32)]) {
    push_json_str(out, term);
    out.extend_from_slice(b":[");
    push_postings(out, list, |score| score);
    out.push(b']');
}

/// One shard file, `{"term":[...],...}`, for `terms` (sorted), and where
/// each term's entry ends in it (each starts one byte after the previous
/// one ends, past the `{` or the `,`).
fn shard_file_entries(terms: &[(Box<str>, Postings)]) -> (Vec<u8>, Vec<usize>) {
    let len: usize = terms.iter().map(|(t, l)| t.len() + 4 + l.len() * 6).sum();
    let mut out = Vec::with_capacity(len + 2);
    let mut ends = Vec::with_capacity(terms.len());
    out.push(b'{');
    for (i, (term, list)) in terms.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push_entry(&mut out, term, list);
        ends.push(out.len());
    }
    out.push(b'}');
    (out, ends)
}

/// The size of `bytes` gzip-compressed at the fastest level. Fast
/// compression finds fewer repeats than the default level servers use, so
/// a piece under the limit here is under it there too (the tests check the
/// default and best levels), and it costs a fraction of the time: the
/// biggest keys of a large portal are compressed to be cut.
pub fn gzip_len(bytes: &[u8]) -> usize {
    use std::io::Write;
    // Only the length is wanted: the compressed bytes are counted as they
    // come, not kept.
    let mut enc = flate2::write::GzEncoder::new(ByteCount(0), flate2::Compression::fast());
    // Counting cannot fail.
    let _ = enc.write_all(bytes);
    enc.finish().map_or(usize::MAX, |n| n.0)
}

/// A writer that keeps nothing but how many bytes it was given.
struct ByteCount(usize);

impl std::io::Write for ByteCount {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0 += bytes.len();
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Bytes of a key compressed to learn how well it compresses.
const SAMPLE: usize = 256 * 1024;

/// A shard file's first term and its JSON.
type ShardFile = (Box<str>, Vec<u8>);

/// The files of one key's terms (sorted, all with that key), each with its
/// first term: one file if it is at most `limit` bytes gzip-compressed,
/// else pieces in term order that each are (see [`pack`]).
fn key_files(terms: &[(Box<str>, Postings)], limit: usize) -> Vec<ShardFile> {
    let (whole, ends) = shard_file_entries(terms);
    // JSON never grows under gzip by more than its header; most keys are
    // far under the limit and are not compressed at all. A big key's
    // compression ratio is learnt from its start.
    let sample = &whole[..whole.len().min(SAMPLE)];
    let gz = if whole.len() + 32 <= limit {
        0
    } else {
        gzip_len(sample)
    };
    if gz <= limit && sample.len() == whole.len() {
        let first = terms.first().map(|(t, _)| t.clone()).unwrap_or_default();
        return vec![(first, whole)];
    }
    // Pieces are cut at a raw size that the ratio says gzips to 90% of the
    // limit; a piece that compresses worse than that makes the cut smaller.
    let mut target = (limit as f64 * 0.9 * sample.len() as f64 / gz.max(1) as f64) as usize;
    loop {
        let pieces = pack(terms, &whole, &ends, target);
        // Below a few hundred bytes one entry cannot be cut further (a very
        // long word): the pieces stay as they are rather than loop.
        if target < 512 || pieces.iter().all(|(_, f)| gzip_len(f) <= limit) {
            return pieces;
        }
        target = target * 3 / 4;
    }
}

/// `terms` (sorted) cut into files of at most about `target` bytes, each
/// with its first term. A term whose entry alone is bigger is cut into runs
/// of its documents, each starting a file of its own: the script then finds
/// every part of a word in the files whose first term is that word.
///
/// `whole` and `ends` are the terms' [`shard_file_entries`]: each entry is
/// copied from there rather than written again for every cut tried.
fn pack(
    terms: &[(Box<str>, Postings)],
    whole: &[u8],
    ends: &[usize],
    target: usize,
) -> Vec<ShardFile> {
    let mut files: Vec<ShardFile> = Vec::new();
    let mut start = 1;
    for ((term, list), &end) in terms.iter().zip(ends) {
        let entry = &whole[start..end];
        start = end + 1;
        if entry.len() + 2 > target && list.len() > 1 {
            let parts = entry.len().div_ceil(target).min(list.len());
            for part in list.chunks(list.len().div_ceil(parts)) {
                let mut file = vec![b'{'];
                push_entry(&mut file, term, part);
                files.push((term.clone(), file));
            }
            continue;
        }
        match files.last_mut() {
            Some((_, file)) if file.len() + 1 + entry.len() < target => {
                file.push(b',');
                file.extend_from_slice(entry);
            }
            _ => {
                let mut file = vec![b'{'];
                file.extend_from_slice(entry);
                files.push((term.clone(), file));
            }
        }
    }
    for (_, file) in &mut files {
        file.push(b'}');
    }
    files
}

/// How the script finds the pieces of a split key: each piece's first
/// term, and how many leading UTF-16 units (the script's `length`) that
/// term shares with the last term of the piece before (0 for the first).
/// `meta.json` lists both, under `split` and `shared`.
struct Pieces<'a> {
    firsts: Vec<&'a str>,
    shared: Vec<usize>,
}

impl<'a> Pieces<'a> {
    /// The pieces `files` cut `terms` (sorted, all of one key) into.
    ///
    /// A piece's last term is the term before the next piece's first, or
    /// that same term when its list runs on (a cut list starts each piece
    /// it is in, [`pack`]), so the terms tell it without reading the files.
    fn of(terms: &[(Box<str>, Postings)], files: &'a [ShardFile]) -> Pieces<'a> {
        let firsts: Vec<&str> = files.iter().map(|(t, _)| &**t).collect();
        let mut shared = vec![0; firsts.len()];
        for i in 1..firsts.len() {
            let last = if firsts[i - 1] == firsts[i] {
                firsts[i]
            } else {
                let at = terms.partition_point(|(t, _)| **t < *firsts[i]);
                terms.get(at.wrapping_sub(1)).map_or("", |(t, _)| &**t)
            };
            shared[i] = common_prefix(last, firsts[i]).encode_utf16().count();
        }
        Pieces { firsts, shared }
    }

    /// The pieces that can hold `word` (every word it starts, if `prefix`):
    /// the rule of `files` in search.js. A piece can hold the word if it
    /// starts at or before it (or with it, for a prefix) and the next piece
    /// starts after it, unless the next piece starts with the word and
    /// this one ends before it (its last term shares less of it); a word
    /// whose list is cut starts each piece it continues in.
    fn holding(&self, word: &str, prefix: bool) -> Vec<usize> {
        let firsts = &self.firsts;
        let units = word.encode_utf16().count();
        (0..firsts.len())
            .filter(|&i| {
                let f = firsts[i];
                let from = f <= word || (prefix && f.starts_with(word));
                let to = match firsts.get(i + 1) {
                    None => true,
                    Some(next) => {
                        let ends_before = next.starts_with(word) && self.shared[i + 1] < units;
                        (*next > word && !ends_before) || f == word
                    }
                };
                from && to
            })
            .collect()
    }
}

/// The longest prefix `a` and `b` share, whole characters.
fn common_prefix<'s>(a: &'s str, b: &str) -> &'s str {
    let len = a
        .char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or_else(|| a.len().min(b.len()), |((i, _), _)| i);
    &a[..len]
}

/// The files of one key: its shard files, what their first terms share
/// with the piece before ([`Pieces`]), and its prefixes' files.
struct KeyFiles {
    key: String,
    files: Vec<ShardFile>,
    shared: Vec<usize>,
    prefixes: Vec<PrefixFiles>,
}

/// One prefix whose words span pieces, and its lists.
struct PrefixFiles {
    prefix: String,
    lists: Lists,
}

/// A prefix's lists: its own, or those of an earlier prefix whose lists
/// are the same. On a large portal a long word's prefixes often match
/// the same words ("accor", "accord", … "accordingl" match "according"
/// alone), and so do words that always come together: at 100k pages
/// half the English lists were copies of another.
#[derive(Debug, PartialEq)]
enum Lists {
    /// The top list's JSON and the summed list's pieces.
    Own { top: Vec<u8>, sums: Vec<Vec<u8>> },
    /// The prefix whose lists these are.
    Same(String),
}

/// The prefix files of one key's terms (sorted), cut into `pieces`: for
/// every prefix whose words the script would fetch from two pieces or more,
/// in prefix order. Such a prefix starts a piece's first term (a prefix
/// spanning pieces i-1 and i either starts piece i's first term, or is
/// after it, and then piece i-1 cannot hold it), so only those are tried.
fn prefix_files(
    terms: &[(Box<str>, Postings)],
    pieces: &Pieces<'_>,
    docs: u32,
    limit: usize,
) -> Vec<PrefixFiles> {
    if pieces.firsts.len() < 2 {
        return Vec::new();
    }
    let mut prefixes: Vec<&str> = pieces.firsts[1..]
        .iter()
        .flat_map(|f| f.char_indices().skip(2).map(|(i, _)| &f[..i]).chain([*f]))
        .collect();
    prefixes.sort_unstable();
    prefixes.dedup();
    let mut scores = vec![0u64; docs as usize];
    // Each summed list made so far, written, with its prefix: a prefix
    // whose list is one of them gets no top list, cuts or compression of
    // its own.
    let mut made: FxHashMap<Vec<u8>, &str> = FxHashMap::default();
    prefixes
        .into_iter()
        .filter(|p| pieces.holding(p, true).len() >= 2)
        .map(|p| {
            let summed = prefix_scores(terms, p, &mut scores);
            let whole = summed_json(&summed);
            let lists = match made.get(&whole) {
                Some(first) => Lists::Same(first.to_string()),
                None => {
                    made.insert(whole.clone(), p);
                    Lists::Own {
                        top: top_list(&summed),
                        sums: sum_pieces(&summed, whole, limit),
                    }
                }
            };
            PrefixFiles {
                prefix: p.to_string(),
                lists,
            }
        })
        .collect()
}

/// Makes every prefix whose lists are the same as an earlier prefix's (in
/// prefix order, across keys) use that one's: [`prefix_files`] finds those
/// of one key, this those of words in different keys that always come
/// together.
fn share_same_lists(keys: &mut [KeyFiles]) {
    let mut first: FxHashMap<&[Vec<u8>], &str> = FxHashMap::default();
    let mut copies: Vec<(usize, usize, String)> = Vec::new();
    for (k, key) in keys.iter().enumerate() {
        for (i, p) in key.prefixes.iter().enumerate() {
            // Equal summed lists make equal top lists.
            if let Lists::Own { sums, .. } = &p.lists {
                match first.get(&sums[..]) {
                    Some(earlier) => copies.push((k, i, earlier.to_string())),
                    None => {
                        first.insert(sums, &p.prefix);
                    }
                }
            }
        }
    }
    drop(first);
    let mut renamed: FxHashMap<String, String> = FxHashMap::default();
    for (k, i, earlier) in copies {
        let p = &mut keys[k].prefixes[i];
        renamed.insert(p.prefix.clone(), earlier.clone());
        p.lists = Lists::Same(earlier);
    }
    // A prefix that used one of those now uses what that one uses.
    for p in keys.iter_mut().flat_map(|k| &mut k.prefixes) {
        if let Lists::Same(to) = &mut p.lists {
            if let Some(earlier) = renamed.get(to.as_str()) {
                *to = earlier.clone();
            }
        }
    }
}

/// The documents holding a term that starts with `prefix`, in document
/// order, each with its score as the script sums it: over those terms, the
/// term equal to the prefix counting double. `scores` is zeroed scratch
/// space with a slot per document, left zeroed.
fn prefix_scores(
    terms: &[(Box<str>, Postings)],
    prefix: &str,
    scores: &mut [u64],
) -> Vec<(u32, u64)> {
    let start = terms.partition_point(|(t, _)| &**t < prefix);
    let mut touched: Vec<u32> = Vec::new();
    let (mut low, mut high) = (u32::MAX, 0);
    for (term, list) in terms[start..]
        .iter()
        .take_while(|(t, _)| t.starts_with(prefix))
    {
        let weight = if &**term == prefix { 2 } else { 1 };
        for &(doc, score) in list {
            let slot = &mut scores[doc as usize];
            // Scores are at least 1: a zero slot is a document not seen yet.
            if *slot == 0 {
                touched.push(doc);
                low = low.min(doc);
                high = high.max(doc);
            }
            *slot += u64::from(score.max(1)) * weight;
        }
    }
    if touched.is_empty() {
        return Vec::new();
    }
    // A short prefix touches most documents of a big portal, and reading
    // the slots between the first and the last in order is then cheaper
    // than sorting the documents (at 20k pages sorting was half of this
    // function). Either way the list comes in document order.
    let span = (high - low) as usize + 1;
    if span <= touched.len() * 16 {
        let mut summed = Vec::with_capacity(touched.len());
        for (doc, slot) in (low..=high).zip(&mut scores[low as usize..=high as usize]) {
            if *slot != 0 {
                summed.push((doc, std::mem::take(slot)));
            }
        }
        return summed;
    }
    touched.sort_unstable();
    touched
        .into_iter()
        .map(|d| (d, std::mem::take(&mut scores[d as usize])))
        .collect()
}

/// Appends `[gap,...,score,...` (without the closing `]`) for `list`, in
/// document order.
fn push_summed(out: &mut Vec<u8>, list: &[(u32, u64)]) {
    out.push(b'[');
    // A score over 2^32 would take 2^32 occurrences of a word.
    push_postings(out, list, |score| u32::try_from(score).unwrap_or(u32::MAX));
}

/// Appends `gap,...,score,...` for `list` (documents in ascending order):
/// the first document's number, the differences to each next one, then
/// each score as `score` writes it. The one encoding of term entries and
/// prefix lists, which search.js decodes with one function.
fn push_postings<S: Copy>(out: &mut Vec<u8>, list: &[(u32, S)], score: impl Fn(S) -> u32) {
    let mut last = 0;
    for (k, &(doc, _)) in list.iter().enumerate() {
        if k > 0 {
            out.push(b',');
        }
        push_u32(out, doc - last);
        last = doc;
    }
    for &(_, s) in list {
        out.push(b',');
        push_u32(out, score(s));
    }
}

/// A prefix's top list, `{"total":n,"top":[gap,...,score,...]}`: the
/// [`TOP`] documents of `summed` with the highest scores, ties to the lower
/// document number (the script's order), listed in document order; `total`
/// is how many documents match. The list is every match when its length
/// equals the total.
fn top_list(summed: &[(u32, u64)]) -> Vec<u8> {
    let mut best: Vec<(u32, u64)> = summed.to_vec();
    let rank = |a: &(u32, u64), b: &(u32, u64)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
    if best.len() > TOP {
        best.select_nth_unstable_by(TOP - 1, rank);
        best.truncate(TOP);
    }
    best.sort_unstable();
    let mut out = b"{\"total\":".to_vec();
    push_u32(&mut out, u32::try_from(summed.len()).unwrap_or(u32::MAX));
    out.extend_from_slice(b",\"top\":");
    push_summed(&mut out, &best);
    out.extend_from_slice(b"]}");
    out
}

/// A prefix's summed scores for every document it matches, as lists
/// `[gap,...,score,...]` (each piece's first gap counted from document 0),
/// cut by document range into pieces of at most `limit` bytes
/// gzip-compressed; `whole` is all of it as one file ([`summed_json`]).
/// A query of two words needs the whole of each word's scores to
/// intersect them: one list per prefix is a fraction of the pieces its
/// words fill, since a document comes once however many of the words it
/// holds.
fn sum_pieces(summed: &[(u32, u64)], whole: Vec<u8>, limit: usize) -> Vec<Vec<u8>> {
    let gz = if fits_unseen(whole.len(), limit) {
        0
    } else {
        gzip_len(&whole)
    };
    if gz <= limit {
        return vec![whole];
    }
    // Cut evenly for 90% of the limit; a piece that compresses worse makes
    // the cut finer. One document cannot be cut: stop there.
    let mut parts = gz.div_ceil(limit * 9 / 10);
    loop {
        let files: Vec<Vec<u8>> = summed
            .chunks(summed.len().div_ceil(parts))
            .map(summed_json)
            .collect();
        if parts >= summed.len() || files.iter().all(|f| gzip_len(f) <= limit) {
            return files;
        }
        parts += parts.div_ceil(4);
    }
}

/// A summed list as one file's JSON, `[gap,...,score,...]`.
fn summed_json(list: &[(u32, u64)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(list.len() * 6 + 2);
    push_summed(&mut out, list);
    out.push(b']');
    out
}

/// Whether a summed list of `len` bytes is under `limit` gzip-compressed
/// without compressing it. Such a list is `[`, digits, commas and `]`:
/// even random numbers, which no real list is, gzip to just over half their
/// length at any level (the test `random_lists_within_the_bound_fit`), so a
/// list up to one and a half times the limit fits with a fifth to spare.
/// At 20k pages this spares compressing about half the summed lists (a
/// real one compresses to a fifth), which grow faster than the pages.
fn fits_unseen(len: usize, limit: usize) -> bool {
    len <= limit / 2 * 3
}

/// Where a language's index lives.
fn index_root(lang: &Lang) -> SitePath {
    SitePath::root().child("search").child(lang.as_str())
}

/// The output folder that holds a language's index and nothing else
/// (`search/vi/`).
pub fn folder(lang: &Lang) -> String {
    format!("{}/", index_root(lang).as_str().trim_end_matches('/'))
}

/// The index files of one language.
pub fn files_for(views: &Views<'_>, lang: &Lang, search_page: &SitePath) -> Vec<OutputFile> {
    let site = views.site;
    let ids: Vec<PageId> = (0..site.pages.len())
        .filter(|id| site.pages[*id].lang == *lang && site.pages[*id].listed)
        .collect();
    let Index {
        postings,
        chunk,
        chunks,
        docs,
    } = build_index(views, lang, &ids);
    // Writing the shards, and compressing the big ones to cut them, is a
    // tenth of the work, and the keys are independent.
    let mut keys: Vec<KeyFiles> = shards(postings)
        .into_par_iter()
        .map(|(key, terms)| {
            let files = key_files(&terms, SHARD_LIMIT);
            let pieces = Pieces::of(&terms, &files);
            let prefixes = prefix_files(&terms, &pieces, docs, SHARD_LIMIT);
            let shared = pieces.shared;
            KeyFiles {
                key,
                files,
                shared,
                prefixes,
            }
        })
        .collect();
    share_same_lists(&mut keys);
    let root = index_root(lang);
    let mut meta = json!({
        "version": 2,
        "lang": lang.as_str(),
        "docs": docs,
        "chunk": chunk,
        "shards": keys.iter().map(|k| &k.key).collect::<Vec<_>>(),
        "page": views.href(search_page),
    });
    // Only a key in pieces is listed here, with each piece's first term, so
    // a small portal's meta.json stays as short as before.
    let split_keys = || keys.iter().filter(|k| k.files.len() > 1);
    let split: BTreeMap<&str, Vec<&str>> = split_keys()
        .map(|k| (k.key.as_str(), k.files.iter().map(|(t, _)| &**t).collect()))
        .collect();
    if !split.is_empty() {
        meta["split"] = json!(split);
        // What each piece's first term shares with the piece before's
        // last: a prefix that starts the one but not the other is not in
        // the piece before, which spares that piece's fetch.
        let shared: BTreeMap<&str, &[usize]> = split_keys()
            .map(|k| (k.key.as_str(), &k.shared[..]))
            .collect();
        meta["shared"] = json!(shared);
    }
    // Each prefix with lists: how many pieces its summed list is in, or
    // the prefix whose lists it uses. Only a split key has any, so a small
    // portal's manifest has none.
    let prefixes: BTreeMap<&str, serde_json::Value> = keys
        .iter()
        .flat_map(|k| &k.prefixes)
        .map(|p| {
            let lists = match &p.lists {
                Lists::Own { sums, .. } => json!(sums.len()),
                Lists::Same(to) => json!(to),
            };
            (p.prefix.as_str(), lists)
        })
        .collect();
    if !prefixes.is_empty() {
        meta["prefixes"] = json!(prefixes);
    }
    // Small keys share a file (see `packs`); the manifest names the file
    // of each key that is not the first of its pack.
    let packs = packs(&keys);
    let packed: BTreeMap<&str, &str> = packs
        .iter()
        .flat_map(|r| {
            keys[r.clone()]
                .iter()
                .skip(1)
                .map(|k| (k.key.as_str(), keys[r.start].key.as_str()))
        })
        .collect();
    if !packed.is_empty() {
        meta["packs"] = json!(packed);
    }
    let mut out = vec![bytes_file(
        root.file("meta.json"),
        meta.to_string().into_bytes(),
    )];
    let mut pack: Option<(String, Vec<u8>)> = None;
    let mut packs = packs.into_iter().peekable();
    for (n, k) in keys.into_iter().enumerate() {
        let KeyFiles {
            key,
            mut files,
            prefixes,
            ..
        } = k;
        if let Some(r) = packs.peek().filter(|r| r.contains(&n)) {
            let last = n + 1 == r.end;
            let (_, body) = files.pop().unwrap_or_default();
            match &mut pack {
                None => pack = Some((key, body)),
                Some((_, joined)) => {
                    // `{a}` and `{b}` make `{a,b}`: keys share no term.
                    joined.pop();
                    joined.push(b',');
                    joined.extend_from_slice(&body[1..]);
                }
            }
            if last {
                packs.next();
                if let Some((first, joined)) = pack.take() {
                    out.push(bytes_file(
                        root.child("t").file(&format!("{first}.json")),
                        joined,
                    ));
                }
            }
            continue;
        }
        for PrefixFiles { prefix, lists } in prefixes {
            let Lists::Own { top, sums } = lists else {
                continue;
            };
            out.push(bytes_file(
                root.child("p").file(&format!("{prefix}-top.json")),
                top,
            ));
            // A prefix is letters and digits, so "<prefix>-top" and
            // "<prefix>-<i>" never name another prefix's file, nor a name
            // Windows reserves (`con.json` would be one).
            for (i, body) in sums.into_iter().enumerate() {
                out.push(bytes_file(
                    root.child("s").file(&format!("{prefix}-{i}.json")),
                    body,
                ));
            }
        }
        let one = files.len() == 1;
        for (i, (_, body)) in files.into_iter().enumerate() {
            // A key is letters and digits, so "<key>-<i>" never names
            // another key's file.
            let name = if one {
                format!("{key}.json")
            } else {
                format!("{key}-{i}.json")
            };
            out.push(bytes_file(root.child("t").file(&name), body));
        }
    }
    for (n, mut chunk) in chunks.into_iter().enumerate() {
        chunk.push(b']');
        out.push(bytes_file(
            root.child("d").file(&format!("{n}.json")),
            chunk,
        ));
    }
    out
}

/// The most bytes of JSON a pack of small keys may hold. On a small portal
/// most two-character keys hold a few terms, and a file each was half of
/// the files a build wrote (438 of the sample portal's 870); a word costs
/// its key's file, so a pack stays near 1.5 KB gzip-compressed (with 12 KB
/// packs a first search on the sample portal fetched 5 KB more).
const PACK: usize = 4 * 1024;

/// Runs of consecutive keys (by index into `keys`, in key order) that
/// share one file, named after the first: keys in one file of at most
/// [`PACK`] bytes, together at most that. Only runs of two keys or more.
fn packs(keys: &[KeyFiles]) -> Vec<Range<usize>> {
    let mut runs: Vec<Range<usize>> = Vec::new();
    let mut size = 0;
    for (n, KeyFiles { files, .. }) in keys.iter().enumerate() {
        let len = match &files[..] {
            [(_, body)] if body.len() <= PACK => body.len(),
            _ => continue,
        };
        match runs.last_mut() {
            Some(r) if r.end == n && size + len <= PACK => {
                r.end = n + 1;
                size += len;
            }
            _ => {
                runs.push(n..n + 1);
                size = len;
            }
        }
    }
    runs.retain(|r| r.len() > 1);
    runs
}

/// The postings and document chunks of the pages `ids`, numbered in that
/// order.
///
/// Pages are tokenized in parallel (folding and tokenizing the bodies is
/// most of the index's cost), a block at a time so that only two blocks'
/// term lists are held besides the postings: each block is merged while
/// the next one is tokenized. The merge is sequential, in page order,
/// which numbers the documents.
/// Terms are hashed with FxHash: the keys are our own tokens, not input
/// an attacker picks to collide, and SipHash was a tenth of the time.
/// Document numbers are u32 to halve the postings' memory.
fn build_index(views: &Views<'_>, lang: &Lang, ids: &[PageId]) -> Index {
    let groups = synonym_groups(views);
    let mut index = Index {
        chunk: chunk_size(ids.len()),
        ..Index::default()
    };
    let mut indexed = Vec::new();
    for block in ids.chunks(BLOCK).map(Some).chain([None]) {
        let tokenize = || match block {
            Some(block) => block
                .par_iter()
                .map(|id| {
                    let mut scratch = SCRATCH.take();
                    let page = index_page(views, lang, *id, &groups, &mut scratch);
                    SCRATCH.set(scratch);
                    page
                })
                .collect(),
            None => Vec::new(),
        };
        let previous = std::mem::take(&mut indexed);
        // The merge runs here; the other threads take the tokenizing.
        indexed = rayon::join(|| index.merge(previous), tokenize).1;
    }
    index
}

/// A shard's key and its terms with their postings.
type Shard = (String, Vec<(Box<str>, Postings)>);

/// The postings grouped into shards by [`shard_key`]. Shards come in key
/// order, each with its terms in order: the order the JSON objects of
/// serde_json (sorted maps) had.
fn shards(postings: FxHashMap<Box<str>, Postings>) -> Vec<Shard> {
    let mut postings: Vec<_> = postings.into_iter().collect();
    postings.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut shards: BTreeMap<String, Vec<(Box<str>, Postings)>> = BTreeMap::new();
    for (term, list) in postings {
        shards
            .entry(shard_key(&term))
            .or_default()
            .push((term, list));
    }
    shards.into_iter().collect()
}

/// An index file.
fn bytes_file(path: SitePath, body: Vec<u8>) -> OutputFile {
    OutputFile {
        path: path.as_str().to_string(),
        body: Body::Bytes(body),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One shard file for `terms` (sorted).
    fn shard_file(terms: &[(Box<str>, Postings)]) -> Vec<u8> {
        shard_file_entries(terms).0
    }

    #[test]
    fn tokens_are_folded_words() {
        assert_eq!(
            tokens("Hỗ trợ VAY vốn, Đồng Tháp!"),
            vec!["ho", "tro", "vay", "von", "dong", "thap"]
        );
        assert_eq!(tokens("NQ 392/2020"), vec!["nq", "392", "2020"]);
    }

    /// The tokens of `text` followed by the synonyms `expand` adds.
    fn expanded(text: &str, groups: &[Vec<Vec<String>>]) -> Vec<String> {
        let mut toks = TokenBuf::default();
        toks.push_text(text);
        let mut all: Vec<String> = (0..toks.len()).map(|i| toks.get(i).to_string()).collect();
        all.extend(
            expand(&toks, 0..toks.len(), groups)
                .into_iter()
                .map(str::to_string),
        );
        all
    }

    /// `expand` as it was first written, on a vector of tokens.
    fn expanded_reference(text: &str, groups: &[Vec<Vec<String>>]) -> Vec<String> {
        fn contains_seq(hay: &[String], needle: &[String]) -> bool {
            !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
        }
        let mut toks = tokens_reference(text);
        let mut extra = Vec::new();
        for g in groups {
            if g.iter().any(|phrase| contains_seq(&toks, phrase)) {
                for phrase in g {
                    if !contains_seq(&toks, phrase) {
                        extra.extend(phrase.iter().cloned());
                    }
                }
            }
        }
        toks.extend(extra);
        toks
    }

    #[test]
    fn synonyms_expand_both_ways() {
        let groups = vec![vec![tokens("XKLĐ"), tokens("xuất khẩu lao động")]];
        let a = expanded("Tin XKLĐ mới", &groups);
        assert_eq!(a, ["tin", "xkld", "moi", "xuat", "khau", "lao", "dong"]);
        let b = expanded("đẩy mạnh xuất khẩu lao động", &groups);
        assert!(b.contains(&"xkld".to_string()), "{b:?}");
    }

    #[test]
    fn synonyms_expand_like_the_reference() {
        let groups = vec![
            vec![tokens("XKLĐ"), tokens("xuất khẩu lao động")],
            vec![
                tokens("lao động"),
                tokens("người lao động"),
                tokens("worker"),
            ],
            vec![tokens("a b"), tokens("b c"), tokens("c")],
        ];
        let texts = [
            "",
            "xkld",
            "xuất khẩu lao động và người lao động",
            "lao",
            "động lao",
            "a b c",
            "b c a",
            "c c c",
            "worker xkld",
        ];
        for text in texts {
            assert_eq!(
                expanded(text, &groups),
                expanded_reference(text, &groups),
                "{text:?}"
            );
        }
    }

    /// `tokens` as it was first written: the meaning the fast path keeps.
    fn tokens_reference(text: &str) -> Vec<String> {
        fold(text)
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// `plain_text` as it was first written, with entities decoded by
    /// html5gum's tokenizer instead of five `.replace` calls.
    fn plain_text_reference(html: &str) -> String {
        plain_text_reference_with(html, |text| {
            // Entities decoded by an HTML tokenizer (what is left after
            // the tags has no '<', so all of it is text).
            let mut decoded = String::new();
            for token in html5gum::Tokenizer::new(text) {
                if let Ok(html5gum::Token::String(s)) = token {
                    decoded.push_str(&String::from_utf8_lossy(&s));
                }
            }
            decoded
        })
    }

    /// [`plain_text_reference`] for the whole-range tests: `{c}` stands
    /// between the entities `&amp;` and `&lt;` of their text, and names and
    /// numbers of entities are ASCII, so with `c` outside ASCII two
    /// replaces decode what the tokenizer would (which, unoptimized, took
    /// most of this module's test time over a million characters).
    fn plain_text_reference_around(html: &str, c: char) -> String {
        if c.is_ascii() {
            return plain_text_reference(html);
        }
        plain_text_reference_with(html, |text| text.replace("&amp;", "&").replace("&lt;", "<"))
    }

    /// Tags stripped as `plain_text` was first written, the text decoded
    /// by `decode`, whitespace collapsed.
    fn plain_text_reference_with(html: &str, decode: impl Fn(&str) -> String) -> String {
        let mut out = String::with_capacity(html.len());
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => {
                    in_tag = true;
                    out.push(' ');
                }
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        decode(&out)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn tokens_match_the_reference_on_awkward_text() {
        let cases = [
            "",
            "   ",
            "Hỗ trợ VAY vốn, Đồng Tháp!",
            "Việt Nam đ Đ ð Ð",
            "ΣΊΣΥΦΟΣ Σ aΣ Σa OΣ. ΑΣ-ΒΣ",
            "İstanbul ǅ ß ẞ ﬁ Ⅻ ①",
            "日本 한국어 Ελληνικά Русский عربى",
            "a\u{300}\u{301}b e\u{323}\u{302} \u{301}x \u{345}",
            "Ǖ ǖ ǘ ᾇ ᾯ ŉ ǰ ΐ",
            "tab\tnbsp\u{a0}em\u{2003}vt\u{b}end",
        ];
        for text in cases {
            assert_eq!(tokens(text), tokens_reference(text), "{text:?}");
        }
    }

    #[test]
    fn every_char_tokenizes_like_the_reference() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("a{c}b {c}");
            assert_eq!(tokens(&text), tokens_reference(&text), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn every_char_is_plain_text_like_the_reference() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let html = format!("{c}a{c}&amp;{c} <b>{c}</b>{c}");
            assert_eq!(
                plain_text(&html),
                plain_text_reference_around(&html, c),
                "U+{:04X}",
                c as u32
            );
        }
    }

    /// The tokens `push_untagged` finds in the body `html`.
    fn body_tokens(html: &str) -> Vec<String> {
        let mut toks = TokenBuf::default();
        toks.push_untagged(&strip_tags(html));
        (0..toks.len()).map(|i| toks.get(i).to_string()).collect()
    }

    #[test]
    fn every_char_in_a_body_tokenizes_like_the_reference() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let html = format!("{c}a{c}&amp;{c}&lt;b{c} <b>{c}</b>{c}");
            let want = tokens_reference(&plain_text_reference_around(&html, c));
            assert_eq!(body_tokens(&html), want, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn decoding_can_stop_early() {
        let html = "<p>ạ  &amp;lt; b</p> c&quot;d ệ  f";
        let whole = plain_text(html);
        for limit in 0..whole.len() + 2 {
            let start = decode_text(&strip_tags(html), limit);
            assert!(whole.starts_with(&start), "{limit}: {start:?}");
            let chars = whole.chars().count();
            assert!(
                start.chars().count() >= limit.min(chars),
                "{limit}: {start:?}"
            );
        }
    }

    #[test]
    fn plain_text_matches_the_reference_on_entities() {
        let cases = [
            "&amp;lt; &amp;amp;lt; &amp;#39; &amp;quot;x &lt;&gt; &&amp; &",
            "&a>mp; &am<b>p; <a href=\"x>y\">z</a> >x< <<a>b>c",
            "&#39;&#39 &quot &amp",
            "  a\u{a0}\u{b}b\u{2003}\n\tc  ",
            "Hỗ <b>trợ</b>&nbsp;vay",
            "&Sigma;&Omicron;&Sigma; &amp;Sigma; &#931;a &#x3a3;",
            "x&nbsp&nbsp;y&shy;z&zwj;w &#8203;v",
            "ΟΔΟΣ&amp;ΟΣ <b>ΟΣ</b>&lt;Σ ΣΑ",
        ];
        for html in cases {
            assert_eq!(plain_text(html), plain_text_reference(html), "{html:?}");
            let want = tokens_reference(&plain_text_reference(html));
            assert_eq!(body_tokens(html), want, "{html:?}");
        }
    }

    #[test]
    fn entities_are_decoded_once_as_browsers_decode_them() {
        let cases = [
            ("Người&nbsp;lao&nbsp;động", "Người lao động"),
            ("a&nbsp; &nbsp;b&#160;c&NewLine;d", "a b c d"),
            ("&#273;&#x110;&#X111; &hellip;&ndash;&mdash;", "đĐđ …–—"),
            ("AT&amp;T &amp;lt; &amp;amp;", "AT&T &lt; &amp;"),
            ("&notit; &notin; &not &amp &copy2026", "¬it; ∉ ¬ & ©2026"),
            ("&#150;&#x80;&#x81;", "–€\u{81}"),
            (
                "&#0;&#xD800;&#1114112;&#99999999999999;",
                "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}",
            ),
            ("&NotEqualTilde;", "\u{2242}\u{338}"),
            ("&bogus; &#; &#x; &#xg; & &;", "&bogus; &#; &#x; &#xg; & &;"),
            ("a\u{202f}b\u{2007}c\u{a0}d", "a b c d"),
        ];
        for (html, want) in cases {
            assert_eq!(plain_text(html), want, "{html:?}");
            assert_eq!(plain_text(html), plain_text_reference(html), "{html:?}");
            let toks = tokens_reference(&plain_text_reference(html));
            assert_eq!(body_tokens(html), toks, "{html:?}");
        }
        assert_eq!(
            body_tokens("Người&nbsp;lao&nbsp;động &#272;&#7891;ng&#x20;Th&aacute;p"),
            ["nguoi", "lao", "dong", "dong", "thap"]
        );
    }

    #[test]
    fn every_named_entity_decodes_like_a_tokenizer() {
        for (name, _) in markup5ever::data::NAMED_ENTITIES.entries() {
            let html = format!("a&{name}b &{name}");
            assert_eq!(plain_text(&html), plain_text_reference(&html), "{html:?}");
            let want = tokens_reference(&plain_text_reference(&html));
            assert_eq!(body_tokens(&html), want, "{html:?}");
        }
    }

    #[test]
    fn numeric_entities_decode_like_a_tokenizer() {
        let numbers = (0..0x3000)
            .chain(0xD7F0..0xE010)
            .chain(0xFFF0..0x10010)
            .chain(0x10FFF0..0x110010)
            .chain([u32::MAX]);
        for n in numbers {
            let html = format!("&#{n};a&#x{n:x}b&#X{n:X}");
            assert_eq!(plain_text(&html), plain_text_reference(&html), "{n:#x}");
            let want = tokens_reference(&plain_text_reference(&html));
            assert_eq!(body_tokens(&html), want, "{n:#x}");
        }
    }

    proptest::proptest! {
        #[test]
        fn tokens_match_the_reference(text in "[aA zZ09.,!\u{a0}\u{b}ăâđĐÐơưởẫẠệỹΣσςİıßǅ日\u{300}\u{301}\u{323}\u{345}\u{5b0}-]{0,24}") {
            proptest::prop_assert_eq!(tokens(&text), tokens_reference(&text));
        }

        #[test]
        fn tokens_match_the_reference_on_any_text(text in ".{0,24}") {
            proptest::prop_assert_eq!(tokens(&text), tokens_reference(&text));
        }

        #[test]
        fn body_tokens_match_the_reference(html in "[aA <>&;ltgampquonbsx#39/\"\n\u{a0}ệĐΣ\u{301}]{0,40}") {
            let want = tokens_reference(&plain_text_reference(&html));
            proptest::prop_assert_eq!(body_tokens(&html), want);
        }

        #[test]
        fn plain_text_matches_the_reference(html in "[a <>&;ltgampquonbsx#39/\"\n\t\u{a0}\u{b}ệ]{0,40}") {
            proptest::prop_assert_eq!(plain_text(&html), plain_text_reference(&html));
        }
    }

    #[test]
    fn json_is_written_as_serde_json_writes_it() {
        for s in [
            "",
            "xkld",
            "日本",
            "a\"b\\c\n\t\u{1}\u{7f}",
            "Hỗ trợ </script>",
        ] {
            let mut out = Vec::new();
            push_json_str(&mut out, s);
            assert_eq!(
                String::from_utf8_lossy(&out),
                serde_json::to_string(s).unwrap_or_default()
            );
        }
        for n in [0, 7, 10, 99, 4_294_967_295] {
            let mut out = Vec::new();
            push_u32(&mut out, n);
            assert_eq!(out, n.to_string().into_bytes());
        }
        let terms = vec![
            ("ab".into(), vec![(0, 1), (3, 10), (5, 10)]),
            ("ac".into(), vec![(2, 3)]),
        ];
        // Gaps from one document to the next, then the scores.
        assert_eq!(
            String::from_utf8_lossy(&shard_file(&terms)),
            r#"{"ab":[0,3,2,1,10,10],"ac":[2,3]}"#
        );
    }

    /// The worst a summed list can compress: random numbers of every
    /// length, as `push_summed` writes them, just under the bound, at the
    /// fastest, default and best levels.
    #[test]
    fn random_lists_within_the_bound_fit() {
        use std::io::Write;
        let limit = SHARD_LIMIT;
        let mut next = noise();
        for digits in [1u32, 2, 3, 6, 10] {
            let mut list = b"[".to_vec();
            while fits_unseen(list.len() + 12, limit) {
                let n = u64::from(next()) % 10u64.pow(digits);
                push_u32(&mut list, u32::try_from(n).unwrap_or(u32::MAX));
                list.push(b',');
            }
            *list.last_mut().expect("a number") = b']';
            assert!(fits_unseen(list.len(), limit));
            assert!(list.len() > limit / 2 * 3 - 12, "{}", list.len());
            for level in [1, 6, 9] {
                let mut gz =
                    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(level));
                gz.write_all(&list).expect("compress");
                let n = gz.finish().expect("compress").len();
                assert!(n <= limit * 9 / 10, "{digits} digits, level {level}: {n}");
            }
        }
    }

    #[test]
    fn entries_are_found_where_the_whole_file_has_them() {
        let terms = many_terms();
        let (whole, ends) = shard_file_entries(&terms);
        assert_eq!(whole, shard_file(&terms));
        let mut start = 1;
        for ((term, list), end) in terms.iter().zip(ends) {
            let mut entry = Vec::new();
            push_entry(&mut entry, term, list);
            assert_eq!(whole[start..end], entry[..], "{term}");
            start = end + 1;
        }
        assert_eq!(start, whole.len());
    }

    #[test]
    fn gzip_len_counts_what_gzip_writes() {
        use std::io::Write;
        for bytes in [&b""[..], b"{}", &shard_file(&many_terms())] {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            enc.write_all(bytes).expect("a Vec takes everything");
            let gz = enc.finish().expect("a Vec takes everything");
            assert_eq!(gzip_len(bytes), gz.len());
        }
    }

    /// A key's files as the script reads them: each piece's first term and
    /// its terms with their (document, score) lists decoded from gaps.
    fn decoded(files: &[ShardFile]) -> Vec<(String, Vec<(String, Postings)>)> {
        files
            .iter()
            .map(|(first, body)| {
                let map: serde_json::Map<String, serde_json::Value> =
                    serde_json::from_slice(body).expect("a shard is JSON");
                let terms = map
                    .into_iter()
                    .map(|(term, list)| {
                        let nums: Vec<u32> = list
                            .as_array()
                            .expect("a list")
                            .iter()
                            .map(|n| n.as_u64().expect("a number") as u32)
                            .collect();
                        let (gaps, scores) = nums.split_at(nums.len() / 2);
                        let mut doc = 0;
                        let list = gaps
                            .iter()
                            .zip(scores)
                            .map(|(g, s)| {
                                doc += g;
                                (doc, *s)
                            })
                            .collect();
                        (term, list)
                    })
                    .collect();
                (first.to_string(), terms)
            })
            .collect()
    }

    /// Plain, reproducible noise (xorshift).
    fn noise() -> impl FnMut() -> u32 {
        let mut seed = 0x9e37_79b9u32;
        move || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed
        }
    }

    /// Terms with many documents each, some of them with one huge list.
    fn many_terms() -> Vec<(Box<str>, Postings)> {
        let mut terms: Vec<(Box<str>, Postings)> = Vec::new();
        // Noise, so the lists do not compress to nothing.
        let mut next = noise();
        for t in 0..300u32 {
            let term = format!("th{}", char::from_u32(0x61 + t % 26).unwrap_or('a'))
                + &"x".repeat((t / 26) as usize);
            let n = if t == 40 { 20_000 } else { 20 + next() % 200 };
            let mut doc = 0;
            let list = (0..n)
                .map(|_| {
                    doc += 1 + next() % 40;
                    (doc, 1 + next() % 30)
                })
                .collect();
            terms.push((term.into(), list));
        }
        terms.sort_by(|a, b| a.0.cmp(&b.0));
        terms
    }

    #[test]
    fn a_big_key_is_cut_into_pieces_under_the_limit_that_find_every_word() {
        let terms = many_terms();
        let limit = 8 * 1024;
        let files = key_files(&terms, limit);
        assert!(files.len() > 5, "{} pieces", files.len());
        for (first, body) in &files {
            assert!(
                gzip_len(body) <= limit,
                "piece {first}: {} bytes",
                gzip_len(body)
            );
        }
        let pieces = decoded(&files);
        let found = Pieces::of(&terms, &files);
        let firsts = &found.firsts;
        // Every piece starts with its first term, in order.
        for ((first, terms), listed) in pieces.iter().zip(firsts) {
            assert_eq!(terms.first().map(|(t, _)| t.as_str()), Some(first.as_str()));
            assert_eq!(first, listed);
        }
        assert!(firsts.windows(2).all(|w| w[0] <= w[1]), "{firsts:?}");
        // The huge list was cut: its word starts several pieces.
        assert!(firsts.windows(2).any(|w| w[0] == w[1]), "{firsts:?}");
        // What each first term shares with the last term before, as read
        // from the pieces themselves.
        for i in 1..pieces.len() {
            let last = &pieces[i - 1].1.last().expect("a term").0;
            let shared = common_prefix(last, firsts[i]).encode_utf16().count();
            assert_eq!(found.shared[i], shared, "piece {i}");
        }
        // Each word, looked up as the script does, gives its whole list
        // and no other word's.
        for (term, list) in &terms {
            let mut found: Postings = found
                .holding(term, false)
                .into_iter()
                .flat_map(|i| pieces[i].1.iter().filter(|(t, _)| **t == **term))
                .flat_map(|(_, l)| l.clone())
                .collect();
            found.sort_unstable();
            assert_eq!(&found, list, "{term}");
        }
        // A prefix finds every word it starts, whatever pieces they are in.
        for prefix in ["th", "tha", "thb", "thax", "thzxx", "thzz", "ti"] {
            let mut found: Vec<&str> = found
                .holding(prefix, true)
                .into_iter()
                .flat_map(|i| pieces[i].1.iter().map(|(t, _)| t.as_str()))
                .filter(|t| t.starts_with(prefix))
                .collect();
            found.dedup();
            let expected: Vec<&str> = terms
                .iter()
                .map(|(t, _)| &**t)
                .filter(|t| t.starts_with(prefix))
                .collect();
            assert_eq!(found, expected, "{prefix}");
        }
    }

    /// A word or prefix is looked up in exactly the pieces that hold what it
    /// matches: none is fetched for nothing (but one, when nothing matches).
    #[test]
    fn a_lookup_fetches_only_the_pieces_that_hold_its_words() {
        // Words of varied stems, so that pieces start with words whose
        // prefixes the piece before does not hold.
        let mut next = noise();
        let mut terms: Vec<(Box<str>, Postings)> = (0..400)
            .map(|_| {
                let len = 3 + next() % 6;
                let term: String = "th"
                    .chars()
                    .chain((0..len).map(|_| char::from(b'a' + (next() % 26) as u8)))
                    .collect();
                let mut doc = 0;
                let list = (0..20 + next() % 200)
                    .map(|_| {
                        doc += 1 + next() % 40;
                        (doc, 1 + next() % 30)
                    })
                    .collect();
                (term.into(), list)
            })
            .collect();
        terms.sort_by(|a, b| a.0.cmp(&b.0));
        terms.dedup_by(|a, b| a.0 == b.0);
        let files = key_files(&terms, 8 * 1024);
        let pieces = decoded(&files);
        let found = Pieces::of(&terms, &files);
        assert!(pieces.len() > 5, "{} pieces", pieces.len());
        // The rule with first terms alone, as before `shared`.
        let firsts_only = |word: &str, prefix: bool| {
            let f = &found.firsts;
            (0..f.len())
                .filter(|&i| {
                    let from = f[i] <= word || (prefix && f[i].starts_with(word));
                    let to = i + 1 == f.len() || f[i + 1] > word || f[i] == word;
                    from && to
                })
                .count()
        };
        let mut spared = 0;
        for (term, _) in &terms {
            let chars: Vec<(usize, char)> = term.char_indices().collect();
            for n in 2..=chars.len() {
                let word = chars.get(n).map_or(&**term, |(i, _)| &term[..*i]);
                for prefix in [true, false] {
                    let hits = |t: &str| {
                        if prefix {
                            t.starts_with(word)
                        } else {
                            t == word
                        }
                    };
                    let holding: Vec<usize> = (0..pieces.len())
                        .filter(|&i| pieces[i].1.iter().any(|(t, _)| hits(t)))
                        .collect();
                    let fetched = found.holding(word, prefix);
                    if holding.is_empty() {
                        assert!(fetched.len() <= 1, "{word} {prefix}: {fetched:?}");
                    } else {
                        assert_eq!(fetched, holding, "{word} {prefix}");
                    }
                    spared += firsts_only(word, prefix) - fetched.len();
                }
            }
        }
        assert!(spared > 0, "no lookup was spared a piece");
    }

    /// A prefix's matches as the script ranks them from the pieces: every
    /// document with its summed score (the prefix itself counting double),
    /// best first, ties to the lower number.
    fn ranked_reference(terms: &[(Box<str>, Postings)], prefix: &str) -> Vec<(u32, u64)> {
        let mut scores: BTreeMap<u32, u64> = BTreeMap::new();
        for (term, list) in terms.iter().filter(|(t, _)| t.starts_with(prefix)) {
            let weight = if &**term == prefix { 2 } else { 1 };
            for &(doc, score) in list {
                *scores.entry(doc).or_default() += u64::from(score) * weight;
            }
        }
        let mut ranked: Vec<(u32, u64)> = scores.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked
    }

    /// Gaps then scores, decoded to (document, score) in list order.
    fn decode_list(v: &serde_json::Value) -> Vec<(u32, u64)> {
        let nums: Vec<u64> = v
            .as_array()
            .expect("a list")
            .iter()
            .map(|n| n.as_u64().expect("a number"))
            .collect();
        let (gaps, scores) = nums.split_at(nums.len() / 2);
        let mut doc = 0;
        gaps.iter()
            .zip(scores)
            .map(|(g, s)| {
                doc += *g as u32;
                (doc, *s)
            })
            .collect()
    }

    #[test]
    fn every_prefix_spanning_pieces_has_lists_equal_to_the_full_ranking() {
        let mut terms = many_terms();
        // A prefix that is a word of its own, counted double, and ties.
        terms.push(("thb".into(), vec![(3, 7), (5, 7), (9, 1)]));
        // A long word in pieces of its own: "thqw" to "thqwert" match it
        // alone, with the same lists.
        let mut next = noise();
        let mut doc = 0;
        let long = (0..8_000)
            .map(|_| {
                doc += 1 + next() % 3;
                (doc, 1 + next() % 30)
            })
            .collect();
        terms.push(("thqwerty".into(), long));
        terms.sort_by(|a, b| a.0.cmp(&b.0));
        let docs = 1 + terms
            .iter()
            .flat_map(|(_, l)| l.iter().map(|(d, _)| *d))
            .max()
            .unwrap_or(0);
        let limit = 8 * 1024;
        let files = key_files(&terms, limit);
        let pieces = Pieces::of(&terms, &files);
        let prefixes = prefix_files(&terms, &pieces, docs, limit);
        let listed: Vec<&str> = prefixes.iter().map(|p| p.prefix.as_str()).collect();
        assert!(listed.windows(2).all(|w| w[0] < w[1]), "{listed:?}");
        assert!(listed.contains(&"th"), "{listed:?}");
        // Exactly the prefixes of the terms that the script would fetch
        // from two pieces or more.
        let mut all: Vec<String> = terms
            .iter()
            .flat_map(|(t, _)| (2..=t.chars().count()).map(|n| t.chars().take(n).collect()))
            .collect();
        all.sort();
        all.dedup();
        let wanted: Vec<&str> = all
            .iter()
            .map(String::as_str)
            .filter(|p| pieces.holding(p, true).len() >= 2)
            .collect();
        assert_eq!(listed, wanted);
        let (mut cut, mut same) = (false, 0);
        for p in &prefixes {
            let prefix = &p.prefix;
            let reference = ranked_reference(&terms, prefix);
            // A prefix that uses another's lists names an earlier one,
            // which has lists of its own.
            let (top, sums) = match &p.lists {
                Lists::Own { top, sums } => (top, sums),
                Lists::Same(to) => {
                    same += 1;
                    assert!(to < prefix, "{prefix} uses {to}");
                    let first = prefixes.iter().find(|q| q.prefix == *to);
                    match first.map(|q| &q.lists) {
                        Some(Lists::Own { top, sums }) => (top, sums),
                        _ => panic!("{prefix} uses {to}, which has no lists"),
                    }
                }
            };
            // The top list: the first TOP of the ranking, and the count.
            let v: serde_json::Value = serde_json::from_slice(top).expect("JSON");
            assert_eq!(
                v["total"].as_u64(),
                Some(reference.len() as u64),
                "{prefix}"
            );
            let mut top = decode_list(&v["top"]);
            top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            assert_eq!(top, reference[..reference.len().min(TOP)], "{prefix}");
            assert!(top.len() < 600, "{prefix}: {} bytes", top.len());
            // The summed list: every document once with its whole score,
            // in pieces under the limit.
            let mut summed: Vec<(u32, u64)> = sums
                .iter()
                .flat_map(|body| {
                    assert!(gzip_len(body) <= limit, "{prefix}: {}", gzip_len(body));
                    decode_list(&serde_json::from_slice(body).expect("JSON"))
                })
                .collect();
            assert!(summed.windows(2).all(|w| w[0].0 < w[1].0), "{prefix}");
            summed.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            assert_eq!(summed, reference, "{prefix}");
            cut |= sums.len() > 1;
        }
        assert!(cut, "no summed list was cut");
        assert!(same >= 3, "{same} prefixes use another's lists");
    }

    /// Prefixes of different keys whose lists are the same share the
    /// first one's, and so do those that used a list shared that way.
    #[test]
    fn the_same_lists_are_written_once_across_keys() {
        let own = |sums: &[&str]| Lists::Own {
            top: b"{}".to_vec(),
            sums: sums.iter().map(|s| s.as_bytes().to_vec()).collect(),
        };
        let prefix = |prefix: &str, lists: Lists| PrefixFiles {
            prefix: prefix.to_string(),
            lists,
        };
        let key = |key: &str, prefixes: Vec<PrefixFiles>| KeyFiles {
            key: key.to_string(),
            files: Vec::new(),
            shared: Vec::new(),
            prefixes,
        };
        let mut keys = vec![
            key("ac", vec![prefix("acr", own(&["[1,2]"]))]),
            key(
                "pr",
                vec![
                    prefix("pro", own(&["[1,3]"])),
                    prefix("prov", own(&["[1,2]"])),
                    prefix("provi", Lists::Same("prov".into())),
                    prefix("prox", own(&["[1,2]", "[5,1]"])),
                ],
            ),
        ];
        share_same_lists(&mut keys);
        let lists: Vec<(&str, &Lists)> = keys
            .iter()
            .flat_map(|k| k.prefixes.iter().map(|p| (p.prefix.as_str(), &p.lists)))
            .collect();
        assert_eq!(
            lists,
            [
                ("acr", &own(&["[1,2]"])),
                ("pro", &own(&["[1,3]"])),
                ("prov", &Lists::Same("acr".into())),
                ("provi", &Lists::Same("acr".into())),
                ("prox", &own(&["[1,2]", "[5,1]"])),
            ]
        );
    }

    /// Sums come in document order whether the documents are read off in
    /// order (a prefix most documents hold) or sorted (a rare one), and the
    /// scratch slots are left zeroed for the next prefix.
    #[test]
    fn prefix_scores_are_in_document_order_dense_or_sparse() {
        let docs = 5000u32;
        let mut terms: Vec<(Box<str>, Postings)> = vec![
            // Dense: "ba" and "bac" hold every other document between them.
            (
                "ba".into(),
                (0..docs).step_by(2).map(|d| (d, 1 + d % 3)).collect(),
            ),
            (
                "bac".into(),
                (1..docs).step_by(2).rev().map(|d| (d, 2)).collect(),
            ),
            // Sparse: three documents far apart, listed out of order.
            ("xy".into(), vec![(4000, 5), (7, 1)]),
            ("xyz".into(), vec![(2500, 3), (4000, 4)]),
        ];
        terms.sort_by(|a, b| a.0.cmp(&b.0));
        let mut scores = vec![0u64; docs as usize];
        for prefix in ["ba", "bac", "xy", "xyz", "q"] {
            let got = prefix_scores(&terms, prefix, &mut scores);
            let mut want = ranked_reference(&terms, prefix);
            want.sort();
            assert_eq!(got, want, "{prefix}");
            assert!(
                scores.iter().all(|&s| s == 0),
                "{prefix}: scratch left dirty"
            );
        }
    }

    #[test]
    fn a_key_in_one_file_has_no_prefix_lists() {
        let terms = vec![("th".into(), vec![(0, 1)]), ("thi".into(), vec![(1, 2)])];
        let files = key_files(&terms, SHARD_LIMIT);
        assert!(prefix_files(&terms, &Pieces::of(&terms, &files), 2, SHARD_LIMIT).is_empty());
    }

    #[test]
    fn a_key_under_the_limit_is_one_file_as_before() {
        let terms = vec![
            ("ho".into(), vec![(0, 10), (4, 1)]),
            ("hoc".into(), vec![(1, 2)]),
        ];
        let files = key_files(&terms, SHARD_LIMIT);
        assert_eq!(files.len(), 1);
        assert_eq!(&*files[0].0, "ho");
        assert_eq!(files[0].1, shard_file(&terms));
    }

    #[test]
    fn plain_text_drops_tags() {
        assert_eq!(
            plain_text("<p>Hỗ <b>trợ</b></p>\n<p>a &amp; b</p>"),
            "Hỗ trợ a & b"
        );
    }
}
