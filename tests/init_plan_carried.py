#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The image carries its init plan (tables/init_planned.h), made by the
build.  A copy of the image with the plan's first two positions swapped
(app_args before cmdline, which it depends on), and one whose plan counts
no entries: tools/inittab refuses both (E_INIT_PLAN_STALE), and the kernel
refuses to run either (E_INIT_PLAN_INVALID, E_INIT_NOT_PLANNED), named,
with the failure code."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
import boot  # noqa: E402

OUT = boot.BUILD / "tests"


def file_offset(address: int) -> int:
    for _, offset, vaddr, filesz, _ in boot.load_segments(boot.KERNEL):
        if vaddr <= address < vaddr + filesz:
            return offset + address - vaddr
    raise SystemExit(f"FAIL setup: 0x{address:x} is not in a loaded segment")


def swap_first_two(data: bytearray, symbols: dict) -> None:
    at = file_offset(symbols["init_planned_order"])
    data[at:at + 8] = data[at + 4:at + 8] + data[at:at + 4]


def count_none(data: bytearray, symbols: dict) -> None:
    at = file_offset(symbols["init_planned_count"])
    data[at:at + 4] = bytes(4)


CASES = {  # name: (patch, the line the boot must print)
    "swapped": (swap_first_two,
                "onepath: panic: E_INIT_PLAN_INVALID: the plan runs app_args before cmdline"),
    "none": (count_none, "onepath: panic: E_INIT_NOT_PLANNED: the image carries no plan"),
}


def report(name: str, ok: bool, detail: str) -> bool:
    print(f"{'PASS' if ok else 'FAIL'} {name}" + ("" if ok else f": {detail}"))
    return ok


def main() -> int:
    symbols = boot.elf_symbols(boot.KERNEL)
    door = boot.multiboot1_pc if "PC" in boot.image_subarchs(boot.KERNEL) else boot.pvh_xen
    inittab = subprocess.run([str(boot.INITTAB), str(boot.KERNEL)], capture_output=True, text=True)
    ok = report("image-plan-is-its-tables", inittab.returncode == 0, inittab.stderr[-500:])
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (patch, line) in CASES.items():
        data = bytearray(boot.KERNEL.read_bytes())
        patch(data, symbols)
        image = OUT / f"plan-{name}.elf"
        image.write_bytes(bytes(data))
        inittab = subprocess.run([str(boot.INITTAB), str(image)], capture_output=True, text=True)
        ok &= report(f"{name}-refused-by-inittab",
                     inittab.returncode == 1 and "E_INIT_PLAN_STALE" in inittab.stderr,
                     f"status {inittab.returncode}: {inittab.stderr[-500:]}")
        outcome = door(kernel=image)
        ok &= report(f"{name}-refused-at-boot",
                     outcome.status == boot.EXIT_FAILURE and line in outcome.log,
                     f"status {outcome.status}; log tail: {outcome.log[-800:]}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
