"""The live formgrader runs no student HTML (issue 15, item 7: "test in the real browser").

A real Jupyter server with nbgrader's formgrader, on a course where a hostile student (mallory)
submitted a notebook with a markdown answer ``<img src=x onerror=...>`` and a code cell that
displays ``<script>``, ``<img onerror>`` and a ``Javascript`` output. ``python -m grading
autograde`` executes it (in the sandboxed kernel) and stores the autograded notebook; the
formgrader's submission page (``/formgrader/submissions/ID/``, rendered by the server from that
file at each request) is opened in Chromium, every frame asked how many of the student's scripts
ran: none. The control is a second student whose autograded notebook is given the same cells
with their raw outputs afterwards (as an autograde without the kit's output stage stores them):
the same page runs them, so the check can fail. The feedback HTML of mallory, opened as a file,
runs none either.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from grading import workflow
from tests.test_browser import CHROMIUM, FLAGS, playwright_api, start_lab
from tests.test_browser_sanitized import BUMP, hostile_notebook

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("sandbox_required"), pytest.mark.xdist_group("browser")]

ASSIGNMENT = "computational_graphs"
NOTEBOOK = "computational_graphs"
MARKER = "mallory-was-here"          # text of the hostile cells, to see the page did render them
HOSTILE_CELLS = [
    nbformat.v4.new_markdown_cell(f'My answer ({MARKER}). <img src="x" onerror="{BUMP}">'),
    nbformat.v4.new_code_cell(
        f"# {MARKER}\n"
        "from IPython.display import HTML, Javascript, display\n"
        f"display(HTML('<script>{BUMP}</script><img src=\"y\" onerror=\"{BUMP}\">'))\n"
        f"display(Javascript('{BUMP}'))\n"),
]
COUNT = """() => window.__pwned || 0"""


def _add_cells(path, cells):
    nb = nbformat.read(path, as_version=4)
    nb.cells[1:1] = cells
    nbformat.write(nb, path)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("formgrader")
    course = tmp / "course"
    workflow.release_assignment(ASSIGNMENT, course)
    release = course / "release" / ASSIGNMENT
    for name in ("mallory", "control"):
        folder = workflow.reference_submission(ASSIGNMENT, tmp / "class" / name, release)
        _add_cells(folder / f"{NOTEBOOK}.ipynb", [nbformat.from_dict(c) for c in HOSTILE_CELLS])
        workflow.submit(course, name, ASSIGNMENT, folder)
    workflow.add_students(course, ["mallory", "control"])
    cp = subprocess.run([sys.executable, "-m", "grading", "autograde", ASSIGNMENT, "--course", str(course),
                         "--workers", "2"], capture_output=True, text=True, timeout=1800)
    assert cp.returncode == 0, (cp.stdout + cp.stderr)[-4000:]
    # the control: the same cells with the outputs an unsanitized autograde would have stored
    control = course / "autograded" / "control" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    raw = hostile_notebook().cells
    raw[0].source += f" ({MARKER})"
    _add_cells(control, raw)
    workflow.generate_feedback(course, ASSIGNMENT)
    base = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    base["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
    proc, url = start_lab(course, base, tmp / "formgrader-lab.log")
    try:
        with playwright_api.sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
            try:
                yield {"course": course, "url": url, "browser": browser}
            finally:
                browser.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def _submission_id(course, student):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "cs231n") as gb:
        return gb.find_submission_notebook(NOTEBOOK, ASSIGNMENT, student).id


def scripts_run(browser, url):
    """``(scripts run in every frame, the page's text)`` once the page and its images have loaded."""
    page = browser.new_page()
    try:
        page.goto(url, wait_until="load", timeout=180_000)
        page.wait_for_load_state("networkidle", timeout=180_000)
        text = " ".join(frame.evaluate("() => document.body ? document.body.innerText : ''") for frame in page.frames)
        return sum(frame.evaluate(COUNT) for frame in page.frames), text
    finally:
        page.close()


@pytest.mark.parametrize("student, expect_scripts", [("control", True), ("mallory", False)])
def test_the_formgrader_submission_page_runs_no_student_script(course, student, expect_scripts):
    url = f"{course['url']}/formgrader/submissions/{_submission_id(course['course'], student)}/"
    ran, text = scripts_run(course["browser"], url)
    assert MARKER in text, f"the formgrader page did not show {student}'s cells: {text[:1000]}"
    if expect_scripts:
        assert ran >= 2, f"the control ran {ran} script(s): the check could not fail"
    else:
        assert ran == 0, f"{ran} of the student's scripts ran in the formgrader"


def test_the_feedback_html_opened_as_a_file_runs_no_student_script(course):
    html = course["course"] / "feedback" / "mallory" / ASSIGNMENT / f"{NOTEBOOK}.html"
    ran, text = scripts_run(course["browser"], html.as_uri())
    assert MARKER in text, text[:1000]
    assert ran == 0, f"{ran} of the student's scripts ran in the feedback"
