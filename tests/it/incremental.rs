//! The rebuild `loa serve` does after an edit reuses pages and bodies from
//! the previous build (`BuildCache`). Its output must be exactly what a
//! fresh build of the same files gives: every test edits a portal, rebuilds
//! with the cache kept from before the edit, builds again without a cache,
//! and compares every file byte for byte (and names what differs).

use crate::common;
use crate::common::fixture;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::Portal;
use loa::output::Body;
use loa::pipeline::{BuildCache, render_site, render_site_cached};

/// Every output file's bytes, by path.
fn files(site: loa::pipeline::RenderedSite) -> BTreeMap<String, Vec<u8>> {
    site.files
        .into_iter()
        .map(|f| {
            let bytes = match f.body {
                Body::Html(h) => h.as_bytes().to_vec(),
                Body::Bytes(b) => b,
                Body::Copy(p) => std::fs::read(&p).expect("copied file"),
            };
            (f.path, bytes)
        })
        .collect()
}

/// A portal being edited, with the cache serve would keep.
struct Session {
    portal: Portal,
    cache: BuildCache,
}

impl Session {
    fn start(portal: Portal) -> Session {
        let mut s = Session {
            portal,
            cache: BuildCache::default(),
        };
        s.rebuild_matches("the first build");
        s
    }

    /// Writes a file as an editor would and tells the cache, as the watcher does.
    fn write(&mut self, rel: &str, text: &str) -> &mut Session {
        self.portal.file(rel, text);
        self.cache.documents.forget(&[self.abs(rel)]);
        self
    }

    fn remove(&mut self, rel: &str) -> &mut Session {
        std::fs::remove_file(self.portal.root().join(rel)).expect("remove");
        self.cache.documents.forget(&[self.abs(rel)]);
        self
    }

    fn abs(&self, rel: &str) -> PathBuf {
        self.portal.root().join(rel)
    }

    /// Rebuilds with the cache and checks it against a build without one;
    /// returns the files.
    fn rebuild_matches(&mut self, what: &str) -> BTreeMap<String, Vec<u8>> {
        let cached = files(
            render_site_cached(&self.portal.opts, &mut self.cache)
                .unwrap_or_else(|e| panic!("{what}: cached build failed: {e}")),
        );
        let fresh = files(
            render_site(&self.portal.opts)
                .unwrap_or_else(|e| panic!("{what}: fresh build failed: {e}")),
        );
        let only = |a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>| {
            a.keys()
                .filter(|k| !b.contains_key(*k))
                .cloned()
                .collect::<Vec<_>>()
        };
        assert!(
            only(&cached, &fresh).is_empty() && only(&fresh, &cached).is_empty(),
            "{what}: files only in the cached build {:?}, only in the fresh one {:?}",
            only(&cached, &fresh),
            only(&fresh, &cached)
        );
        let differ: Vec<&String> = cached
            .iter()
            .filter(|(k, v)| fresh.get(*k) != Some(*v))
            .map(|(k, _)| k)
            .collect();
        assert!(differ.is_empty(), "{what}: these files differ: {differ:?}");
        cached
    }
}

fn text(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8_lossy(files.get(path).unwrap_or_else(|| panic!("no {path}"))).into_owned()
}

