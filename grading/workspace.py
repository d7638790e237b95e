"""The parent's private folders: one workspace per grading run, and the private copy of a submission.

A *workspace* is a fresh folder the parent owns (under ``$TMPDIR/cs231n-grading-<uid>/``), holding

- ``grader/``: ``child.py``, ``protocol.py`` and ``processes.py`` (and matplotlib's font list),
  copied from this package; mounted read-only at ``/grader``;
- ``submission/cs231n_lib/``: the private copy of the student's package (:func:`private_copy`:
  regular files only, within size caps; symlinks, hard links, devices and FIFOs refused with a
  message naming the file); mounted read-only at ``/submission``.

A workspace names its grader process (pid and start time) in ``owner.json``, so the ones a
killed grader left behind are found and removed (:func:`clean_stale_workspaces`).
"""
import json
import os
import shutil
import stat
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
MAX_FILE_BYTES = 1 << 20      # one submitted .py file
MAX_TOTAL_BYTES = 8 << 20     # the whole copied package
MAX_FILES = 300


def workspace_root() -> Path:
    root = Path(tempfile.gettempdir()) / f"cs231n-grading-{os.getuid()}"
    root.mkdir(mode=0o700, exist_ok=True)
    st = os.lstat(root)
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
        raise RuntimeError(f"{root} is not a folder owned by this user: remove it and run the grader again")
    os.chmod(root, 0o700)
    return root


