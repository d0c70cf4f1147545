//! `[images]` in site.toml: how photos are resized and compressed.

use serde::{Deserialize, Serialize};

/// Image processing settings (`[images]`). Every key is optional.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ImagesConfig {
    /// Widths in pixels to publish each photo at (never wider than the original).
    pub widths: Vec<u32>,
    /// JPEG and WebP quality, 1–100.
    pub quality: u8,
    /// Also publish WebP versions (about a third smaller than JPEG).
    pub webp: bool,
    /// Publish the original files too (with their metadata: GPS position,
    /// camera serial). Off by default for the privacy of the people shown.
    pub keep_originals: bool,
    /// Largest image accepted, in pixels (width × height). Bounds memory:
    /// a decoded photo takes 3–4 bytes a pixel.
    pub max_pixels: u64,
    /// The `sizes` attribute of images in Markdown: how wide they are shown.
    /// The default fits the default theme (a 60rem column with 1rem margins).
    pub sizes: String,
}

impl Default for ImagesConfig {
    fn default() -> Self {
        Self {
            widths: vec![480, 960, 1600],
            quality: 75,
            webp: true,
            keep_originals: false,
            max_pixels: 100_000_000,
            sizes: "(min-width: 60rem) 58rem, calc(100vw - 2rem)".into(),
        }
    }
}

/// Narrowest and widest width accepted in `widths`.
const WIDTH_RANGE: std::ops::RangeInclusive<u32> = 16..=8192;

/// One thing wrong in `[images]`; its text is the message shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImagesProblem {
    /// `widths = []`.
    #[error("[images] widths needs at least one width, e.g. [480, 960, 1600]")]
    NoWidths,
    /// A width outside [`WIDTH_RANGE`]; `index` is its place in the list.
    #[error("[images] width {width} is out of range ({}–{} pixels)", WIDTH_RANGE.start(), WIDTH_RANGE.end())]
    WidthOutOfRange {
        /// The width written.
        width: u32,
        /// Its 0-based position in `widths`.
        index: usize,
    },
    /// A quality outside 1–100.
    #[error("[images] quality {0} must be between 1 and 100 (75 is a good start)")]
    Quality(u8),
    /// A pixel limit below any phone photo.
    #[error("[images] max_pixels {0} is too small: phone photos have 12 million or more")]
    MaxPixels(u64),
    /// `sizes = ""`.
    #[error("[images] sizes may not be empty")]
    EmptySizes,
}

impl ImagesProblem {
    /// The key (and item) in `[images]` the problem is about.
    pub fn key(&self) -> Vec<String> {
        match self {
            ImagesProblem::NoWidths => vec!["widths".into()],
            ImagesProblem::WidthOutOfRange { index, .. } => {
                vec!["widths".into(), index.to_string()]
            }
            ImagesProblem::Quality(_) => vec!["quality".into()],
            ImagesProblem::MaxPixels(_) => vec!["max_pixels".into()],
            ImagesProblem::EmptySizes => vec!["sizes".into()],
        }
    }
}

impl ImagesConfig {
    /// What is wrong with these settings, one problem each.
    pub fn problems(&self) -> Vec<ImagesProblem> {
        let mut out = Vec::new();
        if self.widths.is_empty() {
            out.push(ImagesProblem::NoWidths);
        }
        for (index, &width) in self.widths.iter().enumerate() {
            if !WIDTH_RANGE.contains(&width) {
                out.push(ImagesProblem::WidthOutOfRange { width, index });
            }
        }
        if !(1..=100).contains(&self.quality) {
            out.push(ImagesProblem::Quality(self.quality));
        }
        if self.max_pixels < 1_000_000 {
            out.push(ImagesProblem::MaxPixels(self.max_pixels));
        }
        if self.sizes.trim().is_empty() {
            out.push(ImagesProblem::EmptySizes);
        }
        out
    }

    /// The widths to publish an image `width` pixels wide at: the configured
    /// ones that fit, plus the original width when it is narrower than the
    /// widest configured one (never upscaled). Sorted, no duplicates.
    pub fn widths_for(&self, width: u32) -> Vec<u32> {
        let mut out: Vec<u32> = self
            .widths
            .iter()
            .copied()
            .filter(|w| *w <= width)
            .collect();
        if self.widths.iter().any(|w| *w > width) {
            out.push(width);
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_never_upscale_and_keep_the_original_as_the_top() {
        let c = ImagesConfig::default();
        assert_eq!(c.widths_for(4000), [480, 960, 1600]);
        assert_eq!(c.widths_for(1200), [480, 960, 1200]);
        assert_eq!(c.widths_for(960), [480, 960]);
        assert_eq!(c.widths_for(300), [300]);
    }

    #[test]
    fn bad_settings_are_named() {
        let c = ImagesConfig {
            widths: vec![],
            quality: 0,
            max_pixels: 10,
            ..Default::default()
        };
        let p = c
            .problems()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            p.contains("widths") && p.contains("quality") && p.contains("max_pixels"),
            "{p}"
        );
        assert!(ImagesConfig::default().problems().is_empty());
    }
}
