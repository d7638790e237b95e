"""Tests of cs231n_lib.features (the student functions) against scikit-image, the field's
standard implementation, used here as the test oracle:

- hue: ``skimage.color.rgb2hsv``;
- gradients, cell histograms, block normalization and the full descriptor: ``skimage.feature.hog``
  and its building blocks (``_hog_channel_gradient``, ``_hoghistogram.hog_histograms``,
  ``_hog_normalize_block``; private functions of the pinned version 0.26.0, see requirements.txt).

Each oracle check is a function of the module under test, so the same check runs on the
reference (must pass), on the stubbed release (must raise NotImplementedError) and on plausible
wrong versions made by editing the reference's source (must fail, and must fail a hidden case
of the grading manifest too). scikit-image is a test dependency only: cs231n_lib never imports it.

The given code (feature_tools, LinearModel) is tested below; the notebook runs at the end.
"""
import ast
import pathlib
import types

import numpy as np
import pytest
from skimage.color import rgb2gray, rgb2hsv
from skimage.feature import _hoghistogram, hog
from skimage.feature._hog import _hog_channel_gradient, _hog_normalize_block

from cs231n_lib import feature_tools, features
from cs231n_lib.classifiers.linear_model import LinearModel
from cs231n_lib.gradient_check import eval_numerical_gradient, rel_error
from grading import manifest as M
from grading import child as runner
from grading.parent import compare, reference_import
from grading.release import stub_source

from .notebook_runner import run_notebook

ROOT = pathlib.Path(__file__).resolve().parent.parent
FEATURES_PY = ROOT / "cs231n_lib" / "features.py"


def _rng(seed):
    return np.random.default_rng(seed)


def skimage_cell_histograms(gx, gy, cell, num_bins):
    """skimage's cell histograms of one image (gx, gy of shape (H, W)), times the cell area:
    skimage divides each histogram by the number of pixels of a cell; our convention is the sum."""
    H, W = gx.shape
    rows, cols = H // cell, W // cell
    out = np.zeros((rows, cols, num_bins))
    _hoghistogram.hog_histograms(np.ascontiguousarray(gx), np.ascontiguousarray(gy), cell, cell, W, H,
                                 cols, rows, num_bins, out)
    return out * cell * cell


# --------------------------------------------------------------------------- oracle checks (module -> bool)

def check_hue(mod):
    rng = _rng(0)
    pure = np.array([[255, 0, 0], [255, 255, 0], [0, 255, 0], [0, 255, 255], [0, 0, 255], [255, 0, 255],
                     [128, 128, 128], [0, 0, 0], [255, 255, 255], [200, 50, 100], [200, 10, 11]], dtype=float)
    for rgb in (rng.integers(0, 256, size=(6, 9, 7, 3)).astype(float), rng.random((3, 5, 5, 3)), pure):
        hue = mod.rgb_to_hue(rgb)
        expected = rgb2hsv(rgb / rgb.max())[..., 0]
        if not (isinstance(hue, np.ndarray) and hue.shape == rgb.shape[:-1] and hue.dtype == np.float64):
            return False
        if np.max(np.abs(hue - expected)) > 1e-12 or hue.min() < 0 or hue.max() >= 1:
            return False
    # R largest and G - B = -1e-17: (-1e-17 / 6) % 1 rounds to 1.0 in floating point; hue must stay < 1
    tiny = mod.rgb_to_hue(np.array([[1.0, 0.0, 1e-17]]))
    return bool(0 <= tiny[0] < 1)


def check_color_histogram(mod):
    rng = _rng(1)
    for B in (10, 4, 7):
        rgb = rng.integers(0, 256, size=(5, 8, 6, 3)).astype(float)
        hue = rgb2hsv(rgb / 255)[..., 0].reshape(5, -1)
        bins = np.minimum(np.floor(hue * B).astype(int), B - 1)          # the documented rule, on skimage's hue
        expected = np.stack([np.bincount(b, minlength=B) / b.size for b in bins])
        got = mod.color_histogram(rgb, num_bins=B)
        if not (isinstance(got, np.ndarray) and got.shape == (5, B) and np.allclose(got, expected, atol=1e-12)):
            return False
        gray = rng.integers(0, 256, size=(4, 7, 7, 1)).astype(float)
        gray[0, 0, :4, 0] = [0, 255, 128, 64]
        expected = np.stack([np.histogram(g, bins=np.arange(B + 1) * 256 / B)[0] / g.size for g in gray])
        if not np.allclose(mod.color_histogram(gray, num_bins=B), expected, atol=1e-12):
            return False
    return True


