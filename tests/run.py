#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""onepath's test runner: host unit tests, verifier fixtures and boot tests
on every door.  Prints one line per test and ends with "N passed, N failed".

Usage: tests/run.py [-k SUBSTRING] [--list]
"""
import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
KERNEL = BUILD / "onepath.elf"
KERNEL_PVH = BUILD / "onepath-pvh.elf"
INITTAB = BUILD / "host" / "inittab"
XEN = BUILD / "cache" / "xen" / "xen.elf"
sys.path.insert(0, str(ROOT / "tests"))
import boot  # noqa: E402  (tests/boot.py: how each door is started)
import xen_domu  # noqa: E402  (tests/xen_domu.py: domUs from a real dom0)
import app_tests  # noqa: E402  (tests/app_tests.py: the apps on every door)

EXIT_SUCCESS, EXIT_FAILURE = boot.EXIT_SUCCESS, boot.EXIT_FAILURE
TEST_KERNEL = boot.TEST_KERNEL


@dataclass
class Result:
    name: str
    ok: bool
    detail: str = ""
    count: int = 1          # cases inside, for unit-test binaries
    failed_cases: int = 0
    skipped: bool = False   # cannot run on this build; detail says why


def image_subarchs(kernel: Path = KERNEL) -> set:
    return boot.image_subarchs(kernel)


@dataclass
class Test:
    name: str
    run: object
    tags: list = field(default_factory=list)


def unit_test(binary: Path) -> Result:
    proc = subprocess.run([str(binary)], capture_output=True, text=True, timeout=120)
    out = proc.stdout + proc.stderr
    passed = sum(int(n) for n in re.findall(r"\[  PASSED  \] (\d+) test", out))
    failed = sum(int(n) for n in re.findall(r"\[  FAILED  \] (\d+) test", out))
    name = f"unit/{binary.name}"
    if proc.returncode != 0 or failed or not passed:
        return Result(name, False, out[-3000:], count=max(passed + failed, 1),
                      failed_cases=max(failed, 1))
    return Result(name, True, f"{passed} cases", count=passed)


def script_test(name: str, command: list) -> Result:
    proc = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=600)
    out = proc.stdout + proc.stderr
    passes = len(re.findall(r"^PASS ", out, re.M))
    fails = len(re.findall(r"^FAIL ", out, re.M))
    if proc.returncode != 0 or fails or not passes:
        return Result(name, False, out[-3000:], count=max(passes + fails, 1),
                      failed_cases=max(fails, 1))
    return Result(name, True, f"{passes} cases", count=passes)


def predicted_sequence(subarch: str, kernel: Path = KERNEL) -> list:
    return boot.predicted_sequence(kernel, subarch, INITTAB)


def check_boot(name, outcome, protocol, subarch, expect_exit=EXIT_SUCCESS,
               expect_lines=(), sequence=True, kernel=KERNEL, complete=True,
               machine=None, absent_lines=()) -> Result:
    machine = machine or subarch
    if machine and machine not in image_subarchs(kernel):
        # A single-subarch image (make SUBARCHES=...) on the other's
        # machine: the boot must stop, named, and do nothing else.
        expect_exit, sequence, complete = EXIT_FAILURE, False, False
        expect_lines = ["onepath: panic: E_SUBARCH_UNSUPPORTED"]
        protocol, subarch = None, None
    log = outcome.log
    problems = []
    if outcome.timed_out:
        problems.append(f"no exit within {outcome.timeout} s (hang)")
    elif outcome.status == 0:
        problems.append("QEMU exited 0 without onepath's exit code: reset or triple fault")
    elif outcome.status != expect_exit:
        problems.append(f"exit status {outcome.status}, expected {expect_exit}")

    wanted = list(expect_lines)
    if protocol:
        wanted.append(f"onepath: entry protocol: {protocol}")
    if subarch:
        wanted.append(f"onepath: subarch: {subarch}")
    if expect_exit == EXIT_SUCCESS and complete:
        wanted.append("onepath: init complete")
    for line in wanted:
        if not re.search(line if line.startswith("^") else re.escape(line), log, re.M):
            problems.append(f"missing line: {line}")
    for line in absent_lines:
        if re.search(line if line.startswith("^") else re.escape(line), log, re.M):
            problems.append(f"unexpected line: {line}")
    if re.search(r"exception: E_EXCEPTION", log) and expect_exit == EXIT_SUCCESS:
        problems.append("an exception was reported")
    if sequence and subarch and not problems:
        ran = boot.init_sequence(log)
        want = predicted_sequence(subarch, kernel)
        if ran != want:
            problems.append("init sequence differs from tools/inittab's prediction:\n"
                            f"  boot log:   {' '.join(ran)}\n  prediction: {' '.join(want)}")
    if sequence and subarch and not problems and re.search(r"onepath: exit status \d+$", log, re.M):
        torn, want = boot.teardown_sequence(log), boot.predicted_teardown(kernel, subarch, log, INITTAB)
        if torn != want:
            problems.append(f"teardown differs from tools/inittab's prediction: boot log {torn}, "
                            f"prediction {want}")
    if problems:
        tail = "\n".join(log.splitlines()[-25:])
        return Result(name, False, "; ".join(problems) + "\n--- log tail ---\n" + tail)
    return Result(name, True, f"{outcome.seconds:.1f} s")


def boot_tests() -> list:
    tests = []

    def add(name, door, protocol, subarch, cmdline="", qemu=None, needs=(), **checks):
        def run(door=door, cmdline=cmdline, checks=checks):
            missing = set(needs) - image_subarchs()
            if missing:
                return Result(name, True, skipped=True,
                              detail=f"the image was built without {', '.join(sorted(missing))} "
                                     f"(make SUBARCHES=...), whose code this test calls")
            return check_boot(name, door(cmdline, **(qemu or {})), protocol, subarch, **checks)
        tests.append(Test(name, run, ["boot"]))

    add("boot/multiboot1-pc", boot.multiboot1_pc, "multiboot1", "PC")
    add("boot/multiboot1-q35", boot.multiboot1_q35, "multiboot1", "PC")
    add("boot/pvh-pc", boot.pvh_pc, "pvh", "PC")
    add("boot/pvh-microvm", boot.pvh_microvm, "pvh", "PC")
    add("boot/multiboot2-grub", boot.multiboot2_grub, "multiboot2", "PC",
        expect_lines=["onepath: loader: GRUB"])
    add("boot/multiboot2-grub-efi", boot.multiboot2_grub_efi, "multiboot2", "PC",
        expect_lines=["onepath: loader: GRUB", "^onepath: EFI system table: 0x[0-9a-f]+$",
                      "(from multiboot2 tag)"])
    add("boot/pvh-xen", boot.pvh_xen, "pvh", "XEN",
        expect_lines=["^\\(d0\\) onepath: subarch: XEN",
                      "xen: running as dom0 (initial domain, privileged)",
                      # tsc_freq's members by priority: Xen's leaf first.
                      "init: tsc_freq_cpuid: skipped: group tsc_freq finished by tsc_freq_xen"])
    # exit=platform: the end goes through SCHEDOP_shutdown only, and Xen
    # answers for its dom0: poweroff halts the machine, crash reboots it.
    add("boot/xen-schedop-poweroff", boot.pvh_xen, "pvh", "XEN", "exit=platform",
        qemu={"until": r"^\(XEN\) Hardware Dom0 (halted|crashed)"},
        expect_exit=boot.STOPPED_AT_LINE, complete=False,
        expect_lines=["onepath: init complete", "(XEN) Hardware Dom0 halted: halting machine"])
    add("boot/xen-schedop-crash", boot.pvh_xen, "pvh", "XEN", "exit=platform test.fault=ud2",
        qemu={"until": r"^\(XEN\) Hardware Dom0 (halted|crashed)"},
        expect_exit=boot.STOPPED_AT_LINE, sequence=False,
        expect_lines=["onepath: panic: E_EXCEPTION: #UD invalid opcode",
                      "(XEN) Hardware Dom0 crashed"])
    # The command line drives the table, on every door it reaches.
    add("boot/init.list-pc", boot.multiboot1_pc, "multiboot1", "PC", "init.list",
        sequence=False, complete=False,
        expect_lines=["init.list: 1 CMDLINE cmdline", "onepath: init.list done"])
    add("boot/init.fail-optional-pc", boot.multiboot1_pc, "multiboot1", "PC",
        "init.fail=acpi", sequence=False,
        expect_lines=["init: acpi: failed: EINJECTED",
                      "init: acpi_madt: skipped: dependency acpi failed"])
    add("boot/init.fail-optional-xen", boot.pvh_xen, "pvh", "XEN",
        "init.fail=acpi", sequence=False,
        expect_lines=["init: acpi: failed: EINJECTED",
                      "init: acpi_madt: skipped: dependency acpi failed"])
    add("boot/init.fail-critical-pc", boot.pvh_pc, "pvh", "PC", "init.fail=memmap",
        sequence=False, expect_exit=EXIT_FAILURE,
        expect_lines=["onepath: panic: E_INIT_CRITICAL_FAILED: critical init entry memmap failed: EINJECTED"])
    add("boot/init.skip-pc", boot.multiboot1_pc, "multiboot1", "PC", "init.skip=acpi",
        sequence=False,
        expect_lines=["init: acpi: skipped: init.skip",
                      "init: acpi_madt: skipped: dependency acpi skipped"])
    # A critical entry cannot be skipped: the boot would go on without
    # what every later entry relies on (page_tables: W^X, guards, jettison).
    add("boot/init.skip-critical-pc", boot.multiboot1_pc, "multiboot1", "PC",
        "init.skip=page_tables", sequence=False, expect_exit=EXIT_FAILURE,
        expect_lines=["cmdline: E_CMDLINE_SKIP_CRITICAL: init.skip: page_tables is a critical "
                      "entry; it cannot be skipped",
                      "onepath: panic: E_INIT_CRITICAL_FAILED: critical init entry cmdline failed: EINVAL"],
        absent_lines=["^init: page_tables: "])
    add("boot/unknown-option-pc", boot.multiboot1_pc, "multiboot1", "PC", "no.such.option=1",
        sequence=False, expect_exit=EXIT_FAILURE,
        expect_lines=["cmdline: E_CMDLINE_UNKNOWN_OPTION: no option 'no.such.option'",
                      "onepath: panic: E_INIT_CRITICAL_FAILED: critical init entry cmdline failed: EINVAL"])
    add("boot/unknown-entry-pc", boot.pvh_pc, "pvh", "PC", "init.skip=no_such_entry",
        sequence=False, expect_exit=EXIT_FAILURE,
        expect_lines=["cmdline: E_CMDLINE_UNKNOWN_ENTRY: init.skip: no init entry named 'no_such_entry'"])
    # A loader that hands over a bad magic or a corrupted structure.
    add("boot/bad-magic-multiboot1", boot.hostile_multiboot1_bad_magic, None, None, machine="PC",
        sequence=False, expect_exit=EXIT_FAILURE,
        expect_lines=["onepath: panic: BOOTINFO_BAD_MAGIC: unknown boot protocol magic 0xbadc0ffe"])
    add("boot/bad-magic-pvh", boot.hostile_pvh_bad_magic, None, None, machine="PC",
        sequence=False, expect_exit=EXIT_FAILURE,
        expect_lines=["onepath: panic: BOOTINFO_BAD_MAGIC: hvm_start_info magic 0xbadc0ffe"])
    # A pointer no memory holds is refused while the boot info is parsed,
    # before ACPI could follow it into a page fault.
    add("boot/hostile-rsdp-pvh", boot.hostile_pvh_rsdp, None, None, machine="PC",
        sequence=False, expect_exit=EXIT_FAILURE,
        expect_lines=["onepath: panic: BOOTINFO_OUT_OF_BOUNDS: hvm_start_info rsdp_paddr "
                      "0xdead00000000: the RSDP's 20 bytes are outside memory"],
        absent_lines=["exception: "])
    # ACPI tables are read only where the memory map allows: an RSDT in
    # the local APIC's page is named and not read; acpi_madt is optional.
    add("boot/hostile-rsdt-pvh", boot.hostile_pvh_rsdt, "pvh", "PC",
        sequence=False,
        expect_lines=["acpi: RSDP revision 0, OEM \"HOSTIL\", RSDT 0xfee00000",
                      "acpi: E_ACPI_OUTSIDE_MEMORY_MAP: a table at 0xfee00000 (36 bytes) is not "
                      "where the memory map allows firmware tables",
                      "init: acpi_madt: failed: ENODEV"])
    # A power-off reads the DSDT only when it is asked for: one it cannot
    # use is named then, and the CPU halts (the next and last route), with
    # no S5 written, no fault and no reset; one outside the memory map is
    # named at init, and the power-off has nothing to write.
    dsdt_named = (r"^acpi: power-off: S5 through PM1a control port 0x604 if the DSDT "
                  r"\(0x[0-9a-f]+, \d+ bytes\) has \\_S5_, read at exit$")
    for kind, said in (("without-s5", "acpi: W_ACPI_NO_S5: the DSDT has no \\_S5_ package: "
                                      "no ACPI power-off"),
                       ("bad-checksum", r"^acpi: E_ACPI_BAD_DSDT: the DSDT at 0x[0-9a-f]+ fails "
                                        r"its checksum: no ACPI power-off$")):
        add(f"boot/hostile-dsdt-{kind}-pvh", boot.hostile_pvh_dsdt(kind), "pvh", "PC",
            qemu={"until": said if said.startswith("^") else re.escape(said)},
            expect_exit=boot.STOPPED_AT_LINE,
            expect_lines=[dsdt_named, "onepath: init complete", "onepath: exit status 0", said],
            absent_lines=[r"^acpi: power-off: S5 \(", "exception: "])
    add("boot/hostile-dsdt-outside-memory-map-pvh", boot.hostile_pvh_dsdt("outside-memory-map"),
        "pvh", "PC", qemu={"until": r"^onepath: exit status 0$"},
        expect_exit=boot.STOPPED_AT_LINE,
        expect_lines=["acpi: E_ACPI_OUTSIDE_MEMORY_MAP: a table at 0xfee00000 (36 bytes) is not "
                      "where the memory map allows firmware tables",
                      "acpi: E_ACPI_BAD_DSDT: the FADT names no valid DSDT",
                      "init: acpi_power_off: failed: EINVAL", "onepath: init complete",
                      "onepath: exit status 0"],
        absent_lines=[r"^acpi: power-off: S5", "exception: "])
    # A loader may leave the direction flag set (no protocol says otherwise):
    # the doors clear it before any C, whose memcpy copies with rep movsq.
    add("boot/direction-flag-set-by-loader", boot.hostile_multiboot1_honest, "multiboot1", "PC")
    # Exceptions are reported from the first C line on, not from the CPU
    # level: a breakpoint the loader armed (DR0) fires before the subarch is
    # known and any console started, or while the boot info is parsed.
    add("fault/debug-before-subarch-detection",
        boot.hostile_multiboot1_breakpoint("subarch_detect"), None, None,
        sequence=False, expect_exit=EXIT_FAILURE,
        expect_lines=["exception: E_EXCEPTION: #DB debug (vector 1), error code 0x0",
                      "onepath: panic: E_EXCEPTION: #DB debug at subarch_detect+0x0"])
    add("fault/debug-in-bootinfo-parser",
        boot.hostile_multiboot1_breakpoint("bootinfo_parse_multiboot1"), "multiboot1", "PC",
        sequence=False, expect_exit=EXIT_FAILURE,
        expect_lines=["onepath: panic: E_EXCEPTION: #DB debug at bootinfo_parse_multiboot1+0x0"])
    # Long mode is read from CPUID 0x80000001 only if the CPU has that leaf:
    # past the maximum, a CPU answers with another leaf's bits.
    add("boot/cpu-without-leaf-0x80000001", boot.multiboot1_pc, None, None,
        qemu={"cpu": "qemu64,level=0,xlevel=0x80000000"}, sequence=False,
        expect_exit=EXIT_FAILURE,
        expect_lines=["onepath: panic: E_BOOT_NO_LONG_MODE: this CPU cannot run 64-bit code"])
    # A CPU whose only basic leaf is 0: leaf 1 (RDRAND, the hypervisor bit)
    # must not be read, or its answer is another leaf's bits.
    add("boot/cpu-with-basic-leaf-0-only", boot.multiboot1_pc, "multiboot1", "PC",
        qemu={"cpu": "qemu64,level=0"},
        expect_lines=["^cpu: .* family 0 model 0 stepping 0:"])
    # Never die silently: each deliberate fault ends in its named report and
    # the failure code, never in a reset (QEMU status 0) or a hang.
    def fault(name, door, protocol, subarch, kind, *lines):
        # A stray call needs the other subarch's code in the image.
        needs = ("PC", "XEN") if kind.endswith(("call-on-pc", "call-on-xen")) else ()
        # "cpu1-pc": CPU 1 faults, on a machine with two.
        on_cpu = re.match(r"cpu(\d+)-", name)
        cmdline = f"test.fault={kind}" + (f" test.fault.cpu={on_cpu.group(1)}" if on_cpu else "")
        add(f"fault/{kind}-{name}", door, protocol, subarch, cmdline,
            qemu={"smp": 2} if on_cpu else None,
            needs=needs, sequence=False, expect_exit=EXIT_FAILURE, expect_lines=list(lines))
    fault("pc", boot.multiboot1_pc, "multiboot1", "PC", "wtext",
          "exception: E_WRITE_READ_ONLY: wrote read-only onepath_main+0x0",
          "onepath: panic: E_EXCEPTION: #PF page fault at write_text+")
    fault("pc", boot.pvh_pc, "pvh", "PC", "nullptr",
          "exception: E_NULL_POINTER: read address 0x0, in the unmapped page 0")
    fault("pc", boot.multiboot1_pc, "multiboot1", "PC", "ud2",
          "exception: E_EXCEPTION: #UD invalid opcode (vector 6)",
          "^exception: rip invalid_opcode\\+0x[0-9a-f]+ ",
          "exception: called from onepath_main+")
    fault("pc", boot.pvh_microvm, "pvh", "PC", "stack",
          "exception: E_EXCEPTION: #DF double fault (vector 8)",
          "exception: E_STACK_OVERFLOW: the boot stack ran into its guard page")
    fault("pc", boot.multiboot1_pc, "multiboot1", "PC", "canary",
          "onepath: panic: E_STACK_SMASHED: the stack protector found a corrupted canary in smash_canary+")
    fault("pc", boot.multiboot1_pc, "multiboot1", "PC", "xencall-on-pc",
          "exception: E_JETTISONED: called xen_hypercalls_init+0x0, which is XEN-only code, while running on PC")
    fault("xen", boot.pvh_xen, "pvh", "XEN", "pccall-on-xen",
          "exception: E_JETTISONED: called pc_uart_init+0x0, which is PC-only code, while running on XEN")
    # A requested fault that does not fault is a failure: on PC, PC code runs.
    add("fault/survived-pccall-on-xen-on-pc", boot.multiboot1_pc, "multiboot1", "PC",
        "test.fault=pccall-on-xen", needs=("PC",), sequence=False, expect_exit=EXIT_FAILURE,
        expect_lines=["test.fault: calling pc_uart_init at 0x",
                      "onepath: panic: E_TEST_FAULT_SURVIVED: test.fault=pccall-on-xen did not "
                      "fault"])
    # call:SYMBOL runs any code the command line names: only the test image
    # (build/onepath-test.elf, tests/kernel/ linked in) has it.
    add("fault/call-rejected-by-shipped-image-pc", boot.multiboot1_pc, "multiboot1", "PC",
        "test.fault=call:onepath_main", sequence=False, expect_exit=EXIT_FAILURE,
        expect_lines=["cmdline: E_CMDLINE_BAD_VALUE: test.fault: expected ",
                      "onepath: panic: E_INIT_CRITICAL_FAILED: critical init entry cmdline failed"],
        absent_lines=["test.fault: calling"])
    def test_image(name, door, protocol, subarch, cmdline, *lines, needs=()):
        add(name, door, protocol, subarch, cmdline, qemu={"kernel": TEST_KERNEL}, needs=needs,
            kernel=TEST_KERNEL, sequence=False, expect_exit=EXIT_FAILURE, expect_lines=list(lines))
    test_image("fault/call-init-code-pc", boot.multiboot1_pc, "multiboot1", "PC",
               "test.fault=call:page_tables_init",
               "exception: E_JETTISONED: called page_tables_init+0x0, which is init-only code, "
               "while running on PC")
    test_image("fault/call-init-code-xen", boot.pvh_xen, "pvh", "XEN",
               "test.fault=call:page_tables_init",
               "exception: E_JETTISONED: called page_tables_init+0x0, which is init-only code, "
               "while running on XEN")
    # Another CPU that ran init-only code during init (mem.scrub's share)
    # must not keep running it from its TLB once jettison unmapped it.
    add("fault/call-init-code-cpu1-pc", boot.multiboot1_pc, "multiboot1", "PC",
        "mem.scrub test.fault=call:scrub_job_run test.fault.cpu=1",
        qemu={"kernel": TEST_KERNEL, "smp": 2}, kernel=TEST_KERNEL, sequence=False,
        expect_exit=EXIT_FAILURE,
        expect_lines=["test.fault: CPU 1 triggers it now",
                      "exception: E_JETTISONED: called scrub_job_run+0x0, which is init-only code, "
                      "while running on PC"],
        absent_lines=["E_TEST_FAULT_SURVIVED"])
    # page_tables maps the memory map, not the low 4 GiB: 3 GiB, in the PCI
    # hole of a 256 MiB pc, just past q35's reserved PCI configuration
    # space, is a named fault.
    # A device window is its 4 KiB pages: the page after the local APIC's
    # is not mapped either.
    for door, name in ((boot.multiboot1_pc, "pc"), (boot.multiboot1_q35, "q35")):
        test_image(f"fault/read-unmapped-{name}", door, "multiboot1", "PC", "test.fault=read:0xc0000000",
                   "test.fault: reading 0xc0000000",
                   "exception: E_UNMAPPED: accessed unmapped address 0xc0000000")
    test_image("fault/read-beside-local-apic-pc", boot.multiboot1_pc, "multiboot1", "PC",
               "test.fault=read:0xfee01000",
               "^page_tables: device window local APIC 0xfee00000-0xfee00fff: 1 x 4 KiB new, "
               "0 already mapped$",
               "exception: E_UNMAPPED: accessed unmapped address 0xfee01000")
    test_image("fault/call-survived-pc", boot.multiboot1_pc, "multiboot1", "PC",
               "test.fault=call:pc_uart_init",
               "test.fault: calling pc_uart_init at 0x",
               "onepath: panic: E_TEST_FAULT_SURVIVED: test.fault=call:pc_uart_init did not fault",
               needs=("PC",))
    fault("xen", boot.pvh_xen, "pvh", "XEN", "ud2",
          "exception: E_EXCEPTION: #UD invalid opcode (vector 6)")
    fault("xen", boot.pvh_xen, "pvh", "XEN", "stack",
          "exception: E_STACK_OVERFLOW: the boot stack ran into its guard page")

    # Every CPU through the table: each door with 1, 2 and 4 CPUs shows
    # each CPU coming up and the count; the init sequence stays predicted.
    for name, door, protocol in (("multiboot1-pc", boot.multiboot1_pc, "multiboot1"),
                                 ("multiboot1-q35", boot.multiboot1_q35, "multiboot1"),
                                 ("pvh-pc", boot.pvh_pc, "pvh"),
                                 ("pvh-q35", boot.pvh_q35, "pvh"),
                                 ("pvh-microvm", boot.pvh_microvm, "pvh"),
                                 ("multiboot2-grub", boot.multiboot2_grub, "multiboot2")):
        for cpus in (1, 2, 4):
            add(f"smp/{cpus}-cpus-{name}", door, protocol, "PC", qemu={"smp": cpus},
                expect_lines=[f"^smp: {cpus} CPUs? up \\({cpus} listed"]
                + [f"^smp: CPU {n} \\(APIC ID {n}\\) up after \\d+ us$" for n in range(1, cpus)])
    add("smp/1-cpus-xen", boot.pvh_xen, "pvh", "XEN", qemu={"smp": 1},
        expect_lines=["^\\(d0\\) smp: 1 CPU up \\(1 listed"])
    add("smp/2-cpus-xen", boot.pvh_xen, "pvh", "XEN", qemu={"smp": 2},
        expect_lines=["^\\(d0\\) smp: 2 CPUs up \\(2 listed",
                      "^\\(d0\\) smp: CPU 1 \\(APIC ID \\d+\\) up after \\d+ us$"])
    def x2apic_kvm():
        # QEMU 7.2's TCG has no x2APIC; KVM's CPU does.  Where KVM cannot
        # run, this test cannot either, and says so.
        name = "smp/x2apic-kvm"
        if not os.access("/dev/kvm", os.R_OK | os.W_OK):
            return Result(name, True, skipped=True, detail="no usable /dev/kvm for a CPU with x2APIC")
        if "PC" not in image_subarchs():
            return Result(name, True, skipped=True, detail="the image was built without PC")
        outcome = boot.multiboot1_q35("test.fault=ud2 test.fault.cpu=1", smp=2,
                                      accel="kvm", cpu="host")
        return check_boot(name, outcome, "multiboot1", "PC", expect_exit=EXIT_FAILURE,
                          sequence=False,
                          expect_lines=["^smp: 2 CPUs up \\(2 listed, smp= allows \\d+; INIT-SIPI-SIPI, "
                                        "start-up code at 0x[0-9a-f]+, x2APIC, ",
                                        "exception: E_EXCEPTION: #UD invalid opcode (vector 6), error code 0x0, on CPU 1"])
    tests.append(Test("smp/x2apic-kvm", x2apic_kvm, ["boot"]))
    # A MADT that lists CPUs no one has, one of them twice, and more than
    # CPUS_MAX: each is a named warning, the boot goes on with the CPUs that
    # came up, and the silent ones are waited for together: one bound in
    # all, not one each.
    def madt_lists_absent_cpus():
        name = "smp/madt-absent-duplicate-too-many-pvh"
        if "PC" not in image_subarchs():
            return Result(name, True, skipped=True, detail="the image was built without PC")
        outcome = boot.hostile_pvh_madt(smp=2)
        absent = [f"^smp: W_SMP_CPU_NO_ANSWER: CPU {cpu} \\(APIC ID {0x20 + cpu - 2}\\) did "
                  "not answer within \\d+ ms; the boot goes on without it$" for cpu in range(2, 16)]
        result = check_boot(name, outcome, "pvh", "PC", expect_lines=[
            "acpi: W_MADT_DUPLICATE_APIC_ID: 1 entries name an APIC ID listed before (first: 1)",
            "acpi: W_MADT_TOO_MANY_CPUS: 2 more processors than onepath supports (CPUS_MAX 16)",
            "^smp: CPU 1 \\(APIC ID 1\\) up after \\d+ us$", *absent,
            "^smp: 2 CPUs up \\(16 listed, "])
        if not result.ok:
            return result
        bound_ms = int(re.search(r"did not answer within (\d+) ms", outcome.log).group(1))
        stamps = {m.group(2): float(m.group(1)) for m in re.finditer(
            r"^\[ *(\d+\.\d+)\] (init: page_tables: ran|smp: 2 CPUs up)", outcome.raw, re.M)}
        # The count comes at the end of init, after page_tables, whose line
        # (unlike pc_smp's, which may come before the TSC is known) has a time.
        waited_ms = (stamps["smp: 2 CPUs up"] - stamps["init: page_tables: ran"]) * 1000
        if waited_ms > 2 * bound_ms:
            return Result(name, False, f"the boot waited {waited_ms:.0f} ms for 14 silent CPUs, "
                          f"more than twice the bound of {bound_ms} ms")
        return Result(name, True, f"{outcome.seconds:.1f} s; {waited_ms:.0f} ms from page_tables to "
                      f"the count, with 14 silent CPUs (bound {bound_ms} ms)")
    tests.append(Test("smp/madt-absent-duplicate-too-many-pvh", madt_lists_absent_cpus, ["boot"]))
    for cpus in (1, 2):
        add(f"smp/mem.scrub-{cpus}-cpus-pc", boot.multiboot1_pc, "multiboot1", "PC", "mem.scrub",
            qemu={"smp": cpus, "memory": 64},
            expect_lines=[f"^mem_scrub: \\d+ MiB zeroed on {cpus} CPUs? in \\d+ us \\(CPU 0 \\d+ MiB"
                          + ("" if cpus == 1 else ", CPU 1 \\d+ MiB") + "\\)$",
                          "^init: mem_scrub: ran \\(\\d+ cycles\\) \\[CPU 0\\]$"])
    add("smp/smp=2-of-4-pc", boot.multiboot1_pc, "multiboot1", "PC", "smp=2", qemu={"smp": 4},
        expect_lines=["^smp: 2 CPUs up \\(4 listed, smp= allows 2;"])
    add("smp/nosmp-pc", boot.multiboot1_pc, "multiboot1", "PC", "nosmp", qemu={"smp": 4},
        expect_lines=["^smp: 1 CPU up \\(4 listed, smp= allows 1;"])
    # CPUs QEMU lists as possible but not present: not enabled, not started.
    add("smp/maxcpus-not-present-pc", boot.multiboot1_pc, "multiboot1", "PC",
        qemu={"smp": "2,maxcpus=4"}, expect_lines=["^smp: 2 CPUs up \\(2 listed"])
    fault("cpu1-pc", boot.multiboot1_pc, "multiboot1", "PC", "ud2",
          "exception: E_EXCEPTION: #UD invalid opcode (vector 6), error code 0x0, on CPU 1",
          "^exception: rip invalid_opcode\\+0x[0-9a-f]+ ")
    fault("cpu1-xen", boot.pvh_xen, "pvh", "XEN", "ud2",
          "exception: E_EXCEPTION: #UD invalid opcode (vector 6), error code 0x0, on CPU 1")
    fault("cpu1-pc", boot.pvh_pc, "pvh", "PC", "stack",
          "exception: E_EXCEPTION: #DF double fault (vector 8), error code 0x0, on CPU 1",
          "exception: E_STACK_OVERFLOW: the kernel stack of CPU 1 ran into its guard page")

    # After init, the other subarch's code and the init code are gone.
    add("boot/jettison-pc", boot.multiboot1_pc, "multiboot1", "PC", needs=("PC", "XEN"),
        expect_lines=["jettison: unmapped XEN-only code: ", "jettison: unmapped init-only code: ",
                      "^jettison: \\d+ of \\d+ bytes of code can still run"])
    add("boot/jettison-xen", boot.pvh_xen, "pvh", "XEN", needs=("PC", "XEN"),
        expect_lines=["jettison: unmapped PC-only code: ", "jettison: unmapped init-only code: "])
    # Jettison says exactly what it unmapped: one line per non-empty region
    # of another subarch or of init, with the region's bytes, pages and
    # address as the image has them (tools/private_regions.py), and no
    # line for anything else.
    def jettison_as_image(name, door, subarch, own):
        def run():
            if subarch not in image_subarchs():
                return Result(name, True, skipped=True,
                              detail=f"the image was built without {subarch}")
            outcome = door("")
            regions = re.findall(r"^private_regions: (.+): 0x([0-9a-f]+)-0x([0-9a-f]+), ",
                                 (BUILD / "onepath.regions").read_text(), re.M)
            want = sorted((what, int(end, 16) - int(start, 16),
                           -(-(int(end, 16) - int(start, 16)) // 4096), int(start, 16))
                          for what, start, end in regions if not what.startswith(own))
            got = sorted((what, int(size), int(pages), int(start, 16)) for what, size, pages, start in
                         re.findall(r"^(?:\(d0\) )?jettison: unmapped (.+): (\d+) bytes in (\d+) "
                                    r"pages? at 0x([0-9a-f]+)$", outcome.log, re.M))
            problems = [] if got == want and want else [f"log {got}\n  image {want}"]
            if re.search(r"W_JETTISON_", outcome.log):
                problems.append("a W_JETTISON_ warning")
            if outcome.status not in (EXIT_SUCCESS, boot.STOPPED_AT_LINE):
                problems.append(f"exit status {outcome.status}")
            return Result(name, not problems, "; ".join(problems) or f"{len(got)} regions")
        tests.append(Test(name, run, ["boot"]))
    jettison_as_image("jettison/log-matches-image-pc", boot.multiboot1_pc, "PC", "PC-only")
    jettison_as_image("jettison/log-matches-image-xen", boot.pvh_xen, "XEN", "XEN-only")

    def timestamps():
        # On COM1, set up after the TSC frequency is known, every line of
        # the replayed log has a real time, and time never goes back.
        if "PC" not in image_subarchs():
            return Result("boot/timestamps", True, skipped=True,
                          detail="the image was built without PC, whose COM1 this test reads")
        with tempfile.TemporaryDirectory() as tmp:
            serial = Path(tmp, "serial.log")
            subprocess.run([boot.QEMU, "-M", "pc", *boot.COMMON, "-m", "256", "-kernel", str(KERNEL),
                            "-serial", f"file:{serial}"], capture_output=True, timeout=60)
            lines = [l for l in serial.read_text(errors="replace").splitlines() if l.strip()]
        stamps = [re.match(r"^\[ *(\d+)\.(\d{6})\] ", l) for l in lines]
        missing = [l for l, m in zip(lines, stamps) if not m]
        times = [int(m.group(1)) * 10**6 + int(m.group(2)) for m in stamps if m]
        ok = lines and not missing and times == sorted(times)
        return Result("boot/timestamps", bool(ok),
                      "" if ok else f"unstamped: {missing[:3]}, ordered: {times == sorted(times)}")
    tests.append(Test("boot/timestamps", timestamps, ["boot"]))

    def without_debugcon(name, machine, kernel):
        # With no debug console behind port 0xe9, the log never writes
        # there: the port is asked as the log starts, before its first
        # byte.  QEMU's trace of port writes shows none, and COM1 still
        # has the whole log, in the predicted order.
        def run():
            if "PC" not in image_subarchs():
                return Result(name, True, skipped=True,
                              detail="the image was built without PC, whose probe this tests")
            with tempfile.TemporaryDirectory() as tmp:
                trace = Path(tmp, "trace.log")
                outcome = boot.run_qemu(["-M", machine, *boot.COMMON, *boot.machine(),
                                         "-kernel", str(kernel),
                                         "-trace", "enable=memory_region_ops_write",
                                         "-D", str(trace)], debugcon=False)
                written = len(re.findall(r" addr 0xe9 value ", trace.read_text(errors="replace")))
            result = check_boot(name, outcome, "pvh" if "pvh" in kernel.name else "multiboot1",
                                "PC", expect_lines=[
                                    "^console: port 0xe9 reads 0xff: no debug console there, "
                                    "the log leaves it$"])
            if result.ok and written:
                return Result(name, False, f"{written} bytes written to port 0xe9 with no "
                                           "debug console behind it")
            return result
        tests.append(Test(name, run, ["boot"]))
    without_debugcon("console/no-debugcon-microvm", "microvm", KERNEL_PVH)
    without_debugcon("console/no-debugcon-pc", "pc", KERNEL)

    def virtio_console(name, machine, cmdline="", device="virtconsole", qemu=(), *lines,
                       kvm=False, expect_exit=EXIT_SUCCESS):
        # A virtio console on microvm's virtio-mmio: named on the command
        # line by QEMU itself without ACPI (virtio_mmio.device=), or by
        # hand.  Its log must be port 0xe9's, line for line, from the first.
        # Under KVM QEMU serves the queue from another thread: the lines
        # still queued when the machine stops must come out too.
        def run():
            if kvm and not os.access("/dev/kvm", os.R_OK | os.W_OK):
                return Result(name, True, skipped=True, detail="no usable /dev/kvm")
            if kvm and "PC" not in image_subarchs():
                return Result(name, True, skipped=True, detail="the image was built without PC")
            with tempfile.TemporaryDirectory() as tmp:
                console = Path(tmp, "virtio-console.log")
                devices = (["-device", "virtio-serial-device",
                            "-chardev", f"file,id=vc,path={console}",
                            "-device", "virtconsole,chardev=vc"]
                           if device == "virtconsole" else ["-device", device])
                outcome = boot.run_qemu(["-M", machine, *boot.COMMON,
                                         *boot.machine(accel="kvm" if kvm else None),
                                         "-kernel", str(KERNEL_PVH), "-append", cmdline,
                                         *devices, *qemu])
                text = console.read_text(errors="replace") if console.exists() else ""
            result = check_boot(name, outcome, "pvh", "PC", expect_lines=list(lines),
                                sequence=expect_exit == EXIT_SUCCESS, expect_exit=expect_exit)
            if result.ok and device == "virtconsole" and boot.strip_timestamps(text) != outcome.log:
                return Result(name, False, "the virtio console's log differs from port 0xe9's:\n"
                                           + "\n".join(boot.strip_timestamps(text).splitlines()[-5:]))
            return result
        tests.append(Test(name, run, ["boot"]))
    virtio_console("console/virtio-mmio-legacy-microvm", "microvm,acpi=off", "", "virtconsole", (),
                   "onepath: cmdline: \" virtio_mmio.device=512@0xfeb00e00:12\"",
                   "virtio: console at 0xfeb00e00 (virtio-mmio version 1, IRQ 12): "
                   "one notification a line")
    virtio_console("console/virtio-mmio-modern-microvm", "microvm,acpi=off", "", "virtconsole",
                   ("-global", "virtio-mmio.force-legacy=false"),
                   "virtio: console at 0xfeb00e00 (virtio-mmio version 2, IRQ 12): "
                   "one notification a line")
    # With ACPI, QEMU names its transports in the DSDT only (24 of them,
    # the device on the last): given by hand.  The IRQ is only logged.
    virtio_console("console/virtio-mmio-by-hand-microvm", "microvm",
                   "virtio_mmio.device=0x200@0xfeb02e00:47", "virtconsole", (),
                   "virtio: console at 0xfeb02e00 (virtio-mmio version 1, IRQ 47): "
                   "one notification a line")
    # A window the early page tables do not map is refused by name.
    add("console/virtio-mmio-bad-window-pc", boot.multiboot1_pc, "multiboot1", "PC",
        "virtio_mmio.device=512@0x100000000:12", sequence=False, expect_exit=EXIT_FAILURE,
        expect_lines=["cmdline: E_CMDLINE_BAD_VALUE: virtio_mmio.device: expected "
                      "virtio_mmio.device=SIZE@BASE:IRQ[:ID]"])
    virtio_console("console/virtio-mmio-kvm-microvm", "microvm,acpi=off", "", "virtconsole",
                   (), "onepath: exit status 0", kvm=True)
    virtio_console("console/virtio-mmio-kvm-panic-microvm", "microvm,acpi=off",
                   "test.fault=ud2", "virtconsole", (),
                   "onepath: panic: E_EXCEPTION: #UD invalid opcode at invalid_opcode+0x0",
                   kvm=True, expect_exit=EXIT_FAILURE)
    # Another device is no console: named, and the boot goes on.
    virtio_console("console/virtio-mmio-no-console-microvm", "microvm,acpi=off", "",
                   "virtio-rng-device", (),
                   "virtio: no console among the 1 virtio-mmio transports given",
                   "init: virtio_console: failed: ENODEV")
    # microvm has no port 0x61, so no PIT channel 2, nor HPET, nor PM
    # timer: the TSC is timed on PIT channel 0, through a window that
    # other entries run inside.
    add("boot/microvm-pit-channel0", boot.pvh_microvm, "pvh", "PC",
        expect_lines=["^tsc: timing window opened on the PIT \\(1193182 Hz\\)$",
                      "^tsc: \\d+ kHz over \\d+ ticks of the PIT ",
                      "^onepath: init complete: .*, \\d+ us since entry$"])
    # With no PIT either, no source answers: the log names those looked
    # for, and the times stay unknown.
    add("boot/microvm-no-time-source", boot.pvh_microvm, "pvh", "PC",
        qemu={"microvm": ",pit=off"},
        expect_lines=["init: tsc_freq_window: skipped: not detected",
                      "^tsc: W_TSC_FREQUENCY_UNKNOWN: no source answered \\(looked for "
                      + "".join(f"(?=[^)]*\\b{n}\\b)" for n in
                                ("tsc_freq_cpuid", "tsc_freq_kvmclock",
                                 "tsc_freq_timing_leaf", "tsc_freq_window")),
                      "^onepath: init complete: .*, time since entry unknown$"])
    # pc offers the HPET (found through ACPI) before the PM timer and PIT.
    add("boot/tsc-window-hpet", boot.multiboot1_pc, "multiboot1", "PC",
        expect_lines=["^tsc: timing window opened on the HPET \\(100000000 Hz\\)$",
                      "^tsc: \\d+ kHz over \\d+ ticks of the HPET "])
    add("boot/smep-smap-cpu-max", boot.multiboot1_pc, "multiboot1", "PC", qemu={"cpu": "max"},
        expect_lines=["NX on, WP on, SMEP on, SMAP on"])
    # RAM above 4 GiB on a CPU with 1 GiB pages: the RAM below the PCI
    # hole one range, the BIOS's reserved 2 MiB at 4 GiB and the RAM above
    # another, whole gigabytes in one entry each, nothing of the hole
    # between; the image's 2 MiB in 4 KiB pages (511 less the stack guards:
    # the boot stack's, and per CPU a double-fault stack's and, but for the
    # boot CPU, a kernel stack's: 2 x CPUS_MAX).
    cpus_max = int(re.search(r"^#define CPUS_MAX (\d+)$",
                             (ROOT / "kernel/percpu_limits.h").read_text(), re.M).group(1))
    add("boot/gigabyte-pages-cpu-max", boot.multiboot1_pc, "multiboot1", "PC",
        qemu={"cpu": "max", "memory": 5120},
        expect_lines=["^page_tables: 0x0000000000000000-0x00000000bfffffff: "
                      f"2 x 1 GiB, 511 x 2 MiB, {511 - 2 * cpus_max} x 4 KiB$",
                      "^page_tables: 0x00000000ffe00000-0x000000017fffffff: "
                      "2 x 1 GiB, 1 x 2 MiB, 0 x 4 KiB$",
                      "^page_tables: 5122 MiB identity-mapped in 2 ranges \\(memory map, modules, "
                      "image; 1 GiB pages on\\)"])

    # Boot info at the edges, on every door that can give it.
    for name, door, protocol in (("multiboot1", boot.multiboot1_pc, "multiboot1"),
                                 ("pvh", boot.pvh_pc, "pvh"),
                                 ("microvm", boot.pvh_microvm, "pvh")):
        add(f"edge/16MiB-{name}", door, protocol, "PC", qemu={"memory": 16})
        add(f"edge/3.5GiB-{name}", door, protocol, "PC", qemu={"memory": 3584},
            expect_lines=["^page_tables: \\d+ MiB identity-mapped"])
        long_line = " ".join(["loglevel=6"] * 360)          # ~4 KiB of valid options
        add(f"edge/4KiB-cmdline-{name}", door, protocol, "PC", long_line)
        if name == "pvh":
            # QEMU 7.2's PVH loader on -M pc writes a command line this long
            # over hvm_start_info itself; what must hold is a named stop.
            add(f"edge/cmdline-too-long-{name}", door, None, None, "loglevel=6 " * 500, machine="PC",
                sequence=False, expect_exit=EXIT_FAILURE,
                expect_lines=["onepath: panic: BOOTINFO_BAD_MAGIC: hvm_start_info magic 0x6576656c"])
            continue
        # QEMU puts the image path first, so where the cut falls depends on
        # the checkout's path: it falls inside the last, 3,000-byte word
        # whatever that path, never between two words.
        add(f"edge/cmdline-too-long-{name}", door, protocol, "PC",
            "loglevel=6 " * 200 + "x" * 3000,
            sequence=False, expect_exit=EXIT_FAILURE,
            expect_lines=["onepath: boot info: cmdline truncated to 4095 bytes",
                          "^cmdline: E_CMDLINE_UNKNOWN_OPTION: no option 'xxxx"])
    add("edge/4KiB-cmdline-grub", boot.multiboot2_grub, "multiboot2", "PC",
        " ".join(["loglevel=6"] * 360))
    modules = [ROOT / "tests" / "hostile_loader.asm"] * 20
    add("edge/20-modules-multiboot1", boot.multiboot1_pc, "multiboot1", "PC",
        qemu={"modules": modules},
        expect_lines=["^onepath: module 15: ",
                      "^onepath: boot info: only the first 16 of 20 modules kept$"],
        absent_lines=["^onepath: module 16: "])
    for name, door, protocol, subarch in (("multiboot2", boot.multiboot2_grub, "multiboot2", "PC"),
                                          ("microvm", boot.pvh_microvm, "pvh", "PC"),
                                          ("xen", boot.pvh_xen, "pvh", "XEN")):
        add(f"boot/unknown-option-{name}", door, protocol, subarch, "no.such.option=1",
            sequence=False, expect_exit=EXIT_FAILURE,
            expect_lines=["cmdline: E_CMDLINE_UNKNOWN_OPTION: no option 'no.such.option'"])
    return tests


def domu_tests() -> list:
    """onepath as PVH domUs that xl creates from platforms/xen/onepath.cfg
    in a real dom0 (tests/xen_domu.py).  One dom0 boot runs every case, so
    the one test gives one result per case."""
    ramdisk = ROOT / "tests" / "captures" / "pvh-xen.txt"

    def run():
        if "XEN" not in image_subarchs():
            return Result("domu/session", True, skipped=True,
                          detail="the image was built without XEN (make SUBARCHES=...)")
        D = xen_domu.Domain
        groups = [[D("boot")], [D("ud2", cmdline="test.fault=ud2")],
                  [D("small", memory=32, ramdisk=ramdisk), D("large", memory=256)],
                  [D("dump", cmdline="bootinfo.dump")],
                  [D("smp", vcpus=2, cmdline="test.fault=ud2 test.fault.cpu=1")]]
        session = xen_domu.run(groups)
        return [check(session) for check in (domu_boot_log, domu_fault_ud2,
                                            lambda s: domu_two_at_once(s, ramdisk),
                                            domu_bootinfo_capture, domu_two_vcpus)]
    return [Test("domu/session", run, ["boot", "xen"])]


def domu_result(name, session, domain, problems) -> Result:
    problems = session.problems + problems
    if problems:
        tail = "\n".join(session.serial.splitlines()[-30:])
        return Result(name, False, "; ".join(problems) + "\n--- Xen's console, tail ---\n" + tail)
    seconds = f"{domain.ended_at - domain.created_at:.1f} s from xl create, " \
        if domain.ended_at and domain.created_at else ""
    return Result(name, True, f"{seconds}{session.seconds:.0f} s for the whole dom0 session")


def domu_missing(domain, lines) -> list:
    log = boot.strip_timestamps(domain.console)
    return [f"{domain.name}: missing on xl console: {line}" for line in lines
            if not re.search(line if line.startswith("^") else re.escape(line), log, re.M)]


def domu_ended(domain, shutdown, state) -> list:
    problems = []
    if domain.shutdown != shutdown:
        problems.append(f"{domain.name}: xl's log says {domain.xl_log or 'nothing'}, "
                        f"not a {shutdown}")
    if not re.fullmatch(state, domain.state):
        problems.append(f"{domain.name}: xl list state {domain.state!r}, expected {state}")
    return problems


def domu_boot_log(session) -> Result:
    """The log on xl console: a domU's, the XEN sequence the verifier
    predicts, and a poweroff after which xl destroyed the domain."""
    domain = session.domain("boot")
    problems = domu_missing(domain, ["onepath: subarch: XEN",
                                     "xen: running as a domU (not the initial domain)",
                                     "^init: xen_pv_console: ran", "onepath: init complete"])
    problems += domu_ended(domain, "poweroff", "gone")
    ran = boot.init_sequence(boot.strip_timestamps(domain.console))
    want = predicted_sequence("XEN")
    if ran != want:
        problems.append("init sequence on xl console differs from tools/inittab's prediction:\n"
                        f"  xl console: {' '.join(ran)}\n  prediction: {' '.join(want)}")
    return domu_result("domu/boot-log-on-xl-console", session, domain, problems)


def domu_fault_ud2(session) -> Result:
    """test.fault=ud2: the report on xl console, then SCHEDOP_shutdown
    crash, which on_crash = "preserve" keeps in xl list as crashed."""
    domain = session.domain("ud2")
    problems = domu_missing(domain, ["exception: E_EXCEPTION: #UD invalid opcode (vector 6)",
                                     "^exception: rip invalid_opcode\\+0x[0-9a-f]+ ",
                                     "onepath: panic: E_EXCEPTION: #UD invalid opcode at "
                                     "invalid_opcode+"])
    problems += domu_ended(domain, "crash", r".*c.*")
    if not any("Action for shutdown reason code 3 is preserve" in l for l in domain.xl_log):
        problems.append(f"ud2: xl did not preserve the crashed domain: {domain.xl_log}")
    return domu_result("domu/fault-ud2-crashed-and-preserved", session, domain, problems)


def domu_two_at_once(session, ramdisk) -> Result:
    """Two domUs at once, 32 and 256 MiB; the small one has a ramdisk=
    module, which its log lists with the file's size."""
    small, large = session.domain("small"), session.domain("large")
    problems = []
    for domain, mib in ((small, 32), (large, 256)):
        problems += domu_missing(domain, [f"memmap: {mib * 1024} KiB usable",
                                          "onepath: init complete"])
        problems += domu_ended(domain, "poweroff", "gone")
    serial = session.serial
    if not (0 <= serial.find("dom0: create large") < serial.find("dom0: ended small")):
        problems.append("the second domain was not created before the first ended")
    module = re.search(r"onepath: module 0: 0x([0-9a-f]+)-0x([0-9a-f]+)",
                       boot.strip_timestamps(small.console))
    size = ramdisk.stat().st_size
    if not module or int(module.group(2), 16) - int(module.group(1), 16) != size:
        problems.append(f"small: no module 0 of {size} bytes (the ramdisk) in its log: "
                        f"{module.group(0) if module else 'none'}")
    return domu_result("domu/two-at-once-32-and-256-MiB-ramdisk", session, small, problems)


