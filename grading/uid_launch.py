"""Container mode's launcher (``grading/uid_sandbox.py``): ``python -I -S -B uid_launch.py SETTINGS_JSON``.

It runs as root for its first lines only: ``no_new_privs`` (a setuid program cannot give root
back) and a death signal, then a fresh unprivileged uid and gid with no supplementary groups,
then a seccomp filter under which no socket can be opened (no network namespace here: without
it a child could reach a Dask scheduler or any service on 127.0.0.1), all from ``processes.py``
(beside this file, loaded while still root). Then, as that uid, either
the probe (which of ``cfg["probe"]`` it can read, whether it can import numpy; one JSON line on
stdout) or ``child.py`` (``cfg["argv"]``). ``-S``: no ``.pth`` file runs, so the kit's checkout is
not on its ``sys.path``; ``cfg["site"]`` is. Standard library only.
"""
import json
import os
import sys


def probe(paths):
    """Print which of ``paths`` this process can read, and why it cannot import numpy (None if it can)."""
    readable = []
    for p in paths:
        try:
            if os.path.isdir(p):
                os.listdir(p)
            else:
                open(p, "rb").close()
            readable.append(p)
        except OSError:
            pass
    try:
        import numpy  # noqa: F401
        python = None
    except Exception as exc:  # noqa: BLE001  (reported: why this uid cannot run the grader's Python)
        python = "%s: %s" % (type(exc).__name__, exc)
    try:
        import socket

        socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()
        network = "open"
    except ImportError as exc:        # the standard library is out of reach: reported as "python"
        network = "unknown (%s)" % exc
    except OSError as exc:
        network = "blocked (%s)" % exc.strerror
    print(json.dumps({"readable": readable, "python": python, "network": network}))


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, here)
    import processes

    sys.path.remove(here)
    if not processes.no_new_privs() or not processes.die_with_parent():
        sys.exit("prctl failed")
    cfg = json.loads(argv[1])
    processes.drop_privileges(cfg["uid"], cfg["gid"])
    if os.getuid() != cfg["uid"] or os.geteuid() != cfg["uid"]:
        sys.exit("could not become uid %s" % cfg["uid"])
    if not processes.forbid_sockets():
        sys.exit("could not install the seccomp filter that forbids sockets (Linux on x86_64 or aarch64 needed)")
    os.umask(0o077)
    sys.path[:] = [p for p in sys.path if p] + cfg["site"]
    if cfg.get("probe") is not None:
        probe(cfg["probe"])
        sys.exit(0)
    sys.argv = cfg["argv"]
    import runpy

    runpy.run_path(cfg["argv"][0], run_name="__main__")


if __name__ == "__main__":
    main(sys.argv)
