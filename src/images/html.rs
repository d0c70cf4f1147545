//! How a processed image appears in pages: the [`Picture`] templates get,
//! and the `<picture>` element Markdown images become.

use serde::Serialize;

use super::Processed;
use super::encode::Format;
use crate::config::BaseUrl;
use crate::site::SitePath;

/// The width browsers without `srcset` support get, and whose size goes in
/// the `width`/`height` attributes (only their ratio matters to layout).
const FALLBACK_WIDTH: u32 = 960;

/// A processed image as templates see it (`page.picture`, `item.picture`):
///
/// ```html
/// <picture>
///   <source type="image/webp" srcset="{{ pic.webp }}" sizes="…">
///   <img src="{{ pic.src }}" srcset="{{ pic.srcset }}" sizes="…"
///        width="{{ pic.width }}" height="{{ pic.height }}" alt="…" loading="lazy">
/// </picture>
/// ```
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Picture {
    /// The JPEG (or PNG) for `src`, about 960 pixels wide.
    pub src: String,
    /// Its width: put it in `width` (with `height`) so nothing jumps while it loads.
    pub width: u32,
    /// Its height.
    pub height: u32,
    /// JPEG (or PNG) candidates: `/img/a-480.jpg 480w, …`.
    pub srcset: String,
    /// WebP candidates for a `<source type="image/webp">`, when made.
    pub webp: Option<String>,
}

impl Picture {
    /// The picture of a processed image.
    pub fn new(p: &Processed, base: &BaseUrl) -> Option<Picture> {
        let href = |path: &str| SitePath::root().file(path).href(base);
        let srcset = |webp: bool| {
            p.variants
                .iter()
                .filter(|v| (v.format == Format::Webp) == webp)
                .map(|v| format!("{} {}w", href(&v.path), v.width))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let fallbacks: Vec<_> = p
            .variants
            .iter()
            .filter(|v| v.format != Format::Webp)
            .collect();
        let main = fallbacks
            .iter()
            .find(|v| v.width >= FALLBACK_WIDTH)
            .or(fallbacks.last())?;
        let webp = srcset(true);
        Some(Picture {
            src: href(&main.path),
            width: main.width,
            height: main.height,
            srcset: srcset(false),
            webp: (!webp.is_empty()).then_some(webp),
        })
    }

    /// The `<picture>` element; `eager` for an image at the top of the page
    /// (loaded at once, with priority), else loaded when scrolled near.
    pub fn html(&self, alt: &str, title: &str, sizes: &str, eager: bool) -> String {
        let sizes = crate::escape::html(sizes);
        let mut out = String::from("<picture>");
        if let Some(webp) = &self.webp {
            out.push_str(&format!(
                "<source type=\"image/webp\" srcset=\"{webp}\" sizes=\"{sizes}\">"
            ));
        }
        out.push_str(&format!(
            "<img src=\"{}\" srcset=\"{}\" sizes=\"{sizes}\" width=\"{}\" height=\"{}\" alt=\"{}\"",
            self.src,
            self.srcset,
            self.width,
            self.height,
            crate::escape::html(alt)
        ));
        if !title.is_empty() {
            out.push_str(&format!(" title=\"{}\"", crate::escape::html(title)));
        }
        out.push_str(match eager {
            true => " fetchpriority=\"high\" decoding=\"async\"></picture>",
            false => " loading=\"lazy\" decoding=\"async\"></picture>",
        });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::artifact::Body;
    use crate::images::Variant;

    fn v(w: u32, f: Format) -> Variant {
        Variant {
            path: format!("img/a-k-{w}.{}", f.extension()),
            width: w,
            height: w * 3 / 4,
            format: f,
            body: Body::Bytes(Vec::new()),
        }
    }

    #[test]
    fn picture_lists_every_width_and_escapes_text() {
        let p = Processed {
            width: 4000,
            height: 3000,
            variants: [480, 960, 1600]
                .iter()
                .flat_map(|w| [v(*w, Format::Jpeg), v(*w, Format::Webp)])
                .collect(),
            share: None,
        };
        let base = BaseUrl::parse("https://e.org/xkld/").unwrap();
        let pic = Picture::new(&p, &base).unwrap();
        assert_eq!(pic.src, "/xkld/img/a-k-960.jpg");
        assert_eq!((pic.width, pic.height), (960, 720));
        assert_eq!(
            pic.srcset,
            "/xkld/img/a-k-480.jpg 480w, /xkld/img/a-k-960.jpg 960w, /xkld/img/a-k-1600.jpg 1600w"
        );
        assert!(
            pic.webp
                .as_deref()
                .unwrap()
                .ends_with("a-k-1600.webp 1600w")
        );
        let html = pic.html("Anh \"An\" <3", "", "100vw", false);
        assert!(html.contains("alt=\"Anh &quot;An&quot; &lt;3\""), "{html}");
        assert!(
            html.contains("loading=\"lazy\"")
                && html.starts_with("<picture><source type=\"image/webp\"")
        );
        assert!(
            pic.html("a", "t", "100vw", true)
                .contains("fetchpriority=\"high\"")
        );
    }
}
