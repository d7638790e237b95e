"""``python -m grading explain DOTTED.PATH``: where everything about one graded function is.

For a manifest path (``classifiers.linear_svm.svm_loss_vectorized``, or any unique ending of
one, e.g. ``svm_loss_vectorized``) it prints: the manifest entry (assignment, points, driver,
rubric, pytest marker), the reference source with its docstring, the stub as released, the hidden
cases (label, input shapes), the notebook check cell that scores it, the feedback rules of
``grading/feedback.py`` that can apply to its outputs, its fingerprints (how many public check
inputs, how many mistake variants) and its misconceptions with their explanations. ``--list``
lists every graded function. Instructor-side: it shows the solution.
"""
import argparse
import ast
import inspect
import json
import operator
import sys
from pathlib import Path

import numpy as np

from . import manifest as M
from .assignments import ASSIGNMENTS
from .dotted import DottedPath
from .release import FINGERPRINTS, LIB, NOTEBOOKS, hidden_score_paths, stub_source


def resolve_path(query: str) -> str:
    """The manifest path matching ``query`` exactly or as its unique ending."""
    paths = [g.path for g in M.MANIFEST]
    if query in paths:
        return query
    hits = [p for p in paths if p.endswith("." + query) or p.endswith(query)]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        close = [p for p in paths if query.split(".")[-1] in p]
        raise KeyError(f"{query!r} is not a graded function" + (f"; did you mean: {', '.join(close[:5])}?" if close else
                                                                 "; `python -m grading explain --list` lists them"))
    raise KeyError(f"{query!r} matches several graded functions: {', '.join(hits)}; give more of the path")


def _definition(source, dotted):
    """(first line, last line) of the def of ``dotted`` (``module.f`` / ``module.Class.f``) in source."""
    *owners, name = DottedPath(dotted).attribute_chain
    scope = ast.parse(source).body
    for owner in owners:
        scope = next(n.body for n in scope if isinstance(n, ast.ClassDef) and n.name == owner)
    node = next(n for n in scope if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == name)
    start = node.decorator_list[0].lineno if node.decorator_list else node.lineno
    return start, node.end_lineno


def _excerpt(source, dotted):
    lines = source.splitlines()
    a, b = _definition(source, dotted)
    return "\n".join(lines[a - 1:b])


def _shape(v):
    if isinstance(v, np.ndarray):
        return f"array {v.shape} {v.dtype}"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {_shape(x)}" for k, x in v.items()) + "}"
    return repr(v)[:40]


def check_cells(path: str) -> list:
    """``[(notebook, grade_id, points, source)]`` of the check cells whose hidden block scores ``path``."""
    found = []
    for spec in ASSIGNMENTS.values():
        for nb_name in spec["notebooks"]:
            nb_path = NOTEBOOKS / nb_name
            if not nb_path.is_file():
                continue
            for cell in json.loads(nb_path.read_text()).get("cells", []):
                src = "".join(cell.get("source", ""))
                if path in hidden_score_paths(src):
                    meta = cell.get("metadata", {}).get("nbgrader", {})
                    found.append((nb_name, meta.get("grade_id"), meta.get("points"), src))
    return found


_UNKNOWN = object()       # a value that depends on the student's outputs
_COMPARE = {ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
            ast.Gt: operator.gt, ast.GtE: operator.ge, ast.Is: operator.is_, ast.IsNot: operator.is_not,
            ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b}


