"""Memory while a submitted notebook executes (``nbgrader autograde``, ``python -m grading autograde``).

The notebook kernel runs in the sandbox (grading/kernel_sandbox.py) with ``c.KitSandbox.memory_mb``
(default 4096 MB) as the address-space limit of each of its processes (RLIMIT_AS) and as the
limit of their resident memory together (a watchdog stops the sandbox past it). A cell that
allocates more fails in the student's own kernel: a ``MemoryError`` in that cell, or, when the
kernel itself cannot go on (it died, or the watchdog stopped it), nbclient's ``DeadKernelError``.

nbgrader lets such an error end the whole submission ("Removing failed assignment"): no grade at
all, and a rerun fails the same way. :class:`MemoryBoundExecute` grades it as far as it got
instead: the cell where the kernel died gets an error output saying so, every later code cell an
error output "not run" (so no later test cell passes by not running), and the log gets one line
per notebook that ran out of memory, naming the student, the cell, the limit and the setting
that raises it (``python -m grading autograde`` repeats it beside the student's grade).
"""
from nbclient.exceptions import DeadKernelError
from nbformat.notebooknode import NotebookNode

from grading.autograde import AS_FAR_AS_IT_GOT, OUT_OF_MEMORY
from grading.kernel_sandbox import KitSandbox, SandboxedExecute


def _error(ename, evalue):
    return NotebookNode(output_type="error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


class MemoryBoundExecute(SandboxedExecute):
    """nbgrader's Execute in the sandbox; a kernel that dies (out of memory) ends the run of the
    notebook, not its grading."""

    _died_at = None

    def _limit_mb(self):
        return KitSandbox(config=self.config).memory_mb

    def preprocess(self, nb, resources=None, km=None):
        self._died_at = None
        nb, resources = super().preprocess(nb, resources, km)
        self._report(nb, resources)
        return nb, resources

    def preprocess_cell(self, cell, resources, index):
        if self._died_at is not None:
            if cell.cell_type == "code":
                cell.outputs = [_error("KernelDied", "not run: the notebook's kernel died in an earlier cell")]
            return cell, self.resources
        try:
            return super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self._died_at = index
            cell.outputs.append(_error("KernelDied", (
                f"the notebook's kernel died while running this cell; most often because it used more than the "
                f"{self._limit_mb()} MB of memory a notebook may use")))
            return cell, self.resources

    def _report(self, nb, resources):
        """One warning per notebook that ran out of memory (a MemoryError) or whose kernel died."""
        code = [c for c in nb.cells if c.cell_type == "code"]
        where = None
        for n, cell in enumerate(code, 1):
            if any(o.get("output_type") == "error" and o.get("ename") == "MemoryError" for o in cell.get("outputs", [])):
                where = f"MemoryError in code cell {n}"
                break
        info = (resources or {}).get("nbgrader", {})
        who = f"student {info.get('student', '?')}: {info.get('notebook', 'the notebook')}"
        limit = (f"the limit is {self._limit_mb()} MB per notebook kernel, c.KitSandbox.memory_mb in "
                 "nbgrader_config.py")
        if where is not None:
            self.log.warning("%s %s (%s; %s); %s", who, OUT_OF_MEMORY, where, limit, AS_FAR_AS_IT_GOT)
        elif self._died_at is not None:
            n = sum(1 for c in nb.cells[:self._died_at + 1] if c.cell_type == "code")
            self.log.warning("%s: the kernel died in code cell %d, most often because it ran out of memory (%s), "
                             "else the student's code ended it; the later cells did not run; %s",
                             who, n, limit, AS_FAR_AS_IT_GOT)
