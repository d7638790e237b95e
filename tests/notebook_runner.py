"""One way for the tests to execute a notebook: grading.demo's runner, plus the assertions
every notebook test shares (no error, no FAIL verdict, what a learner sees is clean: nothing on
stderr, no bare True/False under a check cell, every figure with its text description; and the
fingerprints of the common mistakes are current for every public check input the run recorded)."""
import html

import nbformat

from cs231n_lib.checks import RECORD_ENV
from grading import fingerprints

from grading.demo import execute_notebook

from .conftest import ROOT

NOTEBOOKS = ROOT / "notebooks"
# The value of a cell whose last line is a check, shown as Out[] under its verdict line.
VERDICT_ECHOES = {"True", "False", "np.True_", "np.False_", "PASS", "FAIL"}
# Written once per machine by matplotlib itself, not by the notebook (nbgrader's IgnorePattern strips it too).
HARMLESS_STDERR = ("Matplotlib is building the font cache",)


def output_problems(nb):
    """What a learner should not see in an executed notebook, one line per problem: output on
    stderr (JupyterLab shows it in red, as an error; nbgrader gives 0 to a test cell that wrote
    to it) and a bare True/False as a cell's value."""
    problems = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "?")
        for out in cell.get("outputs", []):
            if out.output_type == "stream" and out.name == "stderr" and not any(
                    text in out.text for text in HARMLESS_STDERR):
                problems.append(f"cell {index} ({grade_id}) wrote to stderr: {out.text.strip()[:120]!r}")
            elif out.output_type == "execute_result":
                text = out.get("data", {}).get("text/plain", "")
                if text.strip() in VERDICT_ECHOES:
                    problems.append(f"cell {index} ({grade_id}) shows its last value {text.strip()!r} as Out[]")
            problems += [f"cell {index} ({grade_id}): {problem}" for problem in image_problems(out)]
    return problems


def image_problems(out):
    """An image output without its text description (issue 17): the PNG needs non-empty alt text in
    its metadata, and the HTML copy JupyterLab shows needs the same alt attribute (show it with
    cs231n_lib.figures.show)."""
    data = out.get("data", {})
    if "image/png" not in data:
        return []
    alt = (out.get("metadata", {}).get("image/png") or {}).get("alt", "")
    if not str(alt).strip():
        return ["a figure without a text description (show it with cs231n_lib.figures.show(fig, description))"]
    if "text/html" in data and f'alt="{html.escape(alt)}"' not in data["text/html"]:
        return [f"a figure whose HTML <img> lacks the alt text {alt[:60]!r}"]
    return []


def run_notebook(name, tmp_path, quick=False, strip_hidden=True, env=None):
    """Execute notebooks/NAME in notebooks/ (hidden blocks removed by default: students' view).

    Fails the test on a cell error (a failing check raises), on a "FAIL" line, on one of
    :func:`output_problems`, or when a public check input of the run has no current fingerprint
    (``grading/fingerprints.py``). Returns (printed text, results recorded with record_result).
    """
    records_dir = tmp_path / "check_records"
    run_env = {RECORD_ENV: str(records_dir), "CS231N_RECORD_NOTEBOOK": name, **(env or {})}
    row = execute_notebook(NOTEBOOKS / name, tmp_path, quick=quick, extra_env=run_env, strip_hidden=strip_hidden)
    assert row["error"] is None, f"{name}: {row['error']}"
    fails = [line for line in row["text"].splitlines() if line.startswith("FAIL")]
    assert not fails, f"{name} printed failing checks:\n" + "\n".join(fails)
    problems = output_problems(nbformat.read(tmp_path / name, as_version=4))
    assert not problems, f"{name}: what a learner sees is not clean:\n" + "\n".join(problems)
    stale = fingerprints.stale(fingerprints.load_records(records_dir), deep=False) if records_dir.exists() else []
    assert not stale, (f"{name}: the fingerprints of its public checks are not current; {fingerprints.RUN_HINT}:\n"
                       + "\n".join(stale))
    return row["text"], row["results"]
