"""The suite's ``xdist_group`` marks hold under ``make test`` (``-n 2 --dist loadgroup``).

The groups keep expensive module fixtures (a whole nbgrader course, a browser) to one worker, and
keep tests that change the kit's permissions (container mode) from running beside each other.
pytest 9.2 with pytest-xdist 3.8 ignored every group without a word (xdist names a grouped test
``nodeid@group`` by setting an attribute pytest 9.2 no longer reads), so each fixture ran on both
workers. This runs a small session the way the Makefile does and checks the group held.
"""
import os
import subprocess
import sys
import textwrap

GROUPED = textwrap.dedent('''
    import os, pytest
    pytestmark = [pytest.mark.xdist_group("together")]

    @pytest.fixture(scope="module")
    def once():
        with open(os.environ["SETUPS"], "a") as f:
            f.write(os.environ.get("PYTEST_XDIST_WORKER", "main") + "\\n")

    @pytest.mark.parametrize("i", range(6))
    def test_grouped(once, i):
        pass
''')
OTHERS = textwrap.dedent('''
    import time, pytest

    @pytest.mark.parametrize("i", range(12))
    def test_other(i):
        time.sleep(0.05)
''')


def test_tests_of_one_group_run_on_one_worker_and_share_their_module_fixture(tmp_path):
    (tmp_path / "test_grouped.py").write_text(GROUPED)
    (tmp_path / "test_others.py").write_text(OTHERS)
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    setups = tmp_path / "setups.txt"
    cp = subprocess.run([sys.executable, "-m", "pytest", "-q", "-n", "2", "--dist", "loadgroup", "-p", "no:cacheprovider",
                         "-rA", str(tmp_path)], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                        env={**os.environ, "SETUPS": str(setups)})
    assert cp.returncode == 0, cp.stdout + cp.stderr
    assert "18 passed" in cp.stdout, cp.stdout
    assert "test_grouped.py::test_grouped[0]@together" in cp.stdout, (
        "xdist did not mark the grouped tests: --dist loadgroup ignores xdist_group with this pytest / "
        "pytest-xdist pair (see this file's docstring)\n" + cp.stdout)
    assert setups.read_text().splitlines() == [setups.read_text().split()[0]], (
        f"the module fixture of one group ran more than once: {setups.read_text().split()}")
