"""The CHILD side of the grader: run a student's functions on hidden inputs, write plain data.

This file is self-contained on purpose (standard library and numpy only; it never imports
``grading`` or the reference ``cs231n_lib``). The trusted parent (``grading/grader.py``)
copies it into a scratch folder and starts it, usually inside bubblewrap::

    python -I runner.py JOB.json

``JOB.json`` names the folder that holds the student's ``cs231n_lib`` (``lib_root``), the
scratch folder, and the functions to run: for each, its dotted path, its *driver* (how to
call it, below) and how many cases it has. Inputs are read from ``inputs/F_C.npz`` plus
``inputs/F_C.json`` (written by the parent); outputs are written as ``out/F_C.npz`` plus a
line in ``progress.jsonl``. Nothing is ever pickled: arrays go through ``np.savez`` and are
read back with ``allow_pickle=False``; everything else is described by its type name.

The parent computes the *expected* outputs with the same drivers applied to the reference
package (in its own process), so a driver is the one place that says how a function is
called. Drivers:

- ``call``: ``fn(*args, **kwargs)``; the result (or each element of a returned tuple) is
  named by ``spec["outputs"]``. A returned dict is flattened into ``name.key`` entries.
- ``method``: build ``Class(*init)``, run given set-up calls (e.g. ``train``), set
  attributes, then call the graded method as in ``call``.
- ``forward_backward``: run the matching ``*_forward`` on the inputs, then the graded
  ``*_backward(dout, cache)`` (the cache format is the student's own choice).
- ``linear_train``: ``LinearClassifier.train`` with a loss defined here (not the student's),
  so only the sampling and the update are graded.
- ``construct``: grade a constructor (``__init__``): build the object with the case's
  arguments and report the attributes named in ``outputs`` (a dict is flattened).
- ``init_stats``: construct a model and report the shapes, zero-ness and spread of its
  parameters (for random initializations that cannot be compared value by value).
- ``model_loss``: construct a model, overwrite its ``params`` with given arrays, call
  ``loss(X, y)``; the returned ``grads`` dict is flattened.
- ``gate``: ``Gate.forward(ctx, *inputs)`` then ``Gate.backward(ctx, dout)`` of a
  ``cs231n_lib.graph`` Function, with the package's given ``Context``.
- ``engine``: build an expression of ``Value`` nodes from a small program in the case
  (with gates defined here, so the student's gates do not matter), call ``.backward()``
  and report every leaf's gradient.

A case may override the output names of the spec with an input ``__outputs__`` (comma
separated), e.g. ``loss(X, y=None)`` returning scores instead of ``(loss, grads)``.
"""
import importlib
import json
import os
import sys
import time
import traceback

MAX_PRINT = 64 * 1024  # characters of student printing kept per run (the rest is counted, dropped)


# --------------------------------------------------------------------------- plain data I/O

def save_values(path_stem, values):
    """Write a dict of values as ``path_stem.npz`` (arrays, numbers) + ``path_stem.json``
    (one descriptor per name). Returns the descriptors. Used by parent and child."""
    import numpy as np

    arrays, desc = {}, {}
    for i, (name, v) in enumerate(values.items()):
        desc[name] = describe(v)
        kind = desc[name]["kind"]
        if kind in ("ndarray", "float", "int", "bool", "npscalar"):
            try:
                arr = np.array(v, copy=True)
                if arr.dtype.kind not in "biufc":
                    raise TypeError(f"dtype {arr.dtype}")
                arrays[f"a{i}"] = arr
                desc[name]["key"] = f"a{i}"
            except Exception as exc:  # an ndarray subclass or object array that will not convert
                desc[name] = {"kind": "other", "type": type(v).__name__, "repr": f"not plain numeric data ({exc})"}
    with open(path_stem + ".npz", "wb") as f:
        np.savez(f, **arrays)
    with open(path_stem + ".json", "w") as f:
        json.dump(desc, f)
    return desc


