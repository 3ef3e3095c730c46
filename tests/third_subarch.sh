#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Adding a subarch is one folder under platforms/ and one line in
# platforms/subarch_list.h.  In a copy of the tracked tree this adds TOY, a
# subarch no machine claims (it has no detector), with one init entry and
# some data, touches nothing else, and runs make.  Then: tools/inittab
# predicts a TOY sequence holding the entry, the ELF has TOY's own
# sections (the linker script is made from the list) holding its code and
# data, the size report counts them, and a PC boot runs the PC sequence
# and unmaps TOY's code and data by name (jettison's regions come from the
# list too).  Last, tools/mismatch refuses common code that calls TOY's.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
(cd "$root" && git ls-files -z | tar --null --ignore-failed-read -T - -cf - 2>/dev/null) |
	(cd "$copy" && tar -xf -)
mkdir -p "$copy/build" && cp "$root/build/.deps-ok" "$copy/build/" 2>/dev/null

mkdir "$copy/platforms/toy"
cat > "$copy/platforms/toy/hello.c" <<'C'
/* A subarch of our own: one init entry, some data of each kind. */
#include "../../kernel/log.h"
#include "../../tables/init.h"

static const char toy_greeting[] = "toy: hello from a third subarch";
static int toy_calls = 1;
static int toy_seen;

static int toy_hello_init(struct boot_params *params)
{
	(void)params;
	toy_seen += toy_calls++;
	log_info("%s (%d)", toy_greeting, toy_seen);
	return 0;
}

INIT_ENTRY(toy_hello, PLATFORM, SUBARCH_TOY, toy_hello_init, INIT_NO_DEPS);

int toy_answer(void);
int toy_answer(void)
{
	return 42;
}
C
sed -i 's/^SUBARCH(XEN, xen)$/&\nSUBARCH(TOY, toy)/' "$copy/platforms/subarch_list.h"
if ! grep -qx 'SUBARCH(TOY, toy)' "$copy/platforms/subarch_list.h"; then
	echo "FAIL list: no line SUBARCH(XEN, xen) to add TOY after"
	exit 1
fi
if ! make -s -C "$copy" build/onepath.elf > "$copy/make.log" 2>&1; then
	echo "FAIL build: $(grep -v '^  ' "$copy/make.log" | tail -n 5)"
	exit 1
fi
echo "PASS build: one folder and one line, verified at link"

python3 - "$copy" <<'PY'
import json
import re
import subprocess
import sys
from pathlib import Path

copy = Path(sys.argv[1])
sys.path.insert(0, str(copy / "tests"))
import boot

kernel = copy / "build" / "onepath.elf"
inittab = copy / "build" / "host" / "inittab"
boot.KERNEL = kernel
bad = 0


def check(name, ok, detail=""):
    global bad
    print(f"PASS {name}" if ok else f"FAIL {name}: {detail}")
    bad += not ok


# The verifier: a TOY sequence, with the entry and the common ones.
toy = boot.predicted_sequence(kernel, "TOY", inittab)
pc = boot.predicted_sequence(kernel, "PC", inittab)
check("inittab-toy-sequence", "toy_hello" in toy and "page_tables" in toy
      and "pc_uart" not in toy, f"TOY: {toy}")
check("inittab-pc-sequence", "toy_hello" not in pc and "page_tables" in pc, f"PC: {pc}")
listing = subprocess.run([str(inittab), str(kernel)], capture_output=True, text=True,
                         check=True).stdout
check("inittab-listing", re.search(r"^TOY +\d+ PLATFORM +toy_hello$", listing, re.M),
      listing[-600:])

# Sections of its own, holding its code and data.
sections = {}
for line in subprocess.run(["readelf", "-SW", str(kernel)], capture_output=True, text=True,
                           check=True).stdout.splitlines():
    m = re.match(r"\s*\[\s*\d+\]\s+(\S+)\s+\S+\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)", line)
    if m:
        sections[m.group(1)] = (int(m.group(2), 16), int(m.group(3), 16))
symbols = boot.elf_symbols(kernel)


def inside(symbol, section):
    start, size = sections.get(section, (0, 0))
    return symbol in symbols and start <= symbols[symbol] < start + size


for symbol, section in (("toy_hello_init", ".text.toy"), ("toy_greeting", ".rodata.toy"),
                        ("toy_calls", ".data.toy"), ("toy_seen", ".bss.toy")):
    start, _ = sections.get(section, (1, 0))
    check(f"section-{section}", inside(symbol, section) and start % 4096 == 0,
          f"{symbol} at {symbols.get(symbol, 0):#x}, {section} {sections.get(section)}")
report = json.loads(subprocess.run(["python3", str(copy / "tools/size-report.py"), "--json",
                                    str(kernel)], capture_output=True, text=True,
                                   check=True).stdout)
check("size-report", report["sections"].get(".text.toy", 0) > 0 and "TOY" in report["subarchs"],
      json.dumps(report["sections"]))
check("image-subarchs", boot.image_subarchs(kernel) == {"PC", "XEN", "TOY"},
      str(boot.image_subarchs(kernel)))

# A PC boot: the PC sequence, and TOY's regions unmapped by name.
ok, outcome, got, want = boot.boots_as_predicted(boot.multiboot1_pc, "PC", kernel, inittab)
check("boot-pc-as-predicted", ok, f"status {outcome.status}\n  got  {got}\n  want {want}")
check("boot-pc-skips-toy", "init: toy_hello: skipped: subarch (runs on TOY)" in outcome.log,
      outcome.log[-800:])
for what, section in (("TOY-only code", ".text.toy"), ("TOY-only read-only data", ".rodata.toy"),
                      ("TOY-only data", ".data.toy"), ("TOY-only zeroed data", ".bss.toy")):
    start, _ = sections.get(section, (0, 0))
    check(f"jettison-{section}",
          re.search(rf"^jettison: unmapped {what}: \d+ bytes in \d+ pages? at {start:#x}$", outcome.log, re.M),
          "\n".join(line for line in outcome.log.splitlines() if "jettison" in line))
sys.exit(bad)
PY
status=$?

# tools/mismatch knows platforms/toy/ is TOY's: common code calling into it
# fails the build.
cat > "$copy/kernel/toy_borrow.c" <<'C'
#include "../tables/init.h"

int toy_answer(void);

static int toy_borrow_init(struct boot_params *params)
{
	(void)params;
	return toy_answer() == 42 ? 0 : -1;
}

INIT_ENTRY(toy_borrow, LATE, SUBARCH_ALL, toy_borrow_init, INIT_NO_DEPS);
C
if make -s -C "$copy" build/onepath.elf > "$copy/borrow.log" 2>&1; then
	echo "FAIL mismatch: common code calling TOY-only code built"
	status=1
elif grep -q 'E_SUBARCH_PRIVATE_REFERENCE: .*toy_answer, which is TOY-only code (platforms/toy/hello.c)' \
	"$copy/borrow.log"; then
	echo "PASS mismatch: common code calling TOY-only code is refused"
else
	echo "FAIL mismatch: $(grep -v '^  ' "$copy/borrow.log" | tail -n 5)"
	status=1
fi
exit $status
