#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A user's init entries that fault at EARLY and at CONSOLE, long before the
CPU level, must each end in the named exception report and the failure
code on every door, Xen included; so must a hypercall made before Xen's
hypercalls are set up, with its own named panic.  The fixture
(tests/fixtures/boot/faulting_entries/) is linked once, as a user adds
entries (EXTRA_INIT); the command line picks which entry faults."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
import boot  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "boot" / "faulting_entries"
KERNEL = ROOT / "build" / "fixtures" / "faulting_entries.elf"

UD = ["exception: E_EXCEPTION: #UD invalid opcode (vector 6), error code 0x0"]
CASES = {  # fixture.fault= value: the lines its report must hold
    "early": UD + ["onepath: panic: E_EXCEPTION: #UD invalid opcode at fault_early_init+0x"],
    "console": UD + ["onepath: panic: E_EXCEPTION: #UD invalid opcode at fault_console_init+0x"],
    # xen_version is op 17.
    "hypercall": ["onepath: panic: E_XEN_HYPERCALL_TOO_EARLY: hypercall 17 before the "
                  "xen_hypercalls entry ran (INIT_AFTER(xen_hypercalls))"],
}
DOORS = (  # name, door, subarch, cases booted there
    ("multiboot1", boot.multiboot1_pc, "PC", ("early", "console")),
    ("pvh", boot.pvh_pc, "PC", ("early", "console")),
    ("microvm", boot.pvh_microvm, "PC", ("early", "console")),
    ("multiboot2-grub", boot.multiboot2_grub, "PC", ("early",)),
    ("xen", boot.pvh_xen, "XEN", ("early", "console", "hypercall")),
)


def main() -> int:
    subarchs = boot.image_subarchs(boot.KERNEL)  # make SUBARCHES=... carries over
    sources = [FIXTURE / "kernel" / "faulting_entries.c"]
    if "XEN" in subarchs:
        sources.append(FIXTURE / "platforms" / "xen" / "hypercall_too_early.c")
    relative = " ".join(str(s.relative_to(ROOT)) for s in sources)
    kernel = KERNEL.relative_to(ROOT)
    build = subprocess.run(["make", "-s", f"KERNEL={kernel}", f"EXTRA_INIT={relative}", str(kernel),
                            str(kernel).replace(".elf", "-pvh.elf")],
                           cwd=ROOT, capture_output=True, text=True)
    if build.returncode:
        print(f"FAIL build: {(build.stdout + build.stderr)[-1500:]}")
        return 1
    boot.KERNEL, boot.KERNEL_PVH = KERNEL, KERNEL.with_name(KERNEL.stem + "-pvh.elf")
    bad = 0
    for name, door, subarch, cases in DOORS:
        if subarch not in subarchs:
            continue  # an image without it only refuses the machine
        for case in cases:
            outcome = door(f"fixture.fault={case}")
            problems = []
            if outcome.timed_out:
                problems.append("no exit (hang)")
            elif outcome.status == 0:
                problems.append("QEMU exited 0: reset or triple fault")
            elif outcome.status != boot.EXIT_FAILURE:
                problems.append(f"exit status {outcome.status}, not {boot.EXIT_FAILURE}")
            problems += [f"missing line: {line}" for line in CASES[case] if line not in outcome.log]
            if problems:
                tail = "\n  ".join(outcome.log.splitlines()[-15:])
                print(f"FAIL {case}-{name}: {'; '.join(problems)}\n  {tail}")
                bad += 1
            else:
                print(f"PASS {case}-{name}: {CASES[case][-1]}...")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
