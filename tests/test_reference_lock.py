"""The reference package is shared by every thread of a grading process (grade-all's thread mode,
Dask's threads): misconception matching installs wrong versions in it and seeds numpy's global
generator. Reference outputs computed meanwhile in another thread must never see a wrong version
(found by make bench: in thread mode a correct svm_loss_vectorized got 1/6 cases, "right for
reg = 0 only", while another submission's misconceptions were being matched)."""
import threading

import numpy as np

from grading import manifest as M
from grading import misconceptions as MC
from grading import parent
from grading.misconceptions.base import installed

SVM = "classifiers.linear_svm.svm_loss_vectorized"


def _no_reg(W, X, y, reg):
    loss, dW = parent.reference_import("cs231n_lib.classifiers.linear_svm").svm_loss_naive(W, X, y, 0.0)
    return loss, dW


def test_reference_outputs_never_see_a_variant_installed_by_another_thread():
    entry = M.by_path()[SVM]
    draw = 271828182845904523536      # a draw no other test computes (the cache is per draw)
    seen = {}

    def compute():
        seen["outputs"] = parent.reference_outputs(entry, draw)

    worker = threading.Thread(target=compute)
    with MC.REFERENCE_LOCK, installed(SVM, _no_reg, parent.reference_import):
        worker.start()
        worker.join(timeout=3)     # without the lock it finishes here, with the wrong version's outputs
    worker.join(timeout=600)
    assert not worker.is_alive()
    parent._EXPECTED.pop((SVM, draw + 1), None)
    alone = parent.reference_outputs(entry, draw + 1)   # the same cases' structure, computed alone
    reference = parent.reference_import("cs231n_lib.classifiers.linear_svm").svm_loss_vectorized
    for case, expected in seen["outputs"]:
        loss, dW = reference(**case.inputs)
        assert np.isclose(expected["loss"], loss, rtol=1e-12), case.label
        assert np.allclose(expected["dW"], dW, rtol=1e-12), case.label
    assert len(alone) == len(seen["outputs"])


def test_a_stub_is_never_matched_against_the_misconceptions(monkeypatch):
    """A call that raised NotImplementedError (a stub, or a stub it calls) matches no wrong version
    (none raises it, and a candidate must match every case), so no variant is run for it: the
    matching cost of an unfinished function is gone (make bench's versions row for stubs)."""
    from grading import feedback

    entry = M.by_path()[SVM]
    cases = parent.reference_outputs(entry)
    observed = [(case, expected, MC.Raised("NotImplementedError", "svm_loss_vectorized: ...")) for case, expected in cases]

    def no_variant(*args, **kwargs):
        raise AssertionError("a variant was run for a stub")

    monkeypatch.setattr(feedback, "_variant_outcome", no_variant)
    assert feedback.name_misconceptions(entry, observed, parent.reference_import) == []
    one_raised = [(c, e, {"loss": 0.0, "dW": np.zeros_like(e["dW"])}) for c, e in cases[1:]] + [observed[0]]
    assert feedback.name_misconceptions(entry, one_raised, parent.reference_import) == []
