//! Paints the sample portal's photos: Mekong-delta scenes drawn from noise
//! and simple shapes (nothing downloaded, no real person), saved the way a
//! phone saves them: large JPEGs at quality 92 with EXIF holding a GPS
//! position and an owner name, one of them stored sideways with an
//! orientation tag. loa must publish them upright and without that data.
//!
//! Run from the repository root: `cargo run --release --example sample_photos`
//! (it rewrites `static/anh/` and `static/images/chia-se.jpg`).

#[path = "../tests/it/common/photos.rs"]
mod photos;

use image::{Rgb, RgbImage};

type Color = [f32; 3];

/// Deterministic lattice noise in 0..1.
fn hash(x: i32, y: i32, seed: u32) -> f32 {
    let mut h = (x as u32).wrapping_mul(374_761_393)
        ^ (y as u32).wrapping_mul(668_265_263)
        ^ seed.wrapping_mul(2_246_822_519);
    h = (h ^ (h >> 13)).wrapping_mul(1_274_126_177);
    ((h ^ (h >> 16)) & 0xFFFF) as f32 / 65535.0
}

fn smooth_noise(x: f32, y: f32, seed: u32) -> f32 {
    let (xi, yi) = (x.floor() as i32, y.floor() as i32);
    let (fx, fy) = (x - x.floor(), y - y.floor());
    let (sx, sy) = (fx * fx * (3.0 - 2.0 * fx), fy * fy * (3.0 - 2.0 * fy));
    let top = hash(xi, yi, seed) * (1.0 - sx) + hash(xi + 1, yi, seed) * sx;
    let bottom = hash(xi, yi + 1, seed) * (1.0 - sx) + hash(xi + 1, yi + 1, seed) * sx;
    top * (1.0 - sy) + bottom * sy
}

/// Fractal noise: five octaves, 0..1.
fn fbm(x: f32, y: f32, seed: u32) -> f32 {
    let (mut sum, mut amp, mut freq, mut norm) = (0.0, 0.5, 1.0, 0.0);
    for o in 0..5 {
        sum += amp * smooth_noise(x * freq, y * freq, seed + o);
        norm += amp;
        amp *= 0.5;
        freq *= 2.0;
    }
    sum / norm
}

fn mix(a: Color, b: Color, t: f32) -> Color {
    let t = t.clamp(0.0, 1.0);
    [
        a[0] + (b[0] - a[0]) * t,
        a[1] + (b[1] - a[1]) * t,
        a[2] + (b[2] - a[2]) * t,
    ]
}

fn shade(c: Color, f: f32) -> Color {
    [c[0] * f, c[1] * f, c[2] * f]
}

/// A canvas in floating point, finished with grain and vignetting.
struct Canvas {
    w: u32,
    h: u32,
    px: Vec<Color>,
}

impl Canvas {
    fn new(w: u32, h: u32) -> Canvas {
        Canvas {
            w,
            h,
            px: vec![[0.0; 3]; (w * h) as usize],
        }
    }

    /// Sets every pixel from `f(u, v)`, with u, v in 0..1.
    fn paint(&mut self, f: impl Fn(f32, f32) -> Color) {
        for y in 0..self.h {
            for x in 0..self.w {
                let c = f(x as f32 / self.w as f32, y as f32 / self.h as f32);
                self.px[(y * self.w + x) as usize] = c;
            }
        }
    }

    /// Paints over the pixels where `inside(u, v)` holds.
    fn over(&mut self, inside: impl Fn(f32, f32) -> Option<Color>) {
        for y in 0..self.h {
            for x in 0..self.w {
                let (u, v) = (x as f32 / self.w as f32, y as f32 / self.h as f32);
                if let Some(c) = inside(u, v) {
                    self.px[(y * self.w + x) as usize] = c;
                }
            }
        }
    }

