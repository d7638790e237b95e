"""Command line of the grader.

    python -m grading grade PATH [--json FILE] [--assignment NAME] [--only DOTTED ...] [--no-sandbox]
    python -m grading grade-all SUBMISSIONS [--workers N] [--out DIR] [--assignment NAME] [--unsandboxed]
                                [--scheduler tcp://HOST:PORT] [--shard I/N]
    python -m grading autograde ASSIGNMENT --workers N ...  (nbgrader autograde in parallel: grading/autograde.py)
    python -m grading release [--out DIR] ...        (see grading/release.py)
    python -m grading explain DOTTED.PATH            (where everything about one graded function is)
    python -m grading fingerprints [-a NAME] [--check]   (mistakes' outputs on the public checks: grading/fingerprints.py)
    python -m grading exchange | due-dates [--course DIR]  (the course's exchange folder, its due dates: grading/course.py)
    python -m grading gradescope | canvas ...        (a Gradescope autograder, a Canvas grades CSV: grading/lms.py)

``grade`` grades one work folder (a released assignment folder, filled in) and prints a
score table with feedback; ``--json FILE`` also writes
``{"version", "assignment", "folder", "total", "max_total", "functions": {DOTTED_PATH: {"points",
"max_points", "passed", "cases", "feedback"}}, "notes", "sandbox": {"ok", "mode", "detail"},
"seconds"}`` where ``passed`` counts the hidden cases passed out of ``cases`` and ``feedback`` is
empty when all passed. Self-study: when the sandbox cannot start here, ``grade`` still grades
your own folder, unsandboxed, and says so.

``grade-all`` grades every submission under SUBMISSIONS (each subfolder is a work folder, or
nbgrader's ``STUDENT/ASSIGNMENT/`` layout) with N in parallel, each in its own sandbox; it
refuses to start without the sandbox unless ``--unsandboxed`` is given. Results go to
``OUT/results/<id>.json`` as soon as each is ready; a killed run resumes where it stopped
(see grading/batch.py). ``OUT/summary.csv`` lists every submission. ``--scheduler`` grades on a
Dask cluster, one submission per task; ``--shard I/N`` grades every N-th submission only (SLURM
arrays, Kubernetes indexed jobs): see grading/SCALE.md.

Every command prints first whether the sandbox is on.
"""
import argparse
import sys

from .limits import Limits
from .outputs import worker_count


def _limits(args: argparse.Namespace) -> Limits:
    """The limits of this run: the defaults, changed by ``--timeout``, ``--memory-mb``, ``--grade-timeout``."""
    return Limits().with_options(getattr(args, "timeout", None), getattr(args, "memory_mb", None),
                                 getattr(args, "grade_timeout", None))


