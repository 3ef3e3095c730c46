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
import subprocess, sys
from pathlib import Path
sys.path.insert(0, "tests")
import boot
boot.KERNEL = Path(sys.argv[1]).resolve()
bad = 0
built = {line.split()[2] for line in subprocess.run(["nm", str(boot.KERNEL)], capture_output=True,
                                                       text=True).stdout.splitlines()
         if len(line.split()) == 3}
for name, door, subarch in (("pc", boot.multiboot1_pc, "PC"), ("xen", boot.pvh_xen, "XEN")):
    if f"{name}_detector" not in built:
        continue  # built with make SUBARCHES=...: not this subarch
    outcome = door("")
    want = subprocess.run(["build/host/inittab", "--sequence", subarch, str(boot.KERNEL)],
                          capture_output=True, text=True).stdout.split()
    got = boot.init_sequence(outcome.log)
    ok = outcome.status == boot.EXIT_SUCCESS and got == want and want
    print(f"{'PASS' if ok else 'FAIL'} boot-{name}" + ("" if ok else f": status {outcome.status} got {got} want {want}"))
    bad += not ok
sys.exit(bad)
PY
