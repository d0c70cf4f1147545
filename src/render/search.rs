//! The site search index: built here, searched in the reader's browser.
//!
//! Why our own index instead of Pagefind: Pagefind ships a few hundred KB
//! of script and WebAssembly, does not fold đ to d, and drops query words it
//! cannot match; a portal's readers type "dong thap" on prepaid data. This
//! index is plain JSON, split so a search loads only what it needs:
//!
//! ```text
//! search/<lang>/meta.json       shard list, document count, chunk size
//! search/<lang>/t/<ab>.json     terms starting with "ab" -> [doc, score, doc, score, ...]
//! search/<lang>/d/<n>.json      documents n*CHUNK.. : [title, link, section, date, text]
//! ```
//!
//! Terms are folded (no tone or vowel marks, đ -> d, lowercase), so queries
//! with or without accents meet. Synonym groups from site.toml are expanded
//! when indexing: a page that says "xuất khẩu lao động" is also indexed
//! under "xkld", and the reverse.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde_json::json;

use super::view::Views;
use crate::i18n::Lang;
use crate::i18n::fold::fold;
use crate::output::{Body, OutputFile};
use crate::site::{PageId, SitePath};

/// Documents per document chunk.
pub const CHUNK: usize = 200;
/// Characters of body text kept per document for result snippets.
const EXCERPT: usize = 320;
/// Pages tokenized together before their terms join the postings.
const BLOCK: usize = 256;
/// Field weights: a title match ranks above a summary match, above body.
const TITLE: u32 = 10;
const SUMMARY: u32 = 3;
const BODY: u32 = 1;

