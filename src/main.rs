//! The `loa` binary: see `cli.rs`.

mod cli;
mod progress_bar;

use clap::Parser;

/// A build allocates and frees millions of small strings (template output,
/// the minifier's tree, search tokens); with glibc's malloc that was a fifth
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
    cli::run(cli::Cli::parse())
}
