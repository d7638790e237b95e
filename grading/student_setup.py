"""Hide the instructor's nbgrader tools in a student's Python environment.

Shipped in every released assignment folder as ``setup_student_env.py``. Run it once with
the environment's Python, after ``pip install -r requirements-student.txt``::

    ~/cs231n-env/bin/python setup_student_env.py

nbgrader installs five JupyterLab extensions and four server extensions. A student needs
the Assignments tab (fetch and submit), the course list and Validate; the Formgrader and
Create Assignment tools are the instructor's. This script writes, at the environment
level (``<prefix>/etc/jupyter``, the files nbgrader's installation guide changes with
``jupyter labextension disable --level=sys_prefix`` and
``jupyter server extension disable --sys-prefix``):

* ``labconfig/page_config.json``: the two lab extensions disabled *and locked* (JupyterLab
  4.1+ lets a user re-enable an unlocked plugin from its Plugin Manager);
* ``jupyter_server_config.json``: the formgrader server extension disabled (this file is
  read after ``jupyter_server_config.d/nbgrader.json``, which enables it).

Check: ``jupyter labextension list`` shows both as disabled and ``jupyter server
extension list`` shows ``nbgrader.server_extensions.formgrader disabled``.

``--notebooks FOLDER`` (after fetching an assignment) prepares its notebooks for this machine:
their ``language_info`` becomes what this environment's kernel reports (JupyterLab otherwise
fills it in on opening, the Python version included, and shows the notebook as changed), and
they are signed in this machine's trust store (no "not trusted" line in the server's log; they
have no outputs, so trusting them trusts nothing). Standard library only for the extensions
step (it runs before anything else is installed); ``--notebooks`` uses the installed Jupyter.
"""
import argparse
import json
import sys
from pathlib import Path

DISABLED_LAB_EXTENSIONS = ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment")
DISABLED_SERVER_EXTENSIONS = ("nbgrader.server_extensions.formgrader",)


def _update_json(path, update):
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(path.read_text()) if path.exists() and path.read_text().strip() else {}
    update(data)
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
    return path


def disable_instructor_tools(prefix=sys.prefix):
    """Write the two configuration files under ``<prefix>/etc/jupyter``; returns their paths."""
    etc = Path(prefix) / "etc" / "jupyter"

    def lab(data):
        for key in ("disabledExtensions", "lockedExtensions"):
            data.setdefault(key, {})
            data[key].update({name: True for name in DISABLED_LAB_EXTENSIONS})

    def server(data):
        enabled = data.setdefault("ServerApp", {}).setdefault("jpserver_extensions", {})
        enabled.update({name: False for name in DISABLED_SERVER_EXTENSIONS})

    return [_update_json(etc / "labconfig" / "page_config.json", lab),
            _update_json(etc / "jupyter_server_config.json", server)]


def prepare_notebooks(folder, sign=True):
    """Fill every notebook of ``folder`` with this environment's kernel ``language_info`` and,
    with ``sign``, sign it in this machine's trust store; returns the notebooks changed."""
    import nbformat
    from ipykernel.ipkernel import IPythonKernel
    from nbformat.sign import NotebookNotary

    info = json.loads(json.dumps(IPythonKernel.language_info))   # plain JSON, as the kernel sends it
    notary = NotebookNotary() if sign else None
    changed = []
    for path in sorted(Path(folder).glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        if nb.metadata.get("language_info") != info:
            nb.metadata["language_info"] = info
            nbformat.write(nb, path)
            changed.append(path)
        if notary is not None and not notary.check_signature(nb):
            notary.sign(nb)
    return changed


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--prefix", default=sys.prefix,
                    help="environment to configure (default: this Python's, %(default)s)")
    ap.add_argument("--notebooks", metavar="FOLDER",
                    help="prepare the notebooks of an assignment folder for this machine (run it after "
                         "fetching each assignment): no 'unsaved changes' on opening, trusted")
    args = ap.parse_args(argv)
    if args.notebooks:
        if not Path(args.notebooks).is_dir():
            ap.error(f"{args.notebooks} is not a folder: give the assignment folder that holds the notebooks")
        changed = prepare_notebooks(args.notebooks)
        print(f"prepared {len(changed)} notebook(s) in {args.notebooks} for this Python "
              f"({sys.version.split()[0]}) and signed them: open them with: jupyter lab")
        return 0
    if args.prefix == sys.base_prefix and sys.prefix == sys.base_prefix:
        print("note: this Python is not a virtual environment; the change applies to every "
              f"user of {args.prefix}", file=sys.stderr)
    for path in disable_instructor_tools(args.prefix):
        print(f"wrote {path}")
    print("Formgrader and Create Assignment are hidden in this environment. "
          "Start JupyterLab with: jupyter lab")
    return 0


if __name__ == "__main__":
    sys.exit(main())
