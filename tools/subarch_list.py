# SPDX-License-Identifier: MIT
"""The subarchs of platforms/subarch_list.h, for the scripts and tests.

That header is the only list: C reads it as an X-macro, and this module
reads its SUBARCH(NAME, folder) lines in the same order."""
import re
from pathlib import Path

LIST = Path("platforms") / "subarch_list.h"
LINE = re.compile(r"^SUBARCH\(\s*([A-Z][A-Z0-9_]*)\s*,\s*([a-z][a-z0-9_]*)\s*\)\s*$")


def subarchs(root=Path(__file__).resolve().parent.parent) -> list:
    """[(NAME, folder), ...] in the list's order: [("PC", "pc"), ...]."""
    found = [m.groups() for m in map(LINE.match, (Path(root) / LIST).read_text().splitlines())
             if m]
    if not found:
        raise SystemExit(f"{Path(root) / LIST}: no SUBARCH(NAME, folder) line")
    return found


def names(root=Path(__file__).resolve().parent.parent) -> list:
    """["PC", "XEN", ...]."""
    return [name for name, _ in subarchs(root)]


def folders(root=Path(__file__).resolve().parent.parent) -> list:
    """["pc", "xen", ...]."""
    return [folder for _, folder in subarchs(root)]
