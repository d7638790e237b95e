"""The corpus of student code (tests/student_code) graded once by the real grader, in the sandbox,
for every test that asserts on it (tests/test_feedback_corpus.py, tests/test_feedback_claims_corpus.py):
the ``graded_corpus`` fixture of tests/conftest.py calls :func:`grade_corpus` once per session.

Samples are transplanted into copies of the reference (the student's other functions are right),
several at a time: one sample per function, and never a layer's forward with its backward (the
backward is graded on the student's own forward), a constructor with its method, a network with a
layer, or the hue with the colour histogram (which calls the student's rgb_to_hue).
"""
import re
from collections import defaultdict
from dataclasses import dataclass

import pytest

from grading import manifest as M
from grading import parent
from tests.student_code import load_all, make_submission, transplant

SAMPLES = load_all()


def _group(path):
    """Samples sharing a group never share a submission."""
    if path.startswith("layers."):
        return re.sub(r"_(forward|backward)$", "", path)
    if path.startswith("graph.gates."):
        return path.rsplit(".", 1)[0]
    if ".fc_net." in path or ".linear_classifier." in path:
        return path.rsplit(".", 2)[0]
    if path in ("features.rgb_to_hue", "features.color_histogram"):
        return "features.hue"  # color_histogram calls the student's rgb_to_hue
    return path


def _conflict(a, b):
    """May samples of paths a and b not share a submission? Same group, or a network and a
    layer (the network is built from the student's layers)."""
    ga, gb = _group(a), _group(b)
    nets = {g.startswith("classifiers.fc_net") for g in (ga, gb)}
    layers = {g.startswith("layers.") for g in (ga, gb)}
    return ga == gb or (nets == {True, False} and layers == {True, False})


def batches():
    """[(assignment, [samples])]: greedy, no two conflicting samples in a batch."""
    out = defaultdict(list)   # assignment -> list of batches (lists)
    for s in SAMPLES:
        assignment = M.by_path()[s.path].assignment
        for batch in out[assignment]:
            if not any(_conflict(o.path, s.path) for o in batch):
                batch.append(s)
                break
        else:
            out[assignment].append([s])
    return [(a, b) for a, bs in out.items() for b in bs]


@dataclass
class GradedCorpus:
    """``results``: sample id -> the function's entry in the grader's result (a dict: points,
    feedback, misconceptions ...); ``grades``: ``[(sample, FunctionGrade)]``, the grade object
    behind each entry (its ``observed`` cases and ``findings``), in corpus order."""
    results: dict
    grades: list


def grade_corpus(root) -> GradedCorpus:
    """Grade every batch once under ``root``, keeping each function's FunctionGrade (caught on its
    way to ``feedback_text``) beside the result the grader returns."""
    kept = {}
    original = parent.feedback_text

    def keep(path, r):
        kept[path] = r
        return original(path, r)

    results, grades = {}, []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(parent, "feedback_text", keep)
        for i, (assignment, batch) in enumerate(batches()):
            folder = make_submission(root / f"b{i}", assignment, base="reference")
            for s in batch:
                transplant(s, folder)
            kept.clear()
            r = parent.grade(folder, paths=[s.path for s in batch], assignment=assignment)
            for s in batch:
                results[s.id] = r["functions"][s.path]
                grades.append((s, kept[s.path]))
    return GradedCorpus(results, grades)
