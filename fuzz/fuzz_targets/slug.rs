//! Slug folding and user paths: whatever text goes in, what comes out is a
//! safe URL segment or path, or an error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use loa::output::is_safe_relative;
use loa::url::{SitePath, Slug, fold_file_name, is_reserved_name};

fn check_segment(s: &str) {
    assert!(!s.is_empty());
    assert!(
        s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
        "{s:?}"
    );
    assert!(!s.starts_with('-') && !s.ends_with('-') && !s.contains("--"), "{s:?}");
    assert!(!is_reserved_name(s), "{s:?}");
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(s) = Slug::from_text(text) {
        check_segment(s.as_str());
    }
    let named = Slug::from_name(text);
    assert!(named.as_str().starts_with("t-") || Slug::from_text(text).is_some());
    assert!(is_safe_relative(&format!("{}/index.html", named.as_str())));
    if let Ok(s) = Slug::from_user(text) {
        check_segment(s.as_str());
    }
    if let Ok(p) = SitePath::from_user(text) {
        assert!(is_safe_relative(&p.output_file()), "{text:?} -> {:?}", p.output_file());
    }
    let folded = fold_file_name(text);
    if !folded.is_empty() {
        assert!(is_safe_relative(&folded), "{text:?} -> {folded:?}");
    }
});
