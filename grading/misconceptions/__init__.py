"""Misconceptions as data: the mistakes students really make, beside each graded function.

Grader-side only (never released). One module per student module; each holds

- ``MISCONCEPTIONS``: :class:`Misconception` records (flag, the name shown to the student,
  the TA's explanation, the docstring line it contradicts, the convention it comes from if it
  is another year's CS231n convention, the outputs it changes);
- ``WRONG_VERSIONS``: for every graded function one *wrong version*: a copy of the reference
  with the function's exact signature plus a keyword-only ``mistakes=frozenset()``, where
  ``if "flag" in mistakes:`` switches reproduce each mistake. With no flag it equals the
  reference on every hidden case; two compatible flags reproduce the pair;
- ``EXCLUSIVE``: groups of flags that are alternatives of one line (or where one hides the
  other, e.g. an overflow's NaN): no pair is formed inside a group.

This package exposes, keyed by the grading manifest's dotted paths (``grading/manifest.py``):

- ``CATALOGUE[path]``: the list of :class:`Misconception` of that function;
- ``wrong_versions[path]``: its wrong version (methods take ``self`` first, gates'
  ``backward`` takes ``(ctx, grad_output)``, layer backward passes receive the reference
  forward's cache);
- :func:`compatible_pairs` and, from :mod:`.base`, :func:`with_mistakes` (a wrong version with
  fixed flags, ready to install), :func:`run` / :func:`run_variant` (a replacement run
  through the entry's driver on the reference package), :func:`same_outcome` and
  :func:`accepted` (comparisons), :data:`GLOBAL_RNG_SEED`.

Running a variant: ``run_variant(entry, case.inputs, wrong_versions[entry.path], {"flag"})``.
"""
from itertools import combinations

from . import (engine, fc_net, features, gates, k_nearest_neighbor, layers, linear_classifier, linear_svm, optim,
               optimization, softmax)
from .base import (GLOBAL_RNG_SEED, REFERENCE_LOCK, Misconception, Raised, accepted, changed_outputs, installed, run,
                   run_variant, same_outcome, same_value, with_mistakes)

_MODULES = (k_nearest_neighbor, linear_svm, softmax, linear_classifier, layers, optim, fc_net, gates, engine, features,
            optimization)

CATALOGUE = {}
wrong_versions = {}
EXCLUSIVE = {}
ANY_ORDER = {}   # path -> internal flags that replay a wrong version in other orders among ties (base.run_variant)
for _mod in _MODULES:
    ANY_ORDER.update(getattr(_mod, "ANY_ORDER", {}))
    for _m in _mod.MISCONCEPTIONS:
        CATALOGUE.setdefault(_m.path, []).append(_m)
    wrong_versions.update(_mod.WRONG_VERSIONS)
    for _path, _groups in getattr(_mod, "EXCLUSIVE", {}).items():
        EXCLUSIVE.setdefault(_path, []).extend(frozenset(g) for g in _groups)
for _path in wrong_versions:
    CATALOGUE.setdefault(_path, [])
del _mod, _m, _path, _groups


def by_flag(path):
    """``{flag: Misconception}`` of one graded function."""
    return {m.flag: m for m in CATALOGUE.get(path, [])}


def compatible(path, a, b):
    """True when flags ``a`` and ``b`` of ``path`` may occur together (no EXCLUSIVE group holds both)."""
    return a != b and not any(a in g and b in g for g in EXCLUSIVE.get(path, []))


def compatible_pairs(path):
    """The pairs of flags of ``path`` that the grader may name together, as sorted tuples."""
    flags = sorted(by_flag(path))
    return [(a, b) for a, b in combinations(flags, 2) if compatible(path, a, b)]


__all__ = ["ANY_ORDER", "CATALOGUE", "EXCLUSIVE", "GLOBAL_RNG_SEED", "REFERENCE_LOCK", "Misconception", "Raised", "accepted", "by_flag",
           "changed_outputs", "compatible", "compatible_pairs", "installed", "run", "run_variant",
           "same_outcome", "same_value", "with_mistakes", "wrong_versions"]
