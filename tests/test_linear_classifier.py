"""LinearClassifier: initialization, minibatch sampling (with replacement, seeded),
the SGD update, predict, training LinearSVM and Softmax on separable data, errors,
and wrong versions of the student parts that the same checks must catch."""
import numpy as np
import pytest

from cs231n_lib.classifiers.linear_classifier import LinearClassifier, LinearSVM, Softmax
from cs231n_lib.classifiers.linear_svm import svm_loss_vectorized
from cs231n_lib.classifiers.softmax import softmax_loss_vectorized


def blobs(seed, N=300, D=5, C=3, spread=0.5):
    """Well separated Gaussian clusters, one per class."""
    rng = np.random.default_rng(seed)
    centers = rng.standard_normal((C, D)) * 5
    y = rng.integers(0, C, N)
    X = centers[y] + spread * rng.standard_normal((N, D))
    return X, y


class Recorder(LinearClassifier):
    """Records each minibatch and returns a constant gradient G (loss = iteration count)."""

    def __init__(self, G):
        super().__init__()
        self.G = G
        self.batches = []

    def loss(self, X_batch, y_batch, reg):
        self.batches.append((np.array(X_batch, copy=True), np.array(y_batch, copy=True)))
        return float(len(self.batches)), self.G


# ---------------------------------------------------------------- checks (raise AssertionError)

def check_sampling_and_update(cls_train):
    """Run ``cls_train`` (a train function) on a recorder and compare with the documented recipe:
    rng = default_rng(seed); W0 = 0.001 * rng.standard_normal((D, C)); then per step
    idx = rng.choice(N, batch_size, replace=True); W -= learning_rate * grad."""
    rng_data = np.random.default_rng(0)
    N, D, C, B, iters, lr, seed = 12, 4, 3, 30, 5, 0.1, 123   # B > N: only possible with replacement
    X = rng_data.standard_normal((N, D))
    y = np.arange(N) % C
    G = rng_data.standard_normal((D, C))
    clf = Recorder(G)
    history = cls_train(clf, X, y, learning_rate=lr, reg=0.0, num_iters=iters, batch_size=B, seed=seed)

    rng = np.random.default_rng(seed)
    W0 = 0.001 * rng.standard_normal((D, C))
    assert isinstance(history, list) and history == [1.0, 2.0, 3.0, 4.0, 5.0], history
    assert len(clf.batches) == iters, f"loss called {len(clf.batches)} times, expected {iters}"
    for it, (X_batch, y_batch) in enumerate(clf.batches):
        idx = rng.choice(N, B, replace=True)
        assert X_batch.shape == (B, D) and y_batch.shape == (B,), (X_batch.shape, y_batch.shape)
        np.testing.assert_array_equal(X_batch, X[idx], err_msg=f"iteration {it}: X_batch")
        np.testing.assert_array_equal(y_batch, y[idx], err_msg=f"iteration {it}: y_batch")
    assert clf.W.dtype == np.float64
    np.testing.assert_allclose(clf.W, W0 - iters * lr * G, rtol=1e-12, atol=1e-15)


def check_predict(predict):
    clf = LinearClassifier()
    # D = 2, C = 3; scores = X @ W by hand
    clf.W = np.array([[1.0, 0.0, -1.0], [0.0, 2.0, 1.0]])
    X = np.array([
        [1.0, 0.0],    # scores [1, 0, -1]   -> 0
        [0.0, 1.0],    # scores [0, 2, 1]    -> 1
        [-1.0, 0.0],   # scores [-1, 0, 1]   -> 2
        [2.0, 1.0],    # scores [2, 2, -1]   tie between 0 and 1 -> 0 (the smaller class)
    ])
    got = predict(clf, X)
    assert isinstance(got, np.ndarray) and got.shape == (4,), got
    assert got.dtype.kind in "iu", got.dtype
    assert got.tolist() == [0, 1, 2, 0], got.tolist()


def reference_train(clf, X, y, **kw):
    return clf.train(X, y, **kw)


def reference_predict(clf, X):
    return clf.predict(X)


# ---------------------------------------------------------------- reference passes

def test_sampling_and_update_follow_the_recipe():
    check_sampling_and_update(reference_train)


def test_predict_hand_example():
    check_predict(reference_predict)


