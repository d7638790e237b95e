"""Classifiers: k-nearest neighbours, linear classifiers (SVM, softmax), two-layer nets.

Import from the submodules; nothing is imported here on purpose (see ``cs231n_lib/__init__.py``).
"""
