#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Takes the Xen hypervisor binary out of Debian's package without
# installing it: apt-get download + dpkg-deb -x into a cache, then
# uncompressed, because QEMU's multiboot loader needs a plain ELF.
set -euo pipefail
package=${1:?package name}
cache=${2:?cache directory}
mkdir -p "$cache"
cd "$cache"
if ! ls "$package"_*.deb > /dev/null 2>&1; then
	apt-get download "$package" 2>/dev/null || {
		echo "onepath: apt-get download $package failed; run 'apt-get update' as root and retry" >&2
		exit 1
	}
fi
rm -rf pkg
dpkg-deb -x "$package"_*.deb pkg
compressed=$(ls pkg/boot/xen-*-amd64.gz | head -n 1)
zcat "$compressed" > xen.elf.tmp
mv xen.elf.tmp xen.elf
