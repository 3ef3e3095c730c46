# SPDX-License-Identifier: MIT
"""How each door is started under QEMU, and what the tests read back.

Every boot captures the whole log: on PC both from COM1 and port 0xe9
(debugcon; live from the first line), under Xen from Xen's console on the
serial line, where onepath's lines appear as "(d0) ..."."""
import os
import re
import struct
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import qemu_exit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import subarch_list  # noqa: E402  (platforms/subarch_list.h, read)

BUILD = ROOT / "build"
KERNEL = BUILD / "onepath.elf"
KERNEL_PVH = BUILD / "onepath-pvh.elf"
# The shipped image plus test-only code (tests/kernel/): test.fault=call:.
TEST_KERNEL = BUILD / "onepath-test.elf"
XEN = BUILD / "cache" / "xen" / "xen.elf"
INITTAB = BUILD / "host" / "inittab"
QEMU = "qemu-system-x86_64"
# QEMU's exit status for onepath's codes: tests/qemu_exit.py is the one
# place that knows the isa-debug-exit encoding.
EXIT_SUCCESS, EXIT_FAILURE = (qemu_exit.qemu_status(qemu_exit.SUCCESS_CODE),
                              qemu_exit.qemu_status(qemu_exit.FAILURE_CODE))
STOPPED_AT_LINE = 1000  # the harness stopped QEMU on seeing the line it waited for
TIMEOUT = 60

COMMON = ["-display", "none", "-no-reboot",
          "-device", "isa-debug-exit,iobase=0xf4,iosize=1"]
XEN_MACHINE = ["-M", "q35", "-accel", "tcg", "-cpu", "qemu64,+svm,+npt", "-m", "512",
               "-smp", "1", "-device", "intel-iommu,intremap=on,aw-bits=48",
               "-display", "none", "-no-reboot",
               "-device", "isa-debug-exit,iobase=0xf4,iosize=1"]
XEN_APPEND = "dom0=pvh console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all"


@dataclass
class Outcome:
    status: int
    log: str            # timestamps removed, for matching lines
    seconds: float
    timed_out: bool = False
    timeout: int = TIMEOUT
    raw: str = ""       # as the consoles printed it


# "[     0.001234] " or "[     ?.??????] ", after Xen's "(d0) " if any.
TIMESTAMP = re.compile(r"^(\(d\d+\) )?\[ *[0-9?]+\.[0-9?]{6}\] ", re.M)


def strip_timestamps(text: str) -> str:
    return TIMESTAMP.sub(lambda m: m.group(1) or "", text)


def run_qemu(args: list, debugcon: bool = True, timeout: int = TIMEOUT,
             until: str = None) -> Outcome:
    """until: a regex; once the log shows it, and QEMU has not ended by
    itself within UNTIL_GRACE seconds more, QEMU is stopped (status
    STOPPED_AT_LINE): for a machine that halts rather than exits."""
    with tempfile.TemporaryDirectory() as tmp:
        serial, e9 = Path(tmp, "serial.log"), Path(tmp, "e9.log")
        command = [QEMU, *args, "-serial", f"file:{serial}"]
        if debugcon:
            command += ["-debugcon", f"file:{e9}"]
        start = time.time()
        if until:
            status, timed_out = _run_until(command, e9 if debugcon else serial, until, timeout)
        else:
            try:
                status = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True,
                                        timeout=timeout).returncode
                timed_out = False
            except subprocess.TimeoutExpired:
                status, timed_out = -1, True
        seconds = time.time() - start
        text = serial.read_text(errors="replace") if serial.exists() else ""
        if debugcon and e9.exists():
            # Port 0xe9 carries the whole log, live from the first line;
            # the serial line may hold only firmware and GRUB (an image
            # without PC has no COM1 console).
            e9_text = e9.read_text(errors="replace")
            if "onepath: " in e9_text:
                text = e9_text
        return Outcome(status, strip_timestamps(text), seconds, timed_out, timeout, raw=text)


