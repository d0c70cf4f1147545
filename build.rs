//! Links the `loa` binary as a position-dependent executable on Linux.
//!
//! Why: minify-html carries its HTML-entity table as a static trie of
//! pointers spread over ~10 MB. In a position-independent executable the
//! dynamic loader must rewrite a pointer on each of those ~2,600 pages at
//! every start, which made `loa --version` take 16–19 ms (perf: 76% in
//! `_dl_relocate_object`, copy-on-write page faults). Linked at a fixed
//! address the linker fills the pointers in once and the pages are mapped
//! lazily from the file: `--version` takes about 3 ms. The cost is that the
//! executable's own code is not placed at a random address (libraries,
//! stack and heap still are); loa reads the portal's own files and serves
//! previews on localhost, and it is written in safe Rust.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if os == "linux" {
        println!("cargo::rustc-link-arg-bins=-no-pie");
    }
}
