//! What search engines and share previews read: Open Graph and Twitter
//! card fields, and structured data as JSON-LD (`NewsArticle`, `Event`,
//! `GovernmentOrganization` and `WebSite` with a `SearchAction`, and a
//! `BreadcrumbList` on every page).

use serde::Serialize;
use serde_json::{Value, json};

use super::view::{Crumb, Views};
use crate::content::kinds::{JobFairData, KindData};
use crate::i18n::Lang;
use crate::site::{Page, PageId, SitePath};

/// The share image.
#[derive(Debug, Serialize)]
pub struct ShareImage {
    /// Absolute URL.
    pub url: String,
    /// Width in pixels, when known.
    pub width: Option<u32>,
    /// Height in pixels, when known.
    pub height: Option<u32>,
}

/// The `seo` object every template receives.
#[derive(Debug, Serialize)]
pub struct Seo {
    /// Title for share previews.
    pub title: String,
    /// Description for share previews.
    pub description: String,
    /// `article` or `website`.
    pub og_type: &'static str,
    /// The share image, if any.
    pub image: Option<ShareImage>,
    /// JSON-LD, already escaped for a `<script>` element.
    pub json_ld: String,
}

fn breadcrumbs(views: &Views<'_>, crumbs: &[Crumb], current: Option<(&str, &SitePath)>) -> Value {
    let origin = origin(views);
    let mut items: Vec<Value> = crumbs
        .iter()
        .map(|c| (c.title.clone(), format!("{origin}{}", c.href)))
        .chain(current.map(|(t, p)| (t.to_string(), p.permalink(&views.config.base_url))))
        .enumerate()
        .map(|(i, (name, url))| json!({"@type": "ListItem", "position": i + 1, "name": name, "item": url}))
        .collect();
    if items.is_empty() {
        items.push(json!({"@type": "ListItem", "position": 1, "name": views.config.title, "item": views.config.base_url.absolute}));
    }
    json!({"@type": "BreadcrumbList", "itemListElement": items})
}

fn origin(views: &Views<'_>) -> String {
    let b = &views.config.base_url;
    b.absolute
        .strip_suffix(&b.path)
        .unwrap_or(&b.absolute)
        .to_string()
}

fn organization(views: &Views<'_>, lang: &Lang) -> Value {
    let l = views.lang_ref(lang);
    let mut org = json!({"@type": "GovernmentOrganization", "name": l.title, "url": views.config.lang_root(lang).permalink(&views.config.base_url)});
    if let Some(c) = &l.contact {
        if let Some(agency) = &c.agency {
            org["name"] = json!(agency);
        }
        if let Some(phone) = c.hotline.as_ref().or(c.phone.as_ref()) {
            org["telephone"] = json!(phone);
        }
        if let Some(address) = &c.address {
            org["address"] =
                json!({"@type": "PostalAddress", "streetAddress": address, "addressCountry": "VN"});
        }
    }
    org
}

/// A processed share image (1200×630 unless the source was smaller).
fn processed(views: &Views<'_>, v: &crate::images::Variant) -> ShareImage {
    ShareImage {
        url: absolute(views, &views.href(&SitePath::root().file(&v.path))),
        width: Some(v.width),
        height: Some(v.height),
    }
}

fn default_image(views: &Views<'_>) -> Option<ShareImage> {
    if let Some(v) = views.images.default_share() {
        return Some(processed(views, v));
    }
    let share = &views.config.share;
    share.image.as_ref().map(|img| ShareImage {
        url: absolute(views, &views.asset_href(&SitePath::root(), img)),
        width: share.image_width,
        height: share.image_height,
    })
}

fn absolute(views: &Views<'_>, href: &str) -> String {
    if href.contains("://") {
        href.to_string()
    } else {
        format!("{}{href}", origin(views))
    }
}

/// SEO data of a page.
pub fn page(views: &Views<'_>, id: PageId, crumbs: &[Crumb]) -> Seo {
    let p = &views.site.pages[id];
    let c = &p.front.common;
    let url = p.url.permalink(&views.config.base_url);
    let description = c
        .summary
        .clone()
        .unwrap_or_else(|| views.lang_ref(&p.lang).description.clone());
    let image = page_image(views, id);
    let mut graph = vec![breadcrumbs(views, crumbs, Some((&c.title, &p.url)))];
    match &p.front.data {
        KindData::Article(_) => graph.push(article(views, p, &url, image.as_ref())),
        KindData::JobFair(f) => graph.push(job_fair(views, p, f, &url, &description)),
        KindData::Faq(f) => graph.push(faq_page(p, f, &url)),
        KindData::JobOrder(o) => graph.extend(super::job_orders::job_posting(views, id, o, &url)),
        _ => {}
    }
    Seo {
        title: c.title.clone(),
        description,
        og_type: if matches!(p.front.data, KindData::Article(_)) {
            "article"
        } else {
            "website"
        },
        image,
        json_ld: crate::escape::json_value_for_script(
            &json!({"@context": "https://schema.org", "@graph": graph}),
        ),
    }
}