def domu_two_vcpus(session) -> Result:
    """vcpus=2: xen_smp starts the second vCPU, which then faults on
    purpose; its report names CPU 1 and the domain crashes."""
    domain = session.domain("smp")
    problems = domu_missing(domain, ["^init: xen_smp: ran",
                                     "^smp: CPU 1 \\(APIC ID \\d+\\) up after \\d+ us$",
                                     "^smp: 2 CPUs up \\(2 listed",
                                     "exception: E_EXCEPTION: #UD invalid opcode (vector 6), error code 0x0, on CPU 1"])
    problems += domu_ended(domain, "crash", r".*c.*")
    return domu_result("domu/two-vcpus-fault-on-cpu1", session, domain, problems)


def domu_bootinfo_capture(session) -> Result:
    """bootinfo.dump in a domU agrees with tests/captures/pvh-xen-domu.txt,
    which the host parser tests replay and the fuzzers start from."""
    domain = session.domain("dump")
    capture = (ROOT / "tests" / "captures" / "pvh-xen-domu.txt").read_text()
    log = boot.strip_timestamps(domain.console)
    problems = domu_missing(domain, ["^bootinfo\\.dump: magic 0x336ec578 info 0x[0-9a-f]+ ranges \\d+$"])
    expected = dict(re.findall(r"^expect (\w+) ?(.*)$", capture, re.M))
    info = re.search(r"onepath: boot info: 0x[0-9a-f]+, version (\d+), flags (0x[0-9a-f]+)", log)
    memmap = re.search(r"^memmap: (\d+) entries$", log, re.M)
    got = {"version": info and info.group(1), "flags": info and info.group(2),
           "memmap": memmap and memmap.group(1)}
    for key, value in got.items():
        if value != expected.get(key):
            problems.append(f"dump: {key} {value}, the capture says {expected.get(key)}")
    problems += domu_ended(domain, "poweroff", "gone")
    return domu_result("domu/bootinfo-dump-as-captured", session, domain, problems)


