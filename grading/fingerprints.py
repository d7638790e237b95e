"""Fingerprints of the common mistakes on the notebooks' public check inputs.

``python -m grading fingerprints [--assignment NAME ...] [--records DIR] [--check]``

A public check (``cs231n_lib.checks.check_outputs``) that fails can say which mistake the
student made, without the release holding any code of the wrong versions: the release ships,
for each public check input, the *outputs* that each mistake gives there. This module builds
that data, grader-side:

1. it executes every notebook of the assignment with the reference code in quick mode, with
   ``CS231N_RECORD_CHECKS`` set: each ``check_outputs`` call writes the graded path, its inputs
   (by the driver's input names), its expected outputs and its tolerance into a folder;
2. for each recorded input of at most ``checks.FINGERPRINT_INPUT_CAP`` bytes it runs the
   reference through the manifest entry's driver (``grading/child.py``), checks that it gives the
   expected outputs the notebook states (else the check and the driver disagree: an error), then
   runs every misconception of the function, and every compatible pair where the checked outputs are
   small (``PAIR_OUTPUT_CAP``), with
   ``grading.misconceptions.run_variant``, and keeps those whose outputs differ from the
   reference's (per output, at the check's tolerance);
3. it writes ``grading/fingerprints/<assignment>.json`` (names, explanations, the rule each
   mistake contradicts, and per input key the mistakes and references to their output values)
   and ``<assignment>.npz`` (the output values: plain numeric arrays, no pickles). Both are
   committed; ``grading/release.py`` ships them as ``cs231n_lib/fingerprints.json`` / ``.npz``.

``--check`` rebuilds in memory and reports what is stale without writing. The notebook tests
record the check inputs while executing and call :func:`stale` on them, so a change of a check,
of a misconception or of the reference that changes a fingerprint fails a test that says to run
this command.
"""
import argparse
import hashlib
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .assignments import ASSIGNMENTS

REPO = Path(__file__).resolve().parents[1]
OUT = Path(__file__).resolve().parent / "fingerprints"
VERSION = 1
# Pairs of mistakes too, where the checked outputs are small (hand examples): there a pair is cheap to
# store, and a student who made two mistakes gets both named.
PAIR_OUTPUT_CAP = 4_000   # bytes of the checked reference outputs


class FingerprintError(RuntimeError):
    """A public check that the fingerprints cannot be built for (the message says what to fix)."""


@dataclass
class Record:
    path: str
    key: str
    title: str
    notebook: str
    tol: float
    atol: float
    nbytes: int
    inputs: dict
    expected: dict


def _decode(meta, arrays):
    out = {}
    for name, spec in meta.items():
        (kind, value), = spec.items()
        out[name] = arrays[value] if kind == "array" else value
    return out