def describe(v):
    """A JSON-able description of a value's type (plain data only)."""
    import numpy as np

    t = type(v)
    if t is np.ndarray:
        return {"kind": "ndarray", "type": "ndarray", "dtype": str(v.dtype), "shape": list(v.shape)}
    if isinstance(v, np.ndarray):
        return {"kind": "other", "type": t.__name__, "repr": f"a subclass of numpy.ndarray ({t.__name__}), not a plain array"}
    if t is bool or t is np.bool_:
        return {"kind": "bool", "type": t.__name__}
    if t is float:
        return {"kind": "float", "type": "float"}
    if t is int:
        return {"kind": "int", "type": "int"}
    if t in (np.float64, np.float32, np.float16, np.int64, np.int32, np.int16, np.int8,
             np.uint8, np.uint16, np.uint32, np.uint64, np.longdouble):
        return {"kind": "npscalar", "type": t.__name__, "dtype": str(np.dtype(t))}
    if v is None:
        return {"kind": "none", "type": "NoneType"}
    if t is str:
        return {"kind": "str", "type": "str", "value": v[:10000]}
    try:
        r = object.__repr__(v)
    except Exception:
        r = "?"
    return {"kind": "other", "type": t.__name__, "repr": r[:200]}


def load_values(path_stem):
    """Read back what :func:`save_values` wrote. Never unpickles. Returns (values, descriptors)."""
    import numpy as np

    with open(path_stem + ".json") as f:
        desc = json.load(f)
    values = {}
    with np.load(path_stem + ".npz", allow_pickle=False) as data:
        for name, d in desc.items():
            kind = d.get("kind")
            if "key" in d:
                arr = np.array(data[d["key"]])
                if kind == "ndarray":
                    values[name] = arr
                elif kind == "float":
                    values[name] = float(arr)
                elif kind == "int":
                    values[name] = int(arr)
                elif kind == "bool":
                    values[name] = bool(arr)
                else:  # numpy scalar
                    values[name] = arr[()]
            elif kind == "none":
                values[name] = None
            elif kind == "str":
                values[name] = d.get("value", "")
            else:
                values[name] = _Opaque(d.get("type", "?"), d.get("repr", ""))
    return values, desc


class _Opaque:
    """Stands for a returned object that is not plain data (only its type name travels)."""

    def __init__(self, type_name, text):
        self.type_name, self.text = type_name, text

    def __repr__(self):
        return f"<{self.type_name}>"


# --------------------------------------------------------------------------- drivers

def _nest(inputs, name):
    """Inputs named ``config.m``, ``config.v`` become ``{"m": ..., "v": ...}`` for ``config``."""
    if name in inputs:
        return inputs[name]
    prefix = name + "."
    sub = {k[len(prefix):]: v for k, v in inputs.items() if k.startswith(prefix)}
    if sub:
        return sub
    raise KeyError(f"case has no input named {name!r}")


def _args(inputs, names):
    return [_copy(_nest(inputs, n)) for n in names]


def _kwargs(inputs, spec):
    """Keyword arguments named in the spec, for those the case provides (others keep their defaults)."""
    out = {}
    for k, n in spec.get("kwargs", {}).items():
        try:
            out[k] = _copy(_nest(inputs, n))
        except KeyError:
            pass
    return out


def _copy(v):
    import numpy as np

    if isinstance(v, np.ndarray):
        return v.copy()
    if isinstance(v, dict):
        return {k: _copy(x) for k, x in v.items()}
    return v


def _output_names(inputs, spec):
    """The spec's output names, unless the case overrides them (input ``__outputs__``)."""
    if "__outputs__" in inputs:
        return inputs["__outputs__"].split(",")
    return spec["outputs"]


def _name_outputs(result, names):
    """Match a function's result to the output names of its spec; names starting with
    ``_`` (e.g. a layer's cache, whose format is the student's choice) are not compared."""
    return {k: v for k, v in _name_all(result, names).items() if not k.startswith("_")}


