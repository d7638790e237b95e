"""``make bench`` runs every tests/bench_*.py through its ``run()``: one without it used to stop the
whole run with an AttributeError (bench_draws had only ``main()``), so the ratio of issue 15 (hidden
inputs drawn per submission versus fixed) never reached the printed figures. No timing is asserted."""
import importlib
import pathlib

import pytest

from tests import bench

BENCHES = sorted(p.stem for p in pathlib.Path(bench.__file__).parent.glob("bench_*.py"))


@pytest.mark.parametrize("name", BENCHES)
def test_every_benchmark_has_the_run_that_make_bench_calls(name):
    assert callable(getattr(importlib.import_module(f"tests.{name}"), "run", None)), name


def test_bench_only_selects_and_names_the_known_benchmarks():
    names = ["bench_draws", "bench_linear", "bench_scale"]
    assert bench.selected(names, "") == names
    assert bench.selected(names, "draws, bench_scale") == ["bench_draws", "bench_scale"]
    with pytest.raises(SystemExit, match="no benchmark called drwas; the benchmarks are draws, linear, scale"):
        bench.selected(names, "drwas")


@pytest.mark.slow
@pytest.mark.usefixtures("sandbox_required")
def test_make_bench_prints_the_draws_ratio_in_its_summary(monkeypatch, capsys):
    """One round of bench_draws through bench.main: per-assignment and overall seconds per
    submission, fixed and drawn, and the ratio, repeated in the closing summary."""
    from tests import bench_draws

    monkeypatch.setenv("BENCH_ONLY", "draws")
    monkeypatch.setattr(bench_draws, "ROUNDS", 1)
    assert bench.main() == 0
    out = capsys.readouterr().out
    summary = out.split("===== summary (all measured in this run) =====")[1]
    assert "draws: grading time per submission, all assignments: fixed" in summary
    assert "ratio drawn / fixed" in summary
