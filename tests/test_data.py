"""The data loaders: embedded Fashion-MNIST, CIFAR-format folders, and bad data."""
import hashlib
import pickle
import shutil

import numpy as np
import pytest

from cs231n_lib import data
from cs231n_lib.data import DatasetError, load_dataset

from .conftest import ROOT


@pytest.fixture(autouse=True)
def no_cifar_env(monkeypatch):
    monkeypatch.delenv("CS231N_CIFAR10_DIR", raising=False)
    monkeypatch.delenv("CS231N_DATASETS_DIR", raising=False)


def write_cifar_folder(folder, rows_per_batch=7, seed=0, label_high=10):
    """Synthetic CIFAR-format pickles with random pixels and labels in 0..label_high-1."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for name in (data.CIFAR10_BATCHES + ["test_batch"]):
        images = rng.integers(0, 256, size=(rows_per_batch, 3, 32, 32), dtype=np.uint8)
        labels = rng.integers(0, label_high, size=rows_per_batch).tolist()
        with open(folder / name, "wb") as f:
            pickle.dump({"batch_label": name, "labels": labels, "data": images.reshape(rows_per_batch, -1)}, f)
    with open(folder / "batches.meta", "wb") as f:
        pickle.dump({"label_names": data.CIFAR10_CLASSES, "num_cases_per_batch": rows_per_batch}, f)
    return folder


def test_embedded_fashion_mnist_sizes_types_and_balance():
    d = load_dataset("fashion_mnist", verbose=False)
    assert d["X_train"].shape == (10000, 28, 28, 1) and d["X_train"].dtype == np.float64
    assert d["X_val"].shape == (1000, 28, 28, 1) and d["X_test"].shape == (1000, 28, 28, 1)
    assert d["y_train"].dtype == np.int64 and d["image_shape"] == (28, 28, 1)
    assert len(d["class_names"]) == 10 and d["class_names"][0] == "T-shirt/top"
    for split, per_class in (("train", 1000), ("val", 100), ("test", 100)):
        assert np.bincount(d[f"y_{split}"], minlength=10).tolist() == [per_class] * 10
    # mean subtraction: the training mean is zero, and raw pixels come back by adding it
    assert np.abs(d["X_train"].mean(axis=0)).max() < 1e-9
    raw = d["X_test"] + d["mean_image"]
    assert raw.min() >= 0 and raw.max() <= 255 and np.allclose(raw, np.round(raw))


def test_embedded_checksum_file_matches_the_committed_archive():
    archive = ROOT / "datasets" / data.FASHION_FILE
    expected = (ROOT / "datasets" / data.FASHION_SHA256_FILE).read_text().split()[0]
    assert hashlib.sha256(archive.read_bytes()).hexdigest() == expected


def test_auto_without_cifar_uses_embedded_and_says_so(capsys):
    d = load_dataset()
    assert "Fashion-MNIST" in d["source"] and "Fashion-MNIST" in capsys.readouterr().out


def test_subsampling_is_seeded_and_validated():
    a = load_dataset("fashion_mnist", num_training=300, num_test=50, seed=1, verbose=False)
    b = load_dataset("fashion_mnist", num_training=300, num_test=50, seed=1, verbose=False)
    assert a["X_train"].shape[0] == 300 and a["X_test"].shape[0] == 50
    assert np.array_equal(a["y_train"], b["y_train"])
    with pytest.raises(ValueError, match="num_training=20000"):
        load_dataset("fashion_mnist", num_training=20000, verbose=False)
    with pytest.raises(ValueError, match="unknown data set"):
        load_dataset("mnist")


def test_corrupt_embedded_archive_is_refused(tmp_path, monkeypatch):
    shutil.copy(ROOT / "datasets" / data.FASHION_SHA256_FILE, tmp_path)
    blob = (ROOT / "datasets" / data.FASHION_FILE).read_bytes()
    (tmp_path / data.FASHION_FILE).write_bytes(blob[: len(blob) // 2])  # truncated
    monkeypatch.setenv("CS231N_DATASETS_DIR", str(tmp_path))
    with pytest.raises(DatasetError, match="sha256 mismatch.*build_fashion_mnist_subset"):
        load_dataset("fashion_mnist")
    (tmp_path / data.FASHION_FILE).unlink()
    with pytest.raises(DatasetError, match="not found"):
        load_dataset("fashion_mnist")


def test_cifar_format_folder_any_row_count(tmp_path, monkeypatch):
    folder = write_cifar_folder(tmp_path / "cifar", rows_per_batch=7)
    monkeypatch.setenv("CS231N_CIFAR10_DIR", str(folder))
    d = load_dataset(num_validation=5, subtract_mean=False, verbose=False)
    assert d["image_shape"] == (32, 32, 3) and "CS231N_CIFAR10_DIR" in d["source"]
    assert d["X_train"].shape == (30, 32, 32, 3) and d["X_val"].shape == (5, 32, 32, 3)
    assert d["X_test"].shape == (7, 32, 32, 3) and d["class_names"] == data.CIFAR10_CLASSES
    # channel-last layout: the raw first row (R plane first) must land in [..., 0]
    with open(folder / "test_batch", "rb") as f:
        raw = pickle.load(f, encoding="latin1")["data"]
    assert np.array_equal(d["X_test"][0, 0, :, 0], raw[0, :32])
    assert np.array_equal(d["X_test"][0, 0, :, 1], raw[0, 1024:1056])


def test_cifar_truncated_and_mislabelled_files_name_the_file(tmp_path, monkeypatch):
    folder = write_cifar_folder(tmp_path / "cifar")
    monkeypatch.setenv("CS231N_CIFAR10_DIR", str(folder))
    blob = (folder / "data_batch_3").read_bytes()
    (folder / "data_batch_3").write_bytes(blob[:100])
    with pytest.raises(DatasetError, match="data_batch_3.*truncated or corrupt.*get_datasets.sh"):
        load_dataset()
    write_cifar_folder(folder, label_high=12, seed=3)
    with pytest.raises(DatasetError, match="labels outside 0..9"):
        load_dataset()
    monkeypatch.setenv("CS231N_CIFAR10_DIR", str(tmp_path / "nowhere"))
    with pytest.raises(DatasetError, match="no such folder"):
        load_dataset()


def test_cifar_md5sums_file_is_checked(tmp_path, monkeypatch):
    folder = write_cifar_folder(tmp_path / "cifar")
    (folder / "MD5SUMS").write_text("0" * 32 + "  data_batch_2\n")
    monkeypatch.setenv("CS231N_CIFAR10_DIR", str(folder))
    with pytest.raises(DatasetError, match="data_batch_2: md5 mismatch"):
        load_dataset()


def test_full_cifar_folder_with_wrong_md5_is_refused(tmp_path, monkeypatch):
    write_cifar_folder(tmp_path / "cifar-10-batches-py")
    shutil.copy(ROOT / "datasets" / data.FASHION_FILE, tmp_path)
    monkeypatch.setenv("CS231N_DATASETS_DIR", str(tmp_path))
    with pytest.raises(DatasetError, match="md5 mismatch.*get_datasets.sh"):
        load_dataset("auto")


def test_cifar_required_but_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("CS231N_DATASETS_DIR", str(tmp_path))
    with pytest.raises(DatasetError, match="get_datasets.sh"):
        load_dataset("cifar10")


def test_shared_cifar_subset(shared_cifar_dir, monkeypatch):
    monkeypatch.setenv("CS231N_CIFAR10_DIR", str(shared_cifar_dir))
    d = load_dataset(verbose=False)
    assert d["X_train"].shape[0] + d["X_val"].shape[0] == 5 * 932
    assert d["X_test"].shape == (932, 32, 32, 3)
    assert set(np.unique(d["y_test"])) == set(range(10))
    assert d["class_names"][0] == "airplane"


def test_make_spirals_shapes_labels_and_geometry():
    X, y = data.make_spirals(n_per_class=50, n_classes=3, noise=0.0, seed=0)
    assert X.shape == (150, 2) and X.dtype == np.float64 and y.dtype == np.int64
    assert np.bincount(y).tolist() == [50, 50, 50]
    radius = np.hypot(X[:, 0], X[:, 1])
    assert np.allclose(radius[:50], np.linspace(0, 1, 50))  # arms grow from the centre to the unit circle
    X2, _ = data.make_spirals(n_per_class=50, noise=0.3, seed=0)
    X3, _ = data.make_spirals(n_per_class=50, noise=0.3, seed=0)
    assert np.array_equal(X2, X3) and not np.allclose(X2, X)  # seeded noise moves the points
