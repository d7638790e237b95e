"""``make bench``: every benchmark of the kit, each printing ratios measured side by side in one run.

Benchmarks live in tests/bench_<topic>.py with a ``run()`` function. Never timed assertions:
machines are noisy, so only ratios from the same run are reported.
"""
import importlib
import pathlib
import sys


def main():
    here = pathlib.Path(__file__).resolve().parent
    names = sorted(p.stem for p in here.glob("bench_*.py"))
    for name in names:
        print(f"\n===== {name} =====", flush=True)
        module = importlib.import_module(f"tests.{name}")
        module.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
