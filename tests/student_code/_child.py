"""Import transplanted samples from their own folders, in a process of their own.

``python _child.py JOB.json``: for each job (``folder``, ``path``, ``source``, ``base``,
``driver``, ``spec``, ``inputs``, ``seed``) import ``cs231n_lib`` from ``folder`` (never from the
checkout), check that the graded function's source is the sample's, and for a copy of the
reference run the driver on the inputs (``grading/child.py``; values as ``grading/protocol.py`` frames),
writing the outputs to ``folder/outcome``. Prints one line per job: ``ok`` or what failed.
"""
import importlib
import importlib.util
import inspect
import json
import os
import sys
import textwrap
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _load(name):
    """The grader's own file, loaded by path (the samples' folders must not see the checkout)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "grading" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _strip(source):
    lines = textwrap.dedent(source).splitlines()
    while lines and lines[0].lstrip().startswith("@"):
        lines.pop(0)
    return "\n".join(lines).strip()


def main(job_path):
    import numpy as np

    runner, protocol = _load("child"), _load("protocol")
    base_path = [p for p in sys.path if p and not os.path.isdir(os.path.join(p, "cs231n_lib"))]
    for item in json.loads(Path(job_path).read_text()):
        for name in list(sys.modules):
            if name == "cs231n_lib" or name.startswith("cs231n_lib."):
                del sys.modules[name]
        sys.path[:] = [item["folder"]] + base_path
        try:
            target = runner.resolve(item["path"], importlib.import_module)
            where = Path(inspect.getsourcefile(target["obj"])).resolve()
            if not where.is_relative_to(Path(item["folder"]).resolve()):
                print(f"imported from {where}, not from the folder")
                continue
            if _strip(inspect.getsource(target["obj"])) != _strip(item["source"]):
                print("the module's function is not the sample's")
                continue
            if item["base"] == "reference":
                inputs = protocol.unpack(Path(item["inputs"] + ".frame").read_bytes()[8:])[1]
                stem = os.path.join(item["folder"], "outcome")
                with np.errstate(all="ignore"), warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    np.random.seed(item["seed"])  # grading.misconceptions.GLOBAL_RNG_SEED
                    try:
                        outputs = runner.run_case(item["path"], item["driver"], item["spec"], inputs,
                                                  importlib.import_module)
                    except Exception as exc:
                        Path(stem + ".raised").write_text(type(exc).__name__)
                    else:
                        # right values in an ndarray subclass (np.matrix) must be accepted (issue 9); this
                        # test checks the transplant, not the runner's type rule, so pass plain arrays on
                        outputs = {k: np.asarray(v) if isinstance(v, np.ndarray) else v for k, v in outputs.items()}
                        Path(stem + ".frame").write_bytes(protocol.pack({"type": "outputs"}, outputs))
            print("ok")
        except Exception as exc:
            print(f"error {type(exc).__name__}: {exc}".replace("\n", " "))


if __name__ == "__main__":
    main(sys.argv[1])
