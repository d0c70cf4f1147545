//! The `loa` binary: see `cli.rs`.

mod cli;
mod progress_bar;

use clap::Parser;

fn main() -> std::process::ExitCode {
    // A panic is a bug in loa, never the writer's fault: say so instead of
    // Rust's "thread panicked" (worker panics are also reported per file).
    std::panic::set_hook(Box::new(|info| {
        eprintln!("error: internal error in loa ({info}); this is a bug, please report it");
    }));
    cli::run(cli::Cli::parse())
}
