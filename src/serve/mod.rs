//! `loa serve`: build the portal into memory, serve it over HTTP on this
//! machine, watch the sources, rebuild on change and tell open pages to
//! reload (server-sent events; no browser extension).
//!
//! Nothing is written to disk: the files of the last good build live in a
//! map, so a failed rebuild (a typo in front matter, a template error, a
//! deleted page that others link to) leaves the previous site in place; its
//! errors go to the terminal and over every page as an overlay.
//!
//! Each change rebuilds the site into memory from what the last build kept
//! (`pipeline::BuildCache`: pages as parsed, bodies as rendered, each reused
//! only while its inputs are the same), then renders every output file from
//! the whole site: no dependency tracking between pages, which is where
//! Zola's incremental rebuild went wrong, and `tests/it/incremental.rs` checks
//! the result against a fresh build byte for byte. An edit to a page is
//! shown before that, on its own, while requests for everything made from
//! it wait for the rebuild (see `state`): the writer sees the edit at once
//! on a portal of any size, and nobody is shown a stale listing.
//! `wire` speaks HTTP, one thread per connection; notify watches.

mod error;
mod guard;
mod http;
mod state;
mod watch;
mod wire;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use crate::error::{BuildError, Diagnostic};
use crate::pipeline::BuildOptions;
pub use error::ServeError;
pub use guard::TOKEN_HEADER;
pub use http::EVENTS_PATH;
use state::{Outcome, Shared};
pub use wire::MAX_CONNECTIONS;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The portal folder.
    pub root: PathBuf,
    /// The address to listen on (127.0.0.1 keeps the preview on this machine).
    pub bind: IpAddr,
    /// The port; 0 lets the system choose a free one.
    pub port: u16,
    /// Include drafts and future-dated pages.
    pub drafts: bool,
    /// Print each rebuild to stderr.
    pub verbose: bool,
    /// Serve the site under this path (`/xkld/`), as its host will;
    /// `None` takes the path of site.toml's base_url.
    pub base_path: Option<String>,
    /// Serve the web editor at `/admin/` with its local backend (`--editor`).
    pub editor: bool,
    /// Let the editor run on an address other computers can reach
    /// (`--allow-remote-editing`): anyone who can open the preview can edit.
    pub allow_remote_editing: bool,
}

/// Checks and normalizes a `--base-path` (`xkld` -> `/xkld/`).
pub fn normalize_base_path(path: &str) -> Result<String, ServeError> {
    let p = path.trim();
    if p.contains(['?', '#', '\\', ':']) || p.split('/').any(|s| s == "." || s == "..") {
        return Err(ServeError::BasePath {
            path: p.to_string(),
        });
    }
    let inner: Vec<&str> = p.split('/').filter(|s| !s.is_empty()).collect();
    if inner.is_empty() {
        return Ok("/".into());
    }
    Ok(format!("/{}/", inner.join("/")))
}

/// A running preview server. [`Server::stop`] shuts it down cleanly.
pub struct Server {
    addr: SocketAddr,
    /// The path the site is served under (`/` or `/xkld/`).
    prefix: String,
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
    first: Outcome,
}

impl Server {
    /// Binds the port, builds the site once and starts serving and watching.
    /// A build with errors still starts the server (it shows the errors).
    pub fn start(opts: &ServeOptions) -> Result<Server, BuildError> {
        require_portal(opts)?;
        let prefix = serve_prefix(opts)?;
        refuse_remote_editor(opts)?;
        let listener = bind(opts.bind, opts.port)?;
        let addr = listener.addr();
        let guard = guard::Guard::new(addr.ip(), addr.port())
            .map_err(|e| BuildError::Refused(format!("loa serve: {e}")))?;
        let backend = if opts.editor {
            Some(local_backend(&opts.root)?)
        } else {
            None
        };
        let build = preview_build_options(opts, addr, &prefix);
        let shared = Arc::new(Shared::default());
        let first = shared.rebuild(&build, &[]);
        let stop = Arc::new(AtomicBool::new(false));
        let (tx, rx) = mpsc::channel();
        // Events name absolute paths; compare them with the absolute root.
        let watch_root = std::fs::canonicalize(&opts.root).unwrap_or_else(|_| opts.root.clone());
        let watcher = watch::Watcher::start(&watch_root, tx)
            .map_err(|e| BuildError::Refused(e.to_string()))?;
        let mut threads = spawn_rebuilders(watcher, rx, build, &shared, &stop, opts.verbose);
        let site = Site {
            shared: Arc::clone(&shared),
            stop: Arc::clone(&stop),
            prefix: prefix.clone(),
            backend,
            guard,
        };
        let accept_stop = Arc::clone(&stop);
        threads.push(std::thread::spawn(move || {
            listener.run(
                &accept_stop,
                Arc::new(move |req: &wire::Request, out: &mut std::net::TcpStream| {
                    site.answer(req, out)
                }),
            );
        }));
        Ok(Server {
            addr,
            prefix,
            stop,
            threads,
            first,
        })
    }

