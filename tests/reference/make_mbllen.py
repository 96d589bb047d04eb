#!/usr/bin/python3
"""Reference for MbllenWeightsTests: the official MBLLEN Keras graph (Lvfeifan/MBLLEN, main/Network.py)
re-implemented in numpy/float64 with Keras semantics (NHWC, Conv2D = cross-correlation with HWIO kernels,
'same' = zero padding of k//2, Conv2DTranspose = adjoint of a valid correlation with (kH, kW, out, in)
kernels, ReLU everywhere), reading the raw kernels from the official .h5 files by Keras layer name. It
shares nothing with Lumos' layout conversion, so it checks the whole import end to end.
Needs python3-h5py (Debian) and ../shared/data/weights/mbllen/; writes mbllen.json."""
import json
import os
import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
WEIGHTS = os.path.join(HERE, "..", "..", "..", "shared", "data", "weights", "mbllen")
FILES = {"mbllen": "Syn_img_lowlight_withnoise.h5", "mbllen-lol": "LOL_img_lowlight.h5"}


def conv(x, kernel, bias, same):
    """Keras Conv2D, stride 1: out[y, x, o] = sum_{i,j,c} in[y+i, x+j, c] K[i, j, c, o] + b[o]."""
    kh, kw = kernel.shape[:2]
    if same:
        x = np.pad(x, ((kh // 2, kh // 2), (kw // 2, kw // 2), (0, 0)))
    h, w = x.shape[0] - kh + 1, x.shape[1] - kw + 1
    out = np.zeros((h, w, kernel.shape[3])) + bias
    for i in range(kh):
        for j in range(kw):
            out += x[i:i + h, j:j + w, :] @ kernel[i, j]
    return np.maximum(out, 0)


def conv_transpose(x, kernel, bias):
    """Keras Conv2DTranspose, valid, stride 1: out[y+i, x+j, o] += in[y, x, c] K[i, j, o, c]."""
    kh, kw = kernel.shape[:2]
    h, w = x.shape[:2]
    out = np.zeros((h + kh - 1, w + kw - 1, kernel.shape[2])) + bias
    for i in range(kh):
        for j in range(kw):
            out[i:i + h, j:j + w, :] += x @ kernel[i, j].T
    return np.maximum(out, 0)


def mbllen(f, image):
    layer = lambda name: (f[name][name]["kernel:0"][()].astype(np.float64), f[name][name]["bias:0"][()].astype(np.float64))
    counter = {"conv2d": 0, "conv2d_transpose": 0}

    def next_layer(kind):  # Keras numbers layers of each kind in creation order, from 1
        counter[kind] += 1
        return layer(f"{kind}_{counter[kind]}")

    def em(x):
        x = conv(x, *next_layer("conv2d"), same=True)
        for _ in range(3):
            x = conv(x, *next_layer("conv2d"), same=False)
        for _ in range(3):
            x = conv_transpose(x, *next_layer("conv2d_transpose"))
        return x

    fem = conv(image, *next_layer("conv2d"), same=True)
    branches = [em(fem)]
    for _ in range(9):
        fem = conv(fem, *next_layer("conv2d"), same=True)
        branches.append(em(fem))
    return conv(np.concatenate(branches, axis=2), *next_layer("conv2d"), same=True)


# MbllenWeightsTests.FixedInput in float32: 0.02 + 0.28 (0.5 + 0.5 sin(0.3x + 0.2y + c)) (y + 1) / 24.
y, x, c = np.meshgrid(np.arange(24, dtype=np.float32), np.arange(32, dtype=np.float32), np.arange(3, dtype=np.float32), indexing="ij")
image = (np.float32(0.02) + np.float32(0.28) * (np.float32(0.5) + np.float32(0.5) * np.sin(np.float32(0.3) * x + np.float32(0.2) * y + c)) * (y + 1) / np.float32(24)).astype(np.float64)

result = {"_about": "MBLLEN output on MbllenWeightsTests.FixedInput (24x32): mean and the RGB pixel at row 12, column 16, "
                    "from make_mbllen.py (numpy re-implementation of the official Keras graph on the raw .h5 kernels)."}
for shipped, keras in FILES.items():
    with h5py.File(os.path.join(WEIGHTS, keras), "r") as f:
        out = mbllen(f, image)
    result[shipped] = {"mean": float(out.mean()), "pixel": [float(v) for v in out[12, 16]]}
with open(os.path.join(HERE, "mbllen.json"), "w") as f:
    json.dump(result, f, indent=1)
