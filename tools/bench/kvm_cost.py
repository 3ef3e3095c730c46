#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""What a boot costs under kvm_pvm, in counts that repeat.

    tools/bench/kvm_cost.py [--runs N] [--wall N] [--kernel ELF]

Boots the virtio-console microvm (the bench's pvh-microvm-virtio door:
`-M microvm,acpi=off`, the log on a virtio console, no port 0xe9, no
COM1) under `-accel kvm`, onepath with its full log and with
`loglevel=0`, and the floor kernel, each left halted at its end (no
isa-debug-exit), and reads the vCPU's KVM statistics through QMP
`query-stats`.  kvm_pvm runs every kernel-mode guest instruction in its
emulator, so `insn_emulation` is the boot's instruction count there, the
same in every run for the same image and command line (docs/kvm.md);
`exits` are its returns to QEMU and its emulator's batches.  Prints the
least of N runs (3) of each, the floor's subtracted, and each init
entry's TSC cycles from the log (least of the runs; these vary 10x).
With --wall N it then times N interleaved boots of each (after one
warm-up) with isa-debug-exit, as the bench does: minimums and medians,
and their ratio to the floor's.  Wall time on this host needs many runs
and a quiet machine (`uptime`); the counts need neither.
"""
import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import bench

sys.path.insert(0, str(bench.ROOT / "tests"))
import boot  # noqa: E402

FLOOR = bench.OUT / "floor-pvh.elf"
CASES = (("floor", FLOOR, None), ("onepath", bench.BUILD / "onepath-pvh.elf", ""),
         ("onepath loglevel=0", bench.BUILD / "onepath-pvh.elf", "loglevel=0"))


def machine(console: str) -> list:
    """bench.VIRTIO_MACHINE with the virtio console written to `console`."""
    args = list(bench.VIRTIO_MACHINE)
    at = args.index("file,id=vc,path=/dev/null")
    args[at] = f"file,id=vc,path={console}"
    return args


def counters(kernel: Path, cmdline, timeout: int = 60):
    """One KVM boot: its vCPU counters at its halt, and its console log."""
    with tempfile.TemporaryDirectory() as tmp:
        sock, console = f"{tmp}/qmp.sock", Path(tmp, "console.log")
        append = [] if cmdline is None else ["-append", cmdline]
        with bench.running_qemu([boot.QEMU, *machine(str(console)), "-display", "none",
                                 "-no-reboot", *boot.machine(), "-accel", "kvm",
                                 "-kernel", str(kernel), *append, "-no-shutdown",
                                 "-qmp", f"unix:{sock},server=on,wait=off"]) as process:
            start = time.time()
            while True:
                try:
                    qmp = bench.Qmp(sock)
                    break
                except (FileNotFoundError, ConnectionRefusedError):
                    if time.time() - start > timeout or process.poll() is not None:
                        raise RuntimeError(f"QEMU's QMP socket did not answer within {timeout} s")
                    time.sleep(0.01)
            # The counters once the vCPU has halted (the boot's end).
            while not (stats := qmp.vcpu_stats()).get("halt_exits"):
                if time.time() - start > timeout:
                    raise RuntimeError(f"{kernel.name} did not halt within {timeout} s")
                time.sleep(0.02)
            qmp.quit(process)
        text = boot.strip_timestamps(console.read_text(errors="replace")) if console.exists() else ""
    return stats, text


def least(runs: int, kernel_pvh: Path = None) -> dict:
    """Per case: the least of each counter and of each entry's cycles
    (onepath's image: kernel_pvh, or build/onepath-pvh.elf)."""
    result = {}
    for name, kernel, cmdline in CASES:
        kernel = kernel_pvh if kernel_pvh and kernel != FLOOR else kernel
        entry = {"counters": {}, "entries": {}}
        for _ in range(runs):
            stats, text = counters(kernel, cmdline)
            for key, value in stats.items():
                entry["counters"][key] = min(value, entry["counters"].get(key, value))
            for entry_name, cycles in bench.ENTRY_CYCLES.findall(text):
                entry["entries"][entry_name] = min(int(cycles),
                                                   entry["entries"].get(entry_name, int(cycles)))
        result[name] = entry
    return result


def wall(runs: int, kernel_pvh: Path = None) -> dict:
    """Interleaved wall times (ms) of every case, after one warm-up."""
    samples = {name: [] for name, _, _ in CASES}
    for round_ in range(runs + 1):
        for name, kernel, cmdline in CASES:
            kernel = kernel_pvh if kernel_pvh and kernel != FLOOR else kernel
            append = [] if cmdline is None else ["-append", cmdline]
            outcome = boot.run_qemu([*bench.VIRTIO_MACHINE, *boot.COMMON, *boot.machine(),
                                     "-accel", "kvm", "-kernel", str(kernel), *append],
                                    debugcon=False)
            if outcome.status != boot.EXIT_SUCCESS:
                raise RuntimeError(f"{name}: QEMU status {outcome.status}")
            if round_:
                samples[name].append(outcome.seconds * 1000)
    return samples


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--wall", type=int, default=0, metavar="N")
    parser.add_argument("--kernel", type=Path, help="onepath's PVH image (build/onepath-pvh.elf)")
    options = parser.parse_args()

    result = least(options.runs, options.kernel)
    floor = result["floor"]["counters"]
    print(f"microvm acpi=off, virtio console, -accel kvm ({bench.kvm_backend()}); "
          f"least of {options.runs} runs")
    print(f"{'':20} {'insn_emulation':>15} {'over the floor':>15} {'exits':>7} {'over':>6}")
    for name, entry in result.items():
        c = entry["counters"]
        print(f"{name:20} {c.get('insn_emulation', 0):>15,} "
              f"{c.get('insn_emulation', 0) - floor.get('insn_emulation', 0):>15,} "
              f"{c.get('exits', 0):>7,} {c.get('exits', 0) - floor.get('exits', 0):>6,}")
    print("init entries, TSC cycles (least of the runs):")
    for name, cycles in sorted(result["onepath"]["entries"].items(), key=lambda kv: -kv[1]):
        print(f"  {name:24} {cycles:>12,}")
    if options.wall:
        samples = wall(options.wall, options.kernel)
        print(f"wall, {options.wall} interleaved runs each (load average "
              f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} at the end):")
        floor_min, floor_median = min(samples["floor"]), statistics.median(samples["floor"])
        for name, values in samples.items():
            print(f"  {name:20} min {min(values):6.1f} ms ({min(values) / floor_min:.2f}x)  "
                  f"median {statistics.median(values):6.1f} ms "
                  f"({statistics.median(values) / floor_median:.2f}x)")


if __name__ == "__main__":
    main()
