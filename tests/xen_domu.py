# SPDX-License-Identifier: MIT
"""onepath as a Xen PVH domU, the way Xen users run it: Debian's Xen boots
Debian's Linux as a PV dom0 inside QEMU TCG; its /init (tools/dom0/init)
brings up xl and runs a job, `xl create`-ing domUs from
platforms/xen/onepath.cfg and printing what `xl console` showed, the
domain's state in `xl list` and xl's log of its end.  One dom0 boot runs
every domain of a session, in turn or at once."""
import re
import shlex
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools" / "dom0"))
from cpio import Archive  # noqa: E402

import boot  # noqa: E402  (tests/boot.py: onepath's exit codes as QEMU reports them)

BUILD = ROOT / "build"
KERNEL = BUILD / "onepath.elf"
XEN = BUILD / "cache" / "xen" / "xen.elf"
DOM0 = BUILD / "cache" / "dom0"
CONFIG = ROOT / "platforms" / "xen" / "onepath.cfg"
INIT = ROOT / "tools" / "dom0" / "init"
QEMU = "qemu-system-x86_64"
# A PV dom0 reaches its shell ~15 s sooner than a PVH one under TCG; it
# needs 150 MiB or more.  The rest of the machine is for the domUs.
MEMORY_MIB = 768
XEN_APPEND = ("dom0_mem=160M,max:160M dom0_max_vcpus=1 console=com1 com1=115200,8n1 "
              "noreboot")
DOM0_APPEND = "console=hvc0 quiet loglevel=3"
# xl create waits ~10 s for entropy to make a uuid: each domain gets one.
UUID_BASE = "6f6e6570-6174-6800-0000-0000000000"
SHUTDOWN_REASONS = {"0": "poweroff", "1": "reboot", "2": "suspend", "3": "crash"}


@dataclass
class Domain:
    """One domU of a session: its xl config overrides, what came back."""
    name: str
    cmdline: str = ""               # added to onepath.cfg's extra
    memory: int = 0                 # MiB; 0 keeps onepath.cfg's
    vcpus: int = 0                  # 0 keeps onepath.cfg's
    ramdisk: Path = None
    seconds: int = 60               # the wait for its end, in the dom0
    console: str = ""               # as xl console showed it
    state: str = ""                 # xl list's state column, or "gone"
    shutdown: str = ""              # poweroff / crash / ..., from xl's log
    xl_log: list = field(default_factory=list)
    created_at: float = None        # wall seconds since QEMU started: xl create
    running_at: float = None        # created, console attached, unpaused
    ended_at: float = None          # when the dom0 saw it end


@dataclass
class Session:
    domains: list
    status: int = None              # QEMU's exit status
    serial: str = ""                # Xen's console: Xen, the dom0, its job
    seconds: float = 0
    timed_out: bool = False
    stages: dict = field(default_factory=dict)  # stage -> wall seconds
    problems: list = field(default_factory=list)

    def domain(self, name: str) -> Domain:
        return next(d for d in self.domains if d.name == name)


def config_value(key: str) -> str:
    """A string value of onepath.cfg."""
    match = re.search(rf'^{key}\s*=\s*"([^"]*)"', CONFIG.read_text(), re.M)
    return match.group(1) if match else ""


def overrides(domain: Domain, index: int) -> list:
    """xl create's key=value arguments over onepath.cfg: the image inside
    the dom0, a fixed uuid, the test's additions."""
    values = ['kernel="/onepath.elf"', f'uuid="{UUID_BASE}{index:02x}"']
    if domain.cmdline:
        values.append(f'extra="{config_value("extra")} {domain.cmdline}"')
    if domain.memory:
        values.append(f"memory={domain.memory}")
    if domain.vcpus:
        values.append(f"vcpus={domain.vcpus}")
    if domain.ramdisk:
        values.append(f'ramdisk="/job/{domain.name}.ramdisk"')
    return values


def job_script(groups: list) -> str:
    """Each group's domains are started together, then waited for; the
    machine's status is success if every domain powered off."""
    lines, index = ["status=$success"], 0
    for group in groups:
        for domain in group:
            lines.append(" ".join(["domu_start", domain.name, "/job/onepath.cfg",
                                   *map(shlex.quote, overrides(domain, index))])
                         + " || status=$failure")
            index += 1
        lines += [f'domu_wait {domain.name} {domain.seconds}; '
                  f'[ "$domu_reason" = 0 ] || status=$failure' for domain in group]
    return "\n".join(lines) + "\n"


