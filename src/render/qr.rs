//! QR codes for the notice-board print sheet (#21): a page's permalink drawn
//! at build time as a small inline SVG, so a printed sheet on a commune
//! notice board leads back to the page without any outside service.

use std::cell::RefCell;
use std::rc::Rc;

use qrcode::canvas::{Canvas, MaskPattern, Module};
use qrcode::{Color, EcLevel, Version};

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
    let (width, dark) = modules(text)?;
    let size = width + 2 * QUIET;
    let mut d = String::new();
    for (y, row) in dark.chunks(width).enumerate() {
        // x where the pen stands on this row, once a run has been drawn.
        let mut pen: Option<usize> = None;
        let mut x = 0;
        while x < width {
            if !row[x] {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] {
                x += 1;
            }
            let run = x - start;
            // Written piece by piece, numbers through `itoa`: a sheet's code
            // has hundreds of runs, and `write!` was a fifth of its time.
            match pen {
                None => {
                    d.push('M');
                    push_number(&mut d, start + QUIET);
                    d.push(' ');
                    push_number(&mut d, y + QUIET);
                    d.push_str(".5h");
                }
                Some(p) => {
                    d.push('m');
                    push_number(&mut d, start - p);
                    d.push_str(" 0h");
                }
            }
            push_number(&mut d, run);
            pen = Some(x);
        }
    }
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" \
         shape-rendering=\"crispEdges\" role=\"img\"><path stroke=\"#000\" d=\"{d}\"/></svg>"
    ))
}

/// Appends `n` in decimal (with `itoa`, which serde_json brings already).
fn push_number(out: &mut String, n: usize) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// The eight mask patterns of a (non-micro) QR code, in the order the
/// `qrcode` crate tries them: on equal scores the first one wins there, and
/// here too.
const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// The code of `text` at level M: its width and its modules row by row
/// (`true` is dark).
///
/// The same steps as `QrCode::with_error_correction_level`, module for
/// module, except how the mask is chosen: the crate masks a copy of the
/// code eight times and scores each through boxed closures and
/// bounds-checked lookups (a tenth of a large build's CPU). Here, for codes
/// up to 64 modules wide, each masked code is one exclusive or per row of
/// the data's dark modules with the masked empty code of that version
/// ([`Masked`]), scored by [`packed_penalty`] with the same rules, so the
/// same mask wins.
fn modules(text: &str) -> Result<(usize, Vec<bool>), String> {
    let why = |e: qrcode::types::QrError| format!("cannot draw a QR code for `{text}`: {e}");
    let bits = qrcode::bits::encode_auto(text.as_bytes(), EcLevel::M).map_err(why)?;
    let version = bits.version();
    let data = bits.into_bytes();
    let (blocks, ec) = qrcode::ec::construct_codewords(&data, version, EcLevel::M).map_err(why)?;
    let mut canvas = Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&blocks, &ec);
    let width = usize::try_from(version.width()).unwrap_or(0);
    if width > 64 {
        return Ok((width, wide_modules(canvas, width)));
    }
    // The data's dark modules, by row and by column.
    let mut rows = vec![0u64; width];
    let mut columns = vec![0u64; width];
    for (y, row) in rows.iter_mut().enumerate() {
        for (x, column) in columns.iter_mut().enumerate() {
            if canvas.get(x as i16, y as i16) == Module::Unmasked(Color::Dark) {
                *row |= 1 << x;
                *column |= 1 << y;
            }
        }
    }
    let best = MASKED.with_borrow_mut(|cache| {
        let masked = cache.masked(version);
        let mut best: Option<(u16, usize)> = None;
        let (mut r, mut c) = (vec![0u64; width], vec![0u64; width]);
        for (k, m) in masked.iter().enumerate() {
            for (out, (a, b)) in r.iter_mut().zip(rows.iter().zip(&m.rows)) {
                *out = a ^ b;
            }
            for (out, (a, b)) in c.iter_mut().zip(columns.iter().zip(&m.columns)) {
                *out = a ^ b;
            }
            let score = packed_penalty(&r, &c, width);
            if best.is_none_or(|(b, _)| score < b) {
                best = Some((score, k));
            }
        }
        best.map(|(_, k)| masked[k].rows.clone())
    });
    let Some(best) = best else {
        return Ok((width, dark_modules(canvas)));
    };
    let mut dark = Vec::with_capacity(width * width);
    for (a, b) in rows.iter().zip(&best) {
        let row = a ^ b;
        dark.extend((0..width).map(|x| row >> x & 1 == 1));
    }
    Ok((width, dark))
}

