//! `loa new markets "Nhật Bản"`: a market page, named by its term's id.
//!
//! A market page's file name is a term id from site.toml, not a slug of its
//! title, so the title the writer gives names the market (its id or its
//! name in any language) and the file is `content/<markets folder>/<id>.md`.

use std::path::PathBuf;

use super::new::{NewOptions, file_text, write_new};
use crate::config::Config;
use crate::content::kinds::{Kind, market};
use crate::error::BuildError;
use crate::i18n::Lang;
use crate::site::taxonomy::term_key;

/// Whether `target` asks for a market page: the kind's name or the folder.
pub fn is_market_target(target: &str, config: &Config) -> bool {
    let t = target.trim().trim_matches('/');
    let t = t.strip_prefix("content/").unwrap_or(t);
    let kind = t.replace('-', "_").to_lowercase();
    kind == "markets" || kind == "market" || market::folder(config) == Some(t)
}

/// Writes the market page of the term `opts.title` names, in `lang`.
pub fn new_market(opts: &NewOptions, config: &Config, lang: &Lang) -> Result<PathBuf, BuildError> {
    let refused = BuildError::Refused;
    let (Some(folder), Some(tax)) = (
        market::folder(config),
        config.taxonomies.iter().find(|t| t.id == "markets"),
    ) else {
        return Err(refused(
            "site.toml has no [taxonomies.markets]; declare the markets there first".into(),
        ));
    };
    let key = term_key(&opts.title);
    let id = tax
        .terms
        .iter()
        .find(|(id, names)| term_key(id) == key || names.values().any(|n| term_key(n) == key))
        .map(|(id, _)| id.clone());
    let Some(id) = id else {
        let declared: Vec<&str> = tax.terms.keys().map(String::as_str).collect();
        return Err(refused(format!(
            "`{}` is not a market declared under [taxonomies.markets.terms] in site.toml (declared: {}); give one of them, or declare it first",
            opts.title.trim(),
            if declared.is_empty() {
                "none".to_string()
            } else {
                declared.join(", ")
            }
        )));
    };
    let suffix = if lang == config.default_lang() {
        String::new()
    } else {
        format!(".{lang}")
    };
    let rel = PathBuf::from("content")
        .join(folder)
        .join(format!("{id}{suffix}.md"));
    let path = opts.root.join(&rel);
    if path.exists() {
        return Err(refused(format!(
            "{} already exists: the market `{id}` has its page in this language",
            rel.display()
        )));
    }
    let text = file_text(
        Kind::Markets,
        opts.title.trim(),
        opts.today,
        lang.as_str() != "vi",
    );
    write_new(&path, &text)?;
    Ok(rel)
}
