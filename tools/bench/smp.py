#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""What more CPUs buy (issue 13): wall time to completion and the scrub of
free memory by CPU count.

    tools/bench/smp.py [--runs N]

Boots build/onepath.elf by multiboot1 on QEMU's pc machine with -smp 1, 2
and 4, under multi-threaded TCG (-accel tcg,thread=multi) and, where
/dev/kvm works, KVM: the whole QEMU process, median and minimum of N runs
taken in turn.  Then boots with 1100 MiB of RAM (-mem-prealloc, so that
the host's page faults are not what is timed) and mem.scrub, and reads
the guest's own mem_scrub line (the zeroing alone, timed by the TSC) for
each CPU count.  Writes build/bench/smp.txt and smp.json and prints the
text; the targets are reported as met or missed, not as a pass/fail.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "tests"))
import boot  # noqa: E402
sys.path.insert(0, str(ROOT / "tools" / "bench"))
import bench  # noqa: E402  (machine(), source_commit(), kvm_state())

OUT = ROOT / "build" / "bench"
CPU_COUNTS = (1, 2, 4)
SCRUB_MEMORY_MIB = 1100
SCRUB_LINE = re.compile(r"^mem_scrub: (\d+) MiB zeroed on (\d+) CPUs? in (\d+) us", re.M)
ACCELS = {"tcg": "tcg,thread=multi", "kvm": "kvm"}


def boot_once(cpus: int, accel: str, cmdline: str = "", memory: int = 256, extra=()):
    outcome = boot.run_qemu(["-M", "pc", *boot.COMMON, "-m", str(memory), "-smp", str(cpus),
                             "-accel", accel, *extra, "-kernel", str(boot.KERNEL),
                             "-append", cmdline], timeout=120)
    if outcome.status != boot.EXIT_SUCCESS or "onepath: init complete" not in outcome.log:
        raise RuntimeError(f"-smp {cpus} {accel}: status {outcome.status}: "
                           + " / ".join(outcome.log.splitlines()[-3:]))
    if f"smp: {cpus} CPU" not in outcome.log:
        raise RuntimeError(f"-smp {cpus} {accel}: not {cpus} CPUs up")
    return outcome


SINCE_ENTRY = re.compile(r"^onepath: init complete: .* (\d+) us since entry$", re.M)
# Logged once every earlier line is written (the slow consoles' writers
# done): onepath's own time to its exit, every byte of its log out.
EXIT_STAMP = re.compile(r"^\[ *(\d+)\.(\d{6})\] onepath: exit status", re.M)


def completion(accel: str, runs: int, log) -> dict:
    """Per CPU count: the whole process, the floor kernel's (QEMU and the
    firmware, which also wake every CPU), and onepath's own time from its
    entry to the completion line (its TSC)."""
    samples = {cpus: {"wall": [], "floor": [], "guest_us": [], "exit_us": []}
               for cpus in CPU_COUNTS}
    floor = OUT / "floor.elf"
    for round_ in range(runs + 1):          # the first round warms up
        for cpus in CPU_COUNTS:
            outcome = boot_once(cpus, ACCELS[accel])
            floor_outcome = boot.run_qemu(["-M", "pc", *boot.COMMON, "-m", "256", "-smp",
                                           str(cpus), "-accel", ACCELS[accel], "-kernel",
                                           str(floor)], timeout=120) if floor.exists() else None
            if not round_:
                continue
            samples[cpus]["wall"].append(outcome.seconds)
            if floor_outcome and floor_outcome.status == boot.EXIT_SUCCESS:
                samples[cpus]["floor"].append(floor_outcome.seconds)
            since = SINCE_ENTRY.search(outcome.log)
            if since:
                samples[cpus]["guest_us"].append(int(since.group(1)))
            stamp = EXIT_STAMP.search(outcome.raw)
            if stamp:
                samples[cpus]["exit_us"].append(int(stamp.group(1)) * 1000000
                                                + int(stamp.group(2)))
    result = {}
    for cpus, s in samples.items():
        result[cpus] = {"median_s": statistics.median(s["wall"]), "min_s": min(s["wall"]),
                        "samples_s": s["wall"],
                        "floor_median_s": statistics.median(s["floor"]) if s["floor"] else None,
                        "guest_median_us": statistics.median(s["guest_us"]) if s["guest_us"] else None,
                        "exit_median_us": statistics.median(s["exit_us"]) if s["exit_us"] else None}
        r = result[cpus]
        log(f"  {accel} -smp {cpus}: median {r['median_s'] * 1000:.0f} ms, "
            f"min {r['min_s'] * 1000:.0f} ms, floor {fmt_ms(r['floor_median_s'])}, "
            f"onepath from entry {fmt_us(r['guest_median_us'])}, "
            f"to its exit {fmt_us(r['exit_median_us'])}")
    return result


