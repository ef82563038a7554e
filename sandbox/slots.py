"""Concurrency slots: each concurrent run gets its own host uid/gid and its own cgroup name.

A slot is claimed with an exclusive flock on a lock file. flock locks belong to an open file
description, so two threads of one process that each open the file exclude each other just as
two processes do, and a crashed worker's slots free themselves when the kernel closes its files.
"""

from __future__ import annotations

import fcntl
import os
import time
from dataclasses import dataclass

from sandbox.errors import SandboxUnavailable


@dataclass
class Slot:
    index: int
    uid: int
    gid: int
    _lock_fd: int

    def release(self) -> None:
        if self._lock_fd >= 0:
            os.close(self._lock_fd)  # closing the last reference drops the flock
            self._lock_fd = -1


class SlotPool:
    def __init__(self, *, lock_dir: str, count: int, first_uid: int) -> None:
        if count < 1:
            raise ValueError("need at least one sandbox slot")
        if first_uid < 1000:
            raise ValueError("sandbox uids must not collide with system accounts")
        self.lock_dir = lock_dir
        self.count = count
        self.first_uid = first_uid

    def uids(self) -> range:
        return range(self.first_uid, self.first_uid + self.count)

    def claim(self, *, timeout: float = 30.0) -> Slot:
        """Claim a free slot, waiting up to `timeout` seconds for one."""
        os.makedirs(self.lock_dir, mode=0o700, exist_ok=True)
        deadline = time.monotonic() + timeout
        pause = 0.002
        while True:
            for index in range(self.count):
                slot = self._try(index)
                if slot is not None:
                    return slot
            if time.monotonic() >= deadline:
                raise SandboxUnavailable(f"all {self.count} sandbox slots stayed busy")
            time.sleep(pause)
            pause = min(pause * 2, 0.05)

    def _try(self, index: int) -> Slot | None:
        path = os.path.join(self.lock_dir, f"slot-{index}.lock")
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        uid = self.first_uid + index
        return Slot(index=index, uid=uid, gid=uid, _lock_fd=fd)
