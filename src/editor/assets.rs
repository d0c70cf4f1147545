//! The files of `/admin/` other than `config.yml`: the page that loads the
//! editor, loa's additions to it, and the vendored Decap CMS bundle.

use std::io::Read;

use crate::config::Config;

/// The Decap CMS release compiled into loa (see `vendor/decap-cms/README.md`).
pub const DECAP_VERSION: &str = "3.16.3";

/// `decap-cms.js`, gzip-compressed: 1.5 MB in the binary instead of 5.2 MB.
const DECAP_GZ: &[u8] = include_bytes!("../../vendor/decap-cms/decap-cms.js.gz");

/// The licences of the libraries bundled in `decap-cms.js` (its first line
/// points at this file by name).
pub const DECAP_NOTICES: &str = include_str!("../../vendor/decap-cms/decap-cms.js.LICENSE.txt");

/// Decap CMS's own licence.
pub const DECAP_LICENSE: &str = include_str!("../../vendor/decap-cms/LICENSE");

/// loa's additions: the amount widget and the interface language.
pub const LOA_EDITOR_JS: &str = include_str!("loa-editor.js");

/// The Decap bundle built into loa does not decompress.
#[derive(Debug, thiserror::Error)]
#[error("the built-in Decap CMS bundle is damaged ({0}); reinstall loa")]
pub struct DamagedBundle(#[source] pub std::io::Error);

/// The Decap bundle, decompressed.
pub fn decap_js() -> Result<Vec<u8>, DamagedBundle> {
    let mut out = Vec::with_capacity(5 << 20);
    flate2::read::GzDecoder::new(DECAP_GZ)
        .read_to_end(&mut out)
        .map_err(DamagedBundle)?;
    Ok(out)
}

/// The Decap bundle as an output file: a copy of the decompressed bundle
/// kept under `cache` (the portal's `.loa-cache/`), made on the first build
/// that needs it; later builds copy it instead of decompressing 5 MB again
/// (a tenth of a small portal's build). Without a writable cache, the bytes.
pub fn decap_body(cache: &std::path::Path) -> Result<crate::artifact::Body, DamagedBundle> {
    use crate::artifact::Body;
    // The gzip trailer's last four bytes: the size of the original.
    let size = DECAP_GZ
        .len()
        .checked_sub(4)
        .and_then(|at| DECAP_GZ.get(at..))
        .and_then(|b| <[u8; 4]>::try_from(b).ok())
        .map(u32::from_le_bytes);
    let path = cache
        .join("editor")
        .join(format!("decap-cms-{DECAP_VERSION}.js"));
    let cached =
        std::fs::metadata(&path).is_ok_and(|m| m.is_file() && Some(m.len()) == size.map(u64::from));
    if cached {
        return Ok(Body::Copy(path));
    }
    let js = decap_js()?;
    let fresh = path.with_extension("js.loa-new");
    let kept = path
        .parent()
        .is_some_and(|d| std::fs::create_dir_all(d).is_ok())
        && std::fs::write(&fresh, &js).is_ok()
        && std::fs::rename(&fresh, &path).is_ok();
    Ok(if kept {
        Body::Copy(path)
    } else {
        Body::Bytes(js)
    })
}

/// The policy of the editor page. Decap needs more than the rest of the
/// site (whose theme allows only its own scripts and styles): it injects
/// styles at run time, compiles its configuration schema with `new
/// Function` (ajv), previews uploads as `blob:` URLs, and talks to the Git
/// host's API. Scripts still come only from the site itself.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https:; media-src 'self' blob:; font-src 'self' data:; connect-src 'self' https:; frame-src 'self' https:; object-src 'none'; base-uri 'self'; form-action 'self'";

/// `admin/index.html`.
pub fn index_html(config: &Config) -> String {
    let title = crate::escape::html(&config.languages[0].title);
    format!(
        "<!doctype html>
<html lang=\"vi\">
<head>
<meta charset=\"utf-8\">
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">
<meta name=\"robots\" content=\"noindex, nofollow\">
<meta name=\"referrer\" content=\"same-origin\">
<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">
<title>Soạn bài – {title}</title>
<link rel=\"cms-config-url\" type=\"text/yaml\" href=\"config.yml\">
</head>
<body>
<noscript>Trình soạn bài cần JavaScript. / The editor needs JavaScript.</noscript>
<script src=\"loa-editor.js\"></script>
<script src=\"decap-cms.js\"></script>
</body>
</html>
"
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_bundle_is_decompressed_once_into_the_cache_and_a_damaged_copy_is_redone() {
        let tmp = tempfile::tempdir().unwrap();
        let crate::artifact::Body::Copy(path) = decap_body(tmp.path()).unwrap() else {
            panic!("a writable cache gives a copy");
        };
        let js = decap_js().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), js);
        // A cut-short copy (a build killed while writing it) is made again.
        std::fs::write(&path, &js[..1000]).unwrap();
        let crate::artifact::Body::Copy(again) = decap_body(tmp.path()).unwrap() else {
            panic!("a writable cache gives a copy");
        };
        assert_eq!(again, path);
        assert_eq!(std::fs::read(&path).unwrap(), js);
    }

    use super::*;

    #[test]
    fn bundle_decompresses_and_is_the_pinned_release() {
        let js = decap_js().unwrap();
        assert!(js.len() > 4_000_000, "{}", js.len());
        let text = String::from_utf8_lossy(&js);
        assert!(text.contains(&format!("decap-cms {DECAP_VERSION}")));
        assert!(
            text.starts_with("/*! For license information please see decap-cms.js.LICENSE.txt */")
        );
    }
}
