//! Photos for phones: every image content uses is published resized,
//! upright, without metadata, under content-hashed names, with srcset
//! markup; processed files are cached; every page gets a share image; bad
//! images are reported by name.

use crate::common;
use crate::common::fixture;
use crate::common::photos;

use std::collections::BTreeMap;
use std::path::Path;

use common::Portal;

const IMAGES: &str = "\n[images]\nwidths = [160, 320, 640]\n";

fn portal_with(extra: &str) -> Portal {
    Portal::with_config(&format!("{}{IMAGES}{extra}", common::SITE_TOML))
}

/// A story bundle with `photo: <name>`.
fn story(p: &Portal, slug: &str, name: &str, bytes: &[u8]) {
    p.file(
        &format!("content/chuyen/{slug}/index.md"),
        &format!("---\ntitle: Chuyện {slug}\nperson: Người hư cấu\nphoto: {name}\nphoto_alt: Ảnh {slug}\n---\nCâu chuyện.\n"),
    );
    p.bytes(&format!("content/chuyen/{slug}/{name}"), bytes);
}

/// Every `srcset` candidate in `html`: (site path, declared width).
fn srcset_candidates(html: &str) -> Vec<(String, u32)> {
    let mut out = Vec::new();
    for part in html.split("srcset=\"").skip(1) {
        let value = part.split('"').next().unwrap_or_default();
        for cand in value.split(", ") {
            let (url, w) = cand.rsplit_once(' ').expect("url and width");
            let w: u32 = w.trim_end_matches('w').parse().expect("width");
            out.push((url.trim_start_matches('/').to_string(), w));
        }
    }
    out
}

