//! Test photos made on the spot: a picture whose halves differ in colour
//! (so turning can be checked), and the EXIF block a phone writes:
//! orientation, GPS position and the owner's name.

#![allow(dead_code)]

use std::io::Cursor;

/// The owner name written into test photos; it must never be published.
pub const OWNER: &str = "Chu may anh Nguyen Van Bi mat";

/// 10°27'45.12" N, 105°38'1.5" E: the GPS position written into test photos.
const LAT: [(u32, u32); 3] = [(10, 1), (27, 1), (4512, 100)];
const LON: [(u32, u32); 3] = [(105, 1), (38, 1), (150, 100)];

/// A `w`×`h` image stored with its left half red and its right half blue,
/// with some texture so it compresses like a photo.
pub fn halves(w: u32, h: u32) -> image::RgbImage {
    image::RgbImage::from_fn(w, h, |x, y| {
        let grain = ((x * 7 + y * 13) % 23) as u8;
        if x < w / 2 {
            image::Rgb([230 - grain, 20 + grain, 20])
        } else {
            image::Rgb([20, 20 + grain, 230 - grain])
        }
    })
}

/// A `w`×`h` picture with gradients, shapes and per-pixel grain from `seed`:
/// it compresses about like a photo, unlike flat colours, so size budgets
/// measured on it mean something.
pub fn grainy(w: u32, h: u32, seed: u32) -> image::RgbImage {
    image::RgbImage::from_fn(w, h, |x, y| {
        let mut n = x
            .wrapping_mul(374_761_393)
            .wrapping_add(y.wrapping_mul(668_265_263))
            .wrapping_add(seed.wrapping_mul(2_246_822_519));
        n = (n ^ (n >> 13)).wrapping_mul(1_274_126_177);
        let grain = ((n >> 24) % 25) as i32 - 12;
        let (fx, fy) = (x as f32 / w as f32, y as f32 / h as f32);
        let band = ((fx * 9.0 + fy * 5.0 + seed as f32).sin() * 40.0) as i32;
        let base = if fy < 0.45 {
            [120 + band / 2, 170 + band / 3, 220]
        } else {
            [60 + band, 130 + band / 2, 50]
        };
        let c = |v: i32| (v + grain).clamp(0, 255) as u8;
        image::Rgb([c(base[0]), c(base[1]), c(base[2])])
    })
}

/// Encodes as JPEG with no metadata.
pub fn jpeg(img: &image::RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Jpeg)
        .expect("encode jpeg");
    out
}

/// Encodes as PNG.
pub fn png(img: &image::RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("encode png");
    out
}

/// A JPEG of `halves(w, h)` carrying phone EXIF with this orientation tag.
pub fn phone_photo(w: u32, h: u32, orientation: u16) -> Vec<u8> {
    with_exif(&jpeg(&halves(w, h)), orientation)
}

/// Splices an EXIF APP1 segment (orientation, owner, GPS) after the JPEG's
/// start marker, as a phone camera writes it.
pub fn with_exif(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    assert_eq!(&jpeg[..2], b"\xFF\xD8", "not a JPEG");
    let tiff = tiff(orientation);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(b"\xFF\xE1");
    out.extend_from_slice(
        &u16::try_from(2 + 6 + tiff.len())
            .expect("small")
            .to_be_bytes(),
    );
    out.extend_from_slice(b"Exif\0\0");
    out.extend_from_slice(&tiff);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// One 12-byte IFD entry, big-endian.
fn entry(out: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]) {
    out.extend_from_slice(&tag.to_be_bytes());
    out.extend_from_slice(&kind.to_be_bytes());
    out.extend_from_slice(&count.to_be_bytes());
    out.extend_from_slice(&value);
}

fn rationals(out: &mut Vec<u8>, values: &[(u32, u32)]) {
    for (n, d) in values {
        out.extend_from_slice(&n.to_be_bytes());
        out.extend_from_slice(&d.to_be_bytes());
    }
}

/// A big-endian TIFF block: IFD0 (Orientation, Artist, GPS pointer), the
/// artist text, then the GPS IFD and its rationals.
fn tiff(orientation: u16) -> Vec<u8> {
    const ASCII: u16 = 2;
    const SHORT: u16 = 3;
    const LONG: u16 = 4;
    const RATIONAL: u16 = 5;
    let mut artist = OWNER.as_bytes().to_vec();
    artist.push(0);
    if artist.len() % 2 == 1 {
        artist.push(0);
    }
    let ifd0_end = 8 + 2 + 3 * 12 + 4;
    let gps_at = (ifd0_end + artist.len()) as u32;
    let gps_end = gps_at + 2 + 4 * 12 + 4;
    let mut t = b"MM\0\x2A\0\0\0\x08".to_vec();
    t.extend_from_slice(&3u16.to_be_bytes());
    let o = orientation.to_be_bytes();
    entry(&mut t, 0x0112, SHORT, 1, [o[0], o[1], 0, 0]);
    entry(
        &mut t,
        0x013B,
        ASCII,
        artist.len() as u32,
        (ifd0_end as u32).to_be_bytes(),
    );
    entry(&mut t, 0x8825, LONG, 1, gps_at.to_be_bytes());
    t.extend_from_slice(&0u32.to_be_bytes());
    t.extend_from_slice(&artist);
    t.extend_from_slice(&4u16.to_be_bytes());
    entry(&mut t, 1, ASCII, 2, *b"N\0\0\0");
    entry(&mut t, 2, RATIONAL, 3, gps_end.to_be_bytes());
    entry(&mut t, 3, ASCII, 2, *b"E\0\0\0");
    entry(&mut t, 4, RATIONAL, 3, (gps_end + 24).to_be_bytes());
    t.extend_from_slice(&0u32.to_be_bytes());
    rationals(&mut t, &LAT);
    rationals(&mut t, &LON);
    t
}

/// The EXIF block a decoder finds in `bytes` (JPEG, PNG or WebP), if any.
pub fn exif_of(bytes: &[u8]) -> Option<Vec<u8>> {
    use image::ImageDecoder;
    let reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .ok()?;
    let mut decoder = reader.into_decoder().ok()?;
    decoder.exif_metadata().ok().flatten()
}

/// True when `bytes` contain `needle` anywhere.
pub fn contains(bytes: &[u8], needle: &[u8]) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle)
}
