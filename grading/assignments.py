"""The assignments of the kit: which notebooks and which package files each one ships.

Student-edited modules are not listed here: they come from the grading manifest (every
module that holds a graded function). Paths of modules are relative to ``cs231n_lib/``;
notebooks live in ``notebooks/``.
"""

ASSIGNMENTS = {
    "linear_classifiers": {
        "title": "k-nearest neighbours and linear classifiers (SVM, softmax), and how to optimize them",
        "notebooks": ["knn.ipynb", "svm.ipynb", "softmax.ipynb", "optimization.ipynb"],
        "given_modules": [
            "__init__.py",
            "classifiers/__init__.py",
            "classifiers/input_checks.py",
            "gradient_check.py",
            "checks.py",
            "comparison.py",
            "diagnosis.py",
            "notebook_utils.py",
            "data.py",
            "vis.py",
        ],
        "needs_data": True,
    },
    "computational_graphs": {
        "title": "Computational graphs and backpropagation",
        "notebooks": ["computational_graphs.ipynb"],
        "given_modules": [
            "__init__.py",
            "gradient_check.py",
            "checks.py",
            "comparison.py",
            "diagnosis.py",
            "notebook_utils.py",
            "data.py",
            "graph/__init__.py",
            "graph/draw.py",
        ],
        "needs_data": False,
    },
    "neural_networks": {
        "title": "Neural networks: layers, activations, optimizers, the two-layer net, deeper nets, image features",
        "notebooks": ["two_layer_net.ipynb", "optimizers.ipynb", "fully_connected_nets.ipynb", "features.ipynb"],
        "given_modules": [
            "__init__.py",
            "classifiers/__init__.py",
            "gradient_check.py",
            "checks.py",
            "comparison.py",
            "diagnosis.py",
            "notebook_utils.py",
            "data.py",
            "vis.py",
            "nn_vis.py",
            "solver.py",
            # features.ipynb (image features versus raw pixels)
            "classifiers/linear_model.py",
            "feature_tools.py",
            "feature_vis.py",
        ],
        "needs_data": True,
    },
}
