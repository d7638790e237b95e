"""Shared fixtures: paths of the repository and of the shared CIFAR-10 subset."""
import collections
import functools
import importlib
import inspect
import os
import pathlib
import re

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


@pytest.fixture(scope="session")
def graded_corpus(tmp_path_factory, sandbox_required):
    """The corpus of student code graded once per session by the real grader (tests/corpus_grading.py);
    tests/test_feedback_corpus.py and tests/test_feedback_claims_corpus.py both assert on it."""
    from tests.corpus_grading import grade_corpus

    return grade_corpus(tmp_path_factory.mktemp("corpus"))


# ----------------------------------------------------------------------------- one marker per graded function
# `pytest -m svm_loss_vectorized` runs the tests of one graded function. The markers come from the
# grading manifest (`Graded.marker`: the function's name, or Class_name for a method whose name
# another entry shares, e.g. TwoLayerNet_loss). A test gets a function's marker when it mentions
# the function:
# - in its name or parameter ids: the dotted path, or the name unless a longer graded name holds
#   it there (test_svm_loss_vectorized... is not svm_loss);
# - in the identifiers of its source code, or through a parameter that is the function itself;
# - for a method: its class (or a subclass: LinearSVM for LinearClassifier.train) and its name,
#   or the class alone for __init__ (every construction runs it) and for a class with one graded
#   method (AddGate.backward).
# A function no test mentions has no test: `pytest -m NAME` then selects nothing.

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _graded_functions():
    from grading import manifest

    return manifest.MANIFEST


def pytest_configure(config):
    for g in _graded_functions():
        config.addinivalue_line("markers", f"{g.marker}: tests of {g.path} (grading manifest)")


def _words_in_name(text, names):
    """The ``names`` that ``text`` (a test's name and parameter ids) holds, each bounded by a
    non-alphanumeric character, leaving out those inside a longer match (svm_loss in svm_loss_naive)."""
    spans = []
    for name in names:
        for m in re.finditer(rf"(?<![A-Za-z0-9]){re.escape(name)}(?![A-Za-z0-9])", text):
            spans.append((m.start(), m.end(), name))
    return {n for a, b, n in spans if not any(c <= a and b <= d and (c, d) != (a, b) for c, d, _ in spans)}


@functools.lru_cache(maxsize=None)
def _source_identifiers(function):
    try:
        return frozenset(_IDENTIFIER.findall(inspect.getsource(function)))
    except (OSError, TypeError):        # no source (a builtin, a generated test): the name still counts
        return frozenset()


def _mentions(item):
    """Identifiers and dotted words a test mentions: name, parameter ids and values, source."""
    words = set(_IDENTIFIER.findall(item.name))
    function = getattr(item, "function", None)
    if function is not None:
        words |= _source_identifiers(function)
    for value in getattr(getattr(item, "callspec", None), "params", {}).values():
        if callable(value):
            words.update(_IDENTIFIER.findall(getattr(value, "__qualname__", "")))
        elif isinstance(value, str):
            words.update(_IDENTIFIER.findall(value))
    return words


def _with_subclasses(path):
    """The name of the class of a graded method and of its subclasses in the reference package
    (LinearClassifier: LinearSVM, Softmax), since a test may use a subclass."""
    from grading.dotted import DottedPath

    dotted = DottedPath(path)
    cls = getattr(importlib.import_module("cs231n_lib." + dotted.module), dotted.attribute_chain[0])
    names, todo = set(), [cls]
    while todo:
        c = todo.pop()
        names.add(c.__name__)
        todo.extend(c.__subclasses__())
    return frozenset(names)


def pytest_collection_modifyitems(config, items):
    entries = [(g.path, g.marker, tuple(g.dotted.attribute_chain)) for g in _graded_functions()]
    names = [chain[0] for _, _, chain in entries if len(chain) == 1]
    methods_per_class = collections.Counter(chain[0] for _, _, chain in entries if len(chain) > 1)
    classes = {chain[0]: _with_subclasses(path) for path, _, chain in entries if len(chain) > 1}
    for item in items:
        words = _mentions(item)
        in_name = _words_in_name(item.name, names)
        for path, marker, chain in entries:
            if path in item.name or marker in in_name or (len(chain) > 1 and marker != chain[-1] and marker in words):
                hit = True
            elif len(chain) == 1:
                hit = chain[0] in words
            else:
                hit = bool(classes[chain[0]] & words) and (chain[-1] in words or chain[-1] == "__init__"
                                                     or methods_per_class[chain[0]] == 1)
            if hit:
                item.add_marker(marker)
