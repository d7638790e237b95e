"""Zip your work for Gradescope: ``python collect_submission.py`` in the assignment folder.

Writes ``<folder name>_submission.zip`` next to this script with exactly what the autograder reads: the
notebooks of the folder (``*.ipynb``) and the Python files of ``cs231n_lib/`` (your code and the given
modules), with their paths inside the folder. Nothing else (no data, no caches, no checkpoints). Upload that
zip to the assignment on Gradescope. Standard library only: it runs in Colab (``!python collect_submission.py``)
as on your computer.
"""
import argparse
import sys
import zipfile
from pathlib import Path

PACKAGE = "cs231n_lib"


def submission_files(folder):
    """The files the autograder reads, relative to ``folder``, sorted."""
    folder = Path(folder)
    files = [p for p in folder.glob("*.ipynb") if p.is_file()]
    files += [p for p in (folder / PACKAGE).rglob("*.py")
              if p.is_file() and "__pycache__" not in p.parts and ".ipynb_checkpoints" not in p.parts]
    return sorted(p.relative_to(folder) for p in files)


def collect(folder, out=None):
    """Write the submission zip of ``folder``; returns its path."""
    folder = Path(folder).resolve()
    if not (folder / PACKAGE).is_dir():
        raise FileNotFoundError(f"{folder} has no {PACKAGE}/ folder: run this script in the assignment folder "
                                "(the one that holds the notebooks and cs231n_lib/).")
    out = Path(out) if out else folder / f"{folder.name}_submission.zip"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for rel in submission_files(folder):
            zf.write(folder / rel, rel.as_posix())
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", nargs="?", default=str(Path(__file__).resolve().parent),
                    help="the assignment folder (default: the folder of this script)")
    ap.add_argument("--out", help="the zip to write (default: <folder>/<folder name>_submission.zip)")
    args = ap.parse_args(argv)
    try:
        out = collect(args.folder, args.out)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
    print(f"wrote {out} ({len(names)} files: {sum(n.endswith('.ipynb') for n in names)} notebooks, "
          f"{sum(n.endswith('.py') for n in names)} Python files). Upload it to Gradescope.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
