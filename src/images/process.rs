//! One source image to its published files: plan the outputs from the
//! upright size, take what the cache already has, and decode, resize and
//! encode only what is missing.

use std::path::{Path, PathBuf};

use super::budget::Budget;
use super::cache::{self, Cache, Meta};
use super::decode::{self, Decoded, Pixels, swaps_sides};
use super::encode::{self, Format};
use super::{Processed, Variant};
use crate::artifact::Body;
use crate::config::ImagesConfig;
use image::metadata::Orientation;

/// The Open Graph size Facebook and Zalo show best.
pub const SHARE_SIZE: (u32, u32) = (1200, 630);

/// WebP's largest side.
const WEBP_MAX_SIDE: u32 = 16383;

/// What to make of one source.
#[derive(Debug, Clone)]
pub(crate) struct Job {
    /// Readable part of the output names (folded file stem).
    pub stem: String,
    /// Make the responsive widths.
    pub variants: bool,
    /// Make a share image.
    pub share: bool,
}

/// What a job made, and how.
#[derive(Debug)]
pub(crate) struct Done {
    /// The outputs.
    pub processed: Processed,
    /// Files encoded in this build.
    pub encoded: usize,
    /// Files taken from the cache.
    pub reused: usize,
    /// Why the cache could not be written, if it could not.
    pub cache_error: Option<String>,
}

/// One output size, in one or more formats.
struct Size {
    name: String,
    width: u32,
    height: u32,
    crop: bool,
    formats: Vec<Format>,
}

/// Processes the image at `src` (IO errors and bad images come back as a
/// sentence to put after the file's name).
pub(crate) fn run(
    src: &Path,
    job: &Job,
    settings: &ImagesConfig,
    cache: &Cache,
    budget: &Budget,
) -> Result<Done, String> {
    let stat = std::fs::metadata(src)
        .ok()
        .and_then(|m| cache::stat_key(src, &m, settings));
    let seen = stat.as_deref().and_then(|s| cache.remembered(s));
    if let Some(done) = seen.and_then(|key| cached(job, settings, cache, &key)) {
        return Ok(done);
    }
    let bytes = std::fs::read(src).map_err(|e| format!("it cannot be read ({e})"))?;
    let key = cache::key(&bytes, settings);
    if let Some(s) = &stat {
        cache.remember(s, &key);
    }
    if let Some(done) = cached(job, settings, cache, &key) {
        return Ok(done);
    }
    let decoded = decode::decode(&bytes, settings.max_pixels, budget)?;
    drop(bytes);
    let meta = meta_of(&decoded);
    let sizes = plan(&meta, job, settings);
    let mut done = Done {
        processed: Processed::default(),
        encoded: 0,
        reused: 0,
        cache_error: None,
    };
    let made = resize_missing(&sizes, &decoded, cache, &key)?;
    let mut bodies = Vec::new();
    for (s, image) in sizes.iter().zip(&made) {
        encode_missing(
            s,
            image.as_ref(),
            settings,
            cache,
            &key,
            &mut done,
            &mut bodies,
        )?;
    }
    if let Some(err) = cache.put_meta(&key, &meta) {
        done.cache_error.get_or_insert(err);
    }
    done.processed = assemble(&meta, &sizes, job, &key, &mut bodies.into_iter());
    Ok(done)
}

/// Everything from the cache, when it has every file the plan needs.
fn cached(job: &Job, settings: &ImagesConfig, cache: &Cache, key: &str) -> Option<Done> {
    let meta = cache.meta(key)?;
    let sizes = plan(&meta, job, settings);
    let paths: Vec<PathBuf> = sizes
        .iter()
        .flat_map(|s| s.formats.iter().map(move |f| file_name(s, *f)))
        .map(|name| cache.get(key, &name))
        .collect::<Option<_>>()?;
    let reused = paths.len();
    let mut bodies = paths.into_iter().map(Body::Copy);
    Some(Done {
        processed: assemble(&meta, &sizes, job, key, &mut bodies),
        encoded: 0,
        reused,
        cache_error: None,
    })
}

/// The upright pixels of every size with a format missing from the cache,
/// in plan order. The widest are made from the source; each narrower one
/// from the smallest already made that covers it, which gives the same
/// picture for a fraction of the work.
fn resize_missing(
    sizes: &[Size],
    decoded: &Decoded<'_>,
    cache: &Cache,
    key: &str,
) -> Result<Vec<Option<Pixels>>, String> {
    let mut order: Vec<usize> = (0..sizes.len()).collect();
    order.sort_by_key(|i| (sizes[*i].crop, std::cmp::Reverse(sizes[*i].width)));
    let mut made: Vec<Option<Pixels>> = sizes.iter().map(|_| None).collect();
    for i in order {
        let s = &sizes[i];
        if s.formats
            .iter()
            .all(|f| cache.get(key, &file_name(s, *f)).is_some())
        {
            continue;
        }
        // Crops are not whole pictures: only full versions can be a base.
        let base = made
            .iter()
            .zip(sizes)
            .filter_map(|(m, z)| m.as_ref().filter(|_| !z.crop))
            .filter(|p| p.dimensions().0 >= s.width && p.dimensions().1 >= s.height)
            .min_by_key(|p| p.dimensions().0);
        made[i] = Some(match base {
            Some(p) => encode::resize(p, Orientation::NoTransforms, s.width, s.height, s.crop)?,
            None => encode::resize(
                &decoded.pixels,
                decoded.orientation,
                s.width,
                s.height,
                s.crop,
            )?,
        });
    }
    Ok(made)
}

