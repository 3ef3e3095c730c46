#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A GRUB rescue ISO that boots onepath by Multiboot 2, for one firmware:
# bios (GRUB i386-pc) or efi (GRUB x86_64-efi, under OVMF).  One platform
# per ISO, so that each door is tested on its own.
# Usage: make-iso.sh KERNEL.elf OUT.iso "kernel command line" [bios|efi]
set -euo pipefail
kernel=${1:?kernel} iso=${2:?iso} cmdline=${3-} firmware=${4:-bios}
case $firmware in
bios) platform=i386-pc ;;
efi) platform=x86_64-efi ;;
*) echo "make-iso: firmware must be bios or efi, not '$firmware'" >&2; exit 2 ;;
esac
modules=/usr/lib/grub/$platform
if [[ ! -d $modules ]]; then
	echo "make-iso: no GRUB for $platform in $modules (install grub-pc-bin or grub-efi-amd64-bin)" >&2
	exit 1
fi
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
menuentry "onepath (multiboot2, $firmware)" {
	multiboot2 /boot/onepath.elf $cmdline
	boot
}
CFG
grub-mkrescue -d "$modules" -o "$iso" "$root" > "$iso.log" 2>&1 || { cat "$iso.log" >&2; exit 1; }
rm -f "$iso.log"
