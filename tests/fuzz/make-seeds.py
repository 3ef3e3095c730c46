#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the fuzzers' seed corpora, tests/fuzz/corpus/<target>/, from the
real boot info in tests/captures/*.txt and a few synthetic structures.

A protocol target reads an 8-byte info offset, then memory from FUZZ_BASE
(tests/fuzz/fuzz_common.h).  A capture's structures lie wherever its
loader put them (QEMU's multiboot1 command line is 1.2 MiB from its info),
so they are moved next to each other from FUZZ_BASE on, and the pointers
between them are rewritten: the seeds stay small, and each still parses to
what the capture expects.  Regenerate with: python3 tests/fuzz/make-seeds.py
"""
import shutil
import struct
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
CORPUS = ROOT / "tests" / "fuzz" / "corpus"
FUZZ_BASE = 0xFF800  # as in fuzz_common.h
MB1, MB2, PVH = 0x2BADB002, 0x36D76289, 0x336EC578
TARGET = {MB1: "fuzz_multiboot1", MB2: "fuzz_multiboot2", PVH: "fuzz_pvh"}


def load(path):
    capture = {"ranges": [], "e820": bytearray(), "e820_count": None, "cmdline": ""}
    for line in path.read_text().splitlines():
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        if words[0] == "magic":
            capture["magic"] = int(words[1], 16)
        elif words[0] == "info":
            capture["info"] = int(words[1], 16)
        elif words[0] == "range":
            capture["ranges"].append((int(words[1], 16), bytes.fromhex(words[2])))
        elif words[0] == "xen-e820":
            offset, data = int(words[1], 16), bytes.fromhex(words[2])
            capture["e820"][offset:offset + len(data)] = data
        elif words[0] == "xen-e820-count":
            capture["e820_count"] = int(words[1])
        elif line.startswith("expect cmdline "):
            capture["cmdline"] = line[len("expect cmdline "):]
    return capture


class Memory:
    """Sparse physical memory: the captured bytes, zero elsewhere."""

    def __init__(self, ranges):
        self.bytes = {}
        for addr, data in ranges:
            for i, b in enumerate(data):
                self.bytes[addr + i] = b

    def read(self, addr, length):
        return bytes(self.bytes.get(addr + i, 0) for i in range(length))

    def u32(self, addr):
        return struct.unpack("<I", self.read(addr, 4))[0]

    def u64(self, addr):
        return struct.unpack("<Q", self.read(addr, 8))[0]


def blocks_of(ranges):
    """Touching ranges as [start, end) blocks."""
    blocks = []
    for addr, data in sorted(ranges):
        if blocks and addr <= blocks[-1][1]:
            blocks[-1][1] = max(blocks[-1][1], addr + len(data))
        else:
            blocks.append([addr, addr + len(data)])
    return blocks


def relocate(capture):
    """(image, info offset): the blocks packed from FUZZ_BASE, pointers
    between them rewritten."""
    memory = Memory(capture["ranges"])
    info, magic = capture["info"], capture["magic"]
    blocks = blocks_of(capture["ranges"])
    if magic == MB2:
        # Tags are found by walking: the whole structure moves as one.
        total = memory.u32(info)
        blocks = [b for b in blocks if not info <= b[0] < info + total]
        blocks.append([info, info + total])
    placed, cursor = [], FUZZ_BASE
    for start, end in sorted(blocks):
        new = (cursor + 15) // 16 * 16 + start % 16  # alignment kept
        placed.append((start, end, new))
        cursor = new + (end - start) + 16

    def moved(addr):
        for start, end, new in placed:
            if start <= addr < end:
                return new + (addr - start)
        return addr

    image = bytearray(cursor - FUZZ_BASE)
    for start, end, new in placed:
        image[new - FUZZ_BASE:new - FUZZ_BASE + end - start] = memory.read(start, end - start)

    def patch(old_field, size):
        fmt = "<I" if size == 4 else "<Q"
        at = moved(old_field) - FUZZ_BASE
        value = struct.unpack_from(fmt, image, at)[0]
        if value:
            struct.pack_into(fmt, image, at, moved(value))

    if magic == MB1:
        flags = memory.u32(info)
        if flags & (1 << 3):  # modules: their strings
            for i in range(min(memory.u32(info + 20), 16)):
                patch(memory.u32(info + 24) + 16 * i + 8, 4)
        for bit, offset in ((2, 16), (3, 24), (6, 48), (9, 64)):
            if flags & (1 << bit):
                patch(info + offset, 4)
    elif magic == PVH:
        for i in range(min(memory.u32(info + 12), 16)):
            patch(memory.u64(info + 16) + 32 * i + 16, 8)
        patch(info + 16, 8)
        patch(info + 24, 8)
        patch(info + 32, 8)  # rsdp_paddr: the parser copies the RSDP
        if memory.u32(info + 4) >= 1:
            patch(info + 40, 8)
    return bytes(image), moved(info) - FUZZ_BASE


def protocol_seed(image, info_offset):
    return struct.pack("<Q", info_offset) + image


class Builder:
    """Synthetic structures: bytes from FUZZ_BASE, allocated in order."""

    def __init__(self):
        self.image = bytearray()

    def alloc(self, data, align=8):
        while len(self.image) % align:
            self.image.append(0)
        addr = FUZZ_BASE + len(self.image)
        self.image += data
        return addr

    def string(self, text):
        return self.alloc(text.encode() + b"\0", 1)

    def put(self, addr, fmt, *values):
        struct.pack_into(fmt, self.image, addr - FUZZ_BASE, *values)

    def seed(self, info):
        return protocol_seed(bytes(self.image), info - FUZZ_BASE)


E820_LOW = [(0, 0x9FC00, 1), (0x9FC00, 0x400, 2), (0xF0000, 0x10000, 2),
            (0x100000, 0x7FEE0000, 1), (0xFFFC0000, 0x40000, 2)]


def mb1_synthetic():
    seeds = {}
    b = Builder()
    info = b.alloc(bytes(120))
    mmap = b.alloc(b"".join(struct.pack("<IQQI", 20, a, s, t) for a, s, t in E820_LOW), 4)
    mods = b.alloc(bytes(32))
    m0, m1 = b.alloc(bytes(0x100), 16), b.alloc(bytes(0x80), 16)
    b.put(mods, "<IIII", m0, m0 + 0x100, b.string("/initrd ro"), 0)
    b.put(mods + 16, "<IIII", m1, m1 + 0x80, 0, 0)
    b.put(info, "<IIIII", (1 << 0) | (1 << 2) | (1 << 3) | (1 << 6) | (1 << 9),
          639, 0x7FB80, 0, b.string("/boot/onepath.elf init.list a=\"b c\""))
    b.put(info + 20, "<II", 2, mods)
    b.put(info + 44, "<II", len(E820_LOW) * 24, mmap)
    b.put(info + 64, "<I", b.string("GRUB 0.97"))
    seeds["synthetic-modules"] = b.seed(info)

    b = Builder()
    info = b.alloc(bytes(120))
    b.put(info, "<III", 1, 639, 4096)
    seeds["synthetic-mem-fields"] = b.seed(info)
    return seeds


def mb2_tag(kind, payload):
    tag = struct.pack("<II", kind, 8 + len(payload)) + payload
    return tag + bytes(-len(tag) % 8)


def mb2_synthetic():
    seeds = {}
    rsdp = b"RSD PTR \x17OEMID \x02\x00\xf0\x0f\x00\x24\x00\x00\x00\x00\xe0\x0f\x00" + bytes(8) + b"\x99\x00\x00\x00"
    mmap = struct.pack("<II", 24, 0) + b"".join(struct.pack("<QQII", a, s, t, 0) for a, s, t in E820_LOW)
    efi = struct.pack("<II", 48, 1) + b"".join(
        struct.pack("<IIQQQQQ", t, 0, a, 0, n, 0xF, 0)
        for t, a, n in ((7, 0, 0x9F), (0, 0x9F000, 1), (0, 0xF0000, 0x10), (3, 0x100000, 0x100),
                        (9, 0x200000, 0x10), (7, 0x210000, 0x1000)))
    for name, tags in (
            ("synthetic-all-tags", [
                mb2_tag(1, b"init.list x=\"y z\"\0"), mb2_tag(2, b"GRUB 2.06\0"),
                mb2_tag(3, struct.pack("<II", FUZZ_BASE + 0x800, FUZZ_BASE + 0x900) + b"/initrd\0"),
                mb2_tag(4, struct.pack("<II", 639, 0x7FB80)), mb2_tag(6, mmap),
                mb2_tag(12, struct.pack("<Q", 0xBF7FEE18)), mb2_tag(14, rsdp[:20]), mb2_tag(15, rsdp)]),
            ("synthetic-efi-mmap", [mb2_tag(1, b"a\0"), mb2_tag(17, efi), mb2_tag(11, struct.pack("<I", 0x3F7FEE18))]),
            ("synthetic-meminfo", [mb2_tag(4, struct.pack("<II", 639, 1024))])):
        body = b"".join(tags) + struct.pack("<II", 0, 8)
        info = struct.pack("<II", 8 + len(body), 0) + body
        # Room for the module the first one points at.
        pad = 0x900 - len(info) if name == "synthetic-all-tags" else 0
        seeds[name] = protocol_seed(info + bytes(pad), 0)
    return seeds


def pvh_synthetic():
    seeds = {}
    for version in (0, 1):
        b = Builder()
        info = b.alloc(bytes(56 + 4)) + 4  # 4-byte aligned, as Xen does
        memmap = b.alloc(b"".join(struct.pack("<QQII", a, s, t, 0) for a, s, t in E820_LOW))
        mods = b.alloc(bytes(64))
        m0 = b.alloc(bytes(0x200), 16)
        b.put(mods, "<QQQQ", m0, 0x100, b.string("initrd"), 0)
        b.put(mods + 32, "<QQQQ", m0 + 0x100, 0x100, 0, 0)
        b.put(info, "<IIIIQQQ", PVH, version, 3, 2, mods, b.string("console=hvc0 init.list"), 0xF5A90)
        if version:
            b.put(info + 40, "<QI", memmap, len(E820_LOW))
        seeds[f"synthetic-v{version}-modules"] = b.seed(info)
    return seeds


def e820_records(entries):
    return b"".join(struct.pack("<QQI", a, s, t) for a, s, t in entries)


def write(target, name, data):
    directory = CORPUS / target
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_bytes(data)


def main():
    if CORPUS.exists():
        shutil.rmtree(CORPUS)
    memmaps = {}
    for path in sorted((ROOT / "tests" / "captures").glob("*.txt")):
        capture = load(path)
        name = "capture-" + path.stem
        image, info_offset = relocate(capture)
        write(TARGET[capture["magic"]], name, protocol_seed(image, info_offset))
        write("fuzz_cmdline", name, capture["cmdline"].encode())
        if capture["e820_count"] is not None:
            reply = bytes(capture["e820"])
            write("fuzz_xen_e820", name, struct.pack("<IB", capture["e820_count"], 0) + reply)
            # The same map, with modules waiting for it: one in RAM, one
            # overlapping it, one empty.
            modules = struct.pack("<QQQQQQ", 0x100000, 0x200000, 0x1FF000, 0x201000, 0x5000, 0x5000)
            write("fuzz_xen_e820", name + "-modules",
                  struct.pack("<IB", capture["e820_count"], 3) + modules + reply)
            memmaps[name] = [struct.unpack_from("<QQI", reply, 20 * i) for i in range(capture["e820_count"])]
    for target, seeds in (("fuzz_multiboot1", mb1_synthetic()), ("fuzz_multiboot2", mb2_synthetic()),
                          ("fuzz_pvh", pvh_synthetic())):
        for name, data in seeds.items():
            write(target, name, data)
    memmaps["synthetic-qemu"] = E820_LOW
    memmaps["synthetic-overlaps"] = [(0, 0x10000, 1), (0x2000, 0x1000, 2), (0x2800, 0x2000, 3), (0x4000, 0, 1),
                                     (0x9000, 0x800, 1), (0x9800, 0x800, 1), (0xC000, 0x3000, 7),
                                     (0xD000, 0x1000, 0xF0000001), (1 << 52, 0x1000, 1),
                                     (0xFFFFFFFFFFFFF000, 0xFFF, 2)]
    for name, entries in memmaps.items():
        write("fuzz_memmap", name, bytes([BOOT_MEMMAP_MAX_MINUS_1]) + e820_records(entries))
    for name, line in (("synthetic-options", 'init.list init.skip=a,b,,c console="com1 115200" x= =y'),
                       ("synthetic-blanks", ' \t\n a\tb="unterminated'),
                       ("synthetic-list", ",,a,,bb,c,")):
        write("fuzz_cmdline", name, line.encode())
    write("fuzz_xen_e820", "synthetic-qemu", struct.pack("<IB", len(E820_LOW), 0) + e820_records(E820_LOW))


BOOT_MEMMAP_MAX_MINUS_1 = 127  # the capacity byte: 1 + 127 = BOOT_MEMMAP_MAX

if __name__ == "__main__":
    main()
