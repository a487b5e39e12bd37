#!/usr/bin/python3
"""Writes N distinct 800x600 JPEGs (quality 90) for the extraction benchmark: smooth colour fields, shapes and mild
noise, so their size and decoding cost resemble photos rather than white noise. Deterministic (seeded).

  make_test_jpegs.py OUT_DIR N
"""
import os
import sys

import numpy as np
from PIL import Image, ImageDraw


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(42)
    yy, xx = np.mgrid[0:600, 0:800].astype(np.float32)
    for i in range(n):
        path = os.path.join(out, f"gen_{i:05d}.jpg")
        if os.path.exists(path):
            continue
        a, b, c = rng.uniform(0, 255, 3), rng.uniform(-0.3, 0.3, 3), rng.uniform(-0.3, 0.3, 3)
        img = np.stack([a[k] + b[k] * xx + c[k] * yy for k in range(3)], axis=-1)
        img += rng.normal(0, 6, img.shape)
        im = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
        draw = ImageDraw.Draw(im)
        for _ in range(12):
            x0, y0 = rng.integers(0, 800), rng.integers(0, 600)
            draw.ellipse([x0, y0, x0 + rng.integers(20, 300), y0 + rng.integers(20, 300)], fill=tuple(int(v) for v in rng.integers(0, 255, 3)))
        im.save(path + ".tmp", "JPEG", quality=90)
        os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main()
