"""Benchmark: one epoch of the two-layer net with the Solver versus the same network trained
with PyTorch on the CPU, measured side by side in one run.

Run: ``python -m tests.bench_nn`` (or ``run()``; ``make bench`` calls it).

The work: a TwoLayerNet 784 - 100 (ReLU) - 10 with a softmax loss, SGD with momentum 0.9,
batch size 200, one epoch over 10,000 examples (the embedded Fashion-MNIST, or random data of
the same shape when it cannot be loaded), i.e. 50 updates. Both sides do the same work: the
Solver's epoch with its two accuracy measurements (before and after the epoch, on 1,000
training and 1,000 validation examples), and a PyTorch loop doing the same updates and
measurements (nn.Linear, F.cross_entropy, torch.optim.SGD, inference under no_grad).

Both use the same number of threads: PyTorch's is set to numpy's OpenBLAS thread count (one
thread, as every benchmark of the kit, unless OMP_NUM_THREADS says otherwise before numpy is
imported). Each side is timed as the best of several epochs, alternating the two.
Reported for float64 (the kit's default, for gradient checks) and float32 (PyTorch's default;
``TwoLayerNet(..., dtype=np.float32)``). Target: the Solver no slower than PyTorch.

PyTorch is optional and only used here: ``make bench`` runs in its own environment,
``.venv-bench`` (the kit's pins plus ``requirements-bench.txt``, the pinned CPU build), so the
PyTorch half is measured there; run elsewhere without torch, it is skipped with a message.
"""
import os

# Single-threaded BLAS, so that the ratios do not depend on other work on the machine.
# This only takes effect if numpy has not been imported yet in this process.
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import ctypes  # noqa: E402
import glob  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

from cs231n_lib.classifiers.fc_net import TwoLayerNet  # noqa: E402
from cs231n_lib.solver import Solver  # noqa: E402

HIDDEN, BATCH, NUM_TRAIN, LR, MOMENTUM, WEIGHT_SCALE = 100, 200, 10_000, 1e-4, 0.9, 1e-3
REPEAT = 3


def numpy_threads():
    """(count, how it was found) for the BLAS threads numpy uses."""
    libdir = os.path.dirname(np.__file__) + ".libs"
    for path in glob.glob(os.path.join(libdir, "*openblas*")):
        try:
            lib = ctypes.CDLL(path)
            for name in ("scipy_openblas_get_num_threads64_", "openblas_get_num_threads64_",
                         "openblas_get_num_threads"):
                if hasattr(lib, name):
                    return int(getattr(lib, name)()), f"OpenBLAS {name}()"
        except OSError:
            pass
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        if os.environ.get(var):
            return int(os.environ[var]), f"${var}"
    return os.cpu_count() or 1, "os.cpu_count() (BLAS not identified)"


def load_data():
    try:
        from cs231n_lib.data import load_dataset

        data = load_dataset("fashion_mnist", num_training=NUM_TRAIN, verbose=False)
        source = "embedded Fashion-MNIST"
    except Exception as error:  # noqa: BLE001 - any failure: fall back to random data
        rng = np.random.default_rng(0)
        data = {
            "X_train": rng.normal(0, 60, size=(NUM_TRAIN, 28, 28, 1)),
            "y_train": rng.integers(10, size=NUM_TRAIN),
            "X_val": rng.normal(0, 60, size=(1000, 28, 28, 1)),
            "y_val": rng.integers(10, size=1000),
        }
        source = f"random data ({type(error).__name__}: {error})"
    keys = ("X_train", "y_train", "X_val", "y_val")
    return {k: data[k] for k in keys}, source


def solver_epoch(data, dtype, seed=0):
    """Seconds for Solver.train() over one epoch, and the mean loss of its last 10 updates."""
    data = dict(data, X_train=data["X_train"].astype(dtype), X_val=data["X_val"].astype(dtype))
    model = TwoLayerNet(28 * 28, HIDDEN, 10, weight_scale=WEIGHT_SCALE, seed=seed, dtype=dtype)
    solver = Solver(model, data, update_rule="sgd_momentum",
                    optim_config={"learning_rate": LR, "momentum": MOMENTUM},
                    batch_size=BATCH, num_epochs=1, num_train_samples=1000, verbose=False, seed=seed)
    start = time.perf_counter()
    solver.train()
    elapsed = time.perf_counter() - start
    return elapsed, float(np.mean(solver.loss_history[-10:])), solver.val_acc_history[-1]


