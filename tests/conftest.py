"""Shared fixtures: paths of the repository and of the shared CIFAR-10 subset."""
import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED_CIFAR = ROOT.parent / "shared" / "datasets" / "cifar-10-batches-py-mini"

# Keep BLAS single-threaded per test worker: pytest runs two workers on two cores.
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture
def shared_cifar_dir():
    """The shared real CIFAR-10 subset beside the project, or a visible skip."""
    if not (SHARED_CIFAR / "data_batch_1").exists():
        pytest.skip(f"shared CIFAR-10 subset not found at {SHARED_CIFAR} (it sits beside the project in CI)")
    return SHARED_CIFAR


@pytest.fixture(scope="session")
def sandbox_required():
    """The grading sandbox, which must work on Linux (it comes from the pinned requirements):
    a test that needs it FAILS there when it cannot start, and skips only off Linux."""
    import sys

    from grading import sandbox

    state = sandbox.status()
    if not state.ok:
        if sys.platform.startswith("linux"):
            pytest.fail(f"the grading sandbox cannot start on this Linux machine: {state.detail}")
        pytest.skip(f"the grading sandbox needs Linux: {state.detail}")
    return state
