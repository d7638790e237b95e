"""nbgrader's exchange, collected the way the trusted side believes it: by the kernel, not by names.

Every student can write into the exchange's ``inbound/`` folder, and nbgrader's own
``nbgrader collect`` believes what a student wrote there:

- the *name* ``<student>+<assignment>+<time>+<random>`` says whose submission it is: a student
  who creates ``inbound/alice+...`` had it collected as Alice's (nbgrader only logs
  "cheating attempt?");
- ``shutil.copytree`` follows symbolic links, the entry itself included: an entry that is a link
  to the instructor's ``source/<assignment>`` was copied into ``submitted/`` as the student's work
  (solutions and hidden tests), and any readable file can be pulled in the same way one level down;
- the time comes from the name and from ``timestamp.txt``, both written by the student.

:class:`SafeCollect` keeps nbgrader's collect (which entries, ``--update``, ``--before-duedate``)
and changes what it believes:

- **Owner.** An entry is collected only if it is owned (``st_uid``) by the Unix user it names.
  Any other entry is refused and reported with its real owner, never collected for anyone.
- **No links, at any depth.** Each directory and file is opened relative to its parent with
  ``O_NOFOLLOW`` (the entry itself included); a link, a device or a pipe is refused by name and
  left out. Sizes are checked on the opened file (``CourseDirectory.max_file_size`` per file,
  ``max_dir_size`` per submission).
- **Time.** The submission time is the latest ``st_ctime`` in the entry: set by the kernel on
  every change, a student cannot move it back (``touch -d`` moves ``mtime``, and sets ``ctime``
  to now); bounded by the collector's clock. The collected ``timestamp.txt`` is rewritten with it,
  so late penalties use it; the student's ``timestamp.txt`` and the time in the name are ignored.

Wired in ``grading/nbgrader_config.py`` (``c.ExchangeFactory.collect``).
"""
import datetime
import fnmatch
import os
import pwd
import stat
from collections import defaultdict

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.exchange.default.collect import ExchangeCollect

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
_CHUNK = 1 << 20


class Refused(Exception):
    """An inbound entry that is not collected; the message says why, for the instructor."""


def owner_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid} (no such user)"


def open_entry(inbound_fd: int, filename: str, student: str) -> int:
    """The entry ``filename`` of ``inbound/`` opened as a directory, never through a link;
    refused unless its owner is the Unix user ``student``."""
    try:
        fd = os.open(filename, _DIR_FLAGS, dir_fd=inbound_fd)
    except OSError as exc:
        raise Refused(f"not a directory (a symbolic link or a file: {exc.strerror})") from None
    owner = os.fstat(fd).st_uid
    try:
        expected = pwd.getpwnam(student).pw_uid
    except KeyError:
        expected = None
    if owner != expected:
        os.close(fd)
        who = "no Unix user of that name" if expected is None else f"Unix user {student!r}"
        raise Refused(f"it names {student!r} but is owned by {owner_name(owner)!r}, not by {who}")
    return fd


def latest_change(fd: int) -> float:
    """The latest ``st_ctime`` of the directory open at ``fd`` and of everything in it (links not
    followed)."""
    latest = os.fstat(fd).st_ctime
    for entry in os.scandir(fd):
        st = entry.stat(follow_symlinks=False)
        latest = max(latest, st.st_ctime)
        if stat.S_ISDIR(st.st_mode):
            try:
                sub = os.open(entry.name, _DIR_FLAGS, dir_fd=fd)
            except OSError:
                continue   # replaced meanwhile: the copy refuses it
            try:
                latest = max(latest, latest_change(sub))
            finally:
                os.close(sub)
    return latest


class TreeCopy:
    """Copy one submission from an open directory: regular files and directories only."""

    def __init__(self, log, ignore=(), include=(), max_file_kb=0, max_dir_kb=0):
        self.log, self.ignore, self.include = log, list(ignore or ()), list(include or ())
        self.max_file = 1000 * max_file_kb if max_file_kb else None
        self.max_dir = 1000 * max_dir_kb if max_dir_kb else None
        self.total = 0
        self.refused = []

    def refuse(self, rel, why):
        self.refused.append(rel)
        self.log.warning("refused %s in a submission: %s (left out of the copy)", rel, why)

    def copy_dir(self, src_fd: int, dest: str, rel: str = "") -> None:
        os.makedirs(dest, exist_ok=True)
        for entry in sorted(os.scandir(src_fd), key=lambda e: e.name):
            name = entry.name
            here = f"{rel}{name}"
            if any(fnmatch.fnmatch(name, glob) for glob in self.ignore):
                continue
            st = entry.stat(follow_symlinks=False)
            if stat.S_ISLNK(st.st_mode):
                self.refuse(here, f"a symbolic link (-> {os.readlink(name, dir_fd=src_fd)})")
            elif stat.S_ISDIR(st.st_mode):
                self.copy_sub(src_fd, name, os.path.join(dest, name), here + "/")
            elif stat.S_ISREG(st.st_mode):
                if self.include and not any(fnmatch.fnmatch(name, glob) for glob in self.include):
                    continue
                self.copy_file(src_fd, name, os.path.join(dest, name), here)
            else:
                self.refuse(here, "not a regular file (a pipe, socket or device)")

    def copy_sub(self, src_fd, name, dest, rel):
        try:
            fd = os.open(name, _DIR_FLAGS, dir_fd=src_fd)
        except OSError as exc:
            return self.refuse(rel, f"cannot be opened as a directory without following a link ({exc.strerror})")
        try:
            self.copy_dir(fd, dest, rel)
        finally:
            os.close(fd)

    def copy_file(self, src_fd, name, dest, rel):
        try:
            fd = os.open(name, _FILE_FLAGS, dir_fd=src_fd)
        except OSError as exc:
            return self.refuse(rel, f"cannot be opened without following a link ({exc.strerror})")
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                return self.refuse(rel, "not a regular file")
            if self.max_file is not None and st.st_size > self.max_file:
                return self.refuse(rel, f"{st.st_size} bytes, above CourseDirectory.max_file_size "
                                        f"({self.max_file} bytes)")
            self.total += st.st_size
            if self.max_dir is not None and self.total > self.max_dir:
                raise RuntimeError(f"the submission is above CourseDirectory.max_dir_size ({self.max_dir} bytes)")
            with open(dest, "wb") as out:
                remaining = st.st_size   # what fstat saw: a file growing meanwhile is cut there
                while remaining > 0:
                    chunk = os.read(fd, min(_CHUNK, remaining))
                    if not chunk:
                        break
                    out.write(chunk)
                    remaining -= len(chunk)
            os.chmod(dest, 0o644)
        finally:
            os.close(fd)