    /// A standing person seen from a distance, in a conical hat when `hat`.
    fn person(&mut self, cx: f32, feet: f32, height: f32, shirt: Color, hat: bool) {
        let aspect = self.w as f32 / self.h as f32;
        self.over(|u, v| {
            let x = (u - cx) * aspect / height;
            let y = (feet - v) / height;
            let skin = [0.55, 0.38, 0.28];
            let head = (x * x + (y - 0.87).powi(2)).sqrt() < 0.065;
            let cone = hat && y > 0.9 && y < 1.02 && x.abs() < (1.02 - y) * 2.2;
            let body = y > 0.45 && y < 0.8 && x.abs() < 0.12 + (0.8 - y) * 0.08;
            let legs = (0.0..=0.45).contains(&y) && (x.abs() - 0.05).abs() < 0.045;
            match () {
                _ if cone => Some([0.86, 0.8, 0.62]),
                _ if head || (y > 0.76 && y < 0.82 && x.abs() < 0.04) => Some(skin),
                _ if body => Some(shade(shirt, 0.8 + 0.2 * (1.0 - x.abs() * 4.0))),
                _ if legs => Some([0.16, 0.16, 0.2]),
                _ => None,
            }
        });
    }

    /// Sensor grain, a soft vignette, and 8-bit output.
    fn finish(&self, seed: u32) -> RgbImage {
        RgbImage::from_fn(self.w, self.h, |x, y| {
            let (u, v) = (
                x as f32 / self.w as f32 - 0.5,
                y as f32 / self.h as f32 - 0.5,
            );
            let vignette = 1.0 - 0.35 * (u * u + v * v);
            let grain = (hash(x as i32, y as i32, seed) - 0.5) * 0.035;
            let c = self.px[(y * self.w + x) as usize];
            let to8 = |ch: f32| ((ch * vignette + grain).clamp(0.0, 1.0) * 255.0) as u8;
            Rgb([to8(c[0]), to8(c[1]), to8(c[2])])
        })
    }
}

/// Sky with clouds above `horizon`.
fn sky(u: f32, v: f32, horizon: f32, top: Color, low: Color, seed: u32) -> Color {
    let base = mix(top, low, v / horizon);
    let cloud = (fbm(u * 6.0, v * 14.0, seed) - 0.55).max(0.0) * 2.5;
    mix(base, [0.97, 0.97, 0.95], cloud)
}

/// A tree line whose top edge wanders around `at`.
fn tree_line(u: f32, v: f32, at: f32, seed: u32) -> Option<Color> {
    let edge = at - 0.05 * fbm(u * 18.0, 0.0, seed);
    (v > edge && v < at + 0.03).then(|| {
        shade(
            [0.16, 0.3, 0.14],
            0.7 + 0.5 * fbm(u * 60.0, v * 60.0, seed + 9),
        )
    })
}

fn fish_pond(w: u32, h: u32) -> RgbImage {
    let mut c = Canvas::new(w, h);
    c.paint(|u, v| {
        if v < 0.42 {
            sky(u, v, 0.42, [0.35, 0.55, 0.85], [0.8, 0.86, 0.9], 1)
        } else {
            // Water mirrors the sky, darker, broken by ripples.
            let ripple = fbm(u * 4.0, v * 80.0, 2);
            shade(mix([0.3, 0.42, 0.45], [0.62, 0.7, 0.72], ripple), 0.85)
        }
    });
    c.over(|u, v| tree_line(u, v, 0.44, 3));
    // A plank walkway into the pond.
    c.over(|u, v| {
        let left = 0.18 + (v - 0.55) * 0.5;
        (v > 0.55 && u > left && u < left + 0.05 + (v - 0.55) * 0.15)
            .then(|| shade([0.45, 0.33, 0.2], 0.8 + 0.3 * fbm(u * 200.0, v * 8.0, 4)))
    });
    c.person(0.62, 0.83, 0.38, [0.25, 0.35, 0.6], true);
    c.finish(5)
}

