"""Computational graphs: gates with a forward/backward API, a small autograd engine and
pictures of graphs with their values and gradients (lecture 4).

Given code: this file only gathers the names of the package.
"""
from .gates import (AddGate, Context, ExpGate, Function, LogGate, MatMulGate, MaxGate,
                    MulGate, PowGate, ReLUGate, SigmoidGate, SumGate, TanhGate, unbroadcast)
from .engine import Value, maximum, zero_grad
from .draw import draw, draw_backward_steps

__all__ = [
    "Function", "Context", "unbroadcast", "Value", "maximum", "zero_grad", "draw",
    "draw_backward_steps", "AddGate", "MulGate", "MaxGate", "ExpGate", "LogGate", "PowGate",
    "SigmoidGate", "ReLUGate", "TanhGate", "MatMulGate", "SumGate",
]
