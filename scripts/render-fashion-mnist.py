#!/usr/bin/env python3
"""Renders a seeded, stratified subset of Fashion-MNIST (Debian's dataset-fashion-mnist: real product photos,
10 classes, 28x28 grey) to class folders of PNGs, for choosing defaults on real data. Standard library only.

Usage: scripts/render-fashion-mnist.py OUT [--per-class 100] [--test-per-class 50] [--seed 1] [--size 28]
       [--imbalanced N]
Writes OUT/train/<class>/*.png from the package's training images and OUT/test/<class>/*.png from its separate
test images, so test images are never near-copies of training ones. --imbalanced N keeps only N training images
in the second half of the classes (for class-weight benchmarks; the test set stays balanced).
"""
import argparse
import gzip
import os
import random
import struct
import zlib

SOURCE = "/usr/share/datasets/fashion-mnist"
CLASSES = ["tshirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankleboot"]


def find(stem):
    for name in (stem + ".gz", stem):
        path = os.path.join(SOURCE, name)
        if os.path.exists(path):
            return path
    raise SystemExit(f"{stem} not found under {SOURCE}: apt-get install dataset-fashion-mnist")


def read_idx(stem):
    path = find(stem)
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4 : 4 + 4 * dims])
    return shape, data[4 + 4 * dims :]


def png(path, pixels, side):
    raw = b"".join(b"\x00" + bytes(row) for row in pixels)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def render(out, part, images_stem, labels_stem, per_class, seed, size, caps):
    (count, rows, cols), pixels = read_idx(images_stem)
    _, labels = read_idx(labels_stem)
    by_class = {}
    for i in range(count):
        by_class.setdefault(labels[i], []).append(i)
    rng = random.Random(f"{seed}-{part}")
    written = 0
    for label, indices in sorted(by_class.items()):
        take = min(caps.get(label, per_class), len(indices))
        folder = os.path.join(out, part, CLASSES[label])
        os.makedirs(folder, exist_ok=True)
        for i in rng.sample(indices, take):
            image = pixels[i * rows * cols : (i + 1) * rows * cols]
            scale = size / rows
            grid = [[image[int(y / scale) * cols + int(x / scale)] for x in range(size)] for y in range(size)]
            png(os.path.join(folder, f"{i:05d}.png"), grid, size)
            written += 1
    return written


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--per-class", type=int, default=100)
    parser.add_argument("--test-per-class", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--size", type=int, default=28, help="output side in pixels (nearest-neighbour scaling)")
    parser.add_argument("--imbalanced", type=int, default=0, help="training images in classes 5-9 (0: as the rest)")
    args = parser.parse_args()
    caps = {label: args.imbalanced for label in range(5, 10)} if args.imbalanced else {}
    train = render(args.out, "train", "train-images-idx3-ubyte", "train-labels-idx1-ubyte", args.per_class, args.seed, args.size, caps)
    test = render(args.out, "test", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", args.test_per_class, args.seed, args.size, {})
    print(f"{train} training and {test} test images in {args.out}")


if __name__ == "__main__":
    main()
