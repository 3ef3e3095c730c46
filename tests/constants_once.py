#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Each constant of the kernel is defined once: no name is #defined (C) or
given by equ/%define (asm) in two places of kernel/, tables/, platforms/
and boot/.  The asm takes what it shares with C from C headers
(tools/asm-constants.py), so a value written twice is a name defined twice.
X-macros (#undef'd after use) and header guards are not constants.

    tests/constants_once.py [ROOT]     prints PASS/FAIL lines"""
import re
import sys
from pathlib import Path

C_DEFINE = re.compile(r"^\s*#\s*define\s+([A-Za-z_]\w*)")
C_UNDEF = re.compile(r"^\s*#\s*undef\s+([A-Za-z_]\w*)")
ASM_DEFINE = re.compile(r"^\s*(?:%define\s+([A-Za-z_]\w*)|([A-Za-z_]\w*)\s+equ\b)")
GUARD = re.compile(r"^ONEPATH_\w+_H$")


def definitions(root: Path) -> dict:
    found, undefined = {}, set()
    for folder in ("kernel", "tables", "platforms", "boot"):
        for path in sorted((root / folder).rglob("*")):
            if path.suffix not in (".c", ".h", ".asm", ".inc"):
                continue
            is_c = path.suffix in (".c", ".h")
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if is_c:
                    m = C_UNDEF.match(line)
                    if m:
                        undefined.add(m.group(1))
                        continue
                    m = C_DEFINE.match(line)
                    name = m and m.group(1)
                else:
                    m = ASM_DEFINE.match(line)
                    name = m and (m.group(1) or m.group(2))
                if name and not GUARD.match(name):
                    found.setdefault(name, []).append(f"{path.relative_to(root)}:{number}")
    return {name: places for name, places in found.items()
            if len(places) > 1 and name not in undefined}


def main() -> int:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
    twice = definitions(root)
    for name, places in sorted(twice.items()):
        print(f"FAIL constants/{name}: defined in {', '.join(places)}")
    if not twice:
        print("PASS constants: every name defined once in kernel/, tables/, platforms/, boot/")
    return 1 if twice else 0


if __name__ == "__main__":
    sys.exit(main())
