# Two commands do all set-up: `make demo` and `make test`. Both create .venv from the
# pinned requirements the first time and reuse it afterwards.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
REQUIREMENTS ?= requirements.txt
STAMP := $(VENV)/.installed-requirements
# The newest Requires-Python among the pinned wheels (soupsieve 4.1.2: >=3.11.5);
# tests/test_setup.py checks it against the metadata of every pin.
MIN_PYTHON := 3.11.5
# INSTALLER=uv: `uv venv` + `uv pip sync` (much faster, needs uv on PATH); default pip.
INSTALLER ?= pip

.PHONY: demo test bench release venv clean check-python

venv: $(STAMP)

check-python:
	@echo "==> checking $(PYTHON) is Python >= $(MIN_PYTHON)"
	@$(PYTHON) -c 'import sys; need = tuple(map(int, "$(MIN_PYTHON)".split("."))); found = ".".join(map(str, sys.version_info[:3])); sys.exit(0 if sys.version_info[:3] >= need else f"Python >= $(MIN_PYTHON) is required (the pinned soupsieve 4.1.2 needs it; numpy, nbgrader and others need >= 3.11); found {found} at {sys.executable}.\nInstall Python 3.12 or 3.13 (Debian 12: uv python install 3.12, or pyenv; Debian 13 and Ubuntu 24.04 ship one) and run: make PYTHON=python3.12 ...")'

$(STAMP): $(REQUIREMENTS)
	@$(MAKE) --no-print-directory check-python PYTHON=$(PYTHON)
	@if [ "$(INSTALLER)" = uv ]; then \
	  command -v uv >/dev/null || { echo "INSTALLER=uv but uv is not on PATH (pip install uv, or drop INSTALLER=uv)"; exit 1; }; \
	  if [ ! -x $(PY) ]; then echo "==> creating virtual environment $(VENV) with uv"; uv venv --quiet --allow-existing --python $(PYTHON) $(VENV); fi; \
	  echo "==> syncing $(VENV) to the pinned $(REQUIREMENTS) with uv"; \
	  uv pip sync --quiet --python $(PY) $(REQUIREMENTS); \
	else \
	  if command -v uv >/dev/null; then echo "    (uv found: make venv INSTALLER=uv installs much faster)"; fi; \
	  if [ ! -x $(PY) ]; then echo "==> creating virtual environment $(VENV)"; $(PYTHON) -m venv $(VENV); fi; \
	  echo "==> installing pinned $(REQUIREMENTS) into $(VENV) (first run only; later runs reuse it)"; \
	  $(PY) -m pip install --quiet --disable-pip-version-check -r $(REQUIREMENTS); \
	fi
	@echo "==> making cs231n_lib and grading importable from $(VENV) (a .pth file pointing at this checkout)"
	@$(PY) -c 'import pathlib, sysconfig; pathlib.Path(sysconfig.get_paths()["purelib"], "cs231n_kit.pth").write_text(str(pathlib.Path.cwd()) + "\n")'
	@# the grading sandbox's child runs as an unprivileged user and must read the environment (no secret in it),
	@# also when it was made under umask 077
	@chmod -R a+rX $(VENV)
	@touch $(STAMP)
	@echo "==> environment ready: $(VENV)"

demo: venv
	@echo "==> running every notebook headless with the reference code (outputs in build/demo/)"
	@$(PY) -m grading.demo

test: venv
	@echo "==> running the test suite"
	@$(PY) -m pytest -n 2 --dist loadgroup --durations=25

# The bench's own environment: the kit's pins (made as .venv is) plus the benchmark-only
# requirements-bench.txt (the pinned CPU torch), so every ratio is measured while .venv, and
# with it `make test`, stays as it is. Always pip for torch: its exact pin resolves to the CPU build.
BENCH_VENV ?= .venv-bench
BENCH_PY := $(BENCH_VENV)/bin/python
BENCH_STAMP := $(BENCH_VENV)/.installed-bench

$(BENCH_STAMP): $(REQUIREMENTS) requirements-bench.txt
	@mkdir -p $(BENCH_VENV) && echo '*' > $(BENCH_VENV)/.gitignore     # never committed
	@$(MAKE) --no-print-directory venv VENV=$(BENCH_VENV)
	@$(BENCH_PY) -m pip --version >/dev/null 2>&1 || $(BENCH_PY) -m ensurepip --default-pip >/dev/null
	@echo "==> installing the pinned requirements-bench.txt (CPU torch) into $(BENCH_VENV)"
	@$(BENCH_PY) -m pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	@chmod -R a+rX $(BENCH_VENV)
	@touch $@

BENCH_ONLY ?=

bench: $(BENCH_STAMP)
	@echo "==> benchmarks in $(BENCH_VENV) (ratios measured side by side in one run; BENCH_ONLY=draws,scale runs only those)"
	@BENCH_ONLY="$(BENCH_ONLY)" $(BENCH_PY) -m tests.bench

release: venv
	@$(PY) -m grading release

clean:
	rm -rf build .pytest_cache
