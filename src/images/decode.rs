//! Bytes to pixels, refusing what would hurt the build: formats we cannot
//! read (named, with what to do), images over the pixel limit (checked from
//! the header, before any pixel is decoded), and damaged files.

use std::io::Cursor;

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, RgbImage, RgbaImage};

use super::budget::{Budget, Permit};

/// Decoded pixels in the file's own orientation, 8 bits a channel.
pub(crate) enum Pixels {
    /// Opaque.
    Rgb(RgbImage),
    /// With transparency that is actually used.
    Rgba(RgbaImage),
}

impl Pixels {
    /// Width and height as stored (before orientation).
    pub(crate) fn dimensions(&self) -> (u32, u32) {
        match self {
            Pixels::Rgb(i) => i.dimensions(),
            Pixels::Rgba(i) => i.dimensions(),
        }
    }
}

/// A decoded image and how to turn it upright.
pub(crate) struct Decoded<'b> {
    /// The pixels.
    pub pixels: Pixels,
    /// The EXIF orientation (applied after resizing, where it is cheap).
    pub orientation: Orientation,
    /// Holds this image's share of the decode budget.
    pub _permit: Permit<'b>,
}

/// True when the orientation turns the image a quarter: width and height swap.
pub(crate) fn swaps_sides(o: Orientation) -> bool {
    matches!(
        o,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// Says what a file is when it is not one of the formats we read.
fn unsupported(bytes: &[u8]) -> String {
    let brand = bytes.get(4..12).unwrap_or_default();
    let heif = [
        b"ftypheic",
        b"ftypheix",
        b"ftypmif1",
        b"ftyphevc",
        b"ftypmsf1",
    ];
    if heif.iter().any(|b| brand == &b[..]) {
        return "it is a HEIC/HEIF photo, which browsers cannot show; export it as JPEG (on an iPhone: Settings → Camera → Formats → Most Compatible)".into();
    }
    match image::guess_format(bytes) {
        Ok(ImageFormat::Gif) => {
            "GIF is not supported: save it as PNG (drawings, screenshots) or JPEG (photos)".into()
        }
        Ok(f) => format!(
            "{} is not supported: save it as JPEG (photos) or PNG (drawings, screenshots)",
            f.extensions_str().first().unwrap_or(&"this format").to_uppercase()
        ),
        Err(_) => "it is not an image loa can read (JPEG, PNG or WebP); the file may be damaged, or be another kind of file with an image's name".into(),
    }
}

/// Decodes `bytes`, waiting for its pixels in `budget`.
pub(crate) fn decode<'b>(
    bytes: &[u8],
    max_pixels: u64,
    budget: &'b Budget,
) -> Result<Decoded<'b>, String> {
    let format = match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => f,
        _ => return Err(unsupported(bytes)),
    };
    if format == ImageFormat::Jpeg && !jpeg_is_complete(bytes) {
        return Err("the file is cut short (its image data has no end): copy it again from the camera or phone".into());
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    // A backstop for decoders that would allocate more than the header says.
    limits.max_alloc = Some(max_pixels.saturating_mul(8));
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| damaged(&e))?;
    let (w, h) = decoder.dimensions();
    let pixels = u64::from(w) * u64::from(h);
    if pixels > max_pixels {
        return Err(format!(
            "it is {w}×{h} pixels ({:.0} megapixels), over the limit of {:.0} megapixels ([images] max_pixels in site.toml); make it smaller before adding it",
            pixels as f64 / 1e6,
            max_pixels as f64 / 1e6
        ));
    }
    // A missing or unreadable orientation tag means "as stored".
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let permit = budget.acquire(pixels);
    let image = DynamicImage::from_decoder(decoder).map_err(|e| damaged(&e))?;
    Ok(Decoded {
        pixels: to_8bit(image),
        orientation,
        _permit: permit,
    })
}

/// True when a JPEG's image data ends with the end-of-image marker. The
/// decoder fills a cut-short file with grey instead of failing. Inside the
/// compressed data an 0xFF byte is always followed by 0x00 or a restart
/// marker, so an FF D9 after the first start-of-scan is the real end (an
/// EXIF thumbnail's own end marker comes before it, in the header).
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let mut at = 2;
    while at + 4 <= bytes.len() && bytes[at] == 0xFF {
        if bytes[at + 1] == 0xDA {
            return bytes[at..].windows(2).any(|w| w == [0xFF, 0xD9]);
        }
        at += 2 + usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
    }
    false
}

fn damaged(e: &image::ImageError) -> String {
    match e {
        image::ImageError::Limits(_) => {
            format!("it needs more memory than its size allows ({e}); re-export it")
        }
        _ => {
            format!("it cannot be decoded ({e}): the file is damaged or cut short; export it again")
        }
    }
}

/// 8-bit RGB, or RGBA when some pixel is not fully opaque.
fn to_8bit(image: DynamicImage) -> Pixels {
    if !image.color().has_alpha() {
        return Pixels::Rgb(image.into_rgb8());
    }
    let rgba = image.into_rgba8();
    if rgba.pixels().all(|p| p.0[3] == u8::MAX) {
        Pixels::Rgb(DynamicImage::ImageRgba8(rgba).into_rgb8())
    } else {
        Pixels::Rgba(rgba)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let mut out = Vec::new();
        let img = DynamicImage::ImageRgb8(RgbImage::new(w, h));
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn over_the_pixel_limit_is_refused_before_decoding() {
        let budget = Budget::new(10_000_000);
        let err = decode(&png(2000, 1000), 1_000_000, &budget).err().unwrap();
        assert!(
            err.contains("2000×1000") && err.contains("max_pixels"),
            "{err}"
        );
        assert!(decode(&png(1000, 1000), 1_000_000, &budget).is_ok());
    }

    #[test]
    fn unsupported_and_damaged_files_say_what_they_are() {
        let budget = Budget::new(1_000_000);
        let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec();
        assert!(
            decode(&heic, 1_000_000, &budget)
                .err()
                .unwrap()
                .contains("HEIC")
        );
        let gif = b"GIF89a\x01\0\x01\0\0\0\0;".to_vec();
        assert!(
            decode(&gif, 1_000_000, &budget)
                .err()
                .unwrap()
                .contains("GIF")
        );
        let text = b"hello".to_vec();
        assert!(
            decode(&text, 1_000_000, &budget)
                .err()
                .unwrap()
                .contains("not an image")
        );
        let mut cut = png(64, 64);
        cut.truncate(cut.len() / 2);
        assert!(
            decode(&cut, 1_000_000, &budget)
                .err()
                .unwrap()
                .contains("damaged")
        );
        let mut jpeg = Vec::new();
        let img = DynamicImage::ImageRgb8(RgbImage::from_fn(64, 64, |x, y| {
            image::Rgb([x as u8 * 4, y as u8 * 4, 9])
        }));
        img.write_to(&mut Cursor::new(&mut jpeg), ImageFormat::Jpeg)
            .unwrap();
        assert!(decode(&jpeg, 1_000_000, &budget).is_ok());
        jpeg.truncate(jpeg.len() - 40);
        assert!(
            decode(&jpeg, 1_000_000, &budget)
                .err()
                .unwrap()
                .contains("cut short")
        );
    }
}