fn greenhouses(w: u32, h: u32) -> RgbImage {
    let mut c = Canvas::new(w, h);
    c.paint(|u, v| {
        let ridge = 0.34 - 0.08 * fbm(u * 3.0, 0.0, 11);
        match v {
            _ if v < ridge => sky(u, v, 0.35, [0.45, 0.62, 0.88], [0.85, 0.88, 0.92], 12),
            _ if v < 0.45 => mix([0.45, 0.52, 0.6], [0.3, 0.4, 0.35], (v - ridge) * 8.0),
            _ => shade([0.42, 0.34, 0.24], 0.7 + 0.4 * fbm(u * 40.0, v * 120.0, 13)),
        }
    });
    // Plastic tunnels receding towards the hills.
    c.over(|u, v| {
        if v < 0.45 {
            return None;
        }
        let depth = (v - 0.45) / 0.55;
        let lane = (u - 0.5) / (0.15 + depth) * 3.0;
        let arch = (lane - lane.round()).abs();
        (arch < 0.36).then(|| shade([0.9, 0.92, 0.9], 0.75 + 0.25 * (1.0 - arch * 2.5)))
    });
    c.person(0.3, 0.95, 0.45, [0.75, 0.3, 0.25], false);
    c.finish(14)
}

fn workshop(w: u32, h: u32) -> RgbImage {
    let mut c = Canvas::new(w, h);
    c.paint(|u, v| shade([0.42, 0.4, 0.37], 0.5 + 0.4 * fbm(u * 10.0, v * 10.0, 21)));
    // A bright window, a workbench, tools on the wall, a spray of sparks.
    c.over(|u, v| (u > 0.62 && u < 0.9 && v > 0.12 && v < 0.45).then_some([0.95, 0.95, 0.88]));
    c.over(|u, v| {
        (v > 0.62 && v < 0.68 && u > 0.05 && u < 0.95)
            .then(|| shade([0.45, 0.3, 0.18], 0.8 + 0.3 * fbm(u * 90.0, v, 22)))
    });
    c.over(|u, v| {
        let slot = (u * 14.0).fract();
        (v > 0.2 && v < 0.4 && u < 0.5 && slot < 0.2 && v < 0.25 + (u * 14.0).floor() % 3.0 * 0.05)
            .then_some([0.55, 0.56, 0.6])
    });
    c.over(|u, v| {
        let d = ((u - 0.45).powi(2) + (v - 0.6).powi(2)).sqrt();
        (d < 0.12 && hash((u * 900.0) as i32, (v * 700.0) as i32, 23) > 0.985)
            .then_some([1.0, 0.75, 0.3])
    });
    c.person(0.3, 0.98, 0.6, [0.2, 0.3, 0.45], false);
    c.finish(24)
}

fn nem_shop(w: u32, h: u32) -> RgbImage {
    let mut c = Canvas::new(w, h);
    c.paint(|u, v| match v {
        _ if v < 0.18 => shade([0.75, 0.12, 0.1], 0.9 + 0.1 * fbm(u * 20.0, v * 20.0, 31)),
        _ if v < 0.6 => shade([0.88, 0.76, 0.55], 0.75 + 0.25 * fbm(u * 8.0, v * 8.0, 32)),
        _ => shade([0.5, 0.35, 0.22], 0.7 + 0.3 * fbm(u * 50.0, v * 6.0, 33)),
    });
    // Trays of nem wrapped in banana leaves on the counter.
    c.over(|u, v| {
        let (cx, cy) = (((u * 5.0).floor() + 0.5) / 5.0, 0.72);
        let d = ((u - cx) * 2.2).powi(2) + ((v - cy) * 6.0).powi(2);
        (d < 0.012).then(|| {
            mix(
                [0.2, 0.5, 0.2],
                [0.85, 0.55, 0.5],
                fbm(u * 120.0, v * 120.0, 34),
            )
        })
    });
    c.person(0.5, 0.64, 0.5, [0.95, 0.95, 0.95], false);
    c.finish(35)
}