def static_tests() -> list:
    def pvh_image_identical():
        a, b = KERNEL.read_bytes(), KERNEL_PVH.read_bytes()
        diff = [i for i in range(min(len(a), len(b))) if a[i] != b[i]]
        ok = len(a) == len(b) and len(diff) == 4 and diff[-1] - diff[0] == 3
        return Result("image/pvh-differs-only-in-magic", ok,
                      "" if ok else f"{len(diff)} bytes differ at {diff[:8]}")

    def xen_note():
        out = subprocess.run(["readelf", "-n", str(KERNEL)], capture_output=True, text=True).stdout
        # binutils 2.40 has no name for type 18 (XEN_ELFNOTE_PHYS32_ENTRY).
        ok = re.search(r"Xen\s+0x00000004\s+.*(PHYS32_ENTRY|\(0x0*12\))", out) is not None
        return Result("image/xen-phys32-note", ok, "" if ok else out)

    def flat_segments():
        ok, detail = boot.segments_flat_in_file(KERNEL)
        return Result("image/segments-contiguous-for-multiboot1", ok, detail)

    def no_wx_segment():
        ok, detail = boot.no_writable_executable_segment(KERNEL)
        return Result("image/no-w+x-segment", ok, detail)

    def stride():
        ok, detail = boot.init_table_stride_ok(KERNEL, INITTAB)
        return Result("image/init-table-stride", ok, detail)

    def no_subarch_ifdef():
        hits = subprocess.run(["grep", "-rnE", r"#\s*(if|ifdef|ifndef|elif)\b.*(XEN|PC|SUBARCH)", "kernel/", "tables/"],
                              capture_output=True, text=True, cwd=ROOT).stdout
        # Include guards (ONEPATH_..._H) are not conditionals on a subarch.
        hits = "\n".join(line for line in hits.splitlines() if not re.search(r"ONEPATH_\w+_H\b", line))
        return Result("source/no-subarch-ifdef-in-common-code", not hits, hits)

    def command_line_documented():
        ok, detail = command_line_doc_matches_code(ROOT)
        return Result("docs/command-line", ok, detail)

    def domu_config():
        ok, detail = xen_domu_config_valid(ROOT)
        return Result("docs/xen-domu-config", ok, detail)

    named = {"docs/xen-domu-config": domu_config,
             "image/pvh-differs-only-in-magic": pvh_image_identical,
             "image/xen-phys32-note": xen_note,
             "image/segments-contiguous-for-multiboot1": flat_segments,
             "image/no-w+x-segment": no_wx_segment,
             "image/init-table-stride": stride,
             "source/no-subarch-ifdef-in-common-code": no_subarch_ifdef,
             "docs/command-line": command_line_documented}
    return [Test(name, run, ["static"]) for name, run in named.items()]


