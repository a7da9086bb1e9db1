#!/usr/bin/env python3
"""Checks that ELF binaries were built hardened (cmake/Hardening.cmake), with readelf:

  RELRO          a GNU_RELRO segment (-Wl,-z,relro)
  BIND_NOW       BIND_NOW in DT_FLAGS or NOW in DT_FLAGS_1 (-Wl,-z,now): with RELRO,
                 a read-only GOT
  stack canary   __stack_chk_fail imported (-fstack-protector-strong)
  fortify        at least one glibc __*_chk function imported (-D_FORTIFY_SOURCE=2),
                 the rule Debian's hardening-check and lintian use
  PIE            executables only (those with an interpreter): PIE in DT_FLAGS_1

    check_binary_hardening.py FILE...           exit 1 with one line per missing property
    check_binary_hardening.py --self-test CC    compile a small program with CC with the
        flags and without them, and fail unless the first passes and the second is
        reported for each property
"""

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

PROPERTIES = ("RELRO", "BIND_NOW", "stack canary", "fortify", "PIE")


def readelf(*arguments: str) -> str:
    return subprocess.run(["readelf", "--wide", *arguments], check=True, text=True,
                          capture_output=True).stdout


def is_executable(binary: Path) -> bool:
    """An executable has an interpreter (ld.so); a shared library or plugin does not."""
    return re.search(r"^\s*INTERP\s", readelf("--program-headers", str(binary)),
                     re.MULTILINE) is not None


def missing_properties(binary: Path) -> list[str]:
    """The properties of PROPERTIES that `binary` lacks (PIE: executables only)."""
    segments = readelf("--program-headers", str(binary))
    dynamic = readelf("--dynamic", str(binary))
    imported = set()
    for line in readelf("--dyn-syms", str(binary)).splitlines():
        fields = line.split()
        # Num: Value Size Type Bind Vis Ndx Name: imports are undefined (UND).
        if len(fields) >= 8 and fields[6] == "UND":
            imported.add(fields[7].split("@")[0])

    missing = []
    if not re.search(r"^\s*GNU_RELRO\s", segments, re.MULTILINE):
        missing.append("RELRO")
    flags = " ".join(line for line in dynamic.splitlines() if "(FLAGS" in line)
    if not re.search(r"\bBIND_NOW\b", flags) and not re.search(r"\(FLAGS_1\).*\bNOW\b", flags):
        missing.append("BIND_NOW")
    if "__stack_chk_fail" not in imported:
        missing.append("stack canary")
    if not any(re.fullmatch(r"__\w+_chk", name) and name != "__stack_chk_fail"
               for name in imported):
        missing.append("fortify")
    if is_executable(binary) and not re.search(r"\(FLAGS_1\).*\bPIE\b", flags):
        missing.append("PIE")
    return missing


def check(binaries: list[Path]) -> list[str]:
    problems = []
    for binary in binaries:
        if not binary.is_file():
            problems.append(f"{binary}: no such file")
            continue
        try:
            missing = missing_properties(binary)
        except subprocess.CalledProcessError as error:
            reason = (error.stderr or "").strip().splitlines()
            problems.append(f"{binary}: not readable as ELF" + (f" ({reason[0]})" if reason else ""))
            continue
        for name in missing:
            problems.append(f"{binary}: no {name}")
    return problems


FIXTURE = r"""
#include <stdio.h>
#include <string.h>
int main(int argc, char **argv) {
  char line[64];
  snprintf(line, sizeof line, "%s has %d arguments", argv[0], argc);
  puts(line);
  return (int)strlen(line) % 2;
}
"""
HARDENED = ["-O2", "-fstack-protector-strong", "-U_FORTIFY_SOURCE", "-D_FORTIFY_SOURCE=2",
            "-fPIE", "-pie", "-Wl,-z,relro", "-Wl,-z,now"]
UNHARDENED = ["-O2", "-fno-stack-protector", "-U_FORTIFY_SOURCE", "-fno-PIE", "-no-pie",
              "-Wl,-z,norelro", "-Wl,-z,lazy"]


def self_test(compiler: str) -> int:
    with tempfile.TemporaryDirectory() as temporary:
        source = Path(temporary) / "fixture.c"
        source.write_text(FIXTURE, encoding="utf-8")
        built = {}
        for name, flags in (("hardened", HARDENED), ("unhardened", UNHARDENED)):
            built[name] = Path(temporary) / name
            subprocess.run([compiler, *flags, str(source), "-o", str(built[name])], check=True)
        hardened = missing_properties(built["hardened"])
        if hardened:
            print(f"self-test: the program built with the flags is reported lacking {hardened}")
            return 1
        unhardened = missing_properties(built["unhardened"])
        if sorted(unhardened) != sorted(PROPERTIES):
            print(f"self-test: the program built without the flags lacks {unhardened}, "
                  f"not all of {list(PROPERTIES)}")
            return 1
        print("self-test: built with the flags: all of " + ", ".join(PROPERTIES) +
              "; built without: each reported missing")
        return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--self-test", metavar="CC",
                        help="compile a fixture with CC, hardened and not, and check both")
    parser.add_argument("binaries", nargs="*", type=Path)
    args = parser.parse_args()
    if args.self_test:
        return self_test(args.self_test)
    if not args.binaries:
        parser.error("no binary to check")
    problems = check(args.binaries)
    for problem in problems:
        print(problem)
    if problems:
        return 1
    for binary in args.binaries:
        held = [name for name in PROPERTIES if name != "PIE" or is_executable(binary)]
        print(f"{binary}: " + ", ".join(held))
    return 0


if __name__ == "__main__":
    sys.exit(main())
