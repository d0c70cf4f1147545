//! Links between things: menus from site.toml, and Markdown links written as
//! content file paths (`[x](../chinh-sach/nq-392.md)`) turned into URLs.

use std::collections::BTreeMap;
use std::path::Path;

use super::{MenuLink, Site, SitePath, Target, source_key};
use crate::config::{Config, Spot};
use crate::error::Diagnostic;
use crate::i18n::Lang;
use crate::markdown::LinkOutcome;

/// The site path of a content target, in `lang` when a translation exists.
pub fn target_path(site: &Site, target: Target, lang: &Lang) -> SitePath {
    match target {
        Target::Page(id) => site.pages[site.page_in(id, lang).unwrap_or(id)].url.clone(),
        Target::Section(id) => site.sections[site.section_in(id, lang).unwrap_or(id)]
            .url
            .clone(),
    }
}

/// Resolves a link written in the file `from` (portal-relative path).
///
/// Staff write links the way they see files in their folder
/// (`../chinh-sach/nq-392.md`), so a link survives a page's slug or
/// section being renamed: the URL is looked up here, in the reader's
/// language when the target has a translation. A link to a page that does
/// not exist (or is a draft) is an error on the linking file, because a
/// citizen following it would land on a 404.
pub fn resolve(
    site: &Site,
    config: &Config,
    from: &Path,
    lang: &Lang,
    target: &str,
) -> LinkOutcome {
    if target.contains("://")
        || target.starts_with("mailto:")
        || target.starts_with("tel:")
        || target.starts_with('#')
        || target.starts_with('/')
    {
        // Web addresses, mail and phone links, anchors in the same page and
        // site-absolute paths are the writer's own choice: left as written.
        return LinkOutcome::Keep;
    }
    let (path_part, anchor) = match target.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (target, None),
    };
    if !path_part.ends_with(".md") {
        // Not a content file: perhaps a file of the page's own bundle.
        return bundle_file_link(site, config, from, path_part, anchor)
            .unwrap_or(LinkOutcome::Keep);
    }
    // Relative to the linking file's folder, as in a file browser; a path
    // that climbs above `content/` cannot name a page.
    let base = from.parent().unwrap_or(Path::new(""));
    let Some(joined) = crate::fs::normalize(&base.join(path_part)) else {
        return LinkOutcome::Broken(format!("link `{target}` points outside the content folder"));
    };
    let key = source_key(&joined);
    match site.by_source.get(&key) {
        Some(t) => {
            let href = target_path(site, *t, lang).href(&config.base_url);
            LinkOutcome::Rewrite(match anchor {
                Some(a) => format!("{href}#{a}"),
                None => href,
            })
        }
        None => LinkOutcome::Broken(format!(
            "link `{target}`: there is no page at content/{key} (or it is a draft)"
        )),
    }
}

/// A link from a bundle page to one of its own files whose name was folded
/// (`Ảnh 1.jpg` -> `anh-1.jpg`): rewritten to the folded name.
fn bundle_file_link(
    site: &Site,
    config: &Config,
    from: &Path,
    target: &str,
    anchor: Option<&str>,
) -> Option<LinkOutcome> {
    use unicode_normalization::UnicodeNormalization;
    let Some(Target::Page(id)) = site.by_source.get(&source_key(from)) else {
        return None;
    };
    let decoded = percent_encoding::percent_decode_str(target)
        .decode_utf8()
        .ok()?;
    let wanted: String = decoded.trim_start_matches("./").nfc().collect();
    let dir = config.root.join(from.parent()?);
    let (_, name) = site.pages[*id].assets.iter().find(|(src, name)| {
        let written = src
            .strip_prefix(&dir)
            .map(|p| p.to_string_lossy().replace('\\', "/"));
        written.is_ok_and(|w| w.nfc().collect::<String>() == wanted && *name != wanted)
    })?;
    Some(LinkOutcome::Rewrite(match anchor {
        Some(a) => format!("{name}#{a}"),
        None => name.clone(),
    }))
}

