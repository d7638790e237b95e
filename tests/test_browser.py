"""A real browser (Debian's Chromium, driven by Playwright) through both paths.

Student: JupyterLab in the *student* configuration (setup_student_env.py's files) opens a
released notebook filled in with the reference, runs every cell, a plot renders, and
nbgrader's Validate says "Success"; the same notebook with the functions left as released
(stubs, which raise NotImplementedError inside the check cells) fails Validate; the
formgrader is absent. Instructor: JupyterLab in the course directory, the formgrader
lists the submissions. Screenshots go to build/browser/.

Needs /usr/bin/chromium (`apt-get install -y chromium`, which .ci/run does as root) and
the pinned playwright; otherwise skipped with the reason.
"""
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from grading import student_setup, workflow
from grading.nbgrader_preprocessors import strip_hidden_region
from grading.release import PACKAGE, shipped_modules
from tests.conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("browser")]

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ASSIGNMENT = "linear_classifiers"
NOTEBOOK = "softmax.ipynb"
SHOTS = ROOT / "build" / "browser"

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed "
                                     "(pip install -r requirements.txt)")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} not found: apt-get install -y chromium (as root; .ci/run does it)",
                allow_module_level=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_lab(root, env, log):
    port = free_port()
    cmd = [str(Path(sys.executable).with_name("jupyter")), "lab", "--no-browser", f"--port={port}",
           "--ServerApp.ip=127.0.0.1", "--ServerApp.token=", "--ServerApp.password=",
           "--ServerApp.disable_check_xsrf=True", f"--ServerApp.root_dir={root}", "--allow-root"]
    proc = subprocess.Popen(cmd, cwd=str(root), env=env, stdout=open(log, "w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            urllib.request.urlopen(url + "/api/status", timeout=2)
            return proc, url
        except OSError:
            if proc.poll() is not None:
                raise AssertionError(f"jupyter lab exited: {Path(log).read_text()[-2000:]}")
            time.sleep(0.5)
    proc.terminate()
    raise AssertionError(f"jupyter lab did not start: {Path(log).read_text()[-2000:]}")


def http_status(url):
    try:
        return urllib.request.urlopen(url, timeout=30).status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser")
    course = tmp / "course"
    release = workflow.release_assignment(ASSIGNMENT, course)
    students = tmp / "student_home"
    good, stubs = students / "reference" / ASSIGNMENT, students / "stubs" / ASSIGNMENT
    shutil.copytree(release, good)
    shutil.copytree(release, stubs)
    _, student = shipped_modules(ASSIGNMENT)
    for mod in student:
        shutil.copy2(workflow.LIB / mod, good / PACKAGE / mod)
    # the notebook as a student who did everything has it: answers in, no hidden tests
    nb = nbformat.read(workflow.NOTEBOOKS / NOTEBOOK, as_version=4)
    for cell in nb.cells:
        cell.source = strip_hidden_region(cell.source)
    nbformat.write(nb, good / NOTEBOOK)
    for name, folder in (("alice", good), ("bob", stubs)):         # what the formgrader lists
        workflow.submit(course, name, ASSIGNMENT, folder)
    workflow.add_students(course, ["alice", "bob"])

    # the students' environment configuration, as setup_student_env.py writes it
    student_prefix = tmp / "student-env"
    student_setup.disable_instructor_tools(student_prefix)
    # every cell in the DOM (JupyterLab 4 renders only the cells near the viewport by default)
    settings = tmp / "lab-settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    base = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    base.update(JUPYTERLAB_SETTINGS_DIR=str(tmp / "lab-settings"), CS231N_QUICK="1", MPLBACKEND="module://matplotlib_inline.backend_inline",
                PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
    student_env = dict(base, JUPYTER_CONFIG_PATH=str(student_prefix / "etc" / "jupyter"))
    SHOTS.mkdir(parents=True, exist_ok=True)
    servers = []
    try:
        servers.append(start_lab(students, student_env, tmp / "student-lab.log"))
        servers.append(start_lab(course, dict(base), tmp / "instructor-lab.log"))
        with playwright_api.sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
            try:
                yield {"student_url": servers[0][1], "instructor_url": servers[1][1], "browser": browser,
                       "good": good}
            finally:
                browser.close()
    finally:
        for proc, _ in servers:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


def open_notebook(browser, url, path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{url}/lab/tree/{path}?reset", timeout=120_000)   # ?reset: no tabs restored
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=180_000)
    return page


def menu_command(page, menu, command):
    page.locator(".lm-MenuBar-itemLabel", has_text=menu).first.click()
    page.locator(f"li.lm-Menu-item[data-command='{command}']").first.click()


def validate(page, name):
    page.locator(".jp-NotebookPanel:visible").get_by_role("button", name="Validate").first.click()
    dialog = page.locator(".jp-Dialog", has_text="Validation Results")
    dialog.wait_for(timeout=600_000)
    text = dialog.inner_text()
    page.screenshot(path=str(SHOTS / f"validate-{name}.png"))
    dialog.get_by_role("button", name="Ok").first.click()
    return text


def test_student_runs_the_notebook_and_sees_a_plot(setup):
    page = open_notebook(setup["browser"], setup["student_url"], f"reference/{ASSIGNMENT}/{NOTEBOOK}")
    menu_command(page, "Run", "runmenu:run-all")
    code_cells = sum(c.cell_type == "code" and bool(c.source.strip())
                     for c in nbformat.read(setup["good"] / NOTEBOOK, as_version=4).cells)
    # done: kernel idle and no cell waiting ([*]); then every code cell must have run
    try:
        deadline = time.monotonic() + 600
        last_run_all = time.monotonic()
        restarts = 0
        while True:
            # JupyterLab asks for a kernel when the session it opened came up without one (seen on
            # a busy machine): a student clicks "Select" (the notebook's own Python 3 kernel)
            chooser = page.locator(".jp-Dialog", has_text="Select Kernel")
            if chooser.count():
                while chooser.count():      # it can come back once more while the kernel starts
                    chooser.get_by_role("button", name="Select").first.click()
                    page.wait_for_timeout(1000)
                page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=180_000)
                menu_command(page, "Run", "runmenu:run-all")
                last_run_all = time.monotonic()
            state = page.evaluate("""() => {
                const idle = document.querySelector(".jp-Notebook-ExecutionIndicator[data-status='idle']");
                const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(p => p.textContent);
                if (!prompts.some(t => /\\[(\\d+|\\*)\\]/.test(t))) return "untouched";
                return idle && !prompts.some(t => t.includes('*')) ? "done" : "running";
            }""")
            if state == "done":
                ran = len(re.findall(r"\[\d+\]", " ".join(page.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts())))
                if ran >= code_cells or tracebacks_on(page) or restarts >= 2:
                    break
                # idle, no error, but the run stopped short (seen once on a busy machine: cell 1 ran, the
                # rest stayed [ ]): the kernel's queue was lost, so a student restarts and runs all
                restarts += 1
                menu_command(page, "Kernel", "runmenu:restart-and-run-all")
                page.locator(".jp-Dialog .jp-mod-accept").first.click()
                last_run_all = time.monotonic()
                page.wait_for_timeout(3000)
                continue
            if state == "untouched" and time.monotonic() - last_run_all > 30:
                # the Run All reached no kernel (it was still connecting on a busy machine): no cell
                # was even queued, so a student clicks it again
                menu_command(page, "Run", "runmenu:run-all")
                last_run_all = time.monotonic()
            assert time.monotonic() < deadline, "Run All did not finish within 600 s"
            page.wait_for_timeout(1000)
    finally:
        page.screenshot(path=str(SHOTS / "student-run-all.png"))
    tracebacks = tracebacks_on(page)
    assert not tracebacks, tracebacks[:1]
    prompts = page.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts()
    numbers = sorted(int(m) for t in prompts for m in re.findall(r"\[(\d+)\]", t))
    assert numbers == list(range(1, code_cells + 1)), prompts
    plots = page.locator(".jp-OutputArea-output img")
    assert plots.count() > 0
    plots.first.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "student-plot.png"))
    page.close()


