#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# What a user does: add ONE new file holding ONE init entry to a copy of
# the tree, touch nothing else, run make.  The entry must appear at its
# place in the verifier's prediction and in the boot log, on PC and XEN.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
(cd "$root" && tar --exclude=./build --exclude=./.git -cf - .) | (cd "$copy" && tar -xf -)
mkdir -p "$copy/build" && cp "$root/build/.deps-ok" "$copy/build/" 2>/dev/null
cat > "$copy/kernel/hello.c" <<'C'
/* A user's first init entry. */
#include "log.h"
#include "../tables/init.h"

static int hello_init(struct boot_params *params)
{
	log_info("hello: %u memory map entries", params->memmap_count);
	return 0;
}

INIT_ENTRY(hello, MEMORY, SUBARCH_PC | SUBARCH_XEN, hello_init,
	   INIT_AFTER(page_alloc));
C
if ! make -s -C "$copy" build/onepath.elf > "$copy/make.log" 2>&1; then
	echo "FAIL build: $(tail -n 5 "$copy/make.log")"
	exit 1
fi
failures=0
# As many subarchs as the image was built with (make SUBARCHES=...).
subarchs=$(nm "$copy/build/onepath.elf" | awk '$3 == "pc_detector" { print "PC" } $3 == "xen_detector" { print "XEN" }')
for subarch in $subarchs; do
	seq=$("$copy/build/host/inittab" --sequence $subarch "$copy/build/onepath.elf" | tr '\n' ' ')
	# page_alloc, then (by name at the same level) hello before page_tables.
	if [[ " $seq" == *" page_alloc hello page_tables "* ]]; then
		echo "PASS prediction-$subarch: hello after page_alloc"
	else
		echo "FAIL prediction-$subarch: $seq"
		failures=$((failures + 1))
	fi
done
python3 - "$copy" "$root" <<'PY' || failures=$((failures + 1))
import subprocess, sys
from pathlib import Path
copy = Path(sys.argv[1])
sys.path.insert(0, str(copy / "tests"))
import boot
boot.KERNEL = copy / "build" / "onepath.elf"
boot.XEN = Path(sys.argv[2]) / "build" / "cache" / "xen" / "xen.elf"
bad = 0
built = {line.split()[2] for line in subprocess.run(["nm", str(boot.KERNEL)], capture_output=True,
                                                       text=True).stdout.splitlines()
         if len(line.split()) == 3}
for name, door, subarch in (("pc", boot.multiboot1_pc, "PC"), ("xen", boot.pvh_xen, "XEN")):
    if f"{name}_detector" not in built:
        continue
    outcome = door("")
    want = subprocess.run([str(copy / "build/host/inittab"), "--sequence", subarch,
                           str(boot.KERNEL)], capture_output=True, text=True).stdout.split()
    got = boot.init_sequence(outcome.log)
    if outcome.status == boot.EXIT_SUCCESS and got == want and "hello: " in outcome.log:
        print(f"PASS boot-{name}: hello ran at its predicted place")
    else:
        print(f"FAIL boot-{name}: status {outcome.status}\n  got  {got}\n  want {want}")
        bad += 1
sys.exit(bad)
PY
exit $((failures > 0))
