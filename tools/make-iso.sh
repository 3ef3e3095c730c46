#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A GRUB (BIOS) rescue ISO that boots onepath by Multiboot 2.
# Usage: make-iso.sh KERNEL.elf OUT.iso "kernel command line"
set -euo pipefail
kernel=${1:?kernel} iso=${2:?iso} cmdline=${3-}
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/boot/grub"
cp "$kernel" "$root/boot/onepath.elf"
cat > "$root/boot/grub/grub.cfg" <<CFG
set timeout=0
set default=0
serial --unit=0 --speed=115200
terminal_input serial
terminal_output serial
menuentry "onepath (multiboot2)" {
	multiboot2 /boot/onepath.elf $cmdline
	boot
}
CFG
grub-mkrescue -o "$iso" "$root" > "$iso.log" 2>&1 || { cat "$iso.log" >&2; exit 1; }
rm -f "$iso.log"
