# SPDX-License-Identifier: MIT
"""The application tests (issue 12): the examples booted through every
door, argv and exit codes at their limits, faults in an app, `make run`
as a user types it, and an app written from the doc alone.

tests/run.py calls tests(); boot checks go through its check_boot, so
each boot is also held to its init sequence and teardown prediction."""
import os
import re
import shlex
import subprocess
import tempfile
from pathlib import Path

import boot
import qemu_exit

ROOT = boot.ROOT
EXAMPLES = boot.BUILD / "examples"
HELLO = EXAMPLES / "hello" / "onepath.elf"
MODSUM = EXAMPLES / "modsum" / "onepath.elf"
EXIT_CODE = EXAMPLES / "exit_code" / "onepath.elf"
HELLO_ARGS = '-- a "b c"'


def line(pattern: str) -> str:
    """A whole log line as check_boot matches it: a regex (it starts with
    ^), on PC as is, under Xen after its "(d0) "."""
    return r"^(?:\(d\d+\) )?" + pattern + "$"


HELLO_LINES = [line(r"argc=3"), line(r"argv\[0\]=hello"), line(r"argv\[1\]=a"),
               line(r"argv\[2\]=b c")]
# Every door, with the modules its loader can pass: QEMU's PVH loader and
# Xen's dom0 builder give one, multiboot as many as asked.
DOORS = (("multiboot1-pc", boot.multiboot1_pc, "multiboot1", "PC", 2),
         ("multiboot2-grub", boot.multiboot2_grub, "multiboot2", "PC", 2),
         ("multiboot2-grub-efi", boot.multiboot2_grub_efi, "multiboot2", "PC", 2),
         ("pvh-pc", boot.pvh_pc, "pvh", "PC", 1),
         ("pvh-microvm", boot.pvh_microvm, "pvh", "PC", 1),
         ("pvh-xen", boot.pvh_xen, "pvh", "XEN", 1))
MODULES = (ROOT / "README.md", ROOT / "Makefile")
DIGEST_LINE = re.compile(r"^(?:\(d\d+\) )?([0-9a-f]{64})  \S", re.M)


def sha256sum(paths) -> list:
    out = subprocess.run(["sha256sum", *map(str, paths)], capture_output=True, text=True,
                         check=True).stdout
    return [line.split()[0] for line in out.splitlines()]


def app_lines(log: str, pattern: str) -> str:
    """The app's output lines, for the closing note."""
    found = re.findall(pattern, log, re.M)
    return " | ".join(found)