def _name_all(result, names):
    if len(names) == 1:
        return _flatten({names[0]: result})
    if not isinstance(result, (tuple, list)):
        raise GradingError(f"expected a tuple of {len(names)} values ({', '.join(names)}), got {type(result).__name__}")
    if len(result) != len(names):
        raise GradingError(f"expected a tuple of {len(names)} values ({', '.join(names)}), got {len(result)} values")
    return _flatten(dict(zip(names, result)))


def _flatten(outputs):
    flat = {}
    for name, v in outputs.items():
        if isinstance(v, dict) and type(v) is dict:
            for k, x in v.items():
                if isinstance(k, str):
                    flat[f"{name}.{k}"] = x
        else:
            flat[name] = v
    return flat


class GradingError(Exception):
    """The student's code did something the driver cannot use (wrong arity, ...)."""


def drive_call(target, inputs, spec):
    fn = target["obj"]
    kwargs = _kwargs(inputs, spec)
    result = fn(*_args(inputs, spec["args"]), **kwargs)
    return _name_outputs(result, _output_names(inputs, spec))


def _make_instance(cls, inputs, spec):
    obj = cls(*_args(inputs, spec.get("init", [])))
    for method, names in spec.get("setup", []):
        getattr(obj, method)(*_args(inputs, names))
    for attr, name in spec.get("attrs", {}).items():
        setattr(obj, attr, _copy(_nest(inputs, name)))
    return obj


def drive_method(target, inputs, spec):
    obj = _make_instance(target["cls"], inputs, spec)
    kwargs = _kwargs(inputs, spec)
    result = getattr(obj, target["attr"])(*_args(inputs, spec["args"]), **kwargs)
    return _name_outputs(result, _output_names(inputs, spec))


def drive_forward_backward(target, inputs, spec):
    module = target["module"]
    name = target["attr"]
    forward = getattr(module, spec.get("forward", name.replace("_backward", "_forward")))
    kwargs = _kwargs(inputs, spec)
    fwd = forward(*_args(inputs, spec["args"]), **kwargs)
    if not isinstance(fwd, tuple) or len(fwd) != 2:
        raise GradingError(f"{forward.__name__} must return (out, cache), got {type(fwd).__name__}")
    result = target["obj"](_copy(inputs["dout"]), fwd[1])
    return _name_outputs(result, spec["outputs"])


def _quadratic_loss(W, X, y, reg):
    """The loss used to grade ``LinearClassifier.train``: mean squared error to one-hot targets."""
    import numpy as np

    N = X.shape[0]
    T = np.zeros((N, W.shape[1]))
    T[np.arange(N), y] = 1.0
    R = X @ W - T
    loss = float(np.sum(R * R) / N + reg * np.sum(W * W))
    dW = 2.0 * X.T @ R / N + 2.0 * reg * W
    return loss, dW


def drive_linear_train(target, inputs, spec):
    import numpy as np

    cls = target["cls"]
    sub = type("GradedLinearClassifier", (cls,), {"loss": lambda self, Xb, yb, reg: _quadratic_loss(self.W, Xb, yb, reg)})
    obj = sub()
    if "W0" in inputs:
        obj.W = inputs["W0"].copy()
    kwargs = {k: _copy(v) for k, v in inputs.items() if k not in ("X", "y", "W0")}
    history = obj.train(inputs["X"].copy(), inputs["y"].copy(), **kwargs)
    try:
        hist = np.array(history, dtype=np.float64) if isinstance(history, list) else history
    except (TypeError, ValueError):
        hist = history
    return {"loss_history": hist, "W": obj.W}