def xen_domu_config_valid(root: Path):
    """platforms/xen/onepath.cfg: xl's key = value syntax, a PVH guest with
    the keys the README promises, our image, and only options we know."""
    config, problems = {}, []
    for number, line in enumerate((root / "platforms/xen/onepath.cfg").read_text().splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r'([a-z_]+)\s*=\s*("([^"]*)"|\d+)', line)
        if not match:
            problems.append(f"line {number} is not key = \"string\" or key = number: {line}")
            continue
        config[match.group(1)] = match.group(3) if match.group(3) is not None else int(match.group(2))
    for key in ("name", "type", "kernel", "memory", "vcpus", "extra", "on_poweroff", "on_crash"):
        if key not in config:
            problems.append(f"no {key}")
    if config.get("type") != "pvh":
        problems.append(f"type is {config.get('type')!r}, not pvh")
    if config.get("kernel") != str(KERNEL.relative_to(root)):
        problems.append(f"kernel {config.get('kernel')!r} is not the image make builds")
    documented = set(re.findall(r"^### `([^`]+)`", (root / "docs/command-line.md").read_text(), re.M))
    for word in str(config.get("extra", "")).split():
        if word.split("=", 1)[0] not in documented:
            problems.append(f"extra has an unknown option: {word}")
    return not problems, "; ".join(problems)


