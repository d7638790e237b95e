"""Loading the kit's data sets: the embedded Fashion-MNIST subset and CIFAR-10.

Given code. ``load_dataset()`` returns images shaped (N, H, W, C) as float64; flatten them
with ``X.reshape(N, -1)`` for the classifiers. Bad or missing data raises ``DatasetError``
naming the file and the command that fixes it: never silently wrong data.
"""
import hashlib
import os
import pathlib
import pickle

import numpy as np

CIFAR10_CLASSES = ["airplane", "automobile", "bird", "cat", "deer",
                   "dog", "frog", "horse", "ship", "truck"]
CIFAR10_BATCHES = [f"data_batch_{i}" for i in range(1, 6)]
# Official md5 sums of the files in cifar-10-python.tar.gz that the kit knows.
CIFAR10_OFFICIAL_MD5 = {"data_batch_1": "c99cafc152244af753f735de768cd75f",
                        "test_batch": "40351d587109b95175f43aff81a1287e"}
FASHION_FILE = "fashion_mnist_subset.npz"
FASHION_SHA256_FILE = "fashion_mnist_subset.sha256"
GET_CIFAR = "datasets/get_datasets.sh"
REBUILD_FASHION = ("restore it with `git checkout -- datasets/fashion_mnist_subset.npz`, or rebuild it with "
                   "`python datasets/build_fashion_mnist_subset.py` (needs `apt-get install dataset-fashion-mnist`)")


class DatasetError(RuntimeError):
    """Data that is missing, truncated, corrupt or mislabelled."""


def datasets_dir():
    """The ``datasets/`` folder: ``$CS231N_DATASETS_DIR`` if set, else the one beside ``cs231n_lib/``."""
    override = os.environ.get("CS231N_DATASETS_DIR")
    if override:
        return pathlib.Path(override)
    return pathlib.Path(__file__).resolve().parent.parent / "datasets"


def load_dataset(name="auto", num_training=None, num_validation=None, num_test=None,
                 subtract_mean=True, seed=0, verbose=True):
    """Load a data set split into training, validation and test images.

    Inputs:
    - name: "auto" (full CIFAR-10 in datasets/cifar-10-batches-py/ when present and verified,
      else a CIFAR-format folder named by $CS231N_CIFAR10_DIR, else the embedded Fashion-MNIST),
      "cifar10" (the first two only) or "fashion_mnist" (the embedded subset).
    - num_training, num_validation, num_test: How many images of each split; None takes the
      default (Fashion-MNIST: 10,000 / 1,000 / 1,000; CIFAR-10: the training batches minus a
      validation split of min(1,000, a tenth), and the whole test batch).
    - subtract_mean: If True, subtract the mean training image from every split.
    - seed: Seed of the random choice of images when fewer than all are requested.
    - verbose: If True, print which data set was used.

    Returns a dict with:
    - X_train, X_val, X_test: float64 arrays of shape (N, H, W, C), pixel values 0..255
      (minus the training mean if subtract_mean).
    - y_train, y_val, y_test: int64 arrays of shape (N,), labels in 0..C-1.
    - class_names: list of the C class names.
    - image_shape: (H, W, C), e.g. (28, 28, 1) or (32, 32, 3).
    - mean_image: float64 array of shape (H, W, C) (zeros if not subtract_mean).
    - source: a sentence saying which data set and which files were used.
    """
    if name not in ("auto", "cifar10", "fashion_mnist"):
        raise ValueError(f"unknown data set {name!r}: use 'auto', 'cifar10' or 'fashion_mnist'")
    if name == "fashion_mnist":
        splits = _fashion_mnist_splits()
    else:
        splits = _find_cifar10(required=(name == "cifar10"))
        if splits is None:
            splits = _fashion_mnist_splits()
    data = _subsample(splits, num_training, num_validation, num_test, seed)
    images = {key: value.astype(np.float64) for key, value in data.items() if key.startswith("X_")}
    mean_image = images["X_train"].mean(axis=0) if subtract_mean else np.zeros(splits["image_shape"])
    result = {key: value - mean_image for key, value in images.items()}
    for split in ("train", "val", "test"):
        result[f"y_{split}"] = data[f"y_{split}"].astype(np.int64)
    result.update(class_names=list(splits["class_names"]), image_shape=tuple(splits["image_shape"]),
                  mean_image=mean_image, source=splits["source"])
    if verbose:
        h, w, c = result["image_shape"]
        print(f"Data: {result['source']}: {len(result['y_train'])} train, {len(result['y_val'])} validation, "
              f"{len(result['y_test'])} test images of {h}x{w}x{c}, {len(result['class_names'])} classes.")
    return result