class SafeCollect(ExchangeCollect):
    """nbgrader's collect, believing owners, the kernel's times and no links (module docstring)."""

    def init_src(self):
        if self.coursedir.course_id == "":
            self.fail("No course id specified. Re-run with --course flag.")
        self.course_path = os.path.join(self.root, self.coursedir.course_id)
        self.inbound_path = os.path.join(self.course_path, "inbound")
        if not os.path.isdir(self.inbound_path):
            self.fail(f"Course not found: {self.inbound_path}")
        student = self.coursedir.student_id or "*"
        pattern = f"{student}+{self.coursedir.assignment_id}+*"
        now = datetime.datetime.now(datetime.timezone.utc)
        groups = defaultdict(list)
        inbound_fd = os.open(self.inbound_path, _DIR_FLAGS)
        try:
            for filename in sorted(os.listdir(inbound_fd)):
                if fnmatch.fnmatch(filename, pattern):
                    record = self._trusted_record(inbound_fd, filename, now)
                    if record:
                        groups[record["username"]].append(record)
        finally:
            os.close(inbound_fd)
        self.src_records = [self._choose(records) for records in groups.values()]

    def _trusted_record(self, inbound_fd, filename, now):
        parts = filename.rsplit("+", 3)
        if len(parts) < 3:
            self.log.warning("refused inbound entry %r: not named <student>+<assignment>+<time>", filename)
            return None
        student = parts[0]
        try:
            fd = open_entry(inbound_fd, filename, student)
        except Refused as why:
            self.log.warning("refused inbound entry %r (not collected for anyone): %s", filename, why)
            return None
        try:
            changed = datetime.datetime.fromtimestamp(latest_change(fd), datetime.timezone.utc)
        finally:
            os.close(fd)
        return {"username": student, "filename": filename, "timestamp": min(changed, now)}

    def _choose(self, records):
        """The newest record, or with ``--before-duedate`` the newest one before the due date."""
        records = sorted(records, key=lambda r: r["timestamp"], reverse=True)
        if self.before_duedate:
            due = self._duedate()
            on_time = [r for r in records if due is not None and r["timestamp"] <= due]
            if on_time:
                return on_time[0]
        return records[0]

    def _duedate(self):
        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gb:
            try:
                return gb.find_assignment(self.coursedir.assignment_id).duedate
            except MissingEntry:
                return None

    def copy_files(self):
        self._times = {r["filename"]: r["timestamp"] for r in self.src_records}
        self.check_owner = False   # checked before (open_entry): nbgrader's warning would only repeat it
        super().copy_files()

    def do_copy(self, src, dest, log=None):
        """Copy the inbound entry ``src`` to ``dest`` (nbgrader's ``submitted/`` folder)."""
        filename = os.path.basename(src)
        student = filename.rsplit("+", 3)[0]
        cd = self.coursedir
        copier = TreeCopy(self.log, cd.ignore, cd.include, cd.max_file_size, cd.max_dir_size)
        inbound_fd = os.open(os.path.dirname(src), _DIR_FLAGS)
        try:
            fd = open_entry(inbound_fd, filename, student)   # again: the entry may have been swapped
        except Refused as why:
            self.log.warning("refused inbound entry %r (not collected): %s", filename, why)
            return
        finally:
            os.close(inbound_fd)
        try:
            copier.copy_dir(fd, dest)
        finally:
            os.close(fd)
        when = self._times[filename]
        with open(os.path.join(dest, "timestamp.txt"), "w") as fh:
            fh.write(when.strftime("%Y-%m-%d %H:%M:%S.%f UTC"))
        self.log.info("%s %s: submitted at %s (the exchange's file times, not the student's timestamp.txt)",
                      student, cd.assignment_id, when.isoformat(" "))
