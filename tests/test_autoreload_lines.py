"""Issue 17, item 3: after a module is edited between two cells under autoreload (the notebooks
say no restart is needed), a traceback and a warning point at the right line of the new file.

IPython 9's `%autoreload 2` re-executes only the changed functions ("deduperreload"), and their
code then carries line numbers counted from the function, not the file (engine.py:47 on a
docstring line instead of 210); and `warnings` shows lines from linecache's stale copy of the
file. `%load_ext cs231n_lib.notebook_utils` sets autoreload up to reload whole modules and
refreshes linecache before every cell. A real kernel runs the cells (jupyter_client)."""
import json
import os
import re
import sys
import textwrap

import pytest
from jupyter_client.manager import KernelManager

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

KIT_SETUP = "%load_ext autoreload\n%autoreload 2\n%load_ext cs231n_lib.notebook_utils\n"
OLD = 'def f():\n    x = 1\n    raise ValueError("boom")\n'
NEW = textwrap.dedent('''\
    """A module docstring
    that moves everything down.
    """
    import warnings


    def f():
        x = 1
        y = 2
        raise ValueError("boom, edited")


    def g():
        # a comment that must not be shown as the warning's line
        warnings.warn("careful", RuntimeWarning)
        return 1
    ''')
OLD_G = 'import warnings\n\n\ndef f():\n    x = 1\n    raise ValueError("boom")\n\n\ndef g():\n' \
        '    warnings.warn("careful", RuntimeWarning)\n    return 1\n'
ANSI = re.compile(r"\x1b\[[0-9;]*m")


class Kernel:
    """A real IPython kernel (IPC transport) whose cells we run one by one."""

    def __init__(self, cwd):
        # IPC sockets named by an absolute path: the kernel runs in cwd, this process does not
        self.km = KernelManager(kernel_name="python3", transport="ipc", ip=str(cwd / "kernel-ipc"))
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        self.km.start_kernel(cwd=str(cwd), env={**env, "PYTHONPATH": f"{ROOT}{os.pathsep}{cwd}"})
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=600)

    def run(self, code):
        """(stdout and stderr text, traceback text) of one cell."""
        msg_id = self.kc.execute(code)
        streams, errors = [], []
        while True:
            msg = self.kc.get_iopub_msg(timeout=300)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                streams.append(content["text"])
            elif kind == "error":
                errors.append(ANSI.sub("", "\n".join(content["traceback"])))
            elif kind == "status" and content["execution_state"] == "idle":
                return "".join(streams), "\n".join(errors)

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


@pytest.fixture
def kernel(tmp_path):
    k = Kernel(tmp_path)
    yield k
    k.close()


def _frame_line(traceback, filename):
    """The line number the traceback gives for ``filename``."""
    found = re.findall(re.escape(filename) + r":(\d+)", traceback)
    assert found, traceback
    return int(found[-1])


def _edit(path, text):
    """Write ``text`` and make sure the modification time moves on (coarse clocks)."""
    before = path.stat().st_mtime_ns
    path.write_text(text)
    if path.stat().st_mtime_ns <= before:
        os.utime(path, ns=(before + 1_000_000_000, before + 1_000_000_000))


def _traceback_after_edit(kernel, tmp_path, setup):
    module = tmp_path / "edited_module.py"
    module.write_text(OLD)
    out, err = kernel.run(setup + "import edited_module")
    assert not err, err
    _, first = kernel.run("edited_module.f()")
    assert _frame_line(first, "edited_module.py") == 3
    _edit(module, NEW)
    _, second = kernel.run("edited_module.f()")
    return second


def test_a_traceback_after_an_edit_points_at_the_moved_line(kernel, tmp_path):
    traceback = _traceback_after_edit(kernel, tmp_path, KIT_SETUP)
    assert "boom, edited" in traceback          # the new code ran
    assert _frame_line(traceback, "edited_module.py") == NEW.splitlines().index(
        '    raise ValueError("boom, edited")') + 1, traceback
    assert 'raise ValueError("boom, edited")' in traceback


def test_a_warning_after_an_edit_shows_the_new_line(kernel, tmp_path):
    module = tmp_path / "edited_module.py"
    module.write_text(OLD_G)
    _, err = kernel.run(KIT_SETUP + "import warnings\nwarnings.simplefilter('always')\nimport edited_module\n"
                        "edited_module.g()")
    assert not err, err
    _edit(module, NEW)
    out, err = kernel.run("edited_module.g()")
    assert not err, err
    line = NEW.splitlines().index('    warnings.warn("careful", RuntimeWarning)') + 1
    assert f"edited_module.py:{line}: RuntimeWarning: careful" in out, out
    assert 'warnings.warn("careful", RuntimeWarning)' in out.split("RuntimeWarning: careful", 1)[1], out


def test_the_extension_is_harmless_to_load_twice_and_keeps_autoreload_on(kernel, tmp_path):
    _, err = kernel.run(KIT_SETUP + "%load_ext cs231n_lib.notebook_utils\n%reload_ext cs231n_lib.notebook_utils")
    assert not err, err
    out, err = kernel.run("from cs231n_lib import notebook_utils\n"
                          "print(sum(h is notebook_utils.refresh_linecache for h in "
                          "get_ipython().events.callbacks['pre_run_cell']))")
    assert not err and out.strip() == "1", (out, err)


def test_every_notebook_that_autoreloads_loads_the_fix():
    missing = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        source = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        if "%autoreload" in source and "%load_ext cs231n_lib.notebook_utils" not in source:
            missing.append(path.name)
    assert not missing, missing


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q"]))
