//! The command line: parses arguments, runs a command, prints diagnostics
//! and the summary, and chooses the exit code (0 ok, 1 content errors,
//! 2 usage or IO problems).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use loa::{BuildError, BuildOptions, BuildReport, Diagnostic};

/// loa builds bilingual outreach portals from Markdown.
#[derive(Debug, Parser)]
#[command(name = "loa", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the portal into a folder of plain files (default: public/).
    Build {
        /// The portal folder (holds site.toml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site (default: <root>/public).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Use this base URL instead of site.toml's base_url.
        #[arg(long)]
        base_url: Option<String>,
        /// Include drafts and pages dated in the future.
        #[arg(long)]
        drafts: bool,
        /// Treat this moment as now (RFC 3339 or YYYY-MM-DD); else SOURCE_DATE_EPOCH, else the clock.
        #[arg(long)]
        now: Option<String>,
    },
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            now,
        } => {
            let opts = BuildOptions {
                root,
                output,
                base_url,
                drafts,
                now,
            };
            match loa::build(&opts) {
                Ok(report) => {
                    print_summary(&report);
                    ExitCode::SUCCESS
                }
                Err(e) => report_failure(&e),
            }
        }
    }
}

fn print_summary(r: &BuildReport) {
    for line in loa::error::capped_lines(&r.warnings, loa::error::SHOWN_DIAGNOSTICS) {
        eprintln!("{line}");
    }
    let langs: Vec<String> = r
        .pages_per_lang
        .iter()
        .map(|(l, n)| format!("{n} {l}"))
        .collect();
    println!(
        "Built {} pages ({}), {} sections, {} files ({:.1} MB) into {} in {} ms{}",
        r.pages_per_lang.iter().map(|(_, n)| n).sum::<usize>(),
        langs.join(", "),
        r.sections,
        r.files,
        r.bytes as f64 / 1_000_000.0,
        r.output.display(),
        r.elapsed.as_millis(),
        if r.warnings.is_empty() {
            String::new()
        } else {
            format!(", {} warning(s)", r.warnings.len())
        }
    );
}

fn report_failure(e: &BuildError) -> ExitCode {
    match e {
        BuildError::Content(list) => {
            for line in loa::error::capped_lines(list, loa::error::SHOWN_DIAGNOSTICS) {
                eprintln!("{line}");
            }
            let errors = list.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "Build failed: {errors} error(s). The previous site, if any, was left as it was."
            );
            ExitCode::from(1)
        }
        other => {
            eprintln!("{}", Diagnostic::general(other.to_string()));
            eprintln!("Build failed. The previous site, if any, was left as it was.");
            ExitCode::from(2)
        }
    }
}