fn decode(p: &Portal, rel: &str) -> image::DynamicImage {
    let bytes = std::fs::read(p.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    image::load_from_memory(&bytes).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn is_red(px: image::Rgb<u8>) -> bool {
    px.0[0] > 150 && px.0[2] < 100
}

fn is_blue(px: image::Rgb<u8>) -> bool {
    px.0[2] > 150 && px.0[0] < 100
}

#[test]
fn phone_photo_is_published_upright_at_each_width_without_metadata() {
    let p = portal_with("");
    p.section("chuyen", "Chuyện", "stories");
    // Stored 800×400 with its left half red; EXIF orientation 6 says "turn
    // a quarter clockwise", so it is shown 400×800 with red on top.
    let photo = photos::phone_photo(800, 400, 6);
    assert!(photos::exif_of(&photo).is_some(), "fixture has EXIF");
    assert!(photos::contains(&photo, photos::OWNER.as_bytes()));
    story(&p, "an", "an.jpg", &photo);
    p.build_ok();

    let files = p.output_files();
    let images: Vec<&String> = files.iter().filter(|f| f.starts_with("img/")).collect();
    assert_eq!(
        images.len(),
        7,
        "3 widths × JPEG and WebP, and a share image: {images:?}"
    );
    assert!(
        !files.iter().any(|f| f.ends_with("an.jpg")),
        "original not published: {files:?}"
    );
    let page = p.read("chuyen/an/index.html");
    let cands = srcset_candidates(&page);
    let widths: Vec<u32> = cands.iter().map(|(_, w)| *w).collect();
    assert_eq!(
        widths,
        [160, 320, 400, 160, 320, 400],
        "WebP then JPEG: {page}"
    );
    for (path, w) in &cands {
        assert!(images.iter().any(|f| f == &path), "{path} in {images:?}");
        let img = decode(&p, path);
        assert_eq!((img.width(), img.height()), (*w, w * 2), "{path}");
        let rgb = img.to_rgb8();
        assert!(is_red(*rgb.get_pixel(w / 2, w / 4)), "{path}: top is red");
        assert!(
            is_blue(*rgb.get_pixel(w / 2, w * 2 - w / 4)),
            "{path}: bottom is blue"
        );
    }
    for f in &images {
        let bytes = std::fs::read(p.out().join(f)).expect("read");
        assert_eq!(photos::exif_of(&bytes), None, "{f}");
        for needle in [
            photos::OWNER.as_bytes(),
            b"Exif",
            b"http://ns.adobe.com/xap",
            b"Photoshop 3.0",
        ] {
            assert!(!photos::contains(&bytes, needle), "{f} holds {needle:?}");
        }
    }
    assert!(
        page.contains("<img class=\"portrait\" src=\"/img/an-"),
        "{page}"
    );
    assert!(
        page.contains("width=\"400\" height=\"800\" alt=\"Ảnh an\" fetchpriority=\"high\""),
        "{page}"
    );
}

#[test]
fn markdown_images_become_pictures_and_only_the_opening_one_loads_at_once() {
    let p = portal_with("");
    p.section("tin-tuc", "Tin tức", "articles");
    p.file(
        "content/tin-tuc/hoi-cho/index.md",
        "---\ntitle: Hội chợ\n---\n![Quầy \"tư vấn\"](quay.jpg)\n\nĐoạn.\n\nĐoạn nữa.\n\n![Sơ đồ](so-do.png \"Sơ đồ hội trường\")\n\n![Ngoài](https://example.net/x.jpg)\n",
    );
    p.bytes(
        "content/tin-tuc/hoi-cho/quay.jpg",
        &photos::jpeg(&photos::halves(1000, 500)),
    );
    // A PNG with transparency stays PNG (JPEG has no alpha).
    let mut logo = image::RgbaImage::from_pixel(300, 300, image::Rgba([0, 90, 0, 255]));
    logo.put_pixel(0, 0, image::Rgba([0, 0, 0, 0]));
    let mut png = Vec::new();
    logo.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("png");
    p.bytes("content/tin-tuc/hoi-cho/so-do.png", &png);
    p.build_ok();
    let html = p.read("tin-tuc/hoi-cho/index.html");
    let pictures: Vec<&str> = html.split("<picture>").skip(1).collect();
    assert_eq!(pictures.len(), 2, "{html}");
    assert!(
        pictures[0].contains("sizes=\"(min-width: 60rem) 58rem, calc(100vw - 2rem)\""),
        "{html}"
    );
    assert!(
        pictures[0].contains(
            "width=\"640\" height=\"320\" alt=\"Quầy &quot;tư vấn&quot;\" fetchpriority=\"high\""
        ),
        "{html}"
    );
    assert!(
        pictures[1].contains("srcset=\"/img/so-do-") && pictures[1].contains(".png 300w\""),
        "{html}"
    );
    assert!(
        pictures[1].contains("title=\"Sơ đồ hội trường\" loading=\"lazy\""),
        "{html}"
    );
    assert!(
        html.contains("<img src=\"https://example.net/x.jpg\" alt=\"Ngoài\""),
        "{html}"
    );
    for (path, w) in srcset_candidates(&html) {
        assert_eq!(decode(&p, &path).width(), w, "{path}");
    }
}

#[test]
fn feeds_carry_absolute_image_candidates() {
    let p = portal_with("\n[feeds]\nfull_content = true\n");
    p.section("tin-tuc", "Tin tức", "articles");
    p.file(
        "content/tin-tuc/a/index.md",
        "---\ntitle: A\ndate: 2024-01-02\n---\n![Ảnh](a.jpg)\n",
    );
    p.bytes(
        "content/tin-tuc/a/a.jpg",
        &photos::jpeg(&photos::halves(500, 300)),
    );
    p.build_ok();
    let feed = p.read("tin-tuc/atom.xml");
    let cands: Vec<&str> = feed
        .split("srcset=&quot;")
        .skip(1)
        .flat_map(|r| r.split("&quot;").next().unwrap_or_default().split(", "))
        .collect();
    assert_eq!(cands.len(), 6, "{feed}");
    assert!(
        cands
            .iter()
            .all(|c| c.starts_with("https://example.org/img/a-")),
        "{cands:?}"
    );
}

/// Every file under `dir` with its modification time.
fn stamps(dir: &Path) -> BTreeMap<String, std::time::SystemTime> {
    common::list_files(dir)
        .into_iter()
        .map(|f| {
            let t = std::fs::metadata(dir.join(&f))
                .and_then(|m| m.modified())
                .expect("mtime");
            (f, t)
        })
        .collect()
}

#[test]
fn second_build_reuses_the_cache_and_new_widths_encode_only_themselves() {
    let p = portal_with("");
    p.section("chuyen", "Chuyện", "stories");
    story(&p, "an", "an.jpg", &photos::phone_photo(900, 600, 1));
    story(
        &p,
        "binh",
        "binh.png",
        &photos::png(&photos::halves(700, 700)),
    );
    let first = p.build_ok();
    assert_eq!(first.images.sources, 2);
    // Each: 160, 320 and 640 × JPEG (or PNG) and WebP, and a share image.
    assert_eq!((first.images.encoded, first.images.reused), (14, 0));
    let cache = p.root().join(".loa-cache/images");
    let before = stamps(&cache);
    let out_before = common::list_files(&p.out());
    let page_before = p.read("chuyen/an/index.html");

    let second = p.build_ok();
    assert_eq!((second.images.encoded, second.images.reused), (0, 14));
    assert_eq!(stamps(&cache), before, "no cache file written again");
    assert_eq!(common::list_files(&p.out()), out_before);
    assert_eq!(p.read("chuyen/an/index.html"), page_before);

    p.file(
        "site.toml",
        &format!(
            "{}\n[images]\nwidths = [160, 240, 320, 640]\n",
            common::SITE_TOML
        ),
    );
    let third = p.build_ok();
    assert_eq!(
        third.images.encoded, 4,
        "only the 240 JPEG and WebP of both photos"
    );
    let page = p.read("chuyen/an/index.html");
    assert!(page.contains("-240.webp 240w"), "{page}");

    // An edited photo gets new files under new names; the other is kept.
    story(&p, "an", "an.jpg", &photos::phone_photo(900, 600, 3));
    let edited = p.build_ok();
    assert_eq!((edited.images.encoded, edited.images.reused), (9, 9));
    let page = p.read("chuyen/an/index.html");
    let old_name = |html: &str| html.split("/img/an-").nth(1).map(|r| r[..10].to_string());
    assert_ne!(old_name(&page), old_name(&page_before), "{page}");

    std::fs::remove_dir_all(p.root().join(".loa-cache")).expect("delete cache");
    let fresh = p.build_ok();
    assert_eq!(
        fresh.images.encoded,
        2 * (4 * 2 + 1),
        "rebuilt from scratch"
    );
    assert_eq!(
        p.read("chuyen/an/index.html"),
        page,
        "same names without the cache"
    );
}

#[test]
fn bad_images_are_reported_with_the_page_and_the_file() {
    let p = Portal::with_config(&format!(
        "{}\n[images]\nwidths = [160]\nmax_pixels = 1000000\n",
        common::SITE_TOML
    ));
    p.section("tin-tuc", "Tin tức", "articles");
    let mut cut = photos::jpeg(&photos::halves(400, 300));
    cut.truncate(cut.len() / 2);
    p.bytes("content/tin-tuc/a/hong.jpg", &cut);
    p.bytes(
        "content/tin-tuc/a/iphone.jpg",
        b"\0\0\0\x18ftypheic\0\0\0\0mif1heic",
    );
    p.bytes(
        "content/tin-tuc/a/to.png",
        &photos::png(&image::RgbImage::new(1200, 1000)),
    );
    p.bytes("ngoai.jpg", &photos::jpeg(&photos::halves(40, 40)));
    p.file(
        "content/tin-tuc/a/index.md",
        "---\ntitle: A\n---\n![h](hong.jpg)\n\n![i](iphone.jpg)\n\n![t](to.png)\n\n![n](../../../ngoai.jpg)\n\n![k](khong-co.jpg)\n",
    );
    let errors = p.build_errors();
    let want = [
        (
            "content/tin-tuc/a/index.md:4:",
            "`hong.jpg` (content/tin-tuc/a/hong.jpg): the file is cut short",
        ),
        (
            "content/tin-tuc/a/index.md:6:",
            "`iphone.jpg` (content/tin-tuc/a/iphone.jpg): it is a HEIC/HEIF photo",
        ),
        (
            "content/tin-tuc/a/index.md:8:",
            "`to.png` (content/tin-tuc/a/to.png): it is 1200×1000 pixels",
        ),
        (
            "content/tin-tuc/a/index.md:10:",
            "`../../../ngoai.jpg`: it points outside the portal",
        ),
        (
            "content/tin-tuc/a/index.md:12:",
            "`khong-co.jpg`: the file does not exist",
        ),
    ];
    for (at, what) in want {
        assert!(
            errors.iter().any(|e| e.starts_with(at) && e.contains(what)),
            "{at} {what}: {errors:#?}"
        );
    }
    assert_eq!(errors.len(), want.len(), "{errors:#?}");
}

#[test]
fn svg_with_script_is_refused_and_a_clean_one_is_published() {
    let p = portal_with("");
    p.section("tin-tuc", "Tin tức", "articles");
    p.file(
        "content/tin-tuc/a/index.md",
        "---\ntitle: A\n---\n![Sơ đồ](so-do.svg)\n\n![Bẫy](bay.svg)\n",
    );
    p.file("content/tin-tuc/a/so-do.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 4 4\"><rect width=\"4\" height=\"4\"/></svg>");
    p.file(
        "content/tin-tuc/a/bay.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<script>fetch('/x')</script></svg>",
    );
    let errors = p.build_errors();
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("content/tin-tuc/a/bay.svg: error:")
                && e.contains("<script> element (line 2)")
                && e.contains("used by content/tin-tuc/a/index.md")),
        "{errors:#?}"
    );
    assert_eq!(errors.len(), 1, "{errors:#?}");
    p.file(
        "content/tin-tuc/a/index.md",
        "---\ntitle: A\n---\n![Sơ đồ](so-do.svg)\n",
    );
    std::fs::remove_file(p.root().join("content/tin-tuc/a/bay.svg")).expect("rm");
    p.build_ok();
    assert!(p.read("tin-tuc/a/so-do.svg").contains("<rect"));
    assert!(
        p.read("tin-tuc/a/index.html")
            .contains("<img src=\"so-do.svg\" alt=\"Sơ đồ\"")
    );
}