UNTIL_GRACE = 0.5  # s: a machine that goes on to exit after the line has time to


def _run_until(command: list, log: Path, until: str, timeout: int):
    """(status, timed out) of QEMU run until its log shows until."""
    qemu = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    start, seen = time.time(), None
    while True:
        try:
            return qemu.wait(timeout=0.1), False
        except subprocess.TimeoutExpired:
            pass
        if seen is None and log.exists() and \
                re.search(until, strip_timestamps(log.read_text(errors="replace")), re.M):
            seen = time.time()
        if (seen is not None and time.time() - seen > UNTIL_GRACE) or \
                time.time() - start > timeout:
            qemu.kill()
            qemu.wait()
            return (STOPPED_AT_LINE, False) if seen is not None else (-1, True)


def qemu_modules(modules) -> str:
    """QEMU's -initrd list: comma-separated, a comma inside one doubled."""
    return ",".join(str(m).replace(",", ",,") for m in modules)


def machine(memory="256", cpu=None, modules=(), smp=None, accel=None):
    """QEMU options every door shares: memory, CPU model, multiboot modules,
    CPU count, accelerator (e.g. "tcg,thread=multi")."""
    args = ["-m", str(memory)]
    if smp:
        args += ["-smp", str(smp)]
    if accel:
        args += ["-accel", accel]
    if cpu:
        args += ["-cpu", cpu]
    if modules:
        args += ["-initrd", qemu_modules(modules)]
    return args


def pvh_image(kernel: Path) -> Path:
    """The PVH door's copy of an image (make builds it beside the image)."""
    return kernel.with_name(kernel.stem + "-pvh.elf")


# Every door boots KERNEL unless given another image (kernel=, make's KERNEL=).
def multiboot1_pc(cmdline="", kernel=None, **options):
    return run_qemu(["-M", "pc", *COMMON, *machine(**options), "-kernel", str(kernel or KERNEL),
                     "-append", cmdline])


def multiboot1_q35(cmdline="", kernel=None, **options):
    return run_qemu(["-M", "q35", *COMMON, *machine(**options), "-kernel", str(kernel or KERNEL),
                     "-append", cmdline])


def pvh_pc(cmdline="", kernel=None, **options):
    image = pvh_image(kernel) if kernel else KERNEL_PVH
    return run_qemu(["-M", "pc", *COMMON, *machine(**options), "-kernel", str(image),
                     "-append", cmdline])


def pvh_q35(cmdline="", kernel=None, **options):
    image = pvh_image(kernel) if kernel else KERNEL_PVH
    return run_qemu(["-M", "q35", *COMMON, *machine(**options), "-kernel", str(image),
                     "-append", cmdline])


def pvh_microvm(cmdline="", kernel=None, microvm="", **options):
    """microvm: the machine's own options (e.g. ",pit=off"), comma-led."""
    image = pvh_image(kernel) if kernel else KERNEL_PVH
    return run_qemu(["-M", "microvm" + microvm, *COMMON, *machine(**options), "-kernel", str(image),
                     "-append", cmdline])


def make_iso(kernel, iso, cmdline, firmware, modules):
    subprocess.run(["bash", str(ROOT / "tools/make-iso.sh"), str(kernel or KERNEL), str(iso),
                    cmdline, firmware, *(str(m) for m in modules)],
                   check=True, capture_output=True)


def multiboot2_grub(cmdline="", kernel=None, modules=(), **options):
    with tempfile.TemporaryDirectory() as tmp:
        iso = Path(tmp, "onepath.iso")
        make_iso(kernel, iso, cmdline, "bios", modules)
        return run_qemu(["-M", "pc", *COMMON, *machine(**options), "-cdrom", str(iso)])


OVMF_CODE = Path("/usr/share/OVMF/OVMF_CODE.fd")
OVMF_VARS = Path("/usr/share/OVMF/OVMF_VARS.fd")