/// Each language's main menu with targets resolved.
///
/// An entry names a section (`section = "tin-tuc"`), a content file
/// (`page = "gioi-thieu.md"`) or a URL; sections and pages are shown in the
/// menu's language when translated, so one menu definition per language
/// does not have to repeat translated slugs. An entry whose target does
/// not exist is an error, not a dead link in every page's header.
pub fn menus(
    site: &Site,
    config: &Config,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Vec<MenuLink>> {
    let mut out = BTreeMap::new();
    for l in &config.languages {
        let mut links = Vec::new();
        for (i, e) in l.menu.iter().enumerate() {
            let index = i.to_string();
            let at = |key: &str| {
                let path = ["languages", l.code.as_str(), "menu", &index, key];
                config.places.value(&path)
            };
            // A target that does not exist is reported, and the entry's
            // `url`, if it has one, is used instead.
            let target = menu_target(site, &l.code, e, &at, diags);
            if let Some(link) = menu_link(config, e, target, &at, diags) {
                links.push(link);
            }
        }
        check_warning_page(site, config, l, diags);
        out.insert(l.code.as_str().to_string(), links);
    }
    out
}

/// Where a menu entry's `section` or `page` leads in `lang`; `None` when it
/// names neither, or names one that does not exist (reported).
fn menu_target(
    site: &Site,
    lang: &Lang,
    e: &crate::config::MenuEntry,
    at: &dyn Fn(&str) -> Option<Spot>,
    diags: &mut Vec<Diagnostic>,
) -> Option<SitePath> {
    if let Some(dir) = &e.section {
        let found = site
            .sections
            .iter()
            .position(|s| s.dir.as_deref() == Some(dir.as_str()));
        if found.is_none() {
            diags.push(Spot::error(
                at("section"),
                format!("menu `{}`: there is no section `content/{dir}/`", e.name),
            ));
        }
        return found.map(|id| target_path(site, Target::Section(id), lang));
    }
    let page = e.page.as_ref()?;
    let found = site.by_source.get(page.trim_start_matches('/'));
    if found.is_none() {
        diags.push(Spot::error(
            at("page"),
            format!("menu `{}`: there is no page `content/{page}`", e.name),
        ));
    }
    found.map(|t| target_path(site, *t, lang))
}

/// The menu link of an entry: to its target, else to its `url` (another
/// site's when it has a scheme); `None` when it has neither.
fn menu_link(
    config: &Config,
    e: &crate::config::MenuEntry,
    target: Option<SitePath>,
    at: &dyn Fn(&str) -> Option<Spot>,
    diags: &mut Vec<Diagnostic>,
) -> Option<MenuLink> {
    let inside = |path: SitePath| MenuLink {
        name: e.name.clone(),
        href: path.href(&config.base_url),
        external: false,
        path: Some(path),
    };
    match (target, &e.url) {
        (Some(path), _) => Some(inside(path)),
        (None, Some(url)) if url.contains("://") => Some(MenuLink {
            name: e.name.clone(),
            href: url.clone(),
            external: true,
            path: None,
        }),
        (None, Some(url)) => match SitePath::from_user(url) {
            Ok(path) => Some(inside(path)),
            Err(m) => {
                diags.push(Spot::error(at("url"), format!("menu `{}`: {m}", e.name)));
                None
            }
        },
        (None, None) => None,
    }
}

/// The page a language's warning banner links to must exist.
fn check_warning_page(
    site: &Site,
    config: &Config,
    l: &crate::config::Language,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(page) = l.warning.as_ref().and_then(|w| w.page.as_ref()) else {
        return;
    };
    if !site.by_source.contains_key(page.trim_start_matches('/')) {
        let at = ["languages", l.code.as_str(), "warning", "page"];
        diags.push(Spot::error(
            config.places.value(&at),
            format!(
                "[languages.{}.warning] page: there is no page `content/{page}`",
                l.code
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_refuses_climbing_out() {
        assert_eq!(
            crate::fs::normalize(Path::new("content/a/../b.md")),
            Some(std::path::PathBuf::from("content/b.md"))
        );
        assert_eq!(crate::fs::normalize(Path::new("../x.md")), None);
    }
}
