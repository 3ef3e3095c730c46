#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Builds test_tables twice, as the kernel may be built: plainly, and with
# -O2 -flto --gc-sections, where unreferenced entries get dropped and
# loads through the markers get folded if the table macros allow it.
# Both builds must pass.  Run from anywhere; builds into build/host/.
set -eu
cd "$(dirname "$0")/../.."

CC=${CC:-gcc}
OUT=build/host
FLAGS="-std=gnu11 -Wall -Wextra -Werror -g -I. -fsanitize=address,undefined"
# Non-PIE like the kernel: in a PIE, const data holding pointers needs
# load-time relocation and lands in a writable section (pitfall 5).
FLAGS="$FLAGS -fno-pie -no-pie -Wl,-T,tests/unit/host-tables.ld"
SRC="tests/unit/test_tables.c tests/unit/tables_other.c tables/init_plan.c
     tables/init_levels.c kernel/fmt.c kernel/subarch.c"

mkdir -p "$OUT"
# shellcheck disable=SC2086
$CC $FLAGS -o "$OUT/test_tables" $SRC -lcmocka
# shellcheck disable=SC2086
$CC $FLAGS -O2 -flto -Wl,--gc-sections -o "$OUT/test_tables_lto" $SRC \
	-lcmocka

status=0
for test in test_tables test_tables_lto; do
	if "$OUT/$test"; then
		echo "PASS $test"
	else
		echo "FAIL $test"
		status=1
	fi
done
exit $status
