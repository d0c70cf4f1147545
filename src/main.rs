//! The `loa` binary: see `cli.rs`.

mod cli;
mod progress_bar;

use clap::Parser;

/// A build allocates and frees millions of small strings (template output,
/// view values, search tokens); with glibc's malloc that was a fifth
/// of a 10k-page build's CPU time (perf), mimalloc's thread-local free lists
/// make it a small part.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // A panic is a bug in loa, never the writer's fault: say so instead of
    // Rust's "thread panicked" (worker panics are also reported per file).
    std::panic::set_hook(Box::new(|info| {
        eprintln!("error: internal error in loa ({info}); this is a bug, please report it");
    }));
    // Bodies are minified on rayon's workers, and minify-html's parser
    // recurses once per element level. Page nesting is bounded before that
    // (markdown::MAX_NESTING, sanitize::MAX_HTML_DEPTH) to fit rayon's
    // default 2 MB; the main thread's 8 MB is a margin on top, not the fix.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(8 << 20)
        .build_global();
    cli::run(cli::Cli::parse())
}
