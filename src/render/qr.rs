//! QR codes for the notice-board print sheet (#21): a page's permalink drawn
//! at build time as a small inline SVG, so a printed sheet on a commune
//! notice board leads back to the page without any outside service.

use std::cell::RefCell;
use std::rc::Rc;

use qrcode::{Color, EcLevel, QrCode};

/// Light modules kept around the code, as the QR standard asks (4).
const QUIET: usize = 4;

/// The QR code of `text` as an SVG element (`<svg>…</svg>`), or why it
/// cannot be drawn (text too long for any QR version).
///
/// Each row of dark modules is one stroke of width 1 along the row's middle,
/// written with relative moves: the smallest path we know for this shape,
/// since the block ships (hidden) with every sheet page on phones too.
pub fn svg(text: &str) -> Result<String, String> {
    // Level M: survives a crease or a smudge on a printed sheet, and keeps a
    // typical permalink at version 4–6.
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|e| format!("cannot draw a QR code for `{text}`: {e}"))?;
    let width = code.width();
    let colors = code.to_colors();
    let size = width + 2 * QUIET;
    let mut d = String::new();
    for (y, row) in colors.chunks(width).enumerate() {
        // x where the pen stands on this row, once a run has been drawn.
        let mut pen: Option<usize> = None;
        let mut x = 0;
        while x < width {
            if row[x] != Color::Dark {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] == Color::Dark {
                x += 1;
            }
            let run = x - start;
            match pen {
                None => d.push_str(&format!("M{} {}.5h{run}", start + QUIET, y + QUIET)),
                Some(p) => d.push_str(&format!("m{} 0h{run}", start - p)),
            }
            pen = Some(x);
        }
    }
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" \
         shape-rendering=\"crispEdges\" role=\"img\"><path stroke=\"#000\" d=\"{d}\"/></svg>"
    ))
}

/// Registers `qr_svg(text=...)`: the SVG of [`svg`], marked safe (it is our
/// own markup; the text only appears encoded in the path).
///
/// The last code drawn on each thread is kept: a page and its one-page sheet
/// are rendered one after the other on one thread and show the same
/// permalink, and choosing the mask (the standard scores all eight) was a
/// tenth of a 100k build's CPU. One entry, so memory does not grow.
pub fn register(tera: &mut tera::Tera) {
    tera.register_function(
        "qr_svg",
        |kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<tera::Value> {
            let text: String = kwargs.must_get("text")?;
            let out = LAST.with_borrow_mut(|last| -> Result<Rc<str>, String> {
                if let Some((t, out)) = last.as_ref()
                    && *t == text
                {
                    return Ok(Rc::clone(out));
                }
                let out: Rc<str> = svg(&text)?.into();
                *last = Some((text, Rc::clone(&out)));
                Ok(out)
            });
            Ok(tera::Value::safe_string(
                &out.map_err(tera::Error::message)?,
            ))
        },
    );
}

thread_local! {
    /// The last text drawn on this thread and its SVG.
    static LAST: RefCell<Option<(String, Rc<str>)>> = const { RefCell::new(None) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_svg_is_square_with_a_quiet_zone() {
        let s = svg("https://example.org/vi/hoi-cho/").unwrap();
        let code = QrCode::with_error_correction_level(
            "https://example.org/vi/hoi-cho/".as_bytes(),
            EcLevel::M,
        )
        .unwrap();
        let size = code.width() + 2 * QUIET;
        assert!(s.contains(&format!("viewBox=\"0 0 {size} {size}\"")), "{s}");
        // The finder pattern's top row: seven dark modules from the quiet zone.
        assert!(s.contains("d=\"M4 4.5h7m"), "{s}");
        assert!(!s.contains("example.org"), "the URL is only in the modules");
    }

    #[test]
    fn text_too_long_for_any_version_is_an_error_not_a_panic() {
        let long = "x".repeat(5000);
        let e = svg(&long).unwrap_err();
        assert!(e.contains("cannot draw a QR code"), "{e}");
    }

    #[test]
    fn the_function_renders_in_a_template() {
        let mut tera = tera::Tera::new();
        register(&mut tera);
        tera.add_raw_template("t", "{{ qr_svg(text=url) }}")
            .unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("url", "https://example.org/a?b=1&c=2");
        let html = tera.render("t", &ctx).unwrap();
        assert!(html.starts_with("<svg "), "not escaped: {html}");
    }
}