def load_records(folder):
    """The records a notebook run wrote into ``folder``, one per distinct input key."""
    records = {}
    for meta_file in sorted(Path(folder).glob("*.json")):
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        with np.load(meta_file.with_suffix(".npz"), allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
        records[meta["key"]] = Record(meta["path"], meta["key"], meta["title"], meta["notebook"], meta["tol"],
                                      meta["atol"], meta["bytes"], _decode(meta["inputs"], arrays),
                                      _decode(meta["expected"], arrays))
    return list(records.values())


def record_notebooks(assignment, folder, notebooks=None):
    """Execute the assignment's notebooks with the reference (quick mode, hidden blocks removed)
    and record their check inputs into ``folder``. Returns the records."""
    from cs231n_lib.checks import RECORD_ENV

    from .demo import execute_notebook

    folder = Path(folder)
    for name in notebooks or ASSIGNMENTS[assignment]["notebooks"]:
        print(f"==> executing notebooks/{name} (quick mode, recording its checks)", flush=True)
        row = execute_notebook(REPO / "notebooks" / name, folder / "executed", quick=True, strip_hidden=True,
                               extra_env={RECORD_ENV: str(folder / "records"), "CS231N_RECORD_NOTEBOOK": name})
        if row["error"]:
            raise FingerprintError(f"{name} failed with the reference: {row['error']}")
        print(f"    {row['seconds']:.1f} s", flush=True)
    return load_records(folder / "records")


# --------------------------------------------------------------------------- one input

def _storable(value):
    """``(kind, array)`` for an output value that can be stored as a plain array, else None."""
    from cs231n_lib.comparison import kind_of as _kind
    from cs231n_lib.comparison import plain as _plain

    value = _plain(value)
    kind = _kind(value)
    if kind == "None":
        return "None", np.zeros(0)
    if kind == "bool":
        return "bool", np.asarray(bool(value))
    if kind in ("number", "array"):
        array = np.asarray(value)
        if array.dtype.kind not in "biuf":
            return None
        return kind, array
    return None


def fingerprint_record(record):
    """``(reference outcome, variants)`` of one record: variants as dicts ``{"mistakes": [flags],
    "outputs": {name: value}}`` (only the outputs that differ from the reference's) or
    ``{"mistakes": [...], "raises": "ErrorType"}``."""
    from cs231n_lib.checks import compare
    from cs231n_lib.comparison import same_value

    from . import misconceptions as MC
    from .manifest import by_path

    entry = by_path().get(record.path)
    if entry is None:
        raise FingerprintError(f"{record.notebook}: check {record.title!r} names {record.path!r}, which is not a "
                               "graded function of grading/manifest.py")
    reference = MC.run(entry, record.inputs)
    if isinstance(reference, MC.Raised):
        raise FingerprintError(f"{record.notebook}: check {record.title!r}: the reference raised {reference.error_type} "
                               f"through the {entry.driver} driver on the check's inputs ({reference.message}); the "
                               f"inputs must be named as the driver's spec names them: {entry.spec}")
    for name, value in record.expected.items():
        if name not in reference:
            raise FingerprintError(f"{record.notebook}: check {record.title!r} expects an output {name!r}; the driver "
                                   f"gives {sorted(reference)}")
        ok, message, _ = compare(reference[name], value, record.tol, record.atol)
        if not ok:
            raise FingerprintError(f"{record.notebook}: check {record.title!r}: the reference through the driver gives "
                                   f"another {name} than the check expects ({message}): the inputs passed to "
                                   "check_outputs are not the ones the outputs were computed from")
    flags = sorted(MC.by_flag(record.path))
    output_bytes = sum(np.asarray(reference[n]).nbytes for n in record.expected
                       if isinstance(reference[n], (np.ndarray, np.generic, int, float)))
    pairs = list(MC.compatible_pairs(record.path)) if output_bytes <= PAIR_OUTPUT_CAP else []
    candidates = [(f,) for f in flags] + pairs
    variants, single_changes = [], {}
    for mistakes in candidates:
        outcome = MC.run_variant(entry, record.inputs, MC.wrong_versions[record.path], set(mistakes))
        if isinstance(outcome, MC.Raised):
            if len(mistakes) == 1:
                variants.append({"mistakes": list(mistakes), "raises": outcome.error_type})
            continue
        changed = {}
        for name in record.expected:
            if name not in outcome:
                changed = None
                break
            if not same_value(outcome[name], reference[name], record.tol, record.atol):
                changed[name] = outcome[name]
        if not changed or _all_allowed(record, changed):
            continue   # no change, or only another right answer (e.g. another choice among kNN's ties)
        if any(_storable(v) is None for v in changed.values()):
            continue
        if len(mistakes) == 1:
            single_changes[mistakes[0]] = changed
        elif any(_same_changes(changed, single_changes.get(f), record) for f in mistakes):
            continue   # one of the two has no effect on these inputs: the single names it
        variants.append({"mistakes": list(mistakes), "outputs": changed})
    return reference, variants


def _all_allowed(record, changed):
    """Is every changed output one of the other right answers the docstring allows on these inputs?"""
    from cs231n_lib.checks import among_allowed

    from .acceptors import ACCEPTORS

    rules = ACCEPTORS.get(record.path, {})
    return all(name in rules and among_allowed(value, np.asarray(record.expected[name]), rules[name](record.inputs))
               for name, value in changed.items())


def _same_changes(a, b, record):
    from cs231n_lib.comparison import same_value

    if b is None or set(a) != set(b):
        return False
    return all(same_value(a[n], b[n], record.tol, record.atol) for n in a)


# --------------------------------------------------------------------------- the data of an assignment

def _value_ref(value, values, arrays):
    kind, array = _storable(value)
    digest = hashlib.sha256(f"{kind}|{array.dtype.str}|{array.shape}|".encode() + array.tobytes()).hexdigest()[:12]
    ref = f"v{digest}"
    if ref not in values:
        values[ref] = kind
        arrays[ref] = array
    return ref


def _without_reference_lines(text, lines):
    """``text`` without the clauses (split at ". " and ": ") that quote a line of the solution."""
    import re

    if not any(line in text for line in lines):
        return text
    parts = re.split(r"(?<=[.:]) ", text)
    kept = [p.strip() for p in parts if not any(line in p for line in lines)]
    kept = [p[:-1] + "." if p.endswith(":") else p if p.endswith(".") else p + "." for p in kept if p]
    return " ".join(kept)


def mistakes_table(paths, assignment):
    """``{path: {flag: {name, explanation, rule, convention}}}`` of the catalogue, for ``paths``.
    An explanation that quotes a line of the assignment's solution (the grader may show it after
    grading; the release must not hold it) loses the clauses that quote it."""
    from . import misconceptions as MC
    from .release import reference_lines

    solution = reference_lines(assignment)
    return {p: {m.flag: {"name": m.name, "explanation": _without_reference_lines(m.explanation, solution),
                         "rule": m.contradicts, "convention": m.convention} for m in MC.CATALOGUE.get(p, [])}
            for p in sorted(paths)}


def build(assignment, records, log=print):
    """``(table, arrays)`` of one assignment from its records (see the module docstring)."""
    from cs231n_lib.checks import FINGERPRINT_INPUT_CAP

    from . import acceptors
    from .manifest import for_assignment

    graded = {g.path for g in for_assignment(assignment)}
    values, arrays, checks, skipped = {}, {}, {}, []
    for record in sorted(records, key=lambda r: r.key):
        if record.path not in graded:
            raise FingerprintError(f"{record.notebook}: check {record.title!r} names {record.path!r}, which is not "
                                   f"graded in {assignment}")
        if record.nbytes > FINGERPRINT_INPUT_CAP:
            skipped.append(record)
            continue
        _, variants = fingerprint_record(record)
        stored = []
        for v in variants:
            if "raises" in v:
                stored.append(v)
            else:
                stored.append({"mistakes": v["mistakes"],
                               "outputs": {n: _value_ref(x, values, arrays) for n, x in v["outputs"].items()}})
        checks[record.key] = {"path": record.path, "title": record.title, "notebook": record.notebook,
                              "tol": record.tol, "variants": stored}
        allowed = {name: lists for name, lists in acceptors.allowed_lists(record.path, record.inputs).items()
                   if any(len(a) > 1 for a in lists)}
        if allowed:   # other right answers on these inputs: the notebook's check accepts them too
            checks[record.key]["allowed"] = allowed
    for record in skipped:
        log(f"    skipped (inputs of {record.nbytes / 1e3:.0f} kB > {FINGERPRINT_INPUT_CAP / 1e3:.0f} kB): "
            f"{record.notebook}: {record.title}")
    table = {"version": VERSION, "assignment": assignment,
             "mistakes": mistakes_table({c["path"] for c in checks.values()}, assignment),
             "checks": checks, "values": values}
    return table, arrays


def files(assignment, folder=OUT):
    """The shipped pair: ``<assignment>.json`` and ``<assignment>.npz``."""
    return Path(folder) / f"{assignment}.json", Path(folder) / f"{assignment}.npz"


def record_files(assignment, folder=OUT):
    """The grader-side pair (never shipped): the recorded public check inputs and expected outputs."""
    return Path(folder) / f"{assignment}.inputs.json", Path(folder) / f"{assignment}.inputs.npz"


def _encode(values, prefix, arrays):
    meta = {}
    for i, (name, value) in enumerate(values.items()):
        if isinstance(value, np.ndarray):
            arrays[f"{prefix}_{i}"] = value
            meta[name] = {"array": f"{prefix}_{i}"}
        elif isinstance(value, (bool, np.bool_)):
            meta[name] = {"bool": bool(value)}
        elif isinstance(value, (int, np.integer)):
            meta[name] = {"int": int(value)}
        elif isinstance(value, (float, np.floating)):
            meta[name] = {"float": float(value)}
        else:
            meta[name] = {"other": value}
    return meta


def write(assignment, table, arrays, records=(), folder=OUT):
    """Write the shipped pair and, grader-side, the records the table was built from."""
    json_path, npz_path = files(assignment, folder)
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(table, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
    np.savez_compressed(npz_path, **arrays)
    meta, record_arrays = {}, {}
    for i, r in enumerate(sorted(records, key=lambda r: r.key)):
        meta[r.key] = {"path": r.path, "title": r.title, "notebook": r.notebook, "tol": r.tol, "atol": r.atol,
                       "bytes": r.nbytes, "inputs": _encode(r.inputs, f"r{i}_in", record_arrays),
                       "expected": _encode(r.expected, f"r{i}_out", record_arrays)}
    inputs_json, inputs_npz = record_files(assignment, folder)
    inputs_json.write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    np.savez_compressed(inputs_npz, **record_arrays)
    return json_path, npz_path


def load_committed_records(assignment, folder=OUT):
    """The records committed beside the fingerprints of ``assignment`` (the inputs they were built from)."""
    inputs_json, inputs_npz = record_files(assignment, folder)
    if not inputs_json.is_file():
        return []
    meta = json.loads(inputs_json.read_text(encoding="utf-8"))
    with np.load(inputs_npz, allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    return [Record(m["path"], key, m["title"], m["notebook"], m["tol"], m["atol"], m["bytes"],
                   _decode(m["inputs"], arrays), _decode(m["expected"], arrays)) for key, m in sorted(meta.items())]


def load(assignment, folder=OUT):
    """The committed ``(table, arrays)`` of an assignment, or ``(None, None)``."""
    json_path, npz_path = files(assignment, folder)
    if not json_path.is_file() or not npz_path.is_file():
        return None, None
    table = json.loads(json_path.read_text(encoding="utf-8"))
    with np.load(npz_path, allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    return table, arrays


# --------------------------------------------------------------------------- freshness

def _entry_outcomes(entry, table, arrays):
    """``{(flags...): outputs or "raises:Type"}`` of one stored check entry."""
    out = {}
    for v in entry["variants"]:
        if "raises" in v:
            out[tuple(v["mistakes"])] = f"raises:{v['raises']}"
        else:
            out[tuple(v["mistakes"])] = {n: _stored_value(table, arrays, ref) for n, ref in v["outputs"].items()}
    return out


def _stored_value(table, arrays, ref):
    kind = table["values"][ref]
    if kind == "None":
        return None
    if kind == "number":
        return arrays[ref][()]
    if kind == "bool":
        return bool(arrays[ref])
    return arrays[ref]


RUN_HINT = "run `python -m grading fingerprints` (and commit grading/fingerprints/)"


def stale(records, assignment=None, folder=OUT, deep=True):
    """Problems (lines) of the committed fingerprints for ``records`` (a notebook run's, or the
    committed ones): a recorded input without its entry, or whose expected outputs or tolerance
    differ from the committed record's; with ``deep``, also an entry whose mistakes' outputs are no
    longer what the catalogue and the reference give there, and names or explanations that changed."""
    from cs231n_lib.checks import FINGERPRINT_INPUT_CAP
    from cs231n_lib.comparison import same_value

    from .manifest import by_path

    problems = []
    tables, committed = {}, {}
    for record in records:
        if record.nbytes > FINGERPRINT_INPUT_CAP:
            continue
        owner = assignment or by_path()[record.path].assignment
        if owner not in tables:
            tables[owner] = load(owner, folder)
            committed[owner] = {r.key: r for r in load_committed_records(owner, folder)}
        table, arrays = tables[owner]
        where = f"{record.notebook}: {record.title!r} ({record.path})"
        if table is None:
            problems.append(f"{where}: no fingerprint file for {owner}")
            continue
        entry = table["checks"].get(record.key)
        if entry is None or record.key not in committed[owner]:
            problems.append(f"{where}: its inputs have no fingerprint (the check or its inputs changed)")
            continue
        old = committed[owner][record.key]
        if old.tol != record.tol or set(old.expected) != set(record.expected) or not all(
                same_value(old.expected[n], record.expected[n], record.tol, record.atol) for n in record.expected):
            problems.append(f"{where}: its expected outputs or tolerance changed")
            continue
        if not deep:
            continue
        stored = _entry_outcomes(entry, table, arrays)
        _, variants = fingerprint_record(record)
        now = {tuple(v["mistakes"]): (f"raises:{v['raises']}" if "raises" in v else v["outputs"]) for v in variants}
        if set(now) != set(stored):
            problems.append(f"{where}: the mistakes that change its outputs changed "
                            f"(now {sorted(set(now) - set(stored))} more, {sorted(set(stored) - set(now))} fewer)")
            continue
        for flags, outcome in now.items():
            before = stored[flags]
            if isinstance(outcome, str) or isinstance(before, str):
                same = outcome == before
            else:
                same = set(outcome) == set(before) and all(
                    same_value(outcome[n], before[n], record.tol, record.atol) for n in outcome)
            if not same:
                problems.append(f"{where}: the outputs of {' + '.join(flags)} changed")
    for owner, (table, _) in tables.items():
        if table is not None:
            current = mistakes_table(table["mistakes"], owner)
            if current != table["mistakes"]:
                changed = sorted(p for p in current if current[p] != table["mistakes"].get(p))
                problems.append(f"{owner}: the names or explanations of the mistakes of {', '.join(changed)} changed")
    return problems


# --------------------------------------------------------------------------- command line

def main(argv=None):
    from cs231n_lib.checks import FINGERPRINT_INPUT_CAP

    parser = argparse.ArgumentParser(prog="python -m grading fingerprints", description=__doc__.split("\n\n")[0])
    parser.add_argument("--assignment", "-a", action="append", choices=sorted(ASSIGNMENTS),
                        help="only this assignment (repeatable; default: all)")
    parser.add_argument("--records", metavar="DIR", help="keep the recorded check inputs in DIR (default: a temporary folder)")
    parser.add_argument("--from-records", metavar="DIR",
                        help="build from the check inputs kept by an earlier --records DIR run (no notebook runs)")
    parser.add_argument("--check", action="store_true", help="report stale fingerprints, write nothing")
    args = parser.parse_args(argv)
    status = 0
    for assignment in args.assignment or list(ASSIGNMENTS):
        with tempfile.TemporaryDirectory(prefix=f"fingerprints_{assignment}_") as tmp:
            folder = Path(args.records) / assignment if args.records else Path(tmp)
            try:
                if args.from_records:
                    records = load_records(Path(args.from_records) / assignment / "records")
                else:
                    records = record_notebooks(assignment, folder)
                if args.check:
                    problems = stale(records, assignment)
                    for p in problems:
                        print(f"  stale: {p}")
                    print(f"{assignment}: {'up to date' if not problems else f'{len(problems)} stale'}")
                    status |= bool(problems)
                    continue
                table, arrays = build(assignment, records)
            except FingerprintError as exc:
                print(f"error: {exc}", file=sys.stderr)
                status = 1
                continue
        json_path, npz_path = write(assignment, table, arrays,
                                    [r for r in records if r.nbytes <= FINGERPRINT_INPUT_CAP])
        variants = sum(len(c["variants"]) for c in table["checks"].values())
        print(f"{assignment}: {len(table['checks'])} check inputs, {variants} mistakes or pairs that change them; "
              f"{json_path.relative_to(REPO)} {json_path.stat().st_size / 1e3:.1f} kB, "
              f"{npz_path.relative_to(REPO)} {npz_path.stat().st_size / 1e3:.1f} kB")
    return status


if __name__ == "__main__":
    sys.exit(main())
