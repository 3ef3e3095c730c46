#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Links each bad init-table fixture into the real kernel: `make` must fail,
# with the fixture's named message.  The cr4-shadow case is the mistake
# that crashed Linux on Xen, caught here before any boot; cr4_shadow_call
# is the same mistake made in code, not in the table.  A fixture is one
# file, or a directory whose files keep their paths below it (its
# platforms/pc/ is PC-private code).
set -u
cd "$(dirname "$0")/.."
out=build/fixtures
mkdir -p "$out"
failures=0
expect_build_failure() { # fixture, pattern
	local name=$1 pattern=$2 log="$out/$1.log" sources
	if [[ -d tests/fixtures/kernel/$name ]]; then
		sources=$(find "tests/fixtures/kernel/$name" -name '*.c' | sort | tr '\n' ' ')
	else
		sources="tests/fixtures/kernel/$name.c"
	fi
	if make -s KERNEL="$out/$name.elf" EXTRA_INIT="$sources" \
		"$out/$name.elf" > "$log" 2>&1; then
		echo "FAIL $name: the build succeeded"
		failures=$((failures + 1))
	elif grep -qE "$pattern" "$log"; then
		echo "PASS $name: $(grep -m1 -oE "$pattern.*" "$log" | cut -c1-150)"
	else
		echo "FAIL $name: no '$pattern' in:"
		tail -n 8 "$log"
		failures=$((failures + 1))
	fi
}
# The clean case first: the kernel alone passes every check, tools/mismatch
# included, so each failure below is its fixture's doing.
if make -s KERNEL="$out/clean.elf" "$out/clean.elf" > "$out/clean.log" 2>&1; then
	echo "PASS clean: the kernel alone builds and passes tools/mismatch and tools/inittab"
else
	echo "FAIL clean: the kernel alone does not build:"
	tail -n 8 "$out/clean.log"
	failures=$((failures + 1))
fi
expect_build_failure cycle3 "E_INIT_CYCLE: .*cycle_a.*cycle_b.*cycle_c|E_INIT_CYCLE: .*cycle_[abc] -> cycle_[abc] -> cycle_[abc] -> cycle_[abc]"
expect_build_failure level_inversion "E_INIT_LEVEL_INVERSION: too_soon"
expect_build_failure cr4_shadow "E_INIT_SUBARCH_MISMATCH: cr4_user.*cr4_shadow"
expect_build_failure cr4_shadow_call "E_SUBARCH_PRIVATE_REFERENCE: init entry cr4_user \(runs on PC\|XEN\) calls cr4_shadow_read through cr4_user_init, which is PC-only code"
expect_build_failure missing_dependency "undefined reference to .init_entry_no_such_entry"
expect_build_failure no_subarch "init entry nowhere: the subarch set must name"
expect_build_failure duplicate_name "E_INIT_DUPLICATE_NAME: .*memmap"
expect_build_failure misaligned_stride "E_INIT_STRIDE"
expect_build_failure region_shares_page "E_REGION_SHARES_PAGE: fixture data .* shares its pages"
exit $((failures > 0))