def command_line_doc_matches_code(root: Path):
    """Options declared with CMDLINE_OPTION in the code vs ### headings."""
    option = re.compile(r"CMDLINE_OPTION\(\w+\)\s*=\s*\{[^}]*?\.name\s*=\s*\"([^\"]+)\"", re.S)
    in_code = set()
    for path in list(root.glob("kernel/*.c")) + list(root.glob("tables/*.c")) + \
            list(root.glob("platforms/*/*.c")):
        in_code |= set(option.findall(path.read_text()))
    doc = (root / "docs" / "command-line.md").read_text()
    in_doc = set(re.findall(r"^### `([^`]+)`", doc, re.M))
    problems = [f"in code, not in docs/command-line.md: {sorted(in_code - in_doc)}"] if in_code - in_doc else []
    if in_doc - in_code:
        problems.append(f"in docs/command-line.md, not in code: {sorted(in_doc - in_code)}")
    if not in_code:
        problems.append("no CMDLINE_OPTION found in the code")
    return not problems, "; ".join(problems) or f"{len(in_code)} options"


STRESS_KERNEL = BUILD / "stress" / "onepath.elf"
STRESS_ENTRIES = "tests/fixtures/parallel/stress_entries.c"
TIMESTAMP_ANYWHERE = re.compile(r"\[ *[0-9?]+\.[0-9?]{6}\] ")
ENTRY_LINE = re.compile(r"^(stress_\w+): line (\d+) of (\d+)")