def multiboot2_grub_efi(cmdline="", kernel=None, modules=(), **options):
    """GRUB on UEFI: OVMF firmware on q35, a GRUB x86_64-efi ISO."""
    with tempfile.TemporaryDirectory() as tmp:
        iso, variables = Path(tmp, "onepath-efi.iso"), Path(tmp, "vars.fd")
        make_iso(kernel, iso, cmdline, "efi", modules)
        variables.write_bytes(OVMF_VARS.read_bytes())
        return run_qemu(["-M", "q35", *COMMON, *machine(**options),
                         "-drive", f"if=pflash,format=raw,readonly=on,file={OVMF_CODE}",
                         "-drive", f"if=pflash,format=raw,file={variables}", "-cdrom", str(iso)])


def pvh_xen(cmdline="", until=None, kernel=None, modules=(), smp=1, **options):
    """Real Xen, booting onepath as a PVH dom0.  until: a regex; once Xen's
    console shows it, QEMU is stopped (status STOPPED_AT_LINE), because a
    dom0 that powers off makes Xen halt the machine, not exit QEMU.
    Xen's dom0 builder passes dom0 one module: the first of modules.  smp:
    the machine's CPUs, and as many vCPUs for dom0 (dom0_max_vcpus)."""
    with tempfile.TemporaryDirectory() as tmp:
        serial = Path(tmp, "serial.log")
        xen_modules = [f"{kernel or KERNEL} {cmdline}".strip(), *modules]
        machine_args = list(XEN_MACHINE)
        machine_args[machine_args.index("-smp") + 1] = str(smp)
        command = [QEMU, *machine_args, "-serial", f"file:{serial}", "-kernel", str(XEN),
                   "-append", f"{XEN_APPEND} dom0_max_vcpus={smp}",
                   "-initrd", qemu_modules(xen_modules)]
        start = time.time()
        qemu = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        status, timed_out = None, False
        while status is None:
            try:
                status = qemu.wait(timeout=0.2)
            except subprocess.TimeoutExpired:
                text = serial.read_text(errors="replace") if serial.exists() else ""
                if until and re.search(until, text, re.M):
                    qemu.kill()
                    qemu.wait()
                    status = STOPPED_AT_LINE
                elif time.time() - start > TIMEOUT:
                    qemu.kill()
                    qemu.wait()
                    status, timed_out = -1, True
        text = serial.read_text(errors="replace") if serial.exists() else ""
        return Outcome(status, strip_timestamps(text), time.time() - start, timed_out, raw=text)


# --- reading the image -----------------------------------------------------

def elf_symbols(path: Path) -> dict:
    out = subprocess.run(["nm", str(path)], capture_output=True, text=True, check=True).stdout
    return {name: int(value, 16) for value, _, name in
            (line.split() for line in out.splitlines() if len(line.split()) == 3)}


def load_segments(path: Path) -> list:
    data = path.read_bytes()
    (phoff,) = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    segments = []
    for i in range(phnum):
        p_type, p_flags, p_offset, p_vaddr, _, p_filesz, p_memsz, _ = \
            struct.unpack_from("<IIQQQQQQ", data, phoff + i * phentsize)
        if p_type == 1:
            segments.append((p_flags, p_offset, p_vaddr, p_filesz, p_memsz))
    return segments


def segments_flat_in_file(path: Path):
    """Multiboot 1's address fields copy the file flat: every PT_LOAD must
    sit at the same distance from the first in the file as in memory."""
    segments = load_segments(path)
    _, offset0, vaddr0, _, _ = segments[0]
    bad = [s for s in segments if s[3] and s[1] - offset0 != s[2] - vaddr0]
    return not bad, f"segments not flat: {bad}" if bad else f"{len(segments)} segments"


def no_writable_executable_segment(path: Path):
    bad = [s for s in load_segments(path) if (s[0] & 3) == 3]
    return not bad, f"W+X segments: {bad}" if bad else ""