def make_spirals(n_per_class=100, n_classes=3, noise=0.2, seed=0):
    """CS231n's toy data set: ``n_classes`` interleaved spiral arms in 2-D.

    Inputs:
    - n_per_class: Number of points per arm.
    - n_classes: Number of arms (classes).
    - noise: Standard deviation of the noise added to each point's angle (radians);
      larger values make the arms overlap, so that a flexible model can overfit.
    - seed: Seed of the noise (an int or a np.random.Generator).

    Returns a tuple of:
    - X: float64 array of shape (n_per_class * n_classes, 2), points within the unit disc
    - y: int64 array of shape (n_per_class * n_classes,), labels in 0..n_classes-1
    """
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    X = np.zeros((n_per_class * n_classes, 2))
    y = np.zeros(n_per_class * n_classes, dtype=np.int64)
    for k in range(n_classes):
        rows = slice(n_per_class * k, n_per_class * (k + 1))
        radius = np.linspace(0.0, 1, n_per_class)
        angle = np.linspace(k * 4, (k + 1) * 4, n_per_class) + rng.standard_normal(n_per_class) * noise
        X[rows] = np.c_[radius * np.sin(angle), radius * np.cos(angle)]
        y[rows] = k
    return X, y


def _fashion_mnist_splits():
    folder = datasets_dir()
    path = folder / FASHION_FILE
    if not path.exists():
        raise DatasetError(f"{path}: not found. The kit's embedded data set is missing: {REBUILD_FASHION}.")
    sum_file = folder / FASHION_SHA256_FILE
    if not sum_file.exists():
        raise DatasetError(f"{sum_file}: not found, so {path.name} cannot be verified: {REBUILD_FASHION}.")
    expected = sum_file.read_text().split()[0]
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    if actual != expected:
        raise DatasetError(f"{path}: sha256 mismatch (file truncated or modified?): got {actual}, "
                           f"expected {expected}; {REBUILD_FASHION}.")
    with np.load(path, allow_pickle=False) as archive:
        arrays = {key: archive[key] for key in archive.files}
    splits = {f"{kind}_{split}": arrays[f"{kind}_{split}"] for kind in "Xy" for split in ("train", "val", "test")}
    for split in ("train", "val", "test"):
        splits[f"X_{split}"] = splits[f"X_{split}"][..., np.newaxis]  # (N, 28, 28) -> (N, 28, 28, 1)
    splits.update(class_names=[str(n) for n in arrays["class_names"]], image_shape=(28, 28, 1),
                  source=f"embedded Fashion-MNIST subset ({path.name})", validation_given=True)
    _check_labels(splits, len(splits["class_names"]), path)
    return splits


def _find_cifar10(required):
    """Full CIFAR-10 if present and verified, else $CS231N_CIFAR10_DIR, else None (or an error)."""
    full = datasets_dir() / "cifar-10-batches-py"
    if full.is_dir():
        for file, md5 in CIFAR10_OFFICIAL_MD5.items():
            path = full / file
            if not path.exists() or _md5(path) != md5:
                raise DatasetError(f"{path}: missing or md5 mismatch (download truncated?). "
                                   f"Delete {full} and run {GET_CIFAR} again.")
        return load_cifar10_folder(full, source=f"CIFAR-10 ({full})")
    env_dir = os.environ.get("CS231N_CIFAR10_DIR")
    if env_dir:
        path = pathlib.Path(env_dir)
        if not path.is_dir():
            raise DatasetError(f"CS231N_CIFAR10_DIR={env_dir}: no such folder. Point it at a folder "
                               "holding data_batch_1..5, test_batch and batches.meta, or unset it.")
        return load_cifar10_folder(path, source=f"CIFAR-10 in CIFAR format from CS231N_CIFAR10_DIR ({path})")
    if required:
        raise DatasetError(f"{full}: not found. Run {GET_CIFAR} to download CIFAR-10 (163 MB), "
                           "or set CS231N_CIFAR10_DIR to a folder in the same format.")
    return None


