#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""What one image for every subarch costs, in bytes.

    tools/size-report.py [--json] [ELF]            one image (build/onepath.elf)
    tools/size-report.py [--json] --compare DEFAULT PC XEN ...

For an image: text, rodata, data and bss (each the sum of its sections'
sizes, from the section headers: alignment padding is not counted), the
subarch-private output sections of build/linker.ld (.text.pc, .rodata.xen, ...)
and the init-only ones (.init.text, .init.rodata), 0 where an image has
none, and per subarch S:

  after init   code that can still run once init is done on S: all code
               less .init.text less the other subarchs' .text.<T>
  jettisoned   what kernel/jettison.c unmaps on S: the init-only sections
               and every section private to another subarch

--compare puts the default build (every subarch) beside the single-subarch
builds, one per subarch in list order (`make size` makes them all), and prints the paravirt-style
overhead: how much more code the default image has than the image built
for one subarch, in all and after init, and the count of writable hook
structures in common code (tools/hooks.py), which onepath wants at 0.
An image that does not exist is shown as not built.
"""
import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hooks  # noqa: E402  (tools/hooks.py: the ELF reader, the hook count)
import subarch_list  # noqa: E402

ROOT = hooks.ROOT
# (NAME, folder) of every subarch: the Makefile's default SUBARCHES.
SUBARCHES = subarch_list.subarchs(ROOT)
KINDS = ("text", "rodata", "data", "bss")
PRIVATE_SECTIONS = [f".{kind}.{s}" for _, s in SUBARCHES for kind in KINDS]
INIT_SECTIONS = (".init.text", ".init.rodata")
LABELS = ("default", *(folder for _, folder in SUBARCHES))


def measure(path: Path) -> dict:
    """The sizes of one linked image."""
    elf = hooks.Elf(path)
    totals = dict.fromkeys(KINDS, 0)
    named = {}
    for s in elf.sections:
        if not s["flags"] & hooks.SHF_ALLOC or not s["size"]:
            continue
        named[s["name"]] = named.get(s["name"], 0) + s["size"]
        if s["flags"] & hooks.SHF_EXECINSTR:
            totals["text"] += s["size"]
        elif s["type"] == hooks.SHT_NOBITS:
            totals["bss"] += s["size"]
        elif s["flags"] & hooks.SHF_WRITE:
            totals["data"] += s["size"]
        else:
            totals["rodata"] += s["size"]
    sections = {name: named.get(name, 0) for name in PRIVATE_SECTIONS + list(INIT_SECTIONS)}
    per_subarch = {}
    for name, s in SUBARCHES:
        others = [t for _, t in SUBARCHES if t != s]
        per_subarch[name] = dict(
            after_init=totals["text"] - sections[".init.text"]
            - sum(sections[f".text.{t}"] for t in others),
            jettisoned=sum(sections[n] for n in INIT_SECTIONS)
            + sum(sections[f".{kind}.{t}"] for t in others for kind in KINDS))
    return dict(image=str(path), **totals, sections=sections, subarchs=per_subarch)


def percent(more: int, base: int) -> str:
    return f"{100.0 * (more - base) / base:+.1f}%" if base else "n/a"


def compare(paths: list, objects: Path) -> dict:
    builds = []
    for label, path in zip(LABELS, map(Path, paths)):
        builds.append(dict(label=label, **measure(path)) if path.exists()
                      else dict(label=label, image=str(path), missing=True))
    default = builds[0]
    overhead = {}
    if not default.get("missing"):
        for single in builds[1:]:
            if single.get("missing"):
                continue
            s = dict((folder, name) for name, folder in SUBARCHES)[single["label"]]
            overhead[single["label"]] = dict(
                subarch=s,
                text=default["text"] - single["text"],
                text_percent=percent(default["text"], single["text"]),
                after_init_percent=percent(default["subarchs"][s]["after_init"],
                                           single["subarchs"][s]["after_init"]))
    try:
        hook_count = hooks.count([str(objects)], ROOT)["count"]
    except (OSError, ValueError):
        hook_count = None
    return dict(builds=builds, overhead=overhead, hooks=hook_count)


def table(rows: list, headings: list) -> str:
    widths = [max(len(str(r[i])) for r in rows + [headings]) for i in range(len(headings))]
    line = lambda r: "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)  # noqa: E731
                               for i, (c, w) in enumerate(zip(r, widths)))
    return "\n".join([line(headings)] + [line(r) for r in rows])


def rows_of(builds: list) -> list:
    rows = []
    for kind in KINDS:
        rows.append([kind] + [b.get(kind, "-") for b in builds])
    for name in PRIVATE_SECTIONS + list(INIT_SECTIONS):
        rows.append([name] + [b["sections"][name] if "sections" in b else "-" for b in builds])
    for S, s in SUBARCHES:
        for what, key in (("code after init on", "after_init"), ("jettisoned on", "jettisoned")):
            # A single-subarch build says nothing about the other one.
            rows.append([f"{what} {S}"] + [
                b["subarchs"][S][key] if "subarchs" in b and b["label"] in ("default", s)
                else "-" for b in builds])
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("elf", nargs="?", default=str(ROOT / "build" / "onepath.elf"))
    parser.add_argument("--compare", nargs=len(LABELS),
                        metavar=("DEFAULT", *(name for name, _ in SUBARCHES)))
    parser.add_argument("--objects", default=str(ROOT / "build" / "kernel"),
                        help="the object directory tools/hooks.py counts in")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    try:
        if not args.compare:
            result = measure(Path(args.elf))
            print(json.dumps(result, indent=2) if args.json else
                  result["image"] + "\n" + table(rows_of([dict(label="default", **result)]),
                                                 ["bytes", "image"]))
            return 0
        result = compare(args.compare, Path(args.objects))
    except (OSError, ValueError) as error:
        print(f"size-report: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    builds = result["builds"]
    print(table(rows_of(builds), ["bytes"] + [
        f"{b['label']}" + (" (not built)" if b.get("missing") else "") for b in builds]))
    for b in builds:
        print(f"{b['label']}: {b['image']}")
    for label, o in result["overhead"].items():
        print(f"overhead of one image for {' and '.join(LABELS[1:])} over the {label}-only "
              f"build: text {o['text_percent']}, code after init on {o['subarch']} "
              f"{o['after_init_percent']}")
    print(f"hooks: {result['hooks'] if result['hooks'] is not None else 'unknown'} "
          "writable function-pointer hook structures in common code")
    return 0


if __name__ == "__main__":
    sys.exit(main())
