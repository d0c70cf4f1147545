//! Atom and RSS 2.0 feeds, per language for the whole site and per section,
//! newest entries first, with absolute URLs. Entries carry the summary or
//! the whole text (`[feeds] full_content`).

use super::view::Views;
use crate::artifact::{Body, OutputFile};
use crate::i18n::Lang;
use crate::site::{PageId, SitePath};
use crate::time::Moment;

/// Root-relative links in rendered HTML made absolute, for readers that
/// show an entry outside the site.
fn absolute_links(html: &str, views: &Views<'_>) -> String {
    let base = &views.config.base_url;
    let origin = base
        .absolute
        .strip_suffix(&base.path)
        .unwrap_or(&base.absolute);
    let html = html
        .replace("href=\"/", &format!("href=\"{origin}/"))
        .replace("src=\"/", &format!("src=\"{origin}/"));
    absolute_srcsets(&html, origin)
}

/// The root-relative candidates of `srcset` attributes (processed images)
/// made absolute.
fn absolute_srcsets(html: &str, origin: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("srcset=\"") {
        let (head, tail) = rest.split_at(at + "srcset=\"".len());
        out.push_str(head);
        let end = tail.find('"').unwrap_or(tail.len());
        let list: Vec<String> = tail[..end]
            .split(", ")
            .map(|c| match c.strip_prefix('/') {
                Some(r) if !r.starts_with('/') => format!("{origin}/{r}"),
                _ => c.to_string(),
            })
            .collect();
        out.push_str(&list.join(", "));
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

struct Entry<'a> {
    title: &'a str,
    url: String,
    published: &'a Moment,
    updated: &'a Moment,
    html: String,
}

fn entries<'a>(views: &Views<'a>, ids: &[PageId]) -> Vec<Entry<'a>> {
    let site = views.site;
    let mut dated: Vec<(PageId, &'a Moment)> = ids
        .iter()
        .filter_map(|id| {
            let p = &site.pages[*id];
            let c = &p.front.common;
            (p.listed && !p.fallback)
                .then(|| c.date.as_ref().or(c.updated.as_ref()))
                .flatten()
                .map(|m| (*id, m))
        })
        .collect();
    // Newest publication first, as feed readers expect.
    dated.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(&b.0)));
    dated.truncate(views.config.feeds.limit);
    dated
        .into_iter()
        .map(|(id, published)| {
            let p = &site.pages[id];
            let c = &p.front.common;
            let updated = c.updated.as_ref().unwrap_or(published);
            let body = views.bodies.page(id);
            let html = if views.config.feeds.full_content {
                body.html.clone()
            } else {
                match (&c.summary, &body.summary_html) {
                    (Some(s), _) => format!("<p>{}</p>", crate::escape::xml(s)),
                    (None, Some(h)) => h.clone(),
                    (None, None) => String::new(),
                }
            };
            Entry {
                title: &c.title,
                url: p.url.permalink(&views.config.base_url),
                published,
                updated,
                html: absolute_links(&html, views),
            }
        })
        .collect()
}

fn atom(
    views: &Views<'_>,
    title: &str,
    page: &SitePath,
    feed: &SitePath,
    lang: &Lang,
    entries: &[Entry<'_>],
) -> String {
    let base = &views.config.base_url;
    let author = views.lang(lang).title;
    let updated = entries
        .iter()
        .map(|e| e.updated)
        .max()
        .map_or_else(|| views.now().rfc3339(), Moment::rfc3339);
    let mut x = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n<title>{}</title>\n<id>{}</id>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<updated>{updated}</updated>\n<author><name>{}</name></author>\n<generator>loa</generator>\n",
        crate::escape::xml(title),
        crate::escape::xml(&feed.permalink(base)),
        crate::escape::xml(&feed.permalink(base)),
        crate::escape::xml(&page.permalink(base)),
        crate::escape::xml(&author),
    );
    for e in entries {
        x.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>{}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<published>{}</published>\n<updated>{}</updated>\n<{tag} type=\"html\">{}</{tag}>\n</entry>\n",
            crate::escape::xml(e.title),
            crate::escape::xml(&e.url),
            crate::escape::xml(&e.url),
            e.published.rfc3339(),
            e.updated.rfc3339(),
            crate::escape::xml(&e.html),
            tag = if views.config.feeds.full_content { "content" } else { "summary" },
        ));
    }
    x.push_str("</feed>\n");
    x
}

fn rfc2822(m: &Moment) -> String {
    m.timestamp()
        .strftime("%a, %d %b %Y %H:%M:%S +0000")
        .to_string()
}

fn rss(
    views: &Views<'_>,
    title: &str,
    page: &SitePath,
    feed: &SitePath,
    lang: &Lang,
    entries: &[Entry<'_>],
) -> String {
    let base = &views.config.base_url;
    let description = views.lang(lang).description;
    let mut x = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n<title>{}</title>\n<link>{}</link>\n<description>{}</description>\n<language>{lang}</language>\n<generator>loa</generator>\n<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
        crate::escape::xml(title),
        crate::escape::xml(&page.permalink(base)),
        crate::escape::xml(&description),
        crate::escape::xml(&feed.permalink(base)),
    );
    if let Some(newest) = entries.iter().map(|e| e.updated).max() {
        x.push_str(&format!(
            "<lastBuildDate>{}</lastBuildDate>\n",
            rfc2822(newest)
        ));
    }
    for e in entries {
        x.push_str(&format!(
            "<item>\n<title>{}</title>\n<link>{}</link>\n<guid isPermaLink=\"true\">{}</guid>\n<pubDate>{}</pubDate>\n<description>{}</description>\n</item>\n",
            crate::escape::xml(e.title),
            crate::escape::xml(&e.url),
            crate::escape::xml(&e.url),
            rfc2822(e.published),
            crate::escape::xml(&e.html),
        ));
    }
    x.push_str("</channel>\n</rss>\n");
    x
}

/// Atom and RSS for each language (`/atom.xml`, `/en/rss.xml`) and each
/// section of each language (`/tin-tuc/atom.xml`).
pub fn files(views: &Views<'_>) -> Vec<OutputFile> {
    let site = views.site;
    let mut out = Vec::new();
    let mut emit = |title: &str, page: &SitePath, lang: &Lang, ids: &[PageId]| {
        let list = entries(views, ids);
        let a = page.file("atom.xml");
        let r = page.file("rss.xml");
        out.push(OutputFile {
            path: a.as_str().to_string(),
            body: Body::Bytes(atom(views, title, page, &a, lang, &list).into_bytes()),
        });
        out.push(OutputFile {
            path: r.as_str().to_string(),
            body: Body::Bytes(rss(views, title, page, &r, lang, &list).into_bytes()),
        });
    };
    for l in &views.config.languages {
        let ids: Vec<PageId> = (0..site.pages.len())
            .filter(|id| site.pages[*id].lang == l.code)
            .collect();
        let root = views.config.lang_root(&l.code);
        emit(&views.lang(&l.code).title, &root, &l.code, &ids);
    }
    for s in site.sections.iter().filter(|s| s.dir.is_some()) {
        emit(&s.front.title, &s.url, &s.lang, &s.pages);
    }
    out
}
