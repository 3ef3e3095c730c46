# SPDX-License-Identifier: MIT
# Shared by the shell tests (sourced, not run).  Each prints PASS/FAIL
# lines for tests/run.py and counts its failures in $failures.
failures=0

# expect_make_failure NAME PATTERN LOG MAKE-ARGS...: make must fail, and
# its output must hold PATTERN (an extended regex), the named message.
expect_make_failure() {
	local name=$1 pattern=$2 log=$3
	shift 3
	if make -s "$@" > "$log" 2>&1; then
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

# copy_tree ROOT: a copy of the source tree (no build/, no .git) in $copy,
# removed when the script exits, with the set-up stamp so make installs
# nothing again.
copy_tree() {
	copy=$(mktemp -d)
	trap 'rm -rf "$copy"' EXIT
	(cd "$1" && tar --exclude=./build --exclude=./.git -cf - .) | (cd "$copy" && tar -xf -)
	mkdir -p "$copy/build" && cp "$1/build/.deps-ok" "$copy/build/" 2>/dev/null
}