/// [`modules`] for codes wider than 64 modules (versions 12 and up, longer
/// than any permalink): the crate's own masking, scored by [`penalty`].
fn wide_modules(mut canvas: Canvas, width: usize) -> Vec<bool> {
    let mut best: Option<(u16, MaskPattern)> = None;
    for mask in MASKS {
        let mut masked = canvas.clone();
        masked.apply_mask(mask);
        let score = penalty(&dark_modules(masked), width);
        if best.is_none_or(|(b, _)| score < b) {
            best = Some((score, mask));
        }
    }
    if let Some((_, mask)) = best {
        canvas.apply_mask(mask);
    }
    dark_modules(canvas)
}

/// An empty code of one version with one mask applied (by the crate, so
/// its format information too), as bits by row and by column. Masking
/// inverts exactly the modules that are neither a functional pattern nor
/// format information, where the empty code is light; so the masked code
/// of some data is the exclusive or of this with the data's dark modules.
struct Masked {
    rows: Vec<u64>,
    columns: Vec<u64>,
}

/// The eight [`Masked`] codes of the versions met on this thread (a few:
/// permalinks differ little in length).
#[derive(Default)]
struct MaskedCache(Vec<(Version, Vec<Masked>)>);

impl MaskedCache {
    /// The masked empty codes of `version`, made on first use.
    fn masked(&mut self, version: Version) -> &[Masked] {
        let at = match self.0.iter().position(|(v, _)| *v == version) {
            Some(at) => at,
            None => {
                let width = usize::try_from(version.width()).unwrap_or(0);
                let mut empty = Canvas::new(version, EcLevel::M);
                empty.draw_all_functional_patterns();
                let masked = MASKS
                    .iter()
                    .map(|mask| {
                        let mut m = empty.clone();
                        m.apply_mask(*mask);
                        let (rows, columns) = pack(&dark_modules(m), width);
                        Masked { rows, columns }
                    })
                    .collect();
                self.0.push((version, masked));
                self.0.len() - 1
            }
        };
        &self.0[at].1
    }
}

thread_local! {
    /// The masked empty codes, per thread (see [`MaskedCache`]).
    static MASKED: RefCell<MaskedCache> = RefCell::new(MaskedCache::default());
}

/// `dark` (row by row, `width` square, at most 64) as bits by row and by
/// column, bit `x` of row `y` and bit `y` of column `x` for module (x, y).
fn pack(dark: &[bool], width: usize) -> (Vec<u64>, Vec<u64>) {
    let mut rows = vec![0u64; width];
    let mut columns = vec![0u64; width];
    for (y, row) in dark.chunks(width).enumerate() {
        for (x, d) in row.iter().enumerate() {
            rows[y] |= u64::from(*d) << x;
            columns[x] |= u64::from(*d) << y;
        }
    }
    (rows, columns)
}

/// A finished canvas's modules, `true` for dark.
fn dark_modules(canvas: Canvas) -> Vec<bool> {
    canvas
        .into_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect()
}

