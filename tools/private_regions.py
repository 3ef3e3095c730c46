#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks, in a linked image, that every region jettison unmaps has its
pages to itself: it starts on a page boundary, and no other section lies
in the pages from its start to its end rounded up to a page (the bytes
after its end in its last page are padding, which jettison unmaps with
it).  Otherwise unmapping a region would unmap code or data that stays.

    tools/private_regions.py IMAGE.elf

Reads the PRIVATE_REGIONS table (kernel/jettison.h) through the bounds
kernel/jettison.c exports.  Prints one line per region; a region that
shares a page fails with E_REGION_SHARES_PAGE on stderr, naming both.
The build runs it on every image (build/onepath.regions)."""
import struct
import subprocess
import sys

PAGE = 4096
SHF_ALLOC = 0x2
REGION_SIZE, WHAT, START, END = 56, 0, 40, 48  # kernel/jettison.h asserts it


def sections(data: bytes) -> list:
    (shoff,) = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3a)
    raw = [struct.unpack_from("<IIQQQQ", data, shoff + i * shentsize) for i in range(shnum)]
    names_offset = raw[shstrndx][4]
    result = []
    for name, _, flags, addr, offset, size in raw:
        end = data.index(b"\0", names_offset + name)
        result.append((data[names_offset + name:end].decode(), flags, addr, offset, size))
    return result


def reader(data: bytes, all_sections: list):
    def read(address: int, length: int) -> bytes:
        for _, flags, addr, offset, size in all_sections:
            if flags & SHF_ALLOC and addr <= address and address + length <= addr + size:
                return data[offset + address - addr:offset + address - addr + length]
        sys.exit(f"private_regions: no section holds 0x{address:x}")
    return read


def main(image: str) -> int:
    data = open(image, "rb").read()
    all_sections = sections(data)
    read = reader(data, all_sections)
    symbols = subprocess.run(["nm", image], capture_output=True, text=True, check=True).stdout
    bounds = [int(line.split()[0], 16) for line in symbols.splitlines()
              if line.split()[-1] == "private_regions_bounds"]
    if not bounds:
        sys.exit("private_regions: no private_regions_bounds symbol (kernel/jettison.c)")
    start, end, entry_size, _ = struct.unpack("<QQQQ", read(bounds[0], 32))
    if entry_size != REGION_SIZE:
        sys.exit(f"private_regions: entries of {entry_size} bytes, expected {REGION_SIZE}")
    failures = 0
    for entry in range(start, end, entry_size):
        raw = read(entry, entry_size)
        what = raw[WHAT:raw.index(b"\0")].decode()
        first, last = struct.unpack_from("<QQ", raw, START)[0], struct.unpack_from("<Q", raw, END)[0]
        if first == last:
            print(f"private_regions: {what}: empty")
            continue
        span = (first - first % PAGE, -(-last // PAGE) * PAGE)
        others = [name for name, flags, addr, _, size in all_sections
                  if flags & SHF_ALLOC and size and addr < span[1] and addr + size > span[0]
                  and not (first <= addr and addr + size <= last)]
        if first % PAGE or others:
            print(f"private_regions: E_REGION_SHARES_PAGE: {what} [0x{first:x}, 0x{last:x}) "
                  f"shares its pages 0x{span[0]:x}-0x{span[1]:x} with "
                  f"{', '.join(others) or 'what comes before it'}", file=sys.stderr)
            failures += 1
        else:
            print(f"private_regions: {what}: 0x{first:x}-0x{last:x}, pages of its own")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
