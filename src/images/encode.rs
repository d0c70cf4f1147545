//! Pixels to published files: resize (fast_image_resize, Lanczos3), turn
//! upright, and encode as JPEG (or PNG when transparent) and WebP.
//!
//! The encoders are given pixels only, so nothing of the original file's
//! metadata (EXIF, GPS, XMP, IPTC, maker notes) can reach the output.

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{PixelType, ResizeOptions, Resizer};
use image::metadata::Orientation;
use image::{DynamicImage, RgbImage, RgbaImage};

use super::decode::{Pixels, swaps_sides};

/// A published file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Format {
    /// Photos (opaque images).
    Jpeg,
    /// Images with transparency.
    Png,
    /// The smaller alternative every current browser reads.
    Webp,
}

impl Format {
    /// File name extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Webp => "webp",
        }
    }

    /// MIME type.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Webp => "image/webp",
        }
    }
}

/// Scales (and, with `crop`, centre-crops) `src` so that once turned by
/// `orientation` it is `width`×`height`, and turns it.
pub(crate) fn resize(
    src: &Pixels,
    orientation: Orientation,
    width: u32,
    height: u32,
    crop: bool,
) -> Result<Pixels, String> {
    // Resizing before turning is cheaper; a centred crop does not care which
    // way up the picture is, so only the sides swap.
    let (w, h) = if swaps_sides(orientation) {
        (height, width)
    } else {
        (width, height)
    };
    let (sw, sh) = src.dimensions();
    let (bytes, kind): (&[u8], PixelType) = match src {
        Pixels::Rgb(i) => (i.as_raw(), PixelType::U8x3),
        Pixels::Rgba(i) => (i.as_raw(), PixelType::U8x4),
    };
    let fail = |e: &dyn std::fmt::Display| format!("it could not be resized ({e})");
    let view = ImageRef::new(sw, sh, bytes, kind).map_err(|e| fail(&e))?;
    let mut dst = Image::new(w, h, kind);
    let mut options = ResizeOptions::new();
    if crop {
        options = options.fit_into_destination(Some((0.5, 0.5)));
    }
    Resizer::new()
        .resize(&view, &mut dst, &options)
        .map_err(|e| fail(&e))?;
    let buffer = dst.into_vec();
    let mut out = match src {
        Pixels::Rgb(_) => RgbImage::from_raw(w, h, buffer).map(DynamicImage::ImageRgb8),
        Pixels::Rgba(_) => RgbaImage::from_raw(w, h, buffer).map(DynamicImage::ImageRgba8),
    }
    .ok_or_else(|| fail(&"buffer size mismatch"))?;
    out.apply_orientation(orientation);
    Ok(match out {
        DynamicImage::ImageRgba8(i) => Pixels::Rgba(i),
        other => Pixels::Rgb(other.into_rgb8()),
    })
}

/// Encodes `image` as `format` at `quality` (1–100).
pub(crate) fn encode(image: &Pixels, format: Format, quality: u8) -> Result<Vec<u8>, String> {
    match (format, image) {
        (Format::Jpeg, Pixels::Rgb(i)) => jpeg(i, quality),
        (Format::Jpeg, Pixels::Rgba(i)) => jpeg(&opaque(i), quality),
        (Format::Png, _) => png(image),
        (Format::Webp, Pixels::Rgb(i)) => {
            super::webp::encode(i.as_raw(), i.width(), i.height(), false, quality)
        }
        (Format::Webp, Pixels::Rgba(i)) => {
            super::webp::encode(i.as_raw(), i.width(), i.height(), true, quality)
        }
    }
}

/// RGB, with any transparency laid over white (JPEG has no alpha).
fn opaque(i: &RgbaImage) -> RgbImage {
    RgbImage::from_fn(i.width(), i.height(), |x, y| {
        let [r, g, b, a] = i.get_pixel(x, y).0;
        let over = |c: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8;
        image::Rgb([over(r), over(g), over(b)])
    })
}

fn jpeg(image: &RgbImage, quality: u8) -> Result<Vec<u8>, String> {
    let too_big = || format!("{}×{} is too large for JPEG", image.width(), image.height());
    let w = u16::try_from(image.width()).map_err(|_| too_big())?;
    let h = u16::try_from(image.height()).map_err(|_| too_big())?;
    let mut out = Vec::new();
    let mut enc = jpeg_encoder::Encoder::new(&mut out, quality);
    // Progressive JPEGs with optimized tables are smaller and show a blurry
    // whole picture early on a slow connection.
    enc.set_progressive(true);
    enc.set_optimized_huffman_tables(true);
    enc.encode(image.as_raw(), w, h, jpeg_encoder::ColorType::Rgb)
        .map_err(|e| format!("JPEG encoding failed ({e})"))?;
    Ok(out)
}

fn png(image: &Pixels) -> Result<Vec<u8>, String> {
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    use image::{ExtendedColorType, ImageEncoder};
    let (w, h) = image.dimensions();
    let (bytes, color) = match image {
        Pixels::Rgb(i) => (i.as_raw(), ExtendedColorType::Rgb8),
        Pixels::Rgba(i) => (i.as_raw(), ExtendedColorType::Rgba8),
    };
    let mut out = Vec::new();
    PngEncoder::new_with_quality(&mut out, CompressionType::Best, FilterType::Adaptive)
        .write_image(bytes, w, h, color)
        .map_err(|e| format!("PNG encoding failed ({e})"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 40×20 image, left half red, right half blue.
    fn halves() -> Pixels {
        Pixels::Rgb(RgbImage::from_fn(40, 20, |x, _| {
            if x < 20 {
                image::Rgb([255, 0, 0])
            } else {
                image::Rgb([0, 0, 255])
            }
        }))
    }

    #[test]
    fn resize_then_turn_upright() {
        // Rotate90: the stored left (red) half ends up on top.
        let Pixels::Rgb(rgb) = resize(&halves(), Orientation::Rotate90, 10, 20, false).unwrap()
        else {
            panic!("opaque in, opaque out")
        };
        assert_eq!(rgb.dimensions(), (10, 20));
        assert!(rgb.get_pixel(5, 2).0[0] > 200, "top is red");
        assert!(rgb.get_pixel(5, 17).0[2] > 200, "bottom is blue");
    }

    #[test]
    fn crop_keeps_the_centre() {
        let Pixels::Rgb(rgb) = resize(&halves(), Orientation::NoTransforms, 20, 20, true).unwrap()
        else {
            panic!("opaque in, opaque out")
        };
        assert!(rgb.get_pixel(2, 10).0[0] > 200 && rgb.get_pixel(17, 10).0[2] > 200);
    }

    #[test]
    fn encoders_make_files_their_decoders_read() {
        let img = resize(&halves(), Orientation::NoTransforms, 40, 20, false).unwrap();
        for f in [Format::Jpeg, Format::Png, Format::Webp] {
            let bytes = encode(&img, f, 75).unwrap();
            let back = image::load_from_memory(&bytes).unwrap();
            assert_eq!((back.width(), back.height()), (40, 20), "{f:?}");
        }
    }
}