def init_outcomes(log: str) -> dict:
    """Entry -> what the walk decided, without the CPU or the cycles."""
    return {m.group(1): re.sub(r"\s*\[CPU \d+\]\s*$", "",
                               re.sub(r"\s*\(\d+ cycles\)", "", m.group(2) + m.group(3)))
            for m in boot.INIT_LINE.finditer(log)}


def parallel_walk_problems(outcome, reference: dict, want_sequence: list) -> list:
    """What a stressed boot got wrong: its end, its outcomes, its order, a
    torn or lost line, an entry's lines not kept together."""
    if outcome.timed_out:
        return [f"hung: no end within {outcome.timeout} s"]
    problems = []
    if outcome.status != EXIT_SUCCESS:
        problems.append(f"exit status {outcome.status}")
    outcomes = init_outcomes(outcome.log)
    if outcomes != reference:
        diff = {k: (outcomes.get(k), reference.get(k)) for k in set(outcomes) | set(reference)
                if outcomes.get(k) != reference.get(k)}
        problems.append(f"outcomes differ from the serial walk: {diff}")
    if boot.init_sequence(outcome.log) != want_sequence:
        problems.append("init lines not in the predicted order")
    lines = outcome.raw.splitlines()
    torn = [l for l in lines if len(TIMESTAMP_ANYWHERE.findall(l)) != 1]
    if torn:
        problems.append(f"torn lines: {torn[:3]}")
    text = outcome.log.splitlines()
    for i, line in enumerate(text):
        m = re.match(r"^init: (stress_\w+): (ran|failed)", line)
        if not m:
            continue
        block = []
        for before in reversed(text[:i]):
            own = ENTRY_LINE.match(before)
            if not own or own.group(1) != m.group(1):
                break
            block.insert(0, int(own.group(2)))
        total = [int(ENTRY_LINE.match(l).group(3)) for l in text if ENTRY_LINE.match(l)
                 and ENTRY_LINE.match(l).group(1) == m.group(1)]
        if not total or block != list(range(1, total[0] + 1)) or len(total) != total[0]:
            problems.append(f"{m.group(1)}'s lines are not together before its init line: {block}")
    if not re.search(r"^onepath: init complete", outcome.log, re.M):
        problems.append("no completion line")
    return problems


