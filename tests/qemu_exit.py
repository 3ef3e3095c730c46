#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Runs QEMU for `make run*`, showing the boot log as it comes, and turns
onepath's isa-debug-exit codes into a plain exit status: 0 when the kernel
reported success (QEMU status 33), 1 otherwise, with the reason."""
import subprocess
import sys

SUCCESS, FAILURE = 0x10 * 2 + 1, 0x11 * 2 + 1
TIMEOUT_SECONDS = 60

try:
    status = subprocess.run(sys.argv[1:], timeout=TIMEOUT_SECONDS).returncode
except subprocess.TimeoutExpired:
    sys.exit(f"onepath: no exit after {TIMEOUT_SECONDS} s: the kernel hung")
if status == SUCCESS:
    sys.exit(0)
if status == FAILURE:
    sys.exit("onepath: the kernel reported failure (see the log above)")
if status == 0:
    sys.exit("onepath: QEMU exited without onepath's exit code: a reset or triple fault")
sys.exit(f"onepath: QEMU exited with status {status}")