#[test]
fn an_obfuscated_svg_is_refused_with_every_problem_and_an_inkscape_one_is_published() {
    let p = portal_with("");
    p.section("tin-tuc", "Tin tức", "articles");
    p.file(
        "content/tin-tuc/a/index.md",
        "---\ntitle: A\n---\n![Sơ đồ](so-do.svg)\n\n![Bẫy](bay.svg)\n",
    );
    // The walk-around of the old block-list: a script link as the second
    // value, with an entity and a tab inside the word; and a handler.
    p.file(
        "content/tin-tuc/a/bay.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<a><animate attributeName=\"href\" values=\"#;&#106;ava&#x09;script:alert(1)\"/>\n<text onclick=\"alert(2)\">x</text></a></svg>",
    );
    p.file(
        "content/tin-tuc/a/so-do.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\" xmlns:sodipodi=\"http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd\" xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" viewBox=\"0 0 4 4\" sodipodi:docname=\"so-do.svg\">\n<sodipodi:namedview pagecolor=\"#ffffff\" inkscape:zoom=\"1\"/>\n<metadata><rdf:RDF><dc:title>Sơ đồ</dc:title></rdf:RDF></metadata>\n<g inkscape:label=\"Lớp 1\" inkscape:groupmode=\"layer\"><rect width=\"4\" height=\"4\" style=\"fill:#c8102e\"/></g></svg>",
    );
    let errors = p.build_errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let e = &errors[0];
    for want in [
        "content/tin-tuc/a/bay.svg: error: this SVG is not published:",
        "<animate> element changes `href` (line 2)",
        "`values` attribute (item 2) is a script link (line 2)",
        "event handler `onclick` (line 3)",
        "used by content/tin-tuc/a/index.md",
    ] {
        assert!(e.contains(want), "{want:?} not in {e}");
    }
    p.file(
        "content/tin-tuc/a/index.md",
        "---\ntitle: A\n---\n![Sơ đồ](so-do.svg)\n",
    );
    std::fs::remove_file(p.root().join("content/tin-tuc/a/bay.svg")).expect("rm");
    p.build_ok();
    assert!(p.read("tin-tuc/a/so-do.svg").contains("sodipodi:namedview"));
}

