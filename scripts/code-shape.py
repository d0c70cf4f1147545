#!/usr/bin/env python3
"""The shape of src/ that issue 18 asks to keep: functions over a length
(default 60 lines) and the comment ratio of the core stages.

    python3 scripts/code-shape.py            # both reports
    python3 scripts/code-shape.py --max 80   # another length

A text scan, not a parser: a function runs from its `fn` line to the
closing brace at the same indentation; test modules (`#[cfg(test)]` then
`mod`) are left out of the comment ratio, and their functions are marked.
"""
import os
import re
import sys

CORE = ["config", "content", "markdown", "site", "bodies", "render", "output", "images"]
FN = re.compile(r"^(\s*)(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?fn\s+(\w+)")


def rust_files(path):
    if os.path.isfile(path):
        return [path]
    out = []
    for root, _, files in os.walk(path):
        out += [os.path.join(root, f) for f in files if f.endswith(".rs")]
    return sorted(out)


def long_functions(limit):
    found = []
    for path in rust_files("src"):
        lines = open(path, encoding="utf-8").read().split("\n")
        in_tests = False
        for i, line in enumerate(lines):
            if line.startswith("#[cfg(test)]"):
                in_tests = True
            m = FN.match(line)
            if not m:
                continue
            indent = m.group(1)
            j = i
            while j < len(lines) and not lines[j].rstrip().endswith(("{", ";")):
                j += 1
            if j == len(lines) or lines[j].rstrip().endswith(";"):
                continue
            k = j + 1
            while k < len(lines) and lines[k].rstrip() != indent + "}":
                k += 1
            n = k - i + 1
            if n > limit:
                found.append((n, path, i + 1, m.group(7), in_tests))
    return sorted(found, reverse=True)


def comment_ratio(module):
    path = "src/" + module if os.path.isdir("src/" + module) else "src/" + module + ".rs"
    comments = code = 0
    for f in rust_files(path):
        lines = open(f, encoding="utf-8").read().split("\n")
        for i, line in enumerate(lines):
            if line.startswith("#[cfg(test)]") and i + 1 < len(lines) and lines[i + 1].startswith("mod "):
                lines = lines[:i]
                break
        for line in lines:
            t = line.strip()
            if t.startswith("//"):
                comments += 1
            elif t:
                code += 1
    return comments, code


def main():
    limit = 60
    if "--max" in sys.argv:
        limit = int(sys.argv[sys.argv.index("--max") + 1])
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    print(f"functions over {limit} lines:")
    for n, path, line, name, test in long_functions(limit):
        print(f"  {n:4}  {path}:{line}  {name}{'  (test)' if test else ''}")
    print("comment lines / non-blank lines, core stages (tests left out):")
    for m in CORE:
        c, k = comment_ratio(m)
        print(f"  {m:9} {100 * c / max(c + k, 1):5.1f}%  ({c} of {c + k})")


if __name__ == "__main__":
    main()