def build_fixture_image(kernel: Path, entries: str) -> str:
    """Links the image with extra init entries (EXTRA_INIT); what make
    said if it failed, else ""."""
    build = subprocess.run(["make", "-s", f"KERNEL={kernel}", f"EXTRA_INIT={entries}", str(kernel)],
                           capture_output=True, text=True, cwd=ROOT)
    return (build.stdout + build.stderr)[-2000:] if build.returncode else ""


def pc_fixture_image(name: str, kernel: Path, entries: str):
    """The result of a PC boot test that cannot start (no PC in the image:
    skipped; the fixture image does not build: failed), or None."""
    if "PC" not in image_subarchs():
        return Result(name, True, skipped=True, detail="the image was built without PC")
    failed = build_fixture_image(kernel, entries)
    return Result(name, False, failed) if failed else None


def makespan_known_answer() -> Result:
    """inittab --makespan on the stress image with 1,000 cycles for every
    stress entry and nothing for the rest: answers worked out by hand from
    tests/fixtures/parallel/stress_entries.c."""
    name = "verifier/makespan"
    failed = build_fixture_image(STRESS_KERNEL, STRESS_ENTRIES)
    if failed:
        return Result(name, False, failed)
    names = re.findall(r"^(?:STRESS\(|INIT_ENTRY\()(stress_\w+),",
                       (ROOT / STRESS_ENTRIES).read_text(), re.M)
    with tempfile.NamedTemporaryFile("w", suffix=".log") as costs:
        costs.write("".join(f"init: {n}: ran (1000 cycles) [CPU 0]\n" for n in names))
        costs.flush()
        out = subprocess.run([str(INITTAB), "--makespan", "PC", "--costs", costs.name,
                              str(STRESS_KERNEL)], capture_output=True, text=True).stdout
    # DEVICES: stress_a > stress_c > stress_boot_cpu (or stress_e >
    # stress_fails > stress_after_failure), 3 entries; LATE: stress_late_1 >
    # stress_late_3 > stress_late_7 (or _2), 3.  21 entries in all.  On 8
    # CPUs the group stress_pick_1..3 runs in turn: 3 in DEVICES too.
    want = ["serial levels (up to CPU, where the CPUs start): 0",
            "critical path: 6000 (serial levels 0 + the longest chain of each later level 6000)",
            "makespan on 1 CPU: 21000 (1.00x)", "makespan on 8 CPUs: 6000 (3.50x)"]
    missing = [w for w in want if w not in out]
    return Result(name, not missing and len(names) == 21,
                  f"{len(names)} stress entries; missing {missing} in:\n{out}" if missing else "")


def parallel_stress() -> Result:
    """init.jitter stress: 100 boots over seeds and 1, 2, 4 and 8 CPUs of an
    image with entries for every outcome at the parallel levels; each must
    report what the serial walk reports, lines whole and together, no hang."""
    name = "smp/stress-100-boots"
    cannot_start = pc_fixture_image(name, STRESS_KERNEL, STRESS_ENTRIES)
    if cannot_start:
        return cannot_start
    want = predicted_sequence("PC", STRESS_KERNEL)

    def run(cmdline, cpus, accel="tcg"):
        return boot.run_qemu(["-M", "pc", *boot.COMMON, "-m", "64", "-smp", str(cpus),
                              "-accel", accel, "-kernel", str(STRESS_KERNEL),
                              "-append", cmdline], timeout=90)

    # The reference: init.serial keeps every entry on the boot CPU even
    # with other CPUs up.
    serial = run("init.serial", 4)
    reference = init_outcomes(serial.log)
    if serial.status != EXIT_SUCCESS or not any(k.startswith("stress_") for k in reference) \
            or "smp: 4 CPUs up" not in serial.log or re.search(r"\[CPU [1-9]\d*\]$", serial.log, re.M):
        return Result(name, False, "the init.serial reference boot failed or used other CPUs:\n"
                      + serial.log[-2000:])
    cases = [(seed, cpus) for seed in range(1, 26) for cpus in (1, 2, 4, 8)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(lambda case: run(
            f"init.jitter={case[0]}", case[1],
            "tcg,thread=multi" if case[0] % 2 else "tcg"), cases))
    failures = []
    for (seed, cpus), outcome in zip(cases, outcomes):
        problems = parallel_walk_problems(outcome, reference, want)
        if f"smp: {cpus} CPU" not in outcome.log:
            problems.append(f"not {cpus} CPUs up: "
                            + " / ".join(re.findall(r"^smp: .*$", outcome.log, re.M)))
        if problems:
            failures.append(f"seed {seed}, {cpus} CPUs: " + "; ".join(problems))
    parallel = sum(1 for o in outcomes if re.search(r"\[CPU [1-9]\d*\]$", o.log, re.M))
    if failures:
        return Result(name, False, "\n".join(failures[:5]), count=len(cases),
                      failed_cases=len(failures))
    return Result(name, True, f"{len(cases)} boots as the serial walk, {parallel} with entries "
                  "on other CPUs", count=len(cases))


PAGES_KERNEL = BUILD / "pages" / "onepath.elf"
PAGES_ENTRIES = "tests/fixtures/parallel/page_entries.c"
PAGES_LINE = re.compile(r"^(pages_\d): (\d+) of (\d+) pages kept what it wrote$", re.M)


def pages_beside_scrub() -> Result:
    """Entries that take pages at LATE on other CPUs while mem.scrub zeroes
    the free memory: none may lose a page to the scrub or to another
    entry.  Seeds and CPU counts vary who takes what when."""
    name = "smp/pages-beside-scrub"
    cannot_start = pc_fixture_image(name, PAGES_KERNEL, PAGES_ENTRIES)
    if cannot_start:
        return cannot_start
    cases = [(seed, cpus) for seed in range(1, 9) for cpus in (2, 4)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(lambda case: boot.run_qemu(
            ["-M", "pc", *boot.COMMON, "-m", "64", "-smp", str(case[1]),
             "-accel", "tcg,thread=multi", "-kernel", str(PAGES_KERNEL),
             "-append", f"mem.scrub init.jitter={case[0]}"], timeout=90), cases))
    failures = []
    for (seed, cpus), outcome in zip(cases, outcomes):
        kept = PAGES_LINE.findall(outcome.log)
        problems = [] if outcome.status == EXIT_SUCCESS else [f"exit status {outcome.status}"]
        if "mem_scrub: " not in outcome.log:
            problems.append("no scrub")
        if len(kept) != 3 or any(got != of for _, got, of in kept):
            problems.append("pages lost: " + "; ".join(f"{e} {got} of {of}" for e, got, of in kept)
                            if kept else "no pages_N line")
        if problems:
            failures.append(f"seed {seed}, {cpus} CPUs: " + "; ".join(problems))
    if failures:
        return Result(name, False, "\n".join(failures[:5]), count=len(cases),
                      failed_cases=len(failures))
    return Result(name, True, f"{len(cases)} boots, every page kept", count=len(cases))


