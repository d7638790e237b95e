"""A graded function's dotted path, relative to ``cs231n_lib``, and how it splits.

``classifiers.linear_svm.svm_loss_vectorized`` is the function ``svm_loss_vectorized`` of the
module ``classifiers.linear_svm``; ``classifiers.fc_net.TwoLayerNet.loss`` is the method
``loss`` of the class ``TwoLayerNet`` in ``classifiers.fc_net``: the module ends before the
first part that starts with a capital letter (a class). This is the only place that rule is
written; the manifest, the child, the misconception runner, ``explain`` and the tests use it.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class DottedPath:
    path: str

    def __post_init__(self):
        parts = self.path.split(".")
        if len(parts) < 2 or not all(p.isidentifier() for p in parts):
            raise ValueError(f"{self.path!r} is not a dotted path like 'module.function' or 'module.Class.method' "
                             "(relative to cs231n_lib)")

    @property
    def parts(self) -> list:
        return self.path.split(".")

    @property
    def _split(self) -> int:
        parts = self.parts
        split = len(parts) - 1
        while split > 1 and parts[split - 1][:1].isupper():
            split -= 1
        return split

    @property
    def module(self) -> str:
        """The dotted module path, e.g. ``classifiers.linear_svm``."""
        return ".".join(self.parts[:self._split])

    @property
    def qualname(self) -> str:
        """What the module holds, e.g. ``svm_loss_vectorized`` or ``TwoLayerNet.loss``."""
        return ".".join(self.parts[self._split:])

    @property
    def attribute_chain(self) -> list:
        """The attribute names from the module down: ``["TwoLayerNet", "loss"]``."""
        return self.parts[self._split:]

    @property
    def module_file(self) -> str:
        """The module file relative to ``cs231n_lib/``, e.g. ``classifiers/linear_svm.py``."""
        return self.module.replace(".", "/") + ".py"

    @property
    def name(self) -> str:
        """The function's own name, e.g. ``svm_loss_vectorized`` or ``loss``."""
        return self.parts[-1]

    def __str__(self):
        return self.path
