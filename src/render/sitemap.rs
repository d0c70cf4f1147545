//! `sitemap.xml` (with `xhtml:link` alternates per language and `lastmod`),
//! split into a sitemap index beyond 50,000 URLs, and `robots.txt`.

use super::view::Views;
use crate::artifact::{Body, OutputFile};
use crate::config::Config;
use crate::site::{Site, SitePath};
use crate::time::Moment;

/// The protocol's limit of URLs per sitemap file.
pub const MAX_URLS: usize = 50_000;

struct Url {
    path: SitePath,
    lastmod: Option<Moment>,
    alternates: Vec<(String, SitePath)>,
}

/// Every URL the sitemap lists, sorted by path: pages, sections,
/// taxonomies with their terms, and the register's pages.
fn urls(views: &Views<'_>) -> Vec<Url> {
    let site = views.site;
    let mut out = Vec::new();
    page_urls(site, &mut out);
    section_urls(site, &mut out);
    taxonomy_urls(site, &mut out);
    register_urls(views.config, &mut out);
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// Alternates are listed only when there is another language to point to;
/// a single self-reference says nothing.
fn several(alternates: Vec<(String, SitePath)>) -> Vec<(String, SitePath)> {
    if alternates.len() > 1 {
        alternates
    } else {
        Vec::new()
    }
}

/// One URL per page that is not a fallback, dated by its last update (or
/// its date), with its non-fallback translations as alternates.
fn page_urls(site: &Site, out: &mut Vec<Url>) {
    for p in &site.pages {
        if p.fallback {
            continue; // its canonical URL is the original's
        }
        let c = &p.front.common;
        let alternates = p
            .translations
            .iter()
            .filter(|t| !site.pages[**t].fallback)
            .map(|t| (site.pages[*t].lang.to_string(), site.pages[*t].url.clone()))
            .collect::<Vec<_>>();
        out.push(Url {
            path: p.url.clone(),
            lastmod: c.updated.clone().or_else(|| c.date.clone()),
            alternates: several(alternates),
        });
    }
}

/// One URL per section, dated by its newest page, with its translations
/// as alternates.
fn section_urls(site: &Site, out: &mut Vec<Url>) {
    for s in &site.sections {
        let newest = s
            .pages
            .iter()
            .filter_map(|id| {
                let c = &site.pages[*id].front.common;
                c.updated.clone().or_else(|| c.date.clone())
            })
            .max();
        let alternates: Vec<(String, SitePath)> = s
            .translations
            .iter()
            .map(|t| {
                (
                    site.sections[*t].lang.to_string(),
                    site.sections[*t].url.clone(),
                )
            })
            .collect();
        out.push(Url {
            path: s.url.clone(),
            lastmod: newest,
            alternates: several(alternates),
        });
    }
}

/// Each taxonomy's index and term pages, undated and without alternates.
fn taxonomy_urls(site: &Site, out: &mut Vec<Url>) {
    for t in &site.taxonomies {
        out.push(Url {
            path: t.url.clone(),
            lastmod: None,
            alternates: Vec::new(),
        });
        // A term with a market page is that page's URL, listed with it.
        for term in t.terms.iter().filter(|term| term.page.is_none()) {
            out.push(Url {
                path: term.url.clone(),
                lastmod: None,
                alternates: Vec::new(),
            });
        }
    }
}

/// The register's page in each language that has a path for it, each
/// listing all of them as alternates.
fn register_urls(config: &Config, out: &mut Vec<Url>) {
    let Some(reg) = &config.register else {
        return;
    };
    let paths: Vec<(String, SitePath)> = config
        .languages
        .iter()
        .filter_map(|l| {
            reg.paths
                .get(l.code.as_str())
                .map(|seg| (l.code.to_string(), config.lang_root(&l.code).child(seg)))
        })
        .collect();
    for (_, path) in &paths {
        out.push(Url {
            path: path.clone(),
            lastmod: None,
            alternates: several(paths.clone()),
        });
    }
}

/// One `<url>` element.
fn url_xml(views: &Views<'_>, u: &Url) -> String {
    let base = &views.config.base_url;
    let mut x = format!(
        "<url><loc>{}</loc>",
        crate::escape::xml(&u.path.permalink(base))
    );
    if let Some(m) = &u.lastmod {
        x.push_str(&format!("<lastmod>{}</lastmod>", m.rfc3339()));
    }
    for (lang, path) in &u.alternates {
        x.push_str(&format!(
            "<xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"{}\"/>",
            crate::escape::xml(&path.permalink(base))
        ));
    }
    x.push_str("</url>\n");
    x
}

/// Splits `<url>` elements into `sitemap.xml`, or into `sitemap-N.xml`
/// parts of at most `max_urls` listed by a `sitemap.xml` index.
pub fn split(urls: &[String], max_urls: usize, base_absolute: &str) -> Vec<(String, String)> {
    let set = |items: &[String]| {
        let mut x = String::from(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
        );
        items.iter().for_each(|u| x.push_str(u));
        x.push_str("</urlset>\n");
        x
    };
    if urls.len() <= max_urls {
        return vec![("sitemap.xml".to_string(), set(urls))];
    }
    let mut out = Vec::new();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (i, chunk) in urls.chunks(max_urls.max(1)).enumerate() {
        let name = format!("sitemap-{}.xml", i + 1);
        index.push_str(&format!(
            "<sitemap><loc>{}</loc></sitemap>\n",
            crate::escape::xml(&format!("{base_absolute}{name}"))
        ));
        out.push((name, set(chunk)));
    }
    index.push_str("</sitemapindex>\n");
    out.push(("sitemap.xml".to_string(), index));
    out
}

/// The sitemap (or sitemap index and parts) and `robots.txt` unless the
/// portal ships its own in `static/`.
pub fn files(views: &Views<'_>, max_urls: usize) -> Vec<OutputFile> {
    let base = &views.config.base_url;
    let urls: Vec<String> = urls(views).iter().map(|u| url_xml(views, u)).collect();
    let mut out: Vec<OutputFile> = split(&urls, max_urls, &base.absolute)
        .into_iter()
        .map(|(path, xml)| OutputFile {
            path,
            body: Body::Bytes(xml.into_bytes()),
        })
        .collect();
    if !views.site.statics.contains("robots.txt") {
        let robots = format!(
            "User-agent: *\nAllow: /\nDisallow: {}admin/\n\nSitemap: {}\n",
            base.path,
            SitePath::root().file("sitemap.xml").permalink(base)
        );
        out.push(OutputFile {
            path: "robots.txt".into(),
            body: Body::Bytes(robots.into_bytes()),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn over_the_limit_becomes_an_index_of_parts() {
        let urls: Vec<String> = (0..5)
            .map(|i| format!("<url><loc>https://e.org/{i}/</loc></url>\n"))
            .collect();
        let one = super::split(&urls, 5, "https://e.org/");
        assert_eq!(one.len(), 1);
        assert!(one[0].1.contains("<urlset"));
        let parts = super::split(&urls, 2, "https://e.org/");
        let names: Vec<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml",
                "sitemap.xml"
            ]
        );
        let index = &parts[3].1;
        assert!(
            index.contains("<sitemapindex")
                && index.contains("<loc>https://e.org/sitemap-3.xml</loc>"),
            "{index}"
        );
        assert_eq!(parts[2].1.matches("<url>").count(), 1);
    }
}
