"""The two environments of the course: the instructor's (``requirements.txt``: everything,
nbgrader's instructor tools, the tests) and the students' (``requirements-student.txt``:
what the notebooks need, with the formgrader and the assignment-creation tool disabled).

``requirements-student.txt`` is the dependency closure of :data:`STUDENT_PACKAGES` in
the instructor's environment, each at the version ``requirements.txt`` pins, so both
environments run the same code. Regenerate it after changing a pin::

    .venv/bin/python -m grading.environments        # rewrites requirements-student.txt

Every released assignment folder ships it, with ``setup_student_env.py``
(:mod:`grading.student_setup`) and ``STUDENT_SETUP.md`` saying how to install it.
"""
import importlib.metadata as metadata
import sys
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parent.parent
INSTRUCTOR_REQUIREMENTS = REPO / "requirements.txt"
STUDENT_REQUIREMENTS = REPO / "requirements-student.txt"

# What a student's notebooks need: JupyterLab and a kernel to run them, numpy and
# matplotlib for cs231n_lib, nbgrader for the Assignments tab (fetch/submit) and Validate.
STUDENT_PACKAGES = ("jupyterlab", "ipykernel", "nbgrader", "numpy", "matplotlib")
# The installer itself, never pinned. (setuptools is pinned: nbgrader imports it at run
# time, and `uv venv` + `uv pip sync` install exactly the pinned list, nothing else.)
PROVIDED_BY_VENV = ("pip",)

HEADER = """\
# The students' environment: what the notebooks need, nothing of the instructor's.
# Generated from requirements.txt by `python -m grading.environments` (same versions).
# Install (Python >= {python}):
#   python3 -m venv ~/cs231n-env
#   ~/cs231n-env/bin/pip install -r requirements-student.txt
#   ~/cs231n-env/bin/python setup_student_env.py    # hides the instructor's tools
#   ~/cs231n-env/bin/jupyter lab
"""


def pins(path=INSTRUCTOR_REQUIREMENTS):
    """``{canonical name: "Name==version"}`` of a requirements file."""
    out = {}
    for line in Path(path).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            out[canonicalize_name(line.split("==")[0])] = line
    return out


def closure(roots=STUDENT_PACKAGES):
    """Canonical names of ``roots`` and everything they require, read from the installed
    distributions: markers evaluated for this interpreter, with the extras that a
    requirement asks for (nbconvert needs ``bleach[css]``, hence tinycss2)."""
    seen, done, stack = set(), set(), [(name, "") for name in roots]
    while stack:
        name, extra = stack.pop()
        name = canonicalize_name(name)
        if (name, extra) in done:
            continue
        done.add((name, extra))
        seen.add(name)
        for text in metadata.distribution(name).requires or []:
            req = Requirement(text)
            if req.marker is None or req.marker.evaluate({"extra": extra}):
                if extra and req.marker is None:
                    continue   # the base requirements were followed with extra ""
                stack.append((req.name, ""))
                stack.extend((req.name, e) for e in req.extras)
    return seen


def min_python():
    """The Python the pins need (from the Makefile's MIN_PYTHON)."""
    for line in (REPO / "Makefile").read_text().splitlines():
        if line.startswith("MIN_PYTHON"):
            return line.split("=", 1)[1].strip()
    return "3.11"


def student_requirements():
    """Text of requirements-student.txt."""
    instructor = pins()
    names = sorted(n for n in closure() if n not in PROVIDED_BY_VENV)
    missing = [n for n in names if n not in instructor]
    if missing:
        raise SystemExit(f"not pinned in requirements.txt: {', '.join(missing)}")
    return HEADER.format(python=min_python()) + "".join(instructor[n] + "\n" for n in names)


def main(argv=None):
    STUDENT_REQUIREMENTS.write_text(student_requirements())
    print(f"wrote {STUDENT_REQUIREMENTS} ({len(pins(STUDENT_REQUIREMENTS))} pins)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