def process_start(pid: int) -> "str | None":
    """The start time of a running process (None once it has ended: a zombie, killed and not yet
    reaped, has ended too)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return None if fields[0] == "Z" else fields[19]
    except (OSError, IndexError):
        return None


def clean_stale_workspaces() -> int:
    """Remove workspaces left by grader processes that no longer run (e.g. after kill -9).
    Returns how many were removed."""
    removed = 0
    for ws in workspace_root().glob("ws-*"):
        if is_stale(ws):
            shutil.rmtree(ws, ignore_errors=True)
            removed += 1
    return removed


def is_stale(ws: "str | Path") -> bool:
    """True for a workspace whose grader process has ended (its ``owner.json`` names the process
    by pid and start time, so a reused pid does not keep it)."""
    try:
        owner = json.loads((Path(ws) / "owner.json").read_text())
        return process_start(owner["pid"]) != owner["start"]
    except (OSError, ValueError, KeyError, TypeError):
        return True


class Workspace:
    """A private folder of the parent for one grading run; removed on exit."""

    def __init__(self, extra: "dict[str, str | None] | None" = None):
        """``extra``: more files for ``grader/``, ``{relative name: text}`` (None: the file of
        this package with that name)."""
        self.path = Path(tempfile.mkdtemp(prefix=f"ws-{os.getpid()}-", dir=workspace_root()))
        (self.path / "owner.json").write_text(json.dumps({"pid": os.getpid(), "start": process_start(os.getpid())}))
        self.grader = self.path / "grader"
        self.submission = self.path / "submission"
        self.tmp = self.path / "tmp"          # /tmp of an unsandboxed child only
        for d in (self.grader, self.submission, self.tmp):
            d.mkdir()
        for name in ("child.py", "protocol.py", "processes.py"):
            shutil.copy(HERE / name, self.grader / name)
        _copy_font_cache(self.grader / "mpl")
        for name, text in (extra or {}).items():
            dest = self.grader / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text((HERE / name).read_text() if text is None else text)
        # readable by the child's uid (another uid when the grader runs as root)
        for p in [self.path, self.submission, *self.grader.rglob("*"), self.grader]:
            os.chmod(p, 0o755 if p.is_dir() else 0o644)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def _copy_font_cache(dest):
    dest.mkdir(exist_ok=True)
    cands = [os.environ.get("MPLCONFIGDIR"),
             os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "matplotlib")]
    for d in cands:
        if d and os.path.isdir(d):
            for f in Path(d).glob("fontlist-*.json"):
                try:
                    shutil.copy(f, dest / f.name)
                    os.chmod(dest / f.name, 0o644)
                except OSError:
                    pass
            return


# --------------------------------------------------------------------------- the private copy

def private_copy(src_lib: "str | Path", dest_lib: "str | Path") -> "tuple[list[str], list[tuple[str, str]]]":
    """Copy the student's ``cs231n_lib`` folder ``src_lib`` to ``dest_lib`` (which must not
    exist): its ``.py`` files only, opened without following links and checked to be regular
    files with one link, within the size caps. Returns ``(copied, refused)``: relative paths,
    and ``[(relative path, why)]`` for every entry refused."""
    return copy_regular_files(src_lib, dest_lib, (".py",), MAX_FILES, MAX_FILE_BYTES, MAX_TOTAL_BYTES, "cs231n_lib")


def copy_regular_files(src: "str | Path", dest: "str | Path", suffixes: "tuple[str, ...]", max_files: int,
                       max_file_bytes: int, max_total_bytes: int, what: str = "folder"
                       ) -> "tuple[list[str], list[tuple[str, str]]]":
    """THE rule for taking an untrusted folder: copy ``src`` to ``dest`` (which must not exist),
    the files ending in ``suffixes`` only, each opened without following links and checked to be
    a regular file with one link, within the caps; links (to files or folders, at any depth),
    hard links, devices, FIFOs and sockets are refused by name, never followed. ``src`` itself
    must be a folder, not a link (``PermissionError`` naming ``what`` otherwise). Returns
    ``(copied, refused)``: relative paths, and ``[(relative path, why)]``."""
    src, dest = Path(src), Path(dest)
    copied, refused = [], []
    st = os.lstat(src)
    if stat.S_ISLNK(st.st_mode):
        raise PermissionError(f"{src} is a symbolic link: submit the {what} itself, not a link")
    if not stat.S_ISDIR(st.st_mode):
        raise NotADirectoryError(f"{src} is not a folder")
    dest.mkdir(mode=0o755)
    caps = (max_files, max_file_bytes, max_total_bytes)
    total = 0
    for top, dirs, files, top_fd in os.fwalk(src, follow_symlinks=False):
        rel_top = Path(top).relative_to(src)
        keep = []
        for name in sorted(dirs):
            rel = (rel_top / name).as_posix()
            dst = os.lstat(name, dir_fd=top_fd)
            if stat.S_ISLNK(dst.st_mode):
                refused.append((rel, "a symbolic link to a folder (submit the folder itself)"))
            elif name == "__pycache__" or name.startswith("."):
                continue
            else:
                keep.append(name)
                (dest / rel).mkdir(mode=0o755)
        dirs[:] = keep
        for name in sorted(files):
            rel = (rel_top / name).as_posix()
            data, why = _take_file(name, top_fd, suffixes, len(copied), total, caps)
            if why:
                refused.append((rel, why))
            elif data is not None:
                total += len(data)
                out = dest / rel
                out.write_bytes(data)
                os.chmod(out, 0o644)
                copied.append(rel)
    return copied, refused


def _take_file(name, dir_fd, suffixes, count, total, caps):
    """``(bytes or None, refusal or None)`` for the entry ``name`` of the folder ``dir_fd``."""
    max_files, max_file_bytes, max_total_bytes = caps
    try:
        fst = os.lstat(name, dir_fd=dir_fd)
    except OSError:
        return None, None
    why = _refusal(fst)
    if why or not name.endswith(suffixes):
        return None, why
    if count >= max_files:
        return None, f"more than {max_files} files"
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=dir_fd)
    except OSError as exc:
        return None, f"cannot be opened ({exc.strerror})"
    try:
        ost = os.fstat(fd)
        why = _refusal(ost) or (f"larger than {_size(max_file_bytes)}" if ost.st_size > max_file_bytes else None)
        if not why and total + ost.st_size > max_total_bytes:
            why = f"the submission is larger than {_size(max_total_bytes)}"
        if why:
            return None, why
        data = _read_all(fd, max_file_bytes + 1)
    finally:
        os.close(fd)
    if len(data) > max_file_bytes:          # it grew while being read
        return None, f"larger than {_size(max_file_bytes)}"
    return data, None


def _size(n):
    return f"{n >> 20} MB" if n >= 1 << 20 else f"{n // 1024} kB"


def _refusal(st):
    mode = st.st_mode
    if stat.S_ISLNK(mode):
        return "a symbolic link (submit the file itself)"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe), not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a file"
    if not stat.S_ISREG(mode):
        return "not a regular file"
    if st.st_nlink > 1:
        return f"a hard link ({st.st_nlink} names for one file): submit a copy of the file"
    return None


def _read_all(fd, cap):
    chunks, got = [], 0
    while got < cap:
        chunk = os.read(fd, min(cap - got, 1 << 16))
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)

