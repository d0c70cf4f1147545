//! loa: a static-site generator for bilingual public-outreach portals.
//!
//! The build is a pipeline of plain values, one module per stage:
//!
//! ```text
//! config   site.toml            -> Config
//! content  content/**/*.md      -> Vec<Document>   (front matter typed per kind)
//! site     documents + config   -> Site            (URLs, sections, translations, taxonomies)
//! images   photos pages use     -> ImageSet        (resized, re-encoded, cached; share images)
//! markdown page bodies          -> HTML, TOC, summary (minified)
//! render   Site + templates     -> Vec<OutputFile> (pages, listings, redirects)
//! output   files                -> public/         (swapped in atomically)
//! ```
//!
//! [`build`] runs them all; the `loa` binary is a thin layer over it.

pub mod artifact;
pub mod bodies;
pub mod check;
pub mod config;
pub mod content;
pub mod data;
pub mod editor;
pub mod error;
pub mod escape;
pub mod fs;
pub mod i18n;
pub mod images;
#[cfg(test)]
mod layers;
pub mod markdown;
pub mod mem;
pub mod output;
pub mod pipeline;
pub mod progress;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod time;
pub mod url;

pub use error::{BuildError, Diagnostic, Severity};
pub use pipeline::{BuildOptions, BuildReport, build};
