"""The CHILD of the grader: runs inside the sandbox, calls the student's functions, replies.

What runs where (see ``grading/parent.py`` for the other side):

- The parent copies this file, ``protocol.py`` and ``processes.py`` into a folder of its own,
  mounted read-only in the sandbox at ``/grader``, and starts ``python -I -B /grader/child.py
  REQUEST_FD REPLY_FD SETTINGS_JSON`` inside bubblewrap (``grading/sandbox.py``).
- Before any student code exists in the process, :func:`main` drops every privilege (as root:
  to the unprivileged uid the parent chose; then it checks that no capability is left), sets
  the resource limits, puts ``/submission`` (the parent's private, read-only copy of the
  student's ``cs231n_lib``) first on ``sys.path`` and says ``ready``.
- Then it answers the parent's requests one at a time over the two pipes (frames of
  ``protocol.py``): ``import`` a student module, run one hidden ``case`` through a *driver*,
  ``exit``. The parent owns every deadline and trusts nothing in a reply but its bytes.

This file never imports ``grading`` or the reference ``cs231n_lib``: standard library, numpy,
``protocol`` and ``processes`` (copied beside it) only. The parent imports the same drivers
(``grading.child``) to compute the reference outputs, so a driver is the one place that says
how a function is called.

Drivers:

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
import hashlib
import importlib
import json
import os
import re
import sys
import threading
import traceback

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


# --------------------------------------------------------------------------- inputs come back unchanged
# While the child runs a case, every input it passes to the graded function itself (not to a
# constructor or a set-up call) is remembered under its case name; after the call the reply
# carries the digest of each as it is then (``inputs_after``). The parent compares them with the
# digests of what it sent (grading/dispatch.py, ``mutated_inputs``). A hostile child may lie
# about a digest: claiming "unchanged" for an input it changed is at worst the behaviour before
# this check, and claiming "changed" only costs itself points. The parent believes a digest only
# to remove points, never to give any.

_SENT = threading.local()      # .inputs: {case input name: the object passed}, or None (not tracked)


def digest(value) -> str:
    """sha256 of a value's dtype, shape and bytes, recursively for dicts (by sorted key), lists
    and tuples; other objects by type and repr. Equal for equal data, whatever the memory layout."""
    h = hashlib.sha256()
    _feed(h, value, 0)
    return h.hexdigest()


def _feed(h, v, depth):
    np = sys.modules.get("numpy")
    if depth > 20:
        h.update(b"deep")
    elif np is not None and isinstance(v, np.ndarray):
        h.update(f"nd|{v.dtype.str}|{v.shape}|".encode())
        if v.dtype.hasobject:
            for x in v.ravel():
                _feed(h, x, depth + 1)
        else:
            h.update(np.ascontiguousarray(v).tobytes())
    elif isinstance(v, dict):
        h.update(f"dict|{len(v)}|".encode())
        for k in sorted(v, key=repr):
            h.update(repr(k).encode() + b"=")
            _feed(h, v[k], depth + 1)
    elif isinstance(v, (list, tuple)):
        h.update(f"{type(v).__name__}|{len(v)}|".encode())
        for x in v:
            _feed(h, x, depth + 1)
    else:
        h.update(f"{type(v).__name__}|{v!r}|".encode())


def _sent(name, value):
    """Remember ``value`` as the input ``name`` passed to the graded function (when tracking)."""
    tracked = getattr(_SENT, "inputs", None)
    if tracked is not None:
        tracked[name] = value
    return value


def inputs_after() -> dict:
    """``{input name: digest}`` of the inputs passed to the graded function, as they are now."""
    return {name: digest(v) for name, v in (getattr(_SENT, "inputs", None) or {}).items()}


def _args(inputs, names, graded=False):
    """Copies of the named inputs; ``graded``: they go to the graded function (remembered)."""
    out = [_copy(_nest(inputs, n)) for n in names]
    return [_sent(n, v) for n, v in zip(names, out)] if graded else out


def _kwargs(inputs, spec, graded=True):
    """Keyword arguments named in the spec, for those the case provides (others keep their defaults)."""
    out = {}
    for k, n in spec.get("kwargs", {}).items():
        try:
            out[k] = _copy(_nest(inputs, n))
        except KeyError:
            continue
        if graded:
            _sent(n, out[k])
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
    result = fn(*_args(inputs, spec["args"], graded=True), **kwargs)
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
    result = getattr(obj, target["attr"])(*_args(inputs, spec["args"], graded=True), **kwargs)
    return _name_outputs(result, _output_names(inputs, spec))


def drive_forward_backward(target, inputs, spec):
    module = target["module"]
    name = target["attr"]
    forward = getattr(module, spec.get("forward", name.replace("_backward", "_forward")))
    kwargs = _kwargs(inputs, spec, graded=False)   # the forward's inputs are the forward's to keep
    fwd = forward(*_args(inputs, spec["args"]), **kwargs)
    if not isinstance(fwd, tuple) or len(fwd) != 2:
        raise GradingError(f"{forward.__name__} must return (out, cache), got {type(fwd).__name__}")
    result = target["obj"](_sent("dout", _copy(inputs["dout"])), fwd[1])
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
    history = obj.train(_sent("X", inputs["X"].copy()), _sent("y", inputs["y"].copy()), **kwargs)
    try:
        hist = np.array(history, dtype=np.float64) if isinstance(history, list) else history
    except (TypeError, ValueError):
        hist = history
    return {"loss_history": hist, "W": obj.W}


def drive_construct(target, inputs, spec):
    """Grade a constructor: build the object, report the attributes named in ``outputs``."""
    cls = target["cls"]
    kwargs = _kwargs(inputs, spec, graded=False)
    obj = cls(*_args(inputs, spec.get("init", [])), **kwargs)
    return _flatten({name: getattr(obj, name, None) for name in spec["outputs"]})


_DTYPE_TEXT = re.compile(r"""np\.dtype\((['"])(\w+)\1\)""")


def _fallback_value(text):
    """A fallback attribute the manifest writes as ``np.dtype('NAME')``, parsed (never evaluated).
    A bare name fails as evaluating it did: the case did not provide that input."""
    import numpy as np

    m = _DTYPE_TEXT.fullmatch(text)
    if m:
        return np.dtype(m.group(2))
    if text.isidentifier():
        raise NameError(f"name {text!r} is not defined")
    raise GradingError(f"fallback {text!r} is neither an input of the case nor np.dtype('NAME')")


def drive_model_loss(target, inputs, spec):
    cls = target["cls"]
    kwargs = _kwargs(inputs, spec, graded=False)
    try:
        obj = cls(*_args(inputs, spec.get("init", [])), **kwargs)
    except NotImplementedError:
        # the student's __init__ is still a stub: grade loss on its own, with the
        # attributes the given part of __init__ sets
        obj = cls.__new__(cls)
        for k, n in spec.get("fallback_attrs", {}).items():
            setattr(obj, k, _copy(_nest(inputs, n)) if n in inputs else _fallback_value(n))
    obj.params = dict(_copy(_nest(inputs, "params")))
    result = getattr(obj, target["attr"])(*_args(inputs, spec["args"], graded=True))
    return _name_outputs(result, _output_names(inputs, spec))


def drive_gate(target, inputs, spec):
    """``Gate.forward(ctx, *args)`` then ``Gate.backward(ctx, dout)`` with the package's Context."""
    gate = target["cls"]
    ctx = target["ctx"]()
    kwargs = {k: _copy(inputs[n]) for k, n in spec.get("kwargs", {}).items() if n in inputs}
    gate.forward(ctx, *_args(inputs, spec["args"]), **kwargs)
    grads = gate.backward(ctx, _sent("dout", _copy(inputs["dout"])))
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


def run_case(dotted, driver, spec, inputs, import_module):
    target = resolve(dotted, import_module)
    for extra, path in spec.get("resolve", {}).items():
        target[extra] = resolve(path, import_module)["obj"]
    return DRIVERS[driver](target, inputs, spec)


# --------------------------------------------------------------------------- inside the sandbox

REQUEST_CAP = 1 << 30        # the parent is trusted; this only guards against a broken pipe


def privilege_problems():
    """What is still privileged in this process (empty when nothing is)."""
    problems = []
    if os.getuid() == 0 or os.geteuid() == 0:
        problems.append("running as root")
    try:
        with open("/proc/self/status") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key in ("CapEff", "CapPrm", "CapAmb") and int(value.strip(), 16):
                    problems.append(f"{key} {value.strip()}")
    except OSError as exc:
        problems.append(f"cannot read /proc/self/status ({exc})")
    return problems


def set_limits(limits):
    import resource

    names = {"as": resource.RLIMIT_AS, "cpu": resource.RLIMIT_CPU, "fsize": resource.RLIMIT_FSIZE,
             "nofile": resource.RLIMIT_NOFILE, "nproc": resource.RLIMIT_NPROC, "core": resource.RLIMIT_CORE}
    for key, value in limits.items():
        resource.setrlimit(names[key], (value, value))


def _copy_font_cache(src_dir):
    """matplotlib's font list from the grader's folder into the writable config folder
    (rebuilding it costs about a second; the given plotting modules import matplotlib)."""
    dest = os.environ.get("MPLCONFIGDIR")
    if not dest or not os.path.isdir(src_dir):
        return
    os.makedirs(dest, exist_ok=True)
    for name in os.listdir(src_dir):
        if name.startswith("fontlist-") and name.endswith(".json"):
            with open(os.path.join(src_dir, name), "rb") as f, open(os.path.join(dest, name), "wb") as g:
                g.write(f.read())


def exception_record(exc):
    """``{"error_type", "error", "where"}`` of a student's exception: the innermost frame of
    the student's package, never the child's own frames."""
    tb = traceback.extract_tb(exc.__traceback__)
    frames = [f for f in tb if "cs231n_lib" in f.filename]
    where, function = "", ""
    if frames:
        f = frames[-1]
        fname = f.filename[f.filename.rfind("cs231n_lib"):]
        where = f"{fname}, line {f.lineno}: {(f.line or '').strip()}"
        function = f"{f.name} ({fname})"
    if isinstance(exc, SyntaxError) and exc.filename:
        fname = exc.filename[exc.filename.rfind("cs231n_lib"):] if "cs231n_lib" in exc.filename else exc.filename
        where = f"{fname}, line {exc.lineno}: {(exc.text or '').strip()}"
    msg = str(exc)
    if isinstance(exc, SystemExit):
        msg = f"the code called sys.exit({exc.code!r})"
    return {"error_type": type(exc).__name__[:100], "error": msg[:500], "where": where[:300],
            "function": function[:200]}


def serve(protocol, request_fd, reply_fd):
    """Answer the parent's requests until it says ``exit`` or closes the channel."""
    while True:
        try:
            header, values = protocol.read_frame(request_fd, REQUEST_CAP)
        except EOFError:
            return
        kind = header["type"]
        if kind == "exit":
            return
        if kind == "import":
            try:
                importlib.import_module("cs231n_lib." + header["module"])
                reply, out = {"type": "imported", "ok": True}, None
            except BaseException as exc:  # SystemExit and KeyboardInterrupt from student code too
                reply, out = {"type": "imported", "ok": False, **exception_record(exc)}, None
        elif kind == "case":
            try:
                if header.get("legacy_seed") is not None:
                    sys.modules["numpy"].random.seed(header["legacy_seed"])
                _SENT.inputs = {}
                out = run_case(header["path"], header["driver"], header["spec"], values, importlib.import_module)
                reply = {"type": "result", "id": header["id"], "ok": True, "inputs_after": inputs_after()}
            except BaseException as exc:
                reply, out = {"type": "result", "id": header["id"], "ok": False, **exception_record(exc)}, None
            finally:
                _SENT.inputs = None
        else:
            continue
        try:
            protocol.write_frame(reply_fd, reply, out)
        except BaseException as exc:  # outputs that cannot be encoded: say why instead
            protocol.write_frame(reply_fd, {**reply, "ok": False, **exception_record(exc)})


def main(argv):
    request_fd, reply_fd = int(argv[1]), int(argv[2])
    settings = json.loads(argv[3])
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, here)
    import processes  # noqa: E402  (the grader's own copies, beside this file)

    if not settings.get("unsandboxed"):
        processes.drop_privileges(settings["uid"], settings["gid"])
    problems = [] if settings.get("unsandboxed") else privilege_problems()
    submission = settings["submission"]   # the folder holding the private copy of cs231n_lib
    import protocol  # noqa: E402

    if problems:
        protocol.write_frame(reply_fd, {"type": "refused", "problems": problems})
        os._exit(3)
    set_limits(settings["limits"])
    # Only the submission provides cs231n_lib: no other folder on the path may hold a copy.
    sys.path[:] = [submission] + [
        p for p in sys.path
        if p and p != here and not os.path.exists(os.path.join(p, "cs231n_lib"))
        and not os.path.exists(os.path.join(p, "grading"))]
    for name in list(sys.modules):
        if name == "cs231n_lib" or name.startswith("cs231n_lib."):
            del sys.modules[name]
    _copy_font_cache(os.path.join(here, "mpl"))
    import numpy  # noqa: F401  (imported before any student code runs)

    protocol.write_frame(reply_fd, {"type": "ready", "pid": os.getpid(), "uid": os.getuid()})
    serve(protocol, request_fd, reply_fd)
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv)
