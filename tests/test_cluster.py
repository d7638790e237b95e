"""grade-all beyond one machine: a Dask scheduler and two workers started as separate processes on
127.0.0.1 grade a class exactly as the local thread pool does (results files and summary CSV);
``--shard I/N`` partitions the class and a last run without a shard writes the summary; a worker
of another kit, or without the sandbox, is refused."""
import csv
import json

import pytest

from grading import batch, cluster
from grading import manifest as M
from tests.dask_cluster import local_cluster
from tests.synthetic_class import make_class
from tests.test_grader import FAST

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("sandbox_required"), pytest.mark.xdist_group("cluster")]

CLASS_SIZE = 8        # reference, stubs and six corpus samples (right and wrong)
VOLATILE = ("seconds", "graded_on")


def _results(out):
    return {p.stem: {k: v for k, v in json.loads(p.read_text()).items() if k not in VOLATILE}
            for p in sorted((out / "results").glob("*.json"))}


def _csv(out):
    with open(out / "summary.csv", newline="") as f:
        return list(csv.reader(f))


@pytest.fixture(scope="module")
def graded_locally(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cluster")
    made = make_class(tmp / "class", CLASS_SIZE)
    batch.grade_all(tmp / "class", out=tmp / "local", workers=2, limits=FAST, log=lambda *a: None)
    return tmp, made


def test_dask_cluster_grades_like_the_local_run(graded_locally):
    tmp, made = graded_locally
    lines = []
    with local_cluster(tmp / "dask", workers=2) as address:
        done = batch.grade_all(tmp / "class", out=tmp / "dask-out", limits=FAST, log=lines.append,
                               scheduler=address)
    local, remote = _results(tmp / "local"), _results(tmp / "dask-out")
    assert len(local) == CLASS_SIZE and set(remote) == set(local)
    for sid in local:
        assert remote[sid] == local[sid], sid
    assert _csv(tmp / "dask-out") == _csv(tmp / "local")
    # a real class: full marks, zero, partial credit; graded on both workers, in their sandboxes
    totals = {sid: r["total"] for sid, r in local.items()}
    full = M.max_points("linear_classifiers")
    assert totals["s000-reference"] == full and totals["s001-stubs"] == 0
    assert any(0 < t < full for t in totals.values()), totals
    workers = {r["graded_on"] for r in done.values()}
    assert len(workers) == 2, workers
    assert all(r["sandbox"]["ok"] for r in done.values())
    text = "\n".join(lines)
    assert text.count(": sandbox on") == 2 and "on the Dask cluster" in text


def test_shards_partition_the_class_and_a_last_run_writes_the_summary(graded_locally):
    tmp, made = graded_locally
    out = tmp / "sharded"
    seen = []
    for i in range(3):
        log = []
        done = batch.grade_all(tmp / "class", out=out, workers=1, limits=FAST, log=log.append, shard=(i, 3))
        seen.append(set(done))
        assert not (out / "summary.csv").exists()
        assert any("run the same command without --shard" in line for line in log)
    assert set().union(*seen) == set(made)
    assert sum(len(s) for s in seen) == len(made)          # disjoint
    assert seen[0] == {n for k, n in enumerate(sorted(made)) if k % 3 == 0}
    log = []
    batch.grade_all(tmp / "class", out=out, workers=1, limits=FAST, log=log.append)
    assert any(line.startswith("graded 0 submission(s)") for line in log), log
    assert _csv(out) == _csv(tmp / "local")
    assert _results(out) == _results(tmp / "local")


@pytest.mark.parametrize("text, expected", [("0/1", (0, 1)), ("3/4", (3, 4))])
def test_parse_shard(text, expected):
    assert cluster.parse_shard(text) == expected


@pytest.mark.parametrize("text", ["4/4", "-1/4", "1", "a/b", "0/0"])
def test_parse_shard_refuses(text):
    with pytest.raises(ValueError, match="--shard"):
        cluster.parse_shard(text)


class FakeClient:
    def __init__(self, states):
        self.states = states

    def scheduler_info(self):
        return {"workers": dict.fromkeys(self.states)}

    def run(self, fn, *args):
        return {addr: fn(*args) if st is None else st for addr, st in self.states.items()}


def _state(**kw):
    st = {"host": "h", "pid": 1, "kit": cluster.loaded_fingerprint(), "kit_path": "/k", "same_kit": True,
          "changed_on_disk": False, "sandbox": {"ok": True, "mode": "bubblewrap", "detail": "on"}}
    st.update(kw)
    return st


def test_workers_of_another_kit_or_without_sandbox_are_refused():
    here = FakeClient({"tcp://a": None})         # this process itself: same kit, sandbox on
    assert cluster.check_workers(here, "required", log=lambda *a: None)
    other = FakeClient({"tcp://a": _state(), "tcp://b": _state(same_kit=False, kit="f" * 64, changed_on_disk=True)})
    with pytest.raises(cluster.ClusterError, match="(?s)tcp://b runs another version of the kit.*restart it"):
        cluster.check_workers(other, "prefer", log=lambda *a: None)
    nosandbox = FakeClient({"tcp://a": _state(sandbox={"ok": False, "mode": "unsandboxed", "detail": "no userns"})})
    with pytest.raises(cluster.ClusterError, match="(?s)cannot start the sandbox: no userns.*--unsandboxed"):
        cluster.check_workers(nosandbox, "required", log=lambda *a: None)
    assert cluster.check_workers(nosandbox, "prefer", log=lambda *a: None)


def test_a_task_on_a_machine_with_another_kit_grades_nothing(graded_locally):
    tmp, _ = graded_locally
    r = batch.grade_one(tmp / "class" / "s000-reference", limits=FAST, kit="0" * 64)
    assert r["total"] is None and "another version of the kit" in r["error"]
    sid = "s000-reference"
    r["id"] = sid
    path = tmp / "foreign.json"
    path.write_text(json.dumps(r))
    assert batch.usable_result(path, sid) == (None, "the last run could not grade it")