    /// Whether the preview can be reached from other computers (bound to
    /// an address other than loopback), for a warning.
    pub fn visible_on_network(&self) -> bool {
        !self.addr.ip().is_loopback()
    }

    /// Where the server listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The site's address for a browser.
    pub fn url(&self) -> String {
        format!("http://{}{}", display_host(self.addr), self.prefix)
    }

    /// The path the site is served under (`/`, or `/xkld/` for a sub-path site).
    pub fn base_path(&self) -> &str {
        &self.prefix
    }

    /// Problems of the first build (errors mean the browser shows them).
    pub fn first_build(&self) -> (&[Diagnostic], bool, Duration, usize) {
        (
            &self.first.diagnostics,
            self.first.ok,
            self.first.elapsed,
            self.first.files,
        )
    }

    /// Stops serving and watching and waits for the threads to end
    /// (connections still open end within half a second).
    pub fn stop(self) {
        self.stop.store(true, Ordering::Relaxed);
        if !wire::wake(self.addr) {
            // The accepting thread cannot be reached: leave it behind
            // rather than wait for it forever.
            eprintln!("warning: loa serve: cannot reach {} to stop it", self.addr);
            return;
        }
        for t in self.threads {
            let _ = t.join();
        }
    }
}

/// Refuses a folder without site.toml before anything is bound.
fn require_portal(opts: &ServeOptions) -> Result<(), BuildError> {
    if opts.root.join("site.toml").is_file() {
        return Ok(());
    }
    Err(BuildError::Refused(format!(
        "{} has no site.toml: run `loa serve` in a portal folder, give --root, or make one with `loa init`",
        opts.root.display()
    )))
}

/// The path to serve under: `--base-path` if given, else the path of
/// site.toml's base_url.
fn serve_prefix(opts: &ServeOptions) -> Result<String, BuildError> {
    Ok(match &opts.base_path {
        Some(p) => normalize_base_path(p).map_err(|e| BuildError::Refused(e.to_string()))?,
        // A site.toml that does not load yet is served at the root; its
        // errors show in the browser.
        None => crate::config::Config::load(&crate::config::RunSettings {
            root: opts.root.to_path_buf(),
            ..Default::default()
        })
        .map_or_else(|_| "/".to_string(), |c| c.base_url.path),
    })
}

/// Refuses `--editor` on an address other computers can reach, unless
/// `--allow-remote-editing` says that is meant: the editor writes files.
fn refuse_remote_editor(opts: &ServeOptions) -> Result<(), BuildError> {
    if opts.editor && !opts.bind.is_loopback() && !opts.allow_remote_editing {
        return Err(BuildError::Refused(format!(
            "--editor on --bind {} would let anyone on the network who can reach this computer change the portal's files; keep the default --bind 127.0.0.1, or add --allow-remote-editing if that is what you want",
            opts.bind
        )));
    }
    Ok(())
}

/// The build options of the preview: links point at the server's own
/// address under `prefix`, and the editor (if on) saves to its local API.
fn preview_build_options(opts: &ServeOptions, addr: SocketAddr, prefix: &str) -> BuildOptions {
    BuildOptions {
        root: opts.root.clone(),
        base_url: Some(format!("http://{}{prefix}", display_host(addr))),
        drafts: opts.drafts,
        editor_backend: opts.editor.then(|| {
            format!(
                "http://{}{}",
                display_host(addr),
                crate::editor::local::API_PATH
            )
        }),
        ..Default::default()
    }
}

/// Starts the two threads that keep the preview current: one takes the
/// watcher's changes (and shows an edited page at once), one rebuilds.
fn spawn_rebuilders(
    watcher: watch::Watcher,
    rx: mpsc::Receiver<notify_debouncer_full::DebounceEventResult>,
    build: BuildOptions,
    shared: &Arc<Shared>,
    stop: &Arc<AtomicBool>,
    verbose: bool,
) -> Vec<JoinHandle<()>> {
    let watching = {
        let (shared, stop) = (Arc::clone(shared), Arc::clone(stop));
        let build = build.clone();
        std::thread::spawn(move || {
            watch_loop(watcher, &rx, &build, &shared, &stop, verbose);
        })
    };
    let building = {
        let (shared, stop) = (Arc::clone(shared), Arc::clone(stop));
        std::thread::spawn(move || {
            build_loop(&build, &shared, &stop, verbose);
        })
    };
    vec![watching, building]
}

/// What every connection's thread answers requests with.
struct Site {
    shared: Arc<Shared>,
    stop: Arc<AtomicBool>,
    prefix: String,
    backend: Option<crate::editor::local::LocalBackend>,
    guard: guard::Guard,
}

impl Site {
    fn answer(&self, req: &wire::Request, out: &mut std::net::TcpStream) -> wire::Handled {
        http::handle(
            req,
            out,
            &self.shared,
            &self.stop,
            &self.prefix,
            self.backend.as_ref(),
            &self.guard,
        )
    }
}