def test_initial_weights():
    X, y = blobs(0, N=20, D=7, C=4)
    clf = LinearSVM()
    assert clf.train(X, y, num_iters=0, seed=5) == []
    C = int(y.max()) + 1
    np.testing.assert_array_equal(clf.W, 0.001 * np.random.default_rng(5).standard_normal((7, C)))
    assert clf.W.dtype == np.float64 and clf.W.shape == (7, C)


def test_same_seed_same_run_and_different_seed_differs():
    X, y = blobs(1)
    runs = []
    for seed in (7, 7, 8):
        clf = Softmax()
        hist = clf.train(X, y, learning_rate=1e-2, num_iters=20, batch_size=16, seed=seed)
        runs.append((hist, clf.W.copy()))
    assert runs[0][0] == runs[1][0]
    np.testing.assert_array_equal(runs[0][1], runs[1][1])
    assert runs[0][0] != runs[2][0]


def test_history_is_the_loss_of_each_minibatch_before_the_update():
    X, y = blobs(2, N=50)
    clf = LinearSVM()
    hist = clf.train(X, y, learning_rate=1e-3, reg=0.1, num_iters=3, batch_size=10, seed=3)
    rng = np.random.default_rng(3)
    W = 0.001 * rng.standard_normal((X.shape[1], 3))
    for it in range(3):
        idx = rng.choice(50, 10, replace=True)
        loss, grad = svm_loss_vectorized(W, X[idx], y[idx], 0.1)
        assert abs(hist[it] - loss) < 1e-12
        W = W - 1e-3 * grad
    np.testing.assert_allclose(clf.W, W, rtol=1e-12)


@pytest.mark.parametrize("cls, loss_fn", [(LinearSVM, svm_loss_vectorized), (Softmax, softmax_loss_vectorized)])
def test_subclasses_use_the_vectorized_losses(cls, loss_fn):
    X, y = blobs(3, N=30)
    clf = cls()
    clf.W = np.random.default_rng(0).standard_normal((X.shape[1], 3))
    loss, grad = clf.loss(X, y, 0.2)
    want_loss, want_grad = loss_fn(clf.W, X, y, 0.2)
    assert loss == want_loss
    np.testing.assert_array_equal(grad, want_grad)


@pytest.mark.parametrize("cls", [LinearSVM, Softmax])
def test_training_learns_separable_blobs(cls):
    X, y = blobs(4)
    X_val, y_val = blobs(4, N=100)  # same seed: same centers; N differs, so different points
    clf = cls()
    hist = clf.train(X, y, learning_rate=1e-2, reg=1e-4, num_iters=200, batch_size=50, seed=0)
    assert len(hist) == 200 and all(np.isfinite(hist))
    assert np.mean(hist[-20:]) < 0.5 * hist[0]
    assert np.mean(clf.predict(X) == y) > 0.95
    assert np.mean(clf.predict(X_val) == y_val) > 0.95
    assert clf.W.dtype == np.float64


def test_float32_and_uint8_inputs_keep_W_float64():
    X, y = blobs(5, N=40)
    clf = Softmax()
    clf.train(X.astype(np.float32), y, num_iters=3, batch_size=8, seed=0)
    assert clf.W.dtype == np.float64
    clf2 = LinearSVM()
    clf2.train(np.clip(X * 10 + 128, 0, 255).astype(np.uint8), y, num_iters=3, batch_size=8, seed=0)
    assert clf2.W.dtype == np.float64


def test_second_call_continues_from_current_W():
    X, y = blobs(6, N=40)
    clf = LinearSVM()
    clf.train(X, y, num_iters=5, batch_size=8, seed=0)
    W1 = clf.W.copy()
    clf.train(X, y, num_iters=0, seed=1)
    np.testing.assert_array_equal(clf.W, W1)


def test_verbose_prints_progress(capsys):
    X, y = blobs(7, N=40)
    LinearSVM().train(X, y, num_iters=201, batch_size=8, verbose=True, seed=0)
    out = capsys.readouterr().out
    assert "iteration 0 / 201" in out and "iteration 200 / 201" in out


# ---------------------------------------------------------------- wrong versions are caught

def train_without_replacement(clf, X, y, learning_rate=1e-3, reg=1e-5, num_iters=100, batch_size=200, seed=None, **_):
    """Wrong: samples without replacement (fails for batch_size > N, and draws differ)."""
    rng = np.random.default_rng(seed)
    clf.W = 0.001 * rng.standard_normal((X.shape[1], int(y.max()) + 1))
    hist = []
    for _ in range(num_iters):
        idx = rng.choice(X.shape[0], min(batch_size, X.shape[0]), replace=False)
        loss, grad = clf.loss(X[idx], y[idx], reg)
        hist.append(loss)
        clf.W -= learning_rate * grad
    return hist


