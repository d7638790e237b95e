"""An autograde kernel started without the sandbox (``c.KitSandbox.allow_unsandboxed``) still has
the kernel's memory limit (``c.KitSandbox.memory_mb``) as its address-space limit: a notebook that
allocates past it fails in its own kernel, not on the instructor's machine."""
import asyncio
import resource
import subprocess
import sys

from traitlets.config import Config

from grading import kernel_sandbox, sandbox


class _Unavailable:
    ok = False
    detail = "no user namespaces (a test's stand-in)"

    def as_dict(self):
        return {"ok": False, "detail": self.detail}


def _launch_kwargs(monkeypatch, memory_mb):
    """The keyword arguments the unsandboxed path hands to jupyter_client's local launcher."""
    captured = {}

    async def fake_launch(self, cmd, **kwargs):
        captured.update(kwargs)
        return None

    monkeypatch.setattr(sandbox, "status", lambda: _Unavailable())
    monkeypatch.setattr(kernel_sandbox.LocalProvisioner, "launch_kernel", fake_launch)
    config = Config()
    config.KitSandbox.allow_unsandboxed = True
    config.KitSandbox.memory_mb = memory_mb
    manager = kernel_sandbox.AsyncKernelManager(config=config)
    provisioner = kernel_sandbox.SandboxProvisioner(kernel_id="test", kernel_spec=None, parent=manager)
    asyncio.run(provisioner.launch_kernel([sys.executable, "-c", "pass"]))
    return captured


def test_the_unsandboxed_kernel_gets_the_memory_limit(monkeypatch):
    kwargs = _launch_kwargs(monkeypatch, 1536)
    assert callable(kwargs.get("preexec_fn")), sorted(kwargs)
    probe = subprocess.run([sys.executable, "-c", "import resource; print(resource.getrlimit(resource.RLIMIT_AS)[0])"],
                           capture_output=True, text=True, preexec_fn=kwargs["preexec_fn"], timeout=120)
    assert probe.returncode == 0, probe.stderr
    assert int(probe.stdout) == 1536 << 20


def test_an_allocation_past_the_limit_fails_in_the_kernel_process(monkeypatch):
    kwargs = _launch_kwargs(monkeypatch, 1024)
    hog = subprocess.run([sys.executable, "-c", "b = bytearray(3 * 1024**3)"], capture_output=True, text=True,
                         preexec_fn=kwargs["preexec_fn"], timeout=120)
    assert hog.returncode != 0 and "MemoryError" in hog.stderr, hog.stderr[-500:]
    assert resource.getrlimit(resource.RLIMIT_AS)[0] != 1024 << 20    # only the kernel's process is limited
