//! Renders every page and section body from Markdown, in parallel, once URLs
//! are known (so links to other content files can be resolved) and images
//! are processed (so Markdown images become responsive `<picture>`s).

use rayon::prelude::*;

use super::{Site, links};
use crate::config::Config;
use crate::content::kinds::KindData;
use crate::error::Diagnostic;
use crate::markdown::{self, Options, Rendered};

/// Fills `body` of every page and section; returns broken-link errors.
pub fn render_bodies(site: &mut Site, config: &Config) -> Vec<Diagnostic> {
    let opts = Options::from_config(&config.markdown, &config.base_url);
    let shared: &Site = site;
    let page_bodies: Vec<(Rendered, Vec<Diagnostic>)> = shared
        .pages
        .par_iter()
        .map(|p| {
            guarded(&p.rel, || {
                // A story's photo is shown above its text.
                let header = matches!(&p.front.data, KindData::Story(st) if st.photo.is_some());
                let r = markdown::render_with_images(
                    &p.markdown,
                    &opts,
                    &|t| links::resolve(shared, config, &p.rel, &p.lang, t),
                    &|img| shared.images.markdown_html(&p.rel, img, header, config),
                );
                let diags = problems(&r, &p.rel, p.body_line);
                (r, diags)
            })
        })
        .collect();
    let section_bodies: Vec<(Rendered, Vec<Diagnostic>)> = shared
        .sections
        .par_iter()
        .map(|s| {
            let from = s.rel.clone().unwrap_or_default();
            guarded(&from, || {
                let r = markdown::render_with_images(
                    &s.markdown,
                    &opts,
                    &|t| links::resolve(shared, config, &from, &s.lang, t),
                    &|img| shared.images.markdown_html(&from, img, false, config),
                );
                let diags = s
                    .rel
                    .as_ref()
                    .map(|rel| problems(&r, rel, s.body_line))
                    .unwrap_or_default();
                (r, diags)
            })
        })
        .collect();
    let mut diags = Vec::new();
    for (p, (r, d)) in site.pages.iter_mut().zip(page_bodies) {
        p.body = r;
        diags.extend(d);
    }
    for (s, (r, d)) in site.sections.iter_mut().zip(section_bodies) {
        s.body = r;
        diags.extend(d);
    }
    diags
}

/// Runs one body's rendering; a panic becomes an error naming the file.
fn guarded(
    rel: &std::path::Path,
    work: impl FnOnce() -> (Rendered, Vec<Diagnostic>),
) -> (Rendered, Vec<Diagnostic>) {
    crate::error::guard(rel, work).unwrap_or_else(|d| (Rendered::default(), vec![d]))
}

fn problems(r: &Rendered, rel: &std::path::Path, body_line: usize) -> Vec<Diagnostic> {
    r.problems
        .iter()
        .map(|p| Diagnostic::error(rel, p.message.clone()).at_line(body_line + p.line - 1))
        .collect()
}
