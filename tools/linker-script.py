#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The kernel's linker script, from linker.ld.in and platforms/subarch_list.h.

    tools/linker-script.py linker.ld.in build/linker.ld

Each block of the template from a line "@FOR_EACH_SUBARCH" to a line "@END"
is written once per subarch, in the list's order, with @folder@ replaced by
its folder (pc for platforms/pc/); @PRIVATE_FILES@ becomes the file pattern
of every subarch's folder (*platforms/pc/* *platforms/xen/*).  The output is
written whole or not at all, since parallel builds share it."""
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import subarch_list  # noqa: E402


def expand(template: str, folders: list) -> str:
    out, block = [], None
    private_files = " ".join(f"*platforms/{folder}/*" for folder in folders)
    for number, line in enumerate(template.splitlines(keepends=True), 1):
        if line.strip() == "@FOR_EACH_SUBARCH":
            if block is not None:
                raise SystemExit(f"linker.ld.in:{number}: @FOR_EACH_SUBARCH inside another")
            block = []
        elif line.strip() == "@END":
            if block is None:
                raise SystemExit(f"linker.ld.in:{number}: @END without @FOR_EACH_SUBARCH")
            out += [text.replace("@folder@", folder) for folder in folders for text in block]
            block = None
        elif block is not None:
            block.append(line)
        else:
            out.append(line.replace("@PRIVATE_FILES@", private_files))
    if block is not None:
        raise SystemExit("linker.ld.in: @FOR_EACH_SUBARCH without @END")
    script = "".join(out)
    for marker in ("@folder@", "@PRIVATE_FILES@"):
        if marker in script:
            raise SystemExit(f"linker.ld.in: {marker} outside a @FOR_EACH_SUBARCH block")
    return script


def main() -> None:
    template, output = sys.argv[1:3]
    root = Path(template).resolve().parent
    script = expand(Path(template).read_text(), subarch_list.folders(root))
    temporary = f"{output}.{os.getpid()}"
    Path(temporary).write_text(script)
    os.replace(temporary, output)


if __name__ == "__main__":
    main()