def tests(check_boot, Result, Test) -> list:
    tests = []

    def add(name, run, tags=("app",)):
        tests.append(Test(name, run, list(tags)))

    def app_boot(name, door, protocol, subarch, cmdline="", kernel=HELLO, show=None,
                 qemu=None, expect=None, **checks):
        def run():
            outcome = door(cmdline, kernel=kernel, **(qemu or {}))
            result = check_boot(name, outcome, protocol, subarch, kernel=kernel, **checks)
            if result.ok and expect:
                problem = expect(outcome)
                if problem:
                    return Result(name, False, problem + "\n--- log tail ---\n"
                                  + "\n".join(outcome.log.splitlines()[-20:]))
            if result.ok and show:
                result.detail += "; " + app_lines(outcome.log, show)
            return result
        add(name, run)

    for door_name, door, protocol, subarch, most in DOORS:
        app_boot(f"app/hello-{door_name}", door, protocol, subarch, HELLO_ARGS,
                 expect_lines=HELLO_LINES, show=r"(argc=.*|argv\[.*)$")
        modules = MODULES[:most]

        def digests_match(outcome, modules=modules):
            got, want = DIGEST_LINE.findall(outcome.log), sha256sum(modules)
            return None if got == want else f"digests {got}, sha256sum says {want}"
        app_boot(f"app/modsum-{door_name}", door, protocol, subarch, kernel=MODSUM,
                 qemu={"modules": modules}, expect=digests_match,
                 show=r"([0-9a-f]{16})[0-9a-f]{48}  .*$")

    # No module: a named error and the app's own code, 1, on both subarchs.
    for door_name, door, protocol, subarch in (("multiboot1-pc", boot.multiboot1_pc, "multiboot1", "PC"),
                                               ("pvh-xen", boot.pvh_xen, "pvh", "XEN")):
        app_boot(f"app/modsum-no-module-{door_name}", door, protocol, subarch, kernel=MODSUM,
                 expect_exit=qemu_exit.qemu_status(1),
                 expect_lines=["modsum: E_MODSUM_NO_MODULES: the loader passed no module",
                               line("onepath: exit status 1")])
        # app_exit() from below main: the code, plain, and the teardown.
        app_boot(f"app/exit-7-{door_name}", door, protocol, subarch, "-- 7", kernel=EXIT_CODE,
                 expect_exit=qemu_exit.qemu_status(7),
                 expect_lines=[line(r"exit_code: app_exit\(7\)"), line("onepath: exit status 7")])
    # Under Xen the platform's own exit: SCHEDOP_shutdown crash for a
    # non-zero code, the code in the log.
    app_boot("app/exit-7-xen-schedop", boot.pvh_xen, "pvh", "XEN", "exit=platform -- 7",
             kernel=EXIT_CODE, qemu={"until": r"^\(XEN\) Hardware Dom0 (halted|crashed)"},
             expect_exit=boot.STOPPED_AT_LINE, complete=False,
             expect_lines=[line("onepath: exit status 7"), "(XEN) Hardware Dom0 crashed"])

    # The heap, pages and the clock as an app uses them, on both subarchs.
    for door_name, door, protocol, subarch in (("multiboot1-pc", boot.multiboot1_pc, "multiboot1", "PC"),
                                               ("pvh-xen", boot.pvh_xen, "pvh", "XEN")):
        app_boot(f"app/heap-{door_name}", door, protocol, subarch, "-- heap", kernel=EXIT_CODE,
                 expect_lines=[line("exit_code: heap: 40 blocks kept their bytes")])
        app_boot(f"app/clock-{door_name}", door, protocol, subarch, "-- clock", kernel=EXIT_CODE,
                 expect_lines=[line(r"exit_code: clock: a 1 ms delay took \d+ ns")],
                 show=r"a 1 ms delay took \d+ ns")

    # A line longer than any buffer: all of it on the console, split into
    # log lines of at most 250 bytes, and app_printf's length is its own.
    long_text = "".join(chr(ord("a") + i % 26) for i in range(1000))

    def long_line_whole(outcome):
        pieces = re.findall(r"^([a-z]+)$", outcome.log, re.M)
        got = "".join(pieces)
        return None if got == long_text and max(map(len, pieces)) <= 250 else \
            f"the line came out as {len(pieces)} pieces, {len(got)} of {len(long_text)} characters"
    app_boot("app/long-line-pc", boot.multiboot1_pc, "multiboot1", "PC", "-- long-line",
             kernel=EXIT_CODE, expect=long_line_whole,
             expect_lines=[line("exit_code: long line: app_printf returned 1001")])

    # A fault in the app is a named report like any other.
    pc = ("multiboot1", "PC")
    app_boot("app/fault-nullptr-pc", boot.multiboot1_pc, *pc, "-- nullptr", kernel=EXIT_CODE,
             sequence=False, expect_exit=boot.EXIT_FAILURE,
             expect_lines=["exception: E_NULL_POINTER: read address 0x0",
                           "onepath: panic: E_EXCEPTION: #PF page fault at exit_code+"])
    app_boot("app/double-free-pc", boot.multiboot1_pc, *pc, "-- double-free", kernel=EXIT_CODE,
             sequence=False, expect_exit=boot.EXIT_FAILURE,
             expect_lines=[line(r"onepath: panic: E_HEAP_DOUBLE_FREE: free\(0x[0-9a-f]+\): "
                                r"the block was already freed")])
    app_boot("app/exit-code-out-of-range-pc", boot.multiboot1_pc, *pc, "-- 300", kernel=EXIT_CODE,
             sequence=False, expect_exit=boot.EXIT_FAILURE,
             expect_lines=["onepath: panic: E_APP_EXIT_CODE_RANGE: exit code 300 is outside 0..125"])

    # argv at its limits: 63 words after --, one of 255 bytes, pass ...
    long_word, words = "w" * 255, [f"x{i}" for i in range(62)]
    def whole_long_word(outcome):
        # A line of the app longer than 250 bytes comes out in pieces.
        printed = re.search(r"^argv\[1\]=(w+)\n(w*)\n?argv\[2\]", outcome.log, re.M)
        length = len(printed.group(1) + printed.group(2)) if printed else 0
        return None if length == 255 else f"argv[1] printed {length} bytes, not 255"
    app_boot("app/args-at-limits-pc", boot.multiboot1_pc, *pc,
             "-- " + " ".join([long_word, *words]), expect=whole_long_word,
             expect_lines=[line("argc=64"), line(r"argv\[63\]=x61")])
    # ... one more word, or one more byte, is a named stop.
    app_boot("app/args-too-many-pc", boot.multiboot1_pc, *pc, "-- " + " ".join(words + ["y", "z"]),
             sequence=False, expect_exit=boot.EXIT_FAILURE,
             expect_lines=["app: E_APP_ARGS_TOO_MANY: more than 63 arguments after --",
                           "critical init entry app_args failed: EINVAL"])
    app_boot("app/arg-too-long-pc", boot.multiboot1_pc, *pc, "-- a " + long_word + "w",
             sequence=False, expect_exit=boot.EXIT_FAILURE,
             expect_lines=["app: E_APP_ARG_TOO_LONG: argument 2 is 256 bytes, more than 255"])
    # Words before -- stay kernel options: unknown ones stay errors.
    app_boot("app/unknown-option-before-args-pc", boot.multiboot1_pc, *pc, "no.such -- a",
             sequence=False, expect_exit=boot.EXIT_FAILURE,
             expect_lines=["cmdline: E_CMDLINE_UNKNOWN_OPTION: no option 'no.such'"])
    # Arguments for an image without an app.
    app_boot("app/args-without-app-pc", boot.multiboot1_pc, *pc, "-- a", kernel=boot.KERNEL,
             sequence=False, expect_exit=boot.EXIT_FAILURE,
             expect_lines=["app: E_APP_NONE: arguments after --, but this image has no APP_MAIN"])

    # exit=platform on a PC: no test device, so ACPI's S5 powers QEMU off
    # (status 0, which alone could be a reset: the log says which).  The
    # boot names the registers and the DSDT; only the power-off reads its
    # \_S5_, after the exit status, and says what it found.
    for door_name, door in (("multiboot1-pc", boot.multiboot1_pc),
                            ("multiboot1-q35", boot.multiboot1_q35),
                            ("pvh-microvm", boot.pvh_microvm)):
        def acpi_power_off(name=f"app/acpi-power-off-{door_name}", door=door):
            outcome = door("exit=platform -- a", kernel=HELLO)
            problems = [] if outcome.status == 0 and not outcome.timed_out else \
                [f"QEMU status {outcome.status}, timed out: {outcome.timed_out}"]
            in_order = (r"^acpi: power-off: S5 through .* if the DSDT \(0x[0-9a-f]+, \d+ bytes\) "
                        r"has \\_S5_, read at exit$", line("argc=2"),
                        line("onepath: exit status 0"),
                        r"^acpi: power-off: S5 \(SLP_TYP \d+/\d+, from the DSDT's \\_S5_\)$")
            at = 0
            for wanted in in_order:
                found = re.compile(wanted, re.M).search(outcome.log, at)
                if not found:
                    problems.append(f"missing line, or out of order: {wanted}")
                    break
                at = found.end()
            said = re.search(r"^acpi: power-off: .*$", outcome.log, re.M)
            return Result(name, not problems, "; ".join(problems) + "\n"
                          + "\n".join(outcome.log.splitlines()[-10:]) if problems
                          else f"{outcome.seconds:.1f} s; {said.group(0)}")
        add(f"app/acpi-power-off-{door_name}", acpi_power_off)

    add("user/make-run-apps", lambda: make_run_apps(Result), ("user",))
    add("user/app-from-the-doc", lambda: app_from_the_doc(Result), ("user",))
    return tests


