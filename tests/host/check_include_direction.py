#!/usr/bin/env python3
"""Checks that host/ is a stack: no folder includes a folder above it.

The order is host/README.md's table between the markers `<!-- stack: begin -->` and
`<!-- stack: end -->`: one row per layer, top first, the layer's folders (`name/`) and
top-level files (`main.cpp`) in backquotes in its second column. A file may include
files of its own folder and of any lower layer; folders on the same row are siblings
and include neither each other nor anything above. Every folder and top-level file of
host/ must be in the table, so a new one has to be placed.

Every `#include "folder/..."` (and `#include <connector/store/...>`, the store's
public headers) of host/**/*.{cpp,hpp} is checked; an include naming no host folder
(the standard library, Boost, the plugin ABI's <connector/x.h>, a file beside the
includer) is not the check's business.

  check_include_direction.py HOST_DIR      exit 0, or 1 naming file:line and both folders
  check_include_direction.py --self-test   the check fails on a tree that breaks the order
"""
import pathlib
import re
import sys
import tempfile

BEGIN, END = "<!-- stack: begin -->", "<!-- stack: end -->"
INCLUDE = re.compile(r'^\s*#\s*include\s*(?:"([^"]+)"|<(connector/store/[^>]+)>)')
SOURCES = (".cpp", ".hpp", ".h", ".cc")


def read_layers(readme):
    """{folder or top-level file: layer index (0 = top)} from the README's table."""
    text = readme.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        sys.exit(f"{readme}: no {BEGIN} ... {END} table")
    layers = {}
    rows = [line for line in text.split(BEGIN, 1)[1].split(END, 1)[0].splitlines()
            if line.startswith("|")]
    for row in rows:
        cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
        if len(cells) < 2 or set(cells[0]) <= set("-: "):
            continue  # the separator row
        names = re.findall(r"`([^`]+)`", cells[1])
        if not names:
            continue  # the header row
        index = len(set(layers.values()))
        for name in names:
            name = name.rstrip("/")
            if name in layers:
                sys.exit(f"{readme}: {name} is in the stack twice")
            layers[name] = index
    if not layers:
        sys.exit(f"{readme}: the stack table has no rows")
    return layers


def unit_of(host, path):
    """The folder (or top-level file) of host/ that `path` belongs to."""
    return path.relative_to(host).parts[0]


def included_unit(include, units):
    """The host folder an include names, or None when it names none."""
    if include.startswith("connector/store/"):
        return "store"
    head = include.split("/", 1)[0]
    return head if "/" in include and head in units else None


def check(host, readme):
    layers = read_layers(readme)
    problems = []
    present = {unit_of(host, path) for path in host.iterdir()
               if path.is_dir() or path.suffix in SOURCES}
    for unit in sorted(present - layers.keys()):
        problems.append(f"{host / unit}: not in the stack of {readme}; add it to the table")
    for path in sorted(host.rglob("*")):
        if path.suffix not in SOURCES or not path.is_file():
            continue
        unit = unit_of(host, path)
        if unit not in layers:
            continue  # reported above
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = INCLUDE.match(line)
            if not match:
                continue
            include = match.group(1) or match.group(2)
            target = included_unit(include, layers)
            if target is None or target == unit:
                continue
            if layers[target] < layers[unit]:
                problems.append(f"{path}:{number}: {unit}/ includes {include}: "
                                f"{target}/ is above {unit}/ in the stack")
            elif layers[target] == layers[unit]:
                problems.append(f"{path}:{number}: {unit}/ includes {include}: "
                                f"{target}/ and {unit}/ are siblings (the same layer)")
    return problems


def self_test():
    with tempfile.TemporaryDirectory() as temporary:
        host = pathlib.Path(temporary) / "host"
        for folder in ("top", "left", "right", "bottom"):
            (host / folder).mkdir(parents=True)
        readme = host / "README.md"
        readme.write_text(f"{BEGIN}\n| layer | folders |\n|---|---|\n| 1 | `top/` |\n"
                          f"| 2 | `left/`, `right/` |\n| 3 | `bottom/` |\n{END}\n")
        (host / "top" / "a.cpp").write_text('#include "left/b.hpp"\n#include <vector>\n')
        (host / "left" / "b.hpp").write_text('#include "bottom/c.hpp"\n#include "b2.hpp"\n')
        (host / "bottom" / "c.hpp").write_text("")
        assert check(host, readme) == [], check(host, readme)
        (host / "bottom" / "c.hpp").write_text('#include "top/a.hpp"\n')
        (host / "right" / "d.cpp").write_text('\n #  include "left/b.hpp"\n')
        problems = check(host, readme)
        assert len(problems) == 2, problems
        assert "c.hpp:1: bottom/ includes top/a.hpp: top/ is above bottom/" in problems[0], problems
        assert "d.cpp:2: right/ includes left/b.hpp: left/ and right/ are siblings" in problems[1]
        (host / "extra").mkdir()
        assert any("extra: not in the stack" in p for p in check(host, readme))
    print("self-test: ok")
    return 0


def main(argv):
    if argv[1:] == ["--self-test"]:
        return self_test()
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    host = pathlib.Path(argv[1]).resolve()
    problems = check(host, host / "README.md")
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} include(s) against the stack of {host / 'README.md'}")
        return 1
    print(f"{host}: every include goes down the stack")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
