#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""make bench: what a boot of onepath costs, in numbers that do not wobble.

    tools/bench/bench.py [--quick]

1. Guest instructions per door, counted under QEMU TCG by our own plugin
   (tools/bench/insn_count.c) with -icount, so that the guest's TSC and
   timers run on instruction counts: the same build gives the same counts
   on every run, and every door is measured twice to show it.
2. Wall time of the whole QEMU process, per door and for the floor kernel
   (tests/floor.asm) in the same run, TCG and, where it works, KVM.
3. Image sizes (tools/size-report.py) and the code that can still run
   after init (the boot log's jettison line).
4. Init-table scaling: synthetic tables (tools/bench/gen_table.py) linked
   into bench-only kernels; host time of the verifier and guest
   instructions of the planner and of the walk, fitted against n + e.

Writes build/bench/bench.txt (the table, also printed), bench.json and
PNG plots (gnuplot).  --quick: one door, one timed run each, tables of up
to 100 entries, no single-subarch builds, no KVM; its report goes to
build/bench/quick/.  Benchmarks are not
pass/fail: the targets of issue 5 are reported as met or missed.
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
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
          "pvh-microvm": "floor-pvh-microvm"}

# A KVM boot through SeaBIOS takes about 10 s on a host that nests KVM.
KVM_RUNS = 5

TARGET_CONSOLE = 2000
TARGET_COMPLETION = 100_000
TARGET_FLOOR_RATIO = 1.2
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
    machine = ["-M", "microvm" if door == "pvh-microvm" else "pc", *boot.COMMON, *boot.machine()]
    if door == "multiboot2-grub":
        return [*machine, "-cdrom", str(image.iso(cmdline))], True
    kernel = image.pvh if door.startswith("pvh") else image.elf
    return [*machine, "-kernel", str(kernel), "-append", cmdline], True


def floor_args(floor: str) -> list:
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
             "exit": s["machine_exit"], "plan": s["init_plan"],
             "planned": image.after_call("init_run", "init_plan"), "jettison": s["jettison"]}
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
    cases = {door: (*door_args(door, image, ""), True) for door in doors}
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
        marks = {"plan": image.symbols["init_plan"],
                 "planned": image.after_call("init_run", "init_plan"),
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
                    "walk's own logging (loglevel=3: formatted into the log buffer, printed "
                    "only by EARLY entries before the command line is read)"}


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
        ["init_plan (run-time sort)", *(instructions[d]["full"]["init_plan"] for d in doors)],
        ["walk (first entry to jettison)", *(instructions[d]["full"]["init_walk"] for d in doors)],
        ["walk less the window wait", *(instructions[d]["full"]["init_walk"] - instructions[d]["full"]["window_wait"]
                                     for d in doors)]]))

    wall = data["wall"]
    kvm_runs = wall.get("kvm", {}).get("runs")
    out += ["", f"## Wall time of the whole QEMU process (median of {wall['tcg']['runs']} runs "
            f"under TCG{f', {kvm_runs} under KVM' if kvm_runs else ''}, each after a warm-up; "
            "doors and floors in turn)"]
    names = list(wall["tcg"]["cases"])
    kvm = wall.get("kvm", {}).get("cases", {})

    def cell(case, key="median_s"):
        return f"{case[key] * 1000:.0f} ms" if case and key in case else \
            (case["error"] if case else "-")
    out.append(table(["run", "TCG median", "TCG min", "KVM median", "KVM min"],
                     [[n, cell(wall["tcg"]["cases"][n]), cell(wall["tcg"]["cases"][n], "min_s"),
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

    out += ["", "## Targets (issue 5)"]
    out.append(table(["target", "measured", ""], [[t["target"], t["measured"],
                                                   "met" if t["met"] else "MISSED"]
                                                  for t in data["targets"]]))
    out.append("")
    out.append(f"Deterministic: {'yes' if data['deterministic'] else 'NO'} "
               "(every counted boot ran twice with identical counts)")
    return "\n".join(out) + "\n"


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
plot '{out}/scaling.dat' using 1:2 with linespoints title 'init_plan (sort)', \\
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
        data["wall"]["kvm"] = measure_wall(image, doors, KVM_RUNS, ["-accel", "kvm"], log)
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