def job_archive(groups: list, kernel: Path) -> bytes:
    archive = Archive()
    archive.file("init", INIT.read_bytes(), 0o755)
    archive.file("onepath.elf", kernel.read_bytes())
    archive.file("job/onepath.cfg", CONFIG.read_bytes())
    archive.file("job/run.sh", job_script(groups).encode())
    for domain in (d for group in groups for d in group):
        if domain.ramdisk:
            archive.file(f"job/{domain.name}.ramdisk", Path(domain.ramdisk).read_bytes())
    return archive.bytes()


STAGES = (("xen", r"^\(XEN\) Xen version"), ("dom0 ready", r"^dom0: ready$"),
          ("end", r"^dom0: end status="))
TIMESTAMP = re.compile(r"^\[ *[0-9?]+\.[0-9?]{6}\] ", re.M)


def parse(session: Session):
    text = session.serial
    for domain in session.domains:
        prefix = re.escape(f"dom0: {domain.name}")
        domain.console = "".join(m + "\n" for m in re.findall(rf"^{prefix}\| ?(.*)$", text, re.M))
        state = re.search(rf"^dom0: state {re.escape(domain.name)} (\S+)$", text, re.M)
        domain.state = state.group(1) if state else ""
        domain.xl_log = re.findall(rf"^{prefix} xl: (.*)$", text, re.M)
        reason = re.search(r"shut down, reason code (\d+)", " ".join(domain.xl_log))
        domain.shutdown = SHUTDOWN_REASONS.get(reason.group(1), reason.group(1)) if reason else ""
    session.problems += re.findall(r"^dom0: (E_DOM0_\w+: .*)$", text, re.M)


def run(groups: list, kernel: Path = KERNEL, timeout: int = 240, echo=None) -> Session:
    """Boots Xen + the dom0 once and runs the groups of domains in turn,
    the domains of a group at once.  echo(line) sees every line of Xen's
    console as it comes."""
    session = Session([d for group in groups for d in group])
    with tempfile.TemporaryDirectory() as tmp:
        initrd, serial = Path(tmp, "initrd.cpio"), Path(tmp, "serial.log")
        initrd.write_bytes((DOM0 / "toolstack.cpio").read_bytes() +
                           job_archive(groups, kernel))
        command = [QEMU, "-M", "q35", "-accel", "tcg", "-cpu", "qemu64,+svm,+npt",
                   "-m", str(MEMORY_MIB), "-smp", "1",
                   "-device", "intel-iommu,intremap=on,aw-bits=48",
                   "-display", "none", "-no-reboot", "-serial", f"file:{serial}",
                   "-device", "isa-debug-exit,iobase=0xf4,iosize=1",
                   "-kernel", str(XEN), "-append", XEN_APPEND,
                   "-initrd", f"{DOM0 / 'vmlinux'} {DOM0_APPEND},{initrd}"]
        start = time.time()
        qemu = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        seen = 0
        while True:
            try:
                session.status = qemu.wait(timeout=0.2)
            except subprocess.TimeoutExpired:
                pass
            text = serial.read_text(errors="replace").replace("\r", "") if serial.exists() else ""
            now = time.time() - start
            complete = text.rfind("\n") + 1
            for line in text[seen:complete].splitlines():
                watch(session, line, now)
                if echo:
                    echo(line)
            seen = complete
            if session.status is not None:
                break
            # Xen halts the machine for a dom0 that died without the job's
            # exit code; QEMU would then run on until the timeout.
            died = re.search(r"^\(XEN\) Hardware Dom0 (halted|crashed|shutdown).*$", text, re.M)
            if died:
                qemu.kill()
                qemu.wait()
                session.problems.append(f"E_DOM0_DIED: {died.group(0)}")
                break
            if now > timeout:
                qemu.kill()
                qemu.wait()
                session.timed_out = True
                session.problems.append(f"E_DOM0_TIMEOUT: the machine ran past {timeout} s")
                break
        session.seconds = time.time() - start
        session.serial = text
        if session.status not in (None, boot.EXIT_SUCCESS, boot.EXIT_FAILURE):
            session.problems.append(f"QEMU exited {session.status}: "
                                    + qemu.stderr.read().decode(errors="replace")[-500:])
    parse(session)
    return session


def watch(session: Session, line: str, now: float):
    """Notes when each stage first shows on the console."""
    line = line.rstrip("\r")
    for stage, pattern in STAGES:
        if stage not in session.stages and re.search(pattern, line):
            session.stages[stage] = now
    event = re.match(r"^dom0: (create|running|ended) (\S+)$", line)
    for domain in session.domains:
        if event and event.group(2) == domain.name:
            setattr(domain, {"create": "created_at", "running": "running_at",
                             "ended": "ended_at"}[event.group(1)], now)


def strip_timestamps(console: str) -> str:
    return TIMESTAMP.sub("", console)
