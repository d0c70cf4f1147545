//! What a build makes: files in memory, before anything is written.
//!
//! A leaf of the pipeline's vocabulary. Render, images and the editor make
//! [`OutputFile`]s; output writes them, serve keeps them in a map and check
//! reads them. Keeping the type here, apart from the writer, lets every
//! producer depend on the type without depending on how (or whether) it is
//! written.

use std::path::PathBuf;

/// A file of the built site, in memory.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path inside the output folder, `/`-separated (`tin-tuc/x/index.html`).
    pub path: String,
    /// What to write.
    pub body: Body,
}

/// The content of an output file.
#[derive(Debug, Clone)]
pub enum Body {
    /// A rendered HTML page.
    Html(String),
    /// Bytes written as they are.
    Bytes(Vec<u8>),
    /// A file copied from the portal.
    Copy(PathBuf),
}
