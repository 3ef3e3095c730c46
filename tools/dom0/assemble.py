#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Builds the test dom0's two cached pieces from the unpacked Debian
packages (tools/dom0/fetch.sh calls it):

  OUT/vmlinux        Debian's kernel, taken out of its bzImage: Xen loads the
                     ELF itself, which spares the dom0 ~5 s of decompression
  OUT/toolstack.cpio an initramfs without /init: busybox, the xl toolstack
                     and exactly the libraries they link (read from their
                     ELF headers), the Xen kernel modules, xl.conf.  Each run
                     appends its own archive with /init and the job
                     (tests/xen_domu.py).

Usage: assemble.py ROOT OUT"""
import lzma
import os
import struct
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cpio import Archive  # noqa: E402

XEN_BIN = "usr/lib/xen-4.17/bin"
PROGRAMS = ["xl", "xenstored", "xenconsoled", "xenconsole", "xen-init-dom0"]
LIBRARY_DIRS = ["lib/x86_64-linux-gnu", "usr/lib/x86_64-linux-gnu"]
# dlopen()ed, so no ELF header names it: glibc's pthread_cancel, used by xl.
DLOPENED = ["libgcc_s.so.1"]
# Loaded by /init in this order: privcmd and gntdev need the event channel
# driver, xenfs needs privcmd.
MODULES = ["xen-evtchn", "xen-privcmd", "xen-gntdev", "xen-gntalloc", "xenfs"]
XL_CONF = b'# The test dom0 has no memory to spare for ballooning.\nautoballoon = "off"\n'
RUN_DIRS = ["proc", "sys", "dev/pts", "tmp", "run/xen", "var/run/xen", "var/run/xenstored",
            "var/lib/xen", "var/lib/xenstored", "var/log/xen", "var/lock"]


def fail(code: str, message: str):
    sys.exit(f"onepath: {code}: {message}")


def needed(path: Path) -> list:
    out = subprocess.run(["readelf", "-dW", str(path)], capture_output=True, text=True,
                         check=True).stdout
    return [line.split("[", 1)[1].rstrip("]") for line in out.splitlines() if "(NEEDED)" in line]


def find_library(root: Path, name: str) -> Path:
    for directory in LIBRARY_DIRS:
        if (root / directory / name).exists():
            return root / directory / name
    fail("E_DOM0_MISSING_LIBRARY", f"{name} is in no unpacked package; add its package "
         "to tools/dom0/packages")


def library_closure(root: Path, programs: list) -> dict:
    """Every shared library the programs need, transitively: name -> path."""
    found, todo = {}, list(programs) + [find_library(root, n) for n in DLOPENED]
    for name in DLOPENED:
        found[name] = find_library(root, name)
    while todo:
        for name in needed(todo.pop()):
            if name not in found:
                found[name] = find_library(root, name)
                todo.append(found[name])
    return found


def vmlinux_from_bzimage(bzimage: bytes) -> bytes:
    """The x86 boot protocol: the compressed kernel sits payload_offset bytes
    into the protected-mode part, which follows the setup sectors."""
    setup_sectors = bzimage[0x1f1] or 4
    offset, length = struct.unpack_from("<II", bzimage, 0x248)
    start = (setup_sectors + 1) * 512 + offset
    payload = bzimage[start:start + length]
    if not payload.startswith(b"\xfd7zXZ"):
        fail("E_DOM0_KERNEL_FORMAT", f"the bzImage payload is not xz ({payload[:6].hex()})")
    vmlinux = lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(payload)
    if not vmlinux.startswith(b"\x7fELF"):
        fail("E_DOM0_KERNEL_FORMAT", "the decompressed kernel is not an ELF")
    return vmlinux


def main():
    root, out = Path(sys.argv[1]), Path(sys.argv[2])
    kernels = sorted((root / "boot").glob("vmlinuz-6.1.0-*-amd64"))
    if not kernels:
        fail("E_DOM0_NO_KERNEL", f"no vmlinuz-6.1.0-*-amd64 in {root}/boot")
    kernel = kernels[-1]
    release = kernel.name[len("vmlinuz-"):]
    out.mkdir(parents=True, exist_ok=True)
    (out / "vmlinux.tmp").write_bytes(vmlinux_from_bzimage(kernel.read_bytes()))
    os.replace(out / "vmlinux.tmp", out / "vmlinux")

    archive = Archive()
    for directory in RUN_DIRS:
        archive.directory(directory)
    archive.char_device("dev/console", 5, 1)
    archive.file("bin/busybox", (root / "bin/busybox").read_bytes(), 0o755)
    archive.symlink("bin/sh", "busybox")
    programs = [root / XEN_BIN / name for name in PROGRAMS]
    for program in programs:
        archive.file(f"{XEN_BIN}/{program.name}", program.read_bytes(), 0o755)
    for name, path in sorted(library_closure(root, programs).items()):
        archive.file(f"lib/x86_64-linux-gnu/{name}", path.read_bytes(), 0o755)
    archive.symlink("lib64/ld-linux-x86-64.so.2", "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2")
    module_dir = root / "lib/modules" / release / "kernel/drivers/xen"
    for name in MODULES:
        matches = list(module_dir.rglob(f"{name}.ko"))
        if not matches:
            fail("E_DOM0_MISSING_MODULE", f"{name}.ko is not under {module_dir}")
        archive.file(f"lib/modules/{name}.ko", matches[0].read_bytes())
    archive.file("etc/modules", "".join(f"{m}\n" for m in MODULES).encode())
    archive.file("etc/xen/xl.conf", XL_CONF)
    (out / "toolstack.cpio.tmp").write_bytes(archive.bytes())
    os.replace(out / "toolstack.cpio.tmp", out / "toolstack.cpio")


if __name__ == "__main__":
    main()
