"""``python -m tests.student_code._verify``: an independent check of the verdicts of the loss and
ReLU samples, without the grader, its reference or its wrong versions: each sample's loss is
compared with the docstring's formula written out here in plain loops, and its gradient with
centered differences ``(f(x+h) - f(x-h)) / 2h`` (h = 1e-5) of that formula. Prints, per sample,
which outputs agree; a "correct" sample must agree on everything, a wrong one must not.

Not decided here: the flags about a kink (a margin or an input of exactly 0), where a centered
difference gives 1/2 and the docstring's rule decides (``KINK_FLAGS``); the other modules'
samples (their verdicts are in their docstrings)."""
import numpy as np

from . import load_all

H = 1e-5
KINK_FLAGS = {"margin_ge_0", "mask_ge_zero"}


def _svm(W, X, y, reg):
    total = 0.0
    for i in range(X.shape[0]):
        s = X[i] @ W
        total += sum(max(0.0, s[j] - s[y[i]] + 1) for j in range(W.shape[1]) if j != y[i])
    return total / X.shape[0] + reg * np.sum(W * W)


def _softmax(W, X, y, reg):
    total = 0.0
    for i in range(X.shape[0]):
        s = X[i] @ W
        top = max(s)
        total += top + np.log(sum(np.exp(v - top) for v in s)) - s[y[i]]
    return total / X.shape[0] + reg * np.sum(W * W)


def _numeric(f, a):
    g = np.zeros_like(a)
    for idx in np.ndindex(a.shape):
        old = a[idx]
        a[idx] = old + H
        up = f()
        a[idx] = old - H
        down = f()
        a[idx] = old
        g[idx] = (up - down) / (2 * H)
    return g


def _close(a, b, tol=1e-6):
    """rel_error below ``tol`` (1e-6; 1e-4 for a centered difference at scores of 1e3, where
    rounding in f(x + h) - f(x - h) alone reaches about 1e-6)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.all(np.isfinite(a))) and \
        float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b)))) < tol


def _call(fn, *args):
    """The sample's outputs, or (None, None) when it raises (a shape error is a wrong answer)."""
    try:
        return fn(*args)
    except (ValueError, IndexError) as exc:
        return None, type(exc).__name__


def _inputs(rng, large=False, apart=False):
    X = rng.standard_normal((6, 5)) * (3000.0 if apart else 1.0)
    W = 0.5 * rng.standard_normal((5, 4))
    if large:
        X[:, 0] = 1000.0
        W[0] = 1.0 + 0.01 * rng.standard_normal(4)
    return W, X, rng.integers(0, 4, 6), 0.3


def check_linear(sample, formula):
    rng = np.random.default_rng(7)
    verdicts = {}
    for label, (W, X, y, reg) in (("small", _inputs(rng)), ("reg=0", _inputs(rng)[:3] + (0.0,)),
                                  ("scores ~1e3", _inputs(rng, large=True)),
                                  ("scores 1e3 apart", _inputs(rng, apart=True))):
        with np.errstate(all="ignore"):
            loss, dW = _call(sample.function, W.copy(), X.copy(), y.copy(), reg)
            want = formula(W, X, y, reg)
            grad = _numeric(lambda: formula(W, X, y, reg), W)
        tol = 1e-4 if "1e3" in label else 1e-6
        verdicts[label] = (loss is not None and _close(loss, want), loss is not None and _close(dW, grad, tol))
    return verdicts


def check_layer_loss(sample, formula):
    rng = np.random.default_rng(8)
    verdicts = {}
    for label, scale, shift in (("small", 1.0, 0.0), ("scores ~1e3", 2.0, 1000.0), ("scores 1e3 apart", 1000.0, 0.0)):
        x = shift + scale * rng.standard_normal((5, 4))
        y = rng.integers(0, 4, 5)
        eye = np.eye(x.shape[1])
        with np.errstate(all="ignore"):
            loss, dx = _call(sample.function, x.copy(), y.copy())
            want = formula(eye, x, y, 0.0)    # the layer's loss is the linear loss with W = I
            grad = _numeric(lambda: formula(eye, x, y, 0.0), x)
        tol = 1e-4 if "1e3" in label else 1e-6
        verdicts[label] = (loss is not None and _close(loss, want), loss is not None and _close(dx, grad, tol))
    return verdicts


def check_relu_backward(sample):
    rng = np.random.default_rng(9)
    x, dout = rng.standard_normal((4, 5)), rng.standard_normal((4, 5))
    grad = _numeric(lambda: float(np.sum(dout * np.maximum(0, x))), x)
    return {"random x": (True, _close(sample.function(dout.copy(), x.copy()), grad))}


CHECKS = {
    "classifiers.linear_svm.svm_loss_naive": lambda s: check_linear(s, _svm),
    "classifiers.linear_svm.svm_loss_vectorized": lambda s: check_linear(s, _svm),
    "classifiers.softmax.softmax_loss_naive": lambda s: check_linear(s, _softmax),
    "classifiers.softmax.softmax_loss_vectorized": lambda s: check_linear(s, _softmax),
    "layers.svm_loss": lambda s: check_layer_loss(s, _svm),
    "layers.softmax_loss": lambda s: check_layer_loss(s, _softmax),
    "layers.relu_backward": check_relu_backward,
}


def main():
    disagreements = 0
    for s in load_all():
        if s.path not in CHECKS or KINK_FLAGS & set(s.flags):
            continue
        verdicts = CHECKS[s.path](s)
        right = all(a and b for a, b in verdicts.values())
        ok = right == s.correct or (s.mutates and right)
        disagreements += not ok
        shown = "; ".join(f"{k}: loss {'ok' if a else 'WRONG'}, grad {'ok' if b else 'WRONG'}"
                          for k, (a, b) in verdicts.items())
        print(f"{'' if ok else 'DISAGREES '}{s.id:50s} {'+'.join(s.flags) or 'correct':35s} {shown}")
    print(f"{disagreements} samples whose EXPECT disagrees with the independent check")
    return disagreements


if __name__ == "__main__":
    raise SystemExit(main())
