"""What a grade becomes: the score table on the terminal, the JSON file, the class CSV.

The result of :func:`grading.parent.grade` (:class:`grading.results.SubmissionResult`, as its
JSON dict) is the one source; everything here formats it.
"""
import csv
import json
import os
from pathlib import Path

from .results import SubmissionResult

CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def sandbox_line(state: dict) -> str:
    """One line saying how student code runs (printed first by every command)."""
    if state["ok"]:
        return f"sandbox: on. {state['detail']}"
    return f"sandbox: OFF ({state['detail']})"


def format_table(data: dict) -> str:
    """A plain-text score table with the feedback of every function that lost points."""
    result = SubmissionResult.from_dict(data)
    rows = [("function", "points", "cases")]
    for path, r in result.functions.items():
        rows.append((path, f"{r.points:g} / {r.max_points:g}", f"{r.passed}/{r.cases}"))
    w = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [f"assignment {result.assignment}: {result.folder}"]
    for i, row in enumerate(rows):
        lines.append(f"{row[0]:<{w[0]}}  {row[1]:>{w[1]}}  {row[2]:>{w[2]}}")
        if i == 0:
            lines.append("-" * (sum(w) + 4))
    lines.append("-" * (sum(w) + 4))
    lines.append(f"{'total':<{w[0]}}  {result.total:g} / {result.max_total:g}")
    fb = [r.feedback for r in result.functions.values() if r.feedback]
    if fb:
        lines += ["", "feedback:"] + fb
    for n in result.notes:
        lines.append(f"note: {n}")
    return "\n".join(lines)


def write_json(path, data: dict) -> None:
    """Write ``data`` as JSON atomically: a killed run never leaves half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=2))
    os.replace(tmp, path)


def csv_cell(value) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(CSV_FORMULA_START):
        return "'" + text
    return text


def write_summary_csv(path, rows: list, columns: list) -> None:
    """``rows``: dicts; ``columns``: the keys, in order (also the header)."""
    path = Path(path)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    with open(tmp, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow([csv_cell(c) for c in columns])
        for row in rows:
            w.writerow([csv_cell(row.get(c)) for c in columns])
    os.replace(tmp, path)


def worker_count(text: str) -> int:
    """argparse type of ``--workers``: a whole number of at least 1."""
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        import argparse

        raise argparse.ArgumentTypeError(f"{text!r} is not a number of workers: give a whole number of at least 1 "
                                         "(on one machine, its number of cores)")
    return n