/// [`penalty`] for codes up to 64 modules wide (versions 1 to 11, every
/// permalink in practice), with each row and column as the bits of one word:
/// the rules become shifts, masks and bit counts.
fn packed_penalty(rows: &[u64], columns: &[u64], width: usize) -> u16 {
    let bits = |n: usize| if n >= 64 { u64::MAX } else { (1u64 << n) - 1 };
    let mut total: u32 = 0;
    for lines in [rows, columns] {
        for &line in lines {
            // Rule 1: a run ends where a module differs from the next one.
            let mut ends = (line ^ (line >> 1)) & bits(width - 1);
            let mut start = 0;
            while ends != 0 {
                let end = ends.trailing_zeros() as usize;
                let run = end + 1 - start;
                if run >= 5 {
                    total = total.wrapping_add(run as u32 - 2);
                }
                start = end + 1;
                ends &= ends - 1;
            }
            let run = width - start;
            if run >= 5 {
                total = total.wrapping_add(run as u32 - 2);
            }
            // Rule 3: where the seven modules from x read 1011101.
            let mut found = bits(width - 6);
            for (k, dark) in [true, false, true, true, true, false, true]
                .iter()
                .enumerate()
            {
                found &= if *dark { line >> k } else { !(line >> k) };
            }
            while found != 0 {
                let j = found.trailing_zeros() as usize;
                let from = j.saturating_sub(4);
                let before = line & (bits(j) & !bits(from)) != 0;
                let after = line & (bits((j + 11).min(width)) & !bits(j + 7)) != 0;
                if !before || !after {
                    total = total.wrapping_add(40);
                }
                found &= found - 1;
            }
        }
        total = total.wrapping_sub(360);
    }
    // Rule 2: a module equal to its right, lower and lower-right neighbours.
    for pair in rows.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let same = !(a ^ (a >> 1)) & !(b ^ (b >> 1)) & !(a ^ b) & bits(width - 1);
        total = total.wrapping_add(3 * same.count_ones());
    }
    let count: u32 = rows.iter().map(|r| r.count_ones()).sum();
    let ratio = (count as usize * 200)
        .checked_div(width * width)
        .unwrap_or(100);
    total = total.wrapping_add(ratio.abs_diff(100) as u32);
    total as u16
}

/// The mask penalty of a masked code (`dark` row by row, `width` square):
/// the four rules of ISO/IEC 18004 §7.8.3 as the `qrcode` crate counts them,
/// quirks included, so that both choose the same mask. The crate adds in
/// `u16` without overflow checks in release builds, so the sum is taken
/// modulo 2¹⁶ here too (a URL's code never comes near).
fn penalty(dark: &[bool], width: usize) -> u16 {
    // Columns laid out as rows, so that both directions read contiguous
    // slices.
    let mut columns = vec![false; dark.len()];
    for (y, row) in dark.chunks(width).enumerate() {
        for (x, d) in row.iter().enumerate() {
            columns[x * width + y] = *d;
        }
    }
    let mut total: u32 = 0;
    for grid in [dark, &columns[..]] {
        for line in grid.chunks(width) {
            total = total.wrapping_add(runs_penalty(line));
            total = total.wrapping_add(finder_penalty(line));
        }
        // The crate counts the three finder patterns' own rows too, then
        // takes them off: 3 patterns × 3 rows × 40 per direction.
        total = total.wrapping_sub(360);
    }
    // Rule 2: every 2×2 block of one colour, overlapping ones counted.
    for pair in dark.chunks(width).collect::<Vec<_>>().windows(2) {
        let (row, next) = (pair[0], pair[1]);
        for x in 0..width - 1 {
            let c = row[x];
            if row[x + 1] == c && next[x] == c && next[x + 1] == c {
                total = total.wrapping_add(3);
            }
        }
    }
    // Rule 4: the distance of the dark share from one half, in half-percents
    // of the whole, not rounded to steps of 5% (as the crate does).
    let count = dark.iter().filter(|d| **d).count();
    let ratio = (count * 200).checked_div(dark.len()).unwrap_or(100);
    total = total.wrapping_add(ratio.abs_diff(100) as u32);
    total as u16
}

/// Rule 1 on one row or column: each run of five or more modules of one
/// colour costs its length minus two.
fn runs_penalty(line: &[bool]) -> u32 {
    let mut total = 0;
    let mut run = 0;
    let mut last = None;
    for m in line {
        if last == Some(*m) {
            run += 1;
        } else {
            if run >= 5 {
                total += run - 2;
            }
            run = 1;
            last = Some(*m);
        }
    }
    if run >= 5 {
        total += run - 2;
    }
    total
}

