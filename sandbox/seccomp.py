"""A seccomp filter for sandboxed code, hand-assembled as classic BPF (no libseccomp needed).

Namespaces, read-only mounts and an unprivileged uid already keep the sandbox away from the host;
this filter removes the kernel interfaces that exist mostly to break out of exactly that
(mount, namespaces, ptrace, keyrings, eBPF, io_uring, modules, ...), so a kernel bug behind one
of them is out of reach. Everything else is allowed: student code must run normally.

bubblewrap loads the program from a file descriptor (`--seccomp FD`) right before exec, after
setting no_new_privs.
"""

from __future__ import annotations

import errno
import platform
import struct

from sandbox.errors import SandboxUnavailable

# <linux/audit.h>: the architecture tag the kernel puts in seccomp_data.arch.
AUDIT_ARCH_X86_64 = 0xC000003E
AUDIT_ARCH_AARCH64 = 0xC00000B7
# x32 system calls are x86_64 numbers with this bit set; nobody here needs them.
X32_SYSCALL_BIT = 0x40000000

# <linux/seccomp.h> return actions.
RET_KILL_PROCESS = 0x80000000
RET_ERRNO = 0x00050000
RET_ALLOW = 0x7FFF0000

# <linux/filter.h> opcodes used below.
_LD_W_ABS = 0x20  # BPF_LD | BPF_W | BPF_ABS
_JEQ_K = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
_JGE_K = 0x35  # BPF_JMP | BPF_JGE | BPF_K
_JSET_K = 0x45  # BPF_JMP | BPF_JSET | BPF_K
_RET_K = 0x06  # BPF_RET | BPF_K

# Offsets in struct seccomp_data { int nr; u32 arch; u64 ip; u64 args[6]; } (little endian).
_OFF_NR = 0
_OFF_ARCH = 4
_OFF_ARG0_LOW = 16

# clone() flags that create namespaces. CLONE_NEWTIME (0x80) is left out: on clone() that bit is
# part of the exit signal, and the new-time-namespace flag only exists for clone3 (denied).
CLONE_NS_FLAGS = (
    0x00020000  # CLONE_NEWNS
    | 0x02000000  # CLONE_NEWCGROUP
    | 0x04000000  # CLONE_NEWUTS
    | 0x08000000  # CLONE_NEWIPC
    | 0x10000000  # CLONE_NEWUSER
    | 0x20000000  # CLONE_NEWPID
    | 0x40000000  # CLONE_NEWNET
)

# Refused with EPERM. Grouped by why.
DENIED = (
    # debugging / reading other processes' memory
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
    "pidfd_getfd",
    # mounts, old and new API, and root changes
    "mount",
    "umount2",
    "fsopen",
    "fsconfig",
    "fsmount",
    "fspick",
    "move_mount",
    "open_tree",
    "mount_setattr",
    "pivot_root",
    "chroot",
    # namespaces (clone with namespace flags is handled separately)
    "unshare",
    "setns",
    # large kernel attack surfaces nobody's homework needs
    "keyctl",
    "add_key",
    "request_key",
    "bpf",
    "perf_event_open",
    "io_uring_setup",
    "io_uring_enter",
    "io_uring_register",
    "userfaultfd",
    "fanotify_init",
    "open_by_handle_at",
    "name_to_handle_at",
    "lookup_dcookie",
    # host administration
    "kexec_load",
    "kexec_file_load",
    "init_module",
    "finit_module",
    "delete_module",
    "swapon",
    "swapoff",
    "reboot",
    "acct",
    "quotactl",
    "quotactl_fd",
    "settimeofday",
    "clock_settime",
    "clock_adjtime",
    "adjtimex",
    "sethostname",
    "setdomainname",
    "syslog",
    "vhangup",
    # x86 only: raw port I/O and a.out loading
    "iopl",
    "ioperm",
    "uselib",
)

_X86_64 = {
    "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311, "pidfd_getfd": 438,
    "mount": 165, "umount2": 166, "fsopen": 430, "fsconfig": 431, "fsmount": 432,
    "fspick": 433, "move_mount": 429, "open_tree": 428, "mount_setattr": 442,
    "pivot_root": 155, "chroot": 161, "unshare": 272, "setns": 308, "keyctl": 250,
    "add_key": 248, "request_key": 249, "bpf": 321, "perf_event_open": 298,
    "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
    "userfaultfd": 323, "fanotify_init": 300, "open_by_handle_at": 304,
    "name_to_handle_at": 303, "lookup_dcookie": 212, "kexec_load": 246,
    "kexec_file_load": 320, "init_module": 175, "finit_module": 313, "delete_module": 176,
    "swapon": 167, "swapoff": 168, "reboot": 169, "acct": 163, "quotactl": 179,
    "quotactl_fd": 443, "settimeofday": 164, "clock_settime": 227, "clock_adjtime": 305,
    "adjtimex": 159, "sethostname": 170, "setdomainname": 171, "syslog": 103, "vhangup": 153,
    "iopl": 172, "ioperm": 173, "uselib": 134,
    "clone": 56, "clone3": 435,
}  # fmt: skip

