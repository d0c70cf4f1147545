//! The web editor at `/admin/`: Decap CMS, configured from the portal.
//!
//! Takes the config and the assembled site; returns the files of `/admin/`
//! (the page, `config.yml`, the vendored Decap bundle) when `[editor]` is
//! set or `loa serve --editor` asks for it. The configuration is generated
//! from the sections and from the content layer's table of the fields of
//! each kind ([`crate::content::kinds::schema`]), the same table the build
//! checks front matter with, so the editor cannot offer a field the build
//! refuses or hide one it accepts. [`agree`] runs a page the editor is about
//! to save through the build's parser. [`local`] answers Decap's
//! local-backend API inside `loa serve`, so staff can try the editor on
//! their own computer without Node.js.
//!
//! The files are plain output files, not pages: no sitemap entry, no search
//! index entry, no feed item; the page carries `noindex` and its own
//! Content-Security-Policy.

pub mod agree;
pub mod assets;
pub mod decap;
pub mod local;

pub use crate::config::{Backend, EditorConfig};

use crate::artifact::{Body, OutputFile};
use crate::config::Config;
use crate::content::kinds::Kind;
use crate::site::Site;

/// The output folder of the editor.
pub const ADMIN_DIR: &str = "admin";

/// Whether an output path belongs to the editor (left out of page budgets).
pub fn is_editor_file(path: &str) -> bool {
    path.strip_prefix(ADMIN_DIR)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// One editor collection: a section, or the pages at the top of `content/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collection {
    /// The section's folder under `content/`; `None` for top-level pages.
    pub dir: Option<String>,
    /// The name shown (the section's title in the default language).
    pub label: String,
    /// The section's kind.
    pub kind: Kind,
}

/// The collections of a portal: its sections in folder order, then the
/// top-level pages.
pub fn collections(site: &Site, config: &Config) -> Vec<Collection> {
    let default = config.default_lang();
    let mut out: Vec<Collection> = site
        .sections
        .iter()
        .filter(|s| &s.lang == default)
        .filter_map(|s| {
            Some(Collection {
                dir: Some(s.dir.clone()?),
                label: s.front.title.clone(),
                kind: s.kind,
            })
        })
        .collect();
    // Market pages sit in the markets folder, which is no section.
    if let Some(dir) = crate::content::kinds::market::folder(config) {
        if !out.iter().any(|c| c.dir.as_deref() == Some(dir)) {
            let label = config
                .taxonomies
                .iter()
                .find(|t| t.id == "markets")
                .and_then(|t| t.names.get(default.as_str()))
                .cloned()
                .unwrap_or_else(|| "Thị trường".into());
            out.push(Collection {
                dir: Some(dir.to_string()),
                label,
                kind: Kind::Markets,
            });
        }
    }
    out.sort_by(|a, b| a.dir.cmp(&b.dir));
    out.push(Collection {
        dir: None,
        label: "Trang riêng".into(),
        kind: Kind::Pages,
    });
    out
}

/// The files of `/admin/`. `local_backend` is the URL of the local API when
/// serving with `--editor`.
pub fn files(
    site: &Site,
    config: &Config,
    local_backend: Option<&str>,
) -> Result<Vec<OutputFile>, assets::DamagedBundle> {
    let collections = collections(site, config);
    let bytes = |path: &str, b: Vec<u8>| OutputFile {
        path: format!("{ADMIN_DIR}/{path}"),
        body: Body::Bytes(b),
    };
    Ok(vec![
        OutputFile {
            path: format!("{ADMIN_DIR}/index.html"),
            body: Body::Html(assets::index_html(config).into()),
        },
        bytes(
            "config.yml",
            decap::config_yaml(config, &collections, local_backend).into_bytes(),
        ),
        bytes("loa-editor.js", assets::LOA_EDITOR_JS.as_bytes().to_vec()),
        OutputFile {
            path: format!("{ADMIN_DIR}/decap-cms.js"),
            body: assets::decap_body(&config.root.join(".loa-cache"))?,
        },
        bytes(
            "decap-cms.js.LICENSE.txt",
            assets::DECAP_NOTICES.as_bytes().to_vec(),
        ),
        bytes(
            "LICENSE-decap-cms.txt",
            assets::DECAP_LICENSE.as_bytes().to_vec(),
        ),
    ])
}
