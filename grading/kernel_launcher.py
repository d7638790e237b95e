"""Start a notebook kernel inside the grading sandbox (runs inside; see grading/kernel_sandbox.py).

``python -I -B /grader/kernel_launcher.py SETTINGS_JSON [kernel arguments]``. Before the kernel
(and so any student code) exists, this drops every privilege and sets the limits exactly as the
grading child does (``child.py`` beside this file), copies the submission's autograded folder
from ``/assignment-ro`` into the private tmpfs (so notebooks may write files, within the tmpfs'
size) and makes it the working directory. Then it runs ipykernel in this process, with one
change: the kernel's sockets use the listening sockets the parent opened outside (``zmq.USE_FD``),
because inside there is no network at all — the kernel can answer the parent, and reach nothing.
"""
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ASSIGNMENT = "/tmp/assignment"


def copy_assignment(src, dest):
    """Regular files and folders only (nothing else is followed or copied)."""
    os.makedirs(dest, exist_ok=True)
    for entry in os.scandir(src):
        target = os.path.join(dest, entry.name)
        if entry.is_symlink():
            continue
        if entry.is_dir(follow_symlinks=False):
            copy_assignment(entry.path, target)
        elif entry.is_file(follow_symlinks=False):
            shutil.copyfile(entry.path, target, follow_symlinks=False)


def use_parent_sockets(fds):
    """Make ``bind("tcp://IP:PORT")`` adopt the parent's listening socket for PORT."""
    import zmq

    original = zmq.Socket.bind

    def bind(self, addr):
        port = addr.rsplit(":", 1)[-1] if addr.startswith("tcp://") else None
        fd = fds.pop(port, None)
        if fd is not None:
            self.setsockopt(zmq.USE_FD, fd)
            try:
                return original(self, addr)
            finally:
                self.setsockopt(zmq.USE_FD, -1)
        return original(self, addr)

    zmq.Socket.bind = bind


def main(argv):
    settings = json.loads(argv[1])
    sys.path.insert(0, HERE)
    import child  # the grading child's privilege and limit code (trusted, beside this file)
    import processes

    processes.drop_privileges(settings["uid"], settings["gid"])
    problems = child.privilege_problems()
    if problems:
        print(f"kernel sandbox refused to start: {', '.join(problems)}", file=sys.stderr)
        os._exit(3)
    child.set_limits(settings["limits"])
    child._copy_font_cache(os.path.join(HERE, "mpl"))
    copy_assignment("/assignment-ro", ASSIGNMENT)
    os.chdir(ASSIGNMENT)
    connection = "/tmp/kernel.json"
    shutil.copyfile("/grader/kernel.json", connection)
    sys.path.remove(HERE)
    sys.path[:0] = [ASSIGNMENT]
    sys.path.append(os.path.join(HERE, "kernel_site"))   # the stand-in grading.hidden
    use_parent_sockets({str(port): fd for port, fd in settings["fds"].items()})
    from ipykernel.kernelapp import IPKernelApp

    IPKernelApp.launch_instance(argv=["-f", connection, *argv[2:]])


if __name__ == "__main__":
    main(sys.argv)