# aarch64 uses the generic table (asm-generic/unistd.h); it has no iopl, ioperm or uselib.
_AARCH64 = {
    "ptrace": 117, "process_vm_readv": 270, "process_vm_writev": 271, "pidfd_getfd": 438,
    "mount": 40, "umount2": 39, "fsopen": 430, "fsconfig": 431, "fsmount": 432, "fspick": 433,
    "move_mount": 429, "open_tree": 428, "mount_setattr": 442, "pivot_root": 41, "chroot": 51,
    "unshare": 97, "setns": 268, "keyctl": 219, "add_key": 217, "request_key": 218, "bpf": 280,
    "perf_event_open": 241, "io_uring_setup": 425, "io_uring_enter": 426,
    "io_uring_register": 427, "userfaultfd": 282, "fanotify_init": 262,
    "open_by_handle_at": 265, "name_to_handle_at": 264, "lookup_dcookie": 18, "kexec_load": 104,
    "kexec_file_load": 294, "init_module": 105, "finit_module": 273, "delete_module": 106,
    "swapon": 224, "swapoff": 225, "reboot": 142, "acct": 89, "quotactl": 60,
    "quotactl_fd": 443, "settimeofday": 170, "clock_settime": 112, "clock_adjtime": 266,
    "adjtimex": 171, "sethostname": 161, "setdomainname": 162, "syslog": 116, "vhangup": 58,
    "clone": 220, "clone3": 435,
}  # fmt: skip

_ARCHES = {
    "x86_64": (AUDIT_ARCH_X86_64, _X86_64),
    "aarch64": (AUDIT_ARCH_AARCH64, _AARCH64),
}


def build_filter(machine: str | None = None) -> bytes:
    """The filter as packed `struct sock_filter` entries, ready for `bwrap --seccomp FD`."""
    machine = machine or platform.machine()
    if machine not in _ARCHES:
        raise SandboxUnavailable(f"no seccomp filter for architecture {machine!r}")
    audit_arch, numbers = _ARCHES[machine]

    # Instructions as (code, jump-if-true label, jump-if-false label, k); labels are resolved to
    # relative offsets below. None means "fall through to the next instruction".
    prog: list[tuple[int, str | None, str | None, int]] = [
        (_LD_W_ABS, None, None, _OFF_ARCH),
        # A foreign calling convention (e.g. int 0x80 on x86_64) would use other numbers than
        # the ones checked here: kill rather than misjudge.
        (_JEQ_K, None, "kill", audit_arch),
        (_LD_W_ABS, None, None, _OFF_NR),
    ]
    if machine == "x86_64":
        prog.append((_JGE_K, "kill", None, X32_SYSCALL_BIT))
    for name in DENIED:
        if name in numbers:
            prog.append((_JEQ_K, "eperm", None, numbers[name]))
    # glibc tries clone3 first and falls back to clone on ENOSYS; clone3 passes its flags in
    # memory that BPF cannot read, so make it look absent and check clone's flags instead.
    prog.append((_JEQ_K, "enosys", None, numbers["clone3"]))
    prog.append((_JEQ_K, "clone", None, numbers["clone"]))
    prog.append((_RET_K, None, None, RET_ALLOW))
    labels = {"clone": len(prog)}
    prog.append((_LD_W_ABS, None, None, _OFF_ARG0_LOW))
    prog.append((_JSET_K, "eperm", None, CLONE_NS_FLAGS))
    prog.append((_RET_K, None, None, RET_ALLOW))
    labels["eperm"] = len(prog)
    prog.append((_RET_K, None, None, RET_ERRNO | errno.EPERM))
    labels["enosys"] = len(prog)
    prog.append((_RET_K, None, None, RET_ERRNO | errno.ENOSYS))
    labels["kill"] = len(prog)
    prog.append((_RET_K, None, None, RET_KILL_PROCESS))

    out = bytearray()
    for index, (code, jt, jf, k) in enumerate(prog):
        out += struct.pack("=HBBI", code, _offset(labels, index, jt), _offset(labels, index, jf), k)
    return bytes(out)


def _offset(labels: dict[str, int], index: int, label: str | None) -> int:
    if label is None:
        return 0
    offset = labels[label] - index - 1
    # Classic BPF jumps are forward only and 8 bits wide.
    assert 0 <= offset <= 255, f"seccomp jump to {label} out of range"
    return offset