fn rice_fields(w: u32, h: u32) -> RgbImage {
    let mut c = Canvas::new(w, h);
    c.paint(|u, v| {
        if v < 0.45 {
            let glow = (1.0 - ((u - 0.7).powi(2) + (v - 0.35).powi(2)).sqrt() * 3.0).max(0.0);
            mix(
                sky(u, v, 0.45, [0.4, 0.55, 0.8], [0.95, 0.8, 0.6], 41),
                [1.0, 0.9, 0.7],
                glow,
            )
        } else {
            let rows = ((u - 0.5) / (v - 0.4) * 30.0).sin() * 0.5 + 0.5;
            shade(
                mix([0.3, 0.55, 0.15], [0.55, 0.7, 0.2], rows),
                0.75 + 0.3 * fbm(u * 30.0, v * 60.0, 42),
            )
        }
    });
    c.over(|u, v| tree_line(u, v, 0.46, 43));
    c.finish(44)
}

fn job_fair(w: u32, h: u32) -> RgbImage {
    let mut c = Canvas::new(w, h);
    c.paint(|u, v| match v {
        _ if v < 0.5 => shade([0.9, 0.9, 0.86], 0.8 + 0.15 * fbm(u * 6.0, v * 6.0, 51)),
        _ => shade([0.55, 0.5, 0.45], 0.8 + 0.2 * fbm(u * 30.0, v * 30.0, 52)),
    });
    // A banner and booths along the back wall.
    c.over(|u, v| (v > 0.08 && v < 0.18 && u > 0.15 && u < 0.85).then_some([0.1, 0.35, 0.7]));
    c.over(|u, v| {
        let booth = (u * 4.0).fract();
        (v > 0.3 && v < 0.55 && booth > 0.1 && booth < 0.9)
            .then(|| shade([0.85, 0.85, 0.9], 0.9 + 0.1 * booth))
    });
    for (i, x) in [0.12, 0.27, 0.41, 0.58, 0.7, 0.86].iter().enumerate() {
        let shirt = [
            [0.7, 0.2, 0.2],
            [0.2, 0.4, 0.7],
            [0.9, 0.9, 0.9],
            [0.3, 0.5, 0.3],
        ][i % 4];
        c.person(
            *x,
            0.9 + 0.02 * (i % 3) as f32,
            0.42 + 0.04 * (i % 2) as f32,
            shirt,
            i % 3 == 0,
        );
    }
    c.finish(53)
}

/// Saves as a phone would: JPEG quality 92, EXIF with GPS and owner.
fn save(path: &str, img: &RgbImage, orientation: u16) -> std::io::Result<()> {
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 92)
        .encode_image(img)
        .map_err(std::io::Error::other)?;
    let bytes = photos::with_exif(&jpeg, orientation);
    if let Some(dir) = std::path::Path::new(path).parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, &bytes)?;
    println!(
        "{path}: {}×{}, {} KB",
        img.width(),
        img.height(),
        bytes.len() / 1024
    );
    Ok(())
}

fn main() -> std::io::Result<()> {
    let dir = "static/anh/nguoi-that-viec-that";
    save(
        &format!("{dir}/ao-ca-tam-nong.jpg"),
        &fish_pond(3000, 2250),
        1,
    )?;
    save(
        &format!("{dir}/nong-trai-han-quoc.jpg"),
        &greenhouses(3000, 2250),
        1,
    )?;
    // A portrait, stored sideways as phones do, with "turn a quarter clockwise".
    save(
        &format!("{dir}/xuong-co-khi-lap-vo.jpg"),
        &image::imageops::rotate270(&workshop(2250, 3000)),
        6,
    )?;
    save(
        &format!("{dir}/co-so-nem-lai-vung.jpg"),
        &nem_shop(3000, 2250),
        1,
    )?;
    save(
        "static/anh/tin-tuc/phien-giao-dich.jpg",
        &job_fair(3000, 2000),
        1,
    )?;
    save("static/images/chia-se.jpg", &rice_fields(2400, 1260), 1)?;
    Ok(())
}