/// The `og:image` URL and its declared size.
fn og_image(html: &str) -> (String, String, String) {
    let meta = |prop: &str| {
        let start = format!("<meta property=\"{prop}\" content=\"");
        html.split(&start)
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap_or_default()
            .to_string()
    };
    (
        meta("og:image"),
        meta("og:image:width"),
        meta("og:image:height"),
    )
}

#[test]
fn every_page_gets_a_1200_by_630_share_image_and_small_ones_are_warned() {
    let p = portal_with("\n[share]\nimage = \"/anh/chia-se.jpg\"\n");
    p.section("chuyen", "Chuyện", "stories");
    p.section("tin-tuc", "Tin tức", "articles");
    story(&p, "lon", "lon.jpg", &photos::phone_photo(1600, 1000, 1));
    story(
        &p,
        "nho",
        "nho.jpg",
        &photos::jpeg(&photos::halves(600, 400)),
    );
    p.page("content/tin-tuc/chu.md", "Chỉ chữ", "Không có ảnh.");
    p.bytes(
        "static/anh/chia-se.jpg",
        &photos::phone_photo(2000, 1200, 1),
    );
    let report = p.build_ok();

    let (url, w, h) = og_image(&p.read("chuyen/lon/index.html"));
    assert_eq!((w.as_str(), h.as_str()), ("1200", "630"));
    let path = url.strip_prefix("https://example.org/").expect("absolute");
    let img = decode(&p, path);
    assert_eq!((img.width(), img.height()), (1200, 630));
    // A centred crop of red|blue halves keeps both colours.
    let rgb = img.to_rgb8();
    assert!(is_red(*rgb.get_pixel(100, 315)) && is_blue(*rgb.get_pixel(1100, 315)));

    let (small, w, h) = og_image(&p.read("chuyen/nho/index.html"));
    assert_eq!((w.as_str(), h.as_str()), ("600", "315"), "{small}");
    let warned: Vec<String> = report.warnings.iter().map(|d| d.to_string()).collect();
    assert!(
        warned
            .iter()
            .any(|w| w.starts_with("content/chuyen/nho/index.md: warning:")
                && w.contains("600×400")
                && w.contains("1200×630")),
        "{warned:#?}"
    );
    assert!(
        !warned.iter().any(|w| w.contains("lon/index.md")),
        "{warned:#?}"
    );

    for page in ["tin-tuc/chu/index.html", "index.html", "chuyen/index.html"] {
        let (url, w, h) = og_image(&p.read(page));
        assert!(
            url.contains("/img/chia-se-") && url.ends_with("-share.jpg"),
            "{page}: {url}"
        );
        assert_eq!((w.as_str(), h.as_str()), ("1200", "630"), "{page}");
    }
    assert!(
        !p.exists("anh/chia-se.jpg"),
        "the original share photo keeps its metadata: not published"
    );
}

