#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Debian's Linux kernel, the peer `make bench` boots beside onepath: taken
# out of the package that linux-image-amd64 depends on, without installing
# it (apt-get download + dpkg-deb -x, as tools/fetch-xen.sh does for Xen),
# and kept as build/cache/linux/vmlinuz.
set -euo pipefail
cache=${1:?cache directory}
mkdir -p "$cache"
cd "$cache"
if ! ls linux-image-*-amd64_*.deb > /dev/null 2>&1; then
	package=$(apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9].*-amd64\)$/\1/p' | head -n 1)
	if [ -z "$package" ]; then
		echo "onepath: no kernel package behind linux-image-amd64; run 'apt-get update' as root and retry" >&2
		exit 1
	fi
	apt-get download "$package" 2>/dev/null || {
		echo "onepath: apt-get download $package failed; run 'apt-get update' as root and retry" >&2
		exit 1
	}
fi
rm -rf pkg
dpkg-deb -x "$(ls linux-image-*-amd64_*.deb | head -n 1)" pkg
cp "$(ls pkg/boot/vmlinuz-* | head -n 1)" vmlinuz.tmp
rm -rf pkg
mv vmlinuz.tmp vmlinuz
