"""Two system calls the standard library does not wrap, reached through ctypes.

- an atomic exchange of two paths, so that a build swaps its output in with one step
  that cannot be interrupted half-way (Linux `renameat2(RENAME_EXCHANGE)`, macOS
  `renamex_np(RENAME_SWAP)`);
- a parent-death signal, so that worker processes never outlive a killed build (Linux
  `prctl(PR_SET_PDEATHSIG)`).

Each returns False where the platform or file system cannot do it, and the caller falls
back to what the standard library offers.
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import sys
from functools import cache
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # linux/fs.h
_RENAME_SWAP = 2  # macOS stdio.h
_PR_SET_PDEATHSIG = 1  # linux/prctl.h
_SYS_RENAMEAT2 = {
    "x86_64": 316,
    "aarch64": 276,
    "riscv64": 276,
    "loongarch64": 276,
    "i686": 353,
    "armv7l": 382,
    "ppc64le": 357,
    "s390x": 347,
}
"""renameat2 system call numbers, for C libraries older than glibc 2.28 that lack the wrapper."""
_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOTTY}
"""What a kernel or file system without an atomic exchange answers (NFS, FAT, old kernels)."""


@cache
def _libc() -> ctypes.CDLL | None:
    """The C library this interpreter is linked against, or None (Windows)."""
    if sys.platform not in ("linux", "darwin"):
        return None
    return ctypes.CDLL(None, use_errno=True)


def exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths in one atomic step; False (and nothing changed) where the
    platform or file system has no such operation."""
    libc = _libc()
    if libc is None:
        return False
    old, new = os.fsencode(first), os.fsencode(second)
    if sys.platform == "darwin":
        result = libc.renamex_np(old, new, ctypes.c_uint(_RENAME_SWAP))
    elif hasattr(libc, "renameat2"):
        at = ctypes.c_int(_AT_FDCWD)
        result = libc.renameat2(at, old, at, new, ctypes.c_uint(_RENAME_EXCHANGE))
    else:
        result = renameat2_syscall(old, new)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def renameat2_syscall(old: bytes, new: bytes) -> int:
    """renameat2 by system call number (-1 with ENOSYS on an unknown architecture)."""
    libc = _libc()
    number = _SYS_RENAMEAT2.get(platform.machine())
    if libc is None or number is None:
        ctypes.set_errno(errno.ENOSYS)
        return -1
    at = ctypes.c_long(_AT_FDCWD)
    return libc.syscall(ctypes.c_long(number), at, old, at, new, ctypes.c_long(_RENAME_EXCHANGE))


def set_parent_death_signal(signal_number: int) -> bool:
    """Have the kernel send `signal_number` to this process when its parent ends;
    False where there is no such mechanism."""
    libc = _libc()
    if libc is None or sys.platform != "linux":
        return False
    zero = ctypes.c_ulong(0)
    return libc.prctl(_PR_SET_PDEATHSIG, ctypes.c_ulong(signal_number), zero, zero, zero) == 0
