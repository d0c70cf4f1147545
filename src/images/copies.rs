//! The files copied as they are (`static/`, bundle files, content files),
//! checked for what images bring: processed originals stay out unless
//! `[images] keep_originals`, SVG files with scripts are refused, and JPEGs
//! still carrying EXIF or XMP metadata get a warning.

use std::io::Read;
use std::path::Path;

use super::{ImageSet, is_svg};
use crate::artifact::{Body, OutputFile};
use crate::config::Config;
use crate::error::Diagnostic;

/// Checks `files` (see the module docs); returns those to publish.
pub fn filter_copies(
    files: Vec<OutputFile>,
    set: &ImageSet,
    config: &Config,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut out = Vec::with_capacity(files.len());
    for f in files {
        let Body::Copy(src) = &f.body else {
            out.push(f);
            continue;
        };
        let real = src.canonicalize().unwrap_or_else(|_| src.clone());
        let rel = src.strip_prefix(&config.root).unwrap_or(src).to_path_buf();
        let processed = set.processed.contains_key(&real);
        if processed && !config.images.keep_originals {
            continue;
        }
        if is_svg(src) {
            let text = std::fs::read(src).map(|b| String::from_utf8_lossy(&b).into_owned());
            let problems = match text {
                Ok(t) => super::svg::problems(&t),
                Err(e) => vec![format!("it cannot be read ({e})")],
            };
            if !problems.is_empty() {
                let why = super::svg::summary(&problems);
                let users = set.users.get(&real).map_or_else(String::new, |docs| {
                    let names: Vec<String> = docs.iter().map(|d| d.display().to_string()).collect();
                    format!(" (used by {})", names.join(", "))
                });
                diags.push(Diagnostic::error(
                    &rel,
                    format!("this SVG is not published: {why}{users}; remove that part in an editor, or export the drawing as PNG"),
                ));
                continue;
            }
        } else if !processed && jpeg_has_metadata(src) {
            diags.push(Diagnostic::warning(
                &rel,
                "this JPEG is published as it is, with its EXIF/XMP metadata (which may hold where and with which camera it was taken); use it as an image in a page so loa publishes a clean copy, or remove the metadata",
            ));
        }
        out.push(f);
    }
    (out, diags)
}

/// True when a JPEG file has an EXIF, XMP or IPTC segment.
fn jpeg_has_metadata(path: &Path) -> bool {
    let is_jpeg = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("jpg") || e.eq_ignore_ascii_case("jpeg"));
    if !is_jpeg {
        return false;
    }
    // Metadata segments come before the image data, near the start.
    let mut head = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(512 * 1024).read_to_end(&mut head));
    read.is_ok() && segments_have_metadata(&head)
}

/// Walks JPEG marker segments up to the start of scan.
pub(crate) fn segments_have_metadata(bytes: &[u8]) -> bool {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return false;
    }
    let mut at = 2;
    while at + 4 <= bytes.len() && bytes[at] == 0xFF {
        let marker = bytes[at + 1];
        if marker == 0xDA || marker == 0xD9 {
            return false;
        }
        let len = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        let body = &bytes[(at + 4).min(bytes.len())..(at + 2 + len).min(bytes.len())];
        let tagged = |tag: &[u8]| body.starts_with(tag);
        if (marker == 0xE1 && (tagged(b"Exif\0") || tagged(b"http://ns.adobe.com/xap/")))
            || (marker == 0xED && tagged(b"Photoshop 3.0"))
        {
            return true;
        }
        at += 2 + len;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_exif_before_the_scan_only() {
        let exif = [
            0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x08, b'E', b'x', b'i', b'f', 0, 0, 0xFF, 0xDA,
        ];
        assert!(segments_have_metadata(&exif));
        let jfif = [
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x07, b'J', b'F', b'I', b'F', 0, 0xFF, 0xDA, b'E', b'x',
            b'i', b'f',
        ];
        assert!(!segments_have_metadata(&jfif));
        assert!(!segments_have_metadata(b"not a jpeg"));
        assert!(!segments_have_metadata(&[
            0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF
        ]));
    }
}