def _value(node, env):
    """The value of a small expression of a feedback rule (names, constants, ``x.get(k)``,
    ``x.startswith(s)``), or _UNKNOWN for anything that needs the student's outputs. No eval."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        return env.get(node.id, _UNKNOWN)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("get", "startswith") \
            and len(node.args) == 1 and not node.keywords:
        owner, arg = _value(node.func.value, env), _value(node.args[0], env)
        if owner is _UNKNOWN or arg is _UNKNOWN:
            return _UNKNOWN
        return owner.get(arg) if node.func.attr == "get" else owner.startswith(arg)
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _COMPARE:
        left, right = _value(node.left, env), _value(node.comparators[0], env)
        if left is _UNKNOWN or right is _UNKNOWN:
            return _UNKNOWN
        try:
            return _COMPARE[type(node.ops[0])](left, right)
        except TypeError:
            return _UNKNOWN
    return _UNKNOWN


def _truth(node, env):
    """True, False or None (unknown) for the condition ``node`` of a feedback rule, given what is
    known of the function before grading (its name, output, inputs and case facts)."""
    if isinstance(node, ast.BoolOp):
        values = [_truth(v, env) for v in node.values]
        if isinstance(node.op, ast.And):
            return False if False in values else (True if all(values) else None)
        return True if True in values else (False if all(v is False for v in values) else None)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        value = _truth(node.operand, env)
        return None if value is None else not value
    value = _value(node, env)
    if value is _UNKNOWN:
        return None
    try:
        return bool(value)
    except ValueError:          # an array's truth value
        return None


def _rules(body, conditions=()):
    """``[(conditions, returned hint node)]`` of a function body: each ``return "..."`` under its ifs."""
    found = []
    for node in body:
        if isinstance(node, ast.If):
            found += _rules(node.body, conditions + (node.test,))
            found += _rules(node.orelse, conditions)
        elif isinstance(node, (ast.With, ast.For, ast.While, ast.Try)):
            found += _rules(node.body, conditions)
        elif isinstance(node, ast.Return) and isinstance(node.value, (ast.Constant, ast.JoinedStr)) \
                and not (isinstance(node.value, ast.Constant) and node.value.value is None):
            found.append((conditions, node.value))
    return found


def _rule_text(node):
    if isinstance(node, ast.Constant):
        return str(node.value)
    return "".join(str(v.value) if isinstance(v, ast.Constant) else "{" + ast.unparse(v.value) + "}"
                   for v in node.values)


def feedback_rules(g: M.Graded) -> list:
    """``[(condition, hint)]``: the numeric-pattern hints of ``grading/feedback.py`` (read from the
    source of its ``_diagnose``) whose conditions can hold for ``g``'s outputs and hidden cases."""
    from . import feedback

    tree = ast.parse(inspect.getsource(feedback))
    fn = next((n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "_diagnose"), None)
    if fn is None:
        return []
    cases = g.cases()
    meta = {k: v for c in cases for k, v in c.meta.items() if v}
    inputs = {k: v for c in cases for k, v in c.inputs.items()}
    known = {"path": g.path, "fn": g.dotted.name, "meta": meta, "inputs": inputs, "N": meta.get("N"),
             "reg": meta.get("reg"), "W": inputs.get("W")}
    outputs = [o for o in g.spec.get("outputs", ["?"]) if not o.startswith("_")]
    out = []
    for conditions, hint in _rules(fn.body):
        for name in outputs:
            env = dict(known, name=name)
            env["is_grad"] = name in ("dW", "dx", "dw", "db", "grad") or name.startswith(("grads", "grad."))
            if all(_truth(c, env) is not False for c in conditions):
                out.append((" and ".join(ast.unparse(c) for c in conditions) or "always", _rule_text(hint)))
                break
    return out


def fingerprint_summary(g: M.Graded) -> str:
    """How many public check inputs of the notebooks call ``g`` and how many mistake variants
    (single mistakes and pairs) have their outputs fingerprinted there."""
    path = FINGERPRINTS / f"{g.assignment}.json"
    if not path.is_file():
        return f"no fingerprints file ({path.name}): `python -m grading fingerprints -a {g.assignment}` builds it"
    checks = [c for c in json.loads(path.read_text())["checks"].values() if c["path"] == g.path]
    if not checks:
        return "no public check calls it with check_outputs: nothing fingerprinted"
    variants = [v for c in checks for v in c["variants"]]
    mistakes = {m for v in variants for m in v["mistakes"]}
    notebooks = sorted({c["notebook"] for c in checks})
    return (f"{len(checks)} public check input(s) ({', '.join(notebooks)}), {len(variants)} variant(s) "
            f"of {len(mistakes)} mistake(s): " + ", ".join(f"{c['title']!r}" for c in checks))


