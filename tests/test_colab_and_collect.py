"""The Colab path of the student release (issue 17): the first code cell of every released notebook opens the
work folder on Google Drive and installs the notebooks' packages only in Colab (a stand-in ``google.colab``
here), and does nothing elsewhere; ``collect_submission.py`` zips exactly what the Gradescope autograder
reads (fed to :func:`grading.lms.assemble_work_folder`)."""
import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import nbformat
import pytest

from grading import lms, release

ASSIGNMENT = "computational_graphs"


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """The assignment's folder as the release builds it (source/, before nbgrader clears the answers)."""
    return release.build_source(ASSIGNMENT, tmp_path_factory.mktemp("course"))


def _colab_cell(folder, name):
    cells = nbformat.read(Path(folder) / name, as_version=4).cells
    return next(c for c in cells if c.cell_type == "code")


def test_every_released_notebook_starts_with_the_colab_cell(source):
    from grading.assignments import ASSIGNMENTS

    for name in ASSIGNMENTS[ASSIGNMENT]["notebooks"]:
        cell = _colab_cell(source, name)
        assert cell.get("id") == release.COLAB_CELL_ID and cell.metadata["nbgrader"]["locked"]
        assert f'COLAB_FOLDER = "cs231n/{ASSIGNMENT}"' in cell.source
    assert (source / "collect_submission.py").is_file()


def _run_cell(cell_source, cwd, fake_colab=None):
    """Run the cell's code in a fresh Python in ``cwd``; with ``fake_colab`` (a folder), a stand-in
    ``google.colab`` whose drive.mount records its argument and a stand-in ``pip`` that records its
    arguments come first on the path."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if fake_colab:
        env["PYTHONPATH"] = str(fake_colab)
    code = cell_source + "\nimport json, os, sys\nprint('STATE', json.dumps({'cwd': os.getcwd(), 'path0': sys.path[0]}))\n"
    return subprocess.run([sys.executable, "-c", code], cwd=str(cwd), env=env, text=True,
                          capture_output=True, timeout=300)


def _fake_colab(tmp_path, log):
    fake = tmp_path / "fake"
    (fake / "google" / "colab").mkdir(parents=True)
    (fake / "google" / "__init__.py").write_text("")
    (fake / "google" / "colab" / "__init__.py").write_text("")
    (fake / "google" / "colab" / "drive.py").write_text(textwrap.dedent(f"""
        def mount(path):
            with open({str(log)!r}, "a") as f:
                f.write("mount " + path + "\\n")
    """))
    (fake / "pip").mkdir()
    (fake / "pip" / "__init__.py").write_text("")
    (fake / "pip" / "__main__.py").write_text(textwrap.dedent(f"""
        import sys
        with open({str(log)!r}, "a") as f:
            f.write("pip " + " ".join(sys.argv[1:]) + "\\n")
    """))
    return fake


def test_the_colab_cell_does_nothing_outside_colab(source, tmp_path):
    proc = _run_cell(_colab_cell(source, "computational_graphs.ipynb").source, tmp_path)
    assert proc.returncode == 0, proc.stderr
    state = json.loads(proc.stdout.split("STATE ")[-1])
    assert Path(state["cwd"]) == tmp_path and "Colab" not in proc.stdout
    assert [l for l in proc.stdout.splitlines() if not l.startswith("STATE")] == []


def test_the_colab_cell_mounts_drive_opens_the_folder_and_installs(source, tmp_path):
    import shutil

    log = tmp_path / "log.txt"
    fake = _fake_colab(tmp_path, log)
    drive = tmp_path / "drive"
    work = drive / "MyDrive" / "cs231n" / ASSIGNMENT
    shutil.copytree(source, work)
    cell = _colab_cell(source, "computational_graphs.ipynb").source
    cell = cell.replace('DRIVE_ROOT = "/content/drive"', f"DRIVE_ROOT = {str(drive)!r}")
    proc = _run_cell(cell, tmp_path, fake)
    assert proc.returncode == 0, proc.stderr
    state = json.loads(proc.stdout.split("STATE ")[-1])
    assert Path(state["cwd"]) == work and Path(state["path0"]) == work
    calls = log.read_text().splitlines()
    assert calls[0] == f"mount {drive}"
    assert calls[1].startswith("pip install --quiet ") and "numpy==" in calls[1] and "matplotlib==" in calls[1], calls
    assert "nbgrader" not in calls[1] and "jupyterlab" not in calls[1], "Colab's own Jupyter must stay"
    # a folder that is not there: an error that says what to do
    proc = _run_cell(cell.replace(f'"cs231n/{ASSIGNMENT}"', '"cs231n/elsewhere"'), tmp_path, fake)
    assert proc.returncode != 0 and "set COLAB_FOLDER above" in proc.stderr


def test_collect_submission_zips_what_the_autograder_grades(source, tmp_path):
    import shutil

    folder = tmp_path / ASSIGNMENT
    shutil.copytree(source, folder)
    engine = folder / "cs231n_lib" / "graph" / "engine.py"
    engine.write_text(engine.read_text() + "\n# my work\n")
    (folder / "cs231n_lib" / "__pycache__").mkdir(exist_ok=True)
    (folder / "cs231n_lib" / "__pycache__" / "x.pyc").write_bytes(b"\0")
    (folder / ".ipynb_checkpoints").mkdir()
    (folder / ".ipynb_checkpoints" / "computational_graphs-checkpoint.ipynb").write_text("{}")
    proc = subprocess.run([sys.executable, "collect_submission.py"], cwd=str(folder), text=True,
                          capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    archive = folder / f"{ASSIGNMENT}_submission.zip"
    with zipfile.ZipFile(archive) as zf:
        names = sorted(zf.namelist())
    assert "computational_graphs.ipynb" in names and "cs231n_lib/graph/engine.py" in names
    assert all(n.endswith((".ipynb", ".py")) for n in names) and not any("checkpoint" in n or "pycache" in n
                                                                            for n in names)
    upload = tmp_path / "upload"
    upload.mkdir()
    shutil.copy2(archive, upload / archive.name)
    skeleton = tmp_path / "skeleton"
    shutil.copytree(source, skeleton)
    dest = tmp_path / "work" / "folder"
    notes = lms.assemble_work_folder(upload, skeleton, dest, release.shipped_modules(ASSIGNMENT)[1])
    assert (dest / "cs231n_lib" / "graph" / "engine.py").read_text().endswith("# my work\n"), notes
    assert (dest / "computational_graphs.ipynb").is_file()


def test_the_colab_cell_fits_a_laptop_window():
    """The first code cell a student sees is readable without scrolling sideways: no line above
    cs231n_lib.checks.WIDTH (100) characters, the width every check line keeps."""
    from cs231n_lib.checks import WIDTH

    source = release.COLAB_CELL.read_text(encoding="utf-8").format(assignment="linear_classifiers")
    long_lines = [line for line in source.splitlines() if len(line) > WIDTH]
    assert not long_lines, "\n".join(long_lines)