/// One size in each of its formats: taken from the cache, or encoded from
/// `image` (made by [`resize_missing`] when a format was missing).
fn encode_missing(
    s: &Size,
    image: Option<&Pixels>,
    settings: &ImagesConfig,
    cache: &Cache,
    key: &str,
    done: &mut Done,
    bodies: &mut Vec<Body>,
) -> Result<(), String> {
    for f in &s.formats {
        let name = file_name(s, *f);
        if let Some(path) = cache.get(key, &name) {
            done.reused += 1;
            bodies.push(Body::Copy(path));
            continue;
        }
        let img = image.ok_or("it was removed from the cache while being processed")?;
        let (body, err) = cache.put(key, &name, encode::encode(img, *f, settings.quality)?);
        done.encoded += 1;
        if done.cache_error.is_none() {
            done.cache_error = err;
        }
        bodies.push(body);
    }
    Ok(())
}

fn meta_of(d: &Decoded<'_>) -> Meta {
    let (w, h) = d.pixels.dimensions();
    let (width, height) = if swaps_sides(d.orientation) {
        (h, w)
    } else {
        (w, h)
    };
    Meta {
        width,
        height,
        alpha: matches!(d.pixels, decode::Pixels::Rgba(_)),
    }
}

fn file_name(s: &Size, f: Format) -> String {
    format!("{}.{}", s.name, f.extension())
}

/// `value * num / den`, rounded, at least 1.
fn scale(value: u32, num: u32, den: u32) -> u32 {
    let den = u64::from(den.max(1));
    let v = (u64::from(value) * u64::from(num) + den / 2) / den;
    u32::try_from(v).unwrap_or(u32::MAX).max(1)
}

/// The share image's size: 1200×630, or the largest crop of that shape the
/// source has when it is smaller (never upscaled).
pub(crate) fn share_size(width: u32, height: u32) -> (u32, u32) {
    let (sw, sh) = SHARE_SIZE;
    if width >= sw && height >= sh {
        return (sw, sh);
    }
    if u64::from(width) * u64::from(sh) > u64::from(height) * u64::from(sw) {
        (scale(height, sw, sh).min(width), height)
    } else {
        (width, scale(width, sh, sw).min(height))
    }
}

fn plan(meta: &Meta, job: &Job, settings: &ImagesConfig) -> Vec<Size> {
    let mut out = Vec::new();
    if job.variants {
        let widths = settings.widths_for(meta.width);
        let heights: Vec<u32> = widths
            .iter()
            .map(|w| scale(meta.height, *w, meta.width))
            .collect();
        let fallback = if meta.alpha {
            Format::Png
        } else {
            Format::Jpeg
        };
        let webp = settings.webp && heights.iter().all(|h| *h <= WEBP_MAX_SIDE);
        for (w, h) in widths.into_iter().zip(heights) {
            let mut formats = vec![fallback];
            if webp {
                formats.push(Format::Webp);
            }
            out.push(Size {
                name: w.to_string(),
                width: w,
                height: h,
                crop: false,
                formats,
            });
        }
    }
    if job.share {
        let (width, height) = share_size(meta.width, meta.height);
        out.push(Size {
            name: "share".into(),
            width,
            height,
            crop: true,
            formats: vec![Format::Jpeg],
        });
    }
    out
}

/// Names the outputs (`img/<stem>-<key>-<size>.<ext>`) in plan order.
fn assemble(
    meta: &Meta,
    sizes: &[Size],
    job: &Job,
    key: &str,
    bodies: &mut dyn Iterator<Item = Body>,
) -> Processed {
    let mut p = Processed {
        width: meta.width,
        height: meta.height,
        ..Processed::default()
    };
    for s in sizes {
        for f in &s.formats {
            let v = Variant {
                path: format!(
                    "img/{}-{}-{}.{}",
                    job.stem,
                    &key[..10],
                    s.name,
                    f.extension()
                ),
                width: s.width,
                height: s.height,
                format: *f,
                body: bodies.next().unwrap_or(Body::Bytes(Vec::new())),
            };
            if s.crop {
                p.share = Some(v);
            } else {
                p.variants.push(v);
            }
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_size_crops_without_upscaling() {
        assert_eq!(share_size(4000, 3000), (1200, 630));
        assert_eq!(share_size(1200, 630), (1200, 630));
        assert_eq!(share_size(800, 600), (800, 420));
        assert_eq!(share_size(3000, 500), (952, 500));
        assert_eq!(share_size(1, 1), (1, 1));
    }

    #[test]
    fn plan_uses_png_for_transparency_and_skips_webp_when_too_tall() {
        let job = Job {
            stem: "a".into(),
            variants: true,
            share: false,
        };
        let s = ImagesConfig::default();
        let tall = plan(
            &Meta {
                width: 1000,
                height: 40000,
                alpha: true,
            },
            &job,
            &s,
        );
        assert!(tall.iter().all(|z| z.formats == [Format::Png]));
        let photo = plan(
            &Meta {
                width: 4000,
                height: 3000,
                alpha: false,
            },
            &job,
            &s,
        );
        let dims: Vec<(u32, u32)> = photo.iter().map(|z| (z.width, z.height)).collect();
        assert_eq!(dims, [(480, 360), (960, 720), (1600, 1200)]);
        assert!(
            photo
                .iter()
                .all(|z| z.formats == [Format::Jpeg, Format::Webp])
        );
    }
}
