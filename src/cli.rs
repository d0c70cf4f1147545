//! The command line: parses arguments, runs a command, prints diagnostics
//! and the summary, and chooses the exit code (0 ok, 1 content errors,
//! 2 usage or IO problems).

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use loa::check::{self, CheckOptions};
use loa::scaffold::{self, NewOptions};
use loa::serve::{ServeOptions, Server};
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
        /// List every missing or stale translation, not just the counts.
        #[arg(long, short)]
        verbose: bool,
        /// Make a copy that works opened from the disk (a USB stick): relative links, search without a server.
        #[arg(long)]
        offline: bool,
    },
    /// Preview the portal at http://127.0.0.1:8000/, rebuilding and reloading on every change.
    Serve {
        /// The portal folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on.
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// The address to listen on; 127.0.0.1 keeps the preview on this computer.
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Include drafts and pages dated in the future.
        #[arg(long)]
        drafts: bool,
        /// Serve the site under this path (/xkld/), as its host will; default: the path of site.toml's base_url.
        #[arg(long)]
        base_path: Option<String>,
        /// Also serve the web editor at /admin/, saving into this folder's content/.
        #[arg(long)]
        editor: bool,
        /// Allow --editor with a --bind address other computers can reach: anyone on the network can then edit.
        #[arg(long)]
        allow_remote_editing: bool,
    },
    /// Check the portal before publishing: links, anchors, placeholders, alt text, Vietnamese text.
    Check {
        /// The portal folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Also fetch outside links (with a timeout) to see that they still exist.
        #[arg(long)]
        external: bool,
        /// Also check drafts and pages dated in the future.
        #[arg(long)]
        drafts: bool,
        /// Treat this moment as now (RFC 3339 or YYYY-MM-DD), as `build --now` does.
        #[arg(long)]
        now: Option<String>,
    },
    /// Say whether the site needs a rebuild now: exit 0 when due, 1 when not (`loa due && loa build`).
    Due {
        /// The portal folder (its .loa-cache/next-change.json is read).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Treat this moment as now (RFC 3339 or YYYY-MM-DD), as `build --now` does.
        #[arg(long)]
        now: Option<String>,
        /// Read this next-change.json instead (a copy fetched from the published site).
        #[arg(long)]
        file: Option<PathBuf>,
    },
    /// Create a new portal that builds as it is.
    Init {
        /// The folder to create (default: the current folder).
        dir: Option<PathBuf>,
        /// Same as DIR (every command takes --root).
        #[arg(long, conflicts_with = "dir")]
        root: Option<PathBuf>,
        /// Write into a folder that is not empty (same-named files are replaced).
        #[arg(long)]
        force: bool,
    },
    /// Create a content file: `loa new tin-tuc "Tiêu đề có dấu"`.
    New {
        /// A section folder (tin-tuc) or a kind (articles, policies, stories, job_fairs, pages, scam_alerts, faq, job_orders, markets).
        target: String,
        /// The title; the file name is made from it (đ -> d, accents dropped).
        title: String,
        /// Write the page in this language (default: the site's first language).
        #[arg(long)]
        lang: Option<String>,
        /// The portal folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Print a page's share text for a Zalo group: title, date or deadline, link.
    Share {
        /// The page's file: content/hoi-cho/ngay-hoi.md (or without content/).
        path: PathBuf,
        /// The language version to print (default: the file's own language).
        #[arg(long)]
        lang: Option<String>,
        /// The portal folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Treat this moment as now (RFC 3339 or YYYY-MM-DD), as `build --now` does.
        #[arg(long)]
        now: Option<String>,
    },
    /// Print the loudspeaker bulletin of the Vietnamese items dated in a range of days.
    Bulletin {
        /// First day, YYYY-MM-DD.
        #[arg(long)]
        since: String,
        /// Last day, YYYY-MM-DD (default: today, or the day of --now).
        #[arg(long)]
        until: Option<String>,
        /// The portal folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Treat this moment as now (RFC 3339 or YYYY-MM-DD), as `build --now` does.
        #[arg(long)]
        now: Option<String>,
        /// Write the bulletin to this file instead of printing it.
        #[arg(long)]
        output: Option<PathBuf>,
    },
}

