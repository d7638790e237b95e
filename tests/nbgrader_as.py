"""``python tests/nbgrader_as.py USER ARGS...``: run ``nbgrader ARGS`` as if the Unix
user were USER. nbgrader's exchange names a submission after the process's account
(``nbgrader.utils.get_osusername``); tests stand in several students on one account."""
import sys

import nbgrader.utils


def main():
    user, args = sys.argv[1], sys.argv[2:]
    nbgrader.utils.get_osusername = lambda: user
    from nbgrader.apps.nbgraderapp import main as nbgrader_main

    sys.argv = ["nbgrader", *args]
    return nbgrader_main()


if __name__ == "__main__":
    sys.exit(main())
