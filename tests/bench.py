"""``make bench``: every benchmark of the kit, each printing ratios measured side by side in one run.

Benchmarks live in tests/bench_<topic>.py with a ``run()`` function. Never timed assertions:
machines are noisy, so only ratios from the same run are reported. A ``run()`` may return its
headline lines (a list of strings): they are printed again together at the end, so the ratios
the issues ask for (e.g. the grading time per submission with hidden inputs drawn per submission
versus fixed ones) stand side by side in one place. ``BENCH_ONLY=draws,scale`` (``make bench
BENCH_ONLY=draws``) runs only those. One benchmark that fails does not stop the others; the
command then exits 1.
"""
import importlib
import os
import pathlib
import sys
import traceback


def selected(names, only):
    """The benchmarks of ``names`` (``bench_draws``, ...) that ``only`` (``"draws,scale"``, or empty: all) names."""
    wanted = {w.strip().removeprefix("bench_") for w in (only or "").split(",") if w.strip()}
    unknown = wanted - {n.removeprefix("bench_") for n in names}
    if unknown:
        raise SystemExit(f"BENCH_ONLY names no benchmark called {', '.join(sorted(unknown))}; "
                         f"the benchmarks are {', '.join(n.removeprefix('bench_') for n in names)}")
    return [n for n in names if not wanted or n.removeprefix("bench_") in wanted]


def main():
    here = pathlib.Path(__file__).resolve().parent
    names = selected(sorted(p.stem for p in here.glob("bench_*.py")), os.environ.get("BENCH_ONLY"))
    headlines, failed = [], []
    for name in names:
        print(f"\n===== {name} =====", flush=True)
        try:
            out = importlib.import_module(f"tests.{name}").run()
        except Exception:  # noqa: BLE001  (one broken benchmark never hides the others' figures)
            traceback.print_exc()
            failed.append(name)
            continue
        if isinstance(out, list):
            headlines += [f"{name.removeprefix('bench_')}: {line}" for line in out]
        elif out is False:
            failed.append(name)
    if headlines:
        print("\n===== summary (all measured in this run) =====")
        print("\n".join(headlines))
    if failed:
        print(f"\nFAILED: {', '.join(failed)} (see above)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
