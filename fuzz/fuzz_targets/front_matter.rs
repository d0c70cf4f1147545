//! Front matter: clean the bytes, split at the fences, parse the YAML as a
//! section index and as a page, and check the page against every kind.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use loa::content::front_matter::{parse, split};
use loa::content::kinds::{Kind, RawPage, SectionFront, resolve_page};
use loa::content::source::decode;

const KINDS: [Kind; 5] = [
    Kind::Articles,
    Kind::Policies,
    Kind::Stories,
    Kind::JobFairs,
    Kind::Pages,
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = decode(data.to_vec()) else {
        return;
    };
    let Ok(s) = split(&text) else {
        return;
    };
    assert!(s.body_line >= 2);
    let _ = parse::<SectionFront>(&s);
    if let Ok(raw) = parse::<RawPage>(&s) {
        for kind in KINDS {
            let _ = resolve_page(raw.clone(), kind, Path::new("content/x.md"), &s);
        }
    }
});
