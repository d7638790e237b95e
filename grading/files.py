"""Digests of files and folders, written once."""
import hashlib
from pathlib import Path


def folder_digest(folder, pattern="*", skip_parts=(), prefix=None):
    """sha256 (hex) over the relative paths and contents of the regular files below ``folder``
    matching ``pattern`` (symbolic links and ``skip_parts`` left out), in sorted order. Paths are
    relative to ``prefix`` (default: ``folder``)."""
    folder = Path(folder)
    base = Path(prefix) if prefix is not None else folder
    h = hashlib.sha256()
    for p in sorted(folder.rglob(pattern)):
        if not p.is_file() or p.is_symlink() or any(part in skip_parts for part in p.relative_to(folder).parts):
            continue
        h.update(p.relative_to(base).as_posix().encode() + b"\0")
        with open(p, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        h.update(b"\0")
    return h.hexdigest()