/// The editor's local backend for the portal at `root`, saving photos where
/// `[editor] media_folder` says (or the default).
fn local_backend(root: &std::path::Path) -> Result<crate::editor::local::LocalBackend, BuildError> {
    let config = crate::config::Config::load(&crate::config::RunSettings {
        root: root.to_path_buf(),
        ..Default::default()
    })
    .map_err(|d| {
        let lines: Vec<String> = d.iter().map(ToString::to_string).collect();
        BuildError::Refused(format!(
            "--editor needs a readable site.toml:\n{}",
            lines.join("\n")
        ))
    })?;
    let media = config.editor.clone().unwrap_or_default().media_folder;
    let langs: Vec<String> = config
        .languages
        .iter()
        .map(|l| l.code.to_string())
        .collect();
    crate::editor::local::LocalBackend::new(root, &media, config.default_lang().as_str(), &langs)
        .map_err(|e| BuildError::Refused(format!("--editor: cannot open {}: {e}", root.display())))
}

/// `127.0.0.1:8000`, or `[::1]:8000`; an unspecified address (0.0.0.0) is
/// shown as 127.0.0.1, which reaches it from this machine.
fn display_host(addr: SocketAddr) -> String {
    let ip = if addr.ip().is_unspecified() {
        IpAddr::from([127, 0, 0, 1])
    } else {
        addr.ip()
    };
    SocketAddr::new(ip, addr.port()).to_string()
}

/// Binds, turning "address in use" into advice with a port that is free.
fn bind(ip: IpAddr, port: u16) -> Result<wire::Listener, BuildError> {
    wire::Listener::bind(SocketAddr::new(ip, port)).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            let free = (port.saturating_add(1)..port.saturating_add(50))
                .find(|p| std::net::TcpListener::bind(SocketAddr::new(ip, *p)).is_ok());
            let hint = match free {
                Some(p) => format!("; try `loa serve --port {p}`"),
                None => "; try another --port".to_string(),
            };
            BuildError::Refused(format!(
                "port {port} on {ip} is already in use (another `loa serve`, or another program){hint}"
            ))
        } else {
            BuildError::Refused(format!("cannot listen on {ip}:{port}: {e}"))
        }
    })
}

/// Waits for batches of changes from the watcher and hands them to the
/// shared state, which shows edited pages at once and queues the rest for
/// [`build_loop`]. It never waits for a build, so an edit made while the
/// site is being built is still shown at once.
fn watch_loop(
    mut watcher: watch::Watcher,
    rx: &mpsc::Receiver<notify_debouncer_full::DebounceEventResult>,
    build: &BuildOptions,
    shared: &Shared,
    stop: &AtomicBool,
    verbose: bool,
) {
    while !stop.load(Ordering::Relaxed) {
        let batch = match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(b) => b,
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        let mut changed: Vec<PathBuf> = Vec::new();
        for b in std::iter::once(batch).chain(rx.try_iter()) {
            changed.extend(watcher.changed(b));
        }
        changed.sort();
        changed.dedup();
        if changed.is_empty() {
            continue;
        }
        watcher.add_new_folders();
        let quick = shared.changed(build, &changed);
        if verbose {
            if let Some(t) = quick {
                eprintln!(
                    "Changed {}: page shown in {} ms; rebuilding the rest",
                    describe(&changed, watcher.root()),
                    t.as_millis()
                );
            }
        }
    }
}

/// Builds the whole site once per batch of queued changes (changes that
/// arrive during a build join the next batch).
fn build_loop(build: &BuildOptions, shared: &Shared, stop: &AtomicBool, verbose: bool) {
    while !stop.load(Ordering::Relaxed) {
        let Some(changed) = shared.next_changes(Duration::from_millis(200)) else {
            continue;
        };
        let outcome = shared.rebuild(build, &changed);
        if verbose {
            report(&outcome, &changed, &build.root);
        }
    }
}

/// `content/a.md`, or `content/a.md and 2 more`.
fn describe(changed: &[PathBuf], root: &std::path::Path) -> String {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let first = changed
        .first()
        .map(|p| p.strip_prefix(&root).unwrap_or(p).display().to_string())
        .unwrap_or_default();
    match changed.len() {
        0 | 1 => first,
        n => format!("{first} and {} more", n - 1),
    }
}

fn report(o: &Outcome, changed: &[PathBuf], root: &std::path::Path) {
    let what = describe(changed, root);
    if o.superseded {
        eprintln!("Changed {what}: newer changes came in during the rebuild; rebuilding again");
        return;
    }
    for d in &o.diagnostics {
        eprintln!("{d}");
    }
    if o.ok {
        eprintln!(
            "Changed {what}: rebuilt {} files in {} ms",
            o.files,
            o.elapsed.as_millis()
        );
    } else {
        eprintln!(
            "Changed {what}: the build failed; still serving the last good site (the errors show in the browser too)"
        );
    }
}
