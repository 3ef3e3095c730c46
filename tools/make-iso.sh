#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A GRUB rescue ISO that boots onepath by Multiboot 2, for one firmware:
# bios (GRUB i386-pc) or efi (GRUB x86_64-efi, under OVMF).  One platform
# per ISO, so that each door is tested on its own.
# Each MODULE goes to /boot/modules/N and gets a module2 line whose
# string is the path as given, so the kernel's log names it.
# Usage: make-iso.sh KERNEL.elf OUT.iso "kernel command line" [bios|efi] [MODULE...]
set -euo pipefail
kernel=${1:?kernel} iso=${2:?iso} cmdline=${3-} firmware=${4:-bios}
shift $(($# < 4 ? $# : 4))
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
module_lines=
n=0
for module in "$@"; do
	mkdir -p "$root/boot/modules"
	cp "$module" "$root/boot/modules/$n"
	# GRUB's script syntax: single quotes keep every byte but a quote.
	module_lines+="	module2 /boot/modules/$n '${module//\'/}'"$'\n'
	n=$((n + 1))
done
cat > "$root/boot/grub/grub.cfg" <<CFG
set timeout=0
set default=0
serial --unit=0 --speed=115200
terminal_input serial
terminal_output serial
menuentry "onepath (multiboot2, $firmware)" {
	multiboot2 /boot/onepath.elf $cmdline
${module_lines}	boot
}
CFG
grub-mkrescue -d "$modules" -o "$iso" "$root" > "$iso.log" 2>&1 || { cat "$iso.log" >&2; exit 1; }
rm -f "$iso.log"
