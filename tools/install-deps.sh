#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the Debian packages onepath needs, if any is missing.  As root it
# runs apt-get; otherwise it prints the exact command and fails.
set -euo pipefail
read -r -a packages <<< "${APT_PACKAGES:?APT_PACKAGES is not set}"
missing=()
for package in "${packages[@]}"; do
	status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
	[[ $status == "install ok installed" ]] || missing+=("$package")
done
((${#missing[@]} == 0)) && exit 0
command="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if ((EUID != 0)); then
	echo "onepath: missing packages: ${missing[*]}" >&2
	echo "onepath: as root, run: $command" >&2
	exit 1
fi
echo "onepath: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
