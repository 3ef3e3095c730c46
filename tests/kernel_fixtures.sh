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
source tests/lib.sh
expect_build_failure() { # fixture, pattern
	local name=$1 sources
	if [[ -d tests/fixtures/kernel/$name ]]; then
		sources=$(find "tests/fixtures/kernel/$name" -name '*.c' | sort | tr '\n' ' ')
	else
		sources="tests/fixtures/kernel/$name.c"
	fi
	expect_make_failure "$name" "$2" "$out/$name.log" \
		KERNEL="$out/$name.elf" EXTRA_INIT="$sources" "$out/$name.elf"
}
# expect_boot fixture: what the verifier accepts must boot.  The image
# builds, and boots to completion on one door per subarch it has.
expect_boot() {
	local name=$1 log="$out/$1.log"
	if ! make -s KERNEL="$out/$name.elf" EXTRA_INIT="tests/fixtures/kernel/$name.c" \
		"$out/$name.elf" > "$log" 2>&1; then
		echo "FAIL $name: the build failed:"
		tail -n 8 "$log"
		failures=$((failures + 1))
		return
	fi
	if python3 - "$out/$name.elf" "$name" <<'PY'; then
import sys
from pathlib import Path
sys.path.insert(0, "tests")
import boot
boot.KERNEL = Path(sys.argv[1])
bad = 0
for door_name, door, subarch in boot.DOOR_PER_SUBARCH:
    if subarch not in boot.image_subarchs(boot.KERNEL):
        continue
    ok, outcome, got, want = boot.boots_as_predicted(door, subarch, boot.KERNEL)
    summary = [l for l in outcome.log.splitlines() if sys.argv[2] + ": " in l]
    if ok and "onepath: init complete" in outcome.log:
        print(f"PASS {sys.argv[2]}-{door_name}: {summary[-1] if summary else ''}")
    else:
        tail = "\n  ".join(outcome.log.splitlines()[-4:])
        print(f"FAIL {sys.argv[2]}-{door_name}: status {outcome.status}, "
              f"{len(got)} of {len(want)} entries as predicted:\n  {tail}")
        bad += 1
sys.exit(bad)
PY
		:
	else
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
expect_build_failure cross_subarch_console "E_SUBARCH_PRIVATE_REFERENCE: console pc_port \(runs on XEN\) is PC-only code"
expect_build_failure init_reference "E_INIT_SECTION_MISMATCH: tests/fixtures/kernel/init_reference/kernel/board_console.c: board_write references board_setup, which is init-only code"
expect_build_failure null_after "E_INIT_MALFORMED: no_list has no dependency list"
expect_boot large_tables
exit $((failures > 0))
