#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds each bad app of tests/fixtures/apps/ into the kernel with
# make APP=dir: the build must fail with the fixture's named message, from
# tools/inittab, before any boot.
set -u
cd "$(dirname "$0")/.."
out=build/fixtures
mkdir -p "$out"
source tests/lib.sh
expect_build_failure() { # fixture, pattern
	local name=$1
	expect_make_failure "$name" "$2" "$out/app-$name.log" \
		KERNEL="$out/app-$name.elf" APP="$PWD/tests/fixtures/apps/$name" "$out/app-$name.elf"
}
expect_build_failure two_mains "E_APP_MAIN_DUPLICATE: 2 APP_MAIN entries: two_mains \(first_main\), two_mains \(second_main\)"
expect_build_failure teardown_subarch_mismatch "E_TEARDOWN_SUBARCH_MISMATCH: the teardown of pc_thing runs on PC\|XEN, its init entry \(.*entry.c:[0-9]+\) on PC"
expect_build_failure teardown_duplicate "E_TEARDOWN_DUPLICATE: thing \(.*entry.c:[0-9]+\) has two teardowns"
expect_build_failure teardown_not_an_entry "E_TEARDOWN_NOT_AN_INIT_ENTRY: teardown lookalike"
if make -s APP=/no/such/app KERNEL="$out/app-missing.elf" "$out/app-missing.elf" > "$out/app-missing.log" 2>&1; then
	echo "FAIL missing-dir: the build succeeded"
	failures=$((failures + 1))
elif grep -q "E_APP_NOT_FOUND: APP=/no/such/app: no .c file in /no/such/app" "$out/app-missing.log"; then
	echo "PASS missing-dir: E_APP_NOT_FOUND"
else
	echo "FAIL missing-dir: $(tail -n 3 "$out/app-missing.log")"
	failures=$((failures + 1))
fi
exit $((failures > 0))
