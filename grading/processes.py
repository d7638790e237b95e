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
