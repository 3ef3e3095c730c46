#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""make bench: what a boot of onepath costs, in numbers that do not wobble.

    tools/bench/bench.py [--quick]

1. Guest instructions per door, counted under QEMU TCG by our own plugin
   (tools/bench/insn_count.c) with -icount, so that the guest's TSC and
   timers run on instruction counts: the same build gives the same counts
   on every run, and every door is measured twice to show it.
2. Wall time of the whole QEMU process, per door and for the floor kernel
   (tests/floor.asm) in the same run, TCG and, where it works, KVM
   (KVM_RUNS interleaved runs; targets on the minimums).  The TSC
   frequency each boot found, against -icount's 1 GHz or the host's TSC.
   Under KVM: the vCPU's KVM statistics (exits, emulated instructions)
   through QMP query-stats, and each init entry's cycles from the boot
   log.  A real peer: Debian's Linux (tools/fetch-linux.sh) booted by
   -kernel with an initramfs made here, whose /init writes one byte and
   exits, on pc and microvm, TCG and KVM, beside onepath.
3. Image sizes (tools/size-report.py) and the code that can still run
   after init (the boot log's jettison line).
4. Init-table scaling: synthetic tables (tools/bench/gen_table.py) linked
   into bench-only kernels; host time of the verifier and guest
   instructions of the planner and of the walk, fitted against n + e.

Writes build/bench/bench.txt (the table, also printed), bench.json and
PNG plots (gnuplot).  --quick: one door, one timed run each, tables of up
to 100 entries, no single-subarch builds, no KVM; its report goes to
build/bench/quick/; it skips KVM and Linux.  Benchmarks are not
pass/fail: the targets of issues 5 and 11 are reported as met or missed.
"""
import argparse
import contextlib
import datetime
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build"
OUT = BUILD / "bench"
PLUGIN = OUT / "insn_count.so"
INITTAB = BUILD / "host" / "inittab"
sys.path.insert(0, str(ROOT / "tests"))
import boot  # noqa: E402  (tests/boot.py: how each door is started)
import kvm_exits  # noqa: E402  (tools/bench/kvm_exits.py: exits by device and entry)

# The guest's clocks advance one nanosecond per instruction, never with the
# host's, and its RTC starts at a fixed date (Xen's wallclock reaches the
# log): what the kernel reads from its TSC, timers and RTC is then part of
# the build, and so are the instructions that depend on it.
ICOUNT = ["-icount", "shift=0,sleep=off,align=off", "-rtc", "base=2026-01-01T00:00:00,clock=vm"]
QUIET = "loglevel=3"
SEED = 5
TABLE_SIZES = (10, 100, 1000, 10000)
TABLE_SIZES_QUICK = (10, 100)

# Door: how it is entered, and on which subarch the kernel finds itself.
DOORS = {
    "multiboot1-pc": ("multiboot_entry", "PC"),
    "pvh-pc": ("pvh_entry", "PC"),
    "pvh-microvm": ("pvh_entry", "PC"),
    "multiboot2-grub": ("multiboot_entry", "PC"),
    "pvh-xen": ("pvh_entry", "XEN"),
}
# Each door's floor: the floor kernel through the same loader and machine.
FLOORS = {"multiboot1-pc": "floor-multiboot1-pc", "pvh-pc": "floor-pvh-pc",
          "pvh-microvm": "floor-pvh-microvm", "pvh-microvm-virtio": "floor-pvh-microvm-virtio"}
# Under KVM only: microvm as a monitor without ACPI runs it, the log on a
# virtio console (one VM exit a line) and neither port 0xe9 nor COM1 (one
# a byte); QEMU names the transport on the command line.  The floor
# kernel boots with the same devices.
VIRTIO_DOOR = "pvh-microvm-virtio"
VIRTIO_MACHINE = ["-M", "microvm,acpi=off", "-serial", "none",
                  "-device", "virtio-serial-device", "-chardev", "file,id=vc,path=/dev/null",
                  "-device", "virtconsole,chardev=vc"]

# At least 9 interleaved runs: minimums are what compares under a noisy
# KVM.  A KVM boot through SeaBIOS takes about 5 s under kvm_pvm.
KVM_RUNS = 9
# Under KVM, only the doors with a floor: GRUB does not exit within 60 s
# under kvm_pvm, and Xen needs SVM or VMX in the guest's CPU.
KVM_DOORS = ("multiboot1-pc", "pvh-pc", "pvh-microvm", VIRTIO_DOOR)
KVM_PROFILE_RUNS = 3
# The guest's TSC under -icount shift=0: one tick per nanosecond.
ICOUNT_TSC_KHZ = 1_000_000
TARGET_TSC_ERROR = 0.001
TARGET_KVM_FLOOR = {"pvh-microvm": 1.5, "pvh-pc": 1.1, "multiboot1-pc": 1.1, VIRTIO_DOOR: 1.5}
TARGET_QUIET = 60_000

TARGET_CONSOLE = 2000
TARGET_COMPLETION = 100_000
TARGET_FLOOR_RATIO = 1.2
LINUX = BUILD / "cache" / "linux" / "vmlinuz"
LINUX_RUNS = 3
LINUX_APPEND = "console=ttyS0 quiet panic=-1"
TARGET_TEXT = 48 * 1024
TARGET_VERIFIER_S = 0.5


def run(command: list, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT, **kwargs)


# --- the images ------------------------------------------------------------

class Image:
    """A snapshot of a kernel image (the tree may be rebuilt meanwhile) and
    what the plugin needs to know about it: symbols and a few addresses
    found in its code."""

    def __init__(self, source: Path, directory: Path):
        directory.mkdir(parents=True, exist_ok=True)
        self.elf = directory / source.name
        shutil.copyfile(source, self.elf)
        self.pvh = self.elf.with_name(self.elf.stem + "-pvh.elf")
        run(["python3", "tools/clear-multiboot1.py", str(self.elf), str(self.pvh)])
        self.symbols = boot.elf_symbols(self.elf)
        self.table = json.loads(run([str(INITTAB), "--json", str(self.elf)]).stdout)
        self.isos = {}

    def code(self, function: str) -> list:
        """(address, instruction text) of each instruction of a function."""
        out = run(["objdump", "-d", "--no-show-raw-insn", f"--disassemble={function}",
                   str(self.elf)]).stdout
        return [(int(m.group(1), 16), m.group(2).strip())
                for m in re.finditer(r"^\s+([0-9a-f]+):\s+(.*)$", out, re.M)]

    def first(self, function: str, mnemonic: str, after: int = 0):
        hits = [a for a, text in self.code(function) if text.split()[0] == mnemonic and a > after]
        return hits[0] if hits else None

    def after_call(self, function: str, callee: str):
        code = self.code(function)
        for (_, text), (next_address, _) in zip(code, code[1:]):
            if text.startswith("call") and f"<{callee}>" in text:
                return next_address
        return None

    def iso(self, cmdline: str) -> Path:
        if cmdline not in self.isos:
            path = self.elf.with_name(f"{self.elf.stem}-{len(self.isos)}.iso")
            run(["bash", "tools/make-iso.sh", str(self.elf), str(path), cmdline])
            self.isos[cmdline] = path
        return self.isos[cmdline]

    def plugin_args(self, entry: str, marks: dict, spans: dict) -> list:
        args = [f"image={self.symbols['image_start']:#x}-{self.symbols['image_end']:#x}",
                f"start={self.symbols[entry]:#x}"]
        args += [f"mark={name}@{address:#x}" for name, address in marks.items()]
        args += [f"span={name}@{start:#x}:" + ":".join(f"{e:#x}" for e in ends)
                 for name, (start, ends) in spans.items()]
        return args


def door_args(door: str, image: Image, cmdline: str):
    """QEMU's arguments for one boot through a door, as tests/boot.py
    starts it, and whether the log is read from port 0xe9."""
    if door == "pvh-xen":
        return [*boot.XEN_MACHINE, "-kernel", str(boot.XEN), "-append", boot.XEN_APPEND,
                "-initrd", f"{image.elf} {cmdline}".strip()], False
    if door == VIRTIO_DOOR:
        # Its log is on the virtio console only: the harness reads none.
        return [*VIRTIO_MACHINE, *boot.COMMON, *boot.machine(), "-kernel", str(image.pvh),
                "-append", cmdline], False
    machine = ["-M", "microvm" if door == "pvh-microvm" else "pc", *boot.COMMON, *boot.machine()]
    if door == "multiboot2-grub":
        return [*machine, "-cdrom", str(image.iso(cmdline))], True
    kernel = image.pvh if door.startswith("pvh") else image.elf
    return [*machine, "-kernel", str(kernel), "-append", cmdline], True


def floor_args(floor: str) -> list:
    if floor == FLOORS[VIRTIO_DOOR]:
        return [*VIRTIO_MACHINE, *boot.COMMON, *boot.machine(), "-kernel", str(OUT / "floor-pvh.elf")]
    machine = "microvm" if floor.endswith("microvm") else "pc"
    kernel = OUT / ("floor-pvh.elf" if "pvh" in floor else "floor.elf")
    return ["-M", machine, *boot.COMMON, *boot.machine(), "-kernel", str(kernel)]


# --- 1. instructions -------------------------------------------------------

def count(args: list, debugcon: bool, plugin_args: list, quiet: bool):
    """One boot under the plugin: its report as a dict, and the log.  A
    quiet boot (loglevel=3) does not print its completion line."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp, "plugin.log")
        outcome = boot.run_qemu([*args, *ICOUNT, "-plugin", ",".join([str(PLUGIN), *plugin_args]),
                                 "-d", "plugin", "-D", str(report)], debugcon=debugcon, timeout=300)
        text = report.read_text() if report.exists() else ""
    if outcome.status != boot.EXIT_SUCCESS or not (quiet or "onepath: init complete" in outcome.log):
        raise RuntimeError(f"a counted boot did not complete (QEMU status {outcome.status}):\n"
                           + "\n".join(outcome.log.splitlines()[-10:]))
    result = {"total": None, "marks": {}, "spans": {}}
    for line in text.splitlines():
        fields = line.split()
        if fields[:2] == ["insn_count:", "total"]:
            result["total"] = int(fields[2])
        elif fields[:2] == ["insn_count:", "mark"]:
            result["marks"][fields[2]] = None if fields[3] == "-" else int(fields[3])
        elif fields[:2] == ["insn_count:", "span"]:
            result["spans"][fields[2]] = {"runs": int(fields[3]), "instructions": int(fields[4])}
    if result["total"] is None:
        raise RuntimeError(f"the plugin gave no report: {text!r}")
    return result, outcome.log


def door_points(image: Image, subarch: str):
    """The marks and spans of a door's boot: the three milestones, the
    planner, the start of each init routine of this subarch's sequence,
    and the two known costs that are not init work."""
    s = image.symbols
    marks = {"console": image.first("debugcon_write", "rep"), "main": s["onepath_main"],
             "exit": s["machine_exit"], "plan": s["init_plan_load"],
             "planned": image.after_call("init_run", "init_plan_load"), "jettison": s["jettison"]}
    entries = {e["name"]: e["init"] for e in image.table["entries"]}
    for name in image.table["sequences"].get(subarch, []):
        marks[f"init:{name}"] = s[entries[name]]
    spans = {}
    # The CPUID hypervisor-leaf scan, from its entry to any of its returns.
    if "cpuid_hypervisor_base" in s:
        rets = [a for a, text in image.code("cpuid_hypervisor_base") if text.split()[0] == "ret"]
        spans["hypervisor_scan"] = (s["cpuid_hypervisor_base"], rets)
    # The timing window's wait at its end: from the closing routine's entry
    # to its log line (or a failing return), whatever the polling's shape.
    if "tsc_freq_window_end_init" in s:
        code = image.code("tsc_freq_window_end_init")
        ends = [a for a, text in code
                if text.split()[0] == "ret" or (text.startswith("call") and "<log_printf>" in text)]
        if ends:
            spans["window_wait"] = (s["tsc_freq_window_end_init"], ends)
    return {k: v for k, v in marks.items() if v is not None}, spans


def per_entry(marks: dict) -> list:
    """Instructions from the start of each init routine to the start of the
    next one run (the last: to jettison), in execution order."""
    starts = sorted((at, name[5:]) for name, at in marks.items()
                    if name.startswith("init:") and at is not None)
    ends = [at for at, _ in starts[1:]] + [marks.get("jettison")]
    return [{"entry": name, "instructions": end - at}
            for (at, name), end in zip(starts, ends) if end is not None]


def summarise(result: dict) -> dict:
    m, spans = result["marks"], result["spans"]
    wait = spans.get("window_wait", {}).get("instructions", 0)
    scan = spans.get("hypervisor_scan", {"runs": 0, "instructions": 0})
    plan = m["planned"] - m["plan"] if m.get("planned") and m.get("plan") else None
    return {
        "first_console_byte": m.get("console"),
        "c_entry": m.get("main"),
        "completion": m.get("exit"),
        "completion_without_window_wait": m["exit"] - wait if m.get("exit") else None,
        "init_plan": plan,
        "init_walk": m["jettison"] - m["planned"] if m.get("jettison") and m.get("planned") else None,
        "window_wait": wait,
        "hypervisor_scan": scan,
        "total_in_image": result["total"],
    }


def measure_instructions(image: Image, doors: list, log) -> dict:
    results = {}
    for door in doors:
        entry, subarch = DOORS[door]
        marks, spans = door_points(image, subarch)
        plugin_args = image.plugin_args(entry, marks, spans)
        results[door] = {}
        for mode, cmdline in (("full", ""), ("quiet", QUIET)):
            args, debugcon = door_args(door, image, cmdline)
            first, boot_log = count(args, debugcon, plugin_args, mode == "quiet")
            second, _ = count(args, debugcon, plugin_args, mode == "quiet")
            summary = summarise(first)
            summary["deterministic"] = first == second
            summary["runs"] = [first, second]
            if mode == "full":
                summary["per_entry"] = per_entry(first["marks"])
                found = re.search(r"jettison: (\d+) of (\d+) bytes of code can still run", boot_log)
                summary["code_after_init"] = int(found.group(1)) if found else None
                summary["tsc"] = tsc_row(f"{door} (TCG, -icount)", boot_log, ICOUNT_TSC_KHZ)
            results[door][mode] = summary
            log(f"  {door} {mode}: completion {summary['completion']}, "
                f"{'identical' if summary['deterministic'] else 'DIFFERENT'} on two runs")
    return results


# --- 2. wall time ------------------------------------------------------------

def wall_once(args: list, debugcon: bool, kernel_says: bool) -> float:
    outcome = boot.run_qemu(args, debugcon=debugcon)
    if outcome.timed_out:
        raise RuntimeError(f"no exit within {outcome.timeout} s")
    if outcome.status != boot.EXIT_SUCCESS or (kernel_says and "onepath: init complete" not in outcome.log):
        raise RuntimeError(f"status {outcome.status}: " + " / ".join(outcome.log.splitlines()[-3:]))
    return outcome.seconds


def measure_wall(image: Image, doors: list, runs: int, accel: list, log) -> dict:
    """Medians over `runs` after one warm-up, the doors and floors taken
    in turn in each round so that a slow spell of the host hits them all."""
    # Whether the harness reads the kernel's completion line; the virtio
    # door's success is its exit status (0: init completed, no panic).
    cases = {door: (*door_args(door, image, ""), door != VIRTIO_DOOR) for door in doors}
    cases.update({FLOORS[d]: (floor_args(FLOORS[d]), True, False) for d in doors if d in FLOORS})
    failures = {}
    if accel and "pvh-xen" in cases:
        # Xen needs SVM or VMX in its CPU: TCG emulates them, KVM passes
        # on the host's, if any.
        if not re.search(r"^flags\s*:.*\b(svm|vmx)\b", Path("/proc/cpuinfo").read_text(), re.M):
            failures["pvh-xen"] = "not run: the host CPU has neither SVM nor VMX for Xen"
            cases.pop("pvh-xen")
        else:
            xen = cases["pvh-xen"][0]
            at = xen.index("-accel")
            cases["pvh-xen"] = (xen[:at] + xen[at + 2:], False, True)
    samples = {name: [] for name in cases}
    for round_ in range(runs + 1):
        for name, (args, debugcon, kernel_says) in cases.items():
            if name in failures:
                continue
            try:
                seconds = wall_once([*args, *accel], debugcon, kernel_says)
            except RuntimeError as error:
                failures[name] = str(error)
                continue
            if round_:
                samples[name].append(seconds)
    result = {name: {"median_s": statistics.median(s), "min_s": min(s), "samples_s": s}
              for name, s in samples.items() if s}
    result.update({name: {"error": error} for name, error in failures.items()})

    def ratios(key):
        return {door: result[door][key] / result[floor][key] for door, floor in FLOORS.items()
                if key in result.get(door, {}) and key in result.get(floor, {})}
    for name, r in result.items():
        log(f"  {name}: " + (f"{r['median_s'] * 1000:.0f} ms" if "median_s" in r else r["error"]))
    # The minimum too: other work on the host only ever adds time.
    return {"runs": runs, "warm_up": 1, "cases": result, "ratios_to_floor": ratios("median_s"),
            "ratios_to_floor_of_minimums": ratios("min_s")}


# KVM's backends, as the host's kernel modules name them.  kvm_pvm runs
# guests without VMX or SVM and emulates much of what they do in software:
# its figures say little about KVM on hardware.
KVM_BACKENDS = {"kvm_intel": "VMX", "kvm_amd": "SVM",
                "kvm_pvm": "PVM, without VMX or SVM: it emulates guest instructions in software"}


def kvm_state() -> str:
    """'ok', or why KVM cannot be used here."""
    if not os.access("/dev/kvm", os.R_OK | os.W_OK):
        return "no usable /dev/kvm"
    try:
        wall_once([*floor_args("floor-pvh-microvm"), "-accel", "kvm"], True, False)
    except RuntimeError as error:
        return f"-accel kvm fails: {error}"
    return "ok"


def kvm_backend() -> str:
    found = [f"{name} ({what})" for name, what in KVM_BACKENDS.items()
             if Path("/sys/module", name).exists()]
    return ", ".join(found) or "unknown"


# --- 2b. the TSC frequency each door found ------------------------------------

TSC_LINE = re.compile(r"^(?:\(d\d+\) )?tsc: (\d+) kHz (?:from (?:the )?(?P<named>KVM clock|CPUID|Xen's CPUID leaf|"
                      r"hypervisor timing leaf)|over \d+ ticks of the (?P<counter>.+?) \()", re.M)


def tsc_found(log_text: str):
    """(source, kHz) from a boot log, or None."""
    found = TSC_LINE.search(log_text)
    if not found:
        return None
    return (found.group("named") or found.group("counter")), int(found.group(1))


def host_tsc_khz():
    """The host's TSC rate, as its kernel measured it (what KVM gives its
    guests), or None."""
    known = Path("/sys/devices/system/cpu/cpu0/tsc_freq_khz")
    if known.exists():
        return int(known.read_text())
    try:
        text = subprocess.run(["dmesg"], capture_output=True, text=True).stdout
    except OSError:
        return None
    found = re.findall(r"tsc: (?:Refined TSC clocksource calibration:|Detected) ([0-9.]+) MHz", text)
    return round(float(found[-1]) * 1000) if found else None


def tsc_row(where: str, log_text: str, reference):
    found = tsc_found(log_text)
    if not found:
        named = re.search(r"W_TSC_FREQUENCY_UNKNOWN: (.*)", log_text)
        return {"where": where, "source": None, "khz": None, "reference_khz": reference,
                "error": None, "note": named.group(1) if named else "no tsc line"}
    source, khz = found
    return {"where": where, "source": source, "khz": khz, "reference_khz": reference,
            "error": (khz - reference) / reference if reference else None}


# --- 2c. KVM: exits by reason, and each init entry's cycles -----------------------

class Qmp:
    def __init__(self, path: str):
        self.socket = socket.socket(socket.AF_UNIX)
        self.socket.connect(path)
        self.stream = self.socket.makefile("rw")
        self.stream.readline()
        self.call("qmp_capabilities")

    def call(self, command: str, **arguments):
        self.stream.write(json.dumps({"execute": command, **({"arguments": arguments} if arguments
                                                                  else {})}) + "\n")
        self.stream.flush()
        while True:
            reply = json.loads(self.stream.readline())
            if "return" in reply or "error" in reply:
                return reply

    def vcpu_stats(self) -> dict:
        """The vCPU's KVM statistics (query-stats), summed by name."""
        stats = {}
        for provider in self.call("query-stats", target="vcpu").get("return", []):
            for stat in provider["stats"]:
                if isinstance(stat["value"], int) and not isinstance(stat["value"], bool):
                    stats[stat["name"]] = stats.get(stat["name"], 0) + stat["value"]
        return stats

    def quit(self, process):
        """Ends the QEMU this talks to, and waits for it."""
        self.call("quit")
        process.wait(timeout=30)


@contextlib.contextmanager
def running_qemu(command: list):
    """QEMU started with command, its output dropped; killed on the way
    out unless it has ended."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def kvm_counters(args: list, marker: str, timeout: int = 120):
    """One KVM boot left running at its end (no isa-debug-exit: the kernel
    halts, or powers off into QEMU's -no-shutdown stop), its vCPU's KVM
    statistics read through QMP's query-stats, and
    its port 0xe9 log."""
    args = list(args)
    at = args.index(boot.COMMON[-1])  # the isa-debug-exit device
    del args[at - 1:at + 1]
    with tempfile.TemporaryDirectory() as tmp:
        sock, e9 = f"{tmp}/qmp.sock", Path(tmp, "e9.log")
        with running_qemu([boot.QEMU, *args, "-accel", "kvm", "-debugcon", f"file:{e9}",
                           "-serial", "null", "-qmp", f"unix:{sock},server=on,wait=off",
                           "-no-shutdown"]) as process:
            start = time.time()
            while marker not in (e9.read_text(errors="replace") if e9.exists() else ""):
                if time.time() - start > timeout or process.poll() is not None:
                    raise RuntimeError(f"no '{marker}' within {timeout} s")
                time.sleep(0.02)
            qmp = Qmp(sock)
            stats = qmp.vcpu_stats()
            qmp.quit(process)
        text = boot.strip_timestamps(e9.read_text(errors="replace"))
    return stats, text


ENTRY_CYCLES = re.compile(r"init: (\w+): ran \((\d+) cycles\)")


def measure_kvm_profile(image: Image, log) -> dict:
    """Per machine: the floor's and onepath's KVM counters (the least of a
    few runs: interrupts and preemption only ever add) and the cycles of
    each init entry from onepath's own boot log (least of the runs)."""
    result = {}
    for door in ("pvh-microvm", "multiboot1-pc"):
        floor = FLOORS[door]
        entry = {"counters": {}, "floor_counters": {}, "entries": {}, "since_entry_us": None}
        for _ in range(KVM_PROFILE_RUNS):
            counters, text = kvm_counters(door_args(door, image, "")[0], "onepath: init complete")
            floor_counters, _ = kvm_counters(floor_args(floor), ".")
            for key, value in counters.items():
                entry["counters"][key] = min(value, entry["counters"].get(key, value))
            for key, value in floor_counters.items():
                entry["floor_counters"][key] = min(value, entry["floor_counters"].get(key, value))
            for name, cycles in ENTRY_CYCLES.findall(text):
                entry["entries"][name] = min(int(cycles), entry["entries"].get(name, int(cycles)))
            since = re.search(r"(\d+) us since entry", text)
            if since:
                us = int(since.group(1))
                entry["since_entry_us"] = min(us, entry["since_entry_us"] or us)
            entry["tsc"] = tsc_found(text)
            entry["log_bytes"] = len(text.encode())
        log(f"  {door}: exits {entry['counters'].get('exits')} (floor "
            f"{entry['floor_counters'].get('exits')}), emulated instructions "
            f"{entry['counters'].get('insn_emulation')}")
        result[door] = entry
    # The virtio-console door, with its full log and with loglevel=0
    # (tools/bench/kvm_cost.py): no port 0xe9 to read the log from, so
    # each boot is read at its halt.  Imported here: kvm_cost imports this.
    import kvm_cost
    cost = kvm_cost.least(KVM_PROFILE_RUNS, image.pvh)
    for name, cmdline_door in (("onepath", VIRTIO_DOOR), ("onepath loglevel=0", f"{VIRTIO_DOOR} loglevel=0")):
        result[cmdline_door] = {"counters": cost[name]["counters"],
                                "floor_counters": cost["floor"]["counters"],
                                "entries": cost[name]["entries"], "since_entry_us": None,
                                "log_bytes": None}
        log(f"  {cmdline_door}: exits {cost[name]['counters'].get('exits')} (floor "
            f"{cost['floor']['counters'].get('exits')}), emulated instructions "
            f"{cost[name]['counters'].get('insn_emulation')} (floor "
            f"{cost['floor']['counters'].get('insn_emulation')})")
    return result


def measure_kvm_exits(image: Image, log) -> dict:
    """Every exit to QEMU of one KVM boot per door and of its floor, by KVM
    reason, by device and (where port 0xe9 carries the log) by init entry,
    from QEMU's trace events (tools/bench/kvm_exits.py): kvm_pvm's own
    statistics do not sort port I/O by port."""
    result = {}
    for door in ("pvh-microvm", "multiboot1-pc", VIRTIO_DOOR):
        args, debugcon = door_args(door, image, "")
        serial = door != VIRTIO_DOOR
        onepath = kvm_exits.summarise([kvm_exits.attribute(kvm_exits.traced_boot(args, debugcon, serial))])
        floor = kvm_exits.summarise([kvm_exits.attribute(
            kvm_exits.traced_boot(floor_args(FLOORS[door]), debugcon, serial))])
        result[door] = {"onepath": onepath, "floor": floor}
        log(f"  {door}: {onepath['exits']} exits to QEMU (floor {floor['exits']})")
    return result


# --- 2d. a real peer: Debian's Linux to its /init ----------------------------------

LINUX_INIT = r"""
static long syscall3(long n, long a, long b, long c)
{
	long r;

	__asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return r;
}

void _start(void)
{
	syscall3(173, 0xe9, 1, 1); /* ioperm: port 0xe9 */
	syscall3(173, 0xf4, 1, 1); /* and isa-debug-exit */
	__asm__ volatile("outb %0, $0xe9" : : "a"((unsigned char)'!'));
	__asm__ volatile("outb %0, $0xf4" : : "a"((unsigned char)EXIT_BYTE));
	for (;;)
		syscall3(60, 1, 0, 0); /* exit: only if the port did not end QEMU */
}
"""


def cpio_entry(name: str, mode: int, body: bytes, inode: int) -> bytes:
    """One record of a newc cpio archive (what the kernel unpacks)."""
    name_bytes = name.encode() + b"\0"
    fields = (inode, mode, 0, 0, 1, 0, len(body), 0, 0, 0, 0, len(name_bytes), 0)
    record = ("070701" + "".join(f"{v:08x}" for v in fields)).encode() + name_bytes
    record += b"\0" * (-len(record) % 4)
    return record + body + b"\0" * (-len(body) % 4)


def linux_initramfs() -> Path:
    """An initramfs whose /init writes one byte to port 0xe9 and leaves
    through isa-debug-exit with onepath's success code."""
    source, init, archive = OUT / "linux-init.c", OUT / "linux-init", OUT / "linux-initramfs.cpio"
    source.write_text(LINUX_INIT)
    run(["gcc", "-static", "-nostdlib", "-O2", "-fno-stack-protector",
         # the byte onepath writes for success (tests/qemu_exit.py)
         f"-DEXIT_BYTE={(boot.EXIT_SUCCESS >> 1) & 0x7f}", "-o", str(init), str(source)])
    archive.write_bytes(cpio_entry("init", 0o100755, init.read_bytes(), 1) +
                        cpio_entry("TRAILER!!!", 0, b"", 0))
    return archive


def linux_diagnosis(machine: str, accel_args: list, initramfs: Path, seconds: int = 15) -> str:
    """Where a Linux boot that did not reach /init stopped: the same boot
    again, briefly, with its whole log on the serial line."""
    with tempfile.TemporaryDirectory() as tmp:
        serial = Path(tmp, "serial.log")
        start = time.time()
        try:
            status = subprocess.run([boot.QEMU, "-M", machine, *boot.COMMON, "-m", "256", *accel_args,
                                     "-kernel", str(LINUX), "-initrd", str(initramfs),
                                     "-append", "console=ttyS0 earlyprintk=ttyS0 panic=-1",
                                     "-serial", f"file:{serial}"], capture_output=True,
                                    timeout=seconds).returncode
            when = f"it ended (QEMU status {status}) after {time.time() - start:.1f} s"
        except subprocess.TimeoutExpired:
            when = f"still running after {seconds} s"
        lines = [line.strip() for line in serial.read_text(errors="replace").splitlines()
                 if line.strip()] if serial.exists() else []
    if not lines:
        return f"with its whole log on, {when}, no console output"
    return f"with its whole log on, {when}; its last lines: " + " / ".join(lines[-3:])


def measure_linux(kvm_ok: bool, wall: dict, log) -> dict:
    """Wall time of the whole QEMU process from start to Linux's /init
    ending it, beside onepath's to its completion line (from the wall
    section: onepath boots by -kernel too).  A run that does not reach
    /init in time is counted and its log's tail says where it stopped; a
    second such run ends the series for that machine (under kvm_pvm Linux
    never gets there)."""
    if not LINUX.exists():
        return {"error": f"{LINUX.relative_to(ROOT)} missing (tools/fetch-linux.sh)"}
    initramfs = linux_initramfs()
    peers = {"pc": "multiboot1-pc", "microvm": "pvh-microvm"}
    accels = [("tcg", [], 45)] + ([("kvm", ["-accel", "kvm"], 45)] if kvm_ok else [])
    result = {"kernel": run(["file", "-b", str(LINUX)]).stdout.strip().split(", ")[1]
              if shutil.which("file") else LINUX.name, "cases": {}}
    for accel, accel_args, timeout in accels:
        for machine, door in peers.items():
            samples, error, failed = [], None, 0
            for _ in range(LINUX_RUNS):
                with tempfile.TemporaryDirectory() as tmp:
                    serial = Path(tmp, "serial.log")
                    args = [boot.QEMU, "-M", machine, *boot.COMMON, "-m", "256", *accel_args,
                            "-kernel", str(LINUX), "-initrd", str(initramfs), "-append", LINUX_APPEND,
                            "-serial", f"file:{serial}", "-debugcon", f"file:{tmp}/e9.log"]
                    start = time.time()
                    try:
                        status = subprocess.run(args, capture_output=True, timeout=timeout).returncode
                    except subprocess.TimeoutExpired:
                        status = None
                    seconds = time.time() - start
                    e9 = Path(tmp, "e9.log").read_text(errors="replace") if Path(tmp, "e9.log").exists() else ""
                    if status == boot.EXIT_SUCCESS and e9 == "!":
                        samples.append(seconds)
                        continue
                    failed += 1
                    if not error:
                        error = f"no /init within {timeout} s" if status is None else f"QEMU status {status}"
                        error += "; " + linux_diagnosis(machine, accel_args, initramfs)
                    if failed == 2:
                        break
            onepath = wall.get(accel, {}).get("cases", {}).get(door, {})
            case = {"door": door, "samples_s": samples, "error": error, "failed_runs": failed}
            if samples:
                case.update(median_s=statistics.median(samples), min_s=min(samples))
                if "median_s" in onepath:
                    case["ratio_median"] = case["median_s"] / onepath["median_s"]
                    case["ratio_min"] = case["min_s"] / onepath["min_s"]
            result["cases"][f"{accel}-{machine}"] = case
            log(f"  linux {accel} {machine}: " + (f"{case['median_s'] * 1000:.0f} ms" if samples else error)
                + (f" ({failed} run(s) did not reach /init: {error})" if samples and failed else ""))
    return result


# --- 3. sizes ------------------------------------------------------------------

def measure_size(quick: bool, log) -> dict:
    images = [BUILD / "onepath.elf"]
    if not quick:
        for subarch in boot.subarch_list.folders(ROOT):
            kernel = f"build/{subarch}/onepath.elf"
            log(f"  make SUBARCHES={subarch} {kernel}")
            run(["make", "-s", f"SUBARCHES={subarch}", f"KERNEL={kernel}", kernel])
            images.append(ROOT / kernel)
    if quick:
        report = json.loads(run(["python3", "tools/size-report.py", "--json", str(images[0])]).stdout)
        return {"builds": [dict(label="default", **report)]}
    return json.loads(run(["python3", "tools/size-report.py", "--json", "--compare",
                           *map(str, images)]).stdout)


# --- 4. init-table scaling -----------------------------------------------------

def build_table_kernel(n: int) -> Path:
    source, kernel = OUT / f"table{n}.c", OUT / f"table{n}.elf"
    run(["python3", "tools/bench/gen_table.py", str(n), "--seed", str(SEED), "-o", str(source)])
    # Objects of their own (KOBJ): the bench's flags never touch build/kernel.
    run(["make", "-s", f"KOBJ={OUT / 'kernel'}", f"KERNEL={kernel}", f"EXTRA_INIT={source}",
         str(kernel)])
    return kernel


def host_seconds(command: list, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def fit(points: list) -> dict:
    """Least squares y = intercept + slope * x, and R²."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in points) / sxx
    intercept = my - slope * mx
    total = sum((y - my) ** 2 for y in ys)
    residual = sum((y - intercept - slope * x) ** 2 for x, y in points)
    return {"slope": slope, "intercept": intercept, "r2": 1 - residual / total if total else 1.0}


def measure_scaling(sizes: tuple, runs: int, log) -> dict:
    rows = []
    for n in sizes:
        log(f"  table of {n} entries")
        image = Image(build_table_kernel(n), OUT / "tables")
        entries = image.table["entries"]
        marks = {"plan": image.symbols["init_plan_load"],
                 "planned": image.after_call("init_run", "init_plan_load"),
                 "jettison": image.symbols["jettison"]}
        spans = {k: v for k, v in door_points(image, "PC")[1].items() if k == "window_wait"}
        result, _ = count(door_args("multiboot1-pc", image, QUIET)[0], True,
                          image.plugin_args("multiboot_entry", marks, spans), True)
        m = result["marks"]
        wait = result["spans"].get("window_wait", {}).get("instructions", 0)
        edges = sum(len(e["after"]) for e in entries)
        rows.append({"synthetic": n, "n": len(entries), "e": edges, "n_plus_e": len(entries) + edges,
                     "verifier_s": host_seconds([str(INITTAB), str(image.elf)], runs),
                     "verifier_sequence_s": host_seconds(
                         [str(INITTAB), "--sequence", "PC", str(image.elf)], runs),
                     "plan_instructions": m["planned"] - m["plan"],
                     "walk_instructions": m["jettison"] - m["planned"] - wait})
    keys = ("verifier_s", "verifier_sequence_s", "plan_instructions", "walk_instructions")
    fits = {key: fit([(r["n_plus_e"], r[key]) for r in rows]) for key in keys}
    # Linear: each added (n + e) costs the same at any size.  A quadratic
    # step would make the cost per added (n + e) grow with the table, about
    # tenfold from one size to the next.
    marginal = {key: [(b[key] - a[key]) / (b["n_plus_e"] - a["n_plus_e"])
                      for a, b in zip(rows, rows[1:])] for key in keys}
    per_unit = {key: [r[key] / r["n_plus_e"] for r in rows] for key in keys}
    return {"seed": SEED, "points": rows, "fits": fits,
            "per_n_plus_e": per_unit,
            "per_n_plus_e_ratio_last_two": {k: v[-1] / v[-2] for k, v in per_unit.items()},
            "marginal_per_n_plus_e": marginal,
            "marginal_ratio_last_two": {k: v[-1] / v[-2] if len(v) > 1 else None
                                        for k, v in marginal.items()},
            "note": "walk: first init entry to jettison, less the window wait; it includes the "
                    "walk's own logging (loglevel=3: the walk's info lines are neither formatted "
                    "nor kept once the command line is read; before that, at EARLY, they are "
                    "formatted into the log buffer)"}


# --- report ----------------------------------------------------------------------

def fmt(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    return f"{value:,}"


def table(headings: list, rows: list) -> str:
    lines = ["| " + " | ".join(headings) + " |", "|" + "---|" * len(headings)]
    lines += ["| " + " | ".join(fmt(c) if not isinstance(c, str) else c for c in row) + " |"
              for row in rows]
    return "\n".join(lines)


def targets(data: dict) -> list:
    found = []
    instructions = data["instructions"]
    for door, modes in instructions.items():
        full = modes["full"]
        if door != "multiboot2-grub":
            found.append({"target": f"first console byte <= {TARGET_CONSOLE:,} ({door})",
                          "measured": full["first_console_byte"],
                          "met": full["first_console_byte"] is not None
                          and full["first_console_byte"] <= TARGET_CONSOLE})
        found.append({"target": f"completion <= {TARGET_COMPLETION:,}, full log ({door})",
                      "measured": full["completion"], "met": full["completion"] <= TARGET_COMPLETION})
    for door, ratio in data["wall"]["tcg"]["ratios_to_floor"].items():
        found.append({"target": f"whole process <= {TARGET_FLOOR_RATIO}x floor ({door}, TCG)",
                      "measured": round(ratio, 3), "met": ratio <= TARGET_FLOOR_RATIO})
    for door, modes in instructions.items():
        found.append({"target": f"completion <= {TARGET_QUIET:,}, loglevel=3 ({door})",
                      "measured": modes["quiet"]["completion"],
                      "met": modes["quiet"]["completion"] <= TARGET_QUIET})
    kvm = data["wall"].get("kvm", {})
    for door, ratio in kvm.get("ratios_to_floor_of_minimums", {}).items():
        limit = TARGET_KVM_FLOOR[door]
        found.append({"target": f"KVM {door} <= {limit}x floor (minimums of {kvm['runs']})",
                      "measured": round(ratio, 3), "met": ratio <= limit})
    for row in data["tsc"]:
        found.append({"target": f"TSC frequency known, within {TARGET_TSC_ERROR:.1%} ({row['where']})",
                      "measured": f"{row['error']:+.4%} ({row['source']})" if row["error"] is not None
                      else (row.get("note") or "unknown"),
                      "met": row["error"] is not None and abs(row["error"]) <= TARGET_TSC_ERROR})
    text = data["size"]["builds"][0]["text"]
    found.append({"target": f"text <= {TARGET_TEXT:,} bytes (default image)",
                  "measured": text, "met": text <= TARGET_TEXT})
    largest = data["scaling"]["points"][-1]
    found.append({"target": f"verifier < {TARGET_VERIFIER_S} s on {largest['synthetic']:,} entries",
                  "measured": round(largest["verifier_s"], 3),
                  "met": largest["verifier_s"] < TARGET_VERIFIER_S})
    return found


def render(data: dict) -> str:
    out = [f"# onepath bench, {data['date']}: {data['machine']['summary']}",
           f"image {data['image']} (commit {data['commit']}); guest instructions counted in the image only, "
           "from the door's entry, under TCG with -icount shift=0 "
           "(the guest's TSC and timers tick once per instruction)", ""]
    instructions = data["instructions"]
    out.append("## Guest instructions per door")
    out.append(table(
        ["door", "to first console byte", "to C entry", "to completion", "quiet (loglevel=3)",
         "window wait", "hypervisor scan (calls)", "completion - window wait", "2 runs"],
        [[door, m["full"]["first_console_byte"], m["full"]["c_entry"], m["full"]["completion"],
          m["quiet"]["completion"], m["full"]["window_wait"],
          f"{fmt(m['full']['hypervisor_scan']['instructions'])} "
          f"({m['full']['hypervisor_scan']['runs']})",
          m["full"]["completion_without_window_wait"],
          "identical" if m["full"]["deterministic"] and m["quiet"]["deterministic"] else "DIFFER"]
         for door, m in instructions.items()]))
    out += ["", "Per init entry (instructions from its init routine to the next one's; "
            "includes the walk's own logging, and the skip checks and log lines of the "
            "entries skipped in between):"]
    doors = list(instructions)
    names = []
    for door in doors:
        names += [e["entry"] for e in instructions[door]["full"]["per_entry"] if e["entry"] not in names]
    costs = {door: {e["entry"]: e["instructions"] for e in instructions[door]["full"]["per_entry"]}
             for door in doors}
    out.append(table(["entry", *doors], [[name, *(costs[d].get(name) for d in doors)] for name in names]))
    out.append(table(["", *doors], [
        ["init plan (loaded and checked at run time)", *(instructions[d]["full"]["init_plan"] for d in doors)],
        ["walk (first entry to jettison)", *(instructions[d]["full"]["init_walk"] for d in doors)],
        ["walk less the window wait", *(instructions[d]["full"]["init_walk"] - instructions[d]["full"]["window_wait"]
                                     for d in doors)]]))

    wall = data["wall"]
    kvm_runs = wall.get("kvm", {}).get("runs")
    out += ["", f"## Wall time of the whole QEMU process (median of {wall['tcg']['runs']} runs "
            f"under TCG{f', {kvm_runs} under KVM' if kvm_runs else ''}, each after a warm-up; "
            "doors and floors in turn)"]
    kvm = wall.get("kvm", {}).get("cases", {})
    # KVM-only runs (the virtio console door and its floor) after TCG's.
    names = list(wall["tcg"]["cases"]) + [n for n in kvm if n not in wall["tcg"]["cases"]]

    def cell(case, key="median_s"):
        return f"{case[key] * 1000:.0f} ms" if case and key in case else \
            (case["error"] if case else "-")
    out.append(table(["run", "TCG median", "TCG min", "KVM median", "KVM min"],
                     [[n, cell(wall["tcg"]["cases"].get(n)), cell(wall["tcg"]["cases"].get(n), "min_s"),
                       cell(kvm.get(n)), cell(kvm.get(n), "min_s")] for n in names]))
    out.append(f"KVM: {wall['kvm_state']}, backend {wall['kvm_backend']}; host load average {data['machine']['load']} "
               "(1, 5, 15 min) at the start")
    for accel in ("tcg", "kvm"):
        medians = wall.get(accel, {}).get("ratios_to_floor", {})
        minimums = wall.get(accel, {}).get("ratios_to_floor_of_minimums", {})
        for door, ratio in medians.items():
            out.append(f"- {accel.upper()} {door} / {FLOORS[door]}: {ratio:.2f}x "
                       f"(of minimums: {minimums[door]:.2f}x)")

    size = data["size"]
    out += ["", "## Image size (bytes)"]
    builds = size["builds"]
    rows = [[kind, *(b.get(kind) for b in builds)] for kind in ("text", "rodata", "data", "bss")]
    rows += [[f"code that can run after init on {s}", *(
        b["subarchs"][s]["after_init"] if "subarchs" in b and b["label"] in ("default", folder)
        else None for b in builds)] for s, folder in boot.subarch_list.subarchs(ROOT)]
    out.append(table(["", *(b["label"] for b in builds)], rows))
    jettison = {d: m["full"]["code_after_init"] for d, m in instructions.items()}
    out.append("Boot log (jettison line), bytes of code that can still run: " +
               ", ".join(f"{d} {fmt(v)}" for d, v in jettison.items()))

    s = data["scaling"]
    out += ["", f"## Init-table scaling (synthetic tables, seed {s['seed']}; guest: multiboot1-pc, "
            "loglevel=3; verifier: median of host runs of `inittab IMAGE`, as the build runs "
            "it, and of `inittab --sequence PC IMAGE`, which checks and plans but prints no "
            "table)"]
    out.append(table(["synthetic", "n", "e", "n+e", "verifier (s)", "--sequence (s)", "init_plan insns",
                      "walk insns (less window wait)", "plan / (n+e)", "walk / (n+e)"],
                     [[p["synthetic"], p["n"], p["e"], p["n_plus_e"], p["verifier_s"],
                       p["verifier_sequence_s"],
                       p["plan_instructions"], p["walk_instructions"],
                       f"{p['plan_instructions'] / p['n_plus_e']:.1f}",
                       f"{p['walk_instructions'] / p['n_plus_e']:.1f}"] for p in s["points"]]))
    for key, f in s["fits"].items():
        marginal = ", ".join(f"{v:.4g}" for v in s["marginal_per_n_plus_e"][key])
        ratio = s["marginal_ratio_last_two"][key]
        out.append(f"- {key}: least-squares slope {f['slope']:.4g} per (n+e), intercept "
                   f"{f['intercept']:.4g}, R² {f['r2']:.6f}; cost per (n+e) at the largest "
                   f"table / the one before {s['per_n_plus_e_ratio_last_two'][key]:.2f}; "
                   f"cost per added (n+e) between sizes {marginal}"
                   + (f" (last / previous {ratio:.2f})" if ratio else ""))
    out.append(f"- {s['note']}")

    out += ["", "## TSC frequency: the source each boot found, against the reference "
            f"(-icount: {ICOUNT_TSC_KHZ:,} kHz; KVM: the host's TSC as its kernel measured it)"]
    out.append(table(["boot", "source", "kHz", "reference kHz", "error"],
                     [[r["where"], r["source"] or (r.get("note") or "none"), r["khz"], r["reference_khz"],
                       f"{r['error']:+.4%}" if r["error"] is not None else "-"] for r in data["tsc"]]))
    out += render_kvm_profile(data.get("kvm_profile"))
    out += render_kvm_exits(data.get("kvm_exits"))
    out += render_linux(data.get("linux"))

    out += ["", "## Targets (issues 5 and 11)"]
    out.append(table(["target", "measured", ""], [[t["target"], t["measured"],
                                                   "met" if t["met"] else "MISSED"]
                                                  for t in data["targets"]]))
    out.append("")
    out.append(f"Deterministic: {'yes' if data['deterministic'] else 'NO'} "
               "(every counted boot ran twice with identical counts)")
    return "\n".join(out) + "\n"


def render_kvm_profile(profile) -> list:
    if not profile:
        return []
    out = ["", f"## KVM profile (least of {KVM_PROFILE_RUNS} runs each; the host's KVM statistics "
           "for the vCPU through QMP query-stats, the boot left halted at its end)"]
    doors = list(profile)
    names = sorted({k for e in profile.values() for c in (e["counters"], e["floor_counters"])
                    for k, v in c.items() if v and not k.endswith(("_ns", "_hist"))})
    out.append(table(["counter", *(f"{d} {who}" for d in doors for who in ("floor", "onepath"))],
                     [[n, *(profile[d][c].get(n, 0) for d in doors
                            for c in ("floor_counters", "counters"))] for n in names]))
    out.append("kvm_pvm does not count port I/O by reason (io_exits stays 0): `exits` are its "
               "returns to QEMU, one per byte of port output (the log on port 0xe9 and its "
               "replay to COM1) beside the MMIO and interrupt exits it does name, and one per "
               "1,024 instructions its emulator ran in a row; `insn_emulation` counts the guest "
               "instructions its emulator ran, which is every kernel-mode instruction (kvm_pvm "
               "runs only CPL 3 natively; a rep string instruction counts once), the same in "
               "every run: instructions cost there what they cost under TCG, and more where "
               "they touch memory (docs/kvm.md).  The pvh-microvm-virtio rows are "
               "tools/bench/kvm_cost.py's (no port 0xe9 to read: each boot read at its halt).")
    out += ["", "Per init entry under KVM (TSC cycles from the boot log, least of the runs):"]
    entries = []
    for e in profile.values():
        entries += [n for n in e["entries"] if n not in entries]
    out.append(table(["entry", *doors], [[n, *(profile[d]["entries"].get(n) for d in doors)]
                                          for n in entries]))
    out.append("Since entry: " + ", ".join(f"{d} {fmt(profile[d]['since_entry_us'])} us "
                                           f"({fmt(profile[d]['log_bytes'])} bytes of log)"
                                           for d in doors))
    return out


def render_kvm_exits(exits) -> list:
    if not exits:
        return []
    out = ["", "## KVM exits to QEMU (one traced boot each: QEMU's kvm_run_exit and "
           "memory_region_ops trace events; tools/bench/kvm_exits.py)"]
    rows = []
    for door, e in exits.items():
        for who in ("floor", "onepath"):
            d = e[who]
            top = sorted(d["devices"].items(), key=lambda kv: -kv[1])[:6]
            rows.append([f"{door} {who}", d["exits"],
                         ", ".join(f"{k} {v:,}" for k, v in sorted(d["reasons"].items())),
                         ", ".join(f"{k} {v:,}" for k, v in top)])
    out.append(table(["boot", "exits", "by KVM reason", "by device (most first)"], rows))
    microvm = exits.get("pvh-microvm", {}).get("onepath")
    if microvm:
        out += ["", "Exits by init entry, pvh-microvm (the log on port 0xe9 marks where each "
                "entry ends; traced ms are slowed by the tracing):"]
        out.append(table(["stretch", "exits", "traced ms"],
                         [[n, microvm["stretches"][n]["exits"], f"{microvm['stretches'][n]['ms']:.1f}"]
                          for n in microvm["order"] if microvm["stretches"][n]["exits"]]))
    return out


def render_linux(linux) -> list:
    if not linux:
        return []
    out = ["", f"## A real peer: Debian's Linux ({linux.get('kernel', '?')}) by QEMU -kernel with an "
           "initramfs whose /init writes one byte and exits (whole QEMU process, median and least "
           f"of {LINUX_RUNS}), beside onepath's boot to completion through -kernel on the same machine"]
    if "error" in linux:
        return out + [linux["error"]]
    rows = []
    for name, case in linux["cases"].items():
        if case.get("samples_s"):
            missed = (f" ({len(case['samples_s'])} runs; {case['failed_runs']} more did not reach /init: "
                      f"{case['error']})" if case.get("failed_runs") else "")
            rows.append([name, f"{case['median_s'] * 1000:.0f} ms{missed}", f"{case['min_s'] * 1000:.0f} ms",
                         case["door"],
                         f"{case['ratio_median']:.1f}x" if "ratio_median" in case else "-",
                         f"{case['ratio_min']:.1f}x" if "ratio_min" in case else "-"])
        else:
            rows.append([name, case["error"], "", case["door"], "-", "-"])
    out.append(table(["Linux to /init", "median", "min", "onepath door", "Linux / onepath (medians)",
                      "(minimums)"], rows))
    return out


GNUPLOT = """\
set terminal pngcairo size 900,600 noenhanced
set grid
set key left top
set datafile separator '\\t'
set output '{out}/scaling.png'
set title 'init table: guest instructions vs n+e (multiboot1-pc)'
set logscale xy
set xlabel 'n + e (entries + dependency edges)'
set ylabel 'guest instructions'
plot '{out}/scaling.dat' using 1:2 with linespoints title 'init plan (load and check)', \\
     '{out}/scaling.dat' using 1:3 with linespoints title 'walk'
set output '{out}/verifier.png'
set title 'tools/inittab: host time vs n+e'
set ylabel 'seconds (median)'
plot '{out}/scaling.dat' using 1:4 with linespoints title 'inittab IMAGE (as the build runs it)', \\
     '{out}/scaling.dat' using 1:5 with linespoints title 'inittab --sequence PC IMAGE'
unset logscale
unset xlabel
set key outside right top
set output '{out}/doors.png'
set title 'guest instructions per door'
set logscale y
set ylabel 'guest instructions'
set style data histograms
set style fill solid border -1
set xtics rotate by -20
plot '{out}/doors.dat' using 2:xtic(1) title 'first console byte', '' using 3 title 'C entry', \\
     '' using 4 title 'completion', '' using 5 title 'completion, loglevel=3'
unset logscale
set output '{out}/wall.png'
set title 'wall time of the whole QEMU process (TCG, median)'
set ylabel 'ms'
plot '{out}/wall.dat' using 2:xtic(1) title 'median'
"""


def plot(data: dict, out: Path) -> list:
    s = data["scaling"]["points"]
    (out / "scaling.dat").write_text("".join(
        f"{p['n_plus_e']}\t{p['plan_instructions']}\t{p['walk_instructions']}\t{p['verifier_s']}\t"
        f"{p['verifier_sequence_s']}\n"
        for p in s))
    (out / "doors.dat").write_text("".join(
        f"{door}\t{m['full']['first_console_byte'] or 1}\t{m['full']['c_entry']}\t"
        f"{m['full']['completion']}\t{m['quiet']['completion']}\n"
        for door, m in data["instructions"].items()))
    (out / "wall.dat").write_text("".join(
        f"{name}\t{case['median_s'] * 1000:.1f}\n"
        for name, case in data["wall"]["tcg"]["cases"].items() if "median_s" in case))
    script = out / "plots.gp"
    script.write_text(GNUPLOT.format(out=out))
    run(["gnuplot", str(script)])
    return [str(out / f"{name}.png") for name in ("scaling", "verifier", "doors", "wall")]


def source_commit() -> str:
    """The commit the image was built from, and whether the kernel's
    sources differed from it: a figure is only as good as its source."""
    commit = run(["git", "rev-parse", "--short", "HEAD"]).stdout.strip()
    changed = run(["git", "status", "--porcelain", "--", "boot", "kernel", "tables", "platforms",
                   "linker.ld.in"]).stdout.strip()
    return commit + (" with local changes to the kernel" if changed else "")


def machine() -> dict:
    cpu = re.search(r"^model name\s*:\s*(.*)$", Path("/proc/cpuinfo").read_text(), re.M)
    qemu = run([boot.QEMU, "--version"]).stdout.splitlines()[0]
    cores = os.cpu_count()
    return {"cores": cores, "cpu": cpu.group(1) if cpu else platform.processor(), "qemu": qemu,
            "kernel": platform.release(), "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
            "summary": f"{cores} cores ({cpu.group(1) if cpu else '?'}), {qemu}, TCG"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="one door, one timed run each, tables up to 100 entries")
    args = parser.parse_args()
    # --quick (make test runs it) never overwrites the full bench's report.
    report = OUT / "quick" if args.quick else OUT
    report.mkdir(parents=True, exist_ok=True)

    def log(text):
        print(text, file=sys.stderr, flush=True)

    image = Image(BUILD / "onepath.elf", OUT / "image")
    doors = ["multiboot1-pc"] if args.quick else list(DOORS)
    runs = 1 if args.quick else 10
    data = {"date": datetime.date.today().isoformat(), "machine": machine(), "quick": args.quick,
            "image": str(image.elf.relative_to(ROOT)), "commit": source_commit()}
    log("bench: guest instructions (TCG plugin, each boot twice)")
    data["instructions"] = measure_instructions(image, doors, log)
    log("bench: wall time (TCG)")
    data["wall"] = {"tcg": measure_wall(image, doors, runs, [], log)}
    data["wall"]["kvm_state"] = "not tried (--quick)" if args.quick else kvm_state()
    data["wall"]["kvm_backend"] = kvm_backend()
    if data["wall"]["kvm_state"] == "ok":
        log("bench: wall time (KVM)")
        data["wall"]["kvm"] = measure_wall(image, [d for d in KVM_DOORS if d in doors or
                                                   (d == VIRTIO_DOOR and not args.quick)],
                                           KVM_RUNS, ["-accel", "kvm"], log)
        log("bench: KVM profile (exits and emulation by QMP query-stats, entries from the log)")
        data["kvm_profile"] = measure_kvm_profile(image, log)
        log("bench: KVM exits to QEMU by device and entry (QEMU's trace events)")
        data["kvm_exits"] = measure_kvm_exits(image, log)
    if not args.quick:
        log("bench: Debian's Linux to its /init")
        data["linux"] = measure_linux(data["wall"]["kvm_state"] == "ok", data["wall"], log)
    data["tsc"] = [m["full"]["tsc"] for m in data["instructions"].values()]
    host_khz = host_tsc_khz()
    for door, entry in data.get("kvm_profile", {}).items():
        if "tsc" not in entry:
            continue  # the virtio-console boots: their log is not read for it
        source = entry.get("tsc")
        data["tsc"].append({"where": f"{door} (KVM)", "source": source[0] if source else None,
                            "khz": source[1] if source else None, "reference_khz": host_khz,
                            "error": (source[1] - host_khz) / host_khz if source and host_khz else None,
                            **({} if source else {"note": "no tsc line"})})
    log("bench: sizes")
    data["size"] = measure_size(args.quick, log)
    log("bench: init-table scaling")
    data["scaling"] = measure_scaling(TABLE_SIZES_QUICK if args.quick else TABLE_SIZES, runs, log)
    data["targets"] = targets(data)
    data["deterministic"] = all(m["deterministic"] for door in data["instructions"].values()
                                for m in door.values())
    data["plots"] = plot(data, report)
    text = render(data)
    (report / "bench.txt").write_text(text)
    (report / "bench.json").write_text(json.dumps(data, indent=1) + "\n")
    print(text, end="")
    print(f"wrote {report / 'bench.txt'}, {report / 'bench.json'} and {len(data['plots'])} plots "
          f"in {report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
