"""Process rules written once: die with the parent, no new privileges, drop to a uid for good.

Linux only (``prctl``); elsewhere :func:`die_with_parent` and :func:`no_new_privs` do nothing
and say so by returning False. This module imports only the standard library, so a launcher
that runs before anything else (``python -I -S``) can load it by path.
"""
import ctypes
import os
import signal

PR_SET_PDEATHSIG = 1          # linux/prctl.h
PR_SET_NO_NEW_PRIVS = 38


def _prctl(option, arg):
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(option, arg, 0, 0, 0) == 0
    except (OSError, AttributeError):   # not Linux
        return False


def die_with_parent(sig=signal.SIGKILL, parent_pid=None):
    """The kernel sends ``sig`` to this process when its parent ends (kill -9 included). With
    ``parent_pid``: exit at once if that parent already ended before the request took effect.
    Returns whether the request took effect."""
    ok = _prctl(PR_SET_PDEATHSIG, int(sig))
    if parent_pid is not None and os.getppid() != parent_pid:
        os._exit(1)
    return ok


def no_new_privs():
    """No exec of this process or its children can gain privileges (setuid files, capabilities)."""
    return _prctl(PR_SET_NO_NEW_PRIVS, 1)


def drop_privileges(uid, gid):
    """As root: become ``uid``/``gid`` for good, with no supplementary groups (all capabilities
    go with it). Does nothing for a process that is not root."""
    if os.getuid() == 0 or os.geteuid() == 0:
        os.setgroups([])
        os.setresgid(gid, gid, gid)
        os.setresuid(uid, uid, uid)


# --------------------------------------------------------------------------- no sockets (container mode)

PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 22, 2
SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO, EPERM = 0x7FFF0000, 0x00050000, 1
X32_SYSCALL_BIT = 0x40000000
# machine: (AUDIT_ARCH_*, socket, io_uring_setup) from linux/audit.h and the syscall tables
SECCOMP_ARCHES = {"x86_64": (0xC000003E, 41, 425), "aarch64": (0xC00000B7, 198, 425)}


def _no_socket_program(arch, socket_nr, io_uring_nr):
    """The classic-BPF program: ``socket()`` of every family, ``io_uring_setup`` (io_uring can
    open sockets without the socket syscall), x32 and foreign-architecture system calls fail with
    EPERM; everything else is allowed. ``socketpair`` stays: it reaches nothing outside."""
    ld, jeq, jge, ret = 0x20, 0x15, 0x35, 0x06      # BPF_LD|W|ABS, BPF_JMP|JEQ|K, BPF_JMP|JGE|K, BPF_RET|K
    deny = SECCOMP_RET_ERRNO | EPERM
    return [
        (ld, 0, 0, 4),                  # 0: A = seccomp_data.arch
        (jeq, 0, 5, arch),              # 1: not this architecture -> 7
        (ld, 0, 0, 0),                  # 2: A = seccomp_data.nr
        (jge, 3, 0, X32_SYSCALL_BIT),   # 3: x32 ABI -> 7
        (jeq, 2, 0, io_uring_nr),       # 4: io_uring_setup -> 7
        (jeq, 1, 0, socket_nr),         # 5: socket -> 7
        (ret, 0, 0, SECCOMP_RET_ALLOW),  # 6
        (ret, 0, 0, deny),              # 7
    ]


def forbid_sockets():
    """Install a seccomp filter (unprivileged: needs ``no_new_privs`` first) so that this process
    and everything it starts can open no socket: no network, no abstract unix socket of the host.
    Returns False where it could not be installed (not Linux, an unknown architecture). Imports
    nothing (it runs after the uid changed, when the standard library may be out of reach)."""
    machine = os.uname().machine
    if machine not in SECCOMP_ARCHES:
        return False

    class SockFilter(ctypes.Structure):
        _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint)]

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(SockFilter))]

    program = _no_socket_program(*SECCOMP_ARCHES[machine])
    filters = (SockFilter * len(program))(*[SockFilter(*step) for step in program])
    fprog = SockFprog(len(program), filters)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) == 0
    except (OSError, AttributeError):
        return False
