"""Build the embedded Fashion-MNIST subset from the official IDX files.

The IDX files come from Debian's package ``dataset-fashion-mnist``
(``apt-get install dataset-fashion-mnist`` puts them in /usr/share/datasets/fashion-mnist/).
The subset is stratified with a fixed seed: 1,000 training and 100 validation images per
class drawn (disjointly) from the official training set, and 100 test images per class from
the official test set. It is written to ``fashion_mnist_subset.npz`` beside this script,
with its sha256 in ``fashion_mnist_subset.sha256``; ``cs231n_lib.data`` verifies that sum.

Run:  .venv/bin/python datasets/build_fashion_mnist_subset.py [--source DIR]
"""
import argparse
import gzip
import hashlib
import pathlib
import sys

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
DEFAULT_SOURCE = pathlib.Path("/usr/share/datasets/fashion-mnist")
OUTPUT = HERE / "fashion_mnist_subset.npz"
SHA256_FILE = HERE / "fashion_mnist_subset.sha256"
SEED = 0
PER_CLASS = {"train": 1000, "val": 100, "test": 100}
CLASS_NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

# md5 of the DECOMPRESSED official files (the .gz wrappers differ between mirrors).
EXPECTED_MD5 = {
    "train-images-idx3-ubyte": "f4a8712d7a061bf5bd6d2ca38dc4d50a",
    "train-labels-idx1-ubyte": "9018921c3c673c538a1fc5bad174d6f9",
    "t10k-images-idx3-ubyte": "8181f5470baa50b63fa0f6fddb340f0a",
    "t10k-labels-idx1-ubyte": "15d484375f8d13e6eb1aabb0c3f46965",
}


def read_idx(source, name):
    """Read one IDX file (``name`` or ``name.gz`` in ``source``), check its md5, return an array."""
    plain, packed = source / name, source / (name + ".gz")
    if plain.exists():
        raw = plain.read_bytes()
    elif packed.exists():
        try:
            raw = gzip.decompress(packed.read_bytes())
        except (OSError, EOFError) as error:
            sys.exit(f"{packed}: cannot decompress ({error}); reinstall with "
                     "`apt-get install --reinstall dataset-fashion-mnist`.")
    else:
        sys.exit(f"{packed}: not found. Install the official files with "
                 "`apt-get install dataset-fashion-mnist`, or pass --source DIR.")
    md5 = hashlib.md5(raw).hexdigest()
    if md5 != EXPECTED_MD5[name]:
        sys.exit(f"{packed}: md5 of the decompressed file is {md5}, expected {EXPECTED_MD5[name]} "
                 "(truncated or not the official Fashion-MNIST?). Reinstall the package.")
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def stratified_indices(labels, counts, rng):
    """For each split in ``counts`` (name -> per-class count), disjoint indices, stratified by class."""
    chosen = {name: [] for name in counts}
    for c in range(10):
        pool = rng.permutation(np.flatnonzero(labels == c))
        start = 0
        for name, n in counts.items():
            chosen[name].append(pool[start:start + n])
            start += n
    return {name: np.sort(np.concatenate(parts)) for name, parts in chosen.items()}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=pathlib.Path, default=DEFAULT_SOURCE,
                        help="folder with the official IDX files (.gz or decompressed)")
    args = parser.parse_args(argv)
    train_x = read_idx(args.source, "train-images-idx3-ubyte")
    train_y = read_idx(args.source, "train-labels-idx1-ubyte")
    test_x = read_idx(args.source, "t10k-images-idx3-ubyte")
    test_y = read_idx(args.source, "t10k-labels-idx1-ubyte")

    rng = np.random.default_rng(SEED)
    from_train = stratified_indices(train_y, {"train": PER_CLASS["train"], "val": PER_CLASS["val"]}, rng)
    from_test = stratified_indices(test_y, {"test": PER_CLASS["test"]}, rng)
    arrays = {
        "X_train": train_x[from_train["train"]], "y_train": train_y[from_train["train"]],
        "X_val": train_x[from_train["val"]], "y_val": train_y[from_train["val"]],
        "X_test": test_x[from_test["test"]], "y_test": test_y[from_test["test"]],
        "class_names": np.array(CLASS_NAMES),
    }
    # Shuffle each split once so that slicing the first n examples stays stratified-ish.
    for split in ("train", "val", "test"):
        order = rng.permutation(len(arrays[f"y_{split}"]))
        arrays[f"X_{split}"] = arrays[f"X_{split}"][order]
        arrays[f"y_{split}"] = arrays[f"y_{split}"][order]
    np.savez_compressed(OUTPUT, **arrays)
    digest = hashlib.sha256(OUTPUT.read_bytes()).hexdigest()
    SHA256_FILE.write_text(f"{digest}  {OUTPUT.name}\n")
    sizes = ", ".join(f"{s} {len(arrays['y_' + s])}" for s in ("train", "val", "test"))
    print(f"wrote {OUTPUT} ({OUTPUT.stat().st_size / 1e6:.1f} MB; {sizes}); sha256 {digest}")


if __name__ == "__main__":
    main()