def drive_init_stats(target, inputs, spec):
    import numpy as np

    cls = target["cls"]
    kwargs = _kwargs(inputs, spec)
    obj = cls(*_args(inputs, spec.get("init", [])), **kwargs)
    params = getattr(obj, spec.get("params_attr", "params"))
    out = {"param_names": ",".join(sorted(params)) if isinstance(params, dict) else type(params).__name__}
    for name in spec["params"]:
        p = params.get(name) if isinstance(params, dict) else None
        if not isinstance(p, np.ndarray):
            out[f"{name}.shape"] = p
            continue
        out[f"{name}.shape"] = np.array(p.shape, dtype=np.int64)
        out[f"{name}.all_zero"] = bool(np.all(p == 0))
        if name in spec.get("random", []):
            out[f"{name}.std"] = float(np.std(p))
            out[f"{name}.mean_abs_mean"] = float(abs(np.mean(p)) < 4 * max(float(np.std(p)), 1e-300) / np.sqrt(p.size))
    for attr in spec.get("attrs", []):
        out[attr] = getattr(obj, attr, None)
    return out


def drive_construct(target, inputs, spec):
    """Grade a constructor: build the object, report the attributes named in ``outputs``."""
    cls = target["cls"]
    kwargs = _kwargs(inputs, spec)
    obj = cls(*_args(inputs, spec.get("init", [])), **kwargs)
    return _flatten({name: getattr(obj, name, None) for name in spec["outputs"]})


def drive_model_loss(target, inputs, spec):
    cls = target["cls"]
    kwargs = _kwargs(inputs, spec)
    try:
        obj = cls(*_args(inputs, spec.get("init", [])), **kwargs)
    except NotImplementedError:
        # the student's __init__ is still a stub: grade loss on its own, with the
        # attributes the given part of __init__ sets
        obj = cls.__new__(cls)
        for k, n in spec.get("fallback_attrs", {}).items():
            setattr(obj, k, _copy(_nest(inputs, n)) if n in inputs else eval(n, {"np": __import__("numpy")}))
    obj.params = dict(_copy(_nest(inputs, "params")))
    result = getattr(obj, target["attr"])(*_args(inputs, spec["args"]))
    return _name_outputs(result, _output_names(inputs, spec))


class _Ctx:
    """A stand-in context (``save_for_backward`` / ``saved_tensors``) when the package has none."""

    def __init__(self):
        self.saved_tensors = ()

    def save_for_backward(self, *values):
        self.saved_tensors = tuple(values)


def drive_gate(target, inputs, spec):
    """``Gate.forward(ctx, *args)`` then ``Gate.backward(ctx, dout)`` with the package's Context."""
    gate = target["cls"]
    ctx = target["ctx"]() if "ctx" in target else _Ctx()
    kwargs = {k: _copy(inputs[n]) for k, n in spec.get("kwargs", {}).items() if n in inputs}
    gate.forward(ctx, *_args(inputs, spec["args"]), **kwargs)
    grads = gate.backward(ctx, _copy(inputs["dout"]))
    names = spec["outputs"]
    if isinstance(grads, (tuple, list)) and len(grads) > len(names):
        grads = tuple(grads)[: len(names)]   # trailing None for constant inputs (exponent, axis)
    if len(names) == 1 and isinstance(grads, (tuple, list)) and len(grads) == 1:
        grads = grads[0]
    return _name_outputs(grads, names)


def _engine_gates(Function):
    """Gates with known-good backward passes, defined here so that grading ``Value.backward``
    does not depend on the student's gates."""
    import numpy as np

    class GAdd(Function):
        op = "+"

        @staticmethod
        def forward(ctx, a, b):
            return a + b

        @staticmethod
        def backward(ctx, g):
            return g, g

    class GMul(Function):
        op = "*"

        @staticmethod
        def forward(ctx, a, b):
            ctx.ab = (a, b)
            return a * b

        @staticmethod
        def backward(ctx, g):
            a, b = ctx.ab
            return g * b, g * a

    class GTanh(Function):
        op = "tanh"

        @staticmethod
        def forward(ctx, x):
            ctx.t = np.tanh(x)
            return ctx.t if isinstance(x, np.ndarray) else float(ctx.t)

        @staticmethod
        def backward(ctx, g):
            return (g * (1 - ctx.t ** 2),)

    class GSum(Function):
        op = "sum"

        @staticmethod
        def forward(ctx, x):
            ctx.shape = np.shape(x)
            return float(np.sum(x))

        @staticmethod
        def backward(ctx, g):
            return (np.full(ctx.shape, float(g)),)

    return {"add": GAdd, "mul": GMul, "tanh": GTanh, "sum": GSum}


