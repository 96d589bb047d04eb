"""Reference values for src/Lumos/Imaging/MatlabResize.cs on integer images and arbitrary output sizes.

Run with /usr/bin/python3. Reuses the contributions (weights and symmetric-border indices) of the independent
imresize.m port in make_niqe.py and adds what MATLAB does beyond double input with one scale:
  output size   = ceil(scale * size), or the size given, with per-dimension scale = out / in
  order         = dimensions sorted by scale, smallest first (stable: rows on a tie)
  uint8/uint16  = each pass (imresizemex) returns the input's class: round half away from zero, saturate
Writes matlab_resize.json with the inputs (generated from a seeded RNG) and the results.
"""
import json
import math
import os

import numpy as np

from make_niqe import contributions

here = os.path.dirname(os.path.abspath(__file__))


def imresize(img, scale=None, size=None):
    """MATLAB imresize(img, scale) or imresize(img, [rows cols]), bicubic with antialiasing."""
    if size is None:
        size = [int(math.ceil(scale * s)) for s in img.shape[:2]]
    scales = [size[d] / img.shape[d] for d in (0, 1)]
    integer = img.dtype in (np.uint8, np.uint16)
    top = np.iinfo(img.dtype).max if integer else None
    out = img.astype(np.float64)
    for dim in sorted((0, 1), key=lambda d: scales[d]):
        w, ind = contributions(out.shape[dim], size[dim], scales[dim])
        moved = np.moveaxis(out, dim, 0)
        res = np.zeros((size[dim],) + moved.shape[1:])
        for i in range(size[dim]):
            for k in range(w.shape[1]):
                res[i] += w[i, k] * moved[ind[i, k]]
        if integer:
            res = np.floor(np.clip(res, 0, top) + 0.5)
        out = np.moveaxis(res, 0, dim)
    return out.astype(img.dtype) if integer else out


def main():
    rng = np.random.default_rng(5)
    grey8 = rng.integers(0, 256, (12, 15), dtype=np.uint8)
    colour8 = rng.integers(0, 256, (9, 7, 3), dtype=np.uint8)
    grey16 = rng.integers(0, 65536, (12, 15), dtype=np.uint16)
    cases = []

    def add(name, img, scale=None, size=None):
        out = imresize(img, scale=scale, size=size)
        cases.append({"input": name, "scale": scale, "size": size, "output": out.tolist()})

    for s in (2, 3, 4):
        add("grey8", grey8, scale=float(s))
        add("grey8", grey8, size=[-(-12 // s), -(-15 // s)])  # downscale by s as imresize(x, 1/s) sizes it
        add("colour8", colour8, scale=float(s))
        add("grey16", grey16, scale=float(s))
    add("colour8", colour8, size=[5, 11])  # rows shrink, columns grow: columns go second
    add("grey8", grey8, size=[17, 6])  # rows grow, columns shrink: columns go first
    add("grey16", grey16, size=[4, 5])
    with open(os.path.join(here, "matlab_resize.json"), "w") as f:
        json.dump({"generator": "make_matlab_resize.py",
                   "inputs": {"grey8": grey8.tolist(), "colour8": colour8.tolist(), "grey16": grey16.tolist()},
                   "cases": cases}, f)


if __name__ == "__main__":
    main()