def load_cifar10_folder(folder, source=None):
    """Read a folder in the official CIFAR-10 python format (any number of rows per batch).

    Verifies each file against an ``MD5SUMS`` file in the folder when there is one.
    Returns the raw uint8 splits: X_train (N, 32, 32, 3), y_train, X_test, y_test, ...
    """
    folder = pathlib.Path(folder)
    md5sums = _read_md5sums(folder / "MD5SUMS")
    xs, ys = [], []
    for batch in CIFAR10_BATCHES:
        x, y = _load_cifar_batch(folder / batch, md5sums.get(batch))
        xs.append(x)
        ys.append(y)
    x_test, y_test = _load_cifar_batch(folder / "test_batch", md5sums.get("test_batch"))
    class_names = CIFAR10_CLASSES
    meta = folder / "batches.meta"
    if meta.exists():
        with open(meta, "rb") as f:
            class_names = [str(n) for n in pickle.load(f, encoding="latin1")["label_names"]]
    splits = {"X_train": np.concatenate(xs), "y_train": np.concatenate(ys),
              "X_test": x_test, "y_test": y_test, "class_names": class_names,
              "image_shape": (32, 32, 3), "source": source or f"CIFAR-10 ({folder})",
              "validation_given": False}
    _check_labels(splits, len(class_names), folder)
    return splits


def _load_cifar_batch(path, expected_md5=None):
    if not path.exists():
        raise DatasetError(f"{path}: not found (incomplete download?). Run {GET_CIFAR} again.")
    if expected_md5 and _md5(path) != expected_md5:
        raise DatasetError(f"{path}: md5 mismatch with {path.parent / 'MD5SUMS'} (file truncated?). "
                           f"Run {GET_CIFAR} again.")
    try:
        with open(path, "rb") as f:
            batch = pickle.load(f, encoding="latin1")
        data, labels = batch["data"], batch["labels"]
    except Exception as error:  # a truncated pickle raises many kinds of error
        raise DatasetError(f"{path}: cannot be read as a CIFAR-10 batch ({type(error).__name__}: {error}); "
                           f"file truncated or corrupt? Run {GET_CIFAR} again.") from error
    data = np.asarray(data)
    if data.dtype != np.uint8 or data.ndim != 2 or data.shape[1] != 3 * 32 * 32:
        raise DatasetError(f"{path}: 'data' is {data.dtype} {data.shape}, expected uint8 (N, 3072). "
                           f"Run {GET_CIFAR} again.")
    labels = np.asarray(labels, dtype=np.int64)
    if labels.shape != (data.shape[0],):
        raise DatasetError(f"{path}: {len(labels)} labels for {data.shape[0]} images. Run {GET_CIFAR} again.")
    return data.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1), labels


def _check_labels(splits, num_classes, where):
    for split in ("train", "val", "test"):
        y = splits.get(f"y_{split}")
        if y is None:
            continue
        if len(y) != len(splits[f"X_{split}"]):
            raise DatasetError(f"{where}: {split} split has {len(y)} labels for {len(splits[f'X_{split}'])} images.")
        bad = (y < 0) | (y >= num_classes)
        if np.any(bad):
            raise DatasetError(f"{where}: {int(bad.sum())} {split} labels outside 0..{num_classes - 1} "
                               f"(first: {int(y[bad][0])}): mislabelled data.")


def _subsample(splits, num_training, num_validation, num_test, seed):
    rng = np.random.default_rng(seed)
    X_pool, y_pool = splits["X_train"], splits["y_train"]
    if splits["validation_given"]:
        X_val_pool, y_val_pool = splits["X_val"], splits["y_val"]
    else:  # carve the validation split out of the training batches
        if num_validation is None:
            num_validation = min(1000, len(y_pool) // 10)
        _check_count("num_validation", num_validation, len(y_pool))
        order = rng.permutation(len(y_pool))
        val_idx, order = order[:num_validation], order[num_validation:]
        X_val_pool, y_val_pool = X_pool[val_idx], y_pool[val_idx]
        X_pool, y_pool = X_pool[order], y_pool[order]
    out = {}
    for split, X, y, n in (("train", X_pool, y_pool, num_training), ("val", X_val_pool, y_val_pool, num_validation),
                           ("test", splits["X_test"], splits["y_test"], num_test)):
        if n is None or n == len(y):
            out[f"X_{split}"], out[f"y_{split}"] = X, y
        else:
            _check_count(f"num_{'training' if split == 'train' else 'validation' if split == 'val' else 'test'}", n, len(y))
            idx = np.sort(rng.choice(len(y), size=n, replace=False))
            out[f"X_{split}"], out[f"y_{split}"] = X[idx], y[idx]
    return out


def _check_count(name, n, available):
    if not isinstance(n, (int, np.integer)) or n < 1 or n > available:
        raise ValueError(f"{name}={n!r}: must be an integer between 1 and {available} (the images available).")


def _md5(path):
    return hashlib.md5(pathlib.Path(path).read_bytes()).hexdigest()


def _read_md5sums(path):
    if not path.exists():
        return {}
    sums = {}
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) == 2:
            sums[parts[1].lstrip("*")] = parts[0]
    return sums
