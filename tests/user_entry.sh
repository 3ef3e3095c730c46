#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# What a user does: add ONE new file holding ONE init entry to a copy of
# the tree, touch nothing else, run make.  The entry must appear at its
# place in the verifier's prediction and in the boot log, on PC and XEN.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/tests/lib.sh"
copy_tree "$root"
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
python3 - "$copy" "$root" <<'PY'
import sys
from pathlib import Path
copy = Path(sys.argv[1])
sys.path.insert(0, str(copy / "tests"))
import boot
boot.KERNEL = copy / "build" / "onepath.elf"
boot.XEN = Path(sys.argv[2]) / "build" / "cache" / "xen" / "xen.elf"
inittab = copy / "build/host/inittab"
bad = 0
for name, door, subarch in boot.DOOR_PER_SUBARCH:
    if subarch not in boot.image_subarchs(boot.KERNEL):
        continue  # built with make SUBARCHES=...: not this subarch
    # page_alloc, then (by name at the same level) hello before page_tables.
    predicted = " ".join(boot.predicted_sequence(boot.KERNEL, subarch, inittab))
    if " page_alloc hello page_tables " in f" {predicted} ":
        print(f"PASS prediction-{subarch}: hello after page_alloc")
    else:
        print(f"FAIL prediction-{subarch}: {predicted}")
        bad += 1
    ok, outcome, got, want = boot.boots_as_predicted(door, subarch, boot.KERNEL, inittab)
    if ok and "hello: " in outcome.log:
        print(f"PASS boot-{name}: hello ran at its predicted place")
    else:
        print(f"FAIL boot-{name}: status {outcome.status}\n  got  {got}\n  want {want}")
        bad += 1
sys.exit(bad)
PY
