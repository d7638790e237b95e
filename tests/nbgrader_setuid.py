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


def main():
    user, args = sys.argv[1], sys.argv[2:]
    import nbgrader.apps.nbgraderapp as app  # noqa: F401  (everything nbgrader needs, read as root)
    import nbgrader.apps  # noqa: F401
    import nbgrader.exchange.default  # noqa: F401

    entry = pwd.getpwnam(user)
    os.initgroups(user, entry.pw_gid)
    os.setgid(entry.pw_gid)
    os.setuid(entry.pw_uid)
    assert os.getuid() == entry.pw_uid and os.geteuid() == entry.pw_uid
    os.environ.update(HOME=entry.pw_dir, USER=user, LOGNAME=user)
    os.chdir(entry.pw_dir)
    sys.argv = ["nbgrader", *args]
    return app.main()


if __name__ == "__main__":
    sys.exit(main())