def make(*arguments, cwd=ROOT, timeout=300):
    """make as a user runs it: from cwd, with the shell's $PWD."""
    return subprocess.run(["make", "-s", "--no-print-directory", *arguments], cwd=cwd,
                          env={**os.environ, "PWD": str(cwd)},
                          capture_output=True, text=True, timeout=timeout)


def make_run_apps(Result):
    """The issue's acceptance, through make itself, into images of its own
    (KERNEL=) so the tests beside it keep theirs."""
    name, problems, shown = "user/make-run-apps", [], []
    out = boot.BUILD / "user-run"
    hello = ["APP=examples/hello", f"KERNEL={out}/hello/onepath.elf"]
    proc = make("run", *hello, "CMDLINE=loglevel=4 -- a \"b c\"")
    lines = re.findall(r"(argc=\d+|argv\[\d\]=.*)$", proc.stdout, re.M)
    if proc.returncode or lines != ["argc=3", "argv[0]=hello", "argv[1]=a", "argv[2]=b c"]:
        problems.append(f"make run hello: status {proc.returncode}, lines {lines}\n"
                        + proc.stderr[-500:])
    shown.append(" | ".join(lines))
    proc = make("run", "APP=tests/apps/exit_code", f"KERNEL={out}/exit_code/onepath.elf",
                "CMDLINE=-- 7")
    if "onepath: exit status 7" not in proc.stderr or "Error 7" not in proc.stderr:
        problems.append(f"make run exit_code -- 7 did not report 7: {proc.stderr[-500:]}")
    proc = make("run", f"KERNEL={out}/plain/onepath.elf", "CMDLINE=init.list")
    if proc.returncode or not re.search(r"init\.list: 1 \w+ cmdline$", proc.stdout, re.M):
        problems.append(f"make run CMDLINE=init.list shows no plan: {proc.stdout[-300:]}")
    want = sha256sum([ROOT / "README.md"])[0]
    for target in ("run", "run-pvh", "run-microvm", "run-iso", "run-efi", "run-xen"):
        proc = make(target, "APP=examples/modsum", f"KERNEL={out}/modsum/onepath.elf",
                    "INITRD=README.md")
        got = DIGEST_LINE.findall(boot.strip_timestamps(proc.stdout))
        if proc.returncode or got != [want]:
            problems.append(f"make {target} INITRD=README.md: status {proc.returncode}, "
                            f"digests {got}, sha256sum {want}\n{proc.stderr[-300:]}\n"
                            + "\n".join(proc.stdout.splitlines()[-30:]))
    shown.append(f"modsum {want[:16]}... on run, run-pvh, run-microvm, run-iso, run-efi, run-xen")
    # The ISO follows its inputs: another module, another command line.
    proc = make("run-iso", "APP=examples/modsum", f"KERNEL={out}/modsum/onepath.elf",
                "INITRD=Makefile", "CMDLINE=loglevel=3")
    got = DIGEST_LINE.findall(boot.strip_timestamps(proc.stdout))
    said = re.search(r'onepath: cmdline: "(.*)"$', proc.stdout, re.M)
    if got != sha256sum([ROOT / "Makefile"]) or not said or said.group(1) != "loglevel=3":
        problems.append(f"make run-iso kept the old ISO: digests {got}, "
                        f"command line {said.group(1) if said else None}")
    return Result(name, not problems, "\n".join(problems) or "; ".join(shown))


