"""Run a manifest entry's hidden cases on a replacement of the graded function, in this process.

``passes_hidden_cases(path, replacement)`` drives ``replacement`` (a function, or a class for
``Class.method`` paths) exactly as the grader's child would (``grading.child.run_case``) and
compares with the reference outputs as the grader's parent does (``grading.parent.compare``).
No sandbox, no subprocess: it tests the *cases*, i.e. that they catch a given wrong version.
"""
import types

from grading import child as runner, manifest as M, parent as grader


def _module_with(path, replacement):
    """A stand-in module for ``path``'s module whose attribute (function or class) is ``replacement``."""
    module_name = "cs231n_lib." + M.by_path()[path].module
    reference = grader.reference_import(module_name)
    attr = path[len(M.by_path()[path].module) + 1:].split(".")[0]
    fake = types.ModuleType(module_name)
    fake.__dict__.update(reference.__dict__)
    setattr(fake, attr, replacement)
    return module_name, fake


def failed_cases(path, replacement):
    """Labels of the hidden cases of ``path`` that ``replacement`` fails (an error counts as a failure)."""
    entry = M.by_path()[path]
    module_name, fake = _module_with(path, replacement)

    def import_module(name):
        return fake if name == module_name else grader.reference_import(name)

    failed = []
    for case, expected in grader.reference_outputs(entry):
        try:
            got = runner.run_case(path, entry.driver, entry.spec, case.inputs, import_module)
        except Exception:
            failed.append(case.label)
            continue
        for name, value in expected.items():  # as the grader: missing outputs fail, extra ones are ignored
            ok = name in got and grader.compare(got[name], value, case.tolerance(name), case.abs_tolerance(name))[0]
            if not ok:
                failed.append(case.label)
                break
    return failed


def passes_hidden_cases(path, replacement):
    return not failed_cases(path, replacement)
