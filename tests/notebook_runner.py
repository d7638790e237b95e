"""One way for the tests to execute a notebook: grading.demo's runner, plus the assertions
every notebook test shares (no error, no FAIL verdict)."""
from grading.demo import execute_notebook

from .conftest import ROOT

NOTEBOOKS = ROOT / "notebooks"


def run_notebook(name, tmp_path, quick=False, strip_hidden=True, env=None, allow_fail=()):
    """Execute notebooks/NAME in notebooks/ (hidden blocks removed by default: students' view).

    Fails the test on a cell error or on a "FAIL" line, except lines containing one of
    ``allow_fail``. Returns (printed text, results recorded with record_result).
    """
    row = execute_notebook(NOTEBOOKS / name, tmp_path, quick=quick, extra_env=env, strip_hidden=strip_hidden)
    assert row["error"] is None, f"{name}: {row['error']}"
    fails = [line for line in row["text"].splitlines()
             if line.startswith("FAIL") and not any(word in line for word in allow_fail)]
    assert not fails, f"{name} printed failing checks:\n" + "\n".join(fails)
    return row["text"], row["results"]
