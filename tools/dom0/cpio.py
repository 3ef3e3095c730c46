# SPDX-License-Identifier: MIT
"""Writes cpio archives in the "newc" format Linux unpacks as an initramfs.
Several archives concatenated are one initramfs to Linux, so a cached
toolstack archive and a small per-run one can simply be joined."""
import stat

TRAILER = "TRAILER!!!"


class Archive:
    def __init__(self):
        self.parts = []
        self.inode = 1
        self.dirs = set()

    def _entry(self, name: str, mode: int, data: bytes = b"", rdev=(0, 0)):
        name_bytes = name.encode() + b"\0"
        fields = (self.inode, mode, 0, 0, 2 if stat.S_ISDIR(mode) else 1, 0, len(data),
                  0, 0, rdev[0], rdev[1], len(name_bytes), 0)
        self.inode += 1
        header = b"070701" + b"".join(b"%08x" % f for f in fields)
        self.parts += [header, name_bytes, b"\0" * (-(len(header) + len(name_bytes)) % 4),
                       data, b"\0" * (-len(data) % 4)]

    def directory(self, path: str):
        """path and every parent, each once."""
        parts = path.strip("/").split("/")
        for i in range(1, len(parts) + 1):
            sub = "/".join(parts[:i])
            if sub and sub not in self.dirs:
                self.dirs.add(sub)
                self._entry(sub, stat.S_IFDIR | 0o755)

    def _parent(self, path: str):
        parent = path.strip("/").rpartition("/")[0]
        if parent:
            self.directory(parent)

    def file(self, path: str, data: bytes, mode: int = 0o644):
        self._parent(path)
        self._entry(path.strip("/"), stat.S_IFREG | mode, data)

    def symlink(self, path: str, target: str):
        self._parent(path)
        self._entry(path.strip("/"), stat.S_IFLNK | 0o777, target.encode())

    def char_device(self, path: str, major: int, minor: int):
        self._parent(path)
        self._entry(path.strip("/"), stat.S_IFCHR | 0o600, rdev=(major, minor))

    def bytes(self) -> bytes:
        self._entry(TRAILER, 0)
        data = b"".join(self.parts)
        return data + b"\0" * (-len(data) % 512)
