"""Outputs with more than one right answer: the reference's value and what else is accepted.

Trusted side only. Where the docstring leaves a choice free (which of several training points at
exactly the same distance enters kNN's k nearest), the parent's expected value is a :class:`OneOf`:
the reference's array, and per entry the set of every value a valid choice gives. The one rule
(:func:`cs231n_lib.comparison.compare`: kind, dtype, shape, values) decides first; an array of the
right kind, dtype and shape whose integer entries differ is then accepted when every entry is one
of its allowed values (:func:`accepts`). The parent's ``compare`` and the misconception matcher's
``accepted`` both use it, so a passing case is never called wrong in the feedback.

``ACCEPTORS``: ``{dotted path: {output: function(case inputs) -> [allowed values per entry]}}``.
"""
import numpy as np

from .cases.k_nearest_neighbor import knn_vote_choices

ACCEPTORS = {
    "classifiers.k_nearest_neighbor.KNearestNeighbor.predict_labels": {
        "y_pred": lambda inputs: knn_vote_choices(inputs["dists"], inputs["y_train"], inputs["k"]),
    },
}


class OneOf(np.ndarray):
    """The reference's value of an output (an ndarray: every comparison sees its values), with
    ``allowed``: per entry (flat order) the frozenset of every value the docstring allows."""

    def __new__(cls, value, allowed):
        obj = np.array(value).view(cls)
        obj.allowed = tuple(frozenset(a) for a in allowed)
        if len(obj.allowed) != obj.size:
            raise ValueError(f"{len(obj.allowed)} sets of allowed values for {obj.size} entries")
        return obj

    def __array_finalize__(self, obj):
        self.allowed = getattr(obj, "allowed", None)

    def __reduce__(self):   # pickled (a pool's worker) as what it is: the value and its alternatives
        return OneOf, (np.asarray(self), self.allowed)


def with_alternatives(path: str, inputs: dict, outputs: dict) -> dict:
    """``outputs`` (the reference's, for these case ``inputs``) with every output that has other
    right answers as a :class:`OneOf`."""
    rules = ACCEPTORS.get(path)
    if not rules:
        return outputs
    out = dict(outputs)
    for name, allowed in rules.items():
        if name in out and isinstance(out[name], np.ndarray):
            out[name] = OneOf(out[name], allowed(inputs))
    return out


def accepts(got, expected) -> bool:
    """Is ``got`` one of the other right answers of ``expected`` (a :class:`OneOf`)? The rule of
    the notebook checks, :func:`cs231n_lib.checks.among_allowed` (an integer array of the
    expected shape, each entry among its allowed values)."""
    allowed = getattr(expected, "allowed", None)
    if allowed is None:
        return False
    from cs231n_lib.checks import among_allowed   # the reference package's, imported when first needed

    return among_allowed(got, np.asarray(expected), allowed)


def allowed_lists(path: str, inputs: dict) -> dict:
    """``{output: [sorted list of allowed values per entry]}`` for a notebook check's inputs, as
    plain data for the fingerprint file's ``allowed`` (read by ``cs231n_lib/checks.py``); {} when
    the function has no free choice."""
    return {name: [sorted(int(v) for v in a) for a in allowed(inputs)]
            for name, allowed in ACCEPTORS.get(path, {}).items()}