def cmd_grade(args):
    from . import parent
    from .outputs import format_table, sandbox_line, write_json
    from .sandbox_mode import SandboxMode, resolve

    mode = SandboxMode.OFF if args.no_sandbox else SandboxMode.PREFER
    state = resolve(mode, "switched off with --no-sandbox")
    print(sandbox_line(state.as_dict()) + ("" if state.ok else ": grading your own folder without it"), flush=True)
    try:
        result = parent.grade(args.path, paths=args.only or None, assignment=args.assignment,
                              limits=_limits(args), sandbox_mode=mode)
    except (ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except parent.GraderFailure as exc:
        print(f"error: the grader could not grade {args.path}: {exc}", file=sys.stderr)
        return 3
    print(format_table(result))
    if args.json:
        write_json(args.json, result)
    return 0


def cmd_grade_all(args):
    from . import batch, cluster
    from .sandbox import SandboxUnavailable
    from .sandbox_mode import SandboxMode

    try:
        shard = cluster.parse_shard(args.shard) if args.shard else None
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        batch.grade_all(args.submissions, out=args.out, workers=args.workers, assignment=args.assignment,
                        limits=_limits(args),
                        sandbox_mode=SandboxMode.from_flags(args.container, args.unsandboxed),
                        scheduler=args.scheduler, shard=shard)
    except SandboxUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 4
    except cluster.ClusterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 5
    except NotADirectoryError as exc:
        print(f"error: {exc} (a folder with one subfolder per student, e.g. build/course/submitted)", file=sys.stderr)
        return 2
    except KeyError as exc:          # an unknown --assignment: the message lists the known ones
        print(f"error: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        results = batch.output_folder(args.submissions, args.out) / "results"
        print(f"\ninterrupted: the results graded so far are kept in {results}; run the same command again "
              "to grade the rest (no summary.csv until a run finishes)", file=sys.stderr)
        return 130
    return 0


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "release":
        from .release import main as release_main   # written by the release builder; imported lazily
        return release_main(argv[1:])
    if argv and argv[0] == "explain":
        from .explain import main as explain_main
        return explain_main(argv[1:])
    if argv and argv[0] == "fingerprints":
        from .fingerprints import main as fingerprints_main
        return fingerprints_main(argv[1:])
    if argv and argv[0] in ("exchange", "due-dates"):
        from .course import main as course_main   # the course directory: exchange, due dates
        return course_main(argv)
    if argv and argv[0] in ("gradescope", "canvas"):
        from .lms import main as lms_main   # Gradescope autograder, Canvas grades CSV
        return lms_main(argv)
    if argv and argv[0] == "autograde":
        from .autograde import main as autograde_main
        return autograde_main(argv[1:])
    ap = argparse.ArgumentParser(prog="python -m grading", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--assignment", help="assignment name (default: detected from the notebooks)")
    common.add_argument("--timeout", type=float, help=f"wall-clock seconds per case (default {Limits.case_timeout:g})")
    common.add_argument("--memory-mb", type=int, help=f"memory limit of the student process (default {Limits.memory_bytes >> 20})")
    common.add_argument("--grade-timeout", type=float, metavar="S",
                        help=f"wall-clock seconds one whole submission may take (default {Limits.grade_seconds:g}); cases not run by "
                             "then score 0")
    g = sub.add_parser("grade", parents=[common], help="grade one work folder")
    g.add_argument("path")
    g.add_argument("--json", help="also write the result as JSON to this file")
    g.add_argument("--only", nargs="+", metavar="DOTTED", help="grade only these functions")
    g.add_argument("--no-sandbox", action="store_true",
                   help="run the student's code without bubblewrap (resource limits still apply)")
    ga = sub.add_parser("grade-all", parents=[common], help="grade a folder of submissions in parallel")
    ga.add_argument("submissions")
    ga.add_argument("--workers", type=worker_count, default=2,
                    help="submissions graded at once, each by its own worker process (default 2; on one machine, "
                         "its number of cores)")
    ga.add_argument("--out", help="output folder (default: SUBMISSIONS_grades next to it)")
    ga.add_argument("--unsandboxed", action="store_true",
                    help="grade even when the sandbox cannot start (then every result says so)")
    ga.add_argument("--container", action="store_true",
                    help="container mode, where bubblewrap cannot start (root without CAP_SYS_ADMIN, no user "
                         "namespaces): each child a fresh uid, the kit and class unreadable to it (grading/SCALE.md)")
    ga.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                    help="grade on this Dask cluster, one submission per task (grading/SCALE.md)")
    ga.add_argument("--shard", metavar="I/N", help="grade only shard I (from 0) of N: every N-th submission")
    sub.add_parser("release", help="build the student release (see grading/release.py)")
    sub.add_parser("explain", help="source, stub, hidden cases, check cell and misconceptions of one function")
    sub.add_parser("fingerprints", help="build the mistakes' outputs on the notebooks' public checks")
    sub.add_parser("autograde", help="nbgrader autograde, N submissions at a time (see grading/autograde.py)")
    sub.add_parser("exchange", help="create the course's nbgrader exchange folder; print the students' line")
    sub.add_parser("due-dates", help="the due dates nbgrader applies to each assignment")
    sub.add_parser("gradescope", help="build a Gradescope autograder zip (see grading/lms.py)")
    sub.add_parser("canvas", help="write a Canvas grades CSV (see grading/lms.py)")
    args = ap.parse_args(argv)
    if args.cmd == "grade":
        return cmd_grade(args)
    return cmd_grade_all(args)


if __name__ == "__main__":
    sys.exit(main())
