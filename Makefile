# Two commands do all set-up: `make demo` and `make test`. Both create .venv from the
# pinned requirements the first time and reuse it afterwards.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-requirements

.PHONY: demo test bench release venv clean

venv: $(STAMP)

$(STAMP): requirements.txt
	@echo "==> checking $(PYTHON) is Python >= 3.11"
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is required (nbgrader 0.9.6 needs it); found " + sys.version.split()[0] + ". Run: make PYTHON=python3.11 ...")'
	@if [ ! -x $(PY) ]; then echo "==> creating virtual environment $(VENV)"; $(PYTHON) -m venv $(VENV); fi
	@echo "==> installing pinned requirements into $(VENV) (first run only; later runs reuse it)"
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@echo "==> making cs231n_lib and grading importable from $(VENV) (a .pth file pointing at this checkout)"
	@$(PY) -c 'import pathlib, sysconfig; pathlib.Path(sysconfig.get_paths()["purelib"], "cs231n_kit.pth").write_text(str(pathlib.Path.cwd()) + "\n")'
	@touch $(STAMP)
	@echo "==> environment ready: $(VENV)"

demo: venv
	@echo "==> running every notebook headless with the reference code (outputs in build/demo/)"
	@$(PY) -m grading.demo

test: venv
	@echo "==> running the test suite"
	@$(PY) -m pytest -n 2 --dist loadgroup

bench: venv
	@echo "==> benchmarks (ratios measured side by side in one run)"
	@$(PY) -m tests.bench

release: venv
	@$(PY) -m grading release

clean:
	rm -rf build .pytest_cache
