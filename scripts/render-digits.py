#!/usr/bin/env python3
"""Renders the UCI handwritten digits that Debian's python3-sklearn ships (1797 images, 8x8, 16 grey levels,
10 classes) to class folders of PNGs, for measuring accuracy on real data. Standard library only.

Usage: scripts/render-digits.py OUT [--size 32] [--test-every 5] [--per-class N]
Writes OUT/train/<digit>/*.png and OUT/test/<digit>/*.png: every --test-every-th image of each class (in file
order) goes to test, so the split is fixed and independent of the tool's own validation split. --per-class
caps the training images per class (the first N), for quicker benchmarks.
"""
import argparse
import csv
import gzip
import os
import struct
import zlib

SOURCE = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz"


def png(path, pixels, side):
    """Writes an 8-bit greyscale PNG; pixels is a list of rows of 0-255 ints."""
    raw = b"".join(b"\x00" + bytes(row) for row in pixels)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--size", type=int, default=32, help="output side in pixels (nearest-neighbour upscaling)")
    parser.add_argument("--test-every", type=int, default=5)
    parser.add_argument("--per-class", type=int, default=0, help="cap on training images per class (0: all)")
    args = parser.parse_args()

    seen = {}
    written = {"train": 0, "test": 0}
    with gzip.open(SOURCE, "rt") as f:
        for row in csv.reader(f):
            values, label = [int(float(v)) for v in row[:64]], str(int(float(row[64])))
            index = seen.get(label, 0)
            seen[label] = index + 1
            part = "test" if index % args.test_every == args.test_every - 1 else "train"
            if part == "train" and args.per_class and index - index // args.test_every >= args.per_class:
                continue
            scale = args.size // 8
            # Ink is dark on white, as a scanned digit is.
            pixels = [[255 - values[(y // scale) * 8 + x // scale] * 255 // 16 for x in range(8 * scale)] for y in range(8 * scale)]
            folder = os.path.join(args.out, part, label)
            os.makedirs(folder, exist_ok=True)
            png(os.path.join(folder, f"{index:04d}.png"), pixels, 8 * scale)
            written[part] += 1
    print(f"{written['train']} training and {written['test']} test images in {args.out}")


if __name__ == "__main__":
    main()