#[test]
fn originals_are_published_only_when_asked_and_stray_metadata_is_warned() {
    let photo = photos::phone_photo(400, 300, 1);
    let build = |keep: bool| {
        let p = portal_with(&format!("keep_originals = {keep}\n"));
        p.section("chuyen", "Chuyện", "stories");
        story(&p, "an", "an.jpg", &photo);
        p.bytes("static/tai-lieu/anh-cu.jpg", &photo);
        let report = p.build_ok();
        (p, report)
    };
    let (p, report) = build(false);
    assert!(!p.exists("chuyen/an/an.jpg"));
    let warned: Vec<String> = report.warnings.iter().map(|d| d.to_string()).collect();
    assert!(
        warned
            .iter()
            .any(|w| w.starts_with("static/tai-lieu/anh-cu.jpg: warning:") && w.contains("EXIF")),
        "a JPEG no page uses is copied as it is, and said so: {warned:#?}"
    );
    let (p, _) = build(true);
    assert_eq!(
        std::fs::read(p.out().join("chuyen/an/an.jpg")).expect("original"),
        photo
    );
}

#[test]
fn image_settings_are_checked() {
    let p = Portal::with_config(&format!(
        "{}\n[images]\nwidths = []\nquality = 101\n",
        common::SITE_TOML
    ));
    p.page("content/_index.md", "Trang chủ", "");
    let errors = p.build_errors();
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("site.toml:") && e.contains("widths")),
        "{errors:#?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("quality 101")),
        "{errors:#?}"
    );
}

/// Evaluates a `sizes` attribute for a viewport `vw` CSS pixels wide
/// (1rem = 16px), as far as the forms loa and its theme write.
fn slot_width(sizes: &str, vw: f32) -> f32 {
    let length = |l: &str| {
        let l = l.trim();
        if let Some(inner) = l
            .strip_prefix("calc(100vw - ")
            .and_then(|r| r.strip_suffix("rem)"))
        {
            return vw - inner.parse::<f32>().expect("rem") * 16.0;
        }
        if let Some(n) = l.strip_suffix("rem") {
            return n.parse::<f32>().expect("rem") * 16.0;
        }
        if let Some(n) = l.strip_suffix("vw") {
            return vw * n.parse::<f32>().expect("vw") / 100.0;
        }
        l.trim_end_matches("px").parse().expect("px")
    };
    for entry in sizes.split(", ") {
        match entry.strip_prefix("(min-width: ") {
            Some(rest) => {
                let (min, len) = rest.split_once(") ").expect("condition");
                if vw >= length(min) {
                    return length(len);
                }
            }
            None => return length(entry),
        }
    }
    vw
}

