"""Snapshot of what a behaviour-preserving change must leave unchanged: the grades of the student-code corpus
(and of the reference and the stubs), the verdicts and printed text of the notebooks' public
checks on every fingerprinted input (reference outputs, each known mistake's outputs, and
synthetic perturbations), and the sha256 of every file of the student release.

Run from the root of a checkout, with that checkout's venv:
    .venv/bin/python tests/equivalence_snapshot.py --out snap.json [--skip corpus,checks,release]

Run it on two commits (e.g. in a git worktree of each) and compare the files: a restructuring
that changes no behaviour leaves them byte-for-byte equal (timings are left out, and the
checkout's own path is written as <ROOT>).
"""
import argparse
import contextlib
import hashlib
import io
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path.cwd()
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

TIMING = {"seconds", "graded_on"}


def _clean(obj):
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items() if k not in TIMING}
    if isinstance(obj, list):
        return [_clean(v) for v in obj]
    if isinstance(obj, float):
        return repr(obj)
    if isinstance(obj, str):
        return obj.replace(str(ROOT), "<ROOT>")
    return obj


def corpus():
    from grading import parent
    from grading.assignments import ASSIGNMENTS
    from grading import manifest as M
    from tests.student_code import make_submission, transplant
    from tests.test_feedback_corpus import batches

    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for a in ASSIGNMENTS:
            if not M.for_assignment(a):
                continue
            for base in ("reference", "stub"):
                folder = make_submission(tmp / f"{a}-{base}", a, base=base)
                r = parent.grade(folder, assignment=a)
                r.pop("folder", None)
                out[f"{a}/{base}"] = _clean(r)
        for i, (assignment, batch) in enumerate(batches()):
            folder = make_submission(tmp / f"b{i}", assignment, base="reference")
            for s in batch:
                transplant(s, folder)
            r = parent.grade(folder, paths=[s.path for s in batch], assignment=assignment)
            for s in batch:
                out[s.id] = _clean(r["functions"][s.path])
    return out


def _perturbations(expected):
    """A few wrong or odd versions of the expected outputs, to exercise every branch of the comparison."""
    def each(fn):
        got = {}
        for k, v in expected.items():
            try:
                got[k] = fn(v)
            except Exception:  # noqa: BLE001
                got[k] = v
        return got

    def arr(v):
        return np.asarray(v)
    yield "scaled", each(lambda v: arr(v) * 1.001 + 1e-3 if arr(v).dtype.kind == "f" else v)
    yield "tiny", each(lambda v: arr(v) * (1 + 3e-8) if arr(v).dtype.kind == "f" else v)
    yield "float32", each(lambda v: arr(v).astype(np.float32) if arr(v).dtype.kind == "f" else v)
    yield "float16", each(lambda v: arr(v).astype(np.float16) if arr(v).dtype.kind == "f" else v)
    yield "transposed", each(lambda v: arr(v).T.copy() if arr(v).ndim == 2 else v)
    yield "as_list", each(lambda v: arr(v).tolist() if arr(v).ndim else v)
    yield "as_float", each(lambda v: arr(v).astype(np.float64) if arr(v).dtype.kind in "iub" else v)
    yield "as_int", each(lambda v: arr(v).astype(np.int64) if arr(v).dtype.kind == "f" else v)
    yield "none", each(lambda v: None)
    yield "zeros", each(lambda v: np.zeros_like(arr(v)))
    yield "0d", each(lambda v: np.float64(arr(v).ravel()[0]) if arr(v).ndim else np.asarray(v))

    def nan(v):
        a = arr(v).astype(np.float64).copy()
        if a.ndim:
            a.flat[0] = np.nan
            return a
        return float("nan")
    yield "nan", each(nan)
    yield "matrix", each(lambda v: np.asmatrix(v) if arr(v).ndim == 2 else v)
    yield "bool", each(lambda v: True)


def checks():
    from cs231n_lib import checks as C
    from grading import fingerprints as F
    from grading.assignments import ASSIGNMENTS

    out = {}
    for a in ASSIGNMENTS:
        table, arrays = F.load(a)
        if table is None:
            continue
        for rec in F.load_committed_records(a):
            entry = table["checks"].get(rec.key)
            trials = [("reference", dict(rec.expected))]
            if entry:
                for v in entry["variants"]:
                    if "outputs" in v:
                        got = dict(rec.expected)
                        flat = C._flatten(got)
                        for n, ref in v["outputs"].items():
                            flat[n] = F._stored_value(table, arrays, ref)
                        trials.append(("+".join(v["mistakes"]), flat))
            trials += list(_perturbations(C._flatten(rec.expected)))
            for name, got in trials:
                buf = io.StringIO()
                with contextlib.redirect_stdout(buf), np.errstate(all="ignore"):
                    try:
                        C.check_outputs(rec.path, rec.inputs, got, rec.expected, rec.title, rec.tol, rec.atol)
                        verdict = "PASS"
                    except C.CheckFailed:
                        verdict = "FAIL"
                    except Exception as exc:  # noqa: BLE001
                        verdict = f"ERROR {type(exc).__name__}: {exc}"
                out[f"{rec.key}|{name}"] = [verdict, buf.getvalue()]
    # the simple checks, on the same perturbations of a few values
    base = {"a": np.linspace(-1, 1, 12).reshape(3, 4), "i": np.arange(5), "s": np.float64(2.5)}
    for name, got in _perturbations(base):
        for k in base:
            buf = io.StringIO()
            with contextlib.redirect_stdout(buf):
                try:
                    C.check_close(f"{name}/{k}", got[k], base[k])
                    verdict = "PASS"
                except C.CheckFailed:
                    verdict = "FAIL"
                except Exception as exc:  # noqa: BLE001
                    verdict = f"ERROR {type(exc).__name__}: {exc}"
            out[f"check_close|{name}|{k}"] = [verdict, buf.getvalue()]
    return out


def release():
    import subprocess

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "grading", "release", "--out", tmp], check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL)
        out = {}
        for p in sorted(Path(tmp).rglob("*")):
            if p.is_file():
                out[p.relative_to(tmp).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
        return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--skip", default="")
    args = ap.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    snap = {}
    for name, fn in (("checks", checks), ("release", release), ("corpus", corpus)):
        if name not in skip:
            snap[name] = fn()
            print(f"{name}: {len(snap[name])} items", flush=True)
    Path(args.out).write_text(json.dumps(snap, indent=1, sort_keys=True, default=repr))


if __name__ == "__main__":
    main()
