#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Boots a door with bootinfo.dump and saves what the loader really gave
as tests/captures/<door>.txt: the raw bytes the parser read, plus what the
kernel made of them (the host test re-parses the bytes and must agree).

Usage: tools/capture-bootinfo.py DOOR...   (multiboot1-qemu, multiboot2-grub,
       multiboot2-grub-efi, pvh-qemu, pvh-microvm, pvh-xen, pvh-xen-domu)"""
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
import boot  # noqa: E402
import xen_domu  # noqa: E402


def pvh_xen_domu(cmdline: str) -> boot.Outcome:
    """A domU that xl created from onepath.cfg; its log from xl console."""
    domain = xen_domu.Domain("capture", cmdline=cmdline)
    session = xen_domu.run([[domain]])
    status = boot.EXIT_SUCCESS if domain.shutdown == "poweroff" else boot.EXIT_FAILURE
    return boot.Outcome(status, boot.strip_timestamps(domain.console), session.seconds)


DOORS = {
    "multiboot1-qemu": boot.multiboot1_pc,
    "multiboot2-grub": boot.multiboot2_grub,
    "multiboot2-grub-efi": boot.multiboot2_grub_efi,
    "pvh-qemu": boot.pvh_pc,
    "pvh-microvm": boot.pvh_microvm,
    "pvh-xen": boot.pvh_xen,
    "pvh-xen-domu": pvh_xen_domu,
}
LINE_PREFIX = r"^(?:\(d\d+\) )?"


def capture(door: str) -> str:
    outcome = DOORS[door]("bootinfo.dump")
    log = "\n".join(line for line in outcome.log.splitlines()
                    if not re.search(r"\(d\d+\)", outcome.log) or line.startswith("(d"))
    if outcome.status != boot.EXIT_SUCCESS:
        sys.exit(f"capture-bootinfo: {door} did not boot cleanly (status {outcome.status})")

    def one(pattern):
        match = re.search(LINE_PREFIX + pattern, log, re.M)
        if not match:
            sys.exit(f"capture-bootinfo: {door}: no line matching {pattern!r}")
        return match

    header = one(r"bootinfo\.dump: magic (0x[0-9a-f]+) info (0x[0-9a-f]+) ranges (\d+)$")
    info = one(r"onepath: boot info: (0x[0-9a-f]+), version (\d+), flags (0x[0-9a-f]+)")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()
    lines = [f"# {door}: captured by tools/capture-bootinfo.py at onepath {commit}",
             f"magic {header.group(1)}", f"info {header.group(2)}"]
    for kind in ("range", "xen-e820"):
        lines += [f"{kind} {a} {h}" for a, h in re.findall(
            LINE_PREFIX + rf"bootinfo\.dump: {kind} (0x[0-9a-f]+) ([0-9a-f]+)$", log, re.M)]
    count = re.search(LINE_PREFIX + r"bootinfo\.dump: xen-e820-count (\d+)$", log, re.M)
    if count:
        lines.append(f"xen-e820-count {count.group(1)}")
    protocol = one(r"onepath: entry protocol: (\S+)").group(1)
    loader = one(r"onepath: loader: (.*)$").group(1)
    cmdline = one(r'onepath: cmdline: "(.*)"$').group(1)
    memmap = one(r"memmap: (\d+) entries$").group(1)
    lines += [
        f"expect protocol {protocol}",
        f"expect loader {'' if loader == '(not given)' else loader}",
        f"expect cmdline {cmdline}",
        f"expect version {info.group(2)}",
        f"expect flags {info.group(3)}",
        f"expect memmap {memmap}",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    doors = sys.argv[1:] or list(DOORS)
    out = ROOT / "tests" / "captures"
    out.mkdir(exist_ok=True)
    for door in doors:
        (out / f"{door}.txt").write_text(capture(door))
        print(f"wrote tests/captures/{door}.txt")


if __name__ == "__main__":
    main()