/// The value of attribute `name` in the start tag text `tag`.
fn attr(tag: &str, name: &str) -> Option<String> {
    let tag = tag.split('>').next().unwrap_or_default();
    tag.split(&format!(" {name}=\""))
        .nth(1)
        .and_then(|r| r.split('"').next())
        .map(str::to_string)
}

/// The candidate of `srcset` a browser takes for a slot of `need` device pixels.
fn pick(srcset: &str, need: f32) -> String {
    let mut cands: Vec<(u32, &str)> = srcset
        .split(", ")
        .filter_map(|c| c.rsplit_once(' '))
        .map(|(u, w)| (w.trim_end_matches('w').parse().expect("w"), u))
        .collect();
    cands.sort();
    let best = cands
        .iter()
        .find(|(w, _)| *w as f32 >= need)
        .or(cands.last())
        .expect("candidate");
    best.1.to_string()
}

/// The bytes of the images a phone `vw` CSS pixels wide with `dpr` device
/// pixels per CSS pixel downloads for a page: the WebP `<source>` of each
/// `<picture>` (every current browser reads WebP), the smallest candidate
/// at least as wide as the slot, lazy images included (on a slow
/// connection browsers fetch them well before they scroll into view).
fn phone_image_bytes(out: &Path, html: &str, vw: f32, dpr: f32) -> u64 {
    let mut files = std::collections::BTreeSet::new();
    let mut outside = String::new();
    for (i, part) in html.split("<picture>").enumerate() {
        let (inside, after) = match i {
            0 => ("", part),
            _ => part.split_once("</picture>").unwrap_or((part, "")),
        };
        outside.push_str(after);
        let tags: Vec<&str> = inside.split('<').collect();
        let chosen = tags
            .iter()
            .find(|t| t.starts_with("source "))
            .or_else(|| tags.iter().find(|t| t.starts_with("img ")));
        if let Some(tag) = chosen {
            let (srcset, sizes) = (
                attr(tag, "srcset").expect("srcset"),
                attr(tag, "sizes").expect("sizes"),
            );
            files.insert(pick(&srcset, slot_width(&sizes, vw) * dpr));
        }
    }
    for tag in outside.split("<img ").skip(1) {
        let tag = format!(" {tag}");
        match (attr(&tag, "srcset"), attr(&tag, "sizes"), attr(&tag, "src")) {
            (Some(set), Some(sizes), _) => files.insert(pick(&set, slot_width(&sizes, vw) * dpr)),
            (_, _, Some(src)) if src.starts_with('/') => files.insert(src),
            _ => false,
        };
    }
    files
        .iter()
        .map(|f| std::fs::metadata(out.join(f.trim_start_matches('/'))).map_or(0, |m| m.len()))
        .sum()
}

/// Every page of a portal with photos in each place a page shows one
/// (story photos, an article bundle, Markdown images, the share image),
/// saved as large phone JPEGs with grain, costs a phone under 150 KB.
#[test]
fn pages_with_photos_cost_a_phone_under_150_kb_of_images() {
    let p = fixture::every_kind();
    let report = p.build_ok();
    let out = p.out();
    assert!(
        report.images.sources >= fixture::EVERY_KIND_PHOTOS,
        "{:?}",
        report.images
    );
    let mut worst = (0, String::new());
    let mut pictures = 0;
    for page in common::list_files(&out)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
    {
        let html = std::fs::read_to_string(out.join(&page)).expect("read");
        pictures += html.matches("<picture>").count();
        for dpr in [1.0, 2.0] {
            let bytes = phone_image_bytes(&out, &html, 390.0, dpr);
            assert!(
                bytes < 150 * 1024,
                "{page} at {dpr}x: {} KB of images",
                bytes / 1024
            );
            worst = worst.max((bytes, format!("{page} at {dpr}x")));
        }
    }
    assert!(pictures > 10, "the sample shows its photos ({pictures})");
    println!(
        "heaviest page on a 390 px phone: {} ({} KB)",
        worst.1,
        worst.0 / 1024
    );
    for f in common::list_files(&out)
        .iter()
        .filter(|f| f.starts_with("img/"))
    {
        let bytes = std::fs::read(out.join(f)).expect("read");
        assert_eq!(photos::exif_of(&bytes), None, "{f}");
        assert!(!photos::contains(&bytes, photos::OWNER.as_bytes()), "{f}");
    }
    assert!(
        !common::list_files(&out)
            .iter()
            .any(|f| f.starts_with("anh/")),
        "originals stay out"
    );
}
