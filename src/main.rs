//! The `loa` binary: see `cli.rs`.

mod cli;
mod progress_bar;

use clap::Parser;

fn main() -> std::process::ExitCode {
    cli::run(cli::Cli::parse())
}
