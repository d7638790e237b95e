"""Support package for the CS231n lectures 3-4 course kit.

Submodules are imported on demand (``from cs231n_lib.classifiers.linear_svm import ...``);
this file imports nothing so that each assignment's release can ship only the modules it needs.
"""