/// How `check` prints its report.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    /// Grouped by file, for people.
    Text,
    /// One JSON object, for tools.
    Json,
}

/// Runs the parsed command line.
// Kept whole: one arm per subcommand (a match over every variant), each only
// moving its flags into that command's options.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            now,
            verbose,
            offline,
        } => build(
            &BuildOptions {
                root,
                output,
                base_url,
                drafts,
                now,
                offline,
                editor_backend: None,
            },
            verbose,
        ),
        Command::Serve {
            root,
            port,
            bind,
            drafts,
            base_path,
            editor,
            allow_remote_editing,
        } => serve(ServeOptions {
            root,
            bind,
            port,
            drafts,
            verbose: true,
            base_path,
            editor,
            allow_remote_editing,
        }),
        Command::Check {
            root,
            format,
            external,
            drafts,
            now,
        } => check(
            CheckOptions {
                root,
                external,
                now,
                drafts,
            },
            format,
        ),
        Command::Due { root, now, file } => due(
            &file.unwrap_or_else(|| {
                root.join(".loa-cache")
                    .join(loa::pipeline::NEXT_CHANGE_FILE)
            }),
            now.as_deref(),
        ),
        Command::Init { dir, root, force } => {
            init(&dir.or(root).unwrap_or_else(|| PathBuf::from(".")), force)
        }
        Command::New {
            target,
            title,
            lang,
            root,
        } => new(NewOptions {
            root,
            target,
            title,
            lang,
            today: scaffold::today(),
        }),
        Command::Share {
            path,
            lang,
            root,
            now,
        } => share(&root, &path, lang.as_deref(), now),
        Command::Bulletin {
            since,
            until,
            root,
            now,
            output,
        } => bulletin(&since, until.as_deref(), &root, now, output.as_deref()),
    }
}

