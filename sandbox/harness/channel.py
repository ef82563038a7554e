"""The result channel: JSON objects, one per line, on a pipe the host reads apart from stdout."""

from __future__ import annotations

import _thread
import json
import os
import resource


class Channel:
    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._lock = _thread.allocate_lock()

    @classmethod
    def claim(cls, fd: int) -> Channel:
        """Move the channel from its well-known fd to the highest one allowed and close the
        original, so that a stray `os.write(3, ...)` in student code cannot write results."""
        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
        high = 1023 if soft == resource.RLIM_INFINITY else min(soft, 1024) - 1
        if high <= fd:
            return cls(fd)
        os.dup2(fd, high, inheritable=False)
        os.close(fd)
        return cls(high)

    def send(self, message: dict) -> None:
        data = (json.dumps(message, separators=(",", ":"), default=str) + "\n").encode()
        with self._lock:
            view = memoryview(data)
            while view:
                try:
                    written = os.write(self._fd, view)
                except InterruptedError:
                    continue
                except OSError:
                    return  # the host stopped listening; nothing left to tell
                view = view[written:]
