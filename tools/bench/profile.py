#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Where one init entry's guest instructions go, by symbol.

    tools/bench/profile.py ENTRY [--door DOOR] [--cmdline TEXT] [--top N]

Boots the image once through DOOR (multiboot1-pc unless told) under the
counting plugin (tools/bench/insn_count.c) with its profile on, from the
start of ENTRY's init routine to the start of the next init routine run
(or jettison, after the last), the same interval as the per-entry cost of
`make bench-quick`, and prints the instructions of that interval summed by
the function they belong to, then the hottest addresses.  Needs `make
bench-quick`'s inputs (build/bench/insn_count.so).
"""
import argparse
import bisect
import collections
import sys
import tempfile
from pathlib import Path

import bench

sys.path.insert(0, str(bench.ROOT / "tests"))
import boot  # noqa: E402


def interval(image: bench.Image, entry: str, subarch: str):
    """The init routine of ENTRY and the addresses that may end its
    interval: the routines after it (the next may be skipped), then
    jettison, as many as the plugin takes."""
    routines = {e["name"]: e["init"] for e in image.table["entries"]}
    sequence = image.table["sequences"][subarch]
    if entry not in sequence:
        sys.exit(f"profile: {entry} is not in the {subarch} sequence: {' '.join(sequence)}")
    later = [routines[name] for name in sequence[sequence.index(entry) + 1:]]
    ends = [image.symbols[name] for name in later[:PLUGIN_ENDS_MAX - 1] + ["jettison"]]
    return image.symbols[routines[entry]], ends


# SPAN_ENDS_MAX in insn_count.c.  Should the entry be followed by more
# routines than that, none of which runs, the interval ends at jettison.
PLUGIN_ENDS_MAX = 16


def functions(image: bench.Image):
    """Sorted start addresses of the image's code symbols, and their names."""
    out = bench.run(["nm", "-n", str(image.elf)]).stdout
    starts, names = [], []
    for line in out.splitlines():
        fields = line.split()
        if len(fields) == 3 and fields[1] in "tT":
            starts.append(int(fields[0], 16))
            names.append(fields[2])
    return starts, names


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("entry")
    parser.add_argument("--door", default="multiboot1-pc", choices=sorted(bench.DOORS))
    parser.add_argument("--cmdline", default="")
    parser.add_argument("--top", type=int, default=20)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        image = bench.Image(bench.BUILD / "onepath.elf", Path(tmp))
        door_entry, subarch = bench.DOORS[options.door]
        start, ends = interval(image, options.entry, subarch)
        plugin = image.plugin_args(door_entry, {}, {}) + \
            ["profile=" + ":".join(f"{a:#x}" for a in [start, *ends])]
        args, debugcon = bench.door_args(options.door, image, options.cmdline)
        report = Path(tmp, "plugin.log")
        outcome = boot.run_qemu([*args, *bench.ICOUNT, "-plugin", ",".join([str(bench.PLUGIN), *plugin]),
                                 "-d", "plugin", "-D", str(report)], debugcon=debugcon, timeout=300)
        lines = report.read_text().splitlines() if report.exists() else []
        starts, names = functions(image)

    if outcome.status != boot.EXIT_SUCCESS:
        sys.exit(f"profile: the boot failed (QEMU status {outcome.status})")
    by_address = {}
    for line in lines:
        fields = line.split()
        if fields[:2] == ["insn_count:", "profile"]:
            by_address[int(fields[2], 16)] = int(fields[3])
    if not by_address:
        sys.exit(f"profile: {options.entry}'s interval never closed")
    by_function = collections.Counter()
    for address, n in by_address.items():
        i = bisect.bisect_right(starts, address) - 1
        by_function[names[i] if i >= 0 else "?"] += n
    total = sum(by_address.values())
    print(f"{options.entry} on {options.door}: {total:,} instructions")
    for name, n in by_function.most_common(options.top):
        print(f"  {n:>9,}  {100 * n / total:5.1f}%  {name}")
    print("hottest addresses:")
    for address, n in sorted(by_address.items(), key=lambda kv: -kv[1])[:options.top]:
        i = bisect.bisect_right(starts, address) - 1
        print(f"  {n:>9,}  {address:#x}  {names[i]}+{address - starts[i]:#x}")


if __name__ == "__main__":
    main()
