#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""make run-xen-domu: boots Debian's Xen and a Debian dom0 in QEMU, which
`xl create`s onepath from platforms/xen/onepath.cfg as a PVH domU, and
shows the domU's log as `xl console` showed it.  Exits 0 if onepath powered
off (SCHEDOP_shutdown poweroff, read from xl's log), 1 otherwise.

Usage: tools/run-xen-domu.py [--verbose] [CMDLINE...]  (added to extra=)"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import xen_domu  # noqa: E402


def main() -> int:
    args = sys.argv[1:]
    verbose = "--verbose" in args
    cmdline = " ".join(a for a in args if a != "--verbose")
    domain = xen_domu.Domain("onepath", cmdline=cmdline)
    echo = (lambda line: print(line, flush=True)) if verbose else None
    session = xen_domu.run([[domain]], echo=echo)
    print(domain.console, end="", flush=True)
    stages = session.stages
    say = lambda text: print(f"run-xen-domu: {text}", file=sys.stderr)  # noqa: E731
    if "xen" in stages and "dom0 ready" in stages:
        say(f"Xen started at {stages['xen']:.1f} s, dom0 ready at {stages['dom0 ready']:.1f} s")
    if None not in (domain.created_at, domain.running_at, domain.ended_at):
        say(f"xl create at {domain.created_at:.1f} s, running at {domain.running_at:.1f} s; "
            f"onepath ended at {domain.ended_at:.1f} s "
            f"({domain.shutdown or 'no shutdown in xl log'}; xl list: {domain.state}); "
            f"the machine was off at {session.seconds:.1f} s")
    for problem in session.problems:
        say(problem)
    if domain.shutdown == "poweroff" and not session.problems:
        return 0
    say(f"onepath did not power off (xl's log: {'; '.join(domain.xl_log) or 'nothing'})")
    return 1


if __name__ == "__main__":
    sys.exit(main())
