"""Per-run cgroups: a pids budget and a memory budget that cover every process a run starts.

rlimits are per process (or, for RLIMIT_NPROC, per host uid), so they cannot stop a fork bomb or
a memory bomb spread over many processes. A cgroup can, and it also tells us afterwards whether
its limits were hit (pids.events, oom_kill counters) and lets us find and kill every process of
the run, however it was forked.

Two layouts are supported:
- cgroup v1 (also the "hybrid" layout with an empty cgroup2 mount): separate `pids` and `memory`
  hierarchies;
- cgroup v2 with the pids and memory controllers delegated to us.

The run cgroups live under a parent directory: by default `spindle-sandbox` under the worker's
own cgroup, so the memory the sandbox uses stays accounted to the worker's container/service.
CgroupManager.detect() takes another place.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass

from sandbox.errors import SandboxUnavailable

CONTROLLERS = ("pids", "memory")


@dataclass(frozen=True)
class CgroupStats:
    oom_kills: int  # processes the kernel OOM-killed because of our memory limit
    task_limit_hits: int  # fork/clone calls refused because of our pids limit


class RunCgroup:
    """The cgroup(s) of one run. Subclasses know the file names of their cgroup version."""

    def __init__(self, dirs: list[str]) -> None:
        self.dirs = dirs

    @contextlib.contextmanager
    def forking_inside(self) -> Iterator[bool]:
        """While inside, processes this thread forks start in the run cgroup: yields True.

        Yields False where that is not possible; then the caller must add() the child.
        """
        yield False

    def add(self, pid: int) -> None:
        """Move a process in. Slow: moving a whole process takes a global lock that waits for
        an RCU grace period (~10 ms here), unless the hierarchy is mounted `favordynmods`."""
        for d in self.dirs:
            _write(os.path.join(d, "cgroup.procs"), str(pid))

    def stats(self) -> CgroupStats:
        raise NotImplementedError

    def pids(self) -> set[int]:
        found: set[int] = set()
        for d in self.dirs:
            with contextlib.suppress(FileNotFoundError):
                found.update(int(p) for p in _read(os.path.join(d, "cgroup.procs")).split())
        return found

    def kill_all(self) -> None:
        for pid in self.pids():
            self._kill_if_member(pid)

    def kill_and_wait(self, timeout: float = 5.0) -> bool:
        """SIGKILL everything in the cgroup until it is empty. False if it never emptied."""
        deadline = time.monotonic() + timeout
        pause = 0.0005
        while self.pids():
            if time.monotonic() >= deadline:
                return False
            self.kill_all()
            time.sleep(pause)
            pause = min(pause * 2, 0.02)
        return True

    def remove(self, timeout: float = 5.0) -> bool:
        """rmdir every directory; a cgroup can stay busy briefly after its last task exits."""
        deadline = time.monotonic() + timeout
        pause = 0.0005
        pending = list(self.dirs)
        while pending:
            d = pending[0]
            try:
                os.rmdir(d)
            except FileNotFoundError:
                pass
            except OSError as exc:
                if exc.errno != errno.EBUSY or time.monotonic() >= deadline:
                    return False
                time.sleep(pause)
                pause = min(pause * 2, 0.02)
                continue
            pending.pop(0)
        return True

    def _kill_if_member(self, pid: int) -> None:
        # The pid we read may have exited and been reused by an unrelated host process before
        # we signal it. A pidfd pins one process; checking membership after opening it proves
        # that this process is (or was, if it has died since) one of ours.
        if pid == os.getpid():
            return  # only while a thread of ours forks inside (forking_inside)
        try:
            pidfd = os.pidfd_open(pid)
        except ProcessLookupError:
            return
        try:
            if pid in self.pids():
                with contextlib.suppress(ProcessLookupError):
                    signal.pidfd_send_signal(pidfd, signal.SIGKILL)
        finally:
            os.close(pidfd)


class RunCgroupV1(RunCgroup):
    def __init__(self, dirs: dict[str, str], mounts: dict[str, tuple[str, str]]) -> None:
        super().__init__(list(dirs.values()))
        self.by_controller = dirs
        self.mounts = mounts

    @contextlib.contextmanager
    def forking_inside(self) -> Iterator[bool]:
        # cgroup v1 places threads one by one, and a child starts in the cgroups of the thread
        # that forked it. Moving the calling thread itself ("0" in `tasks`) skips the global
        # lock that makes moving a whole process slow: ~0.2 ms instead of ~10 ms per run.
        home = _thread_cgroups()
        for d in self.dirs:
            _write(os.path.join(d, "tasks"), "0")
        try:
            yield True
        finally:
            for controller, (mountpoint, root) in self.mounts.items():
                path = _cgroup_dir(mountpoint, root, home.get(controller, "/"))
                _write(os.path.join(path, "tasks"), "0")

    def configure(self, *, max_tasks: int, memory_bytes: int) -> None:
        _write(os.path.join(self.by_controller["pids"], "pids.max"), str(max_tasks))
        memory = self.by_controller["memory"]
        _write(os.path.join(memory, "memory.limit_in_bytes"), str(memory_bytes))
        # With swap accounting on, also forbid swap; otherwise a memory bomb pushes the host
        # into swap instead of hitting the limit.
        memsw = os.path.join(memory, "memory.memsw.limit_in_bytes")
        if os.path.exists(memsw):
            _write(memsw, str(memory_bytes))

    def stats(self) -> CgroupStats:
        oom = _keyed(os.path.join(self.by_controller["memory"], "memory.oom_control"))
        events = _keyed(os.path.join(self.by_controller["pids"], "pids.events"))
        return CgroupStats(oom_kills=oom.get("oom_kill", 0), task_limit_hits=events.get("max", 0))


class RunCgroupV2(RunCgroup):
    def configure(self, *, max_tasks: int, memory_bytes: int) -> None:
        d = self.dirs[0]
        _write(os.path.join(d, "pids.max"), str(max_tasks))
        _write(os.path.join(d, "memory.max"), str(memory_bytes))
        swap = os.path.join(d, "memory.swap.max")
        if os.path.exists(swap):
            _write(swap, "0")

    def stats(self) -> CgroupStats:
        d = self.dirs[0]
        memory = _keyed(os.path.join(d, "memory.events"))
        pids = _keyed(os.path.join(d, "pids.events"))
        return CgroupStats(oom_kills=memory.get("oom_kill", 0), task_limit_hits=pids.get("max", 0))

    def kill_all(self) -> None:
        # cgroup.kill (Linux 5.14+) kills the whole cgroup atomically, forks in flight included.
        kill = os.path.join(self.dirs[0], "cgroup.kill")
        if os.path.exists(kill):
            _write(kill, "1")
        else:
            super().kill_all()


class CgroupManager:
    """Knows where the hierarchies are; creates one RunCgroup per run."""

    def __init__(
        self, version: int, parents: dict[str, str], mounts: dict[str, tuple[str, str]]
    ) -> None:
        self.version = version
        self.parents = parents  # controller (or "unified") -> parent directory
        self.mounts = mounts  # v1: controller -> (mount point, cgroup at the mount's root)

    @property
    def forks_inside(self) -> bool:
        """Whether RunCgroup.forking_inside() works here (so bwrap itself starts inside)."""
        return self.version == 1

    @classmethod
    def detect(cls, parent: str = "spindle-sandbox") -> CgroupManager:
        """Find the hierarchies to use and the run cgroups' parent directory in each.

        `parent` is either relative to the worker's own cgroup (the default), or an absolute
        directory: for cgroup v1 with "{controller}" where "pids" and "memory" go (e.g.
        "/sys/fs/cgroup/{controller}/spindle-sandbox"), for cgroup v2 a directory in a cgroup2
        mount (e.g. a delegated subtree bind-mounted into the worker's container).
        """
        mounts = _cgroup_mounts()
        v1 = {c: mounts[c] for c in CONTROLLERS if c in mounts}
        if parent.startswith("/") and "{controller}" not in parent:
            return cls(2, {"unified": parent}, {})
        if len(v1) == len(CONTROLLERS):
            if parent.startswith("/"):
                return cls(1, {c: parent.format(controller=c) for c in v1}, v1)
            own = _own_cgroups()
            parents = {
                c: os.path.join(_cgroup_dir(mountpoint, root, own.get(c, "/")), parent)
                for c, (mountpoint, root) in v1.items()
            }
            return cls(1, parents, v1)
        if "unified" in mounts and not parent.startswith("/"):
            mountpoint, root = mounts["unified"]
            own_dir = _cgroup_dir(mountpoint, root, _own_cgroups().get("", "/"))
            return cls(2, {"unified": os.path.join(own_dir, parent)}, {})
        raise SandboxUnavailable("no cgroup hierarchy with the pids and memory controllers")

    def prepare(self) -> None:
        """Create the parent directories (once, on demand) and check they are usable."""
        for d in self.parents.values():
            try:
                os.makedirs(d, exist_ok=True)
            except OSError as exc:
                raise SandboxUnavailable(f"cannot create cgroup {d}: {exc}") from exc
        if self.version == 2:
            self._delegate_v2(self.parents["unified"])

    def _delegate_v2(self, d: str) -> None:
        wanted = set(CONTROLLERS)
        if not wanted <= set(_read(os.path.join(d, "cgroup.controllers")).split()):
            # The parent's parent must enable them for us. That only works if it holds no
            # processes itself (cgroup v2's "no internal processes" rule): see README.md.
            up = os.path.dirname(d)
            with contextlib.suppress(SandboxUnavailable):
                _write(os.path.join(up, "cgroup.subtree_control"), "+pids +memory")
            available = set(_read(os.path.join(d, "cgroup.controllers")).split())
            if not wanted <= available:
                raise SandboxUnavailable(
                    f"cgroup v2: pids and memory controllers are not delegated to {d}"
                )
        enabled = set(_read(os.path.join(d, "cgroup.subtree_control")).split())
        if not wanted <= enabled:
            _write(os.path.join(d, "cgroup.subtree_control"), "+pids +memory")

    def run_dirs(self, name: str) -> dict[str, str]:
        return {c: os.path.join(p, name) for c, p in self.parents.items()}

    def create(self, name: str, *, max_tasks: int, memory_bytes: int) -> RunCgroup:
        dirs = self.run_dirs(name)
        group: RunCgroupV1 | RunCgroupV2 = (
            RunCgroupV1(dirs, self.mounts)
            if self.version == 1
            else RunCgroupV2(list(dirs.values()))
        )
        for d in dirs.values():
            try:
                os.mkdir(d)
            except FileExistsError:
                # Left over from a run that could not be cleaned up (or a crashed worker):
                # its processes may still run under this slot's uid. Clear it or refuse.
                if not (group.kill_and_wait() and group.remove()):
                    raise SandboxUnavailable(f"stale cgroup {d} cannot be removed") from None
                return self.create(name, max_tasks=max_tasks, memory_bytes=memory_bytes)
            except FileNotFoundError:
                self.prepare()
                return self.create(name, max_tasks=max_tasks, memory_bytes=memory_bytes)
            except OSError as exc:
                group.remove()
                raise SandboxUnavailable(f"cannot create cgroup {d}: {exc}") from exc
        try:
            group.configure(max_tasks=max_tasks, memory_bytes=memory_bytes)
        except SandboxUnavailable:
            group.remove()
            raise
        return group


def _cgroup_mounts() -> dict[str, tuple[str, str]]:
    """controller name (or "unified") -> (mount point, root of the mount inside the hierarchy)."""
    mounts: dict[str, tuple[str, str]] = {}
    with open("/proc/self/mountinfo") as f:
        for line in f:
            fields = line.split()
            sep = fields.index("-")
            fstype, superopts = fields[sep + 1], fields[sep + 3]
            root, mountpoint = fields[3], fields[4].replace("\\040", " ")
            if fstype == "cgroup":
                for opt in superopts.split(","):
                    if opt in CONTROLLERS:
                        mounts.setdefault(opt, (mountpoint, root))
            elif fstype == "cgroup2":
                mounts.setdefault("unified", (mountpoint, root))
    return mounts


def _own_cgroups(path: str = "/proc/self/cgroup") -> dict[str, str]:
    """controller name -> this process's cgroup path ("" is the v2 hierarchy)."""
    own: dict[str, str] = {}
    with open(path) as f:
        for line in f:
            _, controllers, path = line.rstrip("\n").split(":", 2)
            for c in controllers.split(","):
                own[c] = path
    return own


def _thread_cgroups() -> dict[str, str]:
    """Like _own_cgroups, for the calling thread (in v1 threads can differ)."""
    return _own_cgroups("/proc/thread-self/cgroup")


def _cgroup_dir(mountpoint: str, root: str, cgroup: str) -> str:
    """The directory of `cgroup` (a path as in /proc/self/cgroup) under a hierarchy's mount."""
    # Inside a container without a cgroup namespace, the mount's root is the container's own
    # cgroup and /proc/self/cgroup paths still start with it.
    if root != "/" and cgroup.startswith(root):
        cgroup = cgroup[len(root) :]
    return os.path.join(mountpoint, cgroup.lstrip("/"))


def _keyed(path: str) -> dict[str, int]:
    """Parse "key value" lines (pids.events, memory.events, memory.oom_control)."""
    values: dict[str, int] = {}
    with contextlib.suppress(FileNotFoundError):
        for line in _read(path).splitlines():
            key, _, value = line.partition(" ")
            with contextlib.suppress(ValueError):
                values[key] = int(value)
    return values


def _read(path: str) -> str:
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        return os.read(fd, 1 << 16).decode()
    finally:
        os.close(fd)


def _write(path: str, value: str) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CLOEXEC)
        try:
            os.write(fd, value.encode())
        finally:
            os.close(fd)
    except OSError as exc:
        raise SandboxUnavailable(f"cannot write {value!r} to {path}: {exc}") from exc