def torch_epoch(torch, data, dtype, seed=0):
    """The same epoch in PyTorch: same initialization, updates and accuracy measurements."""
    F = torch.nn.functional
    tdtype = {np.float32: torch.float32, np.float64: torch.float64}[dtype]
    # The data conversion is outside the timing, like the Solver's data (already arrays).
    X = torch.from_numpy(data["X_train"].reshape(NUM_TRAIN, -1).astype(dtype))
    y = torch.from_numpy(data["y_train"])
    X_val = torch.from_numpy(data["X_val"].reshape(len(data["X_val"]), -1).astype(dtype))
    y_val = torch.from_numpy(data["y_val"])
    reference = TwoLayerNet(28 * 28, HIDDEN, 10, weight_scale=WEIGHT_SCALE, seed=seed, dtype=dtype)
    model = torch.nn.Sequential(torch.nn.Linear(28 * 28, HIDDEN), torch.nn.ReLU(), torch.nn.Linear(HIDDEN, 10))
    model = model.to(tdtype)
    with torch.no_grad():  # the same initial parameters as the numpy network
        for layer, (W, b) in zip((model[0], model[2]), (("W1", "b1"), ("W2", "b2"))):
            layer.weight.copy_(torch.from_numpy(reference.params[W].T.copy()))
            layer.bias.copy_(torch.from_numpy(reference.params[b]))
    # torch's momentum v = mu v + g, w -= lr v is the kit's v = mu v - lr g, w += v.
    optimizer = torch.optim.SGD(model.parameters(), lr=LR, momentum=MOMENTUM)
    generator = torch.Generator().manual_seed(seed)

    def accuracy(X_, y_, num_samples=None):
        if num_samples is not None and len(X_) > num_samples:
            subset = torch.randperm(len(X_), generator=generator)[:num_samples]
            X_, y_ = X_[subset], y_[subset]
        with torch.no_grad():
            return (model(X_).argmax(dim=1) == y_).double().mean().item()

    start = time.perf_counter()
    accuracy(X, y, 1000), accuracy(X_val, y_val)
    order = torch.randperm(NUM_TRAIN, generator=generator)
    losses = []
    for i in range(NUM_TRAIN // BATCH):
        batch = order[i * BATCH:(i + 1) * BATCH]
        loss = F.cross_entropy(model(X[batch]), y[batch])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    accuracy(X, y, 1000)
    val_acc = accuracy(X_val, y_val)
    elapsed = time.perf_counter() - start
    return elapsed, float(np.mean(losses[-10:])), val_acc


def run():
    threads, how = numpy_threads()
    data, source = load_data()
    print(f"one epoch: TwoLayerNet 784-{HIDDEN}-10 ReLU, batch {BATCH}, {NUM_TRAIN} examples of {source}, "
          f"SGD momentum {MOMENTUM}, lr {LR}; accuracy measured before and after on 1000 train + "
          f"{len(data['X_val'])} val examples")
    print(f"threads: numpy {threads} (from {how})", end="")
    try:
        import torch
    except ImportError:
        torch = None
        print("\nPyTorch is not installed here: skipping the PyTorch half. `make bench` measures it: it runs in "
              ".venv-bench, which has requirements-bench.txt (the pinned CPU build) beside the kit's pins.")
    else:
        torch.set_num_threads(threads)
        print(f", torch {torch.get_num_threads()} (torch.set_num_threads({threads})), torch {torch.__version__}")

    rows = []
    for dtype in (np.float64, np.float32):
        best_np = best_torch = (float("inf"),)
        for _ in range(REPEAT):  # alternate the two sides so that both see the same machine
            best_np = min(best_np, solver_epoch(data, dtype))
            if torch is not None:
                best_torch = min(best_torch, torch_epoch(torch, data, dtype))
        rows.append((np.dtype(dtype).name, best_np, best_torch if torch is not None else None))

    print(f"{'dtype':8s} {'Solver (numpy)':>15s} {'PyTorch':>10s} {'Solver/PyTorch':>15s}   "
          "mean loss of the last 10 updates (numpy / torch); val acc")
    for name, (t_np, loss_np, acc_np), torch_row in rows:
        if torch_row is None:
            print(f"{name:8s} {t_np * 1e3:12.1f} ms {'-':>10s} {'-':>15s}   {loss_np:.3f}; {acc_np:.3f}")
            continue
        t_t, loss_t, acc_t = torch_row
        print(f"{name:8s} {t_np * 1e3:12.1f} ms {t_t * 1e3:7.1f} ms {t_np / t_t:14.2f}x   "
              f"{loss_np:.3f} / {loss_t:.3f}; {acc_np:.3f} / {acc_t:.3f}")
    if torch is not None:
        f64_np, f32_t = rows[0][1][0], rows[1][2][0]
        print(f"the kit's default (numpy float64) versus PyTorch's default (float32): {f64_np / f32_t:.2f}x "
              f"(target: <= 1.00x, i.e. no slower than PyTorch)")


if __name__ == "__main__":
    run()