const TAXONOMIES: &str = "
[taxonomies.tags]
names = { vi = \"Chủ đề\", en = \"Topics\" }
[taxonomies.tags.terms]
ho-tro = { vi = \"Hỗ trợ\", en = \"Support\" }
canh-bao = { vi = \"Cảnh báo\", en = \"Warnings\" }
[taxonomies.markets]
names = { vi = \"Thị trường\", en = \"Markets\" }
[taxonomies.markets.terms]
nhat-ban = { vi = \"Nhật Bản\", en = \"Japan\" }
han-quoc = { vi = \"Hàn Quốc\", en = \"Korea\" }
";

fn article(title: &str, date: &str, tags: &str, markets: &str, body: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\ndate: {date}\nsummary: \"Tóm tắt {title}\"\ntags: [{tags}]\nmarkets: [{markets}]\n---\n{body}\n"
    )
}

/// Two languages, a paginated news section with tags, markets and related
/// articles, a page that links to an article by its file, and pages only in
/// Vietnamese.
fn news_portal() -> Portal {
    let p = Portal::with_config(&format!(
        "{}{TAXONOMIES}",
        common::SITE_TOML.replace("paginate = 10", "paginate = 2")
    ));
    p.page("content/_index.md", "Trang chủ", "Xin chào.");
    p.page("content/_index.en.md", "Home", "Hello.");
    p.section("tin-tuc", "Tin tức", "articles");
    p.file(
        "content/tin-tuc/_index.en.md",
        "---\ntitle: News\nkind: articles\nslug: news\n---\n",
    );
    for n in 1..=5 {
        p.file(
            &format!("content/tin-tuc/bai-{n}.md"),
            &article(
                &format!("Bài {n}"),
                &format!("2026-0{n}-10"),
                if n % 2 == 0 { "ho-tro" } else { "canh-bao" },
                "nhat-ban",
                &format!("Nội dung bài {n}.\n\nĐoạn hai."),
            ),
        );
        if n <= 3 {
            p.file(
                &format!("content/tin-tuc/bai-{n}.en.md"),
                &article(
                    &format!("Article {n}"),
                    &format!("2026-0{n}-10"),
                    if n % 2 == 0 { "ho-tro" } else { "canh-bao" },
                    "nhat-ban",
                    &format!("Text of article {n}."),
                ),
            );
        }
    }
    p.page(
        "content/lien-he.md",
        "Liên hệ",
        "Xem [bài 2](tin-tuc/bai-2.md) và [bài 4](tin-tuc/bai-4.md#doan).",
    );
    p
}

#[test]
fn editing_a_title_updates_listings_feeds_terms_search_and_switchers() {
    let mut s = Session::start(news_portal());
    s.write(
        "content/tin-tuc/bai-2.md",
        &article(
            "Bài hai mới",
            "2026-02-10",
            "ho-tro",
            "nhat-ban",
            "Nội dung bài 2.\n\nĐoạn hai.",
        ),
    );
    let out = s.rebuild_matches("a new title");
    // Not only equal to a fresh build: the new title really is everywhere.
    for path in ["tin-tuc/bai-2/index.html", "index.xml", "search/vi.json"] {
        if out.contains_key(path) {
            assert!(text(&out, path).contains("Bài hai mới"), "{path}");
        }
    }
    let listing: String = out
        .iter()
        .filter(|(k, _)| k.starts_with("tin-tuc/") && !k.contains("bai-"))
        .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
        .collect();
    assert!(listing.contains("Bài hai mới"), "section listing");
    assert!(!listing.contains("Bài 2<"), "stale title in a listing");
}

#[test]
fn editing_a_body_date_or_terms_matches_a_fresh_build() {
    let mut s = Session::start(news_portal());
    s.write(
        "content/tin-tuc/bai-3.md",
        &article(
            "Bài 3",
            "2026-03-10",
            "canh-bao",
            "nhat-ban",
            "Một đoạn khác hẳn.\n\n## Mục mới",
        ),
    );
    s.rebuild_matches("a new body");
    // A new date moves the article to another pager.
    s.write(
        "content/tin-tuc/bai-1.md",
        &article(
            "Bài 1",
            "2026-09-30",
            "canh-bao",
            "nhat-ban",
            "Nội dung bài 1.\n\nĐoạn hai.",
        ),
    );
    s.rebuild_matches("a new date");
    // Another tag and another market: term pages change.
    s.write(
        "content/tin-tuc/bai-5.md",
        &article(
            "Bài 5",
            "2026-05-10",
            "ho-tro",
            "han-quoc",
            "Nội dung bài 5.",
        ),
    );
    let out = s.rebuild_matches("new terms");
    assert!(
        out.keys().any(|k| k.contains("han-quoc")),
        "the new market has a term page"
    );
}

#[test]
fn deleting_and_adding_pages_and_translations_matches_a_fresh_build() {
    let mut s = Session::start(news_portal());
    s.remove("content/tin-tuc/bai-3.en.md");
    let out = s.rebuild_matches("a translation deleted");
    assert!(!out.contains_key("en/news/bai-3/index.html"));
    assert!(
        !text(&out, "tin-tuc/bai-3/index.html").contains("/en/news/bai-3/"),
        "the switcher no longer leads to the deleted translation"
    );
    s.remove("content/tin-tuc/bai-5.md");
    let out = s.rebuild_matches("a page deleted");
    assert!(!out.keys().any(|k| k.contains("bai-5")));
    assert!(!text(&out, "search/vi/d/0.json").contains("Bài 5"));
    s.write(
        "content/tin-tuc/bai-6.md",
        &article("Bài 6", "2026-06-10", "ho-tro", "han-quoc", "Bài mới."),
    );
    s.rebuild_matches("a page added");
    s.write(
        "content/tin-tuc/bai-6.en.md",
        &article("Article 6", "2026-06-10", "ho-tro", "han-quoc", "New."),
    );
    s.rebuild_matches("a translation added");
}

#[test]
fn a_moved_link_target_rerenders_the_pages_that_link_to_it() {
    let mut s = Session::start(news_portal());
    // bai-2 gets a new slug: the contact page's link must follow it.
    s.write(
        "content/tin-tuc/bai-2.md",
        "---\ntitle: \"Bài 2\"\ndate: 2026-02-10\nslug: bai-hai\ntags: [ho-tro]\n---\nNội dung.\n",
    );
    let out = s.rebuild_matches("a linked page moved");
    assert!(text(&out, "lien-he/index.html").contains("/tin-tuc/bai-hai/"));
    // A link to a page that is then deleted is a build error, as without the cache.
    s.remove("content/tin-tuc/bai-4.md");
    let cached = render_site_cached(&s.portal.opts, &mut s.cache);
    let fresh = render_site(&s.portal.opts);
    assert!(
        cached.is_err() && fresh.is_err(),
        "the broken link stops both builds"
    );
    let msg = |r: Result<loa::pipeline::RenderedSite, loa::BuildError>| match r {
        Err(e) => e.to_string(),
        Ok(_) => String::new(),
    };
    assert_eq!(msg(cached), msg(fresh));
    // Fixing the link brings the site back.
    s.write(
        "content/lien-he.md",
        "---\ntitle: \"Liên hệ\"\n---\nKhông còn liên kết.\n",
    );
    s.rebuild_matches("the link removed");
}

#[test]
fn a_section_that_changes_kind_reparses_its_pages() {
    let mut s = Session::start(news_portal());
    s.write(
        "content/tin-tuc/_index.md",
        "---\ntitle: \"Tin tức\"\nkind: articles\nsort_by: title\n---\nGiới thiệu mới.\n",
    );
    s.rebuild_matches("the section's front matter");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = e.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Edits to the every-kind fixture (every kind, photos, the register).
#[test]
fn edits_to_a_portal_with_every_kind_match_a_fresh_build() {
    let mut s = Session::start(fixture::every_kind());
    let news = s.portal.root().join("content/tin-tuc");
    let first = walk(&news)
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
        .expect("a news article");
    let rel = first
        .strip_prefix(s.portal.root())
        .expect("inside")
        .to_string_lossy()
        .into_owned();
    let old = std::fs::read_to_string(&first).expect("read");
    let edited = old.replacen("title: ", "title: Sửa - ", 1);
    assert_ne!(old, edited, "{rel} has a title line");
    s.write(&rel, &edited);
    s.rebuild_matches("an article retitled");
    s.remove(&rel);
    // Other pages may link to it: then both builds fail the same way.
    let cached = render_site_cached(&s.portal.opts, &mut s.cache).map(files);
    let fresh = render_site(&s.portal.opts).map(files);
    match (cached, fresh) {
        (Ok(a), Ok(b)) => assert!(a == b, "deleting {rel}: the builds differ"),
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        _ => panic!("deleting {rel}: one build failed, the other did not"),
    }
    s.write(&rel, &old);
    s.rebuild_matches("the article restored");
}
