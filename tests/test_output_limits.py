"""The autograded notebook is bounded and holds no active student HTML (issue 15, item 7).

The output stage of the kit's autograde pipeline (every preprocessor after the notebook ran and
before nbgrader saves the grades) is applied to notebooks a hostile student's kernel produced."""
import json

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from grading.kernel_sandbox import SandboxedExecute
from grading.nbgrader_preprocessors import autograde_preprocessors, feedback_preprocessors
from nbgrader.preprocessors import SaveAutoGrades

MB = 1_000_000
ATTACKS = ("<script", "onerror", "javascript:", "\"application/javascript\":")


def output_stage(nb):
    """Run the autograde preprocessors between the execution and SaveAutoGrades on ``nb``."""
    classes = autograde_preprocessors()
    execute = next(i for i, cls in enumerate(classes) if issubclass(cls, SandboxedExecute))   # the kit's Execute
    stage = classes[execute + 1:classes.index(SaveAutoGrades)]
    resources = {"nbgrader": {}}
    for cls in stage:
        nb, resources = cls().preprocess(nb, resources)
    return nb


def size(nb):
    return len(nbformat.writes(nb))


def test_a_long_line_and_a_large_html_display_are_cut():
    """A notebook printing one 30 MB line plus a 10 MB HTML display (150 MB + 50 MB in the
    reported attack; same code path): the autograded notebook stays under the stated bound
    (5 MB of outputs + 20 kB per code cell)."""
    nb = new_notebook(cells=[
        new_code_cell("print('x' * N)", outputs=[new_output("stream", name="stdout", text="x" * (30 * MB) + "\n")]),
        new_code_cell("display(HTML(...))", outputs=[new_output("display_data", data={
            "text/html": "<b>" + "y" * (10 * MB) + "</b>", "text/plain": "<HTML>"})]),
        new_code_cell("many displays", outputs=[new_output("display_data", data={"text/plain": "z" * 1000})
                                                for _ in range(10_000)]),
        new_code_cell("assert ok", outputs=[new_output("error", ename="AssertionError", evalue="e" * MB,
                                                       traceback=["t" * MB] * 50)]),
        new_code_cell("1 + 1", outputs=[new_output("execute_result", data={"text/plain": "0.5"}, execution_count=1)]),
    ])
    out = output_stage(nb)
    assert size(out) < 5 * MB + 5 * 20_000, size(out)
    cells = out.cells
    assert "characters cut by the grader" in cells[0].outputs[0].text
    # what nbgrader scores from stays: the error, and the result of a test cell
    assert cells[3].outputs[0].output_type == "error" and cells[3].outputs[0].ename == "AssertionError"
    assert cells[4].outputs[0].data["text/plain"] == "0.5"


def test_an_honest_notebook_keeps_its_outputs():
    nb = new_notebook(cells=[
        new_code_cell("print(loss)", outputs=[new_output("stream", name="stdout", text="loss 2.30 < 2.5\n")]),
        new_code_cell("df", outputs=[new_output("execute_result", execution_count=1, data={
            "text/html": '<table border="1" class="dataframe"><thead><tr><th>a</th></tr></thead>'
                         "<tbody><tr><td>1</td></tr></tbody></table>", "text/plain": "   a\n0  1"})]),
        new_markdown_cell("Since $a < b$, the `x<y` check holds. **Yes**."),
    ])
    before = json.loads(nbformat.writes(nb))
    after = json.loads(nbformat.writes(output_stage(nb)))
    assert after == before


def hostile_notebook():
    return new_notebook(cells=[
        new_markdown_cell('My answer <img src=x onerror="alert(document.cookie)"> '
                          '<script>alert(1)</script> [link](javascript:alert(2))'),
        new_code_cell("HTML(...)", outputs=[new_output("display_data", data={
            "text/html": "<script>alert(3)</script><img src=x onerror=alert(4)><a href='javascript:alert(5)'>x</a>",
            "text/plain": "<HTML>"})]),
        new_code_cell("Javascript(...)", outputs=[new_output("display_data", data={
            "application/javascript": "alert(6)"})]),
        new_code_cell("SVG(...)", outputs=[new_output("display_data", data={
            "image/svg+xml": "<svg onload='alert(7)'><script>alert(8)</script></svg>"})]),
    ])


def test_student_html_is_inert_in_the_autograded_notebook():
    text = nbformat.writes(output_stage(hostile_notebook()))
    for attack in ATTACKS:
        assert attack not in text, attack


def test_student_html_is_inert_in_the_feedback_pipeline():
    """Feedback made from a notebook autograded before the kit cleaned it is clean as well."""
    from grading.nbgrader_outputs import SanitizeStudentHTML

    assert SanitizeStudentHTML in feedback_preprocessors()
    nb, _ = SanitizeStudentHTML().preprocess(hostile_notebook(), {})
    text = nbformat.writes(nb)
    for attack in ATTACKS:
        assert attack not in text, attack


def _figure_copy_output():
    """A figure as cs231n_lib.figures.show publishes it: PNG, an HTML <img> copy with alt, text."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    from cs231n_lib.figures import figure_output

    fig, ax = plt.subplots(figsize=(8, 6), dpi=100)
    ax.imshow(np.random.default_rng(0).random((200, 200)))
    data, metadata = figure_output(fig, "Random pixels: a test picture")
    plt.close(fig)
    assert data["text/html"].startswith("<img ")
    return new_output("display_data", data=data, metadata=metadata)


def test_a_figures_html_copy_is_kept_whole_or_left_out_never_cut():
    """When the notebook's output budget runs out in the middle of a figure's HTML copy (a data: URI
    <img>), the copy is left out (the PNG and the text stay as the budget allows), never cut mid-base64
    into a broken image."""
    figure = _figure_copy_output()
    html = figure["data"]["text/html"]
    filler = "x" * 99 + "\n"
    for budget_left in (len(html) // 2, len(html) + 1000):
        nb = new_notebook(cells=[new_code_cell("print('x')", outputs=[new_output("stream", name="stdout",
                                                                                  text=filler * 1000)]),
                                 new_code_cell("show(fig)", outputs=[json.loads(json.dumps(figure))])])
        from grading.nbgrader_outputs import BoundOutput

        png = len(figure["data"]["image/png"])
        bound = BoundOutput(max_notebook_chars=100_000 + 200 + png + budget_left, max_image_chars=10 ** 9)
        nb, _ = bound.preprocess(nb, {"nbgrader": {}})
        kept = nb.cells[1].outputs[0]["data"].get("text/html")
        assert kept is None or kept == html, (budget_left, len(kept or ""), len(html))
