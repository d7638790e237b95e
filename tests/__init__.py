"""The kit's own tests (pytest) and benchmarks (python -m tests.bench)."""
