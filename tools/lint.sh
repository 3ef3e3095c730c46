#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# make lint: cppcheck and clang-tidy over every C file of the kernel and the
# host tools, with the checked-in configuration (tools/lint/, .clang-tidy),
# and the style of every tracked C file against .clang-format.
# cppcheck reads gcc-preprocessed translation units: its own preprocessor
# does not rescan macro results, which INIT_ENTRY relies on.
# Prints "PASS lint/<tool>" or "FAIL lint/<tool>" and its findings.
set -u
cd "$(dirname "$0")/.."
out=build/lint
rm -rf "$out" && mkdir -p "$out"
gcc_include=$(gcc -print-file-name=include)
clang_include=$(clang -print-resource-dir)/include
# Apps (the examples, the test apps) build with the kernel's flags.
kernel_sources=$(ls kernel/*.c tables/*.c platforms/*/*.c tests/kernel/*.c examples/*/*.c \
	tests/apps/*/*.c)
tool_sources=$(ls tools/*.c)
failures=0

for f in $kernel_sources; do
	gcc -E -std=gnu11 -ffreestanding -nostdinc -isystem "$gcc_include" -I. -Iinclude "$f" \
		-o "$out/$(echo "$f" | tr / _).i" || failures=$((failures + 1))
done
for f in $tool_sources; do
	gcc -E -std=gnu11 -I. "$f" -o "$out/$(echo "$f" | tr / _).i" || failures=$((failures + 1))
done
if cppcheck --enable=warning,portability,performance --std=c11 --quiet --inline-suppr \
	--suppressions-list=tools/lint/cppcheck-suppressions.txt -j2 --error-exitcode=1 \
	"$out"/*.i > "$out/cppcheck.log" 2>&1; then
	echo "PASS lint/cppcheck: $(echo $kernel_sources $tool_sources | wc -w) files"
else
	echo "FAIL lint/cppcheck:"
	cat "$out/cppcheck.log"
	failures=$((failures + 1))
fi

tidy() { # source, flags...
	local source=$1
	shift
	clang-tidy --quiet "$source" -- "$@" 2> /dev/null
}
{
	for f in $kernel_sources; do
		tidy "$f" -std=gnu11 -ffreestanding -nostdinc -isystem "$clang_include" -I. -Iinclude
	done
	for f in $tool_sources; do
		tidy "$f" -std=gnu11 -I.
	done
} > "$out/clang-tidy.log"
if grep -qE "(warning|error):" "$out/clang-tidy.log"; then
	echo "FAIL lint/clang-tidy:"
	grep -E "(warning|error):" "$out/clang-tidy.log"
	failures=$((failures + 1))
else
	echo "PASS lint/clang-tidy: $(echo $kernel_sources $tool_sources | wc -w) files"
fi
# The style is checked, not fixed: `make format` fixes it.
if git ls-files '*.c' '*.h' | xargs clang-format --dry-run --Werror --style=file \
	> "$out/clang-format.log" 2>&1; then
	echo "PASS lint/clang-format: $(git ls-files '*.c' '*.h' | wc -l) files"
else
	echo "FAIL lint/clang-format (make format fixes it):"
	grep -E "error:" "$out/clang-format.log" | head -n 20
	failures=$((failures + 1))
fi
exit $((failures > 0))
