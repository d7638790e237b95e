"""Hidden cases of ``classifiers/softmax.py``: the softmax loss, naive and vectorized."""
from .base import Case, loss_case, random_labels, seeded_rng


def softmax_cases() -> list:
    return [
        loss_case(11, N=1, D=3, C=2, reg=0.0, label="one example, two classes"),
        loss_case(12, N=5, D=7, C=4, reg=0.1, label="D != C"),
        loss_case(13, N=8, D=3, C=6, reg=0.5, label="more classes than dimensions"),
        loss_case(14, N=6, D=5, C=3, reg=0.0, scale=3000.0, label="very large scores (about 1e3)"),
        loss_case(15, N=20, D=10, C=10, reg=1e-3, label="small reg"),
        loss_case(16, N=4, D=5, C=4, reg=0.2, label="N = C, where a vector of row sums broadcasts silently"),
        _similar_large_scores_case(17),
        _scores_about_400_case(18),
    ]


def _similar_large_scores_case(seed, N=5, D=4, C=3):
    """Scores of about 1000 +- 5 in every example: exp overflows without a shift, while one shift
    by the overall max is as good as a shift per example (it tells those two mistakes apart)."""
    rng = seeded_rng(seed)
    X = rng.standard_normal((N, D))
    X[:, 0] = 1000.0
    W = 0.1 * rng.standard_normal((D, C))
    W[0] = 1.0 + 0.002 * rng.standard_normal(C)
    y = random_labels(rng, N, C, all_classes=True)
    meta = {"N": N, "D": D, "C": C, "reg": 0.01, "large_scores": True, "zero_margins": False}
    return Case(f"N={N}, D={D}, C={C}, reg=0.01, large scores of the same size in every example (about 1e3 +- 5)",
                {"W": W, "X": X, "y": y, "reg": 0.01}, meta=meta)


def _scores_about_400_case(seed, N=5, D=4, C=3):
    """Scores of about 400 +- 2 in every example: exp(s) is finite (about 1e174) but exp(2 s)
    overflows, so a loss without the max shift is right here while one that adds the max instead of
    subtracting it is NaN (it tells those two mistakes apart). Not marked ``large_scores``: the
    "right except at very large scores" fact stays true of a missing shift only."""
    rng = seeded_rng(seed)
    X = rng.standard_normal((N, D))
    X[:, 0] = 400.0
    W = 0.1 * rng.standard_normal((D, C))
    W[0] = 1.0 + 0.002 * rng.standard_normal(C)
    y = random_labels(rng, N, C, all_classes=True)
    meta = {"N": N, "D": D, "C": C, "reg": 0.01, "large_scores": False, "zero_margins": False}
    return Case(f"N={N}, D={D}, C={C}, reg=0.01, scores about 400 (exp(s) is finite, exp(2 s) overflows)",
                {"W": W, "X": X, "y": y, "reg": 0.01}, meta=meta)
