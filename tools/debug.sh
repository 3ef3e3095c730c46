#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Starts onepath paused under QEMU's gdb stub and attaches gdb with the
# kernel's symbols, stopped at the common C entry (onepath_main).
#   tools/debug.sh multiboot1|pvh [--batch] [kernel command line]
# --batch: no prompt; prints where it stopped, the backtrace and registers,
# then ends QEMU (what the test and the closing note's transcript use).
set -euo pipefail
door=${1:?door: multiboot1 or pvh}
shift
batch=0
if [[ ${1-} == --batch ]]; then
	batch=1
	shift
fi
cmdline=${*-}
root=$(cd "$(dirname "$0")/.." && pwd)
case $door in
multiboot1) image=$root/build/onepath.elf ;;
pvh) image=$root/build/onepath-pvh.elf ;;
*) echo "debug: door must be multiboot1 or pvh, not '$door'" >&2; exit 2 ;;
esac
port=$((20000 + RANDOM % 20000))
qemu-system-x86_64 -M pc -m 256 -display none -no-reboot -serial file:/dev/null \
	-device isa-debug-exit,iobase=0xf4,iosize=1 \
	-gdb tcp:127.0.0.1:$port -S -kernel "$image" -append "$cmdline" &
qemu=$!
trap 'kill $qemu 2>/dev/null || true' EXIT
script=$(mktemp)
# A hardware breakpoint: QEMU places it before the page tables exist,
# and it survives the switch from 32-bit to 64-bit mode.
cat > "$script" <<GDB
set pagination off
set confirm off
file $root/build/onepath.elf
target remote 127.0.0.1:$port
hbreak onepath_main
continue
GDB
if ((batch)); then
	cat >> "$script" <<'GDB'
info symbol $pc
backtrace
info registers rip rdi rsi rsp cs
print/x (unsigned int)boot_magic
kill
GDB
	gdb -batch -nx -x "$script"
else
	echo "onepath: gdb stops at onepath_main; see docs/debugging.md for the 32-bit entries"
	gdb -nx -x "$script"
fi
