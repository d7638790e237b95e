"""What the tests see of processes, read from /proc (Linux)."""
import os


def _stat_fields(pid):
    """The fields of /proc/PID/stat after the command name: [state, ppid, ...]."""
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()


def alive(pids):
    """The processes of ``pids`` that still run (a zombie has ended)."""
    running = []
    for pid in pids:
        try:
            if _stat_fields(pid)[0] != "Z":
                running.append(pid)
        except OSError:
            pass
    return running


def children(pid):
    """The direct children of ``pid``."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if int(_stat_fields(entry)[1]) == pid:
                    found.append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    return found