def tracebacks_on(page):
    """The error outputs a student would see on the page (a traceback, or a first line naming an error)."""
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    return [t for t in errors.all_inner_texts() if "Traceback" in t or "Error" in t.split("\n")[0]]


def test_validate_success_for_the_reference(setup):
    page = open_notebook(setup["browser"], setup["student_url"], f"reference/{ASSIGNMENT}/{NOTEBOOK}")
    text = validate(page, "reference")
    assert "Success! Your notebook passes all the tests." in text, text[:500]
    page.close()


def test_validate_fails_for_unimplemented_functions(setup):
    page = open_notebook(setup["browser"], setup["student_url"], f"stubs/{ASSIGNMENT}/{NOTEBOOK}")
    text = validate(page, "stubs")
    assert "The following cell failed" in text and "NotImplementedError" in text, text[:500]
    page.close()


def test_student_lab_has_no_instructor_tools(setup):
    assert http_status(setup["student_url"] + "/formgrader") == 404
    page = setup["browser"].new_page()
    page.goto(setup["student_url"] + "/lab", timeout=120_000)
    page.wait_for_selector(".lm-MenuBar-itemLabel", timeout=120_000)
    page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").first.click()
    page.screenshot(path=str(SHOTS / "student-nbgrader-menu.png"))
    items = page.locator(".lm-Menu-content").first.inner_text()
    assert "Formgrader" not in items and "Assignment List" in items, items
    page.close()


def test_formgrader_lists_the_submissions(setup):
    page = setup["browser"].new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"{setup['instructor_url']}/formgrader/manage_submissions/{ASSIGNMENT}", timeout=120_000)
    for student in ("alice", "bob"):
        page.get_by_text(student, exact=True).first.wait_for(timeout=120_000)
    page.screenshot(path=str(SHOTS / "formgrader-submissions.png"))
    page.close()
