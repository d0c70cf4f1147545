//! Fixture portals shared by several areas, for tests whose assertion is
//! about a whole site ("every reference resolves", "no English page shows
//! Vietnamese", "two builds are byte-identical"). Such a test needs one
//! of everything, not the sample portal's real content, which changes.

use super::Portal;
use super::photos;

/// `tests/fixtures/whole-site/every-kind/`: every kind of section in both
/// languages, taxonomies, the register, the editor, search synonyms,
/// minified output; plus six photos saved the way a phone saves them
/// (EXIF with an owner and GPS, one stored sideways), written here rather
/// than kept as binary files in the fixture.
pub fn every_kind() -> Portal {
    let p = Portal::from_fixture("whole-site/every-kind");
    for (rel, w, h, orientation) in [
        ("static/anh/chi-ha.jpg", 2400, 1600, 1),
        ("static/anh/anh-tho.jpg", 1600, 2400, 6),
        ("static/anh/lop-hoc.jpg", 2000, 1500, 1),
        ("static/images/chia-se.jpg", 1800, 1200, 1),
        ("content/tin-tuc/ho-tro-vay-von/anh.jpg", 2400, 1600, 1),
        ("content/tin-tuc/ho-tro-vay-von/ho-so.jpg", 1200, 1600, 1),
    ] {
        let img = photos::grainy(w, h, rel.len() as u32);
        p.bytes(rel, &photos::with_exif(&photos::jpeg(&img), orientation));
    }
    p
}

/// The number of photos [`every_kind`] writes.
pub const EVERY_KIND_PHOTOS: usize = 6;