DOC = ROOT / "docs" / "writing-an-application.md"
DOC_FILE = re.compile(r"^`([\w./-]+)`:\n\n```(?:c|make)?\n(.*?)^```", re.M | re.S)
DOC_COMMAND = re.compile(r"^    \$ (make .*)$", re.M)


def app_from_the_doc(Result):
    """A user's app, outside the tree, written from the doc alone: every
    file the doc shows (a `path`: line, then its block) and every
    `$ make` command it shows, run from the directory it says."""
    name = "user/app-from-the-doc"
    text = DOC.read_text()
    files, commands = DOC_FILE.findall(text), DOC_COMMAND.findall(text)
    if not files or not commands:
        return Result(name, False, f"the doc shows {len(files)} files, {len(commands)} commands")
    with tempfile.TemporaryDirectory() as home:
        home = Path(home)
        for path, body in files:
            (home / path).parent.mkdir(parents=True, exist_ok=True)
            (home / path).write_text(body)
        outputs = []
        for command in commands:
            # The doc's onepath checkout is ~/onepath: here, this tree,
            # and the image goes beside the app, not over build/onepath.elf.
            command = command.replace("~/onepath", str(ROOT))
            words = shlex.split(command)[1:] + [f"KERNEL={home}/build/onepath.elf"]
            proc = make(*words, cwd=home)
            outputs.append(proc.stdout)
            if proc.returncode:
                return Result(name, False, f"`{command}` failed ({proc.returncode}):\n"
                              + (proc.stdout + proc.stderr)[-1500:])
        said = [line for line in "".join(outputs).splitlines() if "greet:" in line]
        if not said:
            return Result(name, False, "the app printed no 'greet:' line:\n" + outputs[-1][-1000:])
    return Result(name, True, boot.strip_timestamps(said[-1]))