def init_table_stride_ok(path: Path, inittab: Path):
    out = subprocess.run(["readelf", "-sW", str(path)], capture_output=True, text=True).stdout
    sizes = {m.group(2) for m in re.finditer(r"\s(\d+)\s+OBJECT\s+GLOBAL\s+\w+\s+\d+\s+(init_entry_\w+)", out)}
    entries = sorted((int(m.group(1), 16), int(m.group(2)), m.group(3)) for m in
                     re.finditer(r":\s+([0-9a-f]+)\s+(\d+)\s+OBJECT\s+GLOBAL\s+\w+\s+\d+\s+(init_entry_\w+)", out))
    if not entries:
        return False, "no init_entry_* symbols"
    size = entries[0][1]
    gaps = [(a[2], b[0] - a[0]) for a, b in zip(entries, entries[1:]) if b[0] - a[0] != size]
    if gaps:
        return False, f"stride != sizeof ({size}): {gaps[:4]}"
    return True, f"{len(entries)} entries, stride {size}"


# --- a hostile loader ------------------------------------------------------

_hostile_loader_lock = threading.Lock()


def _hostile_loader() -> Path:
    """Assembled once per run.  Tests run side by side: one assembling the
    loader while another's QEMU reads it booted a half-written file."""
    loader = BUILD / "tests" / "hostile_loader.bin"
    with _hostile_loader_lock:
        if not getattr(_hostile_loader, "done", False):
            loader.parent.mkdir(parents=True, exist_ok=True)
            partial = loader.with_suffix(f".{os.getpid()}.tmp")
            subprocess.run(["nasm", "-f", "bin", str(ROOT / "tests/hostile_loader.asm"),
                            "-o", str(partial)], check=True)
            os.replace(partial, loader)
            _hostile_loader.done = True
    return loader


def _hostile(mode: int, entry_symbol: str, breakpoint_symbol: str = None, until: str = None,
             **options):
    """tests/hostile_loader.asm enters KERNEL by mode, with the direction
    flag set and, if breakpoint_symbol names a symbol, DR0 armed there."""
    loader = _hostile_loader()
    symbols = elf_symbols(KERNEL)
    segments = load_segments(KERNEL)
    _, offset0, vaddr0, _, _ = segments[0]
    load_size = symbols["image_data_end"] - vaddr0
    breakpoint = symbols[breakpoint_symbol] if breakpoint_symbol else 0
    args = [mode, symbols[entry_symbol], offset0, vaddr0, load_size, symbols["image_end"],
            breakpoint]
    module = f"{KERNEL} " + " ".join(f"{a:x}" for a in args)
    return run_qemu(["-M", "pc", *COMMON, *machine(**options), "-kernel", str(loader),
                     "-initrd", module], until=until)


def hostile_multiboot1_bad_magic(cmdline=""):
    return _hostile(1, "multiboot_entry")


def hostile_pvh_bad_magic(cmdline=""):
    return _hostile(2, "pvh_entry")


def hostile_pvh_rsdp(cmdline=""):
    return _hostile(3, "pvh_entry")


def hostile_pvh_rsdt(cmdline=""):
    return _hostile(4, "pvh_entry")


def hostile_pvh_madt(cmdline="", **options):
    """A MADT listing CPUs QEMU does not have, one twice, more than
    CPUS_MAX in all (with -smp 2: APIC IDs 0 and 1 exist)."""
    return _hostile(9, "pvh_entry", **options)


def hostile_multiboot1_honest(cmdline=""):
    """The right magic and boot information, but the direction flag set."""
    return _hostile(5, "multiboot_entry")


def hostile_multiboot1_breakpoint(symbol: str):
    """A door whose boot faults (#DB) when the kernel first runs symbol."""
    def door(cmdline=""):
        return _hostile(5, "multiboot_entry", symbol)
    return door


