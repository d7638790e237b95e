"""Hidden cases of ``classifiers/linear_svm.py``: the SVM loss, naive and vectorized."""
from .base import loss_case


def svm_cases() -> list:
    return [
        loss_case(1, N=1, D=3, C=2, reg=0.0, label="one example, two classes"),
        loss_case(2, N=5, D=7, C=4, reg=0.1, label="D != C"),
        loss_case(3, N=8, D=3, C=6, reg=0.5, label="more classes than dimensions"),
        # seed 261: 4 margins of exactly 0 and 2 ties (tests/test_misconceptions.py checks it)
        loss_case(261, N=6, D=4, C=3, reg=0.05, integer=True, label="integer data: ties and margins of exactly 0"),
        loss_case(5, N=20, D=10, C=10, reg=0.0, label="reg = 0"),
        loss_case(6, N=4, D=5, C=4, reg=0.2, label="N = C, where a vector of correct scores broadcasts silently"),
    ]
