#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Counts pv_ops-style hook structures in common code: writable objects
holding function pointers, which code anywhere could repoint at run time.
onepath reaches per-subarch code through const linker tables instead; this
proves no hook crept back in.

    tools/hooks.py [--fail-on-hooks] [--json] [--sources DIR] [PATH...]

PATH is an object directory (default build/kernel) or object files.  In a
directory only objects with a source in the tree count (no leftovers of
deleted files, no test fixtures); objects outside any platforms/<s>/ are
common code.  Two ways of finding a hook:

  objects   a relocation in a writable section (.data, .bss: not .rodata,
            not .tbl.*) of a common object that points at a function (an
            STT_FUNC symbol, or anything in an executable section): the
            object holding it is initialized with function pointers.
  sources   struct types of kernel/*.h and tables/*.h with function-pointer
            members, and their instances in common sources (kernel/,
            tables/) that are not const: this finds a hook filled in at run
            time, which leaves no relocation.

Prints `hooks: N writable function-pointer hook structures in common code`
and the list; --fail-on-hooks exits 1 if N > 0.  The ELF reader is used by
tools/size-report.py too.
"""
import argparse
import json
import re
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SHT_SYMTAB, SHT_RELA, SHT_NOBITS = 2, 4, 8
SHF_WRITE, SHF_ALLOC, SHF_EXECINSTR = 0x1, 0x2, 0x4
STT_OBJECT, STT_FUNC, STT_SECTION = 1, 2, 3
SHN_UNDEF = 0
STB_LOCAL = 0

PRIVATE = re.compile(r"(^|/)platforms/[^/]+/")
COMMON_SOURCE_DIRS = ("kernel", "tables")


class Elf:
    """The sections, symbols and RELA relocations of an ELF64 LE file."""

    def __init__(self, path):
        self.path = Path(path)
        data = self.path.read_bytes()
        if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
            raise ValueError(f"{path}: not a 64-bit little-endian ELF file")
        (self.type,) = struct.unpack_from("<H", data, 16)
        (shoff,) = struct.unpack_from("<Q", data, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
        self.sections = []
        for i in range(shnum):
            (name, stype, flags, addr, offset, size, link, info, _,
             entsize) = struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize)
            self.sections.append(dict(name_offset=name, type=stype, flags=flags,
                                      addr=addr, offset=offset, size=size,
                                      link=link, info=info, entsize=entsize))
        names = self.sections[shstrndx] if shnum else None
        for s in self.sections:
            s["name"] = self._string(data, names, s["name_offset"]) if names else ""
        self.symbols = []
        self.relocations = {}  # target section index: [(offset, symbol, addend)]
        for s in self.sections:
            if s["type"] == SHT_SYMTAB:
                strings = self.sections[s["link"]]
                for at in range(s["offset"], s["offset"] + s["size"], 24):
                    name, info, _, shndx, value, size = struct.unpack_from("<IBBHQQ", data, at)
                    self.symbols.append(dict(name=self._string(data, strings, name),
                                             type=info & 0xF, bind=info >> 4,
                                             shndx=shndx, value=value, size=size))
        for s in self.sections:
            if s["type"] == SHT_RELA:
                self.relocations[s["info"]] = [
                    (offset, info >> 32, addend)
                    for offset, info, addend in
                    (struct.unpack_from("<QQq", data, at)
                     for at in range(s["offset"], s["offset"] + s["size"], 24))]

    @staticmethod
    def _string(data, table, offset):
        start = table["offset"] + offset
        return data[start:data.index(b"\0", start)].decode(errors="replace")

    def covering(self, section, offset, types=(STT_FUNC, STT_OBJECT)):
        """The named symbol of a section at offset, or covering it."""
        best = None
        for sym in self.symbols:
            if sym["shndx"] != section or sym["type"] not in types or not sym["name"]:
                continue
            if sym["value"] == offset:
                return sym
            if sym["value"] < offset < sym["value"] + sym["size"]:
                best = sym
        return best


def source_of(obj: Path, objdir) -> str:
    """build/kernel/kernel/x.o is kernel/x.c; others keep their path."""
    if objdir is None:
        return str(obj)
    rel = obj.relative_to(objdir).as_posix()
    return rel[:-2] if rel.endswith(".asm.o") else rel[:-2] + ".c"


def objects_in(objdir: Path) -> list:
    """The objects of a build directory that today's sources produce."""
    found = []
    for obj in sorted(objdir.rglob("*.o")):
        source = source_of(obj, objdir)
        if source.startswith("tests/") or not (ROOT / source).exists():
            continue
        found.append(obj)
    return found


def elf_hooks(paths: list, objdir) -> dict:
    """(source, object) -> the functions its initializer points at."""
    elves = [(path, Elf(path)) for path in paths]
    functions = set()  # global names defined as code somewhere
    for _, elf in elves:
        for sym in elf.symbols:
            if sym["shndx"] != SHN_UNDEF and sym["bind"] != STB_LOCAL and (
                    sym["type"] == STT_FUNC or (
                        sym["shndx"] < len(elf.sections)
                        and elf.sections[sym["shndx"]]["flags"] & SHF_EXECINSTR)):
                functions.add(sym["name"])
    hooks = {}
    for path, elf in elves:
        source = source_of(path, objdir)
        if PRIVATE.search(source):
            continue
        for target, relocations in elf.relocations.items():
            section = elf.sections[target]
            if not (section["flags"] & SHF_ALLOC and section["flags"] & SHF_WRITE) \
                    or section["name"].startswith(".tbl."):
                continue
            for offset, index, addend in relocations:
                sym = elf.symbols[index]
                function = pointed_function(elf, sym, addend, functions)
                if function is None:
                    continue
                holder = elf.covering(target, offset)
                name = holder["name"] if holder else section["name"]
                hooks.setdefault((source, name), set()).add(function)
    return hooks


def pointed_function(elf: Elf, sym: dict, addend: int, functions: set):
    """The function a relocation against sym points at, or None."""
    if sym["shndx"] == SHN_UNDEF:
        return sym["name"] if sym["name"] in functions else None
    if sym["shndx"] >= len(elf.sections):
        return None
    code = elf.sections[sym["shndx"]]["flags"] & SHF_EXECINSTR
    if sym["type"] == STT_SECTION:
        if not code:
            return None
        named = elf.covering(sym["shndx"], addend, (STT_FUNC,))
        return named["name"] if named else elf.sections[sym["shndx"]]["name"]
    return sym["name"] if sym["type"] == STT_FUNC or code else None


STRUCT = re.compile(r"\bstruct\s+(\w+)\s*\{(.*?)\}\s*;", re.S)
FUNCTION_POINTER = re.compile(r"\(\s*\*\s*(\w+)\s*\)\s*\(")


def hook_types(sources: Path) -> dict:
    """struct name -> its function-pointer members, from the headers."""
    types = {}
    for directory in COMMON_SOURCE_DIRS:
        for header in sorted((sources / directory).glob("*.h")):
            for name, body in STRUCT.findall(header.read_text()):
                members = FUNCTION_POINTER.findall(body)
                if members:
                    types[name] = dict(header=f"{directory}/{header.name}", members=members,
                                       instances=[])
    return types


def source_hooks(sources: Path, types: dict) -> dict:
    """(source, object) -> struct type, for every file-scope instance of a
    hook type in common sources that is not const (declarations with
    extern excepted: the definition is what counts)."""
    hooks = {}
    if not types:
        return hooks
    names = "|".join(map(re.escape, types))
    # File scope is column 0 in kernel style.
    instance = re.compile(r"^(?!extern\b)((?:static\s+|const\s+|volatile\s+|__attribute__\(\(.*?\)\)\s+)*)"
                          rf"struct\s+({names})\s+((?:const\s+)?)(\w+)\s*(\[[^\]]*\])?\s*(=|;|__attribute__)",
                          re.M)
    for directory in COMMON_SOURCE_DIRS:
        for path in sorted((sources / directory).glob("*.[ch]")):
            text = path.read_text()
            for match in instance.finditer(text):
                const = "const" in match.group(1).split() or match.group(3)
                line = text.count("\n", 0, match.start()) + 1
                where = f"{directory}/{path.name}:{line}"
                types[match.group(2)]["instances"].append(
                    dict(name=match.group(4), where=where, const=bool(const)))
                if not const:
                    hooks[(f"{directory}/{path.name}", match.group(4))] = match.group(2)
    return hooks


def count(paths: list, sources: Path) -> dict:
    """Everything found: the hooks and the hook-capable types."""
    paths = list(map(Path, paths))
    if len(paths) > 1 and any(path.is_dir() for path in paths):
        raise ValueError("give one object directory, or object files")
    objdir = paths[0] if paths and paths[0].is_dir() else None
    objects = objects_in(objdir) if objdir else paths
    found = elf_hooks(objects, objdir)
    types = hook_types(sources)
    from_sources = source_hooks(sources, types)
    hooks = []
    for source, name in sorted(set(found) | set(from_sources)):
        hooks.append(dict(source=source, object=name,
                          points_at=sorted(found.get((source, name), ())),
                          type=from_sources.get((source, name)),
                          found_by=[way for way, table in (("objects", found),
                                                            ("sources", from_sources))
                                    if (source, name) in table]))
    return dict(count=len(hooks), hooks=hooks, objects=len(objects), types=types)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "build" / "kernel")],
                        help="an object directory, or object files")
    parser.add_argument("--fail-on-hooks", action="store_true",
                        help="exit 1 if any hook structure is found")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--sources", default=str(ROOT),
                        help="the tree whose kernel/ and tables/ are scanned")
    args = parser.parse_args()
    try:
        result = count(args.paths, Path(args.sources))
    except (OSError, ValueError) as error:
        print(f"hooks: {error}", file=sys.stderr)
        return 2
    if result["objects"] == 0:
        print(f"hooks: no objects in {' '.join(args.paths)}: build first", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"hooks: {result['count']} writable function-pointer hook structures "
              "in common code")
        for hook in result["hooks"]:
            what = f"struct {hook['type']}" if hook["type"] else "object"
            points = f" -> {', '.join(hook['points_at'])}" if hook["points_at"] else ""
            print(f"  {hook['source']}: {what} {hook['object']}{points} "
                  f"(found in {' and '.join(hook['found_by'])})")
        print("types with function-pointer members (kernel/*.h, tables/*.h):")
        for name, t in sorted(result["types"].items()):
            mutable = [i for i in t["instances"] if not i["const"]]
            print(f"  struct {name} ({t['header']}: {', '.join(t['members'])}): "
                  + (f"NOT const: {', '.join(i['name'] + ' at ' + i['where'] for i in mutable)}"
                     if mutable else "no instance that is not const"))
    return 1 if args.fail_on_hooks and result["count"] else 0


if __name__ == "__main__":
    sys.exit(main())