def over_floor(run: dict) -> float:
    return run["median_s"] - run["floor_median_s"]


def fmt_ms(seconds) -> str:
    return "-" if seconds is None else f"{seconds * 1000:.0f} ms"


def fmt_us(us) -> str:
    return "-" if us is None else f"{us / 1000:.1f} ms"


def scrub(accel: str, runs: int, log) -> dict:
    result = {}
    for cpus in CPU_COUNTS:
        best = None
        for _ in range(runs):
            # -mem-prealloc: the host's pages exist before the guest runs,
            # so the scrub times the zeroing, not the host faulting them in.
            outcome = boot_once(cpus, ACCELS[accel], "mem.scrub", SCRUB_MEMORY_MIB,
                                extra=("-mem-prealloc",))
            m = SCRUB_LINE.search(outcome.log)
            if not m or int(m.group(2)) != cpus:
                raise RuntimeError(f"-smp {cpus}: no mem_scrub line on {cpus} CPUs")
            mib, us = int(m.group(1)), int(m.group(3))
            if best is None or us < best["us"]:
                best = {"mib": mib, "us": us, "wall_s": outcome.seconds,
                        "line": m.group(0)}
        best["ms_per_gib"] = best["us"] / 1000 * 1024 / best["mib"]
        result[cpus] = best
        log(f"  scrub {accel} -smp {cpus}: {best['mib']} MiB in {best['us'] / 1000:.0f} ms "
            f"({best['ms_per_gib']:.0f} ms per GiB)")
    return result


STRESS_KERNEL = ROOT / "build" / "stress" / "onepath.elf"
STRESS_ENTRIES = "tests/fixtures/parallel/stress_entries.c"


def makespan(log) -> dict:
    """Per-entry costs from a 1-CPU boot of each image (its log, kept in
    build/bench/), and what tools/inittab --makespan predicts from them."""
    subprocess.run(["make", "-s", f"KERNEL={STRESS_KERNEL}", f"EXTRA_INIT={STRESS_ENTRIES}",
                    str(STRESS_KERNEL)], cwd=ROOT, check=True, capture_output=True)
    result = {}
    OUT.mkdir(parents=True, exist_ok=True)
    for name, kernel in (("default", boot.KERNEL), ("stress", STRESS_KERNEL)):
        outcome = boot.run_qemu(["-M", "pc", *boot.COMMON, "-m", "256", "-kernel", str(kernel)])
        costs = OUT / f"costs-{name}-PC.log"
        costs.write_text(outcome.log)
        report = subprocess.run([str(boot.INITTAB), "--makespan", "PC", "--costs", str(costs),
                                 str(kernel)], capture_output=True, text=True, check=True).stdout
        result[name] = report
        log("".join(f"  {line}\n" for line in report.splitlines()).rstrip())
    return result


