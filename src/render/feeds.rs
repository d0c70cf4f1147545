//! Atom and RSS 2.0 feeds, per language for the whole site and per section,
//! newest entries first, with absolute URLs. Entries carry the summary or
//! the whole text (`[feeds] full_content`).

use super::view::Views;
use crate::artifact::{Body, OutputFile};
use crate::i18n::Lang;
use crate::site::{PageId, SitePath};
use crate::time::Moment;

/// The links of an entry's HTML made absolute against the page's own URL
/// `page` (`href`, `src` and each `srcset` candidate), for readers that show
/// the entry away from the site: `/xkld/a/`, `anh.jpg`, `../b/`, `?p=2`,
/// `#muc` and `//host/x` are resolved as a browser on the page would
/// ([`url::Url::join`]); values that already name a scheme (`https:`,
/// `mailto:`, `tel:`) are kept as written. The HTML is read by lol_html, so
/// quoting, entities and text stay as they were.
fn absolute_links(html: &str, page: &str) -> String {
    let Ok(page) = url::Url::parse(page) else {
        return html.to_string();
    };
    let absolute = |v: &str| -> Option<String> {
        if v.is_empty() || url::Url::parse(v).is_ok() {
            return None;
        }
        page.join(v).ok().map(String::from)
    };
    let settings = lol_html::Settings::new()
        .with_strict(false)
        .append_element_content_handler(lol_html::element!("[href], [src], [srcset]", |el| {
            for name in ["href", "src"] {
                if let Some(new) = el.get_attribute(name).and_then(|v| absolute(v.trim())) {
                    el.set_attribute(name, &new)?;
                }
            }
            if let Some(set) = el.get_attribute("srcset") {
                let list: Vec<String> = set
                    .split(',')
                    .map(|c| {
                        let c = c.trim();
                        let (u, w) = c.split_once(char::is_whitespace).unwrap_or((c, ""));
                        let u = absolute(u).unwrap_or_else(|| u.to_string());
                        if w.is_empty() {
                            u
                        } else {
                            format!("{u} {}", w.trim())
                        }
                    })
                    .collect();
                let list = list.join(", ");
                if list != set {
                    el.set_attribute("srcset", &list)?;
                }
            }
            Ok(())
        }));
    lol_html::rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
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
            let url = p.url.permalink(&views.config.base_url);
            Entry {
                title: &c.title,
                published,
                updated,
                html: absolute_links(&html, &url),
                url,
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

#[cfg(test)]
mod tests {
    use super::absolute_links;

    const PAGE: &str = "https://example.org/xkld/tin-tuc/a/";

    #[test]
    fn links_are_joined_to_the_page_url() {
        for (html, want) in [
            (
                r#"<a href="//host.example/x">"#,
                r#"<a href="https://host.example/x">"#,
            ),
            (
                r#"<a href="/xkld/b/">"#,
                r#"<a href="https://example.org/xkld/b/">"#,
            ),
            (
                r#"<a href="../b/#m">"#,
                r#"<a href="https://example.org/xkld/tin-tuc/b/#m">"#,
            ),
            (
                r##"<a href="#muc">"##,
                r##"<a href="https://example.org/xkld/tin-tuc/a/#muc">"##,
            ),
            (
                r#"<a href="?trang=2">"#,
                r#"<a href="https://example.org/xkld/tin-tuc/a/?trang=2">"#,
            ),
            (
                r#"<img src="anh.jpg">"#,
                r#"<img src="https://example.org/xkld/tin-tuc/a/anh.jpg">"#,
            ),
            (
                r#"<a href='/xkld/q'>"#,
                r#"<a href="https://example.org/xkld/q">"#,
            ),
            (
                r#"<a href=/xkld/u class=c>"#,
                r#"<a href="https://example.org/xkld/u" class=c>"#,
            ),
            (
                r#"<a HREF = "/xkld/s" >"#,
                r#"<a HREF="https://example.org/xkld/s">"#,
            ),
            (
                r#"<a href="/xkld/t?a=1&amp;b=2">"#,
                r#"<a href="https://example.org/xkld/t?a=1&amp;b=2">"#,
            ),
            (
                r#"<img srcset="/xkld/p-1.png 1x, //cdn.example/p-2.png 2x,https://x.example/p.png 3x">"#,
                r#"<img srcset="https://example.org/xkld/p-1.png 1x, https://cdn.example/p-2.png 2x, https://x.example/p.png 3x">"#,
            ),
        ] {
            assert_eq!(absolute_links(html, PAGE), want, "{html}");
        }
    }

    #[test]
    fn schemes_text_and_scripts_are_kept() {
        let html = r#"<a href="https://Other.example">o</a><a href="mailto:a@b.vn">m</a><a href="tel:+84123">t</a><img src="data:image/png;base64,AA=="><p>href="/xkld/x" in text</p><code>&lt;a href="/x"&gt;</code><a name="n">n</a>"#;
        assert_eq!(absolute_links(html, PAGE), html);
    }
}