def explain(query: str, out=sys.stdout) -> str:
    path = resolve_path(query)
    g = M.by_path()[path]
    source = (LIB / g.module_file).read_text()
    say = lambda *a: print(*a, file=out)  # noqa: E731
    rule = "=" * 100
    say(rule)
    say(f"{path}  (assignment {g.assignment}: {ASSIGNMENTS[g.assignment]['title']})")
    say(f"file cs231n_lib/{g.module_file}; {g.points:g} point(s); driver {g.driver!r} (grading/child.py) {g.spec}")
    say(f"tests: pytest -m {g.marker} (tests/conftest.py)")
    if g.rubric:
        say(f"rubric (grading/rubric.py): loops={g.rubric.loops!r}, must not use {', '.join(g.rubric.must_not_use) or '-'}")
    say(f"{rule}\nREFERENCE (with its solution region), cs231n_lib/{g.module_file}:\n")
    say(_excerpt(source, path))
    say(f"\n{rule}\nAS RELEASED (grading/release.py stubs the region):\n")
    say(_excerpt(stub_source(source), path))
    say(f"\n{rule}\nHIDDEN CASES ({g.cases.__module__.replace('.', '/')}.py: {g.cases.__name__}):")
    for i, case in enumerate(g.cases()):
        inputs = ", ".join(f"{k}={_shape(v)}" for k, v in case.inputs.items())
        say(f"  {i + 1}. {case.label}\n       {inputs}")
    cells = check_cells(path)
    say(f"\n{rule}\nNOTEBOOK CHECK CELL(S):")
    for nb_name, grade_id, points, src in cells:
        say(f"  notebooks/{nb_name}, cell {grade_id!r} ({points} point(s)):")
        say("\n".join("    | " + line for line in src.splitlines()))
    if not cells:
        say("  (none scores it)")
    from . import misconceptions as MC

    from cs231n_lib import diagnosis
    from .feedback import forbidding_line

    line, where = forbidding_line(path)
    say(f"\n{rule}\nINPUTS (grading/dispatch.py, mutated_inputs): must come back unchanged"
        + (f", except {', '.join(g.may_change)} (manifest may_change)" if g.may_change else "")
        + (f'; {where} says: "{line}"' if line else ""))
    say(f"\n{rule}\nSTRUCTURAL FACTS (cs231n_lib/diagnosis.py): said first, per wrong output, when every wrong case "
        "shows them; then misconceptions, never one that talks about an output that passed")
    for kind, words in diagnosis.FACTS:
        say(f"  - {kind}: {words}")
    for words in diagnosis.PATTERNS:
        say(f"  - across cases: {words}")
    say(f"\n{rule}\nFEEDBACK RULES (grading/feedback.py, diagnose): numeric patterns that may apply when no "
        "misconception matches")
    for condition, hint in feedback_rules(g):
        say(f"  - if {condition}:\n      {hint}")
    say(f"\n{rule}\nFINGERPRINTS (grading/fingerprints/{g.assignment}.json): the common mistakes' outputs on the "
        "public checks, shipped so a check cell can name the mistake")
    say("  " + fingerprint_summary(g))
    say(f"\n{rule}\nMISCONCEPTIONS (grading/misconceptions/): named when their outputs are the student's")
    for m in MC.CATALOGUE.get(path, []):
        conv = f"  [convention: {m.convention}]" if m.convention else ""
        say(f"  - {m.flag}: {m.name}{conv}\n      {m.explanation}\n      rule: {m.contradicts}")
    if path in MC.wrong_versions:
        fn = MC.wrong_versions[path]
        say(f"  wrong version: {inspect.getsourcefile(fn).split('grading/')[-1]}:{inspect.getsourcelines(fn)[1]}")
    return path


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m grading explain", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", nargs="?", help="dotted path of a graded function (or a unique ending of it)")
    ap.add_argument("--list", action="store_true", help="list every graded function")
    args = ap.parse_args(argv)
    if args.list or not args.path:
        for g in M.MANIFEST:
            print(f"{g.assignment:<22} {g.path}")
        return 0
    try:
        explain(args.path)
    except KeyError as exc:
        print(f"error: {exc.args[0]}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