def render(data: dict) -> str:
    out = [f"onepath SMP bench, {data['date']}, commit {data['commit']}",
           f"machine: {data['machine']['summary']}; host load average {data['machine']['load']}",
           f"KVM: {data['kvm_state']}", ""]
    for accel, runs in data["completion"].items():
        base = runs[1]["median_s"]
        out.append(f"wall time to completion, {ACCELS[accel]}, medians of {data['runs']}: the "
                   "whole process (min), the floor kernel with as many CPUs, onepath from its "
                   "entry to init complete and to its exit, every line written (its TSC):")
        out += [f"  -smp {cpus}: {r['median_s'] * 1000:6.0f} ms ({r['min_s'] * 1000:.0f})"
                f"  {base / r['median_s']:.2f}x; floor {fmt_ms(r['floor_median_s'])}; "
                f"onepath {fmt_us(r['guest_median_us'])}, to its exit "
                f"{fmt_us(r['exit_median_us'])}" for cpus, r in runs.items()]
    for accel, by_cpus in data["scrub"].items():
        base = by_cpus[1]["ms_per_gib"]
        out.append(f"mem.scrub with {SCRUB_MEMORY_MIB} MiB of RAM (-mem-prealloc), "
                   f"{ACCELS[accel]}, best of "
                   f"{data['scrub_runs']} (the guest's TSC):")
        out += [f"  -smp {cpus}: {r['mib']} MiB in {r['us'] / 1000:.0f} ms, "
                f"{r['ms_per_gib']:.0f} ms per GiB  {base / r['ms_per_gib']:.2f}x"
                for cpus, r in by_cpus.items()]
    for name, report in data.get("makespan", {}).items():
        out.append(f"tools/inittab --makespan PC, the {name} image, costs of a 1-CPU boot:")
        out += [f"  {line}" for line in report.splitlines() if not line.startswith("#")]
    out.append("")
    out += [f"{t.get('label', 'target')}: {t['what']}: "
            f"{t.get('verdicts', ('met', 'MISSED'))[0 if t['met'] else 1]} ({t['value']})"
            for t in data["targets"]]
    return "\n".join(out) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()

    def log(text):
        print(text, file=sys.stderr, flush=True)

    data = {"date": bench.datetime.date.today().isoformat(), "machine": bench.machine(),
            "commit": bench.source_commit(), "runs": args.runs, "scrub_runs": 2,
            "kvm_state": bench.kvm_state(), "completion": {}, "scrub": {}}
    accels = ["tcg"] + (["kvm"] if data["kvm_state"] == "ok" else [])
    for accel in accels:
        log(f"bench-smp: completion, {ACCELS[accel]}")
        try:
            data["completion"][accel] = completion(accel, args.runs, log)
        except RuntimeError as error:
            log(f"  {error}")
            data.setdefault("failures", {})[f"completion {accel}"] = str(error)
    log("bench-smp: makespan predictions")
    data["makespan"] = makespan(log)
    log("bench-smp: mem.scrub")
    data["scrub"]["tcg"] = scrub("tcg", data["scrub_runs"], log)
    tcg, sc = data["completion"]["tcg"], data["scrub"]["tcg"]
    speedup = sc[1]["ms_per_gib"] / sc[2]["ms_per_gib"]
    data["targets"] = [
        {"what": "scrub at least 1.7x faster on 2 CPUs than on 1 (TCG)",
         "met": speedup >= 1.7, "value": f"{speedup:.2f}x"},
    ] + [{"what": f"completion on 2 CPUs never slower than on 1 ({accel}): onepath's own "
                  "time from its entry to init complete (its TSC), medians",
          "met": runs[2]["guest_median_us"] <= runs[1]["guest_median_us"],
          "value": f"{fmt_us(runs[2]['guest_median_us'])} vs {fmt_us(runs[1]['guest_median_us'])}"}
         for accel, runs in data["completion"].items()
         if runs[1]["guest_median_us"] and runs[2]["guest_median_us"]
         ] + [{"label": "beside them",
               "verdicts": ("not longer on 2 CPUs", "longer on 2 CPUs"),
               "what": f"onepath's own time from its entry to its exit, every line of its log "
                       f"written ({accel}), medians, 2 CPUs vs 1",
               "met": runs[2]["exit_median_us"] <= runs[1]["exit_median_us"],
               "value": f"{fmt_us(runs[2]['exit_median_us'])} vs {fmt_us(runs[1]['exit_median_us'])}"}
              for accel, runs in data["completion"].items()
              if runs[1]["exit_median_us"] and runs[2]["exit_median_us"]
              ] + [{"label": "beside them",
                    "verdicts": ("not slower on 2 CPUs", "slower on 2 CPUs"),
                    "what": f"the whole process over the floor kernel's with as many CPUs "
                            f"(QEMU's and the firmware's own cost of a second vCPU apart; "
                            f"single runs of the floor vary more than the difference), "
                            f"{accel}, medians, 2 CPUs vs 1",
                    "met": over_floor(runs[2]) <= over_floor(runs[1]),
                    "value": f"{over_floor(runs[2]) * 1000:.0f} ms vs "
                             f"{over_floor(runs[1]) * 1000:.0f} ms; whole process "
                             f"{runs[2]['median_s'] * 1000:.0f} ms vs "
                             f"{runs[1]['median_s'] * 1000:.0f} ms"}
                   for accel, runs in data["completion"].items()
                   if runs[1]["floor_median_s"] and runs[2]["floor_median_s"]]
    text = render(data)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "smp.txt").write_text(text)
    (OUT / "smp.json").write_text(json.dumps(data, indent=1) + "\n")
    print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
