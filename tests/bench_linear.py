"""Benchmarks for the linear classifiers and kNN distances: ratios measured side by side.

Run: ``python -m tests.bench_linear`` (or ``run()``; ``make bench`` calls it).

Everything is measured in one run on the same inputs, single-threaded BLAS, the functions
of each group interleaved round by round, each keeping its fastest call (so load from
other processes disturbs all of them alike), and reported as ratios (machine speed
cancels out):
- vectorized versus naive SVM and softmax loss + gradient (N=500, D=3073, C=10);
- each vectorized loss versus its floor: the same two matrix products alone,
  ``X @ W`` and ``X.T @ dscores``;
- no-loop versus two-loop and one-loop kNN distances (500 test x 5000 train x 784);
  the loop versions are timed on a slice and scaled by the number of pairs;
- no-loop distances versus the floor of their one matrix product ``X_test @ X_train.T``.
Target for the vectorized references: within 1.5x of their floor.
"""
import os

# Single-threaded BLAS, so that the ratios do not depend on other work on the machine.
# This only takes effect if numpy has not been imported yet in this process.
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import time  # noqa: E402

import numpy as np  # noqa: E402

from cs231n_lib.classifiers.k_nearest_neighbor import KNearestNeighbor  # noqa: E402
from cs231n_lib.classifiers.linear_svm import svm_loss_naive, svm_loss_vectorized  # noqa: E402
from cs231n_lib.classifiers.softmax import softmax_loss_naive, softmax_loss_vectorized  # noqa: E402

TARGET = 1.5


def side_by_side(funcs, rounds):
    """Best wall time of one call of each function in ``funcs`` (a dict name -> f()).

    The functions run interleaved, one call each per round, ``rounds`` rounds, and each
    keeps its fastest call: other work on the machine slows all of them alike within a
    round, and the minimum is the least disturbed measurement.
    """
    best = {name: float("inf") for name in funcs}
    for _ in range(rounds):
        for name, f in funcs.items():
            start = time.perf_counter()
            f()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def _fmt(seconds):
    return f"{seconds * 1e3:9.2f} ms"


def bench_losses(N=500, D=3073, C=10, seed=0, rounds=40):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((N, D)) * 60.0          # CIFAR-like: pixels minus the mean image, bias column
    X[:, -1] = 1.0
    y = rng.integers(0, C, N)
    W = rng.standard_normal((D, C)) * 1e-4
    dscores = rng.standard_normal((N, C))
    reg = 2.5e4 / 1e6

    def floor():
        X @ W
        X.T @ dscores

    t = side_by_side({
        "floor": floor,
        "SVM naive": lambda: svm_loss_naive(W, X, y, reg),
        "SVM vectorized": lambda: svm_loss_vectorized(W, X, y, reg),
        "softmax naive": lambda: softmax_loss_naive(W, X, y, reg),
        "softmax vectorized": lambda: softmax_loss_vectorized(W, X, y, reg),
    }, rounds=rounds)
    return [(name, t[f"{name} naive"], t[f"{name} vectorized"], t["floor"]) for name in ("SVM", "softmax")]


def bench_distances(num_test=500, num_train=5000, D=784, seed=0, two_loop_slice=(10, 500), one_loop_rows=20,
                    rounds=10):
    rng = np.random.default_rng(seed)
    X_train = rng.integers(0, 256, (num_train, D)).astype(np.float64) - 128.0   # pixels minus a mean
    X_test = rng.integers(0, 256, (num_test, D)).astype(np.float64) - 128.0
    knn = KNearestNeighbor()
    knn.train(X_train, rng.integers(0, 10, num_train))

    # two loops: a (rows x cols) corner of the problem, scaled by the number of pairs;
    # one loop: the first rows of the test set against all training points, scaled by rows
    rows, cols = two_loop_slice
    small = KNearestNeighbor()
    small.train(X_train[:cols], np.zeros(cols, dtype=np.int64))
    t = side_by_side({
        "no": lambda: knn.compute_distances_no_loops(X_test),
        "floor": lambda: X_test @ X_train.T,
        "two slice": lambda: small.compute_distances_two_loops(X_test[:rows]),
        "one slice": lambda: knn.compute_distances_one_loop(X_test[:one_loop_rows]),
    }, rounds=rounds)
    t_two = t["two slice"] * (num_test * num_train) / (rows * cols)
    t_one = t["one slice"] * num_test / one_loop_rows
    return dict(t_no=t["no"], t_floor=t["floor"], t_two=t_two, t_one=t_one,
                two_loop_slice=two_loop_slice, one_loop_rows=one_loop_rows,
                shape=(num_test, num_train, D))


def run():
    print(f"numpy {np.__version__}, OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}; "
          "functions timed interleaved, fastest call of each; ratios > 1 mean the first is slower")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    cores = os.cpu_count() or 1
    if load > cores - 0.5:
        print(f"warning: load average {load:.1f} on {cores} cores: other processes compete for the CPU and "
              "memory bandwidth, so ratios can be off by 20 % or more; rerun on an idle machine to confirm")
    results = []

    print("\nLoss + gradient, N=500 D=3073 C=10 (bias column included), float64")
    print(f"{'loss':8s} {'naive':>12s} {'vectorized':>12s} {'floor':>12s} {'naive/vec':>10s} {'vec/floor':>10s}  target vec/floor <= {TARGET}")
    for name, t_naive, t_vec, t_floor in bench_losses():
        ratio = t_vec / t_floor
        met = ratio <= TARGET
        results.append((f"{name} vectorized vs floor", ratio, met))
        print(f"{name:8s} {_fmt(t_naive)} {_fmt(t_vec)} {_fmt(t_floor)} {t_naive / t_vec:9.1f}x {ratio:9.2f}x  "
              f"{'met' if met else 'NOT met'}")
    print("  floor = X @ W plus X.T @ dscores alone (the two matrix products every vectorized loss needs)")

    d = bench_distances()
    nt, ntr, D = d["shape"]
    r, c = d["two_loop_slice"]
    ratio = d["t_no"] / d["t_floor"]
    met = ratio <= TARGET
    results.append(("no-loop distances vs floor", ratio, met))
    print(f"\nkNN L2 distances, {nt} test x {ntr} train x D={D}, float64")
    print(f"  two loops  {_fmt(d['t_two'])}  (measured on {r} x {c} pairs, scaled by {nt * ntr // (r * c)}x)")
    print(f"  one loop   {_fmt(d['t_one'])}  (measured on {d['one_loop_rows']} test rows, scaled by {nt // d['one_loop_rows']}x)")
    print(f"  no loops   {_fmt(d['t_no'])}")
    print(f"  floor      {_fmt(d['t_floor'])}  (X_test @ X_train.T alone)")
    print(f"  two-loop / no-loop {d['t_two'] / d['t_no']:8.1f}x")
    print(f"  one-loop / no-loop {d['t_one'] / d['t_no']:8.1f}x")
    print(f"  no-loop / floor    {ratio:8.2f}x  target <= {TARGET}: {'met' if met else 'NOT met'}")

    print("\nSummary: " + "; ".join(f"{name} {ratio:.2f}x ({'met' if met else 'NOT met'})" for name, ratio, met in results))
    return results


if __name__ == "__main__":
    run()
