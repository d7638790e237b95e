#!/usr/bin/env bash
# Download full CIFAR-10 (python version) into datasets/cifar-10-batches-py/.
# The kit runs offline on its embedded Fashion-MNIST subset; this is for the course's usual data.
set -euo pipefail
cd "$(dirname "$0")"
URL="https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
TARBALL="cifar-10-python.tar.gz"
MD5="c58f30108f718f92721af3b95e74349a"

if [ -f cifar-10-batches-py/data_batch_1 ] && [ -f cifar-10-batches-py/test_batch ]; then
  echo "cifar-10-batches-py/ is already here; delete it to download again."
  exit 0
fi
if [ ! -f "$TARBALL" ]; then
  echo "downloading $URL (about 163 MB)"
  if command -v curl >/dev/null; then curl -fL -o "$TARBALL.part" "$URL"; else wget -O "$TARBALL.part" "$URL"; fi
  mv "$TARBALL.part" "$TARBALL"
fi
echo "verifying md5 of $TARBALL"
got=$(md5sum "$TARBALL" | cut -d' ' -f1)
if [ "$got" != "$MD5" ]; then
  echo "datasets/$TARBALL: md5 is $got, expected $MD5 (download truncated or corrupted)." >&2
  echo "Delete it and run datasets/get_datasets.sh again." >&2
  exit 1
fi
echo "unpacking to datasets/cifar-10-batches-py/"
tar -xzf "$TARBALL"
rm -f "$TARBALL"
echo "done: datasets/cifar-10-batches-py/ (load_dataset('cifar10') now uses it)"
