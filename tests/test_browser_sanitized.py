"""A student's ``<script>`` and ``onerror`` do not run in the instructor's browser (issue 15, item 7).

The autograded notebook is what the formgrader and the feedback show. It is rendered the way
both of nbgrader's pages render it (nbconvert's HTMLExporter, the ``classic`` template their
``formgrade`` and ``feedback`` templates extend; markdown through ``markdown2html`` without
nbconvert's own sanitizing, as nbgrader's templates do) and opened in Chromium. The control,
the same notebook without the kit's output stage, runs the student's script: the check can fail.
"""
import pytest
from nbconvert.exporters import HTMLExporter
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from tests.test_browser import CHROMIUM, FLAGS, playwright_api
from tests.test_output_limits import output_stage

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("browser")]

BUMP = "window.__pwned = (window.__pwned || 0) + 1"


def hostile_notebook():
    return new_notebook(cells=[
        new_markdown_cell(f'My answer. <img src="x" onerror="{BUMP}">'),
        new_code_cell("display(HTML(...))", outputs=[new_output("display_data", data={
            "text/html": f'<script>{BUMP}</script><img src="y" onerror="{BUMP}">', "text/plain": "<HTML>"})]),
        new_code_cell("display(Javascript(...))", outputs=[new_output("display_data", data={
            "application/javascript": BUMP, "text/plain": "<Javascript>"})]),
    ])


def scripts_run(tmp_path, nb, name):
    """How many of the student's scripts ran when Chromium opened the rendered notebook."""
    html, _ = HTMLExporter(template_name="classic").from_notebook_node(nb)
    page_file = tmp_path / f"{name}.html"
    page_file.write_text(html)
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        try:
            page = browser.new_page()
            page.route("**/*", lambda route: route.abort() if not route.request.url.startswith("file:")
                       else route.continue_())   # offline: no CDN, no network
            page.goto(page_file.as_uri(), wait_until="load", timeout=120_000)   # load waits for images (onerror)
            return page.evaluate("window.__pwned || 0")
        finally:
            browser.close()


def test_the_control_runs_the_students_scripts(tmp_path):
    assert scripts_run(tmp_path, hostile_notebook(), "control") >= 2


def test_the_autograded_notebook_runs_no_student_script(tmp_path):
    assert scripts_run(tmp_path, output_stage(hostile_notebook()), "autograded") == 0
