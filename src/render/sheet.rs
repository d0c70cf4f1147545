//! The one-page notice sheet (#21): beside every job fair, job order,
//! policy and scam alert, a page made to print on one A4 sheet for a
//! commune notice board (`<page>/to-thong-bao/`, `<page>/notice-sheet/`:
//! the `sheet_path` UI string). The page itself prints too, but a long one
//! takes two sheets; this one holds only the title, status, key facts,
//! summary, the page's QR code, the printed date and the hotline.
//!
//! It is made from the site's pages but is not one: no sitemap entry, no
//! search record, no feed item, and `noindex`, so search engines send
//! readers to the full page.

use crate::artifact::OutputFile;
use crate::content::kinds::Kind;
use crate::error::Diagnostic;
use crate::site::SitePath;

use super::Renderer;

/// The kinds that get a sheet: the ones staff pin up.
pub const KINDS: [Kind; 4] = [
    Kind::JobFairs,
    Kind::JobOrders,
    Kind::Policies,
    Kind::ScamAlerts,
];

impl Renderer<'_> {
    /// Where page `id`'s sheet is, when its kind has one.
    pub(super) fn sheet_path(&self, id: usize) -> Option<SitePath> {
        let p = &self.views.site.pages[id];
        if !KINDS.contains(&p.kind) {
            return None;
        }
        let seg = self
            .strings
            .get(p.lang.as_str(), "sheet_path")
            .and_then(crate::site::Slug::from_text);
        let seg = seg.map_or_else(|| "notice-sheet".to_string(), |s| s.as_str().to_string());
        Some(p.url.child(&seg))
    }

    /// Page `id`'s sheet, when its kind has one.
    pub(super) fn sheet(&self, id: usize) -> Option<Result<OutputFile, Diagnostic>> {
        let path = self.sheet_path(id)?;
        let p = &self.views.site.pages[id];
        // The sheet stands for the page: its canonical is the page's, and
        // its QR code (in the template) leads there too.
        let mut ctx = self.base_context(&p.lang, &p.url);
        ctx.insert_value("page", self.views.full_page(id, false));
        ctx.insert("page_href", &self.views.href(&p.url));
        let what = format!("the notice sheet of {}", p.rel.display());
        Some(self.render("sheet.html", &ctx, &path, &what))
    }
}
