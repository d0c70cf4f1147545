//! The search index stays light as a portal grows: no term shard is over
//! 50 KB gzip-compressed, a key too big for one file is cut into pieces
//! that `meta.json` lists, and every word is still found, through the
//! manifest as the search script reads it (here in Rust, and by the script
//! itself in Node when Node is installed), online and in an offline copy.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::Path;

use crate::common::{self, Portal};

/// What a shard may weigh gzip-compressed: "about 50 KB".
const LIMIT: usize = 50_000;
/// Pages in the big portal: enough for the "th" key to need several files.
const PAGES: usize = 400;

/// A portal of [`PAGES`] articles whose bodies are words drawn from a
/// fixed pseudo-random sequence, nearly all starting with "th", and the
/// words of each page.
fn big_portal() -> (Portal, Vec<BTreeSet<String>>) {
    let p = Portal::new();
    p.page("content/_index.md", "Trang chủ", "x");
    p.page("content/_index.en.md", "Home", "x");
    p.section("tin-tuc", "Tin tức", "articles");
    let mut seed = 0x2545_f491u32;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        seed
    };
    let mut pages = Vec::new();
    for i in 0..PAGES {
        let mut words: Vec<String> = (0..150)
            .map(|_| {
                let n = next() % 5000;
                let letters: String = [n % 26, n / 26 % 26, n / 676]
                    .iter()
                    .map(|&l| char::from(b'a' + l as u8))
                    .collect();
                format!("th{letters}")
            })
            .collect();
        // One word on every page, one on every seventh.
        words.push("thuong".into());
        if i % 7 == 0 {
            words.push("visa".into());
        }
        // Two rare words whose keys are small, so they share a file.
        if i % 11 == 0 {
            words.push("xanh".into());
        }
        if i % 13 == 0 {
            words.push("xem".into());
        }
        p.page(
            &format!("content/tin-tuc/bai-{i:03}.md"),
            &format!("Bài {i:03}"),
            &words.join(" "),
        );
        pages.push(words.into_iter().collect());
    }
    (p, pages)
}

fn gzip_len(bytes: &[u8], level: flate2::Compression) -> usize {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), level);
    enc.write_all(bytes).expect("gzip");
    enc.finish().expect("gzip").len()
}

