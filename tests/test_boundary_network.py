"""No network from the child in container mode (issue 15, item 3).

Container mode has no namespaces, so before this the child could reach anything on the host's
network: a listener on 127.0.0.1, or a Dask scheduler (``grade-all --container --scheduler``),
whose ``run_on_scheduler`` runs code as the grading user, which can read the reference. Now
``grading/uid_launch.py`` installs a seccomp filter (``processes.forbid_sockets``) before any
student code: ``socket()`` fails with EPERM. The honest neighbour keeps full marks.
(Bubblewrap has no network namespace to the host: tests/test_boundary_sandbox.py.)
"""
import ast
import json
import os
from pathlib import Path

import pytest

from grading import manifest as M
from tests.dask_cluster import local_cluster
from tests.test_boundary_sandbox import REACH, Listener
from tests.test_container_mode import KIT, grade_all, kit_unreadable_to_others, readable_python  # noqa: F401
from tests.test_grader import make_submission, replace_region

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.geteuid() != 0, reason="container mode needs root"),
              pytest.mark.xdist_group("container")]

SVM = "classifiers.linear_svm.svm_loss_naive"

ON_SCHEDULER = '''
def _on_scheduler(W, X, y, reg):
    from distributed import Client
    def steal(W, X, y, reg):
        import sys
        sys.path.insert(0, KIT)
        from cs231n_lib.classifiers import linear_svm
        return linear_svm.svm_loss_naive(W, X, y, reg)
    with Client(ADDRESS, timeout=5, set_as_default=False) as client:
        return client.run_on_scheduler(steal, W, X, y, reg)
'''


def _class(tmp_path, body, helper=""):
    subs = tmp_path / "class"
    make_submission(subs, "ann")
    make_submission(subs, "mallory", edits={"classifiers/linear_svm.py": lambda t: replace_region(
        t, "svm_loss_naive", body) + helper})
    return subs


def _results(out):
    return {sid: json.loads((out / "results" / f"{sid}.json").read_text()) for sid in ("ann", "mallory")}


def test_container_child_cannot_reach_a_local_listener(tmp_path, readable_python):
    listener = Listener()
    subs = _class(tmp_path, REACH.replace("PORT", str(listener.port)))
    try:
        with kit_unreadable_to_others():
            cp = grade_all(readable_python, subs, tmp_path / "out")
    finally:
        listener.close()
    assert cp.returncode == 0, cp.stdout + cp.stderr
    done = _results(tmp_path / "out")
    assert not listener.reached, listener.reached
    assert done["mallory"]["sandbox"]["mode"] == "uid"
    assert done["mallory"]["functions"][SVM]["passed"] == 0, done["mallory"]["functions"][SVM]
    assert "Operation not permitted" in done["mallory"]["functions"][SVM]["feedback"]
    assert done["ann"]["total"] == M.max_points("linear_classifiers")


def test_container_child_cannot_run_code_on_a_dask_scheduler(tmp_path, readable_python):
    with local_cluster(tmp_path / "dask", workers=1) as address:
        helper = ON_SCHEDULER.replace("ADDRESS", repr(address)).replace("KIT", repr(str(KIT)))
        subs = _class(tmp_path, "for _ in range(1):\n    return _on_scheduler(W, X, y, reg)", helper)
        with kit_unreadable_to_others():
            cp = grade_all(readable_python, subs, tmp_path / "out", "--timeout", "60")   # importing distributed takes time
    assert cp.returncode == 0, cp.stdout + cp.stderr
    done = _results(tmp_path / "out")
    svm = done["mallory"]["functions"][SVM]
    assert svm["passed"] == 0, svm
    assert done["ann"]["total"] == M.max_points("linear_classifiers")
