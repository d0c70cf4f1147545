//! Property tests: slug folding always yields a safe URL segment, and no
//! path a person writes can make an output file land outside the output
//! folder.

use std::path::{Component, Path};

use loa::output::{is_safe_relative, join_inside};
use loa::url::{SitePath, Slug, fold_file_name, is_reserved_name};
use proptest::prelude::*;

fn assert_segment(s: &str) {
    assert!(!s.is_empty());
    assert!(
        s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
        "{s:?}"
    );
    assert!(
        !s.starts_with('-') && !s.ends_with('-') && !s.contains("--"),
        "{s:?}"
    );
    assert!(!is_reserved_name(s), "{s:?}");
}

/// Text that looks like what staff type and what attackers try.
fn texty() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Z0-9 ./\\\\:-]{0,30}",
        "(\\.\\./|/|\\\\|con|NUL|Hỗ trợ |Đồng Tháp|日本|%2e|\u{0}){0,8}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn folded_slugs_are_safe_segments(text in texty()) {
        if let Some(s) = Slug::from_text(&text) {
            assert_segment(s.as_str());
        }
        let named = Slug::from_name(&text);
        prop_assert!(is_safe_relative(named.as_str()));
        if let Ok(s) = Slug::from_user(&text) {
            assert_segment(s.as_str());
        }
    }

    #[test]
    fn user_paths_never_leave_the_output_folder(text in texty()) {
        let root = Path::new("/srv/site/public");
        if let Ok(p) = SitePath::from_user(&text) {
            let joined = join_inside(root, &p.output_file());
            prop_assert!(joined.is_some(), "{:?} -> {:?}", text, p.output_file());
        }
        let folded = fold_file_name(&text);
        if !folded.is_empty() {
            prop_assert!(is_safe_relative(&folded), "{:?} -> {:?}", text, folded);
        }
    }

    #[test]
    fn joining_never_escapes_the_root(rel in texty()) {
        let root = Path::new("/srv/site/public");
        if let Some(p) = join_inside(root, &rel) {
            prop_assert!(p.starts_with(root));
            let inner = p.strip_prefix(root).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert!(inner.components().all(|c| matches!(c, Component::Normal(_))), "{:?}", p);
        }
    }
}
