"""``python -m grading explain DOTTED.PATH``: where everything about one graded function is.

For a manifest path (``classifiers.linear_svm.svm_loss_vectorized``, or any unique ending of
one, e.g. ``svm_loss_vectorized``) it prints: the manifest entry (assignment, points, driver,
rubric), the reference source with its docstring, the stub as released, the hidden cases (label,
input shapes), the notebook check cell that scores it, and its misconceptions with their
explanations. Instructor-side: it shows the solution.
"""
import argparse
import ast
import inspect
import json
import sys
from pathlib import Path

import numpy as np

from . import manifest as M
from .assignments import ASSIGNMENTS
from .dotted import DottedPath
from .release import LIB, NOTEBOOKS, hidden_score_paths, stub_source


def resolve_path(query):
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


def check_cells(path):
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


def explain(query, out=sys.stdout):
    path = resolve_path(query)
    g = M.by_path()[path]
    source = (LIB / g.module_file).read_text()
    say = lambda *a: print(*a, file=out)  # noqa: E731
    rule = "=" * 100
    say(rule)
    say(f"{path}  (assignment {g.assignment}: {ASSIGNMENTS[g.assignment]['title']})")
    say(f"file cs231n_lib/{g.module_file}; {g.points:g} point(s); driver {g.driver!r} (grading/child.py) {g.spec}")
    if g.rubric:
        say(f"rubric (grading/rubric.py): loops={g.rubric.loops!r}, must not use {', '.join(g.rubric.must_not_use) or '-'}")
    say(f"{rule}\nREFERENCE (with its solution region), cs231n_lib/{g.module_file}:\n")
    say(_excerpt(source, path))
    say(f"\n{rule}\nAS RELEASED (grading/release.py stubs the region):\n")
    say(_excerpt(stub_source(source), path))
    say(f"\n{rule}\nHIDDEN CASES (grading/cases.py: {g.cases.__name__ if hasattr(g.cases, '__name__') else g.cases}):")
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

    say(f"\n{rule}\nMISCONCEPTIONS (grading/misconceptions/): named when their outputs are the student's")
    for m in MC.CATALOGUE.get(path, []):
        conv = f"  [convention: {m.convention}]" if m.convention else ""
        say(f"  - {m.flag}: {m.name}{conv}\n      {m.explanation}\n      rule: {m.contradicts}")
    if path in MC.wrong_versions:
        fn = MC.wrong_versions[path]
        say(f"  wrong version: {inspect.getsourcefile(fn).split('grading/')[-1]}:{inspect.getsourcelines(fn)[1]}")
    return path


def main(argv=None):
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
