#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Every exit of one KVM boot to QEMU, by reason, by device and by init entry.

    tools/bench/kvm_exits.py [--machine M] [--kernel ELF] [--runs N] [--json]
                             [--no-debugcon] [--no-serial] [-- QEMU-ARGS...]

kvm_pvm's own statistics (QMP query-stats) count exits to QEMU but do not
sort port I/O by port.  QEMU's trace events do: `kvm_run_exit` names each
exit's KVM reason, `memory_region_ops_read/write` the device and port or
address it reached.  This boots the image once per run with those events
on (-msg timestamp=on gives each a wall time), rebuilds the bytes written
to port 0xe9 from the trace, and charges every exit to the init entry
whose "init: NAME: ..." line ends the stretch it fell in (the firmware
before the first byte on 0xe9; "after init" from the completion line on).
Tracing slows each exit down, so the times say where exits cluster, not
what an untraced boot takes; the counts are exact.
"""
import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
import boot  # noqa: E402

DEBUGCON_PORT = 0xE9
# KVM_EXIT_* of linux/kvm.h that a boot meets.
KVM_REASONS = {2: "io", 5: "hlt", 6: "mmio", 7: "irq_window_open", 8: "shutdown",
               10: "intr", 17: "internal_error", 24: "system_event"}
EVENT = re.compile(r"^\d+@(?P<time>\d+\.\d+):(?P<event>\w+) (?P<rest>.*)$")
EXIT = re.compile(r"reason (\d+)")
ACCESS = re.compile(r"addr (0x[0-9a-f]+) value (0x[0-9a-f]+) size (\d+) name '([^']*)'")
ENTRY_LINE = re.compile(r"init: (\w+): (ran|skipped|failed)")
COMPLETION = "onepath: init complete"


def traced_boot(qemu_args: list, debugcon: bool = True, serial: bool = True,
                timeout: int = 120) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        trace = Path(tmp, "trace.log")
        consoles = (["-serial", "file:/dev/null" if serial else "none"]
                    + (["-debugcon", "file:/dev/null"] if debugcon else []))
        command = [boot.QEMU, *qemu_args, "-accel", "kvm", "-msg", "timestamp=on", *consoles,
                   "-trace", "enable=kvm_run_exit", "-trace", "enable=memory_region_ops_read",
                   "-trace", "enable=memory_region_ops_write", "-D", str(trace)]
        subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
        return trace.read_text(errors="replace")


def device_of(name: str, address: int) -> str:
    if name in ("io", ""):
        return f"port {address:#x}"
    return name


def attribute(trace: str) -> dict:
    """Exits and their wall time per stretch of the boot, by reason and by
    device, and the log rebuilt from port 0xe9."""
    stretches = []      # [name, exits Counter by reason, Counter by device, start, end]
    current = {"name": None, "reasons": Counter(), "devices": Counter(),
               "start": None, "end": None}
    line, log = bytearray(), bytearray()
    in_init = True
    last_reason = None

    def close(name):
        nonlocal current
        current["name"] = name
        stretches.append(current)
        current = {"name": None, "reasons": Counter(), "devices": Counter(),
                   "start": current["end"], "end": current["end"]}

    for text in trace.splitlines():
        found = EVENT.match(text)
        if not found:
            continue
        time, event, rest = float(found["time"]), found["event"], found["rest"]
        if current["start"] is None:
            current["start"] = time
        current["end"] = time
        if event == "kvm_run_exit":
            reason = int(EXIT.search(rest).group(1))
            last_reason = KVM_REASONS.get(reason, str(reason))
            current["reasons"][last_reason] += 1
            continue
        access = ACCESS.search(rest)
        if not access:
            continue
        address, value, name = int(access[1], 16), int(access[2], 16), access[4]
        kind = "write" if event.endswith("write") else "read"
        current["devices"][f"{device_of(name, address)} {kind}"] += 1
        if kind == "write" and address == DEBUGCON_PORT:
            if current["name"] is None and not log:
                close("firmware")
            log.append(value & 0xFF)
            line.append(value & 0xFF)
            if value & 0xFF == ord("\n"):
                decoded = line.decode(errors="replace")
                line.clear()
                entry = ENTRY_LINE.search(decoded)
                if in_init and entry:
                    close(entry[1])
                elif in_init and COMPLETION in decoded:
                    close("(walk, jettison, completion)")
                    in_init = False
    close("after init" if not in_init else "(no completion line)")
    return {"stretches": stretches, "log": log.decode(errors="replace")}


def summarise(runs: list) -> dict:
    """Per stretch: exits by reason and device (equal on every run, or the
    least), wall milliseconds (the least of the runs)."""
    table = {}
    order = []
    for run in runs:
        for s in run["stretches"]:
            if s["name"] not in table:
                order.append(s["name"])
                table[s["name"]] = {"exits": None, "reasons": None, "devices": None, "ms": None}
            row = table[s["name"]]
            exits = sum(s["reasons"].values())
            ms = (s["end"] - s["start"]) * 1000 if s["start"] is not None else 0.0
            if row["exits"] is None or exits < row["exits"]:
                row["exits"], row["reasons"], row["devices"] = exits, dict(s["reasons"]), dict(s["devices"])
            row["ms"] = ms if row["ms"] is None else min(row["ms"], ms)
    totals = Counter()
    devices = Counter()
    for name in order:
        totals.update(table[name]["reasons"])
        devices.update(table[name]["devices"])
    return {"order": order, "stretches": table, "reasons": dict(totals), "devices": dict(devices),
            "exits": sum(totals.values())}


def render(summary: dict) -> str:
    out = [f"exits to QEMU: {summary['exits']:,} ("
           + ", ".join(f"{k} {v:,}" for k, v in sorted(summary["reasons"].items(), key=lambda kv: -kv[1]))
           + ")",
           "by device: " + ", ".join(f"{k} {v:,}" for k, v in
                                     sorted(summary["devices"].items(), key=lambda kv: -kv[1])),
           "", "| stretch | exits | traced ms | devices |", "|---|---|---|---|"]
    for name in summary["order"]:
        row = summary["stretches"][name]
        devices = ", ".join(f"{k} {v}" for k, v in sorted(row["devices"].items(), key=lambda kv: -kv[1]))
        out.append(f"| {name} | {row['exits']:,} | {row['ms']:.1f} | {devices} |")
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--machine", default="microvm", help="microvm (default), pc, or with "
                        "options: microvm,acpi=off")
    parser.add_argument("--kernel", help="default: build/onepath-pvh.elf (microvm), build/onepath.elf (pc)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-debugcon", action="store_true",
                        help="no debug console on port 0xe9 (its writes are still traced)")
    parser.add_argument("--no-serial", action="store_true", help="no COM1 (-serial none)")
    parser.add_argument("qemu", nargs="*", help="more QEMU arguments (after --)")
    args = parser.parse_args()
    pvh = args.machine.startswith("microvm")
    kernel = args.kernel or str(boot.BUILD / ("onepath-pvh.elf" if pvh else "onepath.elf"))
    qemu_args = ["-M", args.machine, *boot.COMMON, *boot.machine(), "-kernel", kernel, *args.qemu]
    runs = [attribute(traced_boot(qemu_args, not args.no_debugcon, not args.no_serial))
            for _ in range(args.runs)]
    summary = summarise(runs)
    summary["log_bytes"] = len(runs[0]["log"].encode())
    if args.json:
        print(json.dumps(summary, indent=1))
    else:
        print(render(summary))
        print(f"\n{summary['log_bytes']:,} bytes on port 0xe9")
    return 0


if __name__ == "__main__":
    sys.exit(main())
