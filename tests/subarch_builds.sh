#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The old Kconfig way beside the single image: make SUBARCHES=<folder>
# builds one subarch of platforms/subarch_list.h, compiling the others out.
# Each build must pass the verifiers (they run in its link), boot its own
# doors through the sequence it predicts, and refuse the others' with a
# named error.
set -u
cd "$(dirname "$0")/.."
failures=0
for subarchs in $(python3 -c 'import sys; sys.path.insert(0, "tools"); import subarch_list; print(*subarch_list.folders())'); do
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

# The machines each subarch boots on here, by door; a subarch with none
# (no machine claims it) is only built.
DOORS = {"PC": (("multiboot1", boot.multiboot1_pc), ("pvh", boot.pvh_pc)),
         "XEN": (("xen", boot.pvh_xen),)}
cases = []
for subarch, folder in boot.subarch_list.subarchs(boot.ROOT):
    kernel = Path(f"build/{folder}/onepath.elf").resolve()
    for other, doors in DOORS.items():
        for door_name, door in doors:
            if other == subarch:
                cases.append((f"{folder}-image-{door_name}", boots, kernel, door, subarch))
            else:
                cases.append((f"{folder}-image-refused-on-{other.lower()}-{door_name}",
                              refuses, kernel, door, None))
bad = 0
for name, check, kernel, door, subarch in cases:
    ok, outcome = check(kernel, door, subarch) if subarch else check(kernel, door)
    tail = " | ".join(outcome.log.strip().splitlines()[-3:])
    print(f"PASS {name}" if ok else f"FAIL {name}: status {outcome.status}: {tail}")
    bad += not ok
sys.exit(bad)
PY
exit $((failures > 0))