def drive_engine(target, inputs, spec):
    """Build an expression from the case's ``program`` (lines ``"name = op a b"`` over the
    leaves ``leaf.NAME``), call ``backward()`` on the last node (twice when the case says
    ``backward_twice``) and report the output and every leaf's gradient."""
    import numpy as np

    Value = target["cls"]
    gates = _engine_gates(target["function"])
    nodes = {}
    for k, v in inputs.items():
        if k.startswith("leaf."):
            nodes[k[5:]] = Value(_copy(v))
    last = None
    for line in inputs["program"].splitlines():
        name, expr = [s.strip() for s in line.split("=", 1)]
        op, *xs = expr.split()
        nodes[name] = gates[op].apply(*[nodes[x] for x in xs])
        last = name
    out = nodes[last]
    out.backward()
    if inputs.get("backward_twice"):
        out.backward()
    result = {"out": out.data}
    for k in inputs:
        if k.startswith("leaf."):
            g = nodes[k[5:]].grad
            result[f"grad.{k[5:]}"] = g if isinstance(g, np.ndarray) else (float(g) if isinstance(g, (int, float, np.number)) else g)
    return result


DRIVERS = {
    "construct": drive_construct,
    "call": drive_call,
    "method": drive_method,
    "forward_backward": drive_forward_backward,
    "linear_train": drive_linear_train,
    "init_stats": drive_init_stats,
    "model_loss": drive_model_loss,
    "gate": drive_gate,
    "engine": drive_engine,
}


def resolve(dotted, import_module):
    """Find the object for a dotted path relative to cs231n_lib.

    Returns a dict with ``module``, ``obj`` (the function or method), ``cls`` (the class when
    the path is ``Class.method`` or a class itself) and ``attr`` (the last name).
    """
    parts = dotted.split(".")
    # the longest prefix that is a module file: classes start with a capital letter
    split = len(parts) - 1
    while split > 1 and parts[split - 1][:1].isupper():
        split -= 1
    module = import_module("cs231n_lib." + ".".join(parts[:split]))
    obj, cls = module, None
    for name in parts[split:]:
        if isinstance(obj, type):
            cls = obj
        try:
            obj = getattr(obj, name)
        except AttributeError:
            raise GradingError(f"{'.'.join(parts[:split])}.py has no {name!r} (was it renamed or deleted?)") from None
    if isinstance(obj, type):
        cls = obj
    return {"module": module, "obj": obj, "cls": cls, "attr": parts[-1]}


def module_of(dotted):
    parts = dotted.split(".")
    split = len(parts) - 1
    while split > 1 and parts[split - 1][:1].isupper():
        split -= 1
    return ".".join(parts[:split])


def run_case(dotted, driver, spec, inputs, import_module):
    target = resolve(dotted, import_module)
    for extra, path in spec.get("resolve", {}).items():
        target[extra] = resolve(path, import_module)["obj"]
    return DRIVERS[driver](target, inputs, spec)


# --------------------------------------------------------------------------- the child process

class _CappedWriter:
    """Replaces sys.stdout/sys.stderr: keeps the first MAX_PRINT characters, counts the rest."""

    def __init__(self, stream):
        self.stream, self.kept, self.dropped = stream, 0, 0

    def write(self, s):
        s = str(s)
        room = MAX_PRINT - self.kept
        if room > 0:
            self.stream.write(s[:room])
            self.kept += min(room, len(s))
        self.dropped += max(0, len(s) - max(room, 0))
        return len(s)

    def flush(self):
        try:
            self.stream.flush()
        except Exception:
            pass

    def isatty(self):
        return False


