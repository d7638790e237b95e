"""``python tests/nbgrader_setuid.py USER ARGS...`` (as root): run ``nbgrader ARGS`` as the
real Unix user USER, in USER's home folder.

The interpreter of the kit's virtual environment may sit under a folder USER cannot enter
(``/root``), so ``runuser -u USER python ...`` cannot start it. This script starts as root,
imports nbgrader's applications, then drops to USER (groups, gid, uid: no way back) and runs
nbgrader: every file it then reads or writes, the exchange included, is read or written by
USER's own uid."""
import os
import pwd
import sys


def _load_while_root():
    """Import, as root, every module nbgrader may import later, and load nbformat's schemas: the
    environment may sit under a folder USER cannot enter (a checkout in a 0700 folder made by
    mktemp -d, or /root), where a lazy import after the drop fails (jupyter_core.migrate did)."""
    import importlib
    import pkgutil

    import nbformat
    from nbformat.v4 import new_notebook

    for name in ("jupyter_core", "nbgrader.apps", "nbgrader.exchange", "nbgrader.coursedir", "nbgrader.auth",
                 "nbgrader.utils", "nbformat"):
        package = importlib.import_module(name)
        for info in pkgutil.walk_packages(getattr(package, "__path__", []), prefix=name + "."):
            if ".tests" in info.name or info.name.endswith("__main__"):
                continue
            importlib.import_module(info.name)
    nbformat.validate(new_notebook())   # reads and caches the schema files


def main():
    user, args = sys.argv[1], sys.argv[2:]
    import nbgrader.apps.nbgraderapp as app  # noqa: F401  (everything nbgrader needs, read as root)
    import nbgrader.apps  # noqa: F401
    import nbgrader.exchange.default  # noqa: F401
    _load_while_root()

    entry = pwd.getpwnam(user)
    os.initgroups(user, entry.pw_gid)
    os.setgid(entry.pw_gid)
    os.setuid(entry.pw_uid)
    assert os.getuid() == entry.pw_uid and os.geteuid() == entry.pw_uid
    # jupyter_core asks whether USER owns the environment (a stat of sys.prefix, which USER may not
    # reach); the answer only orders config folders, and nbgrader reads the course's config in HOME
    os.environ.update(HOME=entry.pw_dir, USER=user, LOGNAME=user, JUPYTER_PREFER_ENV_PATH="0")
    os.chdir(entry.pw_dir)
    sys.argv = ["nbgrader", *args]
    return app.main()


if __name__ == "__main__":
    sys.exit(main())