fn build(opts: &BuildOptions, verbose: bool) -> ExitCode {
    let display = crate::progress_bar::Display::for_build(&opts.root);
    let result = loa::pipeline::build_with(opts, &display);
    display.finish();
    match result {
        Ok(report) => {
            print_summary(&report, verbose);
            println!("{}", report.next_change_line);
            for line in loa::site::translations::summary_lines(&report.translations, verbose) {
                println!("{line}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => report_failure(&e),
    }
}

fn check(opts: CheckOptions, format: Format) -> ExitCode {
    if !opts.root.join("site.toml").is_file() {
        eprintln!(
            "error: {} has no site.toml: run `loa check` in a portal folder or give --root",
            opts.root.display()
        );
        return ExitCode::from(2);
    }
    let report = check::run(&opts);
    match format {
        Format::Text => print!("{}", check::report::text(&report)),
        Format::Json => println!("{}", check::report::json(&report)),
    }
    if report.errors() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `loa due`: 0 when a rebuild is due (or nothing says it is not), 1 when
/// not, 2 when `--now` is unreadable.
fn due(file: &std::path::Path, now: Option<&str>) -> ExitCode {
    let now = match loa::time::BuildClock::resolve(now) {
        Ok(clock) => clock.now,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let verdict = match std::fs::read_to_string(file) {
        Ok(text) => loa::site::schedule::verdict(&text, &now),
        Err(e) => loa::site::schedule::Verdict {
            due: true,
            reason: format!(
                "due: cannot read {} ({e}), so nothing says the site is current",
                file.display()
            ),
        },
    };
    println!("{}", verdict.reason);
    if verdict.due {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn init(dir: &std::path::Path, force: bool) -> ExitCode {
    match scaffold::init(dir, force, scaffold::today()) {
        Ok(files) => {
            println!(
                "Created a new portal in {} ({} files). Next:\n  cd {}\n  loa serve",
                dir.display(),
                files.len(),
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => report_other(&e),
    }
}

fn new(opts: NewOptions) -> ExitCode {
    match scaffold::new_content(&opts) {
        Ok(rel) => {
            println!("{}", opts.root.join(&rel).display());
            if let Some(original) = scaffold::missing_original(&opts.root, &rel) {
                let lang = opts.lang.as_deref().unwrap_or_default();
                eprintln!(
                    "note: {} does not exist, so this page has no original to translate and stands alone on the `{lang}` site. To translate an existing page instead, delete this file and give that page's title or file name: `loa new {} <file-name> --lang {lang}`.",
                    original.display(),
                    opts.target,
                );
            }
            eprintln!(
                "Fill in the places marked {}: …]]; `loa check` lists those left.",
                scaffold::PLACEHOLDER
            );
            ExitCode::SUCCESS
        }
        Err(e) => report_other(&e),
    }
}

/// Runs the preview server until Ctrl-C.
fn serve(opts: ServeOptions) -> ExitCode {
    let (tx, rx) = std::sync::mpsc::channel();
    if let Err(e) = ctrlc::set_handler(move || {
        let _ = tx.send(());
    }) {
        eprintln!("warning: cannot catch Ctrl-C ({e}); stop the server by closing the terminal");
    }
    let server = match Server::start(&opts) {
        Ok(s) => s,
        Err(e) => return report_other(&e),
    };
    let (diags, ok, elapsed, files) = server.first_build();
    for d in diags {
        eprintln!("{d}");
    }
    if ok {
        eprintln!("Built {files} files in {} ms.", elapsed.as_millis());
    } else {
        eprintln!(
            "The build failed; the errors above also show in the browser. Fix them and save: the page reloads."
        );
    }
    println!(
        "Serving {} at {} (Ctrl-C to stop)",
        opts.root.display(),
        server.url()
    );
    if opts.editor {
        println!(
            "Editor: {}admin/ (saves into {}content/)",
            server.url(),
            opts.root.join("").display()
        );
    }
    if server.visible_on_network() {
        let who = if opts.editor {
            "anyone on the network who can reach this computer can open the editor and change the portal's files"
        } else {
            "other computers on the network can see the preview, drafts included when --drafts is given"
        };
        eprintln!(
            "warning: listening on {}, not only on this computer: {who}",
            opts.bind
        );
    }
    let _ = rx.recv();
    server.stop();
    eprintln!("Stopped.");
    ExitCode::SUCCESS
}

fn print_summary(r: &BuildReport, verbose: bool) {
    for line in loa::error::verbose_lines(&r.warnings, loa::error::SHOWN_DIAGNOSTICS, verbose) {
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
    match r.edited {
        Some(e) if e.pages > 0 => println!(
            "Only the text of {} page(s) changed since the last build: {} file(s) that show it were made again, the rest kept.",
            e.pages, e.files
        ),
        Some(_) => println!("No page changed since the last build: the site was kept as it is."),
        None => {}
    }
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

/// Errors of commands other than build: content errors exit 1, the rest 2.
/// The portal at `root` rendered in memory at `now` (the build's own moment
/// when `None`), as `loa share` and `loa bulletin` read it; on failure the
/// errors are printed and the exit code returned.
fn render_at(
    root: &std::path::Path,
    now: Option<String>,
) -> Result<loa::pipeline::RenderedSite, ExitCode> {
    let opts = BuildOptions {
        root: root.to_path_buf(),
        now,
        ..BuildOptions::default()
    };
    loa::pipeline::render_site(&opts).map_err(|e| report_other(&e))
}

fn report_other(e: &BuildError) -> ExitCode {
    match e {
        BuildError::Content(list) => {
            for d in list {
                eprintln!("{d}");
            }
            ExitCode::from(1)
        }
        other => {
            eprintln!("{}", Diagnostic::general(other.to_string()));
            ExitCode::from(2)
        }
    }
}

/// `loa share`: builds the portal in memory and prints one page's share
/// text, the same text the page's copy button copies.
fn share(
    root: &std::path::Path,
    path: &std::path::Path,
    lang: Option<&str>,
    now: Option<String>,
) -> ExitCode {
    let rendered = match render_at(root, now) {
        Ok(r) => r,
        Err(code) => return code,
    };
    // The path as given, from the portal folder, or from content/.
    let rel = path.strip_prefix(root).unwrap_or(path);
    let rel = if rel.starts_with("content") {
        rel.to_path_buf()
    } else {
        std::path::Path::new("content").join(rel)
    };
    let site = &rendered.site;
    let Some(found) = site.pages.iter().position(|p| p.rel == rel) else {
        eprintln!(
            "error: {}: no published page comes from this file (give its path under content/, e.g. content/hoi-cho/ngay-hoi.md)",
            rel.display()
        );
        return ExitCode::from(1);
    };
    // Without --lang, the language of the file given.
    let lang = lang.unwrap_or(site.pages[found].lang.as_str());
    let Some(id) = site.pages[found]
        .translations
        .iter()
        .copied()
        .find(|&t| site.pages[t].lang.as_str() == lang)
    else {
        eprintln!("error: {}: the page has no `{lang}` version", rel.display());
        return ExitCode::from(1);
    };
    let renderer = match loa::render::Renderer::new(&rendered.render_input()) {
        Ok(r) => r,
        Err(list) => return report_other(&BuildError::Content(list)),
    };
    println!("{}", renderer.share(id).text);
    ExitCode::SUCCESS
}

/// A day given to `loa bulletin`, or a message naming the flag and the
/// form expected.
fn bulletin_day(flag: &str, value: &str) -> Result<jiff::civil::Date, String> {
    let well_formed = value.len() == 10
        && value.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    match value.parse::<jiff::civil::Date>() {
        Ok(d) if well_formed => Ok(d),
        _ => Err(format!(
            "error: {flag} {value:?}: not a day; expected YYYY-MM-DD, e.g. 2026-11-30"
        )),
    }
}

/// `loa bulletin --since`: builds the portal in memory and prints (or
/// writes) the bulletin of the Vietnamese items dated in the range, the
/// same text as the weekly file.
fn bulletin(
    since: &str,
    until: Option<&str>,
    root: &std::path::Path,
    now: Option<String>,
    output: Option<&std::path::Path>,
) -> ExitCode {
    let days = bulletin_day("--since", since)
        .and_then(|from| Ok((from, until.map(|u| bulletin_day("--until", u)).transpose()?)));
    let (from, until) = match days {
        Ok(d) => d,
        Err(m) => {
            eprintln!("{m}");
            return ExitCode::from(2);
        }
    };
    let rendered = match render_at(root, now) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let to = until.unwrap_or_else(|| rendered.now.local().date());
    if to < from {
        eprintln!("error: --until {to} is before --since {from}: give the first day with --since");
        return ExitCode::from(2);
    }
    let renderer = match loa::render::Renderer::new(&rendered.render_input()) {
        Ok(r) => r,
        Err(list) => return report_other(&BuildError::Content(list)),
    };
    let Some(text) = renderer.bulletin_between(from, to) else {
        eprintln!(
            "No Vietnamese article, policy, job fair, job order or scam alert is dated from {from} to {to} (fairs already over and orders no longer open are left out); nothing to read."
        );
        return ExitCode::SUCCESS;
    };
    match output {
        None => print!("{text}"),
        Some(file) => {
            if let Err(e) = std::fs::write(file, &text) {
                eprintln!("error: {}: cannot write the bulletin: {e}", file.display());
                return ExitCode::from(2);
            }
            eprintln!(
                "Wrote the bulletin from {from} to {to} to {}",
                file.display()
            );
        }
    }
    ExitCode::SUCCESS
}
