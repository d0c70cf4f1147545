//! Notice-board sheets (#21): job fairs, job orders, policies and scam alerts
//! carry a block shown only on paper, with a QR code back to the page, the
//! printed date and the hotline; the print stylesheet hides navigation.

use crate::common::{Portal, SITE_TOML};

/// A bilingual portal with a hotline, one job fair and one article.
fn portal() -> Portal {
    let p = Portal::with_config(&format!(
        "{SITE_TOML}\n[languages.vi.contact]\nhotline = \"1900 1234\"\n\n[languages.en.contact]\nhotline = \"1900 1234\"\n"
    ));
    p.page("content/_index.md", "Trang chủ", "x")
        .page("content/_index.en.md", "Home", "x")
        .section("phien", "Phiên giao dịch", "job_fairs")
        .section("tin-tuc", "Tin tức", "articles")
        .page("content/tin-tuc/tin.md", "Một tin", "x");
    for (suffix, title) in [("", "Phiên tháng 12"), (".en", "December fair")] {
        p.file(
            &format!("content/phien/thang-12{suffix}.md"),
            &format!("---\ntitle: \"{title}\"\ndate: 2026-11-01\nstart: 2026-12-10T07:30:00+07:00\nend: 2026-12-10T11:30:00+07:00\nvenue: Hội trường\n---\nx\n"),
        );
    }
    p
}

/// The notice-board block of a page, or `None`.
fn sheet(html: &str) -> Option<&str> {
    let from = html.find("<aside class=\"print-sheet\">")?;
    let rest = &html[from..];
    Some(&rest[..rest.find("</aside>")? + 8])
}

/// Paints the SVG the QR module writes (one path of horizontal strokes of
/// width 1: `M x y.5 h n` then `m dx 0 h n`, in any mix) at `scale` pixels
/// per module, dark = 0. Anything else in the path fails the test, so a
/// change of drawing shows here rather than as a wrong decode.
fn rasterize(svg: &str, scale: usize) -> (usize, Vec<u8>) {
    let lower = svg.to_ascii_lowercase();
    let vb = &lower[lower.find("viewbox=\"0 0 ").expect("viewBox") + 13..];
    let size: usize = vb[..vb.find(' ').unwrap()].parse().expect("size");
    let d = &svg[svg.find(" d=\"").expect("path") + 4..];
    let d = &d[..d.find('"').unwrap()];
    let px = size * scale;
    let mut img = vec![255u8; px * px];
    let (mut x, mut y) = (0.0f64, 0.0f64);
    let mut chars = d.char_indices().peekable();
    let number = |chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>| -> f64 {
        while chars.peek().is_some_and(|(_, c)| *c == ' ') {
            chars.next();
        }
        let mut s = String::new();
        while let Some((_, c)) = chars.peek().copied() {
            if c.is_ascii_digit() || c == '.' || (c == '-' && s.is_empty()) {
                s.push(c);
                chars.next();
            } else {
                break;
            }
        }
        s.parse()
            .unwrap_or_else(|_| panic!("number expected in path `{d}`"))
    };
    while let Some((_, cmd)) = chars.next() {
        match cmd {
            'M' => {
                x = number(&mut chars);
                y = number(&mut chars);
            }
            'm' => {
                x += number(&mut chars);
                y += number(&mut chars);
            }
            'h' => {
                let n = number(&mut chars);
                let row = (y - 0.5).round() as usize;
                for col in x as usize..(x + n) as usize {
                    for dy in 0..scale {
                        for dx in 0..scale {
                            img[(row * scale + dy) * px + col * scale + dx] = 0;
                        }
                    }
                }
                x += n;
            }
            c => panic!("unexpected path command `{c}` in `{d}`"),
        }
    }
    (px, img)
}

/// Decodes the one QR code in a greyscale image.
fn decode(px: usize, img: &[u8]) -> String {
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(px, px, |x, y| img[y * px + x]);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code expected");
    grids[0].decode().expect("QR code decodes").1
}

#[test]
fn a_job_fair_sheet_has_a_qr_code_that_decodes_to_the_page_url() {
    let mut p = portal();
    p.opts.now = Some("2026-12-06T10:00:00+07:00".into());
    p.build_ok();
    for (rel, url, date, hotline) in [
        (
            "phien/thang-12/index.html",
            "https://example.org/phien/thang-12/",
            "In ngày 6/12/2026",
            "Đường dây nóng: 1900 1234",
        ),
        (
            "en/phien/thang-12/index.html",
            "https://example.org/en/phien/thang-12/",
            "Printed on 6 Dec 2026",
            "Hotline: 1900 1234",
        ),
    ] {
        let html = p.read(rel);
        let block = sheet(&html).unwrap_or_else(|| panic!("no print sheet in {rel}:\n{html}"));
        let svg = &block[block.find("<svg").expect("svg")..];
        let (px, img) = rasterize(svg, 4);
        assert_eq!(decode(px, &img), url, "{rel}");
        assert!(block.contains(date), "{rel}: {block}");
        assert!(block.contains(hotline), "{rel}: {block}");
    }
    // An article is not a notice-board sheet.
    assert!(sheet(&p.read("tin-tuc/tin/index.html")).is_none());
}

#[test]
fn the_rasterizer_sees_a_broken_code() {
    // The decode above can fail: a code with its finder patterns wiped is not read.
    let svg = qrcode_svg_of("https://example.org/x/");
    let (px, mut img) = rasterize(&svg, 4);
    for v in img.iter_mut().take(px * px / 2) {
        *v = 255;
    }
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(px, px, |x, y| img[y * px + x]);
    assert!(prepared.detect_grids().iter().all(|g| g.decode().is_err()));
}

