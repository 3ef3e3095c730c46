#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The kernel built with -flto (and, as always, --gc-sections): every init
# entry must survive, the verifier must pass it, and it must boot through
# the same sequence it predicts, on PC and XEN.
set -u
cd "$(dirname "$0")/.."
kernel=build/lto/onepath.elf
if ! make -s LTO=1 KERNEL=$kernel $kernel > build/lto.log 2>&1; then
	echo "FAIL build: $(tail -n 5 build/lto.log)"
	exit 1
fi
normal=$(build/host/inittab --sequence PC build/onepath.elf | tr '\n' ' ')
lto=$(build/host/inittab --sequence PC $kernel | tr '\n' ' ')
if [[ $normal == "$lto" ]]; then
	echo "PASS same-table: the LTO image plans the same PC sequence"
else
	echo "FAIL same-table: LTO '$lto' vs '$normal'"
fi
# Jettison unmaps a subarch's code by section: each subarch's platform
# code must still land in its own section when the objects are LTO's.
python3 - "$kernel" build/kernel-lto <<'PY'
import subprocess
import sys
from pathlib import Path
sys.path.insert(0, "tools")
import subarch_list


def functions(path):
    out = subprocess.run(["objdump", "-t", str(path)], capture_output=True, text=True,
                         check=True).stdout
    return [(line.split()[-3], line.split()[-1]) for line in out.splitlines() if " F " in line]


image = {name: int(value, 16) for value, _, name in
         (line.split() for line in subprocess.run(["nm", sys.argv[1]], capture_output=True,
                                                 text=True, check=True).stdout.splitlines()
          if len(line.split()) == 3)}
bad = 0
for name, folder in subarch_list.subarchs(Path(".")):
    start, end = image.get(f"text_{folder}_start", 0), image.get(f"text_{folder}_end", 0)
    placed = outside = 0
    for obj in sorted(Path(sys.argv[2], "platforms", folder).glob("*.o")):
        for section, function in functions(obj):
            if (section == ".text" or section.startswith(".text.")) and function in image:
                placed += 1
                if not start <= image[function] < end:
                    outside += 1
                    print(f"  {function} ({obj.name}) at 0x{image[function]:x}, "
                          f"outside .text.{folder} 0x{start:x}-0x{end:x}")
    ok = placed and not outside
    print(f"{'PASS' if ok else 'FAIL'} private-text-{folder}: {placed - outside} of {placed} "
          f"functions of platforms/{folder}/ in .text.{folder}")
    bad += not ok
sys.exit(bad)
PY
python3 - "$kernel" <<'PY'
import sys
from pathlib import Path
sys.path.insert(0, "tests")
import boot
boot.KERNEL = Path(sys.argv[1]).resolve()
bad = 0
for name, door, subarch in boot.DOOR_PER_SUBARCH:
    if subarch not in boot.image_subarchs(boot.KERNEL):
        continue  # built with make SUBARCHES=...: not this subarch
    ok, outcome, got, want = boot.boots_as_predicted(door, subarch, boot.KERNEL)
    print(f"{'PASS' if ok else 'FAIL'} boot-{name}" + ("" if ok else f": status {outcome.status} got {got} want {want}"))
    bad += not ok
sys.exit(bad)
PY
