#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""onepath's exit code under QEMU, in one place.

The kernel ends every boot with a plain code (kernel/exit.h): 0 for
success, 1 to 125 an application's own code (app_exit), 126 the kernel's
own failure (a panic or a fault report).  It writes code + 1 to QEMU's
isa-debug-exit device, and QEMU exits with (byte << 1) | 1, so:

    code 0 -> QEMU status 3,  code 7 -> 17,  code 126 -> 255.

QEMU status 0 is a reset or triple fault (with -no-reboot), 1 is QEMU's
own error; neither is a code of onepath's.  code_of() decodes a status,
qemu_status() encodes a code.

Run as a script it is the run targets' wrapper:

    qemu_exit.py [--consoles DIR] QEMU-COMMAND...

runs the QEMU command with a timeout and exits with onepath's own code,
or 126 (the kernel's failure code) with the reason when QEMU ended
without one.  --consoles DIR shows port 0xe9, which carries every line
of onepath's log from the first, live on stdout, and keeps COM1 in
DIR/serial.log; if onepath wrote nothing on port 0xe9, that serial log
(firmware, GRUB) is shown instead, so a boot that stops early is seen.
"""
import subprocess
import sys
import threading
from pathlib import Path

SUCCESS_CODE = 0
APP_CODE_MAX = 125
FAILURE_CODE = 126       # the kernel's own failure
TIMEOUT_SECONDS = 60


def qemu_status(code: int) -> int:
    """The status QEMU exits with when onepath ends with code."""
    return (((code + 1) << 1) | 1) & 0xff


def code_of(status: int):
    """onepath's exit code from QEMU's exit status, or None when QEMU did
    not end through onepath's isa-debug-exit write."""
    if status < 3 or status & 1 == 0:
        return None
    return (status >> 1) - 1


def run(command: list, consoles=None) -> int:
    """QEMU's exit status; with consoles, port 0xe9 live on stdout."""
    if consoles is None:
        return subprocess.run(command, timeout=TIMEOUT_SECONDS).returncode
    consoles.mkdir(parents=True, exist_ok=True)
    serial = consoles / "serial.log"
    serial.unlink(missing_ok=True)
    command = [*command, "-debugcon", "stdio", "-serial", f"file:{serial}"]
    with subprocess.Popen(command, stdout=subprocess.PIPE) as qemu:
        hung = threading.Event()
        timer = threading.Timer(TIMEOUT_SECONDS, lambda: (hung.set(), qemu.kill()))
        timer.start()
        tail, seen = b"", False
        try:
            for chunk in iter(lambda: qemu.stdout.read1(4096), b""):
                sys.stdout.buffer.write(chunk)
                sys.stdout.flush()
                # Port 0xe9 comes a byte at a time: look across chunks.
                window = tail + chunk
                seen = seen or b"onepath" in window
                tail = window[-len(b"onepath"):]
            status = qemu.wait()
        finally:
            timer.cancel()
        if hung.is_set():
            raise subprocess.TimeoutExpired(command, TIMEOUT_SECONDS)
    if not seen and serial.exists():
        sys.stdout.write(serial.read_text(errors="replace"))
    return status


def main(arguments: list) -> int:
    consoles = None
    if arguments[:1] == ["--consoles"]:
        consoles, arguments = Path(arguments[1]), arguments[2:]
    try:
        status = run(arguments, consoles)
    except subprocess.TimeoutExpired:
        print(f"onepath: no exit after {TIMEOUT_SECONDS} s: the kernel hung", file=sys.stderr)
        return FAILURE_CODE
    code = code_of(status)
    if code is None:
        reason = ("a reset or triple fault" if status == 0 else f"QEMU status {status}")
        print(f"onepath: QEMU exited without onepath's exit code: {reason}", file=sys.stderr)
        return FAILURE_CODE
    if code == FAILURE_CODE:
        print("onepath: the kernel reported failure (see the log above)", file=sys.stderr)
    elif code:
        print(f"onepath: exit status {code}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