def child_main(job_path):
    with open(job_path) as f:
        job = json.load(f)
    scratch = job["scratch"]
    lib_root = job["lib_root"]
    # Only the submission provides cs231n_lib: drop every path that holds another copy
    # (e.g. the instructor's checkout put on sys.path by a .pth file).
    sys.path[:] = [lib_root] + [
        p for p in sys.path
        if p and os.path.abspath(p) != os.path.abspath(lib_root)
        and not os.path.exists(os.path.join(p, "cs231n_lib")) and not os.path.exists(os.path.join(p, "grading"))
    ]
    for name in list(sys.modules):
        if name == "cs231n_lib" or name.startswith("cs231n_lib."):
            del sys.modules[name]
    import numpy as np  # noqa: F401  (imported before any student code runs)

    progress = open(os.path.join(scratch, "progress.jsonl"), "a", buffering=1)
    write_line = progress.write
    dumps = json.dumps
    real_stdout = sys.stdout
    log = open(os.path.join(scratch, "student_output.txt"), "a")
    sys.stdout = _CappedWriter(log)
    sys.stderr = sys.stdout

    def emit(record):
        write_line(dumps(record) + "\n")
        progress.flush()

    def import_module(name):
        if name in sys.modules:
            return sys.modules[name]
        emit({"event": "import", "module": name, "t": time.time()})
        try:
            return importlib.import_module(name)
        finally:
            emit({"event": "imported", "module": name, "t": time.time()})

    skip = {tuple(x) for x in job.get("skip", [])}
    for fi, fn in enumerate(job["functions"]):
        for ci in range(fn["n_cases"]):
            if (fi, ci) in skip:
                continue
            emit({"event": "start", "f": fi, "c": ci, "t": time.time()})
            stem = os.path.join(scratch, "inputs", f"{fi}_{ci}")
            try:
                inputs, _ = load_values(stem)
                outputs = run_case(fn["path"], fn["driver"], fn["spec"], inputs, import_module)
                desc = save_values(os.path.join(scratch, "out", f"{fi}_{ci}"), outputs)
                emit({"event": "done", "f": fi, "c": ci, "ok": True, "outputs": list(desc),
                      "dropped_chars": sys.stdout.dropped})
            except BaseException as exc:  # SystemExit, KeyboardInterrupt from student code too
                emit({"event": "done", "f": fi, "c": ci, "ok": False, "dropped_chars": sys.stdout.dropped,
                      **_exception_record(exc)})
    sys.stdout.flush()
    emit({"event": "finished", "dropped_chars": sys.stdout.dropped})
    sys.stdout = real_stdout
    progress.close()
    os._exit(0)


def _exception_record(exc):
    tb = traceback.extract_tb(exc.__traceback__)
    # keep only frames from the student's package: the runner's own frames say nothing useful
    frames = [f for f in tb if "cs231n_lib" in f.filename]
    where = ""
    if frames:
        f = frames[-1]
        fname = f.filename[f.filename.rfind("cs231n_lib"):]
        where = f"{fname}, line {f.lineno}: {(f.line or '').strip()}"
    if isinstance(exc, SyntaxError) and exc.filename:
        fname = exc.filename[exc.filename.rfind("cs231n_lib"):] if "cs231n_lib" in exc.filename else exc.filename
        where = f"{fname}, line {exc.lineno}: {(exc.text or '').strip()}"
    msg = str(exc)
    if isinstance(exc, SystemExit):
        msg = f"the code called sys.exit({exc.code!r})"
    return {"error_type": type(exc).__name__, "error": msg[:500], "where": where[:300]}


if __name__ == "__main__":
    child_main(sys.argv[1])