/// Folds text into search tokens: lowercase ASCII words and numbers.
pub fn tokens(text: &str) -> Vec<String> {
    fold(text)
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Plain text of rendered HTML: tags dropped, entities for the usual
/// characters decoded, whitespace collapsed.
pub fn plain_text(html: &str) -> String {
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
    let decoded = out
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
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

fn contains_seq(hay: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// Adds the tokens of every synonym of a phrase that occurs in `toks`.
fn expand(toks: &mut Vec<String>, groups: &[Vec<Vec<String>>]) {
    let mut extra = Vec::new();
    for g in groups {
        if g.iter().any(|phrase| contains_seq(toks, phrase)) {
            for phrase in g {
                if !contains_seq(toks, phrase) {
                    extra.extend(phrase.iter().cloned());
                }
            }
        }
    }
    toks.extend(extra);
}

/// The shard key of a term: its first two characters.
pub fn shard_key(term: &str) -> String {
    term.chars().take(2).collect()
}

/// One page's weighted terms and its document entry `[title, link, section, date, text]`.
fn index_page(
    views: &Views<'_>,
    lang: &Lang,
    id: PageId,
    groups: &[Vec<Vec<String>>],
) -> (HashMap<String, u32>, serde_json::Value) {
    let site = views.site;
    let p = &site.pages[id];
    let c = &p.front.common;
    let body = plain_text(&p.body.html);
    let fields: [(&str, u32); 3] = [
        (&c.title, TITLE),
        (c.summary.as_deref().unwrap_or(""), SUMMARY),
        (&body, BODY),
    ];
    let mut terms: HashMap<String, u32> = HashMap::new();
    for (text, weight) in fields {
        let mut toks = tokens(text);
        expand(&mut toks, groups);
        for t in toks {
            *terms.entry(t).or_default() += weight;
        }
    }
    let section = p
        .section
        .map(|s| site.sections[s].front.title.clone())
        .unwrap_or_default();
    let date = c
        .date
        .as_ref()
        .map(|d| views.locales.get(lang.as_str()).date_short(d.local()))
        .unwrap_or_default();
    let excerpt: String = c
        .summary
        .clone()
        .unwrap_or_default()
        .chars()
        .chain(" ".chars())
        .chain(body.chars())
        .take(EXCERPT)
        .collect();
    let doc = json!([c.title, views.href(&p.url), section, date, excerpt.trim()]);
    (terms, doc)
}

/// The index files of one language.
pub fn files_for(views: &Views<'_>, lang: &Lang, search_page: &SitePath) -> Vec<OutputFile> {
    let site = views.site;
    let groups = synonym_groups(views);
    let ids: Vec<PageId> = (0..site.pages.len())
        .filter(|id| site.pages[*id].lang == *lang && site.pages[*id].listed)
        .collect();
    // Pages are tokenized in parallel (folding and tokenizing the bodies is
    // most of the index's cost), a block at a time so that only one block's
    // term lists are held besides the postings; merged in page order.
    let mut postings: HashMap<String, Vec<(usize, u32)>> = HashMap::new();
    let mut docs = Vec::with_capacity(ids.len());
    for (block, chunk) in ids.chunks(BLOCK).enumerate() {
        let indexed: Vec<(HashMap<String, u32>, serde_json::Value)> = chunk
            .par_iter()
            .map(|id| index_page(views, lang, *id, &groups))
            .collect();
        for (n, (terms, doc)) in indexed.into_iter().enumerate() {
            for (t, score) in terms {
                postings
                    .entry(t)
                    .or_default()
                    .push((block * BLOCK + n, score));
            }
            docs.push(doc);
        }
    }
    let mut postings: Vec<(String, Vec<(usize, u32)>)> = postings.into_iter().collect();
    postings.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let root = SitePath::root().child("search").child(lang.as_str());
    let mut shards: BTreeMap<String, serde_json::Map<String, serde_json::Value>> = BTreeMap::new();
    for (term, mut list) in postings {
        list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let flat: Vec<u64> = list
            .iter()
            .flat_map(|(d, s)| [*d as u64, u64::from(*s)])
            .collect();
        shards
            .entry(shard_key(&term))
            .or_default()
            .insert(term, json!(flat));
    }
    let mut out = Vec::new();
    let meta = json!({
        "version": 1,
        "lang": lang.as_str(),
        "docs": docs.len(),
        "chunk": CHUNK,
        "shards": shards.keys().collect::<Vec<_>>(),
        "page": views.href(search_page),
    });
    let file = |path: SitePath, value: &serde_json::Value| OutputFile {
        path: path.as_str().to_string(),
        body: Body::Bytes(value.to_string().into_bytes()),
    };
    out.push(file(root.file("meta.json"), &meta));
    for (key, map) in shards {
        out.push(file(
            root.child("t").file(&format!("{key}.json")),
            &serde_json::Value::Object(map),
        ));
    }
    for (n, chunk) in docs.chunks(CHUNK).enumerate() {
        out.push(file(
            root.child("d").file(&format!("{n}.json")),
            &json!(chunk),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_folded_words() {
        assert_eq!(
            tokens("Hỗ trợ VAY vốn, Đồng Tháp!"),
            vec!["ho", "tro", "vay", "von", "dong", "thap"]
        );
        assert_eq!(tokens("NQ 392/2020"), vec!["nq", "392", "2020"]);
    }

    #[test]
    fn synonyms_expand_both_ways() {
        let groups = vec![vec![tokens("XKLĐ"), tokens("xuất khẩu lao động")]];
        let mut a = tokens("Tin XKLĐ mới");
        expand(&mut a, &groups);
        assert!(contains_seq(&a, &tokens("xuat khau lao dong")), "{a:?}");
        let mut b = tokens("đẩy mạnh xuất khẩu lao động");
        expand(&mut b, &groups);
        assert!(b.contains(&"xkld".to_string()), "{b:?}");
    }

    #[test]
    fn plain_text_drops_tags() {
        assert_eq!(
            plain_text("<p>Hỗ <b>trợ</b></p>\n<p>a &amp; b</p>"),
            "Hỗ trợ a & b"
        );
    }
}
