#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The old Kconfig way beside the single image: make SUBARCHES=pc and
# make SUBARCHES=xen compile the other subarch out.  Each build must pass
# the verifiers (they run in its link), boot its own doors through the
# sequence it predicts, and refuse the others' with a named error.
set -u
cd "$(dirname "$0")/.."
failures=0
for subarchs in pc xen; do
	kernel=build/$subarchs/onepath.elf
	if ! make -s SUBARCHES=$subarchs KERNEL=$kernel $kernel ${kernel%.elf}-pvh.elf \
		> build/subarchs-$subarchs.log 2>&1; then
		echo "FAIL build-$subarchs: $(grep -v '^  ' build/subarchs-$subarchs.log | tail -n 5)"
		failures=$((failures + 1))
	else
		echo "PASS build-$subarchs: verified at link"
	fi
done
python3 - <<'PY' || failures=$((failures + 1))
import sys
from pathlib import Path
sys.path.insert(0, "tests")
import boot

def boots(kernel, door, subarch):
    boot.KERNEL, boot.KERNEL_PVH = kernel, kernel.with_name("onepath-pvh.elf")
    ok, outcome, _, _ = boot.boots_as_predicted(door, subarch, kernel)
    return ok, outcome

def refuses(kernel, door):
    boot.KERNEL, boot.KERNEL_PVH = kernel, kernel.with_name("onepath-pvh.elf")
    outcome = door("")
    return outcome.status == boot.EXIT_FAILURE and \
        "onepath: panic: E_SUBARCH_UNSUPPORTED" in outcome.log, outcome

pc, xen = Path("build/pc/onepath.elf").resolve(), Path("build/xen/onepath.elf").resolve()
cases = [
    ("pc-image-multiboot1", boots, pc, boot.multiboot1_pc, "PC"),
    ("pc-image-pvh", boots, pc, boot.pvh_pc, "PC"),
    ("pc-image-refused-by-xen", refuses, pc, boot.pvh_xen, None),
    ("xen-image-xen", boots, xen, boot.pvh_xen, "XEN"),
    ("xen-image-refused-on-pc-multiboot1", refuses, xen, boot.multiboot1_pc, None),
    ("xen-image-refused-on-pc-pvh", refuses, xen, boot.pvh_pc, None),
]
bad = 0
for name, check, kernel, door, subarch in cases:
    ok, outcome = check(kernel, door, subarch) if subarch else check(kernel, door)
    tail = " | ".join(outcome.log.strip().splitlines()[-3:])
    print(f"PASS {name}" if ok else f"FAIL {name}: status {outcome.status}: {tail}")
    bad += not ok
sys.exit(bad)
PY
exit $((failures > 0))
