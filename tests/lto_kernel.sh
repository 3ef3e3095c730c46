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