# The loader's own ACPI tables, "exit=platform": an FADT with the PC's PM1a
# control port and a DSDT that a power-off cannot use.  When ACPI's
# power-off gives up, the CPU halts: the run ends once the log shows until
# (status STOPPED_AT_LINE), unless QEMU went on to power off or reset.
HOSTILE_DSDT_MODES = {"without-s5": 6, "bad-checksum": 7, "outside-memory-map": 8}


def hostile_pvh_dsdt(kind: str):
    def door(cmdline="", until=None):
        return _hostile(HOSTILE_DSDT_MODES[kind], "pvh_entry", until=until)
    return door


# --- reading the log ---------------------------------------------------------

INIT_LINE = re.compile(r"^(?:\(d\d+\) )?init: (\w+): (ran|failed|skipped)(.*)$", re.M)


def init_sequence(log: str) -> list:
    """Names of the entries the boot log shows for this subarch, in order:
    every init line except those skipped for another subarch.  Under Xen
    only onepath's "(d0)" lines count: its console_io copy of warnings
    shows up undecorated beside them."""
    if re.search(r"^\(d\d+\) ", log, re.M):
        log = "\n".join(line for line in log.splitlines() if line.startswith("(d"))
    return [m.group(1) for m in INIT_LINE.finditer(log)
            if not (m.group(2) == "skipped" and m.group(3).startswith(": subarch"))]


TEARDOWN_LINE = re.compile(r"^(?:\(d\d+\) )?teardown: (\w+)$", re.M)


def teardown_sequence(log: str) -> list:
    """The teardowns the boot log shows, in order (onepath's own lines)."""
    if re.search(r"^\(d\d+\) ", log, re.M):
        log = "\n".join(line for line in log.splitlines() if line.startswith("(d"))
    return TEARDOWN_LINE.findall(log)


def predicted_teardown(kernel: Path, subarch: str, log: str, inittab: Path = INITTAB) -> list:
    """The teardowns the verifier predicts at an orderly exit, limited to
    the entries this boot's log shows as run."""
    out = subprocess.run([str(inittab), "--teardown", subarch, str(kernel)],
                         capture_output=True, text=True, check=True).stdout
    ran = {m.group(1) for m in INIT_LINE.finditer(log) if m.group(2) == "ran"}
    return [name for name in out.split() if name in ran]


# --- what an image is built to do --------------------------------------------

_subarchs_cache = {}


def image_subarchs(kernel: Path) -> set:
    """The subarchs an image was built with (make SUBARCHES=...): those of
    platforms/subarch_list.h whose private code section is not empty.
    Read once per build of the file."""
    key = (str(kernel), kernel.stat().st_mtime_ns)
    if key not in _subarchs_cache:
        symbols = elf_symbols(kernel)
        _subarchs_cache[key] = {name for name, folder in subarch_list.subarchs(ROOT)
                                if symbols.get(f"text_{folder}_end", 0)
                                > symbols.get(f"text_{folder}_start", 0)}
    return _subarchs_cache[key]


def predicted_sequence(kernel: Path, subarch: str, inittab: Path = INITTAB) -> list:
    """The init entries the verifier predicts subarch runs, in order."""
    out = subprocess.run([str(inittab), "--sequence", subarch, str(kernel)],
                         capture_output=True, text=True, check=True).stdout
    return out.split()


# One door per subarch, for tests that boot an image on each it supports.
DOOR_PER_SUBARCH = (("pc", multiboot1_pc, "PC"), ("xen", pvh_xen, "XEN"))


def boots_as_predicted(door, subarch: str, kernel: Path, inittab: Path = INITTAB):
    """Boots through door (which starts the module's KERNEL) and compares
    the log's init sequence with the prediction for kernel.  Returns
    (ok, outcome, got, want)."""
    outcome = door("")
    want = predicted_sequence(kernel, subarch, inittab)
    got = init_sequence(outcome.log)
    return outcome.status == EXIT_SUCCESS and got == want and bool(want), outcome, got, want
