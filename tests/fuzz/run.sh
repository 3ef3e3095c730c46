#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Fuzzes the boot-info parsers: builds every libFuzzer target into
# build/fuzz/, replays tests/fuzz/regressions/<target>/, then runs each
# target for SECONDS (default 10) on a copy of its corpus, two at a time.
# Prints "PASS fuzz_x: N runs, 0 crashes" or "FAIL fuzz_x: <summary>" per
# target and exits 1 on any failure.  A crash leaves its input in
# build/fuzz/artifacts/<target>/ and the whole log in build/fuzz/logs/.
#
# Usage: tests/fuzz/run.sh [SECONDS]
set -uo pipefail
cd "$(dirname "$0")/../.."

BUDGET=${1:-10}
OUT=${FUZZ_OUT:-build/fuzz} # another directory for a run beside this one
TARGETS=(fuzz_multiboot1 fuzz_multiboot2 fuzz_pvh fuzz_memmap fuzz_xen_e820
	 fuzz_cmdline fuzz_app_args fuzz_heap fuzz_acpi_s5 fuzz_madt
	 fuzz_xen_console_ring fuzz_virtqueue)
# Sources a target needs beyond HOST_LIB (it supplies what they call).
declare -A EXTRA_SOURCES=([fuzz_heap]=kernel/heap.c)
CC=${FUZZ_CC:-clang}
CFLAGS=(-std=gnu11 -g -O1 -Wall -Wextra -Werror -I.
	-fsanitize=address,undefined -fno-sanitize-recover=all)
JOBS=2

if ! command -v "$CC" > /dev/null; then
	for t in "${TARGETS[@]}"; do
		echo "FAIL $t: $CC not found (make deps installs clang)"
	done
	exit 1
fi

# The parsers are the Makefile's HOST_LIB: one list, kept there.
HOST_LIB=$(make -s --no-print-directory --eval \
	'fuzz-print-host-lib: ; @echo $(HOST_LIB)' fuzz-print-host-lib) || exit 1

rm -rf "$OUT/obj" "$OUT/work" "$OUT/logs"
mkdir -p "$OUT/obj" "$OUT/work" "$OUT/logs" "$OUT/artifacts"

# At most JOBS commands at once (2 cores); a failure leaves a mark.
spawn() {
	while [ "$(jobs -rp | wc -l)" -ge $JOBS ]; do wait -n; done
	"$@" &
}

build() {
	"$@" >> "$OUT/logs/build.log" 2>&1 || touch "$OUT/obj/FAILED"
}

# Library objects once, with coverage for the fuzzer but no main.
for source in $HOST_LIB; do
	spawn build "$CC" "${CFLAGS[@]}" -fsanitize=fuzzer-no-link \
		-c "$source" -o "$OUT/obj/${source//\//_}.o"
done
wait
for t in "${TARGETS[@]}"; do
	[ -e "$OUT/obj/FAILED" ] && break
	spawn build "$CC" "${CFLAGS[@]}" -fsanitize=fuzzer "tests/fuzz/$t.c" \
		${EXTRA_SOURCES[$t]-} "$OUT"/obj/*.o -o "$OUT/$t"
done
wait
if [ -e "$OUT/obj/FAILED" ]; then
	cat "$OUT/logs/build.log" >&2
	for t in "${TARGETS[@]}"; do
		echo "FAIL $t: build failed (see $OUT/logs/build.log)"
	done
	exit 1
fi

# The line saying what went wrong: an invariant of ours (libFuzzer calls
# that a deadly signal), a sanitizer's or libFuzzer's SUMMARY, or the last
# line if there is none.
summary() {
	local log=$1 line
	line=$(grep -m1 -E 'invariant failed' "$log")
	[ -n "$line" ] || line=$(grep -m1 -E '^SUMMARY: ' "$log")
	[ -n "$line" ] || line=$(tail -n1 "$log")
	echo "${line#SUMMARY: }"
}

# One target: regressions first, then the timed run.  Writes its line to
# $OUT/work/<target>.result.
run_target() {
	local t=$1 budget=$2
	local log=$OUT/logs/$t.log corpus=$OUT/work/$t
	local regressions=tests/fuzz/regressions/$t result

	mkdir -p "$corpus" "$OUT/artifacts/$t"
	if [ -d "$regressions" ] && [ -n "$(ls -A "$regressions")" ]; then
		if ! "$OUT/$t" "$regressions"/* > "$OUT/logs/$t.regressions.log" 2>&1; then
			echo "FAIL $t: regression: $(summary "$OUT/logs/$t.regressions.log")" \
				> "$OUT/work/$t.result"
			return
		fi
	fi
	# A copy: what the run finds must not grow the checked-in corpus.
	if [ -d "tests/fuzz/corpus/$t" ]; then
		cp -r "tests/fuzz/corpus/$t/." "$corpus/"
	fi
	if "$OUT/$t" -max_total_time="$budget" -timeout=5 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$OUT/artifacts/$t/" \
		"$corpus" > "$log" 2>&1; then
		result="PASS $t: $(grep -m1 -oP 'stat::number_of_executed_units:\s*\K\d+' "$log") runs, 0 crashes"
	else
		result="FAIL $t: $(summary "$log")"
	fi
	echo "$result" > "$OUT/work/$t.result"
}

for t in "${TARGETS[@]}"; do
	spawn run_target "$t" "$BUDGET"
done
wait

status=0
for t in "${TARGETS[@]}"; do
	if [ -f "$OUT/work/$t.result" ]; then
		cat "$OUT/work/$t.result"
	else
		echo "FAIL $t: the run left no result"
	fi
	grep -q '^PASS ' "$OUT/work/$t.result" 2> /dev/null || status=1
done
exit $status