fn json(out: &Path, rel: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The title of each document, by number.
fn doc_titles(out: &Path, meta: &serde_json::Value) -> Vec<String> {
    let docs = meta["docs"].as_u64().expect("docs") as usize;
    let chunk = meta["chunk"].as_u64().expect("chunk") as usize;
    (0..docs.div_ceil(chunk))
        .flat_map(|n| {
            json(out, &format!("search/vi/d/{n}.json"))
                .as_array()
                .expect("a chunk")
                .iter()
                .map(|d| d[0].as_str().expect("a title").to_string())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The shard files the search script fetches for `word` (or every word it
/// starts, if `prefix`): the key's one file, or the pieces `meta.split`
/// lists whose term range can hold it (`meta.shared` ruling out a piece
/// that ends before it).
fn files_for(meta: &serde_json::Value, word: &str, prefix: bool) -> Vec<String> {
    let key: String = word.chars().take(2).collect();
    let keys = meta["shards"].as_array().expect("shards");
    if !keys.iter().any(|k| k == key.as_str()) {
        return Vec::new();
    }
    let Some(firsts) = meta.get("split").and_then(|s| s.get(&key)) else {
        let file = meta
            .get("packs")
            .and_then(|p| p.get(&key))
            .map_or(key.as_str(), |f| f.as_str().expect("a pack's first key"));
        return vec![format!("{file}.json")];
    };
    let firsts: Vec<&str> = firsts
        .as_array()
        .expect("pieces")
        .iter()
        .map(|f| f.as_str().expect("a first term"))
        .collect();
    let shared: Vec<u64> = meta["shared"][&key]
        .as_array()
        .expect("what each piece's first term shares")
        .iter()
        .map(|n| n.as_u64().expect("a count"))
        .collect();
    assert_eq!(shared.len(), firsts.len());
    let units = word.encode_utf16().count() as u64;
    (0..firsts.len())
        .filter(|&i| {
            let f = firsts[i];
            let from = f <= word || (prefix && f.starts_with(word));
            let to = match firsts.get(i + 1) {
                None => true,
                Some(next) => {
                    let ends_before = next.starts_with(word) && shared[i + 1] < units;
                    (*next > word && !ends_before) || f == word
                }
            };
            from && to
        })
        .map(|i| format!("{key}-{i}.json"))
        .collect()
}

/// Shard files read so far, by name.
type Shards = BTreeMap<String, serde_json::Value>;

/// The documents (numbers) of the terms `word` matches, read through the
/// manifest like the script reads them.
fn lookup(
    out: &Path,
    meta: &serde_json::Value,
    cache: &mut Shards,
    word: &str,
    prefix: bool,
) -> BTreeSet<u64> {
    scores(out, meta, cache, word, prefix).into_keys().collect()
}

/// Gaps then scores, decoded to (document, score) in list order.
fn decode(list: &serde_json::Value) -> Vec<(u64, u64)> {
    let nums: Vec<u64> = list
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
            doc += g;
            (doc, *s)
        })
        .collect()
}

/// The documents `word` matches with their scores, summed from the term
/// shards as the script sums them: a term equal to the word counts double.
fn scores(
    out: &Path,
    meta: &serde_json::Value,
    cache: &mut Shards,
    word: &str,
    prefix: bool,
) -> BTreeMap<u64, u64> {
    let mut docs = BTreeMap::new();
    for file in files_for(meta, word, prefix) {
        let shard = cache
            .entry(file.clone())
            .or_insert_with(|| json(out, &format!("search/vi/t/{file}")));
        for (term, list) in shard.as_object().expect("a shard") {
            if term != word && !(prefix && term.starts_with(word)) {
                continue;
            }
            let weight = if term == word { 2 } else { 1 };
            for (doc, score) in decode(list) {
                *docs.entry(doc).or_default() += score * weight;
            }
        }
    }
    docs
}

/// Documents best first (ties to the lower number), as the script ranks.
fn ranking(scores: &BTreeMap<u64, u64>) -> Vec<(u64, u64)> {
    let mut ranked: Vec<(u64, u64)> = scores.iter().map(|(d, s)| (*d, *s)).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked
}

/// Titles of the pages holding a word `matches` accepts.
fn expected(pages: &[BTreeSet<String>], matches: impl Fn(&str) -> bool) -> BTreeSet<String> {
    pages
        .iter()
        .enumerate()
        .filter(|(_, words)| words.iter().any(|w| matches(w)))
        .map(|(i, _)| format!("Bài {i:03}"))
        .collect()
}

#[test]
fn a_big_portal_s_shards_stay_under_50_kb_and_every_word_is_found() {
    let (mut p, pages) = big_portal();
    p.build_ok();
    let out = p.out();
    let meta = json(&out, "search/vi/meta.json");

    // Every shard under the limit, at gzip's default and best levels.
    let shards = common::list_files(&out.join("search/vi/t"));
    for f in &shards {
        let bytes = std::fs::read(out.join("search/vi/t").join(f)).expect("shard");
        for level in [flate2::Compression::default(), flate2::Compression::best()] {
            let gz = gzip_len(&bytes, level);
            assert!(gz <= LIMIT, "{f}: {gz} bytes gzip-compressed");
        }
    }
    // The "th" key did not fit one file: it is in pieces, all listed.
    let pieces = meta["split"]["th"].as_array().expect("th is split");
    assert!(pieces.len() >= 2, "{pieces:?}");
    assert!(!shards.contains(&"th.json".to_string()), "{shards:?}");
    for i in 0..pieces.len() {
        assert!(shards.contains(&format!("th-{i}.json")), "{shards:?}");
    }
    // Small keys share a file, named after the first key of the pack.
    let packs = meta["packs"].as_object().expect("small keys are packed");
    for (key, first) in packs {
        let first = first.as_str().expect("a key");
        assert!(first < key.as_str(), "{key} -> {first}");
        assert!(
            shards.contains(&format!("{first}.json")),
            "{key} -> {first}"
        );
        assert!(!shards.contains(&format!("{key}.json")), "{key}");
    }
    // The manifest is small: a key list, the pieces' first terms and the
    // packs.
    let manifest = std::fs::read(out.join("search/vi/meta.json")).expect("meta");
    assert!(
        gzip_len(&manifest, flate2::Compression::default()) < 2_000,
        "{}",
        String::from_utf8_lossy(&manifest)
    );

    // Each prefix whose words span pieces has a top list (the first page
    // of its ranking and its count) and a summed list (every document once
    // with its score), both equal to what the term shards give.
    let prefixes = meta["prefixes"].as_object().expect("prefixes");
    assert!(prefixes.contains_key("th"), "{prefixes:?}");
    let mut cache = Shards::new();
    for (prefix, lists) in prefixes {
        let full = scores(&out, &meta, &mut cache, prefix, true);
        let want = ranking(&full);
        // Its own lists, or those of the earlier prefix it names.
        let (name, parts) = match lists.as_str() {
            Some(earlier) => (earlier, &prefixes[earlier]),
            None => (prefix.as_str(), lists),
        };
        assert!(name <= prefix.as_str(), "{prefix} uses {name}");
        let top = json(&out, &format!("search/vi/p/{name}-top.json"));
        assert_eq!(top["total"].as_u64(), Some(full.len() as u64), "{prefix}");
        let mut got = decode(&top["top"]);
        got.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        assert_eq!(got, want[..want.len().min(30)], "{prefix}");
        let mut summed = BTreeMap::new();
        for i in 0..parts.as_u64().expect("a count") {
            let rel = format!("search/vi/s/{name}-{i}.json");
            let bytes = std::fs::read(out.join(&rel)).expect("a summed list");
            let gz = gzip_len(&bytes, flate2::Compression::best());
            assert!(gz <= LIMIT, "{rel}: {gz} bytes gzip-compressed");
            summed.extend(decode(&json(&out, &rel)));
        }
        assert_eq!(summed, full, "{prefix}");
    }
    let top = std::fs::read(out.join("search/vi/p/th-top.json")).expect("th's top list");
    assert!(top.len() < 1_000, "{}", String::from_utf8_lossy(&top));

    // Every word of every page, looked up through the manifest, gives
    // exactly the pages that hold it; so does a prefix.
    let titles = doc_titles(&out, &meta);
    let vocabulary: BTreeSet<&String> = pages.iter().flatten().collect();
    let titles_of = |docs: BTreeSet<u64>| -> BTreeSet<String> {
        docs.into_iter()
            .map(|d| titles[d as usize].clone())
            .collect()
    };
    for word in &vocabulary {
        assert_eq!(
            titles_of(lookup(&out, &meta, &mut cache, word, false)),
            expected(&pages, |w| w == word.as_str()),
            "{word}"
        );
    }
    for prefix in ["th", "tha", "thm", "thz", "thzz", "vi"] {
        assert_eq!(
            titles_of(lookup(&out, &meta, &mut cache, prefix, true)),
            expected(&pages, |w| w.starts_with(prefix)),
            "{prefix}"
        );
    }

    // The search script itself, in Node, online and offline.
    p.opts.output = Some(p.sandbox().join("offline"));
    p.opts.offline = true;
    p.build_ok();
    let rare = vocabulary
        .iter()
        .find(|w| (3..30).contains(&expected(&pages, |x| x.starts_with(w.as_str())).len()))
        .expect("a word on a few pages");
    // A word whose key is in a pack but does not name it.
    let packed = vocabulary
        .iter()
        .find(|w| packs.contains_key(&w.chars().take(2).collect::<String>()))
        .expect("a word of a packed key");
    for (dir, offline) in [(out.clone(), false), (p.out(), true)] {
        let Some(results) = probe(
            &dir,
            offline,
            &[
                rare.as_str(),
                "thuong",
                "tha",
                "visa thuong",
                "th",
                "visa th",
                packed.as_str(),
            ],
        ) else {
            eprintln!("skipped the search script's own run: node is not installed");
            return;
        };
        let want = [
            // A last word matches as a prefix.
            expected(&pages, |w| w.starts_with(rare.as_str())),
            expected(&pages, |w| w == "thuong"),
            expected(&pages, |w| w.starts_with("tha")),
            expected(&pages, |w| w == "visa"),
            expected(&pages, |w| w.starts_with("th")),
            expected(&pages, |w| w == "visa"),
            expected(&pages, |w| w.starts_with(packed.as_str())),
        ];
        for ((query, total, shown), want) in results.iter().zip(want) {
            let set: BTreeSet<String> = shown.iter().cloned().collect();
            assert_eq!(*total, want.len(), "{query} (offline: {offline})");
            assert_eq!(set.len(), want.len().min(30), "{query}");
            assert!(set.is_subset(&want), "{query}: {shown:?}");
        }
        // "th" reads its top list, "visa th" its summed list: both show
        // the first page of the ranking the term shards give, in order.
        let th = scores(&out, &meta, &mut cache, "th", true);
        let visa = scores(&out, &meta, &mut cache, "visa", false);
        let both: BTreeMap<u64, u64> = visa.iter().map(|(d, s)| (*d, s + th[d])).collect();
        for (i, full) in [(4, &th), (5, &both)] {
            let want: Vec<String> = ranking(full)
                .iter()
                .take(30)
                .map(|(d, _)| titles[*d as usize].clone())
                .collect();
            assert_eq!(results[i].2, want, "{} (offline: {offline})", results[i].0);
        }
    }
}

/// Runs `scripts/search_probe.mjs` on a built site: for each query, the
/// total count the status shows and the titles of the results shown, in
/// order. None if Node is missing.
fn probe(out: &Path, offline: bool, queries: &[&str]) -> Option<Vec<(String, usize, Vec<String>)>> {
    std::process::Command::new("node")
        .arg("--version")
        .output()
        .ok()?;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/search_probe.mjs");
    let mut cmd = std::process::Command::new("node");
    cmd.arg(script).arg(out).arg("--json");
    if offline {
        cmd.arg("--offline");
    }
    let run = cmd.args(queries).output().expect("node runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let results = String::from_utf8_lossy(&run.stdout)
        .lines()
        .map(|line| {
            let r: serde_json::Value = serde_json::from_str(line).expect("probe JSON");
            let status = r["status"].as_str().expect("status");
            let total = status
                .split(' ')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            let shown = r["results"]
                .as_array()
                .expect("results")
                .iter()
                .map(|x| x["title"].as_str().expect("title").to_string())
                .collect();
            (r["query"].as_str().unwrap_or("").to_string(), total, shown)
        })
        .collect();
    Some(results)
}