def check_gradients(mod):
    rng = _rng(2)
    images = np.concatenate([rng.integers(0, 256, size=(3, 9, 11)).astype(float), 50 * rng.standard_normal((2, 9, 11))])
    gx, gy = mod.image_gradients(images)
    for n in range(len(images)):
        g_row, g_col = _hog_channel_gradient(images[n])
        if not (np.array_equal(gx[n], g_col) and np.array_equal(gy[n], g_row)):
            return False
    return gx.shape == images.shape and gx.dtype == np.float64


def check_cell_histogram(mod):
    rng = _rng(3)
    for (H, W), cell, bins in [((32, 32), 8, 9), ((28, 28), 7, 9), ((28, 28), 4, 6), ((30, 41), 6, 12),
                               ((17, 23), 5, 4)]:
        image = rng.integers(0, 256, size=(H, W)).astype(float)
        image[: H // 2] = np.arange(H // 2)[:, None] % 3 * 80      # horizontal stripes: gradients at exactly 90 degrees
        g_row, g_col = _hog_channel_gradient(image)
        expected = skimage_cell_histograms(g_col, g_row, cell, bins)
        got = mod.cell_orientation_histogram(feature_tools.split_into_cells(g_col[None], cell),
                                             feature_tools.split_into_cells(g_row[None], cell), num_bins=bins)
        # skimage accumulates each cell in single precision: agree to ~1e-7 of the largest bin
        if not (isinstance(got, np.ndarray) and got.shape == (1,) + expected.shape
                and np.max(np.abs(got[0] - expected)) <= 1e-5 * np.max(expected)):
            return False
    return True


def check_block_normalize(mod):
    rng = _rng(4)
    for shape, k in [((2, 4, 4, 9), 2), ((1, 3, 5, 6), 3), ((1, 2, 3, 4), 1)]:
        cells = rng.random(shape) * 100
        cells[0, 0, 0, 0] = 1e4                                           # makes the clip at 0.2 matter
        got = mod.block_normalize(cells, cells_per_block=k)
        N, rows, cols, _ = shape
        if not (isinstance(got, np.ndarray) and got.shape == (N, rows - k + 1, cols - k + 1, k, k, shape[-1])):
            return False
        for n in range(N):
            for i in range(rows - k + 1):
                for j in range(cols - k + 1):
                    expected = _hog_normalize_block(cells[n, i:i + k, j:j + k], method="L2-Hys")
                    if rel_error(got[n, i, j], expected) > 1e-10:
                        return False
    return True


ORACLE_CHECKS = {
    "rgb_to_hue": check_hue,
    "color_histogram": check_color_histogram,
    "image_gradients": check_gradients,
    "cell_orientation_histogram": check_cell_histogram,
    "block_normalize": check_block_normalize,
}


@pytest.mark.parametrize("name", list(ORACLE_CHECKS))
def test_reference_matches_skimage(name):
    assert ORACLE_CHECKS[name](features)


@pytest.mark.parametrize("shape, params", [
    ((28, 28), (4, 2, 9)), ((28, 28), (7, 2, 9)), ((32, 32), (8, 2, 9)), ((32, 32), (4, 3, 6)),
    ((30, 41), (6, 2, 12)), ((24, 24), (5, 1, 9)),
])
def test_full_hog_equals_skimage_hog(shape, params):
    cell, block, bins = params
    images = _rng(5).integers(0, 256, size=(3,) + shape).astype(float)
    images[0, :, : shape[1] // 2] = 0                                     # a flat half: blocks of zeros
    ours = feature_tools.hog_features(images, pixels_per_cell=cell, cells_per_block=block, num_bins=bins)
    for n in range(len(images)):
        theirs = hog(images[n], orientations=bins, pixels_per_cell=(cell, cell), cells_per_block=(block, block),
                     block_norm="L2-Hys", feature_vector=True)
        assert ours[n].shape == theirs.shape
        assert np.max(np.abs(ours[n] - theirs)) < 1e-5


def test_colour_hog_uses_skimage_grayscale():
    rgb = _rng(6).integers(0, 256, size=(2, 32, 32, 3)).astype(float)
    gray = feature_tools.to_grayscale(rgb)
    np.testing.assert_allclose(gray, rgb2gray(rgb / 255) * 255, rtol=1e-12, atol=1e-9)
    ours = feature_tools.hog_features(rgb, pixels_per_cell=8)
    for n in range(2):
        theirs = hog(rgb2gray(rgb[n] / 255) * 255, orientations=9, pixels_per_cell=(8, 8), cells_per_block=(2, 2),
                     block_norm="L2-Hys")
        assert np.max(np.abs(ours[n] - theirs)) < 1e-5


def test_hue_histogram_of_real_cifar_images(shared_cifar_dir):
    from cs231n_lib.data import load_cifar10_folder

    images = load_cifar10_folder(shared_cifar_dir)["X_test"][:200].astype(float)
    hue = features.rgb_to_hue(images)
    np.testing.assert_allclose(hue, rgb2hsv(images / 255)[..., 0], atol=1e-12)
    assert check_color_histogram(features)


# --------------------------------------------------------------------------- stubs and wrong versions

def module_from_source(source, name):
    module = types.ModuleType(f"cs231n_lib._variant_{name}")
    module.__package__ = "cs231n_lib"
    exec(compile(source, str(FEATURES_PY), "exec"), module.__dict__)
    return module


def test_stubbed_release_raises_not_implemented():
    stub = module_from_source(stub_source(FEATURES_PY.read_text(), str(FEATURES_PY)), "stub")
    for name, check in ORACLE_CHECKS.items():
        with pytest.raises(NotImplementedError):
            check(stub)


# name -> (function it breaks, reference text, wrong text): each a mistake a student could make
WRONG_VERSIONS = {
    "hue not wrapped into [0, 1) (negative hues for reds)":
        ("rgb_to_hue", "(h6 / 6.0) % 1.0", "(h6 / 6.0)"),
    "hue in degrees instead of a fraction of a turn":
        ("rgb_to_hue", "(h6 / 6.0) % 1.0", "(h6 * 60.0) % 360.0"),
    "intensity divided by 255 instead of 256 (bin edges off by one gray level)":
        ("color_histogram", "images[..., 0] / 256.0", "images[..., 0] / 255.0"),
    "counts instead of fractions of pixels":
        ("color_histogram", "hist = counts / bins.shape[1]", "hist = counts.astype(np.float64)"),
    "np.gradient-style derivative (divided by 2)":
        ("image_gradients", "gx[:, :, 1:-1] = images[:, :, 2:] - images[:, :, :-2]",
         "gx[:, :, 1:-1] = (images[:, :, 2:] - images[:, :, :-2]) / 2"),
    "x and y swapped":
        ("image_gradients", "gx[:, :, 1:-1] = images[:, :, 2:] - images[:, :, :-2]\n    gy[:, 1:-1, :] = images[:, 2:, :] - images[:, :-2, :]",
         "gy[:, :, 1:-1] = images[:, :, 2:] - images[:, :, :-2]\n    gx[:, 1:-1, :] = images[:, 2:, :] - images[:, :-2, :]"),
    "signed orientations (0..360 degrees)":
        ("cell_orientation_histogram", "angle = np.rad2deg(np.arctan2(gy, gx)) % 180\n    bins = np.minimum(np.floor(angle / (180 / num_bins))",
         "angle = np.rad2deg(np.arctan2(gy, gx)) % 360\n    bins = np.minimum(np.floor(angle / (360 / num_bins))"),
    "no magnitude weighting (every pixel votes 1)":
        ("cell_orientation_histogram", "weights=magnitude.ravel(), ", ""),
    "off-by-one bin edges (an angle on an edge goes to the bin below)":
        ("cell_orientation_histogram", "np.floor(angle / (180 / num_bins)).astype(np.int64)",
         "np.maximum(np.ceil(angle / (180 / num_bins)) - 1, 0).astype(np.int64)"),
    "y pointing up (angle of (gx, -gy))":
        ("cell_orientation_histogram", "np.arctan2(gy, gx)) % 180\n    bins", "np.arctan2(-gy, gx)) % 180\n    bins"),
    "plain L2 normalization (no clip at 0.2)":
        ("block_normalize", "blocks = np.minimum(blocks / norms, 0.2)", "blocks = blocks / norms"),
    "L1 instead of L2 norm":
        ("block_normalize", "norms = np.sqrt(np.sum(blocks ** 2, axis=(3, 4, 5), keepdims=True) + eps ** 2)\n    blocks = np.minimum",
         "norms = np.sum(np.abs(blocks), axis=(3, 4, 5), keepdims=True) + eps\n    blocks = np.minimum"),
}


def wrong_module(label):
    function, good, bad = WRONG_VERSIONS[label]
    source = FEATURES_PY.read_text()
    assert source.count(good) == 1, f"the reference no longer contains {good!r}: update WRONG_VERSIONS"
    return function, module_from_source(source.replace(good, bad), function)


def hidden_cases_fail(function, module):
    """True if at least one hidden case of ``features.<function>`` gives a wrong output with ``module``."""
    entry = M.by_path()[f"features.{function}"]

    def import_variant(name):
        return module if name == "cs231n_lib.features" else reference_import(name)

    for case in entry.cases():
        expected = runner.run_case(entry.path, entry.driver, entry.spec, case.inputs, reference_import)
        try:
            got = runner.run_case(entry.path, entry.driver, entry.spec, case.inputs, import_variant)
        except Exception:
            return True
        for name, value in expected.items():
            ok, _ = compare(got.get(name), value, case.tolerance(name), case.abs_tolerance(name))
            if not ok:
                return True
    return False


@pytest.mark.parametrize("label", list(WRONG_VERSIONS))
def test_wrong_version_fails_the_oracle_and_a_hidden_case(label):
    function, module = wrong_module(label)
    try:
        passed = ORACLE_CHECKS[function](module)
    except Exception:
        passed = False
    assert not passed, f"the skimage oracle check of {function} does not catch: {label}"
    assert hidden_cases_fail(function, module), f"no hidden case of features.{function} catches: {label}"


def test_reference_passes_its_hidden_cases_with_a_fresh_import():
    for entry in M.MANIFEST:
        if entry.path.startswith("features."):
            assert not hidden_cases_fail(entry.path.split(".")[-1], module_from_source(FEATURES_PY.read_text(), "copy"))


def test_cs231n_lib_does_not_import_skimage():
    for py in (ROOT / "cs231n_lib").rglob("*.py"):
        for node in ast.walk(ast.parse(py.read_text())):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n.split(".")[0] in ("skimage", "scipy", "sklearn") for n in names), py


# --------------------------------------------------------------------------- given code

def test_split_into_cells_and_patches_match_loops():
    rng = _rng(7)
    values = rng.standard_normal((2, 11, 9))
    cells = feature_tools.split_into_cells(values, 4)
    assert cells.shape == (2, 2, 2, 4, 4)
    assert np.array_equal(cells[1, 1, 0], values[1, 4:8, 0:4])
    images = rng.standard_normal((2, 10, 9, 3))
    patches = feature_tools.extract_patches(images, 4, 3)
    positions = [(r, c) for r in range(0, 7, 3) for c in range(0, 6, 3)]
    assert patches.shape == (2, len(positions), 48)
    for p, (r, c) in enumerate(positions):
        assert np.array_equal(patches[1, p], images[1, r:r + 4, c:c + 4].ravel())
    sampled = feature_tools.random_patches(images, 4, 200, seed=0)
    every_patch = {tuple(p) for p in feature_tools.extract_patches(images, 4, 1).reshape(-1, 48)}
    assert sampled.shape == (200, 48) and all(tuple(p) in every_patch for p in sampled)
    assert np.array_equal(sampled, feature_tools.random_patches(images, 4, 200, seed=0))


def test_kmeans_lowers_its_objective_and_finds_separated_clusters():
    rng = _rng(8)
    truth = rng.integers(0, 3, 600)
    X = np.array([[0, 0], [10, 0], [0, 10]], dtype=float)[truth] + rng.standard_normal((600, 2))
    centers, assignments, inertia = feature_tools.kmeans(X, 3, num_iters=10, seed=0)
    assert np.all(np.diff(inertia) <= 1e-12)
    # each found cluster is one true cluster (up to relabelling)
    assert all(len(np.unique(truth[assignments == k])) == 1 for k in range(3))
    again = feature_tools.kmeans(X, 3, num_iters=10, seed=0)[0]
    assert np.array_equal(centers, again)
    nearest, squared = feature_tools.nearest_centers(X, centers)
    brute = ((X[:, None, :] - centers[None]) ** 2).sum(axis=-1)
    assert np.array_equal(nearest, brute.argmin(axis=1))
    np.testing.assert_allclose(squared, brute.min(axis=1), atol=1e-9)


def test_bag_of_words_counts_nearest_words():
    rng = _rng(9)
    images = rng.integers(0, 256, size=(3, 8, 8, 1)).astype(float)
    words = rng.standard_normal((5, 16))
    hist = feature_tools.bag_of_words(images, words, patch_size=4, stride=2)
    patches = feature_tools.normalize_patches(feature_tools.extract_patches(images, 4, 2))
    for n in range(3):
        nearest = ((patches[n][:, None, :] - words[None]) ** 2).sum(axis=-1).argmin(axis=1)
        np.testing.assert_allclose(hist[n], np.bincount(nearest, minlength=5) / len(nearest))


@pytest.mark.parametrize("loss", ["softmax", "svm"])
def test_linear_model_loss_and_gradients(loss):
    rng = _rng(10)
    X, y = rng.standard_normal((6, 4)), rng.integers(0, 3, 6)
    model = LinearModel(4, 3, loss=loss, weight_scale=1.0, reg=0.3, seed=0)
    model.params["b"] = rng.standard_normal(3)
    scores = X @ model.params["W"] + model.params["b"]
    np.testing.assert_allclose(model.loss(X), scores)
    value, grads = model.loss(X, y)
    for name in ("W", "b"):
        def f(_):
            return model.loss(X, y)[0]
        numeric = eval_numerical_gradient(f, model.params[name], verbose=False)
        assert rel_error(grads[name], numeric) < 1e-7, name
    if loss == "softmax":
        shifted = scores - scores.max(axis=1, keepdims=True)
        data_loss = np.mean(np.log(np.exp(shifted).sum(axis=1)) - shifted[np.arange(6), y])
        assert value == pytest.approx(data_loss + 0.3 * np.sum(model.params["W"] ** 2))


# --------------------------------------------------------------------------- the notebook

@pytest.mark.notebook
@pytest.mark.xdist_group("notebooks")
def test_features_notebook(tmp_path):
    text, results = run_notebook("features.ipynb", tmp_path)
    assert "INTENSITY" in text, "on Fashion-MNIST the notebook must say it uses an intensity histogram"
    assert results.get("checks_failed", 0) == 0 and results["checks_passed"] >= 20
    for clf in ("softmax", "svm"):
        assert results[f"{clf}_features_val_accuracy"] > results[f"{clf}_raw_pixels_val_accuracy"], results
    assert results["two_layer_net_features_test_accuracy"] >= 0.85, results


@pytest.mark.notebook
@pytest.mark.xdist_group("cifar_notebooks")
def test_features_notebook_on_cifar_subset(shared_cifar_dir, tmp_path):
    text, results = run_notebook("features.ipynb", tmp_path, quick=True, env={"CS231N_CIFAR10_DIR": str(shared_cifar_dir)})
    assert "CIFAR" in text and "32x32x3" in text and "HUE" in text, "the notebook did not load the CIFAR subset"
    assert results.get("checks_failed", 0) == 0 and results["checks_passed"] >= 20
