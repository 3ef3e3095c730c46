#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Copies onepath.elf with only its Multiboot 1 magic cleared.

QEMU's -kernel boots any image with a Multiboot 1 header as Multiboot 1;
clearing the magic (4 bytes, nothing else) lets it take the PVH note.
The header is found through the symbol `multiboot1_header`.
"""
import struct
import sys

MB1_MAGIC = 0x1BADB002


def file_offset_of(image: bytes, symbol: str) -> int:
    (shoff,) = struct.unpack_from("<Q", image, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", image, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", image, shoff + i * shentsize)
                for i in range(shnum)]
    symtab = next(s for s in sections if s[1] == 2)  # SHT_SYMTAB
    strtab = sections[symtab[6]]
    for offset in range(symtab[4], symtab[4] + symtab[5], 24):
        name_offset, _, _, shndx, value, _ = struct.unpack_from("<IBBHQQ", image, offset)
        end = image.index(b"\0", strtab[4] + name_offset)
        if image[strtab[4] + name_offset:end].decode() == symbol:
            section = sections[shndx]
            return section[4] + value - section[3]
    sys.exit(f"clear-multiboot1: no symbol {symbol}")


def main() -> None:
    source, target = sys.argv[1:3]
    image = bytearray(open(source, "rb").read())
    offset = file_offset_of(bytes(image), "multiboot1_header")
    (magic,) = struct.unpack_from("<I", image, offset)
    if magic != MB1_MAGIC:
        sys.exit(f"clear-multiboot1: no multiboot1 magic at file offset {offset:#x}")
    struct.pack_into("<I", image, offset, 0)
    open(target, "wb").write(image)


if __name__ == "__main__":
    main()