fn qrcode_svg_of(text: &str) -> String {
    loa::render::qr::svg(text).expect("svg")
}

/// The rule blocks inside `@media print{…}` of a stylesheet with its
/// blanks removed (so written `@mediaprint{`).
fn print_rules(css: &str) -> String {
    let mut out = String::new();
    let mut rest = css;
    while let Some(i) = rest.find("@mediaprint{") {
        let body = &rest[i + 12..];
        let mut depth = 1;
        let end = body
            .char_indices()
            .find(|(_, c)| {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                depth == 0
            })
            .map(|(e, _)| e)
            .expect("closed @media block");
        out.push_str(&body[..end]);
        out.push('\n');
        rest = &body[end..];
    }
    out
}

#[test]
fn the_print_stylesheet_hides_navigation_and_shows_the_sheet() {
    let p = portal();
    p.build_ok();
    let css_name = std::fs::read_dir(p.out())
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find(|n| n.starts_with("style.") && n.ends_with(".css"))
        .expect("theme stylesheet");
    let css = p.read(&css_name).replace(['\n', ' '], "");
    let print = print_rules(&css);
    let hidden: Vec<&str> = print
        .split('}')
        .filter(|r| r.contains("display:none"))
        .flat_map(|r| r[..r.find('{').unwrap_or(0)].split(','))
        .collect();
    for sel in [
        ".site-header",
        ".menu",
        ".langs",
        ".search-box",
        ".crumbs",
        ".site-footer",
    ] {
        assert!(
            hidden.contains(&sel),
            "`{sel}` is not hidden in print: {hidden:?}"
        );
    }
    assert!(print.contains(".print-sheet{display:flex"), "{print}");
    assert!(print.contains("@page{size:A4"), "{print}");
    // On screen the sheet costs nothing but its bytes.
    assert!(css.contains(".print-sheet{display:none}"));
    assert!(!print.contains(".print-sheet{display:none}"));
}

/// The one-page notice sheet beside a page (`to-thong-bao/`, `notice-sheet/`):
/// the page links to it, it links back, its QR code leads to the page (not
/// to itself), it carries the date and hotline, and it is kept out of
/// everything that lists pages.
#[test]
fn the_one_page_sheet_stands_beside_the_page_and_leads_back_to_it() {
    let mut p = portal();
    p.opts.now = Some("2026-12-06T10:00:00+07:00".into());
    p.build_ok();
    for (page, sheet_rel, url, link, date, hotline) in [
        (
            "phien/thang-12/",
            "phien/thang-12/to-thong-bao/index.html",
            "https://example.org/phien/thang-12/",
            "In tờ thông báo một trang",
            "In ngày 6/12/2026",
            "Đường dây nóng: 1900 1234",
        ),
        (
            "en/phien/thang-12/",
            "en/phien/thang-12/notice-sheet/index.html",
            "https://example.org/en/phien/thang-12/",
            "Print a one-page notice",
            "Printed on 6 Dec 2026",
            "Hotline: 1900 1234",
        ),
    ] {
        let page_html = p.read(&format!("{page}index.html"));
        let sheet_dir = sheet_rel.trim_end_matches("index.html");
        assert!(
            page_html.contains(&format!("href=\"/{sheet_dir}\"")) && page_html.contains(link),
            "{page} does not link its sheet:\n{page_html}"
        );
        let html = p.read(sheet_rel);
        assert!(
            html.contains(&format!("href=\"/{page}\"")),
            "{sheet_rel}: no link back"
        );
        assert!(
            html.contains("<meta name=\"robots\" content=\"noindex\">"),
            "{sheet_rel}"
        );
        assert!(
            html.contains(date) && html.contains(hotline),
            "{sheet_rel}: {html}"
        );
        // The key facts come from the page's own partial.
        assert!(html.contains("Hội trường"), "{sheet_rel}: no venue");
        let svg = &html[html.find("<svg").expect("svg")..];
        let (px, img) = rasterize(&svg[..svg.find("</svg>").unwrap() + 6], 4);
        assert_eq!(decode(px, &img), url, "{sheet_rel}");
    }
    // Nothing that lists pages names a sheet: every file but the HTML pages
    // (sitemap, feeds, search index, robots.txt…), wherever it is.
    let mut listed = Vec::new();
    let mut dirs = vec![p.out()];
    while let Some(dir) = dirs.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = e.path();
            if path.is_dir() {
                dirs.push(path);
            } else if [".xml", ".json", ".txt", ".js"]
                .iter()
                .any(|x| path.to_string_lossy().ends_with(x))
            {
                let rel = path.strip_prefix(p.out()).unwrap();
                listed.push(rel.to_string_lossy().into_owned());
            }
        }
    }
    assert!(
        listed.iter().any(|f| f.starts_with("search/")),
        "no search index among {listed:?}"
    );
    assert!(
        listed.iter().any(|f| f.ends_with("atom.xml")),
        "no feed among {listed:?}"
    );
    for f in &listed {
        let text = String::from_utf8_lossy(&std::fs::read(p.out().join(f)).unwrap()).into_owned();
        assert!(
            !text.contains("to-thong-bao") && !text.contains("notice-sheet"),
            "{f} lists a notice sheet"
        );
    }
    // An article has none.
    assert!(!p.out().join("tin-tuc/tin/to-thong-bao").exists());
    assert!(!p.read("tin-tuc/tin/index.html").contains("to-thong-bao"));
}
