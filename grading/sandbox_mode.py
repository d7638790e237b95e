"""How the student's code is confined: the one place the mode is named, resolved and refused.

- ``REQUIRED``: bubblewrap (``grading/sandbox.py``); class grading refuses to run without it.
- ``CONTAINER``: no namespaces, a fresh uid per child (``grading/uid_sandbox.py``), for pods
  where user namespaces are disabled; refused too when it cannot run.
- ``PREFER``: bubblewrap when it starts, else unsandboxed and said so (self-study, ``--unsandboxed``).
- ``OFF``: never sandboxed (``grade --no-sandbox``).

The mode is a ``str`` enum, so it pickles to worker processes and Dask workers as its value.

What a mode gives on a machine is a :class:`Backend`, what actually runs the child:
``BUBBLEWRAP``, ``UID`` (container mode) or ``UNSANDBOXED`` (``sandbox.State.mode``, and what
``sandbox.start`` takes). Its value is the ``"mode"`` written into every result.
"""
from enum import Enum


class SandboxMode(str, Enum):
    REQUIRED = "required"
    CONTAINER = "container"
    PREFER = "prefer"
    OFF = "off"

    @classmethod
    def from_flags(cls, container=False, unsandboxed=False):
        """The mode of a class-grading command's flags (``--container``, ``--unsandboxed``)."""
        return cls.CONTAINER if container else cls.PREFER if unsandboxed else cls.REQUIRED

    @property
    def refuses_without_sandbox(self):
        return self in (SandboxMode.REQUIRED, SandboxMode.CONTAINER)


class Backend(str, Enum):
    """What runs the grading child (``sandbox.start``); the value is written into results."""

    BUBBLEWRAP = "bubblewrap"
    UID = "uid"
    UNSANDBOXED = "unsandboxed"

    @classmethod
    def of(cls, backend: "Backend | bool | str") -> "Backend":
        """A :class:`Backend` from itself, its value, or the older ``True`` (bubblewrap) /
        ``False`` (unsandboxed) / ``"uid"`` of ``sandbox.start``."""
        if backend is True:
            return cls.BUBBLEWRAP
        if backend is False:
            return cls.UNSANDBOXED
        return cls(backend)


REFUSAL = ("Class grading runs only in the sandbox. To grade without it anyway (student code can then "
           "read and write whatever this user can), pass --unsandboxed.")


def resolve(mode, off_detail="sandbox switched off"):
    """The :class:`grading.sandbox.State` that ``mode`` gives on this machine (a real child is
    started once per process to find out). ``OFF`` never starts one."""
    from . import sandbox

    mode = SandboxMode(mode)
    if mode is SandboxMode.OFF:
        return sandbox.State(False, Backend.UNSANDBOXED, off_detail)
    if mode is SandboxMode.CONTAINER:
        from . import uid_sandbox

        return uid_sandbox.status()
    return sandbox.status()


def refuse_unless_usable(state, mode):
    """Raise :class:`grading.sandbox.SandboxUnavailable` (the state's reason and the one refusal
    message) when ``mode`` needs a sandbox that ``state`` says cannot run."""
    from . import sandbox

    if not state.ok and SandboxMode(mode).refuses_without_sandbox:
        raise sandbox.SandboxUnavailable(f"{state.detail}\n{REFUSAL}")
