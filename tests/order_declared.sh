#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Order is declared, never an accident of names.  In a copy of the tree,
# every init entry is renamed so that names sort the other way round, which
# reverses every tie the planner breaks by name.  What is declared must not
# move: cmdline first, each group's members in priority order, every
# dependency before its dependent.  And the kernel must still boot as
# predicted on each subarch: nothing relied on the old tie-breaks.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/tests/lib.sh"
copy_tree "$root"
python3 - "$copy" <<'PY' || exit 1
import re
import sys
from pathlib import Path
copy = Path(sys.argv[1])
sources = [p for d in ("kernel", "tables", "platforms") for p in (copy / d).rglob("*.c")]
names = sorted({m for p in sources for m in re.findall(r"\bINIT_ENTRY\(\s*(\w+)", p.read_text())})
# The first name in sort order gets the last new name, and so on.
renamed = {name: f"r{len(names) - rank:03d}_{name}" for rank, name in enumerate(names)}
word = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b")
for path in sources:
    text = path.read_text()
    text = re.sub(r"\bINIT_ENTRY\(\s*(\w+)", lambda m: "INIT_ENTRY(" + renamed[m.group(1)], text)
    # A teardown names its entry (kernel/teardown.h).
    text = re.sub(r"\bTEARDOWN_ENTRY\(\s*(\w+)", lambda m: "TEARDOWN_ENTRY(" + renamed[m.group(1)], text)
    text = re.sub(r"\bINIT_AFTER\(([^)]*)\)",
                  lambda m: "INIT_AFTER(" + word.sub(lambda n: renamed[n.group(1)], m.group(1)) + ")", text)
    path.write_text(text)
print(f"renamed {len(names)} entries, e.g. {names[0]} -> {renamed[names[0]]}")
PY
if ! make -s -C "$copy" build/onepath.elf > "$copy/make.log" 2>&1; then
	echo "FAIL build: $(tail -n 5 "$copy/make.log")"
	exit 1
fi
python3 - "$copy" "$root" <<'PY'
import json
import re
import subprocess
import sys
from pathlib import Path
copy, root = Path(sys.argv[1]), Path(sys.argv[2])
sys.path.insert(0, str(copy / "tests"))
import boot


def table(kernel, inittab):
    out = subprocess.run([str(inittab), "--json", str(kernel)], capture_output=True,
                         text=True, check=True).stdout
    return json.loads(out)


def plain(name):
    return re.sub(r"^r\d{3}_", "", name)


original = table(root / "build/onepath.elf", root / "build/host/inittab")
reversed_ = table(copy / "build/onepath.elf", copy / "build/host/inittab")
bad = 0


def check(ok, name, detail):
    global bad
    print(f"{'PASS' if ok else 'FAIL'} {name}: {detail}")
    bad += not ok


for subarch, want in original["sequences"].items():
    got = [plain(n) for n in reversed_["sequences"][subarch]]
    check(got != want, f"ties-reversed-{subarch}",
          "the renaming reorders what nothing orders" if got != want else "nothing moved: the test proves nothing")
    check(got[:1] == want[:1] == ["cmdline"], f"cmdline-first-{subarch}", " ".join(got[:3]))
    position = {name: k for k, name in enumerate(got)}
    late = [f"{plain(e['name'])} before {plain(d)}" for e in reversed_["entries"] for d in e["after"]
            if plain(e["name"]) in position and position[plain(d)] > position[plain(e["name"])]]
    check(not late, f"dependencies-first-{subarch}", ", ".join(late) or "every dependency first")
groups = {g: [plain(n) for n in members] for g, members in reversed_["groups"].items()}
check(groups == original["groups"] and groups, "groups-by-priority", json.dumps(groups))

boot.KERNEL = copy / "build" / "onepath.elf"
boot.XEN = root / "build" / "cache" / "xen" / "xen.elf"
inittab = copy / "build/host/inittab"
for name, door, subarch in boot.DOOR_PER_SUBARCH:
    if subarch not in boot.image_subarchs(boot.KERNEL):
        continue
    ok, outcome, got, want = boot.boots_as_predicted(door, subarch, boot.KERNEL, inittab)
    check(ok and "onepath: init complete" in outcome.log, f"boot-{name}",
          f"status {outcome.status}, {len(got)} of {len(want)} entries as predicted")
sys.exit(bad)
PY