/// Rule 3 on one row or column: 40 for each dark-light-dark×3-light-dark
/// (1:1:3:1:1) run without a dark module in the four modules on one side
/// or the other (outside the code counts as light).
fn finder_penalty(line: &[bool]) -> u32 {
    // The last seven modules read as bits, the newest lowest.
    const FINDER: u32 = 0b1011101;
    let mut total = 0;
    let mut window = 0u32;
    for (k, d) in line.iter().enumerate() {
        window = ((window << 1) | u32::from(*d)) & 0x7f;
        if k < 6 || window != FINDER {
            continue;
        }
        let j = k - 6;
        let before = line[j.saturating_sub(4)..j].iter().any(|d| *d);
        let after = line[k + 1..(k + 5).min(line.len())].iter().any(|d| *d);
        if !before || !after {
            total += 40;
        }
    }
    total
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
    use qrcode::QrCode;

    /// The crate's own choice, module for module: the speed-up must not
    /// change a single printed code.
    #[test]
    fn the_modules_are_the_crates_own() {
        let mut texts: Vec<String> = (0..300)
            .map(|n| {
                // Lengths from a few bytes to versions past 20, in the
                // byte, alphanumeric and numeric modes and mixed.
                let path = "vi/don-hang/nhat-ban-".repeat(n % 40 / 3 + 1);
                match n % 4 {
                    0 => format!("https://example.org/{path}{n}/"),
                    1 => format!("HTTPS://EXAMPLE.ORG/{}{n}", "AB-".repeat(n)),
                    2 => "1234567890".repeat(n / 4 + 1),
                    _ => format!("https://cổng.example/việc-làm/{n}?q=đơn+hàng#x"),
                }
            })
            .collect();
        texts.push(String::new());
        for text in &texts {
            let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).unwrap();
            let theirs: Vec<bool> = code.to_colors().iter().map(|c| *c == Color::Dark).collect();
            let (width, ours) = modules(text).unwrap();
            assert_eq!(width, code.width(), "{text}");
            assert!(ours == theirs, "a different code for `{text}`");
        }
    }

    #[test]
    fn packed_and_plain_penalties_agree_on_every_mask() {
        for n in 0..40 {
            let text = format!("https://example.org/{}{n}/", "viec-lam-".repeat(n));
            let bits = qrcode::bits::encode_auto(text.as_bytes(), EcLevel::M).unwrap();
            let version = bits.version();
            let data = bits.into_bytes();
            let (blocks, ec) = qrcode::ec::construct_codewords(&data, version, EcLevel::M).unwrap();
            let mut canvas = Canvas::new(version, EcLevel::M);
            canvas.draw_all_functional_patterns();
            canvas.draw_data(&blocks, &ec);
            let width = version.width() as usize;
            if width > 64 {
                continue;
            }
            for mask in MASKS {
                let mut masked = canvas.clone();
                masked.apply_mask(mask);
                let dark = dark_modules(masked);
                let (rows, columns) = pack(&dark, width);
                assert_eq!(
                    packed_penalty(&rows, &columns, width),
                    penalty(&dark, width),
                    "{text} {mask:?}"
                );
            }
        }
    }

    #[test]
    fn the_penalty_rules_count_as_the_standard_says() {
        // Rule 1: a run of 7 costs 5, a run of 4 nothing.
        assert_eq!(runs_penalty(&[true; 7]), 5);
        assert_eq!(runs_penalty(&[false, false, false, false, true]), 0);
        // Rule 3: a finder-like run with light on one side costs 40 …
        let lone = [
            true, false, true, true, true, false, true, false, false, false, false,
        ];
        assert_eq!(finder_penalty(&lone), 40);
        // … and none with dark modules near on both sides.
        let framed = [
            true, false, true, false, true, true, true, false, true, false, true,
        ];
        assert_eq!(finder_penalty(&framed), 0);
    }

    #[test]
    fn numbers_are_written_as_format_writes_them() {
        let mut out = String::new();
        let mut want = String::new();
        for n in (0..2000).chain([9_999, 10_000, 65_535, usize::MAX]) {
            push_number(&mut out, n);
            want.push_str(&n.to_string());
            out.push(',');
            want.push(',');
        }
        assert_eq!(out, want);
    }

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