/// A page's share image: its processed share variant, else its photo as
/// written, else the portal's default.
fn page_image(views: &Views<'_>, id: PageId) -> Option<ShareImage> {
    match (
        views.images.share_of(&views.site.pages[id].rel),
        views.photo(id).0,
    ) {
        (Some(v), _) => Some(processed(views, v)),
        // A remote or SVG photo is used as written.
        (None, Some(href)) => Some(ShareImage {
            url: absolute(views, &href),
            width: None,
            height: None,
        }),
        (None, None) => default_image(views),
    }
}

/// A news page as a `NewsArticle`, published by the portal's agency.
fn article(views: &Views<'_>, p: &Page, url: &str, image: Option<&ShareImage>) -> Value {
    let c = &p.front.common;
    let mut a = json!({
        "@type": "NewsArticle",
        "headline": c.title,
        "inLanguage": p.lang.as_str(),
        "mainEntityOfPage": url,
        "url": url,
        "publisher": organization(views, &p.lang),
        "author": organization(views, &p.lang),
    });
    if let Some(d) = &c.date {
        a["datePublished"] = json!(d.rfc3339());
    }
    if let Some(d) = c.updated.as_ref().or(c.date.as_ref()) {
        a["dateModified"] = json!(d.rfc3339());
    }
    if let Some(img) = image {
        a["image"] = json!([img.url]);
    }
    a
}

/// A job fair as an in-person `Event` at its venue, organized by whoever
/// its page names, else the portal's agency.
fn job_fair(views: &Views<'_>, p: &Page, f: &JobFairData, url: &str, description: &str) -> Value {
    let mut place = json!({"@type": "Place", "name": f.venue, "address": {"@type": "PostalAddress", "streetAddress": f.address.clone().unwrap_or_else(|| f.venue.clone()), "addressCountry": "VN"}});
    if let Some([lat, lon]) = f.geo {
        place["geo"] = json!({"@type": "GeoCoordinates", "latitude": lat, "longitude": lon});
    }
    let organizer = match &f.organizer {
        Some(name) => json!({"@type": "Organization", "name": name}),
        None => organization(views, &p.lang),
    };
    json!({
        "@type": "Event",
        "name": p.front.common.title,
        "startDate": f.start.rfc3339(),
        "endDate": f.end.rfc3339(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": place,
        "organizer": organizer,
        "description": description,
        "url": url,
        "inLanguage": p.lang.as_str(),
    })
}

/// A FAQ page as `FAQPage`: each question a `Question` whose
/// `acceptedAnswer` is the answer's text, as written (nothing added).
fn faq_page(p: &Page, f: &crate::content::kinds::FaqData, url: &str) -> Value {
    let ids = super::faq::anchor_ids(f.questions.iter().map(|q| q.question.as_str()));
    let questions: Vec<Value> = f
        .questions
        .iter()
        .zip(ids)
        .map(|(q, id)| {
            json!({
                "@type": "Question",
                "name": q.question.trim(),
                "url": format!("{url}#{id}"),
                "acceptedAnswer": {"@type": "Answer", "text": q.answer.trim()},
            })
        })
        .collect();
    json!({
        "@type": "FAQPage",
        "name": p.front.common.title,
        "url": url,
        "inLanguage": p.lang.as_str(),
        "mainEntity": questions,
    })
}

/// What [`listing`] describes.
pub struct ListingMeta<'a> {
    /// Language.
    pub lang: &'a Lang,
    /// Title.
    pub title: &'a str,
    /// Description, else the language's.
    pub description: Option<&'a str>,
    /// The page's location.
    pub path: &'a SitePath,
    /// Breadcrumbs above it.
    pub crumbs: &'a [Crumb],
    /// The search page, given only for the home page, which also describes
    /// the organization and the site's search.
    pub home_search: Option<&'a SitePath>,
}

/// SEO data of a listing or other page that is not a content page.
pub fn listing(views: &Views<'_>, m: &ListingMeta<'_>) -> Seo {
    let ListingMeta {
        lang,
        title,
        description,
        path,
        crumbs,
        home_search,
    } = *m;
    let home = home_search.is_some();
    let search = home_search;
    let l = views.lang_ref(lang);
    let mut graph = vec![breadcrumbs(views, crumbs, (!home).then_some((title, path)))];
    if home {
        graph.push(organization(views, lang));
        let mut site = json!({"@type": "WebSite", "name": l.title, "url": path.permalink(&views.config.base_url), "inLanguage": lang.as_str()});
        if let Some(search) = search {
            site["potentialAction"] = json!({
                "@type": "SearchAction",
                "target": {"@type": "EntryPoint", "urlTemplate": format!("{}?q={{search_term_string}}", search.permalink(&views.config.base_url))},
                "query-input": "required name=search_term_string",
            });
        }
        graph.push(site);
    }
    Seo {
        title: title.to_string(),
        description: description.map_or_else(|| l.description.clone(), str::to_string),
        og_type: "website",
        image: default_image(views),
        json_ld: crate::escape::json_value_for_script(
            &json!({"@context": "https://schema.org", "@graph": graph}),
        ),
    }
}