def train_gradient_ascent(clf, X, y, learning_rate=1e-3, reg=1e-5, num_iters=100, batch_size=200, seed=None, **_):
    """Wrong: W += learning_rate * grad."""
    rng = np.random.default_rng(seed)
    clf.W = 0.001 * rng.standard_normal((X.shape[1], int(y.max()) + 1))
    hist = []
    for _ in range(num_iters):
        idx = rng.choice(X.shape[0], batch_size, replace=True)
        loss, grad = clf.loss(X[idx], y[idx], reg)
        hist.append(loss)
        clf.W += learning_rate * grad
    return hist


def train_full_batch(clf, X, y, learning_rate=1e-3, reg=1e-5, num_iters=100, batch_size=200, seed=None, **_):
    """Wrong: ignores batch_size and uses all the data at every step."""
    rng = np.random.default_rng(seed)
    clf.W = 0.001 * rng.standard_normal((X.shape[1], int(y.max()) + 1))
    hist = []
    for _ in range(num_iters):
        loss, grad = clf.loss(X, y, reg)
        hist.append(loss)
        clf.W -= learning_rate * grad
    return hist


@pytest.mark.parametrize("wrong", [train_without_replacement, train_gradient_ascent, train_full_batch])
def test_wrong_training_is_caught(wrong):
    with pytest.raises((AssertionError, ValueError)):
        check_sampling_and_update(wrong)


@pytest.mark.parametrize("wrong", [
    lambda clf, X: np.argmin(X @ clf.W, axis=1),             # smallest score
    lambda clf, X: np.argmax(X @ clf.W, axis=0),             # wrong axis
    lambda clf, X: np.max(X @ clf.W, axis=1),                # the score, not the class
    lambda clf, X: (X @ clf.W).shape[1] - 1 - np.argmax((X @ clf.W)[:, ::-1], axis=1),  # ties to the larger class
])
def test_wrong_predict_is_caught(wrong):
    with pytest.raises(AssertionError):
        check_predict(wrong)


# ---------------------------------------------------------------- errors

def test_predict_before_train():
    with pytest.raises(RuntimeError, match="train"):
        LinearSVM().predict(np.zeros((2, 3)))


def test_predict_wrong_dimension():
    X, y = blobs(8, N=20, D=4)
    clf = Softmax()
    clf.train(X, y, num_iters=1, batch_size=4, seed=0)
    with pytest.raises(ValueError, match=r"\(N, 4\)"):
        clf.predict(np.zeros((2, 5)))


def test_base_class_loss_is_abstract():
    with pytest.raises(NotImplementedError, match="LinearSVM or Softmax"):
        LinearClassifier().train(*blobs(9, N=10), num_iters=1, batch_size=2, seed=0)


def test_bad_training_inputs():
    clf = LinearSVM()
    with pytest.raises(ValueError, match="reshape"):
        clf.train(np.zeros((4, 2, 2)), np.zeros(4, dtype=int))
    with pytest.raises(ValueError, match="y must have shape"):
        clf.train(np.zeros((4, 2)), np.zeros(3, dtype=int))
    with pytest.raises(ValueError, match="integer labels"):
        clf.train(np.zeros((4, 2)), np.zeros(4))
    X, y = blobs(10, N=20, D=4)
    clf.train(X, y, num_iters=1, batch_size=4, seed=0)
    with pytest.raises(ValueError, match="new classifier"):
        clf.train(np.zeros((4, 6)), np.zeros(4, dtype=int), num_iters=1)


# ---------------------------------------------------------------- the benchmark still runs

def test_bench_linear_runs_on_tiny_sizes():
    # no timing assertion: only that tests/bench_linear.py keeps working with these APIs
    from tests import bench_linear
    rows = bench_linear.bench_losses(N=20, D=30, C=4, rounds=1)
    assert [r[0] for r in rows] == ["SVM", "softmax"] and all(t > 0 for r in rows for t in r[1:])
    d = bench_linear.bench_distances(num_test=10, num_train=40, D=8, two_loop_slice=(5, 20), one_loop_rows=5, rounds=1)
    assert all(d[k] > 0 for k in ("t_no", "t_floor", "t_two", "t_one"))
