#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Downloads the Debian packages listed in tools/dom0/packages without
# installing them (apt-get download), unpacks them into a scratch tree and
# has tools/dom0/assemble.py build the dom0's kernel and toolstack initramfs
# from it into CACHE.  Downloaded packages are kept for the next build.
set -euo pipefail
list=$(realpath "${1:?package list}")
cache=${2:?cache directory}
mkdir -p "$cache/debs"
cd "$cache/debs"
# The kernel downloaded before, if any: the cache keeps its version.
kernel=$(ls linux-image-6.1.0-*-amd64_*.deb 2>/dev/null | head -n 1 | cut -d_ -f1 || true)
if [[ -z $kernel ]]; then
	kernel=$(apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-6\.1\.0-[0-9]*-amd64\)$/\1/p' | head -n 1)
	[[ -n $kernel ]] || {
		echo "onepath: E_DOM0_NO_KERNEL: apt-cache knows no linux-image-6.1.0-N-amd64; run 'apt-get update' as root and retry" >&2
		exit 1
	}
fi
missing=()
while read -r package; do
	[[ -z $package || $package == \#* ]] && continue
	[[ $package == KERNEL ]] && package=$kernel
	ls "${package}"_*.deb > /dev/null 2>&1 || missing+=("$package")
done < "$list"
if ((${#missing[@]})); then
	apt-get download "${missing[@]}" 2>/dev/null || {
		echo "onepath: E_DOM0_DOWNLOAD: apt-get download ${missing[*]} failed; run 'apt-get update' as root and retry" >&2
		exit 1
	}
fi
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
for deb in *.deb; do
	dpkg-deb -x "$deb" "$root"
done
python3 "$(dirname "$list")/assemble.py" "$root" ..
