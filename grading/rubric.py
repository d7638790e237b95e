"""What the task asks beyond the values: loops where a function is named for them, none where
it is vectorized, and no calling the other versions. Checked on the source (the parent's private
copy of the submission), never by running it.

A :class:`LoopRule` in a manifest entry says what its function must look like:

- ``loops="two nested"``: a loop inside a loop (``compute_distances_two_loops``);
- ``loops="one"``: loops, none nested in another (``compute_distances_one_loop``);
- ``loops="some"``: at least one loop (the naive losses);
- ``loops="none"``: no ``for``, ``while`` or comprehension (the vectorized versions);
- ``must_not_use``: names the function may not refer to, directly or through another function
  of the same file it uses (``self.compute_distances_no_loops``, an alias, a helper that calls it).

A function that looks names up dynamically (``getattr`` with a computed name, ``eval``,
``exec``, ``globals()``, ``sys.modules``, ``importlib``, ``__import__``) cannot be checked and
fails the rule, with a message saying so.
"""
import ast
from dataclasses import dataclass

from .dotted import DottedPath

LOOP_WORDS = {"two nested": "two nested loops", "one": "one loop (no loop inside another)",
              "some": "explicit loops", "none": "no loop (vectorized numpy operations only)"}
_DYNAMIC_CALLS = {"eval", "exec", "compile", "globals", "locals", "vars", "__import__"}
_DYNAMIC_NAMES = {"importlib", "modules"}   # importlib.import_module, sys.modules


@dataclass(frozen=True)
class LoopRule:
    loops: str                     # a key of LOOP_WORDS
    must_not_use: tuple = ()


def check(source, dotted, rule):
    """Problems of the function ``dotted`` (``module.function`` or ``module.Class.method``, the
    manifest path) in ``source`` under ``rule``: a list of sentences, empty when it complies.
    A file that does not parse yields no problem here (importing it fails anyway)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []
    chain = DottedPath(dotted).attribute_chain
    name, owner = chain[-1], chain[-2] if len(chain) > 1 else None
    scope = _scope(tree, owner)
    if scope is None:
        return [f"class {owner} is not defined in the file"]
    func = _find_def(scope, name)
    if func is None:
        return [f"{name} is not written as a function (def {name}(...)) in the file, so the rubric cannot check it"]
    problems = []
    depth = _loop_depth(func)
    want = rule.loops
    if want == "two nested" and depth < 2:
        problems.append(f"{name} has {'one loop level' if depth == 1 else 'no loop'}: the task asks for two nested loops")
    elif want == "one" and depth != 1:
        problems.append(f"{name} has {'no loop' if depth == 0 else 'nested loops'}: the task asks for exactly one loop")
    elif want == "some" and depth == 0:
        problems.append(f"{name} has no loop: the task asks for explicit loops (this is the naive version)")
    elif want == "none" and depth > 0:
        problems.append(f"{name} has a loop (for, while or a comprehension): the task asks for no loop at all")
    dynamic = _dynamic_lookup(func)
    if dynamic:
        problems.append(f"{name} uses {dynamic}, which hides what it calls: write the computation directly")
    aliases = _module_aliases(tree)
    for used in sorted(_used_names(func, tree, scope, aliases, {name})):
        if used in rule.must_not_use:
            problems.append(f"{name} calls {used}: the task asks for {LOOP_WORDS[want]}, written in this function, "
                            f"not a call to another version")
    return problems


def _scope(tree, owner):
    if owner is None:
        return tree
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == owner:
            return node
    return None


def _find_def(scope, name):
    found = None
    for node in scope.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
            found = node          # the last definition wins, as at run time
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                found = None      # rebound to something else after its def
    return found


_LOOPS = (ast.For, ast.AsyncFor, ast.While, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def _loop_depth(func):
    def depth(node):
        inner = max((depth(c) for c in ast.iter_child_nodes(node)
                     if not isinstance(c, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda))), default=0)
        return inner + 1 if isinstance(node, _LOOPS) else inner
    return max((depth(stmt) for stmt in func.body), default=0)


def _dynamic_lookup(func):
    for node in ast.walk(func):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in _DYNAMIC_CALLS:
                return f"{node.func.id}()"
            if node.func.id in ("getattr", "setattr") and len(node.args) >= 2 and not (
                    isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str)):
                return f"{node.func.id}() with a computed name"
        if isinstance(node, ast.Name) and node.id in _DYNAMIC_NAMES:
            return node.id
        if isinstance(node, ast.Attribute) and node.attr in _DYNAMIC_NAMES | {"__dict__"}:
            return f".{node.attr}"
    return ""


def _module_aliases(tree):
    """{local name: original name} for module-level imports ``from x import a as b`` and
    assignments ``b = a``."""
    aliases = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            for a in node.names:
                aliases[a.asname or a.name] = a.name
        elif isinstance(node, ast.Assign) and isinstance(node.value, (ast.Name, ast.Attribute)):
            original = node.value.id if isinstance(node.value, ast.Name) else node.value.attr
            for t in node.targets:
                if isinstance(t, ast.Name):
                    aliases[t.id] = aliases.get(original, original)
    return aliases


def _used_names(func, tree, scope, aliases, seen):
    """Every name ``func`` refers to (``f``, ``self.f``, ``module.f``), resolved through module
    aliases, including the names used by the file's functions and methods it refers to."""
    used = set()
    for node in ast.walk(func):
        if isinstance(node, ast.Name):
            used.add(aliases.get(node.id, node.id))
        elif isinstance(node, ast.Attribute):
            used.add(node.attr)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.isidentifier():
            used.add(node.value)   # getattr(self, "compute_distances_no_loops")
    for name in list(used):
        if name in seen:
            continue
        for container in (scope, tree):
            helper = _find_def(container, name)
            if helper is not None:
                seen.add(name)
                used |= _used_names(helper, tree, scope, aliases, seen)
                break
    return used