FLOOD_KERNEL = BUILD / "flood" / "onepath.elf"
FLOOD_ENTRIES = "tests/fixtures/parallel/log_flood_entries.c"
FLOOD_LINE = re.compile(r"^(?:\[ *[0-9?]+\.[0-9?]{6}\] )?flood: line (\d+) of (\d+),", re.M)


def log_flood_every_line() -> Result:
    """An entry logs more than the log buffer keeps while other CPUs write
    the slow consoles: port 0xe9 and COM1 must each get every line once,
    in order, on 1, 2 and 4 CPUs."""
    name = "smp/log-flood-every-line"
    cannot_start = pc_fixture_image(name, FLOOD_KERNEL, FLOOD_ENTRIES)
    if cannot_start:
        return cannot_start
    failures = []
    for cpus in (1, 2, 4):
        with tempfile.TemporaryDirectory() as tmp:
            consoles = {"port 0xe9": Path(tmp, "e9.log"), "COM1": Path(tmp, "serial.log")}
            try:
                status = subprocess.run(
                    [boot.QEMU, "-M", "pc", *boot.COMMON, "-m", "64", "-smp", str(cpus),
                     "-accel", "tcg,thread=multi", "-kernel", str(FLOOD_KERNEL),
                     "-debugcon", f"file:{consoles['port 0xe9']}",
                     "-serial", f"file:{consoles['COM1']}"],
                    capture_output=True, timeout=90).returncode
            except subprocess.TimeoutExpired:
                status = None
            problems = [] if status == EXIT_SUCCESS else [f"exit status {status}"]
            for console, path in consoles.items():
                text = path.read_text(errors="replace") if path.exists() else ""
                numbers = [int(m.group(1)) for m in FLOOD_LINE.finditer(text)]
                want = list(range(1, int(FLOOD_LINE.search(text).group(2)) + 1)) \
                    if numbers else [1]
                if numbers != want:
                    missing = sorted(set(want) - set(numbers))
                    problems.append(f"{console}: {len(numbers)} of {len(want)} lines"
                                    + (f", missing {missing[0]}..{missing[-1]} ({len(missing)})"
                                       if missing else ", out of order or twice"))
            if problems:
                failures.append(f"{cpus} CPUs: " + "; ".join(problems))
    if failures:
        return Result(name, False, "\n".join(failures), count=3, failed_cases=len(failures))
    return Result(name, True, "1, 2 and 4 CPUs: every line on both consoles, in order", count=3)


BENCH_KEYS = ("date", "machine", "instructions", "wall", "size", "scaling", "targets",
              "deterministic")


def bench_quick() -> Result:
    """`make bench-quick` runs and writes well-formed JSON with every part,
    and two counted boots of one build agree.  The numbers themselves are
    not judged: a benchmark is not a pass/fail test."""
    name = "bench/quick"
    if "PC" not in image_subarchs():
        return Result(name, True, skipped=True,
                      detail="the image was built without PC, and bench-quick boots the PC door")
    proc = subprocess.run(["make", "-s", "bench-quick"], capture_output=True, text=True,
                          cwd=ROOT, timeout=900)
    if proc.returncode != 0:
        return Result(name, False, (proc.stdout + proc.stderr)[-3000:])
    try:
        data = json.loads((BUILD / "bench" / "quick" / "bench.json").read_text())
    except ValueError as error:
        return Result(name, False, f"build/bench/quick/bench.json is not JSON: {error}")
    problems = [f"no key {key!r}" for key in BENCH_KEYS if key not in data]
    counted = [(door, mode, m) for door, modes in data.get("instructions", {}).items()
               for mode, m in modes.items()]
    if not counted:
        problems.append("no counted boot")
    for door, mode, m in counted:
        first, second = m["runs"]
        if first != second or not first["marks"].get("exit"):
            problems.append(f"{door} {mode}: two runs of one build differ or never reached "
                            f"machine_exit: {first} / {second}")
    if not data.get("scaling", {}).get("fits"):
        problems.append("no scaling fit")
    return Result(name, not problems, "; ".join(problems) or
                  f"{len(counted)} counted boots, each identical twice")


def host_tests() -> list:
    binaries = [BUILD / "host" / source.stem for source in sorted((ROOT / "tests/unit").glob("test_*.c"))]
    tests = [Test(f"unit/{b.name}", lambda b=b: unit_test(b), ["unit"]) for b in binaries]
    tests.append(Test("verifier/fixtures", lambda: script_test(
        "verifier/fixtures", ["bash", "tests/fixtures/init/run.sh"]), ["verifier"]))
    tests.append(Test("verifier/kernel-build-fixtures", lambda: script_test(
        "verifier/kernel-build-fixtures", ["bash", "tests/kernel_fixtures.sh"]), ["verifier"]))
    tests.append(Test("verifier/order-declared-not-named", lambda: script_test(
        "verifier/order-declared-not-named", ["bash", "tests/order_declared.sh"]), ["verifier"]))
    tests.append(Test("verifier/app-fixtures", lambda: script_test(
        "verifier/app-fixtures", ["bash", "tests/app_fixtures.sh"]), ["verifier"]))
    tests.append(Test("tables/lto-and-gc-sections", lambda: script_test(
        "tables/lto-and-gc-sections", ["bash", "tests/unit/run-tables-lto.sh"]), ["unit"]))
    tests.append(Test("tables/lto-kernel", lambda: script_test(
        "tables/lto-kernel", ["bash", "tests/lto_kernel.sh"]), ["build"]))
    tests.append(Test("build/single-subarch-images", lambda: script_test(
        "build/single-subarch-images", ["bash", "tests/subarch_builds.sh"]), ["build"]))
    tests.append(Test("build/third-subarch", lambda: script_test(
        "build/third-subarch", ["bash", "tests/third_subarch.sh"]), ["build"]))
    def debug(door):
        proc = subprocess.run(["bash", "tools/debug.sh", door, "--batch"], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
        out = proc.stdout + proc.stderr
        ok = re.search(r"Breakpoint 1, onepath_main \(magic=\d+, info_addr=\d+\) at kernel/main\.c:\d+", out) \
            and re.search(r"rip\s+0x[0-9a-f]+\s+0x[0-9a-f]+ <onepath_main>", out)
        return Result(f"debug/gdb-stops-at-c-entry-{door}", bool(ok), "" if ok else out[-2000:])
    for door in ("multiboot1", "pvh"):
        tests.append(Test(f"debug/gdb-stops-at-c-entry-{door}", lambda door=door: debug(door), ["debug"]))
    tests.append(Test("lint", lambda: script_test("lint", ["bash", "tools/lint.sh"]), ["lint"]))
    tests.append(Test("user/add-one-entry", lambda: script_test(
        "user/add-one-entry", ["bash", "tests/user_entry.sh"]), ["user"]))
    # A user's EARLY and CONSOLE entries that fault, on every door.
    tests.append(Test("boot/faulting-entries", lambda: script_test(
        "boot/faulting-entries", ["python3", "tests/faulting_entries.py"]), ["boot"]))
    tests.append(Test("static/constants-defined-once", lambda: script_test(
        "static/constants-defined-once", ["python3", "tests/constants_once.py"]), ["static"]))
    tests.append(Test("static/no-hook-structures", lambda: script_test(
        "static/no-hook-structures", ["bash", "tests/fixtures/hooks/run.sh"]), ["static"]))
    tests.append(Test("fuzz/short-budget", lambda: script_test("fuzz/short-budget", ["bash", "tests/fuzz/run.sh", "10"]), ["fuzz"]))
    tests.append(Test("bench/quick", bench_quick, ["bench"]))
    tests.append(Test("smp/stress-100-boots", parallel_stress, ["boot"]))
    tests.append(Test("smp/pages-beside-scrub", pages_beside_scrub, ["boot"]))
    tests.append(Test("smp/log-flood-every-line", log_flood_every_line, ["boot"]))
    tests.append(Test("verifier/makespan", makespan_known_answer, ["verifier"]))
    tests.append(Test("verifier/plan-carried-by-the-image", lambda: script_test(
        "verifier/plan-carried-by-the-image", ["python3", "tests/init_plan_carried.py"]),
        ["verifier"]))
    return tests


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("-k", default="", help="run tests whose name contains this")
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    # The domU session is the longest test: it starts first.
    tests = [t for t in domu_tests() + static_tests() + host_tests() + boot_tests()
             + app_tests.tests(check_boot, Result, Test) if args.k in t.name]
    if args.list:
        print("\n".join(t.name for t in tests))
        return 0
    start = time.time()
    results = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        futures = {pool.submit(t.run): t for t in tests}
        for future in concurrent.futures.as_completed(futures):
            test = futures[future]
            try:
                outcome = future.result()
            except Exception as error:  # a broken test is a failed test
                outcome = Result(test.name, False, f"{type(error).__name__}: {error}")
            # A test may give several results (the domU session: one a case).
            for result in outcome if isinstance(outcome, list) else [outcome]:
                results.append(result)
                verdict = "SKIP" if result.skipped else "PASS" if result.ok else "FAIL"
                print(f"{verdict} {result.name}"
                      + (f" ({result.detail})" if result.ok and result.detail else ""), flush=True)
                if not result.ok:
                    print("    " + result.detail.replace("\n", "\n    "), flush=True)
    skipped = sum(1 for r in results if r.skipped)
    failed = sum(max(r.failed_cases, 1) for r in results if not r.ok)
    passed = sum(r.count - (0 if r.ok else max(r.failed_cases, 1))
                 for r in results if not r.skipped)
    print(f"# {len(results)} tests in {time.time() - start:.0f} s")
    print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
